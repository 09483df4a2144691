"""Reading throughput per file format: pages/s for PDF, MB/s of file bytes for the rest.

One corpus folder per format is built from the seeds' sentences and titles
(``synthetic.seed_material``) with the test suite's own file builders
(``tests/pdf_files.py``, ``tests/word_files.py``, ``tests/table_files.py``), under
``--out``, and reused while the generator, the builders and the seeds are unchanged:

- ``pdf``: government notices (red head, document number, running header, page
  numbers, wrapped lines, 18 lines a page), about 10 pages each, ``--pdf-pages`` in all;
- ``docx``, ``ofd``, ``html``, ``txt`` (half UTF-8, half GBK): ``--mb`` MB of files,
  documents of about 3,000 characters (log-normal lengths, as articles have);
  a quarter of the Word files hold a small table; the OFD files are paginated
  like the PDFs (red head, page numbers); the pages have a site's navigation and footer;
- ``csv``, ``xlsx``, ``jsonl``, ``parquet``: one table of about ``--mb`` MB each,
  one document (about 3,000 characters) per row, with metadata columns
  (编号, 标题, 发文字号, 发布日期, 省份, 年份).

Then, for each format and worker count, each in a fresh process so that memory
figures do not mix, two measurements: ``read`` is ``load_corpus(folder, workers=W)``
(the raw table only), ``read+clean`` is ``load_cleaned(folder, processed,
workers=W, rebuild=True)`` (hash the files for the cache key, read, clean with the
page-layout rules, save the Parquet tables). Libraries are imported before the clock
starts. The files are in the page cache (just built or just read), so disk speed is
not measured. With ``--repeat N`` every measurement runs N times, interleaved, and the
fastest is kept; CPU time (user + system, main and workers) is printed beside the wall
time, since on a shared machine it is the steadier figure. Peak memory is ``getrusage``
maxrss: the run's main process, and the largest of its worker processes (0 when the
run started none). Linux keeps maxrss across fork and exec, so a process's peak is at
least its parent's size when it was started: the driver builds the corpora in a child
and stays small, and a worker's peak includes the main process's size when forked.
``--quick`` (and ``--one-process``) reads, then reads and cleans, in one process per
format and worker count, to save process start-ups: there the read+clean peak
includes the read's, and the read+clean finds what the readers load lazily (the
PDF font maps) already loaded.

    .venv/bin/python benchmarks/bench_formats.py                        # 5 MB a format, 400 PDF pages, 1 and 2 workers
    .venv/bin/python benchmarks/bench_formats.py --quick                # 0.5 MB, 40 PDF pages, 1 worker: under a minute
    .venv/bin/python benchmarks/bench_formats.py --formats pdf,ofd --pdf-pages 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent / "tests"
sys.path[:0] = [str(HERE), str(TESTS)]

from bench_pipeline import busy_share, cpu_counters, cpu_seconds, peak_rss_mb  # noqa: E402

FORMATS = ("pdf", "docx", "ofd", "html", "txt", "csv", "xlsx", "jsonl", "parquet")
TABLE_FORMATS = ("csv", "xlsx", "jsonl", "parquet")
PAGED = ("pdf", "ofd")  # formats whose reader counts pages
MEDIAN_CHARS = 3000
PDF_PAGES_PER_NOTICE = 10
PDF_LINES_PER_PAGE = 18  # what fits below the red head of page 1 at the builder's 28-point leading
MANIFEST = ".bench_formats.json"
RESULT_TAG = "BENCH-RESULT "
MB = 1_000_000

ISSUERS = ("××省人民政府", "××省人民政府办公厅", "××市人民政府", "××省发展和改革委员会", "××县人民政府办公室")
NUMBER_PREFIXES = ("×政发", "×政办发", "×发改规", "×府发", "×政办函")
PROVINCES = ("北京市", "上海市", "广东省", "四川省", "贵州省", "海南省", "浙江省", "甘肃省")


@dataclass(frozen=True)
class Spec:
    """What one format's folder holds: ``mb`` MB of files (``pages`` PDF pages for ``pdf``)."""

    format: str
    mb: float
    pages: int
    seed: int = 0


# ---------------------------------------------------------------------------
# The documents: a head (issuer, number, title, date) and paragraphs of seed sentences
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    issuer: str
    number: str
    title: str
    date: str
    province: str
    paragraphs: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


