"""Word ``.docx`` → its body text: paragraphs and tables in reading order, headers, footers and notes left out.

A table row becomes one line, its cells joined by a tab, a merged cell once: the layout a reader of the page
sees, and the one a spreadsheet pasted into Word gives back.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from helpers.corpus.extracted import Extracted, UnreadableFile

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Run content that is text, and what it stands for.
_TEXT = {f"{_W}t"}
_CHARACTERS = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(data: bytes) -> Extracted:
    """The body text of a ``.docx``; a damaged or protected file raises :class:`UnreadableFile`.

    >>> import docx, io
    >>> document = docx.Document()
    >>> _ = document.add_paragraph("关于加强基层党组织建设的通知")
    >>> buffer = io.BytesIO(); document.save(buffer)
    >>> read_docx(buffer.getvalue()).text
    '关于加强基层党组织建设的通知'
    """
    body = _body(data)
    lines = list(_block_lines(body))
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise UnreadableFile("no text in the Word file's body")
    return Extracted(text, reader="docx")


def _body(data: bytes):
    """The ``w:body`` element of the main document part, or the reason there is none."""
    if data.startswith(_OLE_MAGIC):
        raise UnreadableFile(
            "password-protected or old-format Word file saved as .docx: save it again as .docx without a password"
        )
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
        raise UnreadableFile(f"damaged Word file: not a complete .docx package ({_reason(error)})") from None
    except (KeyError, ValueError, OSError) as error:  # a part missing, an XML part cut short
        raise UnreadableFile(f"damaged Word file: {_reason(error)}") from None
    return document.element.body


def _reason(error: Exception) -> str:
    return str(error).strip() or type(error).__name__


def _block_lines(container) -> Iterator[str]:
    """Lines of the paragraphs and tables directly in ``container`` (a body, a cell, a content control)."""
    for child in container:
        if child.tag == f"{_W}p":
            yield paragraph_text(child)
        elif child.tag == f"{_W}tbl":
            yield from _table_lines(child)
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent")
            yield from _block_lines(child if content is None else content)


def _table_lines(table) -> Iterator[str]:
    """One line per row, its cells joined by a tab; a cell spanning columns is one ``w:tc`` and is written once,
    a cell continuing a vertical merge is left empty."""
    for row in table.iter(f"{_W}tr"):
        if row.getparent() is not table:
            continue  # a nested table's rows come with the text of the cell they sit in
        cells = []
        for cell in row.findall(f"{_W}tc"):
            merge = cell.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(f"{_W}val") in (None, "continue"):
                cells.append("")
                continue
            cells.append(" ".join(_cell_words(line) for line in _block_lines(cell) if line.strip()))
        yield "\t".join(cells).rstrip("\t")


def _cell_words(line: str) -> str:
    """A cell's line with its own tabs and breaks made spaces, so the row stays one line of tab-separated cells."""
    return " ".join(line.replace("\t", " ").split("\n")).strip()


def paragraph_text(paragraph) -> str:
    """A paragraph's text in document order, tracked insertions in, deletions and fallback copies out.

    Written over the XML rather than python-docx's ``Paragraph.text``, which skips runs inside tracked
    insertions (``w:ins``) and smart tags.
    """
    parts: list[str] = []
    _collect(paragraph, parts)
    return "".join(parts).rstrip()


def _collect(element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == _FALLBACK or tag == f"{_W}del":
            continue  # mc:Fallback repeats mc:Choice's content; deleted text is gone
        if tag in _TEXT:
            parts.append(child.text or "")
        elif tag in _CHARACTERS:
            parts.append(_CHARACTERS[tag])
        else:
            _collect(child, parts)
