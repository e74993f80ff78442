"""The event's timeline: its dated statements, resolved to calendar days or ranges, merged
across outlets and languages, in date order.

Each resolved `DateMention` of an article sits in a sentence; that sentence (a verbatim
span) is the statement the date belongs to. Statements with the same date range that say
the same thing, whatever the outlet or language, become one `Dated` entry with all their
mentions and the independent sources behind them.

Steps:
1. statements: one per (article, sentence, date range); a date inside a dateline
   ("GENEVA, Oct 2 (Nordwire) -") or a byline restates the publication day and is skipped,
   a leading dateline is cut off the statement, a very long sentence is narrowed to the
   clause around its date, and a "sentence" with almost no words beside the date (a
   byline, a stray caption fragment) carries no statement and is skipped;
2. merging: within one date range, average-linkage clustering of the statements' vectors
   (one encoder call per event), never putting two statements of one article together;
3. each entry's text is its clearest mention: the preferred language first, then a whole
   sentence over a clause, an original over a near-copy, then the most central wording
   (closest to the other mentions), shorter wording winning near-ties.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from accord.consolidate.dateline import dateline_end
from accord.consolidate.sources import EventSources
from accord.encode import Encoder
from accord.model import Analysis, Article, Dated, DateMention, Mention, Sentence

# ---------------------------------------------------------------------------------------
# Heuristics, as data.

# Two statements of one date range are merged at this average cosine (multilingual USE).
# Calibrated on the example corpus: the same happening told by different outlets scores
# 0.54-1.0 (translations 0.6-0.97) when the sentences are about it alone; different
# statements of one day score up to ~0.45, except a lead that mentions the same day
# twice. 0.5 keeps the two apart; see tests/test_timeline.py for the measured figures.
SAME_STATEMENT_COSINE = 0.5

# A sentence longer than this is narrowed to the clause(s) around its date.
MAX_STATEMENT_CHARS = 300
# ... but a clause is widened with its neighbours until it is at least this long.
MIN_CLAUSE_CHARS = 80
# Where a long sentence may be cut: semicolons, dashes, colons, and a comma before a
# conjunction that starts a new clause.
CLAUSE_BREAK = re.compile(
    r";\s+|\s+[—–]\s+|:\s+|,\s+(?=(?:and|but|while|whereas|y|pero|mientras|e|ma|mentre)\s)"
)

# Words (beside the date itself) a sentence needs to state something.
MIN_STATEMENT_WORDS = 4
WORD = re.compile(r"[^\W\d_]{2,}")

# A byline with a date ("di Giulia Ferrandi — 7 novembre 2026", "By Ana Ruiz, Nov. 7"):
# a few words after one of these openers restate the publication day, no statement.
BYLINE_OPENERS = frozenset("by di por par von de door av af".split())
BYLINE_MAXWORDS = 6

# A dateline opening a sentence: an upper-case place, optional ", Country" / ", Oct 31"
# parts, an optional "(Agency)", then a dash, ".-" or colon: "PORT ELLIS, Valdoria, Oct
# 31 (Nordwire) - ", "VIENA, 6 nov (Agencia Norte).- ", "ROMA — ". A date inside it is
# the publication day restated; the statement starts after it.


# How much a statement's length (per MAX_STATEMENT_CHARS) costs against its centrality
# when choosing the wording to show: enough to prefer a short sentence among near-equals.
LENGTH_PENALTY = 0.1

# Finer first, to break a tie between the granularities mentions give one range.
GRANULARITY_ORDER = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4}


# ---------------------------------------------------------------------------------------
# Statements: a date and the verbatim span that carries it.


@dataclass(frozen=True)
class _Statement:
    article: str
    date: str
    end_date: str
    granularity: str
    start: int
    end: int
    text: str
    clause: bool  # narrowed from a long sentence
    rank: tuple[int, str]  # the article's time order, for stable choices


def sentence_at(sentences: Sequence[Sentence], starts: Sequence[int], offset: int) -> int:
    """Index of the sentence that contains `offset`, or -1."""
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and sentences[i].start <= offset < sentences[i].end:
        return i
    return -1


def _is_byline(words: list[str]) -> bool:
    return bool(words) and words[0].lower() in BYLINE_OPENERS and len(words) <= BYLINE_MAXWORDS


def _clause_bounds(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause of text[lo:hi] around text[start:end], widened clause by clause (on the
    side of the shorter neighbour) until it is MIN_CLAUSE_CHARS long."""
    cuts = [(m.start(), m.end()) for m in CLAUSE_BREAK.finditer(text, lo, hi)]
    lefts = [lo] + [after for before, after in cuts if after <= start]  # ascending
    rights = [before for before, after in cuts if before >= end] + [hi]  # ascending
    li, ri = len(lefts) - 1, 0
    while rights[ri] - lefts[li] < MIN_CLAUSE_CHARS and (li > 0 or ri < len(rights) - 1):
        if ri == len(rights) - 1 or (
            li > 0 and lefts[li] - lefts[li - 1] <= rights[ri + 1] - rights[ri]
        ):
            li -= 1
        else:
            ri += 1
    return lefts[li], rights[ri]