def make_paragraph(rng: random.Random, material) -> str:
    """Two to six of the seeds' sentences, their numbers replaced by random ones."""
    from synthetic import randomise_numbers

    return "".join(randomise_numbers(rng.choice(material.sentences), rng, 0.0) for _ in range(rng.randint(2, 6)))


def make_document(rng: random.Random, material, chars: int) -> Document:
    """A policy document of about ``chars`` characters of body (none for 0), drawn from the seeds' sentences."""
    year = rng.randint(2008, 2024)
    paragraphs, written = [], 0
    while written < chars:
        paragraphs.append(make_paragraph(rng, material))
        written += len(paragraphs[-1])
    return Document(
        issuer=rng.choice(ISSUERS),
        number=f"{rng.choice(NUMBER_PREFIXES)}〔{year}〕{rng.randint(1, 120)}号",
        title=rng.choice(material.titles),
        date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        province=rng.choice(PROVINCES),
        paragraphs=tuple(paragraphs),
    )


def document_chars(rng: random.Random) -> int:
    from synthetic import document_length

    return document_length(rng, MEDIAN_CHARS)


# ---------------------------------------------------------------------------
# One builder per format: each writes files into a folder until the size is reached
# ---------------------------------------------------------------------------


def build_pdf(folder: Path, spec: Spec, rng: random.Random, material) -> None:
    from pdf_files import PAGE_NUMBER_STYLES, Notice, notice_pdf, wrap

    lines_wanted = PDF_PAGES_PER_NOTICE * PDF_LINES_PER_PAGE - 4  # the last page not quite full
    for index in range(math.ceil(spec.pages / PDF_PAGES_PER_NOTICE)):
        document = make_document(rng, material, 0)
        paragraphs, lines = [], 0
        while lines < lines_wanted:
            paragraphs.append(make_paragraph(rng, material))
            lines += len(wrap(paragraphs[-1]))
        notice = Notice(
            issuer=f"{document.issuer}文件",
            number=document.number,
            title=document.title,
            paragraphs=paragraphs,
            running_header=f"{document.issuer}公报 {document.date[:4]}年第{rng.randint(1, 24)}期",
            lines_per_page=PDF_LINES_PER_PAGE,
            page_number_styles=[rng.choice(PAGE_NUMBER_STYLES)],  # one style a document, as printed
        )
        (folder / f"notice-{index:04d}.pdf").write_bytes(notice_pdf(notice))


def build_docx(folder: Path, spec: Spec, rng: random.Random, material) -> None:
    from word_files import docx_bytes

    def one(index: int) -> bytes:
        document = make_document(rng, material, document_chars(rng))
        blocks: list = [document.number, document.title, "各有关单位："]
        blocks += list(document.paragraphs)
        if index % 4 == 0:  # an annex table, as many notices have
            blocks.append(
                [["序号", "单位", "联系人", "电话"]]
                + [
                    [str(row), rng.choice(ISSUERS), "张××", f"0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}"]
                    for row in range(1, 6)
                ]
            )
        blocks += [document.issuer, document.date]
        return docx_bytes(blocks)

    _write_until(folder, spec, "docx", one)


