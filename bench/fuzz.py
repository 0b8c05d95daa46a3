"""Long fuzz run (issue 13): hostile JSON Lines and CSV batches through the readers, the coder and the store.

    .venv/bin/python bench/fuzz.py [--inputs 10000] [--batch 50] [--real 200] [--seed 13]

Generates ``--inputs`` records (tests/fuzzgen.py: valid ones mixed with broken dates, fields, bytes,
JSON, CSV rows, repeated ids, lone surrogates, random Unicode, control characters and huge tokens)
in files of ``--batch`` records, alternating JSON Lines and CSV, and ingests each file into a fresh
store with the Coder on spaCy's blank English pipeline (tokenizer, batching, guard, chunking, store
path); the first ``--real`` records also go through the default trained pipeline. Reports internal
errors (anything raised), hangs (a file over 60 s), lost valid records, records stored twice and
wrong report lines. Not part of the test suite's pass/fail.
"""
import argparse
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzzgen import batch  # noqa: E402
from tests.test_fuzz import cheap_coder, ingest_bytes  # noqa: E402

from polevent.errors import InputWarning  # noqa: E402

HANG_SECONDS = 60.0


def run(coder, rng: random.Random, total: int, size: int, label: str) -> dict:
    stats = {"inputs": 0, "files": 0, "valid": 0, "rejected": 0, "warned": 0, "internal_errors": 0, "hangs": 0,
             "lost_valid": 0, "stored_twice": 0, "wrong_lines": 0, "seconds": 0.0}
    t_all = time.perf_counter()
    while stats["inputs"] < total:
        n = min(size, total - stats["inputs"])
        fmt = "jsonl" if stats["files"] % 2 == 0 else "csv"
        data, exp = batch(rng, n, fmt)
        stats["inputs"] += n
        stats["files"] += 1
        stats["valid"] += exp.valid
        t0 = time.perf_counter()
        try:
            _, reported, ids = ingest_bytes(coder, data, fmt)
        except Exception:  # noqa: BLE001 - what we count
            stats["internal_errors"] += 1
            traceback.print_exc(limit=3)
            continue
        if time.perf_counter() - t0 > HANG_SECONDS:
            stats["hangs"] += 1
        rejected = [int(e.where.rsplit(":", 1)[1]) for e in reported if not isinstance(e, InputWarning)]
        warned = [int(e.where.rsplit(":", 1)[1]) for e in reported if isinstance(e, InputWarning)]
        stats["rejected"] += len(rejected)
        stats["warned"] += len(warned)
        stats["lost_valid"] += len(exp.stored - set(ids))
        stats["stored_twice"] += len(ids) - len(set(ids))
        stats["wrong_lines"] += (rejected != exp.rejected) + (warned != exp.warned) + len(set(ids) - exp.stored)
    stats["seconds"] = round(time.perf_counter() - t_all, 1)
    print(label, stats, flush=True)
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--real", type=int, default=200, help="records also coded with the trained pipeline")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    run(cheap_coder(), random.Random(args.seed), args.inputs, args.batch, "blank pipeline:")
    if args.real:
        from polevent import nlp as nlp_mod
        from polevent.pipeline.coder import Coder
        from polevent.resources import Resources

        real = Coder(nlp_mod.load(), Resources.load())
        run(real, random.Random(args.seed + 1), args.real, args.batch, "trained pipeline:")


if __name__ == "__main__":
    main()
