"""Schema versions: create a new store, upgrade an older one, refuse a newer one.

`schema_version` holds one row per version applied. A new (empty) database is created
from the current table definitions and stamped with `SCHEMA_VERSION`; an existing one
runs, in order and inside one transaction, each step from its version up. Steps are
frozen: they spell out the tables as they were when the step was written, so that later
edits to `schema.py` cannot change what an old step does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from accord.store import schema


class StoreError(Exception):
    """The database cannot be used by this version of accord; the message says why."""


def _v1_to_v2(conn: Connection) -> None:
    """Version 2 adds the feeds being watched and the entries already seen in each."""
    frozen = sa.MetaData()
    # A stub of the existing table, only so that the foreign key below can name it.
    sa.Table("articles", frozen, sa.Column("id", sa.Text, primary_key=True))
    feeds = sa.Table(
        "feeds",
        frozen,
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("added_at", schema.UTCDateTime, nullable=False),
        sa.Column("last_attempt", schema.UTCDateTime),
        sa.Column("last_success", schema.UTCDateTime),
        sa.Column("last_error", sa.Text),
        sa.Column("last_error_at", schema.UTCDateTime),
        sa.Column("error_count", sa.Integer, nullable=False),
    )
    entries = sa.Table(
        "feed_entries",
        frozen,
        sa.Column(
            "feed", sa.Text, sa.ForeignKey("feeds.url", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("entry_id", sa.Text, primary_key=True),
        sa.Column("link", sa.Text),
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="SET NULL")),
        sa.Column("seen_at", schema.UTCDateTime, nullable=False),
    )
    feeds.create(conn)
    entries.create(conn)


def _v2_to_v3(conn: Connection) -> None:
    """Version 3 keeps each article's clustering vector, per encoder, and with each brief
    a digest of the articles it was made from."""
    import hashlib
    import json

    conn.exec_driver_sql("ALTER TABLE briefs ADD COLUMN members VARCHAR(40)")
    briefs = sa.table("briefs", sa.column("event_id"), sa.column("brief"), sa.column("members"))
    for event_id, brief in conn.execute(sa.select(briefs.c.event_id, briefs.c.brief)).all():
        data = json.loads(brief) if isinstance(brief, str) else brief
        ids = data.get("articles") if isinstance(data, dict) else None
        if isinstance(ids, list):
            digest = hashlib.sha1("\n".join(sorted(map(str, ids))).encode()).hexdigest()
            conn.execute(
                sa.update(briefs).where(briefs.c.event_id == event_id).values(members=digest)
            )
    frozen = sa.MetaData()
    sa.Table("articles", frozen, sa.Column("id", sa.Text, primary_key=True))
    sa.Table(
        "article_vectors",
        frozen,
        sa.Column(
            "article_id",
            sa.Text,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("encoder", sa.Text, primary_key=True),
        sa.Column("dimension", sa.Integer, nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    ).create(conn)


# MIGRATIONS[n] upgrades a database at version n to version n + 1, in this order.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
}
assert max(MIGRATIONS) + 1 == schema.SCHEMA_VERSION, "every version needs its step"

# Tables whose presence without `schema_version` means "not an accord store".
_OURS = {
    "articles",
    "analyses",
    "events",
    "event_members",
    "briefs",
    "feeds",
    "feed_entries",
    "article_vectors",
}


def current_version(conn: Connection) -> int | None:
    """The database's schema version; None for a database accord has never touched."""
    tables = set(sa.inspect(conn).get_table_names())
    if "schema_version" not in tables:
        if tables & _OURS:
            raise StoreError(
                "this database has accord-like tables but no schema_version; "
                "it was not made by accord, or is damaged"
            )
        return None
    found = conn.execute(sa.select(sa.func.max(schema.schema_version.c.version))).scalar()
    return int(found) if found is not None else None


def ensure_schema(conn: Connection) -> int:
    """Bring the database to `SCHEMA_VERSION` inside the caller's transaction.

    Returns the version it was at before (0 for a new one). Raises StoreError for a
    database newer than this code: writing to it could corrupt what a newer accord keeps.
    """
    version = current_version(conn)
    if version is None:
        schema.metadata.create_all(conn)
        conn.exec_driver_sql(schema.CREATE_LATEST_VIEW)
        _stamp(conn, schema.SCHEMA_VERSION)
        return 0
    if version < 1:
        raise StoreError(f"the database has an impossible schema version ({version})")
    if version > schema.SCHEMA_VERSION:
        raise StoreError(
            f"the database has schema version {version}, newer than this accord "
            f"understands ({schema.SCHEMA_VERSION}); upgrade accord to use it"
        )
    for step in range(version, schema.SCHEMA_VERSION):
        MIGRATIONS[step](conn)
        _stamp(conn, step + 1)
    return version


def _stamp(conn: Connection, version: int) -> None:
    conn.execute(
        schema.schema_version.insert().values(version=version, applied_at=datetime.now(UTC))
    )
