"""polevent's actor data: the CSV files load, lookups find what a news text calls an actor, people
carry dated roles, users' files win, and malformed files are reported by file and line."""
from __future__ import annotations

import csv
import datetime as dt
from importlib import resources
from pathlib import Path

import pytest

from polevent.actordata import ActorData, demonym_plural, norm, parse_date, plural
from polevent.errors import DataError

D = dt.date.fromisoformat
PEOPLE_HEADER = "id,name,aliases,country,role,sector,start,end,source,note\n"


@pytest.fixture(scope="module")
def data() -> ActorData:
    return ActorData.load()


def _rows(name: str) -> list[dict]:
    src = resources.files("polevent.data").joinpath("actors", name)
    with src.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# ------------------------------------------------------------------------------------ countries
@pytest.mark.parametrize("text, iso3", [
    ("Britain", "GBR"), ("UK", "GBR"), ("the United Kingdom", "GBR"), ("US", "USA"), ("U.S.", "USA"),
    ("America", "USA"), ("the United States", "USA"), ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"),
    ("Cote d’Ivoire", "CIV"), ("Kazakh", "KAZ"), ("Tajik", "TJK"), ("Emirati", "ARE"), ("Ivorian", "CIV"),
    ("French", "FRA"), ("British", "GBR"), ("Serb", "SRB"), ("Serbian", "SRB"), ("Turkish", "TUR"),
    ("Thai", "THA"), ("Israeli", "ISR"), ("Palestinian", "PSE"), ("Palestinians", "PSE"), ("Kazakhs", "KAZ"),
    ("KAZ", "KAZ"), ("Kosovo", "XKX"), ("Taiwan", "TWN"), ("Western Sahara", "ESH"), ("Hong Kong", "HKG"),
    ("Puerto Rico", "PRI"), ("Burma", "MMR"), ("Soviet", "RUS"), ("Yugoslavia", "SRB"), ("West German", "DEU"),
    ("ROM", "ROU"), ("YUG", "SRB"), ("ZAR", "COD"), ("JAP", "JPN"),
])
def test_country_names_aliases_and_demonyms(data, text, iso3):
    assert data.country(text).iso3 == iso3


@pytest.mark.parametrize("text", ["Latin America", "turkey sandwich", "Brazilian Portuguese", ""])
def test_non_country_words_find_no_country(data, text):
    assert data.country(text) is None


def test_every_un_member_and_observer_is_listed_with_a_demonym(data):
    rows = _rows("countries.csv")
    members = [r for r in rows if r["status"] == "member"]
    assert len(members) == 193
    assert {"PSE", "VAT"} <= {r["iso3"] for r in rows if r["status"] == "observer"}
    assert [r["iso3"] for r in rows if r["status"] == "member" and not r["adjectives"]] == []
    assert len({r["iso3"] for r in rows}) == len(rows)


@pytest.mark.parametrize("text, iso3, sector", [
    ("Moscow", "RUS", None), ("the Kremlin", "RUS", "GOV"), ("White House", "USA", "GOV"),
    ("Whitehall", "GBR", "GOV"), ("Beijing", "CHN", None), ("Pentagon", "USA", "MIL"), ("Astana", "KAZ", None),
    ("Dushanbe", "TJK", None), ("Knesset", "ISR", "LEG"),
])
def test_capitals_and_seats(data, text, iso3, sector):
    entry, seat_sector = data.capital(text)
    assert (entry.iso3, seat_sector) == (iso3, sector)


