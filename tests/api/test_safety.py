"""The server only reads: the store is opened read-only per request, never created or changed."""
import hashlib
import types

import duckdb
import pytest
from fastapi.testclient import TestClient

import api_records
from polevent.api import create_app, deps


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_requests_leave_the_store_file_unchanged(client, api_store):
    before = _digest(api_store)
    for url in ("/", "/events", "/dyads/KAZ-TJK", "/map", "/api/events", "/api/commitments", "/api/actors",
                f"/events/{api_records.kz_article().events[0].event_id}"):
        assert client.get(url).status_code == 200
    assert _digest(api_store) == before


def test_connection_refuses_writes(app):
    request = types.SimpleNamespace(app=app, state=types.SimpleNamespace())
    gen = deps.store(request)
    con = next(gen)
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("CREATE TABLE evil (i INTEGER)")
    gen.close()


def test_missing_store_is_503_and_not_created(tmp_path):
    db = tmp_path / "absent.duckdb"
    with TestClient(create_app(db)) as c:
        r = c.get("/api/events")
        assert r.status_code == 503 and "no such store" in r.json()["detail"]
        assert c.get("/").status_code == 503
    assert not db.exists()
