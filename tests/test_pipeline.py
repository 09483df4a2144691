"""The cached cleaned corpus: current tables are reused, stale ones never; chunked workers change nothing."""

from __future__ import annotations

import hashlib
import warnings

import pandas as pd
import pytest

import helpers
from helpers import cache as cache_layer
from helpers.clean import files
from helpers.clean.store import corpus_paths, load_cleaned
from helpers.config import PROCESSED_DIR, SEEDS_DIR
from helpers.corpus import CHUNK_FILES
from helpers.stored import CORPUS_DIGEST, STORED

BODY = "全县共有基层党组织{n}个，党员{m}名。各级党组织认真落实三会一课制度，切实加强党员教育管理。"


def write_corpus(folder, n_files):
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(n_files):
        text = (
            f"关于第{number}号文件的通知\n"
            + BODY.format(n=100 + number, m=2000 + number)
            + "\n首页 | 新闻 | 政务 | 党建 | 视频"
        )
        encoding = "gbk" if number % 7 == 0 else "utf-8"
        (folder / f"doc{number:03d}.txt").write_bytes(text.encode(encoding))
    (folder / "broken.txt").write_bytes(b"\x00\x01" * 50)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "我的语料"
    write_corpus(folder, CHUNK_FILES + 10)
    return folder


def quietly(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


def test_chunked_workers_give_the_same_tables_as_direct_cleaning(corpus, tmp_path):
    result = quietly(load_cleaned, corpus, tmp_path / "processed", workers=2)
    raw = quietly(helpers.load_corpus, corpus, workers=1)
    docs, audit = helpers.clean_corpus(raw, workers=1)
    pd.testing.assert_frame_equal(result.raw, raw)
    pd.testing.assert_frame_equal(result.docs, docs)
    pd.testing.assert_frame_equal(result.audit, audit)
    assert len(result.docs) == CHUNK_FILES + 10
    assert (result.docs["text"].str.contains("首页")).sum() == 0


def test_unreadable_file_is_warned_about_by_name(corpus, tmp_path):
    with pytest.warns(UserWarning, match="broken.txt"):
        load_cleaned(corpus, tmp_path / "processed", workers=1)


def test_current_tables_are_reused_and_stale_ones_rebuilt(corpus, tmp_path):
    processed = tmp_path / "processed"
    first = quietly(load_cleaned, corpus, processed, workers=1)
    assert not first.from_cache
    again = quietly(load_cleaned, corpus, processed, workers=1)
    assert again.from_cache
    pd.testing.assert_frame_equal(again.docs, first.docs)
    (corpus / "doc001.txt").write_text("新的标题\n全县新建党群服务中心126个。", encoding="utf-8")
    changed = quietly(load_cleaned, corpus, processed, workers=1)
    assert not changed.from_cache
    assert "全县新建党群服务中心126个。" in set(changed.docs["text"])


def test_a_changed_rule_file_makes_the_tables_stale(corpus, tmp_path, monkeypatch):
    from helpers.clean import store as pipeline

    processed = tmp_path / "processed"
    quietly(load_cleaned, corpus, processed, workers=1)
    rules = tmp_path / "patterns.tsv"
    rules.write_text("# another rule set\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "RULE_SOURCES", (*pipeline.RULE_SOURCES, rules))
    assert not quietly(load_cleaned, corpus, processed, workers=1).from_cache


def test_another_corpus_gets_its_own_processed_folder(corpus):
    _, processed = corpus_paths(corpus)
    assert processed.parent == PROCESSED_DIR and processed != corpus_paths()[1]
    assert corpus_paths()[1] == PROCESSED_DIR / "seeds" and corpus_paths()[0] == SEEDS_DIR


def test_the_corpus_cache_is_its_processed_folder_and_docs_carry_where_they_are_stored_and_their_digest(
    corpus, tmp_path
):
    result = quietly(load_cleaned, corpus, tmp_path / "processed", workers=1)
    assert result.cache == helpers.corpus_cache(corpus, tmp_path / "processed")
    assert result.cache.folder == tmp_path / "processed"
    # what a frame carries: the stored table its texts can be read back from, and their digest (helpers.stored)
    assert set(result.docs.attrs) == {STORED, CORPUS_DIGEST}
    assert result.docs.attrs[STORED] == str(result.cache.entry("cleaned", result.key) / "docs.parquet")
    assert result.docs.attrs[CORPUS_DIGEST]["cleaned"] == result.key


def test_load_clean_corpus_reads_the_current_articles_table(corpus, tmp_path):
    processed = tmp_path / "processed"
    built = quietly(load_cleaned, corpus, processed, workers=1)
    docs = quietly(helpers.load_clean_corpus, corpus, processed)
    pd.testing.assert_frame_equal(docs, built.docs)
    (corpus / "doc002.txt").write_text("另一个标题\n全县选派第一书记863名。", encoding="utf-8")
    assert "全县选派第一书记863名。" in set(quietly(helpers.load_clean_corpus, corpus, processed)["text"])


def test_a_library_upgrade_makes_the_tables_stale(corpus, tmp_path, monkeypatch):

    processed = tmp_path / "processed"
    quietly(load_cleaned, corpus, processed, workers=1)
    monkeypatch.setattr(cache_layer, "library_versions", lambda names: "opencc=99.0")
    assert not quietly(load_cleaned, corpus, processed, workers=1).from_cache


def test_unchanged_files_are_not_read_again_but_a_same_size_edit_is_seen(corpus, tmp_path, monkeypatch):
    import os

    from helpers.clean import store as pipeline

    monkeypatch.setattr(files, "RACY_NS", 0)  # the files were written a moment ago; trust their records at once
    processed = tmp_path / "processed"
    first = quietly(load_cleaned, corpus, processed, workers=1)
    # a file whose size, times and inode match the manifest's record is not opened
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    again = quietly(load_cleaned, corpus, processed, workers=1)
    monkeypatch.setattr("builtins.open", real_open)
    assert again.from_cache and not [path for path in opened if path.endswith(".txt")]
    # same size, new content, and the old modification time put back: the status-change time still moves
    target = corpus / "doc002.txt"
    before = target.read_bytes()
    after = before.replace("关于".encode(), "有关".encode())
    assert len(after) == len(before) and after != before
    stat = target.stat()
    target.write_bytes(after)
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    changed = quietly(load_cleaned, corpus, processed, workers=1)
    assert not changed.from_cache
    assert changed.docs["title"].str.startswith("有关").any() and not first.docs["title"].str.startswith("有关").any()
    # touching a file without changing it keeps the tables current (the key is the content's hash),
    # and the manifest takes the new record, so the file is not hashed again next time
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000))
    assert quietly(load_cleaned, corpus, processed, workers=1).from_cache
    record = pipeline.recorded_files(corpus, processed)["doc002.txt"]
    assert record["sha256"] == hashlib.sha256(after).hexdigest() and record["mtime_ns"] == stat.st_mtime_ns + 2_000_000


