"""HTTP for ``polevent watch``: a GET or POST with timeouts, a size cap, bounded retries with back-off,
and never more than one request at a time to a host (feeds and webhook posts share one ``HostGate``).

Retried: connection failures, timeouts, HTTP 429 and 5xx. Not retried: other 4xx (the request is wrong).
Every failure ends as one ``SourceError`` (or the caller's error class) naming the URL and the reason.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

import httpx

from .. import __version__
from ..errors import PoleventError, SourceError

USER_AGENT = f"polevent/{__version__} (watch)"
RETRY_STATUS = {429, 500, 502, 503, 504}


class HostGate:
    """One lock per host: a request to a host waits for the one before it to finish."""

    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def lock(self, url: str) -> threading.Lock:
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:  # a malformed URL: the request itself will say so
            host = ""
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class _Failed(Exception):
    def __init__(self, reason: str, retry: bool):
        super().__init__(reason)
        self.reason, self.retry = reason, retry


@dataclass
class Fetcher:
    """``timeout``: seconds for the whole request (connect, send, every read, and in total);
    ``retries``: extra attempts after a retryable failure, waiting ``backoff`` x 1, 2, 4 ... seconds."""

    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0
    max_bytes: int = 20_000_000
    gate: HostGate = field(default_factory=HostGate)
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        self.client = httpx.Client(timeout=httpx.Timeout(self.timeout), follow_redirects=True,
                                   headers={"User-Agent": USER_AGENT}, trust_env=False)

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        return self.request("GET", url, headers=headers)

    def post_json(self, url: str, body: bytes, error: type[PoleventError] = SourceError) -> Response:
        return self.request("POST", url, content=body, headers={"Content-Type": "application/json"}, error=error)

    def request(self, method: str, url: str, content: bytes | None = None, headers: dict[str, str] | None = None,
                error: type[PoleventError] = SourceError) -> Response:
        attempts = 1 + max(0, self.retries)
        for attempt in range(attempts):
            try:
                with self.gate.lock(url):
                    return self._once(method, url, content, headers or {})
            except _Failed as failed:
                if not failed.retry or attempt == attempts - 1:
                    tries = f" ({attempt + 1} attempts)" if attempt else ""
                    raise error(f"{url}: {failed.reason}{tries}") from None
            self.sleep(self.backoff * 2 ** attempt)
        raise AssertionError("unreachable")

    def _once(self, method: str, url: str, content: bytes | None, headers: dict[str, str]) -> Response:
        deadline = time.monotonic() + self.timeout
        try:
            with self.client.stream(method, url, content=content, headers=headers) as r:
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise _Failed(f"response larger than {self.max_bytes} bytes", retry=False)
                    if time.monotonic() > deadline:
                        raise _Failed(f"timed out after {self.timeout:g} s", retry=True)
                    chunks.append(chunk)
                status, got = r.status_code, {k.lower(): v for k, v in r.headers.items()}
        except httpx.TimeoutException:
            raise _Failed(f"timed out after {self.timeout:g} s", retry=True) from None
        except httpx.InvalidURL as exc:
            raise _Failed(f"invalid URL ({exc})", retry=False) from None
        except httpx.HTTPError as exc:
            reason = " ".join(str(exc).split()) or exc.__class__.__name__
            raise _Failed(f"cannot connect ({reason})", retry=True) from None
        if status in RETRY_STATUS:
            raise _Failed(f"HTTP {status}", retry=True)
        if status >= 400:
            raise _Failed(f"HTTP {status}", retry=False)
        return Response(status, b"".join(chunks), got)
