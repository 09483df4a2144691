"""Raw table → cleaned articles and an audit of every line removed or changed.

Cleaning is a list of small named rules applied to the lines of a document, in
this order (``CLEANING_RULES``):

1. line edits, each ``str -> str``: ``strip_markup``, ``repair_mojibake``,
   ``remove_pinyin_annotations``, ``to_simplified`` (OpenCC t2s, whole document),
   ``normalise_width``, ``normalise_whitespace``;
2. metadata (title, date, source, author) is read from the edited lines,
   *before* the lines that carry it are dropped;
3. line drops, each ``str -> bool``: ``drop_blank``, ``drop_mojibake``,
   boilerplate patterns from ``data/boilerplate_patterns.tsv`` (rule named
   after the pattern), ``drop_dateline``, ``drop_stray_number``, ``drop_ocr_junk``;
4. a compilation of several articles is split into one row per article
   (``article_title``, ``article_header``, ``compilation_preamble``);
5. ``metadata_title`` and ``metadata_author`` drop the title and a paper's author line, ``duplicate_line``
   drops a line already seen in the same article.

Every edit and drop becomes one audit row ``doc_id, line_no, rule, before, after``
(``after`` empty for a drop), with ``line_no`` the 1-based line of ``text_raw``.
``clean_corpus`` is idempotent: cleaning its own output changes nothing.

    docs, audit = clean_corpus(load_corpus("seeds"))
"""
from __future__ import annotations

import html
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial

import pandas as pd

from helpers.corpus import records_frame
from helpers.hanzi import common_share, count_hanzi, is_hanzi, is_suspect, rare_share
from helpers.parallel import map_documents
from helpers.config import read_data_table

DOC_COLUMNS = [
    "doc_id", "parent_id", "title", "date", "source", "author", "published",
    "script", "n_chars_raw", "n_chars", "text", "text_raw",
]
AUDIT_COLUMNS = ["doc_id", "line_no", "rule", "before", "after"]

# Lines longer than this are body text whatever they contain.
SHORT_LINE = 120
TITLE_MAX = 80  # 关于印发……的通知 titles run long
HAN = r"\u4e00-\u9fff"


# ---------------------------------------------------------------------------
# Line edits: str -> str
# ---------------------------------------------------------------------------

_CDATA = re.compile(r"<!\[CDATA\[|\]\]>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--.*?-->")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});")


def strip_markup(line: str) -> str:
    """HTML/XML tags, comments, CDATA wrappers and entities, keeping the text between tags.

    >>> strip_markup("<p>加强<b>基层</b>党建&nbsp;工作</p>")
    '加强基层党建 工作'
    """
    if "<" not in line and "&" not in line:
        return line
    line = _CDATA.sub("", line)
    line = _TAG.sub("", line)
    if _ENTITY.search(line):
        line = html.unescape(line).replace("\xa0", " ")
    return line


_PINYIN_VOWEL = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_NOTE = re.compile(
    rf"(?<=[{HAN}])[（(]([a-zü{_PINYIN_VOWEL}]{{0,6}}[{_PINYIN_VOWEL}][a-zü{_PINYIN_VOWEL}]{{0,6}})[)）]"
)


def remove_pinyin_annotations(line: str) -> str:
    """Tone-marked pinyin in brackets after a character, as left by conversion tools.

    Brackets with other content are kept.

    >>> remove_pinyin_annotations("三創(chuàng)活動，鄉(xiāng)(鎮(zhèn))")
    '三創活動，鄉(鎮)'
    """
    return _PINYIN_NOTE.sub("", line)


# 锟斤拷 is what U+FFFD becomes when UTF-8 is read as GBK: a fixed sign of lost text
_MOJIBAKE_HINT = re.compile(rf"[\u3100-\u312f\ue000-\uf8ff\ufffd]|[{HAN}]\?+[A-Za-z{HAN}]|^\?[^\s?]|锟斤拷")
# every alternative of _MOJIBAKE_HINT contains one of these characters: a one-class scan rules a line out fast
_MOJIBAKE_CHARS = re.compile(r"[\u3100-\u312f\ue000-\uf8ff\ufffd?锟]")
_DAMAGE = re.compile(rf"(?<=[{HAN}])[\ufffd?]+[A-Za-z]?(?=[{HAN}])|[\ufffd]+|(?:锟斤拷)+")
# how much more "common Chinese" a re-reading must be to replace the line
_REPAIR_GAIN = 0.2


# A document whose distinct hanzi are at least this share uncommon may hold a garbled
# line without any tell-tale mark (UTF-8 read as GBK); clean documents stay under 0.02,
# one garbled sentence lifts a page to about 0.07.
SUSPECT_DOCUMENT_RARE_SHARE = 0.03


@lru_cache(maxsize=8192)  # asked twice per line: before repair and again when dropping
def _looks_garbled(line: str, check_rare: bool = True) -> bool:
    """Cheap first test: marks a wrong decoding leaves, or (when ``check_rare``) mostly uncommon characters."""
    if _MOJIBAKE_CHARS.search(line) and _MOJIBAKE_HINT.search(line):
        return True
    return check_rare and len(line) >= 4 and rare_share(line) > 0.4


def _mojibake_score(text: str) -> float:
    damage = text.count("\ufffd") + text.count("?")
    return common_share(text) - 0.05 * damage


