"""The table of contents in the DOCX: a real TOC field Word updates.

The field's result is pre-filled with one paragraph per heading (Word's
`toc 1`, `toc 2` … styles: number and text, a dotted leader to a right tab
at the margin, the page number), with the page numbers the writer was given
(the PDF's), so the contents read right before Word updates the field; the
document asks Word to update its fields when it is opened.

A page of a part numbered in its own form (the 資料編's 「資-3」) is, to a
TOC field Word updates, the number alone (3): Word's page number formats
(ST_NumberFormat) carry no text, and the chapter numbers it can put before
a page number (`w:pgNumType w:chapStyle`, the TOC's `\\s`) are numbers of a
numbered heading, never a word such as 資. So where such parts close the
contents, their lines stand after the field as lines of their own: the
form's text around a PAGEREF field to a bookmark on the heading (資-
PAGEREF), which Word updates to the heading's page; the field's `\\b` keeps
its own entries to the headings before them (a bookmark over that range).
"""

from __future__ import annotations

from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from planpress import ir
from planpress.writers import layout
from planpress.writers.docx import body, fields

RANGE = "_ContentsRange"  # the headings the TOC field lists (its \\b switch), where it is limited
MARK = "_Contents{}"  # a heading of a part numbered on its own: its PAGEREF target
# Bookmark ids far from the anchors' (anchors.py: 2, 4 …) and the tracked
# changes' (review.py: odd): unique in the document.
ID_BASE = 2_000_000


class WordContents:
    """The DOCX writer's contents handler (a mixin of DocxWriter)."""

    def visit_toc(self, node: ir.Toc, container) -> None:
        if node.title:
            body.run(self.add_paragraph(container, "toc-title"), node.title)
        entries = layout.contents(self.document, node)
        self._contents_spacing(layout.contents_spacing(self.sheet, node, entries, self.text_height))
        split = self._own_form_tail(entries)
        listed, own = entries[:split], entries[split:]
        paragraphs = []
        for index, heading in listed:
            style = self._toc_style(heading.level)
            paragraph = self.add_paragraph(container, style)
            paragraphs.append((paragraph, index, heading))
        if not paragraphs:
            paragraphs.append((self.add_paragraph(container, self._toc_style(1)), None, None))
        bookmark = RANGE if own else None
        fields.begin_field(paragraphs[0][0], fields.toc_instruction(node.depth, bookmark))
        for paragraph, index, heading in paragraphs:
            if heading is None:
                continue
            self.inlines(paragraph, layout.numbered(heading))
            body.run(paragraph, "\t" + self.pages.get(index, ""))
        fields.end_field(paragraphs[-1][0])
        for index, heading in own:
            self._own_form_line(container, index, heading)
        if own:
            self.contents_marks = {index: MARK.format(index) for index, _ in own}
            self.contents_range_end = own[0][0]
            _bookmark(self.doc.element.body, 0, RANGE, start=True)
        fields.update_fields_on_open(self.doc.settings.element)

    def _own_form_tail(self, entries: list[tuple[int, ir.Heading]]) -> int:
        """Where the entries of parts numbered in their own form (資-) begin,
        if they close the contents after others; else len(entries) (none are
        set apart: one TOC field lists all)."""
        own = [
            layout.own_numbering(self.sheet, self.heading_sections[index]) for index, _ in entries
        ]
        split = len(own)
        while split > 0 and own[split - 1]:
            split -= 1
        if split == 0 or any(own[:split]):
            return len(entries)
        return split

    def _own_form_line(self, container, index: int, heading: ir.Heading) -> None:
        """A contents line after the field: number and text, the leader, and
        the part's form around a PAGEREF field to the heading (資-3)."""
        section = self.heading_sections[index]
        paragraph = self.add_paragraph(container, self._toc_style(heading.level))
        self.inlines(paragraph, layout.numbered(heading))
        before, after = layout.page_number_parts(self.sheet, section)
        label = self.pages.get(index, "")
        number = label[len(before) : len(label) - len(after)] if label.startswith(before) else ""
        body.run(paragraph, "\t" + before)
        fields.begin_field(paragraph, f"PAGEREF {MARK.format(index)} \\h")
        body.run(paragraph, number)
        fields.end_field(paragraph)
        if after:
            body.run(paragraph, after)

    def mark_heading(self, heading: ir.Heading, paragraph) -> None:
        """Bookmark a heading a contents line names by PAGEREF; end the TOC
        field's range before the first of them."""
        index = self.heading_indexes.get(id(heading))
        name = self.contents_marks.get(index) if index is not None else None
        if name is None:
            return
        if index == self.contents_range_end:
            parent = paragraph.getparent()
            _bookmark(parent, parent.index(paragraph), RANGE, start=False)
        position = 1 if len(paragraph) and paragraph[0].tag == body.PPR else 0
        _bookmark(paragraph, position, name, start=True)
        _bookmark(paragraph, len(paragraph), name, start=False)

    def _contents_spacing(self, share: float) -> None:
        """Where a contents would run a few lines onto another page, its
        styles' spacing is reduced (in the styles: Word keeps it when it
        updates the field), as the PDF does."""
        if share >= 1.0:
            return
        for name, style in self.sheet.paragraphs.items():
            if name.startswith("toc-") and name != "toc-title":
                word = self.doc.styles[self.style(name)].paragraph_format
                word.space_before = Pt(style.space_before * share)
                word.space_after = Pt(style.space_after * share)

    def _toc_style(self, level: int) -> str:
        """The contents style of a heading level; its right tab with a dotted
        leader set once per document (Word's TOC takes it from the style)."""
        name = next(
            (f"toc-{n}" for n in range(level, 0, -1) if f"toc-{n}" in self.sheet.paragraphs),
            "body",
        )
        done = getattr(self, "_toc_tabs", set())
        if name not in done:
            word = self.doc.styles[self.style(name)]
            word.paragraph_format.tab_stops.add_tab_stop(
                Pt(self.text_width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
            done.add(name)
            self._toc_tabs = done
        return name


def _bookmark(parent, position: int, name: str, start: bool) -> None:
    """A bookmarkStart or bookmarkEnd named `name` at `position` in `parent`
    (a paragraph, or the body between blocks); one id per name."""
    element = OxmlElement("w:bookmarkStart" if start else "w:bookmarkEnd")
    number = -1 if name == RANGE else int(name.removeprefix("_Contents"))
    element.set(qn("w:id"), str(ID_BASE + 2 * (number + 1)))
    if start:
        element.set(qn("w:name"), name)
    parent.insert(position, element)
