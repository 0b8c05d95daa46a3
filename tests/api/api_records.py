"""A small hand-made store for the API and browser tests (no spaCy): five articles written for these tests.

- 2023-05-04, Kazakhstan-Tajikistan: a signing (both directions), a summit intention dated 2023-09 in
  Dushanbe, a Roadmap with a $2 billion trade target for 2023-2025, and 2022 trade of $1.5 billion.
- 2023-05-05, another outlet reporting the same signing (a second mention of that event).
- 2025-02-10, a follow-up: 2024 trade between the two reached $1.8 billion.
- 2024-02-24, Russia attacks Ukraine near Kharkiv (material conflict).
- 2023-03-08, an article whose text, title and url carry HTML and script, to check escaping.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from polevent.model import (Actor, Agreement, Article, Cameo, CodedArticle, Event, Evidence, Location, Period,
                            Plover, Quantity)
from polevent.store.db import Store

KZ_TEXT = ("Kazakh President Kassym-Jomart Tokayev and Tajik President Emomali Rahmon signed the 2023-2025 "
           "Roadmap in Astana on Thursday. The Roadmap aims to bring mutual trade up to $2 billion. "
           "Trade turnover between the two countries approached $1.5 billion in 2022. "
           "Tokayev confirmed that he will attend the summit in Dushanbe in September.")
ECHO_TEXT = "Tajikistan and Kazakhstan signed a trade Roadmap in Astana on Thursday, officials in Dushanbe said."
FOLLOW_TEXT = "Trade between Kazakhstan and Tajikistan reached $1.8 billion in 2024, the Kazakh trade ministry said."
WAR_TEXT = "Russian forces shelled the outskirts of Kharkiv on Saturday, Ukrainian officials said."
SCRIPT_TEXT = ("Protesters in Tbilisi chanted <script>document.title='pwned'</script> outside parliament. "
               "Georgia <b>criticized</b> Russia over the law.")
SCRIPT_TITLE = "<img src=x onerror=\"document.title='pwned'\"> Tbilisi protest"

DUSHANBE = (38.53575, 68.77905)
KHARKIV = (49.98081, 36.25272)


def _article(text: str, date: str, title: str | None = None, url: str | None = None) -> Article:
    d = dt.date.fromisoformat(date)
    return Article(id=Article.content_id(d, text), date=d, text=text, title=title, url=url, source="test")


def _evidence(text: str, sentence: str, trigger: str) -> Evidence:
    start = text.index(sentence)
    index = text[:start].count(". ")
    return Evidence(sentence=sentence, sentence_index=index, start=start, end=start + len(sentence), trigger=trigger)


def _event(a: Article, n: int, ev: Evidence, src: Actor, tgt: Actor | None, cameo: Cameo, ptype: str,
           modality: str = "asserted", date: str | None = None, location: Location | None = None) -> Event:
    date = date or a.date.isoformat()
    return Event(event_id=f"{a.id[:10]}-{n}", article_id=a.id, date=date,
                 date_precision={4: "year", 7: "month", 10: "day"}[len(date)], article_date=a.date.isoformat(),
                 source=src, target=tgt, cameo=cameo, plover=Plover(type=ptype, context=["diplomatic"]),
                 modality=modality, location=location, evidence=ev, rule="test:hand-made", confidence=0.9,
                 reciprocal=False)


def _state(text: str, iso3: str, name: str) -> Actor:
    return Actor(text=text, name=name, country=iso3, sector="GOV", kind="state", code=f"{iso3}GOV")


SIGN = Cameo(code="057", root="05", name="Sign formal agreement", goldstein=8.0, quad_class=1)
VISIT = Cameo(code="036", root="03", name="Express intent to meet or negotiate", goldstein=4.0, quad_class=1)
FIGHT = Cameo(code="190", root="19", name="Use conventional military force", goldstein=-10.0, quad_class=4)
CRITICIZE = Cameo(code="111", root="11", name="Criticize or denounce", goldstein=-2.0, quad_class=3)


def kz_article() -> CodedArticle:
    a = _article(KZ_TEXT, "2023-05-04", title="Kazakhstan and Tajikistan sign Roadmap")
    s1, s2, s3, s4 = (s if s.endswith(".") else s + "." for s in KZ_TEXT.split(". "))
    kaz = _state("Kazakh President Kassym-Jomart Tokayev", "KAZ", "Kassym-Jomart Tokayev")
    tjk = _state("Tajik President Emomali Rahmon", "TJK", "Emomali Rahmon")
    sign = _evidence(KZ_TEXT, s1, "signed")
    events = [_event(a, 1, sign, kaz, tjk, SIGN, "AGREE"), _event(a, 2, sign, tjk, kaz, SIGN, "AGREE"),
              _event(a, 3, _evidence(KZ_TEXT, s4, "confirmed attend"),
                     _state("Tokayev", "KAZ", "Kassym-Jomart Tokayev"),
                     _state("Dushanbe", "TJK", "Tajikistan"), VISIT, "CONSULT", modality="intended",
                     date="2023-09", location=Location("Dushanbe", "TJK", lat=DUSHANBE[0], lon=DUSHANBE[1]))]
    target = Quantity(indicator="trade turnover", indicator_raw="mutual trade", parties=["KAZ", "TJK"],
                      period="2023-2025", value=2e9, unit="USD", qualifier="up to", kind="target", change_pct=None,
                      evidence=_evidence(KZ_TEXT, s2, "up to $2 billion"))
    base = Quantity(indicator="trade turnover", indicator_raw="trade turnover", parties=["KAZ", "TJK"],
                    period="2022", value=1.5e9, unit="USD", qualifier="approx", kind="actual", change_pct=None,
                    evidence=_evidence(KZ_TEXT, s3, "$1.5 billion"))
    roadmap = Agreement(name="2023-2025 Roadmap", kind="roadmap", parties=["KAZ", "TJK"], signed="2023-05-04",
                        period=Period("2023", "2025"), targets=[target], evidence=sign)
    return CodedArticle(article=a, events=events, quantities=[target, base], agreements=[roadmap])


def echo_article() -> CodedArticle:
    """Another outlet reporting the same signing a day later: one more mention of the same event."""
    a = _article(ECHO_TEXT, "2023-05-05", title="Roadmap signed")
    ev = _evidence(ECHO_TEXT, ECHO_TEXT, "signed")
    tjk, kaz = _state("Tajikistan", "TJK", "Tajikistan"), _state("Kazakhstan", "KAZ", "Kazakhstan")
    return CodedArticle(article=a, events=[_event(a, 1, ev, tjk, kaz, SIGN, "AGREE", date="2023-05-04")])


def follow_up() -> CodedArticle:
    a = _article(FOLLOW_TEXT, "2025-02-10")
    q = Quantity(indicator="trade turnover", indicator_raw="trade", parties=["KAZ", "TJK"], period="2024",
                 value=1.8e9, unit="USD", qualifier=None, kind="actual", change_pct=None,
                 evidence=_evidence(FOLLOW_TEXT, FOLLOW_TEXT, "$1.8 billion"))
    return CodedArticle(article=a, quantities=[q])


def war_article() -> CodedArticle:
    a = _article(WAR_TEXT, "2024-02-24", url="https://example.org/kharkiv")
    ev = _evidence(WAR_TEXT, WAR_TEXT, "shelled")
    rus = Actor(text="Russian forces", name="Russia", country="RUS", sector="MIL", kind="state", code="RUSMIL")
    ukr = Actor(text="Kharkiv", name="Ukraine", country="UKR", kind="state", code="UKR")
    loc = Location("Kharkiv", "UKR", lat=KHARKIV[0], lon=KHARKIV[1])
    return CodedArticle(article=a, events=[_event(a, 1, ev, rus, ukr, FIGHT, "FIGHT", location=loc)])


def script_article() -> CodedArticle:
    a = _article(SCRIPT_TEXT, "2023-03-08", title=SCRIPT_TITLE, url="javascript:document.title='pwned'")
    sentence = SCRIPT_TEXT.split(". ")[1]
    ev = _evidence(SCRIPT_TEXT, sentence, "<b>criticized</b>")
    geo = _state("Georgia <b>", "GEO", "Georgia")
    rus = _state("Russia", "RUS", "Russia")
    first = _evidence(SCRIPT_TEXT, SCRIPT_TEXT.split(". ")[0] + ".", "chanted")
    return CodedArticle(article=a, events=[
        _event(a, 1, ev, geo, rus, CRITICIZE, "DISAPPROVE"),
        _event(a, 2, first, Actor(text="<script>document.title='pwned'</script>", country="GEO", sector="CVL",
                                  kind="group"), None, CRITICIZE, "DISAPPROVE")])


def ALL_ARTICLES() -> list[CodedArticle]:
    return [kz_article(), echo_article(), follow_up(), war_article(), script_article()]


def build(path: Path) -> Path:
    with Store(path) as store:
        for coded in ALL_ARTICLES():
            store.add(coded, model="hand-made")
    return path


class FakeCoder:
    """Stands in for the spaCy coder where only the HTTP side of POST /api/code is under test."""

    def __init__(self):
        self.seen = []

    def code_one(self, article):
        self.seen.append(article)
        return CodedArticle(article=article)
