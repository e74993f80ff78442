"""Event-clustering scaling benchmark: `.venv/bin/python benchmarks/cluster_scaling.py`.

Clusters 1k, 10k and 100k synthetic articles spread over 30 days and measures the wall
time of clustering (every `EventClusterer.add`, then `finish`), articles/s, the peak
memory the clustering adds, the events found and B-cubed F1 against the synthetic gold.
Writes the table and a plot (docs/cluster_scaling.svg, hand-written SVG: no plotting
dependency) into docs/benchmarks.md under the "cluster-scaling" section.

The articles are `ArticleFeatures` made directly (no text, no encoder), so only the
clustering is timed. Every knob of the synthetic corpus is in `Corpus` below; two
scenarios differ in how widely names are shared across events. Each run is a fresh
subprocess, so that one run's freed memory cannot hide the next one's growth.

    --sizes 1000 10000          other sizes
    --scenario "popular names"  one scenario only (repeatable)
    --budget 600                seconds a run may stream before it stops (0: no limit)
    --blas-threads 1            BLAS threads in the runs
    --no-write                  print the section, leave docs/ alone
    --profile 10000             cProfile one size and count the candidate look-ups instead
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import io
import json
import os
import pstats
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from accord.cluster import ArticleFeatures, ClusterParams, EventClusterer, time_order  # noqa: E402
from accord.cluster.online import SKETCH_DIMENSION, SKETCH_FROM, SKETCH_SHORTLIST  # noqa: E402
from accord.eval.metrics import bcubed  # noqa: E402

SVG = ROOT / "docs" / "cluster_scaling.svg"
SIZES = (1_000, 10_000, 100_000)
SEED = 20260101
FIRST_DAY = date(2026, 1, 1).toordinal()
CHECKPOINTS = 60  # memory samples along the stream, for the plot
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
RSS_SAMPLE_S = 0.005  # the sampler thread's period; peaks shorter than this can be missed


@dataclass(frozen=True)
class Corpus:
    """What the synthetic news looks like. Within-event vector cosine comes out ~0.6-0.8
    (member = centroid + noise of norm `noise`, renormalised: cosine ~ 1/(1 + noise^2)),
    across events ~0 (random directions in 512-d)."""

    days: int = 30
    # None: every size spreads over `days`. A number: the span grows with n instead
    # (n / articles_per_day days), so the daily volume and the events in the window stay put.
    articles_per_day: float | None = None
    dim: int = 512
    mean_event_size: float = 6.0  # articles per event, log-normal: many small, a few large
    size_sigma: float = 1.1
    max_event_size: int = 400
    spread_days: float = 1.5  # an event's articles follow its first one by ~Exp(1.5) days
    noise: tuple[float, float] = (0.5, 0.8)  # per-event noise norm range
    event_words: int = 30  # an event's own vocabulary...
    words_from_event: int = 20  # ...of which each of its articles uses this many
    common_words: int = 20  # plus this many everyday words...
    common_vocabulary: int = 20_000  # ...drawn Zipf-like from this many
    event_names: tuple[int, int] = (2, 6)  # names an event involves (low, high exclusive)
    names_from_event: tuple[int, int] = (1, 4)  # of which each article names these many
    popular_names: float = 1.0  # mean count (Poisson) of widely reported names per article
    popular_vocabulary: int = 5_000  # countries, leaders: Zipf(1) over this many names
    event_numbers: int = 2  # a toll, an amount: each article mentions each with p=0.5
    random_numbers: float = 0.5  # mean count of unrelated numbers per article
    event_date_share: float = 0.6  # articles naming the event's day

    def span_days(self, n: int) -> int:
        if self.articles_per_day is None:
            return self.days
        return max(1, round(n / self.articles_per_day))


CORPUS = Corpus()
# The name index makes every event sharing a name with an article a candidate, so how
# widely names are shared drives the cost; real news names a few countries and leaders
# in a large share of its reports, hence the second scenario.
SCENARIOS = {
    "distinct names": replace(CORPUS, popular_names=0.0),  # each name is one event's
    "popular names": CORPUS,  # + Poisson(1) names Zipf-drawn from widely reported ones
    # distinct names at the 10k run's daily volume whatever n is: 1k over 3 days, 100k
    # over 300. What history costs, apart from what a busier day costs.
    "steady volume": replace(CORPUS, popular_names=0.0, articles_per_day=10_000 / 30),
}
BUDGET_S = 300.0  # a run stops streaming past this, and reports the prefix it managed


# ---- the synthetic corpus
def _zipf_sampler(rng: np.random.Generator, size: int) -> Callable[[int], np.ndarray]:
    """Draws of ranks 0..size-1 with p(k) ~ 1/(k+1): a few words/names are everywhere."""
    cumulative = np.cumsum(1.0 / np.arange(1, size + 1))
    cumulative /= cumulative[-1]
    return lambda count: np.searchsorted(cumulative, rng.random(count), side="right")


def _event_sizes(rng: np.random.Generator, n: int, corpus: Corpus) -> list[int]:
    sigma = corpus.size_sigma
    mu = np.log(corpus.mean_event_size) - sigma * sigma / 2  # log-normal with that mean
    sizes: list[int] = []
    total = 0
    while total < n:
        draw = int(np.clip(np.ceil(rng.lognormal(mu, sigma)), 1, corpus.max_event_size))
        draw = min(draw, n - total)
        sizes.append(draw)
        total += draw
    return sizes


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def synthetic_features(
    n: int, seed: int = SEED, corpus: Corpus = CORPUS
) -> tuple[list[ArticleFeatures], dict[str, int]]:
    """`n` articles' features and the gold event of each article id. Deterministic."""
    rng = np.random.default_rng(seed)
    sizes = _event_sizes(rng, n, corpus)
    events = len(sizes)
    event_of = np.repeat(np.arange(events), sizes)
    centroids = _unit_rows(rng.standard_normal((events, corpus.dim)))
    noise = rng.uniform(*corpus.noise, size=events)
    vectors = np.empty((n, corpus.dim), dtype=np.float32)
    for start in range(0, n, 8192):  # in chunks: 100k x 512 float64 temporaries are big
        rows = event_of[start : start + 8192]
        jitter = rng.standard_normal((len(rows), corpus.dim)) / np.sqrt(corpus.dim)
        vectors[start : start + len(rows)] = _unit_rows(
            centroids[rows] + noise[rows, None] * jitter
        )
    span = corpus.span_days(n)
    first_day = rng.integers(0, span, size=events)
    offsets = np.floor(rng.exponential(corpus.spread_days, size=n)).astype(int)
    days = np.minimum(first_day[event_of] + offsets, span - 1) + FIRST_DAY
    ids = [f"syn-{i:07d}" for i in rng.permutation(n)]  # ids say nothing of the event
    strings: dict[str, str] = {}  # one str object per word, as a real corpus would share

    def word(prefix: str, number: int) -> str:
        key = f"{prefix}{number}"
        return strings.setdefault(key, key)

    common = _zipf_sampler(rng, corpus.common_vocabulary)
    popular = _zipf_sampler(rng, corpus.popular_vocabulary)
    features: list[ArticleFeatures] = []
    gold: dict[str, int] = {}
    start = 0
    for event, size in enumerate(sizes):
        own_words = [word("e", int(w)) for w in rng.integers(0, 10**7, corpus.event_words)]
        own_names = [
            word("n", int(w)) for w in rng.integers(0, 10**7, rng.integers(*corpus.event_names))
        ]
        own_numbers = [
            ("count", "people", float(rng.integers(2, 5000))) for _ in range(corpus.event_numbers)
        ]
        own_day = int(first_day[event]) + FIRST_DAY
        for row in range(start, start + size):
            features.append(
                _article(
                    rng,
                    ids[row],
                    int(days[row]),
                    vectors[row],
                    own_words,
                    own_names,
                    own_numbers,
                    own_day,
                    common,
                    popular,
                    word,
                    corpus,
                )
            )
            gold[ids[row]] = event
        start += size
    return features, gold


