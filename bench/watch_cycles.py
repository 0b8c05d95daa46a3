"""Benchmark: `polevent watch` cycles against a feed served on 127.0.0.1 (stories of our own).

    .venv/bin/python bench/watch_cycles.py [-n 60] [--new 10]

Cycle 1 codes a feed of N items (an RSS 2.0 feed, half the items with a summary only, as HTML);
cycle 2 reads the same feed again (nothing new); then --new items are added and cycle 3 codes only
those. Prints per cycle: items read and stored, mentions, seconds, and the seconds of a cycle with
nothing new. Each cycle is a fresh Watcher over the same store (a restart). Not part of the tests.
"""
import argparse
import datetime as dt
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from polevent import nlp as nlp_mod
from polevent.pipeline.coder import Coder
from polevent.resources import Resources
from polevent.watch.fetch import Fetcher
from polevent.watch.loop import Watcher
from polevent.watch.sources import parse_sources

PAIRS = [("Kazakhstan", "Tajikistan", "Astana"), ("Uzbekistan", "Kyrgyzstan", "Tashkent"),
         ("Armenia", "Georgia", "Yerevan"), ("Turkey", "Azerbaijan", "Ankara"), ("Japan", "India", "Tokyo")]
ACTS = ["signed an agreement on trade", "held talks on energy cooperation", "agreed to expand direct flights",
        "discussed border security"]


def item(i: int) -> str:
    a, b, city = PAIRS[i % len(PAIRS)]
    day = dt.date(2026, 6, 1) + dt.timedelta(days=i % 150)
    text = f"&lt;p&gt;{a} and {b} {ACTS[i % len(ACTS)]} in {city} on {day:%A}.&lt;/p&gt;"
    return (f"<item><guid>bench-{i}</guid><title>Story {i}</title><link>http://127.0.0.1/s/{i}</link>"
            f"<pubDate>{day:%a, %d %b %Y} 08:00:00 +0000</pubDate><description>{text}</description></item>")


def serve(state: dict) -> ThreadingHTTPServer:
    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench Desk</title>'
                    f'{"".join(item(i) for i in range(state["n"]))}</channel></rss>').encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=60)
    ap.add_argument("--new", type=int, default=10)
    args = ap.parse_args()
    state = {"n": args.n}
    srv = serve(state)
    url = f"http://127.0.0.1:{srv.server_address[1]}/feed.xml"
    coder = Coder(nlp_mod.load(), Resources.load())
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        for n in (1, 2, 3):
            if n == 3:
                state["n"] = args.n + args.new
            fetcher = Fetcher(timeout=10)
            t0 = time.perf_counter()
            res = Watcher(db, parse_sources([url], fetcher, dt.date.today), coder).cycle()
            secs = time.perf_counter() - t0
            fetcher.close()
            print(f"cycle {n}: feed of {state['n']} items: read {res.total('read')} new, stored "
                  f"{res.total('stored')} ({res.total('events')} mentions), {res.total('skipped')} already stored, "
                  f"{secs:.2f} s")
    srv.shutdown()


if __name__ == "__main__":
    main()
