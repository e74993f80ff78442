"""Quoted speech and who said it.

`find_quotes(text, sentences, people, language)` returns one `Quote` per outer quoted span,
in text order, with its speaker when the article says who spoke.

The work runs as a short pipeline:

1. `_scan_spans` pairs quote marks with a stack: "…", “…”, «…», « … », „…“, ‚…‘, ‘…’, '…',
   »…«, ‹…›, 「…」. Straight and single marks must flank their content (space or
   punctuation outside, a non-space inside), so "don't", "the outlets' reports" and
   "'90s" are no quotes. Only outermost spans are kept (“He said ‘no’,” she said → one).
   Unbalanced marks are bounded: a mark never nests in itself (a second opening mark
   orphans the first), a quote still open at a paragraph break must close within
   `_PARAGRAPH_GRACE` chars, and none is longer than `_MAX_QUOTE_CHARS`. In the English
   multi-paragraph convention (a paragraph ends open and the next reopens with the same
   mark) each paragraph becomes its own quote.
2. `_Attributor` reads the cue: first right after the quote ("…,” Ortega said",
   "«…», dijo el mandatario ruso", "„…“, so Weber", "« … », a-t-il dit"), then before it in
   its sentence ("X said: “…”", "X, in a statement: “…”", "according to X, “…”",
   "X said the plan was “…”"), then in the neighbours: a previous sentence ending in ":",
   a next sentence that is only a tag ("“…” Ortega said."), and finally the speaker of
   the sentence before (a quote that opens its sentence continues the last speaker).
   A cue whose subject the rules cannot read gives a cue and no speaker, never a guess.
3. Scare quotes and short titles are dropped: a span of at most `_SCARE_MAX_WORDS` words
   is kept only when a cue touches it ("she said “no”", "“Never,” he said") or it is a
   sentence of its own ending in . ! ? ("“Never.”"). So "the so-called “peace plan”" and
   "Ortega said the “road map” had failed" give nothing; longer spans are always kept.
4. `_Resolver` maps the words used to the canonical name: the longest name form the
   article uses for that person, titles stripped ("President Elena Ortega" → "Elena
   Ortega"; "Ortega" and "Ms. Ortega" join it). Names come from `people` and from the
   module's own scan of capitalised runs (titles, honorifics and role words around them).
   - pronoun ("he", "sie", "il") or a dropped subject ("dijo", "ha detto"): among the
     last `_RECENT_PERSONS` people named before it (outside quotes) or who spoke, prefer
     one whose known gender (Mr./Ms./Frau/Sra., "spokeswoman", "la ministra") matches a
     gendered pronoun, then one named as a subject (opening a clause, or a speaker),
     then the most recent. Plural and neuter pronouns stay unresolved.
   - role ("the Kremlin chief", "el mandatario ruso", "der Kanzler"): the person the
     article introduces with a compatible role ("Russian President Vladimir Petrov",
     "Vladimir Petrov, Russia's president,", "la ministra de Asuntos Exteriores, Ana
     Ruiz"); country (nationality, country, institution such as Kremlin → RU) and
     portfolio must not conflict; exact matches first, then the nearest before.
   - unresolved pronouns and roles keep `speaker_text` with `speaker=None`; a dropped
     subject has `speaker_text=None` but may have a speaker.

All linguistic knowledge (verbs, roles, nationalities, institutions, titles) lives in
the lexicon tables at the top as data; the code below them only combines it. Every
look-around is bounded (`_CONTEXT_CHARS`, `_PHRASE_CHARS`, `_LOOKBACK_MENTIONS`), so the
cost stays linear in the text length whatever the input.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass, field
from functools import lru_cache

from accord.analyze.quote_words import (
    DEFINITE,
    DET_GENDER,
    DETERMINERS,
    FR_INVERTED_RE,
    GROUP_NOUNS,
    HONORIFICS,
    INSTITUTIONS,
    OF_PREPOSITIONS,
    PARTICLES,
    PLACE,
    PLACE_ACRONYMS,
    PLACE_PHRASE_RE,
    PORTFOLIO,
    PORTFOLIO_RE,
    PREPOSITIONS,
    PRO_DROP_VERBS,
    PRONOUNS,
    ROLE_CLASS,
    ROLE_GENDER,
    ROLE_RE,
    SO_RE,
    SOURCE_RE,
    STOP,
    TIME_WORDS,
    VERB_RE,
    german_compound,
    honorific_gender,
    is_prefix_word,
    roles_compatible,
)
from accord.model import Entity, Quote, Sentence

__all__ = ["find_quotes"]

# Abbreviation dots are masked (same length, so offsets hold) so that "Dr. Lee" and
# "U.S." do not end a clause for the patterns below.
# the class comes first and the look-behind after it: most positions fail at once
_ABBREV_RE = re.compile(r"[A-Z](?<![\w\u2024].)[a-z]{0,3}\.")
_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr Prof Sr Sra Srta St Gen Sen Rep Gov Col Lt Sgt Capt Jr Sig Dott Mme Mlle Rev "
    "Msgr Fr Hon Atty Supt Det Cpl Pvt Adm Maj Sens Reps Pres Sec Ing Avv Brig Cmdr Mt Ft".split()
)


def mask_abbreviations(text: str) -> str:
    parts: list[str] = []
    last = 0
    for m in _ABBREV_RE.finditer(text):
        word = m.group(0)[:-1]
        if len(word) == 1 or word in _ABBREVIATIONS:  # initials: "John F. Kennedy", "U.S."
            parts.append(text[last : m.end() - 1])
            parts.append("\u2024")
            last = m.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def _upper_class() -> str:
    """A character class of the uppercase letters of Latin, Greek and Cyrillic."""
    chars = [chr(c) for c in range(0x530) if chr(c).isupper()]
    chars += [chr(c) for c in range(0x1E00, 0x1F00) if chr(c).isupper()]
    return "".join(re.escape(c) for c in chars)


_UP = _upper_class()
_WORD = r"[\w\-]*(?:['’\u2024][\w\-]+)*\u2024?"
TOKEN_RE = re.compile(rf"[^\W_]{_WORD}")
WORD_OR_COMMA_RE = re.compile(rf"[^\W_]{_WORD}|,")
CAPSEQ_RE = re.compile(
    rf"[{_UP}](?<![\w\u2024'’].){_WORD}"
    rf"(?:[ \t\xa0]+(?:(?:{'|'.join(sorted(PARTICLES))})[ \t\xa0]+)*[{_UP}]{_WORD})*"
)
_ADVERBS = (
    "also|later|then|again|further|previously|earlier|once|has|had|have|reportedly|"
    "repeatedly|subsequently|simply|flatly|firmly|bluntly|publicly|privately|recently|"
    "finally|too|already|would|did|often|frequently|always|long|ya|también|luego|además|después|anche|poi|inoltre|già|"
    "auch|dann|zudem|später|außerdem|aussi|ensuite|encore|déjà"
)
# what may stand between a subject and its verb: an apposition, adverbs
TRAIL_RE = re.compile(
    r"(?:\s*,\s*(?P<appos>[^,.;:!?\"“”„«»\n]{1,90}),)?"
    rf"(?:\s+(?:{_ADVERBS})(?!\w))*\s*$"
)
CLAUSE_TAIL_RE = re.compile(r"[^,;:.!?()\[\]\n\"“”«»„‹›—–]*$")
CLAUSE_HEAD_RE = re.compile(r"[^,;:.!?()\[\]\n\"“”«»„‹›—–]*")
CLAUSE_START_RE = re.compile(r"(?s:.*)[.!?;\n\"“”«»„]")
CLAUSE_OPENERS = frozenset('.!?:;\n"“”«»„(—–,')
LEAD_PUNCT_RE = re.compile(r"[\s,.!?…—–\-]*")
HARD_STOP_RE = re.compile(r"[.!?;:\"“”„«»‹›\n]")
COMPLEMENTIZER_RE = re.compile(r"(?<!\w)(?:that|que|che|dass|qu['’])$", re.I)
APPOSITION_RE = re.compile(r"\s*,\s*([^,.;:!?()\"“”«»„\n]{2,80}?)\s*(?=[,.;:!?)]|$)")


# ---------------------------------------------------------------------------- limits
_MAX_QUOTE_CHARS = 3000  # an opening mark farther back than this is an orphan
_PARAGRAPH_GRACE = 250  # after a paragraph break, an open quote must close within this
_SCARE_MAX_WORDS = 3  # "peace plan", "War and Peace": too short to be speech without a cue
_FALLBACK_REACH = 400  # chars searched for sentence bounds where `sentences` has a gap
_INTRO_TAIL_WORDS = 12  # "told reporters in Geneva on Monday:" still introduces the quote
_RECENT_PERSONS = 3  # a pronoun looks back over this many distinct people
_LOOKBACK_MENTIONS = 200  # names (and speakers) a pronoun or role looks back over
_LOOKAHEAD_MENTIONS = 20  # a role may be introduced a little after its first use
_SUBJECT_TOKENS = 8  # longest subject phrase considered before a verb
_CONTEXT_CHARS = 400  # cues are looked for this far around a quote, never farther
_PHRASE_CHARS = 200  # a subject phrase is never longer than this
_MAX_NAME_TOKENS = 4  # "Lindsay Lohan Checks Into Rehab" is a headline, not a name

# ---------------------------------------------------------------------- quote marks
# opening mark -> marks that may close it
_PAIRS = {
    '"': '"',
    "“": "”",
    "„": "“”",
    "«": "»",
    "»": "«",
    "‹": "›",
    "›": "‹",
    "‘": "’",
    "‚": "‘’",
    "'": "'",
    "「": "」",
    "『": "』",
}
_CLOSES = {c: frozenset(o for o, cs in _PAIRS.items() if c in cs) for c in "".join(_PAIRS.values())}
_ALL_MARKS = frozenset(_PAIRS) | frozenset(_CLOSES)
# Single marks double as apostrophes: they close only the innermost open quote.
_WEAK = frozenset("'‘’‚‹›")
# Marks whose role the glyph does not fix: they need a space or punctuation outside and a
# non-space inside ("flanking"), as in Markdown.
_FLANKED = _WEAK | {'"'}
_OPEN_PREV = frozenset("([{<—–-/:;¡¿") | _ALL_MARKS
_CLOSE_NEXT = frozenset(".,;:!?)]}>—–-/…") | _ALL_MARKS
_MARK_RE = re.compile("[\"'“”„«»‹›‘’‚「」『』\n]")
# An apostrophe that opens an elided word: '90s, 'em, 'til, rock 'n' roll.
_ELISION_RE = re.compile(r"(?:\d\d(?:s|er|ers)?\b|(?:em|tis|twas|til|cause|round|bout|n)\b)", re.I)


@dataclass(slots=True)
class _Frame:
    """An opening mark waiting for its closing mark."""

    mark: str
    pos: int
    deadline: int
    children: list[tuple[int, int, bool]] = field(default_factory=list)


def _drop(stack: list[_Frame], k: int, out: list[tuple[int, int, bool]]) -> None:
    """Forget an orphan opening mark; quotes closed inside it move one level out."""
    frame = stack.pop(k)
    (stack[k - 1].children if k > 0 else out).extend(frame.children)


def _possessive_inside(text: str, i: int, c: str) -> bool:
    """Is the single mark at `i` a plural possessive inside the quote ("the donors' terms")?

    It is followed by a lowercase word, and the same mark closes a sentence later in the
    paragraph ("… as they stand.'"): that later one is the real closing mark.
    """
    if not (text[i + 1 : i + 2] == " " and text[i + 2 : i + 3].islower()):
        return False
    stop = text.find("\n", i, i + _CONTEXT_CHARS)
    stop = stop if stop >= 0 else min(len(text), i + _CONTEXT_CHARS)
    j = text.find(c, i + 1, stop)
    while j >= 0:
        if text[j - 1] in ".,!?…":
            return True
        j = text.find(c, j + 1, stop)
    return False


def _closable(
    stack: list[_Frame], text: str, i: int, can_open: bool, can_close: bool
) -> int | None:
    """Index of the open frame that the mark at `i` closes, if any."""
    c = text[i]
    openers = _CLOSES.get(c)
    if not openers or not stack:
        return None
    if c in _WEAK:
        top = stack[-1]
        if top.mark not in openers or not can_close or _possessive_inside(text, i, c):
            return None
        return len(stack) - 1
    if c == '"' and can_open and not can_close:
        return None  # looks like an opening mark: the earlier one was an orphan
    for k in range(len(stack) - 1, -1, -1):
        if stack[k].mark in openers:
            return k
    return None


def _paragraph_break(text: str, i: int, stack: list[_Frame], out: list) -> None:
    """A newline with quotes still open: soft wrap, multi-paragraph quote, or orphan."""
    n = min(len(text), i + 64)  # how far to look for the next paragraph's first mark
    j = i + 1
    while j < n and text[j].isspace():
        j += 1
    k = i - 1
    while k >= 0 and text[k] in " \t\r":
        k -= 1
    before = text[k] if k >= 0 else ""
    after = text[j] if j < n else ""
    blank = "\n" in text[i + 1 : j]
    if not blank and (before.isalnum() or before in ",;-–") and after.islower():
        return  # a hard-wrapped line, not a paragraph break
    bottom = stack[0]
    same_style = after == bottom.mark or (bottom.mark in "“„" and after in "“„")
    if same_style and bottom.mark not in _WEAK:
        # English convention: a quote running over paragraphs reopens each paragraph
        # and closes only at its end. Each paragraph becomes one quote.
        stack.clear()
        out.append((bottom.pos, i, True))
        return
    for frame in stack:
        frame.deadline = min(frame.deadline, i + _PARAGRAPH_GRACE)


def _scan_spans(text: str) -> list[tuple[int, int, bool]]:
    """(opening mark index, closing mark index, multi-paragraph) of each outermost quote."""
    out: list[tuple[int, int, bool]] = []
    stack: list[_Frame] = []
    n = len(text)
    for mt in _MARK_RE.finditer(text):
        i = mt.start()
        c = text[i]
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if c in "'’" and prev.isalnum() and nxt.isalnum():
            continue  # don't, Ortega's: the commonest mark of all, never a quote
        if stack:
            k = 0
            while k < len(stack):
                f = stack[k]
                if f.deadline < i or i - f.pos > _MAX_QUOTE_CHARS:
                    _drop(stack, k, out)
                else:
                    k += 1
        if c == "\n":
            if stack:
                _paragraph_break(text, i, stack, out)
            continue
        can_open = not nxt.isspace() and (prev.isspace() or prev in _OPEN_PREV)
        can_close = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_NEXT)
        k = _closable(stack, text, i, can_open, can_close)
        if k is not None:
            del stack[k + 1 :]  # marks opened inside and never closed were apostrophes
            frame = stack.pop()
            (stack[-1].children if stack else out).append((frame.pos, i, False))
        elif c in _PAIRS and (
            c not in _FLANKED or (can_open and not (c in "'‘" and _ELISION_RE.match(text, i + 1)))
        ):
            for k2, f in enumerate(stack):
                if f.mark == c:  # a quote never nests in its own mark: that one is an orphan
                    _drop(stack, k2, out)
                    break
            stack.append(_Frame(c, i, n + _MAX_QUOTE_CHARS))
    while stack:
        _drop(stack, len(stack) - 1, out)
    out.sort()
    return out


# ------------------------------------------------------------------------ sentences
_SENT_END_RE = re.compile(r"[.!?…][\"'”’»)]*\s+|\n")


class _Sentences:
    """Sentence bounds by offset, with a crude fallback where `sentences` has gaps."""

    def __init__(self, text: str, sentences: list[Sentence]) -> None:
        n = len(text)
        spans = sorted(
            {(max(0, s.start), min(n, s.end)) for s in sentences if min(n, s.end) > max(0, s.start)}
        )
        self.text = text
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def index(self, pos: int) -> int:
        k = bisect_right(self.starts, pos) - 1
        if k >= 0 and pos < self.spans[k][1]:
            return k
        return -1

    def bounds(self, pos: int) -> tuple[int, int]:
        k = self.index(pos)
        if k >= 0:
            return self.spans[k]
        lo = max(0, pos - _FALLBACK_REACH)
        start = lo
        for m in _SENT_END_RE.finditer(self.text, lo, pos):
            start = m.end()
        m = _SENT_END_RE.search(self.text, pos, pos + _FALLBACK_REACH)
        end = m.end() if m else min(len(self.text), pos + _FALLBACK_REACH)
        return start, max(end, pos)

    def before(self, pos: int) -> tuple[int, int] | None:
        """The sentence ending at or before `pos` (pos being a sentence start)."""
        start, _ = self.bounds(pos)
        if start <= 0:
            return None
        return self.bounds(start - 1)

    def after(self, pos: int) -> tuple[int, int] | None:
        """The sentence starting at or after `pos` (pos being a sentence end)."""
        n = len(self.text)
        while pos < n and self.text[pos].isspace():
            pos += 1
        return self.bounds(pos) if pos < n else None


# -------------------------------------------------------------------------- phrases
@dataclass(slots=True, frozen=True)
class _Role:
    cls: str
    country: str | None
    portfolio: str | None
    gender: str | None


@dataclass(slots=True)
class _Phrase:
    """Who spoke, as the text puts it. kind: name | pronoun | role | group (no person)."""

    kind: str
    start: int
    end: int
    name: tuple[str, ...] = ()  # casefolded name tokens, titles stripped
    display: str = ""  # the name as written, titles stripped
    role: _Role | None = None
    gender: str | None = None  # "m" | "f" | "pl" | "n"


@lru_cache(maxsize=16384)
def _norm(tok: str) -> str:
    """Casefolded token without a possessive or a trailing dot (masked or not)."""
    t = tok.casefold().replace("\u2024", ".")
    if t.endswith(("'s", "’s")):
        t = t[:-2]
    return t.rstrip(".") if len(t) > 1 else t


def _possessive(tok: str) -> bool:
    return tok.endswith(("'s", "’s"))


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _name_word(tok: str, t: str) -> bool:
    """Capitalised and not a sentence-opening word; initials ("A.") always count."""
    return tok[:1].isupper() and (t not in STOP or tok.endswith("\u2024"))


@lru_cache(maxsize=4096)
def _role_of(phrase: str, det_gender: str | None = None) -> _Role | None:
    """Role class, country, portfolio and gender a phrase names, if it names a role."""
    cls = None
    gender = det_gender
    portfolio = None
    country = None
    for m in ROLE_RE.finditer(phrase):
        word = m.group(0).casefold()
        cls = ROLE_CLASS[re.sub(r"\s+", " ", word)]
        gender = ROLE_GENDER.get(word, gender)
    for tok in TOKEN_RE.findall(phrase):
        t = _norm(tok)
        compound = german_compound(t, tok)
        if compound:
            cls, prefix, gender = compound[0], compound[1], compound[2] or gender
            portfolio = PORTFOLIO.get(prefix, portfolio)
            country = PLACE.get(prefix, country)
        elif t in PLACE:
            country = PLACE[t]
        elif tok.rstrip(".") in PLACE_ACRONYMS:
            country = PLACE_ACRONYMS[tok.rstrip(".")]
    for m in PLACE_PHRASE_RE.finditer(phrase):
        country = PLACE[re.sub(r"\s+", " ", m.group(0).casefold())]
    for m in PORTFOLIO_RE.finditer(phrase):
        portfolio = PORTFOLIO[re.sub(r"\s+", " ", m.group(0).casefold())]
    if cls is None:
        return None
    return _Role(cls, country, portfolio, gender)


@lru_cache(maxsize=16384)
def _parse_name(
    toks: tuple[str, ...], trusted: bool
) -> tuple[str, tuple[str, ...], str, _Role | None, str | None] | None:
    """(kind, name, display, role, gender) of a name run, possibly led by titles, roles,
    nationality ("Russian President V. Petrov"); kind is "name" or "group" (a place or an
    institution written like a name). Pure and cached: names recur within and across
    articles. `trusted`: the tokens are a PERSON entity, so lowercase words count too.
    """
    prefix: list[str] = []
    name: list[str] = []
    display: list[str] = []
    for tok in toks:
        t = _norm(tok)
        if not name and is_prefix_word(t, tok):
            prefix.append(tok)
        elif _name_word(tok, t) or trusted:
            name.append(t)
            display.append(tok)
        elif name and (t in PARTICLES or is_prefix_word(t, tok)):
            name.append(t)  # a title inside is cut off below: "Chargers general manager"
            display.append(tok)
        else:
            return None
    if not name or not (trusted or _name_word(display[-1], name[-1])):
        return None
    # "Saints Head Coach Sean Payton", "SEACOM Suveer Ramdhani": what comes up to the
    # last title word, or an acronym opening a long name, describes the person
    cut = 0
    for k in range(len(name) - 1):
        if (
            is_prefix_word(name[k], display[k])
            or _possessive(display[k])  # "Creighton's Doug McDermott"
            or (k == 0 and len(name) >= 3 and len(display[0]) > 1 and display[0].isupper())
        ):
            cut = k + 1
    if cut:
        prefix += display[:cut]
        name, display = name[cut:], display[cut:]
    if _possessive(toks[-1]):
        return None  # "Ortega's plan": a possessive, not a subject
    if len(name) > _MAX_NAME_TOKENS and not trusted:
        return None
    if " ".join(name) in PLACE or all(
        t in PLACE or t in INSTITUTIONS or t in GROUP_NOUNS for t in name
    ):
        return ("group", (), "", None, None)  # "Downing Street", "Police": no person
    prefix_text = " ".join(prefix)
    gender = honorific_gender(prefix)
    role = _role_of(prefix_text) if prefix else None
    if role and role.gender:
        gender = gender or role.gender
    shown = " ".join(display).replace("\u2024", ".")
    return ("name", tuple(name), shown, role, gender)


# ------------------------------------------------------------------------ attribution
@dataclass(slots=True)
class _Attr:
    phrase: _Phrase | None  # None: a pro-drop verb ("dijo") with no subject
    cue: str
    adjacent: bool  # the cue touches the quote
    cue_pos: int
    inherited_from: int | None = None  # index of the quote whose speaker this one continues
    unknown: bool = False  # a cue whose subject the rules cannot read: no speaker, no guess


@dataclass(slots=True)
class _Cand:
    open: int
    close: int
    start: int
    end: int
    multi: bool
    attr: _Attr | None = None


class _Attributor:
    """Finds the words for the speaker of each quote, from the cues around it."""

    def __init__(self, text: str, sentences: _Sentences, people: list[Entity], lang: str | None):
        self.text = text
        self.masked = mask_abbreviations(text)
        self.sents = sentences
        self.lang = lang if lang in VERB_RE else None
        self.verb_re = VERB_RE[self.lang]
        self.source_re = SOURCE_RE[self.lang]
        # where entities overlap ("Tomas Berg" and "Berg"), the longest one speaks for both
        by_length = sorted(people, key=lambda e: e.end - e.start)
        self.ent_end = {e.end: e for e in by_length}
        self.ent_start = {e.start: e for e in by_length}

    # ---- subject phrases
    def _tokens(self, lo: int, hi: int) -> list[re.Match[str]]:
        # on the masked text, so that "Dr." is one token and "Ortega." is "Ortega"
        return list(TOKEN_RE.finditer(self.masked, lo, hi))

    def _name_phrase(
        self, toks: list[re.Match[str]], start: int, end: int, trusted: bool = False
    ) -> _Phrase | None:
        """A name phrase over these tokens (see `_parse_name`)."""
        parsed = _parse_name(tuple(m.group(0) for m in toks), trusted)
        if parsed is None:
            return None
        kind, name, display, role, gender = parsed
        return _Phrase(kind, start, end, name, display, role, gender)

    def _role_phrase(self, toks: list[re.Match[str]]) -> _Phrase | None:
        """ "the Kremlin chief", "el mandatario ruso", "Ortega's spokesman", "der Kanzler"."""
        start = toks[0].start()
        end = toks[-1].end()
        first = _norm(toks[0].group(0))
        det_gender = DET_GENDER.get(first) if self.lang != "en" else None
        role = _role_of(self.text[start:end], det_gender)
        if role is None:
            return None
        return _Phrase("role", start, end, role=role, gender=role.gender)

    def _classify(self, toks: list[re.Match[str]], leading: bool) -> _Phrase | None:
        """Decide what kind of speaker a short token run is; None if it is no subject."""
        if not toks:
            return None
        start, end = toks[0].start(), toks[-1].end()
        ent = self.ent_start.get(start) if leading else self.ent_end.get(end)
        if ent is not None:
            ent_toks = self._tokens(ent.start, ent.end)
            phrase = self._name_phrase(ent_toks, ent.start, ent.end, True) if ent_toks else None
            if phrase is not None:
                return phrase
        words = [_norm(m.group(0)) for m in toks]
        if len(words) == 1 and words[0] in PRONOUNS:
            return _Phrase("pronoun", start, end, gender=PRONOUNS[words[0]])
        phrase = self._name_phrase(toks, start, end)
        if phrase is not None:
            return phrase
        phrase = self._role_phrase(toks)
        if phrase is not None:
            return phrase
        if words[-1] in GROUP_NOUNS or (
            words[0] in DETERMINERS
            and len(words) <= 5
            and not any(w in TIME_WORDS or w in PREPOSITIONS for w in words[1:])
            and (not leading or words[0] in DEFINITE or self._indefinite_ok(words[0]))
        ):
            return _Phrase("group", start, end)
        return None

    def trailing_subject(self, lo: int, hi: int) -> _Phrase | None:
        """The subject ending just before a verb at `hi` ("…, the Russian leader said")."""
        lo = max(lo, hi - _PHRASE_CHARS)
        m = TRAIL_RE.search(self.masked, lo, hi)
        appos_at = m.start("appos") if m and m.group("appos") else -1
        appos_end = m.end("appos") if appos_at >= 0 else -1
        hi = m.start() if m else hi
        phrase = self._trailing_subject(lo, hi)
        if appos_at >= 0 and (phrase is None or phrase.kind != "name"):
            # "the deputy's mother, Rosa Ortiz, said": the apposition names her
            toks = self._tokens(appos_at, appos_end)
            named = self._name_phrase(toks, toks[0].start(), toks[-1].end()) if toks else None
            if named is not None and named.kind == "name":
                return named
        return phrase

    def _trailing_subject(self, lo: int, hi: int) -> _Phrase | None:
        m = CLAUSE_TAIL_RE.search(self.masked, lo, hi)
        seg = m.start() if m else lo
        toks = self._tokens(seg, hi)[-_SUBJECT_TOKENS:]
        if not toks:
            return None
        ent = self.ent_end.get(toks[-1].end())
        if ent is not None and ent.start >= seg:
            toks = [t for t in toks if t.start() >= ent.start] or toks
            return self._classify(toks, leading=False)
        # the shortest good phrase from the right wins for names/pronouns, the longest
        # for roles ("a spokesperson for the ministry")
        words = [_norm(t.group(0)) for t in toks]
        if words[-1] in PRONOUNS:
            return self._classify(toks[-1:], leading=False)
        k = len(toks) - 1
        while k > 0 and (
            _name_word(toks[k - 1].group(0), words[k - 1])
            or is_prefix_word(words[k - 1], toks[k - 1].group(0))
            or (words[k - 1] in PARTICLES and k >= 2 and _is_cap(toks[k - 2].group(0)))
        ):
            k -= 1
        named = None
        if k == 0 or words[k - 1] not in OF_PREPOSITIONS:  # "the head of Amnesty" is no name
            named = self._name_phrase(toks[k:], toks[k].start(), toks[-1].end())
            if named is not None and named.kind == "name":
                return named
        for d in range(len(toks)):
            raw = toks[d].group(0)
            if words[d] in DETERMINERS or d == len(toks) - 1 or _possessive(raw):
                phrase = self._classify(toks[d:], leading=False)
                if phrase is not None and phrase.kind in ("role", "group"):
                    return phrase
        return named

    def leading_subject(self, lo: int, hi: int) -> _Phrase | None:
        """The subject starting just after a verb at `lo` ("said the Kremlin chief")."""
        hi = min(hi, lo + _PHRASE_CHARS)
        m = CLAUSE_HEAD_RE.match(self.masked, lo, hi)
        hi = m.end() if m else hi
        toks = self._tokens(lo, hi)[:_SUBJECT_TOKENS]
        if not toks or self.text[lo : toks[0].start()].strip():
            return None
        words = [_norm(t.group(0)) for t in toks]
        if words[0] in PRONOUNS and not (words[0] in DETERMINERS and len(toks) > 1):
            return self._classify(toks[:1], leading=True)
        ent = self.ent_start.get(toks[0].start())
        if ent is not None:
            return self._classify([t for t in toks if t.end() <= ent.end], leading=True)
        phrase = self._leading_name(toks, words)
        if phrase is not None:
            return phrase
        # a role or a group: it ends before "on Monday", "in Geneva", "el martes"
        cut = 1
        while cut < min(len(toks), 6) and not (
            words[cut] in PREPOSITIONS or words[cut] in TIME_WORDS
        ):
            cut += 1
        for e in range(cut, 0, -1):
            if e > 1 and (words[e - 1] in DETERMINERS or words[e - 1] in OF_PREPOSITIONS):
                continue  # "a letter describing the": a phrase never ends on "the"
            phrase = self._classify(toks[:e], leading=True)
            if phrase is not None and phrase.kind in ("role", "group"):
                return phrase
        return None

    def _leading_name(self, toks: list[re.Match[str]], words: list[str]) -> _Phrase | None:
        """The name opening a subject after its verb, with the titles before it."""
        # a name: optional determiner and title words ("said attorney Kassie Siegel"),
        # then capitalised words
        k = 1 if words[0] in DETERMINERS else 0
        first = k
        while k < min(len(toks), first + 3) and not _is_cap(toks[k].group(0)):
            if words[k] in PREPOSITIONS or words[k] in TIME_WORDS or words[k] in DETERMINERS:
                break
            k += 1
        j = k
        while j < len(toks) and (
            _name_word(toks[j].group(0), words[j]) or (words[j] in PARTICLES and j > k)
        ):
            j += 1
        # "said Anchorage businessman and blogger Andrew Halcro": the last run is the name
        j2 = j
        while j2 < min(len(toks), j + 3) and not _name_word(toks[j2].group(0), words[j2]):
            if words[j2] in PREPOSITIONS or words[j2] in TIME_WORDS or words[j2] in OF_PREPOSITIONS:
                break
            j2 += 1
        if k < j < j2 < len(toks) and _name_word(toks[j2].group(0), words[j2]):
            k = j = j2
            while j < len(toks) and _name_word(toks[j].group(0), words[j]):
                j += 1
        if j > k and not self._role_follows(words, j):
            while k > first and is_prefix_word(words[k - 1], toks[k - 1].group(0)):
                k -= 1  # keep "Foreign Minister" with the name, drop "attorney"
            return self._name_phrase(toks[k:j], toks[k].start(), toks[j - 1].end())
        return None

    def _indefinite_ok(self, det: str) -> bool:
        """ "said a man": English only; "dijo a la prensa" is no subject."""
        return det in ("an", "one", "another") or (det == "a" and self.lang == "en")

    @staticmethod
    def _role_follows(words: list[str], j: int) -> bool:
        """ "a Sudanese government spokesman": a role noun right after capitalised words
        makes them adjectives of the role, not a name."""
        for w in words[j : j + 3]:
            if w in PREPOSITIONS or w in OF_PREPOSITIONS:
                return False
            if w in ROLE_CLASS or w in GROUP_NOUNS:
                return True
        return False

    # ---- cues
    def _cue(self, m: re.Match[str]) -> str:
        return re.sub(r"\s+", " ", self.text[m.start() : m.end()])

    def after(self, lo: int, hi: int, anchored_sentence: bool = False) -> _Attr | None:
        """A cue right after a quote: '…,” Ortega said', '«…», dijo', '„…“, so Weber'."""
        hi = min(hi, lo + _CONTEXT_CHARS)
        m = LEAD_PUNCT_RE.match(self.masked, lo, hi)
        p = m.end() if m else lo
        if p >= hi:
            return None
        mf = FR_INVERTED_RE.match(self.masked, p, hi)
        if mf and self.lang in (None, "fr"):
            g = "p1" if mf.group("p1") else "p2"
            phrase = _Phrase("pronoun", mf.start(g), mf.end(g), gender=PRONOUNS[mf.group(g)])
            return _Attr(phrase, self._cue(mf), True, mf.start())
        ms = self.source_re.match(self.masked, p, hi)
        if ms is None and self.lang == "de":
            ms = SO_RE.match(self.masked, p, hi)
        if ms:
            phrase = self.leading_subject(ms.end(), hi)
            if phrase is not None:
                return _Attr(phrase, self._cue(ms), True, ms.start())
        mv = self.verb_re.match(self.masked, p, hi)
        if mv:
            phrase = self.leading_subject(mv.end(), hi)
            if phrase is not None:
                return _Attr(phrase, self._cue(mv), True, mv.start())
            dropped = mv.group(0).casefold() in PRO_DROP_VERBS
            return _Attr(None, self._cue(mv), True, mv.start(), unknown=not dropped)
        mv = self.verb_re.search(self.masked, p, min(hi, p + 120))
        if mv is None or HARD_STOP_RE.search(self.masked, p, mv.start()):
            return None
        phrase = self.trailing_subject(p, mv.start())
        if phrase is None:
            return None
        between = self._tokens(p, phrase.start)
        # the subject must be all that stands between quote and verb, except a short
        # description before a name: "the actress's rep Jack Ketsoyan tells"
        if between and (phrase.kind != "name" or len(between) > 4):
            return None
        if anchored_sentence and len(self._tokens(mv.end(), hi)) > 4:
            return None  # "Ortega said the plan failed." is a new statement, not a tag
        return _Attr(phrase, self._cue(mv), True, mv.start())

    def _intro_tail(self, lo: int, hi: int) -> bool:
        """Does the text between a cue and the quote introduce it ("said:", "told X that")?"""
        tail = self.masked[lo:hi].strip()
        if not tail:
            return True
        if len(tail.split()) > _INTRO_TAIL_WORDS:
            return False
        return tail[-1] in ":,—–" or COMPLEMENTIZER_RE.search(tail) is not None

    def before(self, lo: int, hi: int) -> _Attr | None:
        """A cue before the quote in its sentence: 'X said: “…”', 'X said the plan was “…”'."""
        lo = max(lo, hi - _CONTEXT_CHARS)
        verbs = list(self.verb_re.finditer(self.masked, lo, hi))
        for mv in reversed(verbs[-3:]):
            phrase = None
            tail_from = mv.end()
            if self.lang == "de":
                phrase = self.leading_subject(mv.end(), hi)
            if phrase is None:
                phrase = self.trailing_subject(lo, mv.start())
            else:
                tail_from = phrase.end
            if phrase is None:
                phrase = self.leading_subject(mv.end(), hi)
                if phrase is not None:
                    tail_from = phrase.end
            if phrase is None and mv.group(0).casefold() not in PRO_DROP_VERBS:
                continue
            adjacent = self._intro_tail(tail_from, hi)
            return _Attr(phrase, self._cue(mv), adjacent, mv.start())
        for ms in reversed(list(self.source_re.finditer(self.masked, lo, hi))):
            phrase = self.leading_subject(ms.end(), hi)
            if phrase is not None:
                adjacent = self._intro_tail(phrase.end, hi)
                return _Attr(phrase, self._cue(ms), adjacent, ms.start())
        left = self.masked[lo:hi].rstrip()
        if left.endswith(":"):
            colon = lo + len(left) - 1
            m = CLAUSE_START_RE.search(self.masked, lo, colon)
            seg = m.end() if m else lo
            phrase = self.leading_subject(seg, colon)
            if phrase is not None and phrase.kind in ("name", "pronoun", "role"):
                return _Attr(phrase, ":", True, colon)
        return None

    def source_after(self, lo: int, hi: int) -> _Attr | None:
        """'…” was the verdict, according to Ortega.'"""
        hi = min(hi, lo + _CONTEXT_CHARS)
        for ms in self.source_re.finditer(self.masked, lo, hi):
            phrase = self.leading_subject(ms.end(), hi)
            if phrase is not None:
                return _Attr(phrase, self._cue(ms), False, ms.start())
        return None

    # ---- one quote
    def attribute(self, quotes: list[_Cand], i: int) -> _Attr | None:
        q = quotes[i]
        s_lo, _ = self.sents.bounds(q.open)
        _, s_hi = self.sents.bounds(max(q.open, q.close - 1) if q.multi else q.close)
        lo = max(s_lo, quotes[i - 1].close + 1) if i else s_lo
        hi = min(s_hi, quotes[i + 1].open) if i + 1 < len(quotes) else s_hi
        after_lo = q.close if q.multi else q.close + 1
        left_blank = not self.text[lo : q.open].strip(" \t\r\n-–—")
        right_blank = q.multi or not self.text[after_lo:hi].strip(" \t\r\n.,;!?-–—")

        attr = None if q.multi else self.after(after_lo, hi)
        if attr is None and not left_blank:
            attr = self.before(lo, q.open)
        if attr is None and left_blank:
            prev = self.sents.before(s_lo)
            if prev and self.text[prev[0] : prev[1]].rstrip().endswith(":"):
                attr = self.before(prev[0], q.open)
        if attr is None and right_blank and not q.multi:
            nxt = self.sents.after(hi)
            if nxt and (i + 1 >= len(quotes) or quotes[i + 1].open >= nxt[1]):
                attr = self.after(nxt[0], nxt[1], anchored_sentence=True)
        if attr is None:
            attr = self.source_after(after_lo, hi)
        if attr is None and left_blank:
            attr = self._continuation(quotes, i, s_lo)
        return attr

    def _continuation(self, quotes: list[_Cand], i: int, s_lo: int) -> _Attr | None:
        """A quote opening its sentence continues the speaker of the sentence before."""
        prev = self.sents.before(s_lo)
        if prev is None:
            return None
        lo = prev[0]
        if i and quotes[i - 1].close >= prev[0]:
            a = quotes[i - 1].attr
            if a is not None:
                return _Attr(a.phrase, a.cue, False, a.cue_pos, i - 1, a.unknown)
            lo = quotes[i - 1].close + 1  # never read a cue inside the previous quote
        return self.before(lo, min(prev[1], quotes[i].open))


# ------------------------------------------------------------------------- resolution
@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    name: tuple[str, ...]
    display: str
    role: _Role | None
    gender: str | None
    person: bool
    subject: bool
    cluster: int = -1


@dataclass(slots=True)
class _Cluster:
    name: tuple[str, ...]
    display: str
    person: bool
    gender: str | None
    positions: list[int] = field(default_factory=list)


class _Spans:
    """Spans (possibly nested or overlapping) with a fast overlap test."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        # running maximum of ends, so one bisect answers for nested or overlapping spans
        self.max_end: list[int] = []
        best = -1
        for _, e in self.spans:
            best = max(best, e)
            self.max_end.append(best)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_right(self.starts, end - 1) - 1
        return k >= 0 and self.max_end[k] > start


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    n = len(small)
    return any(big[i : i + n] == small for i in range(len(big) - n + 1))