def _rereadings(line: str) -> list[str]:
    """The line's text as it would read had its bytes been decoded correctly."""
    readings = []
    gb = line.encode("gb18030")
    for shift in (1, 2, 3):  # GBK bytes read one or two bytes off their alignment
        readings.append(gb[shift:].decode("gb18030", errors="replace"))
    for wrong, right in (("gb18030", "utf-8"), ("latin-1", "gb18030"), ("cp1252", "utf-8")):
        try:
            readings.append(line.encode(wrong).decode(right, errors="replace"))
        except UnicodeEncodeError:
            continue
    return readings


def repair_mojibake(line: str, check_rare: bool = True) -> str:
    """Re-read a line whose bytes were decoded with the wrong codec or alignment.

    Tries the usual accidents (GBK shifted by a byte, UTF-8 read as GBK, GBK read
    as Latin-1) and keeps the reading that is clearly more common Chinese; what
    stays damaged is marked with □, the conventional sign for an illegible character.

    >>> repair_mojibake("?。ㄗ髡呦抵泄")   # "（作者系中共" read one byte off; the cut final byte is lost
    '（作者系中□'
    """
    if not _looks_garbled(line, check_rare):
        return line
    if "锟斤拷" in line:
        return _DAMAGE.sub("□", line)
    best = max(_rereadings(line), key=_mojibake_score)
    # a wrong alignment resynchronises after a single-byte character, so judge
    # only the stretch where the two readings differ
    damaged, repaired = _differing_parts(line, best)
    if _mojibake_score(repaired) < _mojibake_score(damaged) + _REPAIR_GAIN:
        return line
    return _DAMAGE.sub("□", best).strip("\ufffd?")


def _differing_parts(a: str, b: str) -> tuple[str, str]:
    """``a`` and ``b`` without their common prefix and common suffix."""
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    return a[prefix:len(a) - suffix], b[prefix:len(b) - suffix]


def to_simplified_lines(lines: list[str]) -> list[str]:
    """Traditional → simplified with OpenCC (t2s), the whole document at once.

    >>> to_simplified_lines(["基層黨組織建設"])
    ['基层党组织建设']
    """
    converted = _opencc().convert("\n".join(lines)).split("\n")
    return converted if len(converted) == len(lines) else [_opencc().convert(line) for line in lines]


@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


# Full-width ASCII letters, digits and arithmetic signs → half-width. Chinese
# punctuation (，。：；（）“”) is left alone: it is part of the text, not noise.
_WIDTH_TABLE = {
    **{code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)},  # ０-９
    **{code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)},  # Ａ-Ｚ
    **{code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)},  # ａ-ｚ
    ord("％"): "%", ord("＋"): "+", ord("﹢"): "+", ord("＝"): "=", ord("＜"): "<",
    ord("＞"): ">", ord("＠"): "@", ord("＃"): "#", ord("＆"): "&", ord("＿"): "_",
}


_FULL_WIDTH = re.compile("[" + "".join(chr(code) if isinstance(code, int) else code for code in _WIDTH_TABLE) + "]")


def normalise_width(line: str) -> str:
    """Full-width digits, Latin letters and arithmetic signs to their ASCII forms.

    >>> normalise_width("覆盖率达到７６％，“１﹢ｎ”模式")
    '覆盖率达到76%，“1+n”模式'
    """
    if not _FULL_WIDTH.search(line):
        return line
    return line.translate(_WIDTH_TABLE)


_SPACES = re.compile(r"[ \t\u3000\xa0\u2002-\u200b\ufeff]+")


def normalise_whitespace(line: str) -> str:
    """Trim the line and collapse runs of spaces (ideographic, no-break, zero-width) to one.

    >>> normalise_whitespace("\u3000\u3000加强党的建设  ")
    '加强党的建设'
    """
    return _SPACES.sub(" ", line).strip()


# ---------------------------------------------------------------------------
# Line drops: str -> bool
# ---------------------------------------------------------------------------

def drop_blank(line: str) -> bool:
    """An empty line (after whitespace normalisation)."""
    return not line


def drop_mojibake(line: str, check_rare: bool = True) -> bool:
    """A line that is still mostly wrong-codec garbage after ``repair_mojibake``."""
    garbled = _looks_garbled(line, check_rare)
    if not garbled and "□" not in line:
        return False
    if line.count("□") * 2 >= len(line.replace(" ", "")):
        return True
    suspects = sum(map(is_suspect, line))
    # a few private-use characters stand for rare name characters in long official texts
    too_many = suspects >= 3 if len(line) <= 40 else suspects > 0.1 * len(line)
    return garbled and common_share(line) < 0.6 or too_many


_STRAY_NUMBER = re.compile(r"^[\d\s.·•\-—_/|*#]{1,6}$")


def drop_stray_number(line: str) -> bool:
    """A line that is only a number or a few symbols: page numbers, list debris.

    >>> drop_stray_number("1"), drop_stray_number("163万党员")
    (True, False)
    """
    return bool(_STRAY_NUMBER.match(line))


_LATIN_RUN = re.compile(r"[A-Za-z]{3,}")
_SENTENCE_END = re.compile(r"[。！？!?；;]")


