"""Letting go of the body written so far: the memory of a long document.

python-docx holds the whole document as one lxml tree until it is saved: a
2,000-page plan is a million elements, a few hundred MB. The writer never
goes back to a block it finished, so every so many blocks the body's
finished children are serialised — exactly as python-docx would serialise
them inside the whole part — and removed from the tree. What the writer
needs from the whole body at the end (the text under each anchor, the
characters the fonts must cover) is read from each batch before it goes.
`document_xml` puts the part together again around the serialised batches.
"""

from __future__ import annotations

from lxml import etree

from planpress.writers.docx.reading import BodyReader, Reading, w

# Body children kept before a batch is let go: enough that serialising a
# batch costs nothing measurable, few enough to keep the tree small.
BATCH = 200
BODY_OPEN = b"<w:body>"


class ReleasedBody:
    """The finished batches of one document's body, serialised, in order."""

    def __init__(self, document) -> None:
        self.root = document.element
        self.body = self.root.body
        self.pieces: list[bytes] = []
        self.reader = BodyReader()
        self.texts: set[str] = set()  # every w:t text of the released batches
        self.last_id = 0  # the highest drawing id (@id) released

    def release(self) -> None:
        """Serialise and drop the body's children but the final w:sectPr,
        once there are `BATCH` of them."""
        if len(self.body) <= BATCH:
            return
        batch = [child for child in self.body if child.tag != w("sectPr")]
        self.reader.walk(batch)
        self.texts.update(t.text or "" for child in batch for t in child.iter(w("t")))
        ids = (int(i) for child in batch for i in child.xpath(".//@id") if i.isdigit())
        self.last_id = max(self.last_id, max(ids, default=0))
        # Moved under a root with the document's namespaces, the batch serialises
        # as inside the document: the same prefixes, no declarations repeated.
        holder = etree.SubElement(
            etree.Element(self.root.tag, nsmap=self.root.nsmap), self.body.tag
        )
        holder.extend(batch)
        data = etree.tostring(holder.getparent(), encoding="UTF-8")
        start = data.index(BODY_OPEN) + len(BODY_OPEN)
        self.pieces.append(data[start : data.rindex(b"</w:body>")])

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

    def document_xml(self, blob: bytes) -> list[bytes]:
        """The document part's bytes (`blob`: the part as python-docx writes it
        now) with the released batches back in their place, in pieces."""
        if not self.pieces:
            return [blob]
        head, tail = blob.split(BODY_OPEN, 1)
        return [head + BODY_OPEN, *self.pieces, tail]
