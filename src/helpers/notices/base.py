"""The notice itself: a sentence a notebook shows when a corpus is too small for a method."""

from __future__ import annotations


class Notice:
    """A short explanation of an empty or limited result, displayed as is."""

    def __init__(self, message: str) -> None:
        self.message = str(message)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:  # plain text in a notebook: the sentence, not a constructor call
        return self.message

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Notice) and other.message == self.message

    def __hash__(self) -> int:
        return hash(self.message)

    def _repr_markdown_(self) -> str:
        return f"**注意 · Note**：{self.message}"


def notice_of(table) -> Notice | None:
    """The notice a helper attached to the table it returned (``attrs["notice"]``: groups left out, a sample
    taken …), or None when it had nothing to say.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"term": []})
    >>> table.attrs["notice"] = Notice("示例 · example")
    >>> notice_of(table), notice_of(pd.DataFrame())
    (示例 · example, None)
    """
    return getattr(table, "attrs", {}).get("notice")
