"""Organisations the article names but the actor data does not know, and the people who speak for them.

Real articles quote many small organisations: "Laila Kiki of the Syria Campaign, a human rights
group", "the Syrian Observatory for Human Rights, a Britain-based monitor", "Chris Doe from the
Airwars monitoring group". Without this module the country word inside such a name ("Syria",
"Syrian") is taken for the state and the speaker becomes that country's government. Rules (the
``reason`` of the resulting actor in parentheses):

- ``org-local:head-noun``: a capitalised name whose head is a civil-society noun (*Campaign,
  Observatory, Foundation, Network, Watch, Institute, Society, Association, Trust, Centre, Project,
  Forum, Alliance*), optionally followed by "for/of ..." ("Syrian Observatory for Human Rights"), is
  an NGO unless a state word is part of it (*Ministry, National, Council, Agency ...*: "National
  Security Council" stays a state body, unresolved);
- ``org-local:described``: a name introduced by a civil-society description, after it ("X, a human
  rights group / a monitor / a charity / a think tank / an NGO") or before it ("the monitoring group
  X"), is an NGO whatever its head noun;
- ``org-local:named-party``: "the Liberty Dawn party" is a party (PTY), of the country its name
  contains, else of no country.

An NGO named only in the article has ``kind`` ngo, ``country`` null (no state: later stages leave
organisations alone) and ``code`` "NGO", sector SOC; a person speaking for it has ``country`` "NGO"
(the data's convention for organisations without a state), so that no rule gives them a state. Later mentions of the same name, of its head noun
after "the" ("the Observatory") and of an acronym given in brackets ("(SOHR)") are the same
organisation. :func:`affiliated_people` then gives people introduced with an organisation the
organisation's affiliation (``+person-of-org``).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from ..actordata import ActorData, OrgEntry, norm
from .state import ActorMention

LOCAL_SOURCE = "named in the article"
NGO_HEADS = frozenset("campaign observatory foundation network watch institute institution society association "
                      "trust centre center project forum alliance".split())
STATE_WORDS = frozenset("ministry ministries department government national federal state royal security army "
                        "police office agency commission council service services bureau court parliament "
                        "assembly guard guards forces force authority administration directorate command "
                        "intelligence revolutionary republic republican kingdom presidential military navy "
                        "nations union european".split())
# nouns that describe an organisation as civil society, alone ("a charity") or after a modifier in
# NGO_MODIFIERS ("a human rights group", "a monitoring group")
NGO_NOUNS = frozenset("charity monitor thinktank think-tank ngo non-profit nonprofit "
                      "non-governmental".split())
GROUP_NOUNS = frozenset("group organisation organization body coalition network campaign collective "
                        "tank watchdog".split())  # "a chemical weapons watchdog" is the OPCW, an IGO
NGO_MODIFIERS = frozenset("rights monitoring advocacy campaign campaigning pressure aid humanitarian relief rescue "
                          "activist activists research lobby lobbying charity charitable volunteer legal civil "
                          "non-governmental nongovernmental watchdog anti-war environmental think "
                          "non-profit nonprofit".split())
CONNECTORS = frozenset(("for", "of", "on", "the", "and", "&"))


@dataclass(frozen=True)
class LocalOrg:
    start: int
    end: int
    entry: OrgEntry
    reason: str


def is_local(org: OrgEntry) -> bool:
    return org.source == LOCAL_SOURCE


def _cap(tok: Token) -> bool:
    return tok.text[:1].isupper() and (tok.is_alpha or "-" in tok.text or "'" in tok.text)


def _name_run(doc: Doc, head: int) -> tuple[int, int]:
    """The capitalised name around ``head``: capitalised words before it, "for/of + capitalised words" after."""
    start = head
    while start > 0 and _cap(doc[start - 1]) and not doc[start - 1].is_sent_start:
        start -= 1
    if start > 0 and doc[start - 1].is_sent_start and _cap(doc[start - 1]) and doc[start - 1].lower_ != "the":
        start -= 1
    end = head + 1
    j = end
    while j < len(doc) and doc[j].lower_ in CONNECTORS and j - end < 2:
        k = j
        while k < len(doc) and doc[k].lower_ in CONNECTORS:
            k += 1
        if k < len(doc) and _cap(doc[k]) and doc[j].lower_ in ("for", "of", "on"):
            while k < len(doc) and (_cap(doc[k]) or (doc[k].lower_ in ("and", "of", "the")
                                                     and k + 1 < len(doc) and _cap(doc[k + 1]))):
                k += 1
            end = j = k
        else:
            break
    return start, end


def _words(doc: Doc, start: int, end: int) -> set[str]:
    return {t.lower_ for t in doc[start:end]}


def _describes_ngo(tokens: list[Token]) -> bool:
    """Is this description ("a human rights group", "a Britain-based monitor") a civil-society one?"""
    words = [t.lower_ for t in tokens if t.is_alpha or "-" in t.text]
    if not words:
        return False
    head = words[-1]
    if head in NGO_NOUNS or (head == "tank" and len(words) > 1 and words[-2] == "think"):
        return True
    return head in GROUP_NOUNS and any(w in NGO_MODIFIERS for w in words[:-1])


def _description_after(doc: Doc, end: int) -> bool:
    """", a human rights group", ", a Britain-based monitor" right after the name."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("a", "an", "the"):
        return False
    toks = []
    for t in doc[end + 2:min(len(doc), end + 9)]:
        if t.text in (",", ".", ";", ":", "(", ")") or t.pos_ in ("VERB", "AUX") and t.dep_ != "amod":
            break
        toks.append(t)
        if t.pos_ == "NOUN" and t.dep_ in ("appos", "conj", "ROOT", "pobj", "dobj", "nsubj", "attr"):
            break
    return _describes_ngo(toks)


