"""Build the HTML reports: execute the numbered notebooks in order on a corpus, render each to HTML.

    python -m helpers.report                         # bundled seeds -> reports/
    python -m helpers.report --corpus path/to/folder # -> reports/<folder>-<hash>/
    python -m helpers.report --corpus reports.jsonl  # a single table file is a corpus too
    python -m helpers.report --in-place              # re-execute the committed notebooks
    python -m helpers.report --corpus … --scheduler local            # the stages on a Dask LocalCluster
    python -m helpers.report --corpus … --scheduler tcp://host:8786  # … or on a running Dask cluster

The notebooks take the corpus through their papermill ``parameters`` cell, so a
report for another corpus is written to its own folder (and its tables to their
own folder under ``processed/``) and never overwrites the seeds' reports.
Markdown cells tagged ``seeds-commentary`` interpret the bundled seeds' results
(“数字几乎都集中在 002 一篇里”); a report on another corpus leaves them out and says so,
so no reader takes the seeds' findings for their own corpus's.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from helpers.clean import corpus_paths, corpus_slug
from helpers.config import PROJECT_ROOT, REPORTS_DIR, SEEDS_DIR, display_path
from helpers.notices import other_corpus_note
from helpers.parallel import local_workers
from helpers.scheduler import ENV_VARIABLE, LOCAL, OFF, dashboard_link, start_local_cluster

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
KERNEL = "python3"
CELL_TIMEOUT = 3600
SEEDS_COMMENTARY_TAG = "seeds-commentary"


def notebooks(names: list[str] | None = None) -> list[Path]:
    """The numbered notebooks, in reading order; with ``names``, those whose names start with one of them."""
    found = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    return [notebook for notebook in found if not names or any(notebook.name.startswith(name) for name in names)]


def report_dir(corpus_dir: Path | None) -> Path:
    """``reports/`` for the seeds, ``reports/<corpus>-<hash>/`` for any other folder."""
    corpus_path, _ = corpus_paths(corpus_dir)
    return REPORTS_DIR if corpus_path == SEEDS_DIR else REPORTS_DIR / corpus_slug(corpus_path)


def execute_notebook(source: Path, target: Path, parameters: dict) -> None:
    import papermill

    papermill.execute_notebook(
        str(source),
        str(target),
        parameters=parameters,
        kernel_name=KERNEL,
        cwd=str(NOTEBOOKS_DIR),
        progress_bar=False,
        execution_timeout=CELL_TIMEOUT,
    )


def without_seeds_commentary(notebook, corpus_label: str):
    """The notebook minus its cells tagged :data:`SEEDS_COMMENTARY_TAG`, with a note under the title saying so."""
    import nbformat

    kept = [cell for cell in notebook.cells if SEEDS_COMMENTARY_TAG not in cell.get("metadata", {}).get("tags", [])]
    dropped = len(notebook.cells) - len(kept)
    if not dropped:
        return notebook
    note = nbformat.v4.new_markdown_cell(other_corpus_note(corpus_label, dropped), id="corpus-note")
    filtered = nbformat.from_dict(dict(notebook))
    filtered.cells = kept[:1] + [note] + kept[1:]
    return filtered


def render_html(executed: Path, target: Path) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    notebook = nbformat.read(executed, as_version=4)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(notebook)
    target.write_text(body, encoding="utf-8")


def write_index(out_dir: Path, pages: list[tuple[str, str]], corpus_label: str) -> Path:
    """An index page linking every rendered notebook."""
    items = "\n".join(f'<li><a href="{html.escape(href)}">{html.escape(title)}</a></li>' for href, title in pages)
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>政策文本语料报告 · Corpus reports</title>
<style>body{{font-family:"Noto Sans CJK SC",sans-serif;max-width:46em;margin:3em auto;line-height:1.6}}</style>
</head><body>
<h1>政策文本语料报告 · Corpus reports</h1>
<p>Corpus: <code>{html.escape(corpus_label)}</code></p>
<ol>
{items}
</ol>
</body></html>
"""
    index = out_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def _title_of(notebook: Path) -> str:
    import nbformat

    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem


def _drop_seeds_commentary(executed: Path, corpus_label: str) -> None:
    import nbformat

    notebook = nbformat.read(executed, as_version=4)
    nbformat.write(without_seeds_commentary(notebook, corpus_label), executed)


# Kernels that render a report show each control's static default (a chart or a table), never live widgets:
# an HTML page keeps only what a cell displayed, and nbval compares it (helpers.plots.explore reads this).
STATIC_WIDGETS = {"HELPERS_WIDGETS": "static"}


