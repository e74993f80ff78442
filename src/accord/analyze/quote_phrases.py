"""Words and phrases around quotes: tokens, name runs, role phrases.

The pure, cached pieces that `quotes.py` (finding who is cited) and `quote_resolve.py`
(mapping that to the article's people) share: abbreviation masking, the token and
clause patterns, `parse_name` (a run of words → a name with its titles stripped) and
`role_of` (a phrase → the role it names: class, country, portfolio, gender).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from accord.analyze.quote_words import (
    ELISION_PREFIX_RE,
    GROUP_NOUNS,
    INSTITUTIONS,
    PARTICLES,
    PLACE,
    PLACE_ACRONYMS,
    PLACE_PHRASE_RE,
    PORTFOLIO,
    PORTFOLIO_RE,
    ROLE_CLASS,
    ROLE_GENDER,
    ROLE_RE,
    STOP,
    german_compound,
    honorific_gender,
    is_prefix_word,
)

MAX_NAME_TOKENS = 4  # "Lindsay Lohan Checks Into Rehab" is a headline, not a name

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


# -------------------------------------------------------------------------- phrases
@dataclass(slots=True, frozen=True)
class Role:
    cls: str
    country: str | None
    portfolio: str | None
    gender: str | None


@dataclass(slots=True)
class Phrase:
    """Who spoke, as the text puts it. kind: name | pronoun | role | group (no person)."""

    kind: str
    start: int
    end: int
    name: tuple[str, ...] = ()  # casefolded name tokens, titles stripped
    display: str = ""  # the name as written, titles stripped
    role: Role | None = None
    gender: str | None = None  # "m" | "f" | "pl" | "n"


@lru_cache(maxsize=16384)
def norm(tok: str) -> str:
    """Casefolded token without a possessive or a trailing dot (masked or not)."""
    t = tok.casefold().replace("\u2024", ".")
    if t.endswith(("'s", "’s")):
        t = t[:-2]
    return t.rstrip(".") if len(t) > 1 else t


def is_possessive(tok: str) -> bool:
    return tok.endswith(("'s", "’s"))


def is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def name_word(tok: str, t: str) -> bool:
    """Capitalised and not a sentence-opening word; initials ("A.") always count.
    "L'inviata", "D'après" open a sentence with an elided article: no name ("D'Alema" is)."""
    if not tok[:1].isupper():
        return False
    if ("'" in tok[:5] or "’" in tok[:5]) and (m := ELISION_PREFIX_RE.match(tok)):
        return tok[m.end() : m.end() + 1].isupper()
    return t not in STOP or tok.endswith("\u2024")


@lru_cache(maxsize=4096)
def role_of(phrase: str, det_gender: str | None = None) -> Role | None:
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
        t = norm(tok)
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
    return Role(cls, country, portfolio, gender)


@lru_cache(maxsize=16384)
def parse_name(
    toks: tuple[str, ...], trusted: bool
) -> tuple[str, tuple[str, ...], str, Role | None, str | None] | None:
    """(kind, name, display, role, gender) of a name run, possibly led by titles, roles,
    nationality ("Russian President V. Petrov"); kind is "name" or "group" (a place or an
    institution written like a name). Pure and cached: names recur within and across
    articles. `trusted`: the tokens are a PERSON entity, so lowercase words count too.
    """
    prefix: list[str] = []
    name: list[str] = []
    display: list[str] = []
    for tok in toks:
        t = norm(tok)
        if not name and is_prefix_word(t, tok):
            prefix.append(tok)
        elif name_word(tok, t) or trusted:
            name.append(t)
            display.append(tok)
        elif name and (t in PARTICLES or is_prefix_word(t, tok)):
            name.append(t)  # a title inside is cut off below: "Chargers general manager"
            display.append(tok)
        else:
            return None
    if not name or not (trusted or name_word(display[-1], name[-1])):
        return None
    # "Saints Head Coach Sean Payton", "SEACOM Suveer Ramdhani": what comes up to the
    # last title word, or an acronym opening a long name, describes the person
    cut = 0
    for k in range(len(name) - 1):
        if (
            is_prefix_word(name[k], display[k])
            or is_possessive(display[k])  # "Creighton's Doug McDermott"
            or (k == 0 and len(name) >= 3 and len(display[0]) > 1 and display[0].isupper())
        ):
            cut = k + 1
    if cut:
        prefix += display[:cut]
        name, display = name[cut:], display[cut:]
    if is_possessive(toks[-1]):
        return None  # "Ortega's plan": a possessive, not a subject
    if len(name) > MAX_NAME_TOKENS and not trusted:
        return None
    if " ".join(name) in PLACE or all(
        t in PLACE or t in INSTITUTIONS or t in GROUP_NOUNS for t in name
    ):
        return ("group", (), "", None, None)  # "Downing Street", "Police": no person
    prefix_text = " ".join(prefix)
    gender = honorific_gender(prefix)
    role = role_of(prefix_text) if prefix else None
    if role and role.gender:
        gender = gender or role.gender
    shown = " ".join(display).replace("\u2024", ".")
    return ("name", tuple(name), shown, role, gender)
