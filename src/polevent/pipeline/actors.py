"""Actor resolution: which words of the article name an actor, and who that actor is on the article's date.

The stage finds dictionary phrases with two spaCy PhraseMatchers (acronyms by exact spelling,
everything else case-insensitively), groups adjacent phrases into one noun phrase
("Kazakh President Kassym-Jomart Tokayev", "officials of Tajikistan", "Lebanon's new President
Elias Hrawi"), resolves each group to a :class:`polevent.model.Actor`, then joins coordinated
groups ("Kazakhstan and Tajikistan") into one compound mention and resolves collective phrases
("the two sides", "the Presidents") to the article's main pair of countries. People are resolved
with their role on the article's date. Every actor records the rule that produced it (``reason``).
"""
from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..actordata import ActorData, AgentEntry, CountryEntry, OrgEntry, PersonEntry, RoleSpell, norm, pick_person
from ..model import Actor
from .coref import Coreference
from .home import dateline_country, home_country
from .introduced import introduced_surnames, title_appositions
from .syntax import is_date_word
from .local_orgs import affiliated_people, find_local_orgs, is_local
from .state import ActorMention, ArticleState

# label priority when two dictionaries match the same words (earlier wins)
LABELS = ("NONACTOR", "ORG", "COUNTRY", "CAPITAL", "DEMONYM", "PERSON", "AGENT")
ANCHORS = ("ORG", "COUNTRY", "CAPITAL", "DEMONYM")
PLACE_PREPS = frozenset("in at near outside inside around across throughout within into to from via through "
                        "toward towards over beyond off".split())
BRIDGE_PREPS = frozenset(("of", "for", "in", "from", "throughout", "across"))
LINK_WORDS = frozenset("'s ' ’s - new former top senior ousted exiled deposed interim acting deputy then late "
                       "veteran outgoing incoming newly elected self-styled de facto ex ex- current".split())
FORMER_WORDS = frozenset("former ousted exiled deposed ex ex- late outgoing".split())
CONJ_WORDS = frozenset(("and", ",", "&", "as well as"))
# plural nouns that, after "the"/"both"/"two", mean the article's two main parties
PAIR_NOUNS = {"countries": (None, None), "nations": (None, None), "states": (None, None), "sides": (None, None),
              "parties": (None, None), "neighbours": (None, None), "neighbors": (None, None),
              "republics": (None, None), "presidents": ("GOV", "head of state"), "leaders": ("GOV", "leader"),
              "governments": ("GOV", None), "delegations": ("GOV", None), "ministers": ("GOV", "minister"),
              "heads": ("GOV", "head of state")}
PAIR_DETS = frozenset(("the", "both", "two"))
NOT_NOUNS = frozenset(("VERB", "AUX", "ADP", "PRON", "DET", "ADV", "SCONJ", "CCONJ"))
ENTITY_BLOCKERS = frozenset(("ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"))
ARMED_SECTORS = frozenset(("MIL", "COP", "SPY"))
TITLE_ROLES = {"leader": "head of state", "ruler": "head of state", "head of state": "head of state",
               "supreme leader": "head of state"}


@dataclass
class Atom:
    """One dictionary phrase found in the text."""

    start: int
    end: int
    label: str
    text: str


@dataclass
class Group:
    """Adjacent atoms that form one noun phrase, plus an unknown name after a title."""

    atoms: list[Atom] = field(default_factory=list)
    name_span: tuple[int, int] | None = None  # a person name not in the data ("John Doe")
    shared_agent: AgentEntry | None = None  # from a coordinated group ("Kazakh and Tajik presidents")

    @property
    def start(self) -> int:
        return self.atoms[0].start

    @property
    def end(self) -> int:
        return max(self.atoms[-1].end, self.name_span[1] if self.name_span else 0)

    def of(self, *labels: str) -> list[Atom]:
        return [a for a in self.atoms if a.label in labels]


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return " " not in text and upper >= 2 and (upper == len(letters) or text[1:] != text[1:].lower())


