"""Date mentions: find the date expressions of an article and resolve them to calendar days.

Why own rules rather than dateparser alone (checked against dateparser 1.5.0): it reads
"12.5" as 5 December, puts "Dec. 30" in the *next* December for an article of 5 January,
and knows nothing of "el viernes", "am Freitag", "next spring" or "earlier this month";
its `search_dates` mis-parses freely, and one call costs about a millisecond.

How it stays fast (a 3,000-character article in well under a millisecond):
1. one scan with a *trie* regex of every keyword (month, weekday and season names, and
   fixed relative phrases such as "last week" or "pasado mañana") of the languages in play;
2. one scan for digit-led dates ("2022-12-30", "30.12.2022") and years;
3. for each hit, small anchored regexes look at the few words to its left and right
   (the day, the year, "last", "in", "el próximo"...).
Candidates then compete: the longest wins, so "Friday (30.12.2022)" is one mention.
dateparser is used only to read month names in languages without tables here.

Every heuristic is data in the tables below; the code only assembles and applies them.
"""

from __future__ import annotations

import bisect
import calendar
import contextlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache

from accord.analyze.date_words import (
    CAPITALISED_NAMES,
    CLAUSE_BREAKS,
    COUNT_WORDS,
    DATE_YEAR_RANGE,
    DAY,
    DAY_CONNECTORS,
    FIRST_DAY_WORDS,
    FUTURE_CUES,
    HABITUAL_BEFORE,
    LANGUAGES,
    LOOKBEHIND_CHARS,
    LOWERCASE_UNLESS_SENTENCE_START,
    MODIFIERS_AFTER,
    MODIFIERS_BEFORE,
    MONTH_ABBREVIATIONS,
    MONTH_CUES,
    MONTH_FIRST_LANGUAGES,
    MONTHS,
    NEEDS_KNOWN_LANGUAGE,
    OLD_YEAR_BEFORE,
    OLD_YEAR_CUES,
    ORDINAL,
    PAST_BIAS_DAYS,
    RELATIVE_DAY_BLOCKED_AFTER,
    RELATIVE_DAY_BLOCKED_BEFORE,
    RELATIVE_DAYS,
    RELATIVE_RANGES,
    SEASON_BLOCKED_BEFORE,
    SEASON_CUES,
    SEASON_FIRST_MONTH,
    SEASONS,
    SENTENCE_ENDS,
    SHORT_NUMERIC_CUES,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAY_DATE_ARTICLES,
    WEEKDAY_SUFFIXES,
    WEEKDAYS,
    YEAR_CONNECTORS,
    YEAR_CUES,
    YEAR_OFFSETS_AFTER,
    YEAR_RANGE,
    YEAR_REFERENCES_AFTER,
)
from accord.model import DateMention

# ---------------------------------------------------------------------------------------
# Regex assembly


def _variants(phrase: str, capitalised: bool) -> set[str]:
    """Spellings to match: as written, Capitalised, UPPER; only the last two when the
    language capitalises the word (English "May" the month, not "may" the verb)."""
    title = phrase[:1].upper() + phrase[1:]
    return {title, phrase.upper()} if capitalised else {phrase, title, phrase.upper()}


def _units(phrase: str) -> Iterable[str]:
    for ch in phrase:
        if ch == " ":
            yield r"\s+"
        elif ch in "'’":
            yield "['’]"
        else:
            yield re.escape(ch)


def _trie(phrases: Iterable[str]) -> str:
    """One regex for many phrases, factored by common prefixes. Python's `re` tries the
    branches of a plain alternation one by one at every position: a trie is ~8x faster."""
    root: dict[str, dict] = {}
    for phrase in phrases:
        node = root
        for unit in _units(phrase):
            node = node.setdefault(unit, {})
        node[""] = {}
    return _emit(root) or r"(?!)"


def _emit(node: dict[str, dict]) -> str:
    branches = [unit + _emit(node[unit]) for unit in sorted(node) if unit]
    if not branches:
        return ""
    if "" in node:  # a phrase ends here: the longer ones are tried first (greedy "?")
        return "(?:" + "|".join(branches) + ")?"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _words(items: Iterable[str], capitalised: bool = False) -> str:
    """A trie of words that each end with their separator: a space, or nothing after an
    apostrophe or hyphen ("quest'estate", "mid-March")."""
    forms: set[str] = set()
    for item in items:
        tail = "" if item[-1:] in "'’-" else " "
        forms.update(v + tail for v in _variants(item, capitalised))
    return _trie(forms) if forms else r"(?!)"


