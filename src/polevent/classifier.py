"""A learned PLOVER event-type classifier: softmax regression over MiniLM sentence embeddings.

It only *types* a sentence; deciding whether a sentence reports an event at all is the rules' job.
``predict_proba`` gives one probability per type (temperature-calibrated, summing to 1). The
shipped weights were fitted with class-balanced weights, i.e. under a uniform prior over types, so
the synthetic corpus's label mix (CONCEDE 17%) does not leak into predictions.

Training lives here too (``fit_softmax``, ``fit_temperature``, ``train``) so that both
``tools/train_classifier.py`` and a CLI command can call it; ``docs/classifier.md`` has the recipe.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .errors import DataError

WEIGHTS = "weights.npz"
METADATA = "metadata.json"

# The corpus uses the earlier draft's names; the gold files and the 2021 manual use these.
PLOVER_2021 = {"REQUEST": "DEMAND", "ACCUSE": "DISAPPROVE"}
_ACCUSE_INVESTIGATE = ("ACCUSE", "INVESTIGATE")  # (label, mode) that became its own 2021 type
CORPUS_ORIGIN = ("ahalterman/NGEC-2025 setup/train_classifiers/gpt_synthetic_events_2023-10-19_19.csv.zip "
                 "(MIT); machine-written stories with invented facts, document-level labels")


# ---------------------------------------------------------------------------------------------
# The model: a linear layer, a temperature, labels
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SoftmaxModel:
    """``p(type | x) = softmax((x @ weights + bias) / temperature)``."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (dimension, n_labels)
    bias: np.ndarray  # (n_labels,)
    temperature: float = 1.0

    def logits(self, vectors: np.ndarray) -> np.ndarray:
        return (np.asarray(vectors, dtype=np.float64) @ self.weights + self.bias) / self.temperature

    def proba(self, vectors: np.ndarray) -> np.ndarray:
        return softmax(self.logits(vectors))

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez(directory / WEIGHTS, weights=self.weights.astype(np.float32),
                 bias=self.bias.astype(np.float32), labels=np.array(self.labels),
                 temperature=np.array(self.temperature))

    @classmethod
    def read(cls, path: Path) -> "SoftmaxModel":
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls(labels=tuple(str(x) for x in data["labels"]),
                           weights=data["weights"].astype(np.float64),
                           bias=data["bias"].astype(np.float64),
                           temperature=float(data["temperature"]))
        except (OSError, KeyError, ValueError) as exc:
            raise DataError(f"{path}: cannot read classifier weights ({exc})") from exc


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


# ---------------------------------------------------------------------------------------------
# Inference
# ---------------------------------------------------------------------------------------------
def default_directory() -> Path:
    return Path(str(resources.files("polevent.data").joinpath("classifier")))


class EventTypeClassifier:
    """Sentence -> {PLOVER type: probability}. Load once, reuse; ``embedder`` is injected."""

    def __init__(self, model: SoftmaxModel, embedder, metadata: dict | None = None):
        self.model = model
        self.embedder = embedder
        self.metadata = metadata or {}

    @classmethod
    def load(cls, embedder=None, directory: Path | None = None) -> "EventTypeClassifier":
        """Load the shipped weights (or those in ``directory``); DataError when they are missing."""
        directory = directory or default_directory()
        path = directory / WEIGHTS
        if not path.is_file():
            raise DataError(f"{path}: classifier weights are missing; run tools/train_classifier.py")
        meta_path = directory / METADATA
        metadata = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        if embedder is None:
            from .embed import Embedder

            embedder = Embedder.load()
        return cls(SoftmaxModel.read(path), embedder, metadata)

    @property
    def labels(self) -> tuple[str, ...]:
        return self.model.labels

    def predict_proba(self, sentences: list[str]) -> list[dict[str, float]]:
        """One dict per sentence, every label present, values summing to 1."""
        if not sentences:
            return []
        probs = self.model.proba(self.embedder.embed(list(sentences)))
        return [dict(zip(self.labels, map(float, row))) for row in probs]

    def predict(self, sentences: list[str]) -> list[tuple[str, float]]:
        """The most probable type of each sentence and its probability."""
        return [max(p.items(), key=lambda kv: kv[1]) for p in self.predict_proba(sentences)]


