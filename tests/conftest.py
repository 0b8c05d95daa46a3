"""Shared fixtures: the spaCy pipeline and polevent's data are loaded once per test session."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLE_KZ = SHARED / "samples" / "2023-05-04-kazakhstan-tajikistan.txt"


@pytest.fixture(scope="session")
def nlp():
    from polevent import nlp as nlp_mod

    return nlp_mod.load()


@pytest.fixture(scope="session")
def resources():
    from polevent.resources import Resources

    return Resources.load()


@pytest.fixture(scope="session")
def coder(nlp, resources):
    from polevent.pipeline.coder import Coder

    return Coder(nlp, resources)


@pytest.fixture
def make_article():
    from polevent.model import Article

    def make(text: str, date: str = "2023-05-04", id: str | None = None) -> Article:
        d = dt.date.fromisoformat(date)
        return Article(id=id or Article.content_id(d, text), date=d, text=text)

    return make


@pytest.fixture(scope="session")
def kz_sample():
    if not SAMPLE_KZ.exists():
        pytest.skip("../shared/samples is not present")
    return SAMPLE_KZ
