"""Periods: "in 2022", "the 2023-2025 Roadmap", "in the first quarter", "over the year", "in March".

``find_periods`` reads period expressions in a sentence and labels them (``2022``, ``2023-2025``,
``2023-Q1``, ``2023-H1``, ``2023-03``, ``2023-01/2023-03``), resolving relative ones against the
article date. ``parse_label`` turns a label back into dates, for comparing figures over time
(``polevent commitments``). Rules: ``docs/quantities.md``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # spaCy types for annotations only: reading labels needs no spaCy
    from spacy.tokens import Doc, Span, Token

YEAR = re.compile(r"^(19|20)\d\d$")
MONTHS = {m: n for n, m in enumerate(
    "January February March April May June July August September October November December".split(), 1)}
NUMBER_NAMES = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
RELATIVE_YEARS = {("last", "year"): -1, ("previous", "year"): -1, ("past", "year"): -1,
                  ("over", "the", "year"): -1, ("this", "year"): 0,
                  ("current", "year"): 0, ("next", "year"): 1, ("coming", "year"): 1}
_RELATIVE_FIRST = {words[0] for words in RELATIVE_YEARS}
OF_RELATIVE_YEARS = {("last", "year"): -1, ("previous", "year"): -1, ("this", "year"): 0,
                     ("current", "year"): 0, ("next", "year"): 1, ("coming", "year"): 1}
_YEAR_RANGE = re.compile(r"^((?:19|20)\d\d)[-–—]((?:19|20)?\d\d)$")
_RANGE_JOINERS = {"-", "–", "—", "to", "through", "till"}


@dataclass(frozen=True)
class PeriodMention:
    start: int  # token indices, end exclusive
    end: int
    value: str  # "2022", "2023-2025", "2023-Q1", "2023-H1", "2023-03", "2023-01/2023-03"
    first: str  # first year of the period
    last: str  # last year of the period
    kind: str  # year|range|quarter|half|month|months|relative


def _is_year(tok: Token) -> bool:
    return bool(YEAR.match(tok.text))


def _started_year(start_month: int, today: dt.date) -> int:
    """Year of the latest period starting in ``start_month`` that has begun by ``today``."""
    return today.year if start_month <= today.month else today.year - 1


def _explicit_year(doc: Doc, j: int, end: int, today: dt.date) -> tuple[int | None, int]:
    """A year right after a quarter/month phrase: "(March) 2022", "(the first quarter) of 2022",
    "(March) last year", "(the first quarter) of this year", "(...) of the previous year"."""
    k = j + 1 if j < end and doc[j].lower_ == "of" else j
    if k < end and _is_year(doc[k]):
        return int(doc[k].text), k + 1
    if k < end and doc[k].lower_ == "the":
        k += 1
    for words, delta in OF_RELATIVE_YEARS.items():
        stop = k + len(words)
        if stop <= end and tuple(t.lower_ for t in doc[k:stop]) == words:
            return today.year + delta, stop
    return None, j


def _year_period(doc: Doc, i: int, end: int) -> PeriodMention | None:
    tok = doc[i]
    m = _YEAR_RANGE.match(tok.text)
    if m:
        last = m[2] if len(m[2]) == 4 else m[1][:2] + m[2]
        return PeriodMention(i, i + 1, f"{m[1]}-{last}", m[1], last, "range")
    if not _is_year(tok):
        return None
    joined = i + 2 < end and doc[i + 1].lower_ in _RANGE_JOINERS | {"and"} and _is_year(doc[i + 2])
    if joined and (doc[i + 1].lower_ != "and" or (i > 0 and doc[i - 1].lower_ == "between")):
        return PeriodMention(i, i + 3, f"{tok.text}-{doc[i + 2].text}", tok.text, doc[i + 2].text, "range")
    return PeriodMention(i, i + 1, tok.text, tok.text, tok.text, "year")


def _part_period(doc: Doc, i: int, end: int, today: dt.date) -> PeriodMention | None:
    """Quarters and halves: "the first quarter (of 2022)", "Q1 2023", "the second half"."""
    tok, nxt = doc[i].lower_, doc[i + 1].lower_ if i + 1 < end else ""
    q = re.fullmatch(r"q([1-4])", tok)
    if q:
        n, kind, j = int(q[1]), "quarter", i + 1
    elif tok in ORDINALS and nxt in ("quarter", "half") and (nxt == "quarter" or ORDINALS[tok] <= 2):
        n, kind, j = ORDINALS[tok], nxt, i + 2
    else:
        return None
    months_per = 3 if kind == "quarter" else 6
    year, j = _explicit_year(doc, j, end, today)
    year = year or _started_year((n - 1) * months_per + 1, today)
    label = f"{year}-{'Q' if kind == 'quarter' else 'H'}{n}"
    return PeriodMention(i, j, label, str(year), str(year), kind)


def _month_count(tok: Token) -> int | None:
    """2 to 11 written in digits or words: the N of "the first N months"."""
    n = int(tok.text) if tok.text.isdigit() else NUMBER_NAMES.get(tok.lower_)
    return n if n is not None and 2 <= n <= 11 else None


def _months_into_year(doc: Doc, i: int, end: int, today: dt.date) -> PeriodMention | None:
    """ "the first nine months (of 2024)", "the first 10 months": January to the Nth month. Without a
    year, the latest such span that has ended ("the first nine months", said in March 2025: 2024)."""
    if not (doc[i].lower_ == "first" and i + 2 < end and doc[i + 2].lower_ == "months"):
        return None
    n = _month_count(doc[i + 1])
    if n is None:
        return None
    year, j = _explicit_year(doc, i + 3, end, today)
    year = year or (today.year if today.month > n else today.year - 1)
    return PeriodMention(i, j, f"{year}-01/{year}-{n:02d}", str(year), str(year), "months")


def _month_of(tok: Token) -> int | None:
    month = MONTHS.get(tok.text)
    if month == 5 and tok.pos_ != "PROPN":  # "May I add..." at the start of a sentence
        return None
    return month


def _month_period(doc: Doc, i: int, end: int, today: dt.date) -> PeriodMention | None:
    first = _month_of(doc[i])
    if first is None:
        return None
    j, last = i + 1, None
    if j + 1 < end and doc[j].lower_ in _RANGE_JOINERS and _month_of(doc[j + 1]):
        last, j = _month_of(doc[j + 1]), j + 2
    year, j = _explicit_year(doc, j, end, today)
    if year is None and i > 0 and doc[i - 1].lower_ == "last":  # "last May" said in May: a year ago
        year = today.year if first < today.month else today.year - 1
    year = year or _started_year(first, today)
    value = f"{year}-{first:02d}" if last is None else f"{year}-{first:02d}/{year}-{last:02d}"
    return PeriodMention(i, j, value, str(year), str(year), "month")


def _relative_period(doc: Doc, i: int, end: int, today: dt.date) -> PeriodMention | None:
    if doc[i].lower_ not in _RELATIVE_FIRST:
        return None
    for words, delta in RELATIVE_YEARS.items():
        j = i + len(words)
        if j <= end and tuple(t.lower_ for t in doc[i:j]) == words:
            year = str(today.year + delta)
            return PeriodMention(i, j, year, year, year, "relative")
    return None


def find_periods(sent: Span, today: dt.date, skip: Iterable[int] = ()) -> list[PeriodMention]:
    """Period expressions in a sentence; tokens in ``skip`` (amounts) are never years."""
    doc, skipped, out, i = sent.doc, set(skip), [], sent.start
    while i < sent.end:
        found = None
        if i not in skipped:
            found = (_part_period(doc, i, sent.end, today) or _months_into_year(doc, i, sent.end, today)
                     or _month_period(doc, i, sent.end, today)
                     or _relative_period(doc, i, sent.end, today) or _year_period(doc, i, sent.end))
        if found:
            out.append(found)
            i = found.end
        else:
            i += 1
    return out


# ---- labels back to dates ---------------------------------------------------------------------

_LABELS = {  # label pattern -> grain
    re.compile(r"(?P<y>\d{4})"): "year",
    re.compile(r"(?P<y>\d{4})-(?P<y2>\d{4})"): "years",
    re.compile(r"(?P<y>\d{4})-Q(?P<q>[1-4])"): "quarter",
    re.compile(r"(?P<y>\d{4})-H(?P<h>[12])"): "half",
    re.compile(r"(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])"): "month",
    re.compile(r"(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])/(?P<y2>\d{4})-(?P<m2>0[1-9]|1[0-2])"): "months",
}


@dataclass(frozen=True)
class TimeSpan:
    """The days a period label covers, both ends included, and its grain."""

    start: dt.date
    end: dt.date
    grain: str  # year|years|quarter|half|month|months


def _month_end(year: int, month: int) -> dt.date:
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def _span(y: int, first_month: int, y2: int, last_month: int, grain: str) -> TimeSpan:
    return TimeSpan(dt.date(y, first_month, 1), _month_end(y2, last_month), grain)


def parse_label(label: str) -> TimeSpan:
    """``"2022"`` -> 2022-01-01..2022-12-31 (year); ``"2023-Q1"`` -> 2023-01-01..2023-03-31 (quarter);
    ``"2023-2025"`` (years), ``"2023-H2"``, ``"2023-03"``, ``"2023-01/2023-03"`` (months).
    Raises ValueError for anything else."""
    for pattern, grain in _LABELS.items():
        m = pattern.fullmatch(label)
        if not m:
            continue
        g = m.groupdict()
        y = int(g["y"])
        if grain == "year":
            return _span(y, 1, y, 12, grain)
        if grain == "years":
            return _span(y, 1, int(g["y2"]), 12, grain)
        if grain in ("quarter", "half"):
            n, months = (int(g["q"]), 3) if grain == "quarter" else (int(g["h"]), 6)
            return _span(y, (n - 1) * months + 1, y, n * months, grain)
        if grain == "month":
            return _span(y, int(g["m"]), y, int(g["m"]), grain)
        return _span(y, int(g["m"]), int(g["y2"]), int(g["m2"]), grain)
    raise ValueError(f"not a period label: {label!r}")


def last_part(label: str) -> str:
    """The last single period of a label: ``"2023-2025"`` -> ``"2025"``, ``"2023-01/2023-03"`` ->
    ``"2023-03"``; a single period is returned as it is. A target's deadline is this part."""
    if "/" in label:
        return label.split("/")[-1]
    m = re.fullmatch(r"\d{4}-(\d{4})", label)
    return m[1] if m else label
