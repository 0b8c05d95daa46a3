"""polevent audit: seeded samples from a store or a coded file, verdicts, precision with a Wilson interval."""
import csv
import json

import pytest

from polevent import audit
from polevent.cli import main
from polevent.io.writers import write_jsonl
from polevent.store.db import Store, connect
from tests.store.store_factory import coded

PAIRS = [("KAZ", "TJK"), ("UZB", "KGZ"), ("TJK", "AFG"), ("KGZ", "KAZ"), ("TKM", "IRN"), ("AZE", "GEO")]


def articles(k=12):
    """k coded articles of our own writing, one event each, with distinct ids."""
    out = []
    for i in range(k):
        src, tgt = PAIRS[i % len(PAIRS)]
        text = f"The ministers of {src} and {tgt} signed protocol number {i} on water sharing in Dushanbe."
        out.append(coded(text=text, date=f"2023-05-{i + 1:02d}", src=src, tgt=tgt,
                         plover="SUPPORT" if i % 3 else "AGREE"))
    return out


@pytest.fixture
def coded_file(tmp_path):
    path = tmp_path / "coded.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for c in articles():
            write_jsonl(c, fh)
    return path


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        s.add_many(articles())
    return path


def read_file(path):
    errors = []
    return audit.read_coded(path, errors.append), errors


def test_sampling_is_seeded_reproducible_and_nested(coded_file):
    events, errors = read_file(coded_file)
    assert not errors and len(events) == 12
    first = [e.event_id for e in audit.draw(events, 5, seed=7)]
    assert first == [e.event_id for e in audit.draw(list(reversed(events)), 5, seed=7)]  # input order is irrelevant
    assert first == [e.event_id for e in audit.draw(events, 8, seed=7)][:5]  # a larger N extends the sample
    assert len(set(first)) == 5
    other = [e.event_id for e in audit.draw(events, 5, seed=8)]
    assert other != first
    assert len(audit.draw(events, 50, seed=7)) == 12


def test_store_and_coded_file_give_the_same_events(coded_file, store_path):
    from_file, _ = read_file(coded_file)
    con = connect(store_path, read_only=True)
    try:
        from_store = audit.read_store(con)
    finally:
        con.close()
    key = lambda e: (e.event_id, e.article_id, e.sentence, e.trigger, e.type, e.cameo, e.source.country,
                     e.target.country, e.date, e.modality)
    assert sorted(map(key, from_store)) == sorted(map(key, from_file))
    assert all(e.text and e.text[e.start:e.end] == e.sentence for e in from_store)
    assert [e.event_id for e in audit.draw(from_store, 4, 3)] == [e.event_id for e in audit.draw(from_file, 4, 3)]


def test_filters_select_type_and_dates(coded_file):
    events, _ = read_file(coded_file)
    assert {e.type for e in audit.select(events, type="agree")} == {"AGREE"}
    assert len(audit.select(events, type="AGREE")) == 4
    assert [e.date for e in audit.select(events, since="2023-05-11")] == ["2023-05-11", "2023-05-12"]
    assert len(audit.select(events, since="2023-05-02", until="2023-05-04")) == 3


def write_verdicts(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["event_id", "verdict", "note"])
        w.writerows(rows)