# ------------------------------------------------------------------------------ organisations
@pytest.mark.parametrize("text, code, kind, country", [
    ("UN", "IGOUNO", "igo", "IGO"), ("U.N. Security Council", "IGOUNOSEC", "igo", "IGO"),
    ("UNHCR", "IGOUNOREF", "igo", "IGO"), ("World Food Programme", "IGOUNOWFP", "igo", "IGO"),
    ("NATO", "IGOWSTNAT", "igo", "IGO"), ("European Union", "IGOEUREEC", "igo", "IGO"),
    ("SCO", "IGOASASCO", "igo", "IGO"), ("CSTO", "IGOCASCST", "igo", "IGO"),
    ("Amnesty International", "NGOHRIAMN", "ngo", "NGO"), ("Red Cross", "NGOHLHIRC", "ngo", "NGO"),
    ("Hamas", "PSEREBHMS", "group", "PSE"), ("Hezbollah", "LBNREBHEZ", "group", "LBN"),
    ("Taliban", "AFGREBTAL", "group", "AFG"),
])
def test_organisations(data, text, code, kind, country):
    org = data.org(text)
    assert (org.code, org.kind, org.country) == (code, kind, country)


def test_igo_lookup_excludes_armed_groups(data):
    assert data.igo("Hamas") is None
    assert data.igo("IAEA").code == "IGOUNOIAE"


def test_igo_members_are_known_countries(data):
    known = {c.iso3 for c in data.countries()}
    codes = {o.code for o in data.orgs()}
    for row in _rows("igos.csv"):
        for member in row["members"].split("|"):
            if member:
                assert member in known or (member.startswith("@") and member[1:] in codes), (row["code"], member)
    assert {"KAZ", "TJK", "RUS"} <= set(data.igo("CSTO").members)


# -------------------------------------------------------------------------------------- agents
@pytest.mark.parametrize("noun, sector, role, generic", [
    ("troops", "MIL", None, False), ("soldier", "MIL", None, False), ("spokesmen", "GOV", "spokesperson", True),
    ("foreign minister", "GOV", "foreign minister", False), ("Foreign Ministers", "GOV", "foreign minister", False),
    ("police", "COP", None, False), ("journalists", "JRN", None, False), ("protesters", "CVL", None, False),
    ("refugees", "REF", None, False), ("rebels", "REB", None, False), ("parliament", "LEG", None, False),
    ("judges", "JUD", "judge", False), ("companies", "BUS", None, False), ("students", "EDU", None, False),
    ("unions", "LAB", None, False), ("clerics", "REL", None, False), ("opposition", "OPP", None, False),
    ("President", "GOV", "head of state", False), ("prime minister", "GOV", "head of government", False),
])
def test_agents_singular_and_plural(data, noun, sector, role, generic):
    a = data.agent(noun)
    assert (a.sector, a.role, a.generic) == (sector, role, generic)


@pytest.mark.parametrize("word, expected", [
    ("spokesman", "spokesmen"), ("party", "parties"), ("ministry", "ministries"), ("soldier", "soldiers"),
    ("foreign minister", "foreign ministers"), ("attorney", "attorneys"), ("church", "churches"),
])
def test_plural(word, expected):
    assert plural(word) == expected


@pytest.mark.parametrize("adj, expected", [
    ("Palestinian", "Palestinians"), ("Iraqi", "Iraqis"), ("Kazakh", "Kazakhs"), ("Chinese", None),
    ("French", None), ("Swiss", None), ("Frenchmen", None),
])
def test_demonym_plural(adj, expected):
    assert demonym_plural(adj) == expected


def test_actor_word_test(data):
    assert data.is_actor_word("troops") and data.is_actor_word("Kremlin") and data.is_actor_word("Tokayev")
    assert not data.is_actor_word("wheat")


