"""Every use planpress makes of ReportLab's internals, in one place.

ReportLab has no public API for what a tagged, archival PDF with our own line
composer needs: raw content operators, entries in page dictionaries, extra
catalog objects, subset encodings, a table that breaks between rows by our
rules. The rest of writers/pdf goes through the functions here (or, for the
table and the subset encoder, uses the names listed in `INTERNALS`), and
`require()` checks at the first PDF of a process that the installed
ReportLab still has each one, so an update that removes one stops with a
message naming it instead of writing a wrong PDF. docs/design.md lists them
with the reason for each; pyproject.toml pins the tested range (`TESTED`).
"""

from __future__ import annotations

import io
import struct
import weakref
import zlib
from array import array
from collections.abc import Callable
from functools import partial

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfgen import canvas as reportlab_canvas
from reportlab.platypus import Table

from planpress.writers.pdf.hinting import without_hinting
from planpress.writers.pdf.reuse import compressed

TESTED = ">=5.0,<5.2"  # the reportlab range in pyproject.toml (5.0.1 and 5.1.0 tested)


class ReportLabChanged(RuntimeError):
    """The installed ReportLab lacks an internal planpress relies on."""


# (where, name, what planpress uses it for). `where` is a module or class, or
# "canvas" / "table" / "font state" for attributes of a live object.
INTERNALS: tuple[tuple[object, str, str], ...] = (
    ("canvas", "_code", "appending a paragraph's text operators and marked content at once"),
    ("canvas", "_doc", "the PDF document: font subsets, catalog, page objects"),
    ("canvas", "_pagesize", "the size of the page being decorated (header, page number)"),
    (pdfdoc.PDFDocument, "Reference", "registering structure elements and metadata objects"),
    ("document", "Pages", "the page tree"),
    ("page tree", "pages", "adding /StructParents and /Tabs to every page dictionary"),
    (pdfdoc.PDFPage, "__NoDefault__", "the page dictionary keys ReportLab writes"),
    (pdfdoc.PDFCatalog, "__NoDefault__", "the catalog keys ReportLab writes"),
    (pdfdoc.PDFCatalog, "__Defaults__", "the catalog keys ReportLab always writes"),
    ("document", "Catalog", "the document catalog"),
    ("document", "info", "the document information the XMP repeats"),
    ("document", "_timeStamp", "the creation date the XMP repeats"),
    ("document", "idToObjectNumberAndVersion", "object numbers for the structure tree"),
    ("document", "objectcounter", "numbering the structure tree's objects at once"),
    ("reference", "name", "the name a reference is registered under"),
    (pdfdoc.PDFStream, "format", "an end-of-line before 'endstream' (PDF/A stream keywords)"),
    ("page", "stream", "a finished page's content, compressed when the page ends"),
    ("page", "compression", "whether a page's content is compressed"),
    (pdfdoc, "PDFZCompress", "the Flate filter ReportLab compresses page content with"),
    (pdfdoc.PDFDocument, "format", "writing the structure tree into object streams"),
    (pdfdoc.LinkAnnotation, "permitted", "a link's /StructParent (PDF/UA)"),
    ("link annotation", "otherkw", "a link's /StructParent, known when the document ends"),
    (reportlab_canvas.Canvas, "_absRect", "a link's rectangle in page space"),
    (reportlab_canvas.Canvas, "_bookmarkReference", "a link to a heading placed later"),
    (reportlab_canvas.Canvas, "_addAnnotation", "putting a link on the page"),
    ("document", "numberToId", "the objects in number order, for object streams"),
    ("document", "idToObject", "the objects in number order, for object streams"),
    (pdfdoc.PDFDocument, "ID", "the file identifier in the cross-reference stream"),
    (pdfdoc, "PDFFile", "the file header (version, binary comment)"),
    (pdfdoc, "PDFDate", "the same creation date in the XMP as in the document info"),
    (ttfonts, "makeToUnicodeCMap", "UTF-16BE ToUnicode entries for characters above U+FFFF"),
    (ttfonts.TTFontFile, "makeSubset", "embedded subsets without TrueType hinting"),
    (pdfdoc.PDFStreamFilterZCompress, "encode", "Flate compression reused between builds"),
    (reportlab_canvas, "escapePDF", "escaping text strings without a method call per string"),
    (ttfonts.TTFont, "splitString", "encoding a paragraph into the document's font subsets"),
    (ttfonts.TTFont, "getSubsetInternalName", "the name of a font subset in the document"),
    (ttfonts.TTFont, "State", "a font's per-document state (checked below)"),
    ("font state", "assignments", "reading a character's subset code without re-encoding"),
    ("font state", "internalName", "whether the font is named in the document yet"),
    (Table, "_calc", "measuring a table before choosing where it breaks"),
    (Table, "_splitRows", "ReportLab's own row splitting, under our choice of row"),
    ("table", "_rowHeights", "the heights that decide where a table breaks"),
    ("table", "_cellvalues", "the rows of a table piece"),
)


