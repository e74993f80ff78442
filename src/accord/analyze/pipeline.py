"""The per-article analysis, read top to bottom as the order the stages run in."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from accord.analyze.dates import find_dates
from accord.analyze.entities import find_entities
from accord.analyze.language import DEFAULT_LANGUAGES, detect_language
from accord.analyze.numbers import find_quantities
from accord.analyze.quotes import find_quotes
from accord.analyze.sentences import split_sentences
from accord.model import Analysis, Article

# Below this many articles, starting worker processes (each loads the language models)
# costs more than it saves.
PARALLEL_THRESHOLD = 64


@dataclass(frozen=True)
class AnalyzeConfig:
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    entities: str = "auto"  # "auto" | "spacy" | "rules"


def analyze_article(article: Article, config: AnalyzeConfig = AnalyzeConfig()) -> Analysis:
    text = article.text
    # 1. Language: trust the input's own label, else detect it among the configured ones.
    language = article.language or detect_language(text, config.languages)
    # 2. Sentences, which quotes need to find speakers in neighbouring sentences.
    sentences = split_sentences(text, language)
    # 3. Dates, resolved against the publication date (unresolved when it is unknown).
    dates = find_dates(text, language, article.published)
    # 4. Numbers with their units and what they count.
    quantities = find_quantities(text, language)
    # 5. Who and where; the people are candidates for the quotes' speakers.
    entities = find_entities(text, language, config.entities)
    people = [entity for entity in entities if entity.label == "PERSON"]
    # 6. Quotes and who said them.
    quotes = find_quotes(text, sentences, people, language)
    return Analysis(
        article=article.id,
        language=language,
        sentences=sentences,
        dates=dates,
        quantities=quantities,
        quotes=quotes,
        entities=entities,
    )


def default_workers(count: int) -> int:
    if count < PARALLEL_THRESHOLD:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def analyze_articles(
    articles: Sequence[Article],
    config: AnalyzeConfig = AnalyzeConfig(),
    workers: int | None = None,
    on_done: Callable[[int], None] | None = None,
) -> list[Analysis]:
    """Analyses in the order of `articles`; `on_done(n)` reports progress."""
    workers = workers or default_workers(len(articles))
    results: list[Analysis] = []
    for analysis in _run(articles, config, workers):
        results.append(analysis)
        if on_done:
            on_done(1)
    return results


def _run(articles: Sequence[Article], config: AnalyzeConfig, workers: int) -> Iterator[Analysis]:
    if workers <= 1:
        for article in articles:
            yield analyze_article(article, config)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(
            analyze_article, articles, [config] * len(articles), chunksize=_chunk(articles, workers)
        )


def _chunk(articles: Sequence[Article], workers: int) -> int:
    return max(1, min(32, len(articles) // (workers * 8)))
