"""Figures: an image file scaled to a share of the text width, its caption
below, kept on one page. PNG and JPEG are placed as images; SVG is drawn as
vector graphics (svglib reads it into a ReportLab drawing)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether

from planpress import ir
from planpress.writers.images import svg_drawing

MAX_HEIGHT_SHARE = 0.8  # a figure leaves room on its page for its caption


def image_size(src: str) -> tuple[float, float]:
    """The natural size of an image file (pixels for a bitmap, points for SVG)."""
    if src.lower().endswith(".svg"):
        drawing = _svg(src)
        return drawing.width, drawing.height
    return ImageReader(src).getSize()


def _svg(src: str):
    return svg_drawing(src)


def scaled(src: str, width: float, max_height: float) -> tuple[float, float]:
    """Width and height (points) of the figure: `width` wide unless that makes
    it taller than `max_height`."""
    natural_w, natural_h = image_size(src)
    height = width * natural_h / natural_w
    if height > max_height:
        width, height = width * max_height / height, max_height
    return width, height


class SvgFigure(Flowable):
    """An SVG drawing scaled to a size, centred in the frame."""

    def __init__(self, src: str, width: float, height: float):
        super().__init__()
        self.drawing = _svg(src)
        self.figure_width, self.figure_height = width, height
        self.hAlign = "CENTER"

    def wrap(self, availWidth, availHeight):
        self.width, self.height = self.figure_width, self.figure_height
        return self.width, self.height

    def draw(self):
        from reportlab.graphics import renderPDF

        drawing = self.drawing
        self.canv.saveState()
        self.canv.scale(self.width / drawing.width, self.height / drawing.height)
        renderPDF.draw(drawing, self.canv, 0, 0)
        self.canv.restoreState()


def figure_flowables(
    node: ir.Figure, frame_width: float, frame_height: float, caption: Flowable | None
) -> list[Flowable]:
    """The figure, then its caption, on one page."""
    width, height = scaled(node.src, frame_width * node.width, frame_height * MAX_HEIGHT_SHARE)
    if Path(node.src).suffix.lower() == ".svg":
        picture: Flowable = SvgFigure(node.src, width, height)
    else:
        picture = Image(node.src, width=width, height=height)
        picture.hAlign = "CENTER"
    picture._alt = node.alt  # the figure's alternative text, for a tagged PDF
    parts = [picture] if caption is None else [picture, caption]
    return [KeepTogether(parts)]
