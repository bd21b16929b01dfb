"""The document tree: what a writer turns into pages.

A short, fixed list of node kinds (as pandoc-types has). Nodes know documents,
not plans and not formats: no writer-specific fields. Style names refer to the
style sheet (templates/style.yaml) that both writers read. `place` is the
template line a node came from, for messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from planpress.diagnostics.place import NOWHERE, Place

# --- inline nodes -------------------------------------------------------------


@dataclass(slots=True)
class Text:
    """A run of characters."""

    text: str


@dataclass(slots=True)
class Underline:
    """Underlined (傍線) inline content: the changed words of a revision."""

    children: list[Inline]


@dataclass(slots=True)
class Strong:
    """Bold inline content."""

    children: list[Inline]


@dataclass(slots=True)
class LineBreak:
    """A forced line break inside a paragraph."""


@dataclass(slots=True)
class Anchor:
    """Inline content that shows one value of the source, named by an opaque
    string the render step sets (the DOCX marks it with a bookmark, so that
    edits made in Word can be traced back to the value; the PDF shows the
    children)."""

    name: str
    children: list[Inline]


@dataclass(slots=True)
class Inserted:
    """Words that come in a revision (the DOCX: a Word tracked insertion by
    `DocumentInfo.reviser`; the PDF: underlined)."""

    children: list[Inline]


@dataclass(slots=True)
class Deleted:
    """Words that go in a revision (the DOCX: a Word tracked deletion; the PDF
    leaves them out: it shows the revised text)."""

    children: list[Inline]


Inline = Text | Underline | Strong | LineBreak | Anchor | Inserted | Deleted


# --- block nodes --------------------------------------------------------------


@dataclass(slots=True)
class Heading:
    """A section heading; level 1 is the page or part title. `number` (第1章,
    1, (1)) is shown before the text and kept apart so a contents list can
    align it; `anchor` names the heading for links."""

    level: int
    children: list[Inline]
    number: str = ""
    anchor: str = ""
    place: Place = NOWHERE


@dataclass(slots=True)
class Paragraph:
    """A paragraph in a named style (body, note, label, handout-number …)."""

    children: list[Inline]
    style: str = "body"
    place: Place = NOWHERE
    # A list item's label (・, (1), 施策1　) as the template marked it
    # (<lbl>): the text its own text starts with; "" for none.
    label: str = ""


@dataclass(slots=True)
class List:
    """Items one below the other; each item is a paragraph (list-item style)."""

    items: list[Paragraph]
    style: str = "list-item"
    place: Place = NOWHERE


@dataclass(slots=True)
class Cell:
    """A table cell holding blocks; `span` columns wide, `rowspan` rows tall
    (the rows below leave that column out); `align` overrides its paragraphs'."""

    children: list[Block]
    span: int = 1
    style: str = ""  # cell style in the style sheet (e.g. header, group)
    align: str = ""  # left, center, right, justify; "" keeps the paragraph style's
    rowspan: int = 1
    place: Place = NOWHERE


@dataclass(slots=True)
class Row:
    """A table row; `kind` is header (repeats on every page), group (a label
    row naming the rows below it), continued (that label as it reads on a page
    where its group's rows continue, 「（…）（続き）」: not in the flow, set
    under the repeated header when a page breaks inside the group) or body."""

    cells: list[Cell]
    kind: str = "body"
    place: Place = NOWHERE


@dataclass(slots=True)
class Table:
    """Rows of cells; `widths` are relative column widths."""

    widths: list[float]
    rows: list[Row]
    style: str = "default"
    place: Place = NOWHERE

    @property
    def header_rows(self) -> int:
        """How many leading rows are header rows."""
        count = 0
        for row in self.rows:
            if row.kind != "header":
                break
            count += 1
        return count


@dataclass(slots=True)
class PageBreak:
    """Continue on a new page."""

    place: Place = NOWHERE


@dataclass(slots=True)
class Toc:
    """A table of contents: the headings up to `depth`, each with its page."""

    title: str = ""
    depth: int = 2
    place: Place = NOWHERE


@dataclass(slots=True)
class Figure:
    """An image file (PNG, JPEG or SVG) `width` (a share of the text width)
    wide, with its caption below and its alternative text."""

    src: str
    alt: str
    caption: list[Inline] = field(default_factory=list)
    width: float = 1.0
    place: Place = NOWHERE


@dataclass(slots=True)
class DiagramNode:
    """One box of a diagram and the boxes it leads to (data of a Diagram)."""

    text: str
    children: list[DiagramNode] = field(default_factory=list)
    emphasis: bool = False  # a priority item: a shaded box


@dataclass(slots=True)
class Diagram:
    """A tree drawn as connected boxes, one column per level (施策体系図);
    `levels` name the columns."""

    nodes: list[DiagramNode]
    title: str = ""
    levels: list[str] = field(default_factory=list)
    place: Place = NOWHERE

    @property
    def depth(self) -> int:
        """How many columns the tree needs (at least one per named level)."""

        def deepest(nodes: list[DiagramNode]) -> int:
            return max((1 + deepest(n.children) for n in nodes), default=0)

        return max(deepest(self.nodes), len(self.levels))


Block = Heading | Paragraph | List | Table | PageBreak | Toc | Figure | Diagram


@dataclass(slots=True)
class Section:
    """A run of blocks on pages of one orientation and one running header.

    A change of orientation or `start="page"` starts a new page
    (writers/layout.py `new_page_before`); `start="chapter"` does too, and
    marks a book's chapter, whose opening heading takes a title page of its
    own (中扉) where the style sheet says `chapter_pages: true`. `role` cover has neither header
    nor page number; `header` (None: the document's) is the running header
    of the section's pages; `numbering` none leaves its pages unnumbered.
    """

    children: list[Block]
    orientation: str = "portrait"  # or landscape
    role: str = "body"  # cover, front, body, back
    header: str | None = None
    start: str = "continue"  # or page, chapter
    numbering: str = "arabic"  # or none
    place: Place = NOWHERE


@dataclass(slots=True)
class DocumentInfo:
    """Metadata written into the file and the running header."""

    title: str
    author: str
    subject: str = ""
    lang: str = "ja-JP"
    date: date | None = None
    header: str = ""  # running header from page 2, e.g. the meeting's name and 資料2
    stamp: str = ""  # opaque build stamp (the source's digest), kept in the file's properties
    reviser: str = ""  # who is named as the author of Inserted / Deleted changes


@dataclass(slots=True)
class Document:
    """The root: metadata and sections."""

    info: DocumentInfo
    sections: list[Section] = field(default_factory=list)


# Every kind a writer must handle (one test checks it).
NODE_KINDS: tuple[type, ...] = (
    Document,
    Section,
    Heading,
    Paragraph,
    List,
    Table,
    Row,
    Cell,
    PageBreak,
    Toc,
    Figure,
    Diagram,
    Text,
    Underline,
    Strong,
    LineBreak,
    Anchor,
    Inserted,
    Deleted,
)


def plain_text(inlines: list[Inline]) -> str:
    """The characters of inline content, line breaks as newlines."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        else:
            parts.append(plain_text(node.children))
    return "".join(parts)
