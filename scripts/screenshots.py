"""Screenshots of the HTML brief and the web app for the README: `make screenshots`.

Briefs the example corpus, opens the page and the app in Debian's Chromium (Playwright)
and writes docs/brief.png, docs/brief-coverage.png, docs/brief-citation.png,
docs/app.png and docs/app-storylines.png.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
ACCORD = str(Path(sys.executable).with_name("accord"))
EXAMPLES = str(ROOT / "examples" / "articles")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        page_path = Path(folder) / "brief.html"
        subprocess.run(
            [ACCORD, "brief", EXAMPLES, "-o", str(page_path), "--language", "en"], check=True
        )
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = subprocess.Popen([ACCORD, "serve", EXAMPLES, "--port", str(port)])
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(480):
                try:
                    if httpx.get(base + "/api/events", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.5)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox"]
                )
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                page.goto(page_path.as_uri())
                page.screenshot(path=str(DOCS / "brief.png"))
                page.locator("table.coverage").first.screenshot(
                    path=str(DOCS / "brief-coverage.png")
                )
                page.locator(".summary-sentence .chip").first.click()
                page.wait_for_timeout(300)
                page.screenshot(path=str(DOCS / "brief-citation.png"))
                page.goto(base + "/?q=Selva")
                page.screenshot(path=str(DOCS / "app.png"))
                page.goto(base + "/storylines")
                page.screenshot(path=str(DOCS / "app-storylines.png"))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        "written: docs/brief.png, brief-coverage.png, brief-citation.png, app.png, "
        "app-storylines.png"
    )


if __name__ == "__main__":
    main()
