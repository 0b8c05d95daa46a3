"""Writers for coded articles: json (one object per article), jsonl, table and tsv (one row per event)."""
from __future__ import annotations

import csv
import json
from typing import IO, Iterable

from ..model import CodedArticle, Event

FORMATS = ("json", "jsonl", "table", "tsv")
EVENT_COLUMNS = ("event_id", "article_id", "date", "date_precision", "source", "source_name", "source_sector",
                 "target", "target_name", "target_sector", "cameo", "cameo_name", "plover", "modality",
                 "goldstein", "quad_class", "location", "lat", "lon", "confidence", "reciprocal", "rule",
                 "trigger", "sentence", "start", "end")


def event_row(e: Event) -> dict:
    loc = e.location
    t = e.target
    return {
        "event_id": e.event_id, "article_id": e.article_id, "date": e.date, "date_precision": e.date_precision,
        "source": e.source.country or e.source.code or "", "source_name": e.source.name or e.source.text,
        "source_sector": e.source.sector or "", "target": (t.country or t.code or "") if t else "",
        "target_name": (t.name or t.text) if t else "", "target_sector": (t.sector or "") if t else "",
        "cameo": e.cameo.code, "cameo_name": e.cameo.name, "plover": e.plover.type or "", "modality": e.modality,
        "goldstein": e.cameo.goldstein, "quad_class": e.cameo.quad_class,
        "location": loc.name if loc else "", "lat": loc.lat if loc else "", "lon": loc.lon if loc else "",
        "confidence": e.confidence, "reciprocal": e.reciprocal, "rule": e.rule,
        "trigger": e.evidence.trigger, "sentence": e.evidence.sentence, "start": e.evidence.start,
        "end": e.evidence.end,
    }


def write_json(coded: CodedArticle, out: IO[str]) -> None:
    out.write(json.dumps(coded.to_dict(), ensure_ascii=False, indent=2) + "\n")


def write_jsonl(coded: CodedArticle, out: IO[str]) -> None:
    out.write(json.dumps(coded.to_dict(), ensure_ascii=False) + "\n")


def write_tsv(coded: CodedArticle, out: IO[str], header: bool) -> None:
    w = csv.writer(out, delimiter="\t", lineterminator="\n")
    if header:
        w.writerow(EVENT_COLUMNS)
    for e in coded.events:
        row = event_row(e)
        w.writerow([" ".join(str(row[c]).split()) for c in EVENT_COLUMNS])


TABLE_COLUMNS = ("date", "source", "cameo", "plover", "target", "modality", "location", "trigger")


def format_table(rows: list[dict], columns: Iterable[str] = TABLE_COLUMNS, width: int = 28) -> str:
    cols = list(columns)
    cells = [[_cut(str(r.get(c, "")), width) for c in cols] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()
    return "\n".join([line(cols), line(["-" * w for w in widths])] + [line(r) for r in cells])


def _cut(s: str, width: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


def write_table(coded: CodedArticle, out: IO[str]) -> None:
    a = coded.article
    out.write(f"# {a.id}  {a.date.isoformat()}  {a.title or ''}\n".rstrip() + "\n")
    rows = [event_row(e) for e in coded.events]
    out.write((format_table(rows) if rows else "(no events)") + "\n")
    for q in coded.quantities:
        out.write(f"  quantity: {q.indicator} {'-'.join(q.parties)} {q.kind} {q.qualifier or ''} "
                  f"{q.value:g} {q.unit} {q.period or ''}\n")
    for g in coded.agreements:
        out.write(f"  agreement: {g.kind} '{g.name}' {'-'.join(g.parties)} signed {g.signed or '?'}\n")
    out.write("\n")


class Writer:
    """Streams coded articles to ``out`` in one of FORMATS."""

    def __init__(self, fmt: str, out: IO[str]):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.fmt, self.out, self._first = fmt, out, True

    def write(self, coded: CodedArticle) -> None:
        if self.fmt == "json":
            write_json(coded, self.out)
        elif self.fmt == "jsonl":
            write_jsonl(coded, self.out)
        elif self.fmt == "tsv":
            write_tsv(coded, self.out, header=self._first)
        else:
            write_table(coded, self.out)
        self._first = False
