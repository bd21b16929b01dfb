"""Properties of the composer over random Japanese text and column widths."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from planpress.typeset import Run, compose_prepared, prepare
from planpress.typeset.kinsoku import LINE_END_FORBIDDEN, LINE_START_FORBIDDEN
from planpress.typeset.metrics import DEFAULT_METRICS
from planpress.typeset.prepare import WEAK

SIZE = 10.0
ALPHABET = (
    "あいうえおかきくけこのをにはがでてとしたっゃゅょァッー々ゝ漢字計画市民推進"
    "、。，．・：；！？「」『』（）【】〈〉——……"
    "ABCDEXYZabcxyz0123456789.,%％¥()  \u3000\n"
)


@st.composite
def paragraphs(draw):
    text = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=120))
    width = draw(st.floats(min_value=1.0, max_value=30.0)) * SIZE
    align = draw(st.sampled_from(["justify", "left", "center", "right"]))
    return text, width, align


def strict_chains_fit(para, width: float) -> bool:
    """Every run between strict-legal breaks fits a line (squeezed), so 禁則 must hold."""
    starts = [k for k in range(1, len(para.text)) if para.brk[k] >= WEAK]
    bounds = [0, *starts, len(para.text)]
    for s, e in pairwise(bounds):
        while s < e and para.text[s] == " ":
            s += 1
        if para.tight_width(s, e) > width + 1e-6:
            return False
    return True


@settings(max_examples=150, deadline=None)
@given(paragraphs())
def test_composer_properties(fonts, case):
    text, width, align = case
    para = prepare([Run(text, "mincho", SIZE)], metrics=DEFAULT_METRICS)
    lines = compose_prepared(para, width, align=align)
    # Nothing lost, nothing added, order kept (spaces at breaks are dropped).
    drawn = "".join(g.char for line in lines for g in line.glyphs)
    assert drawn.replace(" ", "") == para.text.replace("\n", "").replace(" ", "")
    widest = max(para.adv, default=0.0)
    for line in lines:
        xs = [g.x for g in line.glyphs]
        assert xs == sorted(xs)
        if line.glyphs and width >= widest:
            assert line.glyphs[0].x >= -1e-6
            assert line.width <= width + 1e-6  # nothing crosses the edge
        if align == "justify" and not line.span.last and len(line.glyphs) > 1:
            assert abs(line.width - width) < 0.1
    if width >= widest and strict_chains_fit(para, width):
        chars = ["".join(g.char for g in line.glyphs) for line in lines]
        for i, t in enumerate(chars):
            if i and t and not lines[i - 1].span.last:
                assert t[0] not in LINE_START_FORBIDDEN, chars
            if t and not lines[i].span.last:
                assert t[-1] not in LINE_END_FORBIDDEN, chars
