"""Per-article containment: whatever one article raises while it is coded or stored becomes one
reported error naming the article (``polevent: skipped [E008] news.jsonl:7: ...``); the other
articles of its batch are coded and stored."""
from __future__ import annotations

from typing import Callable

from .errors import ArticleError, InputError
from .model import Article

OnError = Callable[[Article, BaseException], None]
MAX_REASON = 200  # characters of an exception's message kept in the one-line report


def where_of(article: Article) -> str:
    """Where the article was read (``news.jsonl:7``), or its id when it was not read from a file."""
    return article.where or f"article {article.id}"


def failure(article: Article, exc: BaseException, doing: str = "code") -> InputError:
    """``exc``, raised while ``doing`` ``article``, as the one-line error to report."""
    if isinstance(exc, InputError):  # already names the article and the reason (e.g. over its time budget)
        return exc
    msg = " ".join(str(exc).split())
    msg = msg if len(msg) <= MAX_REASON else msg[:MAX_REASON] + "..."
    return ArticleError(where_of(article), f"cannot {doing} this article ({exc.__class__.__name__}"
                                           f"{': ' + msg if msg else ''})")


def reporting(report: Callable[[InputError], None], doing: str = "code") -> OnError:
    """An ``on_error`` callback that reports each failure as one line through ``report``."""
    return lambda article, exc: report(failure(article, exc, doing))
