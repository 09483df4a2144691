"""The indicators.csv export (notebook 04, ``helpers.export_indicators``) as a user opens it.

The CSV is what leaves the project: a reader opens it in Excel, which reads
Chinese correctly only from UTF-8 with a byte-order mark. So the file must start
with exactly one BOM, carry the columns in their documented order, and give back
every value it was written from: the seeds' real table, a table of awkward text
(commas, quotes, a line break, a character outside the BMP, a leading ``=``,
missing years, large and small numbers) and an empty table.

Where the file goes for the seeds and for another corpus is checked on the
real report runs: ``tests/test_report_seeds.py`` (``data/processed/`` of the
seeds) and ``tests/test_report_any_folder.py`` (the other corpus's own folder,
the seeds' file untouched). :func:`assert_excel_csv` is shared with them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from helpers import quantities as indicators
from helpers.clean import corpus_paths
from helpers.config import PROCESSED_DIR, SEEDS_DIR
from helpers.quantities.extract import COLUMNS
from helpers.quantities.table import TABLE_COLUMNS

BOM = b"\xef\xbb\xbf"
# The order a user's spreadsheet relies on: where a figure comes from and the groups its document belongs to,
# then the figure (the extraction's columns, in their order), then its context.
PROVENANCE = ["doc_id", "title", "date", "year", "province", "city", "county", "issuer", "stated_year"]
EXPECTED_COLUMNS = [*PROVENANCE, *COLUMNS]
# What a spreadsheet needs to tell achieved from target figures and read a range (issue 16).
STATUS_COLUMNS = ["status", "change", "value_high"]
DTYPES = {
    "year": "Int64",
    "stated_year": "Int64",
    "start": "int64",
    "end": "int64",
    "value": "float64",
    "value_high": "float64",
}
# Blank cells of these columns are missing numbers; in every other column a blank is the empty string.
BLANK_IS_MISSING = ("year", "stated_year", "value_high")


def read_export(path: Path) -> pd.DataFrame:
    """The CSV read back as the table it was written from: every other column text, "" kept as "" and not NaN."""
    return pd.read_csv(
        path,
        encoding="utf-8-sig",
        keep_default_na=False,
        na_values={name: [""] for name in BLANK_IS_MISSING},
        dtype={name: DTYPES.get(name, "str") for name in EXPECTED_COLUMNS},
    )


def assert_excel_csv(path: Path, table: pd.DataFrame) -> None:
    """``path`` is ``table`` written for Excel: one UTF-8 BOM, the expected header, every value back."""
    data = path.read_bytes()
    assert data.startswith(BOM), f"{path.name} has no UTF-8 byte-order mark: Excel would garble the Chinese"
    assert not data[len(BOM) :].startswith(BOM), f"{path.name} starts with two byte-order marks"
    text = data[len(BOM) :].decode("utf-8")  # strict: the whole file is UTF-8
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == EXPECTED_COLUMNS, f"{path.name} columns {rows[0]}"
    assert len(rows) == len(table) + 1, f"{path.name}: {len(rows) - 1} rows for a table of {len(table)}"
    assert text.startswith(",".join(EXPECTED_COLUMNS))
    back = read_export(path)
    pd.testing.assert_frame_equal(back, table.reset_index(drop=True), check_dtype=False, check_exact=True)
    for name, dtype in DTYPES.items():
        if name in EXPECTED_COLUMNS:
            assert str(back[name].dtype) == dtype


def test_the_documented_columns_are_the_table_columns():
    assert TABLE_COLUMNS == EXPECTED_COLUMNS


def test_the_export_tells_achieved_from_target_and_carries_ranges():
    """Fails until the extraction gives rows a status, a change and the upper end of a range (issue 16)."""
    assert set(STATUS_COLUMNS) <= set(TABLE_COLUMNS)


@pytest.fixture(scope="module")
def seed_table(seed_docs) -> pd.DataFrame:
    return indicators.indicator_table(seed_docs, workers=1)


def test_seed_indicators_round_trip_through_the_csv(seed_table, tmp_path):
    assert len(seed_table) > 50  # the seeds carry well over a hundred figures; an empty table would prove nothing
    assert seed_table["sentence"].str.contains(",").any()  # quoting is exercised
    assert seed_table["stated_year"].isna().any() and seed_table["stated_year"].notna().any()
    assert (seed_table["province"] != "").any() and seed_table["year"].notna().any()
    path = indicators.export_indicators(seed_table, tmp_path)
    assert path == tmp_path / "indicators.csv"
    assert_excel_csv(path, seed_table)
    assert "加强基层党组织建设提高科学发展能力和水平" in path.read_text(encoding="utf-8-sig")


def awkward_table() -> pd.DataFrame:
    """The extractor's own rows for awkward text, plus one hand-made row no extractor gives today."""
    docs = pd.DataFrame(
        {
            "doc_id": ["007", "a,b"],
            "title": ['“两新”组织, "党建" 𠀀报告', "=SUM(A1)"],
            "date": ["2016-05-01", ""],
            "text": [
                '截至2016年，全县共有党员2.3万名，"优秀"党员120名, 经费6500万元。',
                "村党支部覆盖率达到99.1%，建成党员活动室35个。",
            ],
        }
    )
    table = indicators.indicator_table(docs, workers=1)
    row = {
        "doc_id": "x",
        "title": "标题",
        "date": "",
        "stated_year": pd.NA,
        "mention": "0.5亿元",
        "start": 0,
        "end": 5,
        "value": 1e-7,
        "unit": "元",
        "qualifier": "none",
        "role": "measure",
        "subject": "",
        "sentence": '第一行\n第二行, "引号"',
        "category": "资金",
        "year": pd.NA,
        "province": "浙江省",
        "city": "",
        "county": "",
        "issuer": "",
        "status": "target",
        "change": "increase",
        "value_high": 0.75,
    }
    extra = pd.DataFrame({name: pd.array([row[name]], dtype=table[name].dtype) for name in table.columns})
    return pd.concat([table, extra], ignore_index=True)


def test_awkward_text_round_trips_through_the_csv(tmp_path):
    table = awkward_table()
    assert len(table) >= 5 and table["stated_year"].isna().any()
    path = indicators.export_indicators(table, tmp_path, name="awkward.csv")
    assert_excel_csv(path, table)


def test_an_empty_table_still_gives_a_header_for_excel(tmp_path):
    table = indicators.indicator_table(pd.DataFrame({"doc_id": [], "title": [], "date": [], "text": []}), workers=1)
    path = indicators.export_indicators(table, tmp_path / "new" / "folder")  # the folder is made
    assert path.read_bytes() == BOM + (",".join(EXPECTED_COLUMNS) + "\n").encode()
    assert_excel_csv(path, table)


def test_another_corpus_exports_beside_its_own_tables(tmp_path):
    """The folder notebook 04 exports to (``corpus_paths(corpus_dir, output_dir)[1]``) for each kind of corpus."""
    assert corpus_paths(None)[1] == PROCESSED_DIR / "seeds" == corpus_paths(SEEDS_DIR)[1]
    other, explicit = corpus_paths(tmp_path / "用户语料")[1], corpus_paths(tmp_path / "用户语料", tmp_path / "out")[1]
    assert other.parent == PROCESSED_DIR and other != PROCESSED_DIR / "seeds" and other.name.startswith("用户语料-")
    assert explicit == (tmp_path / "out").resolve()
