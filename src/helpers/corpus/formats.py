"""Which reader reads a file: the registry of single-document formats and the dispatch :func:`extract`.

A suffix chooses the reader, but content has the last word: a scraped page saved as ``.txt``, ``.php`` or
without a suffix is read as a page, a ``.doc`` that is really a web page or a ``.docx`` is read as what it
is, and a file of an unknown suffix whose bytes are text is read as text. A format the suite cannot read
raises :class:`UnreadableFile` saying how to convert it, so the file still gets its row and its reason.
Tables (many documents per file) are read elsewhere; their suffixes are listed here for the loader to route.
"""

from __future__ import annotations

import io
import zipfile

from helpers.corpus.decode import decode_bytes
from helpers.corpus.escapes import undo_dump_escapes
from helpers.corpus.extracted import Extracted, UnreadableFile
from helpers.corpus.html import html_to_text, looks_like_html
from helpers.corpus.ocr import IMAGE_SUFFIXES, ocr_enabled, read_image
from helpers.corpus.ofd import read_ofd
from helpers.corpus.tables import TABLE_SUFFIXES
from helpers.corpus.word import read_docx

PLAIN_SUFFIXES = frozenset({".txt", ".md", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
PDF_SUFFIXES = frozenset({".pdf"})
DOCX_SUFFIXES = frozenset({".docx", ".docm", ".dotx"})
OFD_SUFFIXES = frozenset({".ofd"})
# Many documents per file: corpus/tables.py reads them, the loader routes them there.
# Page images are read by OCR unless it is turned off (HELPERS_OCR=0); then ADVICE says they need it.
READABLE_SUFFIXES = PLAIN_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | DOCX_SUFFIXES | OFD_SUFFIXES | IMAGE_SUFFIXES

_TO_DOCX = "convert it to .docx, e.g. soffice --headless --convert-to docx FILE"
# Formats the suite does not read, and how to make them readable. No maintained, permissively licensed
# pure-Python reader was found for the binary Word formats (.doc, .wps) when this was written.
ADVICE = {
    ".doc": f"Word 97-2003 document: {_TO_DOCX}",
    ".dot": f"Word 97-2003 template: {_TO_DOCX}",
    ".wps": f"WPS Writer document: save it as .docx in WPS, or {_TO_DOCX}",
    ".wpt": f"WPS Writer template: save it as .docx in WPS, or {_TO_DOCX}",
    ".rtf": f"rich text: {_TO_DOCX}",
    ".odt": f"OpenDocument text: {_TO_DOCX}",
    ".ppt": "slides: export them as PDF, e.g. soffice --headless --convert-to pdf FILE",
    ".pptx": "slides: export them as PDF, e.g. soffice --headless --convert-to pdf FILE",
    ".dps": "WPS slides: export them as PDF, e.g. soffice --headless --convert-to pdf FILE",
    ".et": "WPS spreadsheet: save it as .xlsx",
    ".xlsb": "binary Excel workbook: save it as .xlsx",
    ".ods": "OpenDocument spreadsheet: save it as .xlsx",
    ".caj": "CNKI CAJ file: download the PDF version, or print it to PDF from CAJViewer",
    ".kdh": "CNKI KDH file: download the PDF version, or print it to PDF from CAJViewer",
    ".nh": "CNKI thesis file: download the PDF version, or print it to PDF from CAJViewer",
    ".ceb": "Apabi CEB file: print it to PDF from the Apabi reader",
    ".mht": "web archive: open it in a browser and save the page as .html",
    ".mhtml": "web archive: open it in a browser and save the page as .html",
    **dict.fromkeys((".zip", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz"), "archive: unpack it first"),
    **dict.fromkeys(
        (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"),
        "image: needs OCR (it has no text)",
    ),
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_ADVICE = f"Office 97-2003 file (Word, WPS or Excel): {_TO_DOCX}, or save a workbook as .xlsx"


def extract(suffix: str, data: bytes) -> Extracted:
    """The text of one document file of this suffix (lower case, with its dot; "" for none) and these bytes.

    Raises :class:`UnreadableFile` with the reason, or with how to convert a format the suite does not read.

    >>> extract(".php", "<html><body><p>关于加强基层党组织建设的通知</p></body></html>".encode()).reader
    'html'
    >>> extract(".wps", bytes(range(256)))
    Traceback (most recent call last):
    helpers.corpus.extracted.UnreadableFile: unsupported format .wps: WPS Writer document: save it as .docx in WPS, or convert it to .docx, e.g. soffice --headless --convert-to docx FILE
    """
    suffix = suffix.lower()
    if not data.strip():
        raise UnreadableFile("empty file (no text)")
    if suffix in TABLE_SUFFIXES:
        raise UnreadableFile(f"{suffix} is a table of documents: the table reader reads it")
    if suffix in PDF_SUFFIXES:
        return read_pdf(data)
    if suffix in DOCX_SUFFIXES:
        return read_docx(data)
    if suffix in OFD_SUFFIXES:
        return read_ofd(data)
    if suffix in IMAGE_SUFFIXES and ocr_enabled():
        return read_image(data)
    if suffix in HTML_SUFFIXES:
        text, encoding = decode_bytes(data)
        return read_page(text, encoding)
    readable = _by_magic(suffix, data)
    if readable is not None:
        return readable
    if suffix in PLAIN_SUFFIXES:
        return read_text(data)
    if suffix in ADVICE:
        page = _page_or_none(data)  # web sites serve pages as .doc
        if page is None:
            raise UnreadableFile(f"unsupported format {suffix}: {ADVICE[suffix]}")
        return page
    try:
        return read_text(data)
    except UnreadableFile:
        raise UnreadableFile(
            f"unsupported format {suffix or '(no suffix)'}: neither text nor a format read here"
        ) from None


def read_text(data: bytes) -> Extracted:
    """Plain text in any encoding; a saved page in it read as a page, a field copied out of a dump undone."""
    text, encoding = decode_bytes(data)
    if looks_like_html(text):
        return read_page(text, encoding)
    body = undo_dump_escapes(text)
    if body == text:
        return Extracted(text, reader="text", encoding=encoding)
    notice = "a text field copied out of a database dump or export: its record and escapes removed"
    if looks_like_html(body):
        page = read_page(body, encoding)
        return Extracted(page.text, reader=page.reader, encoding=encoding, notice=notice)
    return Extracted(body, reader="text", encoding=encoding, notice=notice)


def read_page(html: str, encoding: str = "") -> Extracted:
    """A saved web page's main text."""
    text = html_to_text(html)
    if not text.strip():
        raise UnreadableFile("no text left after extracting the page's main content")
    return Extracted(text, reader="html", encoding=encoding)


def read_pdf(data: bytes) -> Extracted:
    """A PDF's text layer, through the PDF reader (corpus/pdf.py), imported only when a PDF comes."""
    try:
        from helpers.corpus.pdf import read_pdf as read_pdf_text
    except ImportError:
        raise UnreadableFile("PDF reading is not installed in this copy of the suite") from None
    return read_pdf_text(data)


def _by_magic(suffix: str, data: bytes) -> Extracted | None:
    """The file read as what its first bytes say it is (a PDF, a .docx, an OFD) whatever its suffix; None
    when they say nothing; an Office 97-2003 container raises with the advice for its kind."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return read_pdf(data)
    if data.startswith(_OLE_MAGIC):
        advice = ADVICE.get(suffix, _OLE_ADVICE)
        raise UnreadableFile(f"unsupported format {suffix or '(no suffix)'}: {advice}")
    if data.startswith(b"PK\x03\x04"):
        names = _zip_names(data)
        if "word/document.xml" in names:
            return read_docx(data)
        if "ofd.xml" in names:
            return read_ofd(data)
    return None


def _page_or_none(data: bytes) -> Extracted | None:
    try:
        text, encoding = decode_bytes(data)
    except UnreadableFile:
        return None
    return read_page(text, encoding) if looks_like_html(text) else None


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {name.lower() for name in archive.namelist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        return set()