class ActorStage:
    """Fills ``state.actor_mentions`` for the whole document."""

    name = "actors"
    requires = ("doc",)
    provides = ("actor_mentions",)

    def __init__(self, nlp: Language, resources):
        self.data: ActorData = resources.actors
        self.gazetteer = getattr(resources, "gazetteer", None)  # for datelines in cities that are not capitals
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._lower_ok: set[str] = set()
        self._build(nlp)

    def _build(self, nlp: Language) -> None:
        lower: dict[str, dict[str, str]] = {label: {} for label in LABELS}
        orth: dict[str, set[str]] = {label: set() for label in LABELS}
        for label, phrase in self.data.phrases():
            phrase = phrase.strip()
            if not phrase:
                continue
            if label != "AGENT" and phrase[0].islower():
                self._lower_ok.add(norm(phrase))
            if _is_acronym(phrase):
                orth[label].add(phrase)
            else:  # tokenized as written: "U.N. Security Council" splits like the text does
                lower[label].setdefault(phrase.lower(), phrase)
        for label in LABELS:
            if lower[label]:
                self._lower.add(label, list(nlp.tokenizer.pipe(sorted(lower[label].values()))))
            if orth[label]:
                self._orth.add(label, list(nlp.tokenizer.pipe(sorted(orth[label]))))

    # ------------------------------------------------------------------------------ main
    def __call__(self, state: ArticleState) -> None:
        doc, on = state.doc, state.article.date
        atoms, local = self._with_local_orgs(doc, self._atoms(doc))
        groups = self._groups(doc, atoms)
        _share_agents(doc, groups, self.data)
        resolver = _Resolver(self.data, doc, on, local)
        built = [(g, resolver.actor(g)) for g in groups]
        mentions = [ActorMention(g.start, g.end, [a], a.reason or "") for g, a in built if a is not None]
        mentions += resolver.coreferent_surnames(mentions)
        mentions = _envoys_of_possessors(doc, sorted(mentions, key=lambda m: m.start))
        mentions = _merge_appositions(doc, mentions)
        mentions = _named_agents(doc, mentions)
        mentions = affiliated_people(doc, mentions)
        mentions = _join_coordinated(doc, mentions)
        main = main_countries(mentions)
        state.notes["main_countries"] = main
        mentions = _add_pairs(doc, mentions, main)
        line = dateline_country(state.article.text, self.data, self.gazetteer)
        if line is not None:  # "BEIRUT —": where the story was filed, not an actor
            mentions = [m for m in mentions if doc[m.start].idx >= line[2]]
        home = home_country(state.article.text, (a for m in mentions for a in m.actors), self.data, self.gazetteer)
        state.notes["home_country"] = home
        sent_of = [0] * len(doc)
        for k, sent in enumerate(state.sentences):
            sent_of[sent.start:sent.end] = [k] * (sent.end - sent.start)
        coref = Coreference(doc, self.data, on, home, sent_of)
        mentions = title_appositions(doc, coref.resolve(mentions))
        state.actor_mentions = introduced_surnames(doc, mentions)
        state.notes["pronoun_antecedents"] = coref.pronouns(state.actor_mentions)

    # ------------------------------------------------------------------------------ atoms
    def _atoms(self, doc: Doc) -> list[Atom]:
        strings = doc.vocab.strings
        spans = []
        for matcher in (self._lower, self._orth):
            for match_id, start, end in matcher(doc):
                label = strings[match_id]
                if self._acceptable(doc, label, start, end):
                    spans.append(Span(doc, start, end, label=label))
        spans.sort(key=lambda s: LABELS.index(s.label_))
        atoms = [Atom(s.start, s.end, s.label_, s.text) for s in filter_spans(spans)]
        return sorted((a for a in atoms if a.label != "NONACTOR"), key=lambda a: a.start)

    def _with_local_orgs(self, doc: Doc, atoms: list[Atom]) -> tuple[list[Atom], dict[str, tuple[OrgEntry, str]]]:
        """Organisations the data lacks ("the Syria Campaign, a human rights group") become ORG atoms
        that replace the dictionary phrases inside them ("Syria"); see local_orgs.py."""
        found = find_local_orgs(doc, [(a.start, a.end, a.label) for a in atoms], self.data)
        if not found:
            return atoms, {}
        inside = {i for o in found for i in range(o.start, o.end)}
        kept = [a for a in atoms if not any(i in inside for i in range(a.start, a.end))]
        local = {}
        for o in found:
            text = doc[o.start:o.end].text
            kept.append(Atom(o.start, o.end, "ORG", text))
            local.setdefault(norm(text), (o.entry, o.reason))
        return sorted(kept, key=lambda a: a.start), local

    def _acceptable(self, doc: Doc, label: str, start: int, end: int) -> bool:
        """Proper names must be capitalised unless the data spells them in lower case ("al-Qaeda")."""
        if label == "AGENT":
            return doc[end - 1].pos_ not in NOT_NOUNS  # "Sarkozy heads to Beijing": a verb, not an agent
        if label == "NONACTOR":
            return True
        first = doc[start]
        if first.text[:1].islower() and norm(doc[start:end].text) not in self._lower_ok:
            return False
        if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ == "based":
            return False  # "a Britain-based monitor", "London-based": a place, not an actor
        ent = _entity(doc, start, end)
        if ent is not None and label in ("COUNTRY", "CAPITAL", "DEMONYM") and ent.label_ == "PERSON":
            return False  # "Chad Smith", "Jordan Peterson"
        if label == "CAPITAL" and ent is not None and ent.label_ in ENTITY_BLOCKERS \
                and (self.data.capital(doc[start:end].text) or (None, "seat"))[1] is None:
            return False  # "The Washington Post", "Baghdad University" (seats like "the White House" stay)
        if label == "PERSON" and end - start == 1:
            return self._single_name_ok(doc, start, ent)
        return True

    def _single_name_ok(self, doc: Doc, i: int, ent: Span | None) -> bool:
        tok = doc[i]
        if tok.pos_ not in ("PROPN", "NOUN") and tok.ent_type_ != "PERSON":
            return False
        if ent is None or ent.label_ != "PERSON" or len(ent) == 1:
            return True
        # a longer name around a known surname: accept only a spelling variant of the same person
        if ent.end - 1 != i:
            return False
        first = ent[0].lower_[:3]
        return any(p.name.lower().startswith(first) for p in self.data.people_with_surname(tok.text))

    # ------------------------------------------------------------------------------ groups
    def _is_agent_head(self, tok: Token) -> bool:
        """Is ``tok`` the head noun of an agent phrase ("groups" in "aid groups")?"""
        doc = tok.doc
        return any(self.data.agent(doc[i:tok.i + 1].text) is not None for i in range(max(0, tok.i - 2), tok.i + 1))

    def _groups(self, doc: Doc, atoms: list[Atom]) -> list[Group]:
        groups: list[Group] = []
        for atom in atoms:
            if groups and _joins(doc, groups[-1], atom, self._is_agent_head):
                groups[-1].atoms.append(atom)
            else:
                groups.append(Group([atom]))
        for g in groups:
            _attach_unknown_name(doc, g, self.data)
        return [g for g in groups if g.atoms]


