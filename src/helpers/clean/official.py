"""The elements of an official document (公文要素, GB/T 9704-2012): its number, issuer, title and date.

A 公文 opens with its red head (版头: the issuing organ's name followed by 文件, one line per organ
of a joint document), the document number (发文字号: 国办发〔2021〕12号) on its own line and the
title; it closes with the issuer's name (the signature) over the date it was made (成文日期), in
digits or in Chinese numerals. Web copies keep part of this and may add a metadata block
(:func:`helpers.clean.metadata.labelled_fields`), whose fields win: they are stated, not guessed.

The red head, the number line, a wrapped title and the metadata block are dropped from the text,
each under its own audit rule (``OFFICIAL_DROPS``). The signature stays: the organ lines are part
of the document's text, and its date line goes as every date standing alone on its line does
(``drop_dateline``), whether in digits or in Chinese numerals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from helpers.clean.boilerplate import boilerplate_rule, is_furniture_sized
from helpers.clean.document import Line
from helpers.clean.metadata import CHINESE_ZEROS, chinese_numeral_date, field_labels, parse_date
from helpers.clean.shapes import HAN, SENTENCE_END, is_title_like
from helpers.config import read_data_lines

# The audit rules of the lines the document's elements are read from, in the order they run.
GOV_FIELD, ISSUER_HEAD, DOC_NUMBER_LINE, WRAPPED_TITLE = (
    "metadata_gov_field",
    "metadata_issuer_head",
    "metadata_doc_number",
    "metadata_title",
)
OFFICIAL_DROPS = (GOV_FIELD, ISSUER_HEAD, DOC_NUMBER_LINE)  # WRAPPED_TITLE is metadata.METADATA_DROPS' own

# 国办发〔2021〕12号, 中组发[2019]3号, 浙政办发(2020)45号: the issuer's abbreviation, the year in
# brackets of any kind (extractors and typists mix them), the serial number and 号.
DOC_NUMBER = re.compile(
    rf"([{HAN}]{{1,12}})\s*[〔\[(［（【]\s*((?:19|20)\d{{2}})\s*[〕\])］）】]\s*(第?\s*\d{{1,5}})\s*号"
)
# The number alone on its line; an 上行文 prints the signing official after it (签发人：张三).
_NUMBER_LINE = re.compile(rf"\s*({DOC_NUMBER.pattern})\s*(?:签\s*发\s*人\s*[:：].*)?")
_RED_HEAD = re.compile(r"(.*?)\s*文\s*件")
_NAME_CHARS = re.compile(rf"[{HAN}×＊*·()（）]+")
_HEAD_LINES = 8  # the red head and the number stand in a document's first lines
_SIGNATURE_ORGANS = 4  # organ lines a signature block may hold (a joint document's issuers)
_DATE_LINE = re.compile(
    r"\s*(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    rf"|[一二][{CHINESE_ZEROS}一二三四五六七八九]{{3}}\s*年\s*[元十一二三四五六七八九]{{1,2}}\s*月(?:\s*[十一二三四五六七八九]{{1,3}}\s*[日号])?)\s*"
)


def doc_numbers(text: str) -> list[str]:
    """Every document number in ``text``, citations in sentences included, as printed without spaces.

    The abbreviation is the run of hanzi before the bracket, so a number cited without brackets
    around it in a sentence (落实国发〔2018〕41号) may carry the words before it.

    >>> doc_numbers("按照《关于加强管理的通知》（国发〔2020〕1号）和落实苏政办发(2013)8号要求")
    ['国发〔2020〕1号', '和落实苏政办发(2013)8号']
    """
    return [re.sub(r"\s", "", match.group(0)) for match in DOC_NUMBER.finditer(text)]


def own_doc_number(line: str) -> str:
    """The document number when ``line`` is the number's own line (as a 公文's head prints it), else ``""``.

    >>> own_doc_number(" 发改办财金规〔2019〕860号 "), own_doc_number("国发〔2021〕1号  签发人：张三")
    ('发改办财金规〔2019〕860号', '国发〔2021〕1号')
    >>> own_doc_number("按照《通知》（国发〔2020〕1号）要求")
    ''
    """
    match = _NUMBER_LINE.fullmatch(line)
    return re.sub(r"\s", "", match.group(1)) if match else ""


@lru_cache(maxsize=1)
def _organ_endings() -> re.Pattern:
    endings = sorted(read_data_lines("organ_suffixes.txt"), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(map(re.escape, endings))})$")


@lru_cache(maxsize=1)
def _document_kinds() -> re.Pattern:
    kinds = sorted(read_data_lines("document_kinds.txt"), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(map(re.escape, kinds))})$")


def organ_names(line: str) -> list[str]:
    """The organ names a line consists of (several for a joint document), or ``[]`` for any other line.

    Names are separated by spaces or 、; a name printed with its characters spaced out is joined again.

    >>> organ_names("国家发展改革委办公厅  税务总局办公厅"), organ_names("浙 江 省 人 民 政 府")
    (['国家发展改革委办公厅', '税务总局办公厅'], ['浙江省人民政府'])
    >>> organ_names("关于加强管理的通知"), organ_names("加强党的建设")
    ([], [])
    """
    words = [word for word in re.split(r"[\s、]+", line.strip()) if word]
    if len(words) > 1 and all(len(word) == 1 for word in words):
        words = ["".join(words)]
    if not words or not all(
        2 <= len(word) <= 30 and _NAME_CHARS.fullmatch(word) and _organ_endings().search(word) and "关于" not in word
        for word in words
    ):
        return []
    return words


def red_head_names(line: str) -> list[str]:
    """The issuers of a red-head line (中共浙江省委组织部文件 → 中共浙江省委组织部), or ``[]``.

    >>> red_head_names("中共浙江省委组织部文件"), red_head_names("发展改革委办公厅  文件")
    (['中共浙江省委组织部'], ['发展改革委办公厅'])
    """
    match = _RED_HEAD.fullmatch(line.strip())
    return organ_names(match.group(1)) if match else []


def closing_date(line: str) -> str:
    """The date of a line that is only a date in 年月日 (digits or Chinese numerals), as ISO 8601, else ``""``.

    >>> closing_date("二〇二六年一月二十七日"), closing_date("2019年8月20日"), closing_date("二〇二六年元月")
    ('2026-01-27', '2019-08-20', '2026-01')
    """
    if not _DATE_LINE.fullmatch(line):
        return ""
    return parse_date(line) or chinese_numeral_date(line)


@dataclass
class OfficialMetadata:
    """What a document says of itself as a 公文, each ``""`` where it does not say; ``drops`` maps a line's number to its rule."""

    doc_number: str = ""
    issuer: str = ""
    date: str = ""
    title: str = ""
    published: str = ""
    drops: dict[int, str] = field(default_factory=dict)