def _article(
    rng: np.random.Generator,
    article_id: str,
    day: int,
    vector: np.ndarray,
    own_words: list[str],
    own_names: list[str],
    own_numbers: list[tuple[str, str, float]],
    own_day: int,
    common: Callable[[int], np.ndarray],
    popular: Callable[[int], np.ndarray],
    word: Callable[[str, int], str],
    corpus: Corpus,
) -> ArticleFeatures:
    chosen = rng.choice(len(own_words), corpus.words_from_event, replace=False)
    # Event words are rare (heavy), everyday words light, as wordfreq weights them.
    own = rng.uniform(3.0, 8.0, len(chosen))
    terms = {own_words[i]: float(w) for i, w in zip(chosen, own, strict=True)}
    everyday = rng.uniform(0.5, 3.0, corpus.common_words)
    for rank, weight in zip(common(corpus.common_words), everyday, strict=True):
        terms.setdefault(word("c", int(rank)), float(weight))
    norm = float(np.sqrt(sum(v * v for v in terms.values())))
    picked = rng.choice(
        len(own_names), min(len(own_names), rng.integers(*corpus.names_from_event)), replace=False
    )
    names = {own_names[i] for i in picked}
    names.update(word("p", int(r)) for r in popular(rng.poisson(corpus.popular_names)))
    numbers = {number for number in own_numbers if rng.random() < 0.5}
    unrelated = rng.poisson(corpus.random_numbers)
    numbers.update(("money", "USD", float(rng.integers(1, 10**6))) for _ in range(unrelated))
    dates = {own_day} if rng.random() < corpus.event_date_share else set()
    return ArticleFeatures(
        id=article_id,
        day=day,
        vector=vector,
        terms={w: v / norm for w, v in terms.items()},
        names=frozenset(names),
        numbers=frozenset(numbers),
        dates=frozenset(dates),
        language=("en", "es", "fr", "de")[int(rng.integers(4))],
    )


