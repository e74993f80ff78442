"""Benchmarks: `make bench` (or `.venv/bin/python benchmarks/run.py`).

Measures reading+cleaning and per-article analysis throughput on a corpus scaled up
from the example corpus, and writes the figures into docs/benchmarks.md between
markers, with the machine and the command.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
DATA = ROOT / "benchmarks" / "_data"
REPORT = ROOT / "docs" / "benchmarks.md"

sys.path.insert(0, str(ROOT / "src"))

from accord.analyze.pipeline import AnalyzeConfig, analyze_articles  # noqa: E402
from accord.ingest.readers import read_paths  # noqa: E402


def build_corpus(count: int) -> Path:
    """`count` articles made from the examples: each copy gets distinct numbers and a
    distinct title so that ids differ, while length and language mix stay realistic."""
    base = read_paths([EXAMPLES]).articles
    if not base:
        raise SystemExit(f"no example articles under {EXAMPLES}")
    target = DATA / f"scaled-{count}"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    records = []
    for index in range(count):
        article = base[index % len(base)]
        shift = index % 7
        text = re.sub(r"\d+", lambda m, shift=shift: str(int(m.group()) + shift), article.text)
        records.append(
            {
                "id": f"bench-{index:06d}",
                "title": f"{article.title or 'Untitled'} ({index})",
                "published": article.published,
                "outlet": article.outlet,
                "url": article.url,
                "text": text,
            }
        )
    # Half as one JSONL batch, half as separate .txt files: both reader paths count.
    half = count // 2
    with (target / "batch.jsonl").open("w", encoding="utf-8") as handle:
        for record in records[:half]:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    for record in records[half:]:
        header = f"{record['title']}\n date {record['published'] or ''}\n"
        header += f"source: {record['outlet'] or ''}\n\n"
        (target / f"{record['id']}.txt").write_text(header + record["text"], encoding="utf-8")
    return target


def measure(corpus: Path, entities: str, workers: int, limit: int | None = None) -> dict:
    started = time.perf_counter()
    result = read_paths([corpus])
    read_seconds = time.perf_counter() - started
    articles = result.articles[:limit] if limit else result.articles
    megabytes = sum(len(a.text.encode("utf-8")) for a in articles) / 1e6
    config = AnalyzeConfig(entities=entities)
    analyze_articles(articles[:4], config, workers=1)  # load models outside the timing
    started = time.perf_counter()
    analyze_articles(articles, config, workers=workers)
    analyze_seconds = time.perf_counter() - started
    return {
        "articles": len(articles),
        "read_articles_per_s": len(result.articles) / read_seconds,
        "read_mb_per_s": sum(len(a.text.encode()) for a in result.articles) / 1e6 / read_seconds,
        "analyze_articles_per_s": len(articles) / analyze_seconds,
        "analyze_mb_per_s": megabytes / analyze_seconds,
        "entities": entities,
        "workers": workers,
    }


def measure_events(corpus: Path, count: int) -> dict:
    """Files to events, cold: read, analyse, encode (empty cache), near-copies, cluster."""
    from accord.cluster import group_articles
    from accord.encode import CachedEncoder, get_encoder

    encoder = CachedEncoder(get_encoder("use"), None)
    encoder.encode(["warm the model up"])
    started = time.perf_counter()
    articles = read_paths([corpus]).articles[:count]
    analyses = analyze_articles(articles, AnalyzeConfig(entities="rules"))
    event_of, _ = group_articles(articles, analyses, encoder)
    seconds = time.perf_counter() - started
    return {"articles": len(articles), "seconds": seconds, "events": len(set(event_of.values()))}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def code_version() -> str:
    """The commit measured, and whether the code under src/accord differed from it
    (read-only git)."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "src/accord")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    return f"commit {head}" + (" with uncommitted changes under src/accord" if dirty else "")


def write_section(name: str, body: str) -> None:
    """Replace the section between this benchmark's markers, keeping the others."""
    begin, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Benchmarks\n"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    if begin in text:
        text = re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000, help="corpus size (default 2000)")
    args = parser.parse_args()
    corpus = build_corpus(args.articles)
    runs = [
        measure(corpus, "rules", 1),
        measure(corpus, "rules", 2),
        measure(corpus, "spacy", 2, limit=400),
    ]
    rows = [
        f"| {r['articles']} | {r['entities']} | {r['workers']} | "
        f"{r['read_articles_per_s']:.0f} | {r['read_mb_per_s']:.2f} | "
        f"{r['analyze_articles_per_s']:.0f} | {r['analyze_mb_per_s']:.2f} |"
        for r in runs
    ]
    average = sum(len(a.text) for a in read_paths([corpus]).articles) / args.articles
    body = "\n".join(
        [
            "## Ingest and analysis throughput",
            "",
            f"Command: `make bench` (`.venv/bin/python benchmarks/run.py --articles "
            f"{args.articles}`)  ",
            f"Machine: {machine()}  ",
            f"Date: {datetime.now(UTC):%Y-%m-%d}  ",
            f"Corpus: {args.articles} articles scaled up from `examples/articles` (half JSONL, "
            f"half .txt), {average:.0f} characters per article on average.",
            "",
            "Reading = decoding, parsing headers, cleaning boilerplate, credits, ids. "
            "Analysis = language, sentences, dates, numbers, entities, quotes "
            "(models loaded before timing).",
            "",
            "| articles | entities | workers | read art/s | read MB/s | analyse art/s "
            "| analyse MB/s |",
            "|---:|---|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )
    write_section("ingest-analyze", body)
    print(body)
    events = measure_events(corpus, min(1000, args.articles))
    body = "\n".join(
        [
            "## Files to events",
            "",
            "Command: `make bench`  ",
            f"Machine: {machine()}  ",
            f"Date: {datetime.now(UTC):%Y-%m-%d}  ",
            f"Corpus: the first {events['articles']} articles of the scaled corpus above.",
            "",
            "Reading, analysis (rule-based entities, one process per core), encoding with "
            "multilingual USE v3 from an empty cache, near-copies and clustering, in one run. "
            "The scaled articles are copies of the examples' events with other numbers, so "
            "they fall into those events.",
            "",
            "| articles | seconds | articles/s | events |",
            "|---:|---:|---:|---:|",
            f"| {events['articles']} | {events['seconds']:.1f} | "
            f"{events['articles'] / events['seconds']:.0f} | {events['events']} |",
        ]
    )
    write_section("files-to-events", body)
    print(body)


if __name__ == "__main__":
    main()
