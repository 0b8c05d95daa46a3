"""Dates stage: the time expression that governs each event, resolved against the article date.

For every event, look in its sentence for time expressions (spaCy DATE entities, plus bare years
after "in"/"during" that spaCy often tags CARDINAL), keep those attached to the event in the
dependency tree (see ``attachment_rank``), drop durations and ranges, and resolve the best one
with polevent's own rules (``resolve``), falling back to dateparser for the forms the rules do
not cover. Results are ISO strings truncated to their precision: "2023-05-04" (day), "2023-09"
(month), "2023" (year). No time expression: the events stage's article date stays.

Bare month names, weekdays and day-months without a year are placed in the past (the most recent
one, the article's own day or month included) unless the event is intended or scheduled, when
they are placed in the future. Rules in docs/dates_places.md.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from spacy.language import Language
from spacy.tokens import Span, Token

from ..model import Event
from .attachment import FUTURE_MODALITIES, attachment_rank, event_trigger, governing_prep
from .state import ArticleState


# Verbs that place an event in time without being an event of their own ("the summit scheduled
# for September", "talks held on Tuesday"): a date attached to them belongs to the event.

# A date under one of these prepositions is not the time of the event ("since 2020", "over the
# past year", "until March"). "for" is allowed ("scheduled for September") unless a duration.
BLOCKING_PREPS = frozenset({"since", "until", "till", "through", "throughout", "over", "within",
                            "from", "between", "after", "before", "across", "per"})
YEAR_PREPS = frozenset({"in", "during", "by"})

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
MONTHS: Mapping[str, int] = MappingProxyType(
    {**{m: i for i, m in enumerate(_MONTH_NAMES, 1)}, **{m[:3]: i for i, m in enumerate(_MONTH_NAMES, 1)},
     "sept": 9})
WEEKDAYS: Mapping[str, int] = MappingProxyType({d: i for i, d in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))})
NUMBER_WORDS: Mapping[str, int] = MappingProxyType({
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12})

_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_WEEKDAY = "(" + "|".join(WEEKDAYS) + ")"
_UNIT = r"(day|week|month|year|decade|centur(?:y|ie))s?"
_COUNT = (r"(\d+|a few|several|many|some|a couple of|dozens of|hundreds of|half a|"
          + "|".join(NUMBER_WORDS) + ")")

_DURATION = re.compile(
    rf"^(the )?((past|last|next|coming|first|previous|following|recent|latest) )?"
    rf"{_COUNT}( \w+)? {_UNIT}\b"
    r"|^(the )?(past|previous|following|coming|recent) (day|week|month|year|decade)s?$"
    r"|^(recent |coming |several |many )?(days|weeks|months|years|decades)$"
    r"|\b\d{4} ?[-\u2013\u2014/] ?\d{2,4}\b(?!-\d)|\b(between|from|since|until|through)\b"
    r"|\b(annual|annually|daily|weekly|monthly|yearly|each|every|per)\b")
_RELATIVE_AGO = re.compile(rf"^{_COUNT} {_UNIT} ago$")
_PERIOD_EDGE = re.compile(r"(the )?(end|beginning|start|middle|close) of (the|this) (year|month)")
_MODIFIERS = re.compile(r"^(the |on |in |at |during |by |for )+|^(early|mid|late|earlier|later)[- ]"
                        r"|^(the )?(end|beginning|start|middle|first half|second half|close) of ")


@dataclass(frozen=True)
class ResolvedDate:
    value: str  # ISO, truncated to precision
    precision: str  # day|month|year
    rule: str


# -- resolution: a time expression's text -> ResolvedDate --------------------------------------

def clean(text: str) -> str:
    text = " ".join(text.replace("\u2019", "'").replace(".", " ").replace(",", " ").lower().split())
    return text.strip(" -'\"")


def is_duration(text: str) -> bool:
    """A length of time, a range or a frequency ("three years", "2023-2025", "annual")."""
    t = clean(text)
    if _RELATIVE_AGO.match(t):
        return False
    return bool(_DURATION.search(t))


def _day(d: dt.date, rule: str) -> ResolvedDate:
    return ResolvedDate(d.isoformat(), "day", rule)


def _month(year: int, month: int, rule: str) -> ResolvedDate:
    return ResolvedDate(f"{year:04d}-{month:02d}", "month", rule)


def _year(year: int, rule: str) -> ResolvedDate:
    return ResolvedDate(f"{year:04d}", "year", rule)


def _shift_month(base: dt.date, months: int) -> tuple[int, int]:
    n = base.year * 12 + base.month - 1 + months
    return n // 12, n % 12 + 1


def _weekday(t: str, base: dt.date, future: bool) -> ResolvedDate | None:
    m = re.fullmatch(rf"(last|this|next|coming|past)? ?{_WEEKDAY}( morning| afternoon| evening| night)?", t)
    if not m:
        return None
    which, wd = m.group(1), WEEKDAYS[m.group(2)]
    back = (base.weekday() - wd) % 7
    ahead = (wd - base.weekday()) % 7
    if which in ("last", "past"):
        return _day(base - dt.timedelta(days=back or 7), "weekday:last")
    if which in ("next", "coming"):
        return _day(base + dt.timedelta(days=ahead or 7), "weekday:next")
    if future:
        return _day(base + dt.timedelta(days=ahead), "weekday:future")
    return _day(base - dt.timedelta(days=back), "weekday:past")


def _deictic(t: str, base: dt.date) -> ResolvedDate | None:
    if re.fullmatch(r"(earlier |later )?(today|tonight|this (morning|afternoon|evening))", t):
        return _day(base, "today")
    if re.fullmatch(r"yesterday( morning| afternoon| evening)?|last night", t):
        return _day(base - dt.timedelta(days=1), "yesterday")
    if re.fullmatch(r"tomorrow( morning| afternoon| evening)?", t):
        return _day(base + dt.timedelta(days=1), "tomorrow")
    m = re.fullmatch(r"(last|this|next|coming|this past) (week|weekend|month|year)", t)
    if not m:
        return None
    step = {"last": -1, "this past": -1, "this": 0, "next": 1, "coming": 1}[m.group(1)]
    if m.group(2) in ("week", "weekend"):  # no week precision: the month of that week's day
        d = base + dt.timedelta(days=7 * step)
        return _month(d.year, d.month, f"{m.group(1)} week")
    if m.group(2) == "month":
        return _month(*_shift_month(base, step), f"{m.group(1)} month")
    return _year(base.year + step, f"{m.group(1)} year")


def _ago(t: str, base: dt.date) -> ResolvedDate | None:
    m = _RELATIVE_AGO.fullmatch(t)
    if not m:
        return None
    count = NUMBER_WORDS.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else None)
    if count is None:
        return None
    unit = m.group(2)
    if unit == "day":
        return _day(base - dt.timedelta(days=count), "ago")
    if unit == "week":
        d = base - dt.timedelta(days=7 * count)
        return _month(d.year, d.month, "ago")
    if unit == "month":
        return _month(*_shift_month(base, -count), "ago")
    if unit == "year":
        return _year(base.year - count, "ago")
    return None


def _pick_year(month: int, day: int, base: dt.date, future: bool) -> int:
    """Year of a month (day) given without one: the nearest in the past, or in the future."""
    if future:
        return base.year if (month, day) >= (base.month, base.day) else base.year + 1
    return base.year if (month, day) <= (base.month, base.day) else base.year - 1


def _calendar(t: str, base: dt.date, future: bool) -> ResolvedDate | None:
    t = re.sub(rf"^{_WEEKDAY} ", "", t)
    t = re.sub(r"\b(\d{1,2})(st|nd|rd|th)\b", r"\1", t).replace(" of ", " ")
    m = (re.fullmatch(rf"(\d{{1,2}}) {_MONTH}( (\d{{4}}))?", t)
         or re.fullmatch(rf"{_MONTH} (\d{{1,2}})( (\d{{4}}))?", t))
    if m:
        day_first = m.group(1).isdigit()
        day = int(m.group(1) if day_first else m.group(2))
        month = MONTHS[m.group(2) if day_first else m.group(1)]
        year = int(m.group(4)) if m.group(4) else _pick_year(month, day, base, future)
        try:
            return _day(dt.date(year, month, day), "day month" + (" year" if m.group(4) else ""))
        except ValueError:
            return None
    if m := re.fullmatch(rf"{_MONTH} (\d{{4}})", t):
        return _month(int(m.group(2)), MONTHS[m.group(1)], "month year")
    if m := re.fullmatch(rf"(last|this|next|coming)? ?{_MONTH}", t):
        month = MONTHS[m.group(2)]
        step = {"last": -1, "next": 1, "coming": 1}.get(m.group(1) or "")
        if step is None:
            return _month(_pick_year(month, 1, base.replace(day=1), future), month, "month")
        year = base.year + (step if (month - base.month) * step <= 0 else 0)
        return _month(year, month, f"{m.group(1)} month")
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t):
        try:
            return _day(dt.date(*map(int, m.groups())), "iso")
        except ValueError:
            return None
    return None


def _year_only(t: str, base: dt.date) -> ResolvedDate | None:
    if m := re.fullmatch(r"(the year |fiscal year |fy ?)?((1[89]|2[01])\d\d)", t):
        return _year(int(m.group(2)), "year")
    if m := re.fullmatch(r"(last|this|next|coming) (spring|summer|autumn|fall|winter)", t):
        return _year(base.year + {"last": -1, "this": 0, "next": 1, "coming": 1}[m.group(1)], "season")
    if m := re.fullmatch(r"(spring|summer|autumn|fall|winter) (\d{4})", t):
        return _year(int(m.group(2)), "season year")
    return None


def resolve(text: str, base: dt.date, future: bool = False) -> ResolvedDate | None:
    """Resolve one time expression against the article date ``base`` with polevent's rules.

    ``future``: place bare month names / weekdays / day-months in the future (scheduled events).
    Returns None for durations, ranges and anything the rules do not cover.
    """
    if is_duration(text):
        return None
    t = clean(text)
    if m := _PERIOD_EDGE.fullmatch(t):  # "by the end of the year": this year / this month
        if m.group(4) == "year":
            return _year(base.year, "end of this year")
        return _month(base.year, base.month, "end of this month")
    while (stripped := _MODIFIERS.sub("", t, count=1).strip()) != t:
        t = stripped
    for rule in (_deictic(t, base), _weekday(t, base, future), _ago(t, base),
                 _calendar(t, base, future), _year_only(t, base)):
        if rule is not None:
            return rule
    return None


# -- the stage ---------------------------------------------------------------------------------

CUT_WORDS = frozenset({"after", "before", "since", "until", "following"})


def _cut_at_preposition(ent: Span) -> Span:
    """ "Friday after months" (one DATE entity to the NER model) -> "Friday": the part before a
    preposition that starts another time phrase."""
    for tok in ent[1:]:
        if tok.lower_ in CUT_WORDS:
            return ent.doc[ent.start:tok.i]
    return ent


def time_expressions(sent: Span) -> list[Span]:
    """DATE entities of the sentence, plus bare years after in/during/by (often CARDINAL)."""
    spans = [_cut_at_preposition(e) for e in sent.ents if e.label_ == "DATE"]
    covered = {t.i for e in spans for t in e}
    doc = sent.doc
    for tok in sent:
        if tok.i in covered:
            continue
        bare_year = re.fullmatch(r"(1[89]|2[01])\d\d", tok.text) is not None
        if bare_year and tok.dep_ == "pobj" and tok.head.lower_ in YEAR_PREPS:
            spans.append(doc[tok.i: tok.i + 1])
        elif tok.lower_ in ("today", "yesterday", "tomorrow", "tonight"):
            spans.append(doc[tok.i: tok.i + 1])
    return spans


@dataclass(frozen=True)
class _Candidate:
    rank: int
    distance: int
    span: Span
    date: ResolvedDate

    @property
    def key(self) -> tuple[int, int]:
        return self.rank, self.distance


class DateStage:
    """Set ``event.date`` / ``event.date_precision`` from the time expression governing the event."""

    name = "dates"
    requires = ("doc", "events")
    provides = ("event_dates",)

    def __init__(self, nlp: Language, resources=None):
        self.nlp = nlp
        self.resources = resources

    def __call__(self, state: ArticleState) -> None:
        sents = state.sentences
        reasons = state.notes.setdefault("event_date_reasons", {})
        for event in state.events:
            idx = event.evidence.sentence_index
            if not 0 <= idx < len(sents):
                continue
            found = self.date_for(event, sents[idx], state)
            if found is not None:
                event.date, event.date_precision = found.date.value, found.date.precision
                reasons[event.event_id] = f"{found.date.rule}: {found.span.text!r}"

    def date_for(self, event: Event, sent: Span, state: ArticleState) -> _Candidate | None:
        anchor = state.event_anchors.get(event.event_id)
        trigger = event_trigger(state, event, sent)
        future = event.modality in FUTURE_MODALITIES
        best = None
        for span in time_expressions(sent):
            cand = self._candidate(span, trigger, state.article.date, future)
            if cand is not None and (best is None or cand.key < best.key):
                best = cand
        return best

    def _candidate(self, span: Span, trigger: Token, base: dt.date, future: bool) -> _Candidate | None:
        prep = governing_prep(span.root)
        if prep in BLOCKING_PREPS or (prep == "by" and not future) or is_duration(span.text):
            return None
        rank = attachment_rank(span.root, trigger, future)
        if rank is None:
            return None
        date = resolve(span.text, base, future) or self._fallback(span.text, base, future)
        if date is None:
            return None
        return _Candidate(rank, abs(span.root.i - trigger.i), span, date)

    @staticmethod
    def _fallback(text: str, base: dt.date, future: bool) -> ResolvedDate | None:
        """dateparser, for forms the rules miss ("3/12/2022", "Sept 12 at noon"); only for text
        with a month name, a four-digit year or a numeric date (dateparser reads "the 12th" as
        December)."""
        t = clean(text)
        if not (re.search(r"\b\d{4}\b|\d/\d", t) or any(w in MONTHS for w in t.split())):
            return None
        from dateparser.date import DateDataParser  # imported late: ~0.6 s, rarely needed

        settings = {"RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
                    "PREFER_DATES_FROM": "future" if future else "past"}
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(t)
        if data.date_obj is None:
            return None
        d = data.date_obj.date()
        if data.period == "day":
            return _day(d, "dateparser")
        if data.period in ("week", "month"):
            return _month(d.year, d.month, "dateparser")
        if data.period == "year":
            return _year(d.year, "dateparser")
        return None
