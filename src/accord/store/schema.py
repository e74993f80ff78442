"""The store's tables, in SQLAlchemy Core, for SQLite and PostgreSQL alike.

These definitions are the *current* schema: a new database is created from them and
stamped with `SCHEMA_VERSION`. An older database reaches the same shape through the
ordered steps in `accord.store.migrations`, which never read these definitions (a step
must keep meaning what it meant when it was written).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

SCHEMA_VERSION = 3

metadata = sa.MetaData()


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A moment, always in UTC.

    SQLite keeps datetimes as text without an offset, so every value is turned into UTC
    before it is written (text order is then time order) and read back as aware UTC.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # a value written by hand, not through this type
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _article_key() -> sa.Column[str]:
    """The key column of a table that holds something of one stored article: it goes
    when the article goes."""
    return sa.Column(
        "article_id",
        sa.Text,
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    )


schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", UTCDateTime, nullable=False),
)

# One row per version of an article. `key` is what identifies the article across
# fetches (its canonical URL, else its source path); `content_hash` tells versions apart.
articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("canonical_url", sa.Text),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("latest", sa.Boolean, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("outlet", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.String(40)),
    sa.Column("language", sa.String(16)),
    sa.Column("url", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("place", sa.Text),
    sa.Column("credits", sa.JSON, nullable=False),
    sa.Column("removed", sa.JSON, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("fetched_at", UTCDateTime),
    sa.Column("first_seen", UTCDateTime, nullable=False),
    # The database itself refuses a second copy of one version, whatever the code does.
    sa.UniqueConstraint("key", "content_hash", name="uq_articles_key_hash"),
    sa.UniqueConstraint("key", "version", name="uq_articles_key_version"),
)
sa.Index("ix_articles_first_seen", articles.c.first_seen)
sa.Index("ix_articles_latest", articles.c.latest)

analyses = sa.Table(
    "analyses",
    metadata,
    _article_key(),
    sa.Column("analysis", sa.JSON, nullable=False),
    sa.Column("analyzed_at", UTCDateTime, nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("first_day", sa.String(10)),
    sa.Column("last_day", sa.String(10)),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

event_members = sa.Table(
    "event_members",
    metadata,
    _article_key(),
    sa.Column(
        "event_id",
        sa.Text,
        sa.ForeignKey("events.id", ondelete="CASCADE"),
        nullable=False,
    ),
)
sa.Index("ix_event_members_event", event_members.c.event_id)

briefs = sa.Table(
    "briefs",
    metadata,
    sa.Column(
        "event_id",
        sa.Text,
        sa.ForeignKey("events.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("brief", sa.JSON, nullable=False),
    sa.Column("computed_at", UTCDateTime, nullable=False),
    # Added in version 3: `members_digest` of the articles the brief was made from, so a
    # watcher finds briefs that lag their event (a cycle stopped between regrouping and
    # saving) without reading every brief.
    sa.Column("members", sa.String(40)),
)

# Added in schema version 2.
feeds = sa.Table(
    "feeds",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("added_at", UTCDateTime, nullable=False),
    sa.Column("last_attempt", UTCDateTime),
    sa.Column("last_success", UTCDateTime),
    sa.Column("last_error", sa.Text),
    sa.Column("last_error_at", UTCDateTime),
    sa.Column("error_count", sa.Integer, nullable=False),  # failures since the last success
)

feed_entries = sa.Table(
    "feed_entries",
    metadata,
    sa.Column("feed", sa.Text, sa.ForeignKey("feeds.url", ondelete="CASCADE"), primary_key=True),
    sa.Column("entry_id", sa.Text, primary_key=True),  # the entry's id, else its link
    sa.Column("link", sa.Text),
    sa.Column(
        "article_id",
        sa.Text,
        sa.ForeignKey("articles.id", ondelete="SET NULL"),
    ),
    sa.Column("seen_at", UTCDateTime, nullable=False),
)

# Added in schema version 3: the vector each article is clustered by (the mean of its
# lead sentences' vectors), per encoder, so a restarted watcher groups the stored articles
# again without encoding them, and a team's watchers share them.
article_vectors = sa.Table(
    "article_vectors",
    metadata,
    _article_key(),
    sa.Column("encoder", sa.Text, primary_key=True),
    sa.Column("dimension", sa.Integer, nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),  # little-endian float32
)

# Readers who only want the current text of each article query this view.
LATEST_VIEW = "latest_articles"
CREATE_LATEST_VIEW = f"CREATE VIEW {LATEST_VIEW} AS SELECT * FROM articles WHERE latest"
