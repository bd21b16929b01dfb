"""ReportLab TrueType fonts without parsing the font file on every start.

ReportLab's `TTFont` reads every table of the file when it is made
(`TTFontFile.extractInfo`: a quarter of a second for the three BIZ UD fonts,
every run). What it derives — names, metrics, the character → glyph map, the
advances, the glyph offsets — depends only on the file's bytes, so it is
kept in the per-user cache (planpress.cache) under the file's digest and
ReportLab's version, and the face is rebuilt from it; the bytes themselves are
still read, as subsetting copies glyphs out of them.

This leans on ReportLab internals (the attributes `TTFont.__init__` sets and
the face's parsed state); tests/test_cache.py compares a face and a font made
this way with ones ReportLab made itself, so an update that changes them fails
there, not in a PDF. An entry that is missing, damaged or does not unpickle
into what was stored is ignored and the font parsed as before.
"""

from __future__ import annotations

import pickle
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from planpress import cache

KIND = "ttfont"
# The file's bytes (read again) and a scaling closure (made again from unitsPerEm).
_UNSTORED = ("_ttf_data", "_pdfScale")


def load_ttfont(name: str, path: Path, ascii_readable: bool = False) -> TTFont:
    """`TTFont(name, path, asciiReadable=…)`, its parsed face from the cache when there."""
    data = path.read_bytes()
    # What parsing reads besides the bytes: the file's base name (ReportLab
    # checks it against rl_config.allowTTFSubsetting) and two settings.
    entry = cache.key(
        KIND,
        reportlab.Version,
        cache.file_digest(Path(__file__)),  # what is stored changes with this module
        cache.file_digest(path),
        path.name,
        repr(
            (
                rl_config.allowTTFSubsetting,
                getattr(rl_config, "autoGenerateTTFMissingTTFName", None),
            )
        ),
    )
    face = _cached_face(entry, str(path), data)
    if face is None:
        face = TTFontFace(str(path))
        state = {k: v for k, v in vars(face).items() if k not in _UNSTORED}
        cache.save(KIND, entry, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    return _font(name, face, ascii_readable)


def _cached_face(entry: str, filename: str, data: bytes) -> TTFontFace | None:
    payload = cache.load(KIND, entry)
    if payload is None:
        return None
    try:
        state = pickle.loads(payload)
    # The entry's digest matched, so these mean one written by another ReportLab.
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    if not isinstance(state, dict) or "charToGlyph" not in state:
        return None
    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)
    vars(face).update(state)
    face.filename = filename  # the same bytes may sit in another project's fonts/
    face._ttf_data = data
    face._pdfScale = _pdf_scale(face.unitsPerEm)
    return face


def _pdf_scale(units_per_em: int):
    """Font units → PDF glyph space, as `extractInfo` makes it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _font(name: str, face: TTFontFace, ascii_readable: bool) -> TTFont:
    """What `TTFont.__init__` makes around its face (ReportLab 4–5)."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = ttfonts.TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable if ascii_readable is None else ascii_readable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font
