"""The headline command end to end: ``make report`` on the bundled seeds, as the README promises it.

One HTML report per numbered notebook (the list is read from ``notebooks/``, so
a new notebook is covered the day it is added), an index page linking each, the
commentary on the seeds kept (its cells tagged ``seeds-commentary``), no error or
warning in any executed notebook, every chart an image, and the Chinese text
readable in the pages, the charts (no missing glyphs) and the exported CSV.

Where it runs: ``helpers.report`` writes the seeds' report to ``<project>/reports/``
and the notebooks write the seeds' tables to ``<project>/processed/seeds/``, both
derived from the location of ``helpers/config.py`` with no option to redirect them.
So the test copies what a report needs (``src/``, ``notebooks/``, ``seeds/``,
``data/`` with the gold annotations read by notebooks 03 and 04, the Makefile and
the package metadata; nothing generated) into a
temporary folder and runs ``make report`` there, with ``PYTHONPATH`` naming the
copy's ``src/`` so that the command, and the kernels papermill starts, import the
copy's ``helpers`` rather than the checkout's (checked before anything runs). The
Makefile's own recipe runs unchanged, with its defaults (seeds, ``--workers 0``);
``make -o .venv/.installed`` keeps make from ever rebuilding the virtual
environment from the copy, and ``PY`` points at this interpreter.

That nothing was written into the checkout is shown by what the copy holds: each
process has one project root, and the copy's ``reports/`` and ``processed/``
(absent before the run) hold every page and table. The checkout's seeds report
(``reports/`` and ``reports/executed/``) is also compared before and after; its
``processed/`` is not, because other test sessions in the same checkout
(doctests, nbval re-running notebook 04) rewrite the seeds' tables and export
there, with the very bytes this run would write.

The copy starts without any cache, so this is a cold build: about a minute on two cores.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers.config import PROJECT_ROOT, REPORTS_DIR
from helpers.report import SEEDS_COMMENTARY_TAG, notebooks
from test_indicator_export import assert_excel_csv  # tests/ is on sys.path under pytest

TIMEOUT = 900
GENERATED = ("processed", "cache")  # generated folders an older checkout kept under data/; never copied
# the first seed article's title, as cleaning reads it (see helpers.load_clean_corpus's example)
FIRST_TITLE = "加强基层党组织建设提高科学发展能力和水平"
HANZI = re.compile(r"[\u4e00-\u9fff]")
PNG_IMAGE = re.compile(r'<img [^>]*src="data:image/png;base64,([^"]+)"')


def snapshot(folder: Path, *deeper: str) -> dict[str, tuple[int, int]]:
    """The files directly in ``folder`` and anywhere under its subfolders ``deeper``, with modification time and size.

    Only where a seeds build writes (other corpora's folders beside them belong to other runs).
    """
    paths = [path for path in folder.glob("*") if path.is_file()] if folder.is_dir() else []
    paths += [path for sub in deeper if (folder / sub).is_dir() for path in (folder / sub).rglob("*") if path.is_file()]
    return {str(path.relative_to(folder)): (path.stat().st_mtime_ns, path.stat().st_size) for path in paths}


def copy_project(target: Path) -> Path:
    """What ``make report`` reads, copied without generated files."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")
    target.mkdir()
    for name in ("src", "notebooks", "seeds"):
        shutil.copytree(PROJECT_ROOT / name, target / name, ignore=skip)
    shutil.copytree(
        PROJECT_ROOT / "data",
        target / "data",
        ignore=lambda folder, names: [n for n in names if Path(folder) == PROJECT_ROOT / "data" and n in GENERATED],
    )
    for name in ("Makefile", "pyproject.toml", "requirements.txt", "constraints.txt", "README.md"):
        shutil.copy2(PROJECT_ROOT / name, target / name)
    return target


def plain_runs(markdown: str) -> list[str]:
    """The stretches of a cell's text that HTML shows unchanged (hanzi, Latin letters, spaces), 4 characters or more
    (Chinese prose runs without spaces, broken only by its punctuation)."""
    return [run.strip() for run in re.findall(r"[\u4e00-\u9fffA-Za-z ]{4,}", markdown) if len(run.strip()) >= 4]


def outputs(notebook: dict):
    """``(cell index, cell source, output)`` for every output of every code cell."""
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "code":
            for output in cell.get("outputs", []):
                yield index, "".join(cell["source"]), output