def build_ofd(folder: Path, spec: Spec, rng: random.Random, material) -> None:
    from pdf_files import LINE_CHARS, wrap
    from word_files import Run, ofd_bytes

    size, pitch, left, top, lines_per_page = 5.6, 10.0, 28.0, 40.0, 22  # GB/T 9704: 三号字, 22 lines of 28

    def one(index: int) -> bytes:
        document = make_document(rng, material, document_chars(rng))
        pages: list[list] = [
            [
                Run(f"{document.issuer}文件", 30.0, 40.0, size=9.0),
                Run(document.number, 70.0, 60.0, size=size),
                Run(document.title, 105.0 - len(document.title) * 3.9, 78.0, size=7.8),
            ]
        ]
        row = 4  # the head takes the first page's top rows
        for paragraph in document.paragraphs:
            for indent, text in wrap(paragraph, LINE_CHARS):
                if row == lines_per_page:
                    pages.append([])
                    row = 0
                pages[-1].append(Run(text, left + indent * size, top + 8 + row * pitch, size=size))
                row += 1
        for number, runs in enumerate(pages, start=1):
            runs.append(Run(f"— {number} —", 150.0, 275.0, size=4.9))
        return ofd_bytes(pages)

    _write_until(folder, spec, "ofd", one)


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}_{issuer}门户网站</title></head>
<body>
<div class="nav">{nav}</div>
<div class="article">
<h1>{title}</h1>
<div class="info">发布时间：{date} 来源：{issuer}</div>
<div class="content">
{paragraphs}
</div>
</div>
<div class="footer">{footer}</div>
</body></html>
"""


def build_html(folder: Path, spec: Spec, rng: random.Random, material) -> None:
    from html import escape

    def one(index: int) -> bytes:
        document = make_document(rng, material, document_chars(rng))
        nav = " | ".join(
            f'<a href="/c{n}/">{escape(line)}</a>' for n, line in enumerate(_sample(rng, material.headers))
        )
        footer = "<br>".join(escape(line) for line in _sample(rng, material.footers))
        page = HTML_PAGE.format(
            title=escape(document.title),
            issuer=escape(document.issuer),
            date=document.date,
            nav=nav,
            footer=footer,
            paragraphs="\n".join(f"<p>\u3000\u3000{escape(p)}</p>" for p in (document.number, *document.paragraphs)),
        )
        return page.encode("utf-8")

    _write_until(folder, spec, "html", one)


def build_txt(folder: Path, spec: Spec, rng: random.Random, material) -> None:
    from synthetic import CorpusSpec, encode_document, synthetic_text

    text_spec = CorpusSpec(median_chars=MEDIAN_CHARS, full_width_share=0.0)

    def one(index: int) -> bytes:
        data, _ = encode_document(synthetic_text(rng, material, text_spec), "gbk" if index % 2 else "utf-8")
        return data

    _write_until(folder, spec, "txt", one)


def build_table(folder: Path, spec: Spec, rng: random.Random, material) -> None:
    """One table of about ``spec.mb`` MB: its bytes per row measured on a sample, then the rows written once."""
    sample = table_frame(random.Random(spec.seed + 1), material, 40)
    with tempfile.TemporaryDirectory() as scratch:
        per_row = write_table(Path(scratch) / f"sample.{spec.format}", sample).stat().st_size / len(sample)
    rows = max(2, round(spec.mb * MB / per_row))
    write_table(folder / f"policies.{spec.format}", table_frame(rng, material, rows))


def table_frame(rng: random.Random, material, rows: int):
    import pandas as pd

    documents = [make_document(rng, material, document_chars(rng)) for _ in range(rows)]
    return pd.DataFrame(
        {
            "编号": [f"ZC-{index:06d}" for index in range(rows)],
            "标题": [d.title for d in documents],
            "发文字号": [d.number for d in documents],
            "发布日期": [d.date for d in documents],
            "省份": [d.province for d in documents],
            "年份": [int(d.date[:4]) for d in documents],
            "正文": [d.body for d in documents],
        }
    )


def write_table(path: Path, frame) -> Path:
    from table_files import write_csv, write_jsonl, write_parquet, write_xlsx

    suffix = path.suffix
    if suffix == ".csv":
        return write_csv(path, frame)
    if suffix == ".xlsx":
        return write_xlsx(path, {"政策文件": frame})
    if suffix == ".jsonl":
        return write_jsonl(path, frame.to_dict("records"))
    if suffix == ".parquet":
        return write_parquet(path, frame)
    raise ValueError(f"no table writer for {suffix}")


def _sample(rng: random.Random, lines: tuple[str, ...]) -> list[str]:
    return rng.sample(lines, k=min(len(lines), rng.randint(1, 3))) if lines else []


def _write_until(folder: Path, spec: Spec, suffix: str, one) -> None:
    """Files ``doc-000000.SUFFIX`` … made by ``one(index)`` until they hold ``spec.mb`` MB."""
    written, index = 0, 0
    while written < spec.mb * MB:
        data = one(index)
        (folder / f"doc-{index:06d}.{suffix}").write_bytes(data)
        written += len(data)
        index += 1


BUILDERS = {
    "pdf": build_pdf,
    "docx": build_docx,
    "ofd": build_ofd,
    "html": build_html,
    "txt": build_txt,
    **dict.fromkeys(TABLE_FORMATS, build_table),
}
GENERATOR = (
    Document,
    make_paragraph,
    make_document,
    document_chars,
    table_frame,
    write_table,
    _sample,
    _write_until,
    HTML_PAGE,
)


def generator_fingerprint(spec: Spec, material) -> str:
    """What the folder's files depend on: the spec, the seeds, this generator's code and the builders it uses."""
    code = [inspect.getsource(BUILDERS[spec.format])] + [
        part if isinstance(part, str) else inspect.getsource(part) for part in GENERATOR
    ]
    files = [HERE / "synthetic.py", TESTS / "pdf_files.py", TESTS / "word_files.py", TESTS / "table_files.py"]
    payload = json.dumps(asdict(spec), sort_keys=True) + material.fingerprint + "".join(code)
    digest = hashlib.sha256(payload.encode())
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def ensure_folder(folder: Path, spec: Spec) -> tuple[dict, bool]:
    """The format's folder, built unless its manifest matches; ``(summary, reused)``."""
    from synthetic import seed_material

    material = seed_material()
    fingerprint = generator_fingerprint(spec, material)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest["fingerprint"] == fingerprint:
            return manifest["summary"], True
    except (OSError, ValueError, KeyError):
        pass
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    BUILDERS[spec.format](folder, spec, random.Random(spec.seed), material)
    files = [path for path in folder.iterdir() if not path.name.startswith(".")]
    summary = {"files": len(files), "n_bytes": sum(path.stat().st_size for path in files)}
    manifest = {"fingerprint": fingerprint, "spec": asdict(spec), "summary": summary}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return summary, False


