"""polevent query --by: counts, mean Goldstein and QuadClass mix per period, over merged events."""
import pytest

from polevent.errors import UsageError
from polevent.store.aggregate import aggregate
from polevent.store.db import Store, connect
from polevent.store.query import EventFilter

from store_factory import coded

ARTICLES = [
    # two reports of one signing (one event, two mentions), a praise in the same month, a fight later
    coded("Kazakhstan and Tajikistan signed a roadmap.", "2023-05-04"),
    coded("Tajikistan and Kazakhstan signed a roadmap, officials said.", "2023-05-04", "TJK", "KAZ"),
    coded("Kazakhstan praised Tajikistan.", "2023-05-20", code="051", goldstein=3.4, reciprocal=False),
    coded("Kazakh and Tajik troops fought.", "2023-07-02", code="190", plover="FIGHT", goldstein=-10.0, quad=4),
    coded("Russia attacked Ukraine.", "2023-07-02", "RUS", "UKR", code="190", plover="FIGHT", goldstein=-10.0,
          quad=4, reciprocal=False),
    coded("Kazakhstan and Tajikistan will meet in September.", "2023-09", code="036", plover="AGREE",
          goldstein=4.0, precision="month"),
]


@pytest.fixture
def con(tmp_path):
    db = tmp_path / "t.duckdb"
    with Store(db) as s:
        for c in ARTICLES:
            s.add(c)
    con = connect(db, read_only=True)
    yield con
    con.close()


def test_by_month_for_a_dyad(con):
    agg = aggregate(con, EventFilter.parse(dyad="TJK-KAZ"), "month")
    assert agg.left_out == 0
    assert [(r["period"], r["events"], r["mentions"], r["mean_goldstein"]) for r in agg.rows] == [
        ("2023-05", 2, 3, 5.7), ("2023-07", 1, 1, -10.0), ("2023-09", 1, 1, 4.0)]
    may = agg.rows[0]
    assert (may["q1_verbal_coop"], may["q4_material_conflict"]) == (2, 0)
    assert agg.rows[1]["q4_material_conflict"] == 1


@pytest.mark.parametrize("by, periods, left_out", [
    ("day", ["2023-05-04", "2023-05-20", "2023-07-02"], 1),  # the September meeting has no day
    ("year", ["2023"], 0),
])
def test_periods_and_coarse_dates(con, by, periods, left_out):
    agg = aggregate(con, EventFilter.parse(actor="KAZ"), by)
    assert [r["period"] for r in agg.rows] == periods and agg.left_out == left_out
    assert sum(r["events"] for r in agg.rows) + agg.left_out == 4


def test_actor_filter_and_bad_period(con):
    assert [r["events"] for r in aggregate(con, EventFilter.parse(actor="RUS"), "year").rows] == [1]
    with pytest.raises(UsageError):
        aggregate(con, EventFilter(), "week")


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_query_by_on_the_command_line(tmp_path, capsys, fmt):
    import csv
    import io
    import json

    from polevent.cli import main

    db = tmp_path / "t.duckdb"
    with Store(db) as s:
        for c in ARTICLES:
            s.add(c)
    assert main(["query", "--db", str(db), "--dyad", "KAZ-TJK", "--by", "day", "--format", fmt]) == 0
    out, err = capsys.readouterr()
    if fmt == "json":
        rows = json.loads(out)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
    else:
        lines = out.splitlines()
        assert lines[0].split()[:4] == ["period", "events", "mentions", "mean_goldstein"]
        rows = [dict(zip(lines[0].split(), line.split())) for line in lines[2:]]
    assert [(r["period"], str(r["events"]), str(r["mentions"])) for r in rows] == [
        ("2023-05-04", "1", "2"), ("2023-05-20", "1", "1"), ("2023-07-02", "1", "1")]
    assert "1 matching events are dated more coarsely than a day" in err