def _span(text: str, sentence: Sentence, mention: DateMention) -> tuple[int, int, bool] | None:
    """The statement span for `mention` in `sentence`: None when the date sits in a
    dateline (the publication day restated)."""
    lo = sentence.start + dateline_end(sentence.text)
    if mention.start < lo:
        return None
    hi = sentence.end
    # blanks around it are not part of a statement
    while lo < mention.start and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if hi - lo <= MAX_STATEMENT_CHARS:
        return lo, hi, False
    a, b = _clause_bounds(text, mention.start, mention.end, lo, hi)
    return a, b, (a, b) != (lo, hi)


def _says_something(text: str, start: int, end: int, mention: DateMention) -> bool:
    words = WORD.findall(text[start : mention.start]) + WORD.findall(text[mention.end : end])
    return len(words) >= MIN_STATEMENT_WORDS and not _is_byline(words)


def _statements(article: Article, analysis: Analysis, rank: tuple[int, str]) -> list[_Statement]:
    text = article.text
    sentences = sorted(analysis.sentences, key=lambda s: s.start)
    starts = [s.start for s in sentences]
    found: dict[tuple[str, str, int, int], _Statement] = {}
    for mention in sorted(analysis.dates, key=lambda d: (d.start, d.end, d.granularity)):
        if mention.value is None:
            continue  # unresolved: no publication date to anchor it
        i = sentence_at(sentences, starts, mention.start)
        if i < 0:
            continue
        span = _span(text, sentences[i], mention)
        if span is None or not _says_something(text, span[0], span[1], mention):
            continue
        start, end, clause = span
        end_date = mention.end_value or mention.value
        key = (mention.value, end_date, start, end)
        if key not in found:  # "Oct 31 ... on Saturday" in one sentence: one statement
            found[key] = _Statement(
                article.id,
                mention.value,
                end_date,
                mention.granularity,
                start,
                end,
                text[start:end],
                clause,
                rank,
            )
    return list(found.values())


# ---------------------------------------------------------------------------------------
# Merging statements of one date range.


def _clusters(vectors: np.ndarray, articles: list[str], threshold: float) -> list[list[int]]:
    """Average-linkage clusters of the rows, merged while the best average cosine reaches
    `threshold`; two rows of one article never share a cluster.

    Each cluster's best partner is cached, so a merge costs O(n) plus a rescan of the few
    clusters whose best partner it absorbed: a big event's "on Friday" group of a thousand
    statements stays fast. Deterministic for a given row order."""
    n = len(articles)
    if n < 2:
        return [[i] for i in range(n)]
    _, owner = np.unique(np.asarray(articles, dtype=object), return_inverse=True)
    blocked = owner[:, None] == owner[None, :]  # same article (the diagonal included)
    total = (vectors @ vectors.T).astype(np.float64)  # sums of pairwise cosines
    mean = np.where(blocked, -np.inf, total)  # average cosines; -inf: may not merge
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)
    members: list[list[int]] = [[i] for i in range(n)]
    partner = mean.argmax(axis=1)
    best = mean[np.arange(n), partner]
    while True:
        i = int(np.argmax(best))
        if not best[i] >= threshold:
            break
        a, b = sorted((i, int(partner[i])))
        total[a] += total[b]
        total[:, a] = total[a]
        size[a] += size[b]
        blocked[a] |= blocked[b]
        blocked[:, a] = blocked[a]
        members[a].extend(members[b])
        members[b] = []
        alive[b] = False
        mean[b] = mean[:, b] = best[b] = -np.inf
        row = total[a] / (size[a] * size)
        row[blocked[a] | ~alive] = -np.inf
        mean[a] = mean[:, a] = row
        _refresh(mean, best, partner, alive, (a, b))
    return [sorted(group) for group in members if group]


