"""Fixtures for the watch tests: ``server``, a LocalServer (feedserver.py) on 127.0.0.1 for one test."""
from __future__ import annotations

import threading

import pytest

from feedserver import LocalServer


@pytest.fixture
def server():
    srv = LocalServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.stopping.set()
    srv.shutdown()
    srv.server_close()
