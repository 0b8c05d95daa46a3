"""States built by hand for stage tests: actor mentions from a tiny country-word table, so a stage
is tested without the actors stage."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from polevent.model import Actor, Article
from polevent.pipeline.state import ActorMention, ArticleState

COUNTRY_WORDS = {"Kazakhstan": "KAZ", "Kazakh": "KAZ", "Tajikistan": "TJK", "Tajik": "TJK",
                 "Tokayev": "KAZ", "Rahmon": "TJK", "China": "CHN", "Russia": "RUS", "Nigeria": "NGA",
                 "Japan": "JPN", "Ukraine": "UKR", "Turkey": "TUR", "Uzbekistan": "UZB", "Belarus": "BLR",
                 "France": "FRA"}


def build_state(nlp, text: str, date: str = "2023-05-04", words: dict[str, str] = COUNTRY_WORDS) -> ArticleState:
    """A state whose actor mentions are the words of ``words`` (each a state actor of that country)."""
    doc = nlp(text)
    state = ArticleState(article=Article(id="t", date=dt.date.fromisoformat(date), text=text), doc=doc,
                         resources=SimpleNamespace())
    state.actor_mentions = [ActorMention(t.i, t.i + 1, [Actor(text=t.text, country=words[t.text])])
                            for t in doc if t.text in words]
    return state
