"""Quantities stage: amounts in a sentence (money, percentages, counts, measures) and what they measure.

For every amount that has a unit and an indicator from ``data/indicators.csv`` the stage adds a
``Quantity``: value normalised (``$1.5bn`` -> 1.5e9 USD), qualifier (approx, up to, ...), period,
indicator, parties (ISO-3) and kind (actual, target, forecast, change). The rules are described in
``docs/quantities.md``; each record's ``rule`` names the ones that decided it.

The stage reads only the parsed Doc and ``state.actor_mentions``. Its parts are modules of their own:
``amounts`` (number, unit, qualifier), ``periods``, ``indicators`` (vocabulary and choice),
``parties`` and ``kinds`` (actual, target, forecast, change).
"""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from spacy.tokens import Doc, Span

from ..model import Quantity
from .amounts import Amount, find_amounts, nearest
from .indicators import IndicatorMention, IndicatorVocabulary, choose_indicator
from .kinds import classify
from .parties import main_pair, resolve_parties, sentence_countries
from .periods import PeriodMention, find_periods
from .state import MAX_SENTENCE_TOKENS, ArticleState


def future_period(kind: str, period: PeriodMention | None, periods: Sequence[PeriodMention],
                  amount: Amount, today: dt.date) -> PeriodMention | None:
    """A target or forecast takes the nearest period that has not ended ("to bring trade to $2bn
    from $1.5bn in 2022 under the 2023-2025 Roadmap" -> 2023-2025), when there is one."""
    if kind not in ("target", "forecast") or period is None or int(period.last) >= today.year:
        return period
    return nearest([p for p in periods if int(p.last) >= today.year], amount) or period


def _restates(doc: Doc, before: Amount, amount: Amount) -> bool:
    """The amount restates the one before in another unit: "1.8 billion euros (1.4 billion pounds)"."""
    between = doc[before.end:amount.qual_start]
    return len(between) <= 2 and all(t.text in ("(", ",", "or") for t in between)


class QuantityStage:
    """Adds a Quantity for each amount with a unit and an indicator."""

    name = "quantities"
    requires = ("doc", "actor_mentions")
    provides = ("quantities",)

    def __init__(self, nlp, resources, indicators: IndicatorVocabulary | None = None):
        self.indicators = indicators or IndicatorVocabulary.load()

    def __call__(self, state: ArticleState) -> None:
        pair = main_pair(state)
        for sent in state.sentences:
            if len(sent) <= MAX_SENTENCE_TOKENS:
                state.quantities.extend(self._sentence(state, sent, pair))

    def _sentence(self, state: ArticleState, sent: Span, pair: tuple[str, ...]) -> list[Quantity]:
        amounts = find_amounts(sent)
        if not amounts:
            return []
        used = {i for a in amounts for i in range(a.qual_start, a.end)}
        periods = find_periods(sent, state.article.date, skip=used)
        indicators = self.indicators.find(sent)
        countries = sentence_countries(state, sent)
        out, previous = [], None
        for amount in amounts:
            indicator, how = choose_indicator(state.doc, amount, indicators)
            if previous and _restates(state.doc, previous[0], amount):
                indicator, how = previous[1], "restates-previous"
            previous = (amount, indicator) if indicator else None
            if indicator is None:
                continue
            out.append(self._quantity(state, sent, amount, (indicator, how), periods, countries, pair))
        return out

    def _quantity(self, state: ArticleState, sent: Span, amount: Amount,
                  chosen: tuple[IndicatorMention, str], periods: list[PeriodMention],
                  countries: list[str], pair: tuple[str, ...]) -> Quantity:
        period = nearest(periods, amount)
        doc, (indicator, how) = state.doc, chosen
        today = state.article.date
        kind, change_pct, kind_rule = classify(doc, amount, period, today)
        period = future_period(kind, period, periods, amount, today)
        parties, party_rule = resolve_parties(countries, indicator.indicator.scope, pair, sent.text)
        rule = (f"quantities.v1:{amount.unit_class};indicator={how};kind={kind_rule};"
                f"period={period.kind if period else 'none'};parties={party_rule}")
        return Quantity(indicator=indicator.indicator.name, indicator_raw=indicator.text, parties=parties,
                        period=period.value if period else None, value=amount.value, unit=amount.unit,
                        qualifier=amount.qualifier, kind=kind, change_pct=change_pct,
                        evidence=state.evidence(sent, amount.text(doc)), rule=rule)
