"""Kind of a figure: actual, target, forecast or change, from the words that govern the amount.

"signed the Roadmap to bring mutual trade up to $2 billion" is a target, "is expected to reach $3bn"
a forecast, "a 40 percent increase" a change, "trade approached $1.5 billion" an actual. Rules and
their precedence: ``docs/quantities.md``.
"""
from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Token

from .amounts import Amount
from .periods import PeriodMention

CHANGE_UP = {"increase", "rise", "grow", "growth", "jump", "surge", "climb", "gain", "up", "expand",
             "expansion", "boost", "soar", "advance"}
CHANGE_DOWN = {"decrease", "decline", "fall", "drop", "down", "slump", "plunge", "shrink", "contract",
               "contraction", "reduce", "reduction", "cut", "lower", "dip", "slide", "sink", "tumble"}
TARGET_WORDS = {"aim", "target", "goal", "plan", "seek", "strive", "intend", "commit", "pledge",
                "promise", "agree", "decide", "want", "objective", "task", "hope", "ready", "willing",
                "prepared", "determined"}
FORECAST_WORDS = {"expect", "forecast", "project", "predict", "anticipate", "likely", "poise", "set"}
PURPOSE_VERBS = {"bring", "raise", "increase", "boost", "double", "triple", "reach", "expand", "grow",
                 "lift", "take", "push", "achieve", "hit"}
FUTURE_AUX = {"will", "shall"}
POSSIBLE_AUX = {"could", "may", "might", "would"}  # forecast only with a verb of amount ("could reach")
AMOUNT_VERBS = PURPOSE_VERBS | CHANGE_UP | CHANGE_DOWN | {"total", "amount", "exceed", "top", "surpass"}


def _change_sign(doc: Doc, amount: Amount) -> int:
    """+1 / -1 when the amount is a change ("40 percent increase", "grew by $2bn"), else 0."""
    root = doc[amount.start:amount.end].root
    head = root.head
    words = []
    if head.lower_ in ("by", "of"):
        words.append(head.head)
    elif amount.unit_class == "percent" and head.i != root.i:
        words.append(head)
        if amount.qual_start > 0:
            words.append(doc[amount.qual_start - 1])
    for tok in words:
        lemma = tok.lemma_.lower()
        if lemma in CHANGE_UP:
            return 1
        if lemma in CHANGE_DOWN:
            return -1
    return 0


def _is_purpose(tok: Token) -> bool:
    """An infinitive of purpose: "(signed the Roadmap) to bring trade up to ..."."""
    has_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    return has_to and tok.dep_ in ("advcl", "acl", "relcl") and tok.lemma_.lower() in PURPOSE_VERBS


def _is_baseline(root: Token) -> bool:
    """The figure compared against: "(up to $2bn) from $1.5bn", "compared with $1.2bn"."""
    head = root.head
    return head.lower_ == "from" or (head.lower_ in ("with", "to") and head.head.lemma_ == "compare")


def _modal_kind(doc: Doc, amount: Amount) -> tuple[str, str] | None:
    """target/forecast from the words governing the amount, nearest first."""
    root = doc[amount.start:amount.end].root
    if _is_baseline(root):
        return None
    for anc in root.ancestors:
        lemma = anc.lemma_.lower()
        if lemma in FORECAST_WORDS and _forecast_word(anc):
            return "forecast", f"forecast-word({lemma})"
        if lemma in TARGET_WORDS:
            return "target", f"target-word({lemma})"
        if _is_purpose(anc):
            return "target", f"purpose-verb({lemma})"
        modal = _modal(anc)
        if modal:
            return "forecast", f"modal({modal})"
        if anc.dep_ == "relcl":  # a relative clause describes; what governs it is about something else
            break
    return None


def _forecast_word(tok: Token) -> bool:
    """ "expected", "projected", "likely", "the forecast"; "set"/"poised" only as "is set to"."""
    lemma = tok.lemma_.lower()
    if lemma in ("set", "poise"):
        return any(c.lemma_ == "be" for c in tok.children)
    return tok.pos_ in ("VERB", "ADJ", "AUX") or lemma == "forecast"


def _modal(verb: Token) -> str | None:
    for c in verb.children:
        if c.dep_ == "aux" and (c.lower_ in FUTURE_AUX or c.lower_ in POSSIBLE_AUX
                                and verb.lemma_.lower() in AMOUNT_VERBS):
            return c.lower_
    return None


def classify(doc: Doc, amount: Amount, period: PeriodMention | None, today: dt.date
             ) -> tuple[str, float | None, str]:
    """(kind, change_pct, reason). Precedence: target/forecast > change > actual."""
    sign = _change_sign(doc, amount)
    change_pct = sign * amount.value if sign and amount.unit_class == "percent" else None
    decided = _modal_kind(doc, amount)
    if decided is None and period is not None and int(period.first) > today.year:
        decided = ("forecast", "future-period")
    if decided:
        return decided[0], change_pct, decided[1]
    if sign:
        return "change", change_pct, "change-word"
    return "actual", None, "default"