# ---- measuring
def rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class PeakRss:
    """Highest RSS seen by a thread sampling every RSS_SAMPLE_S while the block runs."""

    def __init__(self) -> None:
        self.peak = rss_bytes()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(RSS_SAMPLE_S):
            self.peak = max(self.peak, rss_bytes())

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())


def run_one(
    n: int, corpus: Corpus = CORPUS, seed: int = SEED, budget_s: float | None = None
) -> dict:
    """Cluster `n` synthetic articles once; every figure of one table row. Past `budget_s`
    seconds the stream stops: the row then reports the prefix it got through."""
    features, gold = synthetic_features(n, seed, corpus)
    params = ClusterParams.load()
    ordered = time_order(features)  # what cluster_features does first; not timed
    gc.collect()
    baseline = rss_bytes()
    every = max(1, n // CHECKPOINTS)
    # (stream position in days, MiB above baseline, active events, clustering seconds so far)
    trace: list[tuple[float, float, int, float]] = []
    aside = 0.0  # time spent taking checkpoints, taken off the clustering time
    done = 0
    assignment: dict[str, int] | None = None
    with PeakRss() as peak:
        started = time.perf_counter()
        clusterer = EventClusterer(params)
        for done, article in enumerate(ordered, 1):
            clusterer.add(article)
            if done % every == 0:
                paused = time.perf_counter()
                active = active_events(clusterer)
                day = done / n * corpus.span_days(n)
                elapsed = paused - started - aside
                trace.append((day, (rss_bytes() - baseline) / 2**20, active, elapsed))
                aside += time.perf_counter() - paused
                if budget_s is not None and elapsed > budget_s:
                    break
        added = time.perf_counter()
        if done == n:
            assignment = clusterer.finish()
        finished = time.perf_counter()
    seconds = finished - started - aside
    row = {
        "articles": n,
        "days": corpus.span_days(n),
        "done": done,
        "stopped_at_day": None if done == n else ordered[done - 1].day - FIRST_DAY + 1,
        "gold_events": len(set(gold.values())),
        "events": None,
        "bcubed": None,
        "seconds": seconds,
        "add_seconds": added - started - aside,
        "finish_seconds": finished - added,
        "articles_per_s": done / seconds,
        "peak_rss_mb": (peak.peak - baseline) / 2**20,
        "max_active_events": max((t[2] for t in trace), default=0),
        "trace": trace,
        "params": params.fitted_on,
        "blas_threads": blas_threads(),
        "code": code_fingerprint(),
    }
    if assignment is not None:
        ids = list(gold)
        row["events"] = len(set(assignment.values()))
        row["bcubed"] = bcubed([gold[i] for i in ids], [assignment[i] for i in ids])
    return row


def blas_threads() -> str:
    """The BLAS thread counts numpy's matrix products run with (numpy's own BLAS first)."""
    from threadpoolctl import threadpool_info

    pools = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    pools.sort(key=lambda p: "numpy" not in p.get("filepath", ""))
    return str(pools[0]["num_threads"]) if pools else "?"


def run_in_subprocess(
    n: int, scenario: str, seed: int, budget_s: float | None, threads: int | None
) -> dict:
    command = [sys.executable, __file__, "--one", str(n), "--scenario", scenario]
    command += ["--seed", str(seed)] + (["--budget", str(budget_s)] if budget_s else [])
    env = dict(os.environ)
    if threads:  # read by the BLAS libraries when numpy loads them, hence a fresh process
        env.update({name: str(threads) for name in BLAS_THREAD_VARIABLES})
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---- profiling: where the time goes
class CountingClusterer(EventClusterer):
    """Counts candidate look-ups and event scores. The clusterer's private methods are
    wrapped whatever their signatures, so the count survives changes to them."""

    def __init__(self, params: ClusterParams | None = None) -> None:
        super().__init__(params)
        self.counts = {"lookups": 0, "candidates": 0, "by_name_only": 0, "scored": 0}

    def _candidates(self, *args: object, **kwargs: object) -> list[int]:
        chosen = super()._candidates(*args, **kwargs)  # type: ignore[arg-type]
        self.counts["lookups"] += 1
        self.counts["candidates"] += len(chosen)
        # The nearest `candidates` by vector come first; any beyond share a name only.
        self.counts["by_name_only"] += max(0, len(chosen) - self.params.candidates)
        return chosen

    def _score(self, *args: object, **kwargs: object) -> float:
        self.counts["scored"] += 1
        return super()._score(*args, **kwargs)  # type: ignore[arg-type]


def active_events(clusterer: EventClusterer) -> int:
    """Events still inside the retirement horizon (the working set). A probe of the
    clusterer's internals: its set of active events if it keeps one, else their flags."""
    active = getattr(clusterer, "_active", None)
    if active is not None:
        return len(active)
    return sum(getattr(e, "active", True) for e in clusterer.events)


def profile(n: int, seed: int, corpus: Corpus = CORPUS, budget_s: float | None = None) -> str:
    """cProfile of one run, with the work counted; past `budget_s` the stream stops and
    `finish()` is skipped, as in `run_one`."""
    features, _ = synthetic_features(n, seed, corpus)
    ordered = time_order(features)
    clusterer = CountingClusterer(ClusterParams.load())
    profiler, done = cProfile.Profile(), 0
    started = time.perf_counter()
    profiler.enable()
    for done, article in enumerate(ordered, 1):
        clusterer.add(article)
        if budget_s is not None and done % 64 == 0 and time.perf_counter() - started > budget_s:
            break
    during_add = dict(clusterer.counts)
    if done == n:
        clusterer.finish()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
    lines = [
        f"profile of {done} of {n} articles (cProfile), {len(clusterer.events)} events, "
        f"{active_events(clusterer)} still active at the end"
    ]
    for phase, counts in (("add", during_add), ("add+finish", clusterer.counts)):
        per = max(counts["lookups"], 1)
        lines.append(
            f"  {phase}: {counts['lookups']} candidate look-ups; per look-up "
            f"{counts['candidates'] / per:.1f} candidate events "
            f"({counts['by_name_only'] / per:.1f} by shared name only); "
            f"{counts['scored']} event scores in all"
        )
    lines.append(out.getvalue())
    return "\n".join(lines)


# ---- the report
COLOURS = {"distinct names": "#1f77b4", "popular names": "#d62728", "steady volume": "#2ca02c"}
DASHES = {1_000: "2,3", 10_000: "7,4", 100_000: ""}
WIDTH, HEIGHT, PAD = 1260, 420, 70
PANEL = (WIDTH - 4 * PAD) // 3


def _scale(lo: float, hi: float, a: float, b: float, log: bool) -> Callable[[float], float]:
    f: Callable[[float], float] = (lambda v: float(np.log10(v))) if log else float
    lo_f, hi_f = f(lo), f(hi)
    span = (hi_f - lo_f) or 1.0
    return lambda v: a + (f(v) - lo_f) / span * (b - a)


def _decades(values: list[float]) -> list[float]:
    """The powers of ten that bracket `values`, for a log axis."""
    low = int(np.floor(np.log10(min(values))))
    high = max(int(np.ceil(np.log10(max(values)))), low + 1)
    return [10.0**k for k in range(low, high + 1)]


def _frame(x0: int, title: str, xlabel: str, ylabel: str) -> list[str]:
    mid_x, mid_y, bottom = x0 + PANEL / 2, HEIGHT / 2, HEIGHT - PAD
    return [
        f'<rect x="{x0}" y="{PAD}" width="{PANEL}" height="{bottom - PAD}" fill="none" '
        'stroke="#444"/>',
        f'<text x="{mid_x}" y="{PAD - 25}" text-anchor="middle" font-weight="bold">{title}</text>',
        f'<text x="{mid_x}" y="{bottom + 36}" text-anchor="middle">{xlabel}</text>',
        f'<text x="{x0 - 50}" y="{mid_y}" text-anchor="middle" '
        f'transform="rotate(-90 {x0 - 50} {mid_y})">{ylabel}</text>',
    ]


def _ticks(x0: int, sx: Callable, sy: Callable, xs: list, ys: list, fmt: Callable) -> list[str]:
    parts = [
        f'<text x="{sx(v):.1f}" y="{HEIGHT - PAD + 16}" text-anchor="middle">{fmt(v)}</text>'
        for v in xs
    ]
    for v in ys:
        parts.append(
            f'<line x1="{x0}" x2="{x0 + PANEL}" y1="{sy(v):.1f}" y2="{sy(v):.1f}" stroke="#ddd"/>'
        )
        parts.append(f'<text x="{x0 - 6}" y="{sy(v) + 4:.1f}" text-anchor="end">{v:g}</text>')
    return parts


def _line(points: list[tuple[float, float]], colour: str, dash: str = "") -> str:
    joined = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return (
        f'<polyline points="{joined}" fill="none" stroke="{colour}" stroke-width="2" '
        f'stroke-dasharray="{dash}"/>'
    )


def _legend(runs: list[dict]) -> list[str]:
    """One row under the panels: which line is which run."""
    parts = []
    for index, run in enumerate(runs):
        colour, dash = COLOURS.get(run["scenario"], "#444"), DASHES.get(run["articles"], "")
        x, y = PAD + 200 * index, HEIGHT - 12
        parts.append(
            f'<line x1="{x}" x2="{x + 30}" y1="{y - 4}" y2="{y - 4}" stroke="{colour}" '
            f'stroke-width="2" stroke-dasharray="{dash}"/>'
        )
        parts.append(
            f'<text x="{x + 36}" y="{y}" fill="{colour}">{run["scenario"]}, '
            f"{run['articles']:,}</text>"
        )
    return parts


def _time_panel(x0: int, runs: list[dict]) -> list[str]:
    """ms per article against size, log-log: a flat line is linear scaling."""
    sizes = sorted({r["articles"] for r in runs})
    decades = _decades([1000 / r["articles_per_s"] for r in runs])
    sx = _scale(min(sizes) / 1.6, max(sizes) * 1.6, x0, x0 + PANEL, log=True)
    sy = _scale(decades[0], decades[-1], HEIGHT - PAD, PAD, log=True)
    parts = _frame(x0, "Time per article, whole run", "articles (log)", "ms per article (log)")
    parts += _ticks(x0, sx, sy, sizes, decades, lambda v: f"{v:,}")
    for index, (scenario, colour) in enumerate(COLOURS.items()):
        mine = sorted((r for r in runs if r["scenario"] == scenario), key=lambda r: r["articles"])
        points = [(sx(r["articles"]), sy(1000 / r["articles_per_s"])) for r in mine]
        if not points:
            continue
        parts.append(_line(points, colour))
        for (x, y), run in zip(points, mine, strict=True):
            fill = colour if run["done"] == run["articles"] else "white"
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{fill}" stroke="{colour}" '
                'stroke-width="2"/>'
            )
            parts.append(
                f'<text x="{x + 7:.1f}" y="{y - 7:.1f}" fill="{colour}">'
                f"{1000 / run['articles_per_s']:.2g}</text>"
            )
        parts.append(
            f'<text x="{x0 + 10}" y="{PAD + 16 + 15 * index}" fill="{colour}">{scenario}</text>'
        )
    if any(r["done"] < r["articles"] for r in runs):
        y = PAD + 16 + 15 * len(COLOURS)  # under the scenario names, clear of the points
        parts.append(
            f'<text x="{x0 + 10}" y="{y}" fill="#666">hollow: stopped at the time budget</text>'
        )
    return parts