def _entity(doc: Doc, start: int, end: int) -> Span | None:
    """The named entity that contains tokens start..end and is longer than them, if any (found
    from the tokens' IOB tags: ``doc.ents`` builds every entity's Span on each access)."""
    if not doc[start].ent_type_:
        return None
    first, last = start, start + 1
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    while last < len(doc) and doc[last].ent_iob_ == "I":
        last += 1
    if end > last or last - first <= end - start:
        return None
    return Span(doc, first, last, label=doc[first].ent_type)


def _gap_ok(tokens: Span) -> bool:
    if len(tokens) > 3:
        return False
    for t in tokens:
        if t.lower_ in LINK_WORDS or t.tag_ == "POS":
            continue
        if t.pos_ == "ADJ" and t.is_alpha:
            continue
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("compound", "amod", "nmod") and t.head.i > t.i:
            continue  # "Bangladeshi peacekeeping troops", "Russian gas company"
        return False
    return True


def _joins(doc: Doc, group: Group, atom: Atom, is_agent) -> bool:
    """Does ``atom`` continue the noun phrase that ``group`` started?"""
    labels = {a.label for a in group.atoms}
    anchors = labels & set(ANCHORS)
    last = group.atoms[-1]
    gap = doc[last.end:atom.start]
    if atom.label in ANCHORS and anchors:
        # "Lebanese Hezbollah": a demonym may precede an organisation; otherwise one anchor per group
        return atom.label == "ORG" and anchors == {"DEMONYM"} and len(gap) == 0
    if atom.label == "PERSON" and "PERSON" in labels:
        return False
    if _gap_ok(gap):
        if atom.label in ANCHORS and last.label == "PERSON":
            # "Tokayev Kazakhstan" is not one phrase; "bin Laden's al-Qaeda" is
            return atom.label == "ORG" and any(t.tag_ == "POS" for t in gap)
        return True
    if atom.label in ANCHORS and last.label in ("AGENT", "PERSON") and not anchors:
        return _bridged(doc, gap, atom, is_agent)
    if atom.label == "PERSON" and last.label == "AGENT" and len(gap) == 1 and gap[0].text == ",":
        return True  # "the Kazakh President, Kassym-Jomart Tokayev"
    return False


def _bridged(doc: Doc, gap: Span, atom: Atom, is_agent) -> bool:
    """"President of Tajikistan", "students throughout Indonesia", "doctors from two American aid
    groups", "a terror group based in Trinidad": an agent takes the country after one preposition."""
    words = [t for t in gap if t.lower_ != "the" and not (t.pos_ in ("ADJ", "NUM") and t.is_alpha)
             and not (t.tag_ in ("VBN", "VBG") and t.dep_ == "amod")]
    if words and words[0].lower_ == "based":
        words = words[1:]
    tail = doc[atom.end - 1]
    modifies_next = tail.dep_ in ("compound", "amod", "nmod", "poss") and tail.head.i >= atom.end \
        and not is_agent(tail.head)
    return len(gap) <= 4 and len(words) == 1 and words[0].lower_ in BRIDGE_PREPS and not modifies_next


