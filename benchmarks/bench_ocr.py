"""OCR throughput: pages per minute on generated A4 scans at 200 dpi, with 1 and 2 workers.

Each page is an A4 sheet at 200 dpi (1654 × 2339 pixels) with a notice's paragraphs drawn in
三号 (16 pt, 44 pixels), 28 characters a line as GB/T 9704 sets them, 22 lines, lightly
photocopied (turned 0.5°, blurred, speckled), saved as PNG (``tests/ocr_files.py``'s builders).
``load_corpus`` reads the folder (the model loads once in each worker, inside the clock); the
character accuracy of the readings against the drawn text is printed beside the speed.

    .venv/bin/python benchmarks/bench_ocr.py                 # 4 pages, 1 and 2 workers
    .venv/bin/python benchmarks/bench_ocr.py --pages 20 --workers 2
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "tests"), str(HERE.parent / "src")]

from helpers.corpus.read import load_corpus  # noqa: E402
from ocr_files import PARAGRAPHS, Layout, char_accuracy, draw_page, image_bytes, photocopy  # noqa: E402

A4_200_DPI = (1654, 2339)
LAYOUT = Layout(size=44, leading=88, left=211, top=260, line_chars=28)  # GB/T 9704 margins at 200 dpi


def build_pages(folder: Path, pages: int) -> dict[str, str]:
    """``pages`` PNG scans in ``folder``; returns each page's drawn text by document id."""
    drawn = {}
    for number in range(pages):
        paragraphs = [PARAGRAPHS[(number + step) % len(PARAGRAPHS)] for step in range(8)]
        image, lines = draw_page(paragraphs, LAYOUT, footer=f"— {number + 1} —", height=A4_200_DPI[1])
        copy = photocopy(image, angle=0.5, blur=0.6, speckles=0.001, seed=number)
        (folder / f"page{number:03d}.png").write_bytes(image_bytes(copy))
        drawn[f"page{number:03d}"] = "\n".join(lines) + f"\n— {number + 1} —"
    return drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        drawn = build_pages(Path(folder), args.pages)
        for workers in map(int, args.workers.split(",")):
            start = time.perf_counter()
            raw = load_corpus(folder, workers=workers)
            seconds = time.perf_counter() - start
            accuracy = [char_accuracy(drawn[row.doc_id], row.text_raw) for row in raw.itertuples()]
            print(
                f"workers={workers} pages={len(raw)} seconds={seconds:.1f} pages/min={60 * len(raw) / seconds:.1f} "
                f"accuracy mean={sum(accuracy) / len(accuracy):.4f} min={min(accuracy):.4f} "
                f"confidence mean={raw['ocr_confidence'].mean():.3f}"
            )


if __name__ == "__main__":
    main()