def _key(phrase: str) -> str:
    return " ".join(phrase.replace("’", "'").lower().split())


def _names(table: dict[str, tuple[str, ...]], lang: str) -> list[tuple[str, int]]:
    return [(n, i) for i, names in enumerate(table.get(lang, ())) for n in names.split("|") if n]


def _year(name: str) -> str:
    return rf"(?P<{name}>\d{{4}})(?!\w|[.,]\d)"


@dataclass(frozen=True)
class _Lexicon:
    """The compiled context patterns of one language."""

    lang: str
    left_month: re.Pattern[str]
    right_month: re.Pattern[str]
    left_weekday: re.Pattern[str]
    right_modifier: re.Pattern[str]
    left_season: re.Pattern[str]
    right_season: re.Pattern[str]
    future: re.Pattern[str]


def _build_lexicon(lang: str) -> _Lexicon:
    caps = lang in CAPITALISED_NAMES
    weekdays = [n for n, _ in _names(WEEKDAYS, lang)]
    weekdays += [n for n, _ in _names(WEEKDAY_ABBREVIATIONS, lang)]
    wd = _trie({v for n in weekdays for v in _variants(n, caps)})
    first = "|".join(FIRST_DAY_WORDS.get(lang, ()))
    day = rf"(?:{DAY}(?!\d)|{first})" if first else rf"{DAY}(?!\d)"
    mods = _words(MODIFIERS_BEFORE[lang])
    mods_after = _trie({v for m in MODIFIERS_AFTER.get(lang, {}) for v in _variants(m, False)})
    year_phrases = [*YEAR_OFFSETS_AFTER.get(lang, {}), *YEAR_REFERENCES_AFTER.get(lang, ())]
    year_offsets = _trie({v for m in year_phrases for v in _variants(m, False)})
    yconn = _words(YEAR_CONNECTORS.get(lang, ()))
    count = _trie(COUNT_WORDS)
    left_month = (
        rf"(?<!\w)(?:(?P<dmod>{mods})?"
        rf"(?:(?P<wd>{wd})\.?,?\s+(?:{_words(WEEKDAY_DATE_ARTICLES[lang])})?)?"
        rf"(?P<d1>{day}){ORDINAL}?(?:\s*[-–]\s*(?P<d2>{DAY})(?!\d){ORDINAL}?)?\.?\s+"
        rf"(?:{_words(DAY_CONNECTORS.get(lang, ()))})?"
        rf"|(?P<cue>{_words(MONTH_CUES[lang])})?(?P<mod>{mods})"
        rf"|(?P<cue2>{_words(MONTH_CUES[lang])})"
        rf"|(?P<wd2>{wd})\.?,?\s+)\Z"
    )
    after_year = rf"(?!\s+(?:{count})(?!\w))"
    month_first = (
        rf"\s+(?P<rd1>{DAY}){ORDINAL}?(?:\s*[-–]\s*(?P<rd2>{DAY}){ORDINAL}?)?"
        rf"(?!\w|[.,:]\d|\s+(?:{count})(?!\w))(?:,?\s+{_year('ry')}{after_year})?|"
        if lang in MONTH_FIRST_LANGUAGES
        else ""
    )
    right_month = (
        rf"(?:{month_first},?\s+(?:{yconn})?{_year('y')}{after_year}"
        rf"|,?\s+(?P<yoff>{year_offsets})(?!\w)|\s+(?P<mod>{mods_after})(?!\w))"
    )
    season_cues = _words(SEASON_CUES[lang])
    return _Lexicon(
        lang=lang,
        left_month=re.compile(left_month),
        right_month=re.compile(right_month),
        left_weekday=re.compile(
            rf"(?<!\w)(?:(?P<hab>{_words(HABITUAL_BEFORE[lang])})|(?P<mod>{mods}))\Z"
        ),
        right_modifier=re.compile(rf"\s+(?P<mod>{mods_after})(?!\w)"),
        left_season=re.compile(
            rf"(?<!\w)(?P<cue>{season_cues})?(?:(?P<el>l['’])|(?P<mod>{mods}))?\Z"
        ),
        right_season=re.compile(
            rf",?\s+(?:{yconn})?{_year('y')}{after_year}"
            rf"|,?\s+(?P<yoff>{year_offsets})(?!\w)|\s+(?P<mod>{mods_after})(?!\w)"
        ),
        future=re.compile(FUTURE_CUES[lang]),
    )