@contextlib.contextmanager
def _kernel_environment(workers: int, scheduler: str = "") -> Iterator[None]:
    """``HELPERS_WORKERS``, ``HELPERS_SCHEDULER`` and static widgets for the kernels started meanwhile (they
    inherit the environment), restored after."""
    settings = STATIC_WIDGETS | ({"HELPERS_WORKERS": str(workers)} if workers else {})
    settings |= {ENV_VARIABLE: scheduler} if scheduler else {}
    before = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def scheduler_for_kernels(scheduler: str | None, workers: int) -> Iterator[str]:
    """The address every notebook kernel connects to (``""``: none, each kernel uses its own process pool).

    ``"local"`` starts one ``LocalCluster`` here, for all the notebooks, and closes it after; an address
    (``tcp://host:8786``) is passed on as it is. Either way the scheduler's address and its dashboard are printed.
    """
    if not scheduler or scheduler.strip().lower() in OFF:
        yield ""
        return
    if scheduler != LOCAL:
        from distributed import Client

        with Client(scheduler, set_as_default=False) as client:
            _print_scheduler(client.scheduler.address, dashboard_link(client))
        yield scheduler
        return
    with start_local_cluster(local_workers(workers)) as cluster:
        _print_scheduler(cluster.scheduler_address, dashboard_link(cluster))
        yield cluster.scheduler_address


def _print_scheduler(address: str, dashboard: str) -> None:
    print(f"Dask scheduler: {address}", flush=True)
    print(f"Dask dashboard: {dashboard or '(none: install bokeh to get one)'}", flush=True)


def build_reports(
    corpus_dir: Path | None = None, workers: int = 0, scheduler: str | None = None, names: list[str] | None = None
) -> Path:
    """Execute every notebook (or those ``names`` start) on ``corpus_dir`` and write HTML plus an index; return
    the index path. ``scheduler``: ``None`` for each kernel's process pool, ``"local"`` or a Dask scheduler's address.
    """
    corpus_path, processed = corpus_paths(corpus_dir)
    out_dir = report_dir(corpus_dir)
    executed_dir = out_dir / "executed"
    executed_dir.mkdir(parents=True, exist_ok=True)
    parameters = {}
    if corpus_path != SEEDS_DIR:
        parameters = {"corpus_dir": str(corpus_path), "output_dir": str(processed)}
    pages = []
    with scheduler_for_kernels(scheduler, workers) as address, _kernel_environment(workers, address):
        if address:
            parameters = parameters | {"scheduler": address}
        for notebook in notebooks(names):
            print(f"running {notebook.name} on {display_path(corpus_path)}", flush=True)
            executed = executed_dir / notebook.name
            execute_notebook(notebook, executed, parameters)
            if corpus_path != SEEDS_DIR:
                _drop_seeds_commentary(executed, display_path(corpus_path))
            page = out_dir / f"{notebook.stem}.html"
            render_html(executed, page)
            pages.append((page.name, _title_of(notebook)))
    index = write_index(out_dir, pages, display_path(corpus_path))
    print(f"reports written: {display_path(index)}")
    return index


def execute_in_place(names: list[str] | None = None, scheduler: str | None = None) -> None:
    """Re-execute the committed notebooks (or those ``names`` start) with their default parameters (the seeds)."""
    with scheduler_for_kernels(scheduler, 0) as address:
        for notebook in notebooks(names):
            _execute_one_in_place(notebook, address)


def _execute_one_in_place(notebook: Path, address: str) -> None:
    import nbformat
    from nbconvert.preprocessors import ExecutePreprocessor

    print(f"executing {notebook.name}", flush=True)
    node = nbformat.read(notebook, as_version=4)
    with _kernel_environment(0, address):
        ExecutePreprocessor(timeout=CELL_TIMEOUT, kernel_name=KERNEL, record_timing=False).preprocess(
            node, {"metadata": {"path": str(NOTEBOOKS_DIR)}}
        )
    for cell in node.cells:  # committed notebooks carry no run timestamps
        cell.metadata.pop("execution", None)
    nbformat.write(node, notebook)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--corpus", default="", help="folder of documents, or one table file (default: the bundled seeds/)"
    )
    parser.add_argument("--workers", type=int, default=0, help="worker processes (0 = every core)")
    parser.add_argument("--in-place", action="store_true", help="re-execute notebooks/ in place instead")
    parser.add_argument("--only", nargs="*", help="only these notebooks: number prefixes, e.g. 01 03")
    parser.add_argument(
        "--scheduler",
        default="",
        help="run the stages on Dask: 'local' starts a LocalCluster of --workers processes, "
        "tcp://host:8786 uses a running cluster (default: each kernel's own process pool, no Dask)",
    )
    args = parser.parse_args(argv)
    if args.in_place:
        execute_in_place(args.only, args.scheduler)
        return 0
    corpus = Path(args.corpus) if args.corpus and Path(args.corpus).resolve() != SEEDS_DIR else None
    if corpus is not None and not corpus.exists():
        print(f"error: corpus folder or file not found: {args.corpus}", file=sys.stderr)
        return 2
    # only the options given, so a caller of the plain command sees the plain call
    options = {"scheduler": args.scheduler} if args.scheduler else {}
    build_reports(corpus, workers=args.workers, **options, **({"names": args.only} if args.only else {}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
