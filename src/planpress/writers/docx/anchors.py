"""Anchors in the DOCX: each value the document shows, bookmarked.

An `ir.Anchor` becomes a hidden bookmark `_ppN` around its runs (Word hides
bookmarks whose name starts with "_"; LibreOffice keeps them on a round
trip). What each bookmark stands for — the anchor's name, the text written,
the text outside every anchor — is kept in a custom XML part
(`customXml/itemN.xml`, namespace urn:planpress:anchors:1), which Word and
LibreOffice carry along unchanged; the build stamp is also a custom document
property (`planpress.stamp`, File ▸ Properties in Word). reading.py reads it
all back.
"""

from __future__ import annotations

import hashlib
import itertools
import uuid

from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from planpress.writers.docx.package import DeflateStream
from planpress.writers.docx.reading import ANCHORS_NS, BOOKMARK_PREFIX, Reading, w
from planpress.writers.xmltext import escape, quoteattr

RT_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
RT_CUSTOM_XML_PROPS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
)
RT_CUSTOM_PROPERTIES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
CT_CUSTOM_XML_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
CT_CUSTOM_PROPERTIES = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
# The format id Word gives user-defined document properties.
USER_PROPERTIES = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
ITEMS_AT_ONCE = 2000  # anchors encoded and compressed together
BOOKMARK_START, BOOKMARK_END, W_ID, W_NAME = (
    w("bookmarkStart"),
    w("bookmarkEnd"),
    w("id"),
    w("name"),
)


class Bookmarks:
    """Numbers the anchors of one document as bookmarks and remembers their names."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # bookmark → anchor name

    def start(self, paragraph, name: str) -> str:
        """Open a bookmark for anchor `name` at the end of `paragraph` (a w:p)."""
        bookmark = f"{BOOKMARK_PREFIX}{len(self.names) + 1}"
        self.names[bookmark] = name
        etree.SubElement(
            paragraph, BOOKMARK_START, {W_ID: _bookmark_id(bookmark), W_NAME: bookmark}
        )
        return bookmark

    def end(self, paragraph, bookmark: str) -> None:
        etree.SubElement(paragraph, BOOKMARK_END, {W_ID: _bookmark_id(bookmark)})

    def record(self, document, reading: Reading, stamp: str, reviser: str, date: str) -> None:
        """Store what each bookmark stands for and the text written (`reading`:
        of the whole body, reading.read_body), in the package."""
        if not self.names and not stamp:
            return
        head = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f"<anchors xmlns={quoteattr(ANCHORS_NS)} stamp={quoteattr(stamp)}"
            f" reviser={quoteattr(reviser)} date={quoteattr(date)}>"
        )
        items = (
            f"<a n={quoteattr(b)} at={quoteattr(name)}>"
            f"{escape(reading.anchors[b].text if b in reading.anchors else '')}</a>"
            for b, name in self.names.items()
        )
        outside = (
            f"<outside after={quoteattr(after)}>{escape(text)}</outside>"
            for after, text in reading.outside.items()
        )
        part = _Written()
        part.add(head)
        every = itertools.chain(items, outside)
        while chunk := "".join(itertools.islice(every, ITEMS_AT_ONCE)):
            part.add(chunk)
        part.add("</anchors>")
        _custom_xml(document, part, stamp)
        _custom_property(document, "planpress.stamp", stamp)


def _bookmark_id(bookmark: str) -> str:
    """Even ids for bookmarks, odd ones for tracked changes (review.py): the
    schema wants annotation ids unique across both."""
    return str(2 * int(bookmark.removeprefix(BOOKMARK_PREFIX)))


def _free_partname(package, template: str) -> PackURI:
    taken = {str(part.partname) for part in package.iter_parts()}
    number = 1
    while template.format(number) in taken:
        number += 1
    return PackURI(template.format(number))


class _Written:
    """The anchors part, compressed and hashed as it is written: a long
    plan's is tens of MB as text (package.DeflateStream)."""

    def __init__(self) -> None:
        self.stream = DeflateStream()
        self.digest = hashlib.sha256()

    def add(self, text: str) -> None:
        data = text.encode("utf-8")
        self.stream.add(data)
        self.digest.update(data)


def _custom_xml(document, written: _Written, stamp: str) -> None:
    package = document.part.package
    partname = _free_partname(package, "/customXml/item{}.xml")
    number = str(partname).removeprefix("/customXml/item").removesuffix(".xml")
    # python-docx hands a part's blob to its package writer as it is: the
    # package (package.zip_entries) takes it compressed.
    item = Part(partname, "application/xml", written.stream.finish(), package)
    key = uuid.UUID(bytes=written.digest.digest()[:16])
    props = Part(
        PackURI(f"/customXml/itemProps{number}.xml"),
        CT_CUSTOM_XML_PROPS,
        (
            '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
            f'<ds:datastoreItem ds:itemID="{{{str(key).upper()}}}"'
            ' xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
            f'<ds:schemaRefs><ds:schemaRef ds:uri="{ANCHORS_NS}"/></ds:schemaRefs>'
            "</ds:datastoreItem>"
        ).encode(),
        package,
    )
    item.relate_to(props, RT_CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT_CUSTOM_XML)


def _custom_property(document, name: str, value: str) -> None:
    package = document.part.package
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<property fmtid="{USER_PROPERTIES}" pid="2" name={quoteattr(name)}>'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property></Properties>"
    )
    part = Part(PackURI("/docProps/custom.xml"), CT_CUSTOM_PROPERTIES, xml.encode("utf-8"), package)
    package.relate_to(part, RT_CUSTOM_PROPERTIES)
