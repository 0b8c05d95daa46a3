"""The web pages, rendered in-process: what they show, escaping, and that every asset is local."""
import re

import pytest

import api_records
from polevent.api import worldmap

KZ = api_records.kz_article()
ARTICLES = api_records.ALL_ARTICLES()
ALL = [e for c in ARTICLES for e in c.events]
SCRIPT = api_records.script_article()
PAGES = ["/", "/?by=year", "/dyads", "/dyads/KAZ-TJK", "/dyads/KAZ-TJK?by=day", "/events",
         "/events?type=AGREE&page=1", f"/events/{KZ.events[0].event_id}", f"/events/{SCRIPT.events[1].event_id}",
         "/map", "/map?zoom=true&dyad=KAZ-TJK", "/docs", "/latest", "/latest?hours=168"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_with_local_assets_only(client, url):
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    refs = re.findall(r'(?:src|href)="([^"]*)"', r.text)
    external = [u for u in refs if u.startswith(("http:", "https:", "//")) and "example.org" not in u]
    assert external == []
    for asset in {u for u in refs if u.startswith("/static/")}:
        assert client.get(asset).status_code == 200
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_overview_shows_totals_charts_and_top_dyads(client):
    html = client.get("/").text
    assert f"<b>{len(ARTICLES)}</b> articles" in html and f"<b>{len(ALL)}</b> mentions of" in html
    assert html.count('<svg class="chart"') == 2
    agree = sum(e.plover.type == "AGREE" and e.date.startswith("2023-05") for e in ALL)
    assert f"2023-05 AGREE: {agree}" in html  # a bar's tooltip
    assert '<a href="/dyads/KAZ-TJK">KAZ (Kazakhstan) – TJK (Tajikistan)</a>' in html


def test_dyad_page_shows_signing_intention_agreement_and_commitment_progress(client):
    html = client.get("/dyads/KAZ-TJK").text
    assert "Sign formal agreement" in html and "intended" in html
    assert "2023-2025 Roadmap" in html and "2 billion USD" in html
    assert '<progress max="1" value="0.9">90%</progress>' in html
    assert "1.8 billion USD (2024)" in html and "1.5 billion USD (2022)" in html
    coop = sum(e.date.startswith("2023-05") and {e.source.country, e.target.country} == {"KAZ", "TJK"} for e in ALL)
    assert f"2023-05 cooperation: {coop}" in html and "2023-09 mean Goldstein: 4" in html


def test_event_list_filters_and_pages(client):
    html = client.get("/events?type=FIGHT").text
    assert "<b>1</b> events match" in html and "Kharkiv" in html and "Sign formal agreement" not in html
    assert 'value="FIGHT" selected' in html


def test_event_page_highlights_trigger_and_actors(client):
    sign = KZ.events[0]
    html = client.get(f"/events/{sign.event_id}").text
    assert '<mark class="trigger" title="trigger">signed</mark>' in html
    assert f'<mark class="source" title="source">{sign.source.text}</mark>' in html
    assert f'<mark class="target" title="target">{sign.target.text}</mark>' in html
    assert f'<mark class="evidence">{sign.evidence.sentence}</mark>' in html


@pytest.mark.parametrize("event", SCRIPT.events, ids=["sentence-with-tags", "actor-is-a-script"])
def test_article_text_is_escaped_everywhere(client, event):
    html = client.get(f"/events/{event.event_id}").text
    assert "<script>document" not in html and "<b>criticized" not in html and "<img src=x" not in html
    assert "&lt;script&gt;document.title=" in html
    assert "&lt;img src=x onerror=" in html  # the title, as text
    assert 'href="javascript:' not in html  # a non-http url is shown, not linked


def test_pages_with_bad_parameters_say_why(client):
    r = client.get("/events?since=2023-02-30")
    assert r.status_code == 422 and "since &#39;2023-02-30&#39;: expected a date YYYY-MM-DD" in r.text
    assert client.get("/dyads/KAZ-QQQ").status_code == 422
    assert client.get("/events/nope").status_code == 404


def test_dyad_picker_redirects(client):
    r = client.get("/dyads?a=tjk&b=kaz", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/dyads/TJK-KAZ"


def test_map_places_points_by_coordinates(client):
    html = client.get("/map").text
    for name, (lat, lon) in (("Dushanbe", api_records.DUSHANBE), ("Kharkiv", api_records.KHARKIV)):
        x, y = worldmap.project(lon, lat)
        assert f'<circle cx="{x:.1f}" cy="{y:.1f}"' in html and f">{name}</text>" in html
    assert html.count('class="land"') > 150  # the bundled outline: one path per country


def test_docs_page_lists_every_api_operation(client):
    spec = client.get("/openapi.json").json()
    html = client.get("/docs").text
    paths = [p for p in spec["paths"] if p.startswith("/api/")]
    assert len(paths) == 7
    for path in paths:
        assert f"<code>{path}</code>" in html
    assert "swagger" not in html.lower() and "cdn" not in html.lower()
