"""Benchmark: polevent end to end vs spaCy's parse alone, same texts, same model, same batch size.

    .venv/bin/python bench/throughput.py [-n 500] [--batch-size 32] [--json]
    .venv/bin/python bench/throughput.py --scale 200   # peak RSS at N and 10N (separate processes)

Same as `polevent bench`. Prints figures; it is not part of the test suite's pass/fail.
"""
import json
import subprocess
import sys

from polevent.cli import main

if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--scale"]:
        n = int(args[1]) if len(args) > 1 else 200
        rows = []
        for size in (n, 10 * n):
            out = subprocess.run([sys.executable, __file__, "-n", str(size), "--json"], capture_output=True,
                                 text=True, check=True).stdout
            rows.append(json.loads(out))
        for r in rows:
            print(f"N={r['n']:6d}  peak RSS {r['peak_rss_mb']:8.1f} MB  ratio {r['ratio']:.3f}  "
                  f"{r['articles_per_s']:.2f} articles/s")
        print(f"peak RSS growth for 10x N: {rows[1]['peak_rss_mb'] / rows[0]['peak_rss_mb']:.3f}x")
        sys.exit(0)
    sys.exit(main(["bench", *args]))
