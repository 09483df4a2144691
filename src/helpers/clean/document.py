"""A document as the rules work through it: its numbered lines, its articles and the audit they leave.

Every edit and drop becomes one audit row ``(doc_id, line_no, rule, before, after)``, ``after``
empty for a drop; :meth:`DocumentCleaning.record` is the one place that writes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# A drop's verdict on a line: false keeps it; true drops it under the rule's name; a string drops
# it under ``rule:<string>``, for a family of rules whose member is known only once one matches.
Verdict = bool | str | None


@dataclass
class Line:
    no: int  # 1-based line of the raw text, kept through every edit for the audit
    text: str
    page: int = 0  # 0-based page of a paginated text (a form feed starts each new page); 0 otherwise


def on_text(predicate: Callable[[str], Verdict]) -> Callable[[Line], Verdict]:
    """A test of a line's text as a test of the line."""
    return lambda line: predicate(line.text)


@dataclass
class Article:
    lines: list[Line]
    title: str = ""
    author: str = ""
    published: str = ""
    source: str = ""
    date: str = ""
    restated: str = ""  # the compilation's own title, printed again at the head of this article
    first_line: int = 1  # the raw line it starts on: its raw text runs from there to the next article


@dataclass
class DocumentCleaning:
    """The lines of one document as the rules work through them, and the audit they leave."""

    doc_id: str
    lines: list[Line]
    audit: list[tuple] = field(default_factory=list)

    def record(self, line: Line, rule: str, after: str = "") -> None:
        """One audit row: ``rule`` changed ``line`` to ``after``, or dropped it when ``after`` is empty."""
        self.audit.append((self.doc_id, line.no, rule, line.text, after))

    def text(self) -> str:
        """The document as its lines now read, one string (for the document-level shortcuts)."""
        return "\n".join(line.text for line in self.lines)

    def cannot_fire(self, may_fire: Callable[[str], object] | None) -> bool:
        """Whether a document-level test (``may_fire(document text)``) rules a rule out for every line."""
        return may_fire is not None and not may_fire(self.text())

    def edit_all(self, rule: str, func: Callable[[list[str]], list[str]]) -> None:
        """Replace the lines' texts by ``func`` of all of them at once (an edit that runs per document)."""
        for line, after in zip(self.lines, func([line.text for line in self.lines])):
            if after != line.text:
                self.record(line, rule, after)
                line.text = after

    def edit(self, rule: str, func: Callable[[str], str], may_fire: Callable[[str], object] | None = None) -> None:
        """Apply ``func`` to every line; ``may_fire(document text)`` false means no line can change, so skip."""
        if not self.cannot_fire(may_fire):
            self.edit_all(rule, lambda texts: list(map(func, texts)))

    def kept(self, lines: list[Line], rule: str, drops: Callable[[Line], Verdict]) -> list[Line]:
        """``lines`` without those ``drops`` gives a verdict against, each recorded under its rule."""
        kept = []
        for line in lines:
            verdict = drops(line)
            if not verdict:
                kept.append(line)
            else:
                self.record(line, f"{rule}:{verdict}" if isinstance(verdict, str) else rule)
        return kept

    def drop(
        self, rule: str, predicate: Callable[[str], Verdict], may_fire: Callable[[str], object] | None = None
    ) -> None:
        """Drop the lines ``predicate`` holds for; ``may_fire(document text)`` false means none, so skip."""
        if not self.cannot_fire(may_fire):
            self.lines = self.kept(self.lines, rule, on_text(predicate))
