"""ReportLab TrueType fonts without parsing the font file on every start.

ReportLab's `TTFont` reads every table of the file when it is made
(`TTFontFile.extractInfo`: a quarter of a second for the three BIZ UD fonts,
every run). What it derives — names, metrics, the character → glyph map, the
advances, the glyph offsets — depends only on the file's bytes, so it is
kept in the per-user cache (planpress.cache) under the file's digest and
ReportLab's version, and the face is rebuilt from it; the bytes themselves are
still read, as subsetting copies glyphs out of them.

Loading the stored state is most of what a cached face costs, and most of
that is building some 40,000 small lists and tuples. So the large tables are
stored as typed arrays, the two every text needs (character → glyph, widths)
made into dicts at once, and the three only subsetting or shaping reads
(glyph offsets, glyph metrics, glyph → characters) when first read.

This leans on ReportLab internals (the attributes `TTFont.__init__` sets and
the face's parsed state); tests/test_cache.py compares a face and a font made
this way with ones ReportLab made itself, so an update that changes them fails
there, not in a PDF. An entry that is missing, damaged or does not unpickle
into what was stored is ignored and the font parsed as before.
"""

from __future__ import annotations

import pickle
from array import array
from fnmatch import fnmatch
from functools import cached_property
from itertools import accumulate
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from planpress import cache

KIND = "ttfont"
SUBSET = "ttf-subset"
HERE = Path(__file__).resolve().parent
# What a subset is cut by besides ReportLab: the patch that strips hinting.
SUBSET_CODE = ("reportlab_internals.py", "hinting.py")
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
        parsed = TTFontFace(str(path))
        state = {k: v for k, v in vars(parsed).items() if k not in _UNSTORED}
        stored = pack(state)
        cache.save(KIND, entry, pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))
        face = _face(CachedFace(*stored), str(path), data)  # as the next build will have it
    face._key = entry
    return _font(name, face, ascii_readable)


def _cached_face(entry: str, filename: str, data: bytes) -> TTFontFace | None:
    payload = cache.load(KIND, entry)
    if payload is None:
        return None
    try:
        state, tables = pickle.loads(payload)
        face = CachedFace(state, tables)
    # The entry's digest matched, so these mean one written by another ReportLab.
    except (
        pickle.UnpicklingError,
        EOFError,
        AttributeError,
        ImportError,
        KeyError,
        TypeError,
        ValueError,
    ):
        return None
    if "charToGlyph" not in vars(face):
        return None
    return _face(face, filename, data)


def _face(face: CachedFace, filename: str, data: bytes) -> CachedFace:
    """What is not stored: where the bytes are, the bytes, the scaling closure."""
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


# -- the stored form ------------------------------------------------------------


class CachedFace(TTFontFace):
    """A face rebuilt from the cache: `vars` as ReportLab's parser left them,
    the lazy tables (LAZY) made from their arrays when first read, and the
    font subsets a PDF embeds kept in the cache too."""

    def __init__(self, state: dict, tables: dict):
        pdfmetrics.TypeFace.__init__(self, None)
        vars(self).update(state)
        for name in EAGER:
            if name in tables:
                keys, values = tables[name]
                setattr(self, name, dict(zip(keys, values, strict=True)))
        self._tables = {name: tables[name] for name in LAZY if name in tables}
        self._key = ""  # the face's cache entry: its bytes, ReportLab and this code

    def makeSubset(self, subset) -> bytes:
        """ReportLab's subset of these characters, as patched (reportlab_internals:
        without hinting), from the cache when made before: cutting the four
        subsets of a handout is 40 ms of every build."""
        cutter = ttfonts.TTFontFile.makeSubset  # ReportLab's, or as patched
        code = [cache.file_digest(HERE / name) for name in SUBSET_CODE]
        made_by = f"{cutter.__module__}.{cutter.__qualname__}"
        entry = cache.key(SUBSET, self._key, made_by, repr(list(subset)), *code)
        # The payload starts with its own key: a foreign file is not used.
        label = entry.encode()
        payload = cache.load(SUBSET, entry) if self._key else None
        if payload is not None and payload.startswith(label):
            return payload[len(label) :]
        data = super().makeSubset(subset)
        if self._key:
            cache.save(SUBSET, entry, label + data)
        return data

    @cached_property
    def glyphPos(self) -> list:
        return list(self._tables["glyphPos"][0])

    @cached_property
    def hmetrics(self) -> list:
        advances, bearings = self._tables["hmetrics"]
        return list(zip(advances, bearings, strict=True))

    @cached_property
    def glyphToChar(self) -> dict:
        glyphs, lengths, characters = self._tables["glyphToChar"]
        characters = list(characters)
        ends = list(accumulate(lengths))
        lists = map(characters.__getitem__, map(slice, [0, *ends[:-1]], ends))
        return dict(zip(glyphs, lists, strict=True))


EAGER = ("charToGlyph", "charWidths")  # every text's widths and glyphs
LAZY = ("glyphPos", "hmetrics", "glyphToChar")  # read by subsetting and shaping


def pack(state: dict) -> tuple[dict, dict]:
    """`state` as (values kept as they are, tables as columns); a table whose
    shape is not the expected one (another ReportLab) stays as it is."""
    rest, tables = dict(state), {}
    shapes = {
        "charToGlyph": _mapping,
        "charWidths": _mapping,
        "glyphPos": _numbers,
        "hmetrics": _pairs,
        "glyphToChar": _lists,
    }
    for name, shape in shapes.items():
        columns = shape(state.get(name))
        if columns is not None:
            tables[name] = columns
            del rest[name]
    return rest, tables


def _column(values) -> array | list | None:
    """Numbers of one type as an array, which gives back that type; else None."""
    values = list(values)
    kinds = set(map(type, values))
    for kind, codes in ((int, "iq"), (float, "d")):
        if kinds <= {kind}:
            for code in codes:  # the smallest that holds every value
                try:
                    return array(code, values)
                except OverflowError:
                    continue
    return values if kinds <= {int, float} else None  # mixed numbers: a list keeps each


def _mapping(value) -> tuple | None:
    if not isinstance(value, dict):
        return None
    keys, values = _column(value), _column(value.values())
    return None if keys is None or values is None else (keys, values)


def _numbers(value) -> tuple | None:
    column = _column(value) if isinstance(value, list) else None
    return None if column is None else (column,)


def _pairs(value) -> tuple | None:
    if not isinstance(value, list) or not all(type(v) is tuple and len(v) == 2 for v in value):
        return None
    first, second = _column(v[0] for v in value), _column(v[1] for v in value)
    return None if first is None or second is None else (first, second)


def _lists(value) -> tuple | None:
    if not isinstance(value, dict) or not all(type(v) is list for v in value.values()):
        return None
    columns = (
        _column(value),
        _column(map(len, value.values())),
        _column(c for v in value.values() for c in v),
    )
    return None if None in columns else columns