def impurity(line: str) -> float:
    """Share of characters that are neither common hanzi, Chinese punctuation nor spaces.

    The "impurity" score of *Blueprints for Text Analytics*, adapted to Chinese.
    """
    if not line:
        return 0.0
    from helpers.hanzi import common_hanzi

    common = common_hanzi()
    clean = sum(ch in common or ch.isspace() or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
                or ch in "“”‘’、，。：；！？（）《》—…·" for ch in line)
    return 1 - clean / len(line)


def drop_ocr_junk(line: str) -> bool:
    """OCR debris: a short line mixing rare characters with stray Latin and digits, no sentence.

    >>> drop_ocr_junk("凸站匕昭址I ALLCIRCLES兄建与收束1")
    True
    """
    if len(line) > SHORT_LINE or _SENTENCE_END.search(line):
        return False
    hanzi = count_hanzi(line)
    latin = _LATIN_RUN.search(line)
    if hanzi and latin and re.search(r"[A-Za-z0-9]", line[:1] + line[-1:] + line) and _mixed_script(line):
        return True
    return hanzi >= 4 and common_share(line) < 0.5


def _mixed_script(line: str) -> bool:
    """Latin letters glued to hanzi on both sides of a word, as OCR of a masthead produces."""
    return bool(re.search(rf"[{HAN}][A-Za-z]+\s*[A-Z]{{3,}}[{HAN}]|[{HAN}][A-Z]{{4,}}[{HAN}\d]", line))


# ---------------------------------------------------------------------------
# Dates, datelines and metadata
# ---------------------------------------------------------------------------

_DATE_PATTERNS = [
    re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"),
    # two-digit year, only when a clock time follows (09-11-05 17:10), as portals print it
    re.compile(r"(?<![\d-])(\d{2})-(\d{1,2})-(\d{1,2})(?=\s+\d{1,2}:\d{2})"),
]
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")


