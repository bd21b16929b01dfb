"""A reproducible DOCX package: the same document gives the same bytes.

python-docx stamps each zip entry with the time of saving; the entries are
rewritten here, in the same order, with one fixed timestamp.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def fixed_zip(data: bytes, when: date | None = None) -> bytes:
    """`data` (a zip) with every entry dated `when` (or 1980-01-01)."""
    # A zip holds dates of 1980–2107 only; any other day keeps the epoch.
    fits = when is not None and 1980 <= when.year <= 2107
    stamp = (when.year, when.month, when.day, 0, 0, 0) if fits else ZIP_EPOCH
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
