"""Segmentation throughput (characters per second) of both engines on a synthetic corpus.

The corpus is made from the seeds' own sentences (cleaned, simplified), drawn
at random with a fixed seed until it reaches the target size (default 50 MB of
UTF-8), so the text has the genre's vocabulary and the domain dictionary is
exercised. Each engine segments documents of about 2,000 characters, one
process, the dictionary loaded beforehand (load time reported separately).

jieba runs at about 0.2 MB/s, so by default it is timed on a slice (5 MB) and
its time for the whole corpus is extrapolated; ``--jieba-full`` times it on
all of it. Usage::

    .venv/bin/python benchmarks/bench_segment.py               # 50 MB, jieba on a 5 MB slice
    .venv/bin/python benchmarks/bench_segment.py --mb 1 --jieba-mb 1   # quick check
"""

from __future__ import annotations

import argparse
import random
import re
import time

from helpers.clean.store import load_clean_corpus
from helpers.tokens import ENGINES, Segmenter, engine_version

SENTENCE_END = re.compile(r"(?<=[。！？；])")


def seed_sentences() -> list[str]:
    """Sentences of the cleaned seed articles (at least 8 characters each)."""
    docs = load_clean_corpus()
    sentences = [s.strip() for text in docs["text"] for s in SENTENCE_END.split(text)]
    return [s for s in sentences if len(s) >= 8]


def synthetic_corpus(sentences: list[str], target_bytes: int, *, doc_chars: int = 2000, seed: int = 0) -> list[str]:
    """Documents of about ``doc_chars`` characters made of random seed sentences, ``target_bytes`` in all."""
    rng = random.Random(seed)
    docs, size, current, current_len = [], 0, [], 0
    while size < target_bytes:
        s = rng.choice(sentences)
        current.append(s)
        current_len += len(s)
        size += len(s.encode("utf-8"))
        if current_len >= doc_chars:
            docs.append("".join(current))
            current, current_len = [], 0
    if current:
        docs.append("".join(current))
    return docs


def take_chars(docs: list[str], n_chars: int) -> list[str]:
    out, total = [], 0
    for d in docs:
        if total >= n_chars:
            break
        out.append(d)
        total += len(d)
    return out


def time_engine(engine: str, docs: list[str]) -> tuple[float, float, int, int]:
    """(load seconds, segmentation seconds, characters, tokens)."""
    t0 = time.perf_counter()
    seg = Segmenter(engine)
    seg.cut("预热：加强基层党组织建设")  # jieba finishes initialising on first use
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    n_tokens = sum(len(seg.cut(d)) for d in docs)
    return load, time.perf_counter() - t1, sum(map(len, docs)), n_tokens


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0, help="corpus size in MB of UTF-8 (default 50)")
    ap.add_argument("--jieba-mb", type=float, default=5.0, help="slice jieba is timed on (default 5)")
    ap.add_argument("--jieba-full", action="store_true", help="time jieba on the whole corpus")
    args = ap.parse_args()

    sentences = seed_sentences()
    docs = synthetic_corpus(sentences, int(args.mb * 1_000_000))
    n_chars = sum(map(len, docs))
    n_bytes = sum(len(d.encode("utf-8")) for d in docs)
    print(
        f"corpus: {len(docs):,} documents, {n_chars:,} characters, {n_bytes / 1e6:.1f} MB UTF-8 "
        f"from {len(sentences)} seed sentences"
    )

    for engine in ENGINES:
        part = docs
        if engine == "jieba" and not args.jieba_full:
            part = take_chars(docs, int(args.jieba_mb * 1_000_000 / 3))  # ~3 bytes a character
        load, secs, chars, tokens = time_engine(engine, part)
        rate = chars / secs
        line = (
            f"{engine} {engine_version(engine)}: {rate:,.0f} chars/s "
            f"({chars:,} chars, {tokens:,} tokens in {secs:.1f} s; dictionary load {load:.1f} s)"
        )
        if chars < n_chars:
            line += f"; whole corpus extrapolated: {n_chars / rate:.0f} s"
        print(line, flush=True)


if __name__ == "__main__":
    main()
