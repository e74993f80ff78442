"""The brief for people, as Markdown.

`render_markdown` turns the brief JSON document (`brief.schema.json`) into one Markdown
page: per event the cited summary, then what the sources agree on, what only one source
reports, where they disagree, who said what, the timeline and the numbered sources.

Every string in the document comes from untrusted input (article text, titles, outlet
names, file names), so each one goes through `escape` before it is placed in the page:
it renders as literal text whatever Markdown or HTML it contains. Only the renderer's own
scaffolding (headings, bullets, citation numbers) is live Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# --- What the page says, kept as data --------------------------------------------------

DOCUMENT_TITLE = "News brief"
UNTITLED_EVENT = "Untitled event"
UNTITLED_ARTICLE = "(untitled)"
UNKNOWN_DATE = "date unknown"
UNATTRIBUTED = "Unattributed"
UNDATED = "Undated"

SECTION_TITLES = {
    "summary": "Summary",
    "agreed": "Agreed",
    "single_source": "Reported by one source",
    "conflicts": "Conflicts",
    "quotes": "Quotes",
    "timeline": "Timeline",
    "sources": "Sources",
    "event_problems": "Articles not used",
    "problems": "Inputs that could not be used",
}

# Agreed claims are listed strongest first; the label marks the strongest.
AGREED_STATUSES = ("consensus", "corroborated")
STATUS_LABELS = {"consensus": "**(consensus)**", "corroborated": ""}
SINGLE_SOURCE_STATUS = "single_source"

# Single-source details can run to dozens in a large event; past this many the list
# stops being readable and the JSON brief is the place to read them all.
MAX_SINGLE_SOURCE = 15

# A claim of a large event can rest on a hundred outlets: name the first few, count
# the rest (the citation numbers still list every one).
MAX_OUTLETS_NAMED = 6
# Runs of this many consecutive citation numbers or more read as a range: [3]–[7];
# shorter ones are as short written out.
CITATION_RUN = 4

# Granularities worth saying next to a date: a "day" is what a bare date already says.
SHOWN_GRANULARITIES = frozenset({"week", "month", "season", "year"})

# ISO 639-1 codes shown as names; any other code is shown as it is.
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "ca": "Catalan",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
}

# --- Escaping untrusted text -----------------------------------------------------------

# Line breaks inside a span would let the text start its own block (a heading, a list,
# a quote) in the middle of ours: all whitespace runs become one space.
_WHITESPACE = re.compile(r"\s+")
# Control characters are invisible in a page and some (ESC) act on terminals that print
# the raw Markdown; whitespace ones are already gone when this runs.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# HTML first, as entities, so that no tag or entity of the input survives.
_HTML_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
# Inline Markdown: code, emphasis, links and images, tables, strikethrough, headings
# and GitHub's $math$. A backslash before any ASCII punctuation is a literal in
# CommonMark, so over-escaping is harmless; under-escaping is not.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]{}|~#$])")
# What only matters at the start of a line (a list item, a setext underline, an ordered
# list "2026. ..." but not "1.5 million"): our text can start a line (the summary
# paragraph), so the start of every escaped string is made inert.
_LEADING_BLOCK = re.compile(r"^(?:([-+=])|(\d{1,9})([.)])(?=\s|$))")


def escape(text: Any) -> str:
    """`text` as Markdown that renders literally, on one line."""
    if text is None:
        return ""
    text = _WHITESPACE.sub(" ", str(text)).strip()
    text = _CONTROL.sub("", text)
    for raw, entity in _HTML_ENTITIES:
        text = text.replace(raw, entity)
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    return _LEADING_BLOCK.sub(_escape_leading, text, count=1)


def _escape_leading(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


# --- The document's articles -----------------------------------------------------------


class ArticleIndex:
    """Look-ups on the document's `articles`, tolerant of missing fields and ids (the
    HTML renderer's document index builds on it)."""

    def __init__(self, articles: Iterable[Mapping[str, Any]]) -> None:
        self.by_id: dict[str, Mapping[str, Any]] = {}
        for article in articles:
            if isinstance(article, Mapping) and article.get("id") is not None:
                self.by_id.setdefault(str(article["id"]), article)

    def field(self, article_id: str, name: str) -> Any:
        article = self.by_id.get(article_id)
        return article.get(name) if article is not None else None

    def outlet(self, article_id: str) -> str:
        """The outlet, or where it came from when the outlet is unknown."""
        outlet = self.field(article_id, "outlet")
        if outlet:
            return str(outlet)
        return file_name(self.field(article_id, "source")) or article_id

    def outlets(self, article_ids: Iterable[str]) -> str:
        """'Outlet A, Outlet B': each outlet once, in the order given, escaped; past
        MAX_OUTLETS_NAMED, '… and N more'."""
        names = _unique(self.outlet(article_id) for article_id in article_ids)
        shown = ", ".join(escape(name) for name in names[:MAX_OUTLETS_NAMED])
        more = len(names) - MAX_OUTLETS_NAMED
        return f"{shown} and {more} more" if more > 0 else shown

    def language(self, article_id: str) -> str | None:
        code = self.field(article_id, "language")
        return language_name(code) if code else None

    def independent_count(self, article_ids: Sequence[str]) -> int:
        """How many independent sources the articles are: the same rule as
        `accord.consolidate.sources` (near-copies fold into their original within the
        event; two articles of one outlet count once)."""
        members = set(article_ids)
        sources = set()
        for article_id in article_ids:
            root = self.original(article_id, members)
            outlet = self.field(root, "outlet")
            sources.add(f"outlet:{outlet}" if outlet else f"article:{root}")
        return len(sources)

    def original(self, article_id: str, members: set[str]) -> str:
        """The start of `article_id`'s near-copy chain among `members`."""
        root, seen = article_id, {article_id}
        while True:
            parent = self.field(root, "duplicate_of")
            parent = str(parent) if parent else None
            if parent is None or parent not in members or parent in seen:
                return root
            root = parent
            seen.add(root)


