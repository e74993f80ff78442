"""The HTML brief and the web app in a real browser: Debian's Chromium driven by Playwright.

The set-up (`make test`) installs the `chromium` package; no browser is ever downloaded.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from accord.render.html import render_html
from brief_documents import bare_event

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
CHROMIUM = "/usr/bin/chromium"
ACCORD = str(Path(sys.executable).with_name("accord"))

HOSTILE_TITLE = '<script>window.__pwned = "title"</script><img src=x onerror="window.__pwned=1">'
HOSTILE_BODY = (
    "The pier at Saltmere collapsed on Monday, the harbour office said. <img src=x "
    'onerror="window.__pwned=2"> About 30 boats were damaged. <a href="javascript:'
    'window.__pwned=3">details</a> "><svg onload="window.__pwned=4">\n\n'
    "Repairs will take a month, engineers said. <script>window.__pwned = 5</script>"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def guarded_page(browser: Browser) -> tuple[Page, list[str]]:
    """A page that records every dialog (alert, confirm) a script might open."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page, dialogs


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(paths: list[str]) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    process = subprocess.Popen(
        [ACCORD, "serve", *paths, "--port", str(port), "--no-cache", "--entities", "rules"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"accord serve exited: {process.stdout.read()}")
        try:
            if httpx.get(f"{base}/api/events", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.5)
    process.kill()
    raise AssertionError("accord serve did not come up")


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def brief_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("brief")
    page, data = folder / "brief.html", folder / "brief.json"
    for target in (page, data):
        done = subprocess.run(
            [ACCORD, "brief", str(EXAMPLES), "-o", str(target), "--with-text", "--no-cache"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    return page, json.loads(data.read_text(encoding="utf-8"))


def active_text(page: Page) -> str:
    return "".join(page.locator("mark.cited.active").all_inner_texts())


def test_clicking_a_citation_shows_the_cited_span(browser: Browser, brief_file: tuple) -> None:
    path, document = brief_file
    texts = {a["id"]: a["text"] for a in document["articles"]}
    page, dialogs = guarded_page(browser)
    page.goto(path.as_uri())
    titles = page.locator("h2").all_inner_texts()
    assert all(any(e["title"] in t for t in titles) for e in document["events"])
    chip = page.locator(".summary-sentence .chip").first
    article, start, end = (
        chip.get_attribute(name) for name in ("data-article", "data-start", "data-end")
    )
    chip.click()
    marked = page.locator("mark.cited.active").first
    marked.wait_for(state="visible")
    assert active_text(page) == texts[article][int(start) : int(end)]
    assert marked.is_visible() and not dialogs


def test_citations_work_from_the_keyboard(browser: Browser, brief_file: tuple) -> None:
    path, document = brief_file
    texts = {a["id"]: a["text"] for a in document["articles"]}
    page, _ = guarded_page(browser)
    page.goto(path.as_uri())
    # Tab from the top reaches a citation chip; Enter opens its span.
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('chip')"):
            break
    else:
        raise AssertionError("no citation chip reachable with Tab")
    chip = page.locator(".chip:focus")
    article, start, end = (
        chip.get_attribute(name) for name in ("data-article", "data-start", "data-end")
    )
    page.keyboard.press("Enter")
    page.locator("mark.cited.active").first.wait_for(state="visible")
    assert active_text(page) == texts[article][int(start) : int(end)]


def test_the_coverage_matrix_and_timeline_are_drawn(browser: Browser, brief_file: tuple) -> None:
    path, document = brief_file
    page, _ = guarded_page(browser)
    page.goto(path.as_uri())
    first = document["events"][0]
    section = page.locator(f'[id="event-{first["id"]}"]')
    rows = section.locator("table.coverage tbody tr")
    assert rows.count() >= 1
    assert section.locator("td.cell.consensus").count() >= 1
    assert section.locator("ol.timeline li").count() == len(first["timeline"])


def test_the_page_works_on_a_phone(browser: Browser, brief_file: tuple) -> None:
    path, _ = brief_file
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(path.as_uri())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # the page itself never scrolls sideways (the matrix may)


def hostile_document() -> dict[str, Any]:
    text = HOSTILE_BODY
    start = text.index("About 30 boats")
    end = text.index("damaged.") + len("damaged.")
    mention = {"article": "evil", "text": text[start:end], "start": start, "end": end}
    return {
        "schema": "accord.brief/1",
        "articles": [
            {
                "id": "evil",
                "source": "evil.txt",
                "outlet": HOSTILE_TITLE,
                "title": HOSTILE_TITLE,
                "published": "2026-11-02",
                "language": "en",
                "event": "event-evil",
                "duplicate_of": None,
                "credits": [HOSTILE_TITLE],
                "text": text,
                "url": "javascript:window.__pwned=6",
            }
        ],
        "events": [
            {
                "id": "event-evil",
                "title": HOSTILE_TITLE,
                "date": "2026-11-02",
                "articles": ["evil"],
                "outlets": [HOSTILE_TITLE],
                "languages": ["en"],
                "claims": [
                    {
                        "id": "c1",
                        "text": mention["text"],
                        "status": "single_source",
                        "support": ["evil"],
                        "mentions": [mention],
                    }
                ],
                "conflicts": [],
                "quotes": [],
                "timeline": [],
                "summary": [{"text": mention["text"], "claim": "c1", "support": ["evil"]}],
                "problems": [],
            }
        ],
        "problems": [{"source": HOSTILE_TITLE, "reason": HOSTILE_TITLE}],
    }


def test_a_hostile_article_runs_no_script_in_the_file(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "evil.html"
    path.write_text(render_html(hostile_document()), encoding="utf-8")
    page, dialogs = guarded_page(browser)
    page.goto(path.as_uri())
    page.locator(".chip").first.click()
    for link in page.locator("a").all():
        href = link.get_attribute("href") or ""
        assert not href.strip().lower().startswith("javascript:")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None and not dialogs
    assert "<script>" in page.locator("body").inner_text()  # shown as text, not run


def test_the_app_search_event_and_article(browser: Browser, tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text(
        f"{HOSTILE_TITLE}\n date 2026-11-02\nsource: Evil Gazette\n\n{HOSTILE_BODY}\n",
        encoding="utf-8",
    )
    process, base = serve([str(EXAMPLES), str(evil)])
    try:
        page, dialogs = guarded_page(browser)
        page.goto(base + "/")
        page.fill("input[name=q]", "lithium")
        page.keyboard.press("Enter")
        page.wait_for_url("**q=lithium**")
        page.locator("a[href^='/events/']").first.click()
        page.wait_for_url("**/events/**")
        assert "Corvane" in page.locator("h1, h2").first.inner_text()
        page.locator("a[href^='/articles/']").first.click()
        page.wait_for_url("**/articles/**")
        assert page.locator("mark.cited").count() >= 1
        # The hostile article's pages run nothing.
        (found,) = httpx.get(base + "/api/events", params={"q": "Saltmere"}).json()
        event = httpx.get(base + f"/api/events/{found['id']}").json()
        for route in ("/", f"/events/{event['id']}", f"/articles/{event['articles'][0]}"):
            page.goto(base + route)
            page.wait_for_timeout(300)
            assert page.evaluate("window.__pwned") is None, route
        assert not dialogs
    finally:
        stop(process)


def test_an_event_chain_leads_to_its_storyline(browser: Browser) -> None:
    """From an event page's chain to its story on /storylines (an id with spaces and
    markup, percent-encoded in the link) and on to the other chapter; nothing runs."""

    story_id = "story ev1 <b>"
    document = {
        "schema": "accord.brief/1",
        "articles": [],
        "events": [
            bare_event("ev1", HOSTILE_TITLE, "2026-03-01"),
            bare_event("ev2", "Inquiry into the Dunmore ferry fire", "2026-03-09"),
        ],
        "storylines": [{"id": story_id, "events": ["ev1", "ev2"], "names": [HOSTILE_TITLE]}],
        "problems": [],
    }
    with app_server(document) as base:
        page, dialogs = guarded_page(browser)
        page.goto(f"{base}/events/ev2")
        page.locator(".storyline-more a").click()
        page.wait_for_url(lambda url: "/storylines#" in url)
        assert page.evaluate("document.querySelector(':target').id") == "story%20ev1%20<b>"
        story = page.locator("li.story:target")
        assert story.locator("li.chapter time").all_inner_texts() == ["2026-03-01", "2026-03-09"]
        assert HOSTILE_TITLE in story.locator("h2").inner_text()  # shown, not run
        story.locator("li.chapter a").first.click()
        page.wait_for_url("**/events/ev1")
        assert HOSTILE_TITLE in page.locator("h1").inner_text()
        assert page.evaluate("window.__pwned") is None and not dialogs


@contextlib.contextmanager
def app_server(document: dict[str, Any]) -> Iterator[str]:
    """`create_app(document)` served by uvicorn on loopback in a thread; yields its base URL."""
    import threading

    import uvicorn

    from accord.web import create_app

    port = free_port()
    config = uvicorn.Config(create_app(document), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "the app did not come up"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_the_api_docs_render_without_the_internet(browser: Browser) -> None:
    """Swagger UI comes from this server: every request the page makes stays on it, and
    the operations are drawn."""
    document = {"schema": "accord.brief/1", "articles": [], "events": [], "problems": []}
    with app_server(document) as base:
        page, dialogs = guarded_page(browser)
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{base}/docs")
        page.wait_for_selector(".opblock", timeout=15_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert {"/api/events", "/api/storylines"} <= {p.replace("\u200b", "") for p in paths}
        assert requested and all(
            url.startswith(base) or url.startswith("data:") for url in requested
        )
        assert not dialogs
