"""Quoted speech and who said it.

`find_quotes(text, sentences, people, language)` returns one `Quote` per outer quoted span,
in text order, with its speaker when the article says who spoke.

The work runs as a short pipeline:

1. `quote_marks.scan_spans` pairs the quote marks into outermost spans.
2. `Attributor` reads the cue: first right after the quote ("…,” Ortega said",
   "«…», dijo el mandatario ruso", "„…“, so Weber", "« … », a-t-il dit"), then before it in
   its sentence ("X said: “…”", "X, in a statement: “…”", "according to X, “…”",
   "X said the plan was “…”", "X called the strike “…”", "X accused Y of “…”"), then in the
   neighbours: a previous sentence ending in ":", a next sentence that is only a tag
   ("“…” Ortega said."), and finally the speaker of the sentence before (a quote that
   opens its sentence continues the last speaker, across a paragraph break too).
   The subject of a verb is read around it: before it ("Ortega said"; "the minister,
   Karin Lund, who said" → the name before the relative pronoun; "He said …, and
   accused" → the clause's subject), or after a reporting verb that inverts ("said
   Ortega", "dijo el presidente velmorio, Iván Soto", "según el enviado de la OEA
   Carlo Neri"). Labelling verbs ("called", "calificó") never invert.
   A cue whose subject the rules cannot read gives a cue and no speaker, never a guess.
3. Scare quotes and short titles are dropped: a span of at most `SCARE_MAX_WORDS` words
   is kept only when a cue touches it ("she said “no”", "“Never,” he said"), when it is a
   sentence of its own ending in . ! ? ("“Never.”"), or when it ends the clause of a
   person's verb earlier in its sentence ("Moss called the strike “unjustified”", "he
   would not “sign a surrender”"). So "the so-called “peace plan”", "Ortega said the
   “road map” had failed" and "she had read “War and Peace”" give nothing; longer spans
   are always kept.
4. `quote_resolve.Resolver` maps the words used (a name, "he", "the minister") to the
   canonical name of one of the article's people; unresolved pronouns and roles keep
   `speaker_text` with `speaker=None`; a dropped subject has `speaker_text=None` but may
   have a speaker.

All linguistic knowledge (verbs, roles, nationalities, institutions, titles) lives in
`quote_words.py` as data; the code here only combines it. Every look-around is bounded
(`CONTEXT_CHARS`, `PHRASE_CHARS`, `quote_resolve.LOOKBACK_MENTIONS`), so the cost stays
linear in the text length whatever the input.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from accord.analyze.quote_marks import scan_spans
from accord.analyze.quote_phrases import (
    CLAUSE_HEAD_RE,
    CLAUSE_START_RE,
    CLAUSE_TAIL_RE,
    COMPLEMENTIZER_RE,
    HARD_STOP_RE,
    LEAD_PUNCT_RE,
    TOKEN_RE,
    TRAIL_RE,
    Phrase,
    is_cap,
    is_possessive,
    mask_abbreviations,
    name_word,
    norm,
    parse_name,
    role_of,
)
from accord.analyze.quote_resolve import Resolver
from accord.analyze.quote_words import (
    COORDINATOR_RE,
    DEFINITE,
    DET_GENDER,
    DETERMINERS,
    FR_INVERTED_RE,
    GROUP_NOUNS,
    LABEL_RE,
    NOUN_DETERMINERS,
    OF_PREPOSITIONS,
    PARTICLES,
    PREPOSITIONS,
    PRO_DROP_VERBS,
    PRONOUNS,
    RELATIVE_RE,
    ROLE_CLASS,
    ROLE_COMPLEMENT_RE,
    SO_RE,
    SOURCE_RE,
    TIME_WORDS,
    VERB_RE,
    is_prefix_word,
    strip_elision,
)
from accord.model import Entity, Quote, Sentence

__all__ = ["find_quotes"]

SCARE_MAX_WORDS = 3  # "peace plan", "War and Peace": too short to be speech without a cue
FALLBACK_REACH = 400  # chars searched for sentence bounds where `sentences` has a gap
INTRO_TAIL_WORDS = 12  # "told reporters in Geneva on Monday:" still introduces the quote
SUBJECT_TOKENS = 8  # longest subject phrase considered before a verb
CONTEXT_CHARS = 400  # cues are looked for this far around a quote, never farther
PHRASE_CHARS = 200  # a subject phrase is never longer than this
ROLE_COMPLEMENT_TOKENS = 5  # "la enviada de la ONU": role words before a name
_PERSONAL = ("name", "pronoun", "role")  # phrase kinds that may stand for a person
# what may follow a partial quote that ends its clause: punctuation, a closing mark, the
# end of the text, or a coordinator opening the next clause ("“unjustified” and urged")
CLAUSE_END_RE = re.compile(
    r"[\"'”’»«“‘›‹]*\s*(?:$|[.,;:!?…)\]—–]|(?:and|but|or|y|pero|o|e|ma|und|aber|et|mais)\s)"
)
WORD_BEFORE_RE = re.compile(r"(\w+)\s*$")
# lowercase words a title in title case may hold ("War and Peace", "Man of the Year")
TITLE_SMALL_WORDS = frozenset(
    "a an the and or of in on at to for with by from de del la el y e di il lo und der die das "
    "et le les du".split()
)

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
        lo = max(0, pos - FALLBACK_REACH)
        start = lo
        for m in _SENT_END_RE.finditer(self.text, lo, pos):
            start = m.end()
        m = _SENT_END_RE.search(self.text, pos, pos + FALLBACK_REACH)
        end = m.end() if m else min(len(self.text), pos + FALLBACK_REACH)
        return start, max(end, pos)

    def before(self, pos: int) -> tuple[int, int] | None:
        """The sentence ending at or before `pos` (pos being a sentence start), across
        a paragraph break: the blank lines between are no sentence."""
        start, _ = self.bounds(pos)
        k = start - 1
        while k >= 0 and start - k <= FALLBACK_REACH and self.text[k].isspace():
            k -= 1
        if k < 0 or self.text[k].isspace():
            return None
        return self.bounds(k)

    def window_start(self, pos: int) -> int:
        """Start of the sentence before the one holding `pos` (or of that one)."""
        start, _ = self.bounds(pos)
        prev = self.before(start)
        return prev[0] if prev else start

    def after(self, pos: int) -> tuple[int, int] | None:
        """The sentence starting at or after `pos` (pos being a sentence end)."""
        n = len(self.text)
        while pos < n and self.text[pos].isspace():
            pos += 1
        return self.bounds(pos) if pos < n else None


# ------------------------------------------------------------------------ attribution
@dataclass(slots=True)
class Attr:
    phrase: Phrase | None  # None: a pro-drop verb ("dijo") with no subject
    cue: str
    adjacent: bool  # the cue touches the quote
    cue_pos: int
    inherited_from: int | None = None  # index of the quote whose speaker this one continues
    unknown: bool = False  # a cue whose subject the rules cannot read: no speaker, no guess
    label: bool = False  # the cue characterises ("called it …") rather than reports


@dataclass(slots=True)
class _Cand:
    open: int
    close: int
    start: int
    end: int
    multi: bool
    attr: Attr | None = None


class Attributor:
    """Finds the words for the speaker of each quote, from the cues around it."""

    def __init__(self, text: str, sentences: _Sentences, people: list[Entity], lang: str | None):
        self.text = text
        self.masked = mask_abbreviations(text)
        self.sents = sentences
        self.lang = lang if lang in VERB_RE else None
        self.verb_re = VERB_RE[self.lang]
        self.source_re = SOURCE_RE[self.lang]
        self.label_re = LABEL_RE[self.lang]
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
    ) -> Phrase | None:
        """A name phrase over these tokens (see `parse_name`)."""
        parsed = parse_name(tuple(m.group(0) for m in toks), trusted)
        if parsed is None:
            return None
        kind, name, display, role, gender = parsed
        if kind == "name" and len(name) >= 3 and len(name) == len(toks):
            tail = self._complement_cut(toks)
            if tail is not None:
                return self._name_phrase(toks[tail:], toks[tail].start(), end, trusted)
        return Phrase(kind, start, end, name, display, role, gender)

    def _complement_cut(self, toks: list[re.Match[str]]) -> int | None:
        """ "il sindaco di Montebello Carlo Neri", "l'inviato delle Nazioni Unite Paolo
        Serra": a run completing a role noun ("sindaco di …") opens with the place or
        body the role belongs to; the person is its last two capitalised words."""
        m = ROLE_COMPLEMENT_RE.search(self.masked, max(0, toks[0].start() - 60), toks[0].start())
        if m is None or not is_prefix_word(strip_elision(norm(m.group(1))), m.group(1)):
            return None
        caps = [k for k, t in enumerate(toks) if t.group(0)[:1].isupper()]
        return caps[-2] if len(caps) >= 3 else None

    def _role_phrase(self, toks: list[re.Match[str]]) -> Phrase | None:
        """ "the Kremlin chief", "el mandatario ruso", "Ortega's spokesman", "der Kanzler"."""
        start = toks[0].start()
        end = toks[-1].end()
        first = norm(toks[0].group(0))
        det_gender = DET_GENDER.get(first) if self.lang != "en" else None
        role = role_of(self.text[start:end], det_gender)
        if role is None:
            return None
        return Phrase("role", start, end, role=role, gender=role.gender)

    def _classify(self, toks: list[re.Match[str]], leading: bool) -> Phrase | None:
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
        words = [norm(m.group(0)) for m in toks]
        if len(words) == 1 and words[0] in PRONOUNS:
            return Phrase("pronoun", start, end, gender=PRONOUNS[words[0]])
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
            return Phrase("group", start, end)
        return None

    def trailing_subject(self, lo: int, hi: int) -> Phrase | None:
        """The subject ending just before a verb at `hi` ("…, the Russian leader said")."""
        lo = max(lo, hi - PHRASE_CHARS)
        m = TRAIL_RE.search(self.masked, lo, hi)
        appos_at = m.start("appos") if m and m.group("appos") else -1
        appos_end = m.end("appos") if appos_at >= 0 else -1
        hi = m.start() if m else hi
        mr = RELATIVE_RE.search(self.masked, lo, hi)
        if mr is not None:
            # "the interior minister, Karin Lund, who said": the name before the comma
            phrase = self.trailing_subject(lo, mr.start())
            return phrase if phrase is not None and phrase.kind in _PERSONAL else None
        phrase = self._trailing_subject(lo, hi)
        if appos_at >= 0 and (phrase is None or phrase.kind != "name"):
            # "the deputy's mother, Rosa Ortiz, said": the apposition names her
            toks = self._tokens(appos_at, appos_end)
            named = self._name_phrase(toks, toks[0].start(), toks[-1].end()) if toks else None
            if named is not None and named.kind == "name":
                return named
        return phrase

    def _trailing_subject(self, lo: int, hi: int) -> Phrase | None:
        m = CLAUSE_TAIL_RE.search(self.masked, lo, hi)
        seg = m.start() if m else lo
        toks = self._tokens(seg, hi)[-SUBJECT_TOKENS:]
        if not toks:
            return None
        ent = self.ent_end.get(toks[-1].end())
        if ent is not None and ent.start >= seg:
            toks = [t for t in toks if t.start() >= ent.start] or toks
            return self._classify(toks, leading=False)
        # the shortest good phrase from the right wins for names/pronouns, the longest
        # for roles ("a spokesperson for the ministry")
        words = [norm(t.group(0)) for t in toks]
        if words[-1] in PRONOUNS:
            return self._classify(toks[-1:], leading=False)
        k = len(toks) - 1
        while k > 0 and (
            name_word(toks[k - 1].group(0), words[k - 1])
            or is_prefix_word(words[k - 1], toks[k - 1].group(0))
            or (words[k - 1] in PARTICLES and k >= 2 and is_cap(toks[k - 2].group(0)))
        ):
            k -= 1
        named = None
        if k == 0 or words[k - 1] not in OF_PREPOSITIONS:  # "the head of Amnesty" is no name
            named = self._name_phrase(toks[k:], toks[k].start(), toks[-1].end())
            if named is not None and named.kind == "name":
                return named
        for d in range(len(toks)):
            raw = toks[d].group(0)
            if words[d] in DETERMINERS or d == len(toks) - 1 or is_possessive(raw):
                phrase = self._classify(toks[d:], leading=False)
                if phrase is not None and phrase.kind in ("role", "group"):
                    return phrase
        return named

    def leading_subject(self, lo: int, hi: int) -> Phrase | None:
        """The subject starting just after a verb at `lo` ("said the Kremlin chief")."""
        hi = min(hi, lo + PHRASE_CHARS)
        m = CLAUSE_HEAD_RE.match(self.masked, lo, hi)
        hi = m.end() if m else hi
        toks = self._tokens(lo, hi)[:SUBJECT_TOKENS]
        if not toks or self.text[lo : toks[0].start()].strip():
            return None
        words = [norm(t.group(0)) for t in toks]
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

    def _leading_name(self, toks: list[re.Match[str]], words: list[str]) -> Phrase | None:
        """The name opening a subject after its verb, with the titles before it."""
        # a name: optional determiner and title words ("said attorney Kassie Siegel"),
        # then capitalised words
        k = 1 if words[0] in DETERMINERS else 0
        first = k
        while k < min(len(toks), first + 3) and not is_cap(toks[k].group(0)):
            if words[k] in PREPOSITIONS or words[k] in TIME_WORDS or words[k] in DETERMINERS:
                break
            k += 1
        j = k
        while j < len(toks) and (
            name_word(toks[j].group(0), words[j]) or (words[j] in PARTICLES and j > k)
        ):
            j += 1
        # "said Anchorage businessman and blogger Andrew Halcro": the last run is the name
        j2 = j
        while j2 < min(len(toks), j + 3) and not name_word(toks[j2].group(0), words[j2]):
            if words[j2] in PREPOSITIONS or words[j2] in TIME_WORDS or words[j2] in OF_PREPOSITIONS:
                break
            j2 += 1
        if k < j < j2 < len(toks) and name_word(toks[j2].group(0), words[j2]):
            k = j = j2
            while j < len(toks) and name_word(toks[j].group(0), words[j]):
                j += 1
        if j == k:
            return self._role_complement_name(toks, words, first)
        if j > k and not self._role_follows(words, j):
            while k > first and is_prefix_word(words[k - 1], toks[k - 1].group(0)):
                k -= 1  # keep "Foreign Minister" with the name, drop "attorney"
            return self._name_phrase(toks[k:j], toks[k].start(), toks[j - 1].end())
        return None

    def _role_complement_name(
        self, toks: list[re.Match[str]], words: list[str], k: int
    ) -> Phrase | None:
        """ "el enviado de la OEA Luis Prado", "L'inviato delle Nazioni Unite Paolo
        Serra": a role noun and its complement, then the person's name."""
        role_seen = False
        j = k
        while j < min(len(toks), k + ROLE_COMPLEMENT_TOKENS) and not name_word(
            toks[j].group(0), words[j]
        ):
            w = strip_elision(words[j])
            if w in PREPOSITIONS or w in TIME_WORDS:
                return None
            role_seen = role_seen or w in ROLE_CLASS or is_prefix_word(w, toks[j].group(0))
            j += 1
        if not role_seen or j == k or j >= len(toks):
            return None
        e = j
        while e < len(toks) and (
            name_word(toks[e].group(0), words[e]) or (words[e] in PARTICLES and e > j)
        ):
            e += 1
        if e == j or self._role_follows(words, e):
            return None
        return self._name_phrase(toks[j:e], toks[j].start(), toks[e - 1].end())

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

    def window(self, pos: int) -> int:
        """Where a pronoun at or after `pos` may find the person just introduced."""
        return self.sents.window_start(pos)

    # ---- cues
    def _cue(self, m: re.Match[str]) -> str:
        return re.sub(r"\s+", " ", self.text[m.start() : m.end()])

    def after(self, lo: int, hi: int, anchored_sentence: bool = False) -> Attr | None:
        """A cue right after a quote: '…,” Ortega said', '«…», dijo', '„…“, so Weber'."""
        hi = min(hi, lo + CONTEXT_CHARS)
        m = LEAD_PUNCT_RE.match(self.masked, lo, hi)
        p = m.end() if m else lo
        if p >= hi:
            return None
        mf = FR_INVERTED_RE.match(self.masked, p, hi)
        if mf and self.lang in (None, "fr"):
            g = "p1" if mf.group("p1") else "p2"
            phrase = Phrase("pronoun", mf.start(g), mf.end(g), gender=PRONOUNS[mf.group(g)])
            return Attr(phrase, self._cue(mf), True, mf.start())
        ms = self.source_re.match(self.masked, p, hi)
        if ms is None and self.lang == "de":
            ms = SO_RE.match(self.masked, p, hi)
        if ms:
            phrase = self.leading_subject(ms.end(), hi)
            if phrase is not None:
                return Attr(phrase, self._cue(ms), True, ms.start())
        mv = self.verb_re.match(self.masked, p, hi)
        if mv:
            phrase = self.leading_subject(mv.end(), hi)
            if phrase is not None:
                return Attr(phrase, self._cue(mv), True, mv.start())
            dropped = mv.group(0).casefold() in PRO_DROP_VERBS
            return Attr(None, self._cue(mv), True, mv.start(), unknown=not dropped)
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
        return Attr(phrase, self._cue(mv), True, mv.start())

    def _intro_tail(self, lo: int, hi: int) -> bool:
        """Does the text between a cue and the quote introduce it ("said:", "told X that")?"""
        tail = self.masked[lo:hi].strip()
        if not tail:
            return True
        if len(tail.split()) > INTRO_TAIL_WORDS:
            return False
        return tail[-1] in ":,—–" or COMPLEMENTIZER_RE.search(tail) is not None

    def _verbs(self, lo: int, hi: int) -> list[tuple[re.Match[str], bool]]:
        """Reporting and labelling verbs in [lo, hi), in text order; True for a label."""
        verbs = [(m, False) for m in self.verb_re.finditer(self.masked, lo, hi)]
        labels = [(m, True) for m in self.label_re.finditer(self.masked, lo, hi)]
        if labels:
            verbs = sorted(verbs + labels, key=lambda v: v[0].start())
        return verbs

    def coordinated_subject(self, s_lo: int, verb: int) -> Phrase | None:
        """ "He said …, and accused Y of “…”": the clause's subject, when the verb at
        `verb` follows a coordinator and the sentence opens with a person."""
        lo = max(s_lo, verb - PHRASE_CHARS)
        if COORDINATOR_RE.search(self.masked, lo, verb) is None:
            return None
        phrase = self.leading_subject(s_lo, verb)
        return phrase if phrase is not None and phrase.kind in _PERSONAL else None

    def before(self, lo: int, hi: int, s_lo: int | None = None) -> Attr | None:
        """A cue before the quote in its sentence: 'X said: “…”', 'X said the plan was “…”',
        'X called it “…”'. `s_lo`: where the sentence starts, when before `lo`."""
        lo = max(lo, hi - CONTEXT_CHARS)
        s_lo = lo if s_lo is None else max(s_lo, hi - CONTEXT_CHARS)
        for mv, label in reversed(self._verbs(lo, hi)[-3:]):
            phrase = None
            tail_from = mv.end()
            if self.lang == "de" and not label:
                phrase = self.leading_subject(mv.end(), hi)
            if phrase is None:
                phrase = self.trailing_subject(lo, mv.start())
            else:
                tail_from = phrase.end
            if phrase is None:
                phrase = self.coordinated_subject(s_lo, mv.start())
            if phrase is None and not label:
                phrase = self.leading_subject(mv.end(), hi)
                if phrase is not None:
                    tail_from = phrase.end
            if phrase is None and (label or mv.group(0).casefold() not in PRO_DROP_VERBS):
                continue
            adjacent = self._intro_tail(tail_from, hi)
            return Attr(phrase, self._cue(mv), adjacent, mv.start(), label=label)
        for ms in reversed(list(self.source_re.finditer(self.masked, lo, hi))):
            phrase = self.leading_subject(ms.end(), hi)
            if phrase is not None:
                adjacent = self._intro_tail(phrase.end, hi)
                return Attr(phrase, self._cue(ms), adjacent, ms.start())
        left = self.masked[lo:hi].rstrip()
        if left.endswith(":"):
            colon = lo + len(left) - 1
            m = CLAUSE_START_RE.search(self.masked, lo, colon)
            seg = m.end() if m else lo
            phrase = self.leading_subject(seg, colon)
            if phrase is not None and phrase.kind in ("name", "pronoun", "role"):
                return Attr(phrase, ":", True, colon)
        return None

    def source_after(self, lo: int, hi: int) -> Attr | None:
        """'…” was the verdict, according to Ortega.'"""
        hi = min(hi, lo + CONTEXT_CHARS)
        for ms in self.source_re.finditer(self.masked, lo, hi):
            phrase = self.leading_subject(ms.end(), hi)
            if phrase is not None:
                return Attr(phrase, self._cue(ms), False, ms.start())
        return None

    # ---- one quote
    def attribute(self, quotes: list[_Cand], i: int) -> Attr | None:
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
            attr = self.before(lo, q.open, s_lo)
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

    def _continuation(self, quotes: list[_Cand], i: int, s_lo: int) -> Attr | None:
        """A quote opening its sentence continues the speaker of the sentence before."""
        prev = self.sents.before(s_lo)
        if prev is None:
            return None
        lo = prev[0]
        if i and quotes[i - 1].close >= prev[0]:
            a = quotes[i - 1].attr
            if a is not None:
                return Attr(a.phrase, a.cue, False, a.cue_pos, i - 1, a.unknown)
            lo = quotes[i - 1].close + 1  # never read a cue inside the previous quote
        return self.before(lo, min(prev[1], quotes[i].open))


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
    for open_, close, multi in scan_spans(text):
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
    att = Attributor(text, _Sentences(text, sentences), persons, lang)
    for i, q in enumerate(cands):
        q.attr = att.attribute(cands, i)
    # a multi-paragraph quote with no cue of its own continues into the next paragraph's
    for i in range(len(cands) - 2, -1, -1):
        q, nxt = cands[i], cands[i + 1]
        if q.multi and q.attr is None and nxt.attr is not None:
            a = nxt.attr
            q.attr = Attr(a.phrase, a.cue, False, a.cue_pos, i + 1, a.unknown)

    keep = [_keep(att, q) for q in cands]
    if not any(q.attr for q, k in zip(cands, keep, strict=True) if k):
        return [
            Quote(text[q.start : q.end], q.start, q.end)
            for q, k in zip(cands, keep, strict=True)
            if k
        ]

    resolver = Resolver(att, persons, [(q.open, q.close) for q in cands])
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
                quote.speaker = resolver.speaker(attr, pos, q.open)
            resolved[idx] = quote.speaker
            if phrase is not None:
                quote.speaker_text = text[phrase.start : phrase.end]
                quote.speaker_start, quote.speaker_end = phrase.start, phrase.end
            quote.cue = attr.cue
        quotes.append(quote)
    return quotes


