"""The event's title and date.

Title: the most central of the articles' own titles (verbatim), the one the others are
most like, so an odd angle ("Port Ellis homeowners face higher bills") loses to the plain
report ("Bank of Valdoria raises rates"). Near-copies weigh as one article; the preferred
language and earlier originals win near-ties.

Date: the day the event happened, as the articles' leads tell it. A report's first
sentences say when the thing happened ("...failed on Friday night"), and a follow-up
published days later still anchors its lead on that day, so the days the leads name,
voted once per independent source, find the event's day even where every report is dated
a day later.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from accord.consolidate.sources import EventSources
from accord.consolidate.timeline import MIN_STATEMENT_WORDS, WORD, dateline_end, sentence_at
from accord.encode import Encoder
from accord.model import Analysis, Article

# --- title ------------------------------------------------------------------------------

# A title's centrality mixes its mean cosine to the other titles (this share) with its
# cosine to the mean of the articles' leads (the rest): titles alone reward a catchy
# angle two outlets share ("lithium slump"); the leads say what the reports are about.
TITLE_WEIGHT = 0.5
TITLE_LEAD_SENTENCES = 2
# Added to a title's centrality (a mean cosine, ~0.3-0.8 among one event's titles) when it
# is in the preferred language / is an original rather than a near-copy: enough to win a
# near-tie, not to pick an off-topic title.
PREFERRED_LANGUAGE_BONUS = 0.1
ORIGINAL_BONUS = 0.05
# Earlier reports gain a little (per rank in time order, capped): the first report of an
# event usually states it most plainly.
EARLY_BONUS = 0.01
EARLY_BONUS_RANKS = 3

# --- date -------------------------------------------------------------------------------

# The sentences that count as an article's lead.
LEAD_SENTENCES = 3
# A sentence of the lead votes with this weight by position: the first says most surely
# when the event happened; later ones drift to what followed ("on Saturday rescuers...").
LEAD_WEIGHTS = (1.0, 0.6, 0.4)


def _language(analyses: Mapping[str, Analysis], article: Article) -> str:
    analysis = analyses.get(article.id)
    code = (analysis.language if analysis else None) or article.language or ""
    return code.split("-")[0].lower()


def _rank(sources: EventSources, article: Article) -> tuple[int, str]:
    return (sources.order.get(article.id, len(sources.order)), article.id)


def _title_weights(titled: list[Article], sources: EventSources) -> np.ndarray:
    """Each title's weight as a voter: a near-copy group shares one vote."""
    groups: dict[str, int] = {}
    for article in titled:
        root = sources.original.get(article.id, article.id)
        groups[root] = groups.get(root, 0) + 1
    return np.array([1.0 / groups[sources.original.get(a.id, a.id)] for a in titled])


def event_title(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    sources: EventSources,
    encoder: Encoder,
    language: str | None = None,
) -> str:
    """A headline for the event: verbatim one article's title (the most central one), or
    the first sentence of the earliest article, or at worst an article id. Never empty."""
    ordered = sorted(articles, key=lambda a: _rank(sources, a))
    titled = [a for a in ordered if a.title and a.title.strip()]
    if titled:
        return _central_title(titled, analyses, sources, encoder, language)
    for article in ordered:
        sentence = _first_sentence(article, analyses.get(article.id))
        if sentence:
            return sentence
    return ordered[0].id if ordered else ""


def _central_title(
    titled: list[Article],
    analyses: Mapping[str, Analysis],
    sources: EventSources,
    encoder: Encoder,
    language: str | None,
) -> str:
    titles = [(a.title or "").strip() for a in titled]
    if len(titled) == 1:
        return titles[0]
    weights = _title_weights(titled, sources)
    vectors = encoder.encode(titles)
    centrality = TITLE_WEIGHT * _title_centrality(vectors, weights)
    leads = _lead_centroid(titled, analyses, weights, encoder)
    if leads is not None:
        centrality += (1.0 - TITLE_WEIGHT) * (vectors @ leads)
    else:
        centrality /= TITLE_WEIGHT
    wanted = (language or "").split("-")[0].lower()
    scores = []
    for index, article in enumerate(titled):
        score = float(centrality[index])
        if wanted and _language(analyses, article) == wanted:
            score += PREFERRED_LANGUAGE_BONUS
        if sources.original.get(article.id, article.id) == article.id:
            score += ORIGINAL_BONUS
        score += EARLY_BONUS * max(0, EARLY_BONUS_RANKS - index)
        scores.append(score)
    # `titled` is in time order, so a tie goes to the earlier report
    best = max(range(len(titled)), key=lambda i: (scores[i], -i))
    return titles[best]


