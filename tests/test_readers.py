"""Readers on every input form, and on bad input: each file is read or listed with a reason."""

import codecs
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.ingest.readers import find_inputs, read_paths

STORY = (
    "Harbour wall gives way as storm surge floods Port Ellis\n"
    " date 2026-10-30\n"
    "source: The Harbour Ledger\n"
    "\n"
    "PORT ELLIS (MPA) - The sea wall protecting the old harbour failed on Friday night, "
    "flooding 40 streets, the port authority said.\n"
    "\n"
    "“We have never seen water this high,” said harbour master Ines Calvo.\n"
    "\n"
    "Share this article\n"
)

HTML_PAGE = """<!doctype html><html><head><title>Ferry strike ends - Coast Courier</title>
<meta property="og:site_name" content="Coast Courier">
<meta property="article:published_time" content="2026-11-02T08:30:00Z">
<meta name="author" content="Lio Brandt">
<link rel="canonical" href="https://coastcourier.example/news/ferry-strike-ends"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ferry strike ends after nine days</h1>
<p>Ferry crews on the Ellis line returned to work on Monday after nine days on strike,
the operator said, ending disruption for some 12,000 daily passengers.</p>
<p>The union said its members had accepted a pay rise of 6 percent over two years, and
the first crossings left Port Ellis at 6 a.m. with long queues of lorries waiting.</p>
</article>
<section class="comments"><p>Finally! This strike was a disgrace, says a reader.</p></section>
<footer>© 2026 Coast Courier</footer><script>alert("x")</script></body></html>"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def reasons(result) -> dict[str, str]:
    return {Path(p.source).name: p.reason for p in result.problems}


def test_plain_text_header_is_metadata_not_body(tmp_path: Path) -> None:
    write(tmp_path / "ledger-storm.txt", STORY)
    (article,) = read_paths([tmp_path]).articles
    assert article.title == "Harbour wall gives way as storm surge floods Port Ellis"
    assert article.published == "2026-10-30"
    assert article.outlet == "The Harbour Ledger"
    assert article.text.startswith("PORT ELLIS (MPA) - The sea wall")
    assert "date 2026" not in article.text
    assert "Share this article" not in article.text
    assert "MPA" in article.credits
    assert article.place == "Port Ellis"


def test_html_page_through_trafilatura(tmp_path: Path) -> None:
    write(tmp_path / "page.html", HTML_PAGE)
    result = read_paths([tmp_path / "page.html"])
    (article,) = result.articles
    assert article.outlet == "Coast Courier"
    assert article.published and article.published.startswith("2026-11-02")
    assert article.author == "Lio Brandt"
    assert article.text.startswith("Ferry crews on the Ellis line")
    assert "disgrace" not in article.text  # reader comments are not the report
    assert "alert" not in article.text
    assert article.title and "Ferry strike" in article.title


def test_jsonl_batch_keeps_given_ids_and_fields(tmp_path: Path) -> None:
    records = [
        {
            "id": "nw-1",
            "url": "https://nordwire.example/a",
            "title": "A",
            "published": "2026-10-31",
            "language": "en",
            "text": "The council approved the budget on Thursday.",
        },
        {"id": "nw-2", "outlet": "Nordwire", "html": HTML_PAGE},
        {"text": "Sin título: el ayuntamiento aprobó el presupuesto el jueves por la noche."},
    ]
    write(tmp_path / "batch.jsonl", "\n".join(json.dumps(r) for r in records) + "\n\n")
    result = read_paths([tmp_path])
    assert [a.id for a in result.articles][:2] == ["nw-1", "nw-2"]
    first, second, third = result.articles
    assert first.outlet == "nordwire.example" and first.language == "en"
    assert second.outlet == "Nordwire" and second.text.startswith("Ferry crews")
    assert third.id and third.source.endswith("batch.jsonl:3")
    assert result.problems == []


def test_json_file_with_one_article_or_a_list(tmp_path: Path) -> None:
    write(tmp_path / "one.json", json.dumps({"id": "x1", "text": "The port reopened today."}))
    write(
        tmp_path / "many.json",
        json.dumps([{"id": "x2", "text": "Ferries sailed again."}, {"title": "no body"}, 7]),
    )
    result = read_paths([tmp_path])
    assert sorted(a.id for a in result.articles) == ["x1", "x2"]
    assert {p.source.split("/")[-1]: p.reason for p in result.problems} == {
        "many.json[1]": "no 'text' or 'html' field",
        "many.json[2]": "expected a JSON object, got int",
    }


def test_bad_inputs_are_listed_and_the_rest_is_read(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", STORY)
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blank.txt", b"\n\n   \n")
    write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    write(tmp_path / "broken.json", '{"id": "b", "text": "unterminated')
    write(tmp_path / "nohtml.html", "<html><body><div></div></body></html>")
    write(
        tmp_path / "mixed.jsonl",
        '{"id": "ok-1", "text": "The bridge reopened on Monday morning."}\n'
        "[1, 2, 3]\n"
        "not json at all\n"
        '{"id": "bad-type", "text": 42}\n',
    )
    with (tmp_path / "huge.txt").open("wb") as handle:  # 50 MB: no single article is that big
        handle.write(b"All work and no play. " * (50 * 1024 * 1024 // 22))
    result = read_paths([tmp_path, tmp_path / "missing.txt"])
    assert sorted(a.id for a in result.articles if a.source != str(good)) == ["ok-1"]
    assert any(a.source == str(good) for a in result.articles)
    problems = {p.source.split("/")[-1]: p.reason for p in result.problems}
    assert problems["empty.txt"] == "empty file"
    assert problems["blank.txt"] == "empty file"
    assert problems["image.txt"] == "binary data, not text"
    assert problems["broken.json"].startswith("malformed JSON")
    assert problems["nohtml.html"] == "HTML page with no article text"
    assert problems["mixed.jsonl:2"] == "expected a JSON object, got list"
    assert problems["mixed.jsonl:3"].startswith("malformed JSON")
    assert problems["mixed.jsonl:4"] == "'text'/'html' is empty or not a string"
    assert problems["huge.txt"].startswith("file too large: 50.0 MB")
    assert problems["missing.txt"] == "no such file or folder"


def test_legacy_encodings_are_read(tmp_path: Path) -> None:
    text = STORY.replace("“We have", "“Señal: café, we have")
    write(tmp_path / "cp1252.txt", text.encode("cp1252"))
    write(tmp_path / "utf16.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    latin = "Título de prueba\n\nEl alcalde inauguró el puente nuevo de la ciudad el lunes."
    write(tmp_path / "latin1.txt", latin.encode("latin-1"))
    result = read_paths([tmp_path])
    assert result.problems == []
    by_name = {Path(a.source).name: a for a in result.articles}
    assert "Señal: café" in by_name["cp1252.txt"].text
    assert "Señal: café" in by_name["utf16.txt"].text
    assert "inauguró el puente" in by_name["latin1.txt"].text


def test_same_input_twice_is_one_article(tmp_path: Path) -> None:
    path = write(tmp_path / "a" / "story.txt", STORY)
    write(tmp_path / "b" / "story.txt", STORY)  # the same file saved in a second folder
    result = read_paths([path, tmp_path, str(path).replace("/a/", "/a/./")])
    assert len(result.articles) == 1


def test_folders_are_walked_in_order_skipping_hidden_and_other_types(tmp_path: Path) -> None:
    write(tmp_path / "z.txt", STORY)
    write(tmp_path / "sub" / "a.txt", STORY.replace("40 streets", "41 streets"))
    write(tmp_path / ".hidden" / "b.txt", STORY)
    write(tmp_path / "notes.md", "# not an article")
    files, problems = find_inputs([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["sub/a.txt", "z.txt"]
    assert problems == []
    _, explicit = find_inputs([tmp_path / "notes.md"])
    assert explicit[0].reason == "unsupported file type '.md'"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(st.one_of(st.text(max_size=80), st.binary(max_size=80)), max_size=8))
def test_any_jsonl_lines_are_read_or_listed(tmp_path: Path, lines: list) -> None:
    data = b"\n".join(x if isinstance(x, bytes) else x.encode("utf-8", "replace") for x in lines)
    path = write(tmp_path / "fuzz.jsonl", data)
    result = read_paths([path])
    for article in result.articles:
        assert article.text.strip()
    for problem in result.problems:
        assert problem.reason


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_any_text_or_html_file_is_read_or_listed(tmp_path: Path, content) -> None:
    for name in ("fuzz.txt", "fuzz.html", "fuzz.json"):
        path = write(tmp_path / name, content)
        result = read_paths([path])
        assert len(result.articles) + len(result.problems) >= 1
        for article in result.articles:
            assert article.text and article.id
