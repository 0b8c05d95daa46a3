"""Read dated articles from text files, JSON Lines, CSV, folders of those, or stdin.

Every reader yields ``Article`` or ``InputError`` values in input order: a bad record is reported
(naming the file, the line or record, and the reason) and the rest of the input is still read.

Formats
- text: optional leading white space, the word ``date``, a YYYY-MM-DD date, then the article text.
- JSON Lines (``.jsonl``, ``.ndjson``): one object per line with ``id, date, title, text, url, source``
  (only ``date`` and ``text`` required). Lines end at ``\\n`` only: U+2028, U+2029 and U+0085 are
  legal inside JSON strings and do not split a record.
- CSV (``.csv``): a header row with the same columns.

Containment and limits: a bad record costs its record only. Bytes are decoded per record (an
undecodable byte or a NUL byte rejects its line or row, naming the line and column); a JSON line
nested too deeply or with a number too large for Python is one rejected line; dates must lie in
``MIN_DATE``..``MAX_DATE``; a text over ``MAX_TEXT`` characters is rejected. Lone surrogates (from
JSON ``\\ud800`` escapes), which no store or output could encode, are replaced by U+FFFD and reported
as a warning (``InputWarning``) just before the record, which is still read.
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

from ..errors import InputError, InputWarning
from ..model import Article

Item = Union[Article, InputError]
FIELDS = ("id", "date", "title", "text", "url", "source")
OPTIONAL = ("id", "title", "url", "source")
TEXT_SUFFIXES = {".txt", ".text", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv"}
MIN_DATE, MAX_DATE = dt.date(1800, 1, 1), dt.date(2100, 12, 31)
MAX_TEXT = 5_000_000  # characters per article (over spaCy's 1,000,000 an article is parsed in chunks)
CSV_FIELD_LIMIT = MAX_TEXT + 1  # so that an over-long text is reported as such, not as malformed CSV
_TEXT_HEADER = re.compile(r"\A\s*date\s+(\S+)\s+", re.IGNORECASE)
_DATE = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})(?:[T ](.*))?\Z", re.DOTALL)
_TIME = re.compile(r"\A(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?)?(Z|[+-](\d{2})(?::?(\d{2}))?)?\Z")
_SURROGATE = re.compile("[\ud800-\udfff]")  # what UTF-8 cannot encode (and bad bytes, surrogate-escaped)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _check_time(part: str, day: str) -> None:
    """The time of day after a date (``10:00``, ``10:00:00.5Z``, ``10:00+02:00``); empty is fine."""
    if not part:
        return
    m = _TIME.match(part)
    bad = m is None or int(m.group(1)) > 23 or int(m.group(2) or 0) > 59 or int(m.group(3) or 0) > 60 \
        or int(m.group(5) or 0) > 23 or int(m.group(6) or 0) > 59
    if bad:
        raise ValueError(f"invalid time {part[:40]!r} after {day} (expected HH:MM[:SS][Z|+HH:MM])")


def parse_date(value: object) -> dt.date:
    """A YYYY-MM-DD date in MIN_DATE..MAX_DATE (a full ISO timestamp is checked and cut to its day)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("missing date")
    if not isinstance(value, str):
        raise ValueError(f"date must be a string (YYYY-MM-DD), not {_kind(value)}")
    m = _DATE.match(value.strip())
    if not m:
        raise ValueError(f"invalid date {value.strip()[:40]!r} (expected YYYY-MM-DD)")
    day = value.strip()[:10]
    year, month, dom = (int(g) for g in m.group(1, 2, 3))
    if not 1 <= month <= 12:
        raise ValueError(f"invalid date {day!r} (no such month)")
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise ValueError(f"date {day} is outside the supported range {MIN_DATE} to {MAX_DATE}")
    try:
        date = dt.date(year, month, dom)
    except ValueError:
        raise ValueError(f"invalid date {day!r} (no such day)") from None
    _check_time(m.group(4) or "", day)
    return date


def _replace_unencodable(value: str) -> tuple[str, int]:
    return _SURROGATE.subn("\ufffd", value)


def read_record(fields: dict, where: str) -> Iterator[Item]:
    """One record's fields as an Article (preceded by an InputWarning if characters were replaced),
    or one InputError naming ``where`` and the reason."""
    try:
        article, replaced = _article(fields, where)
    except InputError as err:
        yield err
        return
    if replaced:
        what = ", ".join(f"{n} in {k}" for k, n in replaced.items())
        yield InputWarning(where, f"replaced unencodable characters (lone surrogates) with U+FFFD: {what}")
    yield article


def make_article(fields: dict, where: str) -> Article:
    """Validate one record's fields into an Article; raises InputError naming ``where``."""
    return _article(fields, where)[0]


