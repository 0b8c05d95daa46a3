"""End-to-end through the command line (in-process), with the real model and data."""
import json

import pytest

from polevent.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture
def shared_coder(monkeypatch, coder):
    """Reuse the session's loaded coder instead of loading the model per command."""
    monkeypatch.setattr("polevent.cli._common.load_coder", lambda args: coder)
    return coder


def test_code_json_then_ingest_twice_and_query(tmp_path, capsys, shared_coder):
    art = tmp_path / "a.txt"
    art.write_text("date 2023-03-10\nSaudi Arabia and Iran agreed to restore diplomatic relations.", encoding="utf-8")
    assert main(["code", str(art), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"article", "events", "quantities", "agreements"}
    assert {(e["source"]["country"], e["target"]["country"]) for e in out["events"]} == {("SAU", "IRN"), ("IRN", "SAU")}

    db = str(tmp_path / "s.duckdb")
    assert main(["ingest", str(art), "--db", db]) == 0
    assert main(["ingest", str(art), "--db", db]) == 0
    err = capsys.readouterr().err
    assert "1 already stored" in err and "now holds 1 articles" in err
    assert main(["query", "--db", db, "--dyad", "IRN-SAU", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 2 and all(r["plover_type"] == "AGREE" for r in rows)


def test_bad_records_are_reported_and_the_rest_is_stored(tmp_path, capsys, shared_coder):
    src = tmp_path / "in.jsonl"
    src.write_text('{"date": "2023-05-04", "text": "Egypt accused Israel of shelling Gaza."}\n'
                   '{"date": "2023-05-04", "text": \n'
                   '{"date": "not a date", "text": "x"}\n', encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    assert main(["ingest", str(src), "--db", db]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert any(f"{src}:2" in line and "malformed JSON" in line for line in err)
    assert any(f"{src}:3" in line and "invalid date" in line for line in err)
    assert "Traceback" not in "\n".join(err)
    assert main(["query", "--db", db, "--format", "csv"]) == 0
    assert "EGY" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["query", "--dyad", "KAZ"], ["query", "--since", "May"], ["query", "--type", "NOPE"],
                                  ["query", "--cameo", "99"], ["nonsense"], []])
def test_usage_errors_exit_2_with_one_line(tmp_path, capsys, argv):
    db = tmp_path / "s.duckdb"
    if argv and argv[0] == "query":
        argv = argv + ["--db", str(db)]
    with pytest.raises(SystemExit) as exc_info:
        raise SystemExit(main(argv))
    assert exc_info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err


def test_missing_store_is_one_line(tmp_path, capsys):
    assert main(["query", "--db", str(tmp_path / "none.duckdb")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "no such store" in err


def test_bad_model_name_is_one_line(tmp_path, capsys):
    art = tmp_path / "a.txt"
    art.write_text("date 2023-03-10 Text.", encoding="utf-8")
    assert main(["code", str(art), "--model", "no_such_pipeline_xyz"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "cannot load spaCy pipeline" in err


def test_export_to_a_missing_folder_is_a_usage_error(tmp_path, capsys):
    from polevent.store.db import Store

    db = tmp_path / "s.duckdb"
    Store(db).close()
    assert main(["export", "--db", str(db), "--format", "gdelt", "--out", str(tmp_path / "no" / "x.tsv")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "does not exist" in err
