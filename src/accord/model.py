"""Plain data passed between accord's stages.

Every stage takes and returns these dataclasses (or lists of them), never objects with
behaviour, so a stage can be tested alone and run inside a Spark task unchanged.
Offsets (`start`, `end`) are character offsets into `Article.text`, the cleaned text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Problem:
    """An input that could not be read or used, and why; processing of the rest goes on."""

    source: str
    reason: str


@dataclass
class Article:
    """One news report, as read and cleaned by `accord.ingest`."""

    id: str
    source: str  # the path, URL or record ("file.jsonl:12") it came from
    text: str  # cleaned body text; all offsets index into it
    title: str | None = None
    published: str | None = None  # "YYYY-MM-DD" or ISO 8601 datetime
    outlet: str | None = None
    url: str | None = None
    language: str | None = None  # ISO 639-1, as given by the input (analysis may detect it)
    author: str | None = None
    place: str | None = None  # from a dateline such as "MOSCOW (Reuters) -"
    credits: list[str] = field(default_factory=list)  # agencies it says it draws on
    removed: list[str] = field(default_factory=list)  # names of cleaning rules that fired

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Sentence:
    text: str
    start: int
    end: int


@dataclass
class DateMention:
    """A date expression found in the text, resolved against the publication date.

    `value` is the first day ("YYYY-MM-DD") and `end_value` the last day of what the
    expression denotes: equal for a day, a range for "last week", "next spring", "in 2024".
    Both are None when the expression is relative and no publication date is known.
    """

    text: str
    start: int
    end: int
    value: str | None
    end_value: str | None
    granularity: str  # "day" | "week" | "month" | "season" | "year"
    relative: bool  # depends on the publication date ("on Friday", "last week")


@dataclass
class Quantity:
    """A number with its unit and what it counts, normalised.

    "200,000 million dollars" -> value=2e11, unit="USD", kind="money".
    "at least 12 people were killed" -> value=12, qualifier="at_least", kind="count",
    unit="people", counts="dead people".
    """

    text: str
    start: int
    end: int
    value: float
    kind: str  # "percent" | "money" | "count" | "duration" | "number"
    unit: str | None = None  # "%", ISO currency code, counted noun, time unit in seconds' name
    qualifier: str = "exact"  # exact | at_least | at_most | about | more_than | less_than
    counts: str | None = None  # what is counted, e.g. "dead people"


@dataclass
class Entity:
    text: str
    start: int
    end: int
    label: str  # "PERSON" | "ORG" | "PLACE"


@dataclass
class Quote:
    """A quoted span and who said it.

    `text` is the quoted content without its quote marks, `start`/`end` its offsets.
    `speaker` is the canonical name resolved from `speaker_text` ("he", "the Kremlin
    chief", "Ms. Ortega") to the person the article names, or None if not found.
    """

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None  # the reporting verb or phrase, e.g. "said", "according to", ":"


@dataclass
class Analysis:
    """Everything `accord.analyze` learns about one article."""

    article: str  # article id
    language: str | None
    sentences: list[Sentence] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- The brief (accord.consolidate): what an event's articles say, cross-referenced. ---
# Every `text` below is a verbatim span of an article's text; a Mention says where.


@dataclass
class Mention:
    """Where an article states something: `Article.text[start:end] == text`."""

    article: str
    text: str
    start: int
    end: int


@dataclass
class Claim:
    """One statement, however many articles make it and in whatever words or language.

    `support` lists one article per independent source (near-copies fold into their
    original, two articles of one outlet count once); `status` follows from its length.
    """

    id: str
    text: str  # the clearest mention's text, in the preferred language where there is one
    status: str  # "single_source" | "corroborated" | "consensus"
    support: list[str]
    mentions: list[Mention]
    language: str | None = None  # of `text`


@dataclass
class ConflictValue:
    value: str  # normalised, e.g. "at least 12", "2.4 billion USD", "2026-10-30"
    mentions: list[Mention]


@dataclass
class Conflict:
    """Sources disagree on one thing: a number, a date, a place, or a claim's truth."""

    id: str
    about: str  # e.g. "death toll", "damage (US dollars)"
    values: list[ConflictValue]
    claims: list[str] = field(default_factory=list)


@dataclass
class QuoteGroup:
    """One thing someone said, with each outlet's wording (translations included)."""

    id: str
    speaker: str | None  # canonical name, None when no article names who said it
    text: str
    support: list[str]
    mentions: list[Mention]


@dataclass
class Dated:
    """A dated statement on the event's timeline, merged across outlets."""

    date: str  # "YYYY-MM-DD", first day
    end_date: str | None  # last day of a range, None for a single day
    granularity: str  # "day" | "week" | "month" | "season" | "year"
    text: str  # the statement (a sentence that carries the date)
    support: list[str]
    mentions: list[Mention]


@dataclass
class SummarySentence:
    text: str  # a mention of `claim`
    claim: str
    support: list[str]


@dataclass
class EventBrief:
    id: str
    title: str
    date: str | None  # when the event happened, not when it was reported
    articles: list[str]
    outlets: list[str]
    languages: list[str]
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    quotes: list[QuoteGroup] = field(default_factory=list)
    timeline: list[Dated] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # articles it could not use

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
