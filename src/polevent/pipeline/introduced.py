"""People as the article introduces them: its own words about who someone is beat the actor data.

News introduces a person once with a title ("The US national security adviser, John Bolton, ...",
"Home Secretary Sajid Javid", "Brandon Lewis, the Conservative party chairman") and then uses the
bare surname ("Bolton said", "Javid's decision"). The actor data may not know the person (Javid) or
know an older office (Bolton as an official of 2005-06, "former" on later dates). Runs at the end of
the actor stage, after coreference; two rules (the ``reason`` suffix in parentheses):

1. **Title before the name, in apposition** (``+title-apposition``): "the <title>, <Name>," is one
   mention, the person with the title's country, sector and role (the name's entry, if any, keeps
   its name and id). "Kenzo Oshima, the UN coordinator" (name first) is handled in actors.py.
2. **Later surnames** (``surname-coreference:introduced``): a person introduced with a title (a
   mention with a person name and title words, whose actor has a country) gives that actor to every
   later bare mention of the surname, known to the data or not. A surname shared by two people the
   article introduces differently is left alone.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from ..model import Actor
from .state import ActorMention
from .syntax import is_date_word

PERSON_LABEL = "PERSON"
TITLE_PREPS = frozenset(("to", "in", "at", "for", "of"))  # "the ambassador to the UK, Jane Roe,"
# reasons of single-word mentions that a surname of an introduced person may replace
REPLACEABLE = ("person-surname", "surname-coreference", "person-name")


def _person_at(doc: Doc, i: int) -> Span | None:
    """The PERSON entity that starts at token ``i`` (read from the token's entity tags, not by a scan
    of ``doc.ents``: this runs for every mention of a long article)."""
    if i >= len(doc) or doc[i].ent_iob_ != "B" or doc[i].ent_type_ != PERSON_LABEL:
        return None
    j = i + 1
    while j < len(doc) and doc[j].ent_iob_ == "I":
        j += 1
    return doc[i:j]


def _name_in(doc: Doc, start: int, end: int) -> Span | None:
    """The person name (a PERSON entity) inside the tokens ``start:end``."""
    for i in range(start, end):
        ent = _person_at(doc, i)
        if ent is not None and ent.end <= end:
            return ent
    return None


def _person_after(doc: Doc, i: int, title_head: int) -> Span | None:
    """The person name starting at token ``i``: a PERSON entity, or a run of capitalised proper
    nouns in apposition to the title (the tagger takes unfamiliar names for organisations)."""
    ent = _person_at(doc, i)
    if ent is not None:
        return ent
    j = i
    while j < len(doc) and j - i < 4 and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
        j += 1
    if j - i < 2 or doc[i].ent_type_ not in ("", PERSON_LABEL, "ORG"):
        return None
    run = doc[i:j]
    return run if run.root.dep_ == "appos" and run.root.head.i == title_head else None


def _trailing_name(doc: Doc, m: ActorMention) -> Span | None:
    """The person name at the end of a mention ("Home Secretary Jane Roe", "the envoy, Jane Roe")."""
    name = _name_in(doc, m.start, m.end)
    if name is not None:
        return name
    if not (m.reason or "").endswith("title-apposition"):
        return None
    j = m.end
    while j > m.start and doc[j - 1].pos_ == "PROPN" and doc[j - 1].text[:1].isupper():
        j -= 1
    return doc[j:m.end] if j < m.end else None


def _surname(name: Span) -> str | None:
    toks = [t for t in name if t.tag_ != "POS" and t.text not in ("'s", "’s")]
    return toks[-1].text.lower() if toks and toks[-1].text[:1].isupper() else None


def title_appositions(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """Rule 1: "the <title>, <Name>," -> one mention with the title's affiliation."""
    by_start = {m.start: m for m in mentions}
    out: list[ActorMention] = []
    skip: set[int] = set()
    for m in mentions:
        if id(m) in skip:
            continue
        title = m.actors[0] if len(m.actors) == 1 else None
        comma = _comma_after_title(doc, m)
        if (title is None or title.kind != "person" or title.id is not None or not title.country or title.role is None
                or _name_in(doc, m.start, m.end) is not None or comma is None):
            out.append(m)
            continue
        name = _person_after(doc, comma + 1, doc[m.start:m.end].root.i)
        after = name.end if name is not None else None
        if name is None or after >= len(doc) or doc[after].text not in (",", "–", "—", "-") and \
                doc[after].pos_ not in ("VERB", "AUX"):
            out.append(m)
            continue
        known = by_start.get(name.start)
        base = known.actors[0] if known is not None and len(known.actors) == 1 and \
            known.actors[0].kind == "person" else None
        actor = replace(title, text=doc[m.start:name.end].text,
                        name=base.name if base is not None else name.text,
                        id=base.id if base is not None else None,
                        reason=(title.reason or "agent") + "+title-apposition")
        skip.update(id(x) for x in mentions if m.end <= x.start and x.end <= name.end)  # the name, "the UK"
        out.append(ActorMention(m.start, name.end, [actor], actor.reason))
    return [m for m in out if id(m) not in skip]


def _comma_after_title(doc: Doc, m: ActorMention) -> int | None:
    """The comma before the name: right after the title, or after the title's own short phrase
    ("Russia's ambassador to the UK, Alexander Yakovenko,")."""
    if m.end < len(doc) and doc[m.end].text == ",":
        return m.end
    root = doc[m.start:m.end].root
    if m.end < len(doc) and doc[m.end].lower_ in TITLE_PREPS and doc[m.end].head.i == root.i:
        for j in range(m.end + 1, min(len(doc), m.end + 7)):
            if doc[j].text == ",":
                return j
            if not root.is_ancestor(doc[j]):
                return None
    return None


def introduced_surnames(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """Rule 2: later bare surnames of people introduced with a title take the introduced actor."""
    intro: dict[str, tuple[int, Actor]] = {}
    ambiguous: set[str] = set()
    for m in mentions:
        a = m.actors[0] if len(m.actors) == 1 else None
        if a is None or a.kind != "person" or not a.country or m.end - m.start < 2:
            continue
        name = _trailing_name(doc, m)
        if name is None or (name.start == m.start and name.end == m.end):
            continue  # a bare name: nothing introduces it
        key = _surname(name)
        if key is None:
            continue
        if key in intro and (intro[key][1].country, intro[key][1].sector) != (a.country, a.sector):
            ambiguous.add(key)
        intro.setdefault(key, (m.end, a))
    for key in ambiguous:
        intro.pop(key, None)
    if not intro:
        return mentions
    covered = {i: m for m in mentions for i in range(m.start, m.end)}
    out = [m for m in mentions]
    for tok in doc:
        key = tok.lower_
        if key not in intro or tok.pos_ != "PROPN" or tok.i < intro[key][0] or is_date_word(tok):
            continue  # "in May 2019" is not Theresa May
        m = covered.get(tok.i)
        titled = m is not None and m.end - 1 == tok.i and len(m.actors) == 1 and m.actors[0].kind == "person" \
            and m.actors[0].id is None  # "Ambassador Yakovenko": a title before the bare surname
        if m is not None and not titled and not (m.end - m.start == 1 and (m.reason or "").startswith(REPLACEABLE)):
            continue
        a = intro[key][1]
        actor = replace(a, text=tok.text, reason="surname-coreference:introduced")
        new = ActorMention(tok.i, tok.i + 1, [actor], actor.reason)
        if m is not None:
            out[out.index(m)] = new
        else:
            out.append(new)
    return sorted(out, key=lambda m: m.start)
