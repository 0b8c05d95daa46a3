"""Calibration stage: ``confidence`` becomes the probability that the event is right.

"Right" is what ``polevent eval`` judges (``evaluate.judge``): the (source country, type, target
country) triple matches a gold event (PLOVER and CAMEO gold), or the sentence's class is right
(PENTA gold). A logistic model over features every event has (CAMEO root, how the rule decided,
modality, where the target came from, the kind of source, the rule's own confidence) is fitted on
the dev gold by ``tools/train_calibration.py``, cross-validated by item, and shipped as
``data/calibration/weights.json`` with its provenance. Runs last, so that ``--min-confidence``
thresholds a probability.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import DataError
from ..model import Event
from .state import ArticleState

RULE_MARKS = ("lexicon:verb", "lexicon:noun", "syntax:", "+intent", "+future", "+threat", "+refus",
              "+demand", "+appeal", "+allegation", "+clause", "+linear-fallback", "+event-noun", "+will-not",
              "+unless", "model:")


def features(e: Event) -> dict[str, float]:
    """Named features of an event (one-hot groups and the rule's confidence)."""
    rule = e.rule or ""
    f = {"bias": 1.0, f"root={e.cameo.root}": 1.0, f"modality={e.modality}": 1.0,
         "rule_confidence": float(e.confidence), "cued": 1.0 if "[" in rule.split("->")[0] else 0.0,
         f"target={(e.target_reason or 'none').split(':')[0]}": 1.0,
         f"source_kind={e.source.kind}": 1.0, "source_person": 1.0 if e.source.kind == "person" else 0.0,
         "has_target": 1.0 if e.target is not None else 0.0, "reciprocal": 1.0 if e.reciprocal else 0.0,
         "source_sector_known": 1.0 if e.source.sector else 0.0}
    for mark in RULE_MARKS:
        if mark in rule:
            f[f"rule{mark}"] = 1.0
    return f


@dataclass(frozen=True)
class Calibrator:
    weights: dict[str, float]
    meta: dict

    @classmethod
    def load(cls, path: Path | None = None) -> "Calibrator | None":
        src = path or resources.files("polevent.data").joinpath("calibration/weights.json")
        try:
            data = json.loads(src.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise DataError(f"{src}: cannot read calibration weights ({exc})") from None
        if not isinstance(data.get("weights"), dict):
            raise DataError(f"{src}: no 'weights' object")
        return cls(weights={str(k): float(v) for k, v in data["weights"].items()}, meta=data.get("meta", {}))

    def probability(self, e: Event) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in features(e).items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


class CalibrationStage:
    name = "calibration"
    requires = ("events",)
    provides = ("event_confidence",)

    def __init__(self, nlp, resources):
        self.calibrator: Calibrator | None = getattr(resources, "calibrator", None)

    def __call__(self, state: ArticleState) -> None:
        if self.calibrator is None:
            return
        for e in state.events:
            e.confidence = round(self.calibrator.probability(e), 3)
            e.rule += "|calibrated"
