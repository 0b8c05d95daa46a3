"""polevent's actor dictionaries: countries, IGOs/NGOs, armed groups and parties, people with
dated roles, and sector agents, loaded once from CSV files and looked up by name.

Files (``data/actors/``, one format each, every row with a ``source`` provenance column):

- ``countries.csv``  iso3, name, aliases, adjectives, capitals, seats, codes, status
- ``igos.csv``       code, name, aliases, kind (igo|ngo), members, sector
- ``groups.csv``     id, name, aliases, country, sector, code
- ``people*.csv``    id, name, aliases, country, role, sector, start, end, note (one row per spell)
- ``agents.csv``     phrase, sector, role, kind, generic
- ``non_actors.csv`` phrase, reason (place names that contain an actor word: "Latin America")

Lists inside a cell are separated by ``|``. Users' extra files (``--actors FILE``) use the same
formats, recognised by their header; their entries win over the built-in ones. See docs/actors.md.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import unicodedata
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .errors import DataError

PACKAGE_FILES = ("countries.csv", "igos.csv", "groups.csv", "people_phoenix.csv", "people.csv",
                 "agents.csv", "non_actors.csv")
# the role that describes a person best when several spells overlap (lower is better)
ROLE_RANK = {"head of state": 0, "head of government": 1, "foreign minister": 2, "defence minister": 3}
SECTORS = frozenset("COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED "
                    "REF OPP PRE REL SOC".split())


def norm(text: str) -> str:
    """Lookup key: lower case, straight quotes, single spaces."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.lower().split())


def plural(phrase: str) -> str:
    """Regular English plural of the last word ("spokesman" -> "spokesmen", "party" -> "parties")."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("man"):
        last = last[:-3] + "men"
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "o", "u"):
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last = last + "es"
    else:
        last = last + "s"
    return f"{head} {last}" if head else last


def demonym_plural(adj: str) -> str | None:
    """"Palestinian" -> "Palestinians"; None for forms that do not take -s ("Chinese", "French")."""
    if adj.endswith(("s", "sh", "ch", "ese", "x", "z")) or adj.endswith("men"):
        return None
    return plural(adj)


# ---------------------------------------------------------------------------------------- entries
@dataclass(frozen=True)
class CountryEntry:
    iso3: str
    name: str
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    seats: tuple[tuple[str, str], ...] = ()  # (phrase, sector): ("Kremlin", "GOV")
    codes: tuple[str, ...] = ()  # other codes for the same country: CAMEO, historical ("ROM", "YUG")
    status: str = "member"
    source: str = ""

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class OrgEntry:
    """An IGO, NGO, armed group or party. ``country`` is ISO-3 for groups, "IGO"/"NGO" otherwise."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "igo"  # igo|ngo|group
    country: str | None = None
    members: tuple[str, ...] = ()
    sector: str | None = None
    source: str = ""

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class RoleSpell:
    country: str
    role: str | None
    sector: str | None
    start: dt.date | None
    end: dt.date | None
    source: str = ""
    note: str = ""
    status: str = "current"  # current|former|future: how the spell relates to the asked date

    def active(self, on: dt.date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class PersonEntry:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    spells: tuple[RoleSpell, ...] = ()
    rank: int = 0  # file priority: curated and user files outrank extracted ones

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def surnames(self) -> tuple[str, ...]:
        """Single-word names ("Tokayev"): the one-word aliases (the data lists surnames explicitly)."""
        return tuple(a for a in self.aliases if " " not in a.strip())

    def role_on(self, on: dt.date) -> RoleSpell | None:
        """The spell held on ``on``; else a synthesized former (ELI) or future spell; None if no spell."""
        active = [s for s in self.spells if s.active(on)]
        if active:
            return min(active, key=lambda s: (s.sector != "GOV", ROLE_RANK.get(s.role or "", 9)))
        past = [s for s in self.spells if s.end is not None and s.end < on]
        if past:
            last = max(past, key=lambda s: s.end)
            role = f"former {last.role}" if last.role else "former official"
            return RoleSpell(last.country, role, "ELI", last.end, None, last.source, last.note, "former")
        if self.spells:
            first = min(self.spells, key=lambda s: s.start or dt.date.min)
            return RoleSpell(first.country, None, None, None, first.start, first.source, first.note, "future")
        return None


@dataclass(frozen=True)
class AgentEntry:
    phrase: str
    sector: str
    role: str | None = None
    kind: str = "group"  # person|group
    generic: bool = False  # "official", "spokesman", "leader": yields to a more specific agent
    source: str = ""


# ------------------------------------------------------------------------------------ CSV reading
def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (cell or "").split("|") if x.strip())


