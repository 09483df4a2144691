r"""Text fields copied out of database dumps and CSV exports → the article body with real line breaks.

A scraped article often reaches a corpus as one field of a record: a line of a SQL dump
(``INSERT INTO t VALUES (17,'标题','正文……\r\n……','2021-03-01 10:00:00');``) or of a CSV export
(``17,"标题","正文……"``), its line breaks written as the two characters ``\n``, its quotes as ``\"``.
:func:`undo_dump_escapes` finds such a text and gives back only the body, its escapes undone; an ordinary
text, even one with a backslash or a Windows path in it, comes back unchanged.
"""

from __future__ import annotations

import re

# The escapes dump writers use (MySQL's, PostgreSQL's E'', CSV writers with an escape character, JSON's).
_ESCAPE = re.compile(r"\\(r\\n|u[0-9a-fA-F]{4}|[nrt\"'\\0/])")
_MEANING = {"r\\n": "\n", "n": "\n", "r": "\n", "t": "\t", '"': '"', "'": "'", "\\": "\\", "0": "", "/": "/"}
_BREAKS = {"r\\n", "n", "r"}
# A break escape is read as a line break at least this often, and more often than the text breaks lines
# itself, before the text counts as escaped (a dump keeps a whole field on one line).
_MIN_BREAKS = 2

_INSERT = re.compile(r"\A\s*INSERT\s+(?:IGNORE\s+)?INTO\s+[^\s(]+\s*(?:\([^)]*\)\s*)?VALUES\s*", re.I)
_BARE_FIELD = re.compile(r"[^,\t()'\"\n]*")
_SEPARATORS = ",\t"
# A Windows path (drive or network share, then folders): its backslashes are separators, not escapes. A
# folder never swallows a \r\n, the escape dump writers use most.
_FOLDER = r"(?:\\(?!r\\n)[\w.$-]*)"
_WINDOWS_PATH = re.compile(rf"(?<![A-Za-z])[A-Za-z]:{_FOLDER}+|(?<![\\\w])\\\\[\w.$-]+{_FOLDER}+", re.ASCII)
# A record's body: the longest field, holding at least this share of the record's characters.
_MIN_BODY_SHARE = 0.5
_MIN_FIELDS = 3


def undo_dump_escapes(text: str) -> str:
    r"""The article body of a text copied out of a database dump or a CSV export; any other text unchanged.

    >>> undo_dump_escapes("INSERT INTO `news` VALUES (17,'标题','第一段说明情况。\\r\\n第二段说\\\"好\\\"。','2021-03-01');")
    '第一段说明情况。\n第二段说"好"。'
    >>> undo_dump_escapes("文件存放在 C:\\new\\table 目录下。")
    '文件存放在 C:\\new\\table 目录下。'
    """
    bodies = record_bodies(text)
    if bodies is not None:
        return "\n\n".join(bodies)
    if not _is_escaped(text):
        return text
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in "'\"":
        quoted = _quoted(stripped, 0)
        if quoted is not None and quoted[1] == len(stripped):
            return quoted[0]
    return unescape(text)


def unescape(text: str) -> str:
    r"""Every dump escape replaced by what it stands for; a backslash before anything else kept.

    >>> unescape(r"第一段\r\n第二段\t完")
    '第一段\n第二段\t完'
    """
    return _ESCAPE.sub(lambda match: _meaning(match.group(1)), text)


def _meaning(code: str) -> str:
    return chr(int(code[1:], 16)) if code.startswith("u") else _MEANING[code]


def _is_escaped(text: str) -> bool:
    """More escaped line breaks than real ones, and at least two: a field written out on one line.

    A ``\\n`` or ``\\r`` between two ASCII word characters (``C:\\data\\new``) is a Windows path, not a
    break; ``\\r\\n`` always is one.
    """
    if "\\" not in text:  # most texts: no escape at all, and no need to scan them for Windows paths
        return False
    breaks = 0
    text = _WINDOWS_PATH.sub("/", text)
    for match in _ESCAPE.finditer(text):
        code = match.group(1)
        if code not in _BREAKS:
            continue
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        if code == "r\\n" or not (_ascii_word(before) and after.isascii() and after.isalnum()):
            breaks += 1
    return breaks >= _MIN_BREAKS and breaks > text.count("\n")


