"""Dyad timelines, actors, agreements and commitments."""
import sys

import pytest

import api_records

KZ = api_records.kz_article()
ALL = [e for c in api_records.ALL_ARTICLES() for e in c.events]
PAIR = [e for e in ALL if {e.source.country, e.target and e.target.country} == {"KAZ", "TJK"}]


def test_dyad_timeline_by_month_counts_cooperation_and_goldstein(client):
    body = client.get("/api/dyads/TJK-KAZ/timeline?by=month").json()
    assert body["dyad"] == ["TJK", "KAZ"] and body["left_out"] == 0
    periods = {p["period"]: p for p in body["periods"]}
    assert set(periods) == {"2023-05", "2023-09"}
    may, signings = periods["2023-05"], [e for e in PAIR if e.date.startswith("2023-05")]
    assert (may["events"], may["cooperation"], may["conflict"]) == (len(signings), len(signings), 0)
    assert may["quad_1"] == len(signings) and may["goldstein_mean"] == 8.0
    assert may["goldstein_total"] == 8.0 * len(signings)


def test_dyad_timeline_by_day_leaves_out_month_dated_events(client):
    body = client.get("/api/dyads/KAZ-TJK/timeline?by=day").json()
    assert [p["period"] for p in body["periods"]] == ["2023-05-04"]
    assert body["left_out"] == sum(1 for e in PAIR if e.date_precision != "day")


@pytest.mark.parametrize("url", ["/api/dyads/KAZ-TJK/timeline?by=week", "/api/dyads/KAZ/timeline",
                                 "/api/dyads/KAZ-QQQ/timeline", "/api/dyads/KAZ-TJK-RUS/timeline"])
def test_bad_dyad_requests_get_422(client, url):
    r = client.get(url)
    assert r.status_code == 422 and r.json()["detail"]


def test_actors_count_both_sides(client):
    items = {a["country"]: a for a in client.get("/api/actors").json()["items"]}
    assert items["KAZ"]["as_source"] == sum(e.source.country == "KAZ" for e in ALL)
    assert items["KAZ"]["as_target"] == sum(bool(e.target and e.target.country == "KAZ") for e in ALL)
    assert items["KAZ"]["name"] == "Kazakhstan"
    assert (items["UKR"]["as_source"], items["UKR"]["as_target"]) == (0, 1)
    assert "RUSMIL" in items["RUS"]["codes"]


@pytest.mark.parametrize("query, names", [("", ["2023-2025 Roadmap"]), ("?dyad=TJK-KAZ", ["2023-2025 Roadmap"]),
                                          ("?party=KAZ", ["2023-2025 Roadmap"]), ("?party=RUS", [])])
def test_agreements_filter_by_parties(client, query, names):
    body = client.get(f"/api/agreements{query}").json()
    assert [g["name"] for g in body["items"]] == names


def test_agreement_carries_its_targets_and_evidence(client):
    g = client.get("/api/agreements?dyad=KAZ-TJK").json()["items"][0]
    assert g["period"] == {"start": "2023", "end": "2025"} and g["signed"] == "2023-05-04"
    assert [(t["indicator"], t["value"], t["unit"]) for t in g["targets"]] == [("trade turnover", 2e9, "USD")]
    assert g["evidence"]["sentence"] == KZ.agreements[0].evidence.sentence


def test_commitments_follow_the_trade_target(client):
    body = client.get("/api/commitments?dyad=KAZ-TJK").json()
    trade = [c for c in body["items"] if c["indicator"] == "trade turnover"]
    assert len(trade) == 1
    c = trade[0]
    assert c["target"]["value"] == 2e9 and c["baseline"]["value"] == 1.5e9 and c["latest"]["value"] == 1.8e9
    assert c["progress"] == pytest.approx(0.9)
    assert client.get("/api/commitments?dyad=RUS-UKR").json()["items"] == []


def test_commitments_unavailable_without_the_module(client, monkeypatch):
    monkeypatch.setitem(sys.modules, "polevent.commitments", None)  # import now raises ImportError
    r = client.get("/api/commitments")
    assert r.status_code == 501 and "not available" in r.json()["detail"]
    page = client.get("/dyads/KAZ-TJK")
    assert page.status_code == 200 and "Commitments: not available" in page.text
