"""The eval scorer on hand-made gold items and predictions (no spaCy needed)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from polevent.errors import GoldError
from polevent.evaluate import (GoldEvent, GoldItem, actor_country, evaluate, format_report, judge,
                               judge_events, judged_predictions,
                               load_gold, normalise_country, score)
from polevent.model import Actor, Cameo, CodedArticle, Event, Evidence, Plover

GOLD_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "dev"
DAY = dt.date(2000, 1, 1)


def gold(id, events, scheme="PLOVER", reciprocal=False):
    evs = tuple(GoldEvent(code, src, tgt) for code, src, tgt in events)
    return GoldItem(id=id, scheme=scheme, date=DAY, text="text", events=evs, no_event=not evs,
                    reciprocal=reciprocal)


def actor(country, **kw):
    return None if country is None else Actor(text=country, country=country, **kw)


def event(src, type_=None, tgt=None, *, cameo="", reciprocal=False, modality="asserted",
          sentence=0, source_actor=None):
    return Event(
        event_id="e", article_id="a", date="2000-01-01", date_precision="day",
        article_date="2000-01-01", source=source_actor or actor(src), target=actor(tgt),
        cameo=Cameo(code=cameo, root=cameo[:2], name="", goldstein=0.0, quad_class=1),
        plover=Plover(type=type_), modality=modality, location=None,
        evidence=Evidence(sentence="s", sentence_index=sentence, start=0, end=1),
        rule="test", confidence=1.0, reciprocal=reciprocal)


def f1s(report):
    return {k: c.f1 for k, c in report.metrics.items()}


def test_perfect_match_scores_one_everywhere():
    items = [gold("a", [("AGREE", "USA", "JOR")]),
             gold("b", [("FIGHT", "SRB", "BIH"), ("ASSAULT", "SRB", None)])]
    preds = {"a": [event("USA", "AGREE", "JOR")],
             "b": [event("SRB", "ASSAULT"), event("SRB", "FIGHT", "BIH")]}
    report = score(items, preds)
    assert f1s(report) == {"type": 1.0, "source": 1.0, "target": 1.0, "triple": 1.0}
    # no no-event items in gold and none predicted: nothing to detect, so undefined
    assert (report.no_event.precision, report.no_event.recall) == (None, None)


def test_wrong_actor_direction_keeps_type_and_loses_triple():
    report = score([gold("a", [("DEMAND", "IGO", "ISR")])], {"a": [event("ISR", "DEMAND", "IGO")]})
    assert report.metrics["type"].f1 == 1.0
    assert report.metrics["source"].tp == 0 and report.metrics["triple"].f1 == 0.0


def test_false_positive_on_no_event_item():
    items = [gold("quiet", [], scheme="CAMEO"), gold("quiet2", [], scheme="CAMEO"),
             gold("busy", [("042", "USA", "CHN")], scheme="CAMEO")]
    preds = {"quiet": [event("FRA", cameo="111", tgt="RWA")], "busy": [event("USA", cameo="042", tgt="CHN")]}
    report = score(items, preds)
    # no_event is detection of the no-event items: quiet2 found, quiet missed, nothing wrongly silent
    assert (report.no_event.tp, report.no_event.fp, report.no_event.fn) == (1, 0, 1)
    assert (report.metrics["type"].tp, report.metrics["type"].fp) == (1, 1)


def test_silence_on_an_event_item_is_a_no_event_false_positive():
    report = score([gold("a", [("AGREE", "USA", None)])], {})
    assert (report.no_event.fp, report.metrics["type"].fn) == (1, 1)


JOINT_GOLD = gold("j", [("AGREE", "BIH", None), ("AGREE", "SVN", None)], reciprocal=True)


@pytest.mark.parametrize("preds", [
    [event("BIH", "AGREE", "SVN", reciprocal=True)],
    [event("BIH", "AGREE", reciprocal=True), event("SVN", "AGREE", reciprocal=True)],
    [event("BIH", "AGREE", "SVN", reciprocal=True), event("SVN", "AGREE", "BIH", reciprocal=True)],
    [event("BIH", "AGREE", "SVN"), event("SVN", "AGREE", "BIH")],
], ids=["pair-flag", "members-flag", "both-directions-flag", "both-directions"])
def test_reciprocal_forms_all_cover_both_directions(preds):
    assert set(f1s(score([JOINT_GOLD], {"j": preds})).values()) == {1.0}


def test_one_way_or_unflagged_joint_prediction_is_partial():
    one_way = score([JOINT_GOLD], {"j": [event("BIH", "AGREE", "SVN")]})
    assert (one_way.metrics["triple"].tp, one_way.metrics["triple"].fn) == (1, 1)
    unflagged = score([JOINT_GOLD], {"j": [event("BIH", "AGREE"), event("SVN", "AGREE")]})
    assert unflagged.metrics["source"].f1 == 1.0 and unflagged.metrics["target"].recall == 0.0


def test_reciprocal_members_in_different_sentences_are_different_acts():
    preds = [event("BIH", "AGREE", reciprocal=True, sentence=0),
             event("SVN", "AGREE", reciprocal=True, sentence=3)]
    assert score([JOINT_GOLD], {"j": preds}).metrics["target"].tp == 0


def test_three_member_meeting_is_every_ordered_pair():
    pairs = [(a, b) for a in ("USA", "RUS", "CHE") for b in ("USA", "RUS", "CHE") if a != b]
    item = gold("m", [("040", a, b) for a, b in pairs], scheme="CAMEO")
    preds = [event(m, cameo="040", reciprocal=True) for m in ("USA", "RUS", "CHE")]
    assert score([item], {"m": preds}).metrics["triple"].f1 == 1.0


@pytest.mark.parametrize("code, token", [
    ("USAGOV", "USA"), ("GUYJUD", "GUY"), ("SOMUAF", "SOM"), ("PSEREBHMSGOV", "PSE"),
    ("IGOUNO", "IGO"), ("IGOUNOMIL", "IGO"), ("IGO", "IGO"), ("NGO", "IGO"), ("IMGMUSISI", "IMG"),
    ("---REB", None), ("---", None), ("", None), (None, None),
    ("JAP", "JPN"), ("ITL", "ITA"), ("VTN", "VNM"), ("usa", "USA"),
])
def test_normalise_country(code, token):
    assert normalise_country(code) == token


@pytest.mark.parametrize("kw, token", [
    ({"country": None, "kind": "igo", "code": "IGOUNO"}, "IGO"),
    ({"country": "UNO", "kind": "igo"}, "IGO"),
    ({"country": "NGA", "kind": "ngo"}, "NGA"),
    ({"country": None, "kind": "ngo"}, "IGO"),
    ({"country": None, "code": "USAGOV"}, "USA"),
    ({"country": None, "kind": "group"}, None),
])
def test_actor_country(kw, token):
    assert actor_country(Actor(text="x", **kw)) == token


def test_gold_codes_are_normalised_before_matching():
    items = [gold("a", [("190", "USAGOV", "---REB")], scheme="CAMEO"),
             gold("b", [("SANCTION", "JAP", "SRB")]), gold("c", [("AGREE", "IGO", "LBN")])]
    preds = {"a": [event("USA", cameo="190")],
             "b": [event("JPN", "SANCTION", "SRB")],
             "c": [event(None, "AGREE", "LBN", source_actor=Actor(text="UN", kind="igo"))]}
    assert score(items[:1], preds).metrics["triple"].f1 == 1.0  # ---REB target: no country
    assert score(items[1:], preds).metrics["triple"].f1 == 1.0


def test_cameo_type_is_the_root_and_cameo_full_the_exact_code():
    items = [gold("a", [("042", "USA", "CHN")], scheme="CAMEO"),
             gold("b", [("1124", "RUS", "UKR")], scheme="CAMEO")]
    report = score(items, {"a": [event("USA", cameo="043", tgt="CHN")],
                           "b": [event("RUS", cameo="1124", tgt="UKR")]})
    assert report.metrics["type"].f1 == 1.0 and report.metrics["triple"].f1 == 1.0
    c = report.metrics["cameo_full"]
    assert (c.tp, c.fp, c.fn) == (1, 1, 1)
    assert "cameo_full" not in score([gold("p", [("AGREE", "USA", None)])], {}).metrics


@pytest.mark.parametrize("modality, scored", [
    ("asserted", True), ("intended", True), ("scheduled", True), ("negated", False), ("hypothetical", False),
])
def test_negated_and_hypothetical_predictions_are_not_scored(modality, scored):
    report = score([gold("a", [("REJECT", "SYR", None)])], {"a": [event("SYR", "REJECT", modality=modality)]})
    assert report.metrics["type"].tp == int(scored)
    assert report.ignored == int(not scored)


def test_prediction_without_a_type_in_the_scheme_is_not_scored():
    report = score([gold("a", [("AGREE", "USA", None)])], {"a": [event("USA", None, cameo="010")]})
    assert (report.metrics["type"].fp, report.ignored) == (0, 1)


def test_confusion_table_and_per_type_counts():
    items = [gold("a", [("DEMAND", "IGO", "ISR")]),
             gold("b", [("AGREE", "USA", "JOR"), ("FIGHT", "SRB", "BIH")]),
             gold("c", [("PROTEST", "DZA", "DZA")])]
    preds = {"a": [event("IGO", "CONCEDE", "ISR")],
             "b": [event("USA", "AGREE", "JOR"), event("USA", "SUPPORT", "JOR")],
             "c": [event("DZA", "PROTEST", "DZA")]}
    report = score(items, preds)
    conf = report.confusion
    assert conf[("DEMAND", "CONCEDE")] == 1 and conf[("AGREE", "AGREE")] == 1
    assert conf[("FIGHT", "SUPPORT")] == 1 and conf[("PROTEST", "PROTEST")] == 1
    assert sum(n for (g, p), n in conf.items() if g == p) == report.metrics["type"].tp
    per = report.per_type()
    assert (per["DEMAND"].fn, per["CONCEDE"].fp, per["AGREE"].f1) == (1, 1, 1.0)
    out = report.to_dict()
    assert out["confusion"]["DEMAND"] == {"CONCEDE": 1} and out["scheme"] == "PLOVER"
    text = format_report(report).splitlines()
    table = text[text.index(next(l for l in text if l.startswith("gold \\ pred"))):]
    header = table[0].split()[3:]  # after "gold \ pred"
    rows = {line.split()[0]: line.split()[1:] for line in table[1:table.index("")]}  # reliability follows
    assert rows["DEMAND"][header.index("CONC")] == "1" and rows["DEMAND"][header.index("DEMA")] == "."
    assert rows["PROTEST"][header.index("PROT")] == "1"


def test_missed_and_spurious_events_pair_with_none():
    report = score([gold("a", [("AGREE", "USA", None), ("FIGHT", "SRB", "BIH")])],
                   {"a": [event("USA", "AGREE"), event("USA", "AGREE"), event("USA", "AGREE")]})
    assert report.confusion[("AGREE", "AGREE")] == 1
    assert report.confusion[("FIGHT", "AGREE")] == 1 and report.confusion[(None, "AGREE")] == 1
    assert report.to_dict()["confusion"]["-"] == {"AGREE": 1}


def test_to_json_has_the_contract_keys():
    out = json.loads(score([gold("a", [("AGREE", "USA", None)])], {"a": [event("USA", "AGREE")]}).to_json())
    assert {"items", "type", "source", "target", "triple", "no_event"} <= out.keys()
    assert out["items"] == 1
    assert out["type"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 1, "fp": 0, "fn": 0}


GOOD = {"id": "x1", "scheme": "CAMEO", "date": "2008-08-04", "text": "Some text.", "no_event": False,
        "events": [{"code": "042", "source": "USAGOV", "target": None}]}


def write_lines(path, *rows):
    lines = (r if isinstance(r, str) else json.dumps(r) for r in rows)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_gold_reads_items(tmp_path):
    row2 = {**GOOD, "id": "x2", "date": "121108", "events": [], "no_event": True}
    items = load_gold(write_lines(tmp_path / "g.jsonl", GOOD, "", row2))
    assert [i.id for i in items] == ["x1", "x2"]
    assert items[0].events == (GoldEvent("042", "USAGOV", None),) and items[0].date == dt.date(2008, 8, 4)
    assert items[1].no_event and items[1].date == dt.date(2012, 11, 8)  # TABARI-style YYMMDD


@pytest.mark.parametrize("bad, reason", [
    ("{not json", "not valid JSON"),
    ([1, 2], "expected a JSON object"),
    ({**GOOD, "id": ""}, "'id' must be a non-empty string"),
    ({**GOOD, "scheme": "ICEWS"}, "scheme must be one of"),
    ({**GOOD, "events": "042"}, "'events' must be a list"),
    ({**GOOD, "events": [{"source": "USA"}]}, "event 1: needs a non-empty string 'code'"),
    ({**GOOD, "events": [{"code": "042", "source": 7}]}, "'source' must be a string or null"),
    ({**GOOD, "no_event": True}, "contradicts 1 event(s)"),
    ({**GOOD, "date": "4 Aug"}, "is not YYYY-MM-DD"),
    (GOOD, "duplicate id 'x1' (first on line 1)"),
    ({**GOOD, "id": "x9", "scheme": "PLOVER"}, "scheme PLOVER differs from CAMEO"),
])
def test_load_gold_names_file_line_and_reason(tmp_path, bad, reason):
    path = write_lines(tmp_path / "g.jsonl", GOOD, bad)
    with pytest.raises(GoldError) as err:
        load_gold(path)
    assert f"{path}:2: " in str(err.value) and reason in str(err.value)


def test_load_gold_rejects_an_empty_file(tmp_path):
    with pytest.raises(GoldError, match="no gold items"):
        load_gold(write_lines(tmp_path / "g.jsonl", ""))


class FakeCoder:
    """Predicts one CAMEO 042 USA -> CHN event per article mentioning Beijing; records what it saw."""

    def __init__(self):
        self.seen = []

    def code(self, articles):
        for art in articles:
            self.seen.append((art.id, art.date, art.text))
            events = [event("USA", cameo="042", tgt="CHN")] if "Beijing" in art.text else []
            yield CodedArticle(article=art, events=events)


def test_evaluate_codes_each_item_as_an_article(tmp_path):
    row2 = {**GOOD, "id": "x2", "text": "Bush flew to Beijing.",
            "events": [{"code": "042", "source": "USA", "target": "CHN"}]}
    coder = FakeCoder()
    report = evaluate(write_lines(tmp_path / "g.jsonl", GOOD, row2), coder)
    day = dt.date(2008, 8, 4)
    assert coder.seen == [("x1", day, "Some text."), ("x2", day, "Bush flew to Beijing.")]
    assert report.items == 2 and report.metrics["type"].tp == 1 and report.metrics["type"].fn == 1


def oracle(item):
    """Predictions that say exactly what the gold says, in the coder's own vocabulary."""
    out = []
    for ev in item.events:
        cameo, type_ = (ev.code, None) if item.scheme == "CAMEO" else ("", ev.code)
        joint = item.reciprocal and ev.target is None
        src = Actor(text="s", country=None, code=ev.source)
        tgt = None if ev.target is None else Actor(text="t", country=None, code=ev.target)
        out.append(event(None, type_, cameo=cameo, reciprocal=joint, source_actor=src))
        out[-1].target = tgt
    return out


