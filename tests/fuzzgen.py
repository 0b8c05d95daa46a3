"""Hostile input batches for the fuzz test (tests/test_fuzz.py) and the long fuzz run (bench/fuzz.py).

``batch(rng, n, fmt)`` makes one JSON Lines or CSV file of ``n`` records, valid ones and broken
ones mixed, from a ``random.Random``, and says what reading and ingesting it must give: the ids
that must be stored (each exactly once), the lines that must be rejected (one line each) and the
lines that must be read with a warning (replaced characters).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
from dataclasses import dataclass, field

from polevent.model import Article

WORDS = ("Ketoria", "Varnland", "Ostrava", "minister", "signed", "met", "accused", "the", "treaty", "border",
         "talks", "on", "Monday", "troops", "aid", "$3bn", "2.5%", "said", "protesters", "police")
ALPHABETS = (
    "abcdefghijklmnopqrstuvwxyz ",
    "\u00e9\u00fc\u00df\u0627\u0644\u4e2d\u6587\u0939\u093f\u0928\u094d\u0926\u0940 ",  # accents, Arabic, CJK, Devanagari
    "\u200b\u200d\u2028\u2029\u0085\ufeff\u00a0\u3000\t\r\x0b\x0c",  # invisible and odd white space
    "".join(chr(c) for c in range(1, 32)),  # control characters
    "!?.,;:$%&*()[]{}<>/\\|\"'`~^-_=+@#",  # punctuation and symbols
    "\U0001f600\U0001f4a3\U0001d54f\U00010348",  # astral characters
)
MIN_YEAR, MAX_YEAR = 1800, 2100
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class Expected:
    stored: set[str] = field(default_factory=set)  # article ids that must be in the store, once each
    rejected: list[int] = field(default_factory=list)  # line numbers that must be reported as skipped
    warned: list[int] = field(default_factory=list)  # line numbers that must get a warning
    valid: int = 0  # valid records written (some may share an id: the same dated text twice)


def text(rng: random.Random) -> str:
    """A non-blank article text: words, random Unicode, huge tokens, control characters."""
    parts = []
    for _ in range(rng.randint(1, 12)):
        kind = rng.random()
        if kind < 0.5:
            parts.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 15))) + ".")
        elif kind < 0.85:
            alphabet = rng.choice(ALPHABETS)
            parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))))
        elif kind < 0.95:  # a huge token or a run of symbols
            parts.append(rng.choice("$!?.,;:a-=*") * rng.randint(100, 6000))
        else:
            parts.append("\n\n")
    out = " ".join(parts)
    return out if out.strip() else "Ketoria met Varnland."


def date(rng: random.Random) -> str:
    d = dt.date(rng.randint(MIN_YEAR, MAX_YEAR), rng.randint(1, 12), rng.randint(1, 28))
    return d.isoformat() + rng.choice(["", "", "T10:00:00Z", " 23:59", "T08:30+02:00"])


BAD_FIELDS = [  # (fields to set, format it applies to)
    ({"date": "0001-01-01"}, "both"), ({"date": "9999-12-31"}, "both"), ({"date": "2023-13-01"}, "both"),
    ({"date": "2023-02-30"}, "both"), ({"date": "2023-01-01T99:99"}, "both"), ({"date": "yesterday"}, "both"),
    ({"date": ""}, "both"), ({"text": "   "}, "both"), ({"text": ""}, "both"),
    ({"date": 20230101}, "jsonl"), ({"date": ["2023-01-01"]}, "jsonl"), ({"date": True}, "jsonl"),
    ({"date": None}, "jsonl"), ({"text": 42}, "jsonl"), ({"text": ["a"]}, "jsonl"), ({"text": None}, "jsonl"),
    ({"id": {"a": 1}}, "jsonl"),
]
BAD_JSON_LINES = [b"{not json", b"[" * 3000 + b"]" * 3000, b'{"date": "2023-01-01", "text": "A", "n": ' + b"9" * 5000
                  + b"}", b'["a list"]', b"\x00\x00\x00", b'{"date": "2023-01-01", "text": "caf\xe9"}', b"null",
                  b'{"date": "2023-01-01", "text": "' + b"{" * 10 + b'"']


def _fields(rng: random.Random, i: int) -> dict:
    fields = {"date": date(rng), "text": text(rng)}
    if rng.random() < 0.7:
        fields["id"] = f"r{i}-{rng.randint(0, 10**6)}"
    if rng.random() < 0.3:
        fields["title"] = "".join(rng.choice(rng.choice(ALPHABETS)) for _ in range(rng.randint(1, 20)))
    if rng.random() < 0.3:
        fields["source"] = rng.choice(["AFP", "", "Reuters", "\u0627\u0644\u062c\u0632\u064a\u0631\u0629"])
    return fields


def _csv_row(fields: dict) -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerow([fields.get(k, "") for k in ("id", "date", "title", "text", "source")])
    return buf.getvalue().encode("utf-8")


def batch(rng: random.Random, n: int, fmt: str) -> tuple[bytes, Expected]:
    """One file's bytes (``fmt`` 'jsonl' or 'csv') and what ingesting it must give."""
    exp = Expected()
    first: dict[str, tuple[str, str]] = {}  # stored id -> (day, text) of the record first read under it
    rows: list[bytes] = []
    line = 2 if fmt == "csv" else 1  # CSV: after the header row
    for i in range(n):
        roll = rng.random()
        fields = _fields(rng, i)
        if fmt == "csv":  # a NUL costs its CSV row: valid rows have none
            fields = {k: v.replace("\x00", "") for k, v in fields.items()}
            if not fields["text"].strip():
                fields["text"] = "Ketoria met Varnland."
        bad = warn = False
        data = None
        if roll < 0.25:  # a broken field
            fields.update(rng.choice([c for c, applies in BAD_FIELDS if applies in ("both", fmt)]))
            bad = True
        elif roll < 0.35 and fmt == "jsonl":  # a broken line
            data, bad = rng.choice(BAD_JSON_LINES), True
        elif roll < 0.35:  # an undecodable byte or a NUL in the date field of a CSV row
            row = _csv_row(fields)
            cut = row.index(b",") + 1
            data, bad = row[:cut] + rng.choice([b"\xff", b"\xc3", b"\x00"]) + row[cut:], True
        elif roll < 0.42 and first:  # an id already read, with another text
            fields["id"] = rng.choice(sorted(first))
            fields["text"] += " (another version)"
        elif roll < 0.52 and fmt == "jsonl":  # a lone surrogate: replaced, warned, still stored
            warn = True
        if data is None and fmt == "csv":
            data = _csv_row(fields)
        elif data is None:
            dump = json.dumps(fields, ensure_ascii=rng.random() < 0.5)
            if warn:
                dump = dump.replace('"text": "', '"text": "\\ud800', 1)
            data = dump.encode("utf-8")
        if not bad:
            day = fields["date"][:10]
            stored_text = ("\ufffd" if warn else "") + fields["text"]
            key = str(fields.get("id") or "").strip() or Article.content_id(dt.date.fromisoformat(day), stored_text)
            seen = first.get(key)
            if seen is None:
                first[key] = (day, stored_text)
                exp.stored.add(key)
            elif seen != (day, stored_text):
                bad = True  # the same id with another text: reported, the first kept
            exp.valid += not bad
            if warn:
                exp.warned.append(line)
        if bad:
            exp.rejected.append(line)
        rows.append(data)
        line += len(_LINE_BREAK.findall(data.decode("utf-8", "replace"))) if fmt == "csv" else 1
    if fmt == "csv":
        return b"id,date,title,text,source\r\n" + b"".join(rows), exp
    return b"\n".join(rows) + b"\n", exp
