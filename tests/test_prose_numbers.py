"""The numbers the notebooks' prose quotes still match the outputs the notebooks show (issue 19).

The four notebooks are committed executed. Their Chinese commentary (markdown cells) quotes numbers from the
outputs: "ARI 约为 0.69", "13 篇", "k = 2 最高（0.051）", "一百多万党员". nbval checks that the outputs are
reproducible; nothing else checks that the prose still says what the outputs show. This test does, from the
committed ``.ipynb`` files alone (read as JSON, nothing is executed), one test per row of
``tests/prose_numbers.tsv``:

* ``test_the_quote_is_still_in_the_prose``: the row's quote is still a substring of its markdown cell, so a prose
  edit that changes a number (or rewrites the sentence) fails here until the row is updated with it;
* ``test_the_output_shows_what_the_prose_says``: the row's output cell still shows the value and it agrees with the
  prose's number under the row's match rule.

Either failure names the notebook, the prose cell and its sentence, what the prose says and what the output shows
now. The last two tests prove the net bites: on a scratch copy of notebook 03 (``NOTEBOOKS`` monkeypatched, the
committed notebooks untouched) a changed output value and a changed prose number each fail with such a message.

Columns of ``prose_numbers.tsv`` (tab-separated, lines starting with ``#`` are comments):

``notebook``     file stem in ``notebooks/``, e.g. ``03_clustering``
``prose_cell``   id of the markdown cell
``quote``        exact text of the claim, a substring of that cell's markdown
``number``       the prose's number in the units the output shows it (``80%`` is ``0.8`` against a column of
                 shares, ``76`` against a column of percentages; ``九篇`` is ``9``; ``为负`` is ``0`` with ``<``);
                 ``a–b`` (en dash) for a range the prose states
``output_cell``  id of the code cell whose text output (``text/plain`` or stream) shows the value
``locator``      how to read the value(s) from that output's text, one of
                 ``re:PATTERN``   a regular expression with one group (``re.MULTILINE``); every match is a value;
                 ``count:PATTERN`` the number of matches of the expression (rows of a table: "13 篇", "九行");
                 ``df:ROWS|COLUMN`` a DataFrame printed as text: the cells of COLUMN in ROWS, where ROWS is an
                 index label, several labels separated by commas, ``*`` (every row), or ``COL=v1,v2`` (the rows
                 whose cell in column COL reads v1 or v2)
``match``        how the value(s) must agree with ``number`` (every value the locator finds must agree):
                 exact    ``=``       equal to the number, or inside the range ``a–b`` — for counts and for numbers
                                      the prose copies at the precision the output shows (``0.051``, ``1.0``);
                 rounded  ``±T``      within T of the number (of the range's ends), T set by how the prose rounds:
                                      ``约为 0.69`` is ±0.005, ``0.2 左右`` and ``约 70%`` are ±0.05;
                 bound    ``<`` ``<=`` ``>`` ``>=``  value OP number: ``不到 0.01`` is ``<``, ``80% 以上`` is ``>=``,
                                      ``没有哪个 k 超过 0.15`` is ``<=`` over every row
``note``         optional: why this output and this locator

Numbers that are settings written in code (``MAX_PANELS = 16``, ``stability_runs=50``) and section numbers have no
row: they cannot go stale against the outputs. To add a claim, add a row; to move one, fix the row in the same
commit as the prose.
"""

from __future__ import annotations

import json
import math
import re
import sys
from functools import cache
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = PROJECT_ROOT / "notebooks"  # the bite checks monkeypatch this to a scratch copy
TABLE = Path(__file__).with_name("prose_numbers.tsv")
COLUMNS = ["notebook", "prose_cell", "quote", "number", "output_cell", "locator", "match", "note"]
BOUNDS = {"<": lambda v, n: v < n, "<=": lambda v, n: v <= n, ">": lambda v, n: v > n, ">=": lambda v, n: v >= n}
EXACT = 1e-9  # float parsing noise, not a tolerance


