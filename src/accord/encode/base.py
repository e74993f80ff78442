"""The encoder interface: texts in, one L2-normalised float32 row per text out.

Every backend subclasses `Encoder` and implements only `_embed` (a batch of cleaned,
non-blank texts -> raw vectors). Blank texts, input cleaning, batching, the length cap
and the final normalisation live here once, so all backends agree on them and the
clustering stage can rely on `a @ b` being a cosine similarity (0 for a blank text).
"""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

# A text made only of whitespace and invisible characters (controls, zero-width
# spaces, bidi marks, BOM, soft hyphen) says nothing: it gets the zero vector instead
# of the model's vector for "nothing", which would be similar to every other blank.
_BLANK = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]*"
)
# Lone surrogates (from surrogateescape decoding) cannot be encoded to UTF-8, which
# both bundled engines do; NUL ends a C string early in the e5 engine.
_UNENCODABLE = re.compile(r"[\ud800-\udfff]")
_NUL = "\x00"

# Texts longer than this are cut before encoding: it bounds the time and memory one
# pathological input can cost (e5 needs over a second per 5,000 characters). Sentences and
# article leads are far shorter, so it never changes an ordinary vector.
DEFAULT_MAX_CHARS = 10_000


def available_cores() -> int:
    """CPU cores this process may run on (the affinity mask, where the OS has one).

    `os.cpu_count()` reports the whole machine, which oversubscribes a process pinned to
    a few cores (a Spark executor, `taskset`); the affinity mask does not.
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def is_blank(text: str) -> bool:
    return _BLANK.fullmatch(text) is not None


def as_text_list(texts: Sequence[str]) -> list[str]:
    """The texts as a list, refusing the two easy mistakes: one bare string (which
    would be encoded character by character) and non-string items."""
    if isinstance(texts, str):
        raise TypeError("encode() takes a sequence of texts, not one string: use [text]")
    items = list(texts)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"encode() takes strings, got {type(item).__name__}")
    return items


def normalise_rows(vectors: np.ndarray, expected: tuple[int, int]) -> np.ndarray:
    """Float32 rows of unit length; a row that is zero or not finite becomes zero."""
    rows = np.array(vectors, dtype=np.float32, copy=True)
    if rows.shape != expected:
        raise RuntimeError(f"encoder returned shape {rows.shape}, expected {expected}")
    bad = ~np.isfinite(rows).all(axis=1)
    rows[bad] = 0.0
    norms = np.sqrt(np.einsum("ij,ij->i", rows, rows, dtype=np.float64)).astype(np.float32)
    usable = norms > 0
    rows[usable] /= norms[usable, None]
    return rows


class Encoder(ABC):
    """Turns texts into vectors whose dot product is their cosine similarity.

    `name` identifies backend and model (and anything else that changes the vectors);
    caches use it as their namespace, so two encoders with the same name must give the
    same vectors. `dimension` is the length of every row.
    """

    name: str
    dimension: int
    # ISO 639-1 codes of the languages the model was trained on; None: not declared.
    languages: frozenset[str] | None = None
    batch_size: int = 256
    max_chars: int | None = DEFAULT_MAX_CHARS

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """An (n, dimension) float32 array, one unit row per text, zero for blank text."""
        items = as_text_list(texts)
        out = np.zeros((len(items), self.dimension), dtype=np.float32)
        todo = [i for i, text in enumerate(items) if not is_blank(text)]
        size = max(1, self.batch_size)
        for first in range(0, len(todo), size):
            rows = todo[first : first + size]
            batch = [self.prepare(items[i]) for i in rows]
            out[rows] = normalise_rows(self._embed(batch), (len(rows), self.dimension))
        return out

    def prepare(self, text: str) -> str:
        """The text as the model will see it: capped, and safe to encode as UTF-8."""
        if self.max_chars is not None and len(text) > self.max_chars:
            text = text[: self.max_chars]
        if _NUL in text:
            text = text.replace(_NUL, " ")
        if _UNENCODABLE.search(text):
            text = _UNENCODABLE.sub("\ufffd", text)
        return text

    def namespace(self, model_id: str) -> str:
        """`model_id`, plus the length cap when it is not the default (it changes the
        vectors of long texts, so it must separate cache namespaces)."""
        if self.max_chars == DEFAULT_MAX_CHARS:
            return model_id
        return f"{model_id}|max_chars={self.max_chars}"

    @abstractmethod
    def _embed(self, texts: list[str]) -> np.ndarray:
        """Raw vectors, shape (len(texts), dimension), for non-blank prepared texts."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"
