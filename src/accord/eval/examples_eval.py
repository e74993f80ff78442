"""Scoring briefs against what `examples/truth.json` says is true of the example corpus.

`score_examples(document, truth, examples_root)` takes a brief JSON document (schema
`accord.brief/1`) and returns precision, recall and the counts behind them for four
categories, with per-event notes saying what was missed or wrong and why.

The definitions below are the contract; tests hold the scorer to them.

**Articles.** The truth names an article by its path relative to `examples/`
("articles/ledger-storm-surge.txt") or, for a JSONL record, by the record's id (which is
the article id). A brief article is the truth article whose ref is its id, or whose
ref's path parts end its `source` path ("examples/articles/x.txt", "/abs/.../x.txt",
"C:\\...\\x.txt"; a JSONL source "feed.jsonl:3" is a record, named by id). Texts come
from the `articles` argument (id -> text), else the document's `text` fields, else the
corpus read from `examples_root / "articles"`.

**Matching.** A brief mention *matches* a truth span when it is in the same article and
their character ranges overlap (a truth span is located with `text.find`, every
occurrence counts; a mention uses its `start`/`end`, or `text.find` of its text when it
has none). A brief item (claim, quote, conflict value) is *about* the truth items that
every one of its matching mentions matches (mentions that match nothing are ignored here:
a claim may legitimately carry extra mentions). It *merges* truth items when its
matching mentions agree on none (one mention matches only A, another only B). A truth
item's *required articles* are its stated_by articles less the near-copies (truth
`near_copies`: {copy, original}) whose original also states it: support folds copies.

**Which brief event is a truth event.** The brief event sharing the most articles with
it (ties: fewer articles from elsewhere, then document order). Recall counts only items
of that brief event; the notes report a truth event split over several brief events, or
one brief event holding several truth events. Precision counts items of every brief event.

**consensus** (truth facts of status consensus; truth lists every one).
Recall: a fact is found when a claim of status consensus in the event's brief is about
it, not merged, with matching mentions in all its required articles.
Precision: over all claims of status consensus: right when about a consensus fact and
every one of its mentions is in an article the truth says states that fact (the truth
lists all of them, so a mention elsewhere is support the brief overstates); wrong when it
overstates support, merges facts, is about facts of another status only, or matches no
fact at all. Exception, counted as `unscored`: a claim that matches no fact but matches a
truth quote, conflict value or dated statement (a quoted sentence or a disputed figure
stated widely is not a listed fact, yet not false either).

**single_source** (truth facts of status single_source; truth lists only some).
Recall: a fact is found when a claim of status single_source with one-article support in
the event's brief is about it, not merged. Precision: over the single_source claims that
match some truth fact: right when about a single_source fact, wrong when merged or about
corroborated/consensus facts only (a corroborated fact left unmerged shows as one).
Single-source claims matching no truth fact are not judged.

**conflicts** (truth conflicts are exhaustive). A brief conflict *corresponds* to a truth
conflict when no brief value is merged (mixes two truth values), every brief value that
matches a truth value is about exactly one value of that truth conflict, no two brief
values are about the same truth value ("$2.4 billion" and "2,400 million dollars" are one
value, not a conflict), and every truth value is covered; brief values matching nothing
are ignored. Recall: found when a brief conflict of the event's brief corresponds.
Precision: brief conflicts corresponding to some truth conflict / all brief conflicts.

**quotes** (truth quotes are exhaustive). Recall: found when a brief quote of the event's
brief whose speaker equals the truth speaker (case-insensitive, whitespace-normalised)
is about it with matching mentions in all its required articles. Precision: over all
brief quotes: right when every mention matches a truth quote, they agree on one, and the
speaker is that quote's speaker.

Precision is 1.0 when nothing was judged and recall 1.0 when the truth lists nothing.
Corroborated facts are not a category: they only make a consensus or single_source claim
about them wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from rich.table import Table

CATEGORIES = ("consensus", "single_source", "conflicts", "quotes")

FACT, QUOTE, VALUE, DATE = "fact", "quote", "value", "date"
# What a consensus claim that states no listed fact may still legitimately state.
NEUTRAL_KINDS = frozenset({QUOTE, VALUE, DATE})

# "feed.jsonl:3": a record of a JSONL file; the truth names it by its id.
JSONL_RECORD = re.compile(r"^(?P<path>.*\.(?:jsonl|ndjson)):\d+$", re.IGNORECASE)
WHITESPACE = re.compile(r"\s+")
SNIPPET_CHARS = 50  # how much of a fact or claim a note quotes

Key = tuple[str, int, int, int]  # (kind, truth event index, item index, value index)


@dataclass
class CategoryScore:
    """Counts behind one category's precision and recall."""

    found: int = 0  # truth items the brief has (recall numerator)
    total: int = 0  # truth items (recall denominator)
    correct: int = 0  # brief items judged right (precision numerator)
    judged: int = 0  # brief items judged (precision denominator)
    unscored: int = 0  # brief items seen but, by the definitions, not judged

    @property
    def precision(self) -> float:
        return self.correct / self.judged if self.judged else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, "recall": self.recall, **asdict(self)}


