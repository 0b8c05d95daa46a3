"""Agreements stage: named documents that are signed or adopted, with their period and targets.

"Kazakhstan and Tajikistan signed the Declaration on Allied Interaction" gives an Agreement named
"Declaration on Allied Interaction" (kind declaration, parties KAZ and TJK, signed on the article
date). Targets are the target Quantities of the same sentence ("signed the 2023-2025 Roadmap to bring
mutual trade up to $2 billion"). Generic mentions ("the agreements reached", "new documents") are
not agreements. Rules: ``docs/quantities.md``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span, Token

from ..model import Agreement, Period, Quantity
from .parties import main_pair, sentence_countries
from .periods import PeriodMention, find_periods
from .state import ArticleState

DOC_KINDS = {"declaration": "declaration", "roadmap": "roadmap", "treaty": "treaty",
             "memorandum": "memorandum", "mou": "memorandum", "agreement": "agreement",
             "programme": "programme", "program": "programme", "contract": "contract",
             "accord": "accord", "protocol": "protocol", "convention": "convention", "charter": "charter"}
SIGN_VERBS = {"sign", "signing", "adopt", "adoption", "conclude", "conclusion", "ink", "initial", "seal",
              "approve", "approval", "ratify", "ratification", "endorse"}
DATED_VERBS = {"sign", "signing", "adopt", "adoption", "conclude", "conclusion", "ink", "initial", "seal"}
INTENT_AUX = {"will", "shall", "would", "could", "may", "might", "to"}
DEMONSTRATIVES = {"this", "that", "these", "those", "such", "any", "no", "every", "each", "another"}
COMPLEMENT_PREPS = {"on", "of", "for", "between", "to", "concerning", "regarding"}
GENERIC_WORDS = {"understanding", "intent", "intention", "cooperation", "partnership", "document",
                 "agreement", "side", "party", "country", "nation", "state", "government", "two"}
TODAY_WORDS = {"today", "this morning", "this afternoon", "this evening", "tonight"}
PLACE_DATE_LABELS = {"GPE", "LOC", "FAC", "DATE", "TIME"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
            "yesterday"}
_YEARS = re.compile(r"(19|20)\d\d([-–—](19|20)?\d\d)?")
_NAME_STOP = {"worth", "valued", "which", "that", "who"}
_PUNCT_STOP = {",", ";", ":", "(", ")", '"', "“", "”", "'", "—", "."}


@dataclass
class _Found:
    noun: Token
    start: int  # name span, token indices, end exclusive
    end: int
    named_by: str
    verb: Token


# ---- finding named documents ---------------------------------------------------------------


def _kind(noun: Token) -> str | None:
    if noun.lemma_.lower() == "map" and noun.i > 0 and noun.doc[noun.i - 1].lower_ == "road":
        return "roadmap"
    if noun.tag_ in ("NNS", "NNPS"):
        return None
    return DOC_KINDS.get(noun.lower_)


def _signing_verb(noun: Token) -> Token | None:
    """The sign/adopt word governing the document: "signed the X", "the X has been signed",
    "signed the X and the Y", "the X signed today", "the signing of the X"."""
    for child in noun.children:
        if child.dep_ == "acl" and child.lemma_.lower() in SIGN_VERBS:
            return child
    tok = noun
    for _ in range(4):
        if tok.dep_ not in ("dobj", "nsubjpass", "conj", "appos", "pobj", "prep") or tok.head.i == tok.i:
            return None
        if tok.dep_ == "pobj" and tok.head.lower_ not in COMPLEMENT_PREPS:  # "at its convention"
            return None
        tok = tok.head
        if tok.lemma_.lower() in SIGN_VERBS or tok.lower_ in SIGN_VERBS:
            return tok
    return None


def _left_edge(noun: Token) -> int:
    """Extend left over capitalised words, years and dashes ("2023-2025 Roadmap", "Paris Agreement")."""
    doc, i = noun.doc, noun.i
    if noun.lemma_.lower() == "map" and i > 0 and doc[i - 1].lower_ == "road":
        i -= 1
    sent_start = noun.sent.start
    while i - 1 >= sent_start:
        tok = doc[i - 1]
        if tok.pos_ in ("DET", "VERB", "AUX", "ADP") or tok.is_punct and tok.text not in "-–—":
            break
        if not (tok.is_title or tok.is_upper or tok.like_num or tok.text in "-–—"):
            break
        i -= 1
    return i


def _excluded(prep: Token) -> set[int]:
    """Tokens of the complement that are not part of a name: clauses, places, dates."""
    out: set[int] = set()
    for tok in prep.subtree:
        if tok.i == prep.i:
            continue
        if tok.dep_ in ("relcl", "acl", "advcl", "appos"):
            out.update(t.i for t in tok.subtree)
        if tok.dep_ == "prep" and any(_place_or_date(o) for o in tok.children if o.dep_ == "pobj"):
            out.update(t.i for t in tok.subtree)
        if tok.dep_ == "conj" and _kind(tok):  # "the Declaration on X and the Roadmap": two documents
            out.update(t.i for t in tok.subtree)
    return out


def _place_or_date(tok: Token) -> bool:
    """A place or a date, but not the years of a name ("road map for 2022-2024")."""
    if _YEARS.fullmatch(tok.text):
        return False
    return tok.ent_type_ in PLACE_DATE_LABELS or tok.lower_ in WEEKDAYS


def _complement_prep(noun: Token) -> Token | None:
    """The "on/of/for" right after the noun, when it belongs to the name. A title-case noun keeps a
    complement the parser hung on the verb ("signed the Declaration [on Allied Interaction]")."""
    if noun.i + 1 >= noun.sent.end:
        return None
    prep = noun.doc[noun.i + 1]
    if prep.dep_ != "prep" or prep.lower_ not in COMPLEMENT_PREPS:
        return None
    governors = {noun.head.i, noun.head.head.i}  # misattached to the verb or "the signing (of)"
    if not (prep.head.i == noun.i or (prep.head.i in governors and noun.is_title)):
        return None
    if any(_place_or_date(o) for o in prep.children if o.dep_ == "pobj"):
        return None
    return prep


def _right_edge(noun: Token) -> int:
    """Include "on/of/for ..." right after the noun, up to a comma, clause, place or date."""
    doc = noun.doc
    prep = _complement_prep(noun)
    if prep is None:
        return noun.i + 1
    allowed = {t.i for t in prep.subtree} - _excluded(prep)
    end = prep.i + 1
    while end in allowed and doc[end].text not in _PUNCT_STOP and doc[end].lower_ not in _NAME_STOP:
        end += 1
    while end > prep.i + 1 and doc[end - 1].pos_ in ("CCONJ", "DET", "ADP", "PUNCT"):
        end -= 1  # no dangling "and the" / "in" at the end of a name
    return end if end > prep.i + 1 else noun.i + 1


def _named_by(doc: Doc, noun: Token, start: int, end: int) -> str | None:
    """Why this is a named document, or None for a generic mention."""
    if any(c.dep_ == "det" and c.lower_ in DEMONSTRATIVES for c in noun.children):
        return None
    others = [t for t in doc[start:end] if t.i != noun.i and not t.is_punct]
    if any(_YEARS.fullmatch(t.text) for t in others):
        return "year"
    if any(t.is_title or t.is_upper for t in others
           if t.lower_ != "road" and not t.is_stop and t.lower_ not in GENERIC_WORDS):
        return "proper-name"
    content = [t for t in others if t.i > noun.i and t.pos_ in ("NOUN", "PROPN", "ADJ")]
    if any(t.lemma_.lower() not in GENERIC_WORDS and t.lower_ not in GENERIC_WORDS for t in content):
        return "complement"
    return None


def find_documents(sent: Span) -> list[_Found]:
    """Named documents governed by a signing verb in the sentence, non-overlapping."""
    out: list[_Found] = []
    for noun in sent:
        if out and noun.i < out[-1].end or _kind(noun) is None:
            continue
        verb = _signing_verb(noun)
        if verb is None or any(c.dep_ == "neg" for c in verb.children):
            continue
        start, end = _left_edge(noun), _right_edge(noun)
        named_by = _named_by(sent.doc, noun, start, end)
        if named_by:
            out.append(_Found(noun, start, end, named_by, verb))
    return out


# ---- dates, periods, parties ----------------------------------------------------------------


def _intended(verb: Token) -> bool:
    """ "will sign", "plan to sign", "are expected to sign": not signed yet."""
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in INTENT_AUX for c in verb.children)


def _explicit_date(text: str, today: dt.date) -> str | None:
    base = dt.datetime(today.year, today.month, today.day)
    parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
    data = parser.get_date_data(text)
    if data.date_obj is None:
        return None
    iso = data.date_obj.date().isoformat()
    return {"day": iso, "month": iso[:7], "year": iso[:4]}.get(data.period)


def signed_date(found: _Found, today: dt.date) -> tuple[str | None, str]:
    """(signed, rule): an explicit date near the verb, else the article date when the verb says so."""
    verb = found.verb
    if verb.lemma_.lower() not in DATED_VERBS and verb.lower_ not in DATED_VERBS:
        return None, "not-a-signing"
    if _intended(verb):
        return None, "intended"
    in_verb = {t.i for t in verb.subtree}
    for ent in verb.sent.ents:
        if ent.label_ != "DATE" or ent.root.i not in in_verb or found.start <= ent.start < found.end:
            continue
        if ent.text.lower() in TODAY_WORDS:
            return today.isoformat(), "today"
        parsed = _explicit_date(ent.text, today)
        if parsed:
            return parsed, "explicit-date"
    return today.isoformat(), "article-date"


def agreement_period(found: _Found, periods: list[PeriodMention]) -> Period | None:
    """A year range in the name ("2023-2025 Roadmap"), else one anywhere in the sentence,
    else "until/through 2030" (end only)."""
    ranges = [p for p in periods if p.kind == "range"]
    inside = [p for p in ranges if found.start <= p.start < found.end]
    for p in inside or ranges:
        return Period(start=p.first, end=p.last)
    doc = found.noun.doc
    for p in periods:
        if p.kind == "year" and p.start > 0 and doc[p.start - 1].lower_ in ("until", "till", "through"):
            return Period(start=None, end=p.last)
    return None


def agreement_parties(countries: list[str], pair: tuple[str, ...]) -> tuple[list[str], str]:
    """All countries of the sentence when two or more; else the article's main pair."""
    if len(countries) >= 2:
        return sorted(countries), "sentence"
    if len(countries) == 1 and countries[0] not in pair:
        return list(countries), "sentence-one"
    return sorted(pair), "main-pair"


