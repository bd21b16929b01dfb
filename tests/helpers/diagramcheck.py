"""Reading a drawn tree back from a PDF page: boxes (pdfplumber rects) with
the text inside them, connector segments (pdfplumber lines), and which boxes
the segments join."""

from __future__ import annotations

import re

TOUCH = 0.6  # points: an end this close to a box edge or another segment touches it


def boxes(page) -> list[dict]:
    """The page's rectangles, each with the text of the characters inside."""
    found = []
    for rect in page.rects:
        chars = [
            c
            for c in page.chars
            if rect["x0"] <= (c["x0"] + c["x1"]) / 2 <= rect["x1"]
            and rect["top"] <= (c["top"] + c["bottom"]) / 2 <= rect["bottom"]
        ]
        chars.sort(key=lambda c: (round(c["top"]), c["x0"]))
        text = re.sub(r"\s+", "", "".join(c["text"] for c in chars))
        found.append({**rect, "text": text})
    return found


def overlapping(found: list[dict]) -> list[tuple[str, str]]:
    """Pairs of boxes whose insides overlap."""
    pairs = []
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if (
                min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > TOUCH
                and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > TOUCH
            ):
                pairs.append((a["text"], b["text"]))
    return pairs


def _segments(page) -> list[tuple[float, float, float, float]]:
    return [(ln["x0"], ln["top"], ln["x1"], ln["bottom"]) for ln in page.lines]


def _on_segment(x: float, y: float, seg) -> bool:
    x0, y0, x1, y1 = seg
    return x0 - TOUCH <= x <= x1 + TOUCH and y0 - TOUCH <= y <= y1 + TOUCH


def _ends(seg):
    x0, y0, x1, y1 = seg
    return [(x0, y0), (x1, y1)]


def _touches_box(seg, box: dict, side: str) -> bool:
    """A segment end lies on the box's left or right edge, inside its height."""
    x = box["x0"] if side == "left" else box["x1"]
    return any(
        abs(px - x) <= TOUCH and box["top"] - TOUCH <= py <= box["bottom"] + TOUCH
        for px, py in _ends(seg)
    )


def connected(page, parent: dict, child: dict) -> bool:
    """Whether connector segments lead from the parent's right edge to the
    child's left edge (segments join where an end lies on another segment)."""
    segments = _segments(page)
    start = [i for i, s in enumerate(segments) if _touches_box(s, parent, "right")]
    seen, todo = set(start), list(start)
    while todo:
        i = todo.pop()
        if _touches_box(segments[i], child, "left"):
            return True
        for j, other in enumerate(segments):
            if j in seen:
                continue
            if any(_on_segment(x, y, other) for x, y in _ends(segments[i])) or any(
                _on_segment(x, y, segments[i]) for x, y in _ends(other)
            ):
                seen.add(j)
                todo.append(j)
    return False