def _refresh(
    mean: np.ndarray, best: np.ndarray, partner: np.ndarray, alive: np.ndarray, merged: tuple
) -> None:
    """Update the cached best partners after cluster merged[1] joined merged[0]."""
    a, b = merged
    stale = alive & ((partner == a) | (partner == b))
    stale[a] = True
    for k in np.flatnonzero(stale):
        partner[k] = int(np.argmax(mean[k]))
        best[k] = mean[k, partner[k]]
    better = mean[:, a] > best
    partner[better] = a
    best[better] = mean[better, a]


def _language_of(analyses: Mapping[str, Analysis], article: Article) -> str:
    analysis = analyses.get(article.id)
    language = (analysis.language if analysis else None) or article.language or ""
    return language.split("-")[0].lower()


def _clearest(
    group: list[_Statement],
    vectors: np.ndarray,
    wanted: str,
    languages: Mapping[str, str],
    sources: EventSources,
) -> int:
    """Index of the clearest mention: the preferred language first, a whole sentence over
    a clause, an original over a near-copy; then the most central wording (what the
    mentions share, not one outlet's extra detail), shorter wording breaking near-ties."""
    centrality = (vectors @ vectors.T).mean(axis=1) if len(group) > 1 else np.zeros(1)

    def key(i: int) -> tuple:
        s = group[i]
        copy = sources.original.get(s.article, s.article) != s.article
        score = float(centrality[i]) - LENGTH_PENALTY * len(s.text) / MAX_STATEMENT_CHARS
        return (bool(wanted) and languages[s.article] != wanted, s.clause, copy, -score, i)

    return min(range(len(group)), key=key)


def _granularity(group: list[_Statement]) -> str:
    counts = Counter(s.granularity for s in group)
    return min(counts, key=lambda g: (-counts[g], GRANULARITY_ORDER.get(g, 99), g))


def _dated(group: list[_Statement], text: str, sources: EventSources) -> Dated:
    first = group[0]
    return Dated(
        date=first.date,
        end_date=None if first.end_date == first.date else first.end_date,
        granularity=_granularity(group),
        text=text,
        support=sources.support(s.article for s in group),
        mentions=[Mention(s.article, s.text, s.start, s.end) for s in group],
    )


def build_timeline(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    sources: EventSources,
    encoder: Encoder,
    language: str | None = None,
) -> list[Dated]:
    """The dated statements of one event, merged across outlets, in date order (then end
    date, then the number of independent sources, most first)."""
    by_id = {article.id: article for article in articles}
    statements: list[_Statement] = []
    for article_id, article in by_id.items():
        analysis = analyses.get(article_id)
        if analysis is not None:
            rank = (sources.order.get(article_id, len(by_id)), article_id)
            statements.extend(_statements(article, analysis, rank))
    if not statements:
        return []
    # A canonical order makes the result independent of the input's order.
    statements.sort(key=lambda s: (s.date, s.end_date, s.rank, s.start, s.end))
    vectors = encoder.encode([s.text for s in statements])
    languages = {s.article: _language_of(analyses, by_id[s.article]) for s in statements}
    wanted = (language or "").split("-")[0].lower()
    groups: dict[tuple[str, str], list[int]] = {}
    for index, statement in enumerate(statements):
        groups.setdefault((statement.date, statement.end_date), []).append(index)
    timeline: list[Dated] = []
    for indices in groups.values():
        owners = [statements[i].article for i in indices]
        for cluster in _clusters(vectors[indices], owners, SAME_STATEMENT_COSINE):
            rows = [indices[c] for c in cluster]
            members = [statements[r] for r in rows]
            best = _clearest(members, vectors[rows], wanted, languages, sources)
            timeline.append(_dated(members, members[best].text, sources))
    timeline.sort(key=_order)
    return timeline


def _order(entry: Dated) -> tuple:
    # the last key only makes the order total, so that it never depends on input order
    return (
        entry.date,
        entry.end_date or entry.date,
        -len(entry.support),
        min((m.article, m.start) for m in entry.mentions),
    )