@dataclass(frozen=True)
class _Meaning:
    kind: str  # month | weekday | season | relday | relrange
    lang: str
    value: object
    abbreviation: bool = False
    capitalised: bool = False


@dataclass(frozen=True)
class _Scanner:
    """Everything compiled for one set of languages."""

    trigger: re.Pattern[str]
    meanings: dict[str, tuple[_Meaning, ...]]
    lexicons: dict[str, _Lexicon]
    left_year_cue: re.Pattern[str]
    left_weekday_prefix: re.Pattern[str]
    left_short_numeric: re.Pattern[str]


@cache
def _lexicon(lang: str) -> _Lexicon:
    return _build_lexicon(lang)


@lru_cache(maxsize=16)
def _scanner(langs: tuple[str, ...], language_known: bool) -> _Scanner:
    meanings: dict[str, list[_Meaning]] = {}
    forms: set[str] = set()

    def add(word: str, meaning: _Meaning, capitalised: bool) -> None:
        if not language_known and word in NEEDS_KNOWN_LANGUAGE:
            return
        bucket = meanings.setdefault(_key(word), [])
        if meaning not in bucket:
            bucket.append(meaning)
        forms.update(_variants(word, capitalised))

    for lang in langs:
        caps = lang in CAPITALISED_NAMES
        for name, i in _names(MONTHS, lang):
            add(name, _Meaning("month", lang, i + 1, False, caps), caps)
        for name, i in _names(MONTH_ABBREVIATIONS, lang):
            add(name, _Meaning("month", lang, i + 1, True, caps), caps)
        for name, i in _names(WEEKDAYS, lang):
            for suffix in ("", *WEEKDAY_SUFFIXES.get(lang, ())):
                add(name + suffix, _Meaning("weekday", lang, i, False, caps), caps)
        for name, season in SEASONS[lang].items():
            add(name, _Meaning("season", lang, season, False, lang == "de"), lang == "de")
        for phrase, offset in RELATIVE_DAYS[lang].items():
            add(phrase, _Meaning("relday", lang, offset), False)
        for phrase, unit_mode in RELATIVE_RANGES[lang].items():
            add(phrase, _Meaning("relrange", lang, unit_mode), False)
    weekdays = [n for lang in langs for n, _ in _names(WEEKDAYS, lang)]
    weekdays += [n for lang in langs for n, _ in _names(WEEKDAY_ABBREVIATIONS, lang)]
    articles = [a for lang in langs for a in WEEKDAY_DATE_ARTICLES[lang]]
    short_cues = [c for lang in langs for c in SHORT_NUMERIC_CUES.get(lang, ())]
    return _Scanner(
        # No lookbehind: it would cost 20% of the scan; `_keywords` checks the left edge.
        trigger=re.compile(rf"{_trie(forms)}(?!\w)"),
        meanings={k: tuple(v) for k, v in meanings.items()},
        lexicons={lang: _lexicon(lang) for lang in langs},
        left_year_cue=re.compile(
            rf"(?<!\w)(?:{_words([c for lang in langs for c in YEAR_CUES[lang]])})\Z"
        ),
        left_weekday_prefix=re.compile(
            rf"(?<!\w)(?P<wd>{_trie({v for n in weekdays for v in _variants(n, False)})})"
            rf"\.?,?\s*(?P<par>\(\s*)?(?:{_words(articles)})?\Z"
        ),
        left_short_numeric=re.compile(rf"(?<!\w)(?:{_words(short_cues)})\Z"),
    )


