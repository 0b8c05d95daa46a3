"""Throughput benchmark: polevent end to end against spaCy's parse alone, in one run.

Codes N stories (read, parse, every stage, store into a temporary DuckDB file) and, on the same
texts with the same pipeline and batch size, times ``nlp.pipe`` alone. Reports articles/s, words/s,
the ratio polevent/spaCy-only and the process's peak RSS. Stories are streamed from the CSV (no
whole-corpus lists), so memory should not grow with N.
"""
from __future__ import annotations

import csv
import datetime as dt
import resource
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator

from .model import Article

DEFAULT_CORPUS = Path("../shared/corpus/plover_synthetic_stories.csv")
BENCH_DATE = dt.date(2023, 1, 1)  # the corpus stories carry no date


@dataclass
class BenchResult:
    n: int
    words: int
    batch_size: int
    model: str
    spacy_seconds: float
    polevent_seconds: float
    articles_per_s: float
    words_per_s: float
    spacy_articles_per_s: float
    ratio: float  # polevent time / spaCy-only time
    peak_rss_mb: float
    events: int

    def to_dict(self) -> dict:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def stories(path: Path, n: int) -> Iterator[Article]:
    """The first ``n`` stories of the corpus, streamed, as dated articles."""
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if i >= n:
                return
            text = (row.get("text") or "").strip()
            if text:
                yield Article(id=Article.content_id(BENCH_DATE, text), date=BENCH_DATE, text=text)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def run(coder, corpus: Path = DEFAULT_CORPUS, n: int = 500, batch_size: int = 32) -> BenchResult:
    from . import nlp as nlp_mod
    from .store.db import Store

    nlp = coder.nlp
    coder.batch_size = batch_size
    for _ in nlp.pipe((a.text for a in stories(corpus, 8)), batch_size=batch_size):
        pass  # warm-up

    words = 0
    t0 = time.perf_counter()
    for doc in nlp.pipe((a.text for a in stories(corpus, n)), batch_size=batch_size):
        words += sum(1 for t in doc if not t.is_space and not t.is_punct)
    spacy_s = time.perf_counter() - t0

    events = count = 0
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "bench.duckdb") as store:
            t0 = time.perf_counter()
            for coded in coder.code(stories(corpus, n)):
                store.add(coded)
                events += len(coded.events)
                count += 1
            polevent_s = time.perf_counter() - t0
    return BenchResult(n=count, words=words, batch_size=batch_size, model=nlp_mod.model_name(nlp),
                       spacy_seconds=spacy_s, polevent_seconds=polevent_s, articles_per_s=count / polevent_s,
                       words_per_s=words / polevent_s, spacy_articles_per_s=count / spacy_s,
                       ratio=polevent_s / spacy_s, peak_rss_mb=peak_rss_mb(), events=events)


def format_result(r: BenchResult) -> str:
    return "\n".join([
        f"stories              {r.n} ({r.words} words), batch size {r.batch_size}, model {r.model}",
        f"spaCy parse only     {r.spacy_seconds:8.2f} s  {r.spacy_articles_per_s:8.2f} articles/s",
        f"polevent end to end  {r.polevent_seconds:8.2f} s  {r.articles_per_s:8.2f} articles/s  "
        f"{r.words_per_s:9.1f} words/s  ({r.events} events)",
        f"ratio polevent/spaCy {r.ratio:8.3f}   (goal <= 1.25)",
        f"peak RSS             {r.peak_rss_mb:8.1f} MB (goal <= 1500)",
    ])