def _bare_names(doc: Doc) -> list:
    """Runs of capitalised proper nouns outside any entity ("Sahelwatch, a monitoring group")."""
    out, i = [], 0
    while i < len(doc):
        j = i
        while j < len(doc) and j - i < 4 and doc[j].pos_ == "PROPN" and doc[j].is_title and not doc[j].ent_type_:
            j += 1
        if j > i:
            out.append(doc[i:j])
        i = max(j, i + 1)
    return out


def _descriptor_follows(doc: Doc, end: int) -> int | None:
    """"Airwars monitoring group": a civil-society description right after the name, no comma."""
    toks = []
    for t in doc[end:min(len(doc), end + 4)]:
        if not t.is_alpha or t.text[:1].isupper():
            break
        toks.append(t)
        if t.lower_ in GROUP_NOUNS or t.lower_ in NGO_NOUNS:
            return end + len(toks) if _describes_ngo(toks) and len(toks) >= 2 else None
    return None


def _description_before(doc: Doc, start: int) -> bool:
    """"the monitoring group Airwars", "the charity Reprieve" right before the name."""
    toks = []
    i = start - 1
    while i >= 0 and start - i <= 4 and doc[i].lower_ not in ("the", "a", "an", ",", "by", "from", "of"):
        toks.insert(0, doc[i])
        i -= 1
    return bool(toks) and i >= 0 and doc[i].lower_ == "the" and _describes_ngo(toks)


def _country_in(doc: Doc, start: int, end: int, data: ActorData) -> str | None:
    found = {c.iso3 for c in (data.country(t.text) for t in doc[start:end]) if c is not None}
    return found.pop() if len(found) == 1 else None


def find_local_orgs(doc: Doc, known: list[tuple[int, int, str]], data: ActorData) -> list[LocalOrg]:
    """Organisations named in ``doc`` that the data lacks. ``known``: (start, end, label) of the
    dictionary phrases found; a name that a dictionary organisation or person covers is left alone."""
    org_tokens = {i for s, e, label in known if label in ("ORG", "PERSON") for i in range(s, e)}
    found: list[LocalOrg] = []
    taken: set[int] = set()

    def add(start: int, end: int, entry: OrgEntry, reason: str) -> None:
        if doc[start].lower_ == "the":
            start += 1
        if end <= start or any(i in taken for i in range(start, end)):
            return
        if any(i in org_tokens for i in range(start, end)):
            return
        taken.update(range(start, end))
        found.append(LocalOrg(start, end, entry, reason))

    def ngo(start: int, end: int) -> OrgEntry:
        text = doc[start + (doc[start].lower_ == "the"):end].text
        return OrgEntry(code="NGO", name=text, kind="ngo", country=None, sector="SOC", source=LOCAL_SOURCE)

    # 1. names described as civil society ("X, a human rights group"; "the monitoring group X")
    for ent in [*doc.ents, *_bare_names(doc)]:
        if ent.label_ not in ("ORG", "PERSON", "GPE", "NORP", "FAC", "WORK_OF_ART", "PRODUCT", ""):
            continue
        if ent.label_ == "PERSON" and not _description_after(doc, ent.end):
            continue
        if ent.label_ in ("GPE", "NORP") and data.country(ent.text) is not None:
            continue  # "Syria, a country at war" is the state
        if _description_after(doc, ent.end) or _description_before(doc, ent.start):
            add(ent.start, ent.end, ngo(ent.start, ent.end), "org-local:described")
        elif ent.label_ != "PERSON":
            end = _descriptor_follows(doc, ent.end)
            if end is not None:  # "the Airwars monitoring group"
                add(ent.start, end, ngo(ent.start, ent.end), "org-local:described")
    # 2. names headed by a civil-society noun; 3. named parties
    for tok in doc:
        low = tok.lower_
        if tok.i in taken:
            continue
        if low in NGO_HEADS and _cap(tok):
            start, end = _name_run(doc, tok.i)
            names = [t for t in doc[start:end] if t.lower_ not in CONNECTORS]
            if len(names) < 2 or _words(doc, start, end) & STATE_WORDS:
                continue
            add(start, end, ngo(start, end), "org-local:head-noun")
        elif low in ("party",) and tok.i > 0 and _cap(doc[tok.i - 1]) and doc[tok.i - 1].lower_ not in ("the",):
            start, _ = _name_run(doc, tok.i - 1)
            if doc[start].lower_ == "the":
                start += 1
            if tok.i - start < 1 or _words(doc, start, tok.i) & {"ruling", "opposition", "communist"}:
                continue
            country = _country_in(doc, start, tok.i, data)
            text = doc[start:tok.i + 1].text
            entry = OrgEntry(code=f"{country}PTY" if country else "", name=text, kind="group", country=country,
                             sector="PTY", source=LOCAL_SOURCE)
            add(start, tok.i + 1, entry, "org-local:named-party")
    # 4. the same organisations named again: full name, "the Observatory", "(SOHR)"
    found += _repeats(doc, found, taken, org_tokens)
    return sorted(found, key=lambda o: o.start)