@dataclass
class EventDetail:
    """One truth event (or a brief event matching none) and what went wrong in it."""

    truth: str | None  # truth event id; None for a brief event sharing no truth article
    brief: str | None  # the brief event scored as it
    shared: int  # articles the two share
    articles: int  # articles of the truth event (of the brief event when truth is None)
    details: list[str] = field(default_factory=list)


@dataclass
class ExamplesReport:
    consensus: CategoryScore
    single_source: CategoryScore
    conflicts: CategoryScore
    quotes: CategoryScore
    events: list[EventDetail]

    def categories(self) -> dict[str, CategoryScore]:
        return {name: getattr(self, name) for name in CATEGORIES}

    def to_dict(self) -> dict[str, Any]:
        return {
            **{name: score.to_dict() for name, score in self.categories().items()},
            "events": [asdict(event) for event in self.events],
        }


@dataclass
class _TruthItem:
    key: Key
    label: str  # what a note calls it
    status: str | None = None  # facts
    speaker: str | None = None  # quotes
    required: frozenset[str] = frozenset()  # brief article ids (or "?ref" when absent)
    stated: frozenset[str] = frozenset()  # every brief article the truth says states it


@dataclass
class _Resolved:
    """How one brief item's mentions match truth items."""

    about: frozenset[Key]
    union: frozenset[Key]
    merged: bool
    unmatched: int  # mentions matching nothing
    articles_of: dict[Key, set[str]]  # truth item -> articles where a mention matches it

    def covers(self, item: _TruthItem) -> bool:
        return item.required <= self.articles_of.get(item.key, set())


def score_examples(
    document: Mapping[str, Any],
    truth: Mapping[str, Any],
    examples_root: Path,
    articles: Mapping[str, str] | None = None,
) -> ExamplesReport:
    """Score the brief `document` against `truth` (examples/truth.json, loaded).

    `articles` (article id -> text) spares reading the corpus under `examples_root`.
    """
    return _Scorer(document, truth, Path(examples_root), articles).report()


def report_table(report: ExamplesReport) -> Table:
    table = Table(title="Briefs of the example corpus against its truth", title_justify="left")
    for column in ("category", "precision", "recall", "right / judged", "found / truth"):
        table.add_column(column, justify="left" if column == "category" else "right")
    for name, score in report.categories().items():
        unscored = f" (+{score.unscored} unscored)" if score.unscored else ""
        table.add_row(
            name,
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.correct} / {score.judged}{unscored}",
            f"{score.found} / {score.total}",
        )
    return table


