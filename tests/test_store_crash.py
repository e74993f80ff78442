"""kill -9 in the middle of an ingest: nothing committed is lost, no batch is half there,
and running the ingest again finishes it with every article exactly once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

from accord.store import open_store

TOTAL, BATCH = 400, 20

# The child: adds TOTAL invented articles (each reached through a tracking URL, with an
# analysis) in batches, saying on stdout before and after each batch's transaction.
CHILD = textwrap.dedent(
    f"""
    import sys, time
    import sqlalchemy as sa
    from accord.model import Analysis, Article, Sentence
    from accord.store import open_store

    def article(i):
        body = f"Report {{i}} on the harbour works. " * 90  # about 3,000 characters
        return Article(
            id=f"a{{i:04d}}", source=f"feed:{{i}}", text=body, outlet=f"batch-{{i // {BATCH}}}",
            url=f"https://harbour.example/news/{{i}}?utm_source=rss&ref_id={{i}}",
        )

    store = open_store(sys.argv[1])

    @sa.event.listens_for(store.engine, "after_cursor_execute")
    def inserted(conn, cursor, statement, *args):
        # Rows written, transaction still open: linger, so the parent's kill lands here.
        if statement.startswith("INSERT INTO articles"):
            print("inserted", current, flush=True)
            time.sleep(0.05)

    for start in range(0, {TOTAL}, {BATCH}):
        batch = [article(i) for i in range(start, start + {BATCH})]
        analyses = [Analysis(a.id, "en", [Sentence(a.text[:9], 0, 9)]) for a in batch]
        current = start // {BATCH}
        print("begin", current, flush=True)
        done = store.add_articles(batch, analyses)
        print("committed", start // {BATCH}, done.added, done.duplicates, flush=True)
    store.close()
    """
)


def start_child(script: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(script), str(db)], stdout=subprocess.PIPE, text=True, bufsize=1
    )


def kill_during(child: subprocess.Popen[str], batch: int, when: str) -> set[int]:
    """SIGKILL the child at `when` ("begin": about to write, "inserted": rows written but
    not committed) in `batch`; returns the batches it reported committed."""
    committed: set[int] = set()
    assert child.stdout is not None
    for line in child.stdout:
        word, number, *_ = line.split()
        if word == "committed":
            committed.add(int(number))
        elif word == when and int(number) >= batch:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=30)
    return committed


def check_consistent(db: Path) -> Counter[str]:
    """Integrity, one row per article, whole batches; returns articles per batch."""
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        keys = Counter(k for (k,) in raw.execute("SELECT key FROM articles"))
        assert all(n == 1 for n in keys.values()), "an article stored twice"
        unanalysed = raw.execute(
            "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM analyses)"
        ).fetchone()[0]
        assert unanalysed == 0, "an article committed without its analysis"
        batches = Counter(o for (o,) in raw.execute("SELECT outlet FROM articles"))
    finally:
        raw.close()
    assert all(n == BATCH for n in batches.values()), f"a batch half written: {batches}"
    return batches


def test_killed_ingest_loses_nothing_committed_and_resumes(tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    db = tmp_path / "crash.sqlite"
    committed: set[int] = set()
    # Kill it three times, each time further on: each run skips what was stored before.
    for target, when in ((3, "begin"), (9, "inserted"), (14, "inserted")):
        child = start_child(script, db)
        committed |= kill_during(child, target, when)
        assert child.returncode == -signal.SIGKILL
        batches = check_consistent(db)
        assert {f"batch-{b}" for b in committed} <= set(batches), "a committed batch was lost"
        assert len(batches) >= target  # batches 0..target-1 were committed, in some run
        if when == "inserted":  # killed inside the transaction: its rows are gone
            assert len(batches) == target and f"batch-{target}" not in batches
    before = sum(batches.values())
    child = start_child(script, db)
    out, _ = child.communicate(timeout=60)
    assert child.returncode == 0
    added = sum(int(line.split()[2]) for line in out.splitlines() if line.startswith("committed"))
    assert added == TOTAL - before  # what was there is skipped, the rest added
    batches = check_consistent(db)
    assert len(batches) == TOTAL // BATCH
    with open_store(db) as store:
        stored = store.articles()
        assert sorted(a.id for a in stored) == [f"a{i:04d}" for i in range(TOTAL)]
        assert len(store.load_analyses()) == TOTAL
