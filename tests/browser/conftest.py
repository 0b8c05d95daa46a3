"""Browser tests: polevent serve's app under uvicorn on 127.0.0.1 (a thread, a free port) and headless
Chromium driven through Debian's chromedriver. Skipped, with the reason, where either is not installed
(`.ci/run` installs them: apt-get install chromium chromium-driver, and sets POLEVENT_REQUIRE_BROWSER=1,
which turns that skip into a failure).

Screenshots go to out/screenshots/ (ignored by git) or to $POLEVENT_SCREENSHOTS.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / "tests" / "api" / "api_records.py"


def _tool(name: str) -> str | None:
    """$POLEVENT_CHROMIUM / $POLEVENT_CHROMEDRIVER when set, else the program on PATH or in /usr/bin."""
    override = os.environ.get(f"POLEVENT_{name.upper()}")
    if override is not None:
        return override if Path(override).is_file() else None
    return shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)


def _records():
    """The hand-made store of the API tests (tests/api/api_records.py), shared rather than copied."""
    if "api_records" in sys.modules:
        return sys.modules["api_records"]
    spec = importlib.util.spec_from_file_location("api_records", RECORDS)
    module = importlib.util.module_from_spec(spec)
    sys.modules["api_records"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def records():
    return _records()


@pytest.fixture(scope="session")
def server(tmp_path_factory, records):
    import uvicorn

    from polevent.api import create_app
    from wd_client import free_port, wait_for

    db = records.build(tmp_path_factory.mktemp("browser") / "store.duckdb")
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db, coder=records.FakeCoder()), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    wait_for(lambda: srv.started, what="uvicorn to start")
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    chromium, chromedriver = _tool("chromium"), _tool("chromedriver")
    if not (chromium and chromedriver):
        reason = ("browser tests need Debian's chromium and chromium-driver "
                  "(apt-get install chromium chromium-driver; .ci/run does this)")
        if os.environ.get("POLEVENT_REQUIRE_BROWSER"):
            pytest.fail(reason + "; POLEVENT_REQUIRE_BROWSER is set")
        pytest.skip(reason)
    from wd_client import Browser

    shots = Path(os.environ.get("POLEVENT_SCREENSHOTS") or ROOT / "out" / "screenshots")
    b = Browser(chromedriver, chromium, tmp_path_factory.mktemp("chromium-profile"), shots)
    yield b
    b.close()
