"""What the tests of a filled store compare it with."""

from __future__ import annotations

from accord.cluster import group_articles
from accord.encode import Encoder
from accord.store import Store


def batch_events(store: Store, encoder: Encoder) -> dict[str, set[str]]:
    """Event id -> article ids, as a batch grouping of the store's latest articles gives."""
    articles = store.articles()
    analyses = store.load_analyses([a.id for a in articles])
    event_of, _ = group_articles(articles, [analyses[a.id] for a in articles], encoder)
    events: dict[str, set[str]] = {}
    for article_id, event in event_of.items():
        events.setdefault(event, set()).add(article_id)
    return events
