"""What event clustering compares two articles by: plain data built once per article.

- `vector`: the mean sentence vector of the headline and lead (what the report is about,
  across languages: a Spanish and an English report of one event are close);
- `terms`: content words weighted by how rare they are in the article's language
  (background frequencies from `wordfreq`, so weights do not depend on which other
  articles were seen, and batch and online runs agree);
- `names`: the people, organisations and places named (who and where: two earthquakes in
  one country differ in their towns, two summits of the same leaders in their cities);
- `numbers`: counts and amounts (a death toll, a price), normalised;
- `dates`: the calendar days the article mentions, and `day`, its publication day.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np

from accord.model import Analysis, Article

LEAD_SENTENCES = 8  # the headline and first sentences say what happened; the rest is context
MIN_TERM_LENGTH = 3
COMMON_ZIPF = 5.0  # words at least this frequent ("said", "year", "people") carry no event
RARE_WORD_WEIGHT = 8.0  # weight of a word unknown to the frequency lists (names, places)
NUMBER_WEIGHT = 4.0
COMPARED_NUMBER_KINDS = ("count", "money", "percent")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass
class ArticleFeatures:
    id: str
    day: int | None  # publication date as an ordinal day; None when unknown
    vector: np.ndarray
    terms: dict[str, float] = field(default_factory=dict)  # L2-normalised weights
    names: frozenset[str] = frozenset()
    numbers: frozenset[tuple[str, str, float]] = frozenset()
    dates: frozenset[int] = frozenset()
    language: str | None = None


def lead_texts(article: Article, analysis: Analysis) -> list[str]:
    """The texts whose vectors make the article's vector: its title and first sentences."""
    texts = [article.title] if article.title else []
    texts += [s.text for s in analysis.sentences[:LEAD_SENTENCES]]
    return texts or [article.text[:1000]]


def build_features(article: Article, analysis: Analysis, vectors: np.ndarray) -> ArticleFeatures:
    """`vectors`: the encoder's rows for `lead_texts(article, analysis)`, in that order."""
    mean = vectors.mean(axis=0) if len(vectors) else np.zeros(1, dtype=np.float32)
    norm = float(np.linalg.norm(mean))
    language = analysis.language or article.language
    body = " ".join(filter(None, [article.title, article.text]))
    return ArticleFeatures(
        id=article.id,
        day=_ordinal(article.published),
        vector=(mean / norm if norm else mean).astype(np.float32),
        terms=term_weights(body, language),
        names=frozenset(sys.intern(name) for e in analysis.entities for name in _name_keys(e.text)),
        numbers=frozenset(
            (q.kind, q.unit or "", _round(q.value))
            for q in analysis.quantities
            if q.kind in COMPARED_NUMBER_KINDS
        ),
        dates=frozenset(
            d for m in analysis.dates if m.granularity == "day" and (d := _ordinal(m.value))
        ),
        language=language,
    )


def term_weights(text: str, language: str | None) -> dict[str, float]:
    counts = Counter(
        word
        for word in (_fold(w) for w in _WORD.findall(text))
        if len(word) >= MIN_TERM_LENGTH or (word.isdigit() and len(word) >= 2)
    )
    weights = {}
    for word, count in counts.items():
        # Numbers and years tell events of one kind apart (the 2008 quake, 6.1 magnitude).
        rarity = NUMBER_WEIGHT if word.isdigit() else _rarity(word, language or "en")
        if rarity > 0:
            weights[word] = (1.0 + math.log(count)) * rarity
    norm = math.sqrt(sum(v * v for v in weights.values()))
    # Interned: a watcher keeps every article's terms, and one word object shared by all
    # the articles using it costs a pointer each instead of a string each.
    return {sys.intern(w): v / norm for w, v in weights.items()} if norm else {}


@lru_cache(maxsize=200_000)
def _rarity(word: str, language: str) -> float:
    zipf = _zipf(word, language)
    if zipf >= COMMON_ZIPF:
        return 0.0
    return RARE_WORD_WEIGHT - zipf if zipf > 0 else RARE_WORD_WEIGHT


def _zipf(word: str, language: str) -> float:
    from wordfreq import zipf_frequency

    try:
        return zipf_frequency(word, language)
    except LookupError:
        return zipf_frequency(word, "en")


def _fold(word: str) -> str:
    return (
        unicodedata.normalize("NFKD", word.casefold()).encode("ascii", "ignore").decode()
        or word.casefold()
    )


def _name_keys(name: str) -> list[str]:
    """ "President Elena Ortega" -> the full name and its last word, so "Ortega" alone and
    "Elena Ortega" meet; accents and case folded so "Viena"/"Vienna" stay apart but
    "Ortega"/"ORTEGA" do not."""
    words = [_fold(w) for w in _WORD.findall(name)]
    words = [w for w in words if len(w) >= 2]
    if not words:
        return []
    keys = [" ".join(words)]
    if len(words) > 1 and len(words[-1]) >= MIN_TERM_LENGTH:
        keys.append(words[-1])
    return keys


def _round(value: float) -> float:
    """Three significant digits: "$2.4 billion" and "2,400 million dollars" are one number."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    return float(f"{value:.3g}")


def _ordinal(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None
