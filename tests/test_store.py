"""accord.store on real SQLite files: schema and migrations, idempotent ingest, round
trips, concurrent readers, feeds, and `accord add` run as a user runs it."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import StatementError

from accord.analyze.pipeline import AnalyzeConfig, analyze_article
from accord.model import (
    Analysis,
    Article,
    Claim,
    Conflict,
    ConflictValue,
    EventBrief,
    Mention,
    Problem,
    QuoteGroup,
)
from accord.store import (
    SCHEMA_VERSION,
    StoreError,
    canonical_url,
    content_hash,
    database_url,
    members_digest,
    open_store,
)
from accord.store.repository import TRACKING_PARAMETERS

ACCORD = shutil.which("accord", path=str(Path(sys.executable).parent)) or "accord"

TEXT = (
    "Ferry crews returned to work on Monday after nine days on strike, the operator said. "
    "At least 12,000 passengers were affected. “We are glad it is over,” said union leader "
    "Marta Solis."
)


def article(n: int = 1, text: str = TEXT, url: str | None = None, **extra: object) -> Article:
    return Article(
        id=f"art-{n}",
        source=f"/in/story-{n}.txt",
        text=text,
        url=url if url is not None else f"https://coast.example/news/ferry-{n}",
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "accord.sqlite"


# The dialect-neutral tests run on SQLite and on a real PostgreSQL (conftest.py).
@pytest.fixture
def url(store_url: str) -> str:
    return store_url


# --- schema and migrations ---


def test_new_database_is_created_in_wal_with_current_schema(db: Path) -> None:
    with open_store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    raw = sqlite3.connect(db)
    names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    raw.close()
    expected = {"articles", "analyses", "events", "event_members", "briefs", "feeds"}
    assert expected | {"feed_entries", "schema_version", "latest_articles"} <= names


# The version 1 schema, written by hand as a release with it would have left it.
V1_SQL = """
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at DATETIME NOT NULL);
CREATE TABLE articles (
    id TEXT PRIMARY KEY, key TEXT NOT NULL, canonical_url TEXT,
    content_hash VARCHAR(64) NOT NULL, version INTEGER NOT NULL, latest BOOLEAN NOT NULL,
    source TEXT NOT NULL, outlet TEXT, title TEXT, published VARCHAR(40),
    language VARCHAR(16), url TEXT, author TEXT, place TEXT, credits JSON NOT NULL,
    removed JSON NOT NULL, text TEXT NOT NULL, fetched_at DATETIME, first_seen DATETIME NOT NULL,
    CONSTRAINT uq_articles_key_hash UNIQUE (key, content_hash),
    CONSTRAINT uq_articles_key_version UNIQUE (key, version));
CREATE TABLE analyses (article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    analysis JSON NOT NULL, analyzed_at DATETIME NOT NULL);
CREATE TABLE events (id TEXT PRIMARY KEY, first_day VARCHAR(10), last_day VARCHAR(10),
    updated_at DATETIME NOT NULL);
CREATE TABLE event_members (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE);
CREATE TABLE briefs (event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    brief JSON NOT NULL, computed_at DATETIME NOT NULL);
CREATE VIEW latest_articles AS SELECT * FROM articles WHERE latest;
INSERT INTO schema_version VALUES (1, '2026-01-05 10:00:00.000000');
INSERT INTO articles VALUES ('old-1', 'https://coast.example/news/ferry-1',
    'https://coast.example/news/ferry-1', '{hash}', 1, 1, '/in/story-1.txt', 'Coast Courier',
    'Ferry strike ends', '2026-01-05', 'en', 'https://coast.example/news/ferry-1', NULL, NULL,
    '["AP"]', '[]', '{text}', '2026-01-05 10:00:00.000000', '2026-01-05 10:00:00.000000');
INSERT INTO events VALUES ('ev-old', '2026-01-05', '2026-01-05', '2026-01-05 10:00:00');
INSERT INTO event_members VALUES ('old-1', 'ev-old');
INSERT INTO briefs VALUES ('ev-old', '{{"id": "ev-old", "articles": ["old-1"]}}',
    '2026-01-05 10:00:00');