def _local_rates(run: dict) -> list[tuple[float, float]]:
    """(stream day, ms per article between this checkpoint and the previous one)."""
    per_step = run["articles"] / CHECKPOINTS
    rates, last = [], 0.0
    for day, _, _, seconds in run["trace"]:
        rates.append((day, max((seconds - last) * 1000 / per_step, 1e-3)))
        last = seconds
    return rates


def _stream_panel(x0: int, runs: list[dict]) -> list[str]:
    """ms per article along the stream: flat once the window has filled, if bounded."""
    rates = {id(r): _local_rates(r) for r in runs}
    decades = _decades([ms for r in runs for _, ms in rates[id(r)]])
    sx = _scale(0, CORPUS.days, x0, x0 + PANEL, log=False)
    sy = _scale(decades[0], decades[-1], HEIGHT - PAD, PAD, log=True)
    parts = _frame(
        x0, "Time per article along the stream", "stream position (days)", "ms per article (log)"
    )
    parts += _ticks(x0, sx, sy, list(range(0, CORPUS.days + 1, 5)), decades, str)
    for run in runs:
        colour, dash = COLOURS.get(run["scenario"], "#444"), DASHES.get(run["articles"], "")
        parts.append(_line([(sx(d), sy(ms)) for d, ms in rates[id(run)]], colour, dash))
    return parts


