"""Fit the calibration of ``confidence`` on the dev gold (issue 12): confidence = P(event right).

    .venv/bin/python tools/train_calibration.py [--gold DIR] [--folds 5] [--out src/polevent/data/calibration/weights.json]

Codes every dev gold set once with the default coder WITHOUT the shipped calibration, judges each
scored prediction as ``polevent eval`` does (``evaluate.judge``), fits an L2-regularised logistic
regression on ``pipeline.calibration.features`` and reports the expected calibration error (10
bins) cross-validated by item (folds by gold item id: an item's events are never in the fold that
scores them), then fits on everything and writes the weights with their provenance.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

from polevent import nlp as nlp_mod
from polevent.calibration_report import reliability
from polevent.evaluate import code_gold, judge, load_gold
from polevent.model import Event
from polevent.pipeline.calibration import features
from polevent.pipeline.coder import Coder
from polevent.resources import Resources

SETS = ("plover_gsr_dev.jsonl", "petr2_gsr_validation.jsonl", "conflibert_cameo_train.jsonl")


def fit(X: np.ndarray, y: np.ndarray, sw: np.ndarray, l2: float = 1.0, steps: int = 3000, lr: float = 0.1) -> np.ndarray:
    """Weighted L2 logistic regression by gradient descent (``sw``: sample weights, mean 1)."""
    w = np.zeros(X.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ ((p - y) * sw) / len(y) + l2 * w / len(y)
        w -= lr * grad
    return w


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default="../shared/gold/dev")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--l2", type=float, default=1.0, help="L2 penalty of the logistic fit")
    ap.add_argument("--out", default="src/polevent/data/calibration/weights.json")
    args = ap.parse_args(argv)
    t0 = time.time()
    res = Resources.load()
    res = Resources(**{**res.__dict__, "calibrator": None})  # judge the uncalibrated coder
    coder = Coder(nlp_mod.load(None), res)
    rows = []
    for name in SETS:
        path = Path(args.gold) / name
        if not path.exists():
            print(f"skip {path}: not found", file=sys.stderr)
            continue
        items = load_gold(path)
        for j in judge(items, code_gold(items, coder)):
            rows.append((f"{name}:{j.item_id}", features(Event.from_dict(j.event)), float(j.correct), name))
    names = sorted({k for _, f, _, _ in rows for k in f})
    X = np.array([[f.get(k, 0.0) for k in names] for _, f, _, _ in rows])
    y = np.array([r[2] for r in rows])
    items = sorted({r[0] for r in rows})
    random.Random(args.seed).shuffle(items)
    fold_of = {it: i % args.folds for i, it in enumerate(items)}
    folds = np.array([fold_of[r[0]] for r in rows])
    # each gold set weighs the same in the fit: "right" means the triple on PLOVER/CAMEO gold and the
    # class on PENTA gold, and the large PENTA set must not set the scale for the others alone
    sizes = {name: sum(1 for r in rows if r[3] == name) for name in SETS}
    sw = np.array([len(rows) / (len([n for n in sizes if sizes[n]]) * sizes[r[3]]) for r in rows])
    oof = np.zeros(len(y))
    for k in range(args.folds):
        tr, te = folds != k, folds == k
        oof[te] = 1 / (1 + np.exp(-X[te] @ fit(X[tr], y[tr], sw[tr], l2=args.l2)))
    report = {"events": len(y), "items": len(items), "share_right": float(y.mean())}
    before = reliability(zip(X[:, names.index("rule_confidence")], y.astype(bool)))
    after = reliability(zip(oof, y.astype(bool)))
    report["ece_uncalibrated"] = before.ece
    report["ece_cross_validated"] = after.ece
    per_set = {}
    for name in SETS:
        m = np.array([r[3] == name for r in rows])
        if m.any():
            per_set[name] = {"events": int(m.sum()), "ece_cv": reliability(zip(oof[m], y[m].astype(bool))).ece,
                             "ece_uncalibrated": reliability(zip(X[m, names.index("rule_confidence")],
                                                                 y[m].astype(bool))).ece}
    report["per_set"] = per_set
    report["reliability_cv"] = after.to_dict()["reliability"]
    w = fit(X, y, sw, l2=args.l2)
    out = {"weights": {n: round(float(v), 6) for n, v in zip(names, w)},
           "meta": {"trained_on": [f"../shared/gold/dev/{n}" for n in SETS],
                    "licences": {"plover_gsr_dev": "CC BY-SA 4.0", "petr2_gsr_validation": "MIT",
                                 "conflibert_cameo_train": "GPL-3.0 (ConfliBERT repository)"},
                    "note": "logistic regression weights (numbers fitted to gold judgements; no gold text)",
                    "command": "python tools/train_calibration.py", **report,
                    "seconds": round(time.time() - t0, 1)}}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
