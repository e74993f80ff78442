"""Finding input files and reading each into Articles, listing what cannot be read.

A bad input never stops the others: every failure becomes a Problem naming the input
and the reason, and reading goes on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from accord.ingest.decode import DecodeError, decode_bytes
from accord.ingest.records import (
    RecordError,
    article_from_html,
    article_from_plain_text,
    article_from_record,
)
from accord.model import Article, Problem

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

# One article is never this big; a file that is, is a mistake (a dump, a binary) and
# would take minutes to analyse. JSONL batches are streamed, so the cap is per line.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# A .json file may hold a list of many articles, so it gets a larger (still bounded) cap.
JSON_LIST_FACTOR = 25


@dataclass
class ReadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def find_inputs(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Problem]]:
    """The files to read, in a stable order, and the paths that cannot be read at all.

    Folders are walked recursively; in them, hidden files and files of other types are
    skipped silently (a folder holds READMEs and images too), while a file named
    explicitly with an unsupported type is a problem.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            if not found:
                problems.append(
                    Problem(str(raw), "folder holds no .txt, .html, .json or .jsonl files")
                )
            files.extend(sorted(found))
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append(path)
            else:
                problems.append(
                    Problem(str(raw), f"unsupported file type '{path.suffix or '(none)'}'")
                )
        else:
            problems.append(Problem(str(raw), "no such file or folder"))
    unique = list(dict.fromkeys(files))
    return unique, problems


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Problem]:
    """The articles in one file, and a Problem for each part that cannot be read."""
    source = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, max_bytes)
            return
        size = path.stat().st_size
        limit = max_bytes * JSON_LIST_FACTOR if suffix in JSON_SUFFIXES else max_bytes
        if size > limit:
            yield Problem(source, f"file too large: {_mb(size)} (limit {_mb(limit)})")
            return
        text = decode_bytes(path.read_bytes())
    except OSError as err:
        yield Problem(source, f"cannot read: {err.strerror or err}")
        return
    except DecodeError as err:
        yield Problem(source, str(err))
        return
    try:
        if suffix in TEXT_SUFFIXES:
            yield article_from_plain_text(text, source)
        elif suffix in HTML_SUFFIXES:
            yield article_from_html(text, source)
        else:
            yield from _read_json(text, source)
    except RecordError as err:
        yield Problem(source, str(err))


def _read_json(text: str, source: str) -> Iterator[Article | Problem]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        yield Problem(source, f"malformed JSON: {err.msg} at line {err.lineno} column {err.colno}")
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        record_source = f"{source}[{index}]" if isinstance(data, list) else source
        try:
            yield article_from_record(record, record_source)
        except RecordError as err:
            yield Problem(record_source, str(err))


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Article | Problem]:
    source = str(path)
    with path.open("rb") as handle:
        head = handle.read(4)
        handle.seek(0)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            # UTF-16 JSONL cannot be split on b"\n"; decode whole (bounded) and split.
            if path.stat().st_size > max_bytes:
                yield Problem(source, f"UTF-16 file too large: {_mb(path.stat().st_size)}")
                return
            lines: Iterable[bytes | str] = decode_bytes(handle.read()).split("\n")
        else:
            lines = handle
        seen_any = False
        for number, line in enumerate(lines, start=1):
            line_source = f"{source}:{number}"
            if len(line) > max_bytes:
                yield Problem(line_source, f"line too large: {_mb(len(line))}")
                continue
            try:
                text = line if isinstance(line, str) else _decode_line(line)
            except DecodeError as err:
                yield Problem(line_source, str(err))
                continue
            if not text.strip():
                continue
            seen_any = True
            try:
                record = json.loads(text)
            except json.JSONDecodeError as err:
                yield Problem(line_source, f"malformed JSON: {err.msg} at column {err.colno}")
                continue
            try:
                yield article_from_record(record, line_source)
            except RecordError as err:
                yield Problem(line_source, str(err))
    if not seen_any:
        yield Problem(source, "empty file")


def _decode_line(line: bytes) -> str:
    if line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return decode_bytes(line)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def read_paths(
    paths: Iterable[str | os.PathLike[str]], max_bytes: int = DEFAULT_MAX_BYTES
) -> ReadResult:
    """Every article under `paths`, each once (by id), and every problem met."""
    files, problems = find_inputs(paths)
    result = ReadResult(problems=problems)
    seen: set[str] = set()
    for path in files:
        for item in read_file(path, max_bytes):
            add_item(result, seen, item)
    return result


def add_item(result: ReadResult, seen: set[str], item: Article | Problem) -> None:
    """Collect one reader output; an article already read (same id) is kept once."""
    if isinstance(item, Problem):
        result.problems.append(item)
    elif item.id not in seen:
        seen.add(item.id)
        result.articles.append(item)
