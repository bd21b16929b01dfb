"""Reading a tagged PDF as a checker would: its structure tree, the marked
content on its pages, and the text of each marked-content sequence."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

from planpress import ir
from planpress.writers.layout import contents as toc_entries
from planpress.writers.layout import numbered

TEXT_SHOWING = {b"Tj", b"TJ", b"'", b'"'}


@dataclass
class Node:
    """A structure element as read back from the PDF."""

    role: str
    attributes: dict = field(default_factory=dict)
    alt: str | None = None
    actual_text: str | None = None
    mcids: list[tuple[int, int]] = field(default_factory=list)  # own content, in order
    kids: list = field(default_factory=list)  # Node or (page, mcid), in order
    ref: tuple[int, int] | None = None  # (object number, generation)
    annotations: list = field(default_factory=list)  # (page, annotation dictionary) by OBJR

    def walk(self):
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.walk()

    def content(self):
        """(page, mcid) of all content below, in reading order."""
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.content()
            else:
                yield kid


def structure(path: Path) -> Node:
    """The document's structure tree (the StructTreeRoot's one kid, Document)."""
    reader = PdfReader(path)
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    kids = root["/K"]
    kids = kids if isinstance(kids, list) else [kids]
    assert len(kids) == 1
    return _node(kids[0], pages, None)


def _node(ref, pages: dict[int, int], page: int | None) -> Node:
    obj = ref.get_object()
    if "/Pg" in obj:
        page = pages[obj.raw_get("/Pg").idnum]
    node = Node(
        role=str(obj["/S"])[1:],
        attributes={k[1:]: _plain(v) for k, v in obj.get("/A", DictionaryObject()).items()},
        alt=str(obj["/Alt"]) if "/Alt" in obj else None,
        actual_text=str(obj["/ActualText"]) if "/ActualText" in obj else None,
        ref=(ref.idnum, ref.generation) if isinstance(ref, IndirectObject) else None,
    )
    kids = obj.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        if isinstance(kid, int):
            node.kids.append((page, int(kid)))
            node.mcids.append((page, int(kid)))
        elif kid.get_object().get("/Type") == "/OBJR":
            objr = kid.get_object()
            node.annotations.append((pages[objr.raw_get("/Pg").idnum], objr["/Obj"].get_object()))
        elif kid.get_object().get("/Type") == "/MCR":
            mcr = kid.get_object()
            mark = (pages[mcr.raw_get("/Pg").idnum], int(mcr["/MCID"]))
            node.kids.append(mark)
            node.mcids.append(mark)
        else:
            node.kids.append(_node(kid, pages, page))
    return node


def _plain(value):
    text = str(value)
    return text[1:] if text.startswith("/") else int(value) if text.isdigit() else text


def parent_tree(path: Path) -> dict[tuple[int, int], tuple[int, int]]:
    """(page, mcid) → the object number and generation of its element, from the
    ParentTree (the way a reader finds the element of a piece of content)."""
    reader = PdfReader(path)
    owners = {}
    nums = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    by_key = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    for index, page in enumerate(reader.pages):
        key = int(page["/StructParents"])
        for mcid, ref in enumerate(by_key[key]):
            owners[(index, mcid)] = (ref.idnum, ref.generation)
    return owners


@dataclass
class PageMarks:
    mcids: list[int]  # in content order
    untagged_glyphs: int  # text shown outside any MCID or artifact
    artifacts: list[str]  # the properties of each artifact sequence, as written


def page_marks(path: Path) -> list[PageMarks]:
    """Each page's marked content, read from its content stream."""
    reader = PdfReader(path)
    found = []
    for page in reader.pages:
        stack: list[tuple[str, object]] = []
        marks = PageMarks([], 0, [])
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in (b"BDC", b"BMC"):
                tag = str(operands[0])
                props = operands[1] if operator == b"BDC" else None
                mcid = props.get("/MCID") if isinstance(props, dict) else None
                if mcid is not None:
                    marks.mcids.append(int(mcid))
                if tag == "/Artifact":
                    marks.artifacts.append(str(props) if props is not None else "")
                stack.append((tag, mcid))
            elif operator == b"EMC":
                stack.pop()
            elif operator in TEXT_SHOWING:
                inside = any(tag == "/Artifact" or mcid is not None for tag, mcid in stack)
                if not inside:
                    marks.untagged_glyphs += 1
        assert not stack, "marked content left open at the end of a page"
        found.append(marks)
    return found


def marked_text(path: Path) -> dict[tuple[int, int], str]:
    """(page, mcid) → the characters drawn in that sequence."""
    texts: dict[tuple[int, int], list[str]] = defaultdict(list)
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    texts[(index, char["mcid"])].append(char["text"])
    return {key: "".join(chars) for key, chars in texts.items()}


# --- the document tree, walked as the structure should follow it ---------------------


def expected_elements(document: ir.Document, role_of_style) -> list[tuple[int, str, str]]:
    """(depth, role, text) for each structure element a walk of the document tree
    gives, without the Spans inside paragraphs. `text` is the content an
    element holds (a paragraph's characters; a cell's, all its paragraphs')."""
    out: list[tuple[int, str, str]] = [(0, "Document", "")]
    headings = [0]  # the last heading's level: headings never skip one
    for section in document.sections:
        for block in section.children:
            _block(block, 1, role_of_style, out, headings, document)
    return out


