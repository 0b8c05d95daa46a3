"""Score coded events against a gold file (``polevent eval``). Rules and rationale: docs/eval.md.

Gold items are matched to coded articles by id. Per item, gold and predicted events are reduced to
(source country, type, target country) and compared as multisets; "type" is the PLOVER type for
PLOVER gold and the CAMEO root for CAMEO gold. PENTA gold (five classes, actor spans) is scored in
``evaluate_penta``; confidence reliability in ``reliability``. Pure functions: nothing here prints.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Protocol, Sequence

from .calibration_report import Reliability, format_reliability, reliability
from .errors import GoldError
from .model import Actor, Article, CodedArticle, Event

SCHEMES = ("PLOVER", "CAMEO", "PENTA")
#: PENTA gold has no dates (``date: null``); its texts are from about 2017-2019, so they are coded
#: with this fixed article date.
PENTA_PLACEHOLDER_DATE = dt.date(2018, 1, 1)
#: Modalities that are not claims that something happened or will happen; never scored.
UNSCORED_MODALITIES = frozenset({"negated", "hypothetical"})
#: Older CAMEO / gold country codes -> ISO 3166-1 alpha-3 (facts; JAP, ITL, VTN occur in PLOVER gold).
COUNTRY_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "TMP": "TLS", "ROM": "ROU",
                   "ZAR": "COD", "KSV": "XKX", "KOS": "XKX"}
#: Organisation prefixes folded into one token: PLOVER gold codes the UN, NATO, the Red Cross and
#: Amnesty International all as "IGO", so IGO vs NGO is not a distinction the gold makes.
ORG_PREFIXES = ("IGO", "NGO")
ORG = "IGO"
NONE = "-"  # label of "no event" in the confusion table


# ---------------------------------------------------------------------------- gold records
@dataclass(frozen=True)
class GoldEvent:
    code: str  # PLOVER type or CAMEO code, as in the file
    source: str | None  # actor code as in the file (USA, USAGOV, IGOUNO, ---REB)
    target: str | None


@dataclass(frozen=True)
class GoldItem:
    id: str
    scheme: str  # PLOVER | CAMEO | PENTA
    date: dt.date
    text: str
    events: tuple[GoldEvent, ...]
    no_event: bool
    reciprocal: bool = False  # target-less events are one joint act among their sources
    # PENTA gold only: the class 0-4 and the annotated actor phrases (None: not annotated)
    penta_class: int | None = None
    source_spans: tuple[str, ...] | None = None
    target_spans: tuple[str, ...] | None = None


def load_gold(path: str | Path) -> list[GoldItem]:
    """Read a gold JSONL file; raise GoldError naming file:line and the reason on a bad line."""
    items: list[GoldItem] = []
    seen: dict[str, int] = {}
    try:
        fh = open(path, encoding="utf-8")
    except OSError as err:
        raise GoldError(f"{path}: cannot read the gold file ({err.strerror})") from None
    with fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            item = _parse_item(line, where)
            if item.id in seen:
                raise GoldError(f"{where}: duplicate id {item.id!r} (first on line {seen[item.id]})")
            if items and item.scheme != items[0].scheme:
                raise GoldError(f"{where}: scheme {item.scheme} differs from {items[0].scheme} above")
            seen[item.id] = lineno
            items.append(item)
    if not items:
        raise GoldError(f"{path}: no gold items")
    return items


def _parse_item(line: str, where: str) -> GoldItem:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise GoldError(f"{where}: not valid JSON ({err.msg})") from None
    if not isinstance(obj, dict):
        raise GoldError(f"{where}: expected a JSON object")
    for key in ("id", "text"):
        if not isinstance(obj.get(key), str) or not obj[key].strip():
            raise GoldError(f"{where}: field {key!r} must be a non-empty string")
    if obj.get("scheme") not in SCHEMES:
        raise GoldError(f"{where}: scheme must be one of {', '.join(SCHEMES)}, not {obj.get('scheme')!r}")
    if obj["scheme"] == "PENTA":
        return _parse_penta(obj, where)
    if not isinstance(obj.get("events"), list):
        raise GoldError(f"{where}: field 'events' must be a list")
    events = tuple(_parse_event(e, f"{where}: event {n}") for n, e in enumerate(obj["events"], 1))
    no_event = obj.get("no_event", not events)
    if not isinstance(no_event, bool) or no_event == bool(events):
        raise GoldError(f"{where}: no_event={no_event!r} contradicts {len(events)} event(s)")
    return GoldItem(id=obj["id"], scheme=obj["scheme"], date=_parse_date(obj.get("date"), where),
                    text=obj["text"], events=events, no_event=no_event,
                    reciprocal=bool(obj.get("reciprocal")))


def _parse_penta(obj: dict, where: str) -> GoldItem:
    """A PENTA item: ``penta_class`` 0-4, span lists (or null), no ``events``; a null date is the placeholder."""
    cls = obj.get("penta_class")
    if isinstance(cls, bool) or not isinstance(cls, int) or not 0 <= cls <= 4:
        raise GoldError(f"{where}: penta_class must be an integer 0-4, not {cls!r}")
    spans = {key: _parse_spans(obj.get(key), f"{where}: {key}") for key in ("source_spans", "target_spans")}
    date = PENTA_PLACEHOLDER_DATE if obj.get("date") is None else _parse_date(obj["date"], where)
    return GoldItem(id=obj["id"], scheme="PENTA", date=date, text=obj["text"], events=(), no_event=False,
                    penta_class=cls, **spans)


def _parse_spans(value: object, where: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise GoldError(f"{where} must be a list of strings or null")
    return tuple(value)


def _parse_event(obj: object, where: str) -> GoldEvent:
    if not isinstance(obj, dict) or not isinstance(obj.get("code"), str) or not obj["code"].strip():
        raise GoldError(f"{where}: needs a non-empty string 'code'")
    for key in ("source", "target"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise GoldError(f"{where}: {key!r} must be a string or null")
    return GoldEvent(code=obj["code"].strip(), source=obj.get("source"), target=obj.get("target"))


def _parse_date(value: object, where: str) -> dt.date:
    """ISO date; compact YYYYMMDD / YYMMDD (TABARI-style, one PETR2 item) are accepted too."""
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%Y%m%d", "%y%m%d"):
            try:
                return dt.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    raise GoldError(f"{where}: date {value!r} is not YYYY-MM-DD")


# ---------------------------------------------------------------------------- normalisation
def normalise_country(code: str | None) -> str | None:
    """Actor code -> the country token scored: USAGOV -> USA, IGOUNO -> IGO, ---REB -> None."""
    if not code or not code.strip():
        return None
    code = code.strip().upper()
    if code.startswith("---"):
        return None
    head = code[:3]
    if head in ORG_PREFIXES:
        return ORG
    return COUNTRY_ALIASES.get(head, head)


def actor_country(actor: Actor | None) -> str | None:
    """The country token of a predicted actor: IGOs -> IGO, else country, else its CAMEO code."""
    if actor is None:
        return None
    if actor.kind == "igo":
        return ORG
    token = normalise_country(actor.country) or normalise_country(actor.code)
    if token is None and actor.kind == "ngo":
        return ORG
    return token


@dataclass(frozen=True)
class Scored:
    """One event reduced to what is scored."""

    source: str | None
    type: str
    target: str | None
    code: str | None = None  # full CAMEO code (CAMEO gold only)


def _joint(members: Iterable[str | None], type_: str, code: str | None) -> list[Scored]:
    """A joint act among members: every ordered pair (A and B -> A->B, B->A), as PETR2 gold codes it."""
    people = sorted(set(members), key=lambda m: m or "")
    if len(people) < 2:
        return [Scored(m, type_, None, code) for m in people]
    return [Scored(a, type_, b, code) for a, b in itertools.permutations(people, 2)]


def _gold_type(scheme: str, code: str) -> tuple[str, str | None]:
    return (code[:2], code) if scheme == "CAMEO" else (code.upper(), None)


def gold_events(item: GoldItem) -> list[Scored]:
    out: list[Scored] = []
    groups: dict[tuple[str, str | None], list[str | None]] = {}
    for ev in item.events:
        type_, code = _gold_type(item.scheme, ev.code)
        src, tgt = normalise_country(ev.source), normalise_country(ev.target)
        if item.reciprocal and ev.target is None:
            groups.setdefault((type_, code), []).append(src)
        else:
            out.append(Scored(src, type_, tgt, code))
    for (type_, code), members in groups.items():
        out.extend(_joint(members, type_, code))
    return out


def _predicted_type(scheme: str, event: Event) -> tuple[str | None, str | None]:
    if scheme == "CAMEO":
        code = getattr(event.cameo, "code", None) or None
        root = getattr(event.cameo, "root", None) or (code[:2] if code else None)
        return root, code
    return getattr(event.plover, "type", None) or None, None


def is_scored(scheme: str, event: Event) -> bool:
    """Negated and hypothetical events, and events with no type in the gold's scheme, are not scored."""
    return event.modality not in UNSCORED_MODALITIES and _predicted_type(scheme, event)[0] is not None