_NEVER_A_NAME = STOP | GROUP_NOUNS | frozenset(PLACE) | INSTITUTIONS


class _Resolver:
    """The article's people: name clusters, the roles they are introduced with."""

    def __init__(self, att: _Attributor, people: list[Entity], inside: list[tuple[int, int]]):
        self.att = att
        self.text = att.text
        self.mentions: list[_Mention] = []
        taken = _Spans([(e.start, e.end) for e in people])
        for e in people:
            self._add(e.start, e.end, person=True)
        for m in CAPSEQ_RE.finditer(att.masked):
            word = m.group(0)
            if " " not in word and _norm(word) in _NEVER_A_NAME:
                continue  # "The", "Monday", "Kremlin": the commonest capitalised words
            if not taken.overlaps(m.start(), m.end()):
                self._add(m.start(), m.end(), person=False)
        # names inside quotes are what speakers talk about, not speakers
        quoted = _Spans(inside)
        self.mentions = [mn for mn in self.mentions if not quoted.overlaps(mn.start, mn.start + 1)]
        self.mentions.sort(key=lambda mn: mn.start)
        self.starts = [mn.start for mn in self.mentions]
        self.intros = [mn for mn in self.mentions if mn.role is not None]
        self.intro_starts = [mn.start for mn in self.intros]
        self.clusters: list[_Cluster] = []
        self._cluster()
        self.spoke: list[tuple[int, int]] = []  # (position, cluster) of resolved speakers

    # ---- mentions
    def _add(self, start: int, end: int, person: bool) -> bool:
        toks = self.att._tokens(start, end)
        while toks and _norm(toks[0].group(0)) in STOP:
            toks.pop(0)
        if not toks:
            return False
        phrase = self.att._name_phrase(toks, toks[0].start(), toks[-1].end(), trusted=person)
        if phrase is None or phrase.kind != "name":
            return False
        lead = self._prefix_before(toks[0].start())
        appos = (
            self._apposition(toks[-1].end())
            if "," in self.att.masked[toks[-1].end() : toks[-1].end() + 2]
            else None
        )
        role = phrase.role or lead[0] or appos
        gender = phrase.gender or lead[1] or (role.gender if role else None)
        person = person or role is not None or gender is not None or lead[2]
        self.mentions.append(
            _Mention(
                phrase.start,
                phrase.end,
                phrase.name,
                phrase.display,
                role,
                gender,
                person,
                self._subject_like(lead[3]),
            )
        )
        return True

    def _prefix_before(self, pos: int) -> tuple[_Role | None, str | None, bool, int]:
        """Role words right before a name: "the Russian president, Vladimir Petrov"."""
        if not self._prefix_likely(pos):
            return None, None, False, pos
        lo = max(0, pos - 80)
        words = list(WORD_OR_COMMA_RE.finditer(self.att.masked, lo, pos))
        k = len(words)
        commas = 0
        while k > 0:
            w = words[k - 1].group(0)
            t = _norm(w)
            if w == ",":
                if commas or k != len(words):
                    break
                commas += 1
            elif not (
                is_prefix_word(t, w) or t in DETERMINERS or t in OF_PREPOSITIONS or t in PLACE
            ):
                break
            k -= 1
        while k < len(words) and words[k].group(0) == ",":
            k += 1  # "Later, Berg": a comma alone is no prefix
        if k == len(words) or self.text[words[-1].end() : pos].strip(" \t,"):
            return None, None, False, pos
        first = words[k].start()
        phrase = self.text[first:pos]
        det = _norm(words[k].group(0))
        det_gender = DET_GENDER.get(det) if self.att.lang != "en" else None
        role = _role_of(phrase, det_gender)
        titled = any(_norm(w.group(0)) in HONORIFICS for w in words[k:])
        gender = honorific_gender([w.group(0) for w in words[k:]])
        return role, gender or (role.gender if role else None), titled, first

    def _prefix_likely(self, pos: int) -> bool:
        """Cheap test: is the word just before `pos` one that may start a role phrase?"""
        k = pos - 1
        text = self.att.masked
        while k >= 0 and text[k] in " \t\xa0":
            k -= 1
        if k < 0 or text[k] == ",":
            return k >= 0
        j = k
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "-'’\u2024"):
            j -= 1
        word = text[j : k + 1]
        t = _norm(word) if word else ""
        return bool(t) and (
            is_prefix_word(t, word) or t in DETERMINERS or t in OF_PREPOSITIONS or t in PLACE
        )

    def _apposition(self, end: int) -> _Role | None:
        """ "Vladimir Petrov, Russia's president," """
        m = APPOSITION_RE.match(self.att.masked, end)
        if m is None:
            return None
        phrase = m.group(1)
        if len(phrase.split()) > 6:
            return None
        first = _norm(phrase.split()[0])
        det_gender = DET_GENDER.get(first) if self.att.lang != "en" else None
        return _role_of(phrase, det_gender)

    def _subject_like(self, start: int) -> bool:
        """Roughly: the name opens its clause (after a sentence start or a comma)."""
        k = start - 1
        while k >= 0 and self.text[k] in " \t\xa0":
            k -= 1
        return k < 0 or self.text[k] in CLAUSE_OPENERS

    # ---- clusters
    def _cluster(self) -> None:
        """Group name forms: "Ortega" and "President Ortega" join "Elena Ortega"."""
        self.by_token: dict[str, list[int]] = {}
        order = sorted(range(len(self.mentions)), key=lambda i: (-len(self.mentions[i].name), i))
        for i in order:
            mn = self.mentions[i]
            best = self._find_cluster(mn.name, mn.start)
            if best is None:
                best = self._new_cluster(mn.name, mn.display, False, None)
            c = self.clusters[best]
            insort(c.positions, mn.start)
            c.person = c.person or mn.person
            c.gender = c.gender or mn.gender
            mn.cluster = best

    def _new_cluster(
        self, name: tuple[str, ...], display: str, person: bool, gender: str | None
    ) -> int:
        self.clusters.append(_Cluster(name, display, person, gender))
        ci = len(self.clusters) - 1
        for t in set(name):
            self.by_token.setdefault(t, []).append(ci)
        return ci

    def _find_cluster(self, name: tuple[str, ...], pos: int) -> int | None:
        """The cluster whose full name contains `name`, the one named last before `pos`."""
        best, best_pos = None, -3
        for ci in self.by_token.get(name[0], ()):
            c = self.clusters[ci]
            if not _contains(c.name, name):
                continue
            k = bisect_right(c.positions, pos)
            last = c.positions[k - 1] if k else -2
            if last > best_pos:
                best, best_pos = ci, last
        return best

    def cluster_of(self, phrase: _Phrase) -> int:
        """The cluster of a name phrase, preferring the one named most recently."""
        k = bisect_right(self.starts, phrase.start) - 1
        if k >= 0:
            mn = self.mentions[k]
            if mn.start <= phrase.start and phrase.end <= mn.end:
                return mn.cluster
        best = self._find_cluster(phrase.name, phrase.start)
        if best is None:
            best = self._new_cluster(phrase.name, phrase.display, True, phrase.gender)
        return best

    # ---- speakers
    def pronoun(self, pos: int, gender: str | None) -> int | None:
        """Most recent person before `pos`; among the last few, one whose gender matches."""
        k = bisect_right(self.starts, pos - 1)
        window = self.mentions[max(0, k - _LOOKBACK_MENTIONS) : k]
        events: list[tuple[int, int, bool]] = [
            (mn.start, mn.cluster, mn.subject) for mn in window if self.clusters[mn.cluster].person
        ]
        s = bisect_right(self.spoke, (pos, -1))
        events += [(p, c, True) for p, c in self.spoke[max(0, s - _LOOKBACK_MENTIONS) : s]]
        if not events:
            # nobody is known to be a person (no entities, titles or earlier speakers):
            # fall back on names that open a clause, "Elena Ortega met Berg. … she said"
            events = [(mn.start, mn.cluster, True) for mn in window if mn.subject]
        events.sort(reverse=True)
        recent: list[int] = []
        subjects: set[int] = set()
        for _, c, subj in events:
            g = self.clusters[c].gender
            if gender in ("m", "f") and g is not None and g != gender:
                continue
            if c not in recent:
                if len(recent) == _RECENT_PERSONS:
                    break
                recent.append(c)
            if subj:
                subjects.add(c)
        if not recent:
            return None
        if gender in ("m", "f"):
            known = [c for c in recent if self.clusters[c].gender == gender]
            for c in known:
                if c in subjects:
                    return c
            if known:
                return known[0]
        for c in recent:
            if c in subjects:
                return c
        return recent[0]

    def role(self, pos: int, role: _Role) -> int | None:
        """The person the article introduces with a compatible role, nearest before."""
        best, best_key = None, None
        k = bisect_right(self.intro_starts, pos)
        for mn in self.intros[max(0, k - _LOOKBACK_MENTIONS) : k + _LOOKAHEAD_MENTIONS]:
            r = mn.role
            if r is None or not roles_compatible(role.cls, r.cls):
                continue
            if role.country and r.country and role.country != r.country:
                continue
            if role.portfolio and r.portfolio and role.portfolio != r.portfolio:
                continue
            g = self.clusters[mn.cluster].gender or r.gender
            if role.gender and g and role.gender != g:
                continue
            exact = (role.country == r.country) + (role.portfolio == r.portfolio)
            key = (exact, mn.start < pos, mn.start if mn.start < pos else -mn.start)
            if best_key is None or key > best_key:
                best, best_key = mn.cluster, key
        return best

    def _surname_role(self, phrase: _Phrase) -> int | None:
        """ "King said" after "team president Billy King": a surname that is also a role."""
        word = self.text[phrase.start : phrase.end]
        if " " in word or not word[:1].isupper():
            return None
        ci = self._find_cluster((_norm(word),), phrase.start)
        return ci if ci is not None and len(self.clusters[ci].name) > 1 else None

    def speaker(self, attr: _Attr, pos: int) -> str | None:
        phrase = attr.phrase
        cluster: int | None
        if attr.unknown:
            cluster = None
        elif phrase is None:
            cluster = self.pronoun(pos, None)
        elif phrase.kind == "name":
            cluster = self.cluster_of(phrase)
            self.clusters[cluster].person = True
        elif phrase.kind == "pronoun":
            cluster = self.pronoun(pos, phrase.gender) if phrase.gender in ("m", "f") else None
        elif phrase.kind == "role" and phrase.role is not None:
            cluster = self._surname_role(phrase)
            if cluster is None:
                cluster = self.role(pos, phrase.role)
        else:
            cluster = None
        if cluster is None:
            return None
        insort(self.spoke, (pos, cluster))
        return self.clusters[cluster].display


