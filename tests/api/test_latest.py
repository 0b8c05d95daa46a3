"""What is new on the dashboard: the latest page, the store's last ingest time on every page, the
overview's counts labelled by what they count, and the dyad chart's conflict axis."""
import datetime as dt
import re

import duckdb
import pytest
from fastapi.testclient import TestClient

import api_records
from api_records import FakeCoder
from polevent.api import create_app

NOW = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
OLD = NOW - dt.timedelta(days=3)
RECENT = NOW - dt.timedelta(hours=2)


@pytest.fixture(scope="module")
def dated_store(tmp_path_factory):
    """The hand-made store, with the war and script articles stored three days ago, the follow-up two
    hours ago and the rest just now."""
    db = api_records.build(tmp_path_factory.mktemp("latest") / "store.duckdb")
    con = duckdb.connect(str(db))
    con.execute("UPDATE articles SET ingested_at = ?", [NOW])
    for coded, when in ((api_records.war_article(), OLD), (api_records.script_article(), OLD),
                        (api_records.follow_up(), RECENT)):
        con.execute("UPDATE articles SET ingested_at = ? WHERE id = ?", [when, coded.article.id])
    con.close()
    return db


@pytest.fixture(scope="module")
def client(dated_store):
    with TestClient(create_app(dated_store, coder=FakeCoder())) as c:
        yield c


def event_ids(html: str) -> list[str]:
    return re.findall(r'<a href="/events/([^"]+)">', html)


def test_latest_shows_what_was_stored_in_the_last_hours_newest_first(client):
    kz, echo, war = api_records.kz_article(), api_records.echo_article(), api_records.war_article()
    html = client.get("/latest").text
    shown = event_ids(html)
    recent = [e.event_id for c in (kz, echo) for e in c.events]
    assert sorted(shown) == sorted(recent)  # the follow-up has no events; the old ones are out
    assert "<b>3</b> articles" in html and f"<b>{len(recent)}</b> mentions" in html
    assert war.events[0].event_id not in shown
    week = event_ids(client.get("/latest?hours=168").text)
    assert war.events[0].event_id in week and week.index(kz.events[0].event_id) < week.index(war.events[0].event_id)
    assert "Kazakhstan and Tajikistan sign Roadmap <small>test</small>" in html  # its article and outlet


def test_latest_shows_each_events_article_and_reloads_itself_without_script(client):
    html = client.get("/latest").text
    assert '<meta http-equiv="refresh" content="300">' in html and "<script" not in html
    assert "Roadmap signed <small>test</small>" in html
    assert client.get("/latest?hours=0").status_code == 422
    script = client.get("/latest?hours=100").text  # the script article's title and url stay text
    assert "<img src=x" not in script and 'href="javascript:' not in script


@pytest.mark.parametrize("url", ["/", "/dyads", "/dyads/KAZ-TJK", "/events", "/map", "/latest",
                                 f"/events/{api_records.kz_article().events[0].event_id}"])
def test_every_page_says_when_the_store_was_last_updated(client, url):
    html = client.get(url).text
    stamp = NOW.strftime("%Y-%m-%d %H:%M")
    assert f'store updated <time datetime="{NOW.strftime("%Y-%m-%dT%H:%M:%SZ")}">{stamp} UTC</time>' in html
    assert re.search(r'· <a href="/[^"]*">refresh</a>', html)


def test_overview_counts_mentions_and_events_apart(client, dated_store):
    con = duckdb.connect(str(dated_store), read_only=True)
    mentions, events = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("events", "event_clusters"))
    con.close()
    assert mentions > events  # the echo article is a second mention of the signing
    html = client.get("/").text
    assert f"<b>{mentions}</b> mentions of <b>{events}</b> events" in html
    assert "Mentions by type over time" in html and "<th>mentions</th>" in html


def test_dyad_chart_conflict_axis_is_negative(client):
    html = client.get("/dyads/RUS-UKR").text
    labels = re.findall(r'<text x="38.0" y="[0-9.]+" class="axis" text-anchor="end">([^<]+)</text>', html)
    assert labels == ["1", "0", "-1"]  # one conflict mention: up to 1 (cooperation), down to -1 (conflict)
