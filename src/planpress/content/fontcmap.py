"""Which characters a TrueType font draws, read from its `cmap` table alone.

The text checks need only this; parsing the whole font (ReportLab's
TTFontFile reads every table) cost a sixth of a small build, and the PDF
writer parses the same files again to embed them. Only the `cmap` table is
read (a few hundred KB of a 5 MB font), and the set it gives is kept by that
table's digest — its contents, never the file's path — in the process and in
planpress's per-user cache: `planpress check` need not read, let alone hash,
the whole files.
"""

from __future__ import annotations

import hashlib
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
    table = cmap_table(path)
    return _code_points(hashlib.sha256(table).digest(), table)


def cmap_table(path: Path) -> bytes:
    """The bytes of the font's `cmap` table, read from the file's table directory."""
    with path.open("rb") as stream:
        head = stream.read(12)
        if len(head) < 12:
            raise ValueError(f"{path}: not a TrueType font")
        tables = struct.unpack_from(">H", head, 4)[0]
        directory = stream.read(16 * tables)
        offset, length = _entry(directory, tables, b"cmap")
        stream.seek(offset)
        table = stream.read(length)
    if len(table) < length:
        raise ValueError(f"{path}: the cmap table runs past the end of the file")
    return table


@cache
def _code_points(digest: bytes, table: bytes) -> frozenset[int]:
    entry = store.key("cmap", store.file_digest(Path(__file__)), digest)
    payload = store.load("cmap", entry)
    if payload is not None:
        try:
            points = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            points = None
        if isinstance(points, frozenset):
            return points
    points = _read_code_points(table)
    store.save("cmap", entry, marshal.dumps(points))
    return points


def _read_code_points(data: bytes) -> frozenset[int]:
    """The code points of a `cmap` table's best Unicode subtable."""
    count = struct.unpack_from(">H", data, 2)[0]
    subtables = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, 4 + 8 * index)
        fmt = struct.unpack_from(">H", data, offset)[0]
        subtables[(platform, encoding, fmt)] = offset
    for (platform, encoding, fmt), at in subtables.items():
        if (platform, encoding) in FULL_UNICODE and fmt == 12:
            return _format12(data, at)
    for (platform, encoding, fmt), at in subtables.items():
        if (platform, encoding) in BMP_UNICODE and fmt == 4:
            return _format4(data, at)
    raise ValueError("no Unicode cmap subtable")


def _entry(directory: bytes, tables: int, tag: bytes) -> tuple[int, int]:
    """(offset, length) of table `tag` in a font's table directory."""
    for index in range(min(tables, len(directory) // 16)):
        name, _checksum, offset, length = struct.unpack_from(">4sIII", directory, 16 * index)
        if name == tag:
            return offset, length
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