"""


def test_a_version_1_database_is_upgraded_and_keeps_its_articles(db: Path) -> None:
    db.parent.mkdir(parents=True)
    raw = sqlite3.connect(db)
    raw.executescript(V1_SQL.format(hash=content_hash(TEXT), text=TEXT))
    raw.close()
    with open_store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        (old,) = store.articles()
        assert (old.id, old.outlet, old.credits, old.text) == (
            "old-1",
            "Coast Courier",
            ["AP"],
            TEXT,
        )
        # The article read again through a tracking URL is the stored one, not a new one.
        again = store.add_articles(
            [article(1, url="https://coast.example/news/ferry-1?utm_medium=rss")]
        )
        assert (again.added, again.duplicates, again.ids) == (0, 1, {"art-1": "old-1"})
        store.record_feed_fetch("https://coast.example/rss", ok=True, etag='"e1"')  # v2 tables
        assert store.feed_health()[0].etag == '"e1"'
        # version 3: the old brief's articles are known without reading it; vectors kept
        assert store.brief_digests() == {"ev-old": members_digest(["old-1"])}
        store.save_article_vectors("use", {"old-1": np.ones(4, np.float32) / 2})
        assert store.load_article_vectors("use")["old-1"].tolist() == [0.5] * 4
    raw = sqlite3.connect(db)
    assert [r[0] for r in raw.execute("SELECT version FROM schema_version ORDER BY 1")] == [
        1,
        2,
        3,
    ]
    raw.close()
    with open_store(db) as store:  # opening an up-to-date store migrates nothing
        assert store.schema_version() == SCHEMA_VERSION


def test_a_newer_database_is_refused_and_left_alone(db: Path) -> None:
    open_store(db).close()
    raw = sqlite3.connect(db)
    raw.execute(
        "INSERT INTO schema_version VALUES (?, '2030-01-01 00:00:00')", (SCHEMA_VERSION + 7,)
    )
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match=rf"version {SCHEMA_VERSION + 7}, newer .* upgrade accord"):
        open_store(db)
    raw = sqlite3.connect(db)
    assert (
        raw.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION + 7
    )
    raw.close()


def test_a_database_not_made_by_accord_is_refused(db: Path) -> None:
    db.parent.mkdir(parents=True)
    raw = sqlite3.connect(db)
    raw.execute("CREATE TABLE articles (id TEXT)")
    raw.close()
    with pytest.raises(StoreError, match="no schema_version"):
        open_store(db)


def test_database_urls() -> None:
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"


# --- idempotent ingest ---


def test_the_same_article_twice_is_stored_once(url: str) -> None:
    with open_store(url) as store:
        first = store.add_articles([article(1), article(2)])
        assert (first.added, first.duplicates, first.new_versions) == (2, 0, 0)
        assert first.stored == ["art-1", "art-2"]
        second = store.add_articles([article(2), article(1)])
        assert (second.added, second.duplicates, second.new_versions) == (0, 2, 0)
        assert second.stored == []
        # Twice within one batch, too; and a re-flowed copy of the text is the same text.
        third = store.add_articles([article(3), article(3, text=TEXT.replace(" ", "\n  "))])
        assert (third.added, third.duplicates) == (1, 1)
        assert len(store.articles(all_versions=True)) == 3


def test_a_tracking_url_variant_is_the_same_article(url: str) -> None:
    base = "https://coast.example/news/ferry-1?page=2&lang=en"
    variant = (
        "HTTPS://Coast.Example:443/news/ferry-1?utm_source=feed&lang=en&fbclid=XyZ"
        "&page=2&gclid=1&mc_cid=abc#comments"
    )
    with open_store(url) as store:
        store.add_articles([article(1, url=base)])
        done = store.add_articles([Article(id="other-id", source="feed", text=TEXT, url=variant)])
        assert (done.added, done.duplicates, done.ids) == (0, 1, {"other-id": "art-1"})
        assert [a.id for a in store.articles()] == ["art-1"]


def test_changed_text_is_a_new_version_and_older_ones_are_kept(url: str) -> None:
    with open_store(url) as store:
        store.add_articles([article(1)])
        updated = TEXT.replace("12,000", "14,000")
        done = store.add_articles(
            [article(1, text=updated, url="https://coast.example/news/ferry-1?utm_x=1")]
        )
        assert (done.added, done.duplicates, done.new_versions) == (0, 0, 1)
        (new_id,) = done.stored
        assert new_id != "art-1"  # the input reused its id; the store keeps both rows
        assert [a.text for a in store.articles()] == [updated]
        assert [a.id for a in store.articles(all_versions=True)] == ["art-1", new_id]
        versions = store.versions("art-1")
        assert [(v.id, v.version, v.latest) for v in versions] == [
            ("art-1", 1, False),
            (new_id, 2, True),
        ]
        # The view gives the latest version only; re-adding version 1 stores nothing.
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT id FROM latest_articles").scalars().all() == [
                new_id
            ]
        again = store.add_articles([article(1)])
        assert (again.duplicates, again.ids) == (1, {"art-1": "art-1"})
        # Two new versions in one batch: only the last is latest.
        done = store.add_articles([article(1, text=f"{TEXT} v3"), article(1, text=f"{TEXT} v4")])
        assert done.new_versions == 2
        assert [(v.version, v.latest) for v in store.versions("art-1")] == [
            (1, False),
            (2, False),
            (3, False),
            (4, True),
        ]


def test_without_a_url_the_source_identifies_the_article(url: str) -> None:
    with open_store(url) as store:
        plain = Article(id="p", source="/in/a.txt", text="One.")
        assert store.add_articles([plain]).added == 1
        assert (
            store.add_articles([Article(id="p2", source="/in/a.txt", text="One.")]).duplicates == 1
        )
        assert store.add_articles([Article(id="p", source="/in/b.txt", text="One.")]).added == 1
        assert (
            store.add_articles([Article(id="p", source="/in/a.txt", text="Two.")]).new_versions == 1
        )


def test_a_failed_batch_writes_nothing(url: str) -> None:
    with open_store(url) as store:
        good, other = article(1), article(2)
        # The articles are inserted first; the analysis that cannot be written fails after.
        broken = Analysis(article="art-2", language=object())  # type: ignore[arg-type]
        with pytest.raises((StatementError, TypeError), match="not JSON serializable"):
            store.add_articles([good, other], [broken])
        assert store.articles(all_versions=True) == []
        assert store.add_articles([good]).added == 1


def test_known_ids_tells_what_is_stored(url: str) -> None:
    with open_store(url) as store:
        store.add_articles([article(1)])
        tracked = article(9, url="https://coast.example/news/ferry-1?utm_campaign=x")
        assert store.known_ids([tracked, article(2)]) == {"art-9": "art-1"}


# --- round trips ---


def test_article_and_analysis_round_trip(url: str) -> None:
    original = article(
        1,
        title="Ferry strike ends — “finally”",
        published="2026-11-02T08:30:00+01:00",
        outlet="Coast Courier",
        language="en",
        author="Ana Ruiz",
        place="VIGO",
        credits=["AP", "Reuters"],
        removed=["share-buttons"],
    )
    analysis = analyze_article(original, AnalyzeConfig(entities="rules"))
    assert analysis.sentences and analysis.quotes and analysis.quantities
    with open_store(url) as store:
        store.add_articles([original], [analysis])
        assert store.get_article("art-1") == original
        assert store.get_article("missing") is None
        assert store.load_analyses() == {"art-1": analysis}
        assert store.load_analyses(["art-1", "missing"]) == {"art-1": analysis}
        # Replacing an analysis keeps one.
        analysis.language = "es"
        store.save_analyses([analysis])
        assert store.load_analyses(["art-1"])["art-1"].language == "es"


def test_an_analysis_of_an_unknown_article_is_refused(url: str) -> None:
    from sqlalchemy.exc import IntegrityError

    with open_store(url) as store:
        other = analyze_article(article(5), AnalyzeConfig(entities="rules"))
        with pytest.raises(IntegrityError):
            store.save_analyses([other])


def test_analyses_are_stored_under_the_stored_id(url: str) -> None:
    with open_store(url) as store:
        store.add_articles([article(1)])
        updated = article(1, text=f"{TEXT} More.")
        done = store.add_articles(
            [updated], [analyze_article(updated, AnalyzeConfig(entities="rules"))]
        )
        (new_id,) = done.stored
        assert set(store.load_analyses()) == {new_id}
        assert store.load_analyses()[new_id].article == new_id


def test_events_and_briefs(url: str) -> None:
    with open_store(url) as store:
        store.add_articles(
            [
                article(1, published="2026-11-02T08:00:00Z"),
                article(2, published="2026-11-04"),
                article(3, published="2026-11-03"),
            ]
        )
        store.assign_events({"art-1": "ev-a", "art-2": "ev-a", "art-3": "ev-b"})
        events = {e.id: e for e in store.events()}
        assert events["ev-a"].articles == ["art-1", "art-2"]
        assert (events["ev-a"].first_day, events["ev-a"].last_day) == ("2026-11-02", "2026-11-04")
        brief = EventBrief(
            id="ev-b",
            title="Ferry strike ends",
            date="2026-11-03",
            articles=["art-3"],
            outlets=["Coast Courier"],
            languages=["en"],
            claims=[
                Claim(
                    id="c1",
                    text="Crews returned",
                    status="single_source",
                    support=["art-3"],
                    mentions=[Mention("art-3", "Ferry", 0, 5)],
                )
            ],
            conflicts=[Conflict("k1", "passengers", [ConflictValue("12000", [])])],
            quotes=[QuoteGroup("q1", "Marta Solis", "We are glad", ["art-3"], [])],
            problems=[Problem("x.json", "broken")],
        ).to_dict()
        store.save_brief("ev-b", brief)
        assert store.load_brief("ev-b") == brief
        store.save_brief("ev-b", {**brief, "title": "Strike over"})
        assert store.load_brief("ev-b")["title"] == "Strike over"  # type: ignore[index]
        assert store.load_brief("ev-a") is None
        # Moving the last article out of an event removes it, and its brief.
        store.assign_events({"art-3": "ev-a"})
        events = {e.id: e for e in store.events()}
        assert list(events) == ["ev-a"] and events["ev-a"].articles == ["art-1", "art-2", "art-3"]
        assert store.load_brief("ev-b") is None


def test_article_vectors_round_trip_per_encoder(url: str) -> None:
    rng = np.random.default_rng(5)
    with open_store(url) as store:
        ids = store.add_articles([article(i) for i in range(3)]).ids
        stored = {ids[f"art-{i}"]: rng.standard_normal(512).astype(np.float32) for i in range(3)}
        store.save_article_vectors("use", stored)
        store.save_article_vectors("e5", {ids["art-0"]: np.zeros(384, np.float32)})
        loaded = store.load_article_vectors("use")
        assert set(loaded) == set(stored)
        assert all(
            np.array_equal(loaded[k], v) and loaded[k].dtype == np.float32
            for k, v in stored.items()
        )
        assert set(store.load_article_vectors("e5")) == {ids["art-0"]}  # encoders kept apart
        assert set(store.load_article_vectors("use", [ids["art-1"], "unknown"])) == {ids["art-1"]}
        store.save_article_vectors("use", {ids["art-1"]: np.ones(512, np.float32)})  # replaced
        assert store.load_article_vectors("use", [ids["art-1"]])[ids["art-1"]].sum() == 512


def test_articles_since(url: str) -> None:
    with open_store(url) as store:
        store.add_articles([article(1)])
        cut = datetime.now(UTC)
        store.add_articles([article(2)])
        assert [a.id for a in store.articles(since=cut)] == ["art-2"]
        assert [a.id for a in store.articles(since=cut - timedelta(hours=1))] == ["art-1", "art-2"]
        assert store.articles(since=datetime.now(UTC) + timedelta(seconds=5)) == []


def test_feed_health(url: str) -> None:
    feed = "https://coast.example/rss"
    t0 = datetime(2026, 11, 2, 8, tzinfo=UTC)
    with open_store(url) as store:
        store.upsert_feed(feed, "Coast Courier")
        store.upsert_feed(feed)  # no title given: the known one stays
        store.record_feed_fetch(feed, ok=False, error="timed out", at=t0)
        store.record_feed_fetch(feed, ok=False, error="HTTP 503", at=t0 + timedelta(hours=1))
        (health,) = store.feed_health()
        assert (health.title, health.error_count, health.last_error) == (
            "Coast Courier",
            2,
            "HTTP 503",
        )
        assert health.last_success is None
        store.record_feed_fetch(feed, ok=True, etag='"v7"', last_modified="Mon, 02 Nov 2026", at=t0)
        store.add_articles([article(1), article(2)])
        store.record_feed_entries(
            feed, [("e1", "https://l/1", "art-1"), ("e2", "https://l/2", None)]
        )
        store.record_feed_entries(feed, [("e2", "https://l/2", "art-2")])
        assert store.seen_entries(feed) == {"e1", "e2"}
        (health,) = store.feed_health(days=7)
        assert (health.error_count, health.etag, health.last_success) == (0, '"v7"', t0)
        assert health.last_error == "HTTP 503"  # kept, with its time, after the recovery
        assert health.articles_per_day == pytest.approx(2 / 7)
        later = datetime.now(UTC) + timedelta(days=30)
        assert store.feed_health(now=later)[0].articles_per_day == 0


# --- concurrency ---


def test_an_open_reader_neither_blocks_the_writer_nor_sees_half_a_batch(db: Path) -> None:
    with open_store(db) as store:
        store.add_articles([article(n) for n in range(10)])
        reader = sqlite3.connect(db, isolation_level=None, timeout=0.1)
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 10
        store.add_articles([article(n) for n in range(10, 30)])  # would time out without WAL
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 10  # its snapshot
        reader.execute("COMMIT")
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 30
        reader.close()


def test_concurrent_readers_while_writing(db: Path) -> None:
    batch, batches = 25, 12
    open_store(db).close()
    seen: list[int] = []
    errors: list[BaseException] = []
    done = threading.Event()
    # The writer starts once every reader has read once: on a busy machine a reader may
    # otherwise open its store only after the last batch.
    ready = threading.Barrier(4, timeout=30)

    def read() -> None:
        try:
            with open_store(db) as store:
                first = True
                while first or not done.is_set():
                    count = len(store.articles())
                    assert count % batch == 0, count  # whole batches only
                    seen.append(count)
                    if first:
                        first = False
                        ready.wait()
        except BaseException as err:
            errors.append(err)
            ready.abort()

    readers = [threading.Thread(target=read) for _ in range(3)]
    for thread in readers:
        thread.start()
    try:
        ready.wait()
        with open_store(db) as store:
            for b in range(batches):
                store.add_articles([article(b * batch + n) for n in range(batch)])
    finally:
        done.set()
        for thread in readers:
            thread.join()
    assert not errors
    assert seen and max(seen) <= batch * batches


# --- canonical URLs ---

_host = st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,10}(\.[A-Za-z]{2,5}){1,2}", fullmatch=True)
_segment = st.from_regex(r"[A-Za-z0-9._~%-]{0,12}", fullmatch=True)
_param = st.tuples(
    st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9%+.-]{0,8}", fullmatch=True),
)
_tracking = st.tuples(
    st.sampled_from(["utm_source", "UTM_Medium", "utm_campaign", *sorted(TRACKING_PARAMETERS)]),
    st.from_regex(r"[A-Za-z0-9]{0,8}", fullmatch=True),
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_canonical_url_never_crashes_and_is_idempotent(value: str) -> None:
    once = canonical_url(value)
    assert canonical_url(once) == once


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["http", "https", "HTTP", "Https"]),
    _host,
    st.lists(_segment, max_size=4),
    st.lists(_param, max_size=4),
    st.lists(_tracking, min_size=1, max_size=4),
    st.randoms(use_true_random=False),
    st.one_of(st.just(""), _segment.map(lambda s: f"#{s}")),
)
def test_canonical_url_removes_tracking_and_order(
    scheme: str, host: str, path: list[str], params: list, tracking: list, rnd, fragment: str
) -> None:
    pairs = [f"{k}={v}" for k, v in params + tracking]
    rnd.shuffle(pairs)
    url = (
        f"{scheme}://{host}/{'/'.join(path)}" + (f"?{'&'.join(pairs)}" if pairs else "") + fragment
    )
    clean = f"{scheme.lower()}://{host.lower()}/{'/'.join(path)}"
    kept = sorted(f"{k}={v}" for k, v in params)
    assert canonical_url(url) == clean + (f"?{'&'.join(kept)}" if kept else "")
    assert canonical_url(canonical_url(url)) == canonical_url(url)
    assert "#" not in canonical_url(url)


def test_canonical_url_examples() -> None:
    assert canonical_url("https://A.example:443?b=1&a=2#x") == "https://a.example/?a=2&b=1"
    assert canonical_url("http://a.example:8080/P/Q") == "http://a.example:8080/P/Q"
    assert canonical_url(" /in/story.txt ") == "/in/story.txt"
    assert canonical_url("ftp://A.example/x#y") == "ftp://A.example/x#y"  # not rewritten
    assert canonical_url("http://[broken/x") == "http://[broken/x"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300), title=st.one_of(st.none(), st.text(max_size=40)))
def test_any_text_is_stored_exactly_and_once(db: Path, text: str, title: str | None) -> None:
    # Its own source per example: texts equal but for whitespace are one version.
    key = hashlib.sha1(repr((text, title)).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    item = Article(id=key, source=f"/fuzz/{key}", text=text, title=title)
    with open_store(db) as store:
        first = store.add_articles([item])
        assert store.get_article(first.ids[key]) == item
        assert store.add_articles([item]).duplicates == 1


# --- accord add ---


def accord(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ACCORD, *args], capture_output=True, text=True, timeout=120, check=False)


def test_accord_add_end_to_end(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "story.txt").write_text(
        f"Ferry strike ends after nine days\n date 2026-11-02\nsource: Coast Courier\n\n{TEXT}\n",
        encoding="utf-8",
    )
    records = [
        {"id": "w1", "url": "https://wire.example/a?id=7", "text": "Storm closes the port. " * 5},
        {
            "id": "w2",
            "url": "https://wire.example/a?utm_source=rss&id=7",
            "text": "Storm closes the port. " * 5,
        },
        {"id": "w3", "url": "https://wire.example/b", "text": "Rain returns on Tuesday. " * 5},
    ]
    (inputs / "wire.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8"
    )
    (inputs / "broken.json").write_text("{nope", encoding="utf-8")
    db = tmp_path / "db" / "accord.sqlite"

    first = accord("add", str(inputs), "--db", str(db), "--entities", "rules")
    assert first.returncode == 0, first.stderr
    assert "3 added, 1 already stored, 0 new versions" in first.stderr
    assert "problem:" in first.stderr and "broken.json" in first.stderr
    second = accord("add", str(inputs), "--db", str(db), "--entities", "rules")
    assert second.returncode == 0, second.stderr
    assert "0 added, 4 already stored, 0 new versions" in second.stderr

    with open_store(db) as store:
        stored = store.articles()
        ids = {a.id for a in stored}
        assert len(ids) == 3 and {"w1", "w3"} <= ids  # w2 is w1 through a tracking URL
        analyses = store.load_analyses()
        assert set(analyses) == {a.id for a in stored}
        story = next(a for a in stored if a.id.startswith("story"))
        for sentence in analyses[story.id].sentences:
            assert story.text[sentence.start : sentence.end] == sentence.text

    raw = sqlite3.connect(db)
    raw.execute("INSERT INTO schema_version VALUES (99, '2030-01-01 00:00:00')")
    raw.commit()
    raw.close()
    refused = accord("add", str(inputs), "--db", str(db))
    assert refused.returncode == 2
    assert "schema version 99, newer than this accord" in refused.stderr


def test_concurrent_writers_store_each_article_once(db: Path) -> None:
    open_store(db).close()
    items = [article(n) for n in range(200)]
    results: list[int] = []
    errors: list[BaseException] = []

    def write(order: list[Article]) -> None:
        try:
            with open_store(db) as store:
                for start in range(0, len(order), 20):
                    results.append(store.add_articles(order[start : start + 20]).added)
        except BaseException as err:
            errors.append(err)

    writers = [threading.Thread(target=write, args=(o,)) for o in (items, items[::-1], items)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    assert not errors
    assert sum(results) == 200
    with open_store(db) as store:
        assert sorted(a.id for a in store.articles()) == sorted(a.id for a in items)
