"""The cleaning cache's key covers everything cleaning reads, found by watching a real run, not by a hand-kept list.

A fresh interpreter cleans a small corpus (an HTML page in traditional Chinese, a
GBK text file) with an audit hook that records every file opened and a note of
every module imported. Every project file it opens must be among the key's
sources (or named below as not shaping the text, with the reason), every
third-party library it imports must be in the key's library list (or named as not
shaping the text), and changing any one source's bytes or any one library's
version must change the key.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ocr_files
import pdf_files
import table_files
import word_files
from helpers import cache
from helpers.clean import store
from helpers.config import PROJECT_ROOT

PROBE = r"""
import json, os, sys
opened = set()

def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        opened.add(os.path.realpath(os.fsdecode(args[0])))

sys.addaudithook(hook)
before = set(sys.modules)
import helpers.clean
helpers.clean.load_cleaned(sys.argv[1], sys.argv[2], workers=1)
print(json.dumps({"opened": sorted(opened), "modules": sorted({m.split(".")[0] for m in set(sys.modules) - before})}))
"""

# Project files cleaning opens that cannot change a cleaned table.
NOT_SHAPING_FILES = {
    "src/helpers/__init__.py": "names the public API, lazily; no logic",
    "src/helpers/parallel.py": "spreads documents over processes; tables are equal for any number of workers (test_pipeline)",
    "src/helpers/scheduler.py": "chooses the local pool or a Dask cluster; tables are equal on both (test_dask_cluster)",
    "src/helpers/parallel_dask.py": "runs the same tasks on a Dask cluster; tables are equal on both (test_dask_cluster)",
    **{
        f"src/helpers/notices/{module.name}": "the sentences shown to readers about a small corpus; no result depends on them"
        for module in (PROJECT_ROOT / "src" / "helpers" / "notices").glob("*.py")
    },
}
# Libraries cleaning imports whose version cannot change a cleaned table.
NOT_SHAPING_LIBRARIES = {
    "numpy": "arrays of counts and code points",
    "pandas": "the tables themselves",
    "tqdm": "progress bars",
    "cloudpickle": "sends work to processes",
    "python-dateutil": "imported by pandas",
    "pytz": "imported by pandas",
    "tzdata": "imported by pandas",
    "certifi": "trafilatura's downloads, not used",
    "urllib3": "trafilatura's downloads, not used",
    "courlan": "trafilatura's URL handling, not used on files",
    "htmldate": "trafilatura's date metadata, not taken (cleaning reads dates itself)",
    "babel": "imported by htmldate's dateparser",
    "dateparser": "htmldate's date parsing",
    "tld": "courlan's domains",
    "regex": "dateparser's patterns",
    "tzlocal": "dateparser's time zone",
    "cryptography": "pdfminer's decryption of encrypted PDFs: exact, or it fails with a problem",
    "typing-extensions": "type hints, imported by python-docx",
    "pyyaml": "reads RapidOCR's settings file, which ships in its (keyed) wheel",
}


# The stage's own sources, and those every stage's key holds (the cache layer, the data-file reader).
KEYED_SOURCES = (*store.RULE_SOURCES, *cache.SHARED_KEY_SOURCES)


@pytest.fixture(scope="module")
def observed(tmp_path_factory) -> dict:
    corpus = tmp_path_factory.mktemp("语料")
    (corpus / "a.html").write_text(
        "<html><head><title>通知</title></head><body><p>關於加強基層黨組織建設的通知</p>"
        "<p>全縣共有黨員2.3萬名，基層黨組織1,236個。</p></body></html>",
        encoding="utf-8",
    )
    (corpus / "b.txt").write_bytes("全县共有党员2.3万名。\n首页 | 新闻 | 政务\n".encode("gbk"))
    # every reader: a paginated PDF, a Word file, an OFD file and tables of each kind
    paragraphs = ["各市、县人民政府：为加强基层党组织建设，全县共有党员2.3万名，现将有关事项通知如下。" * 3]
    (corpus / "c.pdf").write_bytes(pdf_files.notice_pdf(pdf_files.Notice(paragraphs=paragraphs)))
    (corpus / "d.docx").write_bytes(word_files.docx_bytes(["关于加强基层党组织建设的通知", [["党员", "2.3万名"]]]))
    (corpus / "e.ofd").write_bytes(word_files.ofd_bytes([[word_files.Run("全县共有党员2.3万名。", 20, 30)]]))
    frame = table_files.policy_frame()
    table_files.write_csv(corpus / "f.csv", frame, encoding="gbk")
    table_files.write_xlsx(corpus / "g.xlsx", {"文件": frame})
    table_files.write_parquet(corpus / "h.parquet", frame)
    table_files.write_jsonl(corpus / "i.jsonl", frame.to_dict("records"))
    # a page image, read by OCR (a small one: a line of text)
    line, _ = ocr_files.draw_page(["全县共有党员2.3万名。"], ocr_files.Layout(size=32, leading=56, line_chars=12))
    (corpus / "j.png").write_bytes(ocr_files.image_bytes(line))
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(corpus), str(tmp_path_factory.mktemp("processed"))],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _project_files(opened: list[str]) -> set[str]:
    root = os.path.realpath(PROJECT_ROOT)
    return {
        os.path.relpath(path, root)
        for path in opened
        if path.startswith(root + os.sep)
        and "__pycache__" not in path
        and ".egg-info" not in path  # package metadata, not an input
        and (path.startswith(os.path.join(root, "src")) or path.startswith(os.path.join(root, "data")))
    }


def test_every_project_file_cleaning_opens_is_in_the_key(observed):
    keyed = {os.path.relpath(os.path.realpath(path), os.path.realpath(PROJECT_ROOT)) for path in KEYED_SOURCES}
    opened = _project_files(observed["opened"])
    assert "data/boilerplate_patterns.tsv" in opened  # the probe saw the run
    assert opened - keyed - set(NOT_SHAPING_FILES) == set()


def test_every_library_cleaning_imports_is_in_the_key_or_named_harmless(observed):
    from importlib.metadata import packages_distributions

    distributions = packages_distributions()
    stdlib = set(sys.stdlib_module_names)
    imported = {
        dist
        for module in observed["modules"]
        if module not in stdlib and not module.startswith("_") and module != "helpers"
        for dist in distributions.get(module, [])
    }
    keyed = {name.lower().replace("_", "-") for name in store.LIBRARIES}
    harmless = {name.lower().replace("_", "-") for name in NOT_SHAPING_LIBRARIES}
    unaccounted = {dist for dist in imported if dist.lower().replace("_", "-") not in keyed | harmless}
    assert "OpenCC" in imported or "opencc" in imported
    assert "rapidocr-onnxruntime" in imported  # the probe read its page image by OCR
    assert unaccounted == set()


@pytest.mark.parametrize("source", KEYED_SOURCES, ids=lambda path: Path(path).name)
def test_a_change_to_any_one_source_changes_the_key(source, tmp_path, monkeypatch):
    records = {"a.txt": {"sha256": "0" * 64}}
    before = store.cleaning_key(records)
    changed = tmp_path / Path(source).name
    changed.write_bytes(Path(source).read_bytes() + b"\n# changed\n")
    owner, name = (store, "RULE_SOURCES") if source in store.RULE_SOURCES else (cache, "SHARED_KEY_SOURCES")
    monkeypatch.setattr(owner, name, tuple(changed if path == source else path for path in getattr(owner, name)))
    assert store.cleaning_key(records) != before


@pytest.mark.parametrize("switch", ["0", "off"])
def test_turning_ocr_off_changes_the_key(switch, monkeypatch):
    records = {"scan.pdf": {"sha256": "0" * 64}}
    monkeypatch.delenv("HELPERS_OCR", raising=False)
    before = store.cleaning_key(records)
    monkeypatch.setenv("HELPERS_OCR", switch)
    assert store.cleaning_key(records) != before
    monkeypatch.setenv("HELPERS_OCR", "1")
    assert store.cleaning_key(records) == before


@pytest.mark.parametrize("library", store.LIBRARIES)
def test_an_upgrade_of_any_one_library_changes_the_key(library, monkeypatch):
    records = {"a.txt": {"sha256": "0" * 64}}
    before = store.cleaning_key(records)
    real = cache.library_versions
    monkeypatch.setattr(
        cache, "library_versions", lambda names: real(names).replace(f"{library}=", f"{library}=999.0+")
    )
    assert store.cleaning_key(records) != before


# ------------------------------------------------ the token and TF-IDF stages, watched the same way

STAGE_PROBE = r"""
import json, os, sys
opened = set()