def predicted_events(scheme: str, events: Iterable[Event]) -> list[Scored]:
    """Reciprocal predictions become both directions (A->B rec, or A/B rec with no target, or both)."""
    out: list[Scored] = []
    groups: dict[tuple, list[str | None]] = {}
    pairs: set[tuple] = set()
    for ev in events:
        if not is_scored(scheme, ev):
            continue
        type_, code = _predicted_type(scheme, ev)
        src, tgt = actor_country(ev.source), actor_country(ev.target)
        if not ev.reciprocal:
            out.append(Scored(src, type_, tgt, code))
        elif ev.target is None:
            groups.setdefault((type_, code, ev.evidence.sentence_index), []).append(src)
        else:
            pairs.add((type_, code, *sorted((src, tgt), key=lambda m: m or "")))
    for (type_, code, _), members in groups.items():
        out.extend(_joint(members, type_, code))
    for type_, code, a, b in sorted(pairs, key=str):
        out += [Scored(a, type_, b, code), Scored(b, type_, a, code)]
    return out


# ---------------------------------------------------------------------------- per-event correctness
class Judged(NamedTuple):
    """One scored prediction and whether it was right (the input of a calibration fit)."""

    item_id: str
    event: dict  # Event.to_dict()
    correct: bool


def _covered_triples(scheme: str, events: Sequence[Event]) -> list[set[tuple]]:
    """Per event, the gold triples it would stand for (reciprocal events cover both directions;
    a target-less reciprocal member covers its pairs with the other members of its group)."""
    groups: dict[tuple, set[str | None]] = {}
    for ev in events:
        if ev.reciprocal and ev.target is None:
            type_, code = _predicted_type(scheme, ev)
            groups.setdefault((type_, code, ev.evidence.sentence_index), set()).add(actor_country(ev.source))
    out = []
    for ev in events:
        type_, code = _predicted_type(scheme, ev)
        src, tgt = actor_country(ev.source), actor_country(ev.target)
        if ev.reciprocal and ev.target is None:
            others = groups[(type_, code, ev.evidence.sentence_index)] - {src}
            out.append({(src, type_, m) for m in others} if others else {(src, type_, None)})
        elif ev.reciprocal:
            out.append({(src, type_, tgt), (tgt, type_, src)})
        else:
            out.append({(src, type_, tgt)})
    return out


