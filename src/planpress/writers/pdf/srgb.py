"""An sRGB ICC profile (version 2), built here byte for byte.

PDF/A's output intent names the colour space the document's DeviceRGB and
DeviceGray mean. Building the profile from the sRGB standard's numbers
(IEC 61966-2-1: D50-adapted primaries, the piecewise tone curve) keeps the
build reproducible and the repository free of a binary of unclear licence.
"""

from __future__ import annotations

import struct
from functools import cache

NAME = "sRGB IEC61966-2.1"
WHITE = (0.9505, 1.0, 1.0891)  # media white: D65 (a version 2 display profile)
D50 = (0.9642, 1.0, 0.8249)  # the profile connection space's illuminant
PRIMARIES = {  # sRGB's red, green and blue, chromatically adapted to D50
    b"rXYZ": (0.4361, 0.2225, 0.0139),
    b"gXYZ": (0.3851, 0.7169, 0.0971),
    b"bXYZ": (0.1431, 0.0606, 0.7141),
}
CURVE_POINTS = 1024


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(xyz: tuple[float, float, float]) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(map(_s15, xyz))


def _curve() -> bytes:
    """sRGB's tone curve as a table (encoded value → linear light)."""
    points = []
    for i in range(CURVE_POINTS):
        v = i / (CURVE_POINTS - 1)
        linear = v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
        points.append(round(linear * 65535))
    return b"curv\0\0\0\0" + struct.pack(f">I{CURVE_POINTS}H", CURVE_POINTS, *points)


def _description(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (
        b"desc\0\0\0\0"
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + struct.pack(">II", 0, 0)  # no Unicode description
        + struct.pack(">HB", 0, 0)  # no ScriptCode description
        + b"\0" * 67
    )


def _text(text: str) -> bytes:
    return b"text\0\0\0\0" + text.encode("ascii") + b"\0"


@cache
def srgb_profile() -> bytes:
    """The profile's bytes (the same every time)."""
    curve = _curve()
    tags = [
        (b"desc", _description(NAME)),
        (b"cprt", _text("No copyright, use freely")),
        (b"wtpt", _xyz(WHITE)),
        *((sig, _xyz(xyz)) for sig, xyz in PRIMARIES.items()),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    entries, data, placed = [], b"", {}
    for sig, body in tags:
        if body not in placed:  # the three tone curves share one table
            placed[body] = offset + len(data)
            data += body + b"\0" * (-len(body) % 4)
        entries.append(struct.pack(">4sII", sig, placed[body], len(body)))
    size = offset + len(data)
    header = (
        struct.pack(">I4sI4s4s4s", size, b"\0\0\0\0", 0x02100000, b"mntr", b"RGB ", b"XYZ ")
        + struct.pack(">6H", 2000, 1, 1, 0, 0, 0)  # a fixed date: reproducible
        + b"acsp"
        + b"\0" * 4  # platform
        + struct.pack(">I", 0)  # flags
        + b"\0" * 8  # manufacturer, model
        + b"\0" * 8  # attributes
        + struct.pack(">I", 0)  # rendering intent: perceptual
        + b"".join(map(_s15, D50))
        + b"\0" * 4  # creator
        + b"\0" * 44  # profile id and reserved
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + b"".join(entries) + data
