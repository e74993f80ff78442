"""The statements of an article: its sentences, cut into clauses where one says two things.

Each `Unit` is a verbatim span of the article's text; claims are groups of units. A unit
carries what alignment needs to know besides its vector: the numbers, names and dates it
states, and whether it is negated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from accord.consolidate.clause_words import (
    CLAUSE_OPENERS,
    HARD_BREAKS,
    MIN_PIECE_WORDS,
    NOT_STATEMENT_MAX_WORDS,
    NOT_STATEMENTS,
    PARTICIPLE_ENDINGS,
    PARTICIPLE_EXCEPTIONS,
    PIECE_OPENERS,
    RELATIVE_OPENERS,
)
from accord.consolidate.dateline import dateline_end
from accord.model import Analysis, Article, DateMention, Entity, Mention, Quantity

# A clause shorter than this is a phrase, not a statement: no cut leaves one behind.
MIN_CLAUSE_WORDS = 4
# A unit more than this share quoted speech is a quote, not the reporter's statement.
MAX_QUOTED_SHARE = 0.4
_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_TRIM_LEFT = " ,;:–—-"
_TRIM_RIGHT = " ,;:–—-"


@dataclass
class Unit:
    """One statement of one article (a sentence or a clause of one)."""

    article: str
    text: str
    start: int
    end: int
    sentence: int  # index of its sentence in the article
    whole_sentence: bool  # the unit is the whole sentence, not a clause of it
    position: float  # 0 for the lead sentence, towards 1 for the last
    language: str | None
    quantities: list[Quantity] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)

    def mention(self) -> Mention:
        return Mention(article=self.article, text=self.text, start=self.start, end=self.end)


def article_units(article: Article, analysis: Analysis) -> list[Unit]:
    """The units of one article in text order; quoted passages are never cut."""
    text = article.text
    language = analysis.language or article.language
    quoted = [(quote.start, quote.end) for quote in analysis.quotes]
    sentences = analysis.sentences
    units: list[Unit] = []
    for index, sentence in enumerate(sentences):
        position = index / max(1, len(sentences) - 1)
        # The lead's dateline ("GENEVA, Oct 2 (Nordwire) - ") is where it was filed, not
        # part of what it states.
        start = sentence.start + (dateline_end(sentence.text) if index == 0 else 0)
        if start >= sentence.end:
            continue
        spans = clause_spans(text, start, sentence.end, language, quoted)
        whole = len(spans) == 1
        for start, end in spans:
            units.append(
                Unit(
                    article=article.id,
                    text=text[start:end],
                    start=start,
                    end=end,
                    sentence=index,
                    whole_sentence=whole,
                    position=position,
                    language=language,
                )
            )
    _attach(units, analysis)
    return units


def statement_units(article: Article, analysis: Analysis) -> list[Unit]:
    """The units that are statements of the reporter's own: long enough to say something,
    and not mostly quoted speech (quotes are gathered under their speakers instead)."""
    return split_statements(article, analysis)[0]


def split_statements(article: Article, analysis: Analysis) -> tuple[list[Unit], list[Unit]]:
    """(statements, the other units): the others are mostly quoted speech, credit lines
    and fragments; their pieces may still state something ("Kellner, who declared a
    state of emergency, said ...")."""
    quoted = [(quote.start, quote.end) for quote in analysis.quotes]
    statements: list[Unit] = []
    others: list[Unit] = []
    for unit in article_units(article, analysis):
        is_statement = (
            _words(unit.text) >= MIN_CLAUSE_WORDS
            and any(c.islower() for c in unit.text)
            and _covered(unit, quoted) < MAX_QUOTED_SHARE
            and not _credit_line(unit.text)
        )
        (statements if is_statement else others).append(unit)
    return statements, others


def _credit_line(text: str) -> bool:
    lowered = text.lstrip(" ,;:-–—(").lower()
    return _words(text) <= NOT_STATEMENT_MAX_WORDS and lowered.startswith(NOT_STATEMENTS)


def unit_pieces(unit: Unit) -> list[Unit]:
    """The finer clauses of `unit` (at commas, "and", "after", "where"...), each still a
    verbatim span; [] when it does not split. Evidence for alignment, never shown alone."""
    cuts = [m.start() for m in _piece_pattern(unit.language or "en").finditer(unit.text)]
    spans: list[tuple[int, int]] = []
    left = 0
    for cut in cuts:
        if _words(unit.text[left:cut]) >= MIN_PIECE_WORDS and (
            _words(unit.text[cut:]) >= MIN_PIECE_WORDS
        ):
            spans.append((left, cut))
            left = cut
    spans.append((left, len(unit.text)))
    if len(spans) == 1:
        return []
    pieces = []
    for a, b in spans:
        a, b = _trim(unit.text, a, b)
        if b <= a:
            continue
        start, end = unit.start + a, unit.start + b
        pieces.append(
            Unit(
                article=unit.article,
                text=unit.text[a:b],
                start=start,
                end=end,
                sentence=unit.sentence,
                whole_sentence=False,
                position=unit.position,
                language=unit.language,
                quantities=[q for q in unit.quantities if start <= q.start < end],
                entities=[e for e in unit.entities if start <= e.start < end],
                dates=[d for d in unit.dates if start <= d.start < end],
            )
        )
    return pieces


@lru_cache(maxsize=16)
def _piece_pattern(language: str) -> re.Pattern[str]:
    openers = PIECE_OPENERS.get(language, PIECE_OPENERS["en"])
    words = [re.escape(o.strip()) for o in openers if o.strip() not in ("", ",")]
    alternatives = r",\s+|\s+(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b"
    return re.compile(alternatives, re.IGNORECASE)


def _covered(unit: Unit, spans: Sequence[tuple[int, int]]) -> float:
    inside = sum(max(0, min(b, unit.end) - max(a, unit.start)) for a, b in spans)
    return inside / max(1, unit.end - unit.start)


def clause_spans(
    text: str,
    start: int,
    end: int,
    language: str | None,
    protected: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """The clauses of `text[start:end]` as (start, end) spans, trimmed of the
    punctuation at the cut; the whole span when no cut leaves two statements."""
    sentence = text[start:end]
    language = language or "en"
    inside = [(start + a, start + b) for a, b in _relative_clauses(sentence, language)]
    inside.extend(protected)
    cuts = sorted(
        cut
        for cut in _cut_points(sentence, language)
        if not any(a < start + cut < b for a, b in inside)
    )
    spans: list[tuple[int, int]] = []
    left = 0
    for cut in cuts:
        if _words(sentence[left:cut]) >= MIN_CLAUSE_WORDS and (
            _words(sentence[cut:]) >= MIN_CLAUSE_WORDS
        ):
            spans.append((left, cut))
            left = cut
    spans.append((left, len(sentence)))
    if len(spans) == 1:
        return [(start, end)]
    trimmed = [_trim(sentence, a, b) for a, b in spans]
    return [(start + a, start + b) for a, b in trimmed if b > a]


def _words(span: str) -> int:
    return len(_WORD.findall(span))


def _trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    while start < end and sentence[start] in _TRIM_LEFT:
        start += 1
    while end > start and sentence[end - 1] in _TRIM_RIGHT:
        end -= 1
    return start, end


def _relative_clauses(sentence: str, language: str) -> list[tuple[int, int]]:
    return [match.span() for match in _relative_pattern(language).finditer(sentence)]


@lru_cache(maxsize=16)
def _relative_pattern(language: str) -> re.Pattern[str]:
    words = RELATIVE_OPENERS.get(language, RELATIVE_OPENERS["en"])
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(r",\s+(?:" + alternatives + r")\b[^,;]*,", re.IGNORECASE)


def _cut_points(sentence: str, language: str) -> list[int]:
    pattern = _cut_pattern(language)
    points = []
    for match in pattern.finditer(sentence):
        participle = match.groupdict().get("participle")
        if participle and participle.lower() in PARTICIPLE_EXCEPTIONS:
            continue
        points.append(match.start("cut"))
    return points


@lru_cache(maxsize=16)
def _cut_pattern(language: str) -> re.Pattern[str]:
    openers = CLAUSE_OPENERS.get(language, CLAUSE_OPENERS["en"])
    # The cut goes after a comma (", and" cuts before "and"), or before the word itself.
    alternatives = [re.escape(breaker) for breaker in HARD_BREAKS]
    for opener in sorted(openers, key=len, reverse=True):
        word = opener.lstrip(", ")
        prefix = r",\s+" if opener.startswith(",") else r"\s+"
        alternatives.append(prefix + re.escape(word) + r"\b")
    endings = PARTICIPLE_ENDINGS.get(language, ())
    participle = ""
    if endings:
        ending = "|".join(re.escape(e) for e in endings)
        participle = r"|(?:,|\s+(?:and|y|e))\s+(?P<participle>\w{3,}(?:" + ending + r"))\b"
    body = "|".join(alternatives)
    # The empty group "cut" marks where the match, and so the new clause, starts.
    return re.compile(r"(?P<cut>)(?:" + body + participle + ")", re.IGNORECASE)


def _attach(units: list[Unit], analysis: Analysis) -> None:
    """Give each unit the numbers, names and dates that lie inside it."""
    for unit in units:
        unit.quantities = [q for q in analysis.quantities if unit.start <= q.start < unit.end]
        unit.entities = [e for e in analysis.entities if unit.start <= e.start < unit.end]
        unit.dates = [d for d in analysis.dates if unit.start <= d.start < unit.end]
