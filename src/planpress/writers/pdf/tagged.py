"""Writing the tagged PDF: marked content on the pages, the structure tree,
and the catalog entries PDF/UA-1 asks for.

`TaggedCanvas` is the canvas the document is drawn on. Flowables add their
marked content through it (`add_marked`, `open_marked`/`close_marked`); when a
page ends, whatever else was drawn on it (table rules and shading, which
ReportLab's table draws) is wrapped as a layout artifact, so every mark on
the page is either content of a structure element or an artifact. When the
document ends, `finish` writes the structure tree (`Marks`) into the PDF.
"""

from __future__ import annotations

import re
from array import array

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

from planpress.writers.pdf.reportlab_internals import (
    deflate_last_page,
    link_annotation,
    object_number,
    pack_raw_objects,
    page_code,
    page_objects,
    raw_objects,
    raw_range,
    set_annotation_entries,
    set_catalog_entry,
    set_page_entries,
)
from planpress.writers.pdf.structure import Element, Marks, ObjectRef, kid_content

LAYOUT = "/Artifact <</Type /Layout>> BDC"
# An operator that puts marks on the page (stroke, fill, text, image, shading).
_PAINTS = re.compile(r"(?<!\S)(?:S|s|f\*?|F|B\*?|b\*?|Tj|TJ|'|\"|Do|sh)(?!\S)")


class TaggedCanvas(Canvas):
    """A canvas that keeps the marked content of each page balanced and
    complete (see the module docstring)."""

    def __init__(self, *args, marks: Marks, finish, **kw) -> None:
        super().__init__(*args, **kw)
        self.marks = marks
        self.marked_depth = 0  # open marked-content sequences of ours
        self._finish = finish
        self._ours: dict[int, int] = {}  # index in the page's code → depth change

    def add_marked(self, code: str) -> None:
        """Operators holding their own balanced marked content."""
        self._append(code, 0)

    def open_marked(self, operator: str) -> None:
        """Start a marked-content sequence (BDC/BMC) around what is drawn next."""
        self._append(operator, 1)
        self.marked_depth += 1

    def close_marked(self) -> None:
        self._append("EMC", -1)
        self.marked_depth -= 1

    def _append(self, code: str, depth: int) -> None:
        page = page_code(self)
        self._ours[len(page)] = depth
        page.append(code)

    def showPage(self) -> None:
        code = page_code(self)
        code[:] = _with_artifacts(code, self._ours)
        self._ours = {}
        super().showPage()
        deflate_last_page(self)

    def save(self) -> None:
        if page_code(self):
            self.showPage()
        self._finish(self)
        super().save()


