"""RSS 2.0 and Atom feed items to articles, with feedparser (given the bytes: it never fetches).

An item's key is its feed id (RSS ``guid``, Atom ``id``), else its link, else a hash of its title and
text; the article id is a hash of the key, so the same item seen again, in any feed, is the same article.
Text: the item's full content when the feed has it, else its summary, HTML stripped. Date: the item's
published date, else its updated date, else today (UTC). URL, title and the feed's title are kept.
A feed that is not well-formed XML is rejected whole (``_broken``), so no half-read item is stored.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import xml.sax
from dataclasses import dataclass
from typing import Iterator

import feedparser

from ..errors import InputError, SourceError
from ..model import Article
from .html import to_text


@dataclass(frozen=True)
class FeedItem:
    key: str
    item: Article | InputError


def article_id(key: str) -> str:
    return hashlib.sha256(f"feed-item\n{key}".encode("utf-8")).hexdigest()[:16]


def _key(entry) -> str:
    for name in ("id", "link"):
        value = (entry.get(name) or "").strip()
        if value:
            return value
    body = f"{entry.get('title') or ''}\n{entry.get('summary') or ''}"
    return "sha256:" + hashlib.sha256(body.encode("utf-8")).hexdigest()


def _text(entry) -> str:
    for part in entry.get("content") or []:
        text = to_text(part.get("value") or "")
        if text:
            return text
    return to_text(entry.get("summary") or "")


def _date(entry, today: dt.date) -> dt.date:
    for name in ("published_parsed", "updated_parsed"):
        value = entry.get(name)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return today


def _broken(problem: object) -> bool:
    """Not well-formed XML (cut short, mismatched tags): the items may be cut too, so none is taken and
    the feed is read again next cycle. HTML entities such as &nbsp;, which many feeds use, are tolerated."""
    return isinstance(problem, xml.sax.SAXException) and "undefined entity" not in str(problem)


def parse(body: bytes, url: str, today: dt.date, headers: dict[str, str] | None = None) -> Iterator[FeedItem]:
    """The items of a feed document; raises SourceError when it is not a readable RSS or Atom feed."""
    doc = feedparser.parse(body, response_headers=headers or {}, sanitize_html=True, resolve_relative_uris=False)
    problem = doc.get("bozo_exception")
    if doc.get("bozo") and (not doc.entries or _broken(problem)):
        reason = " ".join(str(problem or "not well-formed").split())
        raise SourceError(f"{url}: malformed feed ({reason[:200]})")
    if not doc.get("version") and not doc.entries:
        raise SourceError(f"{url}: not an RSS or Atom feed")
    source = to_text(doc.feed.get("title") or "") or url
    for n, entry in enumerate(doc.entries, start=1):
        key = _key(entry)
        where = f"{url} item {n} ({key[:80]})"
        text = _text(entry)
        link = (entry.get("link") or "").strip() or None
        if not text:
            yield FeedItem(key, InputError(where, "no content or summary to code"))
            continue
        title = to_text(entry.get("title") or "") or None
        yield FeedItem(key, Article(id=article_id(key), date=_date(entry, today), text=text, title=title,
                                    url=link, source=source))
