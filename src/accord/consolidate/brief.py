"""One event's brief, and the brief document of a whole run.

    brief = consolidate_event(event_id, articles, analyses, duplicate_of, encoder)

reads as the pipeline it is: the event's independent sources; its statements (sentences
and clauses) encoded once; claims aligned from them; conflicts among them; quotes under
their speakers; the timeline; title and date; and a summary drawn from the claims.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from accord.consolidate.claims import align_claims, prepare_statements
from accord.consolidate.conflicts import find_conflicts
from accord.consolidate.headline import event_date, event_title
from accord.consolidate.quotes import gather_quotes
from accord.consolidate.sources import event_sources
from accord.consolidate.storylines import link_storylines
from accord.consolidate.summary import summarise
from accord.consolidate.timeline import build_timeline
from accord.consolidate.units import split_statements
from accord.encode import Encoder
from accord.model import Analysis, Article, EventBrief, Problem

SCHEMA = "accord.brief/1"


@dataclass(frozen=True)
class BriefOptions:
    """What the user chooses: the language claims are shown in where a mention in it
    exists, and the summary's length in words (None: 5 to 8 sentences)."""

    language: str | None = None
    words: int | None = None


def consolidate_event(
    event_id: str,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    duplicate_of: Mapping[str, str | None],
    encoder: Encoder,
    options: BriefOptions | None = None,
) -> EventBrief:
    options = options or BriefOptions()
    language = options.language
    # A canonical order (time, then id), so the brief does not depend on input order.
    articles = sorted(articles, key=lambda a: ((a.published or "")[:10], a.id))
    sources = event_sources(articles, duplicate_of)
    problems = _unusable(articles, analyses, encoder)

    units: list = []
    others: list = []
    for article in articles:
        if article.id in analyses:
            kept, rest = split_statements(article, analyses[article.id])
            units.extend(kept)
            others.extend(rest)
    statements = prepare_statements(units, encoder, others=others)
    claims = align_claims(statements, sources, language)
    conflicts = find_conflicts(statements, sources, encoder, claims)
    quotes = gather_quotes(articles, analyses, sources, encoder, language)
    timeline = build_timeline(articles, analyses, sources, encoder, language)
    summary = summarise(claims, statements, sources, options.words, language=language)

    languages = Counter(
        lang for a in articles if (lang := _language(a, analyses.get(a.id))) is not None
    )
    outlets = sorted({a.outlet for a in articles if a.outlet})
    return EventBrief(
        id=event_id,
        title=event_title(articles, analyses, sources, encoder, language),
        date=event_date(articles, analyses, sources),
        articles=[a.id for a in articles],
        outlets=outlets,
        languages=[lang for lang, _ in sorted(languages.items(), key=lambda i: (-i[1], i[0]))],
        claims=claims,
        conflicts=conflicts,
        quotes=quotes,
        timeline=timeline,
        summary=summary,
        problems=problems,
    )


def brief_document(
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    event_of: Mapping[str, str],
    duplicate_of: Mapping[str, str | None],
    encoder: Encoder,
    options: BriefOptions | None = None,
    problems: Sequence[Problem] = (),
    include_text: bool = False,
    progress: Any = None,
) -> dict[str, Any]:
    """The brief document (`../shared/schema/brief.schema.json`) of a whole run.

    `progress`, if given, is called with 1 after each event."""
    by_id = {analysis.article: analysis for analysis in analyses}
    members: dict[str, list[Article]] = {}
    for article in articles:
        members.setdefault(event_of[article.id], []).append(article)
    # Biggest events first; among equals, the earliest.
    order = sorted(
        members,
        key=lambda e: (-len(members[e]), min((a.published or "")[:10] for a in members[e]), e),
    )
    events = []
    for event in order:
        brief = consolidate_event(event, members[event], by_id, duplicate_of, encoder, options)
        events.append(brief.to_dict())
        if progress is not None:
            progress(1)
    storylines = [asdict(s) for s in link_storylines(events, encoder)]
    return {
        "schema": SCHEMA,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "articles": [
            article_entry(a, by_id.get(a.id), event_of, duplicate_of, include_text)
            for a in articles
        ],
        "events": events,
        # Events that continue one another (an extra property; the schema allows them).
        "storylines": storylines,
        "problems": [{"source": p.source, "reason": p.reason} for p in problems],
    }


def article_entry(
    article: Article,
    analysis: Analysis | None,
    event_of: Mapping[str, str],
    duplicate_of: Mapping[str, str | None],
    include_text: bool,
) -> dict[str, Any]:
    """An article as the brief document lists it (schema `$defs/article`)."""
    entry: dict[str, Any] = {
        "id": article.id,
        "source": article.source,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published,
        "language": _language(article, analysis),
        "event": event_of.get(article.id),
        "duplicate_of": duplicate_of.get(article.id),
        "credits": list(article.credits),
        "url": article.url,
        "author": article.author,
    }
    if include_text:
        entry["text"] = article.text
    return entry


def _language(article: Article, analysis: Analysis | None) -> str | None:
    return (analysis.language if analysis else None) or article.language


def _unusable(
    articles: Sequence[Article], analyses: Mapping[str, Analysis], encoder: Encoder
) -> list[Problem]:
    """Articles the brief cannot fully use: listed, never fatal."""
    covered = encoder.languages
    problems = []
    for article in articles:
        analysis = analyses.get(article.id)
        if analysis is None or not analysis.sentences:
            problems.append(Problem(article.source, f"{article.id}: no sentences to align"))
            continue
        language = _language(article, analysis)
        if covered is not None and language is not None and language not in covered:
            problems.append(
                Problem(
                    article.source,
                    f"{article.id}: language '{language}' is not covered by the encoder "
                    f"{encoder.name}; its statements are matched by shared names and "
                    "numbers only, so its support may be undercounted",
                )
            )
    return problems
