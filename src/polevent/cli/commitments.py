"""polevent commitments: stored targets against the figures reported later."""
from __future__ import annotations

import json

from ..errors import UsageError
from . import _common as c

TABLE_COLUMNS = ("agreement", "indicator", "parties", "target", "baseline", "latest", "progress", "status")


def parse_dyad(text: str | None) -> tuple[str, str] | None:
    """ "KAZ-TJK" -> ("KAZ", "TJK")."""
    if not text:
        return None
    parts = text.upper().split("-")
    if len(parts) != 2 or not all(p.isalpha() for p in parts):
        raise UsageError(f"--dyad {text!r}: expected two country codes like KAZ-TJK")
    return parts[0], parts[1]


SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))


def _figure(value: float, unit: str) -> str:
    """2e9 USD -> "2bn USD", 1.5e6 -> "1.5m", 60 items -> "60 items"."""
    for size, suffix in SCALES:
        if abs(value) >= size:
            return f"{value / size:.4g}{suffix} {unit}"
    return f"{value:.4g} {unit}"


def table_row(cm) -> dict:
    """One Commitment as the cells of the table."""
    t, b, last = cm.target, cm.baseline, cm.latest
    return {"agreement": cm.agreement or "-", "indicator": cm.indicator, "parties": "-".join(cm.parties),
            "target": _figure(t.value, t.unit) + (f" by {t.deadline}" if t.deadline else ""),
            "baseline": f"{_figure(b.value, b.unit)} ({b.period})" if b else "-",
            "latest": f"{_figure(last.value, last.unit)} ({last.period})" if last else "-",
            "progress": f"{cm.progress:.2f}" if cm.progress is not None else "-", "status": cm.status}


def run(args) -> int:
    from ..commitments import track, load_figures
    from ..io.writers import format_table
    from ..store.db import connect

    dyad = parse_dyad(args.dyad)
    con = connect(args.db, read_only=True)
    try:
        found = track(load_figures(con), parties=dyad)
    finally:
        con.close()
    if args.json:
        print(json.dumps([cm.to_dict() for cm in found], ensure_ascii=False, indent=2))
    elif found:
        print(format_table([table_row(cm) for cm in found], TABLE_COLUMNS, width=40))
    else:
        print("(no targets stored" + (f" for {args.dyad.upper()})" if dyad else ")"))
    return c.EXIT_OK


def register(sub) -> None:
    sp = sub.add_parser("commitments", help="targets against the figures reported later")
    c.db_option(sp)
    sp.add_argument("--dyad", help="only the targets of these two countries, e.g. KAZ-TJK")
    sp.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sp.set_defaults(func=run)