def judge_events(item: GoldItem, events: Sequence[Event]) -> list[tuple[Event, bool]]:
    """Each scored prediction of a PLOVER/CAMEO item with whether its (source, type, target) triple
    matches a gold triple. Each gold triple makes at most one prediction right; predictions claim
    them in descending confidence (ties in article order). Unscored predictions are left out."""
    scored = [ev for ev in events if is_scored(item.scheme, ev)]
    available = Counter((e.source, e.type, e.target) for e in gold_events(item))
    covered = _covered_triples(item.scheme, scored)
    right = [False] * len(scored)
    for i in sorted(range(len(scored)), key=lambda i: -scored[i].confidence):
        hit = next((t for t in sorted(covered[i], key=str) if available[t] > 0), None)
        if hit is not None:
            available[hit] -= 1
            right[i] = True
    return list(zip(scored, right))


def judge(items: Sequence[GoldItem], predictions: dict[str, list[Event]]) -> list[Judged]:
    """Every scored prediction with whether it was right, in gold order (any scheme). For PENTA gold,
    only each item's chosen event is judged (see ``evaluate_penta.judge_penta``)."""
    if items and items[0].scheme == "PENTA":
        from .evaluate_penta import judge_penta

        return judge_penta(items, predictions)
    return [Judged(item.id, ev.to_dict(), ok) for item in items
            for ev, ok in judge_events(item, predictions.get(item.id, []))]


