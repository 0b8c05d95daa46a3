"""Hand-made coded articles for store tests (no model): one event, one quantity, one agreement."""
import datetime as dt

from polevent.model import (Actor, Agreement, Article, Cameo, CodedArticle, Event, Evidence, Location, Period,
                            Plover, Quantity)


def coded(text="Kazakhstan and Tajikistan signed a treaty.", date="2023-05-04", src="KAZ", tgt="TJK", code="057",
          plover="SUPPORT", goldstein=8.0, quad=1, precision="day", location: Location | None = None,
          reciprocal=True):
    d = dt.date.fromisoformat(date[:10]) if precision == "day" else dt.date(int(date[:4]), 1, 1)
    a = Article(id=Article.content_id(d, text), date=d, text=text)
    ev = Evidence(sentence=text, sentence_index=0, start=0, end=len(text), trigger="signed")
    e = Event(event_id=f"{a.id}-{src}-{tgt}", article_id=a.id, date=date, date_precision=precision,
              article_date=d.isoformat(), source=Actor(text=src, country=src), target=Actor(text=tgt, country=tgt),
              cameo=Cameo(code=code, root=code[:2], name="Sign formal agreement", goldstein=goldstein,
                          quad_class=quad),
              plover=Plover(type=plover, context=["diplomatic"]), modality="asserted", location=location,
              evidence=ev, rule="test", confidence=0.8, reciprocal=reciprocal)
    q = Quantity(indicator="mutual trade", indicator_raw="mutual trade", parties=[src, tgt], period="2023-2025",
                 value=2e9, unit="USD", qualifier="up to", kind="target", change_pct=None, evidence=ev)
    g = Agreement(name="Roadmap", kind="roadmap", parties=[src, tgt], signed=date, period=Period("2023", "2025"),
                  targets=[q], evidence=ev)
    return CodedArticle(article=a, events=[e], quantities=[q], agreements=[g])
