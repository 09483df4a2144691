"""The report command on a user's own folder (issue 5's acceptance test).

A temporary folder of about two hundred generated documents — among them a
traditional-character file, a GBK file and a binary file with a .txt name — goes
through ``python -m helpers.report --corpus DIR --workers 2`` exactly as a user would run it.
Every numbered notebook must render to HTML in the corpus's own report folder,
the cleaning report must name the broken file, the indicators must be exported
to the corpus's own folder, and the seeds' reports and tables must be left as
they were. The tables the two workers built (cleaning in chunks of files,
indicators in chunks of documents) must equal those one process builds. What
the run writes for the temporary corpus (its report folder, its processed
tables, its token cache files) is removed.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from corpus_tables import cache_entries, cached_tables  # tests/ is on sys.path under pytest
from helpers.cache import Cache
from helpers.clean.store import corpus_paths, load_cleaned
from helpers.config import CACHE_DIR, PROCESSED_DIR, PROJECT_ROOT, REPORTS_DIR, display_path
from helpers.corpus import CHUNK_FILES
from helpers.parallel import MIN_ITEMS_FOR_WORKERS
from helpers.quantities import indicator_table
from helpers.report import notebooks, report_dir
from helpers.tokens import tokenize_corpus

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
from synthetic import CorpusSpec, write_corpus
from test_indicator_export import assert_excel_csv

# Small documents keep the whole report (every notebook) to about a minute on two cores.
SPEC = CorpusSpec(n_docs=200, median_chars=500, traditional_share=0.03, gbk_share=0.03, n_broken=1, seed=5)
BROKEN_NAME = "broken-000"
SEEDS_PROCESSED = corpus_paths()[1]
TIMEOUT = 600
WORKERS = 2  # the --workers option, checked against one process below


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """The files directly in ``folder`` with their modification time and content hash."""
    if not folder.is_dir():
        return {}
    return {
        path.name: (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
        for path in folder.iterdir()
        if path.is_file()
    }


def entries(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()} if folder.is_dir() else set()


def files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()} if folder.is_dir() else set()


@pytest.fixture(scope="module")
def report_run(tmp_path_factory):
    """Generate the corpus, run the report command once, yield what it did, then clean up."""
    corpus = tmp_path_factory.mktemp("report") / "用户语料"  # a non-ASCII folder name, as users have
    summary = write_corpus(corpus, SPEC)
    out_dir = report_dir(corpus)
    _, processed = corpus_paths(corpus)
    assert out_dir != REPORTS_DIR and out_dir.parent == REPORTS_DIR
    assert processed != PROCESSED_DIR and processed.parent == PROCESSED_DIR
    reports_existed, processed_existed = REPORTS_DIR.exists(), PROCESSED_DIR.exists()
    before = {
        "reports": snapshot(REPORTS_DIR),
        "report_entries": entries(REPORTS_DIR),
        "seeds": snapshot(SEEDS_PROCESSED),
        "cache": files_under(CACHE_DIR),
    }
    env = dict(os.environ)
    # the venv's bin first on PATH, so the kernel papermill starts runs the venv's Python
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("HELPERS_WORKERS", None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "helpers.report", "--corpus", str(corpus), "--workers", str(WORKERS)],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        tables = cached_tables(corpus, processed)
        pages = {path.name: path.read_text(encoding="utf-8") for path in out_dir.glob("*.html")}
        yield {
            "done": done,
            "summary": summary,
            "out_dir": out_dir,
            "before": before,
            "corpus": corpus,
            "processed": processed,
            "tables": tables,
            "raw": tables.get("raw"),
            "docs": tables.get("docs"),
            "pages": pages,
            "one_worker_dir": corpus.parent / "one-worker",
        }
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
        shutil.rmtree(processed, ignore_errors=True)
        for path in files_under(CACHE_DIR) - before["cache"]:
            path.unlink(missing_ok=True)  # token caches keyed on the temporary corpus's texts
        for folder, existed in ((REPORTS_DIR, reports_existed), (PROCESSED_DIR, processed_existed)):
            if not existed and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()


def test_report_command_succeeds(report_run):
    done = report_run["done"]
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"


def test_every_notebook_rendered_in_the_corpus_folder(report_run):
    expected = {f"{notebook.stem}.html" for notebook in notebooks()} | {"index.html"}
    assert len(expected) > 1
    assert expected <= set(report_run["pages"])
    for name in expected:
        assert "</html>" in report_run["pages"][name], f"{name} is not a complete HTML page"
    index = report_run["pages"]["index.html"]
    assert all(f'href="{notebook.stem}.html"' in index for notebook in notebooks())


def test_no_notebook_shows_an_error(report_run):
    for name, page in report_run["pages"].items():
        assert "Traceback (most recent call last)" not in page, name


def test_broken_file_named_in_cleaning_report(report_run):
    cleaning = [page for name, page in report_run["pages"].items() if name.startswith("01_")]
    assert cleaning, "no rendered 01 cleaning report"
    assert BROKEN_NAME in cleaning[0]


def test_every_kind_of_file_went_through(report_run):
    raw, docs = report_run["raw"], report_run["docs"]
    assert raw is not None and docs is not None, "the corpus's tables were not written to its own processed folder"
    assert len(raw) == report_run["summary"].files
    assert raw.loc[raw["doc_id"] == BROKEN_NAME, "problem"].str.len().gt(0).all()
    assert (raw["encoding"] == "gb18030").sum() >= 1
    assert (docs["script"] == "traditional").sum() >= 1
    assert len(docs) == report_run["summary"].documents


def test_indicators_exported_to_the_corpus_folder(report_run):
    """Notebook 04 writes indicators.csv beside the corpus's own tables, for Excel, and not over the seeds' file."""
    processed, tables = report_run["processed"], report_run["tables"]
    assert "indicators" in tables, "no indicator table in the corpus's cache"
    assert len(tables["indicators"]) > 0
    assert_excel_csv(processed / "indicators.csv", tables["indicators"])
    seeds_file = "indicators.csv"  # processed/seeds/indicators.csv: the seeds' export, absent or as it was
    assert contents(snapshot(SEEDS_PROCESSED)).get(seeds_file) == contents(report_run["before"]["seeds"]).get(
        seeds_file
    )


def test_two_workers_build_what_one_process_builds(report_run):
    """The run's tables (``--workers 2``) against the same stages run in this process with ``workers=1``."""
    tables, corpus = report_run["tables"], report_run["corpus"]
    assert {"raw", "docs", "audit", "indicators"} <= set(tables)
    # large enough for the pool: cleaning goes to the workers in chunks of files, indicators in chunks of documents
    # (segmentation stays in one process below CHUNK_CHARS of text, so its check is of the token cache the run kept)
    assert report_run["summary"].files > CHUNK_FILES and len(tables["docs"]) >= MIN_ITEMS_FOR_WORKERS
    with pytest.warns(UserWarning, match=BROKEN_NAME):  # the one process names the broken file too
        one = load_cleaned(corpus, report_run["one_worker_dir"], workers=1)
    assert not one.from_cache
    for name in ("raw", "docs", "audit"):
        pd.testing.assert_frame_equal(tables[name], getattr(one, name), check_exact=True, obj=name)
    pd.testing.assert_frame_equal(
        tables["indicators"], indicator_table(one.docs, workers=1), check_exact=True, obj="indicators"
    )
    # the token cache notebook 02 wrote during the run, read back, against a fresh one-process segmentation
    processed = report_run["processed"]
    kept = cache_entries(processed, "tokens")
    assert kept, "the run left no token cache beside the corpus's tables"
    cached = tokenize_corpus(tables["docs"], cache=Cache(processed))
    assert cache_entries(processed, "tokens") == kept, "the run's token cache was not the one read back"
    pd.testing.assert_series_equal(cached, tokenize_corpus(one.docs, workers=1))


