"""Metadata and body of a plain-text article, as scrapers and translators leave them.

A `.txt` article often starts with a headline and a few `key: value` lines (in any order,
some written ` date 2022-12-30`), then the body, which may open with a wire dateline
("MOSCOW (Reuters) -"). `parse_plain_text` separates the header from the body and reads
the dateline; it never rewrites body text, only drops the header lines and trailing
whitespace, so every body line is a piece of the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from accord.ingest.credits import canonical_agency


@dataclass
class PlainText:
    title: str | None = None
    published: str | None = None  # "YYYY-MM-DD" or ISO 8601 datetime
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    language: str | None = None  # ISO 639-1
    place: str | None = None  # from the dateline, title-cased: "Moscow"
    dateline_credit: str | None = None  # the agency in the dateline: "Reuters"
    body: str = ""


# ---------------------------------------------------------------------------------------
# Tables: the header keys, language names, month and weekday names we recognise.

# Header keys by the field they fill. Keys are matched case-insensitively, with ":" or "="
# after them; only the fields in _KEYS_WITHOUT_COLON may also be written "key value",
# and only when the value checks out (a real date, a URL, a known language).
HEADER_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "titulo", "título", "titolo", "titel", "titre"),
    "published": (
        "date", "dated", "published", "published at", "published on", "publication date",
        "pubdate", "date published", "fecha", "data", "datum", "publicado", "pubblicato",
        "veröffentlicht", "publié le",
    ),
    "url": ("url", "link", "source url", "permalink", "canonical", "enlace"),
    "outlet": (
        "source", "outlet", "publisher", "publication", "site", "newspaper", "medio",
        "testata",
    ),
    "author": ("author", "authors", "byline", "autor", "autore", "auteur", "writer"),
    "language": ("language", "lang", "idioma", "lingua", "sprache", "langue"),
}  # fmt: skip
_KEYS_WITHOUT_COLON = frozenset({"published", "url", "language"})

# Bylines written without a key: "By Jane Doe", "Por Ana Ruiz", "Von Jan Berg".
BYLINE_WORDS = ("by", "por", "von", "par")

LANGUAGE_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("english", "inglés", "ingles", "inglese", "englisch", "anglais"),
    "es": ("spanish", "español", "espanol", "castellano", "spagnolo", "spanisch", "espagnol"),
    "it": ("italian", "italiano", "italienisch", "italien"),
    "de": ("german", "alemán", "aleman", "tedesco", "deutsch", "allemand"),
    "fr": ("french", "francés", "frances", "francese", "französisch", "français", "francais"),
    "pt": ("portuguese", "portugués", "português", "portoghese", "portugiesisch", "portugais"),
    "ru": ("russian", "ruso", "russo", "russisch", "russe", "русский"),
    "zh": ("chinese", "chino", "cinese", "chinesisch", "chinois", "中文"),
    "ar": ("arabic", "árabe", "arabe", "arabo", "arabisch"),
    "uk": ("ukrainian", "ucraniano", "ucraino", "ukrainisch", "ukrainien"),
    "ja": ("japanese", "japonés", "giapponese", "japanisch", "japonais"),
    "ca": ("catalan", "catalán", "català", "catalano"),
}

MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "enero", "ene", "gennaio", "gen", "januar", "jän", "janvier", "janv"),
    2: ("february", "feb", "febrero", "febbraio", "februar", "février", "fevrier", "févr"),
    3: ("march", "mar", "marzo", "märz", "maerz", "mars", "mär"),
    4: ("april", "apr", "abril", "abr", "aprile", "avril", "avr"),
    5: ("may", "mayo", "maggio", "mag", "mai"),
    6: ("june", "jun", "junio", "giugno", "giu", "juni", "juin"),
    7: ("july", "jul", "julio", "luglio", "lug", "juli", "juillet", "juil"),
    8: ("august", "aug", "agosto", "ago", "août", "aout"),
    9: ("september", "sep", "sept", "septiembre", "setiembre", "set", "settembre", "septembre"),
    10: ("october", "oct", "octubre", "ottobre", "ott", "oktober", "okt", "octobre"),
    11: ("november", "nov", "noviembre", "novembre"),
    12: ("december", "dec", "diciembre", "dic", "dicembre", "dezember", "dez", "décembre",
         "decembre", "déc"),
}  # fmt: skip

WEEKDAY_NAMES = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado",
    "domingo", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica",
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
)  # fmt: skip

# All-caps openings that look like a dateline's place but are labels.
NOT_PLACES = frozenset(
    {"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "LIVE", "OPINION", "ANALYSIS",
     "EDITORIAL", "COMMENT", "REVIEW", "NOTE", "CORRECTION", "URGENT", "FLASH", "VIDEO",
     "PHOTOS", "ÚLTIMA HORA", "ULTIMA ORA", "EILMELDUNG", "EXKLUSIV"}
)  # fmt: skip

# Lower-case words inside place names ("Rio de Janeiro") and person names ("Ana de la Vega").
NAME_PARTICLES = (
    "de", "del", "la", "las", "los", "el", "di", "da", "do", "dos", "das", "du", "des", "le",
    "van", "von", "der", "den", "ten", "bin", "al", "y", "e", "am", "upon", "sur", "en",
)  # fmt: skip

# Thresholds of the header scan and the headline test.
MAX_HEADER_LINES = 12  # non-blank lines looked at before giving up on a header
HEADLINE_MAX_CHARS = 200
HEADLINE_MAX_WORDS = 30
HEADLINE_MIN_WORDS = 2  # a one-word first line is a section label, not a headline
BYLINE_MAX_WORDS = 6  # "By ..." without a colon; longer is more likely a headline
AUTHOR_MAX_CHARS = 120
LOOSE_DATE_MAX_CHARS = 40  # longest `date:` value handed to dateparser

# ---------------------------------------------------------------------------------------
# Compiled patterns, built from the tables above.


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so that "sept" is tried before "sep" and "published at" before "published".
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in unique)


_MONTH_BY_NAME = {name: number for number, names in MONTH_NAMES.items() for name in names}
_LANGUAGE_BY_NAME = {name: code for code, names in LANGUAGE_NAMES.items() for name in names}
_FIELD_BY_KEY = {key: field for field, keys in HEADER_KEYS.items() for key in keys}
_MONTH = rf"(?:{_alternation(_MONTH_BY_NAME)})"
_WEEKDAY = rf"(?:{_alternation(WEEKDAY_NAMES)})"

_HEADER_LINE = re.compile(
    rf"(?P<key>{_alternation(_FIELD_BY_KEY)})(?:\s*(?P<colon>[:=])\s*|\s+)(?P<value>.*)",
    re.IGNORECASE,
)
_BYLINE = re.compile(rf"(?:{_alternation(BYLINE_WORDS)})\s*(?P<colon>:)?\s+(?P<value>.+)", re.I)
_NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w'’.\-]*|[A-ZÀ-ÖØ-Þ]\.)"
_NAME_JOINER = (
    rf"(?:\s*[,&]\s*|\s+(?:and|y|e|und|et)\s+|(?:\s+(?:{_alternation(NAME_PARTICLES)}))+\s+|\s+)"
)
_AUTHOR = re.compile(
    rf"{_NAME_WORD}(?:{_NAME_JOINER}{_NAME_WORD})*"
    r"(?P<where>\s+(?:in|en|from|desde|aus|à|a)\s+[A-ZÀ-ÖØ-Þ][\w'’. \-]*)?"
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_LANGUAGE_CODE = re.compile(r"([a-z]{2})(?:[-_][a-z0-9]{2,8})*", re.IGNORECASE)

_TIME = (
    r"(?:\s*(?:,|T|at|a las|um|alle|à|-)?\s*(?P<hour>\d{1,2})[:h.](?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:\.\d+)?)?\s*(?P<ampm>[ap]\.?m\.?)?\s*(?:h|uhr|hrs)?\.?\s*"
    r"(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2})?(?:\s*\(?[A-Z]{2,5}\)?)?)?"
)
_DATE_FORMS = [
    # 2022-12-30, 2022-12-30T10:15:00Z, 2022/12/30
    re.compile(rf"(?P<year>\d{{4}})[-/.](?P<month>\d{{1,2}})[-/.](?P<day>\d{{1,2}}){_TIME}", re.I),
    # Friday, 30 December 2022 / 30 de diciembre de 2022 / 30. Dezember 2022
    re.compile(
        rf"(?:{_WEEKDAY}\.?,?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th|º|°|\.)?\s*(?:de\s+)?"
        rf"(?P<mname>{_MONTH})\.?\s*,?\s*(?:de[l]?\s+)?(?P<year>\d{{4}}){_TIME}",
        re.I,
    ),
    # Friday, December 30, 2022 / May 03 , 2013
    re.compile(
        rf"(?:{_WEEKDAY}\.?,?\s+)?(?P<mname>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
        rf"\s*,?\s*(?P<year>\d{{4}}){_TIME}",
        re.I,
    ),
    # 30.12.2022 and 30/12/2022 (day first unless impossible; ambiguous slashes refused)
    re.compile(rf"(?P<first>\d{{1,2}})(?P<sep>[./])(?P<second_n>\d{{1,2}})[./](?P<year>\d{{4}}){_TIME}"),
]  # fmt: skip

# Dateline: "MOSCOW (Reuters) -", "MADRID, 3 Dec (EFE).-", "BERLIN, Dec 30 (dpa) –",
# "WASHINGTON, D.C. (AP) —", "(ANSA) - ROMA, 30 DIC -", "Madrid, 3 dic (EFE).-".
_PLACE_WORD = r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’.\-]*"
_ANY_CASE_MONTH = f"(?i:{_MONTH})"  # "30 DIC", "Dec 30"; the rest of a dateline is cased
_DL_DATE = (
    rf"(?:\d{{1,2}}\.?\s+(?:de\s+)?{_ANY_CASE_MONTH}\.?(?:\s+(?:de\s+)?\d{{4}})?"
    rf"|{_ANY_CASE_MONTH}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?)"
)
_DATELINE = re.compile(
    rf"\s*(?:\((?P<pre>[^()\n]{{1,30}})\)\s*[-–—]{{1,2}}\s*)?"
    rf"(?P<place>{_PLACE_WORD}(?:\s+(?:(?:{_alternation(NAME_PARTICLES)})\s+)?{_PLACE_WORD}){{0,3}})"
    r"(?:,\s*(?P<region>[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’.\- ]{0,30}?))?"
    rf"(?:,?\s+(?P<date>{_DL_DATE}))?"
    r"\s*(?:\((?P<credit>[A-Za-z][^()\n]{0,39})\))?"
    r"\s*\.?\s*[-–—]{1,2}(?=\s|\w|$)"
)
_AGENCY_ACRONYM = re.compile(r"[A-Z]{2,6}")  # an agency we do not know: "(MPA)"
_ALL_CAPS_PLACE = re.compile(r"[^a-zà-ÿ]*[A-ZÀ-Þ]{2}[^a-zà-ÿ]*")
_DATELINE_MAX_CHARS = 90
_SENTENCE_END = tuple(".,;:")
_YEAR = re.compile(r"(?<!\d)(?:1[89]|2[01])\d\d(?!\d)")
_TWO_SENTENCES = re.compile(r"[a-zà-ÿ]{3}[.!?]\s+[A-ZÀ-Þ]")


# ---------------------------------------------------------------------------------------
# Public entry point: a commented, linear pass over the lines.


def parse_plain_text(raw: str) -> PlainText:
    """Split a plain-text article into its header metadata and its body."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    lines = text.split("\n")
    doc = PlainText()

    # 1. Header: metadata lines and at most one headline, blank lines allowed between them.
    body_start = _read_header(lines, doc)

    # 2. Body: the rest, with trailing whitespace and runs of blank lines removed.
    doc.body = _body_text(lines[body_start:])

    # 3. Dateline: place and agency of the first body line; it stays in the body.
    first = next((line for line in doc.body.split("\n") if line.strip()), "")
    doc.place, doc.dateline_credit = read_dateline(first)
    return doc


