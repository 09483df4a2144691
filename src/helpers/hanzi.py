"""Character classes of written Chinese, derived from the national encodings themselves.

GB2312's level-1 block is, by construction, the 3,755 most used characters of
simplified text; with their traditional forms they cover ordinary text in either script. Text made of
them reads as Chinese; text full of rarer characters, bopomofo or replacement
marks is usually a wrong decoding.
"""
from __future__ import annotations

import re
from functools import lru_cache


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


def count_hanzi(text: str) -> int:
    """Number of CJK ideographs in ``text`` (done in C: the text minus its ideographs)."""
    return len(text) - len(HANZI.sub("", text))


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
    common = common_hanzi()
    relevant = _HANZI_OR_SUSPECT.findall(text)
    if not relevant:
        return 1.0
    return sum(char in common for char in relevant) / len(relevant)


def rare_share(text: str) -> float:
    """Share of the distinct hanzi of ``text`` that are not common (0.0 when there are none).

    Works on distinct characters, so it costs little on long lines.

    >>> rare_share("鍩哄眰鍏氬缓") > 0.5, rare_share("基层党建")
    (True, 0.0)
    """
    chars = set(text)
    rare = chars - common_hanzi()  # the common set holds hanzi only
    rare_hanzi = sum(1 for char in rare if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf")
    distinct_hanzi = len(chars) - len(rare) + rare_hanzi
    return rare_hanzi / distinct_hanzi if distinct_hanzi else 0.0
