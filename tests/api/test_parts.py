"""The pieces behind the pages: highlighting, time axes, number formats, the map view, parameter checks."""
import pytest

from polevent.api import charts, fmt, highlight, params, worldmap
from polevent.errors import UsageError


@pytest.mark.parametrize("sentence, source, target, trigger, expected", [
    ("Chile thanked Peru.", "Chile", "Peru", "thanked",
     [("Chile", "source"), ("thanked", "trigger"), ("Peru", "target")]),
    ("Iran agreed on Friday to restore ties with Iraq.", "Iran", "Iraq", "agreed restore",
     [("Iran", "source"), ("agreed", "trigger"), ("restore", "trigger"), ("Iraq", "target")]),
    ("the Presidents signed it", "The Presidents", None, "signed",
     [("the Presidents", "source"), ("signed", "trigger")]),
    ("Metropolitan police met Oman.", None, "Oman", "met", [("met", "trigger"), ("Oman", "target")]),
    ("Nothing here.", "Chile", None, "", []),
])
def test_spans_find_actors_and_trigger_words(sentence, source, target, trigger, expected):
    spans = highlight.spans(sentence, source, target, trigger)
    assert [(sentence[s:e], k) for s, e, k in spans] == expected


def test_segments_cover_the_sentence_exactly():
    s = "Kazakhstan and Tajikistan signed the Roadmap."
    segs = highlight.segments(s, "Kazakhstan", "Tajikistan", "signed")
    assert "".join(x.text for x in segs) == s
    assert [x.kind for x in segs] == ["source", None, "target", None, "trigger", None]


@pytest.mark.parametrize("text, start, end, kinds", [
    ("A. B. C.", 3, 5, [None, "evidence", None]), ("A.", 0, 2, ["evidence"]), ("A.", 0, 9, [None]),
])
def test_article_segments(text, start, end, kinds):
    segs = highlight.in_article(text, start, end)
    assert [s.kind for s in segs] == kinds and "".join(s.text for s in segs) == text


@pytest.mark.parametrize("periods, length, expected", [
    (["2023-11", "2024-02"], 7, ["2023-11", "2023-12", "2024-01", "2024-02"]),
    (["2021", "2023"], 4, ["2021", "2022", "2023"]),
    (["2024-02-28", "2024-03-01"], 10, ["2024-02-28", "2024-02-29", "2024-03-01"]),
    (["2020-01-01", "2024-01-01"], 10, ["2020-01-01", "2024-01-01"]),  # too long a span: not filled
    ([], 7, []),
])
def test_period_axis_fills_gaps(periods, length, expected):
    assert charts.period_axis(periods, length) == expected


def test_chart_text_is_escaped():
    svg = charts.stacked_bars("<t>", ["2023-01"], [charts.Series("<script>", "t0", [2.0])])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;t&gt;" in svg


@pytest.mark.parametrize("value, unit, text", [
    (2e9, "USD", "2 billion USD"), (1.5e9, "USD", "1.5 billion USD"), (40.0, "percent", "40%"),
    (60.0, "items", "60 items"), (12500.0, None, "12,500"), (None, "USD", "–"),
    (3.25e6, "tonnes", "3.25 million tonnes"),
])
def test_amount(value, unit, text):
    assert fmt.amount(value, unit) == text


@pytest.mark.parametrize("url, ok", [("https://x.org/a", True), ("HTTP://x.org", True), ("javascript:alert(1)", False),
                                     ("data:text/html,hi", False), (None, False)])
def test_safe_url(url, ok):
    assert (fmt.safe_url(url) is not None) == ok


@pytest.mark.parametrize("points", [
    [{"lat": 38.5, "lon": 68.8}], [{"lat": 80.0, "lon": 179.0}, {"lat": -55.0, "lon": -179.0}],
    [{"lat": 83.0, "lon": -170.0}],
])
def test_zoomed_view_stays_on_the_map_and_shows_the_points(points):
    x, y, w, h = worldmap._view(points)
    assert 0 <= x and 0 <= y and x + w <= worldmap.WIDTH + 1e-6 and y + h <= worldmap.HEIGHT + 1e-6
    for p in points:
        px, py = worldmap.project(p["lon"], p["lat"])
        assert x <= px <= x + w and y <= py <= y + h


@pytest.fixture(scope="module")
def vocab():
    return params.Vocab.load()


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(type="SHOUT"), "unknown PLOVER type"), (dict(cameo="999"), "unknown CAMEO code"),
    (dict(actor="XQZ"), "unknown actor code"), (dict(dyad="KAZ-TJK-UZB"), "two actor codes"),
    (dict(since="2023-5-4"), "YYYY-MM-DD"), (dict(until="2023-02-29"), "YYYY-MM-DD"),
])
def test_filter_checks(vocab, kwargs, fragment):
    with pytest.raises(UsageError, match=fragment):
        params.event_filter(vocab, **kwargs)


def test_filter_accepts_known_codes_in_any_case(vocab):
    flt = params.event_filter(vocab, dyad="kaz-tjk", actor="igoUNO", type="agree", cameo="05", since=" 2023-01-01 ")
    got = (flt.dyad, flt.actor, flt.type, flt.cameo, flt.since)
    assert got == (("KAZ", "TJK"), "IGOUNO", "AGREE", "05", "2023-01-01")


@pytest.mark.parametrize("ring, copies, span", [
    ([[10, 0], [20, 0], [20, 10], [10, 0]], 1, (10, 20)),
    ([[170, 60], [180, 60], [-180, 60], [-170, 65], [-180, 70], [180, 70], [170, 60]], 2, (170, 190)),
])
def test_unwrap_removes_antimeridian_jumps(ring, copies, span):
    parts = worldmap.unwrap(ring)
    assert len(parts) == copies
    lons = [p[0] for p in parts[0]]
    assert (min(lons), max(lons)) == span
    assert all(abs(a[0] - b[0]) <= 180 for part in parts for a, b in zip(part, part[1:]))
