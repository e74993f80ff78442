"""Numbers and quantities stated in news text, normalised so that outlets can be compared.

`find_quantities(text, language)` finds the amounts an article states ("at least 12 people
were killed", "$200 billion", "12 Prozent", "about eight minutes"), with their offsets, and
normalises them: the same amount written two ways gets the same `value`, `unit`, `kind` and
`counts`, so `same_amount(a, b)` can tell agreeing figures from conflicting ones.

Canonical vocabularies (the tables below hold them; compare quantities only through them):

- kind: KINDS = "percent" | "money" | "count" | "duration" | "number".
- qualifier: QUALIFIERS = "exact" | "at_least" | "at_most" | "about" | "more_than" |
  "less_than". "nearly", "almost", "casi", "knapp", "près de" are "about" (close to it).
- unit, by kind:
  percent: "%" or "pp" (percentage points); money: an ISO 4217 code from CURRENCY_CODES;
  duration: "seconds" (the value is in seconds); count: the counted noun, an English plural
  from COUNT_NOUNS ("people", "children", ...); number: None, or a measure from MEASURES
  ("km", "kg", "magnitude", ...).
- counts (kind "count" only): "<state> <noun>" or just "<noun>", with the state from STATES in
  English whatever the text's language: "dead people", "injured children", "people". Every
  word for death (killed, died, deaths, muertos, morti, Tote, tués...) is "dead"; wounded is
  "injured". A count with a state but no noun ("15 killed") counts "people". Ages
  ("12-year-old", "aged 12") are durations with counts "age".

Normalisation choices:
- Scale words multiply: "12.5 million" = 1.25e7, "mil millones" = 1e9, "200.000 millones" =
  2e11. "billion" is 1e9 in English but 1e12 in French, like "billón" and "Billion".
- The decimal mark follows the language: "." in English, "," in es/it/de/fr. A single other
  mark followed by exactly three digits groups thousands ("1,200" en and "1.200" de are 1200;
  "1.200" en and "1,200" es are 1.2). French also groups with spaces ("1 200"); thin and
  non-breaking spaces group in every language. With no language, the text's unambiguous
  numbers choose the convention, English by default.
- Plural amounts ("hundreds of", "miles de", "Tausende", "des dizaines de milliers") have the
  smallest value the plural allows, two of the unit (hundreds = 200, tens of thousands =
  20000), with qualifier "at_least". "a dozen", "una treintena", "une vingtaine" are "about".
- A range ("10-15 people", "between 10 and 15", "two or three days") gives two quantities:
  the low end "at_least", the high end "at_most", sharing scale, unit and what they count.
  "from 10 to 15 percent" is a change: both ends share the unit and stay "exact".
- A state may come before the figure ("the blast killed 12", "murieron 12 personas", "the
  death toll rose to 30") unless an unknown noun follows it ("killed 12 cows").
- A month is 30 days, a year 365. "¥" is read as CNY and "yen" as JPY; "dollars" alone is USD,
  "pounds" GBP. A sign glued to a number is kept ("-2%").
- `same_amount` lets "about" stray ABOUT_TOLERANCE either way, and a figure with decimals or
  a scale word half a step of its last written digit ("$1.2 billion" covers 1.15-1.25
  billion); whole numbers without a scale ("300 people") are exact.

Skipped on purpose: years (a bare 4-digit number 1000-2100 with no unit: "in 2024"), day and
year numbers of dates ("30 December 2022", "December 30", "30.12.2022", "2022-12-30"), times
of day ("10:30", "10.30 a.m.", "10 Uhr", "a las 10", "alle 10", "à 10 heures", "3 h 42";
German "um 10" only with "Uhr", as "um" is also "by"), ordinals ("3rd", "1er", "3.º", "am 3."),
decades ("1990s"), phone numbers, numbers with leading zeros ("007"), slash and colon forms
("24/7", "1/3", "3:1"), identifiers (digits glued to letters: "COVID-19", "G7", "5G"; after a
label word: "No. 10", "Article 5", "flight 370"; a bare number after a capitalised word inside
a sentence: "Apollo 11"), list markers at the start of a line ("1.", "2)"), "m"/"k" suffixes
with neither a currency nor a counted noun ("a 3m wall"), "one", "eins", "sei", "neuf" (and
the articles "un", "una", "ein") unless a unit, scale or counted noun follows, "no one", and
spelled numbers glued to a non-unit ("two-thirds"). German and Italian numbers written as one
word are known below 1000 and as whole thousands of numbers below 100 or of whole hundreds
("fünfundzwanzigtausend", "duecentomila"); others ("zweitausendfünfhundert") are skipped.
Nothing crosses a line break.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from accord.analyze.number_words import (
    _ARTICLE_ONES,
    _NUMBER_WORDS,
    _TIME_ONLY_WITH_HOURS,
    _UNKNOWN_LANGUAGE_SKIP,
    _YEAR,
    AGE,
    AGE_AFTER,
    AGE_BEFORE,
    AGE_UNITS,
    APPROX,
    ARTICLES,
    AUX,
    CONNECTORS,
    COUNT_NOUNS,
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    CURRENCY_CODES,
    DURATIONS,
    FILLERS,
    FROM_WORDS,
    GLUED_SCALES,
    LABELS,
    MAGNITUDE_BEFORE,
    MEASURES,
    MONTHS,
    NEEDS_UNIT,
    ORDINAL_ARTICLES,
    PERCENT,
    PREPOSITIONS,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
    RANGE_AND,
    RANGE_START,
    RANGE_TO,
    SCALES,
    SPELLED_AND,
    STATES,
    TIME_AFTER,
    TIME_BEFORE,
    TOLL,
    TOLL_RISE,
    TOLL_RISE_CHARS,
    TOLL_RISE_REACH,
    VAGUE,
    WEAK_GLUED,
    WEAK_QUALIFIERS,
)
from accord.model import Quantity

# The vocabularies other stages compare quantities by (see the module docstring).
__all__ = [
    "AGE",
    "COUNT_NOUNS",
    "CURRENCY_CODES",
    "DURATION_UNIT",
    "KINDS",
    "MEASURES",
    "QUALIFIERS",
    "STATES",
    "find_quantities",
    "same_amount",
]

KINDS = ("percent", "money", "count", "duration", "number")
QUALIFIERS = ("exact", "at_least", "at_most", "about", "more_than", "less_than")
DURATION_UNIT = "seconds"
# "about" means within this fraction of the value either way (on top of rounding).
ABOUT_TOLERANCE = 0.10

_LANGS = ("en", "es", "it", "de", "fr")  # also the priority order when the language is unknown

# --- Tokens and phrase lookup --------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+|[^\w\s]")
_NORM = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "−": "-", "‐": "-"})
_CLAUSE_PUNCT = frozenset('.,;:!?()[]"“”«»')
_SENTENCE_PUNCT = frozenset('.!?:;"“”«»()[]')


def _norm(token: str) -> str:
    return token.lower().translate(_NORM)


class _Doc:
    """The text, and the same text lower-cased and normalised character for character."""

    __slots__ = ("low", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        low = text.lower()
        if len(low) != len(text):  # a rare letter whose lower case is longer ("İ")
            low = "".join(ch.lower()[:1] for ch in text)
        self.low = low.translate(_NORM)


class _Toks:
    """The tokens of a window of text, in normalised form `t`, with their offsets on demand.

    Offsets are found only for the tokens asked about, from whichever end of the window is
    nearer: most windows are looked at and dropped, and those kept need a few offsets at most.
    """

    __slots__ = ("_spans", "doc", "endpos", "pos", "t")

    def __init__(self, doc: _Doc, pos: int, endpos: int) -> None:
        self.doc, self.pos, self.endpos = doc, pos, endpos
        self.t: list[str] = _TOKEN.findall(doc.low, pos, endpos)
        self._spans: dict[int, int] = {}  # token index -> start offset

    def start(self, k: int) -> int:
        found = self._spans.get(k)
        if found is not None:
            return found
        t, low, spans = self.t, self.doc.low, self._spans
        # Between tokens there is only space (and "_"), so a plain find lands on the token.
        if k < len(t) // 2:
            known = max((i for i in spans if i < k), default=-1)
            p = self.pos if known < 0 else spans[known] + len(t[known])
            for i in range(known + 1, k + 1):
                p = spans[i] = low.find(t[i], p)
                p += len(t[i])
        else:
            known = min((i for i in spans if i > k), default=len(t))
            p = self.endpos if known == len(t) else spans[known]
            for i in range(known - 1, k - 1, -1):
                p = spans[i] = low.rfind(t[i], self.pos, p)
        return spans[k]

    def end(self, k: int) -> int:
        return self.start(k) + len(self.t[k])

    def raw(self, i: int, n: int = 1) -> str:
        """The tokens i..i+n as written, without the spaces between them."""
        return "".join(self.doc.text[self.start(k) : self.end(k)] for k in range(i, i + n))


class _Table:
    """Phrases (as token tuples) -> value, matched at or ending at a token index."""

    __slots__ = ("first", "last", "map", "maxlen")

    def __init__(self, pairs: Iterable[tuple[str, Any]]) -> None:
        self.map: dict[tuple[str, ...], tuple[Any, str | None]] = {}
        self.maxlen = 0
        for phrase, value in pairs:
            toks = _TOKEN.findall(phrase)
            key = tuple(_norm(t) for t in toks)
            if key and key not in self.map:
                exact = "".join(toks) if phrase.isupper() else None
                self.map[key] = (value, exact)
                self.maxlen = max(self.maxlen, len(key))
        # Most lookups fail on their first (or last) token: test that with one set lookup.
        self.first = frozenset(k[0] for k in self.map)
        self.last = frozenset(k[-1] for k in self.map)

    def _hit(self, toks: _Toks, i: int, n: int) -> Any:
        hit = self.map.get(tuple(toks.t[i : i + n]) if n > 1 else (toks.t[i],))
        if hit is None or (hit[1] is not None and toks.raw(i, n) != hit[1]):
            return None
        return hit[0]

    def at(self, toks: _Toks, i: int) -> tuple[Any, int] | None:
        if not (0 <= i < len(toks.t)) or toks.t[i] not in self.first:
            return None
        for n in range(min(self.maxlen, len(toks.t) - i), 0, -1):
            value = self._hit(toks, i, n)
            if value is not None:
                return value, n
        return None

    def ending(self, toks: _Toks, j: int) -> tuple[Any, int] | None:
        if not (0 < j <= len(toks.t)) or toks.t[j - 1] not in self.last:
            return None
        for n in range(min(self.maxlen, j), 0, -1):
            value = self._hit(toks, j - n, n)
            if value is not None:
                return value, n
        return None


def _phrases(spec: dict[Any, dict[str, str]], langs: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    """(phrase, value) pairs of a table for `langs`, earlier languages first."""
    unknown = len(langs) > 1
    for lang in (*langs, "*"):
        skip = _UNKNOWN_LANGUAGE_SKIP if unknown and lang != "en" else frozenset()
        for value, by_lang in spec.items():
            for phrase in by_lang.get(lang, "").split("|"):
                if phrase and phrase.lower() not in skip:
                    yield phrase, value


def _per_lang(spec: dict[str, str]) -> dict[Any, dict[str, str]]:
    """A table whose phrases all have the same value (True): a set of phrases per language."""
    return {True: spec}


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of `words` shaped as a trie, so the scan stays in C and is fast."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(trie)


class _Lexicon:
    """Every table for one language (or for all of them when the language is unknown)."""

    def __init__(self, language: str | None) -> None:
        langs = (language,) if language else _LANGS
        self.decimal = {"en": "."}.get(language or "", ",") if language else None
        self.space_groups = language == "fr"
        self.german = language in (None, "de")
        table = lambda spec: _Table(_phrases(spec, langs))  # noqa: E731
        self.cur_before = table(CURRENCY_BEFORE)
        self.cur_after = table(CURRENCY_AFTER)
        self.percent = table(PERCENT)
        self.durations = table(DURATIONS)
        self.age_units = table(AGE_UNITS)
        self.age_after = table(AGE_AFTER)
        self.age_before = table(AGE_BEFORE)
        self.measures = table(MEASURES)
        self.magnitude = table(MAGNITUDE_BEFORE)
        self.nouns = table(COUNT_NOUNS)
        self.states = table(STATES)
        self.toll = table(TOLL)
        self.toll_rise = table(_per_lang(TOLL_RISE))
        self.aux = table(_per_lang(AUX))
        self.fillers = table(_per_lang(FILLERS))
        self.prepositions = {p for p, _ in _phrases(_per_lang(PREPOSITIONS), langs)}
        self.qual_before = table(QUALIFIERS_BEFORE)
        self.qual_after = table(QUALIFIERS_AFTER)
        self.range_start = table(RANGE_START)
        self.range_and = table(RANGE_AND)
        self.range_to = table(RANGE_TO)
        self.from_words = table(FROM_WORDS)
        self.connectors = table(CONNECTORS)
        self.scales = table(SCALES)
        self.vague = table(VAGUE)
        self.articles = table(ARTICLES)
        self.labels = table(LABELS)
        self.time_before = table(TIME_BEFORE)
        self.time_after = table(TIME_AFTER)
        self.ordinal_articles = table(_per_lang(ORDINAL_ARTICLES))
        self.spelled_and = {p for p, _ in _phrases(_per_lang(SPELLED_AND), langs)}
        self.months: dict[str, bool] = {}  # month -> must be capitalised (English)
        for lang in langs:
            for month in MONTHS[lang].split("|"):
                self.months.setdefault(month.lower(), lang == "en")
        self.states1 = {k[0]: v for k, (v, _) in self.states.map.items() if len(k) == 1}
        self.toll1 = {k[0]: v for k, (v, _) in self.toll.map.items() if len(k) == 1}
        self.aux1 = frozenset(k[0] for k in self.aux.map if len(k) == 1)
        self.context_last = frozenset().union(
            *(
                table.last
                for table in (
                    self.from_words,
                    self.labels,
                    self.time_before,
                    self.ordinal_articles,
                    self.magnitude,
                    self.age_before,
                )
            ),
            self.months,
            ".",
        )
        self._words(langs)

    def _words(self, langs: tuple[str, ...]) -> None:
        """Number words: `nums` for reading spelled numbers, `words` for finding them."""
        needs_unit = {p.lower() for p, _ in _phrases(_per_lang(NEEDS_UNIT), langs)}
        self.nums: dict[str, int] = {}
        self.words: dict[str, tuple[str, int]] = {}  # word -> (role, value)
        for lang in langs:
            for word, value in _NUMBER_WORDS[lang]().items():
                if len(langs) > 1 and lang != "en" and word in _UNKNOWN_LANGUAGE_SKIP:
                    continue
                self.nums.setdefault(word, value)
                if word not in _ARTICLE_ONES:
                    role = "one" if word in needs_unit else "num"
                    self.words.setdefault(word, (role, value))
        self.scale1 = {k[0]: v for k, (v, _) in self.scales.map.items() if len(k) == 1}
        approx = _Table(_phrases(APPROX, langs))
        for role, table in (("vague", self.vague), ("approx", approx)):
            for key, (value, _) in table.map.items():
                if len(key) == 1:
                    self.words.setdefault(key[0], (role, value))
        for word, value in self.scale1.items():
            if value >= 100 and len(word) > 3:  # "a million", "un millón"; not "bn", "Mio"
                self.words.setdefault(word, ("scale", value))
        pattern = _trie_pattern(sorted(self.words, key=len, reverse=True))
        # Matched against the lower-cased text: without IGNORECASE the scan is twice as fast.
        # A hyphen may follow ("two-year-old"); _parse_right drops "two-thirds", "one-off".
        self.word_re = re.compile(rf"(?<![\w-])(?:{pattern})(?!\w)")


@lru_cache(maxsize=16)
def _lexicon(language: str | None) -> _Lexicon:
    return _Lexicon(language)


def _language(language: str | None) -> str | None:
    code = (language or "").lower()[:2]
    return code if code in _LANGS else None


# --- Digits --------------------------------------------------------------------------------

_GROUP_SPACES = "\u00a0\u202f\u2009"


def _digits_re(spaces: str) -> re.Pattern[str]:
    """Digit runs: grouped by `spaces` ("12 300,5"), or by marks ("1.200.000", "3,5", "1'200")."""
    # The look-behind comes after the first digit so that the scan can jump between digits.
    grouped = r"\d{0,2}(?:[" + spaces + r"]\d{3}(?!\d))+(?:[.,]\d+)?"
    return re.compile(r"\d(?<![\w.,'’]\d)(?:" + grouped + r"|\d*(?:[.,'’]\d+)*)")


_DIGITS = _digits_re(_GROUP_SPACES)
_DIGITS_FR = _digits_re(_GROUP_SPACES + " ")
_NON_DIGIT = re.compile(r"\D")
# "+34 912 345 678", "(555) 123-4567": every digit run inside is skipped.
# It starts with a plain character class so that the scan jumps from candidate to candidate.
_PHONE = re.compile(
    r"[+(0](?:(?<=\+)\d{1,3}|(?<=\()\d{2,5}\)|(?<=0)(?<!\d0)\d{1,4})(?:[ .-]?\(?\d{2,5}\)?){2,}"
)
# Unambiguous signs of each convention, used when the language is unknown.
_CONTINENTAL = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d{1,2}|\d{1,3}(?:\.\d{3})*,\d{4,}")
_ENGLISH = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{1,2}|\d+\.\d{4,}")


def _parse_number(s: str, decimal: str) -> tuple[int, int, int | None] | None:
    """(numerator, denominator, other reading) of a digit string; None if not a number's grouping.

    The other reading is the thousands one of a decimal such as "1,200" in Spanish (1.2): a
    count of people cannot be 1.2, so counts take it instead.
    """
    seps = _NON_DIGIT.findall(s)
    if not seps:
        return int(s), 1, None
    parts = _NON_DIGIT.split(s)
    fraction = ""
    last = seps[-1]
    if last in ".," and len(set(seps)) > 1:  # "1.200,5", "1,200.5", "1 200,5": last is decimal
        fraction, parts, seps = parts[-1], parts[:-1], seps[:-1]
    elif (
        last in ".,"
        and len(seps) == 1
        and (last == decimal or len(parts[1]) != 3 or parts[0] == "0")
    ):  # one mark: the decimal one, or the other one not followed by three digits
        fraction, parts, seps = parts[-1], parts[:-1], []
    if seps and (
        len(set(seps)) > 1 or not 1 <= len(parts[0]) <= 3 or any(len(p) != 3 for p in parts[1:])
    ):
        return None
    digits = "".join(parts) + fraction
    other = int(digits) if len(fraction) == 3 and not seps and parts[0] != "0" else None
    return int(digits), 10 ** len(fraction), other


def _guess_decimal(numbers: Iterable[str]) -> str:
    votes = 0
    for s in numbers:
        if _CONTINENTAL.fullmatch(s):
            votes += 1
        elif _ENGLISH.fullmatch(s):
            votes -= 1
    return "," if votes > 0 else "."


# --- Candidates ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Core:
    start: int
    end: int
    role: str  # "digits" | "num" | "one" | "scale" | "vague" | "approx"
    num: int
    den: int = 1
    word: str = ""
    yearlike: bool = False
    other: int | None = None  # the thousands reading of "1,200" read as 1.2


@dataclass(slots=True)
class _Cand:
    core: _Core
    start: int
    end: int
    num: int
    den: int
    sign: int = 1
    mult: int = 1
    scaled: bool = False
    weak: bool = False
    currency: str | None = None
    percent: str | None = None
    seconds: int | None = None
    age: bool = False
    measure: str | None = None
    noun: str | None = None
    state: str | None = None
    context_state: str | None = None
    qualifier: str | None = None
    qualifier_after: str | None = None
    default_qualifier: str = "exact"
    bare_drop: bool = False  # a reason to drop it unless it turns out to have a unit
    name_like: bool = False  # a date, time or label: never the end of a range
    range_start: bool = False
    from_word: bool = False
    counted_unknown: bool = False

    @property
    def unitless(self) -> bool:
        """Nothing after the number; a currency before it is allowed ("$10-15 million")."""
        return not (
            self.scaled or self.percent or self.seconds or self.measure or self.noun or self.state
        )

    @property
    def bare(self) -> bool:
        return not (
            self.scaled
            or self.currency
            or self.percent
            or self.seconds
            or self.measure
            or self.noun
            or self.state
        )

    @property
    def kind(self) -> str:
        if self.currency:
            return "money"
        if self.percent:
            return "percent"
        if self.seconds:
            return "duration"
        if self.measure:
            return "number"
        if self.noun or self.state or self.context_state:
            return "count"
        return "number"


def _find_cores(doc: _Doc, lex: _Lexicon) -> list[_Core]:
    text = doc.text
    cores = []
    matches = list((_DIGITS_FR if lex.space_groups else _DIGITS).finditer(text))
    decimal = lex.decimal or _guess_decimal(m.group() for m in matches)
    phones = [m.span() for m in _PHONE.finditer(text)]
    for m in matches:
        s = m.group()
        if len(s) > 1 and s[0] == "0" and s[1].isdigit():
            continue  # "007", "020 7946 0958": codes and phone numbers
        if phones and any(a <= m.start() < b for a, b in phones):
            continue
        parsed = _parse_number(s, decimal)
        if parsed is None:
            continue  # "30.12.2022", "1.2.3": dates, versions
        num, den, other = parsed
        yearlike = len(s) == 4 and s.isdigit() and 1000 <= num <= 2100
        cores.append(_Core(m.start(), m.end(), "digits", num, den, yearlike=yearlike, other=other))
    for m in lex.word_re.finditer(doc.low):
        word = m.group()
        if word in lex.words:
            role, value = lex.words[word]
            cores.append(_Core(m.start(), m.end(), role, value, word=word))
    cores.sort(key=lambda c: c.start)
    return cores


_CLOCK_MINUTES = re.compile(r"\d ?h ?$")


def _digit_context_ok(text: str, core: _Core, in_range: bool) -> bool:
    """False for digits that belong to dates, times, scores, phone numbers or identifiers."""
    s, e = core.start, core.end
    before = text[s - 1] if s else " "
    after = text[e : e + 2].ljust(2)
    if before in "/:#№§" or (after[0] in "/:" and after[1].isdigit()):
        return False  # "24/7", "1/3", "10:30", "3:1"
    if before in "-‐–" and s >= 2:
        if text[s - 2].isalpha():
            return False  # "COVID-19", "F-16"
        if text[s - 2].isdigit() and not in_range:
            return False  # second half of "2022-12-30" or a score
    if after[0] == "-" and after[1].isdigit() and re.match(r"-\d+-\d", text[e : e + 12]):
        return False  # "2022-12-30", "555-123-4567"
    if before in "h " and _CLOCK_MINUTES.search(text, max(0, s - 4), s):
        return False  # the minutes of "3 h 42"
    line = text.rfind("\n", 0, s) + 1
    return not (
        not text[line:s].strip(" \t(") and after[0] in ".)" and after[1] in " \t\n"
    )  # list markers "1." and "2)" at the start of a line


def _spelled(words: list[str], lex: _Lexicon) -> tuple[int, int, int]:
    """Value of the spelled number at the start of `words`, words used, largest scale (>=1000)."""
    total = group = top = used = 0
    k = 0
    while k < len(words):
        w = words[k]
        scale = lex.scale1.get(w)
        if scale is not None and (k or w in lex.words):
            if scale < 1000:  # hundred, dozen: multiply the group
                if group >= 100:
                    break
                group = (group or 1) * scale
            else:
                base = total + group if scale > top else group
                if scale > top:
                    total = (base or 1) * scale
                    top = scale
                else:
                    total += (base or 1) * scale
                group = 0
            k += 1
            used = k
            continue
        value = lex.nums.get(w)
        if value is not None and _fits(group, value) and (k or w in lex.words):
            group += value
            k += 1
            used = k
            continue
        if (
            k
            and group
            and w in lex.spelled_and
            and k + 1 < len(words)
            and _fits(group, lex.nums.get(words[k + 1], -1))
        ):
            k += 1
            continue
        break
    return total + group, used, top


def _fits(group: int, value: int) -> bool:
    """Whether a number word can be added to the group read so far ("twenty" + "one")."""
    if value < 0:
        return False
    rest = group % 100
    if group == 0:
        return True
    if rest == 0:
        return value < 100
    return rest >= 20 and rest % 10 == 0 and 1 <= value <= 9


def _is_month(toks: _Toks, i: int, lex: _Lexicon) -> bool:
    if not 0 <= i < len(toks.t):
        return False
    capital = lex.months.get(toks.t[i])
    return capital is not None and (not capital or toks.raw(i)[:1].isupper())


def _state_ahead(toks: _Toks, i: int, lex: _Lexicon) -> str | None:
    """A state after words such as "were", "have been" ("12 people were killed")."""
    for _ in range(5):
        hit = lex.states.at(toks, i)
        if hit:
            return hit[0]
        aux = lex.aux.at(toks, i)
        if not aux:
            return None
        i += aux[1]
    return None


def _parse_right(doc: _Doc, c: _Cand, lex: _Lexicon) -> bool:
    """Read scale, unit and what is counted after the number; False to skip it."""
    core, text = c.core, doc.text
    end = min(len(text), core.end + 72)
    line = text.find("\n", core.end, end)
    toks = _Toks(doc, core.end, end if line < 0 else line)
    t, n, i = toks.t, len(toks.t), 0

    def take(k: int) -> None:
        nonlocal i
        i = k
        c.end = toks.end(k - 1)

    if core.role == "digits":
        if n and not text[core.end].isspace():  # something glued to the digits
            glued = t[0]
            if glued in GLUED_SCALES:
                c.num *= GLUED_SCALES[glued]
                c.mult = GLUED_SCALES[glued]
                c.scaled, c.weak = True, glued in WEAK_GLUED
                take(1)
            elif glued[0].isalpha() and not (
                lex.durations.at(toks, 0) or lex.measures.at(toks, 0) or lex.time_after.at(toks, 0)
            ):
                return False  # "3rd", "1990s", "5G", "A320neo"...
            elif glued in ("º", "ª") or (
                glued == "." and n > 1 and t[1] in ("º", "ª") and toks.start(1) == toks.end(0)
            ):
                return False  # "3º", "3.º"
            elif glued == "'" and n > 1 and t[1] == "s":
                return False  # "1990's"
    elif core.role in ("num", "one", "scale"):
        value, used, top = _spelled([core.word, *t], lex)
        c.num, c.mult, c.scaled = value, top or 1, top > 0
        if used > 1:
            take(used - 1)
    elif core.role == "vague":
        c.num, c.default_qualifier = 2 * core.num, "at_least"
        of = lex.connectors.at(toks, 0)
        more = of and lex.vague.at(toks, of[1])
        if more:  # "tens of thousands", "centinaia di migliaia"
            c.num *= more[0]
            take(of[1] + more[1])
    else:  # approx
        c.default_qualifier = "about"

    start = i
    if lex.time_after.at(toks, start) and core.role == "digits":
        return False  # "10 a.m.", "10 Uhr", "10h30"
    if (
        core.den == 1
        and core.num <= 31
        and (
            _is_month(toks, start, lex)
            or (
                start < n
                and t[start] in (".", "de", "of", "di")
                and _is_month(toks, start + 1, lex)
            )
        )
    ):
        c.bare_drop = c.name_like = True  # "30 December", "30 de diciembre", "30. Dezember"

    while i < n and core.role == "digits":
        hit = lex.scales.at(toks, i)
        if not hit:
            break
        c.num *= hit[0]
        c.mult *= hit[0]
        c.scaled = True
        take(i + hit[1])

    hit = lex.qual_after.at(toks, i)
    if hit:  # "12 or more people"
        c.qualifier_after = hit[0]
        take(i + hit[1])
    of = lex.connectors.at(toks, i)
    after_of = i + of[1] if of else i
    for at in dict.fromkeys((after_of, i)):  # "millones de dólares", "12 000 000 d'euros"
        hit = lex.cur_after.at(toks, at)
        if hit:
            c.currency = hit[0]
            take(at + hit[1])
            break
    if not c.currency:
        # "thousands of people", but not "12 of the people"
        noun_at = after_of if c.scaled or core.role in ("vague", "approx") else i
        _parse_unit(toks, c, lex, i, noun_at, take)
    hit = lex.qual_after.at(toks, i)
    if hit:  # "12 or more"
        c.qualifier_after = hit[0]
        take(i + hit[1])
    # A spelled number glued by a hyphen to something that is not a unit: "two-thirds".
    return core.role == "digits" or c.end > core.end or text[core.end : core.end + 1] != "-"


def _parse_unit(toks: _Toks, c: _Cand, lex: _Lexicon, i: int, after_of: int, take: Any) -> None:
    """Percent, duration, measure or counted noun and state, from token i."""
    t, n = toks.t, len(toks.t)
    hit = lex.percent.at(toks, i)
    if hit:
        c.percent = hit[0]
        take(i + hit[1])
        return
    u = i  # units may be glued by a hyphen: "10-day", "12-year-old", "6.4-magnitude"
    if i + 1 < n and t[i] == "-" and toks.start(i) == c.end and toks.start(i + 1) == toks.end(i):
        u = i + 1
    for table in (lex.age_units, lex.durations):
        hit = table.at(toks, u)
        if hit:
            c.seconds = hit[0]
            c.age = table is lex.age_units
            take(u + hit[1])
            age = lex.age_after.at(toks, u + hit[1])
            if age:  # "12 years old", "12-year-old"
                c.age = True
                take(u + hit[1] + age[1])
            return
    hit = lex.measures.at(toks, u)
    if hit:
        c.measure = hit[0]
        take(u + hit[1])
        return
    at = after_of
    filler = lex.fillers.at(toks, at)
    if filler and lex.nouns.at(toks, at + filler[1]):
        at += filler[1]
    noun = lex.nouns.at(toks, at)
    if noun:
        c.noun = noun[0]
        take(at + noun[1])
        at += noun[1]
        state = lex.states.at(toks, at)
        if state:  # "12 people dead", "12 personas muertas"
            c.state = state[0]
            take(at + state[1])
        else:
            c.state = _state_ahead(toks, at, lex)
        return
    state = lex.states.at(toks, i)
    if state and not (t[i] == "death" and c.num != 1):  # "1 death", not "12 death threats"
        c.state = state[0]  # "15 killed", "12 muertos", "300 injured"
        take(i + state[1])
        return
    c.state = _state_ahead(toks, i, lex)  # "12 were killed", "hundreds were evacuated"
    if c.state is None and i < len(t) and t[i].isalpha() and t[i] not in lex.prepositions:
        c.counted_unknown = True  # "killed 12 cows": the state said before is not about people


def _parse_left(doc: _Doc, c: _Cand, lex: _Lexicon, lo: int) -> bool:
    """Read currency, sign, article, qualifier and context before the number; False to skip."""
    core, text = c.core, doc.text
    pos = max(lo, core.start - 60)
    line = text.rfind("\n", pos, core.start)
    toks = _Toks(doc, line + 1 if line >= 0 else pos, core.start)
    t = toks.t
    j = len(t)

    if core.role == "one" and j and t[j - 1] in _NOT_COUNTING:
        return False  # "no one was hurt"
    if (
        core.role == "digits"
        and j
        and t[j - 1] in ("-", "+")
        and (
            text[core.start - 1] in "-−+"
            and (core.start < 2 or text[core.start - 2] in " \t(\u00a0")
        )
    ):
        c.sign = -1 if t[j - 1] == "-" else 1
        j -= 1
        c.start = toks.start(j)
    hit = lex.cur_before.ending(toks, j)
    if (
        hit
        and text[toks.end(j - 1) : c.start] in _AT_MOST_ONE_SPACE
        and not _has_space(text, toks.start(j - hit[1]), toks.end(j - 1))
    ):  # "$200", "US$ 5", "EUR 12"; not "a $" across a space
        c.currency = hit[0]
        j -= hit[1]
        c.start = toks.start(j)
    if core.role in ("approx", "scale"):
        hit = lex.articles.ending(toks, j)
        if not hit or c.start - toks.end(j - 1) > 1:
            return False  # "dozen" or "million" without "a"/"un"/"ein"
        c.num *= hit[0][0]
        c.den *= hit[0][1]
        j -= hit[1]
        c.start = toks.start(j)
    hit = lex.qual_before.ending(toks, j)
    if hit and (t[j - 1] not in WEAK_QUALIFIERS or not c.seconds):
        c.qualifier = hit[0]  # but "over three days" is "during"
        j -= hit[1]
        c.start = toks.start(j)
    if lex.range_start.ending(toks, j):
        c.range_start = True
        j -= 1
        c.start = toks.start(j)
    _read_context(text, toks, j, c, lex)
    return True


_NOT_COUNTING = frozenset({"no"})
_AT_MOST_ONE_SPACE = frozenset({"", " ", "\u00a0", "\u202f", "\u2009"})


def _has_space(text: str, start: int, end: int) -> bool:
    return any(ch.isspace() for ch in text[start:end])


def _read_context(text: str, toks: _Toks, j: int, c: _Cand, lex: _Lexicon) -> None:
    """Words before the quantity that say what it is: a label, a date, a time, a state."""
    t = toks.t
    core = c.core
    prev = t[j - 1] if j else ""
    if prev in lex.context_last:  # one set lookup spares the dozen below for most numbers
        _read_label(text, toks, j, c, lex)
    if (
        c.bare
        and core.role == "digits"
        and j >= 2
        and prev.isalpha()
        and t[j - 2] not in _SENTENCE_PUNCT
        and not c.qualifier
        and toks.raw(j - 1)[:1].isupper()
    ):
        c.bare_drop = c.name_like = True  # "Apollo 11", "Boeing 737"
    if c.currency or c.percent or c.seconds or c.measure or c.counted_unknown:
        return
    # A state just before ("killed 12", "murieron 12 personas") or a toll word in the clause.
    k = j
    for _ in range(3):
        hit = lex.states.ending(toks, k)
        if hit:
            c.context_state = hit[0]
            return
        if k and t[k - 1] in lex.aux1:
            k -= 1
        else:
            break
    for k in range(j - 1, max(-1, j - 7), -1):
        if t[k] in _CLAUSE_PUNCT:
            break
        state = lex.states1.get(t[k]) or lex.toll1.get(t[k])
        if state:
            c.context_state = state
            return
    if lex.toll_rise.ending(toks, j):
        # "the number of people killed ... rose to 15": what is counted sits before the
        # verb, further back than the usual window, which is widened for this case only.
        doc, end = toks.doc, toks.endpos
        line = doc.text.rfind("\n", max(0, end - TOLL_RISE_CHARS), end)
        wide = _Toks(doc, line + 1 if line >= 0 else max(0, end - TOLL_RISE_CHARS), end).t
        for k in range(len(wide) - 1, max(-1, len(wide) - TOLL_RISE_REACH), -1):
            if wide[k] in _SENTENCE_PUNCT:
                break
            state = lex.states1.get(wide[k]) or lex.toll1.get(wide[k])
            if state:
                c.context_state = state
                return


def _read_label(text: str, toks: _Toks, j: int, c: _Cand, lex: _Lexicon) -> None:
    """Labels, months, times and magnitudes just before the number."""
    t = toks.t
    core = c.core
    c.from_word = bool(lex.from_words.ending(toks, j))
    if lex.labels.ending(toks, j):
        c.bare_drop = c.name_like = True  # "No. 10", "Article 5"
    if (
        lex.time_before.ending(toks, j)
        and core.num <= 24 * core.den
        and core.den in (1, 100)  # "a las 10", "alle 10.30"
        and (t[j - 1] not in _TIME_ONLY_WITH_HOURS or c.seconds == 3600)
    ):
        c.bare_drop = c.name_like = True
        if c.seconds == 3600:
            c.seconds = None  # "a las 10 horas", "à 10 heures": a time of day
    if _is_month(toks, j - 1, lex) or (t[j - 1] == "." and _is_month(toks, j - 2, lex)):
        c.bare_drop = c.name_like = True  # "December 30", "Dec. 30"
    if lex.german and text[core.end : core.end + 1] == "." and lex.ordinal_articles.ending(toks, j):
        c.bare_drop = c.name_like = True  # "am 3. Oktober", "der 3. Platz"
    if lex.magnitude.ending(toks, j) and c.bare:
        c.measure = "magnitude"
    if lex.age_before.ending(toks, j) and not (c.currency or c.percent or c.measure):
        c.seconds = c.seconds or _YEAR
        c.age = True


def _candidate(
    doc: _Doc, core: _Core, lex: _Lexicon, lo: int, in_range: bool = False
) -> _Cand | None:
    if core.role == "digits" and not _digit_context_ok(doc.text, core, in_range):
        return None
    c = _Cand(core=core, start=core.start, end=core.end, num=core.num, den=core.den)
    if not _parse_right(doc, c, lex) or not _parse_left(doc, c, lex, lo):
        return None
    if c.bare and (core.role == "one" or core.yearlike):
        c.bare_drop = True  # "one of them", "in 2024"
    return c


def _dropped(c: _Cand) -> bool:
    if c.weak and not (c.currency or c.noun or c.state):
        return True  # "a 3m wall": metres or millions
    return c.bare_drop and c.bare


def _quantity(text: str, c: _Cand) -> Quantity:
    kind = c.kind
    if kind == "count" and c.core.other is not None and c.den == c.core.den:
        c.num, c.den = c.core.other * c.mult, 1  # "1,200 personas" are 1200, not 1.2
    unit: str | None = None
    counts = None
    if kind == "money":
        unit = c.currency
    elif kind == "percent":
        unit = c.percent
    elif kind == "duration":
        unit = DURATION_UNIT
        counts = AGE if c.age else None
    elif kind == "count":
        state = c.state or c.context_state
        unit = c.noun or "people"
        counts = f"{state} {unit}" if state else unit
    else:
        unit = c.measure
    value = c.sign * c.num * (c.seconds or 1) / c.den
    qualifier = c.qualifier or c.qualifier_after or c.default_qualifier
    return Quantity(
        text=text[c.start : c.end],
        start=c.start,
        end=c.end,
        value=value,
        kind=kind,
        unit=unit,
        qualifier=qualifier,
        counts=counts,
    )


# --- Ranges --------------------------------------------------------------------------------

_RANGE_DASH = re.compile(r"[^\S\n]*[-–—][^\S\n]*[$€£¥]?")
_RANGE_WORD = re.compile(r"[^\S\n]+([^\W\d_]+)[^\S\n]+[$€£¥]?")


def _range_kind(doc: _Doc, a: _Cand, b: _Core, lex: _Lexicon) -> str | None:
    gap = doc.text[a.end : b.start]
    if _RANGE_DASH.fullmatch(gap):
        return "dash" if a.core.role == "digits" and b.role == "digits" else None
    m = _RANGE_WORD.fullmatch(gap)
    if not m:
        return None
    word = _Toks(doc, a.end + m.start(1), a.end + m.end(1))
    if a.range_start and lex.range_and.at(word, 0):
        return "between"
    if lex.range_to.at(word, 0):
        return "change" if a.from_word else "to"  # "from 10 to 15 percent": both percent
    return None


def _join_range(a: _Cand, b: _Cand, how: str) -> tuple[_Cand, _Cand] | None:
    """Both ends of a range sharing scale and unit, or None when the two are not a range."""
    if b.name_like or (how in ("to", "change") and b.bare):
        return None
    if how == "dash" and b.bare and not (a.currency or a.range_start):
        return None
    a = replace(a)
    if a.mult == 1 and b.mult > 1 and not a.scaled:
        a.num *= b.mult
        a.mult = b.mult
    for name in ("currency", "percent", "seconds", "age", "measure", "noun", "state"):
        if not getattr(a, name):
            setattr(a, name, getattr(b, name))
    if a.currency and not b.currency:
        b = replace(b, currency=a.currency)
    if how == "change":
        return a, b
    if a.sign * a.num / a.den >= b.sign * b.num / b.den:
        return None  # "3-1" is a score, "10 to 5" no range
    a.qualifier = a.qualifier or "at_least"
    b.qualifier = b.qualifier or "at_most"
    return a, b


# --- Public API ----------------------------------------------------------------------------


def find_quantities(text: str, language: str | None) -> list[Quantity]:
    """Numbers and quantities in `text`, sorted by start, non-overlapping, normalised.

    `language` is an ISO 639-1 code (en, es, it, de, fr are read; others and None use every
    language's words and guess the decimal mark). See the module docstring for vocabularies.
    """
    if not text:
        return []
    lex = _lexicon(_language(language))
    doc = _Doc(text)
    cores = _find_cores(doc, lex)
    out: list[Quantity] = []
    lo = k = 0
    while k < len(cores):
        core = cores[k]
        k += 1
        if core.start < lo:
            continue
        a = _candidate(doc, core, lex, lo)
        if a is None:
            continue
        if a.unitless and not a.name_like and k < len(cores) and cores[k].start >= a.end:
            how = _range_kind(doc, a, cores[k], lex)
            b = how and _candidate(doc, cores[k], lex, a.end, in_range=True)
            if b:
                pair = _join_range(a, b, how)
                if pair:
                    out.extend(_quantity(text, x) for x in pair if not _dropped(x))
                    lo, k = b.end, k + 1
                    continue
                if how == "dash":  # "3-1", "2014-2016": a score or years, neither amount
                    lo, k = b.end, k + 1
                    continue
        if not _dropped(a):
            out.append(_quantity(text, a))
            lo = a.end
    return out


def _precision(q: Quantity) -> float:
    """Half the step of the last written digit when it is not a unit: "$1.2 billion" is +-50
    million and "12.5%" +-0.05, but "300 people" is exactly 300."""
    m = _WRITTEN_DIGITS.search(q.text)
    if not m:
        return 0.0
    digits = int(_NON_DIGIT.sub("", m.group()))
    step = abs(q.value) / digits if digits else 0.0
    return 0.0 if math.isclose(step, 1.0) else step / 2


_WRITTEN_DIGITS = re.compile(r"\d+(?:[.,'’ \u00a0\u202f\u2009]\d+)*")


def _interval(q: Quantity) -> tuple[float, bool, float, bool]:
    """(low, low open, high, high open) of the values a quantity allows."""
    v = q.value
    p = _precision(q)
    rounded = p > 0  # a rounded figure's bounds are open: 1.25 rounds to 1.3, not 1.2
    if q.qualifier == "about":
        w = abs(v) * ABOUT_TOLERANCE + p
        return v - w, False, v + w, False
    if q.qualifier == "at_least":
        return v - p, rounded, math.inf, True
    if q.qualifier == "more_than":
        return v, True, math.inf, True
    if q.qualifier == "at_most":
        return -math.inf, True, v + p, rounded
    if q.qualifier == "less_than":
        return -math.inf, True, v, True
    return v - p, rounded, v + p, rounded


def same_amount(a: Quantity, b: Quantity) -> bool | None:
    """Whether two quantities can state the same amount.

    None when they are not comparable (different kind, unit or counts); otherwise True when
    the values their qualifiers allow overlap ("at least 12" and "15"; "about 100" and "95";
    "$1.2 billion" and "$1.18 billion", equal up to the rounding of the written digits) and
    False when they cannot both be right (exactly 12 and exactly 15).
    """
    if (a.kind, a.unit, a.counts) != (b.kind, b.unit, b.counts):
        return None
    alo, alo_open, ahi, ahi_open = _interval(a)
    blo, blo_open, bhi, bhi_open = _interval(b)
    lo = max(alo, blo)
    hi = min(ahi, bhi)
    if not _close(lo, hi):
        return lo < hi
    # The intervals touch at one value: both must include it ("at least 12" and "12").
    lo_open = (_close(alo, lo) and alo_open) or (_close(blo, lo) and blo_open)
    hi_open = (_close(ahi, hi) and ahi_open) or (_close(bhi, hi) and bhi_open)
    return not (lo_open or hi_open)


def _close(x: float, y: float) -> bool:
    return x == y or math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)