def parse_date(text: str, end: bool = False) -> dt.date | None:
    """"2019", "2019-03" or "2019-03-20"; a partial ``end`` date means the last day of its period."""
    text = (text or "").strip()
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31) if end else dt.date(parts[0], 1, 1)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return dt.date(parts[0], parts[1], last if end else 1)
    return dt.date(*parts)


def _read_rows(path, label: str) -> tuple[list[str], list[tuple[int, dict]]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = [(n, row) for n, row in enumerate(reader, start=2)]
            return list(reader.fieldnames or []), rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{label}: cannot read actor file: {exc}") from exc


KINDS = {  # file kind -> the columns that identify it
    "countries": {"iso3", "name", "adjectives"},
    "igos": {"code", "name", "kind", "members"},
    "groups": {"id", "name", "country", "sector", "code"},
    "people": {"id", "name", "country", "role", "start", "end"},
    "agents": {"phrase", "sector", "role"},
    "non_actors": {"phrase", "reason"},
}


def file_kind(header: Iterable[str], label: str) -> str:
    cols = set(header)
    for kind, need in KINDS.items():
        if need <= cols:
            return kind
    raise DataError(f"{label}: line 1: header {sorted(cols)} matches no actor file format "
                    "(countries, igos, groups, people, agents, non_actors); see docs/actors.md")


def _country(row: dict) -> CountryEntry:
    seats = tuple((s.rpartition("=")[0].strip(), s.rpartition("=")[2].strip()) for s in _split(row["seats"]))
    if any(not p or sec not in SECTORS for p, sec in seats):
        raise ValueError(f"seats must be PHRASE=SECTOR, got {row['seats']!r}")
    # "~Dominican": a demonym shared with a better-known country, listed but not used for lookups
    adjectives = tuple(a for a in _split(row["adjectives"]) if not a.startswith("~"))
    return CountryEntry(iso3=_code(row["iso3"]), name=_text(row["name"]), aliases=_split(row.get("aliases")),
                        adjectives=adjectives, capitals=_split(row.get("capitals")),
                        seats=seats, codes=_split(row.get("codes")), status=row.get("status") or "member",
                        source=row.get("source") or "")


def _org(row: dict) -> OrgEntry:
    kind = (row.get("kind") or "igo").strip()
    if kind not in ("igo", "ngo"):
        raise ValueError(f"kind must be igo or ngo, got {kind!r}")
    return OrgEntry(code=_code(row["code"]), name=_text(row["name"]), aliases=_split(row.get("aliases")),
                    kind=kind, country=kind.upper(), members=_split(row.get("members")),
                    sector=_sector(row.get("sector"), blank_ok=True), source=row.get("source") or "")


def _group(row: dict) -> OrgEntry:
    return OrgEntry(code=_code(row["code"]), name=_text(row["name"]), aliases=_split(row.get("aliases")),
                    kind="group", country=_code(row["country"]), members=(),
                    sector=_sector(row.get("sector"), blank_ok=True), source=row.get("source") or "")


def _spell(row: dict) -> RoleSpell:
    start, end = parse_date(row["start"]), parse_date(row["end"], end=True)
    if start and end and end < start:
        raise ValueError(f"end {row['end']} is before start {row['start']}")
    return RoleSpell(country=_code(row["country"]), role=(row.get("role") or "").strip() or None,
                     sector=_sector(row.get("sector"), blank_ok=False), start=start, end=end,
                     source=row.get("source") or "", note=row.get("note") or "")


def _agent(row: dict) -> AgentEntry:
    kind = (row.get("kind") or "group").strip()
    if kind not in ("person", "group"):
        raise ValueError(f"kind must be person or group, got {kind!r}")
    return AgentEntry(phrase=_text(row["phrase"]), sector=_sector(row["sector"], blank_ok=False),
                      role=(row.get("role") or "").strip() or None, kind=kind,
                      generic=(row.get("generic") or "0").strip() in ("1", "true", "yes"),
                      source=row.get("source") or "")


def _text(value: str | None) -> str:
    value = (value or "").strip()
    if not value:
        raise ValueError("empty name")
    return value


def _code(value: str | None) -> str:
    value = (value or "").strip()
    if not value or not value.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"bad code {value!r}")
    return value