def test_precision_and_wilson_interval_from_csv(coded_file, tmp_path, capsys):
    events, _ = read_file(coded_file)
    sample = audit.draw(events, 10, seed=1)
    verdicts = ["r"] * 7 + ["tsg", "no_event", "wrong_target"]
    write_verdicts(tmp_path / "v.csv", [(e.event_id, v, "") for e, v in zip(sample, verdicts)])
    assert main(["audit", str(coded_file), "-n", "10", "--seed", "1", "--verdicts-from", str(tmp_path / "v.csv"),
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    p = out["precision"]
    assert (p["right"], p["judged"], p["value"]) == (7, 10, 0.7)
    # Wilson by hand for 7 of 10, z = 1.96: centre (0.7 + 1.9208/10) / 1.38415 = 0.64449,
    # half-width 1.96 / 1.38415 * sqrt(0.021 + 0.0096037) = 0.24772
    assert p["ci95"] == pytest.approx([0.39677, 0.89221], abs=1e-4)
    assert out["errors"]["wrong_source"]["count"] == 1 and out["errors"]["wrong_type"]["share"] == 0.1
    assert out["errors"]["wrong_target"]["count"] == 2 and out["errors"]["no_event"]["count"] == 1
    assert out["not_real_event_of_kind"]["count"] == 2
    by_type = out["by_type"]
    assert sum(t["judged"] for t in by_type.values()) == 10 and sum(t["right"] for t in by_type.values()) == 7
    assert out["unjudged"] == 0 and out["population"] == 12
    assert not (tmp_path / "coded.jsonl.audit.csv").exists()  # --verdicts-from writes nothing


def test_wilson_edges():
    assert audit.wilson(0, 0) is None
    lo, hi = audit.wilson(0, 10)
    assert lo == 0.0 and hi == pytest.approx(0.27753, abs=1e-4)
    lo, hi = audit.wilson(10, 10)
    assert hi == 1.0 and lo == pytest.approx(0.72247, abs=1e-4)


def test_verdict_vocabulary():
    assert audit.parse_verdict("r") == ("right",)
    assert audit.parse_verdict("gs") == ("wrong_source", "wrong_target")
    assert audit.parse_verdict("wrong_target+wrong_type") == ("wrong_type", "wrong_target")
    for bad in ("rn", "rs", "ns", "maybe", ""):
        with pytest.raises(ValueError):
            audit.parse_verdict(bad)


class Console:
    """A fake terminal: answers from a list, output collected; EOF when the answers run out."""

    def __init__(self, answers):
        self.answers, self.prompts, self.lines = list(answers), 0, []

    def ask(self, prompt):
        self.prompts += 1
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)

    def say(self, text):
        self.lines.append(text)

    @property
    def text(self):
        return "\n".join(self.lines)


def test_interactive_audit_with_a_fake_console(coded_file, tmp_path):
    events, _ = read_file(coded_file)
    sample = audit.draw(events, 4, seed=2)
    vf = audit.VerdictFile(tmp_path / "v.csv", on_error=pytest.fail)
    con = Console(["?", "zz", "r", "sg the ministers are of other states", "x", "c", "n"])
    added, stopped = audit.judge(sample, vf, con.ask, con.say)
    assert (added, stopped) == (3, False)
    assert "wrong source" in con.text  # the help
    assert "unknown verdict 'zz'" in con.text
    first = sample[0]
    assert f"«{first.source.text}»" in con.text and f"[{first.trigger}]" in con.text
    assert f"‹{first.target.text}›" in con.text and "\x1b[" not in con.text
    assert first.heading() in con.text and f"type {first.type}" in con.text
    rows = list(csv.DictReader((tmp_path / "v.csv").open(encoding="utf-8")))
    assert [r["event_id"] for r in rows] == [sample[0].event_id, sample[1].event_id, sample[3].event_id]
    assert [r["verdict"] for r in rows] == ["right", "wrong_source+wrong_target", "no_event"]
    assert rows[1]["note"] == "the ministers are of other states"
    assert rows[0]["sentence"] == first.sentence and rows[0]["source"] == first.source.country
    assert list(rows[0]) == list(audit.CSV_COLUMNS)


def test_resuming_skips_events_already_judged(coded_file, tmp_path):
    events, _ = read_file(coded_file)
    sample = audit.draw(events, 5, seed=4)
    path = tmp_path / "v.csv"
    con = Console(["r", "g", "q"])
    assert audit.judge(sample, audit.VerdictFile(path, pytest.fail), con.ask, con.say) == (2, True)
    con2 = Console(["t", "r", "r"])
    assert audit.judge(sample, audit.VerdictFile(path, pytest.fail), con2.ask, con2.say) == (3, False)
    assert con2.prompts == 3 and "2 of 5 events already judged" in con2.text
    assert sample[0].event_id not in con2.text
    verdicts = audit.read_verdicts(path, pytest.fail)
    assert [verdicts[e.event_id].text for e in sample] == ["right", "wrong_target", "wrong_type", "right", "right"]
    con3 = Console([])
    assert audit.judge(sample, audit.VerdictFile(path, pytest.fail), con3.ask, con3.say) == (0, False)
    assert con3.prompts == 0


def test_cli_on_a_store_keeps_verdicts_next_to_it(store_path, monkeypatch, capsys):
    answers = iter(["r", "n", "r"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert main(["audit", "--db", str(store_path), "-n", "3", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert "fully right: 2 of 3" in out and "3 new verdict(s)" in out
    kept = store_path.parent / "s.duckdb.audit.csv"
    assert len(audit.read_verdicts(kept, pytest.fail)) == 3
    assert main(["audit", "--db", str(store_path), "-n", "3", "--seed", "5", "--report", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["precision"]["right"] == 2
    assert main(["audit", "--db", str(store_path), "-n", "2", "--seed", "5", "--report", "--json"]) == 0
    captured = capsys.readouterr()  # the nested sample: the first 2 of the same 3, the third left out
    assert json.loads(captured.out)["judged"] == 2 and "1 verdict(s) are for events outside this sample" in captured.err


def test_highlight_colours_only_when_asked(coded_file):
    e = read_file(coded_file)[0][0]
    plain, coloured = audit.highlight(e), audit.highlight(e, color=True)
    assert "«" in plain and "\x1b[" not in plain
    assert "\x1b[1;33m" + e.trigger + "\x1b[0m" in coloured and "«" not in coloured


def test_bad_verdict_rows_give_one_line_errors(coded_file, tmp_path, capsys):
    events, _ = read_file(coded_file)
    sample = audit.draw(events, 5, seed=1)
    ids = [e.event_id for e in sample]
    path = tmp_path / "bad.csv"
    write_verdicts(path, [(ids[0], "r", ""), ("", "r", ""), (ids[1], "perhaps", ""), (ids[2], "rn", ""),
                          (ids[3], "g", ""), (ids[3], "r", "again")])
    assert main(["audit", str(coded_file), "-n", "5", "--seed", "1", "--verdicts-from", str(path), "--json"]) == 1
    captured = capsys.readouterr()
    err = [line for line in captured.err.splitlines() if line]
    assert len(err) == 4 and all(line.startswith("polevent: skipped [E001] ") for line in err)
    assert f"{path}:3: empty event_id" in err[0]
    assert f"{path}:4:" in err[1] and "unknown verdict 'perhaps'" in err[1]
    assert f"{path}:5:" in err[2] and "cannot be combined" in err[2]
    assert f"{path}:7:" in err[3] and "second verdict (first at line 6)" in err[3]
    out = json.loads(captured.out)
    assert out["judged"] == 2 and out["precision"]["right"] == 1  # ids[0] right, ids[3] wrong target


def test_bad_inputs_are_one_line_errors(coded_file, tmp_path, capsys):
    bad = tmp_path / "mixed.jsonl"
    good_line = coded_file.read_text(encoding="utf-8").splitlines()[0]
    bad.write_text(good_line + "\n{not json\n" + json.dumps({"id": "x", "text": "raw article"}) + "\n",
                   encoding="utf-8")
    assert main(["audit", str(bad), "--report"]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2: malformed JSON" in err and f"{bad}:3: expected a coded article" in err
    assert main(["audit", str(coded_file), "--verdicts-from", str(tmp_path / "none.csv")]) == 1
    assert "no such verdict file" in capsys.readouterr().err
    header = tmp_path / "header.csv"
    header.write_text("id,judgement\nx,r\n", encoding="utf-8")
    assert main(["audit", str(coded_file), "--verdicts-from", str(header)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "lacks column(s) event_id, verdict" in err
    assert main(["audit", "--db", str(tmp_path / "missing.duckdb"), "--report"]) == 1
    assert "no such store" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        raise SystemExit(main(["audit", str(coded_file), "--type", "NOPE", "--report"]))
    assert exc.value.code == 2


def test_help_prints(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["audit", "--help"])
    assert exc.value.code == 0 and "--verdicts-from" in capsys.readouterr().out


def test_appending_to_a_hand_edited_file_without_a_last_line_end(coded_file, tmp_path):
    events, _ = read_file(coded_file)
    sample = audit.draw(events, 2, seed=9)
    path = tmp_path / "v.csv"
    path.write_text(f"event_id,verdict,note\n{sample[0].event_id},n,written by hand", encoding="utf-8")
    con = Console(["g"])
    assert audit.judge(sample, audit.VerdictFile(path, pytest.fail), con.ask, con.say) == (1, False)
    verdicts = audit.read_verdicts(path, pytest.fail)
    assert verdicts[sample[0].event_id].note == "written by hand"
    assert verdicts[sample[1].event_id].kinds == ("wrong_target",)