def official_metadata(lines: list[Line]) -> OfficialMetadata:
    """Number, issuer, 成文日期, title and publication date of a document's edited lines (blank lines gone).

    >>> meta = official_metadata([Line(1, "中共浙江省委组织部文件"), Line(2, "浙组发〔2026〕3号"),
    ...     Line(3, "关于做好年度考核工作的通知"), Line(4, "各市委组织部："), Line(5, "现将有关事项通知如下。"),
    ...     Line(6, "中共浙江省委组织部"), Line(7, "二〇二六年一月二十七日")])
    >>> meta.doc_number, meta.issuer, meta.date, meta.title, sorted(meta.drops.items())
    ('浙组发〔2026〕3号', '中共浙江省委组织部', '2026-01-27', '关于做好年度考核工作的通知', [(1, 'metadata_issuer_head'), (2, 'metadata_doc_number')])
    """
    meta = OfficialMetadata()
    fields, block = labelled_fields(lines)
    meta.drops.update({line.no: GOV_FIELD for line in block})
    head = [line for line in lines[:_HEAD_LINES] if line not in block]
    number_at = next((index for index, line in enumerate(head) if own_doc_number(line.text)), None)
    if number_at is not None:
        meta.doc_number = own_doc_number(head[number_at].text)
        meta.drops[head[number_at].no] = DOC_NUMBER_LINE
    head_issuers = _red_head(head[:number_at], meta.drops)
    title_lines = _title_lines(head, number_at) if number_at is not None else []
    meta.title = "".join(line.text for line in title_lines)
    if len(title_lines) > 1:
        meta.drops.update({line.no: WRAPPED_TITLE for line in title_lines})
    signed_by, signed_on = _signature(lines)
    meta.issuer = fields.get("issuer") or "、".join(head_issuers) or signed_by
    meta.date = fields.get("date") or signed_on
    meta.doc_number = _stated_number(fields.get("doc_number", "")) or meta.doc_number
    meta.title = fields.get("title") or meta.title
    meta.published = fields.get("published", "")
    return meta


