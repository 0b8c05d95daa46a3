"""Quantities stage: amounts in a sentence (money, percentages, counts, measures) and what they measure.

For every amount that has a unit and an indicator from ``data/indicators.csv`` the stage adds a
``Quantity``: value normalised (``$1.5bn`` -> 1.5e9 USD), qualifier (approx, up to, ...), period,
indicator, parties (ISO-3) and kind (actual, target, forecast, change). The rules are described in
``docs/quantities.md``; each record's ``rule`` names the ones that decided it.

The stage reads only the parsed Doc and ``state.actor_mentions``. Helpers shared with the
agreements stage (``main_pair``, ``sentence_countries``, ``find_periods``, ``resolve_parties``)
live here.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources as package_files
from typing import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from ..errors import DataError
from ..model import Quantity
from .state import ArticleState, actors_in

# --------------------------------------------------------------------------------------------
# Indicator vocabulary
# --------------------------------------------------------------------------------------------


UNIT_CLASSES = frozenset({"money", "percent", "measure", "people", "items"})


@dataclass(frozen=True)
class Indicator:
    name: str  # normalised name, e.g. "trade turnover"
    scope: str  # "dyad" (between two parties) or "single" (one party)
    units: frozenset[str]  # unit classes it can be measured in: money|percent|measure|people|items
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorMention:
    start: int  # token indices into the Doc, end exclusive
    end: int
    indicator: Indicator
    text: str


def _phrase_words(phrase: str) -> tuple[str, ...]:
    """Split a phrase the way spaCy's English tokenizer splits it (hyphens are own tokens)."""
    return tuple(re.findall(r"\w+|[^\w\s]", phrase.lower()))


def _token_forms(tok: Token) -> set[str]:
    """The word as written, and its lemma for nouns ("exports" -> "export"); verbs match only as
    written, so "grant" (aid) does not match "granted bail"."""
    if tok.pos_ in ("NOUN", "PROPN"):
        return {tok.lower_, tok.lemma_.lower()}
    return {tok.lower_}


class IndicatorVocabulary:
    """Indicator phrases matched on token text or lemma, longest phrase first."""

    def __init__(self, indicators: Iterable[Indicator]):
        self.indicators = tuple(indicators)
        by_first: dict[str, list[tuple[tuple[str, ...], Indicator]]] = {}
        for ind in self.indicators:
            for phrase in ind.phrases:
                words = _phrase_words(phrase)
                if words:
                    by_first.setdefault(words[0], []).append((words, ind))
        for patterns in by_first.values():
            patterns.sort(key=lambda p: -len(p[0]))
        self._by_first = by_first

    @classmethod
    def load(cls, path=None) -> "IndicatorVocabulary":
        src = path or package_files.files("polevent.data").joinpath("indicators.csv")
        rows = []
        with src.open(encoding="utf-8") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                try:
                    scope = row["scope"].strip()
                    if scope not in ("dyad", "single"):
                        raise ValueError(f"scope must be dyad or single, not {scope!r}")
                    phrases = tuple(p.strip() for p in row["phrases"].split("|") if p.strip())
                    units = frozenset(u.strip() for u in row["units"].split("|") if u.strip())
                    if not units <= UNIT_CLASSES:
                        raise ValueError(f"unknown unit classes {sorted(units - UNIT_CLASSES)}")
                    rows.append(Indicator(name=row["indicator"].strip(), scope=scope, units=units,
                                          phrases=phrases))
                except (KeyError, ValueError, AttributeError) as exc:
                    raise DataError(f"{src}: line {n}: {exc}") from exc
        return cls(rows)

    def get(self, name: str) -> Indicator:
        for ind in self.indicators:
            if ind.name == name:
                return ind
        raise KeyError(name)

    def find(self, span: Span) -> list[IndicatorMention]:
        """Leftmost-longest phrase matches inside ``span``."""
        doc, out, i = span.doc, [], span.start
        while i < span.end:
            hit = self._match_at(doc, i, span.end)
            if hit:
                out.append(hit)
                i = hit.end
            else:
                i += 1
        return out

    def _match_at(self, doc: Doc, i: int, end: int) -> IndicatorMention | None:
        candidates = [p for form in _token_forms(doc[i]) for p in self._by_first.get(form, ())]
        for words, ind in sorted(candidates, key=lambda p: -len(p[0])):
            j = i + len(words)
            if j <= end and all(w in _token_forms(doc[i + k]) for k, w in enumerate(words)):
                return IndicatorMention(i, j, ind, doc[i:j].text)
        return None


