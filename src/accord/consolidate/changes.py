"""What changed in an event's brief since an earlier one: new claims, claims that gained
support, new conflicts, new quotes.

Claim ids are positions in a brief (c1 is the best supported), so they do not identify a
claim across two briefs. What does is what the claim rests on: its mentions, each a span
of an article. A claim of the new brief is the old claim it shares a mention with; one
that shares none is new. Conflicts are matched by what they are about and the mentions of
their values, quotes by their mentions.

    changes = brief_changes(old_event, new_event)   # both EventBrief.to_dict() or None
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

Span = tuple[str, int, int]


@dataclass
class GainedSupport:
    claim: str  # id in the new brief
    text: str
    added: list[str]  # articles newly supporting it
    status_before: str
    status: str


@dataclass
class BriefChanges:
    """What a reader who saw the old brief has not seen yet."""

    new_claims: list[str] = field(default_factory=list)  # claim ids in the new brief
    gained_support: list[GainedSupport] = field(default_factory=list)
    new_conflicts: list[str] = field(default_factory=list)  # conflict ids in the new brief
    new_quotes: list[str] = field(default_factory=list)  # quote ids in the new brief
    new_articles: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.new_claims
            or self.gained_support
            or self.new_conflicts
            or self.new_quotes
            or self.new_articles
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def brief_changes(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> BriefChanges:
    """Changes from `old` to `new` (event briefs as dicts); everything is new when `old`
    is None (an event seen for the first time)."""
    old = old or {}
    changes = BriefChanges()
    old_articles = set(old.get("articles", []))
    changes.new_articles = [a for a in new.get("articles", []) if a not in old_articles]

    old_claims = _index(old.get("claims", []))
    for claim in new.get("claims", []):
        before = _match(claim, old_claims)
        if before is None:
            changes.new_claims.append(claim["id"])
            continue
        added = [a for a in claim.get("support", []) if a not in set(before.get("support", []))]
        if added:
            changes.gained_support.append(
                GainedSupport(
                    claim=claim["id"],
                    text=claim.get("text", ""),
                    added=added,
                    status_before=before.get("status", ""),
                    status=claim.get("status", ""),
                )
            )

    old_conflicts = [_conflict_key(c) for c in old.get("conflicts", [])]
    for conflict in new.get("conflicts", []):
        about, spans = _conflict_key(conflict)
        if not any(about == a and spans & s for a, s in old_conflicts):
            changes.new_conflicts.append(conflict["id"])

    old_quotes = _index(old.get("quotes", []))
    for quote in new.get("quotes", []):
        if _match(quote, old_quotes) is None:
            changes.new_quotes.append(quote["id"])
    return changes


def _spans(mentions: Iterable[Mapping[str, Any]]) -> set[Span]:
    return {(m["article"], m.get("start", -1), m.get("end", -1)) for m in mentions}


def _index(items: Iterable[Mapping[str, Any]]) -> dict[Span, Mapping[str, Any]]:
    """Each mention's span -> the item it belongs to."""
    return {span: item for item in items for span in _spans(item.get("mentions", []))}


def _match(
    item: Mapping[str, Any], index: dict[Span, Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    """The earlier item sharing most of this one's mentions, None if it shares none."""
    counts: dict[int, tuple[int, Mapping[str, Any]]] = {}
    for span in _spans(item.get("mentions", [])):
        found = index.get(span)
        if found is not None:
            seen, _ = counts.get(id(found), (0, found))
            counts[id(found)] = (seen + 1, found)
    if not counts:
        return None
    return max(counts.values(), key=lambda pair: pair[0])[1]


def _conflict_key(conflict: Mapping[str, Any]) -> tuple[str, set[Span]]:
    spans = set().union(*(_spans(v.get("mentions", [])) for v in conflict.get("values", [])))
    return conflict.get("about", ""), spans
