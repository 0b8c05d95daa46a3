"""polevent serve: arguments, the read-only check before serving, and the app it hands to uvicorn."""
import pytest
from fastapi.testclient import TestClient

import api_records
from polevent.cli import main


@pytest.fixture
def served(monkeypatch):
    calls = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append((app, kw)))
    return calls


def test_serve_hands_the_app_to_uvicorn(api_store, served, capsys):
    assert main(["serve", "--db", str(api_store), "--port", "8123"]) == 0
    (app, kw), = served
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8123
    assert "http://127.0.0.1:8123" in capsys.readouterr().err
    with TestClient(app) as c:
        n = sum(len(c.events) for c in api_records.ALL_ARTICLES())
        assert c.get("/api/events").json()["total"] == n


def test_serve_without_a_store_is_one_line_and_exit_1(tmp_path, served, capsys):
    assert main(["serve", "--db", str(tmp_path / "none.duckdb")]) == 1
    err = capsys.readouterr().err
    assert served == [] and "no such store" in err and "Traceback" not in err


def test_serve_rejects_a_bad_port(served, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["serve", "--port", "http"])
    assert exc.value.code == 2 and served == []
