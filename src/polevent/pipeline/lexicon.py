"""The trigger lexicon: verb and event-noun lemmas -> CAMEO code, optionally cued by object words.

Data: ``data/triggers.csv`` (columns lemma, pos, cue, cameo, roles, note, source). An entry with a cue
("sign" + agreement|treaty|...) applies only when a cue lemma is among the trigger's object or
complement words; an entry without a cue is the lemma's default. Cued entries win. ``roles`` is
empty (subject = source, object = target) or ``from-source`` ("X received weapons from Y": Y is the
source, X the target). A cued entry with cameo ``none`` is a sense of the word that reports no
act ("released a statement", "meet the tests", "demonstrates how reckless"): when its cue meets
the context, the word is not a trigger.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable

from ..errors import DataError

POS = {"VERB", "NOUN"}
NO_EVENT = "none"  # the cameo of a sense that reports no act
ROLES = {"", "from-source"}


@dataclass(frozen=True)
class TriggerEntry:
    lemma: str
    pos: str
    cue: frozenset[str]
    cameo: str
    note: str = ""
    roles: str = ""

    @property
    def rule(self) -> str:
        return self.rule_for(set())

    def rule_for(self, context: set[str]) -> str:
        """The rule name, with the cue word that matched ("lexicon:verb:sign[declaration]->057")."""
        hit = sorted(self.cue & context) or sorted(self.cue)
        cue = f"[{hit[0]}]" if hit else ""
        return f"lexicon:{self.pos.lower()}:{self.lemma}{cue}->{self.cameo}"


class VerbLexicon:
    def __init__(self, entries: Iterable[TriggerEntry]):
        self._by_key: dict[tuple[str, str], list[TriggerEntry]] = defaultdict(list)
        for e in entries:
            self._by_key[(e.lemma, e.pos)].append(e)
        for lst in self._by_key.values():  # cued entries first, then by cue size (specific first)
            lst.sort(key=lambda e: (not e.cue, len(e.cue)))

    @classmethod
    def load(cls, path: Path | None = None, known_codes: Iterable[str] | None = None) -> "VerbLexicon":
        src = path or resources.files("polevent.data").joinpath("triggers.csv")
        codes = set(known_codes) if known_codes is not None else None
        entries = []
        with src.open(encoding="utf-8") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                if None in row:
                    raise DataError(f"{src}: line {n}: more fields than the header (quote a note that has a comma)")
                lemma, pos, code = (row.get("lemma") or "").strip().lower(), (row.get("pos") or "").strip(), (row.get("cameo") or "").strip()
                if code == NO_EVENT and not (row.get("cue") or "").strip():
                    raise DataError(f"{src}: line {n}: a '{NO_EVENT}' sense needs a cue")
                if not lemma or pos not in POS or not (code.isdigit() or code == NO_EVENT):
                    raise DataError(f"{src}: line {n}: needs lemma, pos (VERB|NOUN) and a CAMEO code")
                if codes is not None and code not in codes and code != NO_EVENT:
                    raise DataError(f"{src}: line {n}: unknown CAMEO code {code}")
                cue = frozenset(c.strip().lower() for c in (row.get("cue") or "").split("|") if c.strip())
                roles = (row.get("roles") or "").strip()
                if roles not in ROLES:
                    raise DataError(f"{src}: line {n}: roles must be one of {sorted(ROLES)}")
                entries.append(TriggerEntry(lemma, pos, cue, code, (row.get("note") or "").strip(), roles))
        return cls(entries)

    def has(self, lemma: str, pos: str) -> bool:
        return (lemma, pos) in self._by_key

    def entries(self) -> list[TriggerEntry]:
        return [e for lst in self._by_key.values() for e in lst]

    def match(self, lemma: str, pos: str, context: set[str], heads: set[str] | None = None) -> TriggerEntry | None:
        """The most specific entry for ``lemma``: a cued one whose cue meets ``context``, else the default.
        A no-act sense is cued by ``heads`` when given (the heads of the trigger's own object and
        complement phrases: "meet the tests", not a "test" deep in a clause inside the object)."""
        for e in self._by_key.get((lemma, pos), ()):
            if e.cameo == NO_EVENT:
                if e.cue & (context if heads is None else heads):
                    return None
                continue
            if not e.cue or e.cue & context:
                return e
        return None
