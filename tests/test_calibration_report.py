"""Reliability bins and ECE on hand-made (confidence, correct) pairs."""
from __future__ import annotations

import pytest

from polevent.calibration_report import bin_index, format_reliability, reliability


@pytest.mark.parametrize("k", range(11))
def test_bin_edges_are_lower_inclusive_and_one_is_in_the_last_bin(k):
    assert bin_index(k / 10) == min(k, 9)
    if k:
        assert bin_index(k / 10 - 1e-9) == k - 1


def test_bins_and_ece_by_hand():
    rel = reliability([(0.05, False), (0.95, True), (0.95, False), (1.0, True), (0.5, True)])
    by_lower = {b.lower: b for b in rel.bins}
    assert len(rel.bins) == 10 and rel.count == 5
    assert (by_lower[0.0].count, by_lower[0.0].mean_confidence, by_lower[0.0].share_correct) == (1, 0.05, 0.0)
    top = by_lower[0.9]
    assert top.count == 3 and top.upper == 1.0
    assert top.mean_confidence == pytest.approx(2.9 / 3) and top.share_correct == pytest.approx(2 / 3)
    assert (by_lower[0.5].count, by_lower[0.5].share_correct) == (1, 1.0)
    assert by_lower[0.3].count == 0 and by_lower[0.3].mean_confidence is None and by_lower[0.3].share_correct is None
    # 1/5 * 0.05 + 3/5 * 0.3 + 1/5 * 0.5
    assert rel.ece == pytest.approx(0.01 + 0.18 + 0.10)


def test_calibrated_predictions_have_zero_ece_and_overconfident_ones_do_not():
    calibrated = [(0.7, i < 7) for i in range(10)] + [(0.2, i < 2) for i in range(10)]
    assert reliability(calibrated).ece == pytest.approx(0.0)
    assert reliability([(0.9, False)] * 4).ece == pytest.approx(0.9)


def test_no_predictions_gives_empty_bins_and_no_ece():
    rel = reliability([])
    assert rel.ece is None and all(b.count == 0 for b in rel.bins)
    assert rel.to_dict()["ece"] is None and len(rel.to_dict()["reliability"]) == 10


def test_to_dict_and_text_table():
    rel = reliability([(0.65, True), (0.62, False)])
    row = rel.to_dict()["reliability"][6]
    assert row == {"lower": 0.6, "upper": 0.7, "count": 2, "mean_confidence": pytest.approx(0.635),
                   "share_correct": 0.5}
    lines = format_reliability(rel)
    assert lines[0].startswith("reliability of confidence (2 scored")
    assert lines[2 + 6].split() == ["[0.6,", "0.7)", "2", "0.635", "0.500"]
    assert lines[-1] == "ECE 0.135"
