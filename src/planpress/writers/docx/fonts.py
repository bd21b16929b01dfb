"""What the DOCX's font table says about each face, read from the font file.

Word (and LibreOffice) use a font-table entry only when the named font is not
installed: to pick a look-alike (w:panose1, w:family, w:charset) and, for
LibreOffice and Word on a Mac, an alternative name (w:altName). The values
come from the OS/2 table of the file in fonts/, not from a hand-typed list.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from planpress.writers.style import FontFace


@dataclass(slots=True, frozen=True)
class FontTableEntry:
    name: str
    alt_name: str
    panose: str  # 20 hex digits
    charset: str  # "80": Shift-JIS, what Word writes for Japanese fonts
    family: str  # roman (明朝) or modern (ゴシック), as Word writes ＭＳ 明朝 / ＭＳ ゴシック
    pitch: str
    sig: dict[str, str]


def _table(data: bytes, wanted: bytes) -> bytes:
    (tables,) = struct.unpack_from(">H", data, 4)
    for index in range(tables):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if tag == wanted:
            return data[offset : offset + length]
    raise ValueError(f"no {wanted.decode()} table")


def font_table_entry(face: FontFace) -> FontTableEntry:
    """The font-table entry for `face` under its Word family name."""
    data = face.path.read_bytes()
    os2 = _table(data, b"OS/2")
    (fixed_pitch,) = struct.unpack_from(">I", _table(data, b"post"), 12)
    panose = os2[32:42].hex().upper()
    unicode_ranges = struct.unpack_from(">4I", os2, 42)
    code_pages = struct.unpack_from(">2I", os2, 78)
    sig = {f"usb{i}": f"{v:08X}" for i, v in enumerate(unicode_ranges)}
    sig |= {f"csb{i}": f"{v:08X}" for i, v in enumerate(code_pages)}
    # PANOSE digit 2 (serif style): 11+ are sans serif — a ゴシック.
    family = "modern" if os2[33] >= 11 else "roman"
    return FontTableEntry(
        name=face.family,
        alt_name=face.family_alt,
        panose=panose,
        charset="80",
        family=family,
        pitch="fixed"
        if fixed_pitch
        else "variable",  # UD明朝 / UDゴシック: fixed; the P faces: variable
        sig=sig,
    )
