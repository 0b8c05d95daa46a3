"""Hand audit of coded events: a seeded random sample, verdicts kept in a CSV, precision with a 95 % interval.

An audit draws events at random from a store or from a coded JSON Lines file (``polevent code
--format jsonl``), shows each with its sentence, and records a verdict per event (vocabulary in
docs/audit.md). The sample is nested: the events are put in a seeded random order and the first N
are taken, so a larger N with the same seed extends the same sample. Verdicts are keyed by
``event_id`` in a CSV, so an audit can be resumed and re-run without asking twice.

Precision is the share of judged events that are fully right (a real event of the coded kind with
the right source and target), with the Wilson score interval.
"""
from __future__ import annotations

import csv
import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .errors import InputError

# Verdict vocabulary: key -> name. "right" and "no_event" stand alone; the three wrong_* kinds combine.
KEYS = {"r": "right", "t": "wrong_type", "s": "wrong_source", "g": "wrong_target", "n": "no_event"}
ERROR_KINDS = ("wrong_type", "wrong_source", "wrong_target", "no_event")
EXCLUSIVE = ("right", "no_event")
CSV_COLUMNS = ("event_id", "verdict", "note", "article_id", "type", "cameo", "source", "target", "sentence")
Z95 = 1.959963984540054


def parse_verdict(text: str) -> tuple[str, ...]:
    """The verdict names in ``text``: keys ("st"), names ("wrong_source+wrong_target") or a mix.

    Raises ValueError naming the problem for unknown words and impossible combinations."""
    text = text.strip().lower()
    if not text:
        raise ValueError("empty verdict")
    names: list[str] = []
    for part in text.replace(",", "+").replace(" ", "+").split("+"):
        if not part:
            continue
        if part in KEYS.values():
            found = [part]
        elif all(ch in KEYS for ch in part):
            found = [KEYS[ch] for ch in part]
        else:
            raise ValueError(f"unknown verdict {part!r} (use {', '.join(f'{k}={v}' for k, v in KEYS.items())})")
        names += [n for n in found if n not in names]
    for alone in EXCLUSIVE:
        if alone in names and len(names) > 1:
            raise ValueError(f"{alone!r} cannot be combined with other verdicts ({'+'.join(names)})")
    order = list(KEYS.values())
    return tuple(sorted(names, key=order.index))


@dataclass(frozen=True)
class Party:
    text: str
    country: str | None = None
    sector: str | None = None
    name: str | None = None

    @classmethod
    def from_dict(cls, d: dict | None) -> "Party | None":
        if not d:
            return None
        return cls(text=str(d.get("text") or ""), country=d.get("country") or d.get("code"),
                   sector=d.get("sector"), name=d.get("name"))

    def label(self) -> str:
        code = " ".join(x for x in (self.country, self.sector) if x) or "?"
        shown = self.name if self.name and self.name != self.text else ""
        words = repr(self.text) if self.text else "not in the sentence"
        return f"{code} ({words}{', ' + shown if shown else ''})"

    def short(self) -> str:
        return " ".join(x for x in (self.country, self.sector) if x) or self.text


@dataclass(frozen=True)
class AuditEvent:
    """One coded event with what a judge needs to see."""

    event_id: str
    article_id: str
    article_date: str
    title: str | None
    date: str
    date_precision: str
    type: str | None
    cameo: str
    cameo_name: str
    modality: str
    source: Party
    target: Party | None
    sentence: str
    trigger: str
    start: int | None = None
    end: int | None = None
    text: str = field(default="", repr=False)  # the article's text (for the context view)

    def context(self, width: int = 400) -> tuple[str, str]:
        """The article text just before and after the sentence."""
        if not self.text or self.start is None or self.end is None:
            return "", ""
        return self.text[max(0, self.start - width):self.start], self.text[self.end:self.end + width]

    def heading(self) -> str:
        if self.title:
            return self.title
        opening = " ".join(self.text.split())[:100]
        return f"(no title) {opening}…" if opening else "(no title)"


def _event_from_dict(e: dict, article: dict) -> AuditEvent:
    ev = e.get("evidence") or {}
    cameo = e.get("cameo") or {}
    plover = e.get("plover") or {}
    return AuditEvent(
        event_id=str(e["event_id"]), article_id=str(e.get("article_id") or article.get("id") or ""),
        article_date=str(e.get("article_date") or article.get("date") or ""), title=article.get("title"),
        date=str(e.get("date") or ""), date_precision=str(e.get("date_precision") or ""),
        type=plover.get("type"), cameo=str(cameo.get("code") or ""), cameo_name=str(cameo.get("name") or ""),
        modality=str(e.get("modality") or ""), source=Party.from_dict(e.get("source")) or Party(text=""),
        target=Party.from_dict(e.get("target")), sentence=str(ev.get("sentence") or ""),
        trigger=str(ev.get("trigger") or ""), start=ev.get("start"), end=ev.get("end"),
        text=str(article.get("text") or ""))


