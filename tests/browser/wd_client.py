"""A minimal W3C WebDriver client over HTTP (httpx) for Debian's chromedriver: enough to load pages, run a
script, click, and take full-page screenshots. No selenium needed."""
from __future__ import annotations

import base64
import socket
import subprocess
import time
from pathlib import Path

import httpx

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,900"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, timeout: float = 15.0, what: str = "condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError(f"timed out waiting for {what}")


class WebDriverError(Exception):
    pass


class Browser:
    """One chromedriver process and one Chromium session."""

    def __init__(self, chromedriver: str, chromium: str, profile: Path, shots: Path):
        port = free_port()
        self.proc = subprocess.Popen([chromedriver, f"--port={port}"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        self.shots = shots
        try:
            wait_for(self._ready, what="chromedriver")
            options = {"binary": chromium, "args": CHROMIUM_FLAGS + [f"--user-data-dir={profile}"]}
            caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}}}
            self.session = self._call("POST", "/session", caps)["sessionId"]
        except Exception:
            self.close()
            raise

    def _ready(self) -> bool:
        try:
            return self.http.get("/status").json()["value"]["ready"]
        except httpx.HTTPError:
            return False

    def _call(self, method: str, path: str, body: dict | None = None):
        r = self.http.request(method, path, json=body if body is not None else ({} if method == "POST" else None))
        value = r.json().get("value")
        if r.status_code >= 400:
            raise WebDriverError(f"{method} {path}: {value.get('error')}: {value.get('message', '')[:300]}")
        return value

    def _s(self, path: str) -> str:
        return f"/session/{self.session}{path}"

    def get(self, url: str) -> None:
        self._call("POST", self._s("/url"), {"url": url})

    def run(self, script: str, *args):
        return self._call("POST", self._s("/execute/sync"), {"script": script, "args": list(args)})

    def url(self) -> str:
        return self._call("GET", self._s("/url"))

    def click(self, css: str) -> None:
        found = self._call("POST", self._s("/element"), {"using": "css selector", "value": css})
        self._call("POST", self._s(f"/element/{next(iter(found.values()))}/click"))

    def alert_text(self) -> str | None:
        try:
            return self._call("GET", self._s("/alert/text"))
        except WebDriverError as err:
            if "no such alert" in str(err):
                return None
            raise

    def screenshot(self, name: str) -> Path:
        """The whole page: the window is made as tall as the document first."""
        height = self.run("return document.documentElement.scrollHeight")
        self._call("POST", self._s("/window/rect"), {"width": 1280, "height": min(int(height) + 20, 6000)})
        png = base64.b64decode(self._call("GET", self._s("/screenshot")))
        self._call("POST", self._s("/window/rect"), {"width": 1280, "height": 900})
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{name}.png"
        path.write_bytes(png)
        return path

    def close(self) -> None:
        try:
            if getattr(self, "session", None):
                self._call("DELETE", self._s(""))
        finally:
            self.http.close()
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