def _attach_unknown_name(doc: Doc, group: Group, data: ActorData) -> None:
    """After a person title ("Foreign Minister"), take a following name that is not in the data."""
    last = group.atoms[-1]
    if last.label != "AGENT" or group.of("PERSON"):
        return
    agent = data.agent(last.text)
    if agent is None or agent.kind != "person":
        return
    i = last.end
    j = i
    while j < len(doc) and j - i < 6:
        tok = doc[j]
        if tok.pos_ == "PROPN" and tok.text[:1].isupper() and (tok.ent_type_ in ("PERSON", "") or tok.is_title):
            j += 1
        elif tok.text == "-" and j > i and j + 1 < len(doc) and doc[j + 1].text[:1].isupper():
            j += 1  # "Zia-Ul-Haq"
        else:
            break
    if j > i and any(doc[k].ent_type_ == "PERSON" for k in range(i, j)):
        group.name_span = (i, j)


def _share_agents(doc: Doc, groups: list[Group], data: ActorData) -> None:
    """"Kazakh and Tajik presidents": the last conjunct's agent applies to the bare demonyms before it."""
    for a, b in zip(groups, groups[1:]):
        between = doc[a.end:b.start].text.strip().lower()
        if between not in ("and", ",", ", and", "&"):
            continue
        if len(a.atoms) == 1 and a.atoms[0].label in ("DEMONYM", "COUNTRY") and b.of("AGENT") \
                and b.of("DEMONYM", "COUNTRY"):
            a.shared_agent = data.agent(b.of("AGENT")[-1].text)


