"""Seconds for :func:`helpers.policy.find_reuse` on 1,000, 5,000 and 20,000 documents, and whether it finds
the passages planted in them.

The corpus is built here: documents of random text (common hanzi drawn with Zipf-like frequencies, clauses
of 4-20 characters ended by ，。；, lengths log-normal around ``--median-chars``), and in ``--share`` of them
a passage of 30-300 characters copied from an earlier document, half verbatim and half with 1-3 characters
changed. Random text shares no passage by chance, so every pair found beyond the planted ones is a false
one. (The corpus of ``benchmarks/synthetic.py`` draws every document from the same 329 seed sentences, so
each sentence is in a fifth of the documents: template by the default settings.)

    .venv/bin/python benchmarks/bench_reuse.py                      # 1000 5000 20000
    .venv/bin/python benchmarks/bench_reuse.py --sizes 1000 --workers 2

2026-12-01, one worker, a shared 2-core machine (median 1,500 characters, a fifth of the documents with a plant):

    docs    M chars  plants  seconds  recall  rows of unplanted pairs  peak RSS GB
    1000    1.8      200     2.1      0.980   9                        0.22
    5000    9.2      1000    12.0     0.989   60                       0.45
    20000   36.6     4000    92.0     0.989   291                      1.29

The rows of unplanted pairs are real reuse: a plant copied from a document that had itself received one.
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from helpers.hanzi import common_hanzi
from helpers.policy import find_reuse


def random_text(rng: random.Random, alphabet: list[str], cumulative: list[float], n_chars: int) -> str:
    parts, length = [], 0
    while length < n_chars:
        clause = "".join(rng.choices(alphabet, cum_weights=cumulative, k=rng.randint(4, 20))) + rng.choice("，，，。；")
        parts.append(clause)
        length += len(clause)
    return "".join(parts)[:n_chars]


def planted_corpus(n_docs: int, *, median_chars: int, share: float, seed: int = 0) -> tuple[pd.DataFrame, list]:
    """Documents with planted copies, and the plants ``(source, target, start_in_target, end_in_target)``."""
    rng = random.Random(seed)
    alphabet = sorted(common_hanzi())[:3000]
    rng.shuffle(alphabet)
    cumulative = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(alphabet))))
    texts = [
        random_text(rng, alphabet, cumulative, max(200, int(rng.lognormvariate(0, 0.6) * median_chars)))
        for _ in range(n_docs)
    ]
    plants = []
    for target in rng.sample(range(1, n_docs), int(share * n_docs)):
        source = rng.randrange(target)
        length = min(rng.randint(30, 300), len(texts[source]) - 1)
        start = rng.randrange(len(texts[source]) - length)
        passage = list(texts[source][start : start + length])
        if rng.random() < 0.5:
            for position in rng.sample(range(6, length - 6), rng.randint(1, 3)):
                passage[position] = rng.choice(alphabet)
        at = rng.randrange(len(texts[target]))
        texts[target] = texts[target][:at] + "".join(passage) + texts[target][at:]
        plants.append((source, target, at, at + length))
    years = [2000 + i * 20 // n_docs for i in range(n_docs)]
    docs = pd.DataFrame({"doc_id": [f"d{i:05d}" for i in range(n_docs)], "year": years, "text": texts})
    return docs, plants


def recall(docs: pd.DataFrame, found: pd.DataFrame, plants: list) -> tuple[float, int]:
    """Share of plants found (a row of the pair overlapping the planted span), and rows of unplanted pairs."""
    ids = docs["doc_id"].tolist()
    planted_pairs = {(ids[s], ids[t]) for s, t, _, _ in plants}
    hit = 0
    for source, target, start, end in plants:
        rows = found[(found["doc_a"] == ids[source]) & (found["doc_b"] == ids[target])]
        hit += bool(((rows["start_b"] < end) & (rows["end_b"] > start)).any())
    false_rows = sum((a, b) not in planted_pairs for a, b in zip(found["doc_a"], found["doc_b"]))
    return hit / max(1, len(plants)), false_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--median-chars", type=int, default=1500)
    parser.add_argument("--share", type=float, default=0.2)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    print("docs\tM chars\tplants\tseconds\trecall\tfalse rows\tpeak RSS GB")
    for n_docs in args.sizes:
        docs, plants = planted_corpus(n_docs, median_chars=args.median_chars, share=args.share)
        started = time.perf_counter()
        found = find_reuse(docs, workers=args.workers)
        seconds = time.perf_counter() - started
        found_share, false_rows = recall(docs, found, plants)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
        n_chars = docs["text"].str.len().sum() / 1e6
        print(f"{n_docs}\t{n_chars:.1f}\t{len(plants)}\t{seconds:.1f}\t{found_share:.3f}\t{false_rows}\t{peak:.2f}")


if __name__ == "__main__":
    main()