@pytest.mark.parametrize("name", ["plover_gsr_dev.jsonl", "petr2_gsr_validation.jsonl"])
def test_real_gold_loads_and_oracle_scores_one(name):
    path = GOLD_DIR / name
    if not path.exists():
        pytest.skip("../shared/gold is not present")
    items = load_gold(path)
    assert len(items) == sum(1 for line in path.open(encoding="utf-8") if line.strip())
    report = score(items, {it.id: oracle(it) for it in items})
    assert all(c.f1 == 1.0 for c in report.metrics.values())
    assert report.no_event.fp == report.no_event.fn == 0


def confident(ev, confidence):
    ev.confidence = confidence
    return ev


def test_each_gold_triple_makes_one_prediction_right_most_confident_first():
    item = gold("a", [("AGREE", "USA", "JOR"), ("FIGHT", "SRB", "BIH")])
    low, high = confident(event("USA", "AGREE", "JOR"), 0.4), confident(event("USA", "AGREE", "JOR"), 0.9)
    wrong_target = confident(event("SRB", "FIGHT", "HRV"), 0.8)
    negated = event("SRB", "FIGHT", "BIH", modality="negated")
    judged = judge_events(item, [low, high, wrong_target, negated])
    assert [(ev.confidence, ok) for ev, ok in judged] == [(0.4, False), (0.9, True), (0.8, False)]