class _Scorer:
    def __init__(
        self,
        document: Mapping[str, Any],
        truth: Mapping[str, Any],
        examples_root: Path,
        articles: Mapping[str, str] | None,
    ) -> None:
        self.root = examples_root
        self.truth_events: list[Mapping[str, Any]] = list(truth.get("events", []))
        self.brief_articles = [a for a in _list(document.get("articles")) if isinstance(a, dict)]
        self.brief_events = [e for e in _list(document.get("events")) if isinstance(e, dict)]
        self.id_of = _map_refs(self._truth_refs(), self.brief_articles, examples_root)
        self.texts = self._texts(articles)
        self.items: dict[Key, _TruthItem] = {}
        self.spans: dict[str, list[tuple[int, int, Key]]] = {}
        self.notes: dict[int | str, list[str]] = {}
        self.scores = {name: CategoryScore() for name in CATEGORIES}
        for index, event in enumerate(self.truth_events):
            self._index_event(index, event)
        self.match = self._match_events()

    # --- the truth, located in the brief's articles ---

    def _truth_refs(self) -> list[str]:
        return list(dict.fromkeys(ref for e in self.truth_events for ref in e.get("articles", [])))

    def _texts(self, given: Mapping[str, str] | None) -> dict[str, str]:
        texts = {
            a["id"]: a["text"]
            for a in self.brief_articles
            if isinstance(a.get("id"), str) and isinstance(a.get("text"), str)
        }
        texts.update(given or {})
        wanted = [ref for ref, aid in self.id_of.items() if aid not in texts]
        if wanted:
            corpus = _read_corpus(self.root)
            for ref in wanted:
                if ref in corpus:
                    texts[self.id_of[ref]] = corpus[ref]
        return texts

    def _index_event(self, event: int, truth: Mapping[str, Any]) -> None:
        copies = {
            c["copy"]: c["original"] for c in truth.get("near_copies", []) if isinstance(c, dict)
        }
        for i, fact in enumerate(truth.get("facts", [])):
            item = _TruthItem((FACT, event, i, 0), fact.get("fact", ""), status=fact.get("status"))
            self._add(item, fact.get("stated_by", {}), copies)
        for i, quote in enumerate(truth.get("quotes", [])):
            label = f"{quote.get('speaker')}: {quote.get('statement', '')}"
            item = _TruthItem((QUOTE, event, i, 0), label, speaker=quote.get("speaker"))
            self._add(item, quote.get("stated_by", {}), copies)
        for i, conflict in enumerate(truth.get("conflicts", [])):
            for j, value in enumerate(conflict.get("values", [])):
                label = f"{conflict.get('about')} = {value.get('value')}"
                self._add(_TruthItem((VALUE, event, i, j), label), value.get("stated_by", {}), {})
        for i, dated in enumerate(truth.get("dates", [])):
            label = f"{dated.get('date')} {dated.get('what', '')}"
            self._add(_TruthItem((DATE, event, i, 0), label), dated.get("stated_by", {}), {})

    def _add(
        self, item: _TruthItem, stated_by: Mapping[str, str], copies: Mapping[str, str]
    ) -> None:
        required = set()
        for ref, span in stated_by.items():
            article = self.id_of.get(ref)
            # A copy adds nothing when its original says it too: support folds it.
            if copies.get(ref) not in stated_by:
                required.add(article or f"?{ref}")
            text = self.texts.get(article) if article else None
            for start in _occurrences(text or "", span):
                self.spans.setdefault(article, []).append((start, start + len(span), item.key))
        item.required = frozenset(required)
        item.stated = frozenset(a for ref in stated_by if (a := self.id_of.get(ref)))
        self.items[item.key] = item

    # --- brief mentions against truth spans ---

    def _range(self, mention: Mapping[str, Any]) -> tuple[int, int] | None:
        start, end = mention.get("start"), mention.get("end")
        if _is_int(start) and _is_int(end):
            return (start, end) if end > start else None
        text, article_text = mention.get("text"), self.texts.get(mention["article"])
        if not isinstance(text, str) or not text or article_text is None:
            return None
        found = article_text.find(text)
        return (found, found + len(text)) if found >= 0 else None

    def _matches(self, mention: Any, kinds: frozenset[str]) -> frozenset[Key]:
        if not isinstance(mention, dict) or not isinstance(mention.get("article"), str):
            return frozenset()
        spans = self.spans.get(mention["article"])
        extent = self._range(mention) if spans else None
        if extent is None:
            return frozenset()
        start, end = extent
        return frozenset(
            key for s, e, key in spans or () if key[0] in kinds and start < e and s < end
        )

    def _resolve(self, mentions: Any, kinds: frozenset[str]) -> _Resolved:
        sets: list[frozenset[Key]] = []
        articles_of: dict[Key, set[str]] = {}
        unmatched = 0
        for mention in _list(mentions):
            keys = self._matches(mention, kinds)
            if not keys:
                unmatched += 1
                continue
            sets.append(keys)
            for key in keys:
                articles_of.setdefault(key, set()).add(mention["article"])
        about = frozenset.intersection(*sets) if sets else frozenset()
        union = frozenset().union(*sets)
        return _Resolved(about, union, bool(sets) and not about, unmatched, articles_of)

    # --- which brief event is which truth event ---

    def _match_events(self) -> list[int | None]:
        """For each truth event, the index of its brief event (None: no shared article)."""
        brief_sets = [set(_ids(e.get("articles"))) for e in self.brief_events]
        truth_sets = [self._truth_ids(e) for e in self.truth_events]
        match: list[int | None] = []
        for t, members in enumerate(truth_sets):
            ranked = [
                (len(members & ids), -len(ids - members), -b)
                for b, ids in enumerate(brief_sets)
                if members & ids
            ]
            best = -max(ranked)[2] if ranked else None
            match.append(best)
            self._note_split(t, members, brief_sets, best)
        for t, b in enumerate(match):
            if b is None:
                continue
            others = [
                f"{len(brief_sets[b] & ids)} of {self.truth_events[u].get('id', '?')}"
                for u, ids in enumerate(truth_sets)
                if u != t and brief_sets[b] & ids
            ]
            if others:
                self._note(t, f"merged: brief event {self._bid(b)} also holds {', '.join(others)}")
        return match

    def _truth_ids(self, event: Mapping[str, Any]) -> set[str]:
        return {self.id_of[ref] for ref in event.get("articles", []) if ref in self.id_of}

    def _note_split(
        self, t: int, members: set[str], briefs: list[set[str]], best: int | None
    ) -> None:
        refs = self.truth_events[t].get("articles", [])
        absent = [ref for ref in refs if ref not in self.id_of]
        if absent:
            self._note(t, f"not in the brief: {', '.join(absent)}")
        textless = [ref for ref in refs if ref in self.id_of and self.id_of[ref] not in self.texts]
        if textless:
            self._note(t, f"no text to locate its spans in: {', '.join(textless)}")
        placed = set().union(*briefs) if briefs else set()
        unplaced = sorted(members - placed)
        if unplaced:
            self._note(t, f"in no brief event: {', '.join(unplaced)}")
        for b, ids in enumerate(briefs):
            if b != best and members & ids:
                shared = len(members & ids)
                self._note(
                    t, f"split: {shared}/{len(members)} articles in brief event {self._bid(b)}"
                )

    # --- scoring ---

    def report(self) -> ExamplesReport:
        self._score_claims()
        self._score_conflicts()
        self._score_quotes()
        return ExamplesReport(**self.scores, events=self._details())

    def _event_items(self, t: int, kind: str) -> list[_TruthItem]:
        return [item for key, item in self.items.items() if key[0] == kind and key[1] == t]

    def _brief_list(self, b: int | None, field_name: str) -> list[dict[str, Any]]:
        if b is None:
            return []
        return [x for x in _list(self.brief_events[b].get(field_name)) if isinstance(x, dict)]

    def _score_claims(self) -> None:
        consensus, single = self.scores["consensus"], self.scores["single_source"]
        for t in range(len(self.truth_events)):
            claims = [
                (c, self._resolve(c.get("mentions"), frozenset({FACT})))
                for c in self._brief_list(self.match[t], "claims")
            ]
            for fact in self._event_items(t, FACT):
                if fact.status == "consensus":
                    consensus.total += 1
                    if any(_is_consensus_hit(c, r, fact) for c, r in claims):
                        consensus.found += 1
                    else:
                        self._note(
                            t,
                            f"missed consensus fact {_snip(fact.label)}: "
                            f"{self._closest(claims, fact)}",
                        )
                elif fact.status == "single_source":
                    single.total += 1
                    if any(_is_single_hit(c, r, fact) for c, r in claims):
                        single.found += 1
                    else:
                        self._note(
                            t,
                            f"missed single-source fact {_snip(fact.label)}: "
                            f"{self._closest(claims, fact)}",
                        )
        for b, claim in self._all("claims"):
            status = claim.get("status")
            if status == "consensus":
                self._judge_consensus(b, claim)
            elif status == "single_source":
                self._judge_single(b, claim)

    def _closest(self, claims: list[tuple[dict[str, Any], _Resolved]], fact: _TruthItem) -> str:
        """Why no claim finds `fact`: the claim that comes nearest, and what it lacks."""
        touching = [(c, r) for c, r in claims if fact.key in r.union]
        if not touching:
            return "no claim of its brief event mentions it"
        claim, resolved = max(touching, key=lambda cr: len(cr[1].articles_of.get(fact.key, ())))
        why = [f"claim {claim.get('id')}"]
        if claim.get("status") != fact.status:
            why.append(f"status {claim.get('status')}, not {fact.status}")
        support = len(_list(claim.get("support")))
        if fact.status == "single_source" and support > 1:
            why.append(f"support of {support} articles")
        has = resolved.articles_of.get(fact.key, set())
        lacking = sorted(fact.required - has)
        if fact.status == "consensus" and lacking:
            why.append(
                f"covers {len(fact.required & has)}/{len(fact.required)} articles, "
                f"lacks {', '.join(lacking)}"
            )
        if resolved.merged:
            why.append(f"merges {self._labels(resolved.union - {fact.key})}")
        return "; ".join(why)

    def _judge_consensus(self, b: int, claim: dict[str, Any]) -> None:
        score = self.scores["consensus"]
        resolved = self._resolve(claim.get("mentions"), frozenset({FACT}))
        if not resolved.union:
            if self._resolve(claim.get("mentions"), NEUTRAL_KINDS).union:
                score.unscored += 1
                return
            score.judged += 1
            self._wrong(b, claim, resolved, "consensus claim matches no truth fact")
            return
        score.judged += 1
        statuses = {self.items[k].status for k in resolved.about}
        if resolved.merged:
            self._wrong(b, claim, resolved, f"merges facts {self._labels(resolved.union)}")
        elif "consensus" in statuses:
            # The truth lists every article that states a consensus fact, so a mention in
            # any other article is support the brief claims and the source does not give.
            stated = frozenset().union(
                *(
                    self.items[k].stated
                    for k in resolved.about
                    if self.items[k].status == "consensus"
                )
            )
            extra = sorted(
                {
                    m["article"]
                    for m in _list(claim.get("mentions"))
                    # a malformed mention (no article id) supports nothing
                    if isinstance(m, dict)
                    and isinstance(m.get("article"), str)
                    and m["article"] not in stated
                }
            )
            if extra:
                self._wrong(
                    b,
                    claim,
                    resolved,
                    f"claims support of {', '.join(extra)}, which the truth says do not state "
                    f"{self._labels(resolved.about)}",
                )
            else:
                score.correct += 1
        else:
            self._wrong(
                b,
                claim,
                resolved,
                f"consensus claim of a {'/'.join(sorted(map(str, statuses)))} "
                f"fact {self._labels(resolved.about)}",
            )

    def _judge_single(self, b: int, claim: dict[str, Any]) -> None:
        score = self.scores["single_source"]
        resolved = self._resolve(claim.get("mentions"), frozenset({FACT}))
        if not resolved.union:
            score.unscored += 1
            return
        score.judged += 1
        statuses = {self.items[k].status for k in resolved.about}
        if resolved.merged:
            self._wrong(b, claim, resolved, f"merges facts {self._labels(resolved.union)}")
        elif "single_source" in statuses:
            score.correct += 1
        else:
            self._wrong(
                b,
                claim,
                resolved,
                f"single-source claim of a "
                f"{'/'.join(sorted(map(str, statuses)))} fact "
                f"{self._labels(resolved.about)}",
            )

    def _score_conflicts(self) -> None:
        score = self.scores["conflicts"]
        for t, event in enumerate(self.truth_events):
            brief = self._brief_list(self.match[t], "conflicts")
            attempts = [self._correspond(c) for c in brief]
            for i, conflict in enumerate(event.get("conflicts", [])):
                score.total += 1
                if any(target == (t, i) for target, _ in attempts):
                    score.found += 1
                    continue
                why = [
                    reason
                    for (target, reason), c in zip(attempts, brief, strict=True)
                    if target is None and (t, i) in self._conflicts_touched(c)
                ]
                self._note(
                    t,
                    f"missed conflict {_snip(str(conflict.get('about')))}: "
                    f"{why[0] if why else 'no brief conflict of its event states it'}",
                )
        for b, conflict in self._all("conflicts"):
            score.judged += 1
            target, reason = self._correspond(conflict)
            if target is not None:
                score.correct += 1
            else:
                self._note(
                    self._home(b, frozenset()),
                    f"[{self._bid(b)}] conflict "
                    f"{conflict.get('id')} {_snip(str(conflict.get('about')))}: {reason}",
                )

    def _conflicts_touched(self, conflict: dict[str, Any]) -> set[tuple[int, int]]:
        touched = set()
        for value in _list(conflict.get("values")):
            if isinstance(value, dict):
                for key in self._resolve(value.get("mentions"), frozenset({VALUE})).union:
                    touched.add((key[1], key[2]))
        return touched

    def _correspond(self, conflict: dict[str, Any]) -> tuple[tuple[int, int] | None, str]:
        """The truth conflict (event, index) the brief conflict corresponds to, or why none."""
        matched: list[tuple[str, frozenset[Key]]] = []
        for value in _list(conflict.get("values")):
            if not isinstance(value, dict):
                continue
            resolved = self._resolve(value.get("mentions"), frozenset({VALUE}))
            name = _snip(str(value.get("value")))
            if resolved.merged:
                return None, f"value {name} mixes {self._labels(resolved.union)}"
            if resolved.about:
                matched.append((name, resolved.about))
        if not matched:
            return None, "none of its values states a truth conflict value"
        reasons = []
        for target in sorted({(k[1], k[2]) for _, about in matched for k in about}):
            values = {k for k in self.items if k[0] == VALUE and (k[1], k[2]) == target}
            hits = [about & values for _, about in matched]
            about_text = self._conflict_about(target)
            if any(len(h) != 1 for h in hits):
                reasons.append(f"its values belong to different truth conflicts ({about_text})")
                continue
            assigned = [next(iter(h)) for h in hits]
            if len(set(assigned)) < len(assigned):
                reasons.append(f"shows one truth value of {about_text} as two")
            elif set(assigned) != values:
                reasons.append(f"covers {len(set(assigned))}/{len(values)} values of {about_text}")
            else:
                return target, ""
        return None, reasons[0]

    def _conflict_about(self, target: tuple[int, int]) -> str:
        conflict = self.truth_events[target[0]]["conflicts"][target[1]]
        return _snip(str(conflict.get("about")))

    def _score_quotes(self) -> None:
        score = self.scores["quotes"]
        kinds = frozenset({QUOTE})
        for t in range(len(self.truth_events)):
            quotes = [
                (q, self._resolve(q.get("mentions"), kinds))
                for q in self._brief_list(self.match[t], "quotes")
            ]
            for item in self._event_items(t, QUOTE):
                score.total += 1
                speaker = _norm(item.speaker)
                if any(
                    _norm(q.get("speaker")) == speaker and item.key in r.about and r.covers(item)
                    for q, r in quotes
                ):
                    score.found += 1
                else:
                    self._note(
                        t, f"missed quote {_snip(item.label)}: {self._closest_quote(quotes, item)}"
                    )
        for b, quote in self._all("quotes"):
            score.judged += 1
            resolved = self._resolve(quote.get("mentions"), kinds)
            speakers = {_norm(self.items[k].speaker) for k in resolved.about}
            if resolved.unmatched:
                why = f"{resolved.unmatched} mention(s) match no truth quote"
            elif resolved.merged:
                why = f"merges {self._labels(resolved.union)}"
            elif _norm(quote.get("speaker")) not in speakers:
                why = f"speaker {quote.get('speaker')!r}, truth {self._labels(resolved.about)}"
            else:
                score.correct += 1
                continue
            self._wrong(b, quote, resolved, why)

    def _closest_quote(
        self, quotes: list[tuple[dict[str, Any], _Resolved]], item: _TruthItem
    ) -> str:
        touching = [(q, r) for q, r in quotes if item.key in r.union]
        if not touching:
            return "no quote of its brief event has it"
        quote, resolved = max(touching, key=lambda qr: len(qr[1].articles_of.get(item.key, ())))
        why = [f"quote {quote.get('id')} (speaker {quote.get('speaker')!r})"]
        lacking = sorted(item.required - resolved.articles_of.get(item.key, set()))
        if lacking:
            why.append(f"lacks {', '.join(lacking)}")
        if resolved.merged:
            why.append(f"merges {self._labels(resolved.union - {item.key})}")
        return "; ".join(why)

    # --- notes ---

    def _all(self, field_name: str) -> Iterable[tuple[int, dict[str, Any]]]:
        for b in range(len(self.brief_events)):
            for entry in self._brief_list(b, field_name):
                yield b, entry

    def _wrong(self, b: int, entry: dict[str, Any], resolved: _Resolved, why: str) -> None:
        text = _snip(str(entry.get("text", "")))
        self._note(
            self._home(b, resolved.union), f"[{self._bid(b)}] wrong {entry.get('id')} {text}: {why}"
        )

    def _home(self, b: int, keys: frozenset[Key]) -> int | str:
        """Where a note on an item of brief event `b` goes: the truth event it touches, else
        the truth event sharing most articles with `b`, else `b` itself."""
        if keys:
            return min(key[1] for key in keys)
        ids = set(_ids(self.brief_events[b].get("articles")))
        shared = [(len(ids & self._truth_ids(e)), -t) for t, e in enumerate(self.truth_events)]
        best = max(shared, default=(0, 0))
        return -best[1] if best[0] else self._bid(b)

    def _note(self, where: int | str, text: str) -> None:
        self.notes.setdefault(where, []).append(text)

    def _bid(self, b: int) -> str:
        return str(self.brief_events[b].get("id", f"#{b}"))

    def _labels(self, keys: Iterable[Key]) -> str:
        return " / ".join(_snip(self.items[k].label) for k in sorted(keys))

    def _details(self) -> list[EventDetail]:
        events = []
        for t, event in enumerate(self.truth_events):
            b = self.match[t]
            members = self._truth_ids(event)
            shared = (
                len(members & set(_ids(self.brief_events[b].get("articles"))))
                if b is not None
                else 0
            )
            events.append(
                EventDetail(
                    truth=event.get("id"),
                    brief=self._bid(b) if b is not None else None,
                    shared=shared,
                    articles=len(event.get("articles", [])),
                    details=self.notes.get(t, []),
                )
            )
        for b, brief in enumerate(self.brief_events):
            if self._bid(b) in self.notes:
                events.append(
                    EventDetail(
                        None,
                        self._bid(b),
                        0,
                        len(_ids(brief.get("articles"))),
                        self.notes[self._bid(b)],
                    )
                )
        return events