def _sector(value: str | None, blank_ok: bool) -> str | None:
    value = (value or "").strip()
    if not value and blank_ok:
        return None
    if value not in SECTORS:
        raise ValueError(f"unknown sector {value!r} (PLOVER sectors: {' '.join(sorted(SECTORS))})")
    return value


@dataclass
class _Tables:
    """Mutable tables while files are read; frozen into ActorData afterwards."""

    countries: dict[str, CountryEntry] = field(default_factory=dict)
    orgs: dict[str, OrgEntry] = field(default_factory=dict)
    people: dict[str, tuple[int, str, str, list[RoleSpell]]] = field(default_factory=dict)
    agents: dict[str, AgentEntry] = field(default_factory=dict)
    non_actors: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, row: dict, rank: int) -> None:
        if kind == "countries":
            c = _country(row)
            self.countries[c.iso3] = c
        elif kind in ("igos", "groups"):
            o = _org(row) if kind == "igos" else _group(row)
            self.orgs[o.code] = o
        elif kind == "people":
            self._add_spell(row, rank)
        elif kind == "agents":
            a = _agent(row)
            self.agents[norm(a.phrase)] = a
        else:
            self.non_actors[norm(_text(row["phrase"]))] = row.get("reason") or ""

    def _add_spell(self, row: dict, rank: int) -> None:
        pid = _code(row["id"])
        spell = _spell(row)
        old = self.people.get(pid)
        if old is None or old[0] < rank:  # a higher-priority file replaces the person entirely
            self.people[pid] = (rank, _text(row["name"]), row.get("aliases") or "", [spell])
        else:
            old[3].append(spell)


def _load_file(tables: _Tables, path, label: str, rank: int) -> None:
    header, rows = _read_rows(path, label)
    kind = file_kind(header, label)
    for n, row in rows:
        if None in row or any(v is None for v in row.values()):
            raise DataError(f"{label}: line {n}: wrong number of fields (header has {len(header)})")
        try:
            tables.add(kind, row, rank)
        except (KeyError, ValueError) as exc:
            raise DataError(f"{label}: line {n}: {exc}") from exc


