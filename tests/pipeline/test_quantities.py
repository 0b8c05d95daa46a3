"""QuantityStage: amounts, units, qualifiers, periods, indicators, parties and kinds.

States are built by hand (actor mentions from a tiny country-word table), so these tests do not
depend on the actors stage.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from polevent.errors import DataError
from polevent.pipeline.amounts import _parse_number, find_amounts
from polevent.pipeline.indicators import IndicatorVocabulary
from polevent.pipeline.parties import main_pair, resolve_parties
from polevent.pipeline.periods import find_periods, last_part, parse_label
from polevent.pipeline.quantities import QuantityStage

from handmade import build_state


def read_sample(path) -> tuple[str, str]:
    match = re.match(r"\s*date\s+(\d{4}-\d\d-\d\d)\s+(.*)", path.read_text(encoding="utf-8"), re.S)
    return match[1], match[2]


def code(nlp, text: str, date: str = "2023-05-04"):
    state = build_state(nlp, text, date)
    QuantityStage(nlp, None)(state)
    return state


def by_value(quantities, value):
    found = [q for q in quantities if q.value == pytest.approx(value)]
    assert len(found) == 1, [(q.value, q.unit) for q in quantities]
    return found[0]


# ---- numbers and units ----------------------------------------------------------------------

@pytest.mark.parametrize("token, expected", [
    ("1.5bn", (1.5, None, "bn")),
    ("US$2", (2.0, "USD", None)),
    ("€500m", (500.0, "EUR", "m")),
    ("1,500", (1500.0, None, None)),
    ("1,5", (1.5, None, None)),
    ("2023-2025", None),
    ("Roadmap", None),
])
def test_parse_number(token, expected):
    assert _parse_number(token) == expected


@pytest.mark.parametrize("phrase, value, unit, qualifier", [
    ("$2 billion", 2e9, "USD", None),
    ("US$1.5bn", 1.5e9, "USD", None),
    ("1.5 billion dollars", 1.5e9, "USD", None),
    ("500 million euros", 5e8, "EUR", None),
    ("€500m", 5e8, "EUR", None),
    ("RUB 40 billion", 4e10, "RUB", None),
    ("3.4 billion yuan", 3.4e9, "CNY", None),
    ("£3.2 billion", 3.2e9, "GBP", None),
    ("nearly 1.2 trillion tenge", 1.2e12, "KZT", "approx"),
    ("40 percent", 40, "percent", None),
    ("40%", 40, "percent", None),
    ("15 per cent", 15, "percent", None),
    ("less than 5%", 5, "percent", "less than"),
    ("200,000 tonnes", 2e5, "tonnes", None),
    ("10 bcm", 1e10, "m3", None),
    ("at least 12 people", 12, "people", "at least"),
    ("more than 300 civilians", 300, "people", "more than"),
    ("up to $2 billion", 2e9, "USD", "up to"),
    ("60 commodity items", 60, "items", None),
    ("twelve people", 12, "people", None),
    ("twenty-five people", 25, "people", None),
    ("one hundred and twenty-eight people", 128, "people", None),
    ("two million euros", 2e6, "EUR", None),
])
def test_find_amounts(nlp, phrase, value, unit, qualifier):
    doc = nlp(f"Officials reported {phrase} on Tuesday.")
    amounts = find_amounts(next(doc.sents))
    assert len(amounts) == 1
    a = amounts[0]
    assert (a.value, a.unit, a.qualifier) == (pytest.approx(value), unit, qualifier)
    assert a.text(doc) == phrase


@pytest.mark.parametrize("text", [
    "In 2022 Kazakh soldiers took part in the drills.",
    "The framework was developed over the past 30 years.",
    "The document meets the interests of the two nations.",
])
def test_no_amount_without_unit(nlp, text):
    assert find_amounts(next(nlp(text).sents)) == []


# ---- periods --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, date, expected", [
    ("Trade grew in 2022.", "2023-05-04", ["2022"]),
    ("They signed the 2023-2025 Roadmap.", "2023-05-04", ["2023-2025"]),
    ("Trade will grow from 2020 to 2025.", "2023-05-04", ["2020-2025"]),
    ("Trade grew in the first quarter.", "2023-05-04", ["2023-Q1"]),
    ("Trade grew in the fourth quarter.", "2023-05-04", ["2022-Q4"]),
    ("Trade grew in the first quarter of 2021.", "2023-05-04", ["2021-Q1"]),
    ("Trade grew in Q3 2021.", "2023-05-04", ["2021-Q3"]),
    ("Trade grew in the first half.", "2023-09-10", ["2023-H1"]),
    ("Trade grew by 40 percent over the year.", "2023-05-04", ["2022"]),
    ("Trade grew last year.", "2024-02-01", ["2023"]),
    ("Trade will grow next year.", "2023-05-04", ["2024"]),
    ("Trade grew in March.", "2023-05-04", ["2023-03"]),
    ("Trade grew in November.", "2023-05-04", ["2022-11"]),
    ("Trade grew in January-March 2022.", "2023-05-04", ["2022-01/2022-03"]),
    ("The quake struck last May.", "2023-05-04", ["2022-05"]),
    ("The quake struck last March.", "2023-05-04", ["2023-03"]),
    ("The talks lasted two days.", "2023-05-04", []),
    ("Trade grew in the first quarter of last year.", "2025-03-14", ["2024-Q1"]),
    ("Trade grew in the first quarter of this year.", "2025-05-14", ["2025-Q1"]),
    ("Trade grew in the second half of the previous year.", "2025-03-14", ["2024-H2"]),
    ("Exports fell in March last year.", "2025-03-14", ["2024-03"]),
    ("Trade grew in the first nine months of 2024.", "2025-03-14", ["2024-01/2024-09"]),
    ("Trade grew in the first 10 months.", "2024-12-01", ["2024-01/2024-10"]),
    ("Trade grew in the first two months.", "2025-02-20", ["2024-01/2024-02"]),  # not ended yet in 2025
])
def test_find_periods(nlp, text, date, expected):
    sent = next(nlp(text).sents)
    assert [p.value for p in find_periods(sent, dt.date.fromisoformat(date))] == expected


@pytest.mark.parametrize("label, start, end, grain", [
    ("2022", "2022-01-01", "2022-12-31", "year"),
    ("2023-2025", "2023-01-01", "2025-12-31", "years"),
    ("2023-Q1", "2023-01-01", "2023-03-31", "quarter"),
    ("2023-Q4", "2023-10-01", "2023-12-31", "quarter"),
    ("2024-H2", "2024-07-01", "2024-12-31", "half"),
    ("2024-02", "2024-02-01", "2024-02-29", "month"),
    ("2023-12", "2023-12-01", "2023-12-31", "month"),
    ("2024-01/2024-09", "2024-01-01", "2024-09-30", "months"),
])
def test_parse_label(label, start, end, grain):
    span = parse_label(label)
    assert (span.start.isoformat(), span.end.isoformat(), span.grain) == (start, end, grain)


@pytest.mark.parametrize("label", ["", "2023-13", "2023-Q5", "May 2023", "23"])
def test_parse_label_rejects_other_text(label):
    with pytest.raises(ValueError):
        parse_label(label)


@pytest.mark.parametrize("label, last", [("2023-2025", "2025"), ("2024-01/2024-09", "2024-09"),
                                         ("2025", "2025"), ("2025-Q2", "2025-Q2")])
def test_last_part(label, last):
    assert last_part(label) == last


# ---- vocabulary ------------------------------------------------------------------------------

def test_vocabulary_is_well_formed():
    vocab = IndicatorVocabulary.load()
    names = [i.name for i in vocab.indicators]
    assert len(names) == len(set(names))
    assert {"trade turnover", "exports", "imports", "investment", "aid", "loan", "production",
            "casualties"} <= set(names)
    phrases = [p for i in vocab.indicators for p in i.phrases]
    assert len(phrases) == len(set(phrases)), "a phrase belongs to one indicator only"
    assert "mutual trade" in vocab.get("trade turnover").phrases


def test_vocabulary_rejects_bad_scope(tmp_path):
    bad = tmp_path / "indicators.csv"
    bad.write_text("indicator,scope,phrases,description,source\nx,triad,foo,,me\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2"):
        IndicatorVocabulary.load(bad)


@pytest.mark.parametrize("text, expected", [
    ("The turnover of agricultural products grew.", ["agricultural trade"]),
    ("The trade turnover grew and exports fell.", ["trade turnover", "exports"]),
    ("Mutual trade reached a record.", ["trade turnover"]),
])
def test_vocabulary_longest_match(nlp, text, expected):
    found = IndicatorVocabulary.load().find(next(nlp(text).sents))
    assert [m.indicator.name for m in found] == expected


# ---- parties ---------------------------------------------------------------------------------

def test_main_pair_counts_mentions(nlp):
    state = build_state(nlp, "China met Russia. Russia and Kazakhstan talked. Kazakhstan thanked Russia.")
    assert main_pair(state) == ("RUS", "KAZ")


@pytest.mark.parametrize("countries, scope, sentence, expected", [
    (["TJK"], "dyad", "Exports to Tajikistan grew.", ["KAZ", "TJK"]),
    ([], "dyad", "The turnover grew.", ["KAZ", "TJK"]),
    (["CHN"], "dyad", "Exports to China grew.", ["CHN"]),
    (["CHN", "RUS", "KAZ"], "dyad", "China, Russia and Kazakhstan traded.", ["CHN", "RUS"]),
    (["CHN", "TJK", "KAZ"], "dyad", "China, Tajikistan and Kazakhstan traded.", ["KAZ", "TJK"]),
    (["CHN"], "dyad", "Trade between the countries with China grew.", ["KAZ", "TJK"]),
    (["NGA"], "single", "Twelve people were killed in Nigeria.", ["NGA"]),
    ([], "single", "Twelve people were killed.", []),
])
def test_resolve_parties(countries, scope, sentence, expected):
    assert resolve_parties(countries, scope, ("KAZ", "TJK"), sentence)[0] == expected


# ---- the stage on the sample article ------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_quantities(nlp, kz_sample):
    date, text = read_sample(kz_sample)
    state = code(nlp, text, date)
    return state


@pytest.mark.parametrize("value, fields", [
    (2e9, dict(indicator="trade turnover", indicator_raw="mutual trade", unit="USD", kind="target",
               period="2023-2025", qualifier="up to")),
    (1.5e9, dict(indicator="trade turnover", unit="USD", kind="actual", period="2022", qualifier="approx")),
    (40, dict(indicator="agricultural trade", unit="percent", kind="change", change_pct=40, period="2022")),
    (5e8, dict(indicator="agricultural trade", unit="USD", kind="actual", period="2022",
               qualifier="more than")),
    (60, dict(indicator="exports", unit="items")),
])
def test_sample_quantities(sample_quantities, value, fields):
    q = by_value(sample_quantities.quantities, value)
    assert {k: getattr(q, k) for k in fields} == fields
    assert q.parties == ["KAZ", "TJK"]


def test_sample_evidence_slices_article(sample_quantities):
    text = sample_quantities.article.text
    assert len(sample_quantities.quantities) == 5
    for q in sample_quantities.quantities:
        ev = q.evidence
        assert text[ev.start:ev.end] == ev.sentence
        assert ev.trigger and ev.trigger in ev.sentence
        assert q.rule.startswith("quantities.v1:")


# ---- the stage on texts of our own --------------------------------------------------------------

@pytest.mark.parametrize("text, value, fields", [
    ("Exports from Kazakhstan to China rose 12% to 3.4 billion yuan in the first quarter.", 12,
     dict(indicator="exports", kind="change", change_pct=12, period="2023-Q1", parties=["CHN", "KAZ"])),
    ("Exports from Kazakhstan to China rose 12% to 3.4 billion yuan in the first quarter.", 3.4e9,
     dict(indicator="exports", unit="CNY", kind="actual", change_pct=None, period="2023-Q1")),
    ("Trade between Russia and China is expected to reach 500 million euros by 2025.", 5e8,
     dict(indicator="trade turnover", unit="EUR", kind="forecast", period="2025", parties=["CHN", "RUS"])),
    ("An attack in Nigeria killed at least 12 people, officials said.", 12,
     dict(indicator="casualties", unit="people", qualifier="at least", kind="actual", parties=["NGA"])),
    ("Japan pledged up to ¥30bn in aid to Ukraine.", 3e10,
     dict(indicator="aid", unit="JPY", qualifier="up to", kind="target", parties=["JPN", "UKR"])),
    ("Russia provided US$1.5bn in loans and 2 billion dollars of aid.", 2e9,
     dict(indicator="aid", unit="USD", kind="actual", parties=["RUS"])),
    ("Kazakhstan's exports to Uzbekistan fell by 8 percent in 2022.", 8,
     dict(indicator="exports", kind="change", change_pct=-8, period="2022", parties=["KAZ", "UZB"])),
    ("Turkey's GDP grew by 5.6% last year.", 5.6,
     dict(indicator="GDP", kind="change", change_pct=5.6, period="2022", parties=["TUR"])),
    ("China and Russia aim to increase bilateral trade to $200 billion by 2030.", 2e11,
     dict(indicator="trade turnover", kind="target", period="2030", parties=["CHN", "RUS"])),
    ("The 2023-2025 Roadmap aims to bring mutual trade up to $2 billion from $1.5 billion in 2022.", 2e9,
     dict(kind="target", period="2023-2025", qualifier="up to")),
    ("The 2023-2025 Roadmap aims to bring mutual trade up to $2 billion from $1.5 billion in 2022.", 1.5e9,
     dict(kind="actual", period="2022", qualifier=None)),
    ("Kazakhstan aims to increase exports to China by 20% next year.", 20,
     dict(kind="target", change_pct=20, period="2024", parties=["CHN", "KAZ"])),
    ("Investment in Kazakhstan rose by $200 million between 2020 and 2022.", 2e8,
     dict(kind="change", change_pct=None, period="2020-2022")),
    ("Production of wheat in Kazakhstan will reach 16 million tonnes.", 1.6e7,
     dict(indicator="production", unit="tonnes", kind="forecast", parties=["KAZ"])),
    ("Trade between Russia and China is projected to hit $250 billion in 2024.", 2.5e11,
     dict(kind="forecast", period="2024", parties=["CHN", "RUS"])),
    ("Kazakhstan and Tajikistan intend to raise bilateral trade to $3 billion by 2030.", 3e9,
     dict(kind="target", period="2030", parties=["KAZ", "TJK"])),
    ("In the first quarter of last year, exports from Kazakhstan to China grew 15 percent.", 15,
     dict(kind="change", period="2022-Q1", change_pct=15)),
    ("Tajikistan received $50 million in humanitarian aid from Kazakhstan in 2022.", 5e7,
     dict(indicator="aid", kind="actual", period="2022", parties=["KAZ", "TJK"])),
    ("Trade between Kazakhstan and Tajikistan rose to $1.3 billion in the first nine months of 2022.", 1.3e9,
     dict(kind="actual", period="2022-01/2022-09")),
])
def test_stage_on_own_texts(nlp, text, value, fields):
    q = by_value(code(nlp, text).quantities, value)
    assert {k: getattr(q, k) for k in fields} == fields


@pytest.mark.parametrize("text", [
    "The new concert hall in Astana seats 500 people.",
    # an indicator is only used for the units it is measured in: no "protesters" in dollars
    "A protester who was hurt at a demonstration has won a $100,000 settlement.",
    # a count of people needs its indicator linked in the parse, not just in the sentence
    "An estimated 150,000 people will vote on Sunday on a measure to end a conflict that killed many.",
    # verbs match as written: "grant" (aid) is not "granted bail"
    "The three were granted bail of $10,000 apiece.",
])
def test_amount_without_fitting_indicator_is_skipped(nlp, text):
    assert code(nlp, text).quantities == []


@pytest.mark.parametrize("text, value, fields", [
    ("More than 2,000 demonstrators were killed in the unrest.", 2000,
     dict(indicator="casualties", qualifier="more than")),
    ("Police arrested 12 demonstrators in Ankara.", 12, dict(indicator="arrests")),
    ("The visit aimed at boosting tourism, which accounts for about five percent of economic output.", 5,
     dict(indicator="production", kind="actual", qualifier="approx")),
    ("One protester could be seen with an umbrella at the rally.", 1, dict(kind="actual")),
    ("Exports could reach $3 billion next year.", 3e9, dict(kind="forecast", period="2024")),
    ("Its budget deficit was 16.5% last year after rising to 16.9% in 2011.", 16.9,
     dict(indicator="deficit", period="2011")),
])
def test_indicator_and_kind_rules(nlp, text, value, fields):
    q = by_value(code(nlp, text).quantities, value)
    assert {k: getattr(q, k) for k in fields} == fields


def test_restated_amount_keeps_the_indicator(nlp):
    text = "Trade with China was worth $1.24 billion (1.8 billion euros, 1.4 billion pounds) in 2016, mostly exports."
    got = [(q.value, q.unit, q.indicator, q.period) for q in code(nlp, text).quantities]
    assert got == [(1.24e9, "USD", "trade turnover", "2016"), (1.8e9, "EUR", "trade turnover", "2016"),
                   (1.4e9, "GBP", "trade turnover", "2016")]


def test_stage_declares_its_contract():
    assert QuantityStage.name == "quantities"
    assert QuantityStage.requires == ("doc", "actor_mentions")
    assert QuantityStage.provides == ("quantities",)


# ---- issue 13: no super-linear path ---------------------------------------------------------

def test_a_sentence_over_the_token_cap_gets_no_quantities(nlp):
    from polevent.pipeline.state import MAX_SENTENCE_TOKENS

    clause = "trade between Kazakhstan and Tajikistan rose to $2bn in 2022"
    short = code(nlp, clause.capitalize() + ".")
    assert short.quantities, "a normal sentence with an amount gets its quantity"
    long_text = clause.capitalize() + "".join(f", and {clause}" for _ in range(MAX_SENTENCE_TOKENS // 10)) + "."
    state = code(nlp, long_text)
    assert max(len(s) for s in state.sentences) > MAX_SENTENCE_TOKENS
    big = [s for s in state.sentences if len(s) > MAX_SENTENCE_TOKENS]
    assert not [q for q in state.quantities if any(s.start_char <= q.evidence.start < s.end_char for s in big)]