# --------------------------------------------------------------------------------------------
# Amounts: number + multiplier + unit, with the qualifier in front
# --------------------------------------------------------------------------------------------

MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
               "mn": 1e6, "mln": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12}
# short suffixes that are multipliers only next to a currency ("$500 m", "€3bn" is glued anyway)
MONEY_MULTIPLIERS = {"k": 1e3, "m": 1e6, "b": 1e9}
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "u.s.$": "USD", "a$": "AUD", "c$": "CAD", "hk$": "HKD",
                    "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₸": "KZT", "₹": "INR", "₺": "TRY",
                    "₴": "UAH"}
CURRENCY_CODES = {"USD", "EUR", "GBP", "RUB", "CNY", "JPY", "INR", "KZT", "TJS", "UZS", "KGS", "TRY",
                  "UAH", "CHF", "AUD", "CAD", "HKD", "AED", "SAR", "BYN", "AZN", "AMD", "GEL", "KRW",
                  "IRR", "PKR", "BRL", "ZAR", "MNT", "TMT"}
CURRENCY_CODE_ALIASES = {"RMB": "CNY"}
CURRENCY_WORDS = {"dollar": "USD", "euro": "EUR", "yuan": "CNY", "renminbi": "CNY", "rouble": "RUB",
                  "ruble": "RUB", "tenge": "KZT", "somoni": "TJS", "yen": "JPY", "rupee": "INR",
                  "lira": "TRY", "hryvnia": "UAH", "lari": "GEL", "dram": "AMD", "won": "KRW",
                  "riyal": "SAR", "dirham": "AED", "sterling": "GBP"}
# an adjective in front of "dollars" that changes the currency
DOLLAR_COUNTRY = {"us": "USD", "u.s.": "USD", "american": "USD", "canadian": "CAD",
                  "australian": "AUD", "singapore": "SGD", "kong": "HKD"}
PERCENT_WORDS = {"percent", "%", "pct", "pc", "percentage"}
COUNT_UNITS = {  # lemma or lower form -> unit
    "people": "people", "person": "people", "civilian": "people", "resident": "people",
    "migrant": "people", "refugee": "people", "protester": "people", "demonstrator": "people",
    "soldier": "people", "troop": "people", "serviceman": "people", "servicemen": "people",
    "child": "people", "children": "people", "woman": "people", "women": "people", "man": "people",
    "men": "people", "worker": "people", "militant": "people", "fighter": "people", "citizen": "people",
    "tourist": "people", "individual": "people", "dead": "people", "killed": "people",
    "injured": "people", "wounded": "people", "detainee": "people", "officer": "people",
    "policeman": "people", "policemen": "people", "journalist": "people", "student": "people",
    "activist": "people", "prisoner": "people", "hostage": "people", "victim": "people",
    "passenger": "people", "member": "people",
    "item": "items", "product": "items", "project": "projects",
}
MEASURE_UNITS = {"tonne": ("tonnes", 1.0), "tonnes": ("tonnes", 1.0), "ton": ("tonnes", 1.0),
                 "tons": ("tonnes", 1.0), "barrel": ("barrels", 1.0), "bcm": ("m3", 1e9),
                 "megawatt": ("MW", 1.0), "mw": ("MW", 1.0), "gigawatt": ("MW", 1e3), "gw": ("MW", 1e3)}
