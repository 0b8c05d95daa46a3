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


# --- issue 13: a bad record costs its record, not its file; limits with clear reasons ---------

def jl(obj) -> bytes:
    return json.dumps(obj).encode("utf-8")


def read_bytes(tmp_path, name: str, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p, split(read_paths([p]))


def test_an_undecodable_byte_or_nul_costs_its_jsonl_line_only(tmp_path):
    good = jl({"id": "g1", "date": "2023-05-04", "text": "Ketoria thanked Varnland."})
    lines = [good, b'{"date": "2023-05-04", "text": "Caf\xe9 owners protested."}', b"\x00\x01\x02",
             jl({"id": "g2", "date": "2023-05-05", "text": "Varnland thanked Ketoria."})]
    p, (arts, errs) = read_bytes(tmp_path, "a.jsonl", b"\n".join(lines) + b"\n")
    assert [a.id for a in arts] == ["g1", "g2"]
    assert [e.where for e in errs] == [f"{p}:2", f"{p}:3"]
    assert "undecodable byte at column 36" in errs[0].reason and "NUL byte at column 1" in errs[1].reason


def test_an_undecodable_byte_costs_its_csv_row_only(tmp_path):
    data = (b"id,date,text\nc1,2023-05-04,Ketoria met Varnland.\nc2,2023-05-04,Caf\xe9 news.\n"
            b"c3,2023-05-04,\"Ketoria\x00 met\"\nc4,2023-05-05,Varnland met Ketoria.\n")
    p, (arts, errs) = read_bytes(tmp_path, "a.csv", data)
    assert [a.id for a in arts] == ["c1", "c4"]
    assert [e.where for e in errs] == [f"{p}:3", f"{p}:4"]
    assert "undecodable byte in field text" in errs[0].reason and "NUL byte in field text" in errs[1].reason


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\u0085"])
def test_unicode_line_separators_inside_json_strings_do_not_split_records(tmp_path, sep):
    lines = [json.dumps({"date": "2023-05-04", "text": f"Ketoria{sep}met Varnland."}, ensure_ascii=False),
             "{broken", json.dumps({"date": "2023-05-05", "text": "Second."})]
    p, (arts, errs) = read_bytes(tmp_path, "a.jsonl", "\n".join(lines).encode("utf-8"))
    assert [a.text for a in arts] == [f"Ketoria{sep}met Varnland.", "Second."]
    assert [e.where for e in errs] == [f"{p}:2"]


def test_crlf_jsonl_lines_are_read(tmp_path):
    data = b'{"date": "2023-05-04", "text": "A."}\r\n{"date": "2023-05-05", "text": "B."}\r\n'
    _, (arts, errs) = read_bytes(tmp_path, "a.jsonl", data)
    assert [a.text for a in arts] == ["A.", "B."] and not errs


def test_a_csv_field_over_131072_characters_is_read_and_later_rows_kept(tmp_path):
    big = "Ketoria met Varnland. " * 7000  # 154,000 characters, over csv's default field limit
    data = f'date,text\n2023-05-04,"{big}"\n2023-05-05,After.\n'.encode("utf-8")
    _, (arts, errs) = read_bytes(tmp_path, "a.csv", data)
    assert not errs and [len(a.text) for a in arts] == [len(big), 6]


@pytest.mark.parametrize("date, reason", [
    (20230504, "date must be a string (YYYY-MM-DD), not a number"),
    (["2023-05-04"], "date must be a string (YYYY-MM-DD), not a list"),
    (True, "date must be a string (YYYY-MM-DD), not a boolean"),
    (None, "missing date"),
    ("2023-13-01", "no such month"),
    ("2023-02-30", "no such day"),
    ("2023-01-01T99:99", "invalid time '99:99'"),
    ("2023-01-01T10:61", "invalid time"),
    ("0001-01-01", "outside the supported range 1800-01-01 to 2100-12-31"),
    ("9999-12-31", "outside the supported range"),
    ("1799-12-31", "outside the supported range"),
])
def test_date_errors_say_what_is_wrong(tmp_path, date, reason):
    _, (arts, errs) = read_bytes(tmp_path, "a.jsonl", jl({"date": date, "text": "Ketoria met Varnland."}))
    assert not arts and len(errs) == 1 and reason in errs[0].reason


@pytest.mark.parametrize("value", ["2023-05-06T10:00:00Z", "2023-05-06 10:00", "2023-05-06T23:59:60.5+05:30",
                                   "1800-01-01", "2100-12-31"])
def test_valid_timestamps_and_range_ends_are_accepted(value):
    assert parse_date(value).isoformat() == value[:10]


@pytest.mark.parametrize("fields, reason", [
    ({"date": "2023-05-04", "text": 42}, "text must be a string, not a number"),
    ({"date": "2023-05-04", "text": ["a"]}, "text must be a string, not a list"),
    ({"date": "2023-05-04"}, "missing text"),
    ({"date": "2023-05-04", "text": "  "}, "empty text"),
    ({"date": "2023-05-04", "text": "A.", "id": {"x": 1}}, "id must be a string, not an object"),
    ({"date": "2023-05-04", "text": "A.", "title": False}, "title must be a string, not a boolean"),
])
def test_field_type_errors_say_what_is_wrong(tmp_path, fields, reason):
    _, (arts, errs) = read_bytes(tmp_path, "a.jsonl", jl(fields))
    assert not arts and [e.reason for e in errs] == [reason]


def test_deep_json_and_huge_numbers_are_one_line_each(tmp_path):
    lines = [b"[" * 5000 + b"]" * 5000, b'{"date": "2023-05-04", "text": "A.", "n": ' + b"9" * 5000 + b"}",
             jl({"date": "2023-05-04", "text": "Kept."})]
    p, (arts, errs) = read_bytes(tmp_path, "a.jsonl", b"\n".join(lines))
    assert [a.text for a in arts] == ["Kept."]
    assert [e.where for e in errs] == [f"{p}:1", f"{p}:2"]
    assert "nested too deeply" in errs[0].reason and "integer string conversion" in errs[1].reason


def test_a_text_over_the_hard_cap_is_rejected_alone(tmp_path):
    from polevent.io.readers import MAX_TEXT

    lines = [jl({"date": "2023-05-04", "text": "x" * (MAX_TEXT + 1)}), jl({"date": "2023-05-04", "text": "Kept."})]
    _, (arts, errs) = read_bytes(tmp_path, "a.jsonl", b"\n".join(lines))
    assert [a.text for a in arts] == ["Kept."] and "text too long (5,000,001 characters" in errs[0].reason


def test_lone_surrogates_are_replaced_and_reported_before_the_record(tmp_path):
    line = b'{"id": "s\\ud800", "date": "2023-05-04", "title": "T\\udfff", "text": "Ketoria \\ud83d met Varnland."}'
    p, _ = read_bytes(tmp_path, "a.jsonl", line)
    items = list(read_paths([p]))
    assert [type(i).__name__ for i in items] == ["InputWarning", "Article"]
    warn, art = items
    assert warn.code == "E012" and warn.where == f"{p}:1"
    assert "1 in text, 1 in id, 1 in title" in warn.reason
    assert (art.id, art.title, art.text) == ("s\ufffd", "T\ufffd", "Ketoria \ufffd met Varnland.")
    art.text.encode("utf-8")  # encodable now


def test_records_know_where_they_were_read_and_it_is_not_output(tmp_path):
    p, (arts, _) = read_bytes(tmp_path, "a.jsonl", b"\n" + jl({"date": "2023-05-04", "text": "A."}))
    assert arts[0].where == f"{p}:2" and "where" not in arts[0].to_dict()