def _ascii_word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "_.-:")


def record_bodies(text: str) -> list[str] | None:
    """The body of each record when ``text`` is a SQL ``INSERT`` or a CSV line of fields; else None."""
    insert = _INSERT.match(text)
    if insert:
        records = _tuples(text, insert.end())
    else:
        record = _fields(text.strip(), 0, closing="")
        records = [record[0]] if record is not None and record[1] == len(text.strip()) else None
    if not records:
        return None
    # an INSERT statement is a record beyond doubt; a line of quoted fields is one only when its body dominates
    min_share = 0.0 if insert else _MIN_BODY_SHARE
    bodies = [_body(fields, min_share) for fields in records]
    if any(body is None for body in bodies):
        return None
    return bodies


def _body(fields: list[tuple[str, bool]], min_share: float) -> str | None:
    """The record's longest quoted field, when the record looks like one and that field is at least
    ``min_share`` of its characters."""
    quoted = [value for value, was_quoted in fields if was_quoted]
    if len(fields) < _MIN_FIELDS or not quoted:
        return None
    body = max(quoted, key=len)
    if len(body) < min_share * sum(len(value) for value, _ in fields):
        return None
    return body


def _tuples(text: str, at: int) -> list[list[tuple[str, bool]]] | None:
    """``(…),(…);`` from ``at`` to the end: each tuple's fields, or None when it is not that."""
    records = []
    while True:
        if text[at : at + 1] != "(":
            return None
        record = _fields(text, at + 1, closing=")")
        if record is None:
            return None
        fields, at = record
        records.append(fields)
        at = _skip_spaces(text, at + 1)
        if text[at : at + 1] == ",":
            at = _skip_spaces(text, at + 1)
            continue
        rest = text[at:].strip()
        return records if rest in ("", ";") else None


def _fields(text: str, at: int, closing: str) -> tuple[list[tuple[str, bool]], int] | None:
    """Comma- or tab-separated fields from ``at`` up to ``closing`` (or the end of the text when empty):
    ``([(value, was_quoted), …], index of the closing character)``, or None when they are not fields."""
    fields: list[tuple[str, bool]] = []
    separator = ""
    while True:
        at = _skip_spaces(text, at)
        quoted = _quoted(text, at) if text[at : at + 1] in ("'", '"') else None
        if quoted is not None:
            fields.append((quoted[0], True))
            at = quoted[1]
        else:
            bare = _BARE_FIELD.match(text, at)
            value = bare.group().strip()
            if not value and closing == "" and not fields:
                return None
            fields.append((value, False))
            at = bare.end()
        at = _skip_spaces(text, at, tabs=separator != "\t")
        char = text[at : at + 1]
        if char == closing:
            return fields, at
        if char not in _SEPARATORS or (separator and char != separator):
            return None
        separator = char
        at += 1


def _quoted(text: str, at: int) -> tuple[str, int] | None:
    """The string quoted at ``at`` (backslash escapes and doubled quotes undone) and the index after it."""
    quote = text[at]
    parts = []
    i = at + 1
    while i < len(text):
        char = text[i]
        if char == "\\":
            match = _ESCAPE.match(text, i)
            if match:
                parts.append(_meaning(match.group(1)))
                i = match.end()
                continue
            parts.append(char)
        elif char == quote:
            if text[i + 1 : i + 2] == quote:  # SQL and CSV write a quote inside a field twice
                parts.append(quote)
                i += 2
                continue
            return "".join(parts), i + 1
        else:
            parts.append(char)
        i += 1
    return None


def _skip_spaces(text: str, at: int, *, tabs: bool = False) -> int:
    while at < len(text) and (text[at] == " " or (tabs and text[at] == "\t")):
        at += 1
    return at
