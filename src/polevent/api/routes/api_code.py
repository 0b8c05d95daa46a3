"""POST /api/code: code one posted article and return its records, without storing anything.

Coding runs in the app's bounded pool (``api.coding``), never on the request loop: reads go on
while an article is coded."""
from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from ...errors import UsageError
from ...model import Article
from .. import deps

router = APIRouter(prefix="/api", tags=["coding"])


class ArticleIn(BaseModel):
    """A dated article; ``id`` defaults to a hash of date and text, as in ``polevent code``."""

    model_config = ConfigDict(extra="forbid")
    date: dt.date = Field(description="publication date, YYYY-MM-DD")
    text: str = Field(min_length=1, description="the article text")
    title: str | None = None
    url: str | None = None
    source: str | None = None
    id: str | None = Field(None, max_length=200)


@router.post("/code", summary="Code a posted article (nothing is stored)",
             responses={413: {"description": "request body too large"},
                        503: {"description": "the coder cannot be loaded, or every coder is busy "
                                             "(Retry-After)"},
                        504: {"description": "the article was not coded within the time budget"}})
async def code(article: ArticleIn, request: Request) -> dict:
    """Returns ``{"article", "events", "quantities", "agreements"}`` as ``polevent code --format json``."""
    limit = deps.settings(request).max_text_chars
    if not article.text.strip():
        raise UsageError("text: the article text is empty")
    if len(article.text) > limit:
        raise UsageError(f"text: {len(article.text)} characters; the limit is {limit}")
    art = Article(id=article.id or Article.content_id(article.date, article.text), date=article.date,
                  text=article.text, title=article.title, url=article.url, source=article.source)
    return await request.app.state.coding.code(art)
