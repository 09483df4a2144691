"""Character classes of written Chinese, derived from the national encodings themselves.

GB2312's level-1 block is, by construction, the 3,755 most used characters of
simplified text; with their traditional forms they cover ordinary text in either script. Text made of
them reads as Chinese; text full of rarer characters, bopomofo or replacement
marks is usually a wrong decoding.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np


def _decode_block(encoding: str, leads: range, trails: range) -> set[str]:
    chars = set()
    for lead in leads:
        for trail in trails:
            try:
                chars.add(bytes((lead, trail)).decode(encoding))
            except UnicodeDecodeError:
                continue
    return chars


@lru_cache(maxsize=1)
def common_hanzi() -> frozenset[str]:
    """Common characters: GB2312 level 1 (the 3,755 most used) and their traditional forms."""
    import opencc

    gb_level1 = "".join(sorted(_decode_block("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))))
    traditional = opencc.OpenCC("s2t").convert(gb_level1) + opencc.OpenCC("s2tw").convert(gb_level1)
    return frozenset(gb_level1) | frozenset(traditional)


HANZI = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_HANZI_OR_SUSPECT = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\ue000-\uf8ff\ufffd\u3100-\u312f]")
# Below this length (a line) plain Python beats building arrays; above it (a document) the tables win.
SHORT_TEXT = 200


def _code_points(text: str) -> np.ndarray:
    """The text's characters as code points, those outside the Basic Multilingual Plane left out."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return codes[codes < 0x10000]


@lru_cache(maxsize=1)
def _bmp_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every BMP code point: is a hanzi, is a rare hanzi, is a suspect character.

    Whole documents are classified by table lookup instead of one Python test per character.
    """
    is_hanzi_table = np.zeros(0x10000, dtype=bool)
    is_hanzi_table[0x4E00:0xA000] = True
    is_hanzi_table[0x3400:0x4DC0] = True
    is_common = np.zeros(0x10000, dtype=bool)
    is_common[[ord(char) for char in common_hanzi() if ord(char) < 0x10000]] = True
    is_suspect_table = np.zeros(0x10000, dtype=bool)
    is_suspect_table[0xE000:0xF900] = True
    is_suspect_table[0xFFFD] = True
    is_suspect_table[0x3100:0x3130] = True
    return is_hanzi_table, is_hanzi_table & ~is_common, is_suspect_table


def count_hanzi(text: str) -> int:
    """Number of CJK ideographs in ``text`` (basic block and extension A).

    >>> count_hanzi("2019年，全市党员")
    5
    """
    if len(text) < SHORT_TEXT:
        return len(text) - len(HANZI.sub("", text))
    is_hanzi_table, _, _ = _bmp_tables()
    return int(np.count_nonzero(is_hanzi_table[_code_points(text)]))


def is_hanzi(char: str) -> bool:
    """A CJK unified ideograph (basic block or extension A)."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def is_suspect(char: str) -> bool:
    """Characters a wrong decoding leaves: private-use code points, U+FFFD, bopomofo."""
    return "\ue000" <= char <= "\uf8ff" or char == "\ufffd" or "\u3100" <= char <= "\u312f"


def common_share(text: str) -> float:
    """Share of the Chinese-looking characters in ``text`` that are common hanzi (1.0 when none).

    Private-use characters, U+FFFD and bopomofo count against the share.

    >>> common_share("基层党组织")
    1.0
    """
    if len(text) < SHORT_TEXT:
        relevant = _HANZI_OR_SUSPECT.findall(text)
        common = common_hanzi()
        return sum(char in common for char in relevant) / len(relevant) if relevant else 1.0
    is_hanzi_table, is_rare_table, is_suspect_table = _bmp_tables()
    codes = _code_points(text)
    relevant = np.count_nonzero(is_hanzi_table[codes]) + np.count_nonzero(is_suspect_table[codes])
    if not relevant:
        return 1.0
    return float(1 - (np.count_nonzero(is_rare_table[codes]) + np.count_nonzero(is_suspect_table[codes])) / relevant)


def rare_share(text: str) -> float:
    """Share of the distinct hanzi of ``text`` that are not common (0.0 when there are none).

    Works on distinct characters, so one rare name repeated does not count twice.

    >>> rare_share("鍩哄眰鍏氬缓") > 0.5, rare_share("基层党建")
    (True, 0.0)
    """
    if len(text) < SHORT_TEXT:
        distinct = set(HANZI.findall(text))
        return len(distinct - common_hanzi()) / len(distinct) if distinct else 0.0
    is_hanzi_table, is_rare_table, _ = _bmp_tables()
    present = np.zeros(0x10000, dtype=bool)
    present[_code_points(text)] = True
    distinct_hanzi = np.count_nonzero(present & is_hanzi_table)
    return float(np.count_nonzero(present & is_rare_table) / distinct_hanzi) if distinct_hanzi else 0.0