def missing() -> list[str]:
    """The internals (as 'where.name: why') the installed ReportLab lacks."""
    canv = reportlab_canvas.Canvas(io.BytesIO())
    table = Table([["a"], ["b"]])
    table.wrap(100, 100)
    font_state = _font_state()
    live = {
        "canvas": canv,
        "document": getattr(canv, "_doc", None),
        "page tree": getattr(getattr(canv, "_doc", None), "Pages", None),
        "table": table,
        "reference": pdfdoc.PDFObjectReference("R1"),
        "font state": font_state,
        "link annotation": pdfdoc.LinkAnnotation((0, 0, 1, 1), "", None),
        "page": _page(),
    }
    lacking = []
    for where, name, why in INTERNALS:
        owner = live.get(where, where) if isinstance(where, str) else where
        if owner is None or not hasattr(owner, name):
            label = where if isinstance(where, str) else getattr(where, "__name__", str(where))
            lacking.append(f"{label}.{name}: {why}")
    return lacking


def _font_state():
    """A TrueType font's per-document state, as ReportLab keeps it."""
    state_class = getattr(ttfonts, "TTFont", None)
    state_class = getattr(state_class, "State", None)
    if state_class is None:
        return None
    try:
        return state_class()
    except TypeError:
        return None


def _page():
    """A page dictionary as a canvas makes it when a page ends."""
    page = pdfdoc.PDFPage()
    page.setCompression(1)
    page.setStream(["0 g"])
    return page


_checked = False


def require() -> None:
    """Stop with a clear message if an internal planpress uses is gone (checked once)."""
    global _checked
    if _checked:
        return
    lacking = missing()
    if lacking:
        raise ReportLabChanged(
            f"ReportLab {reportlab.Version} lacks internals planpress's PDF writer uses "
            f"(tested with reportlab{TESTED}, see docs/design.md):\n  "
            + "\n  ".join(lacking)
            + f"\nInstall a tested version: pip install 'reportlab{TESTED}'"
        )
    _install_patches()
    _checked = True


# --- the raw page and document ------------------------------------------------------


def page_code(canv) -> list[str]:
    """The content operators of the page being drawn (appendable)."""
    return canv._code


def page_size(canv) -> tuple[float, float]:
    """The size of the page being drawn (width, height)."""
    return canv._pagesize


def pdf_document(canv):
    """The canvas's PDF document object."""
    return canv._doc


def page_objects(canv) -> list:
    """The page dictionaries written so far, in page order."""
    return canv._doc.Pages.pages


def set_page_entries(page, **entries) -> None:
    """Extra keys for one page dictionary."""
    _set_entries(page, entries)


def set_catalog_entry(canv, key: str, value) -> None:
    """A key of the document catalog (/StructTreeRoot, /OutputIntents …)."""
    _set_entries(canv._doc.Catalog, {key: value})


def _set_entries(obj, entries: dict) -> None:
    # ReportLab writes only the keys a catalog or page lists in __NoDefault__
    # (and makes references of those in its class's __Refs__), so the object
    # gets its own, longer list.
    keys = list(obj.__NoDefault__)
    for key, value in entries.items():
        if key not in keys and key not in obj.__Defaults__:
            keys.append(key)
        setattr(obj, key, value)
    obj.__NoDefault__ = keys


def document_info(canv):
    """The document information (title, author, subject, keywords, creator, producer)."""
    return canv._doc.info


class RawObject(pdfdoc.PDFObject):
    """An indirect object whose bytes planpress writes itself: the structure
    tree is thousands of small dictionaries, which ReportLab's generic objects
    would format many times slower and larger."""

    __RefOnly__ = 1

    def __init__(self) -> None:
        self.data = b""

    def format(self, document) -> bytes:
        return self.data