# Digit-led forms, whatever the language. The bare year and "30.12." need a cue (checked
# on their left); the others are dates by their shape alone.
_NUMERIC = re.compile(
    # The lookahead lets `re` skip to digits fast (2x faster). Latin letters before a number
    # make it a code ("v2.10.2022"); CJK ones do not ("は2022年12月30日").
    r"(?=\d)(?<![\dA-Za-z_.,/-])(?:"
    r"(?P<iy>\d{4})(?P<isep>[-/])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})(?!\d|[.,/-]\d)"
    r"|(?P<cy>\d{4})\s*[年년]\s*(?P<cm>\d{1,2})\s*[月월]\s*(?P<cd>\d{1,2})\s*[日일]"
    r"|(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<ay>\d{4})(?!\d|[.,/-]\d)"
    r"|(?P<gd>\d{1,2})\.(?P<gm>\d{1,2})\.(?![\w]|[.,]?\d)"
    r"|(?P<year>\d{4})(?![\w]|[.,/-]\d))"
)
_CLAUSE_BREAK = re.compile(f"[{re.escape(CLAUSE_BREAKS)}]")
_CLOSING_PARENTHESIS = re.compile(r"\s*\)")
_SEASON_BLOCKED_BEFORE = {
    word: re.compile(rf"\s+(?:{'|'.join(after)})\b")
    for word, after in SEASON_BLOCKED_BEFORE.items()
}
_COUNT_AFTER = re.compile(rf"\s*(?:{_trie(COUNT_WORDS)})(?!\w)")
_WORD_REST = re.compile(r"\w*")
_PREVIOUS_WORD = re.compile(r"(\w+)\W*\Z")
_FALLBACK_CANDIDATE = re.compile(
    r"(?<![\w.,])(?P<d>\d{1,2})\.?[ºª°]?\s+(?:(?:de|of|van|von)\s+)?(?P<w>[^\W\d_]{3,12})"
    r"(?P<dot>\.)?(?:,?\s+(?:de\s+)?(?P<y>\d{4})(?!\w))?(?!\w)"
)

# ---------------------------------------------------------------------------------------
# Calendar arithmetic

Span = tuple[date, date]


def _parse_published(published: str | None) -> date | None:
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", published or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _month_span(year: int, month: int) -> Span:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _season_span(year: int, season: str) -> Span:
    first = SEASON_FIRST_MONTH[season]
    last_year, last_month = (year + 1, first - 10) if first + 2 > 12 else (year, first + 2)
    return date(year, first, 1), _month_span(last_year, last_month)[1]


def _choose(
    pub: date, make: Callable[[int], Span], mode: str | None, future: bool, weekday: int = -1
) -> Span | None:
    """The occurrence of a yearless day, month or season meant, seen from `pub`."""
    found: list[tuple[int, Span]] = []
    for year in range(pub.year - 2, pub.year + 3):
        try:
            found.append((year, make(year)))
        except ValueError:  # 29 February, or a year out of range
            continue
    if weekday >= 0:  # "Friday, Dec. 30": the year in which Dec. 30 is a Friday
        fitting = [f for f in found if f[1][0].weekday() == weekday]
        if fitting:
            return min(fitting, key=lambda f: (abs((f[1][0] - pub).days), f[0]))[1]
    occurrences = [span for _, span in found]
    current = [s for s in occurrences if s[0] <= pub <= s[1]]
    past = [s for s in occurrences if s[1] < pub]
    coming = [s for s in occurrences if s[0] > pub]
    if mode == "this":
        return current[0] if current else next((s for y, s in found if y == pub.year), None)
    if mode == "last":
        return past[-1] if past else None
    if mode == "next":
        return coming[0] if coming else None
    if current:
        return current[0]
    if future or not past:
        return coming[0] if coming else None
    if not coming:
        return past[-1]
    # The nearest one; news mostly reports what happened, so the past wins near-ties.
    past_gap, coming_gap = (pub - past[-1][1]).days, (coming[0][0] - pub).days
    return past[-1] if past_gap <= coming_gap + PAST_BIAS_DAYS else coming[0]


def _weekday_date(pub: date, weekday: int, mode: str | None, future: bool) -> date:
    if mode == "last":
        return pub - timedelta((pub.weekday() - weekday) % 7 or 7)
    if mode == "next":
        return pub + timedelta((weekday - pub.weekday()) % 7 or 7)
    if mode == "this":
        return pub + timedelta(weekday - pub.weekday())
    if future:
        return pub + timedelta((weekday - pub.weekday()) % 7)
    return pub - timedelta((pub.weekday() - weekday) % 7)


