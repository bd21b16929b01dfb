"""The 施策体系図: a tree drawn left to right as boxes joined by elbow lines.

Each level is a column (the last, the 施策, wider); a node's box sits beside
the block of its children, centred on them; siblings are stacked with a small
gap, top-level nodes with a larger one. Boxes of one column lie in disjoint
blocks, so no two boxes overlap. A connector runs from the middle of a
parent's right edge to a vertical bus halfway across the gap, and from the
bus to the middle of each child's left edge.

The diagram is one flowable that splits between top-level nodes when it is
taller than the room left; a tree under one root splits between the root's
children (the groups: the root's box repeated on the next page), so a page
is not left half empty before it; a single top-level node taller than a page
is split between its children too, deeper if need be.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import FrameBreak

from planpress import ir
from planpress.writers.pdf.composed import ComposedParagraph
from planpress.writers.style import ParagraphStyle, StyleSheet

TOP_STYLE, BOX_STYLE, LEVEL_STYLE = "diagram-top", "diagram-box", "diagram-level"
TITLE_STYLE = "caption"
_EPS = 0.01


@dataclass(slots=True)
class Box:
    """A node's box, placed: x and y of its top-left corner (y downwards from
    the diagram's top), its size, and the boxes of its children."""

    node: ir.DiagramNode
    column: int
    x: float
    y: float
    width: float
    height: float
    children: list[Box] = field(default_factory=list)

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


class DiagramLayout:
    """Columns and box sizes of one diagram at one width."""

    def __init__(self, sheet: StyleSheet, fonts: dict[str, str], columns: int, width: float):
        self.sheet, self.fonts = sheet, fonts
        self.look = sheet.diagram
        weights = [1.0] * columns
        if columns > 1:
            weights[-1] = self.look.last_share
        unit = (width - self.look.gap * (columns - 1)) / sum(weights)
        self.widths = [unit * w for w in weights]
        self.xs = [sum(self.widths[:i]) + self.look.gap * i for i in range(columns)]
        self._heights: dict[tuple[str, int], float] = {}

    def style(self, column: int) -> ParagraphStyle:
        return self.sheet.paragraph(TOP_STYLE if column == 0 else BOX_STYLE)

    def text(self, node: ir.DiagramNode, column: int) -> ComposedParagraph:
        return ComposedParagraph([ir.Text(node.text)], self.style(column), self.fonts)

    def box_height(self, node: ir.DiagramNode, column: int) -> float:
        key = (node.text, column)
        if key not in self._heights:
            inner = self.widths[column] - 2 * self.look.padding
            _, height = self.text(node, column).wrap(inner, 1e9)
            self._heights[key] = height + 2 * self.look.padding
        return self._heights[key]

    def block(self, node: ir.DiagramNode, column: int) -> float:
        """The height a node and everything below it take."""
        own = self.box_height(node, column)
        if not node.children:
            return own
        below = sum(self.block(c, column + 1) for c in node.children)
        return max(own, below + self.look.box_gap * (len(node.children) - 1))

    def forest(self, nodes: list[ir.DiagramNode]) -> float:
        """The height of top-level nodes stacked."""
        blocks = [self.block(n, 0) for n in nodes]
        return sum(blocks) + self.look.group_gap * max(len(blocks) - 1, 0)

    def place(self, node: ir.DiagramNode, column: int, top: float) -> Box:
        own = self.box_height(node, column)
        box = Box(node, column, self.xs[column], top, self.widths[column], own)
        if not node.children:
            return box
        block = self.block(node, column)
        heights = [self.block(c, column + 1) for c in node.children]
        stacked = sum(heights) + self.look.box_gap * (len(heights) - 1)
        y = top + (block - stacked) / 2  # children centred when the box is taller
        for child, height in zip(node.children, heights):
            box.children.append(self.place(child, column + 1, y))
            y += height + self.look.box_gap
        centre = (box.children[0].middle + box.children[-1].middle) / 2
        box.y = min(max(centre - own / 2, top), top + block - own)
        return box

    def place_forest(self, nodes: list[ir.DiagramNode], top: float) -> list[Box]:
        boxes = []
        for node in nodes:
            boxes.append(self.place(node, 0, top))
            top += self.block(node, 0) + self.look.group_gap
        return boxes


def _part(node: ir.DiagramNode, children: list[ir.DiagramNode]) -> ir.DiagramNode:
    return ir.DiagramNode(node.text, children, node.emphasis)


