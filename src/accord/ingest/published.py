"""Publication dates as the inputs give them, normalised to ISO 8601."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


@lru_cache(maxsize=4096)
def normalize_published(value: str | None) -> str | None:
    """ "2026-10-30", an ISO datetime, an RFC 2822 date ("Fri, 30 Oct 2026 10:00:00 GMT"),
    "30.10.2026" or a written date ("30 October 2026") -> "YYYY-MM-DD" or ISO datetime.
    Anything unrecognisable gives None: a wrong date is worse than none."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    if _ISO_DAY.match(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    dmy = _DMY.match(text)
    if dmy:
        day, month, year = (int(g) for g in dmy.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return _written_date(text)


def _written_date(text: str) -> str | None:
    # dateparser is slow to import and to call; only reached for unusual forms.
    import dateparser

    parsed = dateparser.parse(
        text, settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date().isoformat() if parsed else None