def contents(files: dict[str, tuple[int, str]]) -> dict[str, str]:
    """A snapshot's content hashes: other test sessions in the same checkout (doctests, nbval re-running
    notebook 04) may rewrite the seeds' tables and export with the same bytes while this test runs."""
    return {name: digest for name, (_, digest) in files.items()}


def test_seed_reports_and_tables_untouched(report_run):
    before, out_dir = report_run["before"], report_run["out_dir"]
    assert contents(snapshot(REPORTS_DIR)) == contents(before["reports"])
    assert f"reports written: {display_path(out_dir / 'index.html')}" in report_run["done"].stdout
    new = entries(REPORTS_DIR) - before["report_entries"]
    assert out_dir.name in new
    # anything else new is another session's corpus folder (a concurrent run of this test), not a file of this run
    assert all(re.fullmatch(r".+-[0-9a-f]{8}", name) and (REPORTS_DIR / name).is_dir() for name in new - {out_dir.name})
    assert contents(snapshot(SEEDS_PROCESSED)) == contents(before["seeds"])


def longest_plain_run(markdown: str) -> str:
    """The longest stretch of a cell's text that HTML shows unchanged: hanzi, Latin letters and spaces."""
    return max(re.findall(r"[\u4e00-\u9fffA-Za-z ]{4,}", markdown), key=len).strip()


def test_the_seeds_commentary_filter_drops_every_tagged_cell_and_says_so():
    import nbformat

    from helpers.report import SEEDS_COMMENTARY_TAG, without_seeds_commentary

    for path in notebooks():
        notebook = nbformat.read(path, as_version=4)
        tagged = [c for c in notebook.cells if SEEDS_COMMENTARY_TAG in c.metadata.get("tags", [])]
        filtered = without_seeds_commentary(notebook, "用户语料")
        assert tagged and len(filtered.cells) == len(notebook.cells) - len(tagged) + 1, path.name
        assert filtered.cells[0] == notebook.cells[0] and "用户语料" in filtered.cells[1].source
        assert not any(SEEDS_COMMENTARY_TAG in c.metadata.get("tags", []) for c in filtered.cells)
        assert len(notebook.cells) == len(nbformat.read(path, as_version=4).cells)  # the original is untouched


def test_a_notebook_without_commentary_on_the_seeds_is_left_as_it_is():
    import nbformat

    from helpers.report import without_seeds_commentary

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 标题"), nbformat.v4.new_code_cell("1")])
    assert without_seeds_commentary(notebook, "用户语料") is notebook


def test_commentary_on_the_seeds_is_left_out_of_another_corpus_report(report_run):
    import nbformat

    from helpers.report import SEEDS_COMMENTARY_TAG

    for notebook in notebooks():
        tagged = [
            cell.source
            for cell in nbformat.read(notebook, as_version=4).cells
            if SEEDS_COMMENTARY_TAG in cell.metadata.get("tags", [])
        ]
        page = report_run["pages"][f"{notebook.stem}.html"]
        assert tagged, f"{notebook.name} has no commentary on the seeds to leave out"
        for source in tagged:
            passage = longest_plain_run(source)
            assert passage not in page, f"{notebook.name}: seeds commentary {passage!r} in another corpus's report"
        assert "解读种子语料结果的" in page and f"{len(tagged)} 段文字已略去" in page
