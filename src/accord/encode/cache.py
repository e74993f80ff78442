"""A vector cache in front of any encoder, in memory and optionally in SQLite.

No text is encoded twice: not within one batch (duplicates are sent once), not within a
run (in-memory dict), not across runs when a file is given (a feed watcher sees the same
agency sentences again and again). Entries are keyed by (encoder name, sha1 of the
text), so a different model or setting never reads another's vectors.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from accord.encode.base import Encoder, as_text_list

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    encoder TEXT NOT NULL,
    hash BLOB NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (encoder, hash)
) WITHOUT ROWID
"""
# Host parameters per SELECT ... IN (...): old SQLite builds allow only 999.
_SQL_CHUNK = 900
# In-memory entries kept before the oldest are dropped (~200 MB of USE vectors): a
# watcher running for weeks must not grow without bound; the file keeps everything.
DEFAULT_MEMORY_LIMIT = 100_000


def text_key(text: str) -> bytes:
    # surrogatepass: a lone surrogate still hashes (and differently from U+FFFD)
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()


def _chunks(items: list[bytes], size: int) -> Iterable[list[bytes]]:
    for first in range(0, len(items), size):
        yield items[first : first + size]


class CachedEncoder(Encoder):
    """`inner` with a cache. `hits` counts texts answered from the cache (memory, file,
    or an earlier copy in the same batch), `misses` the texts `inner` had to encode.

    Safe to share between threads of one process (one lock), and between processes on
    one file (SQLite WAL). Pickling drops the memory and the connection; the copy
    reopens the file when it first encodes.
    """

    def __init__(
        self,
        inner: Encoder,
        path: str | Path | None = None,
        *,
        memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
    ) -> None:
        self.inner = inner
        self.name = inner.name
        self.path = Path(path) if path is not None else None
        self.memory_limit = memory_limit
        self.hits = 0
        self.misses = 0
        self._reset()
        self._connection()  # open now, so that a bad path fails here, not mid-run

    def _reset(self) -> None:
        self._memory: dict[bytes, np.ndarray] = {}
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self._db_pid: int | None = None

    @property  # type: ignore[override]
    def dimension(self) -> int:
        return self.inner.dimension

    @property  # type: ignore[override]
    def languages(self) -> frozenset[str] | None:
        return self.inner.languages

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        items = as_text_list(texts)
        keys = [text_key(text) for text in items]
        with self._lock:
            found = self._lookup(keys)
            missing: dict[bytes, str] = {}
            for key, text in zip(keys, items, strict=True):
                if key not in found:
                    missing.setdefault(key, text)
            if missing:
                vectors = self.inner.encode(list(missing.values()))
                fresh = {key: vectors[i].copy() for i, key in enumerate(missing)}
                self._remember(fresh)
                self._save(fresh)
                found.update(fresh)
            self.misses += len(missing)
            self.hits += len(items) - len(missing)
        out = np.empty((len(items), self.dimension), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = found[key]
        return out

    def _embed(self, texts: list[str]) -> np.ndarray:  # encode() is overridden whole
        return self.inner.encode(texts)

    # -- memory ------------------------------------------------------------------

    def _lookup(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        absent: set[bytes] = set()
        for key in keys:
            if key in found or key in absent:
                continue
            vector = self._memory.get(key)
            if vector is None:
                absent.add(key)
            else:
                found[key] = vector
        if absent:
            loaded = self._load(sorted(absent))  # sorted: same queries for same input
            self._remember(loaded)
            found.update(loaded)
        return found

    def _remember(self, vectors: dict[bytes, np.ndarray]) -> None:
        self._memory.update(vectors)
        limit = self.memory_limit
        if limit is not None and len(self._memory) > limit:
            for key in list(islice(self._memory, len(self._memory) - limit)):
                del self._memory[key]  # oldest first: dicts keep insertion order

    # -- file --------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        # A connection must not cross a fork: the child opens its own.
        if self._db is None or self._db_pid != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL keeps it consistent; a cache
            db.execute(_SCHEMA)  # may lose its last writes in a power cut, no more
            db.commit()
            self._db, self._db_pid = db, os.getpid()
        return self._db

    def _load(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        db = self._connection()
        if db is None:
            return {}
        size = self.dimension * 4
        found: dict[bytes, np.ndarray] = {}
        for chunk in _chunks(keys, _SQL_CHUNK):
            marks = ",".join("?" * len(chunk))
            rows = db.execute(
                f"SELECT hash, vector FROM vectors WHERE encoder = ? AND hash IN ({marks})",
                [self.name, *chunk],
            )
            for key, blob in rows:
                if len(blob) == size:  # anything else is damage: encode it again
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def _save(self, vectors: dict[bytes, np.ndarray]) -> None:
        db = self._connection()
        if db is None:
            return
        rows = [(self.name, key, vector.tobytes()) for key, vector in vectors.items()]
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
        except sqlite3.Error as error:
            # The cache only saves time: a full disk or read-only file must not stop
            # the run, but it should be seen.
            log.warning("could not write %d vectors to %s: %s", len(rows), self.path, error)

    def close(self) -> None:
        with self._lock:
            if self._db is not None and self._db_pid == os.getpid():
                self._db.close()
            self._db = None

    def __enter__(self) -> CachedEncoder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        for name in ("_memory", "_lock", "_db", "_db_pid"):
            del state[name]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._reset()

    def __repr__(self) -> str:
        return f"CachedEncoder({self.inner!r}, path={self.path!r})"