def _range_span(pub: date, unit: str, mode: str) -> Span:
    if unit in ("week", "weekend"):
        monday = pub - timedelta(pub.weekday())
        shift = {"last": -7, "next": 7}.get(mode, 0)
        start = monday + timedelta(shift + (5 if unit == "weekend" else 0))
        span = (start, start + timedelta(1 if unit == "weekend" else 6))
    elif unit == "month":
        year, month = pub.year, pub.month + {"last": -1, "next": 1}.get(mode, 0)
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        span = _month_span(year, month)
    else:
        year = pub.year + {"last": -1, "next": 1}.get(mode, 0)
        span = (date(year, 1, 1), date(year, 12, 31))
    # "earlier this month" ran up to the day before publication, "later this month" starts
    # the day after (as examples/README.md defines them); on the 1st it is just the 1st.
    if mode == "earlier":
        return span[0], max(span[0], pub - timedelta(1))
    if mode == "later":
        return min(span[1], pub + timedelta(1)), span[1]
    return span


# ---------------------------------------------------------------------------------------
# Finding


@dataclass
class _Context:
    text: str
    pub: date | None
    scanner: _Scanner
    found: list[DateMention] = field(default_factory=list)
    breaks: list[int] | None = None  # clause-break offsets, computed on first need

    def add(
        self,
        start: int,
        end: int,
        span: Callable[[date], Span | None] | Span | None,
        granularity: str,
    ) -> None:
        """Record a mention; `span` is a (first, last) pair, or a function of the
        publication date for a relative expression."""
        relative = callable(span)
        try:
            resolved = span(self.pub) if callable(span) and self.pub else span
        except (ValueError, OverflowError):
            resolved = None
        if callable(resolved) or resolved is None:
            first = last = None
        else:
            first, last = resolved[0].isoformat(), resolved[1].isoformat()
        self.found.append(
            DateMention(self.text[start:end], start, end, first, last, granularity, relative)
        )

    def future(self, start: int, lex: _Lexicon) -> bool:
        """Does a future verb come earlier in the clause ("will meet on Friday")?"""
        if self.breaks is None:
            self.breaks = [m.start() for m in _CLAUSE_BREAK.finditer(self.text)]
        i = bisect.bisect_left(self.breaks, start)
        lo = max(start - 100, self.breaks[i - 1] + 1 if i else 0)
        return bool(lex.future.search(self.text, lo, start))

    def left(self, pattern: re.Pattern[str], start: int) -> re.Match[str] | None:
        return pattern.search(self.text, max(0, start - LOOKBEHIND_CHARS), start)


def _at_sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\r\u00a0":
        i -= 1
    return i < 0 or text[i] in SENTENCE_ENDS


def _previous_word(text: str, start: int) -> str:
    match = _PREVIOUS_WORD.search(text, max(0, start - 24), start)
    return match[1].lower() if match else ""


def _month(ctx: _Context, s: int, e: int, m: _Meaning) -> None:
    text, lex, month = ctx.text, ctx.scanner.lexicons[m.lang], int(m.value)
    dot = m.abbreviation and text.startswith(".", e)
    after = e + 1 if dot else e
    right = lex.right_month.match(text, after)
    left = ctx.left(lex.left_month, s)
    lg = left.groupdict() if left else {}
    rg = right.groupdict() if right else {}
    if lg.get("d1") and rg.get("rd1"):  # "5 March 12": the day on the left wins
        right, rg = None, {}
    # An abbreviation needs its dot or a number: "Dec 30", "30 Dec 2022", "30 Mar", but
    # not "30 may have died" or "Mar del Plata".
    numbered = rg.get("rd1") or rg.get("y") or (lg.get("d1") and text[s].isupper())
    if m.abbreviation and not dot and not numbered:
        return
    end = right.end() if right else after
    year = _date_year(rg.get("y") or rg.get("ry"))
    if year == 0:
        return
    offset = _year_offset(lex.lang, rg.get("yoff"))
    if lg.get("d1") or rg.get("rd1"):  # "30 December 2022", "Friday, Dec. 30"
        first, last, wd = ("d1", "d2", "wd") if lg.get("d1") else ("rd1", "rd2", "wd2")
        groups = lg if lg.get("d1") else rg
        day1 = _day_number(str(groups[first]))
        day2 = _day_number(str(groups[last] or groups[first]))
        start = next((left.start(k) for k in ("dmod", wd, "d1") if left and lg.get(k)), s)
        mode = _mode(lex.lang, lg.get("dmod"), rg.get("mod"))
        weekday = _weekday_of(ctx, lg.get(wd))
        when = _DayMonth(month, day1, day2, year, mode, offset, weekday, ctx.future(start, lex))
        _day_month(ctx, start, end, when)
    elif year:  # "March 2024", "in marzo de 2024"
        start = left.start("mod") if lg.get("mod") else s
        ctx.add(start, end, _month_span(year, month), "month")
    elif lg.get("mod") or rg.get("mod") or offset is not None or lg.get("cue2"):
        start = left.start("mod") if lg.get("mod") else s
        mode = _mode(lex.lang, lg.get("mod"), rg.get("mod"))
        future = ctx.future(start, lex)

        def span(pub: date) -> Span | None:
            if offset == _ELSEWHERE:
                return None
            if offset is not None:
                return _month_span(pub.year + offset, month)
            return _choose(pub, lambda y: _month_span(y, month), mode, future)

        ctx.add(start, end, span, "month")