def _article(fields: dict, where: str) -> tuple[Article, dict[str, int]]:
    try:
        date = parse_date(fields.get("date"))
    except ValueError as exc:
        raise InputError(where, str(exc)) from None
    text = fields.get("text")
    if text is None:
        raise InputError(where, "missing text")
    if not isinstance(text, str):
        raise InputError(where, f"text must be a string, not {_kind(text)}")
    if not text.strip():
        raise InputError(where, "empty text")
    if len(text) > MAX_TEXT:
        raise InputError(where, f"text too long ({len(text):,} characters; the limit is {MAX_TEXT:,})")
    replaced: dict[str, int] = {}
    text, n = _replace_unencodable(text)
    if n:
        replaced["text"] = n
    opt: dict[str, str | None] = {}
    for k in OPTIONAL:
        v = fields.get(k)
        if v is None or v == "":
            opt[k] = None
            continue
        if isinstance(v, bool) or not isinstance(v, (str, int, float)):
            raise InputError(where, f"{k} must be a string, not {_kind(v)}")
        v, n = _replace_unencodable(str(v).strip())
        if n:
            replaced[k] = n
        opt[k] = v or None
    return Article(id=opt["id"] or Article.content_id(date, text), date=date, text=text,
                   title=opt["title"], url=opt["url"], source=opt["source"], where=where), replaced


def _decode(data: bytes) -> str:
    """UTF-8 (a leading BOM dropped); undecodable bytes are kept as surrogate escapes, so that the
    record holding one is rejected on its own (see ``_bad_bytes``)."""
    text = data.decode("utf-8", "surrogateescape")
    return text[1:] if text.startswith("\ufeff") else text


def _bad_bytes(text: str, where: str = "") -> str | None:
    """Why ``text`` (raw, as decoded) cannot be read: an undecodable byte or a NUL byte (at its
    column, or ``where`` it is when given), or None."""
    m = _SURROGATE.search(text)
    nul = text.find("\x00")
    if m is None and nul < 0:
        return None
    undecodable = m is not None and (nul < 0 or m.start() < nul)
    at = where or f"at column {(m.start() if undecodable else nul) + 1}"
    return f"undecodable byte {at} (expected UTF-8)" if undecodable else f"NUL byte {at} (binary content)"


def read_text(content: str, where: str) -> Iterator[Item]:
    if "\x00" in content[:8192]:
        yield InputError(where, "not a text file (binary content)")
        return
    m = _SURROGATE.search(content)
    if m:
        line = content.count("\n", 0, m.start()) + 1
        col = m.start() - (content.rfind("\n", 0, m.start()) + 1) + 1
        yield InputError(where, f"undecodable byte at line {line}, column {col} (expected UTF-8)")
        return
    m = _TEXT_HEADER.match(content)
    if not m:
        yield InputError(where, "missing date header (expected 'date YYYY-MM-DD' before the text)")
        return
    yield from read_record({"date": m.group(1), "text": content[m.end():]}, where)


def _json_line(line: str, loc: str) -> dict | InputError:
    bad = _bad_bytes(line)
    if bad:
        return InputError(loc, bad)
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(loc, f"malformed JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return InputError(loc, "JSON nested too deeply")
    except ValueError as exc:  # e.g. an integer over Python's int-to-str limit (4300 digits)
        return InputError(loc, f"unreadable JSON value ({str(exc).split(':')[0]})")
    if not isinstance(obj, dict):
        return InputError(loc, "expected a JSON object")
    return obj


def read_jsonl(content: str, where: str) -> Iterator[Item]:
    for n, line in enumerate(content.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        loc = f"{where}:{n}"
        obj = _json_line(line, loc)
        if isinstance(obj, InputError):
            yield obj
        else:
            yield from read_record(obj, loc)


def read_csv(content: str, where: str) -> Iterator[Item]:
    # csv's field limit is process-wide: raised (never lowered) to what an article may hold
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    reader = csv.DictReader(io.StringIO(content, newline=""))
    try:
        cols = {c.strip().lower() for c in (reader.fieldnames or [])}
    except csv.Error as exc:
        yield InputError(f"{where}:1", f"malformed CSV header ({exc})")
        return
    missing = {"date", "text"} - cols
    if missing:
        yield InputError(where, f"CSV header lacks column(s) {', '.join(sorted(missing))}")
        return
    last = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # this record only: the reader goes on at the next line
            yield InputError(f"{where}:{last + 1}", f"malformed CSV ({exc})")
            last = reader.line_num
            continue
        loc = f"{where}:{last + 1}"
        last = reader.line_num
        fields = {(k or "").strip().lower(): v for k, v in row.items() if isinstance(v, str) or v is None}
        bad = next((b for k, v in fields.items() if v and (b := _bad_bytes(v, f"in field {k or '(unnamed)'}"))),
                   None)
        if bad:
            yield InputError(loc, bad)
            continue
        yield from read_record(fields, loc)


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
    content = _decode(data)
    if not content.strip():
        yield InputError(where, "empty file")
        return
    fmt = format_of(path) or sniff(content)
    yield from _READERS[fmt](content, where)


def read_stream(stream: IO[bytes], where: str = "<stdin>") -> Iterator[Item]:
    content = _decode(stream.read())
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
