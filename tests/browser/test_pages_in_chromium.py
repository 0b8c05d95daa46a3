"""Every page loaded from a live server in headless Chromium: what a person sees, and a screenshot each."""
import pytest

from wd_client import wait_for

SAME_ORIGIN = "return performance.getEntriesByType('resource').map(e => e.name)"
TEXT = "return document.body.innerText"


@pytest.fixture(scope="module")
def site(browser, server):
    def open_(path: str) -> str:
        browser.get(server + path)
        wait_for(lambda: browser.run("return document.readyState") == "complete", what=path)
        resources = browser.run(SAME_ORIGIN)
        assert [r for r in resources if not r.startswith(server + "/")] == []  # nothing from elsewhere
        return browser.run(TEXT)

    return open_


def test_overview(site, browser):
    text = site("/")
    assert "Overview" in text and "KAZ (Kazakhstan) – TJK (Tajikistan)" in text
    assert browser.run("return document.querySelectorAll('svg.chart').length") == 2
    assert browser.run("return document.querySelectorAll('svg.chart rect.q1').length") >= 1
    # the stylesheet was served and applied
    header = browser.run("return getComputedStyle(document.querySelector('header')).backgroundColor")
    assert header == "rgb(31, 78, 121)"
    browser.screenshot("overview")


def test_dyad_page_shows_signing_intention_and_commitment(site, browser):
    text = site("/dyads/KAZ-TJK")
    assert "Sign formal agreement" in text and "intended" in text and "2023-2025 Roadmap" in text
    assert browser.run("return document.querySelector('table.commitments progress').value") == pytest.approx(0.9)
    assert browser.run("return document.querySelectorAll('svg.chart rect.coop > title').length") == 2  # bars
    browser.screenshot("dyad-KAZ-TJK")


def test_event_list_filter_form(site, browser, records):
    site("/events")
    n = sum(len(c.events) for c in records.ALL_ARTICLES())
    assert browser.run("return document.querySelectorAll('table.events tbody tr').length") == n
    browser.run("document.querySelector('select[name=type]').value = 'FIGHT'")
    browser.click("form.filters button")
    wait_for(lambda: "type=FIGHT" in browser.url(), what="the filtered list")
    wait_for(lambda: browser.run("return document.readyState") == "complete", what="load")
    rows = browser.run("return [...document.querySelectorAll('table.events tbody tr')].map(r => r.innerText)")
    assert len(rows) == 1 and "Kharkiv" in rows[0]
    browser.screenshot("events-FIGHT")


def test_event_page_highlights(site, browser, records):
    sign = records.kz_article().events[0]
    site(f"/events/{sign.event_id}")
    marks = browser.run("return [...document.querySelectorAll('p.sentence mark')].map(m => [m.className, m.innerText])")
    assert marks == [["source", sign.source.text], ["target", sign.target.text], ["trigger", "signed"]]
    assert browser.run("return getComputedStyle(document.querySelector('mark.trigger')).backgroundColor") != \
        browser.run("return getComputedStyle(document.querySelector('mark.source')).backgroundColor")
    browser.screenshot("event-signing")


def test_script_in_an_article_shows_as_text(site, browser, records):
    event = records.script_article().events[1]
    text = site(f"/events/{event.event_id}")
    assert "<script>document.title='pwned'</script>" in text
    assert records.SCRIPT_TITLE in text
    assert "pwned" not in browser.run("return document.title")
    assert browser.run("return document.scripts.length") == 0
    assert browser.alert_text() is None
    browser.screenshot("event-script-escaped")


def test_map_shows_dushanbe(site, browser, records):
    site("/map?zoom=true")
    labels = browser.run("return [...document.querySelectorAll('svg.map text.place-label')].map(t => t.textContent)")
    assert sorted(labels) == ["Dushanbe", "Kharkiv"]
    box = browser.run("""
        const svg = document.querySelector('svg.map').getBoundingClientRect();
        const dot = [...document.querySelectorAll('svg.map g.place')]
            .find(g => g.textContent.includes('Dushanbe')).querySelector('circle').getBoundingClientRect();
        return [svg.left, svg.top, svg.right, svg.bottom, dot.left, dot.top, dot.right, dot.bottom];""")
    sl, st, sr, sb, dl, dt, dr, db = box
    assert sl < dl < dr < sr and st < dt < db < sb and dr - dl > 2  # drawn, visible, inside the map
    assert browser.run("return document.querySelectorAll('svg.map path.land').length") > 150
    browser.screenshot("map-zoomed")
    site("/map")
    browser.screenshot("map-world")


def test_docs_and_dyad_index(site, browser):
    text = site("/docs")
    for path in ("/api/events", "/api/dyads/{dyad}/timeline", "/api/commitments", "/api/code"):
        assert path in text
    browser.screenshot("docs")
    text = site("/dyads")
    assert "RUS (Russia) – UKR (Ukraine)" in text
    browser.screenshot("dyads")


def test_bad_parameter_page(site, browser):
    text = site("/events?since=yesterday")
    assert "422" in text and "since 'yesterday': expected a date YYYY-MM-DD" in text
    browser.screenshot("error-422")