def parse_date(text: str) -> str:
    """The first full calendar date in ``text`` as ISO 8601, or ``""``.

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


_CLAUSE_PUNCTUATION = re.compile(r"[。，；！？,;!?]")  # for datelines; boilerplate strips a final 。 first
# any short "label：" of a field row (发布机构：, 文号：), so only the value is left
_FIELD_LABEL = re.compile(rf"(?<![{HAN}])[{HAN}]{{2,5}}[:：]")
_SOURCE_NAME = re.compile(rf"^[{HAN}A-Za-z0-9·《》\-－—/]{{2,24}}$")  # 人民网－中国共产党新闻网


def dateline_source(line: str) -> tuple[str, str] | None:
    """``(date, source)`` when ``line`` is a dateline: a short line that is a date plus at most an outlet.

    >>> dateline_source("新文化报2017/05/23 08:14")
    ('2017-05-23', '新文化报')
    """
    if len(line) > 80 or _CLAUSE_PUNCTUATION.search(line):
        return None  # a sentence that mentions a date (截至2019年12月31日，…) is body text
    date = parse_date(line)
    if not date:
        return None
    rest = _strip_dates(line)
    rest = _boilerplate_widgets().sub(" ", rest)
    rest = _labels().dateline_label.sub(" ", rest)
    rest = _FIELD_LABEL.sub(" ", rest)
    rest = re.sub(r"[【】\[\]|｜:：()（）]", " ", rest)
    words = rest.split()
    if len("".join(words)) > 20 or not all(_SOURCE_NAME.match(word) or len(word) == 1 or not any(map(is_hanzi, word))
                                           for word in words):
        return None
    if any(_labels().time_words.search(word) for word in words):
        return None  # 截至, 自…起, 于: the date belongs to a statement, not to the page
    source = next((word for word in words if _SOURCE_NAME.match(word) and any(map(is_hanzi, word))), "")
    return date, source.strip("《》")


@lru_cache(maxsize=1)
def _boilerplate_widgets() -> re.Pattern:
    widget_patterns = [pattern for name, _, pattern in read_data_table("boilerplate_patterns.tsv")
                       if name in ("page_widget", "lone_widget")]
    return re.compile("|".join(f"(?:{p})" for p in widget_patterns))


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


def _alternatives(words: list[str], spaced: bool = False) -> str:
    """Words as a regex alternation, longest first so a longer label wins (文章来源 before 来源)."""
    ordered = sorted(dict.fromkeys(words), key=len, reverse=True)
    return "|".join(r"\s*".join(map(re.escape, word)) if spaced else re.escape(word) for word in ordered)


LABEL_KINDS = ("date_label_prefix", "date_label", "source_label", "author_label", "credit_role", "title_label",
               "time_word_start", "time_word_end")


@lru_cache(maxsize=1)
def _labels() -> MetadataLabels:
    words: dict[str, list[str]] = {}
    for row in read_data_table("metadata_labels.tsv"):
        if len(row) != 2 or row[0] not in LABEL_KINDS or not row[1].strip():
            raise ValueError(f"data/metadata_labels.tsv: expected 'kind<TAB>word' with a kind from {LABEL_KINDS}, got {row}")
        words.setdefault(row[0], []).append(row[1].strip())
    missing = [kind for kind in LABEL_KINDS if kind not in words]
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
        labelled_title=re.compile(rf"^\s*(?:{_alternatives(words['title_label'], spaced=True)})\s*[:：]\s*(\S.{{2,}})$"),
        labelled_source=re.compile(rf"(?:{source})\s*[:：]\s*《?([{HAN}A-Za-z0-9·]{{2,20}})》?"),
        labelled_author=re.compile(
            rf"(?:{_alternatives(words['author_label'])})\s*[:：]\s*({name}(?:[ 、,，]{name}){{0,3}})(?=$|\s|[^{HAN}·]|{source})"
        ),
        reporter_credit=re.compile(rf"[（(]((?:(?:{roles})\s*)?{name}(?:\s+(?:(?:{roles})\s*)?{name}){{0,4}})[)）]\s*$"),
        credit_role=re.compile(rf"(?:{roles})\s*"),
    )


def drop_dateline(line: str) -> bool:
    """A dateline (date, time, outlet and widgets) or a date standing alone on its line."""
    return dateline_source(line) is not None


def is_title_like(line: str) -> bool:
    """Short, no sentence punctuation, starts like a heading (not a list marker or symbol).

    >>> is_title_like("全力构筑“红色堡垒”"), is_title_like("一、创业示范"), is_title_like("加强党的建设。")
    (True, False, False)
    """
    if not 4 <= len(line) <= TITLE_MAX or _SENTENCE_END.search(line):
        return False
    if re.match(rf"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])", line):
        return False
    return bool(re.match(rf"^[{HAN}“《\"「]", line)) and count_hanzi(line) >= len(line) / 2


# ---------------------------------------------------------------------------
# Boilerplate patterns from data/
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class BoilerplateRule:
    name: str
    short_only: bool
    pattern: re.Pattern



@lru_cache(maxsize=1)
def boilerplate_rules() -> tuple[BoilerplateRule, ...]:
    """The patterns of ``data/boilerplate_patterns.tsv``, compiled once."""
    rules = []
    for name, scope, pattern in read_data_table("boilerplate_patterns.tsv"):
        rules.append(BoilerplateRule(name, scope == "short", re.compile(pattern)))
    return tuple(rules)


@lru_cache(maxsize=1)
def _rules_by_length() -> tuple[tuple[tuple[str, re.Pattern], ...], tuple[tuple[str, re.Pattern], ...]]:
    """(rules for short lines, rules for long lines): long lines only meet the "any"-scope rules."""
    rules = boilerplate_rules()
    return (
        tuple((rule.name, rule.pattern) for rule in rules),
        tuple((rule.name, rule.pattern) for rule in rules if not rule.short_only),
    )


def boilerplate_rule(line: str) -> str | None:
    """Name of the first boilerplate pattern ``line`` matches, else None.

    >>> boilerplate_rule("蒙ICP证:05000481 号")
    'licence'
    """
    short_rules, long_rules = _rules_by_length()
    # "short" rules are for page furniture: a line with clauses (commas, or a full stop before its end) is body text
    is_furniture_sized = len(line) <= SHORT_LINE and not _CLAUSE_PUNCTUATION.search(line.rstrip("。. "))
    for name, pattern in short_rules if is_furniture_sized else long_rules:
        if pattern.search(line):
            return name
    return None


# ---------------------------------------------------------------------------
# The document pipeline
# ---------------------------------------------------------------------------

LINE_EDITS: list[tuple[str, Callable[[str], str]]] = [
    ("strip_markup", strip_markup),
    ("repair_mojibake", repair_mojibake),
    ("remove_pinyin_annotations", remove_pinyin_annotations),
    # to_simplified runs here, on the whole document (see _edit_lines)
    ("normalise_width", normalise_width),
    ("normalise_whitespace", normalise_whitespace),
]
LINE_DROPS: list[tuple[str, Callable[[str], bool]]] = [
    ("drop_blank", drop_blank),
    ("drop_mojibake", drop_mojibake),
    # boilerplate patterns run here, each named after its data-file rule
    ("drop_dateline", drop_dateline),
    ("drop_stray_number", drop_stray_number),
    ("drop_ocr_junk", drop_ocr_junk),
]
# What a line must contain for a rule to touch it: a document with none of it skips the rule
# (one search of the document instead of one call per line). Each is exact, not a heuristic:
# markup needs < or &, tone-marked pinyin a tone-marked vowel, and so on.
_MARKUP_CHARS = re.compile(r"[<&]")
_PINYIN_VOWELS = re.compile(f"[{_PINYIN_VOWEL}]")
_MOJIBAKE_OR_BOX = re.compile(_MOJIBAKE_CHARS.pattern[:-1] + "□]")  # and the mark of an illegible character
_EDIT_NEEDS: dict[str, re.Pattern] = {
    "strip_markup": _MARKUP_CHARS,
    "repair_mojibake": _MOJIBAKE_CHARS,  # only when lines are not also tested for rare characters
    "remove_pinyin_annotations": _PINYIN_VOWELS,
    "normalise_width": _FULL_WIDTH,
}


CLEANING_RULES: list[str] = [
    "strip_markup", "repair_mojibake", "remove_pinyin_annotations", "to_simplified",
    "normalise_width", "normalise_whitespace",
    "drop_blank", "drop_mojibake", "boilerplate:<pattern name>", "drop_dateline",
    "drop_stray_number", "drop_ocr_junk",
    "compilation_preamble", "article_title", "article_header", "metadata_title", "metadata_author",
    "duplicate_line",
]


@dataclass
class Line:
    no: int
    text: str


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

    def text(self) -> str:
        """The document as its lines now read, one string (for the document-level shortcuts)."""
        return "\n".join(line.text for line in self.lines)

    def cannot_fire(self, may_fire: Callable[[str], object] | None) -> bool:
        """Whether a document-level test (``may_fire(document text)``) rules a rule out for every line."""
        return may_fire is not None and not may_fire(self.text())

    def edit(self, rule: str, func: Callable[[str], str], may_fire: Callable[[str], object] | None = None) -> None:
        """Apply ``func`` to every line; ``may_fire(document text)`` false means no line can change, so skip."""
        if self.cannot_fire(may_fire):
            return
        for line in self.lines:
            after = func(line.text)
            if after != line.text:
                self.audit.append((self.doc_id, line.no, rule, line.text, after))
                line.text = after

    def drop(self, rule: str, predicate: Callable[[str], bool], may_fire: Callable[[str], object] | None = None) -> None:
        """Drop the lines ``predicate`` holds for; ``may_fire(document text)`` false means none, so skip."""
        if self.cannot_fire(may_fire):
            return
        kept = []
        for line in self.lines:
            if predicate(line.text):
                self.audit.append((self.doc_id, line.no, rule, line.text, ""))
            else:
                kept.append(line)
        self.lines = kept


def _edit_lines(cleaning: DocumentCleaning, check_rare: bool) -> int:
    """Apply the line edits; return the number of characters OpenCC changed."""
    changed = 0
    for rule, func in LINE_EDITS:
        needs = _EDIT_NEEDS.get(rule)
        if rule == "repair_mojibake":
            func = partial(repair_mojibake, check_rare=check_rare)
            needs = None if check_rare else needs
        if rule == "normalise_width":
            before = [line.text for line in cleaning.lines]
            after = to_simplified_lines(before)
            for line, text in zip(cleaning.lines, after):
                if text != line.text:
                    changed += sum(map(operator.ne, line.text, text))
                    cleaning.audit.append((cleaning.doc_id, line.no, "to_simplified", line.text, text))
                    line.text = text
        cleaning.edit(rule, func, needs.search if needs else None)
    return changed


def _header_metadata(lines: list[Line]) -> dict:
    """Title, date, source and author from the head (and tail) of a document's edited lines."""
    meta = {"title": "", "date": "", "source": "", "author": ""}
    head = [line for line in lines[:15] if line.text]
    for index, line in enumerate(head):
        found = dateline_source(line.text)
        if found is None:
            continue
        meta["date"], meta["source"] = found
        # the title is the heading just above the dateline block (skipping a bare date label)
        above = [l.text for l in head[:index] if not _boilerplate_only_label(l.text)]
        candidates = [text for text in above if is_title_like(text) and boilerplate_rule(text) is None]
        if candidates:
            meta["title"] = candidates[-1]
        break
    # 政府信息公开 pages print a table of fields (索引号, 发布机构, 发文日期) above the title
    table_rows = [index for index, line in enumerate(head) if _is_field_row(line.text)]
    if table_rows:
        below = [line.text for line in head[table_rows[-1] + 1:] if boilerplate_rule(line.text) is None]
        if below and is_title_like(below[0]):
            meta["title"] = below[0]
    labelled = next((match.group(1).strip() for line in head if (match := _labels().labelled_title.match(line.text))), "")
    if labelled:
        meta["title"] = labelled
    # labelled fields stand in a page's head or foot, never in its body (资金来源：… is not an outlet)
    edges = "\n".join(line.text for line in lines[:15] + lines[-10:]
                      if len(line.text) <= SHORT_LINE and not _CLAUSE_PUNCTUATION.search(line.text.rstrip("。. ")))
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


