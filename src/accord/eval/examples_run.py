"""`accord eval examples`: brief the example corpus and score it against its truth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from accord.eval.examples_eval import ExamplesReport, score_examples


def brief_examples(data: Path, tick: Any = None, encoder: Any = None) -> dict[str, Any]:
    """The brief document of `data/articles`, with the articles' texts included."""
    from accord.encode import CachedEncoder, get_encoder
    from accord.ingest.readers import read_paths
    from accord.pipeline import brief_from_articles

    encoder = encoder or CachedEncoder(get_encoder("use"), None)
    result = read_paths([data / "articles"])
    return brief_from_articles(result, encoder, include_text=True, tick=tick)


def evaluate_examples(data: Path, tick: Any = None, encoder: Any = None) -> ExamplesReport:
    document = brief_examples(data, tick, encoder)
    truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    texts = {article["id"]: article["text"] for article in document["articles"]}
    return score_examples(document, truth, data, texts)
