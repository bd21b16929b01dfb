"""The DOCX package writer (writers/docx/package.py) writes what zipfile writes."""

from __future__ import annotations

import io
import os
import random
import zipfile
from datetime import date

import pytest

from planpress.writers.docx import package


def zipfile_bytes(entries, when):
    """The same entries through zipfile, as the writer did before (and python-docx does)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=package.stamp_of(when))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return out.getvalue()


def sample_entries():
    rng = random.Random(7)
    text = "".join(rng.choice("新旧対照表 abc<w:p/>\n") for _ in range(50_000)).encode()
    return [
        ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
        ("word/empty.xml", b""),
        ("word/document.xml", text),
        ("word/fonts/font1.odttf", os.urandom(100_000)),  # incompressible, remembered
        ("word/media/画像.png", rng.randbytes(40_000)),  # a name zipfile flags as UTF-8
    ]


@pytest.mark.parametrize("when", [date(2026, 4, 1), None, date(1970, 1, 1), date(2200, 1, 1)])
def test_same_bytes_as_zipfile(when):
    entries = sample_entries()
    assert package.zip_entries(entries, when) == zipfile_bytes(entries, when)


def test_remembered_parts_give_the_same_bytes():
    entries = sample_entries()
    first = package.zip_entries(entries, date(2026, 4, 1))
    again = package.zip_entries(entries, date(2026, 4, 1))  # the large parts come from memory
    assert again == first
    changed = [(name, data[:-1] + b"x") if data else (name, data) for name, data in entries]
    assert package.zip_entries(changed, None) == zipfile_bytes(changed, None)


def test_zip_reads_back():
    entries = sample_entries()
    with zipfile.ZipFile(io.BytesIO(package.zip_entries(entries, None))) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == entries
