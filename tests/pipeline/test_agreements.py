"""AgreementStage: named documents signed or adopted, their parties, dates, periods and targets."""
from __future__ import annotations

import re

import pytest

from polevent.model import Period
from polevent.pipeline.agreements import AgreementStage
from polevent.pipeline.quantities import QuantityStage

from handmade import build_state


def code(nlp, text: str, date: str = "2023-05-04"):
    """Run quantities then agreements over a state whose actors are the country words."""
    state = build_state(nlp, text, date)
    QuantityStage(nlp, None)(state)
    AgreementStage(nlp, None)(state)
    return state


@pytest.fixture(scope="module")
def sample(nlp, kz_sample):
    date, text = re.match(r"\s*date\s+(\d{4}-\d\d-\d\d)\s+(.*)", kz_sample.read_text(encoding="utf-8"),
                          re.S).groups()
    return code(nlp, text, date)


def test_sample_agreements(sample):
    got = {a.name: a for a in sample.agreements}
    assert sorted(got) == ["2023-2025 Roadmap", "2023-2025 Roadmap on activation of cooperation in agriculture",
                           "Declaration on Allied Interaction"]
    for a in got.values():
        assert a.parties == ["KAZ", "TJK"]
        assert a.signed == "2023-05-04"
        assert sample.article.text[a.evidence.start:a.evidence.end] == a.evidence.sentence
    assert got["Declaration on Allied Interaction"].kind == "declaration"
    assert got["Declaration on Allied Interaction"].period is None
    for name in ("2023-2025 Roadmap", "2023-2025 Roadmap on activation of cooperation in agriculture"):
        assert got[name].kind == "roadmap"
        assert (got[name].period.start, got[name].period.end) == ("2023", "2025")


def test_sample_roadmap_owns_the_trade_target(sample):
    got = {a.name: a for a in sample.agreements}
    [target] = got["2023-2025 Roadmap"].targets
    assert (target.value, target.unit, target.indicator, target.kind) == (2e9, "USD", "trade turnover", "target")
    assert target.period == "2023-2025"
    assert got["Declaration on Allied Interaction"].targets == []
    assert got["2023-2025 Roadmap on activation of cooperation in agriculture"].targets == []


@pytest.mark.parametrize("text, fields", [
    ("Russia and Belarus on Monday signed the Treaty on Security Guarantees in Minsk.",
     dict(name="Treaty on Security Guarantees", kind="treaty", signed="2023-05-01", parties=["BLR", "RUS"])),
    ("Kazakhstan and China will sign an agreement on visa-free travel next week.",
     dict(name="agreement on visa-free travel", kind="agreement", signed=None, parties=["CHN", "KAZ"])),
    ("The road map for 2022-2024 was signed yesterday by Russia and China.",
     dict(name="road map for 2022-2024", kind="roadmap", signed="2023-05-03", parties=["CHN", "RUS"])),
    ("Kazakhstan's parliament ratified the Treaty on Eternal Friendship with Uzbekistan.",
     dict(name="Treaty on Eternal Friendship", kind="treaty", signed=None, parties=["KAZ", "UZB"])),
    ("Tajikistan and China signed a Memorandum of Understanding on Green Energy today.",
     dict(name="Memorandum of Understanding on Green Energy", kind="memorandum", signed="2023-05-04",
          parties=["CHN", "TJK"])),
    ("France and China adopted the 2024-2026 Programme of Economic Cooperation.",
     dict(name="2024-2026 Programme of Economic Cooperation", kind="programme", signed="2023-05-04")),
    ("Russia and China signed an agreement for a loan programme worth $2 billion in May 2022.",
     dict(name="agreement for a loan programme", signed="2022-05")),
    ("Russia and China agreed to sign a Treaty on Space Cooperation valid until 2030.",
     dict(name="Treaty on Space Cooperation", signed=None, period=Period(start=None, end="2030"))),
    ("The signing of the Treaty on Good Neighbourliness by Kazakhstan and Uzbekistan took place in Tashkent.",
     dict(name="Treaty on Good Neighbourliness", signed="2023-05-04", parties=["KAZ", "UZB"])),
])
def test_named_documents(nlp, text, fields):
    [a] = code(nlp, text).agreements
    assert {k: getattr(a, k) for k in fields} == fields


@pytest.mark.parametrize("text", [
    "In order to implement the agreements reached, the ministers met again.",
    "With new documents signed today, the legal framework was supplemented.",
    "Kazakhstan and China signed an agreement.",
    "The ministers signed a memorandum of understanding.",
    "The parties signed a Memorandum of Understanding.",
    "Russia and China did not sign the Treaty on Open Skies.",
    "Russia and China discussed the Treaty on Open Skies.",
    "Russia and China signed an agreement between the two countries.",
    "At its annual convention on the island, the committee adopted the resolution.",
])
def test_generic_or_unsigned_mentions_are_not_agreements(nlp, text):
    assert code(nlp, text).agreements == []


def test_same_document_twice_is_one_agreement(nlp):
    text = ("Kazakhstan and Tajikistan signed the Declaration on Allied Interaction. "
            "Tokayev said the Declaration on Allied Interaction was signed after long talks.")
    assert [a.name for a in code(nlp, text).agreements] == ["Declaration on Allied Interaction"]


def test_target_goes_to_the_agreement_named_before_it(nlp):
    text = ("Russia and China signed the Declaration on Friendship and the 2024-2026 Roadmap to bring "
            "mutual trade up to $300 billion.")
    got = {a.name: a for a in code(nlp, text).agreements}
    assert got["Declaration on Friendship"].targets == []
    [target] = got["2024-2026 Roadmap"].targets
    assert (target.value, target.period) == (3e11, "2024-2026")


def test_stage_declares_its_contract():
    assert AgreementStage.name == "agreements"
    assert AgreementStage.requires == ("doc", "actor_mentions", "quantities")
    assert AgreementStage.provides == ("agreements",)
