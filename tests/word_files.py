"""Builders of document files for the reader tests: Word .docx (through python-docx), minimal OFD zips, and
a record of a SQL dump or a CSV export, each made in the test rather than copied from elsewhere."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape


def docx_bytes(blocks: list[str | list[list[str]]], *, header: str = "", footer: str = "") -> bytes:
    """A .docx whose body is ``blocks`` in order: a string is a paragraph, a list of rows a table."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=len(block[0]))
        for row, values in zip(table.rows, block):
            for cell, value in zip(row.cells, values):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Run:
    """A TextObject of one TextCode: ``text`` drawn from (x, y) (baseline, mm), ``size`` mm a character."""

    text: str
    x: float
    y: float
    size: float = 5.0


_OFD_NS = "http://www.ofdspec.org/2016"


def ofd_bytes(pages: list[list[Run]], *, image_only: bool = False) -> bytes:
    """A minimal OFD (GB/T 33190) zip: OFD.xml → Doc_0/Document.xml → one Content.xml per page.

    Each run is a TextObject whose Boundary holds its position and whose TextCode starts at (0, size),
    so the run's baseline is ``y``; advances are written with the ``g N value`` shorthand.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{_OFD_NS}" Version="1.0" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>test</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        page_list = "".join(
            f'<ofd:Page ID="{10 + number}" BaseLoc="Pages/Page_{number}/Content.xml"/>' for number in range(len(pages))
        )
        archive.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{_OFD_NS}"><ofd:CommonData>'
            "<ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
            f"</ofd:PageArea></ofd:CommonData><ofd:Pages>{page_list}</ofd:Pages></ofd:Document>",
        )
        for number, runs in enumerate(pages):
            objects = "".join(_text_object(index, run) for index, run in enumerate(runs))
            if image_only:
                objects = '<ofd:ImageObject ID="1" ResourceID="2" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>'
            archive.writestr(
                f"Doc_0/Pages/Page_{number}/Content.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{_OFD_NS}"><ofd:Content>'
                f'<ofd:Layer ID="1">{objects}</ofd:Layer></ofd:Content></ofd:Page>',
            )
    return buffer.getvalue()


def _text_object(index: int, run: Run) -> str:
    advances = f"g {len(run.text) - 1} {run.size}" if len(run.text) > 1 else ""
    delta = f' DeltaX="{advances}"' if advances else ""
    width = run.size * len(run.text)
    return (
        f'<ofd:TextObject ID="{100 + index}" Font="1" Size="{run.size}" '
        f'Boundary="{run.x} {run.y - run.size} {width} {run.size * 1.2}">'
        f'<ofd:TextCode X="0" Y="{run.size}"{delta}>{escape(run.text)}</ofd:TextCode></ofd:TextObject>'
    )


def dump_escaped(text: str) -> str:
    """A text as a SQL dump or a CSV export writes a field of it: backslash, line break, tab and quotes escaped."""
    return (
        text.replace("\\", "\\\\").replace("\n", "\\r\\n").replace("\t", "\\t").replace('"', '\\"').replace("'", "\\'")
    )


def sql_insert(title: str, body: str, *, record_id: int = 17, published: str = "2021-03-01 10:00:00") -> str:
    """One line of a MySQL dump holding an article: id, title, escaped body, timestamp, a NULL and a count."""
    return (
        f"INSERT INTO `cms_article` (`id`,`title`,`content`,`created_at`,`author`,`hits`) VALUES "
        f"({record_id},'{dump_escaped(title)}','{dump_escaped(body)}','{published}',NULL,1024);"
    )


def csv_record(title: str, body: str, *, record_id: int = 17, published: str = "2021-03-01 10:00:00") -> str:
    """One line of a CSV export of the same record, every text field quoted, escapes written with a backslash."""
    return f'{record_id},"{dump_escaped(title)}","{dump_escaped(body)}","{published}"'
