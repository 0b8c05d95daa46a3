"""Run the stages over batches of articles: read -> parse (nlp.pipe) -> stages -> CodedArticle."""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from spacy.language import Language

from ..guard import OnError
from ..model import Article, CodedArticle
from ..resources import Resources
from ..selection import Selection
from ..runner import chunks
from .actors import ActorStage
from .agreements import AgreementStage
from .background import BackgroundStage
from .calibration import CalibrationStage
from .dates import DateStage
from .events import EventStage
from .evidence import EvidenceStage
from .parse import TimeBudget, parse_batch
from .places import PlaceStage
from .quantities import QuantityStage
from .relevance import RelevanceStage
from .state import ArticleState, Stage
from .targets import TargetStage

DEFAULT_STAGES = (ActorStage, EventStage, DateStage, BackgroundStage, PlaceStage, TargetStage, EvidenceStage,
                  RelevanceStage, QuantityStage, AgreementStage, CalibrationStage)


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
                 batch_size: int = 32, selection: Selection | None = None, time_budget: float | None = None):
        self.nlp = nlp
        self.resources = resources
        self.stages = list(stages) if stages is not None else [cls(nlp, resources) for cls in DEFAULT_STAGES]
        check_order(self.stages)
        self.batch_size = batch_size
        # which events come out (the library keeps all; the commands' default is the reportable view)
        self.selection = selection if selection is not None else Selection(all_events=True)
        self.budget = TimeBudget(time_budget)

    def code_one(self, article: Article) -> CodedArticle:
        return next(self.code([article]))

    def code(self, articles: Iterable[Article], on_error: OnError | None = None) -> Iterator[CodedArticle]:
        """Coded articles in input order. An article that raises (in the parse, any stage, or over
        the time budget) is passed to ``on_error(article, exc)`` and skipped, the others are coded;
        without ``on_error`` the error is raised (see ``parse.py``)."""
        for batch in chunks(articles, self.batch_size):
            for article, doc, parse_s in parse_batch(self.nlp, batch, self.budget, on_error, self.batch_size):
                try:
                    coded = self._stages(article, doc, self.budget.clock() - parse_s)
                except Exception as exc:  # noqa: BLE001 - this article only
                    if on_error is None:
                        raise
                    on_error(article, exc)
                    continue
                yield coded

    def _stages(self, article: Article, doc, started: float) -> CodedArticle:
        self.budget.check(article, started, "the parse")
        state = ArticleState(article=article, doc=doc, resources=self.resources)
        for stage in self.stages:
            stage(state)
            self.budget.check(article, started, f"the {stage.name} stage")
        return self.selection.apply(CodedArticle(article=article, events=state.events,
                                                 quantities=state.quantities, agreements=state.agreements))
