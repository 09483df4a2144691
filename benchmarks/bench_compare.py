"""Seconds for notebook 05's comparisons on a large corpus whose tokens are already cached.

Builds (once, reused while the generator is unchanged) a synthetic corpus of ``--mb`` MB from the
seeds' sentences (``benchmarks/synthetic.py``), cleans and segments it into its cache, then times,
in this process, what notebook 05 computes: term trends of five terms by year, the keyness of the
largest year against every other, and the co-word network of the top 100 terms by sentence. Each
is run ``--repeat`` times and the fastest kept; the first run of each is shown too (it reads the
token cache from disk).

    .venv/bin/python benchmarks/bench_compare.py                 # 50 MB
    .venv/bin/python benchmarks/bench_compare.py --mb 5 --repeat 1
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402


def timed(function, repeat: int) -> tuple[float, float, object]:
    """``(first run's seconds, fastest run's seconds, the last result)``."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return times[0], min(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0, help="corpus size in MB of file bytes (default 50)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/bench_compare"), help="where the corpus and its cache go")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import helpers
    from helpers.clean.store import load_cleaned

    corpus = args.out / f"corpus-{args.mb:g}mb"
    summary = synthetic.ensure_corpus(corpus, synthetic.CorpusSpec(target_mb=args.mb))
    processed = args.out / f"processed-{args.mb:g}mb"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the generator's one broken file
        start = time.perf_counter()
        docs = load_cleaned(corpus, processed).docs
        cache = helpers.Cache(processed)
        helpers.tokenize_corpus(docs, cache=cache)
        prepared = time.perf_counter() - start
    sizes = helpers.group_sizes(docs, "year")
    target = helpers.largest_group(docs, "year")
    terms = ["基层党建", "党组织", "两新组织", "党员", "三会一课"]
    print(
        f"{summary.documents:,} documents, {summary.mb:.1f} MB, {len(sizes)} years "
        f"(largest: {target}, {int(sizes['documents'].max()):,} documents); "
        f"cleaned and segmented into the cache (or read from it) in {prepared:.1f} s"
    )
    runs = {
        "term_trends, 5 terms by year": lambda: helpers.term_trends(docs, terms, "year", cache=cache),
        f"keyness, {target} against the other years": lambda: helpers.keyness(docs, "year", target, cache=cache),
        "cooccurrence_network, top 100 terms by sentence": lambda: helpers.cooccurrence_network(
            docs, top_n=100, window="sentence", cache=cache
        ),
    }
    print(f"\n| comparison | first run | fastest of {args.repeat} |\n| --- | --- | --- |")
    for name, function in runs.items():
        first, fastest, _ = timed(function, args.repeat)
        print(f"| {name} | {first:.2f} s | {fastest:.2f} s |")


if __name__ == "__main__":
    main()