# The labels the example templates type before a list item's text (・, (1),
# 施策1 and a space), whitespace already removed: a tagged PDF's Lbl.
LABEL = re.compile(r"・|[（(][0-9０-９]+[）)]|施策[0-9]+(?:-[0-9]+)*(?=.)")
LABEL_WITH_SPACE = re.compile(r"(?:・|[（(][0-9０-９]+[）)]|施策[0-9]+(?:-[0-9]+)*[ 　])(?=.)")


def _block(block, depth: int, role_of_style, out: list, headings: list[int], document) -> None:
    if isinstance(block, ir.Heading):
        headings[0] = min(max(block.level, 1), 6, headings[0] + 1)
        out.append((depth, f"H{headings[0]}", _text(numbered(block))))
    elif isinstance(block, ir.Paragraph):
        out.append((depth, role_of_style(block.style), _text(block.children)))
    elif isinstance(block, ir.List):
        out.append((depth, "L", ""))
        for item in block.items:
            out.append((depth + 1, "LI", ""))
            text = _text(item.children)
            label = LABEL.match(text)
            if label:
                out.append((depth + 2, "Lbl", label.group()))
                text = text[label.end() :]
            out.append((depth + 2, "LBody", text))
    elif isinstance(block, ir.Toc):
        if block.title:
            out.append((depth, role_of_style("toc-title"), _text([ir.Text(block.title)])))
        out.append((depth, "TOC", ""))
        for _, heading in toc_entries(document, block):
            line = _text([ir.Text(heading.number), *heading.children])
            out += [(depth + 1, "TOCI", ""), (depth + 2, "Link", line)]
    elif isinstance(block, ir.Table):
        out.append((depth, "Table", ""))
        count = block.header_rows
        for part, rows in (("THead", block.rows[:count]), ("TBody", block.rows[count:])):
            if not rows:
                continue
            out.append((depth + 1, part, ""))
            for row in rows:
                if row.kind == "continued":  # drawn only as a repeat on a new page: an artifact
                    continue
                out.append((depth + 2, "TR", ""))
                role = "TH" if row.kind == "header" else "TD"
                for cell in row.cells:
                    out.append((depth + 3, role, "".join(cell_text(cell))))
                    if lone_paragraph(cell, role_of_style):
                        continue  # the cell holds its one paragraph's text itself
                    for child in cell.children:
                        _block(child, depth + 4, role_of_style, out, headings, document)
    elif isinstance(block, ir.Figure):
        out.append((depth, "Figure", ""))  # the picture: an artifact; its words are its /Alt
        if block.caption:
            out.append((depth, "Caption", _text(block.caption)))
    elif isinstance(block, ir.Diagram):
        out.append((depth, "Figure", ""))
    elif isinstance(block, ir.PageBreak):
        pass
    else:
        raise TypeError(f"no expectation for {type(block).__name__}")


def lone_paragraph(cell: ir.Cell, role_of_style) -> bool:
    """A cell of one plain paragraph (its text is the cell's, no P below the TD)."""
    (only,) = cell.children if len(cell.children) == 1 else (None,)
    return isinstance(only, ir.Paragraph) and role_of_style(only.style) == "P"


def cell_text(cell: ir.Cell):
    for block in cell.children:
        if isinstance(block, ir.Paragraph | ir.Heading):
            yield _text(block.children)
        elif isinstance(block, ir.List):
            yield from (_text(item.children) for item in block.items)


def _text(inlines) -> str:
    return "".join(ir.plain_text(inlines).split())


def underlined_stretches(document: ir.Document) -> list[str]:
    """The text of each underlined stretch, in document order."""
    found: list[str] = []

    def inline(nodes, out: list[list]) -> None:
        for node in nodes:
            if isinstance(node, ir.Underline | ir.Inserted):  # both drawn underlined
                out.append(["u", ir.plain_text(node.children)])
            elif isinstance(node, ir.Text):
                out.append(["t", node.text])
            elif isinstance(node, ir.Strong | ir.Anchor):
                inline(node.children, out)

    def paragraph(inlines, item: bool = False) -> None:
        pieces: list[list] = []
        inline(inlines, pieces)
        merged: list[list] = []
        for kind, text in pieces:
            if not text:
                continue
            if merged and merged[-1][0] == kind:
                merged[-1][1] += text
            else:
                merged.append([kind, text])
        label = LABEL_WITH_SPACE.match("".join(t for _, t in merged)) if item else None
        if label:  # a stretch across a list item's label is one Span in its Lbl, one in its LBody
            at = 0
            for index, (kind, text) in enumerate(merged):
                if at < label.end() < at + len(text) and kind == "u":
                    cut = label.end() - at
                    merged[index : index + 1] = [["u", text[:cut]], ["u2", text[cut:]]]
                    break
                at += len(text)
        found.extend(text for kind, text in merged if kind in ("u", "u2"))

    def block(node) -> None:
        if isinstance(node, ir.Heading | ir.Paragraph):
            paragraph(node.children)
        elif isinstance(node, ir.List):
            for item in node.items:
                paragraph(item.children, item=True)
        elif isinstance(node, ir.Table):
            for row in node.rows:
                if row.kind == "continued":  # a repeat, not in the structure
                    continue
                for cell in row.cells:
                    for child in cell.children:
                        block(child)

    for section in document.sections:
        for node in section.children:
            block(node)
    return found
