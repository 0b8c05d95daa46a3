"""Score coded events against PENTA gold: one of five event classes per sentence, plus annotated
actor phrases (``source_spans`` / ``target_spans``). Rules and rationale: docs/eval.md, "PENTA gold".

Per item the coder's answer is its *chosen event*: the most confident scored event (not negated or
hypothetical, with a CAMEO root); its class is the PENTA class of that root. No chosen event is a miss.
Pure functions: nothing here prints.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from .calibration_report import Reliability, format_reliability, reliability
from .evaluate import NONE, Counts, GoldItem, Judged, is_scored
from .model import Actor, Event

PENTA_CLASSES = {0: "neutral statement or appeal", 1: "verbal cooperation", 2: "material cooperation",
                 3: "verbal conflict", 4: "material conflict"}
#: CAMEO root (01-20) -> PENTA class: 01-02 -> 0, 03-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4.
_CLASS_BOUNDS = ((2, 0), (5, 1), (8, 2), (13, 3), (20, 4))
#: Words ignored when comparing an actor's text with a gold span ("'s" splits into "s").
STOP_WORDS = frozenset("""a an the of s and or in on at to for by with from its their his her this that
these those""".split())
_APOSTROPHES = str.maketrans({c: "'" for c in "\u2019\u2018\u02bc\u0060\u00b4"})
_TOKEN = re.compile(r"[^\W_]+")


def penta_class(root: str | None) -> int | None:
    """PENTA class of a CAMEO root ("01".."20"); None for anything else."""
    if not root or not root.isdigit():
        return None
    n = int(root)
    return next((cls for upper, cls in _CLASS_BOUNDS if 1 <= n <= upper), None)


def _cameo_root(event: Event) -> str | None:
    code = getattr(event.cameo, "code", None) or ""
    return getattr(event.cameo, "root", None) or code[:2] or None


def chosen_event(events: Sequence[Event]) -> Event | None:
    """The most confident scored event with a PENTA class (ties: the first in article order)."""
    best = None
    for ev in events:
        if is_scored("CAMEO", ev) and penta_class(_cameo_root(ev)) is not None:
            if best is None or ev.confidence > best.confidence:
                best = ev
    return best


def content_tokens(text: str) -> set[str]:
    """Lower-cased letter/digit runs, apostrophes split off, stop words dropped."""
    return {t for t in _TOKEN.findall(text.translate(_APOSTROPHES).lower()) if t not in STOP_WORDS}


def overlaps(actor: Actor | None, spans: Sequence[str]) -> bool:
    """True when the actor's text shares at least one content token with some gold span."""
    if actor is None:
        return False
    mine = content_tokens(actor.text or "")
    return any(mine & content_tokens(span) for span in spans)


@dataclass(frozen=True)
class Overlap:
    """Span overlap for one role: items with a non-empty gold span list, all and coded, and hits."""

    annotated: int = 0
    annotated_coded: int = 0
    hits: int = 0

    def add(self, coded: bool, hit: bool) -> "Overlap":
        return Overlap(self.annotated + 1, self.annotated_coded + coded, self.hits + hit)

    @property
    def share_coded(self) -> float | None:  # the headline
        return self.hits / self.annotated_coded if self.annotated_coded else None

    @property
    def share_all(self) -> float | None:
        return self.hits / self.annotated if self.annotated else None


