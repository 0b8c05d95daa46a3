"""A feed server and a webhook receiver on 127.0.0.1 inside the test process (nothing leaves the machine),
and feeds of our own writing (``atom``, ``rss``). The ``server`` fixture is in conftest.py.

``server.routes[path] = Route(body, content_type, delay, status)``: what a GET of ``path`` answers; a
``delay`` longer than the client's timeout makes a slow feed. POSTs are recorded in ``server.posts``;
``server.fail_posts = n`` answers the next n POSTs with 503. ``server.requests`` lists (method, path).
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes
    content_type: str = "application/xml"
    delay: float = 0.0
    status: int = 200


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def _track(self):
        srv = self.server
        with srv.lock:
            srv.active += 1
            srv.max_active = max(srv.max_active, srv.active)
            srv.requests.append((self.command, self.path))

    def _done(self):
        with self.server.lock:
            self.server.active -= 1

    def do_GET(self):
        self._track()
        try:
            route = self.server.routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.delay:
                self.server.stopping.wait(route.delay)
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self._done()

    def do_POST(self):
        self._track()
        try:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with self.server.lock:
                fail = self.server.fail_posts > 0
                if fail:
                    self.server.fail_posts -= 1
                else:
                    self.server.posts.append(json.loads(body))
            self.send_response(503 if fail else 204)
            self.send_header("Content-Length", "0")
            self.end_headers()
        finally:
            self._done()


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.posts: list = []
        self.requests: list = []
        self.fail_posts = 0
        self.active = self.max_active = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


def atom(entries: list[dict], title: str = "Steppe Ledger") -> bytes:
    """An Atom 1.0 feed of our own: entries with id, title, link, updated, and summary or content."""
    parts = []
    for e in entries:
        body = (f'<content type="html">{e["content"]}</content>' if "content" in e
                else f'<summary type="html">{e["summary"]}</summary>' if "summary" in e else "")
        parts.append(f'<entry><id>{e["id"]}</id><title>{e.get("title", "")}</title>'
                     f'<link href="{e["link"]}"/><updated>{e.get("updated", "2026-11-30T08:00:00Z")}</updated>'
                     f'{body}</entry>')
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f'<title>{title}</title><id>urn:steppe-ledger</id><updated>2026-11-30T08:00:00Z</updated>'
            f'{"".join(parts)}</feed>').encode("utf-8")


def rss(items: list[dict], title: str = "Pamir Courier") -> bytes:
    """An RSS 2.0 feed of our own: items with guid (optional), title, link, pubDate (optional), description."""
    parts = []
    for i in items:
        guid = f'<guid isPermaLink="false">{i["guid"]}</guid>' if "guid" in i else ""
        date = f'<pubDate>{i["date"]}</pubDate>' if "date" in i else ""
        parts.append(f'<item>{guid}<title>{i.get("title", "")}</title><link>{i["link"]}</link>{date}'
                     f'<description>{i["description"]}</description></item>')
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f'<link>http://127.0.0.1/</link><description>test feed</description>{"".join(parts)}'
            f'</channel></rss>').encode("utf-8")
