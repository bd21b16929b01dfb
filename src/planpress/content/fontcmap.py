"""Which characters a TrueType font draws, read from its `cmap` table alone.

The text checks need only this; parsing the whole font (ReportLab's
TTFontFile reads every table) cost a sixth of a small build, and the PDF
writer parses the same files again to embed them. A font's set is kept by its
file's digest, in the process and in planpress's per-user cache.
"""

from __future__ import annotations

import marshal
import struct
from functools import cache
from pathlib import Path

from planpress import cache as store

# (platform, encoding) of the Unicode subtables, full repertoire first.
FULL_UNICODE = {(3, 10), (0, 4), (0, 6)}
BMP_UNICODE = {(3, 1), (0, 3)}


def code_points(path: Path) -> frozenset[int]:
    """The code points `path` maps to a real glyph (not .notdef)."""
    return _code_points(store.file_digest(path), path)


@cache
def _code_points(digest: bytes, path: Path) -> frozenset[int]:
    entry = store.key("cmap", store.file_digest(Path(__file__)), digest)
    payload = store.load("cmap", entry)
    if payload is not None:
        try:
            points = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            points = None
        if isinstance(points, frozenset):
            return points
    points = _read_code_points(path)
    store.save("cmap", entry, marshal.dumps(points))
    return points


def _read_code_points(path: Path) -> frozenset[int]:
    data = path.read_bytes()
    cmap = _table(data, b"cmap")
    count = struct.unpack_from(">H", data, cmap + 2)[0]
    subtables = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * index)
        fmt = struct.unpack_from(">H", data, cmap + offset)[0]
        subtables[(platform, encoding, fmt)] = cmap + offset
    for (platform, encoding, fmt), at in subtables.items():
        if (platform, encoding) in FULL_UNICODE and fmt == 12:
            return _format12(data, at)
    for (platform, encoding, fmt), at in subtables.items():
        if (platform, encoding) in BMP_UNICODE and fmt == 4:
            return _format4(data, at)
    raise ValueError(f"{path}: no Unicode cmap subtable")


def _table(data: bytes, tag: bytes) -> int:
    tables = struct.unpack_from(">H", data, 4)[0]
    for index in range(tables):
        name, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if name == tag:
            return offset
    raise ValueError(f"no {tag.decode()} table")


def _format12(data: bytes, at: int) -> frozenset[int]:
    groups = struct.unpack_from(">I", data, at + 12)[0]
    points: set[int] = set()
    for group in range(groups):
        start, end, glyph = struct.unpack_from(">III", data, at + 16 + 12 * group)
        points.update(range(start + (glyph == 0), end + 1))
    return frozenset(points)


def _format4(data: bytes, at: int) -> frozenset[int]:
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts_at = at + 16 + 2 * segments
    starts = struct.unpack_from(f">{segments}H", data, starts_at)
    deltas = struct.unpack_from(f">{segments}h", data, starts_at + 2 * segments)
    ranges_at = starts_at + 4 * segments
    ranges = struct.unpack_from(f">{segments}H", data, ranges_at)
    points: set[int] = set()
    for i, (start, end, delta, offset) in enumerate(zip(starts, ends, deltas, ranges)):
        for code in range(start, end + 1):
            if code == 0xFFFF:
                continue
            if offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                where = ranges_at + 2 * i + offset + 2 * (code - start)
                glyph = struct.unpack_from(">H", data, where)[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                points.add(code)
    return frozenset(points)