def language_name(code: Any) -> str:
    """'es' -> 'Spanish'; an unknown code as given; no code, ''."""
    if not code:
        return ""
    return LANGUAGE_NAMES.get(str(code).lower(), str(code))


def file_name(source: Any) -> str:
    """'examples/articles/storm.txt' -> 'storm.txt'; a URL gives its last path part."""
    if not source:
        return ""
    parts = [part for part in re.split(r"[\\/]", str(source)) if part]
    return parts[-1] if parts else str(source)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --- Citation numbers ------------------------------------------------------------------


class _Citations:
    """One event's source numbers, given in the order articles are first cited."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.order: list[str] = []  # article ids, by number

    def number(self, article_id: str) -> int:
        if article_id not in self.numbers:
            self.order.append(article_id)
            self.numbers[article_id] = len(self.order)
        return self.numbers[article_id]

    def cite(self, article_ids: Iterable[str]) -> str:
        """'[1][3]' for the articles, each number once, in ascending order; a run of
        consecutive numbers as '[4]–[9]'."""
        numbers = sorted({self.number(str(article_id)) for article_id in article_ids})
        return "".join(_citation_run(run) for run in _runs(numbers))


def _runs(numbers: list[int]) -> list[list[int]]:
    """[1, 2, 3, 7] -> [[1, 2, 3], [7]]."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


def _citation_run(run: list[int]) -> str:
    if len(run) >= CITATION_RUN:
        return f"[{run[0]}]–[{run[-1]}]"
    return "".join(f"[{n}]" for n in run)


def _support(item: Mapping[str, Any]) -> list[str]:
    """The articles an item rests on: its support, else the articles of its mentions."""
    support = [str(article_id) for article_id in item.get("support") or []]
    return support or _mention_articles(item.get("mentions") or [])


def _mention_articles(mentions: Iterable[Mapping[str, Any]]) -> list[str]:
    return _unique(str(m["article"]) for m in mentions if m.get("article") is not None)


def _attribution(articles: ArticleIndex, citations: _Citations, article_ids: list[str]) -> str:
    """' — Outlet A, Outlet B [1][2]', or '' when nothing is cited."""
    if not article_ids:
        return ""
    return f" — {articles.outlets(article_ids)} {citations.cite(article_ids)}"


def _quoted(text: Any) -> str:
    return f"“{escape(text)}”"


# --- Sections --------------------------------------------------------------------------


def _section(key: str, body: list[str]) -> list[str]:
    """A '### Title' section, or nothing when it has no lines: empty sections are
    omitted."""
    return [f"### {SECTION_TITLES[key]}", "", *body, ""] if body else []


def _summary(event: Mapping[str, Any], citations: _Citations) -> list[str]:
    sentences = []
    for sentence in event.get("summary") or []:
        text = escape(sentence.get("text"))
        cited = citations.cite(_support(sentence))
        sentences.append(f"{text} {cited}".strip() if cited else text)
    paragraph = " ".join(s for s in sentences if s)
    return [paragraph] if paragraph else []


