"""Datelines ("PORT ELLIS, Valdoria, Oct 31 (Nordwire) - ") that open a report's first
sentence: where and when it was filed, not something the report states."""

from __future__ import annotations

import re

DATELINE = re.compile(
    r"\s*[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\- ]*[A-ZÀ-ÖØ-Þ.]"  # PLACE, upper case
    r"(?:,\s*[^,\n()—–]{1,30}?){0,3}"  # ", Valdoria", ", Oct 31"
    r"(?:\s*\([^()\n]{1,40}\))?"  # "(Nordwire)"
    r"\s*(?:\.-|-{1,2}|[—–]|:)\s+"
)


def dateline_end(sentence_text: str) -> int:
    """Length of the dateline that opens `sentence_text` (0 if none)."""
    match = DATELINE.match(sentence_text)
    return match.end() if match else 0