def _title_centrality(vectors: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each title's weighted mean cosine to the other titles."""
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, 0.0)
    others = weights.sum() - weights
    return (similarity @ weights) / np.where(others > 0, others, 1.0)


def _lead_centroid(
    titled: list[Article],
    analyses: Mapping[str, Analysis],
    weights: np.ndarray,
    encoder: Encoder,
) -> np.ndarray | None:
    """The unit mean vector of the articles' lead sentences (near-copies weighing as one),
    or None when no article has a sentence."""
    texts: list[str] = []
    text_weights: list[float] = []
    for article, weight in zip(titled, weights, strict=True):
        analysis = analyses.get(article.id)
        if analysis is None:
            continue
        lead = sorted(analysis.sentences, key=lambda s: s.start)[:TITLE_LEAD_SENTENCES]
        for sentence in lead:
            texts.append(sentence.text)  # as analysed: shares the claims' cached vectors
            text_weights.append(weight / len(lead))
    if not texts:
        return None
    centroid = np.asarray(text_weights, dtype=np.float32) @ encoder.encode(texts)
    norm = float(np.linalg.norm(centroid))
    return centroid / norm if norm > 0 else None


def _first_sentence(article: Article, analysis: Analysis | None) -> str:
    """The first sentence of the article that says something (a dateline cut off, a
    byline or a lone caption word skipped), else its first non-blank line."""
    candidates: list[str] = []
    if analysis is not None:
        for sentence in sorted(analysis.sentences, key=lambda s: s.start):
            candidates.append(sentence.text[dateline_end(sentence.text) :].strip())
    candidates.extend(line.strip() for line in article.text.splitlines())
    candidates = [text for text in candidates if text]
    for text in candidates:
        if len(WORD.findall(text)) >= MIN_STATEMENT_WORDS:
            return text
    return candidates[0] if candidates else ""


# --- date -------------------------------------------------------------------------------


def _lead_votes(article: Article, analysis: Analysis) -> dict[str, float]:
    """Day -> weight for the resolved days the article's lead names, not after its
    publication day (a lead's later days are what comes next, not what happened)."""
    published = _day(article.published)
    sentences = sorted(analysis.sentences, key=lambda s: s.start)
    starts = [s.start for s in sentences]
    votes: dict[str, float] = {}
    for mention in analysis.dates:
        if mention.granularity != "day" or not mention.value:
            continue
        if published and mention.value > published:
            continue
        i = sentence_at(sentences, starts, mention.start)
        if not 0 <= i < LEAD_SENTENCES:
            continue
        sentence = sentences[i]
        if mention.start < sentence.start + dateline_end(sentence.text):
            continue  # a dateline restates the publication day
        weight = LEAD_WEIGHTS[min(i, len(LEAD_WEIGHTS) - 1)]
        votes[mention.value] = max(votes.get(mention.value, 0.0), weight)
    return votes


def event_date(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    sources: EventSources,
) -> str | None:
    """The day ("YYYY-MM-DD") the event happened, as the articles' leads tell it, else the
    earliest publication day; None when neither is known."""
    # One vote per independent source: the days any of its articles' leads name (a
    # near-copy speaks for its original's source, a second report for its outlet).
    by_source: dict[str, dict[str, float]] = {}
    for article in articles:
        analysis = analyses.get(article.id)
        if analysis is None:
            continue
        source = sources.source_of.get(article.id, article.id)
        votes = by_source.setdefault(source, {})
        for day, weight in _lead_votes(article, analysis).items():
            votes[day] = max(votes.get(day, 0.0), weight)
    tally: dict[str, float] = {}
    for votes in by_source.values():
        for day, weight in votes.items():
            tally[day] = tally.get(day, 0.0) + weight
    if tally:
        # most votes; a tie goes to the earlier day (what happened before its aftermath)
        return min(tally, key=lambda day: (-tally[day], day))
    days = sorted(day for a in articles if (day := _day(a.published)))
    return days[0] if days else None


def _day(published: str | None) -> str | None:
    """The "YYYY-MM-DD" a publication date starts with, if it is one."""
    match = _DAY.match(published or "")
    return match.group() if match else None


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