def output_text(output: dict) -> str:
    if output.get("output_type") == "stream":
        return "".join(output["text"])
    if output.get("output_type") == "error":
        return "\n".join(output.get("traceback", []))
    data = output.get("data", {})
    return (
        "".join(data.get("text/plain", ""))
        + "".join(data.get("text/html", ""))
        + "".join(data.get("text/markdown", ""))
    )


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG image"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    """Run ``make report`` once in a copy of the project; yield what it wrote; remove the copy."""
    root = copy_project(tmp_path_factory.mktemp("seeds-report") / "project")
    env = {key: value for key, value in os.environ.items() if key not in ("HELPERS_WORKERS", "PYTHONPATH")}
    env["PYTHONPATH"] = str(root / "src")
    # the venv's bin first on PATH, so the kernel papermill starts runs the venv's Python
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    where = subprocess.run(
        [sys.executable, "-c", "import helpers.config as p; print(p.PROJECT_ROOT)"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if Path(where.stdout.strip()) != root.resolve():  # never let the run write into the checkout
        pytest.fail(f"the copy's helpers is not the one imported: {where.stdout!r} {where.stderr[-2000:]}")
    before = {"reports": snapshot(REPORTS_DIR, "executed")}
    if shutil.which("make"):
        command = ["make", "--no-print-directory", "-o", ".venv/.installed", "report", f"PY={sys.executable}"]
    else:  # the Makefile's recipe for `make report`, with its defaults
        command = [sys.executable, "-m", "helpers.report", "--corpus", "seeds", "--workers", "0"]
    try:
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=TIMEOUT)
        reports = root / "reports"
        yield {
            "done": done,
            "root": root,
            "before": before,
            "reports": reports,
            "pages": {path.name: path.read_text(encoding="utf-8") for path in reports.glob("*.html")},
            "executed": {
                path.name: json.loads(path.read_text(encoding="utf-8"))
                for path in (reports / "executed").glob("*.ipynb")
            },
            "processed": root / "processed" / "seeds",
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def report(seeds_report):
    done = seeds_report["done"]
    if done.returncode != 0:
        pytest.fail(f"make report failed: exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")
    return seeds_report


def test_make_report_succeeds(seeds_report):
    done = seeds_report["done"]
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    assert "reports written: reports/index.html" in done.stdout


def test_one_page_per_numbered_notebook_and_an_index_linking_each(report):
    names = [notebook.stem for notebook in notebooks()]
    assert len(names) >= 4 and names == sorted(names)
    assert set(report["pages"]) == {f"{name}.html" for name in names} | {"index.html"}
    assert set(report["executed"]) == {f"{name}.ipynb" for name in names}
    for name, page in report["pages"].items():
        assert page.rstrip().endswith("</html>"), f"{name} is not a complete HTML page"
    index = report["pages"]["index.html"]
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', index)
    assert [href for href, _ in links] == [f"{name}.html" for name in names]  # in reading order
    for (_, title), notebook in zip(links, notebooks()):
        heading = next(
            line[2:].strip()
            for cell in nbformat.read(notebook, as_version=4).cells
            if cell.cell_type == "markdown"
            for line in cell.source.splitlines()
            if line.startswith("# ")
        )
        assert html.unescape(title) == heading
    assert "<code>seeds</code>" in index and "政策文本语料报告" in index


def test_the_seeds_report_is_the_top_level_one(report):
    """The seeds are not treated as "another corpus": no subfolder, no note that commentary was left out."""
    reports = report["reports"]
    assert sorted(path.name for path in reports.iterdir() if path.is_dir()) == ["executed"]
    for name, page in report["pages"].items():
        assert "解读种子语料结果的" not in page and "passages that interpret the bundled seeds" not in page, name


def test_seeds_commentary_is_kept(report):
    for notebook in notebooks():
        tagged = [
            cell.source
            for cell in nbformat.read(notebook, as_version=4).cells
            if SEEDS_COMMENTARY_TAG in cell.metadata.get("tags", [])
        ]
        assert tagged, f"{notebook.name} has no cell tagged {SEEDS_COMMENTARY_TAG}"
        executed = report["executed"][notebook.name]
        kept = [cell for cell in executed["cells"] if SEEDS_COMMENTARY_TAG in cell["metadata"].get("tags", [])]
        assert len(kept) == len(tagged), f"{notebook.name}: {len(kept)} of {len(tagged)} commentary cells executed"
        page = report["pages"][f"{notebook.stem}.html"]
        for source in tagged:
            runs = plain_runs(source)
            assert runs, source
            missing = [run for run in runs if run not in page]
            assert not missing, f"{notebook.name}: commentary not in the report: {missing}"


def test_no_error_traceback_or_warning_in_any_notebook(report):
    for name, notebook in report["executed"].items():
        for index, source, output in outputs(notebook):
            where = f"{name} cell {index}: {source[:80]!r}"
            assert output.get("output_type") != "error", f"{where} raised {output.get('ename')}: {output.get('evalue')}"
            assert not (output.get("output_type") == "stream" and output.get("name") == "stderr"), (
                f"{where} wrote to stderr (a warning readers see): {output_text(output)[:500]}"
            )
            assert "Traceback" not in output_text(output), where
    for name, page in report["pages"].items():
        assert "Traceback (most recent call last)" not in page, name
        assert "jp-OutputArea-output" in page or name == "index.html", f"{name} shows no output at all"


def test_every_chart_is_an_image_in_the_page(report):
    for notebook in notebooks():
        executed = report["executed"][notebook.name]
        charts = [
            cell
            for cell in executed["cells"]
            if cell["cell_type"] == "code" and "plt.show()" in "".join(cell["source"])
        ]
        assert charts, f"{notebook.name} draws no chart"
        for cell in charts:
            images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
            assert len(images) == 1, (
                f"{notebook.name}: chart cell {''.join(cell['source'])[:80]!r} shows {len(images)} images"
            )
        n_images = sum("image/png" in output.get("data", {}) for _, _, output in outputs(executed))
        page_images = PNG_IMAGE.findall(report["pages"][f"{notebook.stem}.html"])
        assert len(page_images) == n_images >= len(charts), notebook.name
        for encoded in page_images:
            width, height = png_size(base64.b64decode(encoded))
            assert width >= 200 and height >= 100, f"{notebook.name}: a {width}x{height} image is no chart"


def test_chinese_text_is_readable(report):
    for name, page in report["pages"].items():
        assert re.search(r'<meta charset="utf-8"\s*/?>', page, re.I), f"{name} does not declare UTF-8"
        entities = [html.unescape(entity) for entity in re.findall(r"&#x?[0-9a-fA-F]+;", page)]
        assert not any(HANZI.search(entity) for entity in entities), f"{name} writes hanzi as character references"
    for notebook in notebooks():
        executed = report["executed"][notebook.name]
        said = "\n".join(output_text(output) for _, _, output in outputs(executed))
        assert len(HANZI.findall(said)) >= 50, f"{notebook.name}: its outputs show almost no Chinese"
        assert "missing from font" not in said and "findfont" not in said, f"{notebook.name}: a chart lacks CJK glyphs"
        assert "\ufffd" not in said, f"{notebook.name}: replacement characters in the outputs"
    for name in ("01_cleaning.html", "02_tfidf_themes.html", "03_clustering.html", "04_indicators.html"):
        if name in report["pages"]:
            assert FIRST_TITLE in report["pages"][name], f"{name} does not show the first seed's title"


def test_tables_and_export_written_in_the_copy_not_the_checkout(report):
    processed = report["processed"]
    # every stage wrote into the copy: the cleaned tables (01), the token cache (02), the indicators and export (04)
    assert {"cleaned", "files", "tokens", "tfidf", "indicators", "indicators.csv"} <= {
        p.name for p in processed.iterdir()
    }
    entries = {
        kind: [p for p in (processed / kind).iterdir() if p.is_dir()] for kind in ("cleaned", "tokens", "indicators")
    }
    assert all(entries.values()), f"a stage left no cache entry in the copy: {entries}"
    assert {p.name for p in entries["cleaned"][0].iterdir()} == {"raw.parquet", "docs.parquet", "audit.parquet"}
    table = pd.read_parquet(entries["indicators"][0] / "indicators.parquet")
    assert len(table) > 50
    assert_excel_csv(processed / "indicators.csv", table)  # the seeds' export, in processed/seeds/
    assert snapshot(REPORTS_DIR, "executed") == report["before"]["reports"], (
        "the run wrote into the checkout's reports/"
    )