def _with_artifacts(code: list[str], ours: dict[int, int]) -> list[str]:
    """The page's code with every run of drawing outside our marked content
    wrapped as a layout artifact (q/Q stay outside, so sequences and graphics
    states nest)."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            if _PAINTS.search(" ".join(run)):
                out.extend((LAYOUT, *run, "EMC"))
            else:
                out.extend(run)
            run.clear()

    depth = 0
    for index, entry in enumerate(code):
        change = ours.get(index)
        if change is not None:
            flush()
            out.append(entry)
            depth += change
        elif depth or entry in ("q", "Q"):
            flush()
            out.append(entry)
        else:
            run.append(entry)
    flush()
    return out


# --- the structure tree -------------------------------------------------------------


def write_structure(canv: Canvas, marks: Marks, lang: str) -> None:
    """The structure tree, parent tree and the catalog and page entries of a
    tagged PDF (ISO 14289-1). The elements are raw objects (see `RawObject`),
    numbered at once in reading order, then each element's bytes in one pass;
    the PDF keeps them in object streams."""
    pages = page_objects(canv)
    page_numbers = [object_number(canv, page) for page in pages]
    elements = marks.root.walk()
    annotations = {id(r.annotation): object_number(canv, r.annotation) for r, _ in marks.links}
    parents = array("q", bytes(8 * len(elements)))  # by number - first

    def element_bytes(number: int) -> bytes:  # made as the file is written, in order
        index = number - first
        data = _element_bytes(elements[index], parents[index], page_numbers, annotations)
        if index == len(elements) - 1:  # all written: the tree goes before the file is joined
            elements.clear()
            marks.forget()
        return data

    first = raw_range(canv, len(elements), element_bytes)
    _, (root, tree) = raw_objects(canv, 2)  # the root and the parent tree, right after
    for number, element in enumerate(elements, start=first):
        element.number = number
    marks.root.number, root_number = first, first + len(elements)
    parents[0] = root_number
    for element in elements:
        for kid in element.kids:
            if type(kid) is Element:
                parents[kid.number - first] = element.number
    nums = []
    for index in range(len(pages)):
        owners = marks.pages[index] if index < len(marks.pages) else []
        nums.append(f"{index} [{' '.join(f'{o.number} 0 R' for o in owners)}]")
    # Annotations (links) follow the pages in the parent tree: each key names
    # its element directly, and the annotation says its key (StructParent).
    for key, (ref, element) in enumerate(marks.links, start=len(pages)):
        ref.key = key
        set_annotation_entries(ref.annotation, StructParent=key)
        nums.append(f"{key} {element.number} 0 R")
    tree.data = f"<</Nums [{' '.join(nums)}]>>".encode()
    root.data = (
        f"<</Type /StructTreeRoot /K [{first} 0 R] /ParentTree {first + len(elements) + 1} 0 R "
        f"/ParentTreeNextKey {len(pages) + len(marks.links)}>>"
    ).encode()
    for index, page in enumerate(pages):
        set_page_entries(page, StructParents=index, Tabs=PDFName("S"))
    set_catalog_entry(canv, "StructTreeRoot", root)
    set_catalog_entry(canv, "MarkInfo", PDFDictionary({"Marked": "true"}))
    set_catalog_entry(canv, "Lang", PDFString(lang))
    pack_raw_objects(canv)


def _element_bytes(element: Element, parent: int, pages: list[int], annotations: dict) -> bytes:
    """The StructElem dictionary of `element` (its parent and kids by number)."""
    home = None
    kids = []
    for kid in element.kids:
        if type(kid) is Element:
            kids.append(f"{kid.number} 0 R")
        elif type(kid) is ObjectRef:
            annotation = annotations[id(kid.annotation)]
            kids.append(f"<</Type/OBJR/Obj {annotation} 0 R/Pg {pages[kid.page]} 0 R>>")
        else:
            page, mcid = kid_content(kid)
            if home is None or page == home:
                home = page
                kids.append(str(mcid))
            else:  # content on another page: a marked-content reference
                kids.append(f"<</Type/MCR/Pg {pages[page]} 0 R/MCID {mcid}>>")
    head = f"<</S/{element.role}/P {parent} 0 R"
    if home is not None:
        head += f"/Pg {pages[home]} 0 R"
    body = f"{head}/K {kids[0]}" if len(kids) == 1 else f"{head}/K[{' '.join(kids)}]"
    if element.attributes:
        entries = "".join(f"/{k} {_value(v)}" for k, v in element.attributes.items())
        body += f"/A<<{entries}>>"
    for key, text in (
        ("Alt", element.alt),
        ("ActualText", element.actual_text),
        ("ID", element.id),
    ):
        if text is not None:
            body += f"/{key} {_text(text)}"
    return (body + ">>").encode("ascii")


def _value(value: object) -> str:
    return f"/{value}" if isinstance(value, str) else str(value)


def _text(text: str) -> str:
    """A PDF text string: UTF-16BE with its byte order mark, in hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


# --- links -----------------------------------------------------------------------


def add_link(canv, element: Element | None, rect, destination: str, contents: str) -> None:
    """A link annotation over `rect` (in the current user space) to the named
    destination; on a tagging canvas it belongs to `element` (a Link), as
    PDF/UA asks: the element holds it (OBJR), it says what it leads to
    (/Contents)."""
    annotation = link_annotation(canv, rect, destination, contents)
    marks: Marks | None = getattr(canv, "marks", None)
    if marks is not None and element is not None:
        marks.annotation(canv.getPageNumber() - 1, element, annotation)
