"""Issue 13 acceptance: a JSON Lines file "valid, each bad case, valid" codes and stores both valid
articles, names each bad record on its own line, and exits 1 (through the command line, real model)."""
import json

import duckdb
import pytest

from polevent.cli import main
from polevent.io.readers import MAX_TEXT

pytestmark = pytest.mark.slow


@pytest.fixture
def shared_coder(monkeypatch, coder):
    monkeypatch.setattr("polevent.cli._common.load_coder", lambda args: coder)
    return coder


def line(**fields) -> bytes:
    return json.dumps(fields).encode("utf-8")


FIRST = "Egypt accused Israel of shelling Gaza on Monday."
LAST = "Russia accused Ukraine of shelling a border village."
FAR = "France condemned the attack on the embassy."
# (line, expected: "stored" | (code, words in the reason)) -- line numbers are the list index + 1
CASES = [
    (line(id="v1", date="2023-05-04", text=FIRST), "stored"),
    (line(date="0001-01-01", text="An old story."), ("E001", "outside the supported range")),
    (line(date="2023-05-04", text="x" * (MAX_TEXT + 1)), ("E001", "text too long")),
    (line(id="long", date="2023-05-04", text=FIRST + "\n" * 1_200_000 + FAR), "stored"),
    (b"[" * 5000 + b"]" * 5000, ("E001", "nested too deeply")),
    (b'{"date": "2023-05-04", "text": "A.", "n": ' + b"7" * 5000 + b"}", ("E001", "integer string conversion")),
    (b'{"id": "sur-text", "date": "2023-05-04", "text": "Chad thanked \\ud800 Niger."}', ("E012", "1 in text")),
    (b'{"id": "sur-id\\udc00", "date": "2023-05-04", "text": "Chad thanked Mali."}', ("E012", "1 in id")),
    (b'{"id": "sur-title", "title": "\\udfff", "date": "2023-05-04", "text": "Mali thanked Chad."}',
     ("E012", "1 in title")),
    (b'{"date": "2023-05-04", "text": "Caf\xe9 story."}', ("E001", "undecodable byte at column")),
    (b'{"date": "2023-05-04", "text": "NUL\x00 story."}', ("E001", "NUL byte at column")),
    (line(id="sep", date="2023-05-04", text="Chad met\u2028Niger.").replace(b"\\u2028", "\u2028".encode()), "stored"),
    (line(id="v1", date="2023-05-04", text="Another text with the id of the first."), ("E001", "already read")),
    (line(date=20230504, text="A."), ("E001", "date must be a string (YYYY-MM-DD), not a number")),
    (line(date=["2023-05-04"], text="A."), ("E001", "not a list")),
    (line(date=True, text="A."), ("E001", "not a boolean")),
    (line(date="2023-05-04", text=12345), ("E001", "text must be a string, not a number")),
    (line(date="2023-13-01", text="A."), ("E001", "no such month")),
    (line(date="2023-01-01T99:99", text="A."), ("E001", "invalid time")),
    (line(id="punct", date="2023-05-04", text="!?.,;:" * 5000), "stored"),
    (line(id="dollars", date="2023-05-04", text="$" * 50_000), "stored"),
    (line(id="v2", date="2023-05-05", text=LAST), "stored"),
]


def test_valid_each_bad_case_valid(tmp_path, capsys, shared_coder):
    src = tmp_path / "hostile.jsonl"
    src.write_bytes(b"\n".join(raw for raw, _ in CASES) + b"\n")
    db = tmp_path / "s.duckdb"
    assert main(["ingest", str(src), "--db", str(db)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert not any("internal error" in e or "Traceback" in e for e in err)
    lines = [e for e in err if e.startswith("polevent: ")and not e.startswith("polevent: error")]
    reported = [e for e in lines if "skipped" in e or "warning" in e]
    expected = [(n, exp) for n, (_, exp) in enumerate(CASES, start=1) if exp != "stored"]
    assert len(reported) == len(expected), "\n".join(reported)
    for (n, (code, words)), got in zip(expected, reported):
        assert f"[{code}] {src}:{n}:" in got and words in got, got
        assert got.startswith("polevent: warning" if code == "E012" else "polevent: skipped")
    con = duckdb.connect(str(db), read_only=True)
    ids = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
    assert {"v1", "v2", "long", "sep", "punct", "dollars", "sur-text", "sur-id\ufffd", "sur-title"} <= ids
    assert len(ids) == 9
    assert con.execute("SELECT text FROM articles WHERE id = 'v1'").fetchone()[0] == FIRST
    events = con.execute("SELECT article_id, sentence, start_char, end_char FROM events").fetchall()
    con.close()
    assert {a for a, *_ in events} >= {"v1", "v2", "long"}
    long_text = FIRST + "\n" * 1_200_000 + FAR
    far = [(s, b, e) for a, s, b, e in events if a == "long" and b > 1_000_000]
    assert far and all(long_text[b:e] == s == FAR for s, b, e in far)


def test_code_prints_the_valid_records_and_one_line_per_bad_one(tmp_path, capsys, shared_coder):
    src = tmp_path / "few.jsonl"
    src.write_bytes(b"\n".join([CASES[0][0], CASES[1][0], CASES[13][0], CASES[-1][0]]))
    assert main(["code", str(src), "--format", "jsonl"]) == 1
    cap = capsys.readouterr()
    out = [json.loads(x) for x in cap.out.splitlines()]
    assert [o["article"]["text"] for o in out] == [FIRST, LAST]
    assert len(cap.err.strip().splitlines()) == 2 and f"{src}:2:" in cap.err and f"{src}:3:" in cap.err