def _read_header(lines: list[str], doc: PlainText) -> int:
    """Fill `doc` from the header and return the index of the first body line."""
    seen = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if seen >= MAX_HEADER_LINES:
            return i
        seen += 1
        header = _header_field(stripped)
        if header is not None:
            field, value = header
            if getattr(doc, field) is None:
                setattr(doc, field, value)
            continue
        if doc.title is None and looks_like_headline(stripped) and _more_after(lines, i):
            doc.title = stripped
            continue
        return i
    return len(lines)


def _more_after(lines: list[str], index: int) -> bool:
    # A lone line is the article, not a headline over an empty body.
    return any(line.strip() for line in lines[index + 1 :])


def _body_text(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# Header lines


def _header_field(line: str) -> tuple[str, str | None] | None:
    """("published", "2022-12-30") for a header line; None for anything else.

    A keyed line with a colon is metadata even when its value cannot be read
    ("date: unknown" gives ("published", None)); without a colon the value must check out.
    """
    if _URL.fullmatch(line):
        return "url", line
    date_only = parse_date(line)
    if date_only:
        return "published", date_only
    byline = _BYLINE.fullmatch(line)
    if byline:
        author = _author(byline["value"], strict=not byline["colon"])
        if author:
            return "author", author
    match = _HEADER_LINE.fullmatch(line)
    if not match:
        return None
    field = _FIELD_BY_KEY[match["key"].lower()]
    value = match["value"].strip() or None
    if field == "outlet" and value and _URL.fullmatch(value):
        field = "url"  # "source: https://..." names the page, not the outlet
    has_colon = bool(match["colon"])
    if not has_colon and (field not in _KEYS_WITHOUT_COLON or value is None):
        return None
    parsed = _read_value(field, value, has_colon)
    if parsed is None and not has_colon:
        return None
    return field, parsed


def _read_value(field: str, value: str | None, labelled: bool) -> str | None:
    if value is None:
        return None
    if field == "published":
        if not labelled or any(form.fullmatch(value) for form in _DATE_FORMS):
            return parse_date(value)  # a form we know but refused (03/04/2022): no guessing
        return _parse_date_loosely(value)
    if field == "url":
        return value if _URL.fullmatch(value) else None
    if field == "language":
        return language_code(value)
    if field == "author":
        return _author(value, strict=False) or value[:AUTHOR_MAX_CHARS]
    return value


def _author(value: str, *, strict: bool) -> str | None:
    """The name(s) in a byline, without "in Madrid"; None unless it reads as names."""
    value = value.strip().rstrip(",;")
    match = _AUTHOR.fullmatch(value)
    if not match or len(value) > AUTHOR_MAX_CHARS:
        return None
    names = value[: match.start("where")] if match["where"] else value
    if strict and len(names.split()) > BYLINE_MAX_WORDS:
        return None
    return names.strip()


def language_code(value: str) -> str | None:
    """ "es", "es-ES", "Spanish", "español" -> "es"; None when not recognised."""
    value = value.strip().rstrip(".").lower()
    if value in _LANGUAGE_BY_NAME:
        return _LANGUAGE_BY_NAME[value]
    match = _LANGUAGE_CODE.fullmatch(value)
    return match.group(1).lower() if match else None


def looks_like_headline(line: str) -> bool:
    """A short line that does not end or read like a sentence of the story."""
    words = line.split()
    if not HEADLINE_MIN_WORDS <= len(words) <= HEADLINE_MAX_WORDS:
        return False
    if len(line) > HEADLINE_MAX_CHARS or line.endswith(_SENTENCE_END) or line[0].islower():
        return False
    if _URL.search(line) or _TWO_SENTENCES.search(line):
        return False
    return read_dateline(line) == (None, None)


# ---------------------------------------------------------------------------------------
# Dates


def parse_date(value: str) -> str | None:
    """A date in one of the written forms we recognise -> "YYYY-MM-DD" or ISO datetime."""
    value = value.strip()
    if len(value) > 80:
        return None
    for form in _DATE_FORMS:
        match = form.fullmatch(value)
        if match:
            return _iso_from_match(match)
    return None


def _iso_from_match(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    year = int(parts["year"])
    if parts.get("mname"):
        month, day = _MONTH_BY_NAME[parts["mname"].lower()], int(parts["day"])
    elif parts.get("first"):
        first, second = int(parts["first"]), int(parts["second_n"])
        if parts["sep"] == "." or first > 12:
            day, month = first, second
        elif second > 12:
            month, day = first, second
        else:
            return None  # 03/04/2022: no way to tell day from month
    else:
        month, day = int(parts["month"]), int(parts["day"])
    try:
        day_value = date(year, month, day)
    except ValueError:
        return None
    if parts.get("hour") is None:
        return day_value.isoformat()
    return _with_time(day_value, parts)


def _with_time(day: date, parts: dict[str, str | None]) -> str | None:
    hour, minute = int(parts["hour"] or 0), int(parts["minute"] or 0)
    ampm = (parts.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        stamp = datetime(day.year, day.month, day.day, hour, minute, int(parts["second"] or 0))
    except ValueError:
        return None
    tz = parts.get("tz") or ""
    if tz in {"Z", "UTC", "GMT"}:
        return stamp.isoformat() + "+00:00"
    if tz:
        return stamp.isoformat() + f"{tz[:3]}:{tz[-2:]}"
    return stamp.isoformat()


def _parse_date_loosely(value: str) -> str | None:
    """A `date:` value in a form we do not know: ask dateparser, absolute dates only."""
    # dateparser takes milliseconds a call (seconds for its first), so only values that
    # could be a full date reach it: short, with a year in them.
    if len(value) > LOOSE_DATE_MAX_CHARS or not _YEAR.search(value):
        return None
    import dateparser

    try:
        parsed = dateparser.parse(
            value,
            settings={
                "STRICT_PARSING": True,
                "REQUIRE_PARTS": ["day", "month", "year"],
                "PARSERS": ["custom-formats", "absolute-time"],
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    except Exception:  # dateparser raises many kinds on odd input; no date is the answer
        return None
    if parsed is None:
        return None
    if (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0):
        return parsed.date().isoformat()
    return parsed.replace(microsecond=0).isoformat()


# ---------------------------------------------------------------------------------------
# Dateline


def read_dateline(line: str) -> tuple[str | None, str | None]:
    """("Moscow", "Reuters") for "MOSCOW (Reuters) - ..."; (None, None) without a dateline."""
    match = _DATELINE.match(line)
    if not match or match.end() > _DATELINE_MAX_CHARS:
        return None, None
    place = match["place"].strip()
    credit = match["credit"] or match["pre"]
    all_caps = bool(_ALL_CAPS_PLACE.fullmatch(place))
    if place.upper() in NOT_PLACES or place.lower() in _WEEKDAY_SET:
        return None, None
    # A title-case word before a dash is often just a sentence ("Rome — the city ...");
    # without capitals we need an agency or a date to believe it is a dateline.
    if not all_caps and not (credit or match["date"]):
        return None, None
    return _place_name(place), _credit_name(credit)


_WEEKDAY_SET = frozenset(WEEKDAY_NAMES)
_PARTICLE_SET = frozenset(NAME_PARTICLES)


def _place_name(place: str) -> str:
    if not _ALL_CAPS_PLACE.fullmatch(place):
        return place
    words = place.title().split()
    return " ".join(
        w.lower() if i and w.lower() in _PARTICLE_SET else w for i, w in enumerate(words)
    )


def _credit_name(credit: str | None) -> str | None:
    """The agency in a dateline's brackets; None for a province ("PUNTA ALDEA (Almería).-")."""
    if not credit:
        return None
    credit = credit.strip()
    # "dpa/AFP": the first agency stands for the dateline; find_credits lists them all.
    first = re.split(r"\s*[/,]\s*", credit)[0]
    known = canonical_agency(first) or canonical_agency(credit)
    if known:
        return known
    return first if _AGENCY_ACRONYM.fullmatch(first) else None
