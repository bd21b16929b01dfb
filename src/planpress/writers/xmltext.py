"""XML text and attribute escaping, as `xml.sax.saxutils` does it.

Written out because importing `xml.sax.saxutils` imports `urllib.request`
and with it http, email and ssl — a tenth of a second of every cold build
for two string replacements.
"""

from __future__ import annotations

_ATTRIBUTE_WHITESPACE = (("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#9;"))


def escape(text: str) -> str:
    """`&`, `<` and `>` as entities (saxutils.escape)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """`text` escaped and quoted as an attribute value (saxutils.quoteattr)."""
    text = escape(text)
    for character, entity in _ATTRIBUTE_WHITESPACE:
        text = text.replace(character, entity)
    if '"' in text:
        if "'" in text:
            return '"' + text.replace('"', "&quot;") + '"'
        return "'" + text + "'"
    return '"' + text + '"'
