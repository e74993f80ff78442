"""The web app over one brief document: HTML pages for people, a JSON API for programs.

    app = create_app(document)   # document: what accord.pipeline.brief_from_articles returns

Pages are rendered by `accord.render.html`; this module routes, searches, and sets the
headers that keep untrusted article text inert (the pages' own Content-Security-Policy,
repeated as a header, plus nosniff, no referrer and no framing). The API returns the
document's own objects unchanged, so it mirrors `brief.schema.json` exactly; the models
below only document it in the OpenAPI schema at `/docs`.
"""

from __future__ import annotations

import html
import logging
import re
import threading
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Literal
from urllib.parse import quote

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from accord import __version__
from accord.web.search import SearchIndex

# --- Headers ---------------------------------------------------------------------------

# For responses that carry no page of ours (JSON, errors): nothing may load or run.
STRICT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Directives a <meta> policy cannot carry, added to the header copy of a page's policy.
HEADER_ONLY_CSP = "frame-ancestors 'none'"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# The API docs: Swagger UI 5 (it reads OpenAPI 3.1) from the files fastapi-swagger
# installs, never from a CDN (accord runs offline). Its page starts the UI with an inline
# script and styles itself inline; it shows no article text, so its policy allows those,
# and only from this server.
DOCS_PATHS = ("/docs",)
DOCS_ASSETS = "/docs/assets"
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
)