# -------------------------------------------------------------------------------------- people
@pytest.mark.parametrize("name, on, country, role, sector", [
    ("Tokayev", "2023-05-04", "KAZ", "head of state", "GOV"),
    ("Kassym-Jomart Tokayev", "2001-05-01", "KAZ", "head of government", "GOV"),
    ("Tokayev", "2005-01-01", "KAZ", "foreign minister", "GOV"),
    ("Tokayev", "2015-01-01", "KAZ", "speaker of the senate", "LEG"),
    ("Kasymzhomart Tokayev", "2023-05-04", "KAZ", "head of state", "GOV"),
    ("Emomali Rahmon", "1995-06-01", "TJK", "head of state", "GOV"),
    ("Rahmonov", "2023-05-04", "TJK", "head of state", "GOV"),
    ("Nazarbayev", "2023-05-04", "KAZ", "former security council chairman", "ELI"),
    ("Putin", "2010-01-01", "RUS", "head of government", "GOV"),
    ("Putin", "2015-01-01", "RUS", "head of state", "GOV"),
    ("Kofi Annan", "2003-01-01", "IGOUNO", "secretary-general", "GOV"),
    ("Elias Hrawi", "1995-01-01", "LBN", "head of state", "GOV"),
    ("Xi", "2023-05-04", "CHN", "head of state", "GOV"),
])
def test_people_have_their_role_on_the_date(data, name, on, country, role, sector):
    person, spell = data.person(name, D(on))
    assert (spell.country, spell.role, spell.sector) == (country, role, sector)


def test_same_name_two_dates_two_roles(data):
    _, spell_2001 = data.person("Tokayev", D("2001-05-01"))
    _, spell_2023 = data.person("Tokayev", D("2023-05-04"))
    assert spell_2001.role == "head of government" and spell_2023.role == "head of state"
    assert spell_2023.status == "current" and spell_2023.sector != "ELI"


def test_a_person_before_any_post_has_no_sector(data):
    _, spell = data.person("Olzhas Bektenov", D("2010-01-01"))
    assert (spell.country, spell.sector, spell.status) == ("KAZ", None, "future")


@pytest.mark.parametrize("name, on, expected_id", [
    ("Singh", "2005-01-01", None),  # Manmohan (PM) and Natwar (FM) Singh both in office: no guess
    ("Singh", "2010-01-01", "P-IND-MANMOHAN_SINGH"),
    ("Li", "2023-06-01", "P-CHN-LI_QIANG"),
    ("Li", "2015-06-01", "P-CHN-LI_KEQIANG"),
    ("Clinton", "1998-01-01", "P-USA-BILL_CLINTON"),
    ("Clinton", "2010-01-01", "P-USA-HILLARY_CLINTON"),
])
def test_surnames_resolve_by_who_held_office(data, name, on, expected_id):
    found = data.person(name, D(on))
    assert (found[0].id if found else None) == expected_id


def test_country_narrows_people(data):
    assert data.person("Tokayev", D("2023-05-04"), country="TJK") is None
    assert data.person("Tokayev", D("2023-05-04"), country="KAZ")[0].name == "Kassym-Jomart Tokayev"


@pytest.mark.parametrize("country, role, on, name", [
    ("KAZ", "head of state", "2023-05-04", "Kassym-Jomart Tokayev"),
    ("KAZ", "head of state", "2010-01-01", "Nursultan Nazarbayev"),
    ("TJK", "head of state", "2023-05-04", "Emomali Rahmon"),
    ("USA", "foreign minister", "2006-01-01", "Condoleezza Rice"),
    ("GBR", "head of government", "2024-01-01", "Rishi Sunak"),
])
def test_office_holder(data, country, role, on, name):
    person, spell = data.holder(country, role, D(on))
    assert person.name == name and spell.active(D(on))


def test_extracted_history_is_kept_for_curated_people(data):
    # Peres was prime minister 1984-1986: only the extracted 2014 dictionary has that spell
    peres, spell = data.person("Shimon Peres", D("1985-06-01"))
    assert peres.id.startswith("P-") and spell.status == "current" and spell.sector == "GOV"
    assert spell.source.startswith("Phoenix")