def read_coded(path: str | Path, on_error: Callable[[InputError], None]) -> list[AuditEvent]:
    """The events of a coded JSON Lines file (one ``polevent code --format jsonl`` object a line).

    A bad line is reported through ``on_error`` (file:line and the reason) and skipped."""
    path = Path(path)
    try:
        content = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read ({exc.__class__.__name__})") from None
    out: list[AuditEvent] = []
    for n, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            on_error(InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("events"), list) \
                or not isinstance(obj.get("article"), dict):
            on_error(InputError(where, "expected a coded article: an object with 'article' and 'events' "
                                       "(the output of `polevent code --format jsonl`)"))
            continue
        for i, e in enumerate(obj["events"]):
            try:
                out.append(_event_from_dict(e, obj["article"]))
            except (KeyError, TypeError, AttributeError) as exc:
                on_error(InputError(f"{where}: event {i}", f"malformed event ({exc.__class__.__name__}: {exc})"))
    return out


_STORE_SQL = """
SELECT e.event_id, e.article_id, CAST(e.article_date AS VARCHAR), a.title, e.date, e.date_precision,
       e.plover_type, e.cameo_code, e.cameo_name, e.modality,
       e.source_text, e.source_country, e.source_code, e.source_sector, e.source_name,
       e.target_text, e.target_country, e.target_code, e.target_sector, e.target_name,
       e.sentence, e.trigger, e.start_char, e.end_char, a.text
FROM events e LEFT JOIN articles a ON a.id = e.article_id
ORDER BY e.event_id"""


def read_store(con) -> list[AuditEvent]:
    """The stored mentions (``events`` rows) with their article's title and text."""
    out = []
    for r in con.execute(_STORE_SQL).fetchall():
        src = Party(text=r[10] or "", country=r[11] or r[12], sector=r[13], name=r[14])
        tgt = None if r[15] is None and r[16] is None and r[17] is None else \
            Party(text=r[15] or "", country=r[16] or r[17], sector=r[18], name=r[19])
        out.append(AuditEvent(event_id=r[0], article_id=r[1], article_date=r[2] or "", title=r[3], date=r[4],
                              date_precision=r[5], type=r[6], cameo=r[7], cameo_name=r[8] or "",
                              modality=r[9] or "", source=src, target=tgt, sentence=r[20] or "",
                              trigger=r[21] or "", start=r[22], end=r[23], text=r[24] or ""))
    return out


def unique(events: Iterable[AuditEvent]) -> tuple[list[AuditEvent], int]:
    """The first event of each event_id (as the store keeps them) and how many repeats were dropped."""
    seen: dict[str, AuditEvent] = {}
    dropped = 0
    for e in events:
        if e.event_id in seen:
            dropped += 1
        else:
            seen[e.event_id] = e
    return list(seen.values()), dropped


def select(events: Iterable[AuditEvent], type: str | None = None, since: str | None = None,
           until: str | None = None) -> list[AuditEvent]:
    """Events of one PLOVER type and/or dated within [since, until] (YYYY-MM-DD, by their first day)."""
    out = []
    for e in events:
        if type and (e.type or "").upper() != type.upper():
            continue
        day = e.date[:10]
        if since and day < since:
            continue
        if until and day > until:
            continue
        out.append(e)
    return out


def draw(events: Iterable[AuditEvent], n: int, seed: int) -> list[AuditEvent]:
    """N events at random: a seeded shuffle of the events ordered by event_id, first N taken.

    Independent of the input order; the same seed with a larger N extends the same sample."""
    pool = sorted(events, key=lambda e: e.event_id)
    random.Random(seed).shuffle(pool)
    return pool[:max(0, n)]


@dataclass
class Verdict:
    event_id: str
    kinds: tuple[str, ...]
    note: str = ""

    @property
    def text(self) -> str:
        return "+".join(self.kinds)

    @property
    def right(self) -> bool:
        return self.kinds == ("right",)


