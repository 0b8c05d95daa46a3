"""Time each pipeline stage on parsed stories (the parse itself is done once, before timing).

    .venv/bin/python bench/stages.py [-n 300] [--repeat 3] [--corpus CSV]

Prints seconds per stage for one pass over the stories (the mean of ``--repeat`` passes, after one
untimed pass that builds the stages' lazy indexes) and the parse time for comparison. A tool for
finding hot spots; not part of the test suite's pass/fail.
"""
import argparse
import collections
import time
from pathlib import Path

from polevent import nlp as nlp_mod
from polevent.bench import DEFAULT_CORPUS, stories
from polevent.pipeline.coder import Coder
from polevent.pipeline.state import ArticleState
from polevent.resources import Resources


def stage_seconds(coder: Coder, parsed: list, repeat: int) -> dict[str, float]:
    totals: collections.Counter = collections.Counter()
    for rep in range(repeat + 1):
        for doc, article in parsed:
            state = ArticleState(article=article, doc=doc, resources=coder.resources)
            for stage in coder.stages:
                t0 = time.perf_counter()
                stage(state)
                if rep:  # the first pass is a warm-up
                    totals[stage.name] += time.perf_counter() - t0
    return {name: s / repeat for name, s in totals.most_common()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()
    coder = Coder(nlp_mod.load(), Resources.load())
    articles = list(stories(args.corpus, args.n))
    t0 = time.perf_counter()
    docs = list(coder.nlp.pipe([a.text for a in articles], batch_size=coder.batch_size))
    parse = time.perf_counter() - t0
    timed = stage_seconds(coder, list(zip(docs, articles)), args.repeat)
    print(f"parse               {parse:7.3f} s  ({len(articles)} stories)")
    for name, seconds in timed.items():
        print(f"{name:18s}  {seconds:7.3f} s  {seconds / parse:6.1%} of the parse")
    total = sum(timed.values())
    print(f"{'all stages':18s}  {total:7.3f} s  {total / parse:6.1%} of the parse")


if __name__ == "__main__":
    main()
