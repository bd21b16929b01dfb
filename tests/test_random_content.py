"""Random content through full builds (PDF and DOCX).

Any content either builds or is refused with a ContentError (the messages
path) — never another exception. Content the fonts can draw reaches both
outputs character for character (white space aside). Control characters are
refused with a message, not stripped (see textcheck.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdf
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from planpress.content.japanese_forms import is_japanese_charset
from planpress.content.textcheck import drawable
from planpress.diagnostics.messages import ContentError
from planpress.pipeline import Project, build_document, font_files, style_sheet

from .conftest import EXAMPLE, ROOT
from .helpers.projects import make_project
from .helpers.textutil import docx_text, pdf_text, squeeze

GLYPHS = drawable(font_files(style_sheet(Project(ROOT), EXAMPLE)))
# Printable characters a Japanese document holds and the fonts draw, with
# the markup characters (& < > { } %) a template might trip over.
PRINTABLE = sorted(
    chr(c)
    for c in GLYPHS
    if chr(c).isprintable() and is_japanese_charset(chr(c)) and not chr(c).isspace()
)
JAPANESE = st.sampled_from(PRINTABLE) | st.sampled_from(list("&<>{}%#'\"-:「」、。漢字かなカナ "))
ANY = st.characters(exclude_categories=("Cs",))  # anything YAML can carry
SETTINGS = settings(
    max_examples=15,
    deadline=None,
    # No shrinking: each example is a full build, and shrinking one takes minutes.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def texts(alphabet, max_size=40):
    return st.text(alphabet, min_size=1, max_size=max_size).filter(lambda s: s.strip())


@st.composite
def documents(draw, alphabet):
    """A document of the content format with random text and list lengths."""
    text = texts(alphabet)
    some = lambda strategy, most=3: draw(st.lists(strategy, min_size=1, max_size=most))
    measures = lambda: [{"id": f"m{i}", "title": t} for i, t in enumerate(some(text))]
    sections = [
        {"kind": "prose", "id": "p", "title": draw(text), "paragraphs": some(texts(alphabet, 800))},
        {
            "kind": "table",
            "id": "t",
            "title": draw(text),
            "columns": ["a", "b"],
            "rows": [[draw(text), draw(text)] for _ in range(draw(st.integers(1, 4)))],
        },
        {
            "kind": "comparison",
            "id": "c",
            "title": draw(text),
            "columns": ["旧", "新"],
            "items": [
                {"label": draw(text), "old": draw(text), "new": draw(text)}
                for _ in range(draw(st.integers(1, 3)))
            ],
        },
        {
            "kind": "policy_revision",
            "id": "r",
            "title": draw(text),
            "groups": [
                {
                    "id": f"g{g}",
                    "title": draw(text),
                    "policies": [
                        {"id": f"p{p}", "title": draw(text), "measures": measures()}
                        for p in range(draw(st.integers(1, 2)))
                    ],
                }
                for g in range(draw(st.integers(1, 2)))
            ],
        },
    ]
    chosen = draw(st.lists(st.sampled_from(range(4)), min_size=1, max_size=4, unique=True))
    return {
        "document": {"municipality": draw(text), "plan": draw(text), "title": draw(text)},
        "sections": [sections[i] for i in sorted(chosen)],
    }


def damage(document: dict, how: str, depth: int) -> dict:
    """One structural mistake of the kinds officials make (or attackers try)."""
    first = document["sections"][0]
    key = next(k for k in first if isinstance(first[k], list))
    if how == "empty":
        first[key] = []
    elif how == "deep":  # depth 1 would be a valid list of one text
        nested: object = "x"
        for _ in range(depth):
            nested = [nested]
        first[key] = nested
    elif how == "mapping":
        first["title"] = {"title": first["title"]}
    return document


def build(document: dict) -> tuple[str, str, tuple] | None:
    """Build `document`: the PDF's and DOCX's text and the PDF's (author,
    subject), or None if it was refused."""
    with tempfile.TemporaryDirectory() as tmp:
        text = yaml.safe_dump(document, allow_unicode=True, width=float("inf"))
        root = make_project(Path(tmp), text)
        try:
            built = build_document(Project(root), root / "content" / "doc")
        except ContentError as error:
            assert error.problems and all(p.place.line >= 0 for p in error.problems)
            return None
        pdf, docx = sorted(built.files, key=lambda p: p.suffix != ".pdf")
        metadata = pypdf.PdfReader(pdf).metadata
        meta = (metadata.author, metadata.subject)
        return pdf_text(pdf), docx_text(docx), meta


@SETTINGS
@given(documents(ANY), st.sampled_from(["none", "empty", "deep", "mapping"]), st.integers(2, 60))
def test_any_content_builds_or_is_refused_with_messages(document, how, depth):
    result = build(damage(document, how, depth))
    if how != "none":
        assert result is None


@SETTINGS
@given(documents(JAPANESE))
def test_drawable_content_reaches_both_outputs(document):
    result = build(document)
    assert result is not None
    pdf, docx, meta = result
    meta_data = document["document"]
    assert meta == (meta_data["municipality"].strip(), meta_data["plan"].strip())
    strings = list(shown_texts(document))
    for output in (squeeze(pdf), squeeze(docx)):
        assert [s for s in strings if squeeze(s) not in output] == []


def shown_texts(value, key=None):
    """Every text value the document shows on its pages (metadata, ids and
    kinds aside)."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in ("id", "kind", "municipality", "plan"):
                yield from shown_texts(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from shown_texts(v, key)
    elif isinstance(value, str):
        yield value


def test_astral_character_reads_back():
    """𠮟 (U+20B9F, JIS X 0213, drawn by BIZ UD) reads back from the PDF as itself
    (ReportLab's own ToUnicode map writes it wrong; writers/pdf/fonts.py fixes it)."""
    assert ord("𠮟") in GLYPHS
    document = {
        "document": {"municipality": "市", "plan": "計画", "title": "題"},
        "sections": [{"kind": "prose", "id": "p", "title": "見出し", "paragraphs": ["𠮟る"]}],
    }
    pdf, docx, _ = build(document)
    assert "𠮟る" in squeeze(docx)
    assert "𠮟る" in squeeze(pdf)
