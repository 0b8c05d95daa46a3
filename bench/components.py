"""Where the time goes: seconds per spaCy component and for polevent's stages, on the same stories.

    .venv/bin/python bench/components.py [-n 300] [--batch-size 32] [--corpus CSV]

The stories are tokenized once (timed), then each component of the loaded pipeline runs over all of
them in pipeline order (``component.pipe``, as ``nlp.pipe`` calls it), then polevent's stages run on
the parsed Docs. One untimed warm-up pass over 20 stories comes first. Prints a table of seconds and
shares, and ``--json`` the same as a dict. A benchmark for docs/results.md (issue 14), not a test.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from polevent import nlp as nlp_mod
from polevent.bench import DEFAULT_CORPUS, stories
from polevent.pipeline.coder import Coder
from polevent.pipeline.state import ArticleState
from polevent.resources import Resources


def profile(nlp, coder: Coder, articles: list, batch_size: int) -> dict[str, float]:
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    docs = [nlp.make_doc(a.text) for a in articles]
    out["tokenizer"] = time.perf_counter() - t0
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        out[name] = time.perf_counter() - t0
    for stage in coder.stages:
        out[f"stage:{stage.name}"] = 0.0
    for doc, article in zip(docs, articles):
        state = ArticleState(article=article, doc=doc, resources=coder.resources)
        for stage in coder.stages:
            t0 = time.perf_counter()
            stage(state)
            out[f"stage:{stage.name}"] += time.perf_counter() - t0
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    nlp = nlp_mod.load()
    coder = Coder(nlp, Resources.load())
    articles = list(stories(Path(args.corpus), args.n))
    profile(nlp, coder, articles[:20], args.batch_size)  # warm-up: lazy indexes, caches
    secs = profile(nlp, coder, articles, args.batch_size)
    total = sum(secs.values())
    if args.json:
        print(json.dumps({"n": len(articles), "seconds": {k: round(v, 3) for k, v in secs.items()},
                          "total": round(total, 3)}))
        return 0
    print(f"{len(articles)} stories, {total:.2f} s in all")
    for k, v in secs.items():
        print(f"{k:28s} {v:7.2f} s  {v / total:6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
