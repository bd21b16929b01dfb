"""Editing a DOCX the way Word stores edits, for absorb's round trips.

Word keeps a tracked insertion as `w:ins` around new runs and a deletion as
`w:del` around runs whose text is `w:delText` (both with w:author, w:date and
a w:id), splitting the runs where the change begins and ends; a deleted
paragraph also has its paragraph mark deleted (`w:pPr/w:rPr/w:del`). An
accepted change or an edit with tracking off leaves plain runs. A comment is
`w:commentRangeStart` … `w:commentRangeEnd` plus a run holding
`w:commentReference`, its text in word/comments.xml.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class WordEdits:
    """An open DOCX whose document.xml is edited in place, then saved."""

    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as package:
            self.parts = {name: package.read(name) for name in package.namelist()}
        self.document = etree.fromstring(self.parts["word/document.xml"])
        self.comments = None
        self.next_id = 9000

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    # -- finding text --------------------------------------------------------------

    def paragraph(self, text: str):
        """The first paragraph whose text contains `text`."""
        for p in self.document.iter(w("p")):
            if text in _paragraph_text(p):
                return p
        raise AssertionError(f"no paragraph with {text!r}")

    def _split(self, p, start: int, end: int) -> list:
        """The runs of `p` covering characters start..end, split at both ends."""
        position = 0
        covered = []
        for run in list(p.iter(w("r"))):
            texts = run.findall(w("t"))
            if len(texts) != 1:
                position += sum(len(t.text or "") for t in texts)
                continue
            value = texts[0].text or ""
            a, b = position, position + len(value)
            position = b
            if b <= start or a >= end:
                continue
            cut_from, cut_to = max(start - a, 0), min(end - a, len(value))
            pieces = [value[:cut_from], value[cut_from:cut_to], value[cut_to:]]
            middle = run
            if pieces[0]:
                before = copy.deepcopy(run)
                before.find(w("t")).text = pieces[0]
                run.addprevious(before)
            if pieces[2]:
                after = copy.deepcopy(run)
                after.find(w("t")).text = pieces[2]
                run.addnext(after)
            middle.find(w("t")).text = pieces[1]
            middle.find(w("t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            covered.append(middle)
        assert covered, "text not found in runs"
        return covered

    def _locate(self, old: str, within: str | None = None):
        p = self.paragraph(within or old)
        text = _paragraph_text(p)
        start = text.index(old)
        return p, start, start + len(old)

    # -- edits ---------------------------------------------------------------------

    def tracked_replace(self, old: str, new: str, author: str, date: str, within=None):
        """Track-changes replacement: old words deleted, new ones inserted after them."""
        p, start, end = self._locate(old, within)
        runs = self._split(p, start, end)
        deletion = self._change("del", author, date)
        runs[0].addprevious(deletion)
        for run in runs:
            deletion.append(run)
            for t in run.findall(w("t")):
                t.tag = w("delText")
        if new:
            insertion = self._change("ins", author, date)
            inserted = copy.deepcopy(runs[0])
            for t in inserted.findall(w("delText")):
                t.tag = w("t")
            inserted.find(w("t")).text = new
            insertion.append(inserted)
            deletion.addnext(insertion)

    def tracked_insert(self, after: str, new: str, author: str, date: str, within=None):
        """A tracked insertion right after the words `after`."""
        p, start, end = self._locate(after, within)
        runs = self._split(p, start, end)
        insertion = self._change("ins", author, date)
        inserted = copy.deepcopy(runs[-1])
        inserted.find(w("t")).text = new
        insertion.append(inserted)
        runs[-1].addnext(insertion)

    def replace(self, old: str, new: str, within=None):
        """An untracked edit (or an accepted change): the runs just say the new words."""
        p, start, end = self._locate(old, within)
        runs = self._split(p, start, end)
        runs[0].find(w("t")).text = new
        for run in runs[1:]:
            run.getparent().remove(run)

    def delete_paragraph(self, text: str, author: str = "", date: str = "", tracked=True):
        """Delete a whole paragraph, tracked (runs and mark) or not (gone)."""
        p = self.paragraph(text)
        if not tracked:
            p.getparent().remove(p)
            return
        # each run in its own w:del, so that bookmarks between runs stay where they are
        for run in [r for r in p if r.tag == w("r")]:
            deletion = self._change("del", author, date)
            run.addprevious(deletion)
            deletion.append(run)
            for t in run.findall(w("t")):
                t.tag = w("delText")
        pPr = p.find(w("pPr"))
        rPr = pPr.find(w("rPr"))
        if rPr is None:
            rPr = etree.SubElement(pPr, w("rPr"))
        rPr.append(self._change("del", author, date))

    def comment(self, text: str, comment: str, author: str, date: str, within=None):
        """A comment on the words `text`."""
        p, start, end = self._locate(text, within)
        runs = self._split(p, start, end)
        number = str(len(self._comments()))
        begin = etree.Element(w("commentRangeStart"))
        begin.set(w("id"), number)
        runs[0].addprevious(begin)
        finish = etree.Element(w("commentRangeEnd"))
        finish.set(w("id"), number)
        runs[-1].addnext(finish)
        reference = etree.Element(w("r"))
        etree.SubElement(reference, w("commentReference")).set(w("id"), number)
        finish.addnext(reference)
        node = etree.SubElement(self._comments(), w("comment"))
        node.set(w("id"), number)
        node.set(w("author"), author)
        node.set(w("date"), date)
        etree.SubElement(etree.SubElement(node, w("p")), w("r"))
        node[0][0].append(etree.Element(w("t")))
        node[0][0][0].text = comment

    def _change(self, kind: str, author: str, date: str):
        element = etree.Element(w(kind))
        element.set(w("id"), self._id())
        element.set(w("author"), author)
        element.set(w("date"), date)
        return element

    def _comments(self):
        if self.comments is None:
            self.comments = etree.Element(w("comments"), nsmap={"w": W})
        return self.comments

    def save(self, path: Path) -> Path:
        parts = dict(self.parts)
        parts["word/document.xml"] = etree.tostring(
            self.document, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        if self.comments is not None:
            parts["word/comments.xml"] = etree.tostring(
                self.comments, xml_declaration=True, encoding="UTF-8", standalone=True
            )
            types = etree.fromstring(parts["[Content_Types].xml"])
            override = etree.SubElement(types, f"{{{CT}}}Override")
            override.set("PartName", "/word/comments.xml")
            override.set("ContentType", COMMENTS_TYPE)
            parts["[Content_Types].xml"] = etree.tostring(
                types, xml_declaration=True, encoding="UTF-8"
            )
            rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
            rel = etree.SubElement(rels, f"{{{PR}}}Relationship")
            rel.set("Id", "rIdComments1")
            rel.set("Type", COMMENTS_REL)
            rel.set("Target", "comments.xml")
            parts["word/_rels/document.xml.rels"] = etree.tostring(
                rels, xml_declaration=True, encoding="UTF-8"
            )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in parts.items():
                package.writestr(name, data)
        path.write_bytes(buffer.getvalue())
        return path


def _paragraph_text(p) -> str:
    """A paragraph's text as its runs spell it (w:t only: what is not deleted)."""
    return "".join(t.text or "" for t in p.iter(w("t")))