def _claim_line(claim: Mapping[str, Any], articles: ArticleIndex, citations: _Citations) -> str:
    line = f"- {escape(claim.get('text'))}{_attribution(articles, citations, _support(claim))}"
    label = STATUS_LABELS.get(str(claim.get("status")), "")
    return f"{line} {label}" if label else line


def _agreed(event: Mapping[str, Any], articles: ArticleIndex, citations: _Citations) -> list[str]:
    claims = event.get("claims") or []
    return [
        _claim_line(claim, articles, citations)
        for status in AGREED_STATUSES
        for claim in claims
        if claim.get("status") == status
    ]


def _single_source(
    event: Mapping[str, Any], articles: ArticleIndex, citations: _Citations, limit: int
) -> list[str]:
    claims = [c for c in event.get("claims") or [] if c.get("status") == SINGLE_SOURCE_STATUS]
    lines = [_claim_line(claim, articles, citations) for claim in claims[:limit]]
    if len(claims) > limit:
        more = len(claims) - limit
        lines.append(f"- … and {more} more single-source detail{'s' if more != 1 else ''}")
    return lines


def _conflicts(
    event: Mapping[str, Any], articles: ArticleIndex, citations: _Citations
) -> list[str]:
    lines = []
    for conflict in event.get("conflicts") or []:
        lines.append(f"- **{escape(conflict.get('about')) or 'Disagreement'}**")
        for value in conflict.get("values") or []:
            mentions = value.get("mentions") or []
            line = f"  - {escape(value.get('value'))}"
            line += _attribution(articles, citations, _mention_articles(mentions))
            # One wording per value lets the reader judge the normalisation at a glance.
            wording = next((m.get("text") for m in mentions if m.get("text")), None)
            lines.append(f"{line}: {_quoted(wording)}" if wording else line)
    return lines


def _quotes(event: Mapping[str, Any], articles: ArticleIndex, citations: _Citations) -> list[str]:
    by_speaker: dict[str, list[Mapping[str, Any]]] = {}
    for quote in event.get("quotes") or []:
        by_speaker.setdefault(quote.get("speaker") or "", []).append(quote)
    # Named speakers in the order their first quote comes (quotes arrive ranked);
    # the quotes nobody could be found to have said come last.
    speakers = [s for s in by_speaker if s] + ([""] if "" in by_speaker else [])
    lines: list[str] = []
    for speaker in speakers:
        lines += [f"**{escape(speaker) or UNATTRIBUTED}**", ""]
        for quote in by_speaker[speaker]:
            lines += _quote_lines(quote, articles, citations)
        lines.append("")
    return lines[:-1]


def _quote_lines(
    quote: Mapping[str, Any], articles: ArticleIndex, citations: _Citations
) -> list[str]:
    text = quote.get("text") or ""
    lines = [f"- {_quoted(text)}{_attribution(articles, citations, _support(quote))}"]
    # The other wordings (other outlets' translations or edits) under it, one line each;
    # identical wordings (wire copies) share a line.
    shown = escape(text)
    wordings: dict[str, list[str]] = {}
    for mention in quote.get("mentions") or []:
        wording = escape(mention.get("text"))
        if wording and wording != shown and mention.get("article") is not None:
            wordings.setdefault(wording, []).append(str(mention["article"]))
    for wording, ids in wordings.items():
        ids = _unique(ids)
        languages = _unique(lang for a in ids if (lang := articles.language(a)))
        said_in = f" ({escape(', '.join(languages))})" if languages else ""
        lines.append(f"  - “{wording}” — {articles.outlets(ids)}{said_in} {citations.cite(ids)}")
    return lines


def format_when(date: Any, end_date: Any = None, granularity: Any = None) -> str:
    """'2026-10-30', '2026-10-01 – 2026-10-31 (month)', or 'Undated'."""
    if not date:
        return UNDATED
    when = str(date)
    if end_date and end_date != date:
        when += f" – {end_date}"
    if granularity in SHOWN_GRANULARITIES:
        when += f" ({granularity})"
    return escape(when)