# ---------------------------------------------------------------------------------- resolving
class _Resolver:
    """Turns groups into Actors for one document and date."""

    def __init__(self, data: ActorData, doc: Doc, on: dt.date, local: dict | None = None):
        self.data, self.doc, self.on = data, doc, on
        self.local: dict[str, tuple[OrgEntry, str]] = local or {}  # organisations named in this doc only
        self.seen: dict[str, PersonEntry] = {}  # surname -> person resolved earlier in this doc

    def actor(self, g: Group) -> Actor | None:
        text = self.doc[g.start:g.end].text
        anchor = _pick_anchor(g)
        agent = self._agent(g)
        person = g.of("PERSON")
        if person:
            found = self._person(person[0], anchor, agent)
            if found is not None:
                return self._person_actor(text, g, found, agent)
            if anchor is None:
                return self._ambiguous_person(text, person[0], agent) or self._agent_only(text, g, agent)
            g.name_span = (person[0].start, person[0].end)  # a name the data cannot place: keep the text
        if anchor is None:
            return self._agent_only(text, g, agent)
        return self._anchored(text, g, anchor, agent)

    # ---- pieces
    def _agent(self, g: Group) -> AgentEntry | None:
        agents = [self.data.agent(a.text) for a in g.of("AGENT")]
        agents = [a for a in agents if a is not None]
        if not agents:
            return g.shared_agent
        specific = [a for a in agents if not a.generic]
        # the modifier decides the sector: "army spokesman", "police officers", "rebel commanders";
        # but armed forces of the government are armed forces ("government forces", "regime troops")
        if specific and specific[0].sector == "GOV" and agents[-1].sector in ARMED_SECTORS:
            return agents[-1]
        return specific[0] if specific else agents[-1]

    def _head_agent(self, g: Group) -> AgentEntry | None:
        """The rightmost agent noun, the head of the phrase ("spokesman" in "army spokesman")."""
        agents = g.of("AGENT")
        return self.data.agent(agents[-1].text) if agents else g.shared_agent

    def _person(self, atom: Atom, anchor: Atom | None, agent: AgentEntry | None):
        key = norm(atom.text)
        country = self._anchor_country(anchor)
        if key in self.seen:
            p = self.seen[key]
            return p, p.role_on(self.on)
        cands = self.data.people_named(atom.text) or self.data.people_with_surname(atom.text)
        if agent is not None and agent.role and len(cands) > 1:
            role = TITLE_ROLES.get(agent.role, agent.role)
            fit = [p for p in cands if any(s.role == role and s.active(self.on) for s in p.spells)]
            cands = fit or cands
        found = pick_person(cands, self.on, country)
        if found is not None and found[1] is not None:
            for s in {norm(x) for x in (found[0].name, *found[0].names())}:
                self.seen.setdefault(s, found[0])
            for s in found[0].surnames() or (found[0].name.split()[-1],):
                self.seen.setdefault(norm(s), found[0])
            return found
        return None

    def _anchor_country(self, anchor: Atom | None) -> str | None:
        if anchor is None:
            return None
        entry = self._anchor_entry(anchor)
        return entry.iso3 if isinstance(entry, CountryEntry) else (entry.country if entry else None)

    def _org(self, text: str) -> OrgEntry | None:
        found = self.local.get(norm(text))
        return found[0] if found else self.data.org(text)

    def _anchor_entry(self, anchor: Atom):
        if anchor.label == "ORG":
            return self._org(anchor.text)
        if anchor.label == "CAPITAL":
            cap = self.data.capital(anchor.text)
            return cap[0] if cap else None
        return self.data.country(anchor.text)

    def _place(self, country_or_code: str) -> tuple[str, str | None, str]:
        """(country, org code, kind) for a spell's country, which may be an IGO code."""
        org = self.data.org(country_or_code) if country_or_code[:3] in ("IGO", "NGO") else None
        if org is not None:
            return org.country or "IGO", org.code, org.kind
        return country_or_code, None, "state"

    def _person_actor(self, text: str, g: Group, found: tuple[PersonEntry, RoleSpell],
                      agent: AgentEntry | None) -> Actor:
        person, spell = found
        country, org_code, _ = self._place(spell.country)
        sector, role = spell.sector, spell.role
        reason = "person-name" if len(g.of("PERSON")[0].text.split()) > 1 else "person-surname"
        former = _has_former(self.doc, g)
        if former and spell.status == "current":
            sector, role = "ELI", f"former {role}" if role else "former official"
        elif not former and spell.status != "current" and agent is not None and agent.kind == "person":
            # the text gives a current title ("Prime Minister Hashimoto"): it outranks our dates
            sector, role, reason = agent.sector, agent.role, reason + "+title"
        if sector is None and agent is not None:
            sector = agent.sector
        return Actor(text=text, name=person.name, country=country, sector=sector, role=role, kind="person",
                     code=_code(org_code or country, sector), id=person.id, reason=reason)

    def _ambiguous_person(self, text: str, atom: Atom, agent: AgentEntry | None) -> Actor | None:
        """Several people share the name: keep only what they agree on (their country), else nothing."""
        cands = self.data.people_named(atom.text) or self.data.people_with_surname(atom.text)
        spells = [p.role_on(self.on) for p in cands]
        countries = {s.country for s in spells if s is not None}
        if len(countries) != 1:
            return None
        country, org_code, _ = self._place(countries.pop())
        sector, role = (agent.sector, agent.role) if agent is not None else (None, None)
        kind = "person" if agent is None or agent.kind == "person" else ("state" if sector == "GOV" else "group")
        return Actor(text=text, name=None, country=country, sector=sector, role=role, kind=kind,
                     code=_code(org_code or country, sector), id=None, reason="person-country")

    def _agent_only(self, text: str, g: Group, agent: AgentEntry | None) -> Actor | None:
        if agent is None or agent.generic:
            return None
        return Actor(text=text, name=None, country=None, sector=agent.sector, role=agent.role,
                     kind="person" if agent.kind == "person" else "group", code=None, id=None, reason="agent")

    def _anchored(self, text: str, g: Group, anchor: Atom, agent: AgentEntry | None) -> Actor | None:
        if anchor.label == "ORG":
            return self._org_actor(text, g, self._org(anchor.text), agent)
        if anchor.label == "CAPITAL":
            return self._capital_actor(text, g, anchor, agent)
        entry = self.data.country(anchor.text)
        if entry is None:
            return None
        if agent is None and anchor.label == "DEMONYM":
            return self._demonym_alone(text, anchor, entry)
        reason = "country" if agent is None else ("country+agent" if anchor.label == "COUNTRY" else "demonym+agent")
        return self._country_actor(text, g, entry, agent, reason)

    def _country_actor(self, text: str, g: Group, entry: CountryEntry, agent: AgentEntry | None, reason: str,
                       sector: str | None = None) -> Actor:
        sector = agent.sector if agent is not None else sector
        role = agent.role if agent is not None else None
        name, pid, kind = entry.name, None, "state"
        if agent is not None:
            head = self._head_agent(g) or agent
            kind = "state" if sector == "GOV" and head.kind != "person" else "group"
            kind = "person" if head.kind == "person" and not _is_plural(self.doc, g) else kind
        if g.name_span is not None:
            name, reason = self.doc[g.name_span[0]:g.name_span[1]].text, "title+unknown-name"
        elif agent is not None and agent.kind == "person" and role and not _is_plural(self.doc, g):
            held = self.data.holder(entry.iso3, TITLE_ROLES.get(role, role), self.on)
            if held is not None:
                name, pid, reason = held[0].name, held[0].id, reason + "+office-holder"
        if _has_former(self.doc, g) and sector == "GOV":
            sector, role, name, pid = "ELI", f"former {role}" if role else "former official", entry.name, None
        return Actor(text=text, name=name, country=entry.iso3, sector=sector, role=role, kind=kind,
                     code=_code(entry.iso3, sector), id=pid, reason=reason)

    def _demonym_alone(self, text: str, anchor: Atom, entry: CountryEntry) -> Actor:
        """"Palestinians", "a Palestinian" (a noun) are civilians of that country; "an Indian proposal"
        (an adjective) names the country as the actor behind the thing."""
        tok = self.doc[anchor.end - 1]
        modifier = tok.dep_ in ("amod", "compound", "nmod") and tok.head.i >= anchor.end
        if modifier or (tok.pos_ == "ADJ" and tok.tag_ not in ("NNS", "NNPS")):
            return Actor(text=text, name=entry.name, country=entry.iso3, sector=None, role=None, kind="state",
                         code=entry.iso3, id=None, reason="demonym-adjective")
        return Actor(text=text, name=entry.name, country=entry.iso3, sector="CVL", role=None, kind="group",
                     code=_code(entry.iso3, "CVL"), id=None, reason="demonym-noun")

    def _capital_actor(self, text: str, g: Group, anchor: Atom, agent: AgentEntry | None) -> Actor | None:
        found = self.data.capital(anchor.text)
        # a seat after "from" is who speaks or gives ("answers from the Kremlin", "a statement from
        # Downing Street"); a capital after "from" is where someone comes from ("flew from Moscow")
        if found is None or (agent is None and _is_place(self.doc, anchor, seat=found[1] is not None)):
            return None
        entry, seat_sector = found
        reason = "seat" if seat_sector else "capital-metonym"
        return self._country_actor(text, g, entry, agent, reason, sector=seat_sector or "GOV")

    def _org_actor(self, text: str, g: Group, org: OrgEntry | None, agent: AgentEntry | None) -> Actor | None:
        if org is None:
            return None
        sector = agent.sector if agent is not None and not agent.generic else org.sector
        if agent is not None and agent.generic and org.kind in ("igo", "ngo"):
            sector = sector or agent.sector
        name, reason = org.name, "org" if agent is None else "org+agent"
        if is_local(org):
            reason = self.local[norm(self.doc[_pick_anchor(g).start:_pick_anchor(g).end].text)][1] + \
                ("" if agent is None else "+agent")
        if g.name_span is not None:
            name, reason = self.doc[g.name_span[0]:g.name_span[1]].text, "title+unknown-name"
        head = self._head_agent(g)
        single = head is not None and head.kind == "person" and not _is_plural(self.doc, g)
        kind = "person" if g.name_span is not None or single else org.kind
        country = "NGO" if kind == "person" and org.kind == "ngo" and org.country is None else org.country
        return Actor(text=text, name=name, country=country, sector=sector, role=agent.role if agent else None,
                     kind=kind, code=org.code or None, id=None if is_local(org) else org.code, reason=reason)

    # ---- surname coreference over the whole doc
    def coreferent_surnames(self, mentions: list[ActorMention]) -> list[ActorMention]:
        """Later bare surnames of people resolved earlier ("Tokayev informed")."""
        covered = {i for m in mentions for i in range(m.start, m.end)}
        first = {m.actors[0].id: m.start for m in mentions if m.actors and m.actors[0].id}
        out = []
        ends = {m.end: m.actors[0].id for m in mentions if m.actors}
        for tok in self.doc:
            p = self.seen.get(tok.lower_) if tok.i not in covered and tok.pos_ == "PROPN" and \
                not is_date_word(tok) else None
            if p is None or first.get(p.id, len(self.doc)) > tok.i:
                continue
            if p.id in (ends.get(tok.i), ends.get(tok.i - 1), ends.get(tok.i - 2)):
                continue  # the rest of the same name ("... bin Khalifa al-Thani")
            spell = p.role_on(self.on)
            country, org_code, _ = self._place(spell.country)
            actor = Actor(text=tok.text, name=p.name, country=country, sector=spell.sector, role=spell.role,
                          kind="person", code=_code(org_code or country, spell.sector), id=p.id,
                          reason="surname-coreference")
            out.append(ActorMention(tok.i, tok.i + 1, [actor], actor.reason))
        return out


