"""The summary: a few sentences, each a mention of a claim, each citing its sources.

Sentences are chosen greedily for support (how many independent sources state the claim)
and for coming early in the reports (news puts what happened first), skipping any that
repeats one already chosen; then ordered to read well: what happened, then what was
said, then context, each part in the order the reports tell it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from accord.consolidate.claims import Statements
from accord.consolidate.sources import EventSources
from accord.consolidate.summary_words import REPORTING
from accord.model import Claim, Mention, SummarySentence

DEFAULT_SENTENCES = (5, 8)  # at least / at most, when no word budget is given
_WORD = re.compile(r"\w+", re.UNICODE)
_FINAL = (".", "!", "?", "…", "。")
_CLOSERS = "\"'”’»)]"


@dataclass(frozen=True)
class SummaryParams:
    min_words: int = 6  # a shorter sentence is a caption or a fragment
    max_words: int = 60  # a longer one crowds out the rest
    redundancy: float = 0.55  # centred cosine above which a sentence repeats another
    support_weight: float = 2.0
    lead_weight: float = 1.0
    min_score: float = 1.2  # past the minimum count, weaker sentences are left out
    other_language_cost: float = 0.5  # when the user asked for a language


def summarise(
    claims: Sequence[Claim],
    statements: Statements,
    sources: EventSources,
    words: int | None = None,
    params: SummaryParams | None = None,
    language: str | None = None,
) -> list[SummarySentence]:
    """The summary; with `language`, sentences in it are preferred (others still count
    when they carry what no sentence in that language does)."""
    params = params or SummaryParams()
    unit_at = {(u.article, u.start, u.end): k for k, u in enumerate(statements.units)}
    candidates = []
    for claim in claims:
        shown = _shown_unit(claim, unit_at, statements)
        if shown is None:
            continue
        unit = statements.units[shown]
        length = len(_WORD.findall(unit.text))
        if not (params.min_words <= length <= params.max_words) or not _ends(unit.text):
            continue
        positions = [
            statements.units[k].position
            for m in claim.mentions
            if (k := unit_at.get(_key(m))) is not None
        ]
        share = len(claim.support) / max(1, sources.count)
        value = params.support_weight * share + params.lead_weight * (1 - min(positions))
        if language and unit.language and unit.language != language:
            value -= params.other_language_cost
        candidates.append((value, claim, shown, float(np.mean(positions)), length))
    candidates.sort(key=lambda c: (-c[0], c[1].id))

    low, high = DEFAULT_SENTENCES
    chosen: list[tuple[SummarySentence, int, float]] = []
    used_words = 0
    for value, claim, shown, position, length in candidates:
        if words is not None:
            if used_words + length > words and chosen:
                continue
        elif len(chosen) >= high or (len(chosen) >= low and value < params.min_score):
            break
        if _repeats(shown, [k for _, k, _ in chosen], statements, params.redundancy):
            continue
        sentence = SummarySentence(
            text=statements.units[shown].text, claim=claim.id, support=list(claim.support)
        )
        chosen.append((sentence, shown, position))
        used_words += length
    return [
        sentence
        for sentence, shown, position in sorted(
            chosen, key=lambda c: (_part(statements, c[1], c[2]), c[2], c[1])
        )
    ]


def _ends(text: str) -> bool:
    """A sentence ends with its punctuation; a headline or a caption credit does not."""
    return text.rstrip().rstrip(_CLOSERS)[-1:] in _FINAL


def _key(mention: Mention) -> tuple[str, int, int]:
    return (mention.article, mention.start, mention.end)


def _shown_unit(claim: Claim, unit_at: dict, statements: Statements) -> int | None:
    """The unit a summary would show: the claim's text if it is a whole sentence, else
    another whole-sentence mention in the same language; None if all are clauses."""
    whole = []
    for mention in claim.mentions:
        k = unit_at.get(_key(mention))
        if k is not None and statements.units[k].whole_sentence:
            whole.append(k)
    if not whole:
        return None
    for k in whole:
        if statements.units[k].text == claim.text:
            return k
    same_language = [k for k in whole if statements.units[k].language == claim.language]
    return (same_language or whole)[0]


def _repeats(k: int, chosen: list[int], statements: Statements, threshold: float) -> bool:
    units = statements.units
    for other in chosen:
        if units[other].article == units[k].article and units[other].sentence == units[k].sentence:
            return True
        if float(statements.vectors[k] @ statements.vectors[other]) > threshold:
            return True
    return False


def _part(statements: Statements, k: int, position: float) -> int:
    """0: what happened (the reports' leads), 1: what was said (quotes, attributions),
    2: context (what the reports tell further down). `position`: the claim's mean place
    in its articles, 0 for a lead."""
    unit = statements.units[k]
    if _QUOTE_MARKS.search(unit.text):
        return 1
    if position <= LEAD_POSITION:
        return 0
    return 1 if _reporting(unit.language or "en").search(unit.text) else 2


LEAD_POSITION = 0.34  # the first third of a report tells what happened
_QUOTE_MARKS = re.compile(r"[\"“”«»„]")


@lru_cache(maxsize=16)
def _reporting(language: str) -> re.Pattern[str]:
    words = REPORTING.get(language, REPORTING["en"])
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)
