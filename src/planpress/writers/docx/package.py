"""A reproducible DOCX package: the same document gives the same bytes.

python-docx stamps each zip entry with the time of saving; the entries are
rewritten here, in the same order, with one fixed timestamp.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def fixed_zip(
    data: bytes, when: date | None = None, splice: dict[str, tuple[bytes, bytes]] | None = None
) -> bytes:
    """`data` (a zip) with every entry dated `when` (or 1980-01-01); `splice`
    maps an entry to (mark, bytes): the mark in it is replaced by the bytes
    (the document body, written out in parts as it was made)."""
    splice = splice or {}
    # A zip holds dates of 1980–2107 only; any other day keeps the epoch.
    fits = when is not None and 1980 <= when.year <= 2107
    stamp = (when.year, when.month, when.day, 0, 0, 0) if fits else ZIP_EPOCH
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            content = source.read(entry.filename)
            if entry.filename in splice:
                mark, replacement = splice[entry.filename]
                before, found, after = content.partition(mark)
                if not found:
                    raise ValueError(f"{entry.filename}: no {mark!r} to replace")
                content = before + replacement + after
            target.writestr(info, content)
    return out.getvalue()
