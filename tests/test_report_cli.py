"""The report command's corpus argument: a folder or a single table file, and a clear error for neither."""

from __future__ import annotations

from pathlib import Path

from helpers import report


def test_a_missing_corpus_is_named(tmp_path, capsys):
    assert report.main(["--corpus", str(tmp_path / "nowhere.jsonl")]) == 2
    assert "corpus folder or file not found" in capsys.readouterr().err


def test_a_single_table_file_is_a_corpus(tmp_path, monkeypatch):
    table = tmp_path / "reports.jsonl"
    table.write_text('{"title": "报告", "content": "加强党的建设。"}\n', encoding="utf-8")
    built = []
    monkeypatch.setattr(report, "build_reports", lambda corpus, workers: built.append((corpus, workers)))
    assert report.main(["--corpus", str(table), "--workers", "1"]) == 0
    assert built == [(Path(table), 1)]
