"""POST alerts to a webhook from a background thread, so a slow or dead receiver never holds up coding.

Each alert is one POST of its JSON object (Content-Type application/json), with the Fetcher's timeout
and bounded retries with back-off. The queue is bounded: when the receiver cannot keep up, further
alerts are dropped (and counted) rather than kept in memory without limit. A failed or dropped alert
is reported as one line (``[E011]``); it is still in the alert output (``--alert-out``).
"""
from __future__ import annotations

import json
import queue
import threading
import time
from typing import Any, Callable

from ..errors import AlertError
from .fetch import Fetcher

_STOP = object()


class Webhook:
    def __init__(self, url: str, fetcher: Fetcher, report: Callable[[str], None], max_queue: int = 1000):
        self.url, self.fetcher, self.report = url, fetcher, report
        self.queue: queue.Queue = queue.Queue(maxsize=max_queue)
        self.sent = self.failed = self.dropped = 0
        self.thread = threading.Thread(target=self._run, name="polevent-webhook", daemon=True)
        self.thread.start()

    def post(self, alert: dict[str, Any]) -> None:
        """Queue one alert; never waits."""
        try:
            self.queue.put_nowait(json.dumps(alert, ensure_ascii=False).encode("utf-8"))
        except queue.Full:
            self.dropped += 1
            self.report(str(AlertError(f"{self.url}: webhook queue full, alert for event "
                                       f"{alert.get('event', {}).get('event_id')} dropped")))

    def _run(self) -> None:
        while True:
            body = self.queue.get()
            try:
                if body is _STOP:
                    return
                self.fetcher.post_json(self.url, body, error=AlertError)
                self.sent += 1
            except AlertError as err:
                self.failed += 1
                self.report(str(err))
            except Exception as exc:  # the thread must outlive any one alert
                self.failed += 1
                self.report(str(AlertError(f"{self.url}: {exc.__class__.__name__}: {exc}")))
            finally:
                self.queue.task_done()

    def close(self, wait: float) -> None:
        """Send what is queued, waiting at most ``wait`` seconds, then stop the thread."""
        deadline = time.monotonic() + wait
        try:
            self.queue.put(_STOP, timeout=max(0.0, wait))
        except queue.Full:
            pass
        self.thread.join(max(0.0, deadline - time.monotonic()))
        if self.thread.is_alive():
            left = self.queue.qsize()
            self.report(str(AlertError(f"{self.url}: {left} alert(s) not sent before exit")))
