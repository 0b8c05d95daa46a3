"""Learned evidence from real news: a PENTA-class model over a sentence and the rules' reading of it.

The model gives, for a sentence the rules coded, a probability for each of the five PENTA classes
(0 statement/appeal = CAMEO 01-02, 1 verbal cooperation = 03-05, 2 material cooperation = 06-08,
3 verbal conflict = 09-13, 4 material conflict = 14-20). Its features are the sentence's MiniLM
embedding (``embed.py``) and the rules' own reading of the sentence (``rule_features``: the class of
the rule's code, its confidence, modality and a few flags). It is trained on real news sentences
(``tools/train_evidence.py``; data, licence and cross-validated figures in docs/evidence_model.md).

``decide`` is the policy that combines it with the rules (used by ``pipeline/evidence.py`` and by
the cross-validation in the training script, so both apply exactly the same rule): veto a rule's
event when the model finds the rule's class unlikely, otherwise blend the two confidences.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

from .classifier import SoftmaxModel, balanced_weights, fit_softmax, fit_temperature
from .errors import DataError
from .model import Event

#: whether ``polevent code/ingest/eval`` use the model unless told otherwise; set from the
#: cross-validated result (docs/evidence_model.md): on only if it helps on unseen data
ON_BY_DEFAULT = False
WEIGHTS = "weights.npz"
METADATA = "metadata.json"
MODEL_NAME = "minilm-penta"
PENTA = ("statement", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
MODALITIES = ("asserted", "intended", "scheduled", "negated", "hypothetical")
#: the layout of ``rule_features``; stored with the weights and checked on load
PARSE_FEATURES = (*(f"rule_class={c}" for c in (*PENTA, "none")), "rule_confidence",
                  *(f"modality={m}" for m in MODALITIES),
                  "source_unattributed", "has_target", "linear_fallback", "reciprocal")


def penta_class(cameo_code: str | None) -> int | None:
    """The PENTA class (0-4) of a CAMEO code, from its root; None for no or an unknown code."""
    if not cameo_code or not cameo_code[:2].isdigit():
        return None
    root = int(cameo_code[:2])
    for cls, last in enumerate((2, 5, 8, 13, 20)):
        if 1 <= root <= last:
            return cls
    return None


def top_event(events: Sequence[Event]) -> Event | None:
    """The event the rules are most confident of (the first on ties)."""
    return max(events, key=lambda e: e.confidence, default=None)


def rule_features(events: Sequence[Event]) -> np.ndarray:
    """The rules' reading of one sentence (its events; empty for none) as ``PARSE_FEATURES``."""
    x = np.zeros(len(PARSE_FEATURES), dtype=np.float32)
    ev = top_event(events)
    cls = penta_class(ev.cameo.code) if ev is not None else None
    x[len(PENTA) if cls is None else cls] = 1.0
    if ev is None:
        return x
    base = len(PENTA) + 1
    x[base] = ev.confidence
    if ev.modality in MODALITIES:
        x[base + 1 + MODALITIES.index(ev.modality)] = 1.0
    flags = base + 1 + len(MODALITIES)
    x[flags] = float(ev.source.reason == "unattributed")
    x[flags + 1] = float(any(e.target is not None for e in events))
    x[flags + 2] = float("linear-fallback" in ev.rule)
    x[flags + 3] = float(any(e.reciprocal for e in events))
    return x


@dataclass(frozen=True)
class Policy:
    """How the model's probabilities act on a rule's events.

    ``veto_below``: drop the events of a sentence when p(rule's class) is below it (0 = never).
    ``retype_above``: when the model's most probable class is not the rule's and its probability is
    at least this (0 = never), the event takes ``codes[class]`` (the class's commonest CAMEO code in
    the rules' correct output on the training data) and the model's probability as confidence.
    ``confidence_weight``: new confidence = (1 - w) * rule confidence + w * p(rule's class).
    """

    veto_below: float = 0.0
    confidence_weight: float = 0.0
    retype_above: float = 0.0
    codes: tuple[str, ...] = ()


def decide(events: Sequence[Event], probs: np.ndarray, policy: Policy, cameo=None) -> list[Event]:
    """The events of one sentence after the model's say: [] when vetoed, else one event per input, in
    order, with the confidence blended and the rule string naming the model and its probability of
    the rule's class (events whose code has no PENTA class pass unchanged)."""
    out = []
    for ev in events:
        cls = penta_class(ev.cameo.code)
        if cls is None:
            out.append(ev)
            continue
        p = float(probs[cls])
        best = int(np.argmax(probs))
        if policy.retype_above and best != cls and probs[best] >= policy.retype_above and cameo is not None \
                and len(policy.codes) == len(PENTA) and policy.codes[best] in cameo:
            code = policy.codes[best]
            out.append(replace(ev, cameo=cameo.cameo(code), plover=cameo.plover(code),
                               confidence=round(min(float(probs[best]), 0.99), 3),
                               rule=f"{ev.rule}|model:{MODEL_NAME}:retype:{PENTA[best]}={probs[best]:.2f}->{code}"))
            continue
        if p < policy.veto_below:
            return []
        w = policy.confidence_weight
        conf = round(min(max((1 - w) * ev.confidence + w * p, 0.05), 0.99), 3)
        out.append(replace(ev, confidence=conf, rule=f"{ev.rule}|model:{MODEL_NAME}:{PENTA[cls]}={p:.2f}"))
    return out


