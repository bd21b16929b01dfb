"""A reproducible DOCX package: the same document gives the same bytes.

python-docx stamps each zip entry with the time of saving and compresses every
part on each save. The package is written here instead, from the parts
python-docx would save, in its order, with one fixed timestamp: the bytes are
what `zipfile` writes for these entries (tests/test_docx_package.py checks
that), each part compressed once. The compressed form of a large part (the
embedded font subsets, the styles) is remembered by its content, so a rebuild
whose fonts did not change (`planpress watch`) does not compress them again.
"""

from __future__ import annotations

import hashlib
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry

# Parts at least this large keep their compressed form for the next build:
# the font subsets (100–400 KB each), and the parts a rebuild leaves as they
# were (styles, theme, font table, settings: a few KB each, a dozen of them,
# together a tenth of a small document's DOCX time).
REMEMBERED_SIZE = 2 * 1024
REMEMBERED_PARTS = 48
_DEFLATED: dict[bytes, tuple[int, bytes]] = {}  # digest of a part -> (crc, deflated)


def stamp_of(when: date | None) -> tuple[int, int, int, int, int, int]:
    """The zip timestamp of a document dated `when`: that day, or the epoch for
    a day a zip cannot hold (1980–2107 only) or no day."""
    fits = when is not None and 1980 <= when.year <= 2107
    return (when.year, when.month, when.day, 0, 0, 0) if fits else ZIP_EPOCH


@dataclass(frozen=True, slots=True)
class Deflated:
    """A part compressed while it was being written: its CRC-32, its size and
    its raw deflate stream."""

    crc: int
    size: int
    data: bytes


class DeflateStream:
    """Compresses a part piece by piece as it is written (a long document's
    body, release.py): the pieces need not be kept, and the stream is the
    one zipfile makes of them joined (deflate does not depend on how its
    input is cut)."""

    def __init__(self) -> None:
        self.compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        self.crc = self.size = 0
        self.out: list[bytes] = []

    def add(self, piece: bytes) -> None:
        self.crc = zlib.crc32(piece, self.crc)
        self.size += len(piece)
        self.out.append(self.compressor.compress(piece))

    def finish(self) -> Deflated:
        self.out.append(self.compressor.flush())
        data, self.out = b"".join(self.out), []
        return Deflated(self.crc, self.size, data)


def zip_entries(
    entries: Iterable[tuple[str, bytes | list[bytes] | Deflated]], when: date | None = None
) -> bytes:
    """A zip of `entries` (name, bytes) in order, every one deflated and dated
    `when` — byte for byte what `zipfile.ZipFile.writestr` writes for them.
    An entry's bytes may come in pieces, compressed one after the other,
    never joined, or compressed already (`Deflated`, release.py)."""
    stamp = stamp_of(when)
    out = bytearray()
    infos = []
    for name, data in entries:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.flag_bits = 0
        if isinstance(data, bytes):
            (info.CRC, deflated), info.file_size = _deflate(data), len(data)
        else:
            done = data if isinstance(data, Deflated) else _deflate_pieces(data)
            info.CRC, deflated, info.file_size = done.crc, done.data, done.size
        info.compress_size = len(deflated)
        if info.file_size > zipfile.ZIP64_LIMIT or len(out) > zipfile.ZIP64_LIMIT:
            raise ValueError("a DOCX part over 2 GB")  # zipfile would write Zip64 here
        info.header_offset = len(out)
        out += info.FileHeader(False)
        out += deflated
        infos.append(info)
    start = len(out)
    for info in infos:
        out += _central_entry(info)
    size = len(out) - start
    out += struct.pack(
        zipfile.structEndArchive,
        zipfile.stringEndArchive,
        0,
        0,
        len(infos),
        len(infos),
        size,
        start,
        0,
    )
    return bytes(out)


def _central_entry(info: zipfile.ZipInfo) -> bytes:
    dt = info.date_time
    dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
    dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
    filename, flag_bits = info._encodeFilenameFlags()
    header = struct.pack(
        zipfile.structCentralDir,
        zipfile.stringCentralDir,
        info.create_version,
        info.create_system,
        info.extract_version,
        info.reserved,
        flag_bits,
        info.compress_type,
        dostime,
        dosdate,
        info.CRC,
        info.compress_size,
        info.file_size,
        len(filename),
        len(info.extra),
        len(info.comment),
        0,
        info.internal_attr,
        info.external_attr,
        info.header_offset,
    )
    return header + filename + info.extra + info.comment


def _deflate(data: bytes) -> tuple[int, bytes]:
    """(CRC-32, raw deflate stream) of `data`, as zipfile makes them."""
    key = hashlib.blake2b(data, digest_size=20).digest() if len(data) >= REMEMBERED_SIZE else None
    found = _DEFLATED.pop(key, None) if key else None
    if found is None:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        found = zlib.crc32(data), compressor.compress(data) + compressor.flush()
    if key:
        _DEFLATED[key] = found  # the most recent last
        while len(_DEFLATED) > REMEMBERED_PARTS:
            del _DEFLATED[next(iter(_DEFLATED))]
    return found


def _deflate_pieces(pieces: list[bytes]) -> Deflated:
    """The pieces' bytes one after the other, compressed."""
    stream = DeflateStream()
    for piece in pieces:
        stream.add(piece)
    return stream.finish()
