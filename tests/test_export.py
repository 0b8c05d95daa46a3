"""polevent export: GDELT 2.0 event layout, PLOVER JSON Lines, CSV and Parquet."""
import csv
import datetime as dt
import io
import json
from pathlib import Path

import duckdb
import pytest

from polevent.cameo import CameoTable
from polevent.cli import main
from polevent.io.exporters import gdelt
from polevent.io.readers import read_paths
from polevent.runner import ingest
from polevent.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_FOLDERS = [ROOT / "src" / "polevent" / "samples", ROOT / "tests" / "data" / "store"]
ISO3 = {"KAZ", "TJK", "KGZ", "UZB", "RUS", "USA", "GBR", "CHN", "IRN", "SAU", "GEO", "UKR", "PSE", "XKX"}


@pytest.fixture(scope="module")
def places():
    return gdelt.Places()


@pytest.mark.parametrize("row, want", [
    (dict(source_text="Tokayev", source_name="Kassym-Jomart Tokayev", source_country="KAZ", source_code="KAZGOV",
          source_sector="GOV"), ("KAZGOV", "KASSYM-JOMART TOKAYEV", "KAZ", "", "", ("GOV",))),
    (dict(source_text="the EU", source_name="European Union", source_country="IGO", source_code="IGOEUREEC"),
     ("IGOEUREEC", "EUROPEAN UNION", "", "EEC", "", ("IGO",))),
    (dict(source_text="al-Qaeda", source_name="al-Qaeda", source_country=None, source_code="IMGMUSALQ"),
     ("IMGMUSALQ", "AL-QAEDA", "", "ALQ", "MUS", ("IMG",))),
    (dict(source_text="Georgian journalists", source_country="GEO", source_code="GEOJRN", source_sector="JRN"),
     ("GEOMED", "GEORGIAN JOURNALISTS", "GEO", "", "", ("MED",))),  # PLOVER JRN is CAMEO MED (media)
    (dict(source_text="Hamas", source_name="Hamas", source_country="PSE", source_code="PSEREBHMS",
          source_sector="REB"), ("PSEREBHMS", "HAMAS", "PSE", "HMS", "", ("REB",))),
    (dict(source_text="Russia", source_name="Russia", source_country="RUS", source_code=None),
     ("RUS", "RUSSIA", "RUS", "", "", ())),
    (dict(), ("", "", "", "", "", ())),
])
def test_gdelt_actor_fields(places, row, want):
    a = gdelt.actor_codes(row, "source", places.iso3)
    assert (a.code, a.name, a.country, a.known_group, a.religion1, a.types) == want
    assert len(a.cells()) == 10


@pytest.mark.parametrize("place, want", [
    (dict(location_name="Bishkek", location_country="KGZ", location_admin1="KG.01", lat=42.87, lon=74.59,
          geonameid=1528675, location_reason="city (name)"),
     ["4", "Bishkek, Kyrgyzstan", "KG", "KG01", "", "42.8700", "74.5900", "1528675"]),
    (dict(location_name="Kazakhstan", location_country="KAZ", lat=51.18, lon=71.45, geonameid=1522867,
          location_reason="country name; coordinates of its capital Astana"),
     ["1", "Kazakhstan", "KZ", "KZ", "", "51.1800", "71.4500", "KZ"]),
    (dict(location_name="Austin", location_country="USA", location_admin1="Texas", lat=30.27, lon=-97.74,
          geonameid=4671654, location_reason="city (name)"),
     ["3", "Austin, Texas, United States", "US", "USTX", "", "30.2700", "-97.7400", "4671654"]),
    (None, [""] * 8),
])
def test_gdelt_geo_fields(places, place, want):
    assert places.geo_cells(place) == want


def test_gdelt_layout_constants():
    assert len(gdelt.COLUMNS) == 61 and len(set(gdelt.COLUMNS)) == 61
    assert gdelt.COLUMNS[:2] == ("GlobalEventID", "Day") and gdelt.COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert gdelt.COLUMNS.index("EventCode") == 26 and gdelt.COLUMNS.index("ActionGeo_Type") == 51
    assert [gdelt.event_code(c) for c in ("05", "057", "0311")] == ["050", "057", "0311"]


@pytest.fixture(scope="module")
def db(coder, tmp_path_factory):
    """Acceptance: the sample folders, ingested twice, then exported in every format."""
    path = tmp_path_factory.mktemp("export") / "s.duckdb"
    errors = []
    with Store(path) as s:
        first = ingest(read_paths(SAMPLE_FOLDERS), coder, s, errors.append)
        counts = s.counts()
        again = ingest(read_paths(SAMPLE_FOLDERS), coder, s, errors.append)
        assert s.counts() == counts  # ingesting twice changes nothing
    assert not errors and first.stored == again.skipped == counts["articles"] > 5 and again.stored == 0
    return path


