"""Killing `polevent watch` mid-cycle and starting it again: nothing lost, nothing stored twice.

A real kill: the watch runs as a subprocess over a feed served on 127.0.0.1 and a JSON Lines file,
is sent SIGKILL once its first batch is committed, and is then run again. The store must equal the
one an uninterrupted watch builds, and the second run must code only what the first did not store.
"""
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from feedserver import Route, rss
from polevent.watch.fetch import Fetcher
from polevent.watch.loop import Watcher
from polevent.watch.sources import parse_sources

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PAIRS = [("Kazakhstan", "Tajikistan", "Astana"), ("Uzbekistan", "Kyrgyzstan", "Tashkent"),
         ("Turkey", "Azerbaijan", "Ankara"), ("Japan", "India", "Tokyo"), ("Brazil", "Argentina", "Brasilia")]
ACTS = ["signed an agreement on trade", "held talks on energy cooperation", "agreed to expand direct flights",
        "discussed border security"]


def story(i: int) -> tuple[str, str]:
    a, b, city = PAIRS[i % len(PAIRS)]
    day = dt.date(2026, 1, 5) + dt.timedelta(days=i)
    return day.isoformat(), (f"{a} and {b} {ACTS[(i // len(PAIRS)) % len(ACTS)]} in {city} on {day:%A}. "
                             f"Officials from both governments said more meetings would follow.")


def sources(tmp_path, server, n_feed=40, n_lines=120):
    items = []
    for i in range(n_feed):
        day, text = story(i)
        stamp = dt.datetime.fromisoformat(day).strftime("%a, %d %b %Y 08:00:00 +0000")
        items.append({"guid": f"desk-{i}", "link": f"http://127.0.0.1/desk/{i}", "date": stamp, "description": text})
    server.routes["/desk.xml"] = Route(rss(items, title="Caspian Desk"), "application/rss+xml")
    wire = tmp_path / "wire.jsonl"
    with wire.open("w", encoding="utf-8") as fh:
        for i in range(n_feed, n_feed + n_lines):
            day, text = story(i)
            fh.write(json.dumps({"date": day, "text": text}) + "\n")
    return [server.url("/desk.xml"), str(wire)]


def snapshot(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    snap = {"counts": {t: q(f"SELECT count(*) FROM {t}")[0][0]
                       for t in ("articles", "events", "event_clusters", "cluster_members")},
            "articles": q("SELECT id, url FROM articles ORDER BY id"),
            "events": q("SELECT list(event_id ORDER BY event_id) ids FROM cluster_members "
                        "GROUP BY cluster_id ORDER BY ids")}
    con.close()
    return snap


def stored(db: Path) -> int:
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return 0  # not created yet, or the watch holds it for a moment
    try:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except duckdb.Error:
        return 0
    finally:
        con.close()


def watch_cmd(srcs, db):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return [sys.executable, "-c", "import sys; from polevent.cli import main; sys.exit(main())", "watch", *srcs,
            "--db", str(db), "--once"], env


def test_killed_watch_resumes_with_nothing_lost_and_nothing_twice(tmp_path, server, coder):
    srcs = sources(tmp_path, server)
    db = tmp_path / "killed.duckdb"
    cmd, env = watch_cmd(srcs, db)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    try:
        while proc.poll() is None and time.monotonic() < deadline and stored(db) < 1:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the watch finished before it could be killed"
    partial = snapshot(db)
    assert 1 <= partial["counts"]["articles"] < 160
    assert partial["counts"]["cluster_members"] == partial["counts"]["events"]  # whole articles only

    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    left = 160 - partial["counts"]["articles"]
    assert f"stored {left} (" in done.stderr  # only what the killed run had not stored
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert "read 0 new items: stored 0" in again.stderr

    reference = tmp_path / "reference.duckdb"
    fetcher = Fetcher(timeout=5)
    Watcher(reference, parse_sources(srcs, fetcher, dt.date.today), coder).cycle()
    fetcher.close()
    after, want = snapshot(db), snapshot(reference)
    assert after["counts"]["articles"] == 160 and after == want