# ------------------------------------------------------------------------------ entry
def _word_count(s: str) -> int:
    return len(s.split())


def find_quotes(
    text: str, sentences: list[Sentence], people: list[Entity], language: str | None
) -> list[Quote]:
    """Every outer quoted span of `text`, with who said it when the article says so.

    `sentences` give the context for cues (gaps are bridged crudely); `people` are PERSON
    entities found elsewhere, used where given and completed by the module's own rules.
    """
    cands: list[_Cand] = []
    for open_, close, multi in _scan_spans(text):
        a, b = open_ + 1, close
        while a < b and text[a].isspace():
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
            b -= 1  # “We will win,” she said: the comma belongs to the sentence around
        if any(ch.isalnum() for ch in text[a:b]):
            cands.append(_Cand(open_, close, a, b, multi))
    if not cands:
        return []

    lang = (language or "").split("-")[0].lower() or None
    persons = [e for e in people if e.label == "PERSON" and 0 <= e.start < e.end <= len(text)]
    att = _Attributor(text, _Sentences(text, sentences), persons, lang)
    for i, q in enumerate(cands):
        q.attr = att.attribute(cands, i)
    # a multi-paragraph quote with no cue of its own continues into the next paragraph's
    for i in range(len(cands) - 2, -1, -1):
        q, nxt = cands[i], cands[i + 1]
        if q.multi and q.attr is None and nxt.attr is not None:
            a = nxt.attr
            q.attr = _Attr(a.phrase, a.cue, False, a.cue_pos, i + 1, a.unknown)

    keep = [_keep(att, q) for q in cands]
    if not any(q.attr for q, k in zip(cands, keep, strict=True) if k):
        return [
            Quote(text[q.start : q.end], q.start, q.end)
            for q, k in zip(cands, keep, strict=True)
            if k
        ]

    resolver = _Resolver(att, persons, [(q.open, q.close) for q in cands])
    quotes: list[Quote] = []
    resolved: dict[int, str | None] = {}
    for idx, q in enumerate(cands):
        if not keep[idx]:
            continue
        quote = Quote(text[q.start : q.end], q.start, q.end)
        attr = q.attr
        if attr is not None:
            phrase = attr.phrase
            if attr.inherited_from is not None and attr.inherited_from in resolved:
                quote.speaker = resolved[attr.inherited_from]
            else:
                pos = phrase.start if phrase is not None else attr.cue_pos
                quote.speaker = resolver.speaker(attr, pos)
            resolved[idx] = quote.speaker
            if phrase is not None:
                quote.speaker_text = text[phrase.start : phrase.end]
                quote.speaker_start, quote.speaker_end = phrase.start, phrase.end
            quote.cue = attr.cue
        quotes.append(quote)
    return quotes


def _keep(att: _Attributor, q: _Cand) -> bool:
    """Scare quotes and short titles go; speech stays (see the module docstring)."""
    if _word_count(att.text[q.start : q.end]) > _SCARE_MAX_WORDS:
        return True
    if q.attr is not None and q.attr.adjacent:
        return True
    s_lo, _ = att.sents.bounds(q.open)
    _, s_hi = att.sents.bounds(q.close)
    left = att.text[s_lo : q.open].strip(" \t\r\n-–—")
    right = att.text[q.close + 1 : s_hi].strip(" \t\r\n.!?…")
    return not left and not right and att.text[q.start : q.end][-1:] in ".!?…"