def _date_year(digits: str | None) -> int | None:
    """The year written after a month or season: None if none, 0 if not a plausible one."""
    if not digits:
        return None
    year = int(digits)
    return year if DATE_YEAR_RANGE[0] <= year <= DATE_YEAR_RANGE[1] else 0


def _day_number(word: str) -> int:
    return int(word) if word.isdigit() else 1  # "primo", "primero", "premier"


def _weekday_of(ctx: _Context, word: str | None) -> int:
    """The weekday (0 = Monday) named by `word`, full or abbreviated; -1 if none."""
    if not word:
        return -1
    key = _key(word).rstrip(".")
    for meaning in ctx.scanner.meanings.get(key, ()):
        if meaning.kind == "weekday":
            return int(meaning.value)
    for lang in ctx.scanner.lexicons:
        for name, i in _names(WEEKDAY_ABBREVIATIONS, lang):
            if name == key:
                return i
    return -1


def _mode(lang: str, before: str | None, after: str | None) -> str | None:
    if before:
        return MODIFIERS_BEFORE[lang].get(_key(before))
    if after:
        return MODIFIERS_AFTER.get(lang, {}).get(_key(after))
    return None


_ELSEWHERE = -9999  # the year offset of "of that year": a year this module cannot know


def _year_offset(lang: str, phrase: str | None) -> int | None:
    """Years from publication given by a phrase after the date ("last year"), or None."""
    if not phrase:
        return None
    key = _key(phrase)
    if any(key == _key(p) for p in YEAR_REFERENCES_AFTER.get(lang, ())):
        return _ELSEWHERE
    return YEAR_OFFSETS_AFTER.get(lang, {}).get(key)


@dataclass(frozen=True)
class _DayMonth:
    """A day (or day range) of a month as written, with what picks its year."""

    month: int
    day1: int
    day2: int
    year: int | None
    mode: str | None  # "last"/"next" from "marzo pasado"
    offset: int | None  # from "last year"
    weekday: int  # from "Friday, Dec. 30"; -1 if none
    future: bool

    def span(self, year: int) -> Span:
        return date(year, self.month, self.day1), date(year, self.month, self.day2)


def _day_month(ctx: _Context, start: int, end: int, when: _DayMonth) -> None:
    if when.day2 < when.day1 or when.day2 > calendar.monthrange(2000, when.month)[1]:
        return  # "31 February", "30-29 June"
    if when.year is not None:
        with contextlib.suppress(ValueError):  # 29 February of a common year
            ctx.add(start, end, when.span(when.year), "day")
        return

    def span(pub: date) -> Span | None:
        if when.offset == _ELSEWHERE:
            return None
        if when.offset is not None:
            return when.span(pub.year + when.offset)
        return _choose(pub, when.span, when.mode, when.future, when.weekday)

    ctx.add(start, end, span, "day")


def _same_day(day: date) -> Span:
    return day, day


def _weekday(ctx: _Context, s: int, e: int, m: _Meaning) -> None:
    text, lex = ctx.text, ctx.scanner.lexicons[m.lang]
    word = text[s:e]
    titled = word[:1].isupper() and not word.isupper()
    if m.lang not in CAPITALISED_NAMES and titled and not _at_sentence_start(text, s):
        return  # "Plácido Domingo", "Domenica Rossi"
    left = ctx.left(lex.left_weekday, s)
    if left and left["hab"]:
        return  # "los viernes": every Friday
    right = lex.right_modifier.match(text, e)
    start = left.start() if left else s
    end = right.end() if right else e
    mode = _mode(m.lang, left["mod"] if left else None, right["mod"] if right else None)
    weekday = int(m.value)
    future = mode is None and ctx.future(start, lex)
    ctx.add(start, end, lambda pub: _same_day(_weekday_date(pub, weekday, mode, future)), "day")