def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        opened.add(os.path.realpath(os.fsdecode(args[0])))

stage, folder = sys.argv[1], sys.argv[2]
before = set(sys.modules)
sys.addaudithook(hook)
import pandas as pd
from helpers.cache import Cache
docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["各地要推动“两新”组织党建，落实三会一课制度。",
                                                    "全县共有党员2.3万名，基层党组织建设不断加强。"]})
if stage == "tokens":
    from helpers.tokens import tokenize_corpus
    tokenize_corpus(docs, cache=Cache(folder), workers=1)
else:
    from helpers.features import corpus_tfidf
    corpus_tfidf(docs, cache=Cache(folder), workers=1)
loaded = set(sys.modules) - before
print(json.dumps({"opened": sorted(opened),
                  "helpers": sorted(sys.modules[m].__file__ for m in loaded if m.startswith("helpers")),
                  "modules": sorted({m.split(".")[0] for m in loaded})}))
"""
# Libraries the token and TF-IDF stages import whose version cannot change a token or a weight.
NOT_SHAPING_STAGE_LIBRARIES = {
    "numpy": "arrays of token codes",
    "pandas": "the tables",
    "pyarrow": "pandas' string storage",
    "tqdm": "progress bars",
    "cloudpickle": "sends work to processes",
    "python-dateutil": "imported by pandas",
    "pytz": "imported by pandas",
    "tzdata": "imported by pandas",
    "scipy": "sparse storage of the counts (scikit-learn, which weighs them, is in the key)",
    "joblib": "scikit-learn's workers",
    "threadpoolctl": "scikit-learn's thread limits",
    "narwhals": "scikit-learn's dataframe interface",
    "charset-normalizer": "imported with scikit-learn's dependencies; this stage decodes no text",
    "psutil": "imported by joblib",
}


def _stage_key_sources(stage: str) -> set[Path]:
    """What the stage's key covers: its packages, the shared sources, the dictionary and filter files."""
    from helpers.tokens import default_segmenter
    from helpers.tokens.filter import default_filter

    packages = ["tokens"] if stage == "tokens" else ["tokens", "features"]
    sources = [p for name in packages for p in (PROJECT_ROOT / "src" / "helpers" / name).glob("*.py")]
    files = [*sources, *cache.SHARED_KEY_SOURCES, *default_segmenter().files, *default_filter().files]
    return {Path(os.path.realpath(path)) for path in files}


