"""The store's operations: ingest articles idempotently, keep analyses, events, briefs
and the health of watched feeds, for SQLite and PostgreSQL through one code path.

Writes are serialised: on SQLite by `BEGIN IMMEDIATE` (a deferred transaction that reads
and then writes can fail outright under WAL when another writer got in between), on
PostgreSQL by a transaction-scoped advisory lock. Each public write is one transaction,
so a process killed at any moment leaves either the whole call or none of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote_plus, urlsplit, urlunsplit

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from accord.model import Analysis, Article, DateMention, Entity, Quantity, Quote, Sentence
from accord.store import schema
from accord.store.migrations import StoreError, ensure_schema

__all__ = [
    "AddResult",
    "ArticleVersion",
    "FeedHealth",
    "Store",
    "StoreError",
    "StoredEvent",
    "canonical_url",
    "content_hash",
    "default_db_path",
    "open_store",
]

# --- Identity: which fetches are the same article, and which are the same version. ---

# Query parameters that say how a reader arrived, not what they read. Matched on the
# lower-cased, decoded parameter name; prefixes end in "_" or are listed as such.
TRACKING_PARAMETER_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "__hs", "_hs")
TRACKING_PARAMETERS = frozenset(
    """
    fbclid gclid gclsrc dclid gbraid wbraid msclkid yclid twclid ttclid li_fat_id igshid
    mc_cid mc_eid mkt_tok _ga _gl _ke oly_anon_id oly_enc_id vero_id vero_conv
    ocid cmpid spm scid s_cid wt_mc wt.mc_id at_medium at_campaign at_custom1
    rb_clickid ncid sr_share
    """.split()
)
DEFAULT_PORTS = {"http": ":80", "https": ":443"}

_WHITESPACE = re.compile(r"\s+")


def _is_tracking(name: str) -> bool:
    name = unquote_plus(name).strip().lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PARAMETER_PREFIXES)


def canonical_url(url: str) -> str:
    """One spelling per article address: lower-case scheme and host, no default port, no
    fragment, no tracking parameters, the other parameters sorted. Only http(s) URLs with
    a host are rewritten; anything else comes back stripped of surrounding space.

    Parameters are split and sorted as written, never decoded and re-encoded, so the
    result is stable: canonical_url(canonical_url(u)) == canonical_url(u).
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return url
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.netloc:
        return url
    userinfo, at, hostport = parts.netloc.rpartition("@")
    hostport = hostport.lower().removesuffix(DEFAULT_PORTS[scheme])
    pairs = sorted(p for p in parts.query.split("&") if p and not _is_tracking(p.split("=")[0]))
    result = urlunsplit(
        (scheme, f"{userinfo}{at}{hostport}", parts.path or "/", "&".join(pairs), "")
    )
    # Whatever urlsplit would still change on a second pass is not worth a second spelling.
    try:
        urlsplit(result)
    except ValueError:
        return url
    return result


def members_digest(article_ids: Iterable[str]) -> str:
    """A digest of a set of article ids: equal digests, equal sets."""
    return hashlib.sha1("\n".join(sorted(article_ids)).encode()).hexdigest()


def content_hash(text: str) -> str:
    """The hash of what an article says: Unicode- and whitespace-normalised, so that a
    re-fetch that only re-flows the text is not a new version."""
    normal = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()


def _identity(article: Article) -> tuple[str, str | None]:
    """(key, canonical URL): the canonical URL where there is one, else the source."""
    if article.url and article.url.strip():
        canonical = canonical_url(article.url)
        return canonical, canonical
    return f"source:{article.source}", None


# --- Results ---


@dataclass
class AddResult:
    """What `Store.add_articles` did. The three counts are disjoint and sum to the input.

    `ids` maps each input article's id to the id it is stored under (its own unless that
    was taken, or the stored copy's when it was already there); `stored` lists the ids of
    the rows this call wrote.
    """

    added: int = 0  # articles never seen before
    duplicates: int = 0  # already stored (same key and text), also within the batch
    new_versions: int = 0  # a known article whose text changed
    ids: dict[str, str] = field(default_factory=dict)
    stored: list[str] = field(default_factory=list)


