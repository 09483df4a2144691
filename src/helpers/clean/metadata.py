"""Metadata: dates, datelines, the labels pages print before their fields, and the title and author.

Metadata (title, date, source, author) is read from the edited lines before the lines that carry it
are dropped; ``drop_dateline`` then drops the datelines, and once the article knows its title and
author, ``METADATA_DROPS`` take the title line and a paper's author line off its text.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from helpers.clean.boilerplate import (
    boilerplate_patterns,
    boilerplate_rule,
    is_furniture_sized,
)
from helpers.clean.document import Article, Line
from helpers.clean.shapes import CLAUSE_PUNCTUATION, HAN, SENTENCE_END, is_title_like
from helpers.config import read_data_table
from helpers.hanzi import is_hanzi

# ---------------------------------------------------------------------------
# Dates and datelines
# ---------------------------------------------------------------------------

_DATE_PATTERNS = [
    re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"),
    # two-digit year, only when a clock time follows (09-11-05 17:10), as portals print it
    re.compile(r"(?<![\d-])(\d{2})-(\d{1,2})-(\d{1,2})(?=\s+\d{1,2}:\d{2})"),
]
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")


def parse_date(text: str) -> str:
    """The first full calendar date in ``text`` in digits as ISO 8601, or ``""``.

    >>> parse_date("内蒙古新闻网 09-11-05 17:10"), parse_date("2012年06月02日")
    ('2009-11-05', '2012-06-02')
    """
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            year, month, day = (int(group) for group in match.groups())
            if year < 100:
                year += 2000 if year < 70 else 1900
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return ""


def _strip_dates(text: str) -> str:
    for pattern in _DATE_PATTERNS:
        text = pattern.sub(" ", text)
    return _TIME.sub(" ", text)


# A date in Chinese numerals, as 公文 print their 成文日期 (GB/T 9704 allows both notations): the year
# digit by digit (二〇二六, 二零二六, 二○○四), month and day as numbers (十二月, 二十七日), 元月 for January.
CHINESE_ZEROS = "〇○零OＯ◯0０\u041e\u039f"  # typed and extracted as a circle, a Latin, Cyrillic or Greek O, a digit
_DIGIT_VALUES = {
    **dict.fromkeys(CHINESE_ZEROS, 0),
    **{char: value for value, char in enumerate("一二三四五六七八九", start=1)},
}
_CHINESE_DATE = re.compile(
    rf"(?<![{CHINESE_ZEROS}一二三四五六七八九十])([一二][{CHINESE_ZEROS}一二三四五六七八九]{{3}})\s*年\s*(元|十[一二]?|[一二三四五六七八九])\s*月"
    r"(?:\s*(三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号])?"
)


def _chinese_number(word: str) -> int:
    """A number from one to thirty-one in Chinese numerals (十二, 二十七, 三十; 元 for the first month)."""
    tens, ten, ones = word.partition("十")
    return _DIGIT_VALUES.get(tens, 1) * 10 + _DIGIT_VALUES.get(ones, 0) if ten else _DIGIT_VALUES.get(word, 1)


def chinese_numeral_date(text: str) -> str:
    """The first date in Chinese numerals in ``text`` as ISO 8601 (``YYYY-MM`` when it names no day), or ``""``.

    >>> chinese_numeral_date("二〇二六年一月二十七日"), chinese_numeral_date("二〇二六年元月")
    ('2026-01-27', '2026-01')
    >>> chinese_numeral_date("二零二六年十二月三十一日"), chinese_numeral_date("二〇二六年二月三十日")
    ('2026-12-31', '')
    """
    for match in _CHINESE_DATE.finditer(text):
        year = int("".join(str(_DIGIT_VALUES[char]) for char in match.group(1)))
        month = _chinese_number(match.group(2))
        if not match.group(3):
            return f"{year:04d}-{month:02d}"
        day = _chinese_number(match.group(3))
        if day <= calendar.monthrange(year, month)[1]:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return ""


# any short "label：" of a field row (发布机构：, 文号：), so only the value is left
_FIELD_LABEL = re.compile(rf"(?<![{HAN}])[{HAN}]{{2,5}}[:：]")
_SOURCE_NAME = re.compile(rf"^[{HAN}A-Za-z0-9·《》\-－—/]{{2,24}}$")  # 人民网－中国共产党新闻网
_DATELINE_PUNCTUATION = re.compile(r"[【】\[\]|｜:：()（）]")


def dateline_source(line: str) -> tuple[str, str] | None:
    """``(date, source)`` when ``line`` is a dateline: a short line that is a date plus at most an outlet.

    >>> dateline_source("新文化报2017/05/23 08:14"), dateline_source("二〇二六年一月二十七日")
    (('2017-05-23', '新文化报'), ('2026-01-27', ''))
    """
    if len(line) > 80 or CLAUSE_PUNCTUATION.search(line):
        return None  # a sentence that mentions a date (截至2019年12月31日，…) is body text
    date = parse_date(line)
    if not date:
        # in Chinese numerals only a date alone on its line (a 成文日期): older texts write every date so, and
        # a short line that has words beside one (一九七〇年五月二十日声明) is a statement's
        alone = chinese_numeral_date(line) if _CHINESE_DATE.fullmatch(line.strip()) else ""
        return (alone, "") if len(alone) == 10 else None
    rest = _strip_dates(line)
    rest = _widgets().sub(" ", rest)
    rest = _labels().dateline_label.sub(" ", rest)
    rest = _FIELD_LABEL.sub(" ", rest)
    rest = _DATELINE_PUNCTUATION.sub(" ", rest)
    words = rest.split()
    if len("".join(words)) > 20 or not all(
        _SOURCE_NAME.match(word) or len(word) == 1 or not any(map(is_hanzi, word)) for word in words
    ):
        return None
    if any(_labels().time_words.search(word) for word in words):
        return None  # 截至, 自…起, 于: the date belongs to a statement, not to the page
    source = next((word for word in words if _SOURCE_NAME.match(word) and any(map(is_hanzi, word))), "")
    return date, source.strip("《》")


@lru_cache(maxsize=1)
def _widgets() -> re.Pattern:
    """The page widgets a dateline may carry beside its date (打印, 关闭, 收藏)."""
    return re.compile(
        "|".join(f"(?:{pattern.pattern})" for pattern in boilerplate_patterns("page_widget", "lone_widget"))
    )


def drop_dateline(line: str) -> bool:
    """A dateline (date, time, outlet and widgets) or a date standing alone on its line.

    >>> drop_dateline("发布时间：2023-08-16 10:25"), drop_dateline("截至2019年12月31日，全县共有党员2.3万名。")
    (True, False)
    """
    return dateline_source(line) is not None


# ---------------------------------------------------------------------------
# Labels from data/metadata_labels.tsv
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MetadataLabels:
    """Patterns built from ``data/metadata_labels.tsv``: the labels pages print before their metadata."""

    dateline_label: re.Pattern  # a date or source label inside a dateline (发布时间：, 来源：)
    time_words: re.Pattern  # a word that makes a date part of a statement (截至, 以来)
    labelled_title: re.Pattern  # 标题：关于……的通知 (group 1: the title)
    labelled_source: re.Pattern  # 来源：人民网 (group 1: the outlet)
    labelled_author: re.Pattern  # 作者：张三 (group 1: the names)
    reporter_credit: re.Pattern  # （记者 张三 通讯员 李四） at a line's end (group 1: the names with roles)
    credit_role: re.Pattern  # a role word and the space after it, to leave the names
    field_label: re.Pattern  # a label of a gov.cn metadata block and its colon (group 1: the label)
    field_columns: dict[str, str]  # each such label, its spaces removed, → the field its value fills


def _alternatives(words: list[str], spaced: bool = False) -> str:
    """Words as a regex alternation, longest first so a longer label wins (文章来源 before 来源)."""
    ordered = sorted(dict.fromkeys(words), key=len, reverse=True)
    return "|".join(r"\s*".join(map(re.escape, word)) if spaced else re.escape(word) for word in ordered)


LABEL_KINDS = (
    "date_label_prefix",
    "date_label",
    "source_label",
    "author_label",
    "credit_role",
    "title_label",
    "time_word_start",
    "time_word_end",
)
# The labels of a gov.cn-style metadata block, by the field their value fills.
FIELD_KINDS = {
    f"field_{name}": name
    for name in ("index_no", "topic", "issuer", "date", "title", "doc_number", "published", "other")
}


@lru_cache(maxsize=1)
def _labels() -> MetadataLabels:
    words: dict[str, list[str]] = {}
    for row in read_data_table("metadata_labels.tsv"):
        if len(row) != 2 or (row[0] not in LABEL_KINDS and row[0] not in FIELD_KINDS) or not row[1].strip():
            raise ValueError(
                f"data/metadata_labels.tsv: expected 'kind<TAB>word' with a kind from {LABEL_KINDS + tuple(FIELD_KINDS)}, got {row}"
            )
        words.setdefault(row[0], []).append(row[1].strip())
    missing = [kind for kind in (*LABEL_KINDS, *FIELD_KINDS) if kind not in words]
    if missing:
        raise ValueError(f"data/metadata_labels.tsv: no entries for {missing}")
    source = _alternatives(words["source_label"])
    date = f"(?:{_alternatives(words['date_label_prefix'])})?(?:{_alternatives(words['date_label'])})"
    roles = _alternatives(words["credit_role"])
    name = rf"[{HAN}·]{{2,4}}"
    return MetadataLabels(
        dateline_label=re.compile(rf"(?:{date}|{source})\s*[:：]"),
        time_words=re.compile(
            rf"^(?:{_alternatives(words['time_word_start'])})|(?:{_alternatives(words['time_word_end'])})$"
        ),
        labelled_title=re.compile(
            rf"^\s*(?:{_alternatives(words['title_label'], spaced=True)})\s*[:：]\s*(\S.{{2,}})$"
        ),
        labelled_source=re.compile(rf"(?:{source})\s*[:：]\s*《?([{HAN}A-Za-z0-9·]{{2,20}})》?"),
        labelled_author=re.compile(
            rf"(?:{_alternatives(words['author_label'])})\s*[:：]\s*({name}(?:[ 、,，]{name}){{0,3}})(?=$|\s|[^{HAN}·]|{source})"
        ),
        reporter_credit=re.compile(
            rf"[（(]((?:(?:{roles})\s*)?{name}(?:\s+(?:(?:{roles})\s*)?{name}){{0,4}})[)）]\s*$"
        ),
        credit_role=re.compile(rf"(?:{roles})\s*"),
        field_label=re.compile(
            rf"(?<![{HAN}])({_alternatives([word for kind in FIELD_KINDS for word in words[kind]], spaced=True)})\s*[:：]"
        ),
        field_columns={word: column for kind, column in FIELD_KINDS.items() for word in words[kind]},
    )


# ---------------------------------------------------------------------------
# Title, date, source and author of a document
# ---------------------------------------------------------------------------


def header_metadata(lines: list[Line]) -> dict[str, str]:
    """Title, date, source and author from the head (and tail) of a document's edited lines.

    >>> header_metadata([Line(1, "加强基层党组织建设"), Line(2, "来源：人民网 2012-06-02"), Line(3, "正文。")])
    {'title': '加强基层党组织建设', 'date': '2012-06-02', 'source': '人民网', 'author': ''}
    """
    meta = {"title": "", "date": "", "source": "", "author": ""}
    head = [line for line in lines[:15] if line.text]
    for index, line in enumerate(head):
        found = dateline_source(line.text)
        if found is None:
            continue
        meta["date"], meta["source"] = found
        if not all(is_furniture_sized(above.text) for above in head[:index]):
            break  # a date under the body closes the document (成文日期): the line above it is its signature
        # the title is the heading just above the dateline block (skipping a bare date label)
        above = [line.text for line in head[:index] if not _is_date_label(line.text)]
        candidates = [text for text in above if is_title_like(text) and boilerplate_rule(text) is None]
        if candidates:
            meta["title"] = candidates[-1]
        break
    # 政府信息公开 pages print a table of fields (索引号, 发布机构, 发文日期) above the title
    table_rows = [index for index, line in enumerate(head) if _is_field_row(line.text)]
    if table_rows:
        below = [line.text for line in head[table_rows[-1] + 1 :] if boilerplate_rule(line.text) is None]
        if below and is_title_like(below[0]):
            meta["title"] = below[0]
    labelled = next(
        (match.group(1).strip() for line in head if (match := _labels().labelled_title.match(line.text))), ""
    )
    if labelled:
        meta["title"] = labelled
    # labelled fields stand in a page's head or foot, never in its body (资金来源：… is not an outlet)
    edges = "\n".join(line.text for line in lines[:15] + lines[-10:] if is_furniture_sized(line.text))
    if not meta["source"]:
        match = _labels().labelled_source.search(edges)
        if match:
            meta["source"] = match.group(1)
    match = _labels().labelled_author.search(edges)
    if match:
        meta["author"] = match.group(1)
    elif lines:
        tail = next((line.text for line in reversed(lines) if line.text and boilerplate_rule(line.text) is None), "")
        credit = _labels().reporter_credit.search(tail)
        if credit:
            meta["author"] = _labels().credit_role.sub("", credit.group(1)).strip()
    return meta


def field_labels() -> tuple[re.Pattern, dict[str, str]]:
    """The labels of a gov.cn-style metadata block (group 1 of the pattern) and the field each one's value fills."""
    return _labels().field_label, _labels().field_columns


