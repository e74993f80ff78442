"""`accord serve` as a user runs it: a real uvicorn on loopback, fetched over HTTP."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
ACCORD = shutil.which("accord", path=str(Path(sys.executable).parent)) or "accord"
START_TIMEOUT_S = 240  # analysis and the encoder's first load, on a slow machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_ready(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited before it was ready"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"no answer from {url} within {START_TIMEOUT_S} s")


def test_serve_answers_on_loopback_then_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "serve.log").open("w+b")
    process = subprocess.Popen(
        [ACCORD, "serve", str(EXAMPLES), "--port", str(port), "--no-cache"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_ready(process, f"{base}/api/events")
        events = httpx.get(f"{base}/api/events", timeout=10).json()
        assert len(events) >= 2 and all(e["id"] and e["title"] for e in events)
        first = httpx.get(f"{base}/api/events/{events[0]['id']}", timeout=10).json()
        assert first["id"] == events[0]["id"] and first["claims"]
        front = httpx.get(f"{base}/", timeout=10)
        assert front.status_code == 200
        assert front.headers["content-type"] == "text/html; charset=utf-8"
        assert front.headers["x-content-type-options"] == "nosniff"
        assert all(f"/events/{e['id']}" in front.text for e in events)
        missing = httpx.get(f"{base}/api/events/no-such-event", timeout=10)
        assert missing.status_code == 404
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
        log.close()
    assert code == 0, output
    assert f"serving on {base}/" in output and "server stopped" in output
    assert "Traceback" not in output


def run_accord(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ACCORD, *args], capture_output=True, text=True, timeout=120, check=False)


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_serve_with_nothing_to_read_says_so_and_fails(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    done = run_accord("serve", str(missing), "--port", str(free_port()), "--no-cache")
    assert done.returncode == 1
    said = one_line(done.stderr)  # rich wraps long lines at the terminal width
    assert f"problem: {missing}: no such file or folder" in said
    assert said.endswith("accord: error: no article could be read")
    assert "Traceback" not in done.stderr


def test_serve_on_a_busy_port_fails_before_reading(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        started = time.monotonic()
        done = run_accord("serve", str(EXAMPLES), "--port", str(port), "--no-cache")
        took = time.monotonic() - started
    assert done.returncode == 2
    assert one_line(done.stderr) == (
        f"accord: error: cannot listen on 127.0.0.1 port {port}: is already in use"
    )
    assert took < 30  # refused at once, not after briefing the corpus
    bad = run_accord("serve", str(EXAMPLES), "--port", "70000")
    assert bad.returncode == 2 and "--port must be between 1 and 65535" in one_line(bad.stderr)


def test_serve_db_follows_a_store_that_a_watcher_updates(tmp_path: Path) -> None:
    """`accord serve --db` in its own process, and `accord add` + a watch cycle beside
    it: the running app shows the new event without a restart."""
    from accord.encode import CachedEncoder, get_encoder
    from accord.feeds import Fetcher
    from accord.store import open_store
    from accord.watch import run_cycle

    db = str(tmp_path / "live.sqlite")
    encoder = CachedEncoder(get_encoder("use"), None)

    def add_and_cycle(*names: str) -> None:
        added = run_accord("add", *(str(EXAMPLES / n) for n in names), "--db", db)
        assert added.returncode == 0, added.stderr
        with open_store(db) as store, Fetcher() as fetcher:
            run_cycle(store, [], fetcher, encoder)

    add_and_cycle("continental-rail-strike.txt", "herald-rail-strike.txt")
    refused = run_accord("serve", "--db", db, "--refresh", "-1")
    assert refused.returncode == 2 and "--refresh must be 0 or more" in refused.stderr
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [ACCORD, "serve", "--db", db, "--port", str(port), "--refresh", "0.2"]
    process = subprocess.Popen([*command, "--no-cache"], stderr=subprocess.PIPE)
    try:
        wait_until_ready(process, f"{base}/api/events")
        (strike,) = httpx.get(f"{base}/api/events", timeout=10).json()
        add_and_cycle("courier-corvane-mine.txt", "mpa-corvane-mine.txt")
        deadline = time.monotonic() + 30
        events = [strike]
        while len(events) < 2 and time.monotonic() < deadline:
            time.sleep(0.3)
            events = httpx.get(f"{base}/api/events", timeout=10).json()
        assert len(events) == 2 and strike["id"] in {e["id"] for e in events}
        mine = next(e for e in events if e["id"] != strike["id"])
        assert "Corvane" in httpx.get(f"{base}/events/{mine['id']}", timeout=10).text
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
