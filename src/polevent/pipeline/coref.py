"""Country-less institutions and definite descriptions, resolved inside the article.

Runs at the end of the actor stage, over the mentions already resolved. Conservative by design:
an expression is resolved only when the article leaves one candidate; otherwise it stays as it was
(no country), which later stages treat as unknown. Rules (the ``reason`` suffix in parentheses):

1. **Same kind named just before** (``coref:``): "the minister", "the president", "the government",
   "the militants", "the ministry" named without a country take the actor of the same kind (same
   sector; for a title, a compatible role) named in the same or the previous two sentences, when
   those name exactly one country (for a title, exactly one person: the person is copied).
2. **Same role earlier in the article** (``coref:same-role``): a title ("the prime minister") whose
   role every earlier mention in the article gives to one person is that person.
3. **Home country** (``home-country:``): domestic institutions ("the cabinet", "parliament",
   "police", "the army", "the interior ministry", "the opposition", "the prime minister"; not "the
   president" or "the chancellor", titles that differ between countries) take the
   article's home country (see home.py) when no earlier mention of the same kind names another
   country; a singular title then resolves to the office holder on the article's date
   (``+office-holder``). Nothing is filled when a modifier or a complement names another owner
   ("Kurdish authorities", "the government of the region", "its parliament").
4. **The group / the organisation** (``coref:``): "the group", "the organisation", "the movement"
   take the one organisation or armed group named in the same or the previous two sentences.
5. **Pronouns** (notes only): a subject "he"/"she" whose previous two sentences (and its own,
   before it) name exactly one person, or failing that its own and the previous one, is recorded in
   ``state.notes["pronoun_antecedents"]`` as ``{token index: (Actor, reason)}``; the event stage
   decides whether to use it.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import replace

from spacy.tokens import Doc

from ..actordata import ActorData, norm
from ..model import Actor
from .state import ActorMention

# agent phrases that name a state institution of the article's own country when said without one
_WORDS = """government|administration|authorities|cabinet|ministry|foreign ministry|interior ministry|defence ministry|
defense ministry|presidency|parliament|legislature|senate|congress|national assembly|house of representatives|police|
riot police|army|military|supreme court|constitutional court|judiciary|opposition|opposition party|opposition leader|
ruling party|prime minister|premier|foreign minister|foreign secretary|
home secretary|home minister|interior minister|defence minister|defense minister|defence secretary|
defense secretary|finance minister|justice minister|attorney general|state media|state television|central bank|
intelligence service|security service|mps|lawmakers|chancellor of the exchequer"""
DOMESTIC = frozenset(w.strip() for w in _WORDS.replace("\n", "").split("|"))
ARMED_DEFINITE = frozenset("militants rebels fighters jihadists insurgents extremists militia".split())
DATELINE_ONLY = frozenset(("army", "military", "opposition", "opposition party", "opposition leader"))
HOLDER_ONLY = frozenset(("head of state", "vice president"))  # titles many countries do not have
OK_MODIFIERS = frozenset("the new top senior interim acting current outgoing incoming country 's nation".split())
OWNER_PREPS = frozenset(("of", "in", "for", "from"))
GROUP_WORDS = frozenset(("group", "organisation", "organization", "movement"))
REB_SECTORS = frozenset(("REB", "PRM", "UAF"))
NOT_COUNTRIES = frozenset(("IGO", "NGO"))
WINDOW = 2  # previous sentences searched for an antecedent


def _code(country: str | None, sector: str | None) -> str | None:
    return country + (sector or "") if country else None


def _roles_match(title: str | None, role: str | None) -> bool:
    if not title or not role or role.startswith("former"):
        return False
    if title == role:
        return True
    return title == "minister" and ("minister" in role or "secretary" in role)


class Coreference:
    """Resolves country-less mentions of one document against the mentions before them."""

    def __init__(self, doc: Doc, data: ActorData, on: dt.date, home: tuple[str, str] | None,
                 sent_of: list[int]):
        self.doc, self.data, self.on, self.home = doc, data, on, home
        self.sent_of = sent_of  # token index -> sentence index

    def resolve(self, mentions: list[ActorMention]) -> list[ActorMention]:
        out: list[ActorMention] = []
        self._seen: list[tuple[int, Actor, str]] = []  # (sentence, actor, text) of the mentions so far
        for m in mentions:
            done = self._one(m, out, mentions) or m
            out.append(done)
            text = self.doc[done.start:done.end].text.lower()
            self._seen.extend((self.sent_of[done.start], x, text) for x in done.actors)
        out += self._groups(out)
        return sorted(out, key=lambda m: m.start)

    # ---- institutions and titles
    def _one(self, m: ActorMention, before: list[ActorMention], every: list[ActorMention]) -> ActorMention | None:
        if len(m.actors) != 1:
            return None
        a = m.actors[0]
        if a.country or a.reason != "agent" or not self._bare(m):
            return None
        phrase = norm(self.doc[m.start:m.end].text)
        s = self.sent_of[m.start]
        if phrase in ARMED_DEFINITE:
            return self._armed_group(m, phrase, before, s)
        title = a.kind == "person" and a.role is not None and self.doc[m.end - 1].tag_ in ("NN", "NNP")
        if a.sector is None or (phrase not in DOMESTIC and not title):
            return None
        head = phrase.split()[-1][:6]  # "authorities" ~ "authority", "ministry" ~ "ministries"
        if title:  # the same role: "the minister" after "Foreign Minister Jane Roe"
            pairs = [(k, x) for k, x, _ in self._earlier(before) if x.kind == "person" and x.country
                     and x.country not in NOT_COUNTRIES and _roles_match(a.role, x.role)]
        else:  # the same institution: "the government" after "the Syrian government"
            pairs = [(k, x) for k, x, text in self._earlier(before) if x.sector == a.sector and x.country
                     and x.country not in NOT_COUNTRIES and head in text]
        recent = [x for k, x in pairs if k >= s - WINDOW]
        if recent:
            if title:
                people = {(x.id or x.name) for x in recent}
                if len(people) == 1 and recent[-1].name:
                    return self._copy(m, recent[-1], f"coref:{phrase}->{recent[-1].name}")
                return None
            countries = {x.country for x in recent}
            if len(countries) == 1:
                c = countries.pop()
                return self._fill(m, a, c, f"coref:{phrase}->{c}")
            return None
        if title:  # the one person the whole article gives that role ("The prime minister has confirmed ...")
            same = [x for mm in every for x in mm.actors if x.kind == "person" and x.name and x.country
                    and x.country not in NOT_COUNTRIES and _roles_match(a.role, x.role) and x.reason != "agent"]
            people = {(x.id or x.name) for x in same}
            if len(people) == 1:
                return self._copy(m, same[0], f"coref:same-role:{phrase}->{same[0].name}")
            if people:
                return None
        if self.home is None or phrase not in DOMESTIC:
            return None
        home, why = self.home
        if any(x.country != home for _, x in pairs):
            return None
        if phrase in DATELINE_ONLY and "dateline" not in why:
            return None  # armies and oppositions are as often foreign: only with a dateline
        if a.sector == "MIL" and (any(x.sector == "MIL" and x.country not in (home, None)
                                      for _, x, _ in self._earlier(before))
                                  or any(x.country not in (home, None) for k, x, _ in self._earlier(before) if k == s)):
            return None  # armies are as often foreign: not when the article or the sentence names another
        return self._fill(m, a, home, why)

    def _armed_group(self, m: ActorMention, phrase: str, before: list[ActorMention], s: int) -> ActorMention | None:
        """"the militants", "the rebels" after "Islamic State fighters": the one armed organisation
        named in the same or the previous two sentences."""
        if m.start == 0 or self.doc[m.start - 1].lower_ != "the" or self.doc[m.end - 1].dep_ in ("compound", "amod"):
            return None
        prev = [x for k, x, _ in self._earlier(before) if k >= s - WINDOW and x.sector in REB_SECTORS
                and x.kind == "group" and (x.reason or "").startswith("org") and x.name]
        if len({x.name for x in prev}) != 1:
            return None
        return self._copy(m, prev[-1], f"coref:the {phrase}->{prev[-1].name}")

    def _bare(self, m: ActorMention) -> bool:
        """No modifier or complement names the institution's owner ("Kurdish authorities", "its
        parliament", "the government of the region")."""
        doc = self.doc
        i = m.start - 1
        while i >= 0 and doc[i].lower_ in OK_MODIFIERS:
            i -= 1
        if i >= 0:
            prev = doc[i]
            if prev.dep_ in ("amod", "compound", "nmod", "poss") and m.start <= prev.head.i < m.end + 1:
                return False
            if prev.tag_ == "PRP$" or prev.pos_ == "PROPN" or (prev.pos_ == "ADJ" and prev.text[:1].isupper()):
                return False
        if m.end < len(doc) and doc[m.end].lower_ in OWNER_PREPS:
            return False
        last = doc[m.end - 1]
        if last.dep_ in ("amod", "compound", "nmod") and last.head.i >= m.end:
            return False  # a modifier: "military strikes", "government targets", "cabinet meeting"
        return True

    def _fill(self, m: ActorMention, a: Actor, country: str, why: str) -> ActorMention:
        name, pid, reason = self.data.country_by_code(country), None, f"{a.reason}+{why}"
        name = name.name if name is not None else None
        if a.kind == "person" and a.role and not why.startswith("coref"):
            held = self.data.holder(country, {"leader": "head of state"}.get(a.role, a.role), self.on)
            if held is not None:
                name, pid, reason = held[0].name, held[0].id, reason + "+office-holder"
            elif a.role in HOLDER_ONLY:
                return m  # "the president" of a country whose president the data does not know: leave it
        actor = replace(a, country=country, code=_code(country, a.sector), name=name, id=pid, reason=reason)
        return ActorMention(m.start, m.end, [actor], actor.reason)

    def _copy(self, m: ActorMention, src: Actor, why: str) -> ActorMention:
        actor = replace(src, text=self.doc[m.start:m.end].text, reason=why)
        return ActorMention(m.start, m.end, [actor], why)

    def _earlier(self, before: list[ActorMention]) -> list[tuple[int, Actor, str]]:
        """(sentence index, actor, mention text in lower case) of the mentions before (``before``
        is the list ``resolve`` is building; its entries are kept in ``self._seen``)."""
        return self._seen

    def _window(self, mentions: list[ActorMention], starts: list[int], i: int) -> list[ActorMention]:
        """Mentions (sorted by start; ``starts`` their starts) before token ``i``, in its sentence and
        the previous two."""
        lo = bisect.bisect_left(starts, self._first_token(self.sent_of[i] - WINDOW))
        hi = bisect.bisect_left(starts, i)
        return mentions[lo:hi]

    def _first_token(self, k: int) -> int:
        """The first token of sentence ``k`` (0 before the first sentence)."""
        if k <= 0:
            return 0
        return bisect.bisect_left(self.sent_of, k)

    # ---- "the group", "the organisation"
    def _groups(self, mentions: list[ActorMention]) -> list[ActorMention]:
        covered = {i for m in mentions for i in range(m.start, m.end)}
        mentions = sorted(mentions, key=lambda m: m.start)
        starts = [m.start for m in mentions]
        out = []
        for tok in self.doc:
            if tok.lower_ not in GROUP_WORDS or tok.i in covered or tok.i == 0 or self.doc[tok.i - 1].lower_ != "the":
                continue
            if tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ in OWNER_PREPS | {"'s"}:
                continue
            if tok.tag_ != "NN":
                continue
            prev = [x for m in self._window(mentions, starts, tok.i) if len(m.actors) == 1
                    for x in m.actors if _is_organisation(x)]
            names = {x.name for x in prev}
            if len(names) != 1:
                continue
            src = prev[-1]
            actor = replace(src, text=f"the {tok.text}", reason=f"coref:the {tok.lower_}->{src.name}")
            out.append(ActorMention(tok.i - 1, tok.i + 1, [actor], actor.reason))
        return out

    # ---- pronouns
    def pronouns(self, mentions: list[ActorMention]) -> dict[int, tuple[Actor, str]]:
        found: dict[int, tuple[Actor, str]] = {}
        mentions = sorted(mentions, key=lambda m: m.start)
        starts = [m.start for m in mentions]
        for tok in self.doc:
            if tok.lower_ not in ("he", "she") or tok.dep_ != "nsubj":
                continue  # "He said ...", and "“...,” he said": the one person named just before
            window = self._window(mentions, starts, tok.i)
            people = [x for m in window for x in m.actors if x.kind == "person" and x.name and len(m.actors) == 1]
            near = [x for m in window if self.sent_of[m.start] >= self.sent_of[tok.i] - 1
                    for x in m.actors if x.kind == "person" and x.name and len(m.actors) == 1]
            if len({x.id or x.name for x in people}) != 1 and len({x.id or x.name for x in near}) == 1:
                people = near  # the one person of this sentence and the previous one is nearer than others
            if len({x.id or x.name for x in people}) == 1:
                why = f"coref:pronoun->{people[-1].name}"
                found[tok.i] = (replace(people[-1], text=tok.text, reason=why), why)
        return found


def _is_organisation(a: Actor) -> bool:
    reason = a.reason or ""
    if a.kind in ("ngo", "igo"):
        return True
    return a.kind == "group" and reason.startswith("org") and bool(a.name)
