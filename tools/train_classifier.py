"""Train polevent's event-type classifier and write it to src/polevent/data/classifier/.

    .venv/bin/python tools/train_classifier.py \
        --corpus ../shared/corpus/plover_synthetic_stories.csv \
        --gold ../shared/gold/dev/plover_gsr_dev.jsonl

The gold file is used only to *measure* the trained model (type accuracy on its event sentences);
it never influences training. The library function is ``polevent.classifier.train``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from polevent import classifier  # noqa: E402
from polevent.embed import Embedder  # noqa: E402


def gold_items(path: Path) -> list[tuple[str, str]]:
    """(sentence, PLOVER type of its first event) for every gold item that has an event."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line) if line.strip() else None
        if record and not record.get("no_event") and record.get("events"):
            items.append((record["text"], record["events"][0]["code"]))
    return items


def evaluate_gold(model: classifier.SoftmaxModel, embedder: Embedder, path: Path) -> dict:
    """Type accuracy on gold sentences (overall, and on the types the model knows)."""
    items = gold_items(path)
    probs = model.proba(embedder.embed([text for text, _ in items]))
    predicted = [model.labels[k] for k in probs.argmax(axis=1)]
    gold = [code for _, code in items]
    hits = [p == g for p, g in zip(predicted, gold)]
    known = [h for h, g in zip(hits, gold) if g in model.labels]
    top3 = [g in {model.labels[k] for k in row.argsort()[-3:]} for row, g in zip(probs, gold)]
    return {"file": path.name, "items": len(items), "accuracy": round(sum(hits) / len(hits), 4),
            "accuracy_on_known_types": round(sum(known) / max(1, len(known)), 4),
            "top3_accuracy": round(sum(top3) / len(top3), 4),
            "predicted": dict(Counter(predicted).most_common()), "gold": dict(Counter(gold).most_common())}


def time_embedding(embedder: Embedder, sentences: list[str], n: int = 1000) -> float:
    texts = (sentences * (n // max(1, len(sentences)) + 1))[:n]
    start = time.perf_counter()
    embedder.embed(texts)
    return round(time.perf_counter() - start, 2)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    defaults = classifier.TrainOptions()
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/plover_synthetic_stories.csv")
    p.add_argument("--gold", type=Path, default=None, help="PLOVER gold JSONL to measure on (never trained on)")
    p.add_argument("--out", type=Path, default=classifier.default_directory())
    p.add_argument("--unit", default=defaults.unit)
    p.add_argument("--eval-unit", default=defaults.eval_unit)
    p.add_argument("--scheme", default=defaults.scheme, choices=["plover2021", "corpus"])
    p.add_argument("--l2", type=float, default=defaults.l2)
    p.add_argument("--prior", default=defaults.prior, choices=["balanced", "corpus"])
    p.add_argument("--seed", type=int, default=defaults.seed)
    p.add_argument("--threads", type=int, default=2, help="onnxruntime intra-op threads")
    p.add_argument("--dry-run", action="store_true", help="train and report, but write nothing")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    options = classifier.TrainOptions(unit=args.unit, eval_unit=args.eval_unit, scheme=args.scheme,
                                      l2=args.l2, prior=args.prior, seed=args.seed)
    embedder = Embedder.load(threads=args.threads)
    result = classifier.train(args.corpus, embedder.embed, options, encoder=embedder.describe())
    if args.gold:
        result.metadata["dev_gold"] = evaluate_gold(result.model, embedder, args.gold)
        sentences = [text for text, _ in gold_items(args.gold)]
        result.metadata["seconds_to_embed_1000_sentences"] = {
            "seconds": time_embedding(embedder, sentences), "threads": args.threads}
    if not args.dry_run:
        classifier.save(result, args.out)
    print(json.dumps(result.metadata, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