def raw_objects(canv, count: int) -> tuple[int, list[RawObject]]:
    """`count` new raw objects with consecutive object numbers (the first is
    returned): registered at once, as `PDFDocument.Reference` would one by one."""
    doc = canv._doc
    first = doc.objectcounter + 1
    objects = []
    numbers, ids, by_name = doc.idToObjectNumberAndVersion, doc.numberToId, doc.idToObject
    for number in range(first, first + count):
        obj = RawObject()
        name = obj.__InternalName__ = f"R{number}"
        numbers[name] = (number, 0)
        ids[number] = name
        by_name[name] = obj
        objects.append(obj)
    doc.objectcounter = first + count - 1
    return first, objects


def raw_range(canv, count: int, make: Callable[[int], bytes]) -> int:
    """`count` consecutive object numbers (the first is returned) for objects
    whose bytes `make(number)` gives when the file is written, packed like
    `RawObject`s. One entry for all: a long plan's structure tree has a
    hundred thousand elements, and as ReportLab objects each would hold a
    name and three dictionary entries until the file is written."""
    doc = canv._doc
    first = doc.objectcounter + 1
    _raw_ranges(doc).append((first, count, make))
    doc.objectcounter = first + count - 1
    return first


def _raw_ranges(doc) -> list[tuple[int, int, Callable[[int], bytes]]]:
    ranges = getattr(doc, "_planpress_raw_ranges", None)
    if ranges is None:
        ranges = doc._planpress_raw_ranges = []
    return ranges


def release_document(canv) -> None:
    """Let go of a written document's objects (its pages' content among
    them): ReportLab's document and pages refer to each other, so they
    would wait for the cycle collector while a long plan's DOCX is made."""
    doc = canv._doc
    doc.idToObject.clear()
    doc.Pages.pages = []


class _Deflated:
    """The Flate filter for content compressed before the file is written:
    named as ReportLab's, the bytes already encoded."""

    pdfname = pdfdoc.PDFZCompress.pdfname

    def encode(self, data: bytes) -> bytes:
        return data


_DEFLATED = _Deflated()


def deflate_last_page(canv) -> None:
    """Compress the content of the page that has just ended now rather than
    when the file is written, as ReportLab would then (the same filter and
    bytes): a long plan's pages would otherwise wait as text, some 14 KB
    each, until the end."""
    page = canv._doc.Pages.pages[-1]
    stream = page.stream
    if not stream or not page.compression or rl_config.useA85 or page.Contents:
        return  # ReportLab's own way (an empty page's test stream, ASCII85)
    contents = pdfdoc.PDFStream(content=pdfdoc.PDFZCompress.encode(stream), filters=[_DEFLATED])
    contents.__Comment__ = "page stream"
    page.Contents, page.stream = contents, None


def object_number(canv, obj) -> int:
    """The object number of `obj` in the document (registering it if new)."""
    doc = canv._doc
    return doc.idToObjectNumberAndVersion[doc.Reference(obj).name][0]


class PlainStream(pdfdoc.PDFStream):
    """A stream written unfiltered (the XMP metadata must stay readable as text)."""

    def __init__(self, dictionary: dict, content: bytes):
        super().__init__(pdfdoc.PDFDictionary(dictionary), content)

    def format(self, document):
        head = pdfdoc.PDFDictionary({**self.dictionary.dict, "Length": len(self.content)})
        return pdfdoc.format(head, document) + b"\nstream\n" + self.content + b"\nendstream\n"


def pack_raw_objects(canv) -> None:
    """Write the document's `RawObject`s (the structure tree) into compressed
    object streams (PDF 1.5), with a cross-reference stream: thousands of
    small dictionaries take a fraction of the bytes, and skip ReportLab's
    per-object formatting."""
    doc = canv._doc
    doc.format = partial(_packed_format, doc)


OBJECTS_PER_STREAM = 2000  # readers parse an object stream whole