@pytest.fixture(scope="module", params=["tokens", "tfidf"])
def stage_run(request, tmp_path_factory) -> tuple[str, dict]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", STAGE_PROBE, request.param, str(tmp_path_factory.mktemp("cache"))],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return request.param, json.loads(done.stdout.strip().splitlines()[-1])


def test_every_module_and_file_the_token_and_tfidf_stages_load_is_in_their_key(stage_run):
    stage, seen = stage_run
    keyed = _stage_key_sources(stage) | {Path(os.path.realpath(PROJECT_ROOT / path)) for path in NOT_SHAPING_FILES}
    loaded = {Path(os.path.realpath(path)) for path in seen["helpers"]}
    assert loaded - keyed == set(), f"{stage} loads modules its key does not cover"
    project_files = {Path(os.path.realpath(PROJECT_ROOT / path)) for path in _project_files(seen["opened"])}
    assert any(path.name == "userdict.txt" for path in project_files)  # the probe saw the run
    assert project_files - keyed == set(), f"{stage} opens files its key does not cover"


def test_every_library_the_token_and_tfidf_stages_import_is_keyed_or_named_harmless(stage_run):
    from importlib.metadata import packages_distributions

    stage, seen = stage_run
    distributions = packages_distributions()
    imported = {
        dist.lower()
        for module in seen["modules"]
        if module not in sys.stdlib_module_names and not module.startswith("_") and module != "helpers"
        for dist in distributions.get(module, [])
    }
    # the engine's version is in the segmenter's fingerprint, jieba's in the filter's (its dictionary tells guesses
    # from words), scikit-learn's in the TF-IDF key
    keyed = {"rjieba", "jieba"} | ({"scikit-learn"} if stage == "tfidf" else set())
    assert imported - keyed - set(NOT_SHAPING_STAGE_LIBRARIES) == set(), stage