def _season(ctx: _Context, s: int, e: int, m: _Meaning) -> None:
    text, lex, season = ctx.text, ctx.scanner.lexicons[m.lang], str(m.value)
    left = ctx.left(lex.left_season, s)
    right = lex.right_season.match(text, e)
    lg = left.groupdict() if left else {}
    rg = right.groupdict() if right else {}
    if not (rg.get("y") or rg.get("yoff") or rg.get("mod") or lg.get("mod")):
        # A preposition alone must do: "in the fall" yes, "in the fall of the regime" no.
        blocked = _SEASON_BLOCKED_BEFORE.get(_key(text[s:e]))
        if not lg.get("cue") or (blocked and blocked.match(text, e)):
            return
    start = next((left.start(k) for k in ("el", "mod") if left and lg.get(k)), s)
    end = right.end() if right else e
    year = _date_year(rg.get("y"))
    if year == 0:
        return
    if year:
        ctx.add(start, end, _season_span(year, season), "season")
        return
    mode = _mode(m.lang, lg.get("mod"), rg.get("mod"))
    offset = _year_offset(m.lang, rg.get("yoff"))
    future = mode is None and ctx.future(start, lex)

    def span(pub: date) -> Span | None:
        if offset == _ELSEWHERE:
            return None
        if offset is not None:
            return _season_span(pub.year + offset, season)
        return _choose(pub, lambda y: _season_span(y, season), mode, future)

    ctx.add(start, end, span, "season")


def _relative_day(ctx: _Context, s: int, e: int, m: _Meaning) -> None:
    text = ctx.text
    key = _key(text[s:e])
    # "heute Morgen" is caught whole; a lone capitalised "Morgen" is a morning.
    capitalised = key in LOWERCASE_UNLESS_SENTENCE_START and not text[s].islower()
    if capitalised and not _at_sentence_start(text, s):
        return
    if _previous_word(text, s) in RELATIVE_DAY_BLOCKED_AFTER.get(key, ()):
        return
    following = " ".join(text[e : e + 16].lower().split())
    if any(following.startswith(w) for w in RELATIVE_DAY_BLOCKED_BEFORE.get(key, ())):
        return
    offset = int(m.value)
    ctx.add(s, e, lambda pub: _same_day(pub + timedelta(offset)), "day")


def _relative_range(ctx: _Context, s: int, e: int, m: _Meaning) -> None:
    unit, mode = m.value  # type: ignore[misc]
    granularity = "week" if unit == "weekend" else unit
    ctx.add(s, e, lambda pub: _range_span(pub, unit, mode), granularity)


_HANDLERS: dict[str, Callable[[_Context, int, int, _Meaning], None]] = {
    "month": _month,
    "weekday": _weekday,
    "season": _season,
    "relday": _relative_day,
    "relrange": _relative_range,
}


def _keywords(ctx: _Context) -> None:
    text, trigger, pos = ctx.text, ctx.scanner.trigger, 0
    while hit := trigger.search(text, pos):
        s, e = hit.span()
        if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
            # Inside a word ("dismay", "protesta mañana"): go on from the word's end, so
            # that a real keyword after it is not swallowed.
            pos = _WORD_REST.match(text, s).end()  # type: ignore[union-attr]
            continue
        pos = e
        word = hit[0]
        for meaning in ctx.scanner.meanings.get(_key(word), ()):
            if meaning.capitalised and not word[:1].isupper():
                continue  # "may" the verb, "march" the walk
            _HANDLERS[meaning.kind](ctx, s, e, meaning)


def _numbers(ctx: _Context, month_first: bool) -> None:
    for m in _NUMERIC.finditer(ctx.text):
        if m["year"]:
            _bare_year(ctx, m)
        elif m["gd"]:
            _short_numeric(ctx, m)
        else:
            _numeric_date(ctx, m, month_first)