# ---------------------------------------------------------------------------
# Measurements, run in a child process
# ---------------------------------------------------------------------------


def preload() -> None:
    """Import what reading and cleaning use before the clock starts, so a time is the work's."""
    import docx  # noqa: F401
    import pandas  # noqa: F401
    import pdfminer.high_level  # noqa: F401
    import pyarrow.parquet  # noqa: F401
    import python_calamine  # noqa: F401
    import trafilatura  # noqa: F401

    import helpers.clean.store
    import helpers.corpus.pdf
    import helpers.corpus.read  # noqa: F401


def measure(mode: str, corpus: Path, processed: Path, workers: int) -> dict:
    """One timed ``read`` (load_corpus) or ``clean`` (load_cleaned, rebuilt) of the corpus, in this process."""
    from helpers.clean.store import load_cleaned
    from helpers.corpus.read import load_corpus

    counters, cpu_start = cpu_counters(), cpu_seconds()
    start = time.perf_counter()
    if mode == "read":
        raw = load_corpus(corpus, workers=workers)
        articles, chars_clean = None, None
    else:
        cleaned = load_cleaned(corpus, processed, workers=workers, rebuild=True)
        raw = cleaned.raw
        articles, chars_clean = len(cleaned.docs), int(cleaned.docs["text"].str.len().sum())
    seconds = time.perf_counter() - start
    busy = busy_share(counters, cpu_counters())
    main_mb, worker_mb = peak_rss_mb()
    ok = raw["problem"] == ""
    return {
        "seconds": seconds,
        "cpu_s": cpu_seconds() - cpu_start,
        "cpu_busy": busy,
        "documents": int(ok.sum()),
        "problems": int((~ok).sum()),
        "pages": int(raw["n_pages"].fillna(0).sum()),
        "text_mb": float(raw.loc[ok, "text_raw"].map(lambda text: len(text.encode("utf-8"))).sum()) / MB,
        "readers": sorted(set(raw["reader"])),
        "articles": articles,
        "chars_clean": chars_clean,
        "peak_main_mb": main_mb,
        "peak_worker_mb": worker_mb,
    }


def child_main(args: argparse.Namespace) -> None:
    """The measurements asked for (``read``, ``clean`` or both, in that order), printed as one JSON line."""
    import warnings

    preload()
    warnings.simplefilter("ignore")
    results = {
        mode: measure(mode, Path(args.corpus), Path(args.processed), args.child_workers)
        for mode in args.child.split(",")
    }
    print(RESULT_TAG + json.dumps(results), flush=True)


# ---------------------------------------------------------------------------
# The driver
# ---------------------------------------------------------------------------


