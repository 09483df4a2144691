"""Mojibake: text decoded with the wrong codec or alignment, repaired where a re-reading is clearly better
(``repair_mojibake``, a line edit) and dropped where it stays garbage (``drop_mojibake``, a line drop).

Both rules take ``check_rare``: whether to suspect a line for its share of uncommon characters
alone. The pipeline turns it on only in a document that looks suspect as a whole
(``SUSPECT_DOCUMENT_RARE_SHARE``); without it, a line must hold a character of ``MOJIBAKE_CHARS``
to be repaired, or of ``MOJIBAKE_OR_BOX`` to be dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from helpers.clean.shapes import HAN
from helpers.hanzi import common_share, is_suspect, rare_share

# 锟斤拷 is what U+FFFD becomes when UTF-8 is read as GBK: a fixed sign of lost text
_MOJIBAKE_HINT = re.compile(rf"[\u3100-\u312f\ue000-\uf8ff\ufffd]|[{HAN}]\?+[A-Za-z{HAN}]|^\?[^\s?]|锟斤拷")
# every alternative of _MOJIBAKE_HINT contains one of these characters: a one-class scan rules a line out fast
MOJIBAKE_CHARS = re.compile(r"[\u3100-\u312f\ue000-\uf8ff\ufffd?锟]")
MOJIBAKE_OR_BOX = re.compile(MOJIBAKE_CHARS.pattern[:-1] + "□]")  # and the mark of an illegible character
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
    if MOJIBAKE_CHARS.search(line) and _MOJIBAKE_HINT.search(line):
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
    return a[prefix : len(a) - suffix], b[prefix : len(b) - suffix]


def drop_mojibake(line: str, check_rare: bool = True) -> bool:
    """A line that is still mostly wrong-codec garbage after ``repair_mojibake``.

    >>> drop_mojibake("□□□□作者"), drop_mojibake("加强基层党组织建设")
    (True, False)
    """
    garbled = _looks_garbled(line, check_rare)
    if not garbled and "□" not in line:
        return False
    if line.count("□") * 2 >= len(line.replace(" ", "")):
        return True
    suspects = sum(map(is_suspect, line))
    # a few private-use characters stand for rare name characters in long official texts
    too_many = suspects >= 3 if len(line) <= 40 else suspects > 0.1 * len(line)
    return (garbled and common_share(line) < 0.6) or too_many
