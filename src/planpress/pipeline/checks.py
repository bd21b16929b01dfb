"""Checks of what a build is about to write: a document that would come out
empty, a running header that would not fit its one line, document properties
an office suite cannot hold. Each is refused or mended with a message."""

from __future__ import annotations

import unicodedata

from planpress import ir
from planpress.diagnostics.messages import ContentError, Problem, say
from planpress.diagnostics.place import Place
from planpress.writers.style import StyleSheet

# Word's document properties (title, subject, author) hold 255 characters.
PROPERTY_LENGTH = 255


def nothing_to_print(label: str, edition: str, place: Place) -> ContentError:
    """The edition leaves out every section: nothing would be printed."""
    where = Place(label, place.line, place.column)
    return ContentError([Problem(where, say("empty_edition", edition=edition))])


def _width(text: str, size: float) -> float:
    """The width of `text` in points, counting narrow characters as half an em
    (a little generous for proportional Latin: a header that passes fits)."""
    return sum(size if unicodedata.east_asian_width(ch) in "WFA" else size / 2 for ch in text)


def fit_header(tree: ir.Document, sheet: StyleSheet, label: str) -> list[Problem]:
    """Shorten a running header wider than the narrowest text column (with …)
    and say so: the header has one line above the first heading."""
    text = tree.info.header
    room = min(
        sheet.page(o)[0][0] - sheet.page(o)[1].left - sheet.page(o)[1].right
        for o in ("portrait", "landscape")
    )
    size = sheet.header.size
    if not text or _width(text, size) <= room:
        return []
    while text and _width(text + "…", size) > room:
        text = text[:-1]
    tree.info.header = text + "…"
    return [Problem(Place(label, 0, 0), say("header_too_long", header=tree.info.header), "warning")]


def fit_properties(tree: ir.Document) -> None:
    """Document properties cut to what Word holds (the text itself is whole)."""
    info = tree.info
    info.title, info.author, info.subject = (
        value if len(value) <= PROPERTY_LENGTH else value[: PROPERTY_LENGTH - 1] + "…"
        for value in (info.title, info.author, info.subject)
    )
