"""Summaries of a cleaning run for the cleaning notebook: the audit per rule, examples, impurity."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import stored
from helpers.hanzi import common_hanzi

_CHINESE_PUNCTUATION = frozenset("“”‘’、，。：；！？（）《》—…·")


def rule_family(rule: str) -> str:
    """``boilerplate:nav_bar`` → ``boilerplate``; other rules are their own family.

    >>> rule_family("boilerplate:nav_bar"), rule_family("drop_dateline")
    ('boilerplate', 'drop_dateline')
    """
    return rule.split(":", 1)[0]


def impurity(line: str) -> float:
    """Share of characters that are neither common hanzi, Chinese punctuation nor spaces.

    The "impurity" score of *Blueprints for Text Analytics*, adapted to Chinese.

    >>> impurity("加强党的建设。"), round(impurity("加强党建<br>"), 2)
    (0.0, 0.5)
    """
    if not line:
        return 0.0
    common = common_hanzi()
    clean = sum(
        ch in common
        or ch.isspace()
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or ch in _CHINESE_PUNCTUATION
        for ch in line
    )
    return 1 - clean / len(line)


def audit_summary(audit: pd.DataFrame) -> pd.DataFrame:
    """Lines removed or changed per source file and rule: a tidy table ``doc_id, rule, action, lines``.

    ``doc_id`` is the file's (articles of a compilation are counted with their file).
    """
    if audit.empty:
        return pd.DataFrame(columns=["doc_id", "rule", "action", "lines"])
    emptied = [after == "" for batch in stored.column_batches(audit, "after") for after in batch]
    table = audit[["doc_id", "rule"]].assign(
        doc_id=audit["doc_id"].str.replace(r"-\d{2}$", "", regex=True),
        action=np.where(emptied, "removed", "changed") if emptied else [],
    )
    return (
        table.groupby(["doc_id", "rule", "action"])
        .size()
        .rename("lines")
        .reset_index()
        .sort_values(["doc_id", "lines", "rule"], ascending=[True, False, True], ignore_index=True)
    )


def rule_examples(audit: pd.DataFrame, width: int = 40) -> pd.DataFrame:
    """One example of each rule (its first audit row with a text), texts shortened to ``width`` characters.

    An audit read without its texts (``load_cleaned(texts=False)``) reads them back a row group at a time."""
    first: dict[str, int] = {}
    befores = (before for batch in stored.column_batches(audit, "before") for before in batch)
    for position, (rule, before) in enumerate(zip(audit["rule"], befores)):
        if rule not in first and isinstance(before, str) and before.strip():
            first[rule] = position
    examples = stored.with_column(stored.with_column(audit.iloc[sorted(first.values())], "before"), "after")
    examples = examples.sort_values("rule", kind="stable")

    def shorten(text: str) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    return examples.assign(before=examples["before"].map(shorten), after=examples["after"].map(shorten)).reset_index(
        drop=True
    )


def impurity_table(raw: pd.DataFrame, docs: pd.DataFrame, n: int | None = None) -> pd.DataFrame:
    """Per source file (the first ``n`` readable ones; None: all): characters and impurity (share of non-text
    characters) before and after cleaning. Tables read without their texts read those files' texts back."""
    readable = raw.loc[raw["problem"] == ""]
    readable = readable if n is None else readable.head(n)
    readable = stored.with_column(readable, "text_raw")
    articles = stored.with_column(docs.loc[docs["parent_id"].isin(set(readable["doc_id"]))], "text")
    after = articles.assign(file=articles["parent_id"]).groupby("file")["text"].agg(lambda texts: "\n".join(texts))
    rows = []
    for row in readable.itertuples():
        cleaned = after.get(row.doc_id, "")
        rows.append(
            {
                "doc_id": row.doc_id,
                "chars_raw": len(row.text_raw),
                "chars_clean": len(cleaned),
                "kept_share": round(len(cleaned) / max(1, len(row.text_raw)), 3),
                "impurity_raw": round(impurity(row.text_raw), 3),
                "impurity_clean": round(impurity(cleaned), 3),
            }
        )
    return pd.DataFrame(rows)


def first_raw_and_clean(raw: pd.DataFrame, docs: pd.DataFrame, width: int = 300) -> tuple[str, str]:
    """The head of the first readable file as received and of its first cleaned article (empty when none)."""
    readable = raw.loc[raw["problem"] == ""] if "problem" in raw.columns else raw
    if readable.empty:
        return "", ""
    first = stored.with_column(readable.iloc[[0]], "text_raw").iloc[0]
    articles = stored.with_column(docs.loc[docs["parent_id"] == first["doc_id"]].head(1), "text")
    cleaned = "" if articles.empty else f"{articles.iloc[0]['title']}\n{articles.iloc[0]['text']}".strip()
    return first["text_raw"][:width], cleaned[:width]