def _is_consensus_hit(claim: dict[str, Any], resolved: _Resolved, fact: _TruthItem) -> bool:
    return (
        claim.get("status") == "consensus" and fact.key in resolved.about and resolved.covers(fact)
    )


def _is_single_hit(claim: dict[str, Any], resolved: _Resolved, fact: _TruthItem) -> bool:
    return (
        claim.get("status") == "single_source"
        and len(_list(claim.get("support"))) <= 1
        and fact.key in resolved.about
    )


# --- articles: refs to ids, texts ---


def _map_refs(
    refs: Sequence[str], brief_articles: Sequence[Mapping[str, Any]], examples_root: Path
) -> dict[str, str]:
    """Truth ref -> brief article id, for the refs the brief has."""
    ids = {a["id"] for a in brief_articles if isinstance(a.get("id"), str)}
    paths: list[tuple[tuple[str, ...], str]] = []
    for article in brief_articles:
        source, aid = article.get("source"), article.get("id")
        if isinstance(source, str) and isinstance(aid, str) and not JSONL_RECORD.match(source):
            paths.append((_parts(source), aid))
    mapping = {}
    for ref in refs:
        if ref in ids:
            mapping[ref] = ref
            continue
        tail = _parts(ref)
        found = sorted(aid for parts, aid in paths if parts[-len(tail) :] == tail)
        if len(found) > 1:
            # Two inputs end alike (a copy of the corpus elsewhere): the one under the root.
            exact = (examples_root / ref).resolve()
            found = [aid for parts, aid in paths if _same_file(parts, exact)] or found
        if found:
            mapping[ref] = found[0]
    return mapping


