"""The server under hostile requests: bounded numbers (422), JSON 500s with the security headers, and
POST /api/code coded off the request loop in a bounded pool (503 when full, 504 past the budget) while
reads go on. Live servers listen on 127.0.0.1 only."""
import asyncio
import contextlib
import socket
import threading
import time

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from polevent.api import create_app
from polevent.api.coding import CodingPool
from polevent.api.deps import Settings
from polevent.model import CodedArticle

from api_records import FakeCoder

HUGE = "99999999999999999999999"


@pytest.mark.parametrize("url", [
    f"/api/events?offset={HUGE}", f"/api/events?limit={HUGE}", f"/api/actors?offset={HUGE}",
    f"/api/actors?limit={HUGE}", f"/api/agreements?offset={HUGE}", "/api/events?offset=1000000001",
    "/api/events?offset=-1", f"/api/agreements?limit={HUGE}",
])
def test_out_of_range_numbers_are_422_json_with_csp(client, url):
    r = client.get(url)
    assert r.status_code == 422, r.text
    name = url.split("?")[1].split("=")[0]
    assert r.json()["detail"].startswith(f"query.{name}:")
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_largest_offset_allowed_answers_an_empty_page(client):
    r = client.get("/api/events?offset=1000000000")
    assert r.status_code == 200 and r.json()["items"] == [] and r.json()["next_offset"] is None


def test_out_of_range_page_is_an_html_422_with_csp(client):
    r = client.get(f"/events?page={HUGE}")
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "page" in r.text and "content-security-policy" in r.headers


def test_an_unexpected_error_is_a_json_500_with_csp(api_store, monkeypatch):
    def broken(con, flt):
        raise RuntimeError("secret detail /var/lib/polevent.duckdb")

    monkeypatch.setattr("polevent.api.queries.count_events", broken)
    with TestClient(create_app(api_store, coder=FakeCoder())) as c:
        r = c.get("/api/events")
    assert r.status_code == 500 and r.json() == {"detail": "internal error"}
    assert "content-security-policy" in r.headers


def test_store_errors_name_no_path(tmp_path):
    db = tmp_path / "not-a-store.duckdb"
    db.write_bytes(b"this is not a DuckDB file" * 100)
    with TestClient(create_app(db, coder=FakeCoder())) as c:
        for url in ("/api/events", "/"):
            r = c.get(url)
            assert r.status_code == 503 and str(tmp_path) not in r.text and "content-security-policy" in r.headers


class GatedCoder(FakeCoder):
    """Codes only once ``gate`` is set (a stand-in for a slow or stuck article)."""

    def __init__(self):
        super().__init__()
        self.gate, self.started = threading.Event(), threading.Event()

    def code_one(self, article):
        self.started.set()
        self.gate.wait(10)
        return super().code_one(article)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def live(app):
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


ARTICLE = {"date": "2024-01-02", "text": "Chile thanked Peru."}


def test_reads_go_on_while_an_article_is_coded_and_a_full_pool_is_503(api_store):
    coder = GatedCoder()
    app = create_app(api_store, coder=coder, settings=Settings(db=api_store, code_workers=1, code_queue=1))
    with live(app) as url, httpx.Client(base_url=url, timeout=20) as http:
        async def scenario():
            async with httpx.AsyncClient(base_url=url, timeout=20) as ac:
                first = asyncio.create_task(ac.post("/api/code", json=ARTICLE))
                await asyncio.to_thread(coder.started.wait, 10)
                queued = asyncio.create_task(ac.post("/api/code", json=ARTICLE))
                await asyncio.sleep(0.2)
                full = await ac.post("/api/code", json=ARTICLE)  # one coding, one waiting: no room
                reads = []
                for _ in range(10):
                    t = time.perf_counter()
                    r = await ac.get("/api/events?limit=5")
                    reads.append((r.status_code, time.perf_counter() - t))
                busy_while_reading = not first.done()
                coder.gate.set()
                return await first, await queued, full, reads, busy_while_reading

        first, queued, full, reads, busy = asyncio.run(scenario())
        assert busy, "the coder finished before the reads: the test did not overlap them"
        assert all(status == 200 for status, _ in reads)
        assert max(s for _, s in reads) < 2.0  # answered while the coder is held, not after it
        assert full.status_code == 503 and full.headers["retry-after"] == "5"
        assert "coding is busy" in full.json()["detail"] and "content-security-policy" in full.headers
        assert first.status_code == 200 and queued.status_code == 200
        assert http.post("/api/code", json=ARTICLE).status_code == 200  # slots are free again


def test_past_the_budget_the_request_gets_a_504(api_store):
    coder = GatedCoder()
    app = create_app(api_store, coder=coder, settings=Settings(db=api_store, code_timeout=0.3))
    app.state.coding = CodingPool.threads(coder, timeout=0.3, load_timeout=0)
    with TestClient(app) as c:
        r = c.post("/api/code", json=ARTICLE)
        coder.gate.set()
    assert r.status_code == 504 and "longer than 0.3 s" in r.json()["detail"]
    assert "content-security-policy" in r.headers


class SleepySpec:
    """A picklable coder recipe for the worker processes: articles containing 'stuck' never finish."""

    def load(self):
        return SleepyCoder()


class SleepyCoder(FakeCoder):
    def code_one(self, article):
        if "stuck" in article.text:
            time.sleep(60)
        return CodedArticle(article=article)


def test_a_stuck_worker_process_is_replaced(api_store):
    pool = CodingPool.processes(SleepySpec(), workers=1, queue=1, timeout=1.0, load_timeout=20.0)
    app = create_app(api_store, coder=FakeCoder())
    app.state.coding = pool
    with TestClient(app) as c:
        assert c.post("/api/code", json=ARTICLE).status_code == 200  # the worker has started
        t = time.perf_counter()
        r = c.post("/api/code", json={"date": "2024-01-02", "text": "Chile is stuck."})
        assert r.status_code == 504 and time.perf_counter() - t < 5
        again = c.post("/api/code", json=ARTICLE)  # on the process that replaced the stuck one
        assert again.status_code == 200 and again.json()["article"]["text"] == ARTICLE["text"]
        assert pool.restarts == 1


def test_one_stuck_worker_leaves_the_other_coding(api_store):
    pool = CodingPool.processes(SleepySpec(), workers=2, queue=0, timeout=1.5, load_timeout=20.0)
    app = create_app(api_store, coder=FakeCoder())
    app.state.coding = pool

    async def scenario():
        import httpx as hx
        transport = hx.ASGITransport(app=app)
        async with hx.AsyncClient(transport=transport, base_url="http://test") as ac:
            warm = await asyncio.gather(*(ac.post("/api/code", json=ARTICLE) for _ in range(2)))
            stuck = asyncio.create_task(ac.post("/api/code", json={"date": "2024-01-02", "text": "Peru is stuck."}))
            await asyncio.sleep(0.3)
            ok = await ac.post("/api/code", json=ARTICLE)  # the second worker codes it meanwhile
            return warm, ok, stuck.done(), await stuck

    try:
        warm, ok, stuck_done_before, stuck = asyncio.run(scenario())
    finally:
        pool.close()
    assert [r.status_code for r in warm] == [200, 200]
    assert ok.status_code == 200 and not stuck_done_before
    assert stuck.status_code == 504