@lru_cache(maxsize=1)
def _field_row_patterns() -> tuple[re.Pattern, ...]:
    return tuple(rule.pattern for rule in boilerplate_rules() if rule.name == "gov_info_table")


def _is_field_row(text: str) -> bool:
    """A row of a disclosure page's field table; its own pattern first, as it rarely matches and the full rule set costs."""
    return any(pattern.search(text) for pattern in _field_row_patterns()) and boilerplate_rule(text) == "gov_info_table"


def _boilerplate_only_label(text: str) -> bool:
    return boilerplate_rule(text) == "date_label"


_AUTHOR_LINE = re.compile(rf"^[{HAN}·]{{2,4}}(?:[ 、,，][{HAN}·]{{2,4}}){{0,5}}$")


def _plain_title(lines: list[Line]) -> str:
    """A first line that heads the text: over a body paragraph (a plain file) or over an
    author line or an abstract (a paper: 标题 / 李某某 王某 / （单位） / 摘要：…)."""
    if len(lines) < 2 or not is_title_like(lines[0].text):
        return ""
    first, second = lines[0].text, lines[1].text
    if len(second) > 2 * len(first) or _SENTENCE_END.search(second):
        return first
    if _AUTHOR_LINE.match(second) or any(_ABSTRACT_LABEL.match(line.text) and "摘" in line.text[:3] for line in lines[1:4]):
        return first
    return ""


def _paper_author(lines: list[Line], title: str) -> str:
    """Names on the line under a paper's title (李某某 王某 → 李某某、王某)."""
    if len(lines) >= 2 and lines[0].text == title and _AUTHOR_LINE.match(lines[1].text):
        return "、".join(re.split(r"[ 、,，]", lines[1].text))
    return ""