def labelled_fields(lines: list[Line], head: int = 25) -> tuple[dict[str, str], list[Line]]:
    """The fields of a gov.cn-style metadata block in the head, and the block's lines.

    A row holds one or more ``label：value`` fields; a label alone on its line takes the next line as
    its value. Dates come back in ISO 8601; a field without a value, or a date that does not parse, is left out.

    >>> fields, rows = labelled_fields([Line(1, "索 引 号：000014349/2021-00012 主题分类：综合政务"),
    ...     Line(2, "发文机关："), Line(3, "国务院办公厅"), Line(4, "成文日期：2021年03月01日"), Line(5, "正文。")])
    >>> fields, [line.no for line in rows]
    ({'index_no': '000014349/2021-00012', 'topic': '综合政务', 'issuer': '国务院办公厅', 'date': '2021-03-01'}, [1, 2, 3, 4])
    """
    field_label, field_columns = field_labels()
    fields: dict[str, str] = {}
    block: list[Line] = []
    shown = [line for line in lines[:head] if line.text]
    for index, line in enumerate(shown):
        if len(line.text) > 40 and not is_furniture_sized(line.text):
            break  # the body has begun: a labelled line further down is part of it (a list of documents)
        found = list(field_label.finditer(line.text))
        if not found or found[0].start() != 0 or line in block:
            continue
        block.append(line)
        for match, after in zip(found, [*found[1:], None]):
            value = line.text[match.end() : after.start() if after else None].strip()
            below = shown[index + 1] if index + 1 < len(shown) else None
            if not value and after is None and below and not field_label.match(below.text):
                value = below.text if is_furniture_sized(below.text) else ""
                block.extend([below] if value else [])
            column = field_columns[re.sub(r"\s", "", match.group(1))]
            if column in ("date", "published"):
                value = parse_date(value) or chinese_numeral_date(value)
            if value and column not in fields:
                fields[column] = value
    return fields, block


def _stated_number(value: str) -> str:
    """A labelled number: the document number in it, else as stated (国务院令第708号); a placeholder (无) is none."""
    numbers = doc_numbers(value)
    return numbers[0] if numbers else re.sub(r"\s", "", value) if re.search(r"\d", value) else ""


def _red_head(head: list[Line], drops: dict[int, str]) -> list[str]:
    """The issuers of the red head among the lines above the number, recording their lines in ``drops``.

    The head is the line ending 文件 and the organ lines next to it (a joint document stacks its
    issuers, 文件 printed once beside them); without a 文件 line, organ lines alone above the number.
    """
    at = next((index for index, line in enumerate(head) if red_head_names(line.text)), None)
    if at is None:
        if head and all(organ_names(line.text) for line in head):  # 国务院办公厅 / 国办函〔2020〕1号
            at = 0
        else:
            return []
    start = at
    while start > 0 and organ_names(head[start - 1].text):
        start -= 1
    end = at + 1
    while end < len(head) and organ_names(head[end].text):
        end += 1
    names = []
    for line in head[start:end]:
        names += red_head_names(line.text) or organ_names(line.text)
        drops[line.no] = ISSUER_HEAD
    return list(dict.fromkeys(names))


def _title_lines(head: list[Line], number_at: int) -> list[Line]:
    """The title's lines: below the number (GB/T 9704), joined when wrapped; else the heading above it (web copies)."""
    below = [line for line in head[number_at + 1 :] if boilerplate_rule(line.text) is None]
    lines: list[Line] = []
    for line in below[:3]:
        if not is_title_like(line.text) or line.text.endswith(("：", ":")) or organ_names(line.text):
            break
        lines.append(line)
        if _document_kinds().search("".join(part.text for part in lines)):
            return lines
    if lines:
        return lines[:1]
    above = [
        line
        for line in head[:number_at]
        if boilerplate_rule(line.text) is None and not organ_names(line.text) and not red_head_names(line.text)
    ]
    if not above or not is_title_like(above[-1].text):
        return []
    start = len(above) - 1
    while start > 0 and len(above) - start < 3 and _CUT_TITLE.search(above[start - 1].text):
        start -= 1  # 重庆市人民政府办公厅关于 / 促进内外贸一体化发展的实施意见: a title wrapped mid-phrase
    return above[start:]


# A line that stops where no title ends (on 关于, 的, a conjunction): the title goes on below it.
_CUT_TITLE = re.compile(r"(?:关于|的|和|及|与|暨|、)$")


def _signature(lines: list[Line]) -> tuple[str, str]:
    """Issuer and date of the first signature block: organ lines over a date alone on its line, after the body starts."""
    body_started = False
    for index, line in enumerate(lines):
        if not body_started:
            body_started = bool(SENTENCE_END.search(line.text))
            continue
        date = closing_date(line.text)
        if not date:
            continue
        start = index
        while start > 0 and index - start < _SIGNATURE_ORGANS and organ_names(lines[start - 1].text):
            start -= 1
        if start < index:
            names = [name for above in lines[start:index] for name in organ_names(above.text)]
            return "、".join(dict.fromkeys(names)), date
    return "", ""
