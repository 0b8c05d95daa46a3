"""The CAMEO table: code -> name, Goldstein weight, QuadClass, and the PLOVER type/mode/context.

Data: ``data/cameo.csv`` (built by ``tools/build_cameo.py`` from the CAMEO codebook facts and the
2021 CAMEO->PLOVER crosswalk; provenance in the file's ``source`` column).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from typing import Iterable

from .errors import DataError
from .model import Cameo, Plover


@dataclass(frozen=True)
class CameoEntry:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    plover_context: tuple[str, ...]


class CameoTable:
    def __init__(self, entries: Iterable[CameoEntry]):
        self._by_code = {e.code: e for e in entries}

    @classmethod
    def load(cls, path=None) -> "CameoTable":
        src = path or resources.files("polevent.data").joinpath("cameo.csv")
        rows = []
        with src.open(encoding="utf-8") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                try:
                    rows.append(CameoEntry(
                        code=row["code"], name=row["name"], goldstein=float(row["goldstein"]),
                        quad_class=int(row["quad_class"]), plover_type=row["plover_type"] or None,
                        plover_mode=row["plover_mode"] or None,
                        plover_context=tuple(c for c in row["plover_context"].split("|") if c)))
                except (KeyError, ValueError) as exc:
                    raise DataError(f"{src}: line {n}: {exc}") from exc
        return cls(rows)

    def __contains__(self, code: str) -> bool:
        return code in self._by_code

    def codes(self) -> list[str]:
        return sorted(self._by_code)

    def plover_types(self) -> frozenset[str]:
        """Every PLOVER type some code maps to."""
        return frozenset(e.plover_type for e in self._by_code.values() if e.plover_type)

    def entry(self, code: str) -> CameoEntry:
        try:
            return self._by_code[code]
        except KeyError:
            raise DataError(f"unknown CAMEO code {code!r}") from None

    @staticmethod
    def root(code: str) -> str:
        return code[:2]

    def cameo(self, code: str) -> Cameo:
        e = self.entry(code)
        return Cameo(code=code, root=self.root(code), name=e.name, goldstein=e.goldstein,
                     quad_class=e.quad_class)

    def plover(self, code: str) -> Plover:
        """PLOVER type for a code; falls back to the parent code's mapping when blank."""
        e = self.entry(code)
        for c in (code, code[:3], code[:2]):
            p = self._by_code.get(c)
            if p and p.plover_type:
                ctx = list(e.plover_context or p.plover_context)
                return Plover(type=p.plover_type, mode=e.plover_mode or (p.plover_mode if c != code else None),
                              context=ctx)
        return Plover(type=None, mode=None, context=list(e.plover_context))
