"""Image files as both writers need them: the natural size of a figure and,
for the DOCX, an SVG as a bitmap.

SVG is read by svglib into a ReportLab drawing (the PDF draws it as vector
graphics). Word's picture model wants a bitmap (Word 2016's SVG support still
needs a PNG fallback), so for the DOCX the drawing is written as a one-page
PDF and rendered to PNG by PDFium (pypdfium2). Both libraries are imported
only when a document has an SVG figure.
"""

from __future__ import annotations

import io

RASTER_DPI = 300  # print quality for an SVG figure in the DOCX


def svg_drawing(src: str):
    """The SVG file as a ReportLab drawing (its size in points)."""
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(src)
    if drawing is None:
        raise ValueError(f"{src}: svglib could not read this SVG file")
    return drawing


def svg_png(src: str) -> tuple[bytes, float, float]:
    """The SVG file rendered as PNG bytes, and its natural size in points."""
    import pypdfium2
    from reportlab.graphics import renderPDF

    drawing = svg_drawing(src)
    pdf = pypdfium2.PdfDocument(renderPDF.drawToString(drawing))
    try:
        bitmap = pdf[0].render(scale=RASTER_DPI / 72).to_pil()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    bitmap.save(buffer, format="PNG")
    return buffer.getvalue(), drawing.width, drawing.height