def test_reciprocal_predictions_are_right_in_either_direction():
    one_way = gold("r", [("CONSULT", "BRA", "USA")])
    assert [ok for _, ok in judge_events(one_way, [event("USA", "CONSULT", "BRA", reciprocal=True)])] == [True]
    assert [ok for _, ok in judge_events(one_way, [event("USA", "CONSULT", "BRA")])] == [False]
    members = [event("BIH", "AGREE", reciprocal=True), event("SVN", "AGREE", reciprocal=True)]
    assert [ok for _, ok in judge_events(JOINT_GOLD, members)] == [True, True]


def test_report_reliability_and_judged_pairs():
    items = [gold("a", [("AGREE", "USA", "JOR")]), gold("b", [("FIGHT", "SRB", "BIH")])]
    preds = {"a": [confident(event("USA", "AGREE", "JOR"), 0.95), confident(event("USA", "AGREE"), 0.55)],
             "b": [confident(event("SRB", "ASSAULT", "BIH"), 0.9)]}
    judged = judge(items, preds)
    assert [(j.item_id, j.event["confidence"], j.correct) for j in judged] == [
        ("a", 0.95, True), ("a", 0.55, False), ("b", 0.9, False)]
    out = score(items, preds).to_dict()
    bins = {b["lower"]: b for b in out["reliability"]}
    assert (bins[0.9]["count"], bins[0.9]["share_correct"]) == (2, 0.5)
    assert (bins[0.5]["count"], bins[0.5]["share_correct"]) == (1, 0.0)
    assert out["ece"] == pytest.approx(2 / 3 * abs(0.925 - 0.5) + 1 / 3 * 0.55)
    assert "ECE 0.467" in format_report(score(items, preds))


def test_judged_predictions_codes_the_gold_file(tmp_path):
    row2 = {**GOOD, "id": "x2", "text": "Bush flew to Beijing.",
            "events": [{"code": "042", "source": "USA", "target": "CHN"}]}
    judged = judged_predictions(write_lines(tmp_path / "g.jsonl", GOOD, row2), FakeCoder())
    assert [(j.item_id, j.correct) for j in judged] == [("x2", True)]
    assert judged[0].event["cameo"]["code"] == "042"
