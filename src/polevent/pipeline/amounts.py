"""Amounts in a sentence: number, multiplier and unit, with the qualifier in front.

"up to $2 billion" -> Amount(value=2e9, unit="USD", unit_class="money", qualifier="up to");
"40 percent", "60 commodity items", "at least 12 people", "200,000 tonnes". An amount needs a unit:
a bare number is not an amount. Rules and tables: ``docs/quantities.md``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from spacy.tokens import Doc, Span, Token

from .periods import YEAR

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
    yearlike = bool(YEAR.match(doc[j - 1].text)) and j - 1 == i
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


def _may_have_number(sent: Span) -> bool:
    """Every amount has a token with a digit or a number word: most sentences have neither."""
    return any(t.lower_ in NUMBER_WORDS or any(c.isdigit() for c in t.text) for t in sent)


def find_amounts(sent: Span) -> list[Amount]:
    """Every amount with a unit in the sentence, left to right, qualifiers attached."""
    if not _may_have_number(sent):
        return []
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


# ---- distance to an amount (for choosing its indicator and period) ---------------------------


def _distance(start: int, end: int, amount: Amount) -> float:
    """Token gap between a span and an amount; spans after the amount count a little more."""
    if end <= amount.qual_start:
        return amount.qual_start - end
    if start >= amount.end:
        return start - amount.end + 0.5
    return 0.0


def nearest(items: Sequence, amount: Amount, limit: float = float("inf")):
    """The item (with .start/.end) closest to the amount, or None."""
    scored = [(_distance(it.start, it.end, amount), n, it) for n, it in enumerate(items)]
    scored = [s for s in scored if s[0] <= limit]
    return min(scored)[2] if scored else None
