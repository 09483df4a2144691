"""Summaries of a cleaning run for the cleaning notebook: the audit per rule, examples, impurity."""

from __future__ import annotations

import pandas as pd

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
    table = audit.assign(
        doc_id=audit["doc_id"].str.replace(r"-\d{2}$", "", regex=True),
        action=audit["after"].eq("").map({True: "removed", False: "changed"}),
    )
    return (
        table.groupby(["doc_id", "rule", "action"])
        .size()
        .rename("lines")
        .reset_index()
        .sort_values(["doc_id", "lines", "rule"], ascending=[True, False, True], ignore_index=True)
    )


def rule_examples(audit: pd.DataFrame, width: int = 40) -> pd.DataFrame:
    """One example of each rule (its first audit row), texts shortened to ``width`` characters."""
    examples = audit.loc[audit["before"].str.strip() != ""].drop_duplicates("rule").sort_values("rule")

    def shorten(text: str) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    return examples.assign(before=examples["before"].map(shorten), after=examples["after"].map(shorten)).reset_index(
        drop=True
    )


def impurity_table(raw: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Per source file: characters and impurity (share of non-text characters) before and after cleaning."""
    after = docs.assign(file=docs["parent_id"]).groupby("file")["text"].agg(lambda texts: "\n".join(texts))
    rows = []
    for row in raw.loc[raw["problem"] == ""].itertuples():
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
    first = readable.iloc[0]
    articles = docs.loc[docs["parent_id"] == first["doc_id"]]
    cleaned = "" if articles.empty else f"{articles.iloc[0]['title']}\n{articles.iloc[0]['text']}".strip()
    return first["text_raw"][:width], cleaned[:width]