# --- compilations -----------------------------------------------------------

_ABSTRACT_LABEL = re.compile(r"[\[【]?\s*摘\s*要\s*[\]】]?\s*[:：]?\s*")
_JOURNAL_ISSUE = re.compile(
    r"(?:19|20)\d{2}\s*年\s*(?:第\s*\d{1,3}\s*期|\d{1,2}\s*月(?:\s*总\s*第\s*\d{1,4}\s*期)?)|总\s*第\s*\d{1,4}\s*期"
)
_AUTHOR_SOURCE_HEADER = re.compile(
    rf"^\s*作者\s*[:：]\s*(?P<author>[{HAN}·]{{2,4}}?)\s*(?=来源|[^{HAN}·]|$)(?:来源\s*[:：]\s*(?P<source>《[^》]{{1,30}}》)?\s*(?P<issue>{_JOURNAL_ISSUE.pattern})?)?\s*"
)
_AUTHOR_ABSTRACT_HEADER = re.compile(
    rf"^\s*(?P<author>[{HAN}·]{{2,4}})?\s*(?:[（(](?P<affiliation>[^()（）]{{2,60}})[)）])?\s*(?P<column>[{HAN}]{{0,8}}?)\s*{_ABSTRACT_LABEL.pattern}"
)
_SAME_NAME_SUFFIX = re.compile(r"[（(]同名\s*\d+[)）]\s*$")


def _article_starts(lines: list[Line]) -> list[tuple[int, str, str]]:
    """``(line index, title, restated own title)`` of each article in a compilation; empty for a single article.

    A compilation (as download sites assemble them) prints each article's title
    on its own line two or more times running; the document's own title line,
    restated at the head of a later line, starts one more.
    """
    starts = []
    index = 0
    while index < len(lines):
        text = lines[index].text
        run = 1
        while index + run < len(lines) and lines[index + run].text == text:
            run += 1
        if run >= 2 and is_title_like(text):
            starts.append((index, text, ""))
        index += run
    if len(starts) < 2:
        return []
    # the document's own title, when it heads the file above the first article
    own_title = lines[0].text if starts[0][0] > 0 and is_title_like(lines[0].text) else ""
    if own_title:
        seen = {start[0] for start in starts}
        for index, line in enumerate(lines[1:], start=1):
            if index not in seen and line.text.startswith(own_title) and len(line.text) > len(own_title):
                rest = line.text[len(own_title):]
                label = _ABSTRACT_LABEL.search(rest[: TITLE_MAX + 8])
                title = rest[: label.start()].strip() if label and label.start() >= 4 else _SAME_NAME_SUFFIX.sub("", own_title)
                starts.append((index, title, own_title))
    return sorted(starts)


def _parse_article_head(article: Article, cleaning: DocumentCleaning) -> None:
    """Drop the repeated title lines; strip masthead, author and abstract label off the first body line."""
    title = article.title
    body: list[Line] = []
    header_done = False
    for line in article.lines:
        if not header_done and line.text == title:
            cleaning.audit.append((cleaning.doc_id, line.no, "article_title", line.text, ""))
            continue
        if not header_done:
            header_done = True
            new_text = _strip_article_head(line.text, article)
            if new_text != line.text:
                cleaning.audit.append((cleaning.doc_id, line.no, "article_header", line.text, new_text))
                line = Line(line.no, new_text)
        body.append(line)
    article.lines = [line for line in body if line.text]


def _strip_article_head(text: str, article: Article) -> str:
    offset = len(article.restated) if article.restated and text.startswith(article.restated) else 0
    position = text.find(article.title, offset, offset + 120) if article.title else -1
    if position < 0:
        return text[offset:]
    masthead = text[:position]
    issue = _JOURNAL_ISSUE.search(masthead)
    if issue:
        article.published = re.sub(r"\s+", "", issue.group(0))
    rest = text[position + len(article.title):]
    match = _AUTHOR_SOURCE_HEADER.match(rest)
    if match:
        article.author = match.group("author")
        source, issue_text = match.group("source") or "", match.group("issue") or ""
        if source:
            article.source = source.strip("《》")
        if source or issue_text:
            article.published = re.sub(r"\s+", "", source + issue_text)
        return rest[match.end():]
    match = _AUTHOR_ABSTRACT_HEADER.match(rest)
    if match and match.end() <= 90:
        article.author = match.group("author") or ""
        return rest[match.end():]
    return rest


def _split_articles(cleaning: DocumentCleaning) -> list[Article]:
    starts = _article_starts(cleaning.lines)
    if not starts:
        return [Article(cleaning.lines)]
    for line in cleaning.lines[: starts[0][0]]:
        cleaning.audit.append((cleaning.doc_id, line.no, "compilation_preamble", line.text, ""))
    articles = []
    bounds = [start[0] for start in starts] + [len(cleaning.lines)]
    for (start, title, restated), end in zip(starts, bounds[1:]):
        article = Article(cleaning.lines[start:end], title=title, restated=restated, first_line=cleaning.lines[start].no)
        _parse_article_head(article, cleaning)
        if article.published:
            article.date = _published_date(article.published)
        articles.append(article)
    return articles