@dataclass
class PentaReport:
    items: int
    correct: int
    coded: int
    confusion: Counter  # (gold class, predicted class | None) -> n
    source: Overlap
    target: Overlap
    ignored: int = 0  # predictions not scored (negated, hypothetical, no CAMEO root)
    reliability: Reliability = field(default_factory=lambda: reliability([]))
    scheme: str = "PENTA"

    def per_class(self) -> dict[int, Counts]:
        out = {}
        for cls in PENTA_CLASSES:
            tp = self.confusion[(cls, cls)]
            gold = sum(n for (g, _), n in self.confusion.items() if g == cls)
            pred = sum(n for (_, p), n in self.confusion.items() if p == cls)
            out[cls] = Counts(tp, pred - tp, gold - tp)
        return out

    @property
    def macro_f1(self) -> float | None:
        """Mean F1 over the classes whose F1 is defined (a class with no gold and no prediction is skipped)."""
        f1s = [c.f1 for c in self.per_class().values() if c.f1 is not None]
        return sum(f1s) / len(f1s) if f1s else None

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.items if self.items else None

    def to_dict(self) -> dict:
        """The ``polevent eval --json`` shape for PENTA gold."""
        per = {str(cls): {"name": PENTA_CLASSES[cls], **c.to_dict()} for cls, c in self.per_class().items()}
        matrix: dict[str, dict[str, int]] = {}
        for (g, p), n in sorted(self.confusion.items(), key=str):
            matrix.setdefault(str(g), {})[NONE if p is None else str(p)] = n
        out = {"items": self.items, "scheme": self.scheme, "accuracy": self.accuracy,
               "macro_f1": self.macro_f1, "per_class": per,
               "coded": self.coded / self.items if self.items else None, "coded_items": self.coded,
               "accuracy_coded": self.correct / self.coded if self.coded else None}
        for role, ov in (("source", self.source), ("target", self.target)):
            out[f"{role}_overlap"] = ov.share_coded
            out[f"{role}_overlap_all"] = ov.share_all
            out[f"{role}_annotated"] = ov.annotated
            out[f"{role}_annotated_coded"] = ov.annotated_coded
        out["ignored_predictions"] = self.ignored
        out["confusion"] = matrix
        out.update(self.reliability.to_dict())
        return out

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def score_penta(items: Sequence[GoldItem], predictions: dict[str, list[Event]]) -> PentaReport:
    """Score predictions (article id -> events) against PENTA gold items."""
    correct = coded = ignored = 0
    confusion: Counter = Counter()
    source, target = Overlap(), Overlap()
    for item in items:
        events = predictions.get(item.id, [])
        ignored += sum(not is_scored("CAMEO", ev) or penta_class(_cameo_root(ev)) is None for ev in events)
        chosen = chosen_event(events)
        pred = None if chosen is None else penta_class(_cameo_root(chosen))
        confusion[(item.penta_class, pred)] += 1
        correct += pred == item.penta_class
        coded += chosen is not None
        if item.source_spans:
            source = source.add(chosen is not None, chosen is not None and overlaps(chosen.source, item.source_spans))
        if item.target_spans:
            target = target.add(chosen is not None, chosen is not None and overlaps(chosen.target, item.target_spans))
    rel = reliability((j.event["confidence"], j.correct) for j in judge_penta(items, predictions))
    return PentaReport(len(items), correct, coded, confusion, source, target, ignored, rel)


def judge_penta(items: Sequence[GoldItem], predictions: dict[str, list[Event]]) -> list[Judged]:
    """Each item's chosen event, right when its PENTA class is the gold class (spans not required)."""
    out = []
    for item in items:
        chosen = chosen_event(predictions.get(item.id, []))
        if chosen is not None:
            out.append(Judged(item.id, chosen.to_dict(), penta_class(_cameo_root(chosen)) == item.penta_class))
    return out


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.3f}"


def format_penta(report: PentaReport) -> str:
    """Summary, per-class table, class confusion table, span overlap and reliability, as text."""
    d = report.to_dict()
    lines = [f"{report.items} gold items (PENTA); {report.ignored} predictions not scored "
             f"(negated, hypothetical or no CAMEO root)",
             f"accuracy {_fmt(d['accuracy'])}   macro-F1 {_fmt(d['macro_f1'])}   "
             f"coded {_fmt(d['coded'])} ({report.coded} items)   accuracy on coded {_fmt(d['accuracy_coded'])}",
             "", f"{'class':28} {'P':>5} {'R':>5} {'F1':>5} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for cls, c in report.per_class().items():
        lines.append(f"{cls} {PENTA_CLASSES[cls]:26} {_fmt(c.precision)} {_fmt(c.recall)} {_fmt(c.f1)} "
                     f"{c.tp:5d} {c.fp:5d} {c.fn:5d}")
    lines += ["", f"span overlap {'coded':>7} {'all':>7}  (items with annotated spans: coded / all)"]
    for role, ov in (("source", report.source), ("target", report.target)):
        lines.append(f"{role:12} {_fmt(ov.share_coded):>7} {_fmt(ov.share_all):>7}  "
                     f"({ov.annotated_coded} / {ov.annotated})")
    labels = [*PENTA_CLASSES, None]
    lines += ["", f"confusion: rows gold class, columns predicted class ({NONE} = no event)",
              "gold\\pred " + " ".join(f"{NONE if p is None else p:>5}" for p in labels)]
    for g in PENTA_CLASSES:
        lines.append(f"{g:9} " + " ".join(f"{report.confusion[(g, p)] or '.':>5}" for p in labels))
    lines += ["", *format_reliability(report.reliability)]
    return "\n".join(lines)
