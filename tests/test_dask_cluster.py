"""The stages on a Dask cluster build exactly what the local process pool builds (issue 15).

A generated corpus of a few hundred documents (a traditional-character file, GBK files and binary files
with a .txt name among them) is cleaned, segmented into TF-IDF and measured for indicators twice: by
two local worker processes, and by a two-worker ``distributed.LocalCluster`` shared by the tests of this
module. The cleaned articles, the audit, the TF-IDF matrix and the indicator rows must be equal row for
row, the broken files must keep their rows and named problems on the cluster too, and the tasks must
really have run there (the scheduler's task stream is read). Without a scheduler Dask is never imported.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from helpers.clean.store import load_cleaned
from helpers.config import PROJECT_ROOT
from helpers.features import corpus_tfidf
from helpers.parallel import map_documents, map_stream, resolve_workers
from helpers.parallel_dask import MAX_ITEMS_PER_TASK, TaskSizer, ensure_initialised, run_chunk, unpack
from helpers.quantities import indicator_table
from helpers.scheduler import client, start_local_cluster, use_scheduler, wanted_address
from helpers.tokens.corpus import segment_corpus

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
from synthetic import CorpusSpec, write_corpus

distributed = pytest.importorskip("distributed")

SPEC = CorpusSpec(n_docs=240, median_chars=300, traditional_share=0.03, gbk_share=0.03, n_broken=2, seed=15)
WORKERS = 2
# small text chunks, so this corpus's segmentation is several tasks (the default keeps it in one process)
CHUNK_CHARS = 20_000


@pytest.fixture(scope="module")
def cluster():
    with start_local_cluster(WORKERS, dashboard_address=None) as local:
        yield local


@contextlib.contextmanager
def on(address: str):
    """Every stage's tasks go to ``address`` meanwhile ("": the local pool, whatever the environment says)."""
    use_scheduler(address)
    try:
        yield
    finally:
        use_scheduler(None)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask") / "用户语料"
    return folder, write_corpus(folder, SPEC)


def build(corpus_folder, processed, workers):
    """Cleaned tables, TF-IDF and indicators of the corpus, every stage with ``workers``."""
    with pytest.warns(UserWarning, match="broken-00"):  # the main process names each unreadable file
        cleaned = load_cleaned(corpus_folder, processed, workers=workers)
    tfidf = corpus_tfidf(cleaned.docs, workers=workers)
    return cleaned, tfidf, indicator_table(cleaned.docs, workers=workers)


@pytest.fixture(scope="module")
def both(cluster, corpus, tmp_path_factory):
    """The stages through the local pool of two processes, then through the two-worker cluster."""
    folder, summary = corpus
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(segment_corpus.__kwdefaults__, "chunk_chars", CHUNK_CHARS)
        with on(""):
            local = build(folder, tmp_path_factory.mktemp("pool"), WORKERS)
        with on(cluster.scheduler_address), distributed.get_task_stream(client=client()) as stream:
            dask = build(folder, tmp_path_factory.mktemp("cluster"), None)  # None: the cluster's two workers
    return {"local": local, "dask": dask, "summary": summary, "tasks": list(stream.data)}


def test_the_stages_ran_on_the_cluster(both):
    """Reading and cleaning, segmentation and indicators each sent tasks to the workers."""
    functions = {str(task["key"]) for task in both["tasks"]}
    assert len(both["tasks"]) >= 6
    assert all("run_chunk" in key for key in functions)
    assert len({task["worker"] for task in both["tasks"]}) == WORKERS


def test_cleaned_tables_are_identical(both):
    (local, _, _), (dask, _, _) = both["local"], both["dask"]
    for name in ("raw", "docs", "audit"):
        pd.testing.assert_frame_equal(getattr(dask, name), getattr(local, name), check_exact=True, obj=name)


def test_tfidf_is_identical(both):
    (_, local, _), (_, dask, _) = both["local"], both["dask"]
    assert dask.doc_ids == local.doc_ids and list(dask.terms) == list(local.terms)
    assert dask.matrix.shape == local.matrix.shape and local.matrix.nnz > 0
    assert (dask.matrix != local.matrix).nnz == 0


def test_indicators_are_identical(both):
    (_, _, local), (_, _, dask) = both["local"], both["dask"]
    assert len(local) > 0
    pd.testing.assert_frame_equal(dask, local, check_exact=True, obj="indicators")


def test_broken_files_keep_their_rows_and_named_problems_on_the_cluster(both):
    """The report test's bad-file cases, through Dask: a row and a problem each, and the rest read."""
    raw, docs = both["dask"][0].raw, both["dask"][0].docs
    summary = both["summary"]
    broken = raw.loc[raw["doc_id"].str.startswith("broken-")]
    assert len(broken) == SPEC.n_broken and broken["problem"].str.len().gt(0).all()
    assert len(raw) == summary.files and len(docs) == summary.documents
    assert (raw["encoding"] == "gb18030").sum() >= 1
    assert (docs["script"] == "traditional").sum() >= 1


def test_map_stream_keeps_order_and_a_bounded_number_of_tasks_in_flight(cluster):
    produced = []

    def items():
        for item in ["基层", "党组织", "建设", "两新组织", "三会一课", "制度"]:
            produced.append(item)
            yield item

    with on(cluster.scheduler_address):
        stream = map_stream(len, items(), pending_per_worker=1)
        assert next(stream) == 2
        assert len(produced) <= WORKERS + 1  # the producer never runs ahead of the workers
        assert list(stream) == [3, 2, 4, 4, 2]
        assert resolve_workers(None) == WORKERS
        assert map_documents(len, ["党建"] * 100, chunksize=7) == [2] * 100