def _pick_anchor(g: Group) -> Atom | None:
    for label in ANCHORS:
        found = g.of(label)
        if found:
            return found[0]
    return None


def _code(country: str | None, sector: str | None) -> str | None:
    if not country:
        return None
    if country.startswith(("IGO", "NGO")) and len(country) > 3:
        return country
    return country + (sector or "")


def _has_former(doc: Doc, g: Group) -> bool:
    words = [t.lower_ for t in doc[max(0, g.start - 2):g.end]]
    return any(w in FORMER_WORDS for w in words)


def _is_plural(doc: Doc, g: Group) -> bool:
    """Is the group's agent noun plural ("officials of Uzbekistan")?"""
    agents = g.of("AGENT")
    if not agents and g.shared_agent is not None:
        return True  # "Kazakh and Tajik presidents"
    tok = doc[agents[-1].end - 1] if agents else doc[g.end - 1]
    return tok.tag_ in ("NNS", "NNPS")


def _is_place(doc: Doc, anchor: Atom, seat: bool = False) -> bool:
    """"in Moscow", "the Moscow metro": the capital is a place or a modifier, not the government."""
    tok = doc[anchor.end - 1]
    if tok.dep_ in ("compound", "amod", "nmod") and tok.head.i >= anchor.end:
        return True
    i = anchor.start - 1
    while i >= 0 and doc[i].lower_ in ("the",):
        i -= 1
    return i >= 0 and doc[i].lower_ in PLACE_PREPS and not (seat and doc[i].lower_ in ("from", "to"))


