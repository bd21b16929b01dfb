"""Registering the style sheet's TrueType faces with ReportLab (once per process).

Each face is registered under its style-sheet key (mincho, gothic, gothic-bold),
so the PDF uses only the fonts in fonts/, embedded and subset.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from planpress.cache import file_digest
from planpress.writers import layout
from planpress.writers.pdf.font_cache import load_ttfont
from planpress.writers.pdf.reportlab_internals import require
from planpress.writers.style import StyleSheet

STRONG = "strong"  # the key under which the face of bold runs is also given
# font file's digest -> the ReportLab name it is registered under: by
# contents, not path, so a font file replaced under `planpress watch` is read anew.
_registered: dict[bytes, str] = {}


def register_fonts(sheet: StyleSheet) -> dict[str, str]:
    """Register every face of `sheet`; returns style key -> ReportLab font name
    (and STRONG -> the name of the face bold runs are set in).

    A name is registered once per font file's contents: ReportLab keeps the
    first face registered under a name for good, so a style sheet that points
    a key at another file, or a font file replaced (under `planpress watch`),
    needs a name of its own.
    """
    require()  # ReportLab's internals are there; its patches are in place
    names = {}
    for key, face in sheet.fonts.items():
        path = face.path.resolve()
        digest = file_digest(path)
        name = _registered.get(digest)
        if name is None:
            taken = pdfmetrics.getRegisteredFontNames()
            name = key if key not in taken else f"{key}:{digest.hex()[:16]}"
            pdfmetrics.registerFont(load_ttfont(name, path, ascii_readable=False))
            _registered[digest] = name
        names[key] = name
    names[STRONG] = names[layout.bold_face(sheet).key]
    return names