def read_verdicts(path: str | Path, on_error: Callable[[InputError], None]) -> dict[str, Verdict]:
    """Verdicts of a CSV (columns event_id, verdict, note, ...; extra columns ignored), by event_id.

    A bad row (no event_id, unknown verdict, a second verdict for an event) is reported through
    ``on_error`` as file:line and the reason, and skipped."""
    path = Path(path)
    out: dict[str, Verdict] = {}
    first_line: dict[str, int] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            cols = {(c or "").strip().lower() for c in (reader.fieldnames or [])}
            missing = {"event_id", "verdict"} - cols
            if missing:
                raise InputError(str(path), f"CSV header lacks column(s) {', '.join(sorted(missing))}")
            try:
                for row in reader:
                    where = f"{path}:{reader.line_num}"
                    fields = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()
                              if isinstance(v, str) or v is None}
                    eid = fields.get("event_id", "")
                    if not eid:
                        on_error(InputError(where, "empty event_id"))
                        continue
                    try:
                        kinds = parse_verdict(fields.get("verdict", ""))
                    except ValueError as exc:
                        on_error(InputError(where, f"event {eid}: {exc}"))
                        continue
                    if eid in out:
                        on_error(InputError(where, f"event {eid}: second verdict (first at line {first_line[eid]}); "
                                                   f"the first is kept"))
                        continue
                    out[eid] = Verdict(eid, kinds, fields.get("note", ""))
                    first_line[eid] = reader.line_num
            except csv.Error as exc:
                on_error(InputError(f"{path}:{reader.line_num}", f"malformed CSV ({exc})"))
    except FileNotFoundError:
        raise InputError(str(path), "no such verdict file") from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"undecodable bytes at offset {exc.start} (expected UTF-8)") from None
    return out