def _repeats(doc: Doc, orgs: list[LocalOrg], taken: set[int], blocked: set[int]) -> list[LocalOrg]:
    keys: dict[tuple[str, ...], LocalOrg | None] = {}
    for o in orgs:
        toks = doc[o.start:o.end]
        keys.setdefault(tuple(t.lower_ for t in toks), o)
        head = toks[-1] if toks[-1].lower_ in NGO_HEADS else next((t for t in toks if t.lower_ in NGO_HEADS), None)
        if head is not None:
            k = ("the", head.lower_)
            keys[k] = None if k in keys and keys[k] is not o else o  # two "Institutes": ambiguous
        if o.end + 2 < len(doc) and doc[o.end].text == "(" and doc[o.end + 2].text == ")" \
                and doc[o.end + 1].text.isupper() and len(doc[o.end + 1].text) >= 2:
            keys[(doc[o.end + 1].text.lower(),)] = o
    out: list[LocalOrg] = []
    lower = [t.lower_ for t in doc]
    by_first: dict[str, list[tuple[tuple[str, ...], LocalOrg]]] = {}
    for key, org in sorted(keys.items(), key=lambda kv: -len(kv[0])):
        if org is not None:
            by_first.setdefault(key[0], []).append((key, org))
    i = 0
    while i < len(doc):
        hit = None
        for key, org in by_first.get(lower[i], ()):
            n = len(key)
            if i + n > len(doc) or tuple(lower[i:i + n]) != key \
                    or any(j in taken or j in blocked for j in range(i, i + n)):
                continue
            if key[0] == "the" and not doc[i + 1].text[:1].isupper():
                continue  # "the observatory" in lower case is any observatory
            if n == 1 and doc[i].text.lower() != doc[i].text and not doc[i].text.isupper():
                continue
            hit = (i + (key[0] == "the"), i + n, org)
            break
        if hit is None:
            i += 1
            continue
        s, e, org = hit
        out.append(LocalOrg(s, e, org.entry, org.reason + "+repeated"))
        taken.update(range(s, e))
        i = e
    return out


# ---------------------------------------------------------------------------------- people
AFFILIATION_PREPS = frozenset(("of", "from", "at", "with"))