# ---- targets ---------------------------------------------------------------------------------


def _target_offset(q: Quantity) -> int:
    pos = q.evidence.sentence.find(q.evidence.trigger) if q.evidence.trigger else -1
    return max(pos, 0)


def attach_targets(built: list[tuple[Agreement, int]], quantities: list[Quantity]) -> None:
    """Give each target quantity to the agreement of its sentence named closest before it."""
    for q in quantities:
        if q.kind != "target":
            continue
        same = [(offset, a) for a, offset in built if a.evidence.sentence_index == q.evidence.sentence_index]
        if not same:
            continue
        pos = _target_offset(q)
        before = [x for x in same if x[0] <= pos]
        owner = max(before, key=lambda x: x[0])[1] if before else min(same, key=lambda x: x[0])[1]
        owner.targets.append(q)


# ---- the stage -------------------------------------------------------------------------------


class AgreementStage:
    """Adds an Agreement for each named document signed or adopted."""

    name = "agreements"
    requires = ("doc", "actor_mentions", "quantities")
    provides = ("agreements",)

    def __init__(self, nlp, resources):
        pass

    def __call__(self, state: ArticleState) -> None:
        pair = main_pair(state)
        built: list[tuple[Agreement, int]] = []
        seen: dict[str, Agreement] = {}
        for sent in state.sentences:
            for found in find_documents(sent):
                agreement = self._agreement(state, sent, found, pair)
                key = agreement.name.lower()
                if key in seen:
                    continue
                seen[key] = agreement
                built.append((agreement, state.doc[found.start].idx - agreement.evidence.start))
        attach_targets(built, state.quantities)
        state.agreements.extend(a for a, _ in built)

    def _agreement(self, state: ArticleState, sent: Span, found: _Found, pair: tuple[str, ...]) -> Agreement:
        doc, today = state.doc, state.article.date
        signed, date_rule = signed_date(found, today)
        parties, party_rule = agreement_parties(sentence_countries(state, sent), pair)
        period = agreement_period(found, find_periods(sent, today))
        rule = (f"agreements.v1:named={found.named_by};verb={found.verb.lemma_.lower()};"
                f"signed={date_rule};parties={party_rule}")
        return Agreement(name=doc[found.start:found.end].text, kind=_kind(found.noun) or "agreement",
                         parties=parties, signed=signed, period=period, targets=[],
                         evidence=state.evidence(sent, found.verb.text), rule=rule)
