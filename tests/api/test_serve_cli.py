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


def test_serve_hands_the_coding_bounds_to_the_app(api_store, served):
    assert main(["serve", "--db", str(api_store), "--code-workers", "2", "--code-queue", "0",
                 "--code-timeout", "7.5"]) == 0
    (app, _), = served
    pool = app.state.coding
    assert (pool.workers, pool.queue, pool.timeout) == (2, 0, 7.5)
    assert app.state.settings.code_workers == 2


@pytest.mark.parametrize("flag, value", [("--code-workers", "0"), ("--code-queue", "-1"),
                                         ("--code-timeout", "0")])
def test_serve_rejects_bad_coding_bounds(api_store, served, capsys, flag, value):
    assert main(["serve", "--db", str(api_store), flag, value]) == 2
    err = capsys.readouterr().err
    assert served == [] and flag in err and "Traceback" not in err


def test_serve_starts_while_a_writer_holds_the_store(api_store, served, tmp_path):
    import shutil
    import subprocess
    import sys

    db = tmp_path / "busy.duckdb"
    shutil.copy(api_store, db)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time, duckdb; con = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(30)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        assert main(["serve", "--db", str(db)]) == 0 and len(served) == 1
    finally:
        holder.kill()
        holder.wait()
