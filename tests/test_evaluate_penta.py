"""PENTA scoring (five classes, actor span overlap) on hand-made gold items and predictions."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from polevent.errors import GoldError
from polevent.evaluate import PENTA_PLACEHOLDER_DATE, GoldItem, evaluate, format_report, judge, load_gold, score
from polevent.evaluate_penta import chosen_event, content_tokens, overlaps, penta_class
from polevent.model import Actor, Cameo, CodedArticle, Event, Evidence, Plover


def item(id, cls, sources=None, targets=None):
    return GoldItem(id=id, scheme="PENTA", date=PENTA_PLACEHOLDER_DATE, text="text", events=(),
                    no_event=False, penta_class=cls,
                    source_spans=None if sources is None else tuple(sources),
                    target_spans=None if targets is None else tuple(targets))


def event(cameo, src="Someone", tgt=None, confidence=0.6, modality="asserted"):
    return Event(
        event_id="e", article_id="a", date="2018-01-01", date_precision="day", article_date="2018-01-01",
        source=Actor(text=src), target=None if tgt is None else Actor(text=tgt),
        cameo=Cameo(code=cameo, root=cameo[:2], name="", goldstein=0.0, quad_class=1),
        plover=Plover(type=None), modality=modality, location=None,
        evidence=Evidence(sentence="s", sentence_index=0, start=0, end=1),
        rule="test", confidence=confidence)


@pytest.mark.parametrize("root, cls", [
    ("01", 0), ("02", 0), ("03", 1), ("04", 1), ("05", 1), ("06", 2), ("08", 2), ("09", 3), ("13", 3),
    ("14", 4), ("18", 4), ("20", 4), ("00", None), ("21", None), ("", None), (None, None), ("x1", None),
])
def test_penta_class_of_cameo_root(root, cls):
    assert penta_class(root) == cls


def test_content_tokens_ignore_case_punctuation_possessives_and_stop_words():
    assert content_tokens("Croatian government 's request") == {"croatian", "government", "request"}
    assert content_tokens("the Croatian governmentʼs") == {"croatian", "government"}
    assert content_tokens("The Ministry of Defence’s") == {"ministry", "defence"}
    assert content_tokens("the 's of") == set()


def test_overlap_needs_a_shared_content_word():
    assert overlaps(Actor(text="Velmarian troops"), ["the Velmarian army", "rebels"])
    assert overlaps(Actor(text="REBELS"), ["the Velmarian army", "rebels"])
    assert overlaps(Actor(text="the army of the north"), ["The Velmar 's army"])
    assert not overlaps(Actor(text="the people"), ["the minister of the interior"])
    assert not overlaps(None, ["rebels"])


def test_chosen_event_is_the_most_confident_scored_one():
    first, second = event("042", confidence=0.7), event("190", confidence=0.7)
    strong_negated = event("111", confidence=0.9, modality="negated")
    no_root = event("", confidence=0.95)
    assert chosen_event([first, strong_negated, second, no_root]) is first
    assert chosen_event([event("051", confidence=0.5), second]) is second
    assert chosen_event([strong_negated, no_root]) is None
    assert chosen_event([]) is None


def hand_made():
    items = [item("a", 4, ["Orvanian soldiers"], ["the village of Tesk"]),
             item("b", 3, ["the Dellish envoy"], []),
             item("c", 1, ["Kaltor"], ["Mireth"]),
             item("d", 0),
             item("e", 2, ["Aid agencies"], ["refugees in Pelm"])]
    preds = {
        "a": [event("190", "Orvanian forces", "Tesk", 0.8)],  # right class, both spans overlap
        "b": [event("042", "Dellish envoy", None, 0.7)],  # wrong class (1 for 3), source overlaps
        "c": [event("036", "Mireth", "Kaltor", 0.9, modality="hypothetical")],  # only event unscored: miss
        "d": [event("010", "the spokesman", None, 0.6)],  # right, no spans annotated
        "e": [event("071", "The Pelm council", "refugees", 0.65),  # right class, source misses
              event("112", "Aid agencies", None, 0.5)],  # less confident: not chosen
    }
    return items, preds


def test_score_penta_by_hand():
    report = score(*hand_made())
    assert (report.items, report.correct, report.coded, report.ignored) == (5, 3, 4, 1)
    per = report.per_class()
    assert (per[4].tp, per[4].fp, per[4].fn) == (1, 0, 0)
    assert (per[3].tp, per[3].fp, per[3].fn) == (0, 0, 1)  # b: wrong class
    assert (per[1].tp, per[1].fp, per[1].fn) == (0, 1, 1)  # b predicted as 1; c missed
    assert (per[0].f1, per[2].f1) == (1.0, 1.0)
    assert report.macro_f1 == pytest.approx((1 + 0 + 1 + 0 + 1) / 5)
    out = report.to_dict()
    assert out["accuracy"] == pytest.approx(3 / 5) and out["accuracy_coded"] == pytest.approx(3 / 4)
    assert out["coded"] == pytest.approx(4 / 5) and out["coded_items"] == 4
    # source spans on a, b, c, e; c uncoded -> 2 hits (a, b) of 3 coded, of 4 annotated
    assert (out["source_annotated"], out["source_annotated_coded"]) == (4, 3)
    assert out["source_overlap"] == pytest.approx(2 / 3) and out["source_overlap_all"] == pytest.approx(2 / 4)
    # target spans on a, c, e (b's list is empty: nothing to overlap); hits a and e
    assert (out["target_annotated"], out["target_annotated_coded"]) == (3, 2)
    assert out["target_overlap"] == 1.0 and out["target_overlap_all"] == pytest.approx(2 / 3)
    assert out["confusion"]["1"] == {"-": 1} and out["confusion"]["3"] == {"1": 1}
    assert out["per_class"]["4"]["name"] == "material conflict" and out["per_class"]["4"]["f1"] == 1.0


def test_penta_reliability_judges_each_items_chosen_event_by_its_class():
    items, preds = hand_made()
    judged = judge(items, preds)
    assert [(j.item_id, j.event["cameo"]["code"], j.correct) for j in judged] == [
        ("a", "190", True), ("b", "042", False), ("d", "010", True), ("e", "071", False)]  # e: class right, spans missed
    out = score(items, preds).to_dict()
    bins = {b["lower"]: b for b in out["reliability"]}
    assert (bins[0.8]["count"], bins[0.8]["share_correct"]) == (1, 1.0)
    assert (bins[0.7]["count"], bins[0.7]["share_correct"]) == (1, 0.0)
    assert bins[0.6]["count"] == 2 and bins[0.6]["mean_confidence"] == pytest.approx(0.625)
    assert out["ece"] == pytest.approx((0.2 + 0.7 + 2 * abs(0.625 - 0.5)) / 4)  # d right, e wrong in one bin


def test_text_report_has_the_headline_figures():
    text = format_report(score(*hand_made()))
    assert "accuracy 0.600   macro-F1 0.600   coded 0.800 (4 items)" in text
    assert any(line.split()[:3] == ["source", "0.667", "0.500"] for line in text.splitlines())
    assert "ECE " in text and "reliability of confidence (4 scored predictions)" in text


PENTA = {"id": "p1", "source_set": "mine", "scheme": "PENTA", "language": "en", "date": None,
         "text": "Orvanian soldiers shelled Tesk.", "penta_class": 4, "source_spans": ["Orvanian soldiers"],
         "target_spans": ["Tesk"], "relation_spans": []}


def write_lines(path, *rows):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_load_penta_gold(tmp_path):
    row2 = {**PENTA, "id": "p2", "date": "2017-03-09", "penta_class": 0, "source_spans": None,
            "target_spans": None}
    first, second = load_gold(write_lines(tmp_path / "g.jsonl", PENTA, row2))
    assert (first.scheme, first.penta_class, first.date) == ("PENTA", 4, dt.date(2018, 1, 1))
    assert first.source_spans == ("Orvanian soldiers",) and first.events == () and not first.no_event
    assert second.date == dt.date(2017, 3, 9) and second.source_spans is None and second.target_spans is None


@pytest.mark.parametrize("bad, reason", [
    ({**PENTA, "penta_class": 5}, "penta_class must be an integer 0-4, not 5"),
    ({**PENTA, "penta_class": "2"}, "penta_class must be an integer 0-4"),
    ({**PENTA, "penta_class": True}, "penta_class must be an integer 0-4"),
    ({**PENTA, "source_spans": "Tesk"}, "source_spans must be a list of strings or null"),
    ({**PENTA, "target_spans": [1]}, "target_spans must be a list of strings or null"),
    ({**PENTA, "date": "soon"}, "is not YYYY-MM-DD"),
])
def test_bad_penta_lines_name_the_line_and_reason(tmp_path, bad, reason):
    path = write_lines(tmp_path / "g.jsonl", {**PENTA, "id": "p0"}, bad)
    with pytest.raises(GoldError) as err:
        load_gold(path)
    assert f"{path}:2: " in str(err.value) and reason in str(err.value)


def test_missing_gold_file_is_a_gold_error(tmp_path):
    with pytest.raises(GoldError, match="cannot read the gold file"):
        load_gold(tmp_path / "absent.jsonl")


class ShellingCoder:
    """Codes a 195 (material conflict) when the text mentions shelling; records the article dates."""

    def __init__(self):
        self.dates = []

    def code(self, articles):
        for art in articles:
            self.dates.append(art.date)
            events = [event("195", "Orvanian soldiers", "Tesk", 0.75)] if "shelled" in art.text else []
            yield CodedArticle(article=art, events=events)


def test_evaluate_penta_file_end_to_end(tmp_path):
    quiet = {**PENTA, "id": "p2", "text": "The Orvanian minister urged calm.", "penta_class": 0}
    coder = ShellingCoder()
    out = evaluate(write_lines(tmp_path / "g.jsonl", PENTA, quiet), coder).to_dict()
    assert coder.dates == [PENTA_PLACEHOLDER_DATE] * 2
    assert out["scheme"] == "PENTA" and out["items"] == 2
    assert (out["accuracy"], out["coded"], out["source_overlap"], out["target_overlap"]) == (0.5, 0.5, 1.0, 1.0)
    assert out["source_overlap_all"] == 0.5
    assert {"macro_f1", "per_class", "reliability", "ece"} <= out.keys()
    assert out["macro_f1"] == pytest.approx((1.0 + 0.0) / 2)  # classes 1-3: no gold, no prediction
