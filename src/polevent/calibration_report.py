"""Reliability of ``confidence``: equal-width bins of (confidence, was it right) and the expected
calibration error. Pure functions over plain numbers; which predictions are right is decided by the
scorer (``evaluate`` / ``evaluate_penta``). Rules: docs/eval.md, "Reliability and ECE".
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

N_BINS = 10


@dataclass(frozen=True)
class Bin:
    lower: float
    upper: float  # exclusive, except the last bin, which includes 1.0
    count: int
    mean_confidence: float | None  # None: empty bin
    share_correct: float | None

    def to_dict(self) -> dict:
        return {"lower": self.lower, "upper": self.upper, "count": self.count,
                "mean_confidence": self.mean_confidence, "share_correct": self.share_correct}


@dataclass(frozen=True)
class Reliability:
    bins: tuple[Bin, ...]
    ece: float | None  # None: no predictions

    @property
    def count(self) -> int:
        return sum(b.count for b in self.bins)

    def to_dict(self) -> dict:
        return {"reliability": [b.to_dict() for b in self.bins], "ece": self.ece}


def bin_index(confidence: float, n_bins: int = N_BINS) -> int:
    """[0, 1/n) -> 0, ..., [(n-1)/n, 1] -> n-1; values outside [0, 1] fall into the end bins."""
    return min(max(int(confidence * n_bins), 0), n_bins - 1)


def reliability(predictions: Iterable[tuple[float, bool]], n_bins: int = N_BINS) -> Reliability:
    """Bin (confidence, correct) pairs into ``n_bins`` equal-width bins over [0, 1].

    ECE = sum over bins of count/N * |mean confidence - share correct| (empty bins add nothing).
    """
    sums = [[0, 0.0, 0] for _ in range(n_bins)]  # count, sum of confidence, correct
    for confidence, correct in predictions:
        cell = sums[bin_index(confidence, n_bins)]
        cell[0] += 1
        cell[1] += confidence
        cell[2] += bool(correct)
    total = sum(cell[0] for cell in sums)
    bins, ece = [], 0.0
    for i, (count, conf_sum, right) in enumerate(sums):
        mean = conf_sum / count if count else None
        share = right / count if count else None
        if count:
            ece += count / total * abs(mean - share)
        bins.append(Bin(round(i / n_bins, 10), round((i + 1) / n_bins, 10), count, mean, share))
    return Reliability(tuple(bins), ece if total else None)


def format_reliability(rel: Reliability) -> list[str]:
    """The reliability table as text lines (one row per bin, then the ECE)."""
    def fmt(v: float | None) -> str:
        return "  n/a" if v is None else f"{v:5.3f}"

    lines = [f"reliability of confidence ({rel.count} scored predictions)",
             f"{'bin':12} {'count':>6} {'conf':>5} {'right':>5}"]
    for i, b in enumerate(rel.bins):
        close = "]" if i == len(rel.bins) - 1 else ")"
        lines.append(f"[{b.lower:.1f}, {b.upper:.1f}{close:2} {b.count:6d} "
                     f"{fmt(b.mean_confidence)} {fmt(b.share_correct)}")
    lines.append(f"ECE {fmt(rel.ece).strip()}")
    return lines