def _is_field_row(text: str) -> bool:
    """A row of a disclosure page's field table; its own pattern first, as it rarely matches and the full rule set costs."""
    return (
        any(pattern.search(text) for pattern in boilerplate_patterns("gov_info_table"))
        and boilerplate_rule(text) == "gov_info_table"
    )


def _is_date_label(text: str) -> bool:
    return boilerplate_rule(text) == "date_label"


_AUTHOR_LINE = re.compile(rf"^[{HAN}·]{{2,4}}(?:[ 、,，][{HAN}·]{{2,4}}){{0,5}}$")
ABSTRACT_LABEL = re.compile(r"[\[【]?\s*摘\s*要\s*[\]】]?\s*[:：]?\s*")


def author_line_names(text: str) -> str:
    """The names of a line that is only a paper's authors, joined by 、; ``""`` for any other line.

    >>> author_line_names("李某某 王某"), author_line_names("加强党的建设。")
    ('李某某、王某', '')
    """
    return "、".join(re.split(r"[ 、,，]", text)) if _AUTHOR_LINE.match(text) else ""


def plain_title(lines: list[Line]) -> str:
    """A first line that heads the text: over a body paragraph (a plain file) or over an
    author line or an abstract (a paper: 标题 / 李某某 王某 / （单位） / 摘要：…).

    >>> plain_title([Line(1, "全力构筑红色堡垒"), Line(2, "全县各级党组织认真落实三会一课制度。")])
    '全力构筑红色堡垒'
    """
    if len(lines) < 2 or not is_title_like(lines[0].text) or lines[0].text.endswith(("：", ":")):
        return ""  # a line ending in a colon addresses (各市、县人民政府：) or leads in; it heads nothing
    first, second = lines[0].text, lines[1].text
    if len(second) > 2 * len(first) or SENTENCE_END.search(second):
        return first
    if _AUTHOR_LINE.match(second) or any(
        ABSTRACT_LABEL.match(line.text) and "摘" in line.text[:3] for line in lines[1:4]
    ):
        return first
    return ""