# ---------------------------------------------------------------------------------------------
# Fitting: weighted softmax regression with L2, by L-BFGS (numpy only)
# ---------------------------------------------------------------------------------------------
def balanced_weights(y: np.ndarray, n_classes: int) -> np.ndarray:
    """Per-example weights that give every class the same total weight (a uniform prior)."""
    counts = np.bincount(y, minlength=n_classes).astype(np.float64)
    per_class = np.where(counts > 0, len(y) / (n_classes * np.maximum(counts, 1)), 0.0)
    return per_class[y]


def _loss_and_grad(theta, X, Y, w, l2, shape):
    W = theta.reshape(shape)
    logits = X @ W
    logits -= logits.max(axis=1, keepdims=True)
    logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    total = w.sum()
    reg = W.copy()
    reg[-1] = 0.0  # the bias row is not penalised
    loss = -(w * (Y * logp).sum(axis=1)).sum() / total + 0.5 * l2 * (reg ** 2).sum()
    grad = X.T @ ((np.exp(logp) - Y) * w[:, None]) / total + l2 * reg
    return loss, grad.ravel()


def _lbfgs(fun, x0, max_iter=500, memory=10, tol=1e-6):
    """Minimise ``fun`` (returns loss, gradient) with L-BFGS and a backtracking Armijo search."""
    x, (f, g) = x0, fun(x0)
    s_hist: list[np.ndarray] = []
    y_hist: list[np.ndarray] = []
    for _ in range(max_iter):
        if np.linalg.norm(g, np.inf) < tol:
            break
        d = -_two_loop(g, s_hist, y_hist)
        step, slope = 1.0, g @ d
        while True:
            x_new = x + step * d
            f_new, g_new = fun(x_new)
            if f_new <= f + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s, yv = x_new - x, g_new - g
        if s @ yv > 1e-12:
            s_hist, y_hist = (s_hist + [s])[-memory:], (y_hist + [yv])[-memory:]
        x, f, g = x_new, f_new, g_new
    return x


def _two_loop(g, s_hist, y_hist):
    q, alphas = g.copy(), []
    for s, y in zip(reversed(s_hist), reversed(y_hist)):
        a = (s @ q) / (y @ s)
        alphas.append(a)
        q -= a * y
    if s_hist:
        q *= (s_hist[-1] @ y_hist[-1]) / (y_hist[-1] @ y_hist[-1])
    for (s, y), a in zip(zip(s_hist, y_hist), reversed(alphas)):
        q += (a - (y @ q) / (y @ s)) * s
    return q


def fit_softmax(X: np.ndarray, y: np.ndarray, n_classes: int, *, l2: float = 1e-3,
                sample_weight: np.ndarray | None = None, max_iter: int = 500) -> tuple[np.ndarray, np.ndarray]:
    """Fit weights (d, k) and bias (k,) of a softmax regression. Deterministic (starts at zero).

    Features are standardised inside (the L2 penalty applies to the standardised weights) and the
    scaling is folded back, so the result applies to raw ``X``.
    """
    X = np.asarray(X, dtype=np.float64)
    mean, scale = X.mean(axis=0), X.std(axis=0) + 1e-8
    Xs = np.hstack([(X - mean) / scale, np.ones((len(X), 1))])
    Y = np.eye(n_classes)[y]
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    shape = (Xs.shape[1], n_classes)
    theta = _lbfgs(lambda t: _loss_and_grad(t, Xs, Y, w, l2, shape), np.zeros(np.prod(shape)),
                   max_iter=max_iter)
    Ws = theta.reshape(shape)
    weights = Ws[:-1] / scale[:, None]
    bias = Ws[-1] - mean @ weights
    return weights, bias


def fit_temperature(logits: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None) -> float:
    """The temperature T minimising the (weighted) negative log-likelihood of softmax(logits / T)."""
    w = np.ones(len(y)) if sample_weight is None else sample_weight

    def nll(log_t: float) -> float:
        p = softmax(logits / np.exp(log_t))[np.arange(len(y)), y]
        return float(-(w * np.log(np.clip(p, 1e-12, None))).sum() / w.sum())

    lo, hi = np.log(0.05), np.log(20.0)
    ratio = (np.sqrt(5) - 1) / 2
    for _ in range(60):  # golden-section search on log T
        a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        lo, hi = (lo, b) if nll(a) < nll(b) else (a, hi)
    return float(np.exp((lo + hi) / 2))