def read_rows(path: Path = TABLE) -> list[dict]:
    """The table's rows as dicts, each with the ``line`` of the file it is on (comments and blank lines skipped)."""
    lines = [
        (number, line)
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)
        if line.strip() and not line.startswith("#")
    ]
    header = lines[0][1].split("\t")
    assert header == COLUMNS, f"{path.name} line {lines[0][0]}: the header is {header}, expected {COLUMNS}"
    rows = []
    for number, line in lines[1:]:
        fields = line.split("\t")
        assert len(fields) in (len(COLUMNS) - 1, len(COLUMNS)), f"{path.name} line {number}: {len(fields)} fields"
        fields += [""] * (len(COLUMNS) - len(fields))  # the note may be left off
        rows.append({**dict(zip(COLUMNS, fields, strict=True)), "line": number})
    return rows


ROWS = read_rows()


def row_id(row: dict) -> str:
    """ASCII, so pytest prints it as is: the table's line, the notebook, the prose cell and the number."""
    return f"L{row['line']}-{row['notebook'][:2]}-{row['prose_cell']}-{row['number'].replace('–', '-')}"


# ---------------------------------------------------------------------------------------------- reading notebooks


@cache
def _cells(path: str, modified: int) -> dict[str, dict]:
    """Cells by id; read once per version of the file (``modified`` is its mtime, part of the cache key)."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    return {cell.get("id"): cell for cell in notebook["cells"]}


def cell(notebook: str, cell_id: str, kind: str) -> dict:
    path = NOTEBOOKS / f"{notebook}.ipynb"
    assert path.exists(), f"{notebook}: no notebook {path}"
    found = _cells(str(path), path.stat().st_mtime_ns).get(cell_id)
    assert found is not None, f"{notebook}: no cell with id {cell_id} (was it deleted or re-created?)"
    assert found["cell_type"] == kind, f"{notebook}: cell {cell_id} is a {found['cell_type']} cell, not {kind}"
    return found


def prose(notebook: str, cell_id: str) -> str:
    return "".join(cell(notebook, cell_id, "markdown")["source"])


def output_texts(notebook: str, cell_id: str) -> list[str]:
    """The cell's text outputs, in order: streams and the ``text/plain`` of results and displays."""
    texts = []
    for output in cell(notebook, cell_id, "code").get("outputs", []):
        if output["output_type"] == "stream":
            texts.append("".join(output["text"]))
        elif "text/plain" in output.get("data", {}):
            texts.append("".join(output["data"]["text/plain"]))
    return texts


def sentence(text: str, quote: str) -> str:
    """The sentence of ``text`` that holds ``quote`` (the whole quote if it runs over several)."""
    start = text.find(quote)
    if start < 0:
        return quote
    stops = "。；！？\n"
    left = max(text.rfind(stop, 0, start) for stop in stops) + 1
    ends = [text.find(stop, start + len(quote)) for stop in stops]
    right = min([end + 1 for end in ends if end >= 0] or [len(text)])
    return text[left:right].strip()


# ------------------------------------------------------------------------------------------------------ locators


def _table_blocks(text: str) -> list[tuple[str, list[str]]]:
    """A DataFrame's text as (header line, data lines) per block; wide frames are printed in several blocks."""
    blocks = []
    for block in re.split(r"\n[ \t]*\n", text.strip("\n")):
        lines = [re.sub(r"\s*\\$", "", line.rstrip()) for line in block.split("\n")]
        data = lines[1:]
        if data and len(data[0].split()) == 1:  # the index's name on a line of its own ("doc_id", "文档")
            data = data[1:]
        blocks.append((lines[0], data))
    return blocks


def _column(text: str, column: str) -> list[str] | None:
    """The cells of ``column`` (stripped, one per row), or None if no block of the table has that column.

    Columns are right-aligned to their header (pandas pads by characters), so a cell is the slice of its row
    between the end of the previous header and the end of this one, past the row's index label."""
    for header, data in _table_blocks(text):
        found = re.search(r"(?<!\S)" + re.escape(column) + r"(?!\S)", header)
        if found:
            left = len(header[: found.start()].rstrip())
            # the index label ends where two spaces begin (pandas pads it and adds two)
            return [line[max(left, _label_end(line)) : found.end()].strip() for line in data]
    return None