def paper_author(lines: list[Line], title: str) -> str:
    """Names on the line under a paper's title (李某某 王某 → 李某某、王某).

    >>> paper_author([Line(1, "论基层党建"), Line(2, "李某某 王某")], "论基层党建")
    '李某某、王某'
    """
    if len(lines) >= 2 and lines[0].text == title:
        return author_line_names(lines[1].text)
    return ""


# ---------------------------------------------------------------------------
# Lines that are metadata once the article knows it
# ---------------------------------------------------------------------------


def title_lines(article: Article) -> Callable[[Line], bool]:
    """The lines that repeat the article's ``title``.

    >>> article = Article([Line(1, "加强党的建设"), Line(2, "正文。")], title="加强党的建设")
    >>> [title_lines(article)(line) for line in article.lines]
    [True, False]
    """
    return lambda line: bool(article.title) and line.text == article.title


def author_line(article: Article) -> Callable[[Line], bool]:
    """The article's first line when it is only the names already in its ``author`` (a paper's author line).

    >>> article = Article([Line(2, "李某某 王某"), Line(3, "李某某 王某")], author="李某某、王某")
    >>> [author_line(article)(line) for line in article.lines]
    [True, False]
    """
    first = article.lines[0] if article.lines else None
    return lambda line: line is first and bool(article.author) and author_line_names(line.text) == article.author


# In this order, on a single document's article (a compilation's articles had their heads parsed when it was split).
METADATA_DROPS: list[tuple[str, Callable[[Article], Callable[[Line], bool]]]] = [
    ("metadata_title", title_lines),
    ("metadata_author", author_line),
]
