"""Read dated articles from text files, JSON Lines, CSV, folders of those, or stdin.

Every reader yields ``Article`` or ``InputError`` values in input order: a bad record is reported
(naming the file, the line or record, and the reason) and the rest of the input is still read.

Formats
- text: optional leading white space, the word ``date``, a YYYY-MM-DD date, then the article text.
- JSON Lines (``.jsonl``, ``.ndjson``): one object per line with ``id, date, title, text, url, source``
  (only ``date`` and ``text`` required).
- CSV (``.csv``): a header row with the same columns.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
from pathlib import Path
from typing import IO, Iterable, Iterator, Union

from ..errors import InputError
from ..model import Article

Item = Union[Article, InputError]
FIELDS = ("id", "date", "title", "text", "url", "source")
TEXT_SUFFIXES = {".txt", ".text", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv"}
_TEXT_HEADER = re.compile(r"\A\s*date\s+(\S+)\s+", re.IGNORECASE)
_DATE = re.compile(r"\A(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?\Z")


def parse_date(value: object) -> dt.date:
    """A YYYY-MM-DD date (a full ISO timestamp is accepted and cut to its day)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("missing date")
    m = _DATE.match(value.strip())
    if not m:
        raise ValueError(f"invalid date {value.strip()[:40]!r} (expected YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(m.group(1))
    except ValueError:
        raise ValueError(f"invalid date {m.group(1)!r} (no such day)") from None


def make_article(fields: dict, where: str) -> Article:
    """Validate one record's fields into an Article; raises InputError naming ``where``."""
    try:
        date = parse_date(fields.get("date"))
    except ValueError as exc:
        raise InputError(where, str(exc)) from None
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "empty text")
    opt = {k: (str(fields[k]).strip() or None) if fields.get(k) not in (None, "") else None
           for k in ("id", "title", "url", "source")}
    return Article(id=opt["id"] or Article.content_id(date, text), date=date, text=text,
                   title=opt["title"], url=opt["url"], source=opt["source"])


def _decode(data: bytes, where: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(where, "not a text file (binary content)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"undecodable bytes at offset {exc.start} (expected UTF-8)") from None


def read_text(content: str, where: str) -> Iterator[Item]:
    m = _TEXT_HEADER.match(content)
    if not m:
        yield InputError(where, "missing date header (expected 'date YYYY-MM-DD' before the text)")
        return
    try:
        yield make_article({"date": m.group(1), "text": content[m.end():]}, where)
    except InputError as err:
        yield err


def read_jsonl(content: str, where: str) -> Iterator[Item]:
    for n, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        loc = f"{where}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(loc, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield InputError(loc, "expected a JSON object")
            continue
        try:
            yield make_article(obj, loc)
        except InputError as err:
            yield err


def read_csv(content: str, where: str) -> Iterator[Item]:
    reader = csv.DictReader(io.StringIO(content, newline=""))
    cols = {c.strip().lower() for c in (reader.fieldnames or [])}
    missing = {"date", "text"} - cols
    if missing:
        yield InputError(where, f"CSV header lacks column(s) {', '.join(sorted(missing))}")
        return
    try:
        for row in reader:
            loc = f"{where}:{reader.line_num}"
            fields = {(k or "").strip().lower(): v for k, v in row.items()}
            try:
                yield make_article(fields, loc)
            except InputError as err:
                yield err
    except csv.Error as exc:
        yield InputError(f"{where}:{reader.line_num}", f"malformed CSV ({exc})")


def sniff(content: str) -> str:
    """Guess the format of stdin: 'jsonl', 'text' or 'csv'."""
    head = content.lstrip()[:200]
    if head.startswith("{"):
        return "jsonl"
    if _TEXT_HEADER.match(content):
        return "text"
    return "csv"


_READERS = {"jsonl": read_jsonl, "text": read_text, "csv": read_csv}


def format_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def read_file(path: Path) -> Iterator[Item]:
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(where, f"cannot read ({exc.strerror or exc})")
        return
    try:
        content = _decode(data, where)
    except InputError as err:
        yield err
        return
    if not content.strip():
        yield InputError(where, "empty file")
        return
    fmt = format_of(path) or sniff(content)
    yield from _READERS[fmt](content, where)


def read_stream(stream: IO[bytes], where: str = "<stdin>") -> Iterator[Item]:
    try:
        content = _decode(stream.read(), where)
    except InputError as err:
        yield err
        return
    if not content.strip():
        yield InputError(where, "empty input")
        return
    yield from _READERS[sniff(content)](content, where)


def _walk(folder: Path) -> Iterator[Path]:
    """Article files under ``folder``: known suffixes only (.txt, .jsonl, .csv ...), no hidden paths."""
    for p in sorted(folder.rglob("*")):
        if p.is_file() and format_of(p) is not None and \
                not any(part.startswith(".") for part in p.relative_to(folder).parts):
            yield p


def read_paths(paths: Iterable[str | Path], stdin: IO[bytes] | None = None) -> Iterator[Item]:
    """Read every path in order: files, folders (recursively), or ``-`` for stdin."""
    for raw in paths:
        if str(raw) == "-":
            yield from read_stream(stdin if stdin is not None else sys.stdin.buffer)
            continue
        path = Path(raw)
        if path.is_dir():
            for p in _walk(path):
                yield from read_file(p)
        elif path.exists():
            yield from read_file(path)
        else:
            yield InputError(str(path), "no such file or folder")
