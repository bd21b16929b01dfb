"""Registering the style sheet's TrueType faces with ReportLab (once per process).

Each face is registered under its style-sheet key (mincho, gothic, gothic-bold),
so the PDF uses only the fonts in fonts/, embedded and subset.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from planpress.writers import layout
from planpress.writers.style import StyleSheet

STRONG = "strong"  # the key under which the face of bold runs is also given
_registered: dict[str, str] = {}  # font file -> the ReportLab name it is registered under


def register_fonts(sheet: StyleSheet) -> dict[str, str]:
    """Register every face of `sheet`; returns style key -> ReportLab font name
    (and STRONG -> the name of the face bold runs are set in).

    A name is registered once per font file: ReportLab keeps the first face
    registered under a name for good, so a style sheet that points a key at
    another file (edited under `planpress watch`) needs a name of its own.
    """
    names = {}
    for key, face in sheet.fonts.items():
        path = str(face.path.resolve())
        name = _registered.get(path)
        if name is None:
            name = key if key not in pdfmetrics.getRegisteredFontNames() else f"{key}:{path}"
            pdfmetrics.registerFont(TTFont(name, path, asciiReadable=False))
            _registered[path] = name
        names[key] = name
    names[STRONG] = names[layout.bold_face(sheet).key]
    return names


def _to_unicode_cmap(fontname: str, subset) -> str:
    """ReportLab's ToUnicode CMap, with each character written as UTF-16BE.

    ReportLab writes `<%04X>` of the code point, so a character above U+FFFF
    (𠮟, 𥻂) prints right but copies out as another character; the PDF
    reference asks for UTF-16BE, i.e. a surrogate pair for those.
    """
    cmap = _reportlab_cmap(fontname, [0x20] * len(subset))
    lines = [
        f"<{i:02X}> <{chr(v).encode('utf-16-be', 'surrogatepass').hex().upper()}>"
        for i, v in enumerate(subset)
    ]
    head, _, rest = cmap.partition("beginbfchar\n")
    _, _, tail = rest.partition("endbfchar")
    return head + "beginbfchar\n" + "\n".join(lines) + "\nendbfchar" + tail


_reportlab_cmap = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap
