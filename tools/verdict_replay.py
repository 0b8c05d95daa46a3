"""Replay the hand verdicts of real articles on the present coder; and the learned-filter experiment.

    .venv/bin/python tools/verdict_replay.py [--coded FILE] [--verdicts docs/audit/guardian_dev_train_verdicts.csv]
    .venv/bin/python tools/verdict_replay.py --learn [--coded FILE]     # the validity experiment (results.md)

The verdicts (``docs/audit/guardian_dev_train_verdicts.csv``) were given by hand to every record
the coder of commit 7362cfb gave (``--all-events``) for the 73 guardian_dev articles with events
whose numeric id is not a multiple of 3 (those are kept for the "after" audit). Because the coder
changes after a verdict is given, a verdict is matched to a present record by its words:
- same article, sentence, trigger, PLOVER type, source and target code: the verdict as given;
- same article, sentence and trigger, verdict ``no_event``: still no event (the words do not report
  an act, however they are coded);
- same article, sentence and trigger, a verdict that names the right type, source and target
  (``correct_*`` columns): ``right`` if the record now has them, otherwise wrong;
- anything else: a new record, unjudged.
The replay prints, for the default (reportable) view and for all records: the judged records kept
and dropped by verdict, the unjudged ones, and precision (share ``right``) of the judged kept ones.
It is a development check for rule changes (does a change drop wrong records and keep right
ones?), not a measurement on unseen text: these articles are the ones the rules are fixed on.

``--learn`` fits a logistic model of P(record right) and of P(real event of the coded kind) over
features of the record and its wording, cross-validated by article, and prints AUC and precision
of the top fifth: the experiment behind the decision not to ship a learned filter (results.md).
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Sequence

import numpy as np

from polevent import nlp as nlp_mod
from polevent.model import Article, Event
from polevent.pipeline.calibration import features as record_features
from polevent.pipeline.coder import Coder
from polevent.resources import Resources
from polevent.selection import reportable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_calibration import fit  # noqa: E402  (the weighted L2 logistic fit)

REAL_OF_KIND = frozenset({"right", "wrong_source", "wrong_target", "wrong_source+wrong_target"})


MODAL_WORDS = frozenset({"will", "would", "could", "may", "might", "should", "must", "can", "cannot",
                         "ca", "shall", "wo", "to"})
CONDITION_WORDS = frozenset({"if", "unless", "whether", "until", "lest"})
NEGATION_WORDS = frozenset({"not", "n't", "no", "never", "nor", "without"})
REPORTING_WORDS = frozenset({"said", "says", "told", "according", "claimed", "claims", "alleged", "reportedly",
                             "reported", "added", "stated", "insisted", "believed", "thought", "suggested"})
OPINION_WORDS = frozenset({"i", "we", "my", "our", "us", "you", "your"})
TIME_CUES = ("ago", "last year", "years", "decade", "history", "since", "former", "once", "previously", "earlier")
QUOTES = "\"“”‘’"
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
WORD = re.compile(r"[A-Za-z']+|[^\sA-Za-z]")


def _bucket(value: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def _quoted(sentence: str, at: int) -> bool:
    """Whether character ``at`` lies inside quotation marks of the sentence (an odd number before it)."""
    before = sentence[:at]
    return sum(before.count(q) for q in "\"“”") % 2 == 1 or before.count("“") > before.count("”")


def sentence_features(e: Event, n_sentence_events: int, n_article_events: int, article_chars: int) -> dict[str, float]:
    """Features of the wording around the record's trigger and of its place in the article."""
    s = e.evidence.sentence
    low = s.lower()
    trig = (e.evidence.trigger or "").lower()
    at = low.find(trig) if trig else -1
    words_before = [w.lower() for w in WORD.findall(s[:at])] if at >= 0 else []
    near = words_before[-4:]
    words = {w.lower() for w in WORD.findall(s)}
    f: dict[str, float] = {
        "quote_in_sentence": 1.0 if any(q in s for q in QUOTES) else 0.0,
        "trigger_quoted": 1.0 if at >= 0 and _quoted(s, at) else 0.0,
        "starts_with_quote": 1.0 if s[:1] in QUOTES else 0.0,
        "modal_near_trigger": 1.0 if MODAL_WORDS & set(near) else 0.0,
        "negation_near_trigger": 1.0 if NEGATION_WORDS & set(near) else 0.0,
        "condition_in_sentence": 1.0 if CONDITION_WORDS & words else 0.0,
        "condition_before_trigger": 1.0 if CONDITION_WORDS & set(words_before) else 0.0,
        "reporting_word": 1.0 if REPORTING_WORDS & words else 0.0,
        "first_person": 1.0 if OPINION_WORDS & words else 0.0,
        "question": 1.0 if s.rstrip().endswith("?") else 0.0,
        "time_cue": 1.0 if any(c in low for c in TIME_CUES) else 0.0,
        "trigger_capitalised": 1.0 if at >= 0 and s[at:at + 1].isupper() and at > 0 else 0.0,
        f"sentence_index{_bucket(e.evidence.sentence_index, (0, 2, 5, 10, 20))}": 1.0,
        f"sentence_length{_bucket(len(s.split()), (12, 25, 40))}": 1.0,
        f"sentence_events{_bucket(n_sentence_events, (1, 2, 3))}": 1.0,
        "article_events_log": math.log1p(n_article_events),
        "article_chars_log": math.log1p(article_chars),
        f"type={e.plover.type}": 1.0,
    }
    years = [int(y) for y in YEAR.findall(s)]
    article_year = int(e.article_date[:4]) if e.article_date[:4].isdigit() else None
    if article_year is not None and years:
        f["older_year"] = 1.0 if min(years) < article_year else 0.0
    f["date_not_article_day"] = 0.0 if e.date == e.article_date else 1.0
    return f


def features(e: Event, n_sentence_events: int, n_article_events: int, article_chars: int) -> dict[str, float]:
    """Every feature of a record in its article: the calibration's record features, prefixed, plus
    the wording and article features, plus the record's relevance, background and target fields."""
    f = {f"rec:{k}": v for k, v in record_features(e).items()}
    f.update(sentence_features(e, n_sentence_events, n_article_events, article_chars))
    f["calibrated_confidence"] = float(e.confidence)
    f[f"relevance={e.relevance}"] = 1.0
    f["is_background"] = 1.0 if e.is_background else 0.0
    f["no_source_country"] = 1.0 if not e.source.country else 0.0
    f["source_words"] = 1.0 if e.source.text else 0.0
    f["target_words"] = 1.0 if e.target is not None and e.target.text else 0.0
    f["target_is_source_country"] = 1.0 if (e.target is not None and e.target.country
                                             and e.target.country == e.source.country) else 0.0
    return f


def article_features(events: Sequence[Event], article_chars: int) -> list[dict[str, float]]:
    """``features`` of each event of one article (counts taken over the article's events)."""
    per_sentence: dict[int, int] = {}
    for e in events:
        per_sentence[e.evidence.sentence_index] = per_sentence.get(e.evidence.sentence_index, 0) + 1
    return [features(e, per_sentence[e.evidence.sentence_index], len(events), article_chars) for e in events]


def read_verdicts(path: Path) -> tuple[dict, dict]:
    exact, loose = {}, {}
    with open(path, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            key = (r["article_id"], int(r["sentence_index"]), r["trigger"].lower())
            exact[key + (r["type"], r["source"], r["target"])] = r
            loose.setdefault(key, []).append(r)
    return exact, loose


def verdict_of(e: Event, exact: dict, loose: dict) -> str | None:
    """The verdict that applies to the present record ``e`` (rules in the module doc), or None."""
    key = (e.article_id, e.evidence.sentence_index, (e.evidence.trigger or "").lower())
    row = exact.get(key + (e.plover.type, e.source.code or "", (e.target.code or "") if e.target else ""))
    if row is not None:
        return row["verdict"]
    rows = loose.get(key, [])
    if any(r["verdict"] == "no_event" for r in rows):
        return "no_event"
    for r in rows:
        if r.get("correct_type") or r.get("correct_source") or r.get("correct_target"):
            want = (r.get("correct_type") or r["type"], r.get("correct_source") or r["source"],
                    "" if (r.get("correct_target") or r["target"]) == "none" else (r.get("correct_target") or r["target"]))
            got = (e.plover.type, e.source.code or "", (e.target.code or "") if e.target else "")
            wrong = [k for k, a, b in zip(("wrong_type", "wrong_source", "wrong_target"), want, got) if a != b]
            return "+".join(wrong) or "right"
    return None


def coded_articles(args) -> list[tuple[str, list[Event], int]]:
    if args.coded:
        out = []
        for line in open(args.coded, encoding="utf-8"):
            d = json.loads(line)
            out.append((d["article"]["id"], [Event.from_dict(e) for e in d["events"]], len(d["article"]["text"])))
        return out
    coder = Coder(nlp_mod.load(None), Resources.load())
    articles = [Article(id=d["id"], date=d["date"], text=d["text"], title=d.get("title"))
                for d in map(json.loads, open(args.corpus, encoding="utf-8"))]
    return [(c.article.id, c.events, len(c.article.text)) for c in coder.code(articles)]


def auc(y: np.ndarray, p: np.ndarray) -> float:
    ranks = np.empty(len(p))
    ranks[np.argsort(p)] = np.arange(1, len(p) + 1)
    pos = y == 1
    n1, n0 = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)) if n1 and n0 else float("nan")


def replay(per_article, exact, loose, judged_articles: set[str]) -> dict:
    out = {}
    for view in ("reportable", "all"):
        kept, unjudged = Counter(), 0
        for aid, events, _ in per_article:
            if aid not in judged_articles:
                continue
            for e in events:
                if view == "reportable" and not reportable(e):
                    continue
                v = verdict_of(e, exact, loose)
                if v is None:
                    unjudged += 1
                else:
                    kept[v] += 1
        n = sum(kept.values())
        out[view] = {"judged": n, "unjudged": unjudged, "right": kept["right"],
                     "precision": round(kept["right"] / n, 4) if n else None,
                     "no_event": kept["no_event"],
                     "real_of_kind": sum(c for v, c in kept.items() if v in REAL_OF_KIND),
                     "by_verdict": dict(kept.most_common())}
    return out


def learn(per_article, exact, loose, folds: int = 5, seed: int = 0) -> dict:
    rows = []
    for aid, events, chars in per_article:
        for e, f in zip(events, article_features(events, chars)):
            v = verdict_of(e, exact, loose)
            if v is not None:
                rows.append((aid, f, v))
    names = sorted({k for _, f, _ in rows for k in f})
    X = np.array([[f.get(k, 0.0) for k in names] for _, f, _ in rows])
    arts = sorted({r[0] for r in rows})
    random.Random(seed).shuffle(arts)
    fold_of = {a: i % folds for i, a in enumerate(arts)}
    fo = np.array([fold_of[r[0]] for r in rows])
    report = {"records": len(rows), "articles": len(arts)}
    for name, good in (("right", {"right"}), ("real_of_kind", REAL_OF_KIND)):
        y = np.array([1.0 if r[2] in good else 0.0 for r in rows])
        for l2 in (3.0, 30.0):
            oof = np.zeros(len(y))
            for k in range(folds):
                tr, te = fo != k, fo == k
                oof[te] = 1 / (1 + np.exp(-X[te] @ fit(X[tr], y[tr], np.ones(int(tr.sum())), l2=l2)))
            top = np.argsort(-oof)[: len(y) // 5]
            report[f"{name}_l2={l2:g}"] = {"base_rate": round(float(y.mean()), 4), "auc_cv": round(auc(y, oof), 4),
                                           "precision_top_fifth_cv": round(float(y[top].mean()), 4),
                                           "auc_calibrated_confidence": round(auc(y, X[:, names.index("calibrated_confidence")]), 4)}
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="../shared/corpus/guardian_dev.jsonl")
    ap.add_argument("--verdicts", default="docs/audit/guardian_dev_train_verdicts.csv")
    ap.add_argument("--coded", help="a `polevent code --format jsonl --all-events` file of the corpus, instead of coding it")
    ap.add_argument("--learn", action="store_true", help="run the learned-filter experiment instead of the replay")
    args = ap.parse_args(argv)
    exact, loose = read_verdicts(Path(args.verdicts))
    judged = {k[0] for k in exact}
    per_article = coded_articles(args)
    report = learn(per_article, exact, loose) if args.learn else replay(per_article, exact, loose, judged)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