def _published_date(published: str) -> str:
    """ISO 8601 of a journal issue: ``2014年3月`` → ``2014-03``, ``2019年第03期`` → ``2019``."""
    month = re.search(r"((?:19|20)\d{2})年(\d{1,2})月", published)
    if month:
        return f"{month.group(1)}-{int(month.group(2)):02d}"
    year = re.search(r"(?:19|20)\d{2}", published)
    return year.group(0) if year else ""


def _drop_duplicates(article: Article, cleaning: DocumentCleaning) -> None:
    seen: set[str] = set()
    kept = []
    for line in article.lines:
        if line.text in seen:
            cleaning.audit.append((cleaning.doc_id, line.no, "duplicate_line", line.text, ""))
        else:
            seen.add(line.text)
            kept.append(line)
    article.lines = kept


def _drop_author_line(article: Article, cleaning: DocumentCleaning) -> None:
    """A paper's author line, once its names are in ``author``."""
    if article.author and article.lines:
        first = article.lines[0]
        if _AUTHOR_LINE.match(first.text) and "、".join(re.split(r"[ 、,，]", first.text)) == article.author:
            cleaning.audit.append((cleaning.doc_id, first.no, "metadata_author", first.text, ""))
            article.lines = article.lines[1:]


def _drop_title_line(article: Article, cleaning: DocumentCleaning) -> None:
    if article.title:
        kept = []
        for line in article.lines:
            if line.text == article.title:
                cleaning.audit.append((cleaning.doc_id, line.no, "metadata_title", line.text, ""))
            else:
                kept.append(line)
        article.lines = kept


def clean_document(doc_id: str, text_raw: str, known: dict | None = None) -> tuple[list[dict], list[tuple]]:
    """Clean one document: its article rows (one, or several for a compilation) and audit rows.

    ``known`` carries metadata already known for the document (title, date,
    source, author, parent_id); known values win over what the text suggests.
    Each row's ``text_raw`` is the raw text it came from: the whole file, or for
    an article of a compilation the raw lines from its title to the next article's.

    >>> rows, audit = clean_document("d1", "基層黨組織建設\\n發稿時間:\\n2012年06月02日\\n正文第一段。")
    >>> rows[0]["title"], rows[0]["date"], rows[0]["text"]
    ('基层党组织建设', '2012-06-02', '正文第一段。')
    """
    rows, spans, audit = _clean_document(doc_id, text_raw, known)
    known_raw = (known or {}).get("text_raw")
    for row, (start, end) in zip(rows, spans):
        row["text_raw"] = known_raw if isinstance(known_raw, str) and known_raw else text_raw[start:end]
    return rows, audit


def _article_spans(text_raw: str, first_lines: list[int]) -> list[tuple[int, int]]:
    """Character spans of ``text_raw`` from each article's first raw line (1-based) to the next one's.

        >>> text = "合集\\n甲\\n一\\n乙\\n二"
        >>> [text[start:end] for start, end in _article_spans(text, [2, 4])]
        ['甲\\n一', '乙\\n二']
    """
    line_starts = [0]
    for line in text_raw.split("\n"):
        line_starts.append(line_starts[-1] + len(line) + 1)
    starts = [line_starts[first - 1] for first in first_lines]
    return [(start, end - 1) for start, end in zip(starts, starts[1:])] + [(starts[-1], len(text_raw))]


def _clean_document(doc_id: str, text_raw: str, known: dict | None) -> tuple[list[dict], list[tuple[int, int]], list[tuple]]:
    """:func:`clean_document` without the raw texts: the rows, each row's span of ``text_raw``, the audit."""
    known = {key: value for key, value in (known or {}).items() if isinstance(value, str) and value}
    cleaning = DocumentCleaning(doc_id, [Line(no, text) for no, text in enumerate(text_raw.split("\n"), start=1)])
    # per-line rare-character tests only where the document as a whole looks suspect
    check_rare = rare_share(text_raw) >= SUSPECT_DOCUMENT_RARE_SHARE
    changed_chars = _edit_lines(cleaning, check_rare)
    cleaning.drop("drop_blank", drop_blank)
    meta = _header_metadata(cleaning.lines)
    cleaning.drop("drop_mojibake", partial(drop_mojibake, check_rare=check_rare),
                  None if check_rare else _MOJIBAKE_OR_BOX.search)
    _drop_boilerplate(cleaning)
    for rule, predicate in LINE_DROPS[2:]:
        cleaning.drop(rule, predicate)  # a dateline test stops at a body line's length or first comma: no shortcut needed
    if not meta["title"] and "title" not in known:
        meta["title"] = _plain_title(cleaning.lines)
        meta["author"] = meta["author"] or _paper_author(cleaning.lines, meta["title"])
    articles = [] if "title" in known else _split_articles(cleaning)
    compilation = len(articles) > 1
    if not articles:
        articles = [Article(cleaning.lines)]
    traditional = changed_chars > 0 and changed_chars / max(1, count_hanzi(text_raw)) > 0.05
    spans = _article_spans(text_raw, [article.first_line for article in articles]) if compilation else [(0, len(text_raw))]
    rows = []
    for number, (article, (raw_start, raw_end)) in enumerate(zip(articles, spans), start=1):
        if not compilation:
            article.title = known.get("title", meta["title"])
            article.date = known.get("date", meta["date"])
            article.source = known.get("source", meta["source"])
            article.author = known.get("author", meta["author"])
            _drop_title_line(article, cleaning)
            _drop_author_line(article, cleaning)
        _drop_duplicates(article, cleaning)
        text = "\n".join(line.text for line in article.lines)
        rows.append({
            "doc_id": f"{doc_id}-{number:02d}" if compilation else doc_id,
            "parent_id": known.get("parent_id", doc_id),
            "title": article.title,
            "date": article.date,
            "source": article.source,
            "author": article.author,
            "published": known.get("published", article.published),
            "script": known.get("script", "traditional" if traditional else "simplified"),
            "n_chars_raw": raw_end - raw_start,
            "n_chars": len(text),
            "text": text,
        })
    return rows, spans, cleaning.audit




