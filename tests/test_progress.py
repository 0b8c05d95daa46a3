"""The ingest progress display: a redrawn line on a terminal, silent when piped unless forced."""
import io

import pytest

from polevent.cli import main
from polevent.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.mark.parametrize("stream, force, shown", [
    (io.StringIO(), None, False),  # piped: quiet
    (io.StringIO(), True, True),  # piped, --progress: plain lines
    (Terminal(), None, True),  # terminal: live line
    (Terminal(), False, False),  # terminal, --no-progress
])
def test_when_progress_is_shown(stream, force, shown):
    p = Progress(stream, total=10, force=force)
    p.update(3, stored=3)
    p.close()
    assert bool(stream.getvalue()) is shown


def test_terminal_line_is_redrawn_throttled_and_erased():
    term, clock = Terminal(), Clock()
    p = Progress(term, total=200, clock=clock)
    clock.now = 2.0
    p.update(50, stored=40, skipped=10)
    assert term.getvalue().startswith("\r") and "[#####" in term.getvalue()
    assert "25% 50/200 articles, 40 stored, 10 skipped, 25.0/s, ETA 0:06" in term.getvalue()
    before = term.getvalue()
    clock.now = 2.05
    p.update(51)  # within the redraw interval: nothing
    assert term.getvalue() == before
    p.clear()
    assert term.getvalue().endswith("\r") and "\n" not in term.getvalue()


def test_forced_lines_when_piped_are_one_a_second_without_total():
    out, clock = io.StringIO(), Clock()
    p = Progress(out, force=True, clock=clock)
    for i in range(1, 31):
        clock.now = i * 0.1
        p.update(i, stored=i)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and all("\r" not in line for line in lines)
    assert lines[0].startswith("ingest 1 articles, 1 stored")


@pytest.mark.slow
def test_ingest_is_quiet_when_piped(tmp_path, capsys, monkeypatch, coder):
    monkeypatch.setattr("polevent.cli._common.load_coder", lambda args: coder)
    art = tmp_path / "a.txt"
    art.write_text("date 2023-03-10\nSaudi Arabia and Iran agreed to restore diplomatic relations.", encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    assert main(["ingest", str(art), "--db", db]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("read 1 articles: stored 1 new")
    assert main(["ingest", str(art), "--db", db, "--progress"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("ingest [") and "1 skipped" in err[0] and "1 already stored" in err[-1]
