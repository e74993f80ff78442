"""kill -9 in the middle of `accord watch`, restart, and the store is whole again.

Eight invented outlets, each a real HTTP server on loopback with an RSS feed, publish
reports of six invented stories in two rounds. The real CLI (`python -m accord watch
--once`) runs as a subprocess and is killed (SIGKILL) in each round after its articles
are committed and before their events and briefs are; a third start runs to its end.
Then every page is stored exactly once, every article is in one event, every event has
a brief of exactly its articles, and the events equal a batch grouping of the stored
articles. On SQLite and on PostgreSQL.

A kill can only be aimed at a window long enough to see from outside (encoding and
grouping take a second; the briefs are saved within milliseconds of each other). So a
second test stops a cycle in this process just before a chosen write transaction
commits, the effect of a kill at that instant, for the first and second write to each
table, and checks that the next cycle makes the store whole.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from accord.analyze.pipeline import AnalyzeConfig
from accord.encode import CachedEncoder, get_encoder
from accord.feeds import Fetcher
from accord.store import Store, database_url, open_store
from accord.watch import run_cycle
from feed_server import FakeClock, FeedServer, Reply, article_page
from store_checks import batch_events

# --- eight invented outlets and six invented stories ------------------------------------

OUTLETS = [
    "Northgate Herald",
    "Coastline Daily",
    "Riverside Tribune",
    "Plainfield Gazette",
    "Hillcrest Observer",
    "Bayport Ledger",
    "Marshfield Echo",
    "Oakridge Courier",
]
STORIES_PER_OUTLET = 3  # each outlet reports three of the six stories (3 to 5 reports each)
FIRST_ROUND = 1  # ... the first of them in the first round, the others in the second

# story -> (day, headlines, sentences); an outlet's report is the first sentence and
# three of the others, a different choice for each outlet.
STORIES: dict[str, tuple[str, list[str], list[str]]] = {
    "bridge": (
        "2026-04-06",
        [
            "Harnel Bridge in Ostvik closed after inspectors find a crack",
            "Ostvik shuts Harnel Bridge over a 40-centimetre crack",
            "Crack in main girder closes Ostvik's Harnel Bridge",
        ],
        [
            "The Harnel Bridge in Ostvik was closed to all traffic on Monday after inspectors "
            "found a 40-centimetre crack in one of its steel girders, the city said.",
            "Transport minister Lena Dorsay said the bridge would stay closed until repairs "
            "costing about 12 million euros were finished in June.",
            "About 18,000 vehicles cross the Harnel Bridge every day, and drivers were told "
            "to use the ring road around Ostvik instead.",
            "“We will not take any risk with a crack of this size,” Dorsay told reporters at "
            "the bridge on Monday afternoon.",
            "Inspectors found the crack during a routine check of the girders, which were "
            "last replaced in 1998, the Ostvik roads office said.",
            "Buses to the Ostvik harbour district will run on a detour of about 15 minutes "
            "while the Harnel Bridge is closed.",
        ],
    ),
    "fire": (
        "2026-04-07",
        [
            "Forest fire near Brackwood forces 600 residents to leave",
            "Brackwood wildfire burns 1,200 hectares",
            "Firefighters battle blaze in the hills above Brackwood",
        ],
        [
            "A forest fire in the hills near the town of Brackwood burned about 1,200 "
            "hectares on Tuesday and forced 600 residents to leave their homes, officials "
            "said.",
            "Fire chief Tomas Reyl said 90 firefighters and three helicopters were fighting "
            "the blaze, which was fanned by strong winds from the east.",
            "“The wind is our biggest enemy tonight,” Reyl said at a briefing in the "
            "Brackwood town hall, adding that no one had been hurt.",
            "The evacuated residents of Brackwood were taken to a sports hall in the "
            "neighbouring village of Elmsford, the regional council said.",
            "The cause of the Brackwood fire was not yet known, Reyl said, but the hills had "
            "seen no rain for five weeks.",
            "The road from Brackwood to Elmsford was closed as smoke covered the valley on "
            "Tuesday evening.",
        ],
    ),
    "rates": (
        "2026-04-08",
        [
            "Valdorian central bank raises interest rate to 4.25 percent",
            "Valdoria lifts its key rate as inflation stays high",
            "Governor Mira Castell defends Valdoria's rate rise",
        ],
        [
            "The central bank of Valdoria raised its key interest rate to 4.25 percent from "
            "4 percent on Wednesday, its fourth rise in a year.",
            "Governor Mira Castell said inflation in Valdoria, at 5.1 percent in March, was "
            "still far above the bank's target of 2 percent.",
            "“Prices are rising too fast for families in Valdoria,” Castell told a news "
            "conference after the decision in the capital, Maren.",
            "Seven of the nine members of the Valdorian bank's rate board voted for the "
            "rise, and two wanted to keep the rate unchanged.",
            "The Valdorian crown rose against the euro after the central bank's announcement "
            "on Wednesday afternoon.",
            "Castell said the bank would decide on further rises at its next meeting in "
            "June, depending on inflation in Valdoria.",
        ],
    ),
    "spill": (
        "2026-04-09",
        [
            "Solvent spill from Kalder plant pollutes the river Senn",
            "Fishing banned on the Senn after chemical spill",
            "3,000 litres of solvent leak into the river Senn",
        ],
        [
            "About 3,000 litres of solvent leaked from the Kalder chemical plant into the "
            "river Senn on Thursday, the environment agency said.",
            "Agency spokeswoman Ada Lunt said fishing was banned on a 20-kilometre stretch "
            "of the Senn downstream of the Kalder plant.",
            "“The water is not safe for fish or for people for now,” Lunt said on Thursday "
            "evening, asking residents to keep pets away from the river Senn.",
            "The Kalder plant said a valve on a storage tank had failed during the night and "
            "that the leak had been stopped by early morning.",
            "Dead fish were seen along the banks of the Senn near the village of Torrin, "
            "according to the environment agency.",
            "The environment agency said it would take water samples from the Senn every "
            "day until the solvent had gone.",
        ],
    ),
    "strike": (
        "2026-04-10",
        [
            "Estavian rail workers begin a 48-hour strike",
            "400 trains cancelled as Estavia rail strike starts",
            "Rail union leader Piet Morra demands 8 percent pay rise",
        ],
        [
            "Rail workers in Estavia began a 48-hour strike on Friday, and the national rail "
            "company cancelled about 400 trains, it said.",
            "Union leader Piet Morra said the workers wanted a pay rise of 8 percent, while "
            "the Estavian rail company had offered 3 percent.",
            "“We have waited two years for a fair offer,” Morra told striking workers "
            "outside the main station in Estavia's capital, Lorn.",
            "Commuters in Lorn crowded onto buses on Friday morning as only a few regional "
            "trains ran during the Estavian rail strike.",
            "The Estavian rail company said the strike would cost it about 6 million euros "
            "a day and called on the union to return to talks.",
            "Morra said the 48-hour strike could be followed by a longer one in May if the "
            "company did not improve its offer.",
        ],
    ),
    "museum": (
        "2026-04-11",
        [
            "Corvall city museum reopens after three-year renovation",
            "2,000 visitors on first day as Corvall museum reopens",
            "Director Elise Varn welcomes visitors back to Corvall museum",
        ],
        [
            "The city museum of Corvall reopened on Saturday after a renovation that took "
            "three years and cost 45 million euros, its director said.",
            "Director Elise Varn said about 2,000 visitors came through the doors of the "
            "Corvall museum on the first day.",
            "“People have waited a long time for this day,” Varn said as she opened the new "
            "entrance hall of the Corvall museum.",
            "The renovation of the Corvall museum added a glass roof over the courtyard and "
            "two new galleries for the city's collection of maps.",
            "Entry to the Corvall city museum will be free for residents until the end of "
            "May, Varn said.",
            "The Corvall museum had been closed since 2023, when water damage was found in "
            "its basement archives.",
        ],
    ),
}
STORY_NAMES = list(STORIES)
# Three of the five sentences after the first: ten choices, distinct for the outlets
# that report one story.
_CHOICES = list(itertools.combinations(range(1, 6), 3))


def stories_of(outlet: int) -> list[str]:
    """The stories an outlet reports, in the order it publishes them."""
    return [STORY_NAMES[(outlet + k) % len(STORY_NAMES)] for k in range(STORIES_PER_OUTLET)]


def headline(outlet: int, story: str) -> str:
    headlines = STORIES[story][1]
    return headlines[(outlet + STORY_NAMES.index(story)) % len(headlines)]


def report_page(outlet: int, story: str) -> bytes:
    day, _, sentences = STORIES[story]
    number = STORY_NAMES.index(story)
    title = headline(outlet, story)
    chosen = [sentences[0], *(sentences[i] for i in _CHOICES[(outlet + 2 * number) % 10])]
    return article_page(title, OUTLETS[outlet], f"{day}T{8 + outlet:02d}:00:00Z", chosen)


def feed_xml(outlet: int, links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{headline(outlet, story)}</title><link>{link}</link>"
        f"<guid>{link}</guid></item>"
        for story, link in zip(stories_of(outlet), links, strict=False)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{OUTLETS[outlet]}</title>'
        f"{items}</channel></rss>"
    ).encode()


@dataclass
class Newsroom:
    """One server per outlet (the fetcher spaces requests to one host by a second, so
    one host for all would make a cycle take half a minute)."""

    servers: list[FeedServer]

    @property
    def feeds(self) -> list[str]:
        return [server.url("/feed.xml") for server in self.servers]

    def links(self, outlet: int) -> list[str]:
        return [self.servers[outlet].url(f"/news/{story}") for story in stories_of(outlet)]

    def publish(self, stories: int) -> set[str]:
        """Each feed lists the first `stories` reports of its outlet (a new ETag each
        round); returns the links of every report published."""
        published: set[str] = set()
        for outlet, server in enumerate(self.servers):
            links = self.links(outlet)[:stories]
            server.routes["/feed.xml"] = Reply(
                body=feed_xml(outlet, links), etag=f'"round-{stories}"'
            )
            published.update(links)
        return published


def story_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


@pytest.fixture(scope="module")
def newsroom() -> Iterator[Newsroom]:
    with contextlib.ExitStack() as stack:
        servers = []
        for outlet in range(len(OUTLETS)):
            routes: dict[str, Any] = {
                f"/news/{story}": Reply(
                    body=report_page(outlet, story),
                    headers={"Content-Type": "text/html; charset=utf-8"},
                )
                for story in stories_of(outlet)
            }
            servers.append(stack.enter_context(FeedServer(routes)))
        yield Newsroom(servers)


@pytest.fixture(scope="module")
def encoder() -> CachedEncoder:
    return CachedEncoder(get_encoder("use"), None)


@pytest.fixture
def db(store_url: str) -> str:
    """A new store on SQLite or PostgreSQL (conftest.py)."""
    return store_url


# --- what a whole store is ----------------------------------------------------------------


def gaps(store: Store) -> list[str]:
    """What an interrupted cycle left undone: articles without an analysis or an event,
    events without a brief of exactly their articles. Empty when the store is whole."""
    latest = {a.id for a in store.articles()}
    found: list[str] = []
    analysed = store.load_analyses(sorted(latest))
    found += [f"{a}: no analysis" for a in sorted(latest - set(analysed))]
    placed: Counter[str] = Counter()
    for event in store.events():
        members = {a for a in event.articles if a in latest}
        placed.update(members)
        brief = store.load_brief(event.id)
        if not members:
            found.append(f"{event.id}: no article")
        elif brief is None:
            found.append(f"{event.id}: no brief")
        elif set(brief["articles"]) != members:
            found.append(
                f"{event.id}: brief of {sorted(brief['articles'])}, members {sorted(members)}"
            )
    found += [f"{a}: in no event" for a in sorted(latest - set(placed))]
    found += [f"{a}: in {n} events" for a, n in sorted(placed.items()) if n > 1]
    return found


def check_whole(store: Store, published: set[str], encoder: CachedEncoder) -> None:
    """Every published report stored once, every feed entry seen, nothing undone, and
    the events those a batch grouping of the stored articles gives."""
    stored = Counter(a.url for a in store.articles(all_versions=True))
    assert stored == Counter(published), "a report missing, stored twice or unknown"
    assert gaps(store) == []
    for health in store.feed_health():
        assert health.last_success is not None and health.error_count == 0, health
        assert len(store.seen_entries(health.url)) == STORIES_PER_OUTLET, health.url

    articles = store.articles()
    batch = batch_events(store, encoder)
    assert {e.id: set(e.articles) for e in store.events()} == batch
    # The analysis found the stories: each event holds reports of one story.
    url_of = {a.id: a.url or "" for a in articles}
    for members in batch.values():
        assert len({story_of(url_of[a]) for a in members}) == 1, sorted(members)


# --- the watcher, killed --------------------------------------------------------------------


@dataclass
class Watcher:
    """`accord watch --once` as a user starts it, in a process group of its own."""

    db: str
    feeds: list[str]
    log: Path

    def start(self) -> subprocess.Popen[bytes]:
        return self._spawn("--once")

    def follow(self, interval: str) -> subprocess.Popen[bytes]:
        """`accord watch` left running, a cycle every `interval`."""
        return self._spawn("--interval", interval)

    def _spawn(self, *how: str) -> subprocess.Popen[bytes]:
        argv = [sys.executable, "-m", "accord", "watch", *how, "--no-cache"]
        argv += ["--timeout", "10", "--db", self.db, *self.feeds]
        with self.log.open("ab") as log:
            return subprocess.Popen(
                argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]


def kill_when(
    watcher: Watcher, process: subprocess.Popen[bytes], ready: Callable[[], bool]
) -> None:
    """SIGKILL the watcher (and anything it started) as soon as `ready()` holds."""
    deadline = time.monotonic() + 300  # a safety net against a hung run, not a measure
    while process.poll() is None and time.monotonic() < deadline:
        if ready():
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            return
        time.sleep(0.01)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    pytest.fail(f"the watcher ended (rc {process.returncode}) before the kill:\n{watcher.tail()}")


def test_killed_watcher_resumes_and_leaves_every_article_once_and_events_whole(
    db: str, newsroom: Newsroom, encoder: CachedEncoder, tmp_path: Path
) -> None:
    watcher = Watcher(db, newsroom.feeds, tmp_path / "watch.log")
    with open_store(db) as store:
        # Round one: killed as soon as its articles are committed, while the feeds' entries
        # are being recorded as seen or just after (a restart fetches the pages of entries
        # not recorded again, and must store nothing twice).
        first = newsroom.publish(FIRST_ROUND)
        process = watcher.start()
        kill_when(watcher, process, lambda: bool(store.articles()))
        assert process.returncode == -signal.SIGKILL
        stored = stored_urls(store)
        assert stored and stored <= first, "the kill landed before or after the ingest"
        assert seen_links(store, newsroom) <= stored, "an entry seen but its article lost"
        assert gaps(store), "the kill landed after the cycle was done"

        # Round two: more reports; killed once every entry is recorded, while the stored
        # articles are being grouped.
        published = newsroom.publish(STORIES_PER_OUTLET)
        process = watcher.start()
        kill_when(watcher, process, lambda: seen_links(store, newsroom) == published)
        assert process.returncode == -signal.SIGKILL
        assert stored_urls(store) == published
        assert gaps(store), "the kill landed after the cycle was done"

        # A third start, left to finish, completes what the killed ones began.
        process = watcher.start()
        assert process.wait(timeout=300) == 0, watcher.tail()
        check_whole(store, published, encoder)


def stored_urls(store: Store) -> set[str]:
    return {a.url or "" for a in store.articles(all_versions=True)}


def seen_links(store: Store, newsroom: Newsroom) -> set[str]:
    """The entries recorded as seen (an entry's guid is its link here)."""
    return {entry for feed in newsroom.feeds for entry in store.seen_entries(feed)}


# --- a cycle stopped just before any one of its commits --------------------------------------


class Stopped(BaseException):
    """The process 'dies': a BaseException, so no `except Exception` in the watcher can
    catch it and carry on, as nothing can carry on after a kill."""


WRITE = ("insert", "update", "delete")


def watch_commits(engine: sa.Engine, before_commit: Callable[[set[str]], None]) -> None:
    """Call `before_commit(tables written)` as each write transaction is about to commit."""

    @sa.event.listens_for(engine, "after_cursor_execute")
    def written(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        words = statement.split(None, 3)
        if words and words[0].lower() in WRITE:
            # INSERT INTO t / UPDATE t / DELETE FROM t
            name = words[2] if words[0].lower() in ("insert", "delete") else words[1]
            conn.info.setdefault("written", set()).add(name.strip('"').lower())

    @sa.event.listens_for(engine, "commit")
    def commit(conn: Any) -> None:
        tables = conn.info.pop("written", set())
        if tables:
            before_commit(tables)

    @sa.event.listens_for(engine, "rollback")
    def rollback(conn: Any) -> None:
        conn.info.pop("written", None)


RULES = AnalyzeConfig(entities="rules")


def cycle(store: Store, newsroom: Newsroom, encoder: CachedEncoder) -> None:
    clock = FakeClock()
    with Fetcher(
        timeout_s=5, min_interval_s=0.0, retries=0, clock=clock, sleep=clock.sleep
    ) as fetcher:
        # Rule-based entities: the analysis is not what is tested here, and spaCy's is slower.
        run_cycle(store, newsroom.feeds, fetcher, encoder, config=RULES)


def copy_db(source: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    return target


def stop_points(tables_of_commits: list[set[str]]) -> list[int]:
    """Commit numbers (from 1) to stop before: the first and second commit that writes
    each table, so every kind of write is cut off both before any of it and part-way."""
    points: set[int] = set()
    for table in set().union(*tables_of_commits):
        points.update([n for n, tables in enumerate(tables_of_commits, 1) if table in tables][:2])
    return sorted(points)


def test_a_cycle_stopped_before_any_commit_is_completed_by_the_next(
    newsroom: Newsroom, encoder: CachedEncoder, tmp_path: Path
) -> None:
    # Round one, whole, kept as the starting point of every stop below.
    base = tmp_path / "base.sqlite"
    first = newsroom.publish(FIRST_ROUND)
    with open_store(base) as store:
        cycle(store, newsroom, encoder)
        assert gaps(store) == []
    published = newsroom.publish(STORIES_PER_OUTLET)

    # Round two once through, to learn its write transactions.
    commits: list[set[str]] = []
    with open_store(copy_db(base, tmp_path / "probe.sqlite")) as store:
        watch_commits(store.engine, commits.append)
        cycle(store, newsroom, encoder)
    assert {"articles", "event_members", "briefs"} <= set().union(*commits)

    undone: dict[str, list[str]] = {}  # where it stopped -> what the restart left undone
    for point in stop_points(commits):
        where = f"stopped before commit {point} of {len(commits)}: {sorted(commits[point - 1])}"
        db = stop_round_two(base, tmp_path / f"stop-{point}.sqlite", point, newsroom, encoder)
        with open_store(db) as store:
            # The stopped transaction left nothing: the articles are there only when the
            # commit that writes them came before the stop.
            committed = any("articles" in tables for tables in commits[: point - 1])
            assert stored_urls(store) == (published if committed else first), where
            cycle(store, newsroom, encoder)  # the restart
            left = gaps(store)
            if left:
                undone[where] = left
                continue
            check_whole(store, published, encoder)
    assert not undone, "the restart left undone:\n" + "\n".join(
        f"{where}:\n  " + "\n  ".join(left) for where, left in undone.items()
    )


def stop_round_two(
    base: Path, db: Path, point: int, newsroom: Newsroom, encoder: CachedEncoder
) -> Path:
    """A copy of `base` after a round-two cycle stopped just before its commit `point`."""
    count = 0

    def stop_at(tables: set[str]) -> None:
        nonlocal count
        count += 1
        if count == point:
            raise Stopped(f"before commit {point}, writing {sorted(tables)}")

    with open_store(copy_db(base, db)) as dying:
        watch_commits(dying.engine, stop_at)
        with pytest.raises(Stopped):
            cycle(dying, newsroom, encoder)
    return db


# --- the database goes away under a running watcher -------------------------------------


@pytest.fixture
def outage_db(postgres_url: str) -> Iterator[tuple[str, Callable[[bool], None]]]:
    """A database of its own on the test PostgreSQL, and a switch that takes it away
    (no connection accepted, every open one cut) and brings it back."""
    admin = sa.create_engine(database_url(postgres_url), isolation_level="AUTOCOMMIT")
    name = "accord_outage"

    def reachable(yes: bool) -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {str(yes).lower()}")
            if not yes:
                conn.exec_driver_sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
                )

    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = sa.make_url(database_url(postgres_url)).set(database=name)
    try:
        yield url.render_as_string(hide_password=False), reachable
    finally:
        reachable(True)
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def wait_for(what: str, ready: Callable[[], bool], watcher: Watcher) -> None:
    deadline = time.monotonic() + 120  # a safety net against a hung run, not a measure
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.2)
    pytest.fail(f"waited in vain for {what}:\n{watcher.tail()}")


def test_a_running_watcher_outlives_a_database_outage(
    outage_db: tuple[str, Callable[[bool], None]],
    newsroom: Newsroom,
    encoder: CachedEncoder,
    tmp_path: Path,
) -> None:
    """The store's database goes away while `accord watch` runs: each cycle meanwhile
    fails and says so, the watcher keeps going, and once the database is back the next
    cycle stores what was published during the outage."""
    url, reachable = outage_db
    watcher = Watcher(url, newsroom.feeds, tmp_path / "watch.log")
    first = newsroom.publish(FIRST_ROUND)
    process = watcher.follow("1s")
    try:
        with open_store(url) as store:
            wait_for("round one", lambda: stored_urls(store) == first and not gaps(store), watcher)
        reachable(False)
        published = newsroom.publish(STORIES_PER_OUTLET)
        wait_for("a failed cycle", lambda: "failed: OperationalError" in watcher.tail(), watcher)
        assert process.poll() is None, watcher.tail()  # still running
        reachable(True)
        with open_store(url) as store:
            wait_for(
                "round two", lambda: stored_urls(store) == published and not gaps(store), watcher
            )
            check_whole(store, published, encoder)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        code = process.wait(timeout=60)
    assert code == 0, watcher.tail()
    assert "trying again in" in watcher.tail() and "Traceback" not in watcher.tail()
