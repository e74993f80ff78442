"""The installed `accord` command, run as a user runs it."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
ACCORD = shutil.which("accord", path=str(Path(sys.executable).parent)) or "accord"


def accord(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ACCORD, *args], capture_output=True, text=True, timeout=300, cwd=cwd, check=False
    )


def test_version_and_help() -> None:
    version = accord("--version")
    assert version.returncode == 0 and version.stdout.startswith("accord ")
    for command in ("read", "analyze", "cluster", "brief"):
        shown = accord(command, "--help")
        assert shown.returncode == 0
        assert "PATH" in shown.stdout and "--output" in shown.stdout
    serve = accord("serve", "--help")  # a server writes no file: no --output
    assert serve.returncode == 0 and "PATH" in serve.stdout and "--port" in serve.stdout


def test_analyze_writes_json_for_every_readable_input(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(
        "Ferry strike ends after nine days\n date 2026-11-02\nsource: Coast Courier\n\n"
        "Ferry crews returned to work on Monday after nine days on strike, the operator "
        "said. At least 12,000 passengers were affected.\n\n"
        "“We are glad it is over,” said union leader Marta Solis.\n",
        encoding="utf-8",
    )
    (tmp_path / "broken.json").write_text("{nope", encoding="utf-8")
    out = tmp_path / "analysis.json"
    done = accord("analyze", str(tmp_path), "-o", str(out), "--entities", "rules")
    assert done.returncode == 0, done.stderr
    assert "problem:" in done.stderr and "broken.json" in done.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["schema"] == "accord.analysis/1"
    (article,) = document["articles"]
    analysis = article["analysis"]
    assert article["published"] == "2026-11-02" and analysis["language"] == "en"
    assert {d["value"] for d in analysis["dates"]} >= {"2026-11-02"}  # "on Monday"
    assert any(q["value"] == 12000 for q in analysis["quantities"])
    assert analysis["quotes"][0]["speaker"] == "Marta Solis"
    for sentence in analysis["sentences"]:
        assert article["text"][sentence["start"] : sentence["end"]] == sentence["text"]
    assert document["problems"][0]["source"].endswith("broken.json")


def test_nothing_readable_is_an_error_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    done = accord("analyze", str(tmp_path))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip().splitlines()[-1] == "accord: error: no article could be read"


def test_wrong_usage_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nSome body text here.", encoding="utf-8")
    bad_language = accord("analyze", str(tmp_path), "--languages", "en,zz")
    assert bad_language.returncode == 2
    assert bad_language.stderr.strip() == "accord: error: unknown language code 'zz'"
    assert accord("analyze").returncode == 2  # no PATH


def test_read_prints_one_json_line_per_example_article() -> None:
    done = accord("read", str(EXAMPLES))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) >= 20
    assert len({line["id"] for line in lines}) == len(lines)
    assert all(line["text"].strip() for line in lines)


def test_cluster_keeps_given_ids_and_marks_near_copies(tmp_path: Path) -> None:
    done = accord(
        "cluster", str(EXAMPLES), "--entities", "rules", "--cache", str(tmp_path / "v.sqlite")
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert all(set(line) == {"id", "event", "duplicate_of"} for line in lines)
    ids = {line["id"] for line in lines}
    assert {"nordwire-2026-1031-001", "nordwire-2026-1106-007"} <= ids
    copies = [line for line in lines if line["duplicate_of"]]
    assert len(copies) == 2
    event_of = {line["id"]: line["event"] for line in lines}
    assert all(event_of[c["id"]] == event_of[c["duplicate_of"]] for c in copies)
    assert (tmp_path / "v.sqlite").exists()  # vectors kept for the next run


def test_cluster_json_and_eval_usage_errors(tmp_path: Path) -> None:
    out = tmp_path / "events.json"
    done = accord("cluster", str(EXAMPLES), "--format", "json", "-o", str(out), "--no-cache")
    assert done.returncode == 0, done.stderr
    events = json.loads(out.read_text(encoding="utf-8"))["events"]
    assert len(events) == 8
    assert sum(len(e["articles"]) for e in events) == 30
    bad = accord("eval", "ecbplus", "--data", str(tmp_path / "nowhere"))
    assert bad.returncode == 2 and "no ECB+ data" in bad.stderr
    assert accord("cluster", str(EXAMPLES), "--encoder", "nope").returncode == 2


def write_story(folder: Path, name: str, outlet: str, body: str) -> None:
    (folder / name).write_text(
        f"Lock gates fail at Dunmere canal\n date 2026-11-03\nsource: {outlet}\n\n{body}\n",
        encoding="utf-8",
    )


def test_brief_markdown_from_the_file_suffix_with_bad_input_listed(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_story(
        inputs,
        "a.txt",
        "Canal Times",
        "The lock gates at Dunmere failed on Monday, draining a mile of the canal. "
        "About 40 boats were stranded, the canal trust said.\n\n"
        "Engineers expect repairs to take three weeks.",
    )
    write_story(
        inputs,
        "b.txt",
        "Riverside Gazette",
        "A mile of the Dunmere canal drained on Monday after its lock gates failed. "
        "Some 40 boats were left stranded, according to the canal trust.\n\n"
        "<script>alert('x')</script> The trust has opened an inquiry.",
    )
    (inputs / "broken.json").write_text("{not json", encoding="utf-8")
    out = tmp_path / "brief.md"
    done = accord("brief", str(inputs), "-o", str(out), "--no-cache", "--entities", "rules")
    assert done.returncode == 0, done.stderr
    assert "broken.json" in done.stderr and "2 articles in 1 event:" in done.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("# ") and "## Lock gates fail at Dunmere canal" in page
    for section in ("Summary", "Sources"):
        assert f"### {section}" in page
    assert "Canal Times" in page and "Riverside Gazette" in page
    assert "<script>" not in page  # article text is escaped, never live markup


def test_brief_json_with_text_and_a_word_budget(tmp_path: Path) -> None:
    out = tmp_path / "brief.json"
    done = accord(
        "brief",
        str(EXAMPLES),
        "--format",
        "json",
        "-o",
        str(out),
        "--words",
        "60",
        "--with-text",
        "--no-cache",
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["schema"] == "accord.brief/1" and len(document["events"]) == 8
    texts = {a["id"]: a["text"] for a in document["articles"]}
    for event in document["events"]:
        words = sum(len(s["text"].split()) for s in event["summary"])
        assert event["summary"] and (words <= 60 or len(event["summary"]) == 1)
        for claim in event["claims"]:
            for m in claim["mentions"]:
                assert texts[m["article"]][m["start"] : m["end"]] == m["text"]


def test_brief_usage_errors(tmp_path: Path) -> None:
    assert accord("brief", str(EXAMPLES), "--words", "0").returncode == 2
    bad = accord("brief", str(EXAMPLES), "--language", "english")
    assert bad.returncode == 2 and "ISO 639-1" in bad.stderr
    (tmp_path / "empty.txt").write_bytes(b"")
    nothing = accord("brief", str(tmp_path), "--no-cache")
    assert nothing.returncode == 1 and nothing.stdout == ""
    missing = accord("eval", "examples", "--data", str(tmp_path))
    assert missing.returncode == 2 and "no example corpus" in missing.stderr
