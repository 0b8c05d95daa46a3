"""GET /api/events and /api/events/{id} over the hand-made store (api_records.py)."""
import pytest

import api_records

KZ = api_records.kz_article()
SCRIPT = api_records.script_article()
ALL = [e for c in api_records.ALL_ARTICLES() for e in c.events]
PAIR = [e for e in ALL if {e.source.country, e.target and e.target.country} == {"KAZ", "TJK"}]


@pytest.mark.parametrize("query, expected", [
    ("", ALL),
    ("dyad=TJK-KAZ", PAIR),
    ("dyad=kaz-tjk", PAIR),
    ("actor=RUS", [e for e in ALL if "RUS" in (e.source.country, e.target and e.target.country)]),
    ("actor=KAZGOV", [e for e in ALL if "KAZGOV" in (e.source.code, e.target and e.target.code)]),
    ("type=AGREE", [e for e in ALL if e.plover.type == "AGREE"]),
    ("cameo=19", [e for e in ALL if e.cameo.code.startswith("19")]),
    ("since=2023-06-01", [e for e in ALL if e.date[:10] >= "2023-06-01"]),
    ("until=2023-05-04", [e for e in ALL if e.date[:10] <= "2023-05-04"]),
    ("dyad=KAZ-TJK&since=2023-05-05", [e for e in PAIR if e.date > "2023-05-05"]),
])
def test_filters_select_the_matching_events(client, query, expected):
    r = client.get(f"/api/events?{query}&limit=500")
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == len(expected)
    assert sorted(i["event_id"] for i in body["items"]) == sorted(e.event_id for e in expected)


def test_pages_through_all_events_without_overlap(client):
    seen, offset = [], 0
    while offset is not None:
        body = client.get(f"/api/events?limit=4&offset={offset}").json()
        assert len(body["items"]) <= 4
        seen += [i["event_id"] for i in body["items"]]
        offset = body["next_offset"]
    assert sorted(seen) == sorted(e.event_id for e in ALL)


@pytest.mark.parametrize("query, names", [
    ("since=2023-13-01", "since"), ("since=May%202023", "since"), ("until=20230504", "until"),
    ("cameo=999", "cameo"), ("cameo=sign", "cameo"), ("type=SHOUT", "type"), ("dyad=KAZ", "dyad"),
    ("dyad=KAZ-XXX", "dyad"), ("actor=K", "actor"), ("limit=0", "limit"), ("limit=501", "limit"),
    ("offset=-1", "offset"), ("since=2024-01-01&until=2023-01-01", "since"),
])
def test_bad_parameters_get_422_with_a_message(client, query, names):
    r = client.get(f"/api/events?{query}")
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert isinstance(detail, str) and names in detail


def test_event_has_nested_record_mentions_and_highlights(client):
    sign = KZ.events[0]
    r = client.get(f"/api/events/{sign.event_id}")
    assert r.status_code == 200
    body = r.json()
    ev = body["event"]
    assert ev["source"]["country"] == "KAZ" and ev["target"]["country"] == "TJK"
    assert ev["cameo"] == {"code": "057", "root": "05", "name": "Sign formal agreement", "goldstein": 8.0,
                           "quad_class": 1}
    assert ev["evidence"]["sentence"] == sign.evidence.sentence
    assert api_records.KZ_TEXT[ev["evidence"]["start"]:ev["evidence"]["end"]] == sign.evidence.sentence
    assert body["article"]["title"] == KZ.article.title
    assert [m["sentence"] for m in body["mentions"]] == [sign.evidence.sentence]
    found = {h["kind"]: sign.evidence.sentence[h["start"]:h["end"]] for h in body["highlights"]}
    assert found == {"source": sign.source.text, "target": sign.target.text, "trigger": "signed"}


def test_unknown_event_is_404(client):
    r = client.get("/api/events/no-such-id")
    assert r.status_code == 404 and "no-such-id" in r.json()["detail"]


def test_mentions_are_the_rows_merged_into_one_event(client, api_store):
    """Mentions listed for an event are exactly the stored rows that share its real-world event."""
    import duckdb

    con = duckdb.connect(str(api_store), read_only=True)
    try:
        clusters = dict(con.execute("SELECT event_id, cluster_id FROM cluster_members").fetchall())
    except duckdb.CatalogException:
        pytest.skip("this store has no events-vs-mentions tables")
    finally:
        con.close()
    for e in ALL:
        same = sorted(i for i, c in clusters.items() if c == clusters.get(e.event_id)) or [e.event_id]
        got = sorted(m["event_id"] for m in client.get(f"/api/events/{e.event_id}").json()["mentions"])
        assert got == same
    echo = api_records.echo_article().events[0]
    articles = {m["article_id"] for m in client.get(f"/api/events/{echo.event_id}").json()["mentions"]}
    assert articles == {echo.article_id, KZ.article.id}  # the same signing reported by two outlets
