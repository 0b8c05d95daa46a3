"""Fuzz test (issue 13): hostile batches never raise, every valid record is stored exactly once,
each rejected record gets one line. Seeded and derandomized (the same examples on every run),
bounded to well under a minute; bench/fuzz.py runs 10,000 inputs."""
import io
import random
import tempfile
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polevent.errors import InputError, InputWarning
from polevent.io.readers import read_paths, read_stream
from polevent.model import Article
from polevent.pipeline.coder import Coder
from polevent.pipeline.tokens import LinearTokenizer
from polevent.runner import ingest
from polevent.store.db import Store
from tests.fuzzgen import batch

FUZZ = settings(derandomize=True, database=None, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def cheap_coder() -> Coder:
    """The real Coder (batches, guard, linear tokenizer, chunking, store path) without a trained model."""
    nlp = spacy.blank("en")
    nlp.tokenizer = LinearTokenizer(nlp.tokenizer)
    return Coder(nlp, resources=None, stages=[], batch_size=4)


def ingest_bytes(coder, data: bytes, fmt: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"in.{fmt}"
        path.write_bytes(data)
        reported: list[InputError] = []
        with Store(Path(tmp) / "s.duckdb") as store:
            ingest(read_paths([path]), coder, store, reported.append, batch_size=3)
            ids = [r[0] for r in store.con.execute("SELECT id FROM articles").fetchall()]
        return str(path), reported, ids


def check(coder, rng: random.Random, n: int, fmt: str) -> None:
    data, exp = batch(rng, n, fmt)
    path, reported, ids = ingest_bytes(coder, data, fmt)
    assert all(e.where.startswith(path + ":") and "\n" not in str(e) for e in reported)
    rejected = [int(e.where.rsplit(":", 1)[1]) for e in reported if not isinstance(e, InputWarning)]
    warned = [int(e.where.rsplit(":", 1)[1]) for e in reported if isinstance(e, InputWarning)]
    assert rejected == exp.rejected, [str(e) for e in reported]
    assert warned == exp.warned
    assert len(ids) == len(set(ids)) and set(ids) == exp.stored


@settings(FUZZ, max_examples=60)
@given(rng=st.randoms(use_true_random=False), n=st.integers(1, 12), fmt=st.sampled_from(["jsonl", "csv"]))
def test_mixed_batches_store_each_valid_record_once_and_report_each_bad_one(rng, n, fmt):
    check(CHEAP, rng, n, fmt)


CHEAP = cheap_coder()


@pytest.mark.slow
@settings(FUZZ, max_examples=4)
@given(rng=st.randoms(use_true_random=False), n=st.integers(3, 6), fmt=st.sampled_from(["jsonl", "csv"]))
def test_mixed_batches_with_the_real_model(coder, rng, n, fmt):
    check(coder, rng, n, fmt)


@settings(FUZZ, max_examples=300)
@given(data=st.one_of(st.binary(max_size=3000),
                      st.text(max_size=2000).map(lambda t: ("date,text\n" + t).encode("utf-8", "surrogatepass")),
                      st.text(max_size=2000).map(lambda t: ("{" + t).encode("utf-8", "surrogatepass")),
                      st.text(max_size=2000).map(lambda t: ("date 2023-05-04 " + t).encode("utf-8", "surrogatepass"))))
def test_readers_never_raise_on_arbitrary_bytes(data):
    for item in read_stream(io.BytesIO(data)):
        assert isinstance(item, (Article, InputError))
        if isinstance(item, Article):
            item.text.encode("utf-8")  # nothing downstream sees an unencodable character
            assert item.id.encode("utf-8") and item.text.strip()
        else:
            assert "\n" not in str(item)
