"""Run the stages over batches of articles: read -> parse (nlp.pipe) -> stages -> CodedArticle."""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from spacy.language import Language

from ..model import Article, CodedArticle
from ..resources import Resources
from .actors import ActorStage
from .agreements import AgreementStage
from .background import BackgroundStage
from .dates import DateStage
from .events import EventStage
from .places import PlaceStage
from .quantities import QuantityStage
from .relevance import RelevanceStage
from .state import ArticleState, Stage
from .targets import TargetStage

DEFAULT_STAGES = (ActorStage, EventStage, DateStage, BackgroundStage, PlaceStage, TargetStage, RelevanceStage,
                  QuantityStage, AgreementStage)


def check_order(stages: Sequence[Stage]) -> None:
    """Every stage's ``requires`` must be provided by the parse or an earlier stage."""
    have = {"doc", "article"}
    for st in stages:
        missing = set(st.requires) - have
        if missing:
            raise ValueError(f"stage {st.name!r} needs {sorted(missing)} before it runs")
        have |= set(st.provides)


class Coder:
    """Codes articles with one loaded spaCy pipeline, in batches."""

    def __init__(self, nlp: Language, resources: Resources, stages: Sequence[Stage] | None = None,
                 batch_size: int = 32):
        self.nlp = nlp
        self.resources = resources
        self.stages = list(stages) if stages is not None else [cls(nlp, resources) for cls in DEFAULT_STAGES]
        check_order(self.stages)
        self.batch_size = batch_size

    def code_one(self, article: Article) -> CodedArticle:
        return next(self.code([article]))

    def code(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            state = ArticleState(article=article, doc=doc, resources=self.resources)
            for stage in self.stages:
                stage(state)
            yield CodedArticle(article=article, events=state.events, quantities=state.quantities,
                               agreements=state.agreements)
