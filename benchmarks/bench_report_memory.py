"""Peak resident memory of `make report`, summed over its whole process tree, per notebook.

Runs the report command (the notebooks' kernels, their workers and the main process are all descendants of
it), samples the summed resident memory of every descendant every ``--interval`` seconds, and splits the run
by the ``running NN_….ipynb`` lines the report prints. The target of issue 15 is printed beside the peak.

    .venv/bin/python benchmarks/synthetic.py /tmp/corpus300 --mb 300
    .venv/bin/python benchmarks/bench_report_memory.py --corpus /tmp/corpus300 --target-gb 4

``--fresh`` first removes the corpus's processed tables and reports, so nothing is cached.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

MB = 2**20
ROOT = Path(__file__).resolve().parents[1]


def tree_rss(root: psutil.Process) -> int:
    total = 0
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # a worker that ended between listing and reading
            total += process.memory_info().rss
    return total


class PhaseSampler:
    """The summed RSS of a process tree, its peak kept per named phase (the notebook being run)."""

    def __init__(self, pid: int, interval: float) -> None:
        self.root = psutil.Process(pid)
        self.interval = interval
        self.phase = "start"
        self.peaks: dict[str, int] = {}
        self.started: dict[str, float] = {}
        self.timeline: list[tuple[float, str, int]] = []
        self.t0 = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def enter(self, phase: str) -> None:
        self.phase = phase
        self.started[phase] = time.monotonic() - self.t0

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                rss = tree_rss(self.root)
            except psutil.Error:
                break
            self.peaks[self.phase] = max(self.peaks.get(self.phase, 0), rss)
            self.timeline.append((time.monotonic() - self.t0, self.phase, rss))
            time.sleep(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", required=True, help="the corpus folder or file")
    parser.add_argument("--workers", default="0", help="the report's --workers (0: one per core)")
    parser.add_argument("--scheduler", default="", help="the report's --scheduler (empty: the local pool)")
    parser.add_argument("--fresh", action="store_true", help="remove the corpus's processed tables first")
    parser.add_argument("--only", nargs="*", default=[], help="run only these notebooks (e.g. 03 06)")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between samples")
    parser.add_argument("--target-gb", type=float, default=4.0, help="the summed-RSS target to print beside the peak")
    parser.add_argument("--timeline", help="write every sample (seconds, notebook, MB) to this TSV")
    args = parser.parse_args()

    from helpers.clean.store import corpus_paths

    _, processed = corpus_paths(args.corpus)
    if args.fresh:
        shutil.rmtree(processed, ignore_errors=True)
    command = [sys.executable, "-m", "helpers.report", "--corpus", args.corpus, "--workers", args.workers]
    command += ["--scheduler", args.scheduler]
    if args.only:
        command += ["--only", *args.only]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    print("$", " ".join(command), flush=True)
    report = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    sampler = PhaseSampler(report.pid, args.interval)
    try:
        for line in report.stdout:
            if line.startswith("running "):
                sampler.enter(line.split()[1].split("_")[0])
            if "WARNING | Kernel is running over TCP" not in line:
                print(line, end="", flush=True)
        report.wait()
    except KeyboardInterrupt:
        os.killpg(report.pid, signal.SIGTERM)
        report.wait()
    sampler.stop()
    elapsed = time.monotonic() - sampler.t0

    print(f"\nexit {report.returncode} after {elapsed / 60:.1f} min; corpus {args.corpus}; processed {processed}")
    phases = list(sampler.peaks)
    print(f"{'notebook':<10}{'started':>10}{'minutes':>10}{'peak summed RSS':>18}")
    for phase, following in zip(phases, [*phases[1:], None], strict=True):
        start = sampler.started.get(phase, 0.0)
        end = sampler.started.get(following, elapsed) if following else elapsed
        print(f"{phase:<10}{start / 60:>10.1f}{(end - start) / 60:>10.1f}{sampler.peaks[phase] / MB:>15,.0f} MB")
    peak = max(sampler.peaks.values(), default=0)
    verdict = "within" if peak <= args.target_gb * 1024 * MB else "over"
    print(f"peak summed RSS of the whole tree: {peak / MB:,.0f} MB ({verdict} the {args.target_gb:g} GB target)")
    if args.timeline:
        with open(args.timeline, "w", encoding="utf-8") as out:
            out.write("seconds\tnotebook\tmb\n")
            out.writelines(f"{t:.1f}\t{phase}\t{rss / MB:.0f}\n" for t, phase, rss in sampler.timeline)
    return report.returncode


if __name__ == "__main__":
    sys.exit(main())
