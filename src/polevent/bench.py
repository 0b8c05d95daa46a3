"""Throughput benchmark: polevent end to end against spaCy's parse alone, in one run.

polevent codes N stories the way ``polevent ingest`` does (read, parse, every stage, store in
committed batches into a temporary DuckDB file) while, on the same texts with the same pipeline and
batch size, ``nlp.pipe`` parses them alone. The two are interleaved batch by batch, each going
first on every other batch, so a machine that gets busier or quieter during the run slows both
alike and neither gets the pipeline's warm caches more often. Before timing, the first stories go
once through the whole ingest path (model, stages' lazily built indexes, store code), as loading
the model is not timed either. Reports articles/s, words/s, the ratio polevent/spaCy-only, the
process's peak RSS and its RSS early and late in the run (flat when streaming). With ``workers``
> 1 it then ingests the same stories with that many worker processes and reports the speed-up.
"""
from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
import resource
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator

from .model import Article

DEFAULT_CORPUS = Path("../shared/corpus/plover_synthetic_stories.csv")
BENCH_DATE = dt.date(2023, 1, 1)  # the corpus stories carry no date: a day of news
WARM_UP = 64  # two batches: enough for this corpus to reach every lazily built part once


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
    rss_early_mb: float  # RSS after the first tenth of the stories
    rss_late_mb: float  # RSS at the end of the run
    events: int  # mentions stored
    workers: int = 1
    parallel_seconds: float | None = None  # the same stories with ``workers`` processes
    parallel_articles_per_s: float | None = None
    speedup: float | None = None  # polevent_seconds / parallel_seconds
    worker_peak_rss_mb: float | None = None  # the largest worker's peak RSS

    def to_dict(self) -> dict:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def stories(path: Path, n: int) -> Iterator[Article]:
    """The first ``n`` distinct stories of the corpus, streamed, as dated articles."""
    csv.field_size_limit(sys.maxsize)
    seen: set[str] = set()
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if len(seen) >= n:
                return
            text = (row.get("text") or "").strip()
            aid = Article.content_id(BENCH_DATE, text)
            if text and aid not in seen:
                seen.add(aid)
                yield Article(id=aid, date=BENCH_DATE, text=text)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def rss_mb() -> float:
    """The process's resident memory now."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def count_words(doc) -> int:
    return sum(1 for t in doc if not t.is_space and not t.is_punct)


def _no_errors(err) -> None:  # stories() yields articles only
    raise err


def _interleaved(coder, corpus: Path, n: int, batch_size: int, store) -> dict:
    """Time polevent (``ingest``'s committed batches) and spaCy-only parsing batch by batch, each
    going first on every other batch: the first to see a text pays for the pipeline's caches
    (new strings, lemmas), so neither gets the warm caches more often."""
    from . import nlp as nlp_mod
    from .runner import IngestResult, ingest_steps

    res = IngestResult()
    steps = ingest_steps(stories(corpus, n), coder, store, _no_errors, res, model=nlp_mod.model_name(coder.nlp),
                         batch_size=batch_size, flush_seconds=math.inf)
    docs = coder.nlp.pipe((a.text for a in stories(corpus, n)), batch_size=batch_size)
    out = {"polevent": 0.0, "spacy": 0.0, "words": 0, "parsed": 0, "rss_early": 0.0}

    def polevent() -> int | None:
        t0 = time.perf_counter()
        k = next(steps, None)
        out["polevent"] += time.perf_counter() - t0
        return k

    def spacy(k: int) -> None:
        for _ in range(k):
            t0 = time.perf_counter()
            doc = next(docs, None)
            out["spacy"] += time.perf_counter() - t0
            if doc is None:
                return
            out["parsed"] += 1
            out["words"] += count_words(doc)

    for batch in itertools.count():
        if batch % 2:
            spacy(batch_size)
        if polevent() is None:
            break
        spacy(res.stored - out["parsed"])
        if not out["rss_early"] and res.stored >= n / 10:
            out["rss_early"] = rss_mb()
    out |= {"stored": res.stored, "events": res.events, "rss_late": rss_mb()}
    return out


def _parallel(spec, workers: int, corpus: Path, n: int, batch_size: int) -> tuple[float, float]:
    """Seconds to ingest the stories with ``workers`` processes (once they are ready), and the
    largest worker's peak RSS."""
    from .parallel import ProcessCoder
    from .runner import ingest
    from .store.db import Store

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "parallel.duckdb") as store:
        with ProcessCoder(spec, workers=workers, chunk_size=batch_size) as pc:
            t0 = time.perf_counter()
            ingest(stories(corpus, n), pc, store, _no_errors, model=pc.model_name, batch_size=batch_size,
                   flush_seconds=math.inf)
            seconds = time.perf_counter() - t0
    return seconds, max(pc.worker_peak_rss_mb, default=0.0)