@pytest.mark.slow
class TestSampleStore:

    def counts(self, db, table):
        con = duckdb.connect(str(db), read_only=True)
        n = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        con.close()
        return n

    def test_gdelt(self, db, tmp_path):
        out = tmp_path / "events.tsv"
        assert main(["export", "--db", str(db), "--format", "gdelt", "--out", str(out)]) == 0
        lines = out.read_text(encoding="utf-8").splitlines()
        # left out: negated/hypothetical/background modality, and events of non-political articles or
        # background sentences (stores written with every event)
        assert len(lines) == self.counts(db, "event_clusters WHERE modality NOT IN ('negated', 'hypothetical', "
                                             "'background') AND cluster_id NOT IN (SELECT cluster_id FROM mentions "
                                             "WHERE relevance <> 'political' OR is_background)")
        cameo = set(CameoTable.load().codes())
        col = {name: i for i, name in enumerate(gdelt.COLUMNS)}
        for line in lines:
            cells = line.split("\t")
            assert len(cells) == 61
            r = {name: cells[i] for name, i in col.items()}
            assert r["EventCode"] in cameo and r["EventRootCode"] == r["EventCode"][:2]
            assert r["EventBaseCode"] == r["EventCode"][:3] and r["QuadClass"] in {"1", "2", "3", "4"}
            assert -10 <= float(r["GoldsteinScale"]) <= 10
            for actor in ("Actor1", "Actor2"):
                assert r[f"{actor}CountryCode"] in ISO3 | {""}
            assert r["Actor1Code"] or r["Actor1Name"]  # every event has a source
            assert dt.datetime.strptime(r["Day"], "%Y%m%d").strftime("%Y%m") == r["MonthYear"]
            assert int(r["NumMentions"]) >= int(r["NumArticles"]) >= 1 and int(r["NumSources"]) >= 1
            assert len(r["DATEADDED"]) == 14 and r["SOURCEURL"]
            if r["ActionGeo_Type"]:
                assert r["ActionGeo_Lat"] and len(r["ActionGeo_CountryCode"]) == 2
        signing = [ln.split("\t") for ln in lines if "\t057\t" in ln and "\t20230127\t" in ln]
        assert [(c[col["NumMentions"]], c[col["NumArticles"]], c[col["ActionGeo_FullName"]]) for c in signing] == \
            [("3", "3", "Bishkek, Kyrgyzstan")]

    def test_plover(self, db, tmp_path):
        out = tmp_path / "events.jsonl"
        assert main(["export", "--db", str(db), "--format", "plover", "--out", str(out)]) == 0
        recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        no_type = self.counts(db, "event_clusters WHERE plover_type IS NULL")  # CAMEO 01/02: not PLOVER events
        assert len(recs) == self.counts(db, "event_clusters") - no_type
        assert len({r["id"] for r in recs}) == len(recs)
        for r in recs:
            assert r["date"] and r["actor"] and r["event"] and r["quad_code"] in (1, 2, 3, 4)
            assert len(r["mentions"]) >= r["num_mentions"] >= 1
            dt.date.fromisoformat(r["date"])
        signing = next(r for r in recs if r["cameo"]["code"] == "057" and r["date"] == "2023-01-27")
        assert {a["code"] for a in signing["actor"]} == {"KGZ", "UZB"} and signing["recipient"] == []
        assert signing["event_loc"]["resolved_place"] == "Bishkek" and len(signing["event_text"]) == 3

    @pytest.mark.parametrize("what, table", [("events", "event_clusters"), ("mentions", "events")])
    def test_parquet_reads_back_with_the_same_row_count(self, db, tmp_path, what, table):
        out = tmp_path / "pq"
        assert main(["export", "--db", str(db), "--format", "parquet", "--out", str(out), "--what", what]) == 0
        assert any(p.name.startswith("month=") for p in out.glob("year=*/*"))
        n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/**/*.parquet', hive_partitioning = true)")
        assert n.fetchall()[0][0] == self.counts(db, table)

    def test_csv_to_stdout_with_a_filter(self, db, capsys):
        assert main(["export", "--db", str(db), "--format", "csv", "--out", "-", "--dyad", "UZB-KGZ"]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert rows and all({r["source_country"], r["target_country"]} == {"KGZ", "UZB"} for r in rows)
        assert sum(int(r["num_mentions"]) for r in rows if r["cameo_code"] == "057") == 5

    @pytest.mark.parametrize("argv", [["--format", "gdelt", "--what", "mentions"], ["--format", "xml"],
                                      ["--format", "parquet", "--out", "-"]])
    def test_usage_errors(self, db, argv, capsys):
        args = ["export", "--db", str(db)] + argv + ([] if "--out" in argv else ["--out", "x"])
        with pytest.raises(SystemExit) as exc:
            raise SystemExit(main(args))
        assert exc.value.code == 2 and "Traceback" not in capsys.readouterr().err

    def test_parquet_does_not_overwrite_a_folder_unless_forced(self, db, tmp_path):
        out = tmp_path / "pq"
        out.mkdir()
        (out / "keep.txt").write_text("x")
        assert main(["export", "--db", str(db), "--format", "parquet", "--out", str(out)]) == 2
        assert (out / "keep.txt").exists()
        assert main(["export", "--db", str(db), "--format", "parquet", "--out", str(out), "--force"]) == 0
        assert not (out / "keep.txt").exists() and list(out.glob("year=*"))


def test_gdelt_leaves_out_negated_and_hypothetical_events(tmp_path, capsys):
    """GDELT has no modality column: "could invade" must not become a line readers take as fact."""
    import dataclasses

    from polevent.store.db import Store
    from tests.store.store_factory import coded

    real = coded()
    maybe = coded("China could invade Taiwan.", "2023-06-01", "CHN", "TWN", code="190", plover="FIGHT", quad=4,
                  reciprocal=False)
    maybe.events[0] = dataclasses.replace(maybe.events[0], modality="hypothetical")
    db = tmp_path / "m.duckdb"
    with Store(db) as store:
        store.add(real)
        store.add(maybe)
    out = tmp_path / "g.tsv"
    assert main(["export", "--db", str(db), "--format", "gdelt", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and "\t057\t" in lines[0]
    assert "1 negated, hypothetical, background or non-political events left out" in capsys.readouterr().err
    csv_out = tmp_path / "e.csv"
    assert main(["export", "--db", str(db), "--format", "csv", "--out", str(csv_out)]) == 0
    assert len(csv_out.read_text(encoding="utf-8").splitlines()) == 3  # header + both events
