"""The document markup (what templates render) → the document tree.

Templates write a small XML vocabulary, one element per node kind:

    <document title author subject lang date header>
    <section orientation="portrait|landscape" role="cover|front|body|back"
             header="running header" start="page|continue|chapter" numbering="arabic|none">
    <h level="1..4" number="第1章" anchor="id">  <p style="body">  <list style>  <item>
    <lbl>  the label at the start of an item (・, (1), 施策1　); a tagged PDF's Lbl
    <table widths="1,3" style>  <row kind="header|group|body">
    <cell span="N" rowspan="N" align="left|center|right|justify" style>
    <toc title="目次" depth="2"/>
    <figure src="/abs/file.png|.jpg|.svg" alt="…" width="0.8"><caption>…</caption></figure>
    <diagram title="施策体系図" levels="基本目標,基本方針,施策">
      <node text="…" emphasis="1"> <node text="…"/> … </node> …
    </diagram>
    <u> <b> <br/> <pagebreak/>
    <v at="…">  a value of the content, named for edits to be traced back (ir.Anchor)
    <ins> <del>  words that come / go, as tracked changes in the review edition

A figure's file must exist and be PNG, JPEG or SVG, and it must have alt
text; a diagram node's `emphasis` (1/true) shades its box (a priority item).

Jinja's output keeps no template lines, so `render.py` marks each template
line that opens an element with a processing instruction `<?at file line?>`;
the parser takes the nearest one as the place of the element it opens.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from xml.parsers import expat

from planpress import ir
from planpress.diagnostics.messages import ContentError, Problem, listing, say, say_all
from planpress.diagnostics.place import NOWHERE, Place

BLOCK_CONTAINERS = {"section", "cell"}
INLINE_CONTAINERS = {"h", "p", "item", "u", "b", "v", "ins", "del"}
# Inline nodes that hold inline nodes.
SPANS = (ir.Underline, ir.Strong, ir.Anchor, ir.Inserted, ir.Deleted)
INLINES = (*SPANS, ir.LineBreak)
TAGS = (
    "document",
    "section",
    "h",
    "p",
    "list",
    "item",
    "lbl",
    "table",
    "row",
    "cell",
    "u",
    "b",
    "br",
    "pagebreak",
    "v",
    "ins",
    "del",
    "toc",
    "figure",
    "caption",
    "diagram",
    "node",
)
CHOICES = {
    "orientation": ("portrait", "landscape"),
    "role": ("cover", "front", "body", "back"),
    "start": ("continue", "page", "chapter"),
    "numbering": ("arabic", "none"),
    "align": ("left", "center", "right", "justify"),
}
FIGURE_TYPES = (".png", ".jpg", ".jpeg", ".svg")
# Indentation and line breaks that templates put between tags are not text.
LAYOUT_WHITESPACE = re.compile(r"\n[ \t]*")
# A line break from the content (see render.templates); in an attribute (the
# title, the running header) it is a space.
LINE_SEPARATOR = "\u2028"


# The element each node kind is written as (for messages about misplaced ones).
TAG_OF = {
    ir.Document: "document",
    ir.Section: "section",
    ir.Heading: "h",
    ir.Paragraph: "p",
    ir.List: "list",
    ir.Table: "table",
    ir.Row: "row",
    ir.Cell: "cell",
    ir.Underline: "u",
    ir.Strong: "b",
    ir.LineBreak: "br",
    ir.PageBreak: "pagebreak",
}


class MarkupError(ContentError):
    """The rendered markup is not valid: a template bug, reported with its place."""


class _Builder:
    """Expat callbacks that build the tree with a stack of open nodes."""

    def __init__(self) -> None:
        self.place = NOWHERE
        self.stack: list[object] = []
        self.document: ir.Document | None = None
        self.problems: list[Problem] = []
        self.implicit: set[int] = set()  # ids of paragraphs a cell's inline content opened
        self.item: ir.Paragraph | None = None  # the list item open
        self.item_text: list[str] = []  # its text so far
        # A long document's tree has a node per paragraph, cell and span, most
        # naming one of a few template lines and styles: each place and each
        # style word is made once and shared (the tree lives through both writers).
        self.places: dict[str, Place] = {}
        self.words: dict[str, str] = {}

    # -- expat handlers -------------------------------------------------------

    def pi(self, target: str, data: str) -> None:
        if target == "at":
            place = self.places.get(data)
            if place is None:
                file, _, line = data.rpartition(" ")
                place = self.places[data] = Place(file, int(line), 1)
            self.place = place

    def word(self, value: str) -> str:
        """`value` as the one string of its kind (a style or kind name)."""
        return self.words.setdefault(value, value)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "lbl":
            self.open_label()
            return
        handler = getattr(self, f"open_{tag}", None)
        if handler is None:
            self.fail("markup_unknown_tag", tag=tag, tags=listing(TAGS))
            self.stack.append(None)
            return
        node = handler(attrs)
        self.stack.append(node)

    def end(self, tag: str) -> None:
        node = self.stack.pop()
        if tag == "lbl":  # the label's text went to the element around it
            if node is not None and self.item is not None:
                self.item.label = "".join(self.item_text)
            return
        if node is self.item:
            self.item = None
        if node is None:
            return
        parent = self.stack[-1] if self.stack else None
        if isinstance(node, ir.Document):
            self.document = node
        elif parent is not None:
            self.attach(parent, node)

    def text(self, data: str) -> None:
        if not self.stack or self.stack[-1] is None:
            return
        top = self.stack[-1]
        if isinstance(top, (ir.Heading, ir.Paragraph, *SPANS)):
            self._append_text(top.children, data)
            if self.item is not None:
                self.item_text.append(LAYOUT_WHITESPACE.sub("", data))
        elif isinstance(top, ir.Cell):
            if LAYOUT_WHITESPACE.sub("", data).strip():
                self._append_text(self._cell_paragraph(top).children, data)
        elif data.strip():
            self.fail("markup_bad", detail=say("markup.text_outside", text=data.strip()[:20]))

    # -- attaching children ---------------------------------------------------

    @staticmethod
    def _append_text(children: list, data: str) -> None:
        data = LAYOUT_WHITESPACE.sub("", data)
        for index, part in enumerate(data.split(LINE_SEPARATOR)):
            if index:  # a line break the content asked for
                children.append(ir.LineBreak())
            if not part:
                continue
            if children and isinstance(children[-1], ir.Text):
                children[-1].text += part
            else:
                children.append(ir.Text(part))

    def _cell_paragraph(self, cell: ir.Cell) -> ir.Paragraph:
        """Inline content written directly in a cell is a paragraph in the
        cell's style; it goes on until a block element comes."""
        last = cell.children[-1] if cell.children else None
        if last is not None and id(last) in self.implicit:
            return last
        paragraph = ir.Paragraph([], style=cell.style or "cell", place=cell.place)
        self.implicit.add(id(paragraph))
        cell.children.append(paragraph)
        return paragraph

    def attach(self, parent: object, node: object) -> None:
        if isinstance(parent, ir.Document) and isinstance(node, ir.Section):
            parent.sections.append(node)
        elif isinstance(parent, ir.Section) and not isinstance(node, ir.Section):
            parent.children.append(node)
        elif isinstance(parent, ir.List) and isinstance(node, ir.Paragraph):
            parent.items.append(node)
        elif isinstance(parent, ir.Table) and isinstance(node, ir.Row):
            parent.rows.append(node)
        elif isinstance(parent, ir.Row) and isinstance(node, ir.Cell):
            parent.cells.append(node)
        elif (
            isinstance(parent, ir.Cell)
            and isinstance(node, (ir.Paragraph, ir.List))
            or isinstance(parent, (ir.Heading, ir.Paragraph, *SPANS))
            and isinstance(node, INLINES)
        ):
            parent.children.append(node)
        elif isinstance(parent, ir.Cell) and isinstance(node, INLINES):
            self._cell_paragraph(parent).children.append(node)
        elif isinstance(parent, ir.Figure) and isinstance(node, ir.Paragraph):
            parent.caption = node.children  # <caption>
        elif isinstance(parent, ir.Diagram) and isinstance(node, ir.DiagramNode):
            parent.nodes.append(node)
        elif isinstance(parent, ir.DiagramNode) and isinstance(node, ir.DiagramNode):
            parent.children.append(node)
        else:
            child, holder = (TAG_OF.get(type(n), type(n).__name__) for n in (node, parent))
            self.fail("markup_bad", detail=say("markup.misplaced", child=child, parent=holder))

    def fail(self, message_id: str, **values: object) -> None:
        message = say(message_id, file=self.place.file, line=self.place.line, **values)
        self.problems.append(Problem(self.place, message))

    # -- one opener per element -----------------------------------------------

    def open_document(self, a: dict[str, str]) -> ir.Document:
        a = {key: value.replace(LINE_SEPARATOR, " ") for key, value in a.items()}
        info = ir.DocumentInfo(
            reviser=a.get("reviser", ""),
            title=a.get("title", ""),
            author=a.get("author", ""),
            subject=a.get("subject", ""),
            lang=a.get("lang", "ja-JP"),
            date=date.fromisoformat(a["date"]) if a.get("date") else None,
            header=a.get("header", ""),
        )
        return ir.Document(info)

    def choice(self, a: dict[str, str], name: str, default: str) -> str:
        """An attribute that takes one of a few words."""
        value = a.get(name, default)
        if value not in CHOICES[name]:
            self.fail("markup_bad", detail=f'{name}="{value}" (one of {", ".join(CHOICES[name])})')
            return default
        return value

    def open_section(self, a: dict[str, str]) -> ir.Section:
        return ir.Section(
            [],
            orientation=self.choice(a, "orientation", "portrait"),
            role=self.choice(a, "role", "body"),
            header=a.get("header"),
            start=self.choice(a, "start", "continue"),
            numbering=self.choice(a, "numbering", "arabic"),
            place=self.place,
        )

    def open_h(self, a: dict[str, str]) -> ir.Heading:
        return ir.Heading(
            int(a.get("level", "1")),
            [],
            number=a.get("number", ""),
            anchor=a.get("anchor", ""),
            place=self.place,
        )

    def open_p(self, a: dict[str, str]) -> ir.Paragraph:
        return ir.Paragraph([], style=self.word(a.get("style", "body")), place=self.place)

    def open_list(self, a: dict[str, str]) -> ir.List:
        return ir.List([], style=self.word(a.get("style", "list-item")), place=self.place)

    def open_item(self, a: dict[str, str]) -> ir.Paragraph:
        parent = self.stack[-1] if self.stack else None
        style = a.get("style") or (parent.style if isinstance(parent, ir.List) else "list-item")
        style = self.word(style)
        self.item = ir.Paragraph([], style=style, place=self.place)
        self.item_text = []
        return self.item

    def open_label(self) -> None:
        """<lbl> opens no node: its content belongs to the element around it,
        and where it closes the item's label ends. It must start the item
        (directly or inside <u>, <del> … that start it)."""
        top = self.stack[-1] if self.stack else None
        inside = top is self.item or isinstance(top, SPANS)
        if self.item is None or not inside or "".join(self.item_text) or top.children:
            self.fail("markup_bad", detail=say("markup.label_misplaced"))
            self.stack.append(None)
            return
        self.stack.append(top)

    def open_table(self, a: dict[str, str]) -> ir.Table:
        widths = [float(w) for w in a.get("widths", "1").split(",")]
        return ir.Table(widths, [], style=a.get("style", "default"), place=self.place)

    def open_row(self, a: dict[str, str]) -> ir.Row:
        return ir.Row([], kind=self.word(a.get("kind", "body")), place=self.place)

    def open_cell(self, a: dict[str, str]) -> ir.Cell:
        span, rowspan = int(a.get("span", "1")), int(a.get("rowspan", "1"))
        if span < 1 or rowspan < 1:
            self.fail("markup_bad", detail=f"span={span} rowspan={rowspan} (at least 1)")
        return ir.Cell(
            [],
            span=max(span, 1),
            style=self.word(a.get("style", "")),
            align=self.word(self.choice(a, "align", "justify")) if "align" in a else "",
            rowspan=max(rowspan, 1),
            place=self.place,
        )

    def open_toc(self, a: dict[str, str]) -> ir.Toc:
        return ir.Toc(title=a.get("title", ""), depth=int(a.get("depth", "2")), place=self.place)

    def open_figure(self, a: dict[str, str]) -> ir.Figure:
        src, alt = a.get("src", ""), a.get("alt", "").strip()
        if not alt:
            self.fail("markup_figure_alt", src=src)
        if not src.lower().endswith(FIGURE_TYPES):
            self.fail("markup_figure_type", src=src, types=listing(FIGURE_TYPES))
        elif not Path(src).is_file():
            self.fail("markup_figure_missing", src=src)
        width = float(a.get("width", "1"))
        if not 0 < width <= 1:
            self.fail(
                "markup_bad", detail=f'width="{width}" (a share of the text width, 0 < w ≤ 1)'
            )
            width = 1.0
        return ir.Figure(src, alt, width=width, place=self.place)

    def open_caption(self, a: dict[str, str]) -> ir.Paragraph:
        return ir.Paragraph([], style=a.get("style", "caption"), place=self.place)

    def open_diagram(self, a: dict[str, str]) -> ir.Diagram:
        levels = [name.strip() for name in a.get("levels", "").split(",") if name.strip()]
        return ir.Diagram([], title=a.get("title", ""), levels=levels, place=self.place)

    def open_node(self, a: dict[str, str]) -> ir.DiagramNode:
        emphasis = a.get("emphasis", "").lower() in ("1", "true", "yes")
        return ir.DiagramNode(a.get("text", ""), emphasis=emphasis)

    def open_u(self, a: dict[str, str]) -> ir.Underline:
        return ir.Underline([])

    def open_b(self, a: dict[str, str]) -> ir.Strong:
        return ir.Strong([])

    def open_v(self, a: dict[str, str]) -> ir.Anchor:
        return ir.Anchor(a.get("at", ""), [])

    def open_ins(self, a: dict[str, str]) -> ir.Inserted:
        return ir.Inserted([])

    def open_del(self, a: dict[str, str]) -> ir.Deleted:
        return ir.Deleted([])

    def open_br(self, a: dict[str, str]) -> ir.LineBreak:
        return ir.LineBreak()

    def open_pagebreak(self, a: dict[str, str]) -> ir.PageBreak:
        return ir.PageBreak(place=self.place)


