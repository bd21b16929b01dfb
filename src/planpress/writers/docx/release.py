"""Letting go of the body written so far: the memory of a long document.

python-docx holds the whole document as one lxml tree until it is saved: a
2,000-page plan is a million elements, a few hundred MB. The writer never
goes back to a block or a table row it finished, so every so many of them
the finished ones are serialised — exactly as python-docx would serialise
them inside the whole part — and removed from the tree. The rows of a long
table still being written leave a marker (a processing instruction) where
they stood. What the writer needs from the whole body at the end (the text
under each anchor, the characters the fonts must cover, the highest drawing
id) is read from each batch before it goes, in document order.

Each released batch is compressed straight away into the part's deflate
stream (package.DeflateStream), which starts with the part's head (the XML
declaration and the w:document start tag, which the writer never changes);
`document_xml` adds what is left in the tree and ends the stream. So the
serialised body is not kept either: only its compressed form, and the rows
of a table still being written.
"""

from __future__ import annotations

import re

from docx.opc.oxml import serialize_part_xml
from lxml import etree

from planpress.writers.docx.package import Deflated, DeflateStream
from planpress.writers.docx.reading import BodyReader, Reading, w

# Body children, or rows of a table in the body, kept before a batch is let
# go: enough that serialising a batch costs nothing measurable, few enough to
# keep the tree small.
BATCH = 200
BODY_OPEN = b"<w:body>"
T, TR, SECT_PR = w("t"), w("tr"), w("sectPr")
MARKER = "planpress-rows"  # where a table's released rows go
_MARKERS = re.compile(rb"<\?" + MARKER.encode() + rb" (\d+)\?>")


class ReleasedBody:
    """The finished parts of one document's body, serialised and compressed, in order."""

    def __init__(self, document) -> None:
        self.root = document.element
        self.body = self.root.body
        whole = serialize_part_xml(self.root)  # as python-docx writes the part (the body empty)
        self.head = whole[: whole.index(BODY_OPEN) + len(BODY_OPEN)]
        self.stream = DeflateStream()  # the part so far
        self.stream.add(self.head)
        self.batches = 0  # of the body released
        self.rows: list[list[bytes]] = []  # by marker: a table's released rows, until spliced
        self.table = self.marker = None  # the table whose rows are being released, its marker
        self.reader = BodyReader()
        self.characters: set[str] = set()  # every character of the w:t released
        self.last_id = 0  # the highest drawing id (@id) released

    def release(self, force: bool = False) -> None:
        """Serialise and drop the body's children but the final w:sectPr,
        once there are `BATCH` of them (or any, with `force`)."""
        if len(self.body) <= (1 if force else BATCH):
            return
        self._release_body([child for child in self.body if child.tag != SECT_PR])

    def _release_body(self, batch: list) -> None:
        if self.table is not None and self.table in batch:
            self.table = self.marker = None  # done, and no longer in the tree
        self.reader.walk(batch)
        for piece in _spliced(self._serialised(batch, self.body.tag), self.rows):
            self.stream.add(piece)
        self.batches += 1

    def release_rows(self, table) -> None:
        """Serialise and drop the finished rows of `table` (a w:tbl being
        written in the body) once there are `BATCH` of them. Everything
        before the table goes first, so the batches are read in order."""
        if len(table) < BATCH:  # fewer children, so fewer rows: not worth listing them
            return
        rows = [child for child in table if child.tag == TR]
        if len(rows) < BATCH or table.getparent() is not self.body:
            return
        before = [child for child in self.body if child is not table and child.tag != SECT_PR]
        if before:  # the table is the last block: all of these come before it
            self._release_body(before)
        if self.table is not table:
            self.table = table
            self.marker = etree.ProcessingInstruction(MARKER, str(len(self.rows)))
            self.rows.append([])
            rows[0].addprevious(self.marker)
        self.reader.walk(rows)
        self.rows[int(self.marker.text)] += _spliced(self._serialised(rows, table.tag), self.rows)

    def _serialised(self, batch: list, container_tag: str) -> bytes:
        """`batch` (consecutive children of one element) serialised as in the
        document, and removed from it."""
        # Moved under a root with the document's namespaces, the batch serialises
        # as inside the document: the same prefixes, no declarations repeated.
        root = etree.Element(self.root.tag, nsmap=self.root.nsmap)
        holder = etree.SubElement(root, container_tag)
        holder.extend(batch)
        for t in holder.iter(T):  # characters, not texts: a long plan's texts are megabytes
            if t.text:
                self.characters.update(t.text)
        ids = (int(i) for i in holder.xpath(".//@id") if i.isdigit())  # one XPath a batch
        self.last_id = max(self.last_id, max(ids, default=0))
        data = etree.tostring(root, encoding="UTF-8")
        tag = holder.prefix.encode() + b":" + etree.QName(holder).localname.encode()
        start = data.index(b"<" + tag + b">") + len(tag) + 2
        return data[start : data.rindex(b"</" + tag + b">")]

    def number_picture(self, inline) -> None:
        """Number a picture just added as if the whole body were still there:
        python-docx gives it one above the highest drawing id in the tree
        (`DocumentPart.next_id`), which no longer holds the released ones."""
        doc_pr = inline.docPr
        given = int(doc_pr.get("id"))
        if self.last_id < given:
            return
        number = self.last_id + 1
        doc_pr.set("id", str(number))
        if doc_pr.get("name") == f"Picture {given}":
            doc_pr.set("name", f"Picture {number}")

    def reading(self) -> Reading:
        """What the anchors of the whole body hold (reading.read_body)."""
        self.reader.walk(self.body)
        return self.reader.finish()

    def document_xml(self, blob: bytes) -> Deflated:
        """The document part (`blob`: the part as python-docx writes it now)
        with the released parts back in their places, compressed."""
        head, tail = blob.split(BODY_OPEN, 1)
        if head + BODY_OPEN != self.head:  # the stream began with another start
            raise ValueError("the document part's start tag changed while it was written")
        for piece in _spliced(tail, self.rows):
            self.stream.add(piece)
        return self.stream.finish()


def _spliced(data: bytes, rows: list[list[bytes]]) -> list[bytes]:
    """`data` in pieces, each table's released rows in place of its marker
    (and no longer in `rows`: they are written once)."""
    pieces, at = [], 0
    for found in _MARKERS.finditer(data):
        pieces.append(data[at : found.start()])
        marker = int(found.group(1))
        pieces += rows[marker]
        rows[marker] = []
        at = found.end()
    pieces.append(data[at:])
    return pieces
