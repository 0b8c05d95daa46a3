import io
import json

import pytest

from polevent.errors import InputError
from polevent.io.readers import parse_date, read_paths, read_stream
from polevent.model import Article


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputError)]


def test_text_format_with_leading_space(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("  date 2023-05-04 Kazakhstan and Tajikistan signed a declaration.\n", encoding="utf-8")
    arts, errs = split(read_paths([p]))
    assert not errs
    assert arts[0].date.isoformat() == "2023-05-04"
    assert arts[0].text.startswith("Kazakhstan and Tajikistan")
    assert arts[0].id == Article.content_id(arts[0].date, arts[0].text)


@pytest.mark.parametrize("content, reason", [
    ("date 2023-02-30 Text here.", "no such day"),
    ("date 04/05/2023 Text here.", "invalid date"),
    ("Kazakhstan signed a deal.", "missing date header"),
    ("date 2023-05-04    ", "empty text"),
])
def test_text_format_errors(tmp_path, content, reason):
    p = tmp_path / "bad.txt"
    p.write_text(content, encoding="utf-8")
    arts, errs = split(read_paths([p]))
    assert not arts and len(errs) == 1
    assert reason in str(errs[0]) and "bad.txt" in str(errs[0])


def test_jsonl_good_and_bad_lines_are_reported_and_rest_read(tmp_path):
    p = tmp_path / "a.jsonl"
    lines = [json.dumps({"id": "a1", "date": "2023-05-04", "text": "One."}),
             "{not json",
             json.dumps({"date": "2023-13-01", "text": "Bad month."}),
             json.dumps({"date": "2023-05-05", "text": "   "}),
             json.dumps(["a list"]),
             json.dumps({"date": "2023-05-06T10:00:00Z", "text": "Two.", "title": "T", "url": "u"})]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    arts, errs = split(read_paths([p]))
    assert [a.id for a in arts][0] == "a1" and arts[1].title == "T" and arts[1].date.isoformat() == "2023-05-06"
    assert [e.where for e in errs] == [f"{p}:2", f"{p}:3", f"{p}:4", f"{p}:5"]
    assert "malformed JSON" in errs[0].reason and "empty text" in errs[2].reason


def test_csv_columns_and_missing_required(tmp_path):
    good = tmp_path / "a.csv"
    good.write_text('id,date,title,text,url,source\nx1,2023-05-04,T,"Text, with comma.",,AFP\n'
                    'x2,,T,No date.,,\n', encoding="utf-8")
    arts, errs = split(read_paths([good]))
    assert arts[0].id == "x1" and arts[0].source == "AFP" and arts[0].url is None
    assert len(errs) == 1 and errs[0].where.endswith(":3") and "missing date" in errs[0].reason
    bad = tmp_path / "b.csv"
    bad.write_text("id,title\n1,x\n", encoding="utf-8")
    _, errs = split(read_paths([bad]))
    assert "lacks column(s) date, text" in errs[0].reason


def test_empty_file_and_empty_stdin(tmp_path):
    p = tmp_path / "e.txt"
    p.write_text("  \n", encoding="utf-8")
    _, errs = split(read_paths([p]))
    assert [e.reason for e in errs] == ["empty file"]
    _, errs = split(read_stream(io.BytesIO(b"")))
    assert [e.reason for e in errs] == ["empty input"]


def test_binary_and_undecodable_and_missing(tmp_path):
    b = tmp_path / "bin.txt"
    b.write_bytes(b"\x00\x01\x02date 2023-05-04 x")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("date 2023-05-04 Caf\xe9".encode("latin-1"))
    _, errs = split(read_paths([b, latin, tmp_path / "nope.txt"]))
    assert "binary" in errs[0].reason
    assert "undecodable byte at line 1, column 20" in errs[1].reason
    assert "no such file" in errs[2].reason


def test_folder_is_read_recursively_and_skips_other_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("date 2023-01-02 B.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("date 2023-01-01 A.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not an article", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("date 2023-01-03 H.", encoding="utf-8")
    arts, errs = split(read_paths([tmp_path]))
    assert [a.text for a in arts] == ["A.", "B."] and not errs


@pytest.mark.parametrize("payload, n", [
    (b'{"date": "2023-05-04", "text": "A."}\n{"date": "2023-05-05", "text": "B."}\n', 2),
    (b"date 2023-05-04 A text.", 1),
    (b"date,text\n2023-05-04,A.\n", 1),
])
def test_stdin_formats_are_sniffed(payload, n):
    arts, errs = split(read_stream(io.BytesIO(payload)))
    assert len(arts) == n and not errs


def test_parse_date_rejects_garbage():
    with pytest.raises(ValueError):
        parse_date("yesterday")
    assert parse_date("2024-02-29").isoformat() == "2024-02-29"
