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

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

from planpress.writers.pdf.reportlab_internals import (
    page_code,
    page_objects,
    pdf_document,
    set_catalog_entry,
    set_page_entries,
)
from planpress.writers.pdf.structure import Element, Marks

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
    tagged PDF (ISO 14289-1)."""
    doc = pdf_document(canv)
    pages = page_objects(canv)
    page_refs = [doc.Reference(page) for page in pages]
    root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    root_ref = doc.Reference(root)
    refs: dict[int, object] = {}
    top = _element(doc, marks.root, root_ref, page_refs, refs)
    root["K"] = PDFArray([top])
    nums: list = []
    for index in range(len(pages)):
        owners = marks.pages[index] if index < len(marks.pages) else []
        nums += [index, PDFArray([refs[id(owner)] for owner in owners])]
    root["ParentTree"] = doc.Reference(PDFDictionary({"Nums": PDFArray(nums)}))
    root["ParentTreeNextKey"] = len(pages)
    for index, page in enumerate(pages):
        set_page_entries(page, StructParents=index, Tabs=PDFName("S"))
    set_catalog_entry(canv, "StructTreeRoot", root)
    set_catalog_entry(canv, "MarkInfo", PDFDictionary({"Marked": "true"}))
    set_catalog_entry(canv, "Lang", PDFString(lang))


def _element(doc, element: Element, parent_ref, page_refs: list, refs: dict):
    """The StructElem of `element` (registered; its reference returned)."""
    entries = {"Type": PDFName("StructElem"), "S": PDFName(element.role), "P": parent_ref}
    node = PDFDictionary(entries)
    ref = doc.Reference(node)
    refs[id(element)] = ref
    pages = [kid[0] for kid in element.kids if isinstance(kid, tuple)]
    home = pages[0] if pages else None
    if home is not None:
        node["Pg"] = page_refs[home]
    kids = []
    for kid in element.kids:
        if isinstance(kid, Element):
            kids.append(_element(doc, kid, ref, page_refs, refs))
        elif kid[0] == home:
            kids.append(kid[1])
        else:  # content on another page: a marked-content reference
            mcr = {"Type": PDFName("MCR"), "Pg": page_refs[kid[0]], "MCID": kid[1]}
            kids.append(PDFDictionary(mcr))
    node["K"] = PDFArray(kids)
    if element.attributes:
        attributes = {
            key: PDFName(value) if isinstance(value, str) else value
            for key, value in element.attributes.items()
        }
        node["A"] = PDFDictionary(attributes)
    if element.alt is not None:
        node["Alt"] = PDFString(element.alt)
    if element.actual_text is not None:
        node["ActualText"] = PDFString(element.actual_text)
    if element.id is not None:
        node["ID"] = PDFString(element.id)
    return ref
