"""The tagged PDF's logical structure, as the story builds it and the pages fill it.

The story makes one `Element` per node of the document tree as it visits it
(so the elements are in document order whatever the page flow does); a
flowable that draws text holds its element and, when drawn, asks `Marks` for
a marked-content id (MCID) on the current page. A paragraph or a table row
split across pages is one element holding the pieces from each page.

Nothing here knows ReportLab: `writers/pdf/tagged.py` writes this tree into
the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Marked content is a kid of its element as one int, page index << MCID_BITS
# | MCID: a long plan has hundreds of thousands of them, and a (page, MCID)
# tuple would be three objects each, alive until the file is written.
MCID_BITS = 20
MCID_MASK = (1 << MCID_BITS) - 1


def content_kid(page: int, mcid: int) -> int:
    """Marked content `mcid` on page `page` (0-based) as an element's kid."""
    if mcid > MCID_MASK:
        raise ValueError(f"more than {MCID_MASK + 1} marked-content sequences on one page")
    return page << MCID_BITS | mcid


def kid_content(kid: int) -> tuple[int, int]:
    """(page index, MCID) of a marked-content kid."""
    return kid >> MCID_BITS, kid & MCID_MASK


class Element:
    """A structure element: a standard role (P, H1, TD …), its attributes and
    its kids, which are elements, annotations (`ObjectRef`) or marked content
    (`content_kid`) in reading order. (No link to the parent: the writer finds parents by a walk,
    and a tree without cycles is freed without the garbage collector.)"""

    __slots__ = ("actual_text", "alt", "attributes", "id", "kids", "number", "role", "spans")

    def __init__(
        self,
        role: str,
        attributes: dict[str, object] | None = None,  # /A: owner /O Table or Layout …
        alt: str | None = None,  # /Alt (figures)
        actual_text: str | None = None,  # /ActualText
        id: str | None = None,  # /ID (a Note must have one)
    ) -> None:
        self.role = role
        self.kids: list = []
        self.attributes = attributes
        self.alt = alt
        self.actual_text = actual_text
        self.id = id
        self.spans: dict[int, Element] | None = None  # underlined stretch start → its Span
        self.number = 0  # its object number, given when the tree is written

    def add(self, role: str, **kw) -> Element:
        """A new child element at the end of the kids."""
        child = Element(role, **kw)
        self.kids.append(child)
        return child

    def walk(self) -> list[Element]:
        """This element and all below it, depth first, in reading order."""
        out: list[Element] = []
        stack = [self]
        while stack:
            element = stack.pop()
            out.append(element)
            stack.extend(reversed([k for k in element.kids if type(k) is Element]))
        return out


class ObjectRef:
    """A kid that is an annotation on page `page` (a link): the element
    holds it by an object reference (OBJR), the annotation names the element
    through the parent tree (its StructParent key, given when written)."""

    __slots__ = ("annotation", "key", "page")

    def __init__(self, page: int, annotation: object) -> None:
        self.page, self.annotation = page, annotation
        self.key: int | None = None


class Untagged(Element):
    """The root of an untagged build (measuring what tagging costs): every
    element made under it is itself, so no tree is kept."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("Document")

    def add(self, role: str, **kw) -> Element:
        return self


@dataclass(slots=True)
class Marks:
    """The document's structure root and, per page, which element owns each MCID.

    `artifact` counts enclosing artifact contexts (a table header repeated on
    a continued page): text drawn there is an artifact, not content.
    """

    root: Element = field(default_factory=lambda: Element("Document"))
    pages: list[list[Element]] = field(default_factory=list)
    artifact: int = 0
    underline_reading: str = "{text}"  # a Span's /ActualText (the style sheet's wording)
    links: list[tuple[ObjectRef, Element]] = field(default_factory=list)  # annotations
    _notes: int = 0

    def mcid(self, page: int, element: Element) -> int:
        """A new MCID on page `page` (0-based) for content of `element`."""
        while len(self.pages) <= page:
            self.pages.append([])
        owners = self.pages[page]
        owners.append(element)
        mcid = len(owners) - 1
        element.kids.append(content_kid(page, mcid))
        return mcid

    def annotation(self, page: int, element: Element, annotation: object) -> None:
        """An annotation on page `page` (0-based) belongs to `element` (after its content)."""
        ref = ObjectRef(page, annotation)
        element.kids.append(ref)
        self.links.append((ref, element))

    def forget(self) -> None:
        """Let go of the elements once the tree is written (a long plan's
        are hundreds of thousands)."""
        self.root.kids = []
        self.pages = []
        self.links = []

    def note_id(self) -> str:
        self._notes += 1
        return f"note{self._notes}"