def default_directory() -> Path:
    return Path(str(resources.files("polevent.data").joinpath("evidence")))


class EvidenceModel:
    """Sentences + the rules' features -> PENTA probabilities. Load once; ``embedder`` is injected."""

    def __init__(self, model: SoftmaxModel, embedder, policy: Policy = Policy(), metadata: dict | None = None):
        if model.labels != PENTA:
            raise DataError(f"evidence model labels {model.labels} are not the PENTA classes {PENTA}")
        if model.weights.ndim != 2 or model.weights.shape[1] != len(PENTA) or model.bias.shape != (len(PENTA),):
            raise DataError(f"evidence model weights have shape {model.weights.shape}, bias {model.bias.shape}; "
                            f"expected (features, {len(PENTA)}) and ({len(PENTA)},)")
        self.model = model
        self.embedder = embedder
        self.policy = policy
        self.metadata = metadata or {}

    @classmethod
    def load(cls, embedder=None, directory: Path | None = None) -> "EvidenceModel":
        """Load the shipped weights (or those in ``directory``); DataError when missing or malformed."""
        directory = Path(directory) if directory else default_directory()
        path, meta_path = directory / WEIGHTS, directory / METADATA
        if not path.is_file() or not meta_path.is_file():
            raise DataError(f"{directory}: evidence model weights or metadata missing; run tools/train_evidence.py")
        try:
            metadata = json.loads(meta_path.read_text(encoding="utf-8"))
            policy = Policy(**{**metadata["policy"], "codes": tuple(metadata["policy"].get("codes", ()))})
            names = tuple(metadata["features"]["parse"])
            dimension = int(metadata["features"]["embedding_dimension"])
        except (ValueError, KeyError, TypeError) as exc:
            raise DataError(f"{meta_path}: malformed evidence metadata ({exc})") from exc
        if names != PARSE_FEATURES:
            raise DataError(f"{meta_path}: parse features {names} differ from this polevent's {PARSE_FEATURES}")
        model = SoftmaxModel.read(path)
        if model.weights.shape[0] != dimension + len(PARSE_FEATURES):
            raise DataError(f"{path}: {model.weights.shape[0]} weight rows, metadata says "
                            f"{dimension} + {len(PARSE_FEATURES)} features")
        if embedder is None:
            from .embed import Embedder

            embedder = Embedder.load()
        return cls(model, embedder, policy, metadata)

    def features(self, sentences: Sequence[str], parse: Sequence[np.ndarray]) -> np.ndarray:
        vectors = self.embedder.embed(list(sentences))
        if vectors.shape[1] + len(PARSE_FEATURES) != self.model.weights.shape[0]:
            raise DataError(f"evidence model expects {self.model.weights.shape[0]} features; the embedder gives "
                            f"{vectors.shape[1]} + {len(PARSE_FEATURES)} rule features")
        return np.hstack([vectors, np.vstack(parse)]) if len(sentences) else np.zeros((0, self.model.weights.shape[0]))

    def predict_proba(self, sentences: Sequence[str], parse: Sequence[np.ndarray]) -> np.ndarray:
        """One row of ``len(PENTA)`` probabilities per sentence."""
        if not sentences:
            return np.zeros((0, len(PENTA)))
        return self.model.proba(self.features(sentences, parse))


# ------------------------------------------------------------------------------------- fitting
def fit(X: np.ndarray, y: np.ndarray, *, l2: float, balanced: bool = True, calibrate: np.ndarray | None = None,
        calibrate_y: np.ndarray | None = None) -> SoftmaxModel:
    """A softmax regression over PENTA classes (deterministic). With ``calibrate`` (held-out rows and
    labels) a temperature is fitted on them."""
    w = balanced_weights(y, len(PENTA)) if balanced else None
    weights, bias = fit_softmax(X, y, len(PENTA), l2=l2, sample_weight=w)
    model = SoftmaxModel(labels=PENTA, weights=weights, bias=bias)
    if calibrate is not None and calibrate_y is not None and len(calibrate_y):
        model = replace(model, temperature=fit_temperature(model.logits(calibrate), calibrate_y))
    return model


def save(model: SoftmaxModel, directory: Path, metadata: dict) -> None:
    """Write ``weights.npz`` (arrays only, no pickles) and ``metadata.json``."""
    directory.mkdir(parents=True, exist_ok=True)
    model.save(directory)
    (directory / METADATA).write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