def child_output(arguments: list[str], workers: int) -> dict:
    """What a fresh process of this script (``--child …``) reports."""
    command = [sys.executable, str(Path(__file__).resolve()), *arguments]
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "HELPERS_WORKERS": str(workers)}
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_TAG):
            return json.loads(line[len(RESULT_TAG) :])
    raise RuntimeError(
        f"{' '.join(arguments[:2])} failed (exit {done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )


def run_child(modes: tuple[str, ...], corpus: Path, processed: Path, workers: int) -> dict[str, dict]:
    """The measurements ``modes`` in one fresh process, by mode."""
    arguments = ["--child", ",".join(modes), "--corpus", str(corpus), "--processed", str(processed)]
    return child_output([*arguments, "--child-workers", str(workers)], workers)


def build_main(args: argparse.Namespace) -> None:
    """Every format's folder, built unless current, reported as one JSON line."""
    built = {}
    for fmt in args.formats.split(","):
        spec = Spec(
            fmt, mb=args.mb if fmt != "pdf" else 0.0, pages=args.pdf_pages if fmt == "pdf" else 0, seed=args.seed
        )
        tag = f"{args.pdf_pages}pages" if fmt == "pdf" else f"{args.mb:g}mb"
        folder = args.out / f"{fmt}-{tag}-seed{args.seed}"
        start = time.perf_counter()
        summary, reused = ensure_folder(folder, spec)
        built[fmt] = {
            "folder": str(folder),
            "summary": summary,
            "reused": reused,
            "seconds": time.perf_counter() - start,
        }
    print(RESULT_TAG + json.dumps(built), flush=True)


def fastest(runs: list[dict]) -> dict:
    """The fastest run, with the largest memory peaks of all and every run's time."""
    best = dict(min(runs, key=lambda run: run["seconds"]))
    best["peak_main_mb"] = max(run["peak_main_mb"] for run in runs)
    best["peak_worker_mb"] = max(run["peak_worker_mb"] for run in runs)
    best["all_seconds"] = [run["seconds"] for run in runs]
    return best


def rate(fmt: str, mb: float, pages: int, seconds: float) -> str:
    if fmt == "pdf":
        return f"{pages / seconds:,.0f} pages/s"
    return f"{mb / seconds:,.2f} MB/s"


def table_lines(rows: list[dict]) -> list[str]:
    """The figures as a Markdown table, one line per format and worker count."""
    lines = [
        "| format | workers | files | documents | MB | text MB | pages | read s | read rate | read+clean s "
        "| read+clean rate | CPU s read / read+clean | RSS main / worker MB (read) | RSS main / worker MB (read+clean) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        read, clean, mb = row["read"], row["clean"], row["mb"]
        pages = read["pages"] if row["format"] in PAGED else None
        lines.append(
            f"| {row['format']} | {row['workers']} | {row['files']:,} | {read['documents']:,} | {mb:.2f} "
            f"| {read['text_mb']:.2f} | {'' if pages is None else f'{pages:,}'} "
            f"| {read['seconds']:.2f} | {rate(row['format'], mb, read['pages'], read['seconds'])} "
            f"| {clean['seconds']:.2f} | {rate(row['format'], mb, read['pages'], clean['seconds'])} "
            f"| {read['cpu_s']:.1f} / {clean['cpu_s']:.1f} "
            f"| {read['peak_main_mb']:,.0f} / {read['peak_worker_mb']:,.0f} "
            f"| {clean['peak_main_mb']:,.0f} / {clean['peak_worker_mb']:,.0f} |"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], epilog="Figures are also written to OUT/results.json."
    )
    ap.add_argument("--formats", default=",".join(FORMATS), help=f"comma-separated, from {','.join(FORMATS)}")
    ap.add_argument("--mb", type=float, default=None, help="MB of files per format but PDF (default 5; quick 0.5)")
    ap.add_argument("--pdf-pages", type=int, default=None, help="PDF pages in all (default 400; quick 40)")
    ap.add_argument("--workers", default=None, help="comma-separated worker counts (default 1,2; quick 1)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each measurement; the fastest is kept")
    ap.add_argument("--quick", action="store_true", help="a much smaller check (0.5 MB, 40 PDF pages, 1 worker)")
    ap.add_argument(
        "--one-process", action="store_true", help="read, then read+clean, in one process per format (quick's way)"
    )
    ap.add_argument(
        "--out", type=Path, default=Path("/tmp/bench_formats"), help="corpora and runs (default %(default)s)"
    )
    ap.add_argument("--seed", type=int, default=0)
    # internal: one measured run in a fresh process
    ap.add_argument("--child", choices=("build", "read", "clean", "read,clean"), help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--processed", help=argparse.SUPPRESS)
    ap.add_argument("--child-workers", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    mb = args.mb if args.mb is not None else (0.5 if args.quick else 5.0)
    pdf_pages = args.pdf_pages if args.pdf_pages is not None else (40 if args.quick else 400)
    if args.child == "build":
        build_main(argparse.Namespace(**{**vars(args), "mb": mb, "pdf_pages": pdf_pages}))
        return
    if args.child:
        child_main(args)
        return

    workers = [int(w) for w in (args.workers or ("1" if args.quick else "1,2")).split(",") if w.strip()]
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    one_process = args.quick or args.one_process
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise SystemExit(f"unknown format(s) {unknown}; choose from {', '.join(FORMATS)}")
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {mb:g} MB a format, {pdf_pages} PDF pages; "
        f"workers {', '.join(map(str, workers))}; fastest of {args.repeat}; "
        + ("read, then read+clean, in one process a format" if one_process else "a fresh process a measurement"),
        flush=True,
    )
    start = time.perf_counter()
    # built in a child process, so that this driver stays small: a child's peak memory starts from its
    # parent's resident size (Linux keeps maxrss across fork and exec)
    built = child_output(
        ["--child", "build", "--formats", ",".join(formats), "--mb", str(mb), "--pdf-pages", str(pdf_pages)]
        + ["--seed", str(args.seed), "--out", str(args.out)],
        workers=1,
    )
    folders = {fmt: Path(built[fmt]["folder"]) for fmt in formats}
    summaries = {fmt: built[fmt]["summary"] for fmt in formats}
    for fmt in formats:
        if not built[fmt]["reused"]:
            print(f"built {folders[fmt]} in {built[fmt]['seconds']:.1f} s", flush=True)
    # a fresh process per measurement; --quick saves process start-ups by reading, then cleaning, in one
    process_modes = [("read", "clean")] if one_process else [("read",), ("clean",)]
    runs: dict[tuple[str, int, str], list[dict]] = {}
    for repeat in range(args.repeat):  # interleaved, so a slow spell of a shared machine hits every format alike
        for fmt in formats:
            for w in workers:
                for modes in process_modes:
                    run_dir = args.out / f"run-{fmt}-w{w}"
                    shutil.rmtree(run_dir, ignore_errors=True)
                    measured = run_child(modes, folders[fmt], run_dir / "processed", w)
                    shutil.rmtree(run_dir, ignore_errors=True)
                    for mode, run in measured.items():
                        runs.setdefault((fmt, w, mode), []).append(run)
                        busy = "" if run["cpu_busy"] is None else f", CPUs {run['cpu_busy']:.0%} busy"
                        print(
                            f"  {repeat + 1}/{args.repeat} {fmt:<8} {w} worker(s) {mode:<5} {run['seconds']:7.2f} s, "
                            f"CPU {run['cpu_s']:.1f} s{busy}",
                            flush=True,
                        )
    rows = []
    for fmt in formats:
        for w in workers:
            read, clean = fastest(runs[(fmt, w, "read")]), fastest(runs[(fmt, w, "clean")])
            rows.append(
                {
                    "format": fmt,
                    "workers": w,
                    "files": summaries[fmt]["files"],
                    "mb": summaries[fmt]["n_bytes"] / MB,
                    "read": read,
                    "clean": clean,
                }
            )
    print()
    print("\n".join(table_lines(rows)))
    print()
    for row in rows:
        read, clean = row["read"], row["clean"]
        if row["workers"] > 1 and not (read["peak_worker_mb"] and clean["peak_worker_mb"]):
            print(
                f"{row['format']}, {row['workers']} workers: no worker process was started "
                f"({'read' if not read['peak_worker_mb'] else 'read+clean'}): the corpus makes a single reading "
                "task (a chunk of up to 64 files, or a batch of up to 500 table rows), which runs in the main process"
            )
        if read["problems"] or clean["problems"]:
            print(f"WARNING: {row['format']}: {read['problems']} file(s) or record(s) unreadable")
        if row["workers"] == workers[0]:
            print(
                f"{row['format']}: readers {', '.join(read['readers'])}; {clean['articles']:,} cleaned articles, "
                f"{clean['chars_clean']:,} characters after cleaning ({read['text_mb']:.2f} MB of text read)"
            )
    print(f"total {time.perf_counter() - start:.0f} s")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
