"""Commitments: targets followed through later figures (status rule on hand-made rows, the store
loader on hand-made records, and the command end to end on the sample and two follow-up articles)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from polevent.cli import main
from polevent.commitments import Figure, follow, is_commitment, judge, load_figures, track
from polevent.model import Agreement, Article, CodedArticle, Evidence, Period, Quantity
from polevent.store.db import Store, connect

DATA = Path(__file__).parent / "data"
D = dt.date.fromisoformat


def fig(kind: str, value: float, period: str | None, day: str = "2023-05-04", *, unit: str = "USD",
        indicator: str = "trade turnover", parties=("KAZ", "TJK"), article: str | None = None, **kw) -> Figure:
    return Figure(article_id=article or f"a{day}", article_date=D(day), indicator=indicator,
                  parties=tuple(parties), period=period, value=value, unit=unit, kind=kind, **kw)


ROADMAP = fig("target", 2e9, "2023-2025", agreement="2023-2025 Roadmap", qualifier="up to")


# ---- the status rule ---------------------------------------------------------------------------

@pytest.mark.parametrize("goal, deadline, start, latest, has_baseline, status", [
    (2e9, "2025-12-31", (1.5e9, "2022-12-31"), None, True, "no_data"),
    (2e9, "2025-12-31", (1.5e9, "2022-12-31"), (2.1e9, "2024-12-31"), True, "met"),
    (2e9, "2025-12-31", (1.5e9, "2022-12-31"), (2.0e9, "2026-12-31"), True, "met"),  # met late is met
    (2e9, "2025-12-31", (1.5e9, "2022-12-31"), (1.9e9, "2025-12-31"), True, "expired"),
    (2e9, "2025-12-31", (1.5e9, "2022-12-31"), (1.85e9, "2024-12-31"), True, "on_track"),
    (2e9, "2025-12-31", (1.5e9, "2022-12-31"), (1.8e9, "2024-12-31"), True, "behind"),
    (2e9, "2025-12-31", (1.5e9, "2022-12-31"), (1.4e9, "2023-12-31"), True, "behind"),
    # a reduction target (below its baseline): at or under the path is on track
    (3.0, "2025-12-31", (6.0, "2022-12-31"), (2.5, "2024-12-31"), True, "met"),
    (3.0, "2025-12-31", (6.0, "2022-12-31"), (3.9, "2024-12-31"), True, "on_track"),
    (3.0, "2025-12-31", (6.0, "2022-12-31"), (4.5, "2024-12-31"), True, "behind"),
    # no baseline: the path starts from zero at the target's article date
    (2e9, "2025-12-31", (0.0, "2023-05-04"), (1.3e9, "2024-12-31"), False, "on_track"),  # path 1.25e9
    (2e9, "2025-12-31", (0.0, "2023-05-04"), (1.2e9, "2024-12-31"), False, "behind"),
    # no deadline: judged by the move from the baseline
    (2e9, None, (1.5e9, "2022-12-31"), (1.6e9, "2023-12-31"), True, "on_track"),
    (2e9, None, (1.5e9, "2022-12-31"), (1.4e9, "2023-12-31"), True, "behind"),
])
def test_status_rule(goal, deadline, start, latest, has_baseline, status):
    start = (start[0], D(start[1]))
    latest = (latest[0], D(latest[1])) if latest else None
    got, expected, reason = judge(goal, D(deadline) if deadline else None, start, latest, has_baseline)
    assert got == status, reason
    assert reason


def test_linear_path_value():
    _, expected, _ = judge(2e9, D("2025-12-31"), (1.5e9, D("2022-12-31")), (1.8e9, D("2024-12-31")), True)
    share = (D("2024-12-31") - D("2022-12-31")).days / (D("2025-12-31") - D("2022-12-31")).days
    assert expected == pytest.approx(1.5e9 + 0.5e9 * share)
    assert 1.8e9 < expected < 1.85e9


# ---- one target against hand-made figures -----------------------------------------------------

def test_baseline_latest_progress():
    rows = [fig("actual", 1.5e9, "2022"), fig("actual", 1.6e9, "2023", "2024-02-20"),
            fig("actual", 1.8e9, "2024", "2025-03-14")]
    cm = follow(ROADMAP, rows)
    assert (cm.target.value, cm.target.unit, cm.target.deadline) == (2e9, "USD", "2025")
    assert (cm.baseline.value, cm.baseline.period) == (1.5e9, "2022")
    assert (cm.latest.value, cm.latest.period, cm.latest.article_id) == (1.8e9, "2024", "a2025-03-14")
    assert cm.progress == 0.9
    assert [p.period for p in cm.later] == ["2023", "2024"]
    assert cm.agreement == "2023-2025 Roadmap" and cm.status == "behind"


@pytest.mark.parametrize("noise", [
    fig("actual", 2.5e9, "2024", "2025-03-14", unit="EUR"),  # another currency: not converted
    fig("actual", 2.5e9, "2024", "2025-03-14", parties=("KAZ", "UZB")),
    fig("actual", 2.5e9, "2024", "2025-03-14", indicator="agricultural trade"),
    fig("forecast", 2.5e9, "2025", "2025-03-14"),
    fig("actual", 2.5e9, "2025-01/2025-02", "2025-03-14"),  # part of a year: not an annual figure
    fig("actual", 2.5e9, "2025-Q1", "2025-05-01"),
    fig("actual", 2.5e9, "2020-2024", "2025-03-14"),  # a sum over years
    fig("actual", 2.5e9, None, "2025-03-14"),  # no period: cannot be placed in time
])
def test_only_comparable_figures_count(noise):
    rows = [fig("actual", 1.5e9, "2022"), fig("actual", 1.8e9, "2024", "2025-03-14"), noise]
    cm = follow(ROADMAP, rows)
    assert (cm.baseline.value, cm.latest.value) == (1.5e9, 1.8e9)


def test_baseline_is_the_latest_figure_up_to_the_target_date():
    rows = [fig("actual", 1.3e9, "2021", "2022-03-01"), fig("actual", 1.5e9, "2022"),
            fig("actual", 1.7e9, "2023", "2024-01-10")]
    cm = follow(ROADMAP, rows)
    assert (cm.baseline.period, cm.latest.period) == ("2022", "2023")


def test_a_revised_figure_wins_over_the_first_report():
    rows = [fig("actual", 1.5e9, "2022"), fig("actual", 1.8e9, "2024", "2025-03-14"),
            fig("actual", 1.75e9, "2024", "2025-06-01")]
    assert follow(ROADMAP, rows).latest.value == 1.75e9


def test_target_without_later_figures_has_no_data():
    cm = follow(ROADMAP, [fig("actual", 1.5e9, "2022")])
    assert (cm.status, cm.latest, cm.progress) == ("no_data", None, None)
    assert cm.baseline.value == 1.5e9


def test_percent_change_target_becomes_a_level():
    target = fig("target", 20, "2024", unit="percent", change_pct=20, indicator="exports")
    rows = [fig("actual", 1e8, "2022", indicator="exports"),
            fig("actual", 1.25e8, "2024", "2025-02-01", indicator="exports")]
    cm = follow(target, rows)
    assert (cm.target.value, cm.target.unit, cm.target.change_pct) == (pytest.approx(1.2e8), "USD", 20)
    assert cm.status == "met" and cm.progress == pytest.approx(1.25 / 1.2, abs=1e-4)
    assert follow(target, rows[1:]).status == "no_data"


# ---- all targets ------------------------------------------------------------------------------

def test_a_restated_target_counts_once_with_its_agreement():
    restated = fig("target", 2e9, "2025", "2025-03-14")  # "aim to raise trade to $2bn by the end of this year"
    other = fig("target", 3e11, "2030", parties=("CHN", "RUS"), indicator="trade turnover")
    rows = [restated, ROADMAP, other, fig("actual", 1.5e9, "2022"), fig("actual", 1.8e9, "2024", "2025-03-14")]
    got = track(rows)
    assert [(c.parties, c.target.value) for c in got] == [(["CHN", "RUS"], 3e11), (["KAZ", "TJK"], 2e9)]
    kz = got[1]
    assert (kz.agreement, kz.target.mentions, kz.target.article_date) == ("2023-2025 Roadmap", 2, "2023-05-04")
    assert kz.baseline.period == "2022"  # from the first statement, not the 2025 one


@pytest.mark.parametrize("parties, n", [(("TJK", "KAZ"), 1), (("kaz", "tjk"), 1), (("KAZ", "UZB"), 0), (None, 2)])
def test_track_filters_by_parties_in_any_order(parties, n):
    rows = [ROADMAP, fig("target", 3e11, "2030", parties=("CHN", "RUS"))]
    assert len(track(rows, parties=parties)) == n


# ---- reading the store ------------------------------------------------------------------------

def _quantity(sentence: str, start: int, trigger: str, value: float, kind: str, period: str) -> Quantity:
    return Quantity(indicator="trade turnover", indicator_raw="mutual trade", parties=["KAZ", "TJK"],
                    period=period, value=value, unit="USD", qualifier=None, kind=kind, change_pct=None,
                    evidence=Evidence(sentence, 0, start, start + len(sentence), trigger))


def test_load_figures_links_targets_to_their_agreement(tmp_path):
    s1 = "They signed the 2023-2025 Roadmap to bring mutual trade to $2 billion."
    s2 = "In 2022 trade reached $1.5 billion."
    s3 = "They also aim to bring mutual trade to $3 billion by 2030."
    text = " ".join([s1, s2, s3])
    t1 = _quantity(s1, 0, "$2 billion", 2e9, "target", "2023-2025")
    actual = _quantity(s2, len(s1) + 1, "$1.5 billion", 1.5e9, "actual", "2022")
    t2 = _quantity(s3, len(s1) + len(s2) + 2, "$3 billion", 3e9, "target", "2030")
    roadmap = Agreement(name="2023-2025 Roadmap", kind="roadmap", parties=["KAZ", "TJK"], signed="2023-05-04",
                        period=Period("2023", "2025"), targets=[t1], evidence=Evidence(s1, 0, 0, len(s1), "signed"))
    article = Article(id="k1", date=D("2023-05-04"), text=text)
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.add(CodedArticle(article=article, quantities=[t1, actual, t2], agreements=[roadmap]))
    con = connect(db, read_only=True)
    rows = sorted(load_figures(con), key=lambda f: f.value)
    con.close()
    assert [(f.kind, f.value, f.period, f.agreement) for f in rows] == [
        ("actual", 1.5e9, "2022", None), ("target", 2e9, "2023-2025", "2023-2025 Roadmap"),
        ("target", 3e9, "2030", None)]
    assert all(f.parties == ("KAZ", "TJK") and f.article_date == D("2023-05-04") for f in rows)


# ---- the command, end to end --------------------------------------------------------------------

@pytest.fixture
def shared_coder(monkeypatch, coder):
    monkeypatch.setattr("polevent.cli._common.load_coder", lambda args: coder)
    return coder


@pytest.mark.slow
def test_commitments_command_on_the_sample_and_follow_ups(tmp_path, capsys, shared_coder, kz_sample):
    db = str(tmp_path / "s.duckdb")
    follow_ups = sorted(str(p) for p in DATA.glob("*-kazakhstan-tajikistan-trade.txt"))
    assert len(follow_ups) == 2
    assert main(["ingest", str(kz_sample), *follow_ups, "--db", db]) == 0
    capsys.readouterr()
    assert main(["commitments", "--db", db, "--dyad", "KAZ-TJK", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    trade = [c for c in found if c["indicator"] == "trade turnover"]
    assert len(trade) == 1, trade  # the 2025 article restates the target: still one commitment
    cm = trade[0]
    assert cm["agreement"] == "2023-2025 Roadmap" and cm["parties"] == ["KAZ", "TJK"]
    assert (cm["target"]["value"], cm["target"]["unit"], cm["target"]["deadline"]) == (2e9, "USD", "2025")
    assert (cm["baseline"]["value"], cm["baseline"]["period"]) == (1.5e9, "2022")
    assert (cm["latest"]["value"], cm["latest"]["period"]) == (1.8e9, "2024")
    assert cm["progress"] == 0.9 and cm["target"]["mentions"] == 2
    assert cm["status"] == "behind"  # 1.8bn is under the straight line from 1.5bn (2022) to 2bn (2025)

    assert main(["commitments", "--db", db]) == 0
    table = capsys.readouterr().out
    assert "2023-2025 Roadmap" in table and "1.8bn USD (2024)" in table and "0.90" in table


@pytest.mark.parametrize("dyad", ["KAZ", "KAZ-TJK-UZB", "KAZ-"])
def test_bad_dyad_is_a_usage_error(tmp_path, capsys, dyad):
    db = tmp_path / "s.duckdb"
    Store(db).close()
    assert main(["commitments", "--db", str(db), "--dyad", dyad]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_empty_store_says_so(tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    Store(db).close()
    assert main(["commitments", "--db", str(db), "--dyad", "kaz-tjk"]) == 0
    assert capsys.readouterr().out.strip() == "(no targets stored for KAZ-TJK)"


# ---- what counts as a commitment ----------------------------------------------------------------

@pytest.mark.parametrize("figure, is_one", [
    (ROADMAP, True),
    (fig("target", 60, None, unit="items", indicator="exports"), False),  # a count stated as readiness
    (fig("target", 2e9, None), False),  # no deadline or period: nothing to follow it by
    (fig("target", 2e9, "sometime"), False),  # a period that is not one
    (fig("target", 2e9, "2025", indicator=""), False),  # no indicator
    (fig("actual", 1.5e9, "2022"), False),
    (fig("target", 20, "2026", unit="percent", change_pct=20.0, indicator="exports"), True),
])
def test_a_commitment_needs_a_target_an_indicator_and_a_deadline(figure, is_one):
    assert is_commitment(figure) is is_one
    assert len(track([figure, fig("actual", 1.8e9, "2024", "2025-02-10")])) == int(is_one)


@pytest.mark.slow
def test_commodity_item_count_in_an_article_is_not_a_commitment(tmp_path, capsys, shared_coder):
    article = tmp_path / "2024-04-02-kyrgyz-uzbek.txt"
    article.write_text("date 2024-04-02\nKyrgyzstan and Uzbekistan signed the 2024-2026 Programme to bring mutual "
                       "trade up to $2 billion. Kyrgyz producers are ready to boost exports to Uzbekistan in 45 "
                       "commodity items, ranging from dairy goods to bus parts.\n", encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    assert main(["ingest", str(article), "--db", db]) == 0
    con = connect(db, read_only=True)
    items = con.execute("SELECT kind, period FROM quantities WHERE unit = 'items'").fetchall()
    con.close()
    assert items == [("target", None)]  # the quantities stage reads the readiness as a target, without a period
    capsys.readouterr()
    assert main(["commitments", "--db", db, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(c["indicator"], c["target"]["value"], c["target"]["deadline"]) for c in found] == [
        ("trade turnover", 2e9, "2026")]
