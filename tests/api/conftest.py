"""Fixtures for the API tests: one hand-made store (api_records.py) and an in-process client over it."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import api_records
from api_records import FakeCoder
from polevent.api import create_app


@pytest.fixture(scope="session")
def api_store(tmp_path_factory):
    return api_records.build(tmp_path_factory.mktemp("api") / "store.duckdb")


@pytest.fixture(scope="session")
def app(api_store):
    return create_app(api_store, coder=FakeCoder())


@pytest.fixture(scope="session")
def client(app):
    with TestClient(app) as c:
        yield c
