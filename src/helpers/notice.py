"""A sentence a notebook shows when a corpus is too small for a method: what cannot be said, and why.

Helpers return a :class:`Notice` (or None when nothing is missing), so a
notebook cell stays a single call: Jupyter shows the sentence as Markdown in
the rendered report and as plain text elsewhere, and a None shows nothing.

    >>> Notice("聚类至少需要 2 篇文档 · clustering needs at least 2 documents")
    聚类至少需要 2 篇文档 · clustering needs at least 2 documents
"""
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
