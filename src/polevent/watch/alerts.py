"""Alert rules for ``polevent watch --alert RULES``: which newly stored events to report.

A rules file is YAML (``.yaml``/``.yml``) or TOML (``.toml``) holding ``rules``, a list of rules (a
YAML file may also be the list itself). A rule is a mapping; every condition it names must hold, and
a list inside a condition means any of its values:

    name           label written with each alert (default: rule-N)
    dyad           KAZ-TJK (either direction; source and target countries), or a list of them
    type           PLOVER type(s): [ASSAULT, FIGHT]
    cameo          CAMEO code prefix(es): "19", ["18", "19"], "057"
    country        country code(s) on either side or where it happened: ARM
    actor          country or actor code(s) on either side: KAZGOV, KAZ
    modality       asserted | intended | scheduled | negated | hypothetical, or a list
    min_goldstein, max_goldstein   bounds on the CAMEO Goldstein score (-10..10)
    min_confidence                 lowest coder confidence (0..1)

Each matching event is one JSON line (``alert_line``): the rule names that matched, the event in the
output shape of ``polevent code``, and its article's id, date, title, url and source.
"""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..errors import AlertError
from ..model import Article, CodedArticle, Event

MODALITIES = {"asserted", "intended", "scheduled", "negated", "hypothetical"}
LIST_KEYS = {"dyad", "type", "cameo", "country", "actor", "modality"}
NUMBER_KEYS = {"min_goldstein", "max_goldstein", "min_confidence"}
KEYS = LIST_KEYS | NUMBER_KEYS | {"name"}


@dataclass(frozen=True)
class Rule:
    name: str
    dyads: frozenset[frozenset[str]] = frozenset()
    types: frozenset[str] = frozenset()
    cameo: tuple[str, ...] = ()
    countries: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    modality: frozenset[str] = frozenset()
    min_goldstein: float | None = None
    max_goldstein: float | None = None
    min_confidence: float | None = None

    def matches(self, e: Event) -> bool:
        src = e.source.country if e.source else None
        tgt = e.target.country if e.target else None
        if self.dyads and frozenset((src, tgt)) not in self.dyads:
            return False
        if self.types and e.plover.type not in self.types:
            return False
        if self.cameo and not e.cameo.code.startswith(self.cameo):
            return False
        place = e.location.country if e.location else None
        if self.countries and not self.countries & {src, tgt, place}:
            return False
        codes = {src, tgt, e.source.code if e.source else None, e.target.code if e.target else None}
        if self.actors and not self.actors & codes:
            return False
        if self.modality and e.modality not in self.modality:
            return False
        if self.min_goldstein is not None and e.cameo.goldstein < self.min_goldstein:
            return False
        if self.max_goldstein is not None and e.cameo.goldstein > self.max_goldstein:
            return False
        return self.min_confidence is None or e.confidence >= self.min_confidence


def _values(where: str, key: str, value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, (str, int)) and str(v).strip() for v in values):
        raise AlertError(f"{where}: {key} must be a word or a list of words")
    return [str(v).strip() for v in values]


def _dyad(where: str, text: str) -> frozenset[str]:
    parts = text.upper().split("-")
    if len(parts) != 2 or not all(parts) or parts[0] == parts[1]:
        raise AlertError(f"{where}: dyad {text!r}: expected two different codes like KAZ-TJK")
    return frozenset(parts)


def rule_from(raw: Any, where: str, plover_types: frozenset[str]) -> Rule:
    """One rule from its parsed mapping; ``where`` names it in errors (file and rule number)."""
    if not isinstance(raw, dict) or not raw:
        raise AlertError(f"{where}: a rule must be a mapping of conditions such as dyad: KAZ-TJK")
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise AlertError(f"{where}: unknown key(s) {', '.join(map(str, unknown))} (known: {', '.join(sorted(KEYS))})")
    if not set(raw) - {"name"}:
        raise AlertError(f"{where}: a rule needs at least one condition")
    lists = {k: _values(where, k, raw[k]) for k in LIST_KEYS if k in raw}
    numbers = {}
    for k in NUMBER_KEYS & set(raw):
        if isinstance(raw[k], bool) or not isinstance(raw[k], (int, float)):
            raise AlertError(f"{where}: {k} must be a number")
        numbers[k] = float(raw[k])
    types = {t.upper() for t in lists.get("type", [])}
    if plover_types and types - plover_types:
        raise AlertError(f"{where}: unknown PLOVER type(s) {', '.join(sorted(types - plover_types))} "
                         f"(known: {', '.join(sorted(plover_types))})")
    cameo = tuple(lists.get("cameo", []))
    if not all(c.isdigit() for c in cameo):
        raise AlertError(f"{where}: cameo must be CAMEO codes or prefixes such as 19 or 057")
    modality = {m.lower() for m in lists.get("modality", [])}
    if modality - MODALITIES:
        raise AlertError(f"{where}: unknown modality {', '.join(sorted(modality - MODALITIES))}")
    name = raw.get("name")
    return Rule(name=str(name) if name not in (None, "") else where.rsplit(" ", 1)[-1],
                dyads=frozenset(_dyad(where, d) for d in lists.get("dyad", [])), types=frozenset(types),
                cameo=cameo, countries=frozenset(c.upper() for c in lists.get("country", [])),
                actors=frozenset(a.upper() for a in lists.get("actor", [])), modality=frozenset(modality),
                **numbers)


def load_rules(path: str | Path, plover_types: frozenset[str] = frozenset()) -> list[Rule]:
    """The rules of a YAML or TOML file; AlertError naming the file (and rule) when it is malformed."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AlertError(f"{path}: cannot read alert rules ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        doc = tomllib.loads(text) if path.suffix.lower() == ".toml" else yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        reason = " ".join(str(exc).split())
        raise AlertError(f"{path}: malformed {'TOML' if path.suffix.lower() == '.toml' else 'YAML'} ({reason})") \
            from None
    rules = doc.get("rules") if isinstance(doc, dict) else doc
    if not isinstance(rules, list) or not rules:
        raise AlertError(f"{path}: expected a list of rules under 'rules'")
    out = [rule_from(r, f"{path}: rule-{n}", plover_types) for n, r in enumerate(rules, start=1)]
    names = [r.name for r in out]
    if len(set(names)) != len(names):
        raise AlertError(f"{path}: two rules have the same name")
    return out


def _article(a: Article) -> dict[str, Any]:
    return {"id": a.id, "date": a.date.isoformat(), "title": a.title, "url": a.url, "source": a.source}


def matches(rules: Iterable[Rule], stored: Iterable[CodedArticle]) -> Iterable[dict[str, Any]]:
    """One alert per event of ``stored`` that some rule matches, in article and sentence order."""
    rules = list(rules)
    for c in stored:
        for e in c.events:
            names = [r.name for r in rules if r.matches(e)]
            if names:
                yield {"rules": names, "event": e.to_dict(), "article": _article(c.article)}


def alert_line(alert: dict[str, Any]) -> str:
    return json.dumps(alert, ensure_ascii=False, sort_keys=False)