def _label_end(line: str) -> int:
    gap = line.find("  ")
    return len(line) if gap < 0 else gap


def locate_df(text: str, spec: str) -> list[str] | str:
    """Cells for ``df:ROWS|COLUMN``, or a sentence saying why they are not there."""
    rows, _, column = spec.partition("|")
    cells = _column(text, column)
    if cells is None:
        return f"no column {column!r}"
    if rows == "*":
        return [cell for cell in cells if cell]
    if "=" in rows:
        key, _, wanted = rows.partition("=")
        keys = _column(text, key)
        if keys is None:
            return f"no column {key!r}"
        positions = [i for i, cell in enumerate(keys) if cell in wanted.split(",")]
        missing = [value for value in wanted.split(",") if value not in keys]
    else:
        labels = [line[: _label_end(line)] for line in _table_blocks(text)[0][1]]
        positions, missing = [], []
        for label in rows.split(","):
            hits = [i for i, found in enumerate(labels) if found == label]
            positions += hits[:1]
            missing += [] if hits else [label]
    if missing:
        return f"no row {', '.join(missing)!r}"
    return [cells[i] for i in positions]


def locate(texts: list[str], locator: str) -> list[float] | str:
    """The values the locator reads from the output texts, or a sentence saying why there are none."""
    kind, _, spec = locator.partition(":")
    if not texts:
        return "no text output (was the cell cleared?)"
    joined = "\n".join(texts)
    if kind == "count":
        return [float(len(re.findall(spec, joined, re.MULTILINE)))]
    if kind == "re":
        found = [match.group(1) for match in re.finditer(spec, joined, re.MULTILINE)]
        if not found:
            return f"nothing matches {spec!r}"
    elif kind == "df":
        found = "no table"
        for text in texts:
            found = locate_df(text, spec)
            if not isinstance(found, str):
                break
        if isinstance(found, str):
            return found
        if not found:
            return "no non-empty cell"
    else:
        raise ValueError(f"unknown locator {locator!r}: use re:, count: or df:")
    try:
        return [float(value.replace(",", "")) for value in found]
    except ValueError:
        return f"not a number: {found}"


# ----------------------------------------------------------------------------------------------------- matching


def parse_number(number: str) -> tuple[float, float]:
    low, _, high = number.partition("–")
    return float(low), float(high or low)


def agrees(value: float, number: str, match: str) -> bool:
    low, high = parse_number(number)
    if match in BOUNDS:
        assert low == high, f"a bound ({match}) takes one number, not the range {number}"
        return BOUNDS[match](value, low)
    if match == "=":
        return low - EXACT <= value <= high + EXACT
    if match.startswith("±"):
        tolerance = float(match[1:])
        return low - tolerance - EXACT <= value <= high + tolerance + EXACT
    raise ValueError(f"unknown match {match!r}: use =, ±T, <, <=, > or >=")


def describe(number: str, match: str) -> str:
    if match == "=":
        return f"within {number}" if "–" in number else number
    if match.startswith("±"):
        return f"{number} ({match})"
    return f"{match} {number}"


def shown(value: float) -> str:
    return f"{value:g}" if value == value and abs(value) < 1e15 else str(value)


# -------------------------------------------------------------------------------------------------------- tests