def _numeric_date(ctx: _Context, m: re.Match[str], month_first: bool) -> None:
    if m["iy"] or m["cy"]:
        y, mo, d = (m["iy"], m["im"], m["id"]) if m["iy"] else (m["cy"], m["cm"], m["cd"])
        ymd = int(y), int(mo), int(d)
    else:
        a, b = int(m["a"]), int(m["b"])
        swap = b > 12 or (month_first and a <= 12 and m["sep"] == "/")
        ymd = (int(m["ay"]), a, b) if swap else (int(m["ay"]), b, a)
    if _date_year(str(ymd[0])) == 0:
        return
    try:
        day = date(*ymd)
    except ValueError:  # 31.02.2022
        return
    start, end = m.start(), m.end()
    # "Friday (30.12.2022)", "Fri, 2022-12-30": one mention, the explicit date wins.
    prefix = ctx.left(ctx.scanner.left_weekday_prefix, start)
    close = _CLOSING_PARENTHESIS.match(ctx.text, end) if prefix and prefix["par"] else None
    if prefix and (close or not prefix["par"]):
        start, end = prefix.start(), close.end() if close else end
    ctx.add(start, end, _same_day(day), "day")


def _bare_year(ctx: _Context, m: re.Match[str]) -> None:
    year = int(m["year"])
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1] or _COUNT_AFTER.match(ctx.text, m.end()):
        return
    cue = ctx.left(ctx.scanner.left_year_cue, m.start())
    if cue and (year >= OLD_YEAR_BEFORE or _key(cue[0]) in OLD_YEAR_CUES):
        ctx.add(m.start(), m.end(), (date(year, 1, 1), date(year, 12, 31)), "year")


def _short_numeric(ctx: _Context, m: re.Match[str]) -> None:
    day, month = int(m["gd"]), int(m["gm"])
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]):
        return
    if ctx.left(ctx.scanner.left_short_numeric, m.start()):
        when = _DayMonth(month, day, day, None, None, None, -1, False)
        _day_month(ctx, m.start(), m.end(), when)


@lru_cache(maxsize=4096)
def _month_by_dateparser(word: str, lang: str) -> int | None:
    """Month number of `word` in a language without tables here, asked of dateparser once
    per word: "15 <word> 2001" must come back as the 15th of some month of 2001."""
    try:
        import dateparser

        parsed = dateparser.parse(
            f"15 {word} 2001", languages=[lang], settings={"STRICT_PARSING": True}
        )
    except Exception:  # an unknown language code, or dateparser's own failures
        return None
    if parsed is None or (parsed.year, parsed.day) != (2001, 15):
        return None
    return parsed.month


def _fallback(ctx: _Context, lang: str) -> None:
    for m in _FALLBACK_CANDIDATE.finditer(ctx.text):
        month = _month_by_dateparser(m["w"].lower(), lang)
        if month is None:
            continue
        year = _date_year(m["y"])
        if year == 0:
            continue
        end = m.end() if m["y"] or m["dot"] else m.end("w")
        day = int(m["d"])
        _day_month(ctx, m.start(), end, _DayMonth(month, day, day, year, None, None, -1, False))


def _select(found: list[DateMention]) -> list[DateMention]:
    """Longest first; a mention overlapping one already kept is dropped."""
    starts: list[int] = []  # kept mentions, sorted by start; they never overlap
    kept: list[DateMention] = []
    for mention in sorted(found, key=lambda d: (d.start - d.end, d.start, d.value or "")):
        i = bisect.bisect_left(starts, mention.start)
        if i < len(kept) and kept[i].start < mention.end:
            continue  # a kept one starts inside this one
        if i and kept[i - 1].end > mention.start:
            continue  # the kept one before reaches into this one
        starts.insert(i, mention.start)
        kept.insert(i, mention)
    return kept


def _languages(language: str | None) -> tuple[tuple[str, ...], str | None]:
    """(languages with tables to use, a language to hand to dateparser instead)."""
    if not language:
        return LANGUAGES, None
    code = re.split(r"[-_]", language.strip().lower())[0]
    return ((code,), None) if code in LANGUAGES else ((), code)


def find_dates(text: str, language: str | None, published: str | None) -> list[DateMention]:
    """Every date expression in `text`, resolved against the publication date.

    Sorted by start, non-overlapping (the longest wins). `language` is an ISO 639-1 code;
    None tries English, Spanish, Italian, German and French. Relative expressions ("on
    Friday", "last week", "Dec. 30") get `value` None when `published` is unknown.
    """
    if not text:
        return []
    langs, other = _languages(language)
    ctx = _Context(text, _parse_published(published), _scanner(langs, bool(language)))
    if langs:
        _keywords(ctx)
    _numbers(ctx, month_first=language is not None and langs == ("en",))
    if other:
        _fallback(ctx, other)
    return _select(ctx.found)
