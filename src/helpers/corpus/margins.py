"""Where a laid-out page's body starts, and which of its lines open a paragraph: one rule for the PDF, OFD
and OCR readers.

Printed government documents (GB/T 9704) set the body flush to a left margin and indent each paragraph's
first line by two characters. The readers mark such a line with two ideographic spaces, the indent a typed
document carries, so that cleaning can join the wrapped lines back into paragraphs.

    >>> left = body_left_edge([90.2, 72.0, 72.3, 110.0], tolerance=0.5)
    >>> left, paragraph_mark(101.0, left, char_size=15.0) + "为贯彻落实"
    (72.0, '\u3000\u3000为贯彻落实')
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

INDENT = "\u3000\u3000"
# A line starting this many characters or more right of the margin opens a paragraph (GB/T 9704 indents two;
# a reader's boxes and a font's side bearings take some of it away).
MIN_INDENT_CHARS = 1.5


def body_left_edge(edges: Iterable[float], tolerance: float) -> float | None:
    """The body's left margin: the leftmost line start that another line shares (within ``tolerance``);
    None when no two lines start together.

    An indented paragraph start, a centred title or a signature sits right of it; a lone line further left
    (a wide table) does not set it.

    >>> body_left_edge([64, 2, 0], tolerance=15), body_left_edge([5, 40], tolerance=1)
    (0, None)
    """
    starts = sorted(edges)
    for here, following in itertools.pairwise(starts):
        if following - here <= tolerance:
            return here
    return None


def paragraph_mark(x0: float, left: float, char_size: float, max_chars: float | None = None) -> str:
    """:data:`INDENT` when a line starting at ``x0`` is indented from the margin ``left`` as a paragraph's
    first line is (at least :data:`MIN_INDENT_CHARS` characters of ``char_size``, at most ``max_chars`` when
    given, so that a centred line is not taken for one); else an empty string.

    >>> paragraph_mark(30, 0, 15), paragraph_mark(10, 0, 15), paragraph_mark(300, 0, 15, max_chars=2.6)
    ('\u3000\u3000', '', '')
    """
    indent = (x0 - left) / char_size
    return INDENT if indent >= MIN_INDENT_CHARS and (max_chars is None or indent <= max_chars) else ""