@dataclass
class ArticleVersion:
    id: str
    key: str
    version: int
    latest: bool
    content_hash: str
    first_seen: datetime


@dataclass
class StoredEvent:
    id: str
    first_day: str | None
    last_day: str | None
    updated_at: datetime
    articles: list[str]


@dataclass
class FeedHealth:
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    last_attempt: datetime | None
    last_success: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    error_count: int  # failures since the last success
    articles_per_day: float  # articles stored from its entries, over the last week


# --- Opening ---


def default_db_path() -> Path:
    """$XDG_DATA_HOME/accord/accord.sqlite, by default ~/.local/share/accord/accord.sqlite."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "accord" / "accord.sqlite"


def database_url(url_or_path: str | os.PathLike[str]) -> str:
    """A SQLAlchemy URL: URLs pass (PostgreSQL through psycopg 3), paths become SQLite."""
    text = os.fspath(url_or_path)
    if "://" in text:
        for prefix in ("postgresql://", "postgres://"):
            if text.startswith(prefix):
                return "postgresql+psycopg://" + text.removeprefix(prefix)
        return text
    path = Path(text).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


SQLITE_PRAGMAS = (
    "PRAGMA busy_timeout = 30000",  # wait for another writer up to 30 s, not fail at once
    "PRAGMA journal_mode = WAL",  # readers never block the writer, nor it them
    "PRAGMA synchronous = FULL",  # a commit survives power loss, not only a killed process
    "PRAGMA foreign_keys = ON",
)
_PG_WRITE_LOCK = 0x6163636F7264  # "accord": the advisory lock all writers take


def _sqlite_events(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # the driver's own BEGIN handling is off: ours below
        cursor = dbapi_conn.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("accord_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def _json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def open_store(url_or_path: str | os.PathLike[str] | None = None) -> Store:
    """Open (creating or upgrading) the store at a path or URL; default `default_db_path()`.

    Raises StoreError for a database made by a newer accord, or not by accord at all.
    """
    url = database_url(url_or_path if url_or_path is not None else default_db_path())
    engine = sa.create_engine(url, json_serializer=_json_dumps)
    if engine.dialect.name == "sqlite":
        _sqlite_events(engine)
    store = Store(engine)
    try:
        with store._write() as conn:
            ensure_schema(conn)
    except BaseException:
        engine.dispose()
        raise
    return store


T = TypeVar("T")


def _build(cls: type[T], data: Mapping[str, Any]) -> T:
    """A dataclass from its dict, ignoring keys it no longer has (stored by older code)."""
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in known})


ANALYSIS_PARTS: dict[str, type] = {
    "sentences": Sentence,
    "dates": DateMention,
    "quantities": Quantity,
    "quotes": Quote,
    "entities": Entity,
}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """`dataclasses.asdict` without its deep copies, which cost ten times the rest of a
    store write for an analysis of a few hundred spans."""
    names = _FIELD_NAMES.get(type(value))
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES.setdefault(type(value), tuple(f.name for f in fields(value)))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def analysis_from_dict(data: Mapping[str, Any]) -> Analysis:
    parts = {
        name: [_build(cls, item) for item in data.get(name) or []]
        for name, cls in ANALYSIS_PARTS.items()
    }
    return Analysis(article=data["article"], language=data.get("language"), **parts)


def _chunks(items: Sequence[T], size: int = 500) -> Iterator[Sequence[T]]:
    # SQLite limits bound parameters per statement; 500 is far below every limit.
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _now() -> datetime:
    return datetime.now(UTC)


class Store:
    """A handle on one database. Safe to use from one thread; open one per process."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- transactions --

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect().execution_options(accord_write=True) as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_WRITE_LOCK})
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        # One transaction, so that several queries see one snapshot of the database.
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        with self._read() as conn:
            return int(
                conn.execute(sa.select(sa.func.max(schema.schema_version.c.version))).scalar_one()
            )

    # -- articles --

    def add_articles(
        self,
        articles: Sequence[Article],
        analyses: Sequence[Analysis] | None = None,
        fetched_at: datetime | None = None,
    ) -> AddResult:
        """Store the articles not stored yet, in one transaction, with their analyses.

        The same key (canonical URL, else source) with the same text is a duplicate and
        written nowhere; with a different text it is the next version, and the older ones
        stay, no longer `latest`. `analyses` (matched on `Analysis.article`) are stored for
        the rows written, under their stored ids.
        """
        result = AddResult()
        if not articles:
            return result
        now = _now()
        identities = [(*_identity(a), content_hash(a.text)) for a in articles]
        with self._write() as conn:
            stored_versions, max_version = self._existing(conn, {key for key, _, _ in identities})
            taken = self._taken_ids(conn, [a.id for a in articles])
            rows: list[dict[str, Any]] = []
            written: dict[str, str] = {}  # stored id -> the input id it was written from
            for article, (key, canonical, digest) in zip(articles, identities, strict=True):
                if (key, digest) in stored_versions:
                    result.duplicates += 1
                    result.ids[article.id] = stored_versions[key, digest]
                    continue
                version = max_version.get(key, 0) + 1
                max_version[key] = version
                if version == 1:
                    result.added += 1
                else:
                    result.new_versions += 1
                row_id = self._free_id(conn, article.id, version, taken)
                stored_versions[key, digest] = row_id
                result.ids[article.id] = row_id
                result.stored.append(row_id)
                written[row_id] = article.id
                rows.append(
                    self._article_row(
                        article, row_id, key, canonical, digest, version, now, fetched_at
                    )
                )
            self._insert_versions(conn, rows, max_version)
            if analyses:
                mine = self._analyses_of(analyses, written)
                self._put_analyses(conn, mine, result.ids, now)
        return result

    @staticmethod
    def _analyses_of(analyses: Sequence[Analysis], written: Mapping[str, str]) -> list[Analysis]:
        """The analyses of the rows written (stored id -> input id), one each: a
        duplicate's analysis (a tracking URL variant's, say) must not replace another's."""
        by_input = {input_id: stored for stored, input_id in written.items()}
        chosen: dict[str, Analysis] = {}
        for analysis in analyses:
            stored = by_input.get(analysis.article)
            if stored is not None and stored not in chosen:
                chosen[stored] = analysis
        return list(chosen.values())

    @staticmethod
    def _existing(
        conn: Connection, keys: set[str]
    ) -> tuple[dict[tuple[str, str], str], dict[str, int]]:
        a = schema.articles
        by_text: dict[tuple[str, str], str] = {}
        max_version: dict[str, int] = {}
        for chunk in _chunks(sorted(keys)):
            query = sa.select(a.c.key, a.c.content_hash, a.c.id, a.c.version).where(
                a.c.key.in_(chunk)
            )
            for key, digest, row_id, version in conn.execute(query):
                by_text[key, digest] = row_id
                max_version[key] = max(version, max_version.get(key, 0))
        return by_text, max_version

    @staticmethod
    def _taken_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
        taken: set[str] = set()
        for chunk in _chunks(sorted(set(ids))):
            taken.update(
                conn.scalars(sa.select(schema.articles.c.id).where(schema.articles.c.id.in_(chunk)))
            )
        return taken

    @staticmethod
    def _free_id(conn: Connection, wanted: str, version: int, taken: set[str]) -> str:
        """The article's own id if free; else a suffixed one (a JSONL id reused for an
        updated text, or two inputs that claim one id)."""
        candidate, n = wanted, 0
        while candidate in taken or (
            candidate != wanted
            and conn.scalar(
                sa.select(schema.articles.c.id).where(schema.articles.c.id == candidate)
            )
        ):
            n += 1
            candidate = f"{wanted}~v{version}" if n == 1 else f"{wanted}~v{version}.{n}"
        taken.add(candidate)
        return candidate

    @staticmethod
    def _article_row(
        article: Article,
        row_id: str,
        key: str,
        canonical: str | None,
        digest: str,
        version: int,
        now: datetime,
        fetched_at: datetime | None,
    ) -> dict[str, Any]:
        return {
            "id": row_id,
            "key": key,
            "canonical_url": canonical,
            "content_hash": digest,
            "version": version,
            "latest": False,
            "source": article.source,
            "outlet": article.outlet,
            "title": article.title,
            "published": article.published,
            "language": article.language,
            "url": article.url,
            "author": article.author,
            "place": article.place,
            "credits": list(article.credits),
            "removed": list(article.removed),
            "text": article.text,
            "fetched_at": fetched_at or now,
            "first_seen": now,
        }

    @staticmethod
    def _insert_versions(
        conn: Connection, rows: list[dict[str, Any]], max_version: dict[str, int]
    ) -> None:
        if not rows:
            return
        a = schema.articles
        newer = sorted({row["key"] for row in rows if row["version"] > 1})
        for chunk in _chunks(newer):
            conn.execute(sa.update(a).where(a.c.key.in_(chunk), a.c.latest).values(latest=False))
        for row in rows:
            row["latest"] = row["version"] == max_version[row["key"]]
        conn.execute(a.insert(), rows)

    def known_ids(self, articles: Sequence[Article]) -> dict[str, str]:
        """For the input articles already stored (same key and text): input id -> stored id.
        Lets a caller skip analysing what it would not store anyway."""
        identities = [(*_identity(a), content_hash(a.text)) for a in articles]
        with self._read() as conn:
            stored, _ = self._existing(conn, {key for key, _, _ in identities})
        return {
            article.id: stored[key, digest]
            for article, (key, _, digest) in zip(articles, identities, strict=True)
            if (key, digest) in stored
        }

    def articles(
        self, since: datetime | None = None, *, all_versions: bool = False
    ) -> list[Article]:
        """Stored articles (the latest version of each, unless `all_versions`), first seen
        at or after `since`, by when they were stored (one batch's by id)."""
        a = schema.articles
        query = sa.select(a).order_by(a.c.first_seen, a.c.id)
        if not all_versions:
            query = query.where(a.c.latest)
        if since is not None:
            query = query.where(a.c.first_seen >= since)
        with self._read() as conn:
            return [self._article(row) for row in conn.execute(query).mappings()]

    def latest_ids(self) -> set[str]:
        """The ids of the latest version of every stored article (no texts read)."""
        a = schema.articles
        with self._read() as conn:
            return set(conn.scalars(sa.select(a.c.id).where(a.c.latest)))

    def articles_by_id(self, article_ids: Iterable[str]) -> dict[str, Article]:
        """The stored articles (any version) with these ids; unknown ids are left out."""
        a = schema.articles
        found: dict[str, Article] = {}
        with self._read() as conn:
            for chunk in _chunks(sorted(set(article_ids))):
                for row in conn.execute(sa.select(a).where(a.c.id.in_(chunk))).mappings():
                    found[row["id"]] = self._article(row)
        return found

    def get_article(self, article_id: str) -> Article | None:
        a = schema.articles
        with self._read() as conn:
            row = conn.execute(sa.select(a).where(a.c.id == article_id)).mappings().first()
        return self._article(row) if row else None

    def versions(self, article_id: str) -> list[ArticleVersion]:
        """Every stored version of the article `article_id` is one version of, oldest first."""
        a = schema.articles
        key = sa.select(a.c.key).where(a.c.id == article_id).scalar_subquery()
        query = (
            sa.select(a.c.id, a.c.key, a.c.version, a.c.latest, a.c.content_hash, a.c.first_seen)
            .where(a.c.key == key)
            .order_by(a.c.version)
        )
        with self._read() as conn:
            return [ArticleVersion(**row) for row in conn.execute(query).mappings()]

    @staticmethod
    def _article(row: Mapping[str, Any]) -> Article:
        return Article(
            id=row["id"],
            source=row["source"],
            text=row["text"],
            title=row["title"],
            published=row["published"],
            outlet=row["outlet"],
            url=row["url"],
            language=row["language"],
            author=row["author"],
            place=row["place"],
            credits=list(row["credits"] or []),
            removed=list(row["removed"] or []),
        )

    # -- analyses --

    def save_analyses(self, analyses: Sequence[Analysis]) -> None:
        """Store (or replace) analyses of stored articles, keyed on `Analysis.article`."""
        with self._write() as conn:
            self._put_analyses(conn, analyses, {}, _now())

    @staticmethod
    def _put_analyses(
        conn: Connection, analyses: Sequence[Analysis], ids: Mapping[str, str], now: datetime
    ) -> None:
        if not analyses:
            return
        t = schema.analyses
        rows = []
        for analysis in analyses:
            data = _plain(analysis)
            data["article"] = ids.get(data["article"], data["article"])
            rows.append({"article_id": data["article"], "analysis": data, "analyzed_at": now})
        # Delete-then-insert is an upsert both dialects understand alike.
        for chunk in _chunks([row["article_id"] for row in rows]):
            conn.execute(sa.delete(t).where(t.c.article_id.in_(chunk)))
        conn.execute(t.insert(), rows)

    def load_analyses(self, article_ids: Iterable[str] | None = None) -> dict[str, Analysis]:
        """Analyses by article id: of `article_ids`, or all of them."""
        t = schema.analyses
        found: dict[str, Analysis] = {}
        with self._read() as conn:
            if article_ids is None:
                batches: Iterable[Any] = [conn.execute(sa.select(t.c.article_id, t.c.analysis))]
            else:
                wanted = sorted(set(article_ids))
                batches = (
                    conn.execute(
                        sa.select(t.c.article_id, t.c.analysis).where(t.c.article_id.in_(c))
                    )
                    for c in _chunks(wanted)
                )
            for batch in batches:
                for article_id, data in batch:
                    found[article_id] = analysis_from_dict(data)
        return found

    # -- article vectors --

    def save_article_vectors(self, encoder: str, vectors: Mapping[str, np.ndarray]) -> None:
        """Store (or replace) the clustering vectors of stored articles made by `encoder`
        (its name, e.g. `Encoder.name`)."""
        if not vectors:
            return
        t = schema.article_vectors
        rows = []
        for article_id, vector in sorted(vectors.items()):
            data = np.ascontiguousarray(vector, dtype="<f4")
            rows.append(
                {
                    "article_id": article_id,
                    "encoder": encoder,
                    "dimension": int(data.shape[0]),
                    "vector": data.tobytes(),
                }
            )
        with self._write() as conn:
            for chunk in _chunks([row["article_id"] for row in rows]):
                conn.execute(sa.delete(t).where(t.c.encoder == encoder, t.c.article_id.in_(chunk)))
            conn.execute(t.insert(), rows)

    def load_article_vectors(
        self, encoder: str, article_ids: Iterable[str] | None = None
    ) -> dict[str, np.ndarray]:
        """The vectors `encoder` made, by article id: of `article_ids`, or all of them."""
        t = schema.article_vectors
        query = sa.select(t.c.article_id, t.c.dimension, t.c.vector).where(t.c.encoder == encoder)
        found: dict[str, np.ndarray] = {}
        with self._read() as conn:
            if article_ids is None:
                batches: Iterable[Any] = [conn.execute(query)]
            else:
                wanted = sorted(set(article_ids))
                batches = (
                    conn.execute(query.where(t.c.article_id.in_(c))) for c in _chunks(wanted)
                )
            for batch in batches:
                for article_id, dimension, blob in batch:
                    vector = np.frombuffer(bytes(blob), dtype="<f4")
                    if vector.shape[0] == dimension:  # a damaged row is made again, not used
                        found[article_id] = vector.astype(np.float32)
        return found

    # -- events and briefs --

    def assign_events(self, mapping: Mapping[str, str]) -> None:
        """Put each article (id -> event id) into its event, creating events as needed;
        an article leaves the event it was in, and an event left empty is removed."""
        if not mapping:
            return
        e, m, a = schema.events, schema.event_members, schema.articles
        now = _now()
        with self._write() as conn:
            article_ids = sorted(mapping)
            touched = set(mapping.values())
            for chunk in _chunks(article_ids):
                touched.update(
                    conn.scalars(sa.select(m.c.event_id).where(m.c.article_id.in_(chunk)))
                )
                conn.execute(sa.delete(m).where(m.c.article_id.in_(chunk)))
            existing = set()
            for chunk in _chunks(sorted(touched)):
                existing.update(conn.scalars(sa.select(e.c.id).where(e.c.id.in_(chunk))))
            new = sorted(set(mapping.values()) - existing)
            if new:
                conn.execute(e.insert(), [{"id": i, "updated_at": now} for i in new])
            conn.execute(
                m.insert(), [{"article_id": k, "event_id": v} for k, v in sorted(mapping.items())]
            )
            for event_id in sorted(touched):
                days = (
                    sa.select(
                        sa.func.min(sa.func.substr(a.c.published, 1, 10)),
                        sa.func.max(sa.func.substr(a.c.published, 1, 10)),
                        sa.func.count(m.c.article_id),
                    )
                    .select_from(m.join(a, a.c.id == m.c.article_id))
                    .where(m.c.event_id == event_id)
                )
                first, last, count = conn.execute(days).one()
                if count == 0:
                    conn.execute(sa.delete(e).where(e.c.id == event_id))
                else:
                    conn.execute(
                        sa.update(e)
                        .where(e.c.id == event_id)
                        .values(first_day=first, last_day=last, updated_at=now)
                    )

    def events(self) -> list[StoredEvent]:
        e, m = schema.events, schema.event_members
        with self._read() as conn:
            members: dict[str, list[str]] = {}
            for article_id, event_id in conn.execute(
                sa.select(m.c.article_id, m.c.event_id).order_by(m.c.article_id)
            ):
                members.setdefault(event_id, []).append(article_id)
            rows = (
                conn.execute(sa.select(e).order_by(e.c.first_day.nulls_last(), e.c.id))
                .mappings()
                .all()
            )
        return [StoredEvent(**row, articles=members.get(row["id"], [])) for row in rows]

    def save_brief(self, event_id: str, brief: Mapping[str, Any]) -> None:
        """Store (or replace) the brief of a stored event, as JSON, with the digest of
        its `"articles"` (see `members_digest`)."""
        b = schema.briefs
        ids = brief.get("articles")
        members = members_digest(map(str, ids)) if isinstance(ids, list) else None
        with self._write() as conn:
            conn.execute(sa.delete(b).where(b.c.event_id == event_id))
            conn.execute(
                b.insert().values(
                    event_id=event_id, brief=dict(brief), computed_at=_now(), members=members
                )
            )

    def briefs_version(self) -> tuple[int, datetime | None]:
        """How many briefs are kept and when the newest was saved: it changes whenever a
        brief is saved or an event (and its brief) removed, so a reader knows when to
        read the briefs again without reading them."""
        b = schema.briefs
        with self._read() as conn:
            count, newest = conn.execute(
                sa.select(sa.func.count(), sa.func.max(b.c.computed_at))
            ).one()
        return int(count), newest

    def brief_digests(self) -> dict[str, str | None]:
        """Event id -> `members_digest` of the articles its saved brief was made from
        (None when unknown), for every event with a brief; no brief is read."""
        b = schema.briefs
        with self._read() as conn:
            return {
                event: members
                for event, members in conn.execute(sa.select(b.c.event_id, b.c.members))
            }

    def load_brief(self, event_id: str) -> dict[str, Any] | None:
        b = schema.briefs
        with self._read() as conn:
            return conn.scalar(sa.select(b.c.brief).where(b.c.event_id == event_id))

    # -- feeds --

    def upsert_feed(self, url: str, title: str | None = None) -> None:
        """Add a feed to watch; for a known one, update its title when one is given."""
        with self._write() as conn:
            self._ensure_feed(conn, url, title)

    @staticmethod
    def _ensure_feed(conn: Connection, url: str, title: str | None = None) -> None:
        f = schema.feeds
        if conn.scalar(sa.select(f.c.url).where(f.c.url == url)) is None:
            conn.execute(f.insert().values(url=url, title=title, added_at=_now(), error_count=0))
        elif title is not None:
            conn.execute(sa.update(f).where(f.c.url == url).values(title=title))

    def record_feed_fetch(
        self,
        url: str,
        ok: bool,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
        at: datetime | None = None,
    ) -> None:
        """Note one fetch of a feed: on success its validators for the next conditional
        request, on failure the error (the count grows until the next success)."""
        f = schema.feeds
        at = at or _now()
        with self._write() as conn:
            self._ensure_feed(conn, url)
            if ok:
                values: dict[str, Any] = {
                    "last_attempt": at,
                    "last_success": at,
                    "etag": etag,
                    "last_modified": last_modified,
                    "error_count": 0,
                }
            else:
                values = {
                    "last_attempt": at,
                    "last_error": error or "failed",
                    "last_error_at": at,
                    "error_count": f.c.error_count + 1,
                }
            conn.execute(sa.update(f).where(f.c.url == url).values(**values))

    def record_feed_entries(
        self, feed: str, entries: Iterable[tuple[str, str | None, str | None]]
    ) -> None:
        """Remember entries (entry id, link, stored article id or None) as seen in a feed;
        an entry seen before gets its article id filled in when it now has one."""
        fe = schema.feed_entries
        now = _now()
        with self._write() as conn:
            self._ensure_feed(conn, feed)
            for entry_id, link, article_id in entries:
                where = (fe.c.feed == feed) & (fe.c.entry_id == entry_id)
                if conn.scalar(sa.select(fe.c.entry_id).where(where)) is None:
                    conn.execute(
                        fe.insert().values(
                            feed=feed,
                            entry_id=entry_id,
                            link=link,
                            article_id=article_id,
                            seen_at=now,
                        )
                    )
                elif article_id is not None:
                    conn.execute(sa.update(fe).where(where).values(article_id=article_id))

    def seen_entries(self, feed: str) -> set[str]:
        """Ids of the entries of `feed` already recorded."""
        fe = schema.feed_entries
        with self._read() as conn:
            return set(conn.scalars(sa.select(fe.c.entry_id).where(fe.c.feed == feed)))

    def feed_health(self, now: datetime | None = None, days: int = 7) -> list[FeedHealth]:
        """Every feed's last success and error, and articles per day over the last `days`."""
        f, fe = schema.feeds, schema.feed_entries
        since = (now or _now()) - timedelta(days=days)
        counts = (
            sa.select(fe.c.feed, sa.func.count().label("n"))
            .where(fe.c.article_id.is_not(None), fe.c.seen_at >= since)
            .group_by(fe.c.feed)
            .subquery()
        )
        query = (
            sa.select(f, sa.func.coalesce(counts.c.n, 0).label("recent"))
            .select_from(f.outerjoin(counts, counts.c.feed == f.c.url))
            .order_by(f.c.url)
        )
        with self._read() as conn:
            rows = conn.execute(query).mappings().all()
        return [
            FeedHealth(
                url=row["url"],
                title=row["title"],
                etag=row["etag"],
                last_modified=row["last_modified"],
                last_attempt=row["last_attempt"],
                last_success=row["last_success"],
                last_error=row["last_error"],
                last_error_at=row["last_error_at"],
                error_count=row["error_count"],
                articles_per_day=row["recent"] / days,
            )
            for row in rows
        ]