def _drop_boilerplate(cleaning: DocumentCleaning) -> None:
    kept = []
    for line in cleaning.lines:
        rule = boilerplate_rule(line.text)
        if rule is None:
            kept.append(line)
        else:
            cleaning.audit.append((cleaning.doc_id, line.no, f"boilerplate:{rule}", line.text, ""))
    cleaning.lines = kept


_KNOWN_COLUMNS = ("title", "date", "source", "author", "published", "parent_id", "script")


def _clean_row(row: dict) -> tuple[list[dict], list[tuple[int, int]], list[tuple]]:
    """Clean one raw-table record in a worker; the raw text is not sent back (the caller has it), only spans of it."""
    known = {key: row.get(key) for key in _KNOWN_COLUMNS}
    return _clean_document(row["doc_id"], row["text_raw"], known)


def clean_text(text: str) -> str:
    """The cleaned body of one document given as a string (articles joined by blank lines).

    >>> clean_text("首页 | 新闻 | 政务 | 专题 | 民族\\n  加强党的建设，重心在基层。")
    '加强党的建设，重心在基层。'
    """
    rows, _ = clean_document("text", text)
    return "\n\n".join(row["text"] for row in rows)


def clean_corpus(raw: pd.DataFrame, *, workers: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every document of a raw table: ``(docs, audit)``.

    ``raw`` needs ``doc_id`` and ``text_raw``; rows with a ``problem`` are
    skipped (they have no text) but stay visible in the raw table. Metadata
    columns already present (``title``, ``date``, ``source``, ``author``,
    ``published``, ``parent_id``, ``script``) are kept as given, which also makes cleaning idempotent:
    ``clean_corpus(docs.assign(text_raw=docs.text))`` returns the same texts.
    """
    usable = raw
    if "problem" in raw.columns:
        usable = raw.loc[raw["problem"].fillna("") == ""]
    usable = usable.loc[usable["text_raw"].fillna("").str.strip() != ""]
    columns = ["doc_id", "text_raw", *(column for column in _KNOWN_COLUMNS if column in usable.columns)]
    records = usable[columns].to_dict("records")
    raw_texts = list(usable["text_raw"])
    fed_back = "text" in usable.columns  # a cleaned table: clean its text, keep its raw texts (the articles' own)
    if fed_back:
        for record, text in zip(records, usable["text"]):
            record["text_raw"] = text
    results = map_documents(_clean_row, records, workers=workers, desc="cleaning")
    doc_rows = [
        row | ({"text_raw": raw} if fed_back else {"text_raw": raw[start:end], "n_chars_raw": end - start})
        for (rows, spans, _), raw in zip(results, raw_texts) for row, (start, end) in zip(rows, spans)
    ]
    audit_rows = [entry for _, _, audit in results for entry in audit]
    return records_frame(doc_rows, DOC_COLUMNS), records_frame(audit_rows, AUDIT_COLUMNS)


# ---------------------------------------------------------------------------
# Summaries of a cleaning run, for the cleaning notebook
# ---------------------------------------------------------------------------

def rule_family(rule: str) -> str:
    """``boilerplate:nav_bar`` → ``boilerplate``; other rules are their own family."""
    return rule.split(":", 1)[0]


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
        table.groupby(["doc_id", "rule", "action"]).size().rename("lines").reset_index()
        .sort_values(["doc_id", "lines", "rule"], ascending=[True, False, True], ignore_index=True)
    )


def rule_examples(audit: pd.DataFrame, width: int = 40) -> pd.DataFrame:
    """One example of each rule (its first audit row), texts shortened to ``width`` characters."""
    examples = audit.loc[audit["before"].str.strip() != ""].drop_duplicates("rule").sort_values("rule")
    shorten = lambda text: text if len(text) <= width else text[: width - 1] + "…"  # noqa: E731
    return examples.assign(before=examples["before"].map(shorten), after=examples["after"].map(shorten)).reset_index(drop=True)


def impurity_table(raw: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Per source file: characters and impurity (share of non-text characters) before and after cleaning."""
    after = (
        docs.assign(file=docs["parent_id"])
        .groupby("file")["text"].agg(lambda texts: "\n".join(texts))
    )
    rows = []
    for row in raw.loc[raw["problem"] == ""].itertuples():
        cleaned = after.get(row.doc_id, "")
        rows.append({
            "doc_id": row.doc_id,
            "chars_raw": len(row.text_raw),
            "chars_clean": len(cleaned),
            "kept_share": round(len(cleaned) / max(1, len(row.text_raw)), 3),
            "impurity_raw": round(impurity(row.text_raw), 3),
            "impurity_clean": round(impurity(cleaned), 3),
        })
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
