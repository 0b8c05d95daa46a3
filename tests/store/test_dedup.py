"""The merge rule for mentions (store/dedup.py), on hand-made rows: no model, no database."""
import itertools

import pytest

from polevent.store.dedup import Mention, cluster, compatible, date_span

BISHKEK = dict(location_name="Bishkek", location_country="KGZ", geonameid=1528675, lat=42.87, lon=74.59,
               location_reason="city (name), the only match in the gazetteer")
TASHKENT = dict(location_name="Tashkent", location_country="UZB", geonameid=1512569, lat=41.26, lon=69.22,
                location_reason="city (name), the only match in the gazetteer")
KYRGYZSTAN = dict(location_name="Kyrgyzstan", location_country="KGZ", geonameid=1527747, lat=42.87, lon=74.59,
                  location_reason="country name; coordinates of its capital Bishkek")


def mention(n=0, article="a1", date="2023-01-27", precision="day", src="UZB", tgt="KGZ", code="057",
            plover="SUPPORT", reciprocal=True, modality="asserted", sentence=0, place=None, **extra):
    row = {"event_id": f"ev{n}", "article_id": article, "article_date": "2023-01-27", "date": date,
           "date_precision": precision, "source_country": src, "target_country": tgt,
           "source_code": extra.pop("src_code", src), "target_code": extra.pop("tgt_code", tgt),
           "cameo_code": code, "cameo_root": code[:2], "plover_type": plover, "reciprocal": reciprocal,
           "modality": modality, "sentence_index": sentence}
    row |= place or {}
    row |= extra
    return Mention.from_row(row)


BASE = mention()


@pytest.mark.parametrize("other, same, why", [
    (mention(1, article="a2", sentence=3), True, "another article, same everything"),
    (mention(1, article="a2", src="KGZ", tgt="UZB"), True, "the other direction of a joint act"),
    (mention(1, article="a2", date="2023-01-28"), True, "one day apart: within the window"),
    (mention(1, article="a2", date="2023-01-29"), False, "two days apart"),
    (mention(1, article="a2", date="2023-06-15"), False, "months apart"),
    (mention(1, article="a2", date="2023-01", precision="month"), True, "a month date covering the day"),
    (mention(1, article="a2", date="2023-02", precision="month"), False, "a month date that misses it"),
    (mention(1, article="a2", code="036", plover="AGREE"), False, "another event family"),
    (mention(1, article="a2", code="050"), True, "same family, other CAMEO code, other article"),
    (mention(1, sentence=5, code="051"), False, "same article, other act of the family"),
    (mention(1, article="a2", tgt="TJK"), False, "another pair of actors"),
    (mention(1, article="a2", modality="negated"), False, "a negated mention"),
    (mention(1, article="a2", modality="scheduled"), True, "scheduled and asserted"),
])
def test_compatible(other, same, why):
    assert compatible(BASE, other) is same, why
    assert compatible(other, BASE) is same, why


@pytest.mark.parametrize("a, b, same", [
    (BISHKEK, BISHKEK, True),
    (BISHKEK, None, True),
    (BISHKEK, TASHKENT, False),
    (BISHKEK, KYRGYZSTAN, True),  # the city lies in the country
    (TASHKENT, KYRGYZSTAN, False),
    (BISHKEK, dict(BISHKEK, location_name="Frunze", geonameid=None), True),  # same coordinates
])
def test_places(a, b, same):
    assert compatible(mention(0, place=a), mention(1, article="a2", place=b)) is same


def test_direction_matters_for_one_sided_acts():
    a = mention(0, src="USA", tgt="RUS", code="112", plover="DISAPPROVE", reciprocal=False)
    b = mention(1, article="a2", src="RUS", tgt="USA", code="112", plover="DISAPPROVE", reciprocal=False)
    assert a.block == b.block and not compatible(a, b)


def test_organisations_are_keyed_by_code_not_by_igo():
    eu = mention(0, src="IGO", src_code="IGOEUREEC", tgt="RUS", reciprocal=False)
    un = mention(1, article="a2", src="IGO", src_code="IGOUNO", tgt="RUS", reciprocal=False)
    assert eu.block != un.block and not compatible(eu, un)


def test_date_span():
    assert date_span("2023-02", "month")[1] - date_span("2023-02", "month")[0] == 27
    assert date_span("2024", "year")[1] - date_span("2024", "year")[0] == 365
    assert date_span("2023-01-27", "day")[0] == date_span("2023-01-27", "day")[1]


def _partition(mentions):
    return sorted(sorted(m.event_id for m in ev) for ev in cluster(mentions))


def test_no_chaining_and_order_does_not_matter():
    # Jan 27 Bishkek, Jan 28 no place, Jan 29 Tashkent: 27~28 and 28~29 but not 27~29.
    ms = [mention(0, place=BISHKEK), mention(1, article="a2", date="2023-01-28"),
          mention(2, article="a3", date="2023-01-28", place=TASHKENT),
          mention(3, article="a4", date="2023-01-29")]
    parts = {tuple(map(tuple, _partition(p))) for p in itertools.permutations(ms)}
    assert len(parts) == 1
    events = cluster(ms)
    for ev in events:
        assert all(compatible(x, y) for x in ev for y in ev)
    assert sorted(len(ev) for ev in events) == [2, 2]


def test_three_reports_one_event_and_lookalikes_apart():
    reports = [mention(0, article="wire", place=BISHKEK), mention(1, article="wire", src="KGZ", tgt="UZB",
                                                                  place=BISHKEK),
               mention(2, article="visit"), mention(3, article="visit", src="KGZ", tgt="UZB"),
               mention(4, article="later", sentence=1, place=BISHKEK)]
    lookalikes = [mention(5, article="osh", date="2023-01-28", place=TASHKENT),
                  mention(6, article="water", date="2023-06-15", place=BISHKEK)]
    events = cluster(reports + lookalikes)
    assert _partition(reports + lookalikes) == [["ev0", "ev1", "ev2", "ev3", "ev4"], ["ev5"], ["ev6"]]
    big = max(events, key=len)
    assert len({(m.article_id, m.sentence_index) for m in big}) == 3


def test_runs_of_dates_are_clustered_as_if_alone():
    import datetime as dt
    import random

    from polevent.store.dedup import segments

    rnd = random.Random(7)
    places = [None, BISHKEK, TASHKENT, KYRGYZSTAN]
    ms = []
    for i in range(300):
        date, precision = (dt.date(2021, 1, 1) + dt.timedelta(days=rnd.randrange(900))).isoformat(), "day"
        if i % 60 == 0:
            date, precision = date[:7], "month"
        ms.append(mention(i, article=f"a{rnd.randrange(60)}", date=date, precision=precision, sentence=i,
                          src=rnd.choice(["UZB", "KGZ"]), tgt="", reciprocal=rnd.random() < 0.3,
                          place=rnd.choice(places), src_code=None, tgt_code=None))
    runs = segments([(m.lo, m.hi) for m in ms])
    assert 1 < len(runs) < len(ms)
    alone = [ev for lo, hi in runs for ev in cluster([m for m in ms if lo <= m.lo and m.hi <= hi])]
    key = lambda evs: sorted(sorted(m.event_id for m in ev) for ev in evs)
    assert key(alone) == key(cluster(ms))


def test_a_malformed_date_falls_back_to_the_article_day():
    m = mention(date="2023-02-30")
    assert m.lo == m.hi == date_span("2023-01-27", "day")[0]