def _timeline(event: Mapping[str, Any], articles: ArticleIndex, citations: _Citations) -> list[str]:
    lines = []
    for dated in event.get("timeline") or []:
        when = format_when(dated.get("date"), dated.get("end_date"), dated.get("granularity"))
        cited = citations.cite(_support(dated))
        line = f"- {when} — {escape(dated.get('text'))}"
        lines.append(f"{line} {cited}" if cited else line)
    return lines


def _sources(event: Mapping[str, Any], articles: ArticleIndex, citations: _Citations) -> list[str]:
    # The articles not cited above still belong to the event's sources: they are
    # numbered after the cited ones, in the event's order.
    for article_id in event.get("articles") or []:
        citations.number(str(article_id))
    lines = []
    # The list may grow while it is written: a copy's original outside it gets a number
    # too, so the "copy of [k]" it shows always points at a listed source.
    while len(lines) < len(citations.order):
        lines.append(_source_line(citations.order[len(lines)], articles, citations))
    return lines


def _source_line(article_id: str, articles: ArticleIndex, citations: _Citations) -> str:
    n = citations.number(article_id)
    title = articles.field(article_id, "title")
    published = articles.field(article_id, "published")
    details = [escape(str(published)) if published else UNKNOWN_DATE]
    language = articles.language(article_id)
    if language:
        details.append(escape(language))
    original = articles.field(article_id, "duplicate_of")
    if original and str(original) != article_id:
        details.append(f"copy of [{citations.number(str(original))}]")
    title_text = _quoted(title) if title else UNTITLED_ARTICLE
    outlet = escape(articles.outlet(article_id))
    return f"- [{n}] {outlet} — {title_text} ({', '.join(details)})"


def _problem_lines(problems: Iterable[Mapping[str, Any]]) -> list[str]:
    return [
        f"- {escape(p.get('source')) or '(unknown input)'}: {escape(p.get('reason'))}"
        for p in problems
        if isinstance(p, Mapping)
    ]


# --- The page --------------------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _event_header(event: Mapping[str, Any], articles: ArticleIndex) -> list[str]:
    title = escape(event.get("title")) or UNTITLED_EVENT
    ids = _unique(str(a) for a in event.get("articles") or [])
    facts = [
        escape(str(event["date"])) if event.get("date") else UNKNOWN_DATE.capitalize(),
        f"{_plural(len(ids), 'article')} from "
        f"{_plural(articles.independent_count(ids), 'independent outlet')}",
    ]
    languages = [language_name(code) for code in event.get("languages") or [] if code]
    if languages:
        facts.append(escape(", ".join(languages)))
    return [f"## {title}", "", " · ".join(facts), ""]


def _render_event(
    event: Mapping[str, Any],
    articles: ArticleIndex,
    *,
    max_single_source: int = MAX_SINGLE_SOURCE,
) -> list[str]:
    """The lines of one event's brief. Sections come in reading order, which is also
    the order citation numbers are given in."""
    citations = _Citations()
    lines = _event_header(event, articles)
    lines += _section("summary", _summary(event, citations))
    lines += _section("agreed", _agreed(event, articles, citations))
    lines += _section(
        "single_source", _single_source(event, articles, citations, max_single_source)
    )
    lines += _section("conflicts", _conflicts(event, articles, citations))
    lines += _section("quotes", _quotes(event, articles, citations))
    lines += _section("timeline", _timeline(event, articles, citations))
    lines += _section("sources", _sources(event, articles, citations))
    lines += _section("event_problems", _problem_lines(event.get("problems") or []))
    return lines


def render_markdown(
    document: Mapping[str, Any], *, max_single_source: int = MAX_SINGLE_SOURCE
) -> str:
    """The brief document (`brief.schema.json`) as one Markdown page.

    Deterministic: the same document gives the same page. Every string taken from the
    document is escaped, so article text never becomes markup or HTML.
    """
    articles = ArticleIndex(document.get("articles") or [])
    events = [e for e in document.get("events") or [] if isinstance(e, Mapping)]
    header = [_plural(len(events), "event"), _plural(len(articles.by_id), "article")]
    if document.get("generated_at"):
        header.insert(0, f"generated {escape(str(document['generated_at']))}")
    lines = [f"# {DOCUMENT_TITLE}", "", " · ".join(header), ""]
    for event in events:
        lines += _render_event(event, articles, max_single_source=max_single_source)
    problems = _problem_lines(document.get("problems") or [])
    if problems:
        lines += [f"## {SECTION_TITLES['problems']}", "", *problems, ""]
    return "\n".join(lines).rstrip("\n") + "\n"
