"""Data files, loaded once and passed explicitly to every stage (no module-level caches)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .actordata import ActorData
from .cameo import CameoTable
from .gazetteer import Gazetteer
from .pipeline.lexicon import VerbLexicon


@dataclass(frozen=True)
class Resources:
    cameo: CameoTable
    actors: ActorData
    verbs: VerbLexicon
    gazetteer: Gazetteer

    @classmethod
    def load(cls, actor_files: Sequence[Path] = ()) -> "Resources":
        """Load polevent's own data; ``actor_files`` are users' extra actor files (their entries win)."""
        return cls(cameo=CameoTable.load(), actors=ActorData.load(extra_files=actor_files),
                   verbs=VerbLexicon.load(), gazetteer=Gazetteer.load())
