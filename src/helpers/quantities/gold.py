"""Scoring extracted indicators against hand annotations (``data/gold/seed_indicators.tsv``).

The rules are those of ``data/gold/README.md``, applied per file (a seed's
number; the nine articles of seed 004 count together):

- predicted and gold rows are matched as multisets on (value, unit);
- recall = matched ``measure`` rows / all ``measure`` rows, each gold row counted ``count`` times;
- precision = predicted rows that match any gold row / all predicted rows;
- subject agreement, over matched ``measure`` rows: one subject contains the
  other, or they share two or more consecutive characters;
- every gold ``threshold`` row that is found should be labelled ``threshold``.

Where a (value, unit) key has several gold roles, predictions go to ``measure``
rows first (the rows the extractor is required to find), then to the others.

    >>> subjects_agree("基层党组织", "党组织"), subjects_agree("嘎查村", "行政村"), subjects_agree("党员", "群众")
    (True, False, False)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.config import DATA_DIR
from helpers.stored_table import StoredTable, as_frame, frames

if TYPE_CHECKING:
    import pandas as pd

GOLD_INDICATORS = DATA_DIR / "gold" / "seed_indicators.tsv"


def load_gold_indicators(path: Path | str | None = None) -> pd.DataFrame:
    """The gold indicator rows (file, mention, count, value, unit, qualifier, subject, role, note)."""
    import pandas as pd

    gold = pd.read_csv(path or GOLD_INDICATORS, sep="\t", dtype={"file": str}, keep_default_na=False)
    gold["value"] = gold["value"].astype(float)
    gold["count"] = gold["count"].astype(int)
    return gold


def subjects_agree(a: str, b: str) -> bool:
    """One subject contains the other, or they share two or more consecutive characters.

    >>> subjects_agree("村级组织运转经费", "经费")
    True
    """
    a, b = str(a or ""), str(b or "")
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    pairs = {a[i : i + 2] for i in range(len(a) - 1)}
    return any(b[i : i + 2] in pairs for i in range(len(b) - 1))


def _key(value: float, unit: str) -> tuple[float, str]:
    return round(float(value), 6), str(unit)


def score_file(predicted: pd.DataFrame, gold: pd.DataFrame) -> dict:
    """Counts for one file: predicted and gold rows with columns value, unit, role, subject (gold also count)."""
    gold_rows: dict[tuple, list[dict]] = defaultdict(list)
    for row in gold.to_dict("records"):
        for _ in range(int(row.get("count", 1))):
            gold_rows[_key(row["value"], row["unit"])].append(row)
    pred_rows: dict[tuple, list[dict]] = defaultdict(list)
    for row in predicted.to_dict("records"):
        pred_rows[_key(row["value"], row["unit"])].append(row)

    out = Counter()
    out["predicted"] = len(predicted)
    out["gold_measure"] = sum(r["role"] == "measure" for rows in gold_rows.values() for r in rows)
    out["gold_threshold"] = sum(r["role"] == "threshold" for rows in gold_rows.values() for r in rows)
    misses, extras, disagreements, mislabelled = [], [], [], []
    for key in sorted(set(gold_rows) | set(pred_rows)):
        golds, preds = gold_rows.get(key, []), list(pred_rows.get(key, []))
        out["precise"] += min(len(preds), len(golds))
        if len(preds) > len(golds):
            extras.extend(preds[len(golds) :])
        measures = [g for g in golds if g["role"] == "measure"]
        # pair measure rows with predictions, agreeing subjects first
        pairs = []
        for g in measures:
            pick = next((p for p in preds if subjects_agree(p["subject"], g["subject"])), None)
            if pick is None:
                continue
            preds.remove(pick)
            pairs.append((g, pick))
        for g in measures:
            if any(g is pg for pg, _ in pairs):
                continue
            if preds:
                pick = preds.pop(0)
                pairs.append((g, pick))
                disagreements.append((key, g["subject"], pick["subject"]))
            else:
                misses.append((key, g["mention"], g["subject"]))
        out["matched_measure"] += len(pairs)
        out["subject_agree"] += sum(subjects_agree(p["subject"], g["subject"]) for g, p in pairs)
        thresholds = [g for g in golds if g["role"] == "threshold"]
        found = min(len(thresholds), len(preds))
        labelled = min(found, sum(p["role"] == "threshold" for p in preds))
        out["threshold_found"] += found
        out["threshold_labelled"] += labelled
        if labelled < found:
            mislabelled.append((key, [p["role"] for p in preds]))
    result = dict(out)
    result.update(
        misses=misses,
        extras=[(_key(p["value"], p["unit"]), p.get("mention", "")) for p in extras],
        disagreements=disagreements,
        mislabelled=mislabelled,
    )
    return result


def score_indicators(predicted: pd.DataFrame, gold: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per-file and total recall, precision, subject agreement and threshold labelling.

    ``predicted`` needs a ``file`` column (e.g. the first three characters of doc_id)
    besides value, unit, role and subject. One row per file plus a ``合计`` (total) row.
    """
    import pandas as pd

    gold = load_gold_indicators() if gold is None else gold
    files = sorted(set(gold["file"]) | set(predicted["file"]))
    records, totals = [], Counter()
    for f in files:
        counts = score_file(predicted[predicted["file"] == f], gold[gold["file"] == f])
        totals.update({k: v for k, v in counts.items() if isinstance(v, int)})
        records.append({"file": f, **counts})
    records.append({"file": "合计", **totals})
    frame = pd.DataFrame(records)
    number_cols = [
        "predicted",
        "precise",
        "gold_measure",
        "matched_measure",
        "subject_agree",
        "gold_threshold",
        "threshold_found",
        "threshold_labelled",
    ]
    for col in number_cols:
        frame[col] = frame[col].fillna(0).astype(int) if col in frame else 0
    frame["recall"] = _ratio(frame["matched_measure"], frame["gold_measure"])
    frame["precision"] = _ratio(frame["precise"], frame["predicted"])
    frame["subject_agreement"] = _ratio(frame["subject_agree"], frame["matched_measure"])
    return frame


def _ratio(num, den):
    import numpy as np

    return (num / den.where(den > 0, np.nan)).fillna(1.0).round(3)


def score_against_gold(table: pd.DataFrame | StoredTable) -> pd.DataFrame:
    """Scores of an ``indicator_table`` of the bundled seeds; empty when the table is of another corpus.

    A document belongs to the seeds when its doc_id starts with a seed file's name
    (``004_7c2344e521650bcf-03`` comes from ``seeds/004_7c2344e521650bcf.txt``).
    """
    import pandas as pd

    from helpers.config import SEEDS_DIR

    seeds = {p.stem for p in SEEDS_DIR.glob("*.txt")}
    parts = frames(table, ["doc_id"])
    if table.empty or not all(set(part["doc_id"].astype(str).str.split("-").str[0]) <= seeds for part in parts):
        return pd.DataFrame()
    table = as_frame(table)  # the seeds' rows: a small table
    predicted = table.assign(file=table["doc_id"].astype(str).str[:3])
    return score_indicators(predicted)
