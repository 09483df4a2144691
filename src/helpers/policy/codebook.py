"""The codebook of policy instruments: which tool a clause uses, told by cue words, and which type it belongs to.

The bundled codebook is ``data/policy_instruments.tsv`` (Rothwell & Zegveld's three types, the tools of
赵筱媛、苏竣 2007); a user may pass a file of the same columns. A broken file names its path and line.

    >>> book = load_codebook()
    >>> book.type_of("税收优惠"), TYPE_NAMES[book.type_of("税收优惠")]
    ('environment', '环境型')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from helpers.config import data_path

CODEBOOK_FILE = "policy_instruments.tsv"
COLUMNS = ("type", "tool", "cues", "comment")
# The three types in the order they are shown, with the Chinese names charts and sheets use.
TYPE_NAMES = {"supply": "供给型", "environment": "环境型", "demand": "需求型"}
UNCODED = "uncoded"
_TYPE_OF_NAME = {**{k: k for k in TYPE_NAMES}, **{v: k for k, v in TYPE_NAMES.items()}}


@dataclass(frozen=True)
class Tool:
    """One instrument of the codebook: its type (supply/environment/demand), name, compiled cues, comment."""

    type: str
    name: str
    cues: re.Pattern
    comment: str = ""


@dataclass(frozen=True)
class Codebook:
    """The tools in the file's order, and where they were read from."""

    tools: tuple[Tool, ...]
    source: str = ""

    def type_of(self, tool: str) -> str | None:
        """The type of a tool by name, None when the codebook has no such tool."""
        return next((t.type for t in self.tools if t.name == tool), None)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.tools]


class CodebookError(ValueError):
    """A codebook file that cannot be used; the message names the file and the line."""


def _parse_line(fields: list[str], where: str, seen: set[str]) -> Tool:
    if len(fields) < 3:
        raise CodebookError(f"{where}: expected {len(COLUMNS)} tab-separated columns {COLUMNS}, found {len(fields)}")
    kind, name, cues = (f.strip() for f in fields[:3])
    if kind not in _TYPE_OF_NAME:
        raise CodebookError(f"{where}: unknown type {kind!r}; use one of {', '.join(_TYPE_OF_NAME)}")
    if not name:
        raise CodebookError(f"{where}: the tool has no name")
    if name in seen:
        raise CodebookError(f"{where}: the tool {name!r} is listed twice")
    try:
        pattern = re.compile(cues)
    except re.error as error:
        raise CodebookError(f"{where}: the cues of {name!r} are not a valid regular expression ({error})") from None
    if not cues or pattern.search("") is not None:
        raise CodebookError(f"{where}: the cues of {name!r} match an empty text; give words separated by |")
    return Tool(_TYPE_OF_NAME[kind], name, pattern, fields[3].strip() if len(fields) > 3 else "")


def parse_codebook(text: str, source: str = "<codebook>") -> Codebook:
    """A :class:`Codebook` from the text of a codebook file: ``#`` comments, a header line, one tool a line.

    >>> parse_codebook("type\\ttool\\tcues\\tcomment\\n供给型\\t资金投入\\t资金|经费\\t").names
    ['资金投入']
    >>> try:
    ...     parse_codebook("type\\ttool\\tcues\\n供应型\\t资金投入\\t资金", "my.tsv")
    ... except CodebookError as error:
    ...     print(error)
    my.tsv, line 2: unknown type '供应型'; use one of supply, environment, demand, 供给型, 环境型, 需求型
    """
    tools: list[Tool] = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.rstrip("\r\n").split("\t")
        where = f"{source}, line {number}"
        if not header_seen:
            if [f.strip() for f in fields[:3]] != list(COLUMNS[:3]):
                raise CodebookError(f"{where}: the first line must be the header {'<TAB>'.join(COLUMNS)}")
            header_seen = True
            continue
        tools.append(_parse_line(fields, where, {t.name for t in tools}))
    if not tools:
        raise CodebookError(f"{source}: no tools (a header line, then one tool a line)")
    return Codebook(tuple(tools), source)


def load_codebook(codebook: Codebook | str | Path | None = None) -> Codebook:
    """The bundled codebook (None), a :class:`Codebook` as is, or one read from a file path."""
    if isinstance(codebook, Codebook):
        return codebook
    path = Path(codebook) if codebook is not None else data_path(CODEBOOK_FILE)
    if not path.is_file():
        raise CodebookError(f"{path}: no such codebook file")
    return parse_codebook(path.read_text(encoding="utf-8-sig"), str(path if codebook is not None else path.name))
