"""Independent sources: who, in an event, really vouches for a statement.

A near-copy (a syndicated wire story republished) adds no evidence: it folds into its
original. Two articles of one outlet (a first report and its update) count once. What is
left is the number of independent sources a claim's support is measured against.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from accord.model import Article

SINGLE_SOURCE = "single_source"
CORROBORATED = "corroborated"
CONSENSUS = "consensus"


@dataclass(frozen=True)
class EventSources:
    """The independent sources of one event's articles.

    `original[a]` is the article `a` is a copy of (itself when it is no copy);
    `source_of[a]` the independent source it speaks for (its original's outlet, or the
    original's id when the outlet is unknown); `order[a]` its rank in time order.
    """

    original: Mapping[str, str]
    source_of: Mapping[str, str]
    order: Mapping[str, int]

    @property
    def count(self) -> int:
        return len(set(self.source_of.values()))

    def support(self, article_ids: Iterable[str]) -> list[str]:
        """One article per independent source among `article_ids`, the earliest original
        of each, in time order."""
        first: dict[str, str] = {}
        for article in article_ids:
            root = self.original.get(article, article)
            source = self.source_of.get(root, root)
            kept = first.get(source)
            if kept is None or self._rank(root) < self._rank(kept):
                first[source] = root
        return sorted(first.values(), key=self._rank)

    def status(self, support: Sequence[str]) -> str:
        """single_source: one source; consensus: two or more and at least half of the
        event's independent sources; corroborated: two or more, fewer than half."""
        if len(support) < 2:
            return SINGLE_SOURCE
        if 2 * len(support) >= self.count:
            return CONSENSUS
        return CORROBORATED

    def _rank(self, article: str) -> tuple[int, str]:
        return (self.order.get(article, len(self.order)), article)


def event_sources(
    articles: Sequence[Article], duplicate_of: Mapping[str, str | None]
) -> EventSources:
    """The independent sources of `articles` (one event), given the near-copy links."""
    ordered = sorted(articles, key=lambda a: ((a.published or "")[:10], a.id))
    order = {article.id: rank for rank, article in enumerate(ordered)}
    by_id = {article.id: article for article in articles}
    original: dict[str, str] = {}
    for article in articles:
        root = article.id
        seen = {root}
        # Follow the chain to its start; an original outside the event (or a cycle, which
        # find_near_copies never makes) stops the walk where it is.
        while (parent := duplicate_of.get(root)) and parent in by_id and parent not in seen:
            root = parent
            seen.add(root)
        original[article.id] = root
    source_of = {}
    for article in articles:
        root = by_id[original[article.id]]
        source_of[article.id] = f"outlet:{root.outlet}" if root.outlet else f"article:{root.id}"
    return EventSources(original=original, source_of=source_of, order=order)