# ------------------------------------------------------------------------------------- the data
class ActorData:
    """Read-only actor dictionaries with lookups by name. Build it with ``ActorData.load``."""

    def __init__(self, tables: _Tables):
        self._countries = dict(tables.countries)
        self._orgs = dict(tables.orgs)
        self._agents = dict(tables.agents)
        self._non_actors = dict(tables.non_actors)
        people = {pid: PersonEntry(pid, name, _split(aliases), tuple(spells), rank)
                  for pid, (rank, name, aliases, spells) in tables.people.items()}
        self._people = _merge_history(people)
        self._index()

    @classmethod
    def load(cls, extra_files: Sequence[Path] = ()) -> "ActorData":
        """polevent's own files, then users' ``extra_files`` (same formats; their entries win)."""
        tables = _Tables()
        base = resources.files("polevent.data").joinpath("actors")
        for rank, name in enumerate(PACKAGE_FILES):
            src = base.joinpath(name)
            if src.is_file():
                _load_file(tables, src, f"polevent data actors/{name}", rank=1 if name == "people.csv" else 0)
        for path in extra_files:
            path = Path(path)
            if not path.is_file():
                raise DataError(f"{path}: actor file not found")
            _load_file(tables, path, str(path), rank=2)
        return cls(tables)

    # ---------------------------------------------------------------------------- indexing
    def _index(self) -> None:
        self._country_by_key: dict[str, CountryEntry] = {}
        self._adj_by_key: dict[str, CountryEntry] = {}
        self._capital_by_key: dict[str, tuple[CountryEntry, str | None]] = {}
        for c in self._countries.values():
            for code in (c.iso3, *c.codes):
                self._country_by_key.setdefault(norm(code), c)
            for n in c.names():
                self._country_by_key[norm(n)] = c
            for a in c.adjectives:
                self._adj_by_key.setdefault(norm(a), c)
                pl = demonym_plural(a)
                if pl:
                    self._adj_by_key.setdefault(norm(pl), c)
            for cap in c.capitals:
                self._capital_by_key.setdefault(norm(cap), (c, None))
            for seat, sector in c.seats:
                self._capital_by_key[norm(seat)] = (c, sector)
        self._org_by_key = {norm(n): o for o in self._orgs.values() for n in o.names()}
        self._agent_by_key = {}
        for key, a in self._agents.items():
            self._agent_by_key.setdefault(norm(plural(a.phrase)), a)
        self._agent_by_key.update(self._agents)
        self._index_people()

    def _index_people(self) -> None:
        by_name: dict[str, list[PersonEntry]] = {}
        for p in self._people.values():
            for n in {norm(x) for x in p.names()}:
                by_name.setdefault(n, []).append(p)
        # a full name held by a higher-priority file hides the lower-priority people of that name;
        # one-word names (surnames) are shared by many people and hide nobody
        self._people_by_name = {k: v if " " not in k else [p for p in v if p.rank == max(q.rank for q in v)]
                                for k, v in by_name.items()}
        surnames: dict[str, list[PersonEntry]] = {}
        for p in self._people.values():
            if p.rank >= 1:
                for s in {norm(x) for x in p.surnames()}:
                    surnames.setdefault(s, []).append(p)
        self._people_by_surname = surnames
        holders: dict[tuple[str, str], list[PersonEntry]] = {}
        for p in self._people.values():
            for sp in p.spells:
                if sp.role and p.rank >= 1:
                    holders.setdefault((sp.country, sp.role), []).append(p)
        self._holders = holders

    # ---------------------------------------------------------------------------- lookups
    def countries(self) -> list[CountryEntry]:
        return sorted(self._countries.values(), key=lambda c: c.iso3)

    def country(self, text: str) -> CountryEntry | None:
        """A country by ISO-3 code, name, alias, adjective or demonym ("Kazakh", "Britain")."""
        key = norm(text)
        key = key[4:] if key.startswith("the ") else key
        return self._country_by_key.get(key) or self._adj_by_key.get(key)

    def country_by_code(self, iso3: str) -> CountryEntry | None:
        return self._countries.get(iso3)

    def is_demonym(self, text: str) -> bool:
        return norm(text) in self._adj_by_key and norm(text) not in self._country_by_key

    def capital(self, text: str) -> tuple[CountryEntry, str | None] | None:
        """(country, sector) for a capital ("Moscow": sector None) or a seat ("the Kremlin": GOV)."""
        key = norm(text)
        if key.startswith("the "):
            key = key[4:]
        return self._capital_by_key.get(key)

    def org(self, text: str) -> OrgEntry | None:
        """An IGO, NGO or group by name, alias or code."""
        key = norm(text)
        key = key[4:] if key.startswith("the ") else key
        return self._org_by_key.get(key) or self._orgs.get(text.strip())

    def igo(self, text: str) -> OrgEntry | None:
        o = self.org(text)
        return o if o is not None and o.kind in ("igo", "ngo") else None

    def orgs(self) -> list[OrgEntry]:
        return sorted(self._orgs.values(), key=lambda o: o.code)

    def agent(self, noun: str) -> AgentEntry | None:
        """A sector agent by phrase, singular or plural ("troops", "foreign minister")."""
        return self._agent_by_key.get(norm(noun))

    def agents(self) -> list[AgentEntry]:
        return sorted(self._agents.values(), key=lambda a: a.phrase)

    def people_named(self, name: str) -> list[PersonEntry]:
        return list(self._people_by_name.get(norm(name), ()))

    def people_with_surname(self, surname: str) -> list[PersonEntry]:
        """Curated people (not extracted ones) whose one-word name is ``surname``."""
        return list(self._people_by_surname.get(norm(surname), ()))

    def person_by_id(self, pid: str) -> PersonEntry | None:
        return self._people.get(pid)

    def person(self, name: str, on_date: dt.date, country: str | None = None
               ) -> tuple[PersonEntry, RoleSpell] | None:
        """The person called ``name`` and their role on ``on_date``; None if unknown or ambiguous.

        Among several people of that name, the one holding a post on the date wins; ``country``
        keeps only people with a post in that country. Two candidates left means ambiguous: no guess.
        """
        found = self.people_named(name) or self.people_with_surname(name)
        return pick_person(found, on_date, country)

    def holder(self, country: str, role: str, on_date: dt.date) -> tuple[PersonEntry, RoleSpell] | None:
        """The one curated person holding ``role`` for ``country`` on ``on_date`` (None if 0 or 2+)."""
        found = []
        for p in self._holders.get((country, role), ()):
            spell = next((s for s in p.spells if s.role == role and s.country == country and s.active(on_date)), None)
            if spell:
                found.append((p, spell))
        return found[0] if len(found) == 1 else None

    def is_non_actor(self, text: str) -> bool:
        return norm(text) in self._non_actors

    def is_actor_word(self, text: str) -> bool:
        """True if ``text`` names an actor: country, demonym, capital/seat, organisation, agent or person."""
        key = norm(text)
        return any(key in d for d in (self._country_by_key, self._adj_by_key, self._capital_by_key,
                                      self._org_by_key, self._agent_by_key, self._people_by_name))

    # ---------------------------------------------------------------------------- phrase lists
    def phrases(self) -> Iterator[tuple[str, str]]:
        """(label, phrase) for every phrase a matcher should find: COUNTRY, DEMONYM, CAPITAL,
        ORG, PERSON, AGENT, NONACTOR."""
        for c in self._countries.values():
            yield from (("COUNTRY", n) for n in c.names())
            for a in c.adjectives:
                yield "DEMONYM", a
                if demonym_plural(a):
                    yield "DEMONYM", demonym_plural(a)
            yield from (("CAPITAL", n) for n in c.capitals)
            yield from (("CAPITAL", s) for s, _ in c.seats)
        for o in self._orgs.values():
            yield from (("ORG", n) for n in o.names())
        for p in self._people.values():
            yield from (("PERSON", n) for n in p.names())
        for key, a in self._agents.items():
            yield "AGENT", a.phrase
            yield "AGENT", plural(a.phrase)
        for key in self._non_actors:
            yield "NONACTOR", key


