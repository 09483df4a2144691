"""What a reader gives back for one file: its text and how it was obtained, or the reason it has none.

Every reader (plain text, web page, PDF, Word, OFD, table) is a function from a
file's bytes to an :class:`Extracted`, or raises :class:`UnreadableFile` with a
reason a reader of the report understands; the loader turns either into a row.
"""

from __future__ import annotations

from dataclasses import dataclass


class UnreadableFile(ValueError):
    """A file without usable text; the message becomes the row's ``problem``, naming the reason in plain words."""


@dataclass(frozen=True)
class Extracted:
    """The text of one document file and how it was obtained.

    ``reader`` names how the text was obtained (``text``, ``html``, ``pdf-text``, ``docx``, ``ofd`` …);
    ``notice`` is a non-fatal remark a reader should see (pages left out and why), empty when none.
    A PDF's pages are separated by a form feed (``\\f``) at the start of each new page's first line.
    An official seal's text read by OCR stands alone on a line ``〔印章：<text>〕`` (``corpus.seals.SEAL_LINE``;
    no body line is only that), never a page's first, for the cleaning to drop and audit (``drop_seal_text``).
    ``ocr_pages`` counts the pages read by OCR (blank ones included), ``ocr_lines`` holds each line OCR
    recognised as ``(page, confidence, text)``; both empty when no page was.
    """

    text: str
    reader: str
    encoding: str = ""
    n_pages: int | None = None
    notice: str = ""
    ocr_pages: int = 0
    ocr_lines: tuple[tuple[int, float, str], ...] = ()
