"""HTTP against a server on 127.0.0.1: timeouts, bounded retries, one request at a time per host."""
import threading
import time

import pytest

from feedserver import Route
from polevent.errors import AlertError, SourceError
from polevent.watch.fetch import Fetcher


def fetcher(**kw):
    waits = []
    return Fetcher(timeout=kw.pop("timeout", 0.3), backoff=0.01, sleep=waits.append, **kw), waits


def test_slow_feed_times_out_in_bounded_attempts(server):
    server.routes["/slow.xml"] = Route(b"<rss/>", delay=2.0)
    f, waits = fetcher(retries=1)
    t0 = time.monotonic()
    with pytest.raises(SourceError) as exc:
        f.get(server.url("/slow.xml"))
    assert time.monotonic() - t0 < 1.5
    assert str(exc.value) == f"[E010] {server.url('/slow.xml')}: timed out after 0.3 s (2 attempts)"
    assert waits == [0.01] and server.requests.count(("GET", "/slow.xml")) == 2


def test_server_error_is_retried_with_back_off_and_not_found_is_not(server):
    server.routes["/down.xml"] = Route(b"", status=503)
    f, waits = fetcher(retries=2)
    with pytest.raises(SourceError, match=r"HTTP 503 \(3 attempts\)"):
        f.get(server.url("/down.xml"))
    assert waits == [0.01, 0.02]
    with pytest.raises(SourceError, match=r"HTTP 404$"):
        f.get(server.url("/missing.xml"))
    assert server.requests.count(("GET", "/missing.xml")) == 1


def test_nothing_listening_is_one_error():
    f, _ = fetcher(retries=0)
    with pytest.raises(SourceError, match=r"127.0.0.1:9/f.xml: cannot connect"):
        f.get("http://127.0.0.1:9/f.xml")


def test_one_request_at_a_time_per_host(server):
    server.routes["/a.xml"] = Route(b"<rss/>", delay=0.1)
    f, _ = fetcher(timeout=30, retries=0)
    got = []
    threads = [threading.Thread(target=lambda: got.append(f.get(server.url("/a.xml")).body)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [b"<rss/>"] * 4 and server.requests.count(("GET", "/a.xml")) == 4
    assert server.max_active == 1


def test_post_uses_the_callers_error(server):
    server.fail_posts = 5
    f, _ = fetcher(retries=1)
    with pytest.raises(AlertError, match=r"HTTP 503 \(2 attempts\)"):
        f.post_json(server.url("/hook"), b"{}", error=AlertError)


def test_invalid_url_is_one_error_without_retry():
    f, waits = fetcher(retries=2)
    with pytest.raises(SourceError, match=r"invalid URL"):
        f.get("http://[::1/f.xml")
    assert waits == []