def _packed_format(doc) -> bytes:
    """`PDFDocument.format` with object streams: the same objects in the
    same order (objects may make new ones while formatting)."""
    doc.Reference(doc.Catalog)
    doc.Reference(doc.info)
    out = pdfdoc.PDFFile((1, 7))  # object streams: PDF 1.5; PDF/UA-1 and PDF/A-2 build on 1.7
    entries = _XRefRows()
    entries.append((0, 0, 65535))
    packed: list[tuple[int, bytes]] = []  # (number, bytes) waiting for an object stream
    # Object streams compressed as soon as they are full, each (numbers, N, First, data):
    # the raw objects' bytes are made and let go a stream at a time.
    streams: list[tuple[array, int, int, bytes]] = []
    ranges = {first: (count, make) for first, count, make in _raw_ranges(doc)}
    # The makers hold the structure tree; the document is part of reference
    # cycles (ReportLab's), so they go now, not when the collector finds them.
    _raw_ranges(doc).clear()
    number = 0
    while True:
        number += 1
        if number in ranges:  # made now, in number order, as RawObjects
            count, make = ranges[number]
            for n in range(number, number + count):
                _pack(packed, entries, streams, n, make(n))
            number += count - 1
            continue
        oid = doc.numberToId.get(number)
        if oid is None:
            break
        obj = doc.idToObject[oid]
        if type(obj) is RawObject:
            _pack(packed, entries, streams, number, obj.data)
            continue
        body = pdfdoc.format(obj, doc, toplevel=1)
        offset = out.add(
            b"%d 0 obj\n%s%sendobj\n" % (number, body, b"" if body.endswith(b"\n") else b"\n")
        )
        entries.append((1, offset, 0))
    if packed:
        streams.append(_object_stream(packed))
    for numbers, count, first, data in streams:
        stream_number = len(entries)
        for position, n in enumerate(numbers):
            entries[n] = (2, stream_number, position)
        entries.append((1, 0, 0))
        offset = out.add(
            b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>\nstream\n"
            % (stream_number, count, first, len(data))
            + data
            + b"\nendstream\nendobj\n"
        )
        entries[stream_number] = (1, offset, 0)
    xref_number = len(entries)
    entries.append((1, out.offset, 0))
    rows = b"".join(struct.pack(">BIH", *entry) for entry in entries.rows())
    data = zlib.compress(rows)  # offsets: new after any edit
    ids = doc.ID().strip().split(b"\n")[0]  # [<…><…>], without ReportLab's comment
    out.add(
        b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root %s/Info %s/ID %s/Filter/FlateDecode"
        b"/Length %d>>\nstream\n"
        % (
            xref_number,
            len(entries),
            pdfdoc.format(doc.Reference(doc.Catalog), doc),
            pdfdoc.format(doc.Reference(doc.info), doc),
            ids,
            len(data),
        )
        + data
        + b"\nendstream\nendobj\n"
    )
    out.add(b"startxref\n%d\n%%%%EOF\n" % entries[xref_number][1])
    return out.format(doc)


class _XRefRows:
    """The cross-reference rows (type, field 2, field 3) by object number, in
    three typed columns: a long plan's structure tree has a row per element,
    which as tuples would stay alive until the file is written."""

    def __init__(self) -> None:
        self.kinds, self.seconds, self.thirds = array("B"), array("q"), array("q")

    def __len__(self) -> int:
        return len(self.kinds)

    def append(self, row: tuple[int, int, int]) -> None:
        self.kinds.append(row[0])
        self.seconds.append(row[1])
        self.thirds.append(row[2])

    def __setitem__(self, number: int, row: tuple[int, int, int]) -> None:
        self.kinds[number], self.seconds[number], self.thirds[number] = row

    def __getitem__(self, number: int) -> tuple[int, int, int]:
        return self.kinds[number], self.seconds[number], self.thirds[number]

    def rows(self):
        return zip(self.kinds, self.seconds, self.thirds, strict=True)


def _pack(packed, entries, streams, number: int, data: bytes) -> None:
    """Object `number` into the object stream being filled (its xref row is
    filled in once the stream has its number)."""
    packed.append((number, data))
    entries.append((2, 0, len(packed) - 1))
    if len(packed) == OBJECTS_PER_STREAM:
        streams.append(_object_stream(packed))
        packed.clear()


def _object_stream(chunk: list[tuple[int, bytes]]) -> tuple[array, int, int, bytes]:
    """(object numbers, N, First, compressed data) of one object stream."""
    offsets, at = [], 0
    for n, data in chunk:
        offsets.append(b"%d %d" % (n, at))
        at += len(data) + 1
    head = b" ".join(offsets) + b"\n"
    data = compressed(head + b"\n".join(d for _, d in chunk) + b"\n")
    return array("q", [n for n, _ in chunk]), len(chunk), len(head), data


