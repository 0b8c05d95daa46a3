"""Cost per character of degenerate text against ordinary news text, in one run (issue 13).

    .venv/bin/python bench/degenerate.py [--size 30000] [--repeat 3] [--before] [--long]

Codes one article of each kind with the default pipeline (parse and every stage, as ``polevent
code`` does) and prints seconds, microseconds per character and the ratio to news text of the
same size (Guardian articles of shared/corpus joined by blank lines); the best of ``--repeat``
runs. Targets: 30 kB of punctuation and 50 kB of ``$`` under 5 s each, every ratio at most 3.
``--before`` also times spaCy's own tokenizer (what polevent used before) on runs of ``$`` of
2k/4k/8k characters, to show the quadratic growth; ``--long`` also codes a 1.2 MB news article
(parsed in chunks). Not part of the test suite's pass/fail.
"""
import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from polevent import nlp as nlp_mod  # noqa: E402
from polevent.model import Article  # noqa: E402
from polevent.pipeline.coder import Coder  # noqa: E402
from polevent.resources import Resources  # noqa: E402
from tests.fuzzgen import text as fuzz_text  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "guardian_dev.jsonl"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus/guardian_dev.jsonl")


def news(size: int) -> str:
    texts = [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8")]
    out = "\n\n".join(texts)
    while len(out) < size:
        out += "\n\n" + out
    return out[:size]


def repeat_to(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def cases(size: int) -> list[tuple[str, str]]:
    rng = random.Random(13)
    fuzz = ""
    while len(fuzz) < size:
        fuzz += fuzz_text(rng) + " "
    amounts = "On 12 May 2023 trade rose 2.5% to $3.2bn, up from 1,200,000 tonnes in 2021-22"
    numbers = repeat_to(amounts + "; ", size)
    return [
        ("punctuation !?.,;: (no spaces)", repeat_to("!?.,;:", size)),
        ("$ x 50 kB (no spaces)", "$" * 50_000),
        ("punctuation with spaces", repeat_to("!?.,;: ", size)),
        ("$ with spaces", repeat_to("$ ", size)),
        ("letters, no spaces", "a" * size),
        ("a-a-a- (no spaces)", repeat_to("a-", size)),
        ("a-a-a- runs of 80, spaced", repeat_to("a-" * 40 + " ", size)),
        ("one word repeated, no full stop", repeat_to("troops ", size)),
        ("dates and amounts, one sentence", numbers),
        ("dates and amounts, sentences", repeat_to(amounts + ". ", size)),
        ("single letters with spaces", repeat_to("a ", size)),
        ("random Unicode and huge tokens", fuzz[:size]),
    ]


def seconds(coder: Coder, text: str, repeat: int) -> float:
    art = Article(id="bench", date=dt.date(2023, 5, 4), text=text)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        coder.code_one(art)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=30_000, help="characters per article (default 30000)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--before", action="store_true", help="also time spaCy's own tokenizer on runs of $")
    ap.add_argument("--long", action="store_true", help="also code a 1.2 MB news article (chunked)")
    args = ap.parse_args()
    coder = Coder(nlp_mod.load(), Resources.load())
    coder.code_one(Article(id="warm", date=dt.date(2023, 5, 4), text=news(3000)))  # lazy indexes
    base_text = news(args.size)
    base = seconds(coder, base_text, args.repeat)
    base_us = base / len(base_text) * 1e6
    print(f"{'article':34} {'chars':>9} {'seconds':>8} {'us/char':>8} {'ratio':>6}")
    print(f"{'news (Guardian, baseline)':34} {len(base_text):9,} {base:8.2f} {base_us:8.1f} {1.0:6.2f}")
    worst = 0.0
    for name, text in cases(args.size):
        s = seconds(coder, text, args.repeat)
        ratio = s / len(text) * 1e6 / base_us
        worst = max(worst, ratio)
        print(f"{name:34} {len(text):9,} {s:8.2f} {s / len(text) * 1e6:8.1f} {ratio:6.2f}")
    for size in (10_000, 100_000):
        text = repeat_to("!?.,;:", size)
        s = seconds(coder, text, 1)
        print(f"{'punctuation, ' + format(size, ',') + ' chars':34} {size:9,} {s:8.2f} {s / size * 1e6:8.1f} "
              f"{s / size * 1e6 / base_us:6.2f}")
    print(f"worst ratio to news: {worst:.2f} (target <= 3)")
    if args.long:
        text = news(1_200_000)
        s = seconds(coder, text, 1)
        print(f"{'news, 1.2 MB (chunked parse)':34} {len(text):9,} {s:8.2f} {s / len(text) * 1e6:8.1f} "
              f"{s / len(text) * 1e6 / base_us:6.2f}")
    if args.before:
        inner = coder.nlp.tokenizer.inner
        for n in (2000, 4000, 8000):
            t0 = time.perf_counter()
            inner("$" * n)
            print(f"spaCy's own tokenizer, {n:,} x $: {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
