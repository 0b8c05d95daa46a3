"""The offline gazetteer: names -> Location, ranked by population, prominence and preference."""
from __future__ import annotations

import time

import pytest

from polevent.gazetteer import Gazetteer, normalize


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.load()


@pytest.mark.parametrize("raw, key", [
    ("Dushanbe", "dushanbe"),
    ("the United States", "united states"),
    ("U.S.", "us"),
    ("Trípoli", "tripoli"),
    ("Côte d\u2019Ivoire", "cote d'ivoire"),
    ("  New   York ", "new york"),
    ("Moscow's", "moscow"),
])
def test_normalize(raw, key):
    assert normalize(raw) == key


def test_dushanbe(gazetteer):
    loc = gazetteer.lookup("Dushanbe")
    assert (loc.name, loc.country, loc.geonameid) == ("Dushanbe", "TJK", 1221874)
    assert loc.lat == pytest.approx(38.54, abs=0.01) and loc.lon == pytest.approx(68.78, abs=0.01)
    assert loc.admin1 == "TJ.04"
    assert "only match" in loc.reason


@pytest.mark.parametrize("prefer, country", [
    ((), "LBY"),  # no preference: the larger, better-known Tripoli
    (("LBN",), "LBN"),
    (("LBY",), "LBY"),
    (("SYR", "LBN"), "LBN"),
    (("FRA",), "LBY"),  # a preference no candidate satisfies changes nothing
])
def test_tripoli_follows_country_preference(gazetteer, prefer, country):
    loc = gazetteer.lookup("Tripoli", prefer=prefer)
    assert loc.name == "Tripoli" and loc.country == country
    assert ("country of the event's actors" in loc.reason) == (country in prefer)


@pytest.mark.parametrize("name, prefer, country", [
    ("Paris", ("USA",), "FRA"),  # Paris, Texas is in a preferred country but far less known
    ("Geneva", ("USA", "RUS"), "CHE"),
    ("Washington", ("GBR",), "USA"),
    ("Moscow", (), "RUS"),
])
def test_preference_does_not_beat_a_far_better_known_city(gazetteer, name, prefer, country):
    assert gazetteer.lookup(name, prefer=prefer).country == country


@pytest.mark.parametrize("name, country, capital", [
    ("Tajikistan", "TJK", "Dushanbe"),
    ("the United States", "USA", "Washington"),
    ("U.S.", "USA", "Washington"),
    ("Britain", "GBR", "London"),
    ("Georgia", "GEO", "Tbilisi"),  # the country, not the US state
    ("Kazakhstan", "KAZ", "Astana"),
])
def test_country_name_gets_capital_coordinates(gazetteer, name, country, capital):
    loc = gazetteer.lookup(name)
    cap = gazetteer.lookup(capital)
    assert loc.country == country and loc.admin1 is None
    assert (loc.lat, loc.lon) == (cap.lat, cap.lon)
    assert loc.geonameid != cap.geonameid  # the country's own GeoNames id
    assert f"capital {cap.name}" in loc.reason


@pytest.mark.parametrize("name, expected, country", [
    ("Kiev", "Kyiv", "UKR"),
    ("Nur-Sultan", "Astana", "KAZ"),
    ("St. Petersburg", "Saint Petersburg", "RUS"),
])
def test_alternate_names(gazetteer, name, expected, country):
    loc = gazetteer.lookup(name)
    assert (loc.name, loc.country) == (expected, country)
    assert "alternate name" in loc.reason


def test_us_state_and_us_city_admin1(gazetteer):
    state = gazetteer.lookup("Texas")
    assert (state.name, state.country, state.admin1, state.lat) == ("Texas", "USA", "Texas", None)
    assert gazetteer.lookup("Houston").admin1 == "Texas"


@pytest.mark.parametrize("name", ["Central Asia", "Narnia", "", "the"])
def test_unknown_names(gazetteer, name):
    assert gazetteer.lookup(name) is None


def test_candidates_are_population_ranked(gazetteer):
    cands = gazetteer.candidates("Tripoli")
    assert {c.iso2 for c in cands} >= {"LY", "LB"}
    assert [c.population for c in cands] == sorted((c.population for c in cands), reverse=True)


def test_load_is_cheap_and_instances_are_independent():
    start = time.perf_counter()
    first = Gazetteer.load()
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5  # countries and states only; cities are indexed on first use
    second = Gazetteer.load()
    assert first is not second
    assert first.lookup("Astana").geonameid == second.lookup("Astana").geonameid