# The policy a rendered page carries in its <meta>; its nonce is per page, so the header
# must be copied from the page itself rather than written here.
_META_CSP = re.compile(
    r"""<meta\s[^>]*http-equiv=["']?content-security-policy["']?[^>]*>""", re.IGNORECASE
)
_META_CONTENT = re.compile(r"""\scontent=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def page_csp(page: str) -> str:
    """The header policy for a rendered page: the page's own <meta> policy plus the
    header-only directives; the strict no-script policy where the page carries none."""
    meta = _META_CSP.search(page[:8192])
    content = _META_CONTENT.search(meta.group(0)) if meta else None
    if not content:
        return STRICT_CSP
    policy = html.unescape(content.group(1) or content.group(2) or "").strip().rstrip(";")
    if not policy:
        return STRICT_CSP
    if "frame-ancestors" not in policy:
        policy = f"{policy}; {HEADER_ONLY_CSP}"
    return policy


# --- API models (documentation of the document's objects; extra fields pass through) ---


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class MentionModel(_Open):
    article: str
    text: str
    start: int | None = None
    end: int | None = None


class ClaimModel(_Open):
    id: str
    text: str
    status: Literal["consensus", "corroborated", "single_source"]
    support: list[str]
    mentions: list[MentionModel]


class ConflictValueModel(_Open):
    value: str
    mentions: list[MentionModel]


class ConflictModel(_Open):
    id: str
    about: str
    claims: list[str] = []
    values: list[ConflictValueModel]


class QuoteModel(_Open):
    id: str
    speaker: str | None
    text: str
    support: list[str]
    mentions: list[MentionModel]


class DatedModel(_Open):
    date: str | None
    end_date: str | None = None
    granularity: str | None = None
    text: str
    support: list[str]
    mentions: list[MentionModel] = []


class SentenceModel(_Open):
    text: str
    claim: str | None = None
    support: list[str]


class ProblemModel(_Open):
    source: str
    reason: str


class EventModel(_Open):
    """An event exactly as in the brief document (`$defs/event` of brief.schema.json)."""

    id: str
    title: str
    date: str | None = None
    articles: list[str]
    outlets: list[str] = []
    languages: list[str] = []
    claims: list[ClaimModel]
    conflicts: list[ConflictModel]
    quotes: list[QuoteModel]
    timeline: list[DatedModel]
    summary: list[SentenceModel]
    problems: list[ProblemModel] = []


class EventListItem(BaseModel):
    """One line of the event list."""

    id: str
    title: str
    date: str | None
    articles: int
    outlets: list[str]
    languages: list[str]


class CitingMention(BaseModel):
    """A place in the article that the brief cites, and what cites it. `id` is the claim,
    quote or conflict id within `event`; timeline entries have no id of their own, so
    theirs is their number in the event's timeline, counting from 1. `href` is the app
    page and anchor where that claim, quote, conflict or timeline entry is shown."""

    kind: Literal["claim", "quote", "conflict", "timeline"]
    event: str
    id: str
    start: int | None
    end: int | None
    text: str
    href: str


class ArticleModel(_Open):
    """An article as in the brief document (with its text), plus the mentions citing it."""

    id: str
    source: str
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    event: str | None = None
    duplicate_of: str | None = None
    credits: list[str] = []
    text: str | None = None
    mentions: list[CitingMention]


class StorylineEventModel(BaseModel):
    """A chapter of a storyline: an event of the document (title and date None for an
    event the document does not hold)."""

    id: str
    title: str | None
    date: str | None


class StorylineModel(BaseModel):
    """Events that continue one another, in date order, and the names they share."""

    id: str
    names: list[str]
    events: list[StorylineEventModel]


class ErrorModel(BaseModel):
    detail: str


NOT_FOUND = {404: {"model": ErrorModel, "description": "no such id"}}

# --- The document, indexed once -------------------------------------------------------


class BriefStore:
    """One brief document with the look-ups the routes need, built once at start-up."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.events = {e["id"]: e for e in document.get("events", [])}
        self.articles = {a["id"]: a for a in document.get("articles", [])}
        self.index = SearchIndex(document)
        self.citing = citing_mentions(document)
        self.storylines = storyline_items(document, self.events)

    def event_list(self, query: str | None) -> list[dict[str, Any]]:
        return self.index.search(query)

    def article_payload(self, article_id: str) -> dict[str, Any]:
        article = self.articles[article_id]
        return {**article, "mentions": self.citing.get(article_id, [])}


_KIND_ORDER = {"claim": 0, "quote": 1, "conflict": 2, "timeline": 3}
# The element id prefix the event page gives each kind (`accord.render.html.element_id`).
ANCHORS = {"claim": "claim", "quote": "quote", "conflict": "conflict", "timeline": "date"}


def citing_mentions(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """For each article id, every mention of it in any event, in text order."""
    from accord.render.html import element_id

    found: dict[str, list[dict[str, Any]]] = {}

    def add(kind: str, event: str, item_id: str, mentions: list[dict[str, Any]]) -> None:
        anchor = element_id(ANCHORS[kind], event, item_id)
        href = f"/events/{quote(event, safe='')}#{quote(anchor, safe='')}"
        for m in mentions:
            found.setdefault(m["article"], []).append(
                {
                    "kind": kind,
                    "event": event,
                    "id": item_id,
                    "start": m.get("start"),
                    "end": m.get("end"),
                    "text": m["text"],
                    "href": href,
                }
            )

    for event in document.get("events", []):
        eid = event["id"]
        for claim in event.get("claims", []):
            add("claim", eid, claim["id"], claim.get("mentions", []))
        for group in event.get("quotes", []):
            add("quote", eid, group["id"], group.get("mentions", []))
        for conflict in event.get("conflicts", []):
            for value in conflict.get("values", []):
                add("conflict", eid, conflict["id"], value.get("mentions", []))
        for number, dated in enumerate(event.get("timeline", []), 1):
            add("timeline", eid, str(number), dated.get("mentions", []))
    for mentions in found.values():
        mentions.sort(
            key=lambda m: (
                m["start"] if m["start"] is not None else -1,
                m["end"] if m["end"] is not None else -1,
                _KIND_ORDER[m["kind"]],
                m["event"],
                m["id"],
            )
        )
    return found


def storyline_items(
    document: dict[str, Any], events: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The document's storylines with each chapter's title and date, in the document's
    order. Entries the renderer would not show (not an object, fewer than two distinct
    events) are left out, so the API lists what the storylines page shows."""
    items = []
    for story in document.get("storylines") or []:
        if not isinstance(story, dict) or not isinstance(story.get("events"), list):
            continue
        members = list(dict.fromkeys(str(e) for e in story["events"] if e is not None))
        if len(members) < 2:
            continue
        names = story.get("names") if isinstance(story.get("names"), list) else []
        items.append(
            {
                # As the pages name a story without an id: after its first chapter.
                "id": str(story.get("id") or f"story-{members[0]}"),
                "names": list(dict.fromkeys(str(n) for n in names if n)),
                "events": [
                    {
                        "id": member,
                        "title": events[member].get("title") if member in events else None,
                        "date": events[member].get("date") if member in events else None,
                    }
                    for member in members
                ],
            }
        )
    return items


def event_list_item(event: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": event["id"],
        "title": event.get("title", ""),
        "date": event.get("date"),
        "articles": len(event.get("articles", [])),
        "outlets": list(event.get("outlets", [])),
        "languages": list(event.get("languages", [])),
    }


# --- Pages ----------------------------------------------------------------------------


def _pages() -> Any:
    # Imported on first use: the renderer is its own module, and the API works without it.
    from accord.render import html as pages

    return pages


def page_response(page: str, status_code: int = 200) -> HTMLResponse:
    response = HTMLResponse(page, status_code=status_code)
    response.headers["Content-Security-Policy"] = page_csp(page)
    return response


def error_page(status_code: int, message: str) -> Response:
    """A plain page for errors: no script, no data beyond the escaped message."""
    title = "Not found" if status_code == 404 else f"Error {status_code}"
    body = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} · accord</title></head>"
        f"<body><main><h1>{html.escape(title)}</h1><p>{html.escape(message)}</p>"
        '<p><a href="/">All events</a></p></main></body></html>\n'
    )
    return with_strict_headers(HTMLResponse(body, status_code=status_code))


def with_strict_headers(response: Response) -> Response:
    # Errors from the server's last-resort handler never pass the header middleware.
    response.headers.update(SECURITY_HEADERS)
    response.headers["Content-Security-Policy"] = STRICT_CSP
    return response


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


# --- The app --------------------------------------------------------------------------


log = logging.getLogger(__name__)

# How often a live app asks its source whether the briefs changed (a cheap query); the
# briefs are read again only when they did.
CHECK_EVERY_S = 5.0


class LiveBriefs:
    """The briefs the app serves: one document, or (live) the document `load` gives,
    read again when `version` says the source changed, asked at most every
    `check_every_s`. A failed check or reload keeps what was served, and says so in
    the log: a watcher writing the store must not take the app down."""

    def __init__(
        self,
        document: dict[str, Any] | None = None,
        *,
        load: Callable[[], dict[str, Any]] | None = None,
        version: Callable[[], Hashable] | None = None,
        check_every_s: float = CHECK_EVERY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if (document is None) == (load is None) or (load is None) != (version is None):
            raise ValueError("give a document, or load and version")
        self._load, self._version = load, version
        self._every, self._clock = check_every_s, clock
        self._lock = threading.Lock()
        self._seen: Hashable = version() if version else None
        self._store = BriefStore(document if document is not None else load())  # type: ignore[misc]
        self._checked = clock()
        self.reloads = 0

    def current(self) -> BriefStore:
        if self._load is None or self._clock() - self._checked < self._every:
            return self._store
        with self._lock:
            if self._clock() - self._checked < self._every:  # another request just did
                return self._store
            self._checked = self._clock()
            try:
                seen = self._version()  # type: ignore[misc]
                if seen != self._seen:
                    self._store, self._seen = BriefStore(self._load()), seen
                    self.reloads += 1
            except Exception:
                log.exception("could not read the briefs again; serving the ones read before")
        return self._store


def create_app(document: dict[str, Any]) -> FastAPI:
    """The web app serving `document`, a brief document with article texts included."""
    return _app(LiveBriefs(document))


def create_live_app(
    load: Callable[[], dict[str, Any]],
    version: Callable[[], Hashable],
    check_every_s: float = CHECK_EVERY_S,
) -> FastAPI:
    """The web app serving what `load` returns, read again whenever `version` changes
    (`accord serve --db`: the briefs a watcher keeps updating)."""
    return _app(LiveBriefs(load=load, version=version, check_every_s=check_every_s))


def _app(briefs: LiveBriefs) -> FastAPI:
    app = FastAPI(
        title="accord",
        version=__version__,
        description="Events grouped from news reports, each with its cross-referenced brief. "
        "The JSON API mirrors brief.schema.json (accord.brief/1).",
        docs_url=None,  # served by _add_docs, from local files
        redoc_url=None,
    )
    app.state.briefs = briefs
    _add_security_headers(app)
    _add_error_handlers(app)
    _add_pages(app, briefs)
    _add_api(app, briefs)
    _add_docs(app)
    return app


def _add_docs(app: FastAPI) -> None:
    from importlib.resources import files

    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles

    # Only the files of fastapi-swagger: its own patching would also redirect "/" to /docs.
    assets = str(files("fastapi_swagger") / "resources")
    app.mount(DOCS_ASSETS, StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="accord API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url="data:,",
        )


def _add_security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        docs = request.url.path.startswith(DOCS_PATHS)
        response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else STRICT_CSP)
        return response


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = str(exc.detail) if exc.detail else "error"
        if _is_api(request):
            return JSONResponse({"detail": detail}, status_code=exc.status_code)
        return error_page(exc.status_code, detail)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        # Logged by uvicorn; the client gets no traceback and no echo of the error.
        if _is_api(request):
            return with_strict_headers(
                JSONResponse({"detail": "internal server error"}, status_code=500)
            )
        return error_page(500, "Something went wrong while making this page.")


def _not_found(what: str, item_id: str) -> StarletteHTTPException:
    return StarletteHTTPException(404, f"no {what} with id {item_id!r}")


def _add_pages(app: FastAPI, briefs: LiveBriefs) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def front_page(q: str | None = None) -> HTMLResponse:
        store = briefs.current()
        events = store.event_list(q)
        return page_response(_pages().render_front_page(store.document, events, q))

    @app.get("/storylines", response_class=HTMLResponse, include_in_schema=False)
    def storylines_page() -> HTMLResponse:
        store = briefs.current()
        return page_response(_pages().render_storylines_page(store.document))

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(event_id: str) -> HTMLResponse:
        store = briefs.current()
        if event_id not in store.events:
            raise _not_found("event", event_id)
        return page_response(_pages().render_event_page(store.document, event_id))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str) -> HTMLResponse:
        store = briefs.current()
        if article_id not in store.articles:
            raise _not_found("article", article_id)
        return page_response(_pages().render_article_page(store.document, article_id))


def _add_api(app: FastAPI, briefs: LiveBriefs) -> None:
    @app.get("/api/events", response_model=list[EventListItem], tags=["events"])
    def list_events(
        q: str | None = Query(
            None, description="search titles, claims and article text (all words must match)"
        ),
    ) -> JSONResponse:
        """Events, newest first then most covered; with `q`, the matching events, best
        match first (title, then claim, then article text; newest first among equals)."""
        store = briefs.current()
        return JSONResponse([event_list_item(e) for e in store.event_list(q)])

    @app.get(
        "/api/events/{event_id}", response_model=EventModel, responses=NOT_FOUND, tags=["events"]
    )
    def get_event(event_id: str) -> JSONResponse:
        """One event exactly as in the brief document."""
        store = briefs.current()
        if event_id not in store.events:
            raise _not_found("event", event_id)
        return JSONResponse(store.events[event_id])

    @app.get("/api/storylines", response_model=list[StorylineModel], tags=["storylines"])
    def list_storylines() -> JSONResponse:
        """Storylines: events that continue one another (talks, then the accord they
        led to), each with its events in date order and the names the events share."""
        store = briefs.current()
        return JSONResponse(store.storylines)

    @app.get(
        "/api/articles/{article_id}",
        response_model=ArticleModel,
        responses=NOT_FOUND,
        tags=["articles"],
    )
    def get_article(article_id: str) -> JSONResponse:
        """One article with its text, and every mention of it that the brief cites."""
        store = briefs.current()
        if article_id not in store.articles:
            raise _not_found("article", article_id)
        return JSONResponse(store.article_payload(article_id))