# ---------------------------------------------------------------------------------- compounds
ENVOY_ROLES = frozenset(("envoy", "ambassador", "representative", "negotiator", "coordinator"))


def _envoys_of_possessors(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """"Trump's Syria envoy", "the UN Syria envoy", "the US Iran negotiator": an envoy named with two
    affiliations is the first one's envoy *to* the second; one mention, the first's country or
    organisation (``+envoy-of-possessor``)."""
    out: list[ActorMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        a = m.actors[0] if len(m.actors) == 1 else None
        if prev is None or a is None or len(prev.actors) != 1 or a.role not in ENVOY_ROLES or a.kind != "person" \
                or not (a.reason or "").startswith(("country+agent", "demonym+agent", "title+unknown-name")):
            out.append(m)
            continue
        gap = [t.text for t in doc[prev.end:m.start]]
        p = prev.actors[0]
        if gap not in ([], ["'s"], ["\u2019s"]) or not p.country or p.country == a.country:
            out.append(m)
            continue
        org = p.kind in ("igo", "ngo") or (p.code or "").startswith(("IGO", "NGO"))
        code = p.code if org else _code(p.country, "GOV")
        name = a.name if (a.reason or "").startswith("title+unknown-name") else (p.name if org else None)
        actor = replace(a, country=p.country, code=code, sector="GOV", name=name, id=None,
                        text=doc[prev.start:m.end].text, reason=f"{a.reason}+envoy-of-possessor")
        out[-1] = ActorMention(prev.start, m.end, [actor], actor.reason)
    return out


def _merge_appositions(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """"Kenzo Oshima, the United Nations Emergency Relief Coordinator": the title in apposition
    tells for whom the person acts; one mention, the person's name with the title's affiliation."""
    out: list[ActorMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and _apposition(doc, prev, m):
            title = m.actors[0]
            actor = replace(prev.actors[0], country=title.country, sector=title.sector or prev.actors[0].sector,
                            role=title.role or prev.actors[0].role, code=title.code,
                            reason=(prev.actors[0].reason or "") + "+apposition")
            out[-1] = ActorMention(prev.start, m.end, [actor], actor.reason)
        else:
            out.append(m)
    return out


def _named_agents(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """"The Kurdish militia, the YPG,", "the Kurdish militia the Syrian Democratic Forces", "the
    Palestinian militia, Hamas,": an agent (without a country, or of the organisation's) named by
    the organisation in apposition after it is that organisation; one mention over both
    (``+named-agent``)."""
    out: list[ActorMention] = []
    k = 0
    while k < len(mentions):
        m, nxt = mentions[k], mentions[k + 1] if k + 1 < len(mentions) else None
        if nxt is not None and _names_the_agent(doc, m, nxt):
            actor = replace(nxt.actors[0], text=doc[m.start:nxt.end].text, reason="org+named-agent")
            out.append(ActorMention(m.start, nxt.end, [actor], actor.reason))
            k += 2
            continue
        out.append(m)
        k += 1
    return out


def _names_the_agent(doc: Doc, agent: ActorMention, org: ActorMention) -> bool:
    if len(agent.actors) != 1 or len(org.actors) != 1 or org.actors[0].reason != "org":
        return False
    a = agent.actors[0]
    if a.country not in (None, org.actors[0].country) or a.kind != "group" or \
            a.reason not in ("agent", "demonym+agent", "country+agent"):
        return False
    gap = [t.lower_ for t in doc[agent.end:org.start]]
    root = doc[org.start:org.end].root
    if gap in ([","], [",", "the"]):
        return root.dep_ == "appos"  # "the militia, the YPG,"
    return gap in ([], ["the"]) and agent.start <= root.head.i < agent.end  # "the militia the Syrian Democratic Forces"


def _apposition(doc: Doc, a: ActorMention, b: ActorMention) -> bool:
    if len(a.actors) != 1 or len(b.actors) != 1 or a.actors[0].kind != "person" or b.actors[0].kind != "person":
        return False
    if b.actors[0].country is None or [t.lower_ for t in doc[a.end:b.start]] not in ([","], [",", "the"]):
        return False
    root = doc[b.start:b.end].root
    return root.dep_ == "appos" and a.start <= root.head.i < a.end



def _join_coordinated(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """"Kazakhstan and Tajikistan", "Britain, France and Germany": one mention with every member."""
    out: list[ActorMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and _coordinated(doc, prev, m):
            m = _inherit_country(doc, prev, m)
            actors = prev.actors + [a for a in m.actors if not _same(a, prev.actors)]
            out[-1] = ActorMention(prev.start, m.end, actors, "compound")
        else:
            out.append(m)
    return out


def _inherit_country(doc: Doc, a: ActorMention, b: ActorMention) -> ActorMention:
    """"Serb civilians and prisoners": a bare agent joined to the head noun of "Serb civilians" shares its country."""
    root = doc[b.start:b.end].root
    countries = {x.country for x in a.actors}
    if any(x.country for x in b.actors) or len(countries) != 1 or None in countries:
        return b
    if root.dep_ != "conj" or not (a.start <= root.head.i < a.end) or a.reason not in ("demonym+agent", "country+agent"):
        return b
    country = countries.pop()
    name = a.actors[0].name
    actors = [replace(x, country=country, name=x.name or name, code=_code(country, x.sector),
                      reason=x.reason + "+shared-country") for x in b.actors]
    return ActorMention(b.start, b.end, actors, b.reason)


def _coordinated(doc: Doc, a: ActorMention, b: ActorMention) -> bool:
    between = doc[a.end:b.start]
    words = [t.lower_ for t in between]
    if words not in (["and"], [","], [",", "and"], ["&"], ["as", "well", "as"]):
        return False
    if doc[b.start:b.end].root.dep_ == "appos":
        return False  # "Kofi Annan, UN secretary-general": one actor named twice
    if words == [","]:
        # a comma alone joins list members only when an "and" closes the list right after
        nxt = doc[b.end:b.end + 1]
        return len(nxt) == 1 and nxt[0].lower_ in ("and", ",")
    return True


def _same(actor: Actor, others: Iterable[Actor]) -> bool:
    return any((o.country, o.sector, o.name) == (actor.country, actor.sector, actor.name) for o in others)


def main_countries(mentions: list[ActorMention]) -> list[str]:
    """The two countries mentioned most often (ties: first mentioned), the article's main pair."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in mentions:
        for a in m.actors:
            if a.country and a.country not in ("IGO", "NGO", "IMG"):
                counts[a.country] += 1
                first.setdefault(a.country, m.start)
    ranked = sorted(counts, key=lambda c: (-counts[c], first[c]))
    return ranked[:2] if len(ranked) >= 2 else []


def _add_pairs(doc: Doc, mentions: list[ActorMention], main: list[str]) -> list[ActorMention]:
    """"The two sides", "both countries", "the Presidents" -> the main pair of countries."""
    nouns = [t for t in doc if t.lower_ in PAIR_NOUNS]
    sent_starts = [s.start for s in doc.sents] if nouns else []
    pairs = [p for p in (_pair_at(doc, t, _pair_near(t, mentions, sent_starts) or main) for t in nouns)
             if p is not None]
    if not pairs:
        return mentions
    kept = [m for m in mentions if not any(_overlaps(m, p) and _country_free(m) for p in pairs)]
    kept += [p for p in pairs if not any(_overlaps(m, p) for m in kept)]
    return sorted(kept, key=lambda m: m.start)


def _pair_near(tok: Token, mentions: list[ActorMention], sent_starts: list[int]) -> list[str] | None:
    """"The two leaders agreed ..." after "May and Trump spoke": the two countries named in this
    sentence (before the phrase) and the previous two, when they are exactly two (for leaders,
    presidents and ministers, those of the persons and governments named there). ``sent_starts``:
    the first token of each sentence."""
    k = bisect.bisect_right(sent_starts, tok.i) - 1
    if k < 0:
        return None
    lo = sent_starts[max(0, k - 2)]
    people = PAIR_NOUNS.get(tok.lower_, (None, None))[1] is not None
    found: list[str] = []
    for m in mentions:
        if not (lo <= m.start and m.end <= tok.i):
            continue
        for a in m.actors:
            if a.country and a.country not in ("IGO", "NGO", "IMG") and (
                    not people or a.kind == "person" or a.sector == "GOV") and a.country not in found:
                found.append(a.country)
    return found if len(found) == 2 else None


def _pair_at(doc: Doc, tok: Token, main: list[str]) -> ActorMention | None:
    if len(main) != 2:
        return None
    if tok.tag_ not in ("NNS", "NNPS") or (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in ("of", "in", "from")):
        return None
    start = tok.i
    while start > 0 and tok.i - start < 2 and doc[start - 1].lower_ in PAIR_DETS:
        start -= 1
    if start == tok.i:
        return None
    dets = {t.lower_ for t in doc[start:tok.i]}
    if dets == {"the"} and tok.lower_ not in ("parties", "sides", "presidents", "leaders", "countries", "nations"):
        return None
    sector, role = PAIR_NOUNS[tok.lower_]
    text = doc[start:tok.i + 1].text
    actors = [Actor(text=text, name=None, country=c, sector=sector, role=role, kind="state" if sector in (None, "GOV")
                    else "group", code=_code(c, sector), id=None, reason="pair") for c in main]
    if role == "head of state":
        actors = [replace(a, kind="person") for a in actors]
    return ActorMention(start, tok.i + 1, actors, "pair")


def _overlaps(a: ActorMention, b: ActorMention) -> bool:
    return a.start < b.end and b.start < a.end


def _country_free(m: ActorMention) -> bool:
    return all(a.country is None for a in m.actors)
