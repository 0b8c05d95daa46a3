"""Benchmark: `polevent serve` under load, on loopback only.

    .venv/bin/python bench/load.py [--articles 2000] [--requests 3000] [--concurrency 20] [--seconds 20]
                                   [--degenerate 8000] [--no-code] [--json]

Builds a temporary store of made-up coded articles (no spaCy: hand-made records, several events each,
over 20 countries and five years), starts `polevent serve` on it at 127.0.0.1 on a free port (a real
server process), and for each endpoint sends ``--requests`` GETs (at most ``--seconds`` seconds) over
``--concurrency`` keep-alive connections, reporting requests/s, p50, p99 and errors. The server keeps
the results of common reads until the store changes, so a repeated URL measures mostly the server
itself; ``offset={n}`` (a different offset each request) measures DuckDB reads as well. Then, unless
``--no-code``, it posts one ordinary article (loading the model), starts one POST /api/code of
``--degenerate`` characters of ``$`` and measures GET /api/events during it. Prints the machine's
load average before and after: the figures depend on what else runs. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from polevent.model import Actor, Article, Cameo, CodedArticle, Event, Evidence, Location, Plover
from polevent.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ["KAZ", "TJK", "UZB", "KGZ", "TUR", "AZE", "JPN", "IND", "BRA", "ARG", "FRA", "DEU", "RUS", "UKR",
             "CHL", "PER", "EST", "LVA", "POL", "LTU"]
ACTS = [(Cameo("057", "05", "Sign formal agreement", 8.0, 1), "AGREE", "signed"),
        (Cameo("036", "03", "Express intent to meet or negotiate", 4.0, 1), "CONSULT", "will meet"),
        (Cameo("111", "11", "Criticize or denounce", -2.0, 3), "DISAPPROVE", "criticized"),
        (Cameo("190", "19", "Use conventional military force", -10.0, 4), "FIGHT", "shelled"),
        (Cameo("061", "06", "Cooperate economically", 6.4, 2), "COOPERATE", "expanded trade with")]


def demo_article(i: int) -> CodedArticle:
    """Made-up article ``i`` with three events between two of COUNTRIES."""
    day = dt.date(2020, 1, 1) + dt.timedelta(days=(i * 7) % 1800)
    a_code, b_code = COUNTRIES[i % 20], COUNTRIES[(i * 7 + 3) % 20]
    if a_code == b_code:
        b_code = COUNTRIES[(i + 1) % 20]
    sentences = [f"Officials of {a_code} and {b_code} met in round {i} of talks.",
                 f"{a_code} {ACTS[i % 5][2]} {b_code} on day {i}.", f"{b_code} {ACTS[(i + 2) % 5][2]} {a_code}."]
    text = " ".join(sentences)
    art = Article(id=Article.content_id(day, text), date=day, text=text, title=f"Demo article {i}", source="demo")
    events = []
    for n, (src, tgt, act) in enumerate([(a_code, b_code, ACTS[1]), (a_code, b_code, ACTS[i % 5]),
                                         (b_code, a_code, ACTS[(i + 2) % 5])]):
        sentence = sentences[n]
        start = text.index(sentence)
        events.append(Event(
            event_id=f"{art.id[:12]}-{n}", article_id=art.id, date=day.isoformat(), date_precision="day",
            article_date=day.isoformat(), source=Actor(text=src, name=src, country=src, sector="GOV",
                                                       kind="state", code=f"{src}GOV"),
            target=Actor(text=tgt, name=tgt, country=tgt, kind="state", code=tgt), cameo=act[0],
            plover=Plover(type=act[1], context=["diplomatic"]), modality="asserted",
            location=Location("Capital", src, lat=10.0 + i % 50, lon=20.0 + i % 90) if n == 1 else None,
            evidence=Evidence(sentence=sentence, sentence_index=n, start=start, end=start + len(sentence),
                              trigger=act[2]), rule="demo", confidence=0.9, reciprocal=False))
    return CodedArticle(article=art, events=events)


def build_store(path: Path, n: int) -> None:
    with Store(path) as store:
        for start in range(0, n, 500):
            store.add_many([demo_article(i) for i in range(start, min(n, start + 500))], model="demo")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _request(reader, writer, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
    if body:
        head += "Content-Type: application/json\r\n"
    writer.write(head.encode() + b"\r\n" + body)
    await writer.drain()
    status_line = await reader.readline()
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    payload = await reader.readexactly(length) if length else b""
    return int(status_line.split()[1]), payload


async def load(port: int, path: str, requests: int, concurrency: int, seconds: float,
               stop: asyncio.Event | None = None) -> dict:
    """``requests`` GETs of ``path`` (or until ``seconds`` pass, or ``stop`` is set) on keep-alive connections."""
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.perf_counter() + seconds

    async def worker():
        nonlocal errors, sent
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while sent < requests and time.perf_counter() < deadline and not (stop and stop.is_set()):
                sent += 1
                t = time.perf_counter()
                try:
                    status, _ = await _request(reader, writer, "GET", path.replace("{n}", str(sent * 37 % 5950)))
                except (ConnectionError, asyncio.IncompleteReadError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    continue
                latencies.append(time.perf_counter() - t)
                errors += status != 200
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - t0
    latencies.sort()

    def pct(p: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else 0.0

    return {"path": path, "requests": len(latencies), "errors": errors, "seconds": round(elapsed, 2),
            "rps": round(len(latencies) / elapsed, 1), "p50_ms": pct(0.50), "p99_ms": pct(0.99),
            "max_ms": round(1000 * latencies[-1], 1) if latencies else 0.0}


async def post(port: int, body: dict, timeout: float) -> tuple[int, float, str]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    t = time.perf_counter()
    try:
        status, payload = await asyncio.wait_for(
            _request(reader, writer, "POST", "/api/code", json.dumps(body).encode()), timeout)
    finally:
        writer.close()
    detail = json.loads(payload).get("detail", "") if status != 200 else ""
    return status, time.perf_counter() - t, detail


async def during_post(port: int, chars: int, requests: int, concurrency: int, seconds: float) -> dict:
    """GET /api/events load while one degenerate POST /api/code runs (the GETs stop when it is answered)."""
    stop = asyncio.Event()
    body = {"date": "2024-01-02", "text": "$" * chars}

    async def the_post():
        try:
            return await post(port, body, seconds + 60)
        finally:
            stop.set()

    posting = asyncio.create_task(the_post())
    await asyncio.sleep(0.2)  # the POST is in the pool
    gets = await load(port, "/api/events?limit=50", requests, concurrency, seconds, stop)
    gets["post_running_after_gets"] = not posting.done()
    status, took, detail = await posting
    return {"gets": gets, "post_status": status, "post_seconds": round(took, 2), "post_detail": detail}


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped: {proc.stderr.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


# "{n}" is replaced by a different offset in each request: reads the server's cache cannot answer
ENDPOINTS = ["/api/events?limit=50", "/api/events?limit=50&dyad=KAZ-TJK", "/api/events?limit=50&offset={n}",
             "/api/actors", "/events", "/", "/api/events/{event_id}"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000, help="demo store size (3 events each)")
    ap.add_argument("--requests", type=int, default=3000, help="GETs per endpoint (at most)")
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=20.0, help="longest phase")
    ap.add_argument("--degenerate", type=int, default=8000, help="characters of '$' in the slow POST")
    ap.add_argument("--code-timeout", type=float, default=30.0, help="the server's --code-timeout")
    ap.add_argument("--no-code", action="store_true", help="skip the POST /api/code phase (no model load)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="polevent-load-") as tmp:
        db = Path(tmp) / "demo.duckdb"
        build_store(db, args.articles)
        port = free_port()
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        cmd = [sys.executable, "-c", "import sys; from polevent.cli import main; sys.exit(main())", "serve",
               "--db", str(db), "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
               "--code-timeout", str(args.code_timeout)]
        server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        result = {"cpus": os.cpu_count(), "load_before": [round(x, 2) for x in os.getloadavg()],
                  "articles": args.articles, "concurrency": args.concurrency}
        try:
            wait_ready(port, server)
            asyncio.run(load(port, ENDPOINTS[0], 200, args.concurrency, 5))  # warm-up
            event_id = demo_article(7).events[1].event_id
            result["endpoints"] = [asyncio.run(load(port, p.replace("{event_id}", event_id), args.requests,
                                                    args.concurrency, args.seconds)) for p in ENDPOINTS]
            if not args.no_code:
                ok = asyncio.run(post(port, {"date": "2024-01-02", "text": "Chile thanked Peru for the aid."},
                                      300))
                result["first_post"] = {"status": ok[0], "seconds": round(ok[1], 2)}
                result["during_degenerate_post"] = asyncio.run(
                    during_post(port, args.degenerate, args.requests, args.concurrency, args.seconds))
        finally:
            server.terminate()
            server.wait(30)
        result["load_after"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"{result['cpus']} CPUs, load average before {result['load_before']}, after {result['load_after']}; "
          f"store of {args.articles} articles ({3 * args.articles} events); concurrency {args.concurrency}")
    print(f"{'endpoint':40s} {'requests':>8s} {'errors':>6s} {'req/s':>7s} {'p50 ms':>7s} {'p99 ms':>7s}")
    for r in result["endpoints"]:
        print(f"{r['path']:40s} {r['requests']:8d} {r['errors']:6d} {r['rps']:7.1f} {r['p50_ms']:7.1f} "
              f"{r['p99_ms']:7.1f}")
    if "during_degenerate_post" in result:
        d = result["during_degenerate_post"]
        g = d["gets"]
        print(f"first POST /api/code (model load): {result['first_post']['status']} in "
              f"{result['first_post']['seconds']} s")
        print(f"during POST /api/code of {args.degenerate} x '$' (answered {d['post_status']} in "
              f"{d['post_seconds']} s{': ' + d['post_detail'] if d['post_detail'] else ''}): "
              f"GET /api/events?limit=50 {g['requests']} requests, {g['errors']} errors, {g['rps']} req/s, "
              f"p50 {g['p50_ms']} ms, p99 {g['p99_ms']} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