def _parts(path: str) -> tuple[str, ...]:
    return tuple(p for p in PurePosixPath(path.replace("\\", "/")).parts if p not in (".", "/"))


def _same_file(parts: tuple[str, ...], target: Path) -> bool:
    try:
        return Path("/".join(parts)).resolve() == target or Path("/", *parts).resolve() == target
    except (OSError, ValueError):
        return False


def _read_corpus(examples_root: Path) -> dict[str, str]:
    """The corpus texts by truth ref, read as accord reads them."""
    from accord.ingest.readers import read_paths

    texts = {}
    for article in read_paths([examples_root / "articles"]).articles:
        record = JSONL_RECORD.match(article.source)
        if record:
            texts[article.id] = article.text
            continue
        try:
            ref = Path(article.source).resolve().relative_to(examples_root.resolve()).as_posix()
        except ValueError:
            continue
        texts[ref] = article.text
    return texts


# --- small helpers for untrusted JSON ---


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _ids(value: Any) -> list[str]:
    return [v for v in _list(value) if isinstance(v, str)]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _occurrences(text: str, span: str) -> list[int]:
    if not isinstance(span, str) or not span:
        return []
    starts, at = [], text.find(span)
    while at >= 0:
        starts.append(at)
        at = text.find(span, at + 1)
    return starts


def _norm(name: Any) -> str | None:
    return WHITESPACE.sub(" ", name).strip().casefold() if isinstance(name, str) else None


def _snip(text: str) -> str:
    text = WHITESPACE.sub(" ", text).strip()
    return repr(text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…")
