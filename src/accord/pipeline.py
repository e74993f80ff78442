"""The whole path from read articles to the brief document, as one call.

    result = read_paths(paths)
    document = brief_from_articles(result, encoder)

analyse -> near-copies and events -> one brief per event. The command line, the example
evaluation and the benchmarks all go through here, so they measure the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from accord.analyze.pipeline import AnalyzeConfig, analyze_articles
from accord.cluster import ClusterParams, group_articles
from accord.consolidate.brief import BriefOptions, brief_document
from accord.encode import Encoder
from accord.ingest.readers import ReadResult

Tick = Callable[[str, int | None], Callable[[int], None]]


def brief_from_articles(
    result: ReadResult,
    encoder: Encoder,
    *,
    options: BriefOptions | None = None,
    config: AnalyzeConfig | None = None,
    workers: int | None = None,
    params: ClusterParams | None = None,
    include_text: bool = False,
    tick: Tick | None = None,
) -> dict[str, Any]:
    """The brief document of `result`'s articles. `tick(label, total)`, if given, is
    called as each stage starts and returns a function to call with progress made."""

    def stage(label: str, total: int | None) -> Callable[[int], None]:
        return tick(label, total) if tick else (lambda _n: None)

    articles = result.articles
    advance = stage("analysing", len(articles))
    analyses = analyze_articles(articles, config or AnalyzeConfig(), workers, advance)
    stage("grouping into events", None)
    event_of, duplicate_of = group_articles(articles, analyses, encoder, params)
    advance = stage("consolidating", len(set(event_of.values())))
    return brief_document(
        articles,
        analyses,
        event_of,
        duplicate_of,
        encoder,
        options,
        problems=result.problems,
        include_text=include_text,
        progress=advance,
    )