def run(coder, corpus: Path = DEFAULT_CORPUS, n: int = 500, batch_size: int = 32, workers: int = 1,
        spec=None) -> BenchResult:
    """Benchmark ``coder`` on the first ``n`` stories of ``corpus``; with ``workers`` > 1 also
    ingest them with that many processes built from ``spec`` (a parallel.CoderSpec)."""
    from . import nlp as nlp_mod
    from .store.db import Store

    coder.batch_size = batch_size
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "warm-up.duckdb") as store:  # the whole ingest path, once
            _interleaved(coder, corpus, WARM_UP, batch_size, store)
        with Store(Path(tmp) / "bench.duckdb") as store:
            m = _interleaved(coder, corpus, n, batch_size, store)
    count, pol, sp = m["stored"], m["polevent"], m["spacy"]
    result = BenchResult(n=count, words=m["words"], batch_size=batch_size, model=nlp_mod.model_name(coder.nlp),
                         spacy_seconds=sp, polevent_seconds=pol, articles_per_s=count / pol,
                         words_per_s=m["words"] / pol, spacy_articles_per_s=count / sp, ratio=pol / sp,
                         peak_rss_mb=peak_rss_mb(), rss_early_mb=m["rss_early"], rss_late_mb=m["rss_late"],
                         events=m["events"], workers=workers)
    if workers > 1:
        from .parallel import CoderSpec

        seconds, rss = _parallel(spec or CoderSpec(batch_size=batch_size), workers, corpus, n, batch_size)
        result.parallel_seconds, result.worker_peak_rss_mb = seconds, rss
        result.parallel_articles_per_s, result.speedup = count / seconds, pol / seconds
    return result


def format_result(r: BenchResult) -> str:
    lines = [
        f"stories              {r.n} ({r.words} words), batch size {r.batch_size}, model {r.model}",
        f"spaCy parse only     {r.spacy_seconds:8.2f} s  {r.spacy_articles_per_s:8.2f} articles/s",
        f"polevent end to end  {r.polevent_seconds:8.2f} s  {r.articles_per_s:8.2f} articles/s  "
        f"{r.words_per_s:9.1f} words/s  ({r.events} mentions)",
        f"ratio polevent/spaCy {r.ratio:8.3f}   (goal <= 1.25)",
        f"peak RSS             {r.peak_rss_mb:8.1f} MB (goal <= 1500); RSS {r.rss_early_mb:.1f} MB after "
        f"a tenth of the stories, {r.rss_late_mb:.1f} MB at the end",
    ]
    if r.parallel_seconds is not None:
        lines.append(f"{r.workers} worker processes   {r.parallel_seconds:8.2f} s  {r.parallel_articles_per_s:8.2f} "
                     f"articles/s  speed-up {r.speedup:.2f}x over one process; worker peak RSS "
                     f"{r.worker_peak_rss_mb:.1f} MB")
    return "\n".join(lines)