def test_curated_people_rows_are_consistent(data):
    known = {c.iso3 for c in data.countries()} | {o.code for o in data.orgs()} | {"IMG"}
    names: dict[str, str] = {}
    for row in _rows("people.csv"):
        assert row["country"] in known, row["id"]
        assert names.setdefault(row["id"], row["name"]) == row["name"], row["id"]
        assert row["source"]
    assert len(names) > 800


# -------------------------------------------------------------------------- users' extra files
def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_users_people_file_adds_and_wins(tmp_path):
    extra = _write(tmp_path, "mine.csv", PEOPLE_HEADER
                   + "U-1,Jane Roe,Roe,TJK,foreign minister,GOV,2024-01,,my notes,\n"
                   + "U-2,Kassym-Jomart Tokayev,Tokayev,KAZ,chairman,GOV,2020,,my notes,\n")
    data = ActorData.load(extra_files=[extra])
    person, spell = data.person("Roe", D("2024-06-01"))
    assert (person.name, spell.country, spell.role) == ("Jane Roe", "TJK", "foreign minister")
    assert data.person("Kassym-Jomart Tokayev", D("2023-05-04"))[1].role == "chairman"


def test_users_country_file_replaces_the_entry(tmp_path):
    extra = _write(tmp_path, "places.csv", "iso3,name,aliases,adjectives,capitals,seats,codes,status,source\n"
                   "KAZ,Kazakhstan,Qazaqstan Respublikasy,Kazakh,Astana,Ak Orda=GOV,,member,mine\n")
    data = ActorData.load(extra_files=[extra])
    assert data.country("Qazaqstan Respublikasy").iso3 == "KAZ"
    assert data.capital("Ak Orda")[1] == "GOV"


@pytest.mark.parametrize("text, line", [
    ("foo,bar\n1,2\n", "line 1"),
    (PEOPLE_HEADER + "U-1,Jane Roe,,TJK,minister,GOV,2024-13,,x,\n", "line 2"),
    (PEOPLE_HEADER + "U-1,Jane Roe,,TJK,minister,GOV,2024,,x,\nU-2,Joe,,TJK,minister,XXX,2024,,x,\n", "line 3"),
    (PEOPLE_HEADER + "U-1,Jane Roe,,TJK,minister,GOV,2024\n", "line 2"),
    (PEOPLE_HEADER + "U-1,Jane Roe,,TJK,minister,GOV,2024,2020,x,\n", "line 2"),
    ("phrase,sector,role,kind,generic,source\nwarlord,REB,,gang,0,x\n", "line 2"),
])
def test_malformed_user_file_names_file_and_line(tmp_path, text, line):
    bad = _write(tmp_path, "bad.csv", text)
    with pytest.raises(DataError) as err:
        ActorData.load(extra_files=[bad])
    assert "bad.csv" in str(err.value) and line in str(err.value)


def test_missing_user_file(tmp_path):
    with pytest.raises(DataError, match="not found"):
        ActorData.load(extra_files=[tmp_path / "nope.csv"])


@pytest.mark.parametrize("text, end, expected", [
    ("2019", False, "2019-01-01"), ("2019", True, "2019-12-31"), ("2019-02", True, "2019-02-28"),
    ("2024-02", True, "2024-02-29"), ("2019-03-20", False, "2019-03-20"), ("", False, None),
])
def test_parse_date(text, end, expected):
    got = parse_date(text, end=end)
    assert (got.isoformat() if got else None) == expected


def test_norm_folds_case_quotes_and_spaces():
    assert norm("  Côte  d’Ivoire ") == "côte d'ivoire"


def test_package_organisations_have_unique_codes():
    """The tables key organisations by code: two rows with one code would hide one of them."""
    import csv
    from collections import Counter
    from importlib import resources
    codes = Counter()
    for name in ("igos.csv", "groups.csv"):
        with resources.files("polevent.data").joinpath("actors", name).open(encoding="utf-8") as fh:
            codes.update(r["code"] for r in csv.DictReader(fh))
    assert [c for c, n in codes.items() if n > 1] == []