def _memory_panel(x0: int, runs: list[dict]) -> list[str]:
    top = max([t[1] for r in runs for t in r["trace"]] + [1.0])
    step = 10 ** np.floor(np.log10(top))
    top = step * np.ceil(top / step)
    sx = _scale(0, CORPUS.days, x0, x0 + PANEL, log=False)
    sy = _scale(0, top, HEIGHT - PAD, PAD, log=False)
    parts = _frame(
        x0,
        "Memory added while clustering",
        "stream position (days)",
        "MiB above the RSS before clustering",
    )
    ys = list(np.arange(0, top + step / 2, step))
    parts += _ticks(x0, sx, sy, list(range(0, CORPUS.days + 1, 5)), ys, str)
    for run in runs:
        colour, dash = COLOURS.get(run["scenario"], "#444"), DASHES.get(run["articles"], "")
        parts.append(_line([(sx(t[0]), sy(t[1])) for t in run["trace"]], colour, dash))
    return parts


def svg_plot(runs: list[dict]) -> str:
    runs = sorted(runs, key=lambda r: (r["scenario"], r["articles"]))
    # the panels along the stream share one 30-day axis: the steady-volume runs (other
    # spans) are only in the first panel
    thirty_days = [r for r in runs if SCENARIOS[r["scenario"]].articles_per_day is None] or runs
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        *_time_panel(PAD, runs),
        *_stream_panel(2 * PAD + PANEL, thirty_days),
        *_memory_panel(3 * PAD + 2 * PANEL, thirty_days),
        *_legend(thirty_days),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def code_fingerprint() -> str:
    """A hash of the clustering sources and parameters a run used: others edit them while
    benchmarks run, and one table must not mix two versions."""
    digest = hashlib.sha1()
    for path in sorted((ROOT / "src" / "accord" / "cluster").glob("*.*")):
        if path.suffix in (".py", ".json"):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _row(r: dict) -> str:
    if r["done"] == r["articles"]:
        size, finish = f"{r['articles']:,}", f"{r['finish_seconds']:.2f}"
        events, f1 = f"{r['events']:,}", f"{r['bcubed'][2]:.3f}"
    else:  # the budget ran out: what it got through, and no finish()
        size = f"{r['articles']:,}: stopped after {r['done']:,} (day {r['stopped_at_day']})"
        finish = events = f1 = "-"
    return (
        f"| {r['scenario']} | {size} | {r['seconds']:.1f} | {r['add_seconds']:.1f} | {finish} | "
        f"{r['articles_per_s']:,.0f} | {r['peak_rss_mb']:.1f} | "
        f"{r['peak_rss_mb'] * 2**20 / r['done']:,.0f} | {r['max_active_events']:,} | "
        f"{r['gold_events']:,} | {events} | {f1} |"
    )