def _keep(att: Attributor, q: _Cand) -> bool:
    """Scare quotes and short titles go; speech stays (see the module docstring)."""
    if _word_count(att.text[q.start : q.end]) > SCARE_MAX_WORDS:
        return True
    if q.attr is not None and q.attr.adjacent:
        return True
    if _partial_quote(att, q):
        return True
    s_lo, _ = att.sents.bounds(q.open)
    _, s_hi = att.sents.bounds(q.close)
    left = att.text[s_lo : q.open].strip(" \t\r\n-–—")
    right = att.text[q.close + 1 : s_hi].strip(" \t\r\n.!?…")
    return not left and not right and att.text[q.start : q.end][-1:] in ".!?…"


def _partial_quote(att: Attributor, q: _Cand) -> bool:
    """ "Moss called the strike “unjustified”", "Lund said she would be back “within
    weeks”": a person's reporting verb earlier in the sentence, and the quoted words end
    the clause it governs. A span inside the clause ("Ortega said the “road map” had
    failed") or one in title case ("read “War and Peace”") stays a scare quote or title.
    """
    a = q.attr
    if a is None or a.inherited_from is not None or a.unknown or a.cue_pos >= q.open:
        return False
    if a.phrase is None or a.phrase.kind not in _PERSONAL:
        return False
    s_lo, _ = att.sents.bounds(q.open)
    if a.cue_pos < s_lo:
        return False  # a cue in an earlier sentence speaks for whole quotes only
    if CLAUSE_END_RE.match(att.text, q.close + 1) is None:
        return False
    before = WORD_BEFORE_RE.search(att.text, max(0, q.open - 30), q.open)
    if before and not a.label and norm(before.group(1)) in NOUN_DETERMINERS:
        return False  # "told reporters about the “peace plan”": the writer's scare quotes
    words = TOKEN_RE.findall(att.text, q.start, q.end)
    return not all(w[:1].isupper() or norm(w) in TITLE_SMALL_WORDS for w in words)
