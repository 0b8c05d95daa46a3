"""Data files, loaded once and passed explicitly to every stage (no module-level caches)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .actordata import ActorData
from .cameo import CameoTable
from .gazetteer import Gazetteer
from .pipeline.lexicon import VerbLexicon
from .pipeline.relevance import GenreCues

if TYPE_CHECKING:
    from .classifier import EventTypeClassifier


@dataclass(frozen=True)
class Resources:
    cameo: CameoTable
    actors: ActorData
    verbs: VerbLexicon
    gazetteer: Gazetteer
    classifier: "EventTypeClassifier | None" = None
    genres: GenreCues | None = None  # article genre cues (relevance stage); loaded by ``load``

    @classmethod
    def load(cls, actor_files: Sequence[Path] = (), classifier: bool = False) -> "Resources":
        """Load polevent's own data; ``actor_files`` are users' extra actor files (their entries win).

        ``classifier`` also loads the learned event-type classifier (MiniLM + linear model), the second
        kind of evidence for the event stage; off by default because it costs more than the parse."""
        cameo = CameoTable.load()
        model = None
        if classifier:
            from .classifier import EventTypeClassifier
            model = EventTypeClassifier.load()
        return cls(cameo=cameo, actors=ActorData.load(extra_files=actor_files),
                   verbs=VerbLexicon.load(known_codes=cameo.codes()), gazetteer=Gazetteer.load(),
                   classifier=model, genres=GenreCues.load())
