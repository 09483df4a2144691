"""Dask's overhead against the local process pool: the same cold runs, same cores, one after the other.

For each size a synthetic corpus (``benchmarks/synthetic.py``) goes through the pipeline's cold run of
``bench_pipeline.py`` (load+clean, segment, TF-IDF, indicators, each stage with ``--workers`` workers),
once with the local process pool and once on a ``distributed.LocalCluster`` of as many single-threaded
workers (``HELPERS_SCHEDULER=local``), interleaved ``--repeat`` times; the fastest time of each stage is
kept, and the ratio Dask / pool printed per stage and in total. With ``--scheduler local`` the cluster is
started here, once, and its address handed to the runs, as ``helpers.report`` hands it to the notebook
kernels (so the scheduler does not share the measured process); its workers are restarted before each run,
so no run finds another's dictionaries loaded. Each run connects and imports the libraries in the workers
before the clock (as the pool's forked workers inherit them); that start-up is printed apart.

    .venv/bin/python benchmarks/bench_dask.py --sizes 20 --repeat 2
    .venv/bin/python benchmarks/bench_dask.py --sizes 200 --scheduler tcp://host:8786   # a running cluster

Peak memory here is the run's main process only: the cluster's workers are not its finished children.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_pipeline import COLUMNS, STAGES, available_stages, best_of, machine_busy, run_child  # noqa: E402


def cold_run(corpus: Path, run_dir: Path, workers: int, stages: list[str], scheduler: str) -> dict:
    """One cold run of every stage, through ``scheduler`` (``""``: the local process pool)."""
    shutil.rmtree(run_dir, ignore_errors=True)
    before = os.environ.pop("HELPERS_SCHEDULER", None)
    if scheduler:
        os.environ["HELPERS_SCHEDULER"] = scheduler
    try:
        return run_child(
            "cold",
            corpus=corpus,
            processed=run_dir / "processed",
            cache=run_dir / "cache",
            workers=workers,
            stages=stages,
            jieba_mb=0,
            progress=False,
        )
    finally:
        os.environ.pop("HELPERS_SCHEDULER", None)
        if before is not None:
            os.environ["HELPERS_SCHEDULER"] = before
        shutil.rmtree(run_dir, ignore_errors=True)


def print_comparison(size: float, mb: float, pool: dict, dask: dict, scheduler: str) -> dict:
    print(f"\n{size:g} MB target ({mb:.1f} MB of files): local pool against Dask ({scheduler}), best of the runs")
    print(f"{'stage':<12}{'pool s':>10}{'Dask s':>10}{'Dask/pool':>11}")
    totals = [0.0, 0.0]
    for column in COLUMNS:
        a, b = pool["seconds"].get(column), dask["seconds"].get(column)
        if a is None or b is None:
            continue
        totals[0], totals[1] = totals[0] + a, totals[1] + b
        print(f"{column:<12}{a:>10.2f}{b:>10.2f}{b / a:>10.2f}x")
    ratio = totals[1] / totals[0]
    print(f"{'total':<12}{totals[0]:>10.2f}{totals[1]:>10.2f}{ratio:>10.2f}x   ({mb / totals[1]:.2f} MB/s on Dask)")
    print(f"cluster start-up (before the clock): {dask.get('scheduler_start_s', 0):.1f} s")
    return {"size_mb": size, "pool_s": totals[0], "dask_s": totals[1], "dask_over_pool": ratio}


def main(argv: list[str] | None = None) -> None:
    from synthetic import CorpusSpec, ensure_corpus

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[20.0], help="corpus sizes in MB (default 20)")
    ap.add_argument("--workers", type=int, default=2, help="workers of the pool and of the cluster (default 2)")
    ap.add_argument("--scheduler", default="local", help="'local' (default) or a running scheduler's address")
    ap.add_argument("--repeat", type=int, default=1, help="interleaved runs of each; the fastest stage times are kept")
    ap.add_argument("--stages", default=",".join(STAGES), help="comma-separated stages (default all)")
    ap.add_argument("--out", type=Path, default=HERE / "out", help="corpora and run folders (default benchmarks/out)")
    args = ap.parse_args(argv)
    stages, _ = available_stages([s for s in args.stages.split(",") if s])
    cluster = client = None
    scheduler = args.scheduler
    if scheduler == "local":
        from distributed import Client

        from helpers.scheduler import start_local_cluster

        cluster = start_local_cluster(args.workers)
        scheduler = cluster.scheduler_address
        client = Client(scheduler, set_as_default=False)
        print(f"LocalCluster of {args.workers} workers at {scheduler}, dashboard {cluster.dashboard_link}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.workers} workers, stages {stages}")
    results = []
    for size in args.sizes:
        corpus = args.out / f"corpus-{size:g}mb-seed0"
        summary = ensure_corpus(corpus, CorpusSpec(target_mb=size, seed=0))
        runs: dict[str, list[dict]] = {"": [], scheduler: []}
        for repeat in range(args.repeat):
            for way in runs:
                if way and client is not None:
                    client.restart()  # fresh worker processes: nothing loaded by an earlier run
                busy = machine_busy()
                run = cold_run(corpus, args.out / f"run-dask-{size:g}mb", args.workers, stages, way)
                runs[way].append(run)
                print(
                    f"  run {repeat + 1}/{args.repeat} {way or 'pool'}: {sum(run['seconds'].values()):.1f} s"
                    + ("" if busy is None else f"; CPUs {busy:.0%} busy just before"),
                    flush=True,
                )
        mb = summary.mb
        results.append(print_comparison(size, mb, best_of(runs[""]), best_of(runs[scheduler]), args.scheduler))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results-dask.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    if cluster is not None:
        client.close()
        cluster.close()


if __name__ == "__main__":
    main()
