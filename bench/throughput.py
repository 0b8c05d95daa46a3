"""Benchmark: polevent end to end vs spaCy's parse alone, same texts, same model, same batch size.

    .venv/bin/python bench/throughput.py [-n 500] [--batch-size 32] [--workers 2] [--json]
    .venv/bin/python bench/throughput.py --scale 200   # N and 10N, each in a fresh process

Same as `polevent bench`. ``--scale N`` checks that memory stays flat when the input grows tenfold:
it runs the benchmark on N and on 10N stories, each in its own process (so neither inherits the
other's peak), and prints both peaks and the growth. Not part of the test suite's pass/fail.
"""
import json
import subprocess
import sys

from polevent.cli import main


def scale(n: int, extra: list[str]) -> int:
    rows = []
    for size in (n, 10 * n):
        out = subprocess.run([sys.executable, __file__, "-n", str(size), "--json", *extra], capture_output=True,
                             text=True, check=True).stdout
        rows.append(json.loads(out))
    for r in rows:
        print(f"N={r['n']:6d}  peak RSS {r['peak_rss_mb']:7.1f} MB  (RSS {r['rss_early_mb']:7.1f} MB after a tenth, "
              f"{r['rss_late_mb']:7.1f} MB at the end)  ratio {r['ratio']:.3f}  {r['articles_per_s']:.2f} articles/s")
    print(f"peak RSS growth for 10x N: {rows[1]['peak_rss_mb'] / rows[0]['peak_rss_mb']:.3f}x")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--scale"]:
        sys.exit(scale(int(args[1]) if len(args) > 1 else 200, args[2:]))
    sys.exit(main(["bench", *args]))