# ---------------------------------------------------------------------------------------------
# Corpus -> sentence-level training examples
# ---------------------------------------------------------------------------------------------
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREV = re.compile(r"\b(?:[A-Z]|U\.S|U\.N|U\.K|Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Sen|Rep|Gov|Pres|Prof|St|"
                     r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Inc|Corp|Ltd|Co|vs|etc)\.$")


def split_sentences(text: str) -> list[str]:
    """A small regex sentence splitter for preparing training text (no spaCy needed)."""
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        pending = ""
        for piece in _SENTENCE_END.split(" ".join(paragraph.split())):
            pending = f"{pending} {piece}".strip()
            if not _ABBREV.search(pending):
                sentences.append(pending)
                pending = ""
        if pending:
            sentences.append(pending)
    return [s for s in sentences if len(s.split()) >= 3]


def relabel(label: str, mode: str | None, scheme: str) -> str:
    """Map a corpus label to ``scheme``: "corpus" keeps it, "plover2021" uses the 2021 names."""
    if scheme == "corpus":
        return label
    if scheme != "plover2021":
        raise ValueError(f"unknown label scheme {scheme!r}")
    if (label, (mode or "").upper()) == _ACCUSE_INVESTIGATE:
        return "INVESTIGATE"
    return PLOVER_2021.get(label, label)


@dataclass(frozen=True)
class Story:
    title: str
    text: str
    label: str
    group: str  # stories sharing a title template share a group (kept on one side of a split)


def read_corpus(path: Path, scheme: str = "plover2021") -> list[Story]:
    """Stories of the PLOVER synthetic corpus (CSV: disclaimer,text,title,source,prompt,label,mode)."""
    import csv

    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if not rows or not {"text", "title", "prompt", "label", "mode"} <= set(rows[0]):
        raise DataError(f"{path}: expected columns text,title,prompt,label,mode")
    # The prompt's first line is the title with its {country_1} placeholders filled in.
    return [Story(title=r["prompt"].split("\n")[0].strip() or r["title"], text=r["text"],
                  label=relabel(r["label"], r["mode"], scheme), group=r["title"]) for r in rows]


def story_examples(story: Story, unit: str) -> list[str]:
    """Texts to learn from one story: "lead" = first sentence, "lead2" = first two, "title", ..."""
    sentences = split_sentences(story.text)
    units = {
        "lead": sentences[:1],
        "lead2": sentences[:2],
        "title": [story.title],
        "title+lead": [story.title] + sentences[:1],
        "title+lead2": [story.title] + sentences[:2],
        "story": [story.text],
    }
    if unit not in units:
        raise ValueError(f"unknown training unit {unit!r}; choose from {sorted(units)}")
    return [t for t in units[unit] if t.strip()]


def split_groups(stories: Sequence[Story], held_out: float, seed: int) -> tuple[list[int], list[int]]:
    """Indices of train and held-out stories, stratified by label; a title template stays on one side.

    Each label keeps at least one template for training; ``held_out`` is the share of templates
    per label that go to the held-out side.
    """
    rng = np.random.default_rng(seed)
    by_label: dict[str, list[str]] = {}
    for story in stories:
        groups = by_label.setdefault(story.label, [])
        if story.group not in groups:
            groups.append(story.group)
    test_groups: set[str] = set()
    for label in sorted(by_label):
        groups = sorted(by_label[label])
        n_test = min(len(groups) - 1, round(held_out * len(groups)))
        test_groups.update(groups[i] for i in rng.permutation(len(groups))[:n_test])
    train = [i for i, s in enumerate(stories) if s.group not in test_groups]
    test = [i for i, s in enumerate(stories) if s.group in test_groups]
    return train, test