class DiagramFlowable(Flowable):
    """A diagram (or the part of one on a page), with its level names above."""

    def __init__(
        self,
        diagram: ir.Diagram,
        sheet: StyleSheet,
        fonts: dict[str, str],
        frame_height: float,
        nodes: list[ir.DiagramNode] | None = None,
        first: bool = True,
    ):
        super().__init__()
        self.diagram, self.sheet, self.fonts = diagram, sheet, fonts
        self.frame_height = frame_height
        self.first = first  # the first part carries the title
        self.nodes = diagram.nodes if nodes is None else nodes
        self._layout: DiagramLayout | None = None

    def _title(self) -> ComposedParagraph | None:
        if not (self.first and self.diagram.title):
            return None
        return ComposedParagraph([ir.Text(self.diagram.title)], self._title_style(), self.fonts)

    def _title_style(self) -> ParagraphStyle:
        return self.sheet.paragraph(TITLE_STYLE)

    def _title_height(self) -> float:
        if not (self.first and self.diagram.title):
            return 0.0
        style = self._title_style()
        return self._title().wrap(self.width, 1e9)[1] + style.space_after

    def _at(self, width: float) -> DiagramLayout:
        if self._layout is None or abs(sum(self._layout.widths) - width) > 1:
            self._layout = DiagramLayout(self.sheet, self.fonts, self.diagram.depth, width)
        return self._layout

    def _head_height(self) -> float:
        """The title (first part only) and the level names above the boxes."""
        levels = 0.0
        if self.diagram.levels:
            levels = self.sheet.paragraph(LEVEL_STYLE).leading + self.sheet.diagram.padding
        return self._title_height() + levels

    def wrap(self, availWidth, availHeight):
        lay = self._at(availWidth)
        self.width = availWidth
        self.height = self._head_height() + lay.forest(self.nodes)
        return self.width, self.height

    # -- splitting ------------------------------------------------------------------

    def split(self, availWidth, availHeight):
        lay = self._at(availWidth)
        self.width = availWidth
        room = availHeight - self._head_height()
        take = 0
        while take < len(self.nodes) and lay.forest(self.nodes[: take + 1]) <= room + _EPS:
            take += 1
        if take == len(self.nodes):
            return []
        if take:
            return [self._with(self.nodes[:take], self.first), self._with(self.nodes[take:])]
        if self._head_height() + lay.forest(self.nodes[:1]) <= self.frame_height + _EPS:
            # It fits a page. A tree under one root (the 将来像) continues by
            # its groups (基本目標) where at least one whole group fits the
            # room, the root repeated: no half page left empty before it.
            # Otherwise it starts on the next page.
            parts = self._split_groups(lay, room) if len(self.diagram.nodes) == 1 else None
            if parts is None:
                return []
            return [self._with([parts[0]], self.first), FrameBreak(), self._with([parts[1]])]
        # a top-level node taller than a page: split between its children
        parts = self._split_node(lay, self.nodes[0], 0, room)
        if parts is None:
            return []
        head, tail = [parts[0]], [parts[1], *self.nodes[1:]]
        # the rest of that node goes on the next page, not below its first part
        return [self._with(head, self.first), FrameBreak(), self._with(tail)]

    def _split_groups(self, lay: DiagramLayout, room: float):
        """(head, tail) copies of the one top-level node, split between its
        children, whose head fits `room`; None if not even one child does."""
        node, children = self.nodes[0], self.nodes[0].children
        for count in range(len(children) - 1, 0, -1):
            if lay.block(_part(node, children[:count]), 0) <= room + _EPS:
                return _part(node, children[:count]), _part(node, children[count:])
        return None

    def _split_node(self, lay: DiagramLayout, node, column: int, room: float):
        """(head, tail) copies of `node` whose head fits `room`, or None."""
        children = node.children
        for count in range(len(children) - 1, 0, -1):
            if lay.block(_part(node, children[:count]), column) <= room + _EPS:
                return _part(node, children[:count]), _part(node, children[count:])
        if not children:
            return None
        inner = self._split_node(lay, children[0], column + 1, room)
        if inner is None:
            return None
        return _part(node, [inner[0]]), _part(node, [inner[1], *children[1:]])

    def _with(self, nodes: list[ir.DiagramNode], first: bool = False) -> DiagramFlowable:
        return DiagramFlowable(
            self.diagram, self.sheet, self.fonts, self.frame_height, nodes, first
        )

    # -- drawing ---------------------------------------------------------------------

    def draw(self):
        lay = self._at(self.width)
        canv = self.canv
        head = self._head_height()
        canv.saveState()
        title = self._title()
        if title is not None:
            _, tall = title.wrap(self.width, head)
            title.drawOn(canv, 0, self.height - tall)
        top = self.height - self._title_height()
        if self.diagram.levels:
            style = self.sheet.paragraph(LEVEL_STYLE)
            for column, name in enumerate(self.diagram.levels[: len(lay.widths)]):
                label = ComposedParagraph([ir.Text(name)], style, self.fonts)
                _, tall = label.wrap(lay.widths[column], head)
                label.drawOn(canv, lay.xs[column], top - tall)
        for box in lay.place_forest(self.nodes, head):
            self._draw_box(lay, box)
        canv.restoreState()

    def _draw_box(self, lay: DiagramLayout, box: Box) -> None:
        canv, look = self.canv, self.sheet.diagram
        top = self.height - box.y  # PDF y of the box's top edge
        canv.saveState()  # the fill of a priority box is not the text's colour
        canv.setLineWidth(look.rule)
        canv.setStrokeColor(colors.black)
        if box.node.emphasis:
            canv.setFillColor(colors.HexColor(look.emphasis_fill))
        canv.rect(box.x, top - box.height, box.width, box.height, stroke=1, fill=box.node.emphasis)
        canv.restoreState()
        text = lay.text(box.node, box.column)
        _, tall = text.wrap(box.width - 2 * look.padding, box.height)
        text.drawOn(canv, box.x + look.padding, top - look.padding - tall)
        if not box.children:
            return
        canv.setLineWidth(look.connector)
        bus = box.x + box.width + look.gap / 2
        y = self.height - box.middle
        canv.line(box.x + box.width, y, bus, y)
        ends = [y] + [self.height - c.middle for c in box.children]
        if max(ends) - min(ends) > _EPS:
            canv.line(bus, min(ends), bus, max(ends))
        for child in box.children:
            canv.line(bus, self.height - child.middle, child.x, self.height - child.middle)
            self._draw_box(lay, child)
