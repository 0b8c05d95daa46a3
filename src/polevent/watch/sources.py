"""What ``polevent watch`` follows. A SOURCE argument is one of

- an ``http://`` or ``https://`` URL: an RSS 2.0 or Atom feed (``FeedSource``), fetched with a
  conditional GET (ETag / Last-Modified) so an unchanged feed costs one short request;
- a folder: every article file under it (.txt, .jsonl, .csv ... as ``polevent ingest`` reads them)
  that is new or whose content changed since the last cycle (``FolderSource``);
- a ``.jsonl`` / ``.ndjson`` file that grows: the complete lines appended since the last cycle, from
  the byte offset it had reached (``JsonlSource``); a file that was replaced or truncated is read again
  from the start (the store skips what it holds).

``read(state)`` returns a ``Reading``: the items (each with its feed item key, or None) and a function
giving the state to save once they are stored. A source that cannot be read raises ``SourceError``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import InputError, SourceError, UsageError
from ..io.readers import JSONL_SUFFIXES, Item, format_of, make_article, read_file
from . import feeds
from .fetch import Fetcher

Keyed = tuple[str | None, Item]  # (feed item key or None, article or error)
HEAD_BYTES = 1024  # a growing file is the same file while its first bytes are unchanged


@dataclass
class Reading:
    items: Iterable[Keyed]
    state: Callable[[], dict]  # call after the items were consumed and stored


class FeedSource:
    kind = "feed"

    def __init__(self, url: str, fetcher: Fetcher, today: Callable[[], dt.date]):
        self.name, self.fetcher, self.today = url, fetcher, today

    def read(self, state: dict) -> Reading:
        headers = {}
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("modified"):
            headers["If-Modified-Since"] = state["modified"]
        r = self.fetcher.get(self.name, headers=headers)
        if r.status == 304:
            return Reading([], lambda: state)
        items = [(f.key, f.item) for f in feeds.parse(r.body, self.name, self.today(), r.headers)]
        new = {k: v for k, v in (("etag", r.headers.get("etag")), ("modified", r.headers.get("last-modified"))) if v}
        return Reading(items, lambda: new)


def _fingerprint(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def _files(folder: Path) -> Iterator[Path]:
    """Article files under ``folder`` (known suffixes, no hidden paths), in name order."""
    for p in sorted(folder.rglob("*")):
        if p.is_file() and format_of(p) is not None and \
                not any(part.startswith(".") for part in p.relative_to(folder).parts):
            yield p


class FolderSource:
    kind = "folder"

    def __init__(self, path: Path):
        self.path, self.name = path, str(path)

    def read(self, state: dict) -> Reading:
        if not self.path.is_dir():
            raise SourceError(f"{self.path}: no such folder")
        known: dict[str, list] = state.get("files", {})
        files: dict[str, list] = {}

        def items() -> Iterator[Keyed]:
            for p in _files(self.path):
                rel = p.relative_to(self.path).as_posix()
                try:
                    size, mtime = _fingerprint(p)
                    old = known.get(rel)
                    if old and old[0] == size and old[1] == mtime:
                        files[rel] = old
                        continue
                    digest = hashlib.sha256(p.read_bytes()).hexdigest()
                except OSError as exc:
                    yield None, InputError(str(p), f"cannot read ({exc.strerror or exc})")
                    continue
                files[rel] = [size, mtime, digest]
                if old and old[2] == digest:
                    continue  # touched, not changed
                for item in read_file(p):
                    yield None, item

        return Reading(items(), lambda: {"files": files})


class JsonlSource:
    kind = "jsonl"

    def __init__(self, path: Path):
        self.path, self.name = path, str(path)

    def read(self, state: dict) -> Reading:
        try:
            with self.path.open("rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                offset, line = state.get("offset", 0), state.get("line", 0)
                if offset and (size < offset or _head(fh, offset) != state.get("head")):
                    offset, line = 0, 0  # replaced or truncated: read it again, the store skips what it has
                fh.seek(offset)
                data = fh.read(size - offset)
                end = data.rfind(b"\n") + 1  # a last line still being written waits for the next cycle
                head = _head(fh, offset + end)
        except OSError as exc:
            raise SourceError(f"{self.path}: cannot read ({exc.strerror or exc})") from None
        complete = data[:end]
        new = {"offset": offset + end, "line": line + complete.count(b"\n"), "head": head}
        return Reading(self._items(complete, line), lambda: new)

    def _items(self, data: bytes, line: int) -> Iterator[Keyed]:
        for n, raw in enumerate(data.split(b"\n")[:-1], start=line + 1):
            where = f"{self.path}:{n}"
            try:
                text = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield None, InputError(where, f"undecodable bytes at offset {exc.start} (expected UTF-8)")
                continue
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                yield None, InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(obj, dict):
                yield None, InputError(where, "expected a JSON object")
                continue
            try:
                yield None, make_article(obj, where)
            except InputError as err:
                yield None, err


def _head(fh, upto: int) -> str:
    """Hash of the file's first min(HEAD_BYTES, upto) bytes: what identifies the file read so far."""
    fh.seek(0)
    return hashlib.sha256(fh.read(min(HEAD_BYTES, upto))).hexdigest()


Source = FeedSource | FolderSource | JsonlSource


def parse_sources(args: Iterable[str], fetcher: Fetcher, today: Callable[[], dt.date]) -> list[Source]:
    """The sources named on the command line; a usage error for anything else."""
    out: list[Source] = []
    for raw in args:
        low = raw.lower()
        if low.startswith(("http://", "https://")):
            out.append(FeedSource(raw, fetcher, today))
        elif "://" in raw:
            raise UsageError(f"{raw}: only http:// and https:// feed URLs can be watched")
        elif Path(raw).is_dir():
            out.append(FolderSource(Path(raw)))
        elif Path(raw).suffix.lower() in JSONL_SUFFIXES - {".json"}:
            out.append(JsonlSource(Path(raw)))
        else:
            raise UsageError(f"{raw}: not a feed URL, a folder or a .jsonl file")
    names = [s.name for s in out]
    if len(set(names)) != len(names):
        raise UsageError("a source is named twice")
    return out
