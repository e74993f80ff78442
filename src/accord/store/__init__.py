"""accord's durable store: articles (every version), analyses, events, briefs and feeds,
in SQLite by default or PostgreSQL, behind one API. See `repository.Store`."""

from accord.store.migrations import StoreError
from accord.store.repository import (
    AddResult,
    ArticleVersion,
    FeedHealth,
    Store,
    StoredEvent,
    canonical_url,
    content_hash,
    database_url,
    default_db_path,
    members_digest,
    open_store,
)
from accord.store.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "AddResult",
    "ArticleVersion",
    "FeedHealth",
    "Store",
    "StoreError",
    "StoredEvent",
    "canonical_url",
    "content_hash",
    "database_url",
    "default_db_path",
    "members_digest",
    "open_store",
]