def _reliability_of(judged: Iterable[Judged]) -> Reliability:
    return reliability((j.event["confidence"], j.correct) for j in judged)


# ---------------------------------------------------------------------------- counting
@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @classmethod
    def of(cls, gold: Counter, pred: Counter) -> "Counts":
        tp = sum((gold & pred).values())
        return cls(tp, sum(pred.values()) - tp, sum(gold.values()) - tp)

    @property
    def precision(self) -> float | None:  # None: nothing predicted, precision undefined
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:  # None: nothing to find
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else None

    def to_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


METRICS = ("type", "source", "target", "triple", "cameo_full")


def _multisets(events: Sequence[Scored]) -> dict[str, Counter]:
    return {
        "type": Counter(e.type for e in events),
        "source": Counter(e.source for e in events if e.source is not None),
        "target": Counter(e.target for e in events if e.target is not None),
        "triple": Counter((e.source, e.type, e.target) for e in events),
        "cameo_full": Counter(e.code for e in events if e.code is not None),
    }


def align(gold: Sequence[Scored], pred: Sequence[Scored]) -> list[tuple[str | None, str | None]]:
    """Pair gold and predicted events for the confusion table: same type first (so the diagonal equals
    type true positives), then by shared actors; leftovers pair with None (missed / spurious)."""
    def weight(g: Scored, p: Scored) -> int:
        return 4 * (g.type == p.type) + 2 * (g.source == p.source) + (g.target == p.target)

    candidates = sorted(((weight(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)),
                        key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((gold[i].type, pred[j].type))
    pairs += [(g.type, None) for i, g in enumerate(gold) if i not in used_g]
    pairs += [(None, p.type) for j, p in enumerate(pred) if j not in used_p]
    return pairs


# ---------------------------------------------------------------------------- report
@dataclass
class Report:
    scheme: str
    items: int
    metrics: dict[str, Counts]  # type, source, target, triple (+ cameo_full for CAMEO gold)
    no_event: Counts
    confusion: Counter = field(default_factory=Counter)  # (gold type|None, predicted type|None) -> n
    ignored: int = 0  # predictions not scored (negated, hypothetical, no type in the scheme)
    reliability: Reliability = field(default_factory=lambda: reliability([]))

    def per_type(self) -> dict[str, Counts]:
        types = sorted({t for pair in self.confusion for t in pair if t is not None})
        out = {}
        for t in types:
            tp = self.confusion[(t, t)]
            gold = sum(n for (g, _), n in self.confusion.items() if g == t)
            pred = sum(n for (_, p), n in self.confusion.items() if p == t)
            out[t] = Counts(tp, pred - tp, gold - tp)
        return out

    def to_dict(self) -> dict:
        """The ``polevent eval --json`` shape (contract keys first, then extras)."""
        out: dict = {"items": self.items}
        out.update({k: c.to_dict() for k, c in self.metrics.items()})
        out["no_event"] = self.no_event.to_dict()
        out["scheme"] = self.scheme
        out["ignored_predictions"] = self.ignored
        out["per_type"] = {t: c.to_dict() for t, c in self.per_type().items()}
        matrix: dict[str, dict[str, int]] = {}
        for (g, p), n in sorted(self.confusion.items(), key=str):
            matrix.setdefault(g or NONE, {})[p or NONE] = n
        out["confusion"] = matrix
        out.update(self.reliability.to_dict())
        return out

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def score(items: Sequence[GoldItem], predictions: dict[str, list[Event]]):
    """Score predictions (article id -> events) against gold items. Missing ids predict nothing.
    Returns a ``Report`` (PLOVER/CAMEO gold) or an ``evaluate_penta.PentaReport`` (PENTA gold)."""
    scheme = items[0].scheme if items else SCHEMES[0]
    if scheme == "PENTA":
        from .evaluate_penta import score_penta

        return score_penta(items, predictions)
    names = METRICS if scheme == "CAMEO" else METRICS[:-1]
    totals = {name: Counts() for name in names}
    no_event, confusion, ignored = Counts(), Counter(), 0
    for item in items:
        raw = predictions.get(item.id, [])
        pred = predicted_events(item.scheme, raw)
        ignored += sum(not is_scored(item.scheme, ev) for ev in raw)
        gold = gold_events(item)
        g_sets, p_sets = _multisets(gold), _multisets(pred)
        for name in names:
            totals[name] += Counts.of(g_sets[name], p_sets[name])
        silent = not pred  # the coder says: no event here
        no_event += Counts(int(item.no_event and silent), int(silent and not item.no_event),
                           int(item.no_event and not silent))
        confusion.update(align(gold, pred))
    return Report(scheme, len(items), totals, no_event, confusion, ignored,
                  _reliability_of(judge(items, predictions)))


class _Coder(Protocol):
    def code(self, articles: Iterable[Article]) -> Iterator[CodedArticle]: ...


def code_gold(items: Sequence[GoldItem], coder: _Coder) -> dict[str, list[Event]]:
    """Code each item's text as an article (id, date and text from the item): id -> events."""
    articles = [Article(id=it.id, date=it.date, text=it.text) for it in items]
    return {coded.article.id: coded.events for coded in coder.code(articles)}


def evaluate(path: str | Path, coder: _Coder):
    """Load gold, code each item's text as an article, score (a ``Report`` or ``PentaReport``)."""
    items = load_gold(path)
    return score(items, code_gold(items, coder))


def judged_predictions(path: str | Path, coder: _Coder) -> list[Judged]:
    """For a gold file and a coder: every scored prediction as (item_id, event dict, correct)."""
    items = load_gold(path)
    return judge(items, code_gold(items, coder))


# ---------------------------------------------------------------------------- text output
def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.3f}"


def _short_labels(labels: Sequence[str]) -> dict[str, str]:
    """Shortest unique prefixes (at least 4 characters) to keep the confusion table narrow."""
    for width in range(4, max(map(len, labels), default=4) + 1):
        short = {label: label[:width] for label in labels}
        if len(set(short.values())) == len(labels):
            return short
    return {label: label for label in labels}


def format_report(report) -> str:
    """Human-readable summary, a gold x predicted type confusion table and the reliability table."""
    if not isinstance(report, Report):
        from .evaluate_penta import format_penta

        return format_penta(report)
    lines = [f"{report.items} gold items ({report.scheme}); "
             f"{report.ignored} predictions not scored (negated, hypothetical or untyped)",
             f"{'':10} {'P':>5} {'R':>5} {'F1':>5} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name, c in [*report.metrics.items(), ("no_event", report.no_event)]:
        lines.append(f"{name:10} {_fmt(c.precision)} {_fmt(c.recall)} {_fmt(c.f1)} "
                     f"{c.tp:5d} {c.fp:5d} {c.fn:5d}")
    lines += ["", *_confusion_lines(report.confusion), "", *format_reliability(report.reliability)]
    return "\n".join(lines)


def _confusion_lines(confusion: Counter) -> list[str]:
    types = sorted({t for pair in confusion for t in pair if t is not None})
    labels = [*types, None]
    short = _short_labels(types)
    head = [short.get(t, NONE) if t else NONE for t in labels]
    width = max(4, *(len(h) for h in head))
    corner = "gold \\ pred"
    row_w = max([len(t) for t in types] + [len(corner)])
    out = [f"confusion: rows gold type, columns predicted type ({NONE} = none)",
           f"{corner:{row_w}} " + " ".join(f"{h:>{width}}" for h in head)]
    for g in labels:
        cells = [confusion[(g, p)] for p in labels]
        if any(cells):
            out.append(f"{g or NONE:{row_w}} " + " ".join(f"{n or '.':>{width}}" for n in cells))
    return out
