"""Pieces of invented brief documents that several test files build on."""

from __future__ import annotations

from typing import Any


def bare_event(
    eid: str, title: str, date: str | None, articles: list[str] | None = None
) -> dict[str, Any]:
    """An event of the brief schema with nothing in it but its title, date and articles,
    reported by one invented outlet."""
    return {
        "id": eid,
        "title": title,
        "date": date,
        "articles": list(articles or []),
        "outlets": ["Delta Wire"],
        "languages": ["en"],
        "claims": [],
        "conflicts": [],
        "quotes": [],
        "timeline": [],
        "summary": [],
        "problems": [],
    }