def affiliated_people(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """People the data does not know, introduced with an organisation: "Laila Kiki of the Syria
    Campaign", "Omar Doe from the Airwars monitoring group" (``+person-of-org``), "Ana Roe, a
    spokeswoman for the Free Press Campaign", "Nadia Doe, head of the Liberty Dawn party"
    (``+person-apposition``). The person's mention covers the name and the organisation phrase and
    replaces the organisation's mention inside it; the actor is the organisation's, as a person."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    starts = {m.start: m for m in mentions}
    out: list[ActorMention] = []
    replaced: set[int] = set()
    for ent in _names(doc):
        if any(i in covered for i in range(ent.start, ent.end)):
            continue
        found = _org_after(doc, ent.end, starts) or _apposition_org(doc, ent, mentions)
        if found is None:
            continue
        m, how, role = found
        base = m.actors[0]
        # a person of an NGO without a country: "NGO", so that no later rule gives them a state's
        country = "NGO" if base.kind == "ngo" and base.country is None else base.country
        actor = replace(base, text=doc[ent.start:m.end].text, name=ent.text, kind="person", country=country,
                        role=role or (base.role if base.kind == "person" else None),
                        id=None if base.kind == "person" else base.id, reason=f"{base.reason}+{how}")
        out.append(ActorMention(ent.start, m.end, [actor], actor.reason))
        replaced.add(id(m))
    kept = [m for m in mentions if id(m) not in replaced]
    return sorted(kept + _later_surnames(doc, out, kept), key=lambda m: m.start)


def _names(doc: Doc) -> list:
    """People's names: the parser's PERSON entities, and runs of two or three capitalised proper
    nouns outside any entity ("Ada Morn," that the parser did not label)."""
    out = [e for e in doc.ents if e.label_ == "PERSON"]
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and j - i < 3 and doc[j].pos_ == "PROPN" and doc[j].is_title and not doc[j].ent_type_:
            j += 1
        if j - i >= 2 and j < len(doc) and (doc[j].text == "," or doc[j].lower_ in AFFILIATION_PREPS) \
                and (i == 0 or not doc[i - 1].is_title):
            out.append(doc[i:j])
            i = j
        else:
            i = max(j, i + 1)
    return sorted(out, key=lambda e: e.start)


def _later_surnames(doc: Doc, people: list[ActorMention], others: list[ActorMention]) -> list[ActorMention]:
    """"Kiki said" after "Laila Kiki of the Syria Campaign": the same person (``+surname``), replacing
    a surname match of someone else in the data."""
    if not people:
        return people
    by_surname: dict[str, ActorMention] = {}
    for m in people:
        name = m.actors[0].name or ""
        surname = name.split()[-1] if len(name.split()) > 1 else None
        if surname:
            by_surname.setdefault(surname, m)
    covered = {i for m in people for i in range(m.start, m.end)}
    replaceable = {m.start: m for m in others if m.end - m.start == 1
                   and (m.reason or "").startswith(("person-surname", "surname-coreference"))}
    blocked = {i for m in others for i in range(m.start, m.end) if m.start not in replaceable}
    out = list(people)
    for tok in doc:
        first = by_surname.get(tok.text)
        if first is None or tok.i < first.end or tok.i in covered or tok.i in blocked or tok.pos_ != "PROPN":
            continue
        base = first.actors[0]
        actor = replace(base, text=tok.text, reason=base.reason + "+surname")
        out.append(ActorMention(tok.i, tok.i + 1, [actor], actor.reason))
        replaceable.pop(tok.i, None)
    drop = {m.start for m in others if m.end - m.start == 1 and m.start in {x.start for x in out}}
    others[:] = [m for m in others if m.start not in drop]
    return out


def _is_org(m: ActorMention) -> bool:
    if len(m.actors) != 1:
        return False
    a = m.actors[0]
    return a.kind in ("ngo", "igo") or (a.kind in ("group", "person") and a.reason is not None
                                        and a.reason.startswith(("org", "title+unknown-name")) and a.code is not None) \
        or a.sector == "PTY" and a.reason is not None and a.reason.startswith("org")


def _org_after(doc: Doc, end: int, starts: dict[int, ActorMention]):
    """"Laila Kiki of the Syria Campaign", "Omar Doe from the Airwars monitoring group"."""
    if end >= len(doc) or doc[end].lower_ not in AFFILIATION_PREPS:
        return None
    i = end + 1
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    m = starts.get(i)
    if m is None or not _is_org(m):
        return None
    return m, "person-of-org", None


def _apposition_org(doc: Doc, ent, mentions: list[ActorMention]):
    """"Ana Roe, a spokeswoman for the Free Press Campaign": the apposition's phrase names the
    organisation (or a country's institution: "a Turkish foreign ministry spokesman")."""
    if ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
        return None
    appos = next((t for t in doc[ent.end + 1:min(len(doc), ent.end + 5)]
                  if t.dep_ == "appos" and ent.start <= t.head.i < ent.end), None)
    if appos is None:
        return None
    lo, hi = ent.end + 1, appos.right_edge.i + 1
    phrase = set(_phrase(appos))  # not inside a clause: "a journalist captured by Islamic State"
    inside = [m for m in mentions if lo <= m.start and m.end <= hi and any(i in phrase for i in range(m.start, m.end))
              and all(i in phrase for i in range(m.start, m.end))]
    orgs = [m for m in inside if _is_org(m)]
    if orgs:
        m = orgs[0]
    else:
        persons = [m for m in inside if len(m.actors) == 1 and m.actors[0].kind == "person" and m.actors[0].country
                   and m.start <= appos.i < m.end]
        if not persons:
            return None
        m = persons[0]
    if any(t.text in (";",) for t in doc[lo:m.start]):
        return None
    return m, "person-apposition", None


CLAUSE_DEPS = frozenset(("relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "appos", "conj"))


def _phrase(tok: Token) -> list[int]:
    """Token indices of the phrase headed by ``tok``, not descending into clauses."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t.i)
        stack.extend(c for c in t.children if c.dep_ not in CLAUSE_DEPS)
    return out