NUMBER_WORDS = {w: float(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
NUMBER_WORDS.update({"twenty": 20.0, "thirty": 30.0, "forty": 40.0, "fifty": 50.0, "sixty": 60.0,
                     "seventy": 70.0, "eighty": 80.0, "ninety": 90.0, "dozen": 12.0})
QUALIFIERS = {  # lowercased word sequences right before an amount (longest is tried first)
    ("up", "to"): "up to", ("as", "much", "as"): "up to", ("as", "many", "as"): "up to",
    ("at", "most"): "up to", ("no", "more", "than"): "up to", ("not", "more", "than"): "up to",
    ("a", "maximum", "of"): "up to", ("not", "exceeding"): "up to",
    ("more", "than"): "more than", ("over",): "more than", ("above",): "more than",
    ("exceeding",): "more than", ("exceeded",): "more than", ("exceeds",): "more than",
    ("exceed",): "more than", ("in", "excess", "of"): "more than", ("upwards", "of"): "more than",
    ("surpassing",): "more than", ("surpassed",): "more than", ("topped",): "more than",
    ("at", "least"): "at least", ("no", "less", "than"): "at least",
    ("no", "fewer", "than"): "at least", ("not", "less", "than"): "at least",
    ("a", "minimum", "of"): "at least",
    ("less", "than"): "less than", ("fewer", "than"): "less than", ("under",): "less than",
    ("below",): "less than", ("just", "under"): "less than",
    ("about",): "approx", ("around",): "approx", ("approximately",): "approx", ("roughly",): "approx",
    ("nearly",): "approx", ("almost",): "approx", ("some",): "approx", ("circa",): "approx",
    ("close", "to"): "approx", ("an", "estimated"): "approx", ("estimated",): "approx",
    ("approached",): "approx", ("approaching",): "approx", ("approaches",): "approx",
    ("approach",): "approx", ("~",): "approx",
}
_TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
_QUALIFIER_LENGTHS = sorted({len(k) for k in QUALIFIERS}, reverse=True)
_YEAR = re.compile(r"^(19|20)\d\d$")
_GLUED = re.compile(
    r"^(?P<cur>u\.s\.\$|us\$|hk\$|a\$|c\$|\$|€|£|¥|₽|₸|₹|₺|₴)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\d+,\d{1,2})"
    r"(?P<suf>bn|bln|mn|mln|tn|trn|m|b|k|pc|%)?$", re.IGNORECASE)


@dataclass
class Amount:
    start: int  # first token of the amount (currency symbol or number), Doc index
    end: int  # exclusive
    value: float
    unit: str  # ISO 4217 code, "percent", "people", "items", "tonnes", ...
    unit_class: str  # money|percent|measure|people|items
    qualifier: str | None = None
    qual_start: int = -1  # first token of the qualifier ("up to"), or ``start`` when there is none

    def text(self, doc: Doc) -> str:
        return doc[self.qual_start:self.end].text


def _number_words(doc: Doc, i: int, end: int) -> tuple[float, int] | None:
    """Numbers in words: "twelve", "twenty-five", "one hundred and twenty-eight" -> (value, next)."""
    value, j, prev = 0.0, i, None
    while j < end:
        word = doc[j].lower_
        nxt = doc[j + 1].lower_ if j + 1 < end else ""
        if word in NUMBER_WORDS and (prev is None or prev in _TENS and NUMBER_WORDS[word] < 10
                                     or prev == "hundred"):
            value += NUMBER_WORDS[word]
        elif word == "hundred" and prev in NUMBER_WORDS:
            value *= 100
        elif word == "and" and prev == "hundred" or word == "-" and prev in _TENS:
            if nxt not in NUMBER_WORDS:
                break
            j += 1
            continue
        else:
            break
        prev, j = word, j + 1
    return (value, j) if prev is not None else None


def _parse_number(text: str) -> tuple[float, str | None, str | None] | None:
    """Number in one token: value, glued currency code, glued suffix ("1.5bn", "US$2", "40%")."""
    m = _GLUED.match(text)
    if not m:
        return None
    num = m["num"]
    if re.fullmatch(r"\d+,\d{1,2}", num):  # decimal comma: "1,5"
        num = num.replace(",", ".")
    value = float(num.replace(",", ""))
    cur = CURRENCY_SYMBOLS.get(m["cur"].lower()) if m["cur"] else None
    return value, cur, (m["suf"] or "").lower() or None


def _currency_prefix(doc: Doc, i: int, end: int) -> tuple[str | None, int]:
    """Currency written before the number: "$", "US$", "US $", "USD", "RUB", "€"."""
    tok = doc[i]
    if tok.lower_ in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[tok.lower_], i + 1
    if tok.text in CURRENCY_CODES or tok.text in CURRENCY_CODE_ALIASES:
        return CURRENCY_CODE_ALIASES.get(tok.text, tok.text), i + 1
    if tok.lower_ in ("us", "u.s.") and i + 1 < end and doc[i + 1].text == "$":
        return "USD", i + 2
    return None, i


def _currency_after(doc: Doc, j: int, end: int) -> tuple[str, int] | None:
    """Currency written after the number: "dollars", "US dollars", "euros", "USD"."""
    if j >= end:
        return None
    tok = doc[j]
    if tok.text in CURRENCY_CODES or tok.text in CURRENCY_CODE_ALIASES:
        return CURRENCY_CODE_ALIASES.get(tok.text, tok.text), j + 1
    lemma = tok.lemma_.lower()
    if lemma in CURRENCY_WORDS or tok.lower_.rstrip("s") in CURRENCY_WORDS:
        code = CURRENCY_WORDS.get(lemma) or CURRENCY_WORDS[tok.lower_.rstrip("s")]
        return code, j + 1
    if tok.lower_ in DOLLAR_COUNTRY and j + 1 < end and doc[j + 1].lemma_.lower() == "dollar":
        return DOLLAR_COUNTRY[tok.lower_], j + 2
    if tok.lower_ in ("pound", "pounds") and j + 1 < end and doc[j + 1].lower_ == "sterling":
        return "GBP", j + 2
    if tok.lower_ == "pounds" and doc[j - 1].lower_ in MULTIPLIERS:  # "1.4 billion pounds" is money
        return "GBP", j + 1
    return None


def _percent_after(doc: Doc, j: int, end: int) -> int | None:
    if j < end and doc[j].lower_ in PERCENT_WORDS:
        return j + 1
    if j + 1 < end and doc[j].lower_ == "per" and doc[j + 1].lower_ == "cent":
        return j + 2
    return None


def _unit_word(tok: Token) -> tuple[str, str, float] | None:
    for form in (tok.lower_, tok.lemma_.lower()):
        if form in COUNT_UNITS:
            unit = COUNT_UNITS[form]
            return unit, "people" if unit == "people" else "items", 1.0
        if form in MEASURE_UNITS:
            unit, factor = MEASURE_UNITS[form]
            return unit, "measure", factor
    return None


def _count_after(doc: Doc, j: int, end: int) -> tuple[str, str, float, int] | None:
    """A count or measure unit, allowing up to two modifiers: "60 commodity items", "5 metric tons"."""
    for k in range(3):
        if j + k >= end:
            break
        tok = doc[j + k]
        unit = _unit_word(tok)
        if unit:
            return (*unit, j + k + 1)
        if not (tok.is_alpha and tok.pos_ in ("ADJ", "NOUN", "PROPN") and not tok.is_stop):
            break
    return None


def _qualifier(doc: Doc, start: int, floor: int) -> tuple[str | None, int]:
    """The qualifier words right before token ``start`` (not before ``floor``)."""
    for n in _QUALIFIER_LENGTHS:
        if start - n < floor:
            continue
        words = tuple(t.lower_ for t in doc[start - n:start])
        if words in QUALIFIERS:
            return QUALIFIERS[words], start - n
    return None, start


def _match_amount(doc: Doc, i: int, end: int) -> Amount | None:
    currency, j = _currency_prefix(doc, i, end)
    if j >= end:
        return None
    parsed, words = _parse_number(doc[j].text), _number_words(doc, j, end)
    if parsed:
        value, glued_cur, suffix = parsed
        j += 1
    elif words:
        (value, j), glued_cur, suffix = words, None, None
    else:
        return None
    currency = currency or glued_cur
    percent = suffix in ("pc", "%")
    if suffix and not percent:
        value *= MULTIPLIERS.get(suffix) or MONEY_MULTIPLIERS[suffix]
    while j < end and (doc[j].lower_ in MULTIPLIERS or (currency and doc[j].lower_ in MONEY_MULTIPLIERS)):
        value *= MULTIPLIERS.get(doc[j].lower_) or MONEY_MULTIPLIERS[doc[j].lower_]
        j += 1
    yearlike = bool(_YEAR.match(doc[j - 1].text)) and j - 1 == i
    return _with_unit(doc, i, j, end, value, currency, percent, yearlike)


def _with_unit(doc: Doc, i: int, j: int, end: int, value: float, currency: str | None,
               percent: bool, yearlike: bool = False) -> Amount | None:
    """The unit after the number; a bare year ("in 2022 Kazakh exports") is never a count."""
    if percent:
        return Amount(i, j, value, "percent", "percent")
    if currency:
        return Amount(i, j, value, currency, "money")
    after = _currency_after(doc, j, end)
    if after:
        return Amount(i, after[1], value, after[0], "money")
    pct_end = _percent_after(doc, j, end)
    if pct_end:
        return Amount(i, pct_end, value, "percent", "percent")
    count = None if yearlike else _count_after(doc, j, end)
    if count:
        unit, unit_class, factor, stop = count
        return Amount(i, stop, value * factor, unit, unit_class)
    return None


def find_amounts(sent: Span) -> list[Amount]:
    """Every amount with a unit in the sentence, left to right, qualifiers attached."""
    doc, out, i = sent.doc, [], sent.start
    while i < sent.end:
        amount = _match_amount(doc, i, sent.end)
        if amount is None:
            i += 1
            continue
        floor = out[-1].end if out else sent.start
        amount.qualifier, amount.qual_start = _qualifier(doc, amount.start, floor)
        out.append(amount)
        i = amount.end
    return out


# --------------------------------------------------------------------------------------------
# Periods: "2022", "2023-2025", "in the first quarter", "over the year", "in March 2022"
# --------------------------------------------------------------------------------------------

MONTHS = {m: n for n, m in enumerate(
    "January February March April May June July August September October November December".split(), 1)}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
RELATIVE_YEARS = {("last", "year"): -1, ("previous", "year"): -1, ("past", "year"): -1,
                  ("over", "the", "year"): -1, ("this", "year"): 0,
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
    kind: str  # year|range|quarter|half|month|relative


def _is_year(tok: Token) -> bool:
    return bool(_YEAR.match(tok.text))


def _started_year(start_month: int, today: dt.date) -> int:
    """Year of the latest period starting in ``start_month`` that has begun by ``today``."""
    return today.year if start_month <= today.month else today.year - 1


def _explicit_year(doc: Doc, j: int, end: int) -> tuple[int | None, int]:
    """A year right after a quarter/month phrase: "(March) 2022", "(the first quarter) of 2022"."""
    if j < end and _is_year(doc[j]):
        return int(doc[j].text), j + 1
    if j + 1 < end and doc[j].lower_ == "of" and _is_year(doc[j + 1]):
        return int(doc[j + 1].text), j + 2
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
    year, j = _explicit_year(doc, j, end)
    year = year or _started_year((n - 1) * months_per + 1, today)
    label = f"{year}-{'Q' if kind == 'quarter' else 'H'}{n}"
    return PeriodMention(i, j, label, str(year), str(year), kind)


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
    year, j = _explicit_year(doc, j, end)
    if year is None and i > 0 and doc[i - 1].lower_ == "last":  # "last May" said in May: a year ago
        year = today.year if first < today.month else today.year - 1
    year = year or _started_year(first, today)
    value = f"{year}-{first:02d}" if last is None else f"{year}-{first:02d}/{year}-{last:02d}"
    return PeriodMention(i, j, value, str(year), str(year), "month")


def _relative_period(doc: Doc, i: int, end: int, today: dt.date) -> PeriodMention | None:
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
            found = (_part_period(doc, i, sent.end, today) or _month_period(doc, i, sent.end, today)
                     or _relative_period(doc, i, sent.end, today) or _year_period(doc, i, sent.end))
        if found:
            out.append(found)
            i = found.end
        else:
            i += 1
    return out


# --------------------------------------------------------------------------------------------
# Parties
# --------------------------------------------------------------------------------------------

PAIR_CUES = ("between the countries", "between the two countries", "between our countries",
             "between the two nations", "between our two countries", "between both countries",
             "mutual", "bilateral", "two-way", "both countries")


def main_pair(state: ArticleState) -> tuple[str, ...]:
    """The two countries most mentioned in the article (ties: first mentioned first)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in sorted(state.actor_mentions, key=lambda m: m.start):
        for country in dict.fromkeys(a.country for a in m.actors if a.country):
            counts[country] += 1
            first.setdefault(country, m.start)
    ranked = sorted(counts, key=lambda c: (-counts[c], first[c]))
    return tuple(ranked[:2])


def sentence_countries(state: ArticleState, sent: Span) -> list[str]:
    """Distinct country codes of the actors mentioned in a sentence, in text order."""
    return list(dict.fromkeys(a.country for a in actors_in(state, sent) if a.country))


def resolve_parties(countries: Sequence[str], scope: str, pair: Sequence[str],
                    sentence: str) -> tuple[list[str], str]:
    """Parties of a figure (sorted ISO-3) and the rule that chose them."""
    lowered = sentence.lower()
    if len(pair) == 2 and any(cue in lowered for cue in PAIR_CUES):
        return sorted(pair), "main-pair-cue"
    if scope == "single":
        return list(countries[:1]), "sentence-first"
    if len(countries) >= 2:
        both = [c for c in countries if c in pair]
        return sorted(both if len(both) == 2 else countries[:2]), "sentence-pair"
    if len(countries) == 1 and countries[0] not in pair:
        return list(countries), "sentence-one"
    return sorted(pair), "main-pair"


# --------------------------------------------------------------------------------------------
# Kind: actual, target, forecast or change
# --------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------
# The stage
# --------------------------------------------------------------------------------------------

_MAX_INDICATOR_DISTANCE = 30


def _distance(start: int, end: int, amount: Amount) -> float:
    """Token gap between a span and an amount; spans after the amount count a little more."""
    if end <= amount.qual_start:
        return amount.qual_start - end
    if start >= amount.end:
        return start - amount.end + 0.5
    return 0.0


def _covering(indicators: Sequence[IndicatorMention], tokens: Iterable[Token]) -> IndicatorMention | None:
    for tok in tokens:
        for ind in indicators:
            if ind.start <= tok.i < ind.end:
                return ind
    return None


def attached_indicator(doc: Doc, amount: Amount, indicators: Sequence[IndicatorMention]
                       ) -> IndicatorMention | None:
    """An indicator hanging off the amount ("$2bn of aid", "US$1.5bn in loans") or governing it
    ("killed 12 people", "12 demonstrators were arrested", "invested $300 million")."""
    root = doc[amount.start:amount.end].root
    objects = [o for p in root.children if p.dep_ == "prep" and p.lower_ in ("of", "in")
               for o in p.children if o.dep_ == "pobj"]
    head = root.head.head if root.head.dep_ == "prep" else root.head
    return _covering(indicators, objects) or _covering(indicators, [head] if head.i != root.i else [])


def _linked(doc: Doc, amount: Amount, ind: IndicatorMention) -> bool:
    """The indicator is in the amount's subtree, among its three nearest governors, or a sister
    of the amount ("left 80,000 people dead")."""
    root = doc[amount.start:amount.end].root
    near = {t.i for t in root.subtree} | {t.i for _, t in zip(range(3), root.ancestors)}
    near |= {t.i for t in root.head.children if t.dep_ in ("oprd", "acomp", "xcomp", "ccomp")}
    return any(i in near for i in range(ind.start, ind.end))


def _state_word(doc: Doc, amount: Amount, indicators: Sequence[IndicatorMention]) -> IndicatorMention | None:
    """An indicator that is the amount's own unit word and says what happened: "50 wounded"."""
    for ind in indicators:
        if amount.start <= ind.start and ind.end <= amount.end and doc[ind.end - 1].pos_ != "NOUN":
            return ind
    return None


def nearest(items: Sequence, amount: Amount, limit: float = float("inf")):
    """The item (with .start/.end) closest to the amount, or None."""
    scored = [(_distance(it.start, it.end, amount), n, it) for n, it in enumerate(items)]
    scored = [s for s in scored if s[0] <= limit]
    return min(scored)[2] if scored else None


def choose_indicator(doc: Doc, amount: Amount, indicators: Sequence[IndicatorMention]
                     ) -> tuple[IndicatorMention | None, str]:
    """The indicator an amount measures and how it was chosen: only indicators measured in the
    amount's unit class; one attached to the amount first, else the nearest (for counts of people,
    the nearest linked to the amount in the parse)."""
    fitting = [m for m in indicators if amount.unit_class in m.indicator.units]
    own = _state_word(doc, amount, fitting)
    if own:
        return own, "unit-word"
    attached = attached_indicator(doc, amount, fitting)
    if attached:
        return attached, "attached"
    if amount.unit_class == "people":
        return nearest([m for m in fitting if _linked(doc, amount, m)], amount), "linked"
    return nearest(fitting, amount, _MAX_INDICATOR_DISTANCE), "nearest"


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
        for sent in state.doc.sents:
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