class _Link(pdfdoc.LinkAnnotation):
    """ReportLab's link annotation, allowed the keys a tagged, archival PDF
    needs: /StructParent (PDF/UA) and /F (PDF/A: printed)."""

    permitted = (*pdfdoc.LinkAnnotation.permitted, "StructParent")


def link_annotation(canv, rect, destination: str, contents: str):
    """A link annotation on the current page over `rect` (current user space)
    to the named destination (defined later with `canv.bookmarkHorizontal`),
    without a border, printable."""
    annotation = _Link(
        Rect=canv._absRect(rect, 1),
        Contents=contents,
        Destination=canv._bookmarkReference(destination),
        Border="[0 0 0]",
        F=4,
    )
    canv._addAnnotation(annotation)
    return annotation


def set_annotation_entries(annotation, **entries) -> None:
    """More entries in an annotation's dictionary (before the document is written)."""
    annotation.otherkw.update(entries)


def info_date(canv) -> str:
    """The document info's creation date as ReportLab writes it (D:YYYYMMDDHHmmSS+HH'mm')."""
    doc = canv._doc
    text = pdfdoc.PDFDate(ts=doc._timeStamp).format(doc)
    return text.decode("latin-1").strip("()")


# --- fonts ------------------------------------------------------------------------------


def font_state(font, doc):
    """A TrueType font's state in one document (its subsets and the code of each
    character so far), or None before the document uses it."""
    return font.state.get(doc)


# --- patches: applied once, by require() -------------------------------------------------


def _to_unicode_cmap(fontname: str, subset) -> str:
    """ReportLab's ToUnicode CMap, with each character written as UTF-16BE.

    ReportLab writes `<%04X>` of the code point, so a character above U+FFFF
    (𠮟, 𥻂) prints right but copies out as another character; the PDF
    reference asks for UTF-16BE, i.e. a surrogate pair for those.
    """
    cmap = _reportlab_cmap(fontname, [0x20] * len(subset))
    lines = [
        f"<{i:02X}> <{chr(v).encode('utf-16-be', 'surrogatepass').hex().upper()}>"
        for i, v in enumerate(subset)
    ]
    head, _, rest = cmap.partition("beginbfchar\n")
    _, _, tail = rest.partition("endbfchar")
    return head + "beginbfchar\n" + "\n".join(lines) + "\nendbfchar" + tail


_reportlab_cmap = ttfonts.makeToUnicodeCMap
_reportlab_subset = ttfonts.TTFontFile.makeSubset


def _subset_without_hinting(self, subset):
    """ReportLab's font subset without TrueType hinting (hinting.py: a fifth
    of its bytes, unused by PDF viewers). A face's recent subsets are kept
    while the face is (a subset is a function of the face and its characters):
    a rebuild after an edit (`planpress watch`) mostly uses the same ones."""
    made = _SUBSETS.setdefault(self, {})
    key = tuple(subset)
    data = made.pop(key, None)
    if data is None:
        data = without_hinting(_reportlab_subset(self, subset))
    made[key] = data  # the most recent last
    while len(made) > SUBSETS_KEPT:
        del made[next(iter(made))]
    return data


SUBSETS_KEPT = 64  # per face: a long plan has a few dozen subsets of each
_SUBSETS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


_reportlab_stream_format = pdfdoc.PDFStream.format


def _stream_format(self, document):
    """ReportLab's stream, with an end-of-line before 'endstream' (PDF/A-2,
    ISO 19005-2 6.1.7.1). Always added: compressed data may end in a line
    feed byte of its own, which /Length counts."""
    data = _reportlab_stream_format(self, document)
    if data.endswith(b"endstream\n"):
        data = data[: -len(b"endstream\n")] + b"\nendstream\n"
    return data


def _flate(self, text) -> bytes:
    """ReportLab's Flate filter, through `reuse.compressed` (the same bytes)."""
    return compressed(text.encode("utf8") if isinstance(text, str) else text)


def _install_patches() -> None:
    # Page content Flate-compressed only: ASCII85 on top (ReportLab's default,
    # for 7-bit mail) makes every page a quarter larger.
    rl_config.useA85 = 0
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    ttfonts.TTFontFile.makeSubset = _subset_without_hinting
    pdfdoc.PDFStream.format = _stream_format
    pdfdoc.PDFStreamFilterZCompress.encode = _flate
