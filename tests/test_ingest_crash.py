"""Killing `polevent ingest` mid-way and running it again stores every article exactly once.

A real kill: the command runs as a subprocess with --progress (a line per second on the pipe),
is sent SIGKILL once its first articles are committed, and is then run again to completion. The
result must equal a store built in one uninterrupted run.
"""
import datetime as dt
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

from polevent.io.readers import read_paths
from polevent.runner import ingest
from polevent.store.db import Store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
N_ARTICLES = 160  # five commit batches of 32
PAIRS = [("Kazakhstan", "Tajikistan", "Astana"), ("Uzbekistan", "Kyrgyzstan", "Tashkent"),
         ("Turkey", "Azerbaijan", "Ankara"), ("Japan", "India", "Tokyo"), ("Brazil", "Argentina", "Brasilia"),
         ("France", "Germany", "Paris")]
ACTS = ["signed an agreement on trade", "held talks on energy cooperation", "agreed to expand direct flights",
        "discussed border security"]


def write_articles(folder: Path, n: int) -> None:
    folder.mkdir()
    start = dt.date(2022, 1, 3)
    for i in range(n):
        a, b, city = PAIRS[i % len(PAIRS)]
        act = ACTS[(i // len(PAIRS)) % len(ACTS)]
        day = start + dt.timedelta(days=i)
        (folder / f"{i:04d}.txt").write_text(
            f"date {day.isoformat()}\n{a} and {b} {act} in {city} on {day:%A}.\n\n"
            f"Officials from both governments said more meetings would follow.\n", encoding="utf-8")


def polevent(*args: str) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return [sys.executable, "-c", "import sys; from polevent.cli import main; sys.exit(main())", *args], env


def snapshot(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    q = lambda sql: con.execute(sql).fetchall()
    snap = {
        "counts": {t: q(f"SELECT count(*) FROM {t}")[0][0]
                   for t in ("articles", "events", "quantities", "agreements", "event_clusters", "cluster_members")},
        "distinct": {"articles": q("SELECT count(DISTINCT id) FROM articles")[0][0],
                     "events": q("SELECT count(DISTINCT event_id) FROM events")[0][0],
                     "members": q("SELECT count(DISTINCT event_id) FROM cluster_members")[0][0]},
        "articles": q("SELECT id FROM articles ORDER BY id"),
        "events": q("SELECT list(event_id ORDER BY event_id) ids FROM cluster_members "
                    "GROUP BY cluster_id ORDER BY ids"),
    }
    con.close()
    return snap


def kill_after_first_commits(cmd, env) -> int:
    """Run ``cmd`` with --progress and SIGKILL it once a progress line shows a stored article."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(300, proc.kill)
    watchdog.start()
    stored = 0
    try:
        for line in proc.stderr:
            m = re.search(r", (\d+) stored", line)
            if m and int(m.group(1)) >= 1:
                stored = int(m.group(1))
                os.kill(proc.pid, signal.SIGKILL)
                break
    finally:
        proc.wait()
        watchdog.cancel()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    return stored


def test_killed_ingest_then_rerun_stores_each_article_once(tmp_path, coder):
    folder, db = tmp_path / "articles", tmp_path / "killed.duckdb"
    write_articles(folder, N_ARTICLES)

    cmd, env = polevent("ingest", str(folder), "--db", str(db), "--progress")
    seen = kill_after_first_commits(cmd, env)
    partial = snapshot(db)
    assert seen >= 1 and seen <= partial["counts"]["articles"] < N_ARTICLES
    assert partial["distinct"]["articles"] == partial["counts"]["articles"]
    # every stored article is whole: its events are all clustered (same transaction)
    assert partial["counts"]["cluster_members"] == partial["counts"]["events"]

    cmd, env = polevent("ingest", str(folder), "--db", str(db))
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{partial['counts']['articles']} already stored" in done.stderr

    reference = tmp_path / "reference.duckdb"
    with Store(reference) as s:
        ingest(read_paths([folder]), coder, s, lambda err: pytest.fail(str(err)))
    after, want = snapshot(db), snapshot(reference)
    assert after["counts"]["articles"] == N_ARTICLES
    assert after == want
    assert after["distinct"] == {"articles": N_ARTICLES, "events": after["counts"]["events"],
                                 "members": after["counts"]["events"]}