class VerdictFile:
    """The CSV an interactive audit appends to: one row per judged event, written as it is given."""

    def __init__(self, path: str | Path, on_error: Callable[[InputError], None]):
        self.path = Path(path)
        self.verdicts = read_verdicts(self.path, on_error) if self.path.exists() else {}

    def add(self, event: AuditEvent, verdict: Verdict) -> None:
        new = not self.path.exists() or self.path.stat().st_size == 0
        if not new:  # a hand-edited file may lack its last line end
            with self.path.open("rb") as fh:
                fh.seek(-1, 2)
                open_line = fh.read(1) not in (b"\n", b"\r")
        with self.path.open("a", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            if new:
                w.writerow(CSV_COLUMNS)
            elif open_line:
                fh.write("\n")
            w.writerow(verdict_row(event, verdict))
        self.verdicts[event.event_id] = verdict


def verdict_row(event: AuditEvent, verdict: Verdict) -> list[str]:
    return [event.event_id, verdict.text, verdict.note, event.article_id, event.type or "", event.cameo,
            event.source.short(), event.target.short() if event.target else "", " ".join(event.sentence.split())]


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for k successes in n trials (None when n is 0)."""
    if n <= 0:
        return None
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (0.0 if k == 0 else centre - half), (1.0 if k == n else centre + half)


def _share(k: int, n: int) -> dict:
    ci = wilson(k, n)
    return {"count": k, "share": (k / n) if n else None, "ci95": list(ci) if ci else None}


def summarise(sample: list[AuditEvent], verdicts: dict[str, Verdict], population: int) -> dict:
    """Precision, error kinds and per-type precision over the judged events of ``sample``."""
    judged = [(e, verdicts[e.event_id]) for e in sample if e.event_id in verdicts]
    n = len(judged)
    right = sum(v.right for _, v in judged)
    errors = {k: _share(sum(k in v.kinds for _, v in judged), n) for k in ERROR_KINDS}
    not_of_kind = sum(("no_event" in v.kinds or "wrong_type" in v.kinds) for _, v in judged)
    by_type: dict[str, dict] = {}
    for t in sorted({e.type or "(none)" for e, _ in judged}):
        rows = [v for e, v in judged if (e.type or "(none)") == t]
        ci = wilson(sum(v.right for v in rows), len(rows))
        by_type[t] = {"judged": len(rows), "right": sum(v.right for v in rows),
                      "precision": sum(v.right for v in rows) / len(rows), "ci95": list(ci) if ci else None,
                      **{k: sum(k in v.kinds for v in rows) for k in ERROR_KINDS}}
    ci = wilson(right, n)
    return {"population": population, "drawn": len(sample), "judged": n, "unjudged": len(sample) - n,
            "precision": {"right": right, "judged": n, "value": (right / n) if n else None,
                          "ci95": list(ci) if ci else None},
            "errors": errors, "not_real_event_of_kind": _share(not_of_kind, n), "by_type": by_type}


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f} %"


def _ci(ci) -> str:
    return "-" if not ci else f"{100 * ci[0]:.1f}-{100 * ci[1]:.1f} %"


def format_summary(s: dict) -> str:
    from .io.writers import format_table

    p = s["precision"]
    lines = [f"events: {s['population']} in the input, {s['drawn']} drawn, {s['judged']} judged, "
             f"{s['unjudged']} not judged yet",
             f"fully right: {p['right']} of {p['judged']} = {_pct(p['value'])} (95 % Wilson interval {_ci(p['ci95'])})",
             ""]
    rows = [{"error kind": k, "events": v["count"], "share": _pct(v["share"]), "95 % interval": _ci(v["ci95"])}
            for k, v in s["errors"].items()]
    nk = s["not_real_event_of_kind"]
    rows.append({"error kind": "no_event or wrong_type", "events": nk["count"], "share": _pct(nk["share"]),
                 "95 % interval": _ci(nk["ci95"])})
    lines.append(format_table(rows, ("error kind", "events", "share", "95 % interval"), width=40))
    lines.append("")
    trows = [{"type": t, "judged": v["judged"], "right": v["right"], "precision": _pct(v["precision"]),
              "95 % interval": _ci(v["ci95"]), **{k: v[k] for k in ERROR_KINDS}} for t, v in s["by_type"].items()]
    if trows:
        lines.append(format_table(trows, ("type", "judged", "right", "precision", "95 % interval") + ERROR_KINDS,
                                  width=40))
    return "\n".join(lines)


# --- showing an event -----------------------------------------------------------------------------

PLAIN = {"source": ("«", "»"), "trigger": ("[", "]"), "target": ("‹", "›")}
ANSI = {"source": ("\x1b[1;36m", "\x1b[0m"), "trigger": ("\x1b[1;33m", "\x1b[0m"),
        "target": ("\x1b[1;35m", "\x1b[0m")}


def _find(sentence: str, needle: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first occurrence of ``needle`` (exact, then ignoring case) not overlapping ``taken``."""
    if not needle:
        return None
    for hay, pin in ((sentence, needle), (sentence.lower(), needle.lower())):
        i = hay.find(pin)
        while i >= 0:
            j = i + len(pin)
            if all(j <= a or i >= b for a, b in taken):
                return i, j
            i = hay.find(pin, i + 1)
    return None


def highlight(event: AuditEvent, color: bool = False) -> str:
    """The sentence with the trigger and the actors marked (ANSI colours or plain brackets)."""
    marks = ANSI if color else PLAIN
    spans: list[tuple[int, int, str]] = []
    words = [("trigger", event.trigger), ("source", event.source.text),
             ("target", event.target.text if event.target else "")]
    for kind, needle in words:
        found = _find(event.sentence, needle, [(a, b) for a, b, _ in spans])
        if not found and kind == "trigger" and " " in needle:  # a multi-word trigger: mark its first word
            found = _find(event.sentence, needle.split()[0], [(a, b) for a, b, _ in spans])
        if found:
            spans.append((*found, kind))
    out, pos = [], 0
    for a, b, kind in sorted(spans):
        open_, close = marks[kind]
        out += [event.sentence[pos:a], open_, event.sentence[a:b], close]
        pos = b
    out.append(event.sentence[pos:])
    return " ".join("".join(out).split())


def describe(event: AuditEvent, index: int, total: int, color: bool = False) -> str:
    tgt = event.target.label() if event.target else "none"
    return "\n".join([
        f"[{index}/{total}] {event.article_id}  {event.article_date}  {event.heading()}",
        f"  {highlight(event, color)}",
        f"  type {event.type or '-'}  cameo {event.cameo} ({event.cameo_name})  date {event.date} "
        f"({event.date_precision})  modality {event.modality}",
        f"  source {event.source.label()}  ->  target {tgt}",
    ])


HELP = ("r right   t wrong type   s wrong source   g wrong target   n no event   "
        "(t, s, g combine: 'sg'); add a note after a space: 'g target is the YPG'\n"
        "c context (the article around the sentence)   x skip   q quit   ? this help")
PROMPT = "verdict [r t s g n, c x q ?]: "


def judge(sample: list[AuditEvent], store: VerdictFile, ask: Callable[[str], str], say: Callable[[str], None],
          color: bool = False) -> tuple[int, bool]:
    """Ask for a verdict on each event of ``sample`` not judged yet; returns (new verdicts, quit early)."""
    todo = [e for e in sample if e.event_id not in store.verdicts]
    if len(todo) < len(sample):
        say(f"{len(sample) - len(todo)} of {len(sample)} events already judged in {store.path}")
    added = 0
    for i, event in enumerate(todo, start=1):
        say("")
        say(describe(event, i, len(todo), color))
        while True:
            try:
                answer = ask(PROMPT)
            except EOFError:
                return added, True
            key, _, note = answer.strip().partition(" ")
            key = key.lower()
            if key == "q":
                return added, True
            if key == "x":
                break
            if key in ("?", "h", ""):
                say(HELP)
                continue
            if key == "c":
                before, after = event.context()
                say(f"  …{' '.join(before.split())} >>> {' '.join(event.sentence.split())} <<< "
                    f"{' '.join(after.split())}…")
                continue
            try:
                kinds = parse_verdict(key)
            except ValueError as exc:
                say(f"  {exc}")
                continue
            store.add(event, Verdict(event.event_id, kinds, note.strip()))
            added += 1
            break
    return added, False


def default_verdict_path(source: str | Path) -> Path:
    """The verdict CSV kept next to a store or coded file: ``<file>.audit.csv``."""
    return Path(f"{source}.audit.csv")

