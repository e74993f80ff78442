"""Quote marks: which marks pair up into quoted spans (step 1 of `accord.analyze.quotes`).

`scan_spans(text)` pairs quote marks with a stack: "…", “…”, «…», « … », „…“, ‚…‘, ‘…’,
'…', »…«, ‹…›, 「…」. Straight and single marks must flank their content (space or
punctuation outside, a non-space inside), so "don't", "the outlets' reports" and "'90s"
are no quotes. Only outermost spans are kept (“He said ‘no’,” she said → one).
Unbalanced marks are bounded: a mark never nests in itself (a second opening mark orphans
the first), a quote still open at a paragraph break must close within `PARAGRAPH_GRACE`
chars, and none is longer than `MAX_QUOTE_CHARS`. In the English multi-paragraph
convention (a paragraph ends open and the next reopens with the same mark) each paragraph
becomes its own quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["scan_spans"]

MAX_QUOTE_CHARS = 3000  # an opening mark farther back than this is an orphan
PARAGRAPH_GRACE = 250  # after a paragraph break, an open quote must close within this
_POSSESSIVE_REACH = 400  # how far a possessive-looking mark looks for the real closing one

# opening mark -> marks that may close it
_PAIRS = {
    '"': '"',
    "“": "”",
    "„": "“”",
    "«": "»",
    "»": "«",
    "‹": "›",
    "›": "‹",
    "‘": "’",
    "‚": "‘’",
    "'": "'",
    "「": "」",
    "『": "』",
}
_CLOSES = {c: frozenset(o for o, cs in _PAIRS.items() if c in cs) for c in "".join(_PAIRS.values())}
_ALL_MARKS = frozenset(_PAIRS) | frozenset(_CLOSES)
# Single marks double as apostrophes: they close only the innermost open quote.
_WEAK = frozenset("'‘’‚‹›")
# Marks whose role the glyph does not fix: they need a space or punctuation outside and a
# non-space inside ("flanking"), as in Markdown.
_FLANKED = _WEAK | {'"'}
_OPEN_PREV = frozenset("([{<—–-/:;¡¿") | _ALL_MARKS
_CLOSE_NEXT = frozenset(".,;:!?)]}>—–-/…") | _ALL_MARKS
_MARK_RE = re.compile("[\"'“”„«»‹›‘’‚「」『』\n]")
# An apostrophe that opens an elided word: '90s, 'em, 'til, rock 'n' roll.
_ELISION_RE = re.compile(r"(?:\d\d(?:s|er|ers)?\b|(?:em|tis|twas|til|cause|round|bout|n)\b)", re.I)


@dataclass(slots=True)
class _Frame:
    """An opening mark waiting for its closing mark."""

    mark: str
    pos: int
    deadline: int
    children: list[tuple[int, int, bool]] = field(default_factory=list)


def _drop(stack: list[_Frame], k: int, out: list[tuple[int, int, bool]]) -> None:
    """Forget an orphan opening mark; quotes closed inside it move one level out."""
    frame = stack.pop(k)
    (stack[k - 1].children if k > 0 else out).extend(frame.children)


def _possessive_inside(text: str, i: int, c: str) -> bool:
    """Is the single mark at `i` a plural possessive inside the quote ("the donors' terms")?

    It is followed by a lowercase word, and the same mark closes a sentence later in the
    paragraph ("… as they stand.'"): that later one is the real closing mark.
    """
    if not (text[i + 1 : i + 2] == " " and text[i + 2 : i + 3].islower()):
        return False
    stop = text.find("\n", i, i + _POSSESSIVE_REACH)
    stop = stop if stop >= 0 else min(len(text), i + _POSSESSIVE_REACH)
    j = text.find(c, i + 1, stop)
    while j >= 0:
        if text[j - 1] in ".,!?…":
            return True
        j = text.find(c, j + 1, stop)
    return False


def _closable(
    stack: list[_Frame], text: str, i: int, can_open: bool, can_close: bool
) -> int | None:
    """Index of the open frame that the mark at `i` closes, if any."""
    c = text[i]
    openers = _CLOSES.get(c)
    if not openers or not stack:
        return None
    if c in _WEAK:
        top = stack[-1]
        if top.mark not in openers or not can_close or _possessive_inside(text, i, c):
            return None
        return len(stack) - 1
    if c == '"' and can_open and not can_close:
        return None  # looks like an opening mark: the earlier one was an orphan
    for k in range(len(stack) - 1, -1, -1):
        if stack[k].mark in openers:
            return k
    return None


def _paragraph_break(text: str, i: int, stack: list[_Frame], out: list) -> None:
    """A newline with quotes still open: soft wrap, multi-paragraph quote, or orphan."""
    n = min(len(text), i + 64)  # how far to look for the next paragraph's first mark
    j = i + 1
    while j < n and text[j].isspace():
        j += 1
    k = i - 1
    while k >= 0 and text[k] in " \t\r":
        k -= 1
    before = text[k] if k >= 0 else ""
    after = text[j] if j < n else ""
    blank = "\n" in text[i + 1 : j]
    if not blank and (before.isalnum() or before in ",;-–") and after.islower():
        return  # a hard-wrapped line, not a paragraph break
    bottom = stack[0]
    same_style = after == bottom.mark or (bottom.mark in "“„" and after in "“„")
    if same_style and bottom.mark not in _WEAK:
        # English convention: a quote running over paragraphs reopens each paragraph
        # and closes only at its end. Each paragraph becomes one quote.
        stack.clear()
        out.append((bottom.pos, i, True))
        return
    for frame in stack:
        frame.deadline = min(frame.deadline, i + PARAGRAPH_GRACE)


def scan_spans(text: str) -> list[tuple[int, int, bool]]:
    """(opening mark index, closing mark index, multi-paragraph) of each outermost quote."""
    out: list[tuple[int, int, bool]] = []
    stack: list[_Frame] = []
    n = len(text)
    for mt in _MARK_RE.finditer(text):
        i = mt.start()
        c = text[i]
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if c in "'’" and prev.isalnum() and nxt.isalnum():
            continue  # don't, Ortega's: the commonest mark of all, never a quote
        if stack:
            k = 0
            while k < len(stack):
                f = stack[k]
                if f.deadline < i or i - f.pos > MAX_QUOTE_CHARS:
                    _drop(stack, k, out)
                else:
                    k += 1
        if c == "\n":
            if stack:
                _paragraph_break(text, i, stack, out)
            continue
        can_open = not nxt.isspace() and (prev.isspace() or prev in _OPEN_PREV)
        can_close = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_NEXT)
        k = _closable(stack, text, i, can_open, can_close)
        if k is not None:
            del stack[k + 1 :]  # marks opened inside and never closed were apostrophes
            frame = stack.pop()
            (stack[-1].children if stack else out).append((frame.pos, i, False))
        elif c in _PAIRS and (
            c not in _FLANKED or (can_open and not (c in "'‘" and _ELISION_RE.match(text, i + 1)))
        ):
            for k2, f in enumerate(stack):
                if f.mark == c:  # a quote never nests in its own mark: that one is an orphan
                    _drop(stack, k2, out)
                    break
            stack.append(_Frame(c, i, n + MAX_QUOTE_CHARS))
    while stack:
        _drop(stack, len(stack) - 1, out)
    out.sort()
    return out