def parse_markup(text: str | list[str] | Iterator[str]) -> ir.Document:
    """Parse rendered markup (one string, or its pieces in order, which are
    let go as they are read: a list, or an iterator that makes them as they
    are asked for); raises MarkupError naming the template and line.

    Whatever an iterator raises (a template's error) comes first, as if the
    whole markup had been made before it was read."""
    builder = _Builder()
    parser = expat.ParserCreate("utf-8")
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.text
    parser.ProcessingInstructionHandler = builder.pi
    parser.buffer_text = True
    pieces = None if isinstance(text, str) else _whole_texts(text)
    try:
        if pieces is None:
            parser.Parse(text, True)
        else:
            for piece in pieces:
                parser.Parse(piece, False)
            parser.Parse("", True)
    except expat.ExpatError as exc:
        problem = expat.ErrorString(exc.code)
        meanings = say_all("markup.parser")
        builder.fail("markup_bad", detail=meanings.get(problem) or say("markup.other"))
    except (ValueError, KeyError):
        builder.fail("markup_bad", detail=say("markup.bad_value"))
    for _ in pieces or ():  # the rest of the markup: made for its errors only
        pass
    if builder.problems or builder.document is None:
        if not builder.problems:
            builder.fail("markup_bad", detail=say("markup.no_document"))
        raise MarkupError(builder.problems)
    return builder.document


def _whole_texts(pieces: list[str] | Iterator[str]) -> Iterator[str]:
    """The markup of `pieces` again, cut only just before a `<`, so that each
    run of text reaches the builder in one call, as from one string (expat
    hands over what it has at the end of each piece). A list `pieces` is
    emptied as it is read."""
    carry = ""
    for piece in _one_by_one(pieces):
        text = carry + piece
        del piece
        cut = text.rfind("<")
        if cut <= 0:
            carry = text
            continue
        carry = text[cut:]
        yield text[:cut]
    if carry:
        yield carry


def _one_by_one(pieces: list[str] | Iterator[str]) -> Iterator[str]:
    """The pieces in order, none kept once handed over."""
    if not isinstance(pieces, list):
        yield from pieces
        return
    pieces.reverse()  # popped from the end: each piece let go once read
    while pieces:
        yield pieces.pop()