def test_fast_items_travel_several_to_a_task_and_stay_bounded(cluster):
    """Items far quicker than a task's cost are grouped, yet never more than the tasks in flight can hold."""
    produced: list[int] = []

    def items():
        for i in range(300):
            produced.append(i)
            yield "党建" * (i % 5)

    results, ahead = [], []
    with on(cluster.scheduler_address):
        for result in map_stream(len, items(), pending_per_worker=1):
            results.append(result)
            ahead.append(len(produced) - len(results))
    assert results == [2 * (i % 5) for i in range(300)]
    assert WORKERS < max(ahead) <= WORKERS * MAX_ITEMS_PER_TASK + 2


def test_a_task_carries_about_task_seconds_of_items():
    sizer = TaskSizer()
    assert sizer.items() == 1  # nothing measured yet
    sizer.record(4.0, 2)  # slow items: one a task
    assert sizer.items() == 1
    sizer.record(0.0, 10_000)  # then very fast ones: as many as a task may carry
    assert sizer.items() == MAX_ITEMS_PER_TASK


_RUNS: list[str] = []


def _count_run() -> None:
    _RUNS.append("run")


def test_an_initializer_runs_once_per_worker_process():
    """``ensure_initialised`` keeps a worker from loading its dictionaries again on every task."""
    for _ in range(3):
        ensure_initialised(_count_run)
    assert _RUNS == ["run"]
    with on(""):  # a task turns the scheduler off in its process: this one gets it back after
        assert unpack(run_chunk(len, _count_run, ["甲乙"]))[1] == [2] and _RUNS == ["run"]


def test_a_task_never_sends_tasks_of_its_own(monkeypatch):
    """A stage called inside a task runs there (the worker may have inherited HELPERS_SCHEDULER)."""
    use_scheduler(None)  # as in a worker just started: the environment decides
    monkeypatch.setenv("HELPERS_SCHEDULER", "tcp://127.0.0.1:1")
    try:
        assert wanted_address() == "tcp://127.0.0.1:1"
        run_chunk(len, None, ["甲"])
        assert wanted_address() == ""
    finally:
        monkeypatch.delenv("HELPERS_SCHEDULER")
        use_scheduler(None)


def test_without_a_scheduler_dask_is_never_imported():
    """No start-up cost for a small corpus: the switch, the pool and the report module leave Dask unloaded."""
    code = (
        "import sys\n"
        "import helpers, helpers.report\n"
        "from helpers.parallel import map_documents, map_stream\n"
        "helpers.use_scheduler(None)\n"
        "assert map_documents(len, ['党建'] * 80, workers=2) == [2] * 80\n"
        "assert list(map_stream(len, iter(['党建'] * 3), workers=2)) == [2] * 3\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n"
    )
    env = {name: value for name, value in os.environ.items() if name != "HELPERS_SCHEDULER"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


class _Stop(Exception):
    """Raised by the stand-in for papermill once it has seen what the first kernel would get."""


def test_the_report_passes_the_scheduler_to_every_kernel_and_prints_it(cluster, monkeypatch, capsys, tmp_path):
    """``helpers.report --scheduler tcp://…``: the address printed, and handed to the kernels both ways."""
    from helpers import report

    seen = []

    def execute(source, target, parameters):
        seen.append((parameters.get("scheduler"), os.environ.get("HELPERS_SCHEDULER")))
        raise _Stop

    monkeypatch.setattr(report, "execute_notebook", execute)
    (tmp_path / "a.txt").write_text("关于加强基层党组织建设的意见", encoding="utf-8")
    reports_existed, out_dir = report.REPORTS_DIR.exists(), report.report_dir(tmp_path)
    try:
        with pytest.raises(_Stop):
            report.build_reports(tmp_path, workers=WORKERS, scheduler=cluster.scheduler_address, names=["01"])
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)  # the folder for executed notebooks, made before the first run
        if not reports_existed and report.REPORTS_DIR.is_dir() and not any(report.REPORTS_DIR.iterdir()):
            report.REPORTS_DIR.rmdir()
    assert seen == [(cluster.scheduler_address, cluster.scheduler_address)]
    assert f"Dask scheduler: {cluster.scheduler_address}" in capsys.readouterr().out
    assert "HELPERS_SCHEDULER" not in os.environ  # restored after the run
    with report.scheduler_for_kernels(None, WORKERS) as address:
        assert address == ""


def test_policy_codes_on_the_cluster_are_those_of_the_local_pool(both, cluster, tmp_path, monkeypatch):
    """Notebook 06's coding goes to the workers too, a task of clauses at a time, and gives the same codes."""
    from helpers.cache import Cache
    from helpers.policy import code_instruments, coding, policy_clauses

    monkeypatch.setattr(coding, "CLAUSES_PER_TASK", 50)  # this corpus's clauses: several tasks
    docs = both["local"][0].docs
    with on(""):
        local = code_instruments(policy_clauses(docs), workers=WORKERS)
    cache = Cache(tmp_path)
    with on(cluster.scheduler_address), distributed.get_task_stream(client=client()) as stream:
        remote = code_instruments(policy_clauses(docs, cache=cache, lazy=True), cache=cache)
    assert len(stream.data) >= 2 and len(local) > 200
    pd.testing.assert_frame_equal(remote, local, check_exact=True, obj="codes")
