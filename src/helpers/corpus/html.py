"""Saved web pages → their main text; and telling a saved page from a text, by content, whatever its suffix.

Scraped pages arrive as ``.html`` but also as ``.txt``, ``.php``, ``.asp``, ``.shtml.1`` or with no suffix at
all, so the suffix cannot be trusted: :func:`looks_like_html` sniffs the markup itself.
"""

from __future__ import annotations

import re

# A page announces itself at its start: a doctype, an <html>, <head> or <meta> element, perhaps after an XML
# declaration, comments or a byte-order mark.
_PAGE_START = re.compile(
    r"\A[\s\ufeff]*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html\b|head\b|meta\b)", re.I | re.S
)
_PAGE_OPEN = re.compile(r"<(?:html|body)\b[^<>]*>", re.I)
_PAGE_CLOSE = re.compile(r"</(?:html|body)\s*>", re.I)
# Elements that article markup is made of (a fragment copied out of a CMS has no <html> around it).
_ELEMENT = re.compile(
    r"</?(?:p|div|span|br|a|table|tbody|tr|td|th|li|ul|ol|h[1-6]|script|style|img|font|strong|b|em|section|"
    r"article|meta|link|title|iframe|form|input|center|hr)\b[^<>]*>",
    re.I,
)
_CLOSING_ELEMENT = re.compile(r"</(?:p|div|span|a|table|tr|td|li|h[1-6]|script|style|font|strong|section)\s*>", re.I)
# A fragment is markup when it has this many elements, some of them closed, and they fill this share of it.
_MIN_ELEMENTS = 4
_MIN_CLOSED = 2
_MIN_MARKUP_SHARE = 0.05


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is a saved web page or a fragment of page markup, not a text that mentions a tag.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>关于加强基层党组织建设的通知</p></body></html>")
    True
    >>> looks_like_html("<p>第一段。</p>\\n<p>第二段。</p>\\n<p>第三段。</p>")
    True
    >>> looks_like_html("网页正文放在<p>标签里，标题放在<title>标签里。")
    False
    """
    head = text[:4096]
    if _PAGE_START.match(head):
        return True
    elements = _ELEMENT.findall(text)
    if _PAGE_OPEN.search(text) and _PAGE_CLOSE.search(text) and len(elements) >= _MIN_ELEMENTS - 1:
        return True
    if len(elements) < _MIN_ELEMENTS or len(_CLOSING_ELEMENT.findall(text)) < _MIN_CLOSED:
        return False
    return sum(map(len, elements)) >= len(text) * _MIN_MARKUP_SHARE


def html_to_text(html: str) -> str:
    """Main text of a saved web page (title first), via trafilatura; markup, scripts, styles and page chrome
    dropped."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        with_metadata=True,
        # a date the page states, not one guessed from any year in the body
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None:
        return ""
    body = document.text or ""
    header = [value for value in (document.title, document.date) if value and value not in body[:200]]
    return "\n".join([*header, body])