def _overlap(a: RoleSpell, b: RoleSpell) -> bool:
    lo = max(a.start or dt.date.min, b.start or dt.date.min)
    hi = min(a.end or dt.date.max, b.end or dt.date.max)
    return lo <= hi


def _merge_history(people: dict[str, PersonEntry]) -> dict[str, PersonEntry]:
    """A curated person hides extracted people of the same name; keep their older posts (same country)
    that the curated spells do not cover, so "Ariel Sharon" in 1990 is still a (former) official."""
    by_name: dict[str, list[PersonEntry]] = {}
    for p in people.values():
        for n in {norm(x) for x in p.names()}:
            by_name.setdefault(n, []).append(p)
    out = dict(people)
    for top in sorted((p for p in people.values() if p.rank >= 1), key=lambda p: p.id):
        extra: list[RoleSpell] = []
        for n in {norm(x) for x in top.names() if " " in x.strip()}:
            for low in by_name.get(n, ()):
                if low.rank < top.rank and low.id in out and \
                        {s.country for s in low.spells} & {s.country for s in top.spells}:
                    extra += [s for s in low.spells if not any(_overlap(s, t) for t in top.spells + tuple(extra))]
                    del out[low.id]  # merged into the curated entry: one person, one id
        if extra:
            out[top.id] = replace(top, spells=top.spells + tuple(extra))
    return out


def pick_person(found: Sequence[PersonEntry], on_date: dt.date, country: str | None = None
                ) -> tuple[PersonEntry, RoleSpell] | None:
    """Disambiguate people of one name by country and by who held a post on the date."""
    cands = list({p.id: p for p in found}.values())
    if country:
        cands = [p for p in cands if any(s.country == country for s in p.spells)]
    if len(cands) > 1:
        active = [p for p in cands if any(s.active(on_date) for s in p.spells)]
        cands = active if active else cands
    if len(cands) != 1:
        return None
    spell = cands[0].role_on(on_date)
    return (cands[0], spell) if spell else None
