"""Bytes of a text file in any encoding Chinese documents arrive in → its text and the encoding's name.

Moved out of ``read.py`` unchanged: every reader of text (plain, web page, dump field) decodes here.
"""

from __future__ import annotations

import codecs

from helpers.corpus.extracted import UnreadableFile
from helpers.hanzi import common_share, is_hanzi

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Legacy encodings Chinese documents arrive in. GB18030 is a superset of GBK and
# GB2312, so it decodes all three; the detector only has to choose among these.
_LEGACY_CANDIDATES = ["gb18030", "big5", "big5hkscs", "utf_16_le", "utf_16_be"]
_DETECTOR_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "hz": "gb18030", "cp950": "big5"}
# A decoding whose text is more than this share "mess" (charset-normalizer's
# chaos score) is gibberish, not a reading of the file.
_MAX_CHAOS = 0.2


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; Unicode line and paragraph separators too."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")


# Tab, newline, form feed, carriage return and escape are text; other bytes below 32 are control bytes.
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13, 27))


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters: a binary file, not text in some encoding.

    Only meaningful after UTF-16/32 (which contain NULs) have been ruled out by BOM.
    """
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, delete=_NOT_CONTROL_BYTES))
    return controls > len(sample) * 0.05


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode document bytes; return ``(text, encoding)`` or raise :class:`UnreadableFile`.

    >>> decode_bytes("基层党组织".encode("gbk"))
    ('基层党组织', 'gb18030')
    """
    if not data.strip():
        raise UnreadableFile("empty file (no text)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise UnreadableFile(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding}: {error.reason}"
                ) from None
    if looks_binary(data):
        raise UnreadableFile("binary file, not text (contains NUL or control bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data)


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """GB18030 or Big5, whichever reads as common Chinese; the detector decides the rest.

    Short texts decode without error in both, and a statistical detector can pick
    the wrong one (党建 in GBK reads as 絨膘 in Big5), so strict decodings are
    ranked by their share of common characters first.
    """
    from charset_normalizer import from_bytes

    readings = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        readings.append((common_share(text), encoding, text))
    if readings:
        # max() keeps the first of equal readings: on a tie (a few characters that
        # are common in both), GB18030 wins, as mainland policy text is the norm here.
        share, encoding, text = max(readings, key=lambda reading: reading[0])
        if share >= 0.9:
            return text, encoding
    best = from_bytes(data, cp_isolation=_LEGACY_CANDIDATES).best()
    if best is None or best.chaos > _MAX_CHAOS or not reads_as_text(str(best)):
        raise UnreadableFile("undecodable: not valid UTF-8, UTF-16, GB18030/GBK or Big5 text")
    encoding = _DETECTOR_ALIASES.get(best.encoding, best.encoding)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return str(best), best.encoding


def reads_as_text(text: str) -> bool:
    """Mostly hanzi, ASCII, spaces and CJK punctuation, and the hanzi common ones."""
    if not text:
        return False
    readable = sum(
        is_hanzi(char)
        or " " <= char <= "~"
        or char.isspace()
        or "\u3000" <= char <= "\u303f"
        or "\uff01" <= char <= "\uff5e"
        or char in "“”‘’—…·"
        for char in text
    )
    return readable / len(text) >= 0.8 and common_share(text) >= 0.6