def test_the_table_is_well_formed():
    """Every row uses one of the three locators and one of the match rules; a range is low–high."""
    assert len(ROWS) >= 30
    for row in ROWS:
        assert row["notebook"] and row["prose_cell"] and row["quote"] and row["output_cell"], row
        assert row["locator"].split(":")[0] in {"re", "count", "df"}, row
        assert row["match"] in {"=", "<", "<=", ">", ">="} or re.fullmatch(r"±\d+(\.\d+)?", row["match"]), row
        low, high = parse_number(row["number"])
        assert math.isfinite(low) and low <= high, row
        if row["locator"].startswith("re:"):
            assert re.compile(row["locator"][3:]).groups == 1, f"{row_id(row)}: the expression needs one group"


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_the_quote_is_still_in_the_prose(row):
    text = prose(row["notebook"], row["prose_cell"])
    assert row["quote"] in text, (
        f"{row['notebook']}, prose cell {row['prose_cell']}: the quote 「{row['quote']}」 (the prose's number "
        f"{describe(row['number'], row['match'])}) is no longer in the prose, which now reads:\n  {text}\n"
        f"Update line {row['line']} of tests/prose_numbers.tsv (quote and number) together with the prose."
    )


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_the_output_shows_what_the_prose_says(row):
    values = locate(output_texts(row["notebook"], row["output_cell"]), row["locator"])
    where = (
        f"{row['notebook']}, prose cell {row['prose_cell']}: 「"
        f"{sentence(prose(row['notebook'], row['prose_cell']), row['quote'])}」\n"
        f"  the prose says: 「{row['quote']}」 → {describe(row['number'], row['match'])}\n"
        f"  output cell {row['output_cell']} ({row['locator']})"
    )
    assert not isinstance(values, str), f"{where} no longer shows the value: {values}"
    wrong = [value for value in values if not agrees(value, row["number"], row["match"])]
    assert not wrong, (
        f"{where} now shows: {', '.join(shown(value) for value in values)}"
        + (f" (disagreeing: {', '.join(shown(value) for value in wrong)})" if len(values) > 1 else "")
        + (f"\n  note: {row['note']}" if row["note"] else "")
        + f"\n  Either the prose is stale (rewrite the sentence, and its row on line {row['line']} of "
        "tests/prose_numbers.tsv) or the output changed by mistake."
    )


# ------------------------------------------------------------------------ the net bites (on scratch copies)


def _scratch_copy(tmp_path: Path, notebook: str, edit) -> None:
    """Write a copy of one committed notebook into tmp_path, with ``edit`` applied to its cells (by id)."""
    data = json.loads((NOTEBOOKS / f"{notebook}.ipynb").read_text(encoding="utf-8"))
    edit({cell.get("id"): cell for cell in data["cells"]})
    (tmp_path / f"{notebook}.ipynb").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _row(quote: str) -> dict:
    return next(row for row in ROWS if row["quote"] == quote)


def test_a_changed_output_fails_with_the_sentence_and_both_numbers(tmp_path, monkeypatch):
    def edit(cells):
        for output in cells["aedf619d"]["outputs"]:
            if "text/plain" in output.get("data", {}):
                text = "".join(output["data"]["text/plain"]).replace("0.693", "0.612")
                output["data"]["text/plain"] = [text]

    _scratch_copy(tmp_path, "03_clustering", edit)
    monkeypatch.setattr(sys.modules[__name__], "NOTEBOOKS", tmp_path)
    with pytest.raises(AssertionError) as failure:
        test_the_output_shows_what_the_prose_says(_row("聚类与体裁（新闻网页 vs 期刊论文）的 ARI 约为 0.69"))
    message = str(failure.value)
    assert "03_clustering, prose cell 0d6cbca3" in message
    assert "0.69 (±0.005)" in message and "now shows: 0.612" in message


def test_a_changed_number_in_the_prose_fails_as_a_stale_row(tmp_path, monkeypatch):
    def edit(cells):
        cells["4de0249b"]["source"] = ["".join(cells["4de0249b"]["source"]).replace("约 70%", "约 60%")]

    _scratch_copy(tmp_path, "03_clustering", edit)
    monkeypatch.setattr(sys.modules[__name__], "NOTEBOOKS", tmp_path)
    with pytest.raises(AssertionError) as failure:
        test_the_quote_is_still_in_the_prose(_row("聚类 1（八篇期刊论文）只有约 70%"))
    assert "03_clustering, prose cell 4de0249b" in str(failure.value) and "约 60%" in str(failure.value)
