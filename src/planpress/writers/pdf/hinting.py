"""Embedded font subsets without TrueType hinting.

BIZ UD's glyphs carry hinting programs (instructions in each glyph and the
font-wide fpgm, prep and cvt tables) that grid-fit outlines for low-resolution
screens; PDF viewers scale the outlines themselves and print ignores them,
yet they are a fifth of each subset's bytes. `without_hinting` takes a
TrueType font file (a subset ReportLab made) and returns it without them:
the same outlines, metrics and character map.
"""

from __future__ import annotations

import itertools
import struct

HINTING_TABLES = {b"fpgm", b"prep", b"cvt ", b"hdmx", b"LTSH", b"VDMX"}
# composite glyph flags (OpenType 'glyf')
_WORDS, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO, _INSTRUCTIONS = (
    0x1,
    0x8,
    0x20,
    0x40,
    0x80,
    0x100,
)


def without_hinting(font: bytes) -> bytes:
    """`font` (TrueType, glyf outlines) without hinting tables and glyph instructions."""
    count = struct.unpack_from(">H", font, 4)[0]
    tables = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sLLL", font, 12 + 16 * i)
        tables[tag] = font[offset : offset + length]
    if b"glyf" not in tables or b"loca" not in tables or b"head" not in tables:
        return font  # not TrueType outlines: as it is
    long_loca = struct.unpack_from(">h", tables[b"head"], 50)[0] == 1
    glyf, loca = _strip_glyphs(tables[b"glyf"], tables[b"loca"], long_loca)
    tables[b"glyf"], tables[b"loca"] = glyf, loca
    head = bytearray(tables[b"head"])
    head[8:12] = b"\0\0\0\0"  # checkSumAdjustment, set below
    head[50:52] = struct.pack(">h", 1 if long_loca else 0)
    tables[b"head"] = bytes(head)
    if b"maxp" in tables and len(tables[b"maxp"]) >= 32:  # version 1.0: no programs now
        maxp = bytearray(tables[b"maxp"])
        maxp[14:28] = struct.pack(">7H", 1, 0, 0, 0, 0, 0, 0)  # zones…instructions
        tables[b"maxp"] = bytes(maxp)
    kept = sorted(tag for tag in tables if tag not in HINTING_TABLES)
    out = _sfnt(font[:4], {tag: tables[tag] for tag in kept})
    adjust = (0xB1B0AFBA - _checksum(out)) & 0xFFFFFFFF
    at = out.index(b"head") + 8  # the head table's offset in its record
    head_offset = struct.unpack_from(">L", out, at)[0]
    return out[: head_offset + 8] + struct.pack(">L", adjust) + out[head_offset + 12 :]


def _strip_glyphs(glyf: bytes, loca: bytes, long_loca: bool) -> tuple[bytes, bytes]:
    if long_loca:
        offsets = struct.unpack(f">{len(loca) // 4}L", loca)
    else:
        offsets = [o * 2 for o in struct.unpack(f">{len(loca) // 2}H", loca)]
    parts, new = [], [0]
    at = 0
    for start, end in itertools.pairwise(offsets):
        glyph = _glyph(glyf[start:end]) if end > start else b""
        if len(glyph) % 4:
            glyph += b"\0" * (4 - len(glyph) % 4)
        parts.append(glyph)
        at += len(glyph)
        new.append(at)
    if long_loca:
        return b"".join(parts), struct.pack(f">{len(new)}L", *new)
    return b"".join(parts), struct.pack(f">{len(new)}H", *(o // 2 for o in new))


def _glyph(data: bytes) -> bytes:
    contours = struct.unpack_from(">h", data, 0)[0]
    if contours >= 0:  # simple: header, end points, instruction length, instructions, outline
        at = 10 + 2 * contours
        length = struct.unpack_from(">H", data, at)[0]
        return data[:at] + b"\0\0" + data[at + 2 + length :]
    at, flags = 10, _MORE
    last = 10
    while flags & _MORE:  # composite: clear the instructions flag, drop them
        last = at
        flags = struct.unpack_from(">H", data, at)[0]
        at += 4 + (4 if flags & _WORDS else 2)
        if flags & _SCALE:
            at += 2
        elif flags & _XY_SCALE:
            at += 4
        elif flags & _TWO_BY_TWO:
            at += 8
    if not flags & _INSTRUCTIONS:
        return data[:at]
    out = bytearray(data[:at])
    out[last : last + 2] = struct.pack(">H", flags & ~_INSTRUCTIONS)
    return bytes(out)


def _checksum(data: bytes) -> int:
    if len(data) % 4:
        data += b"\0" * (4 - len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}L", data)) & 0xFFFFFFFF


def _sfnt(version: bytes, tables: dict[bytes, bytes]) -> bytes:
    count = len(tables)
    power = 1 << (count.bit_length() - 1)
    header = version + struct.pack(
        ">4H", count, power * 16, power.bit_length() - 1, (count - power) * 16
    )
    offset = 12 + 16 * count
    records, bodies = [], []
    for tag, data in tables.items():
        records.append(struct.pack(">4sLLL", tag, _checksum(data), offset, len(data)))
        padded = data + b"\0" * (-len(data) % 4)
        bodies.append(padded)
        offset += len(padded)
    return header + b"".join(records) + b"".join(bodies)
