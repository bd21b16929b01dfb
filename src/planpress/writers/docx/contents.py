"""The table of contents in the DOCX: a real TOC field Word updates.

The field's result is pre-filled with one paragraph per heading (Word's
`toc 1`, `toc 2` … styles: number and text, a dotted leader to a right tab
at the margin, the page number), with the page numbers the writer was given
(the PDF's), so the contents read right before Word updates the field; the
document asks Word to update its fields when it is opened.
"""

from __future__ import annotations

from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Pt

from planpress import ir
from planpress.writers import layout
from planpress.writers.docx import fields


class WordContents:
    """The DOCX writer's contents handler (a mixin of DocxWriter)."""

    def visit_toc(self, node: ir.Toc, container) -> None:
        if node.title:
            self.add_paragraph(container, "toc-title").add_run(node.title)
        entries = layout.contents(self.document, node)
        self._contents_spacing(layout.contents_spacing(self.sheet, node, entries, self.text_height))
        paragraphs = []
        for index, heading in entries:
            style = self._toc_style(heading.level)
            paragraph = self.add_paragraph(container, style)
            paragraphs.append((paragraph, index, heading))
        if not paragraphs:
            paragraphs.append((self.add_paragraph(container, self._toc_style(1)), None, None))
        fields.begin_field(paragraphs[0][0], fields.toc_instruction(node.depth))
        for paragraph, index, heading in paragraphs:
            if heading is None:
                continue
            self.inlines(paragraph, layout.numbered(heading))
            paragraph.add_run("\t" + self.pages.get(index, ""))
        fields.end_field(paragraphs[-1][0])
        fields.update_fields_on_open(self.doc.settings.element)

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