def report(runs: list[dict], seed: int, budget_s: float | None, command: str) -> str:
    from run import code_version, machine  # benchmarks/run.py: shared by the benchmarks

    return "\n".join(
        [
            "## Event clustering: scaling",
            "",
            "Target: at least 2,000 articles/s once vectors exist, time near-linear in the "
            "number of articles, memory flat (bounded by the time window).",
            "",
            f"Command: `{command}`  ",
            f"Machine: {machine()}  ",
            f"Date: {datetime.now(UTC):%Y-%m-%d}  ",
            f"Code: {code_version()} (clustering sources {runs[0]['code']}); parameters: "
            "`src/accord/cluster/params.json` "
            f"({runs[0]['params']}); BLAS threads: {runs[0]['blas_threads']}.",
            "",
            f"Synthetic `ArticleFeatures` (no text, no encoder; seed {seed}): events of "
            f"log-normal size (mean {runs[-1]['articles'] / runs[-1]['gold_events']:.1f}, at most "
            f"{CORPUS.max_event_size}) starting uniformly over {CORPUS.days} days, their "
            f"articles ~Exp({CORPUS.spread_days:g}) days after the first; {CORPUS.dim}-d unit "
            "vectors = event centroid + noise (cosine within an event ~0.6-0.8, across ~0); "
            f"{CORPUS.words_from_event} of the event's words + {CORPUS.common_words} "
            "Zipf-drawn common words; 1-3 of the event's names; its numbers and day. "
            "*distinct names*: no name is shared across events. *popular names*: each article "
            f"also names Poisson({CORPUS.popular_names:g}) of "
            f"{CORPUS.popular_vocabulary:,} widely reported names (Zipf: the commonest is in "
            "~10% of articles), as real news names countries and leaders. Every knob: "
            "`Corpus` in `benchmarks/cluster_scaling.py`.",
            "",
            "Time = every `EventClusterer.add` in time order, then `finish()` (making the "
            "features and sorting them not counted). Memory = peak RSS above the RSS just "
            f"before clustering, sampled every {RSS_SAMPLE_S * 1000:g} ms by a thread, each "
            "run in a fresh process; it includes the output (article -> event) and whatever is "
            "kept of retired events, which grow with n by design. Active events = the most events "
            "inside the retirement horizon at once (the working set). "
            + (
                f"A run that passes {budget_s:g} s stops streaming and reports the rate of "
                "the prefix it got through (no `finish()`, so no events or F1). "
                if budget_s
                else ""
            )
            + "B-cubed F1 against the synthetic gold is a sanity check only.",
            "",
            f"In the first two corpora the span is fixed at {CORPUS.days} days, so a larger n is "
            f"also a larger daily volume (about n/{CORPUS.days} articles a day) and more events "
            "inside the window: whatever each article costs in proportion to the active events "
            "shows as time per article rising with n (left panel), while along one stream the "
            "cost is flat once the window has filled (middle panel) if the work is bounded by "
            "the window. *steady volume* separates the two: the distinct-names corpus at "
            f"{SCENARIOS['steady volume'].articles_per_day:,.0f} articles a day whatever n is "
            "(1k over 3 days, 100k over 300), so only the history grows. Above "
            f"{SKETCH_FROM:,} active events, candidate events are short-listed by a "
            f"{SKETCH_DIMENSION}-d random projection of the vectors and only the best "
            f"{SKETCH_SHORTLIST} compared in full (`accord/cluster/online.py`).",
            "",
            "| corpus | articles | total s | add s | finish s | articles/s | peak MiB "
            "| bytes/article | active events | gold events | events | B3 F1 |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            *(_row(r) for r in runs),
            "",
            "![clustering time per article and memory](cluster_scaling.svg)",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument(
        "--scenario",
        choices=list(SCENARIOS),
        action="append",
        help="corpus scenario (repeatable; default: all)",
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--budget",
        type=float,
        default=BUDGET_S,
        help=f"seconds a run may take (default {BUDGET_S:g}; 0: no limit)",
    )
    parser.add_argument(
        "--blas-threads",
        type=int,
        metavar="N",
        help="BLAS threads in the runs (default: the library's own choice)",
    )
    parser.add_argument("--profile", type=int, metavar="N", help="profile one size, write nothing")
    parser.add_argument("--no-write", action="store_true", help="print, leave docs/ alone")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one run, in a subprocess
    args = parser.parse_args()
    scenarios = args.scenario or list(SCENARIOS)
    budget = args.budget or None
    if args.one:
        print(json.dumps(run_one(args.one, SCENARIOS[scenarios[0]], args.seed, budget)))
        return
    if args.profile:
        print(profile(args.profile, args.seed, SCENARIOS[scenarios[0]], budget))
        return
    runs = []
    for scenario in scenarios:
        for n in sorted(args.sizes):
            run = run_in_subprocess(n, scenario, args.seed, budget, args.blas_threads)
            run["scenario"] = scenario
            runs.append(run)
            print(_row(run), flush=True)
    versions = {r["code"] for r in runs}
    if len(versions) > 1:
        raise SystemExit(f"the clustering code changed during the runs ({versions}): run again")
    command = ".venv/bin/python benchmarks/cluster_scaling.py"
    default = (sorted(args.sizes), scenarios, args.seed, budget, args.blas_threads)
    if default != (list(SIZES), list(SCENARIOS), SEED, BUDGET_S, None):
        command = ".venv/bin/python " + " ".join(
            [str(Path(sys.argv[0]).resolve().relative_to(ROOT)), *sys.argv[1:]]
        )
    body = report(runs, args.seed, budget, command)
    if args.no_write:
        print(body)
        return
    SVG.parent.mkdir(parents=True, exist_ok=True)
    SVG.write_text(svg_plot(runs), encoding="utf-8")
    from run import write_section

    write_section("cluster-scaling", body)
    print(body)


if __name__ == "__main__":
    main()
