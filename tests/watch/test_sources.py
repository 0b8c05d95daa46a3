"""Folders and growing JSON Lines files: what each cycle reads, from the state the last one saved."""
import json
import os

import pytest

from polevent.errors import InputError, SourceError, UsageError
from polevent.model import Article
from polevent.watch.fetch import Fetcher
from polevent.watch.sources import FeedSource, FolderSource, JsonlSource, parse_sources


def read(source, state):
    reading = source.read(state)
    items = [item for _, item in reading.items]
    return items, reading.state()


def line(text: str, date: str = "2026-11-30") -> str:
    return json.dumps({"date": date, "text": text}) + "\n"


def test_growing_jsonl_reads_only_complete_new_lines(tmp_path):
    f = tmp_path / "wire.jsonl"
    f.write_text(line("Kazakhstan signed a deal.") + line("Tajikistan protested."), encoding="utf-8")
    src = JsonlSource(f)
    items, state = read(src, {})
    assert [a.text for a in items] == ["Kazakhstan signed a deal.", "Tajikistan protested."]
    assert read(src, state)[0] == []  # nothing new
    with f.open("a", encoding="utf-8") as fh:
        fh.write(line("Armenia met Georgia.") + "not json\n" + '{"date": "2026-11-30", "text": "half a li')
    items, state2 = read(src, state)
    assert [type(i) for i in items] == [Article, InputError]
    assert items[0].text == "Armenia met Georgia." and f"{f}:4: malformed JSON" in str(items[1])
    with f.open("a", encoding="utf-8") as fh:
        fh.write('ne"}\n')  # the last line is complete now
    items, state3 = read(src, state2)
    assert [a.text for a in items] == ["half a line"] and state3["line"] == 5


def test_replaced_jsonl_is_read_again_from_the_start(tmp_path):
    f = tmp_path / "wire.jsonl"
    f.write_text(line("First one.") + line("Second one."), encoding="utf-8")
    _, state = read(JsonlSource(f), {})
    f.write_text(line("Another first."), encoding="utf-8")  # shorter: truncated or replaced
    items, _ = read(JsonlSource(f), state)
    assert [a.text for a in items] == ["Another first."]


def test_missing_jsonl_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match=r"\[E010\] .*nope.jsonl: cannot read"):
        JsonlSource(tmp_path / "nope.jsonl").read({})


def test_folder_reads_new_and_changed_files_only(tmp_path):
    d = tmp_path / "inbox"
    d.mkdir()
    (d / "a.txt").write_text("date 2026-11-30\nKazakhstan signed a deal.", encoding="utf-8")
    (d / "b.jsonl").write_text(line("Tajikistan protested."), encoding="utf-8")
    (d / ".hidden.txt").write_text("date 2026-11-30\nhidden", encoding="utf-8")
    src = FolderSource(d)
    items, state = read(src, {})
    assert sorted(a.text for a in items) == ["Kazakhstan signed a deal.", "Tajikistan protested."]
    assert read(src, state)[0] == []
    os.utime(d / "a.txt", ns=(1, 1))  # touched, same content: nothing
    items, state = read(src, state)
    assert items == []
    (d / "a.txt").write_text("date 2026-11-30\nKazakhstan signed two deals.", encoding="utf-8")
    (d / "c.txt").write_text("no date header", encoding="utf-8")
    items, state = read(src, state)
    assert [getattr(i, "text", None) for i in items] == ["Kazakhstan signed two deals.", None]
    assert "missing date header" in str(items[1])


def test_sources_are_told_apart_and_bad_ones_are_usage_errors(tmp_path):
    (tmp_path / "d").mkdir()
    got = parse_sources(["http://127.0.0.1:9/f.xml", str(tmp_path / "d"), str(tmp_path / "w.jsonl")],
                        Fetcher(), lambda: None)
    assert [type(s) for s in got] == [FeedSource, FolderSource, JsonlSource]
    for bad in (["ftp://127.0.0.1/f"], [str(tmp_path / "x.pdf")], [str(tmp_path / "d"), str(tmp_path / "d")]):
        with pytest.raises(UsageError):
            parse_sources(bad, Fetcher(), lambda: None)
