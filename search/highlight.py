"""Highlighted snippets that are safe to show.

Snippets come from what people wrote, so the databases mark matches with two private-use
characters instead of HTML (indexed text never contains them: see ``indexing.plain_text``);
everything is escaped, then the marks become ``<mark>`` elements.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

START, STOP = "\ue000", "\ue001"


def marked_html(text):
    """``text`` escaped, with START…STOP spans as <mark>…</mark> (always balanced)."""
    parts, open_mark = [], False
    for piece in _split_marks(text or ""):
        if piece == START:
            if not open_mark:
                parts.append("<mark>")
                open_mark = True
        elif piece == STOP:
            if open_mark:
                parts.append("</mark>")
                open_mark = False
        else:
            parts.append(escape(piece))
    if open_mark:
        parts.append("</mark>")
    return mark_safe("".join(parts))


def _split_marks(text):
    start = 0
    for index, char in enumerate(text):
        if char in (START, STOP):
            if index > start:
                yield text[start:index]
            yield char
            start = index + 1
    if start < len(text):
        yield text[start:]