def test_a_record_hashed_moments_after_its_file_changed_is_not_trusted(corpus, tmp_path):

    records = files.file_records(corpus)
    # the files were written just now, within RACY_NS of being hashed: a second look hashes them again
    hashed_again = files.file_records(corpus, records)
    assert all(hashed_again[name]["hashed_ns"] > records[name]["hashed_ns"] for name in records)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_first_build_records_each_files_hash_from_the_workers_single_read(corpus, tmp_path, monkeypatch, workers):
    from helpers.clean import store as pipeline

    hashed_in_main = []
    monkeypatch.setattr(files, "file_sha256", lambda path: hashed_in_main.append(path) or "unused")
    processed = tmp_path / "processed"
    assert not quietly(load_cleaned, corpus, processed, workers=workers).from_cache
    assert hashed_in_main == []  # nothing to compare with: the files were read once, by the workers
    records = pipeline.recorded_files(corpus, processed)
    assert len(records) == CHUNK_FILES + 11
    for name, record in records.items():
        assert record["sha256"] == hashlib.sha256((corpus / name).read_bytes()).hexdigest(), name
    monkeypatch.undo()
    assert quietly(load_cleaned, corpus, processed, workers=workers).from_cache


def test_a_file_that_cannot_be_read_is_recorded_without_a_hash_not_raised(tmp_path):

    # the build reads it again and names it with the reason (test_unreadable_file_is_warned_about_by_name)
    assert files.file_sha256(tmp_path / "gone.txt") == ""
    (tmp_path / "here.txt").write_bytes(b"abc")
    assert files.file_sha256(tmp_path / "here.txt") == hashlib.sha256(b"abc").hexdigest()


def test_a_file_unreadable_last_time_is_read_again_even_if_its_record_matches(corpus):

    records = files.file_records(corpus)
    name = "doc001.txt"
    old = {**records[name], "sha256": "", "hashed_ns": records[name]["hashed_ns"] + 10 * files.RACY_NS}
    again = files.file_records(corpus, {name: old})
    assert again[name]["sha256"] == hashlib.sha256((corpus / name).read_bytes()).hexdigest()
    # a record with a real hash and a matching signature is trusted as it stands (its file is not read)
    assert (
        files.file_records(
            corpus, {"doc002.txt": {**records["doc002.txt"], "sha256": "f" * 64, "hashed_ns": old["hashed_ns"]}}
        )["doc002.txt"]["sha256"]
        == "f" * 64
    )


def test_a_warning_about_a_file_points_at_the_callers_code_not_at_a_helper(corpus, tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_cleaned(corpus, tmp_path / "processed", workers=1)
    about_broken = [w for w in caught if "broken.txt" in str(w.message)]
    assert about_broken and all(w.filename == __file__ for w in about_broken)