# ---------------------------------------------------------------------------------------------
# Training end to end
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TrainOptions:
    unit: str = "title"  # what each story contributes (see story_examples)
    eval_unit: str = "lead"  # what held-out accuracy is measured on
    scheme: str = "plover2021"
    l2: float = 0.1
    prior: str = "balanced"  # "balanced" (uniform prior over types) or "corpus"
    held_out: float = 0.2
    seed: int = 13
    max_iter: int = 500

    def __post_init__(self):
        if self.prior not in ("balanced", "corpus"):
            raise ValueError(f"unknown prior {self.prior!r}; choose balanced or corpus")


@dataclass
class TrainResult:
    model: SoftmaxModel
    metadata: dict = field(default_factory=dict)


def _examples(stories, indices, unit, label_index):
    texts, labels = [], []
    for i in indices:
        for text in story_examples(stories[i], unit):
            texts.append(text)
            labels.append(label_index[stories[i].label])
    return texts, np.array(labels, dtype=np.int64)


def _weights(y, n_classes, prior):
    return balanced_weights(y, n_classes) if prior == "balanced" else np.ones(len(y))


def calibration_error(probs: np.ndarray, y: np.ndarray, w: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the top-1 probability (weighted by ``w``)."""
    confidence, correct = probs.max(axis=1), (probs.argmax(axis=1) == y).astype(float)
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    gap = sum(abs(np.average(correct[which == b] - confidence[which == b], weights=w[which == b]))
              * w[which == b].sum() for b in range(bins) if (which == b).any())
    return float(gap / w.sum())


def _held_out_scores(model: SoftmaxModel, X, y, w) -> dict:
    probs = model.proba(X)
    pred = probs.argmax(axis=1)
    recalls = [float((pred[y == k] == k).mean()) for k in np.unique(y)]
    return {"examples": int(len(y)), "accuracy": round(float((pred == y).mean()), 4),
            "balanced_accuracy": round(float(np.mean(recalls)), 4),
            "weighted_nll": round(float(-(w * np.log(probs[np.arange(len(y)), y])).sum() / w.sum()), 4),
            "weighted_ece": round(calibration_error(probs, y, w), 4)}


def train(corpus: Path, embed: Callable[[list[str]], np.ndarray], options: TrainOptions = TrainOptions(),
          origin: str | None = None, encoder: dict | None = None) -> TrainResult:
    """Fit the type classifier on ``corpus``; ``embed`` maps texts to vectors (``Embedder.embed``).

    ``origin`` describes where the corpus comes from and ``encoder`` what ``embed`` is (both go
    into the metadata). Held-out stories give the accuracy and fit the temperature.
    """
    stories = read_corpus(corpus, options.scheme)
    labels = tuple(sorted({s.label for s in stories}))
    index = {label: k for k, label in enumerate(labels)}
    train_ids, test_ids = split_groups(stories, options.held_out, options.seed)
    texts, y = _examples(stories, train_ids, options.unit, index)
    weights, bias = fit_softmax(embed(texts), y, len(labels), l2=options.l2,
                                sample_weight=_weights(y, len(labels), options.prior), max_iter=options.max_iter)
    test_texts, y_test = _examples(stories, test_ids, options.eval_unit, index)
    X_test = embed(test_texts)
    w_test = _weights(y_test, len(labels), options.prior)
    raw = SoftmaxModel(labels, weights, bias)
    temperature = fit_temperature(raw.logits(X_test), y_test, w_test)
    model = SoftmaxModel(labels, weights, bias, temperature)
    metadata = {
        "labels": list(labels),
        "trained": dt.date.today().isoformat(),
        "data": {"path": Path(corpus).name, "sha256": _sha256(corpus), "stories": len(stories),
                 "train_stories": len(train_ids), "held_out_stories": len(test_ids),
                 "train_examples": len(texts), "origin": origin or CORPUS_ORIGIN},
        "options": asdict(options),
        "encoder": encoder or {},
        "temperature": round(temperature, 4),
        "held_out": {"before_calibration": _held_out_scores(raw, X_test, y_test, w_test),
                     "after_calibration": _held_out_scores(model, X_test, y_test, w_test)},
    }
    return TrainResult(model, metadata)


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def save(result: TrainResult, directory: Path) -> None:
    """Write ``weights.npz`` and ``metadata.json`` into ``directory``."""
    result.model.save(directory)
    text = json.dumps(result.metadata, indent=2, sort_keys=True) + "\n"
    (directory / METADATA).write_text(text, encoding="utf-8")
