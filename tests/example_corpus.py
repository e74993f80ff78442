"""The example corpus as the tests read it: each article under the ref `truth.json`
uses for it (its path under examples/, or a JSONL record's id)."""

from __future__ import annotations

from pathlib import Path

from accord.ingest.readers import read_paths
from accord.model import Article

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def truth_ref(article: Article) -> str:
    if ".jsonl:" in article.source:
        return article.id
    return Path(article.source).resolve().relative_to(EXAMPLES.resolve()).as_posix()


def articles_by_ref() -> dict[str, Article]:
    """Every example article, by truth ref."""
    return {truth_ref(a): a for a in read_paths([EXAMPLES / "articles"]).articles}
