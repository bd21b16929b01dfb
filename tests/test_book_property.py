"""Property: random plan books with random revisions → the handout's
新旧対照表 lists exactly the changed texts (old beside new, 新設/削除 where a
side is missing) and the official edition holds every revised text and no
superseded one. Checked on the document tree the writers receive (many
examples, fast) and on the text that reached the PDFs, read back with
pdfplumber (a few examples: each builds two PDFs)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pdfplumber
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planpress import ir
from planpress.content.load import plan_from_text
from planpress.pipeline import Project, build_document, document_tree

from .conftest import ROOT
from .helpers.pdfcolumns import column_lines
from .helpers.projects import make_project
from .helpers.textutil import pdf_text, squeeze

PROJECT = Project(ROOT)
KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわ"
CHANGES = ("same", "versioned", "current", "revised")


class Texts:
    """Unique texts (a serial number in kanji digits keeps them apart)."""

    def __init__(self, draw):
        self.draw = draw
        self.serial = 0

    def __call__(self) -> str:
        self.serial += 1
        digits = "".join("〇一二三四五六七八九"[int(d)] for d in str(self.serial))
        body = self.draw(st.text(KANA, min_size=2, max_size=12))
        return f"項{digits}番{body}です。"


@st.composite
def books(draw):
    """(content, expected comparison rows, revised texts, superseded texts)."""
    text = Texts(draw)
    rows, revised, gone, whole = [], [], [], []

    def paragraph(parent_only):
        change = draw(st.sampled_from(CHANGES)) if parent_only is None else "same"
        if change == "same":
            t = text()
            (revised if parent_only != "current" else gone).append(t)
            return t
        if change == "versioned":
            old, new = text(), text()
            rows.append((old, new))
            revised.append(new)
            gone.append(old)
            return {"text": {"current": old, "revised": new}}
        t = text()
        if change == "current":
            rows.append((t, "（削除）"))
            gone.append(t)
        else:
            rows.append(("（新設）", t))
            revised.append(t)
        return {"text": t, "only": change}

    def part(depth, ident, parent_only):
        only = draw(st.sampled_from((None, None, None, "current", "revised")))
        if parent_only is not None:
            only = None
        effective = only or parent_only
        title = text()
        node = {"id": ident, "title": title, "body": []}
        if only:
            node["only"] = only
        texts = [title]  # an added/removed part is one row: all its texts
        if only and parent_only is None:
            whole.append((only, texts))
        (gone if effective == "current" else revised).append(title)
        for i in range(draw(st.integers(1, 3))):
            if depth < 3 and draw(st.booleans()):
                child = part(depth + 1, f"{ident}-{i}", effective)
                node["body"].append(child)
                texts.extend(child.pop("_texts"))
            else:
                node["body"].append(paragraph(effective))
                if effective:
                    texts.append(node["body"][-1])
        node["_texts"] = texts
        return node

    chapters = []
    for c in range(draw(st.integers(1, 2))):
        ch = part(1, f"c{c}", None)
        ch.pop("_texts")
        chapters.append({"kind": "chapter", "editions": ["official"], **ch})
    for only, texts in whole:
        joined = "".join(texts)
        rows.append((joined, "（削除）") if only == "current" else ("（新設）", joined))
    content = {
        "document": {
            "municipality": "架空市",
            "plan": "架空市計画",
            "title": "架空市計画の改訂",
            "revision": {"name": "一部改訂"},
        },
        "sections": [
            {"kind": "changes", "id": "chg", "title": "新旧対照表", "show": ["text"]},
            *chapters,
        ],
    }
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False), rows, revised, gone


def inline_text(nodes) -> str:
    out = []
    for node in nodes:
        if isinstance(node, ir.Text):
            out.append(node.text)
        elif hasattr(node, "children"):
            out.append(inline_text(node.children))
    return "".join(out)


def blocks_text(blocks) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, (ir.Paragraph, ir.Heading)):
            out.append(inline_text(block.children))
        elif isinstance(block, ir.List):
            out += [inline_text(i.children) for i in block.items]
        elif isinstance(block, ir.Table):
            for row in block.rows:
                for cell in row.cells:
                    out += blocks_text(cell.children)
    return out


def comparison_rows(document: ir.Document) -> list[tuple[str, str]]:
    for section in document.sections:
        for block in section.children:
            if isinstance(block, ir.Table):
                head = blocks_text(block.rows[0].cells[0].children)
                if head == ["箇所"]:
                    return [
                        (
                            "".join(blocks_text(r.cells[1].children)),
                            "".join(blocks_text(r.cells[2].children)),
                        )
                        for r in block.rows[1:]
                        if len(r.cells) == 4
                    ]
    return []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books())
def test_comparison_and_official_hold_exactly_the_right_texts(book):
    content, rows, revised, gone = book
    plan = plan_from_text(content, "document.yaml")
    handout = document_tree(PROJECT, ROOT / "content" / "x", plan, "handout")
    got = comparison_rows(handout)
    expected = [
        (o if isinstance(o, str) else o["text"], n if isinstance(n, str) else n["text"])
        for o, n in rows
    ]
    assert sorted(got) == sorted(expected)
    official = document_tree(PROJECT, ROOT / "content" / "x", plan, "official")
    text = "\n".join(t for s in official.sections for t in blocks_text(s.children))
    assert [t for t in revised if t not in text] == []
    assert [t for t in gone if t in text] == []


# --- the same property on the PDFs ---------------------------------------------------

# The 新旧対照表's side columns as the default labels print them (revision name
# 一部改訂: 【一部改訂後】).
SIDES = ("【現行計画】", "【一部改訂後】")
MARKERS = ("（新設）", "（削除）")


def texts_in(joined: str) -> list[str]:
    """The generated texts in a row's cell (a whole added/removed part joins
    its title and paragraphs): each ends with です。 A marker is no text."""
    if joined in MARKERS:
        return []
    return [t + "です。" for t in joined.split("です。") if t]


def built_pdfs(content: str) -> dict[str, Path]:
    """The handout and official PDFs of `content`, built as `planpress build` does."""
    root = Path(tempfile.mkdtemp(prefix="book-property-"))
    make_project(root, content)
    project, folder = Project(root), root / "content" / "doc"
    out = {}
    for edition in ("handout", "official"):
        build_document(project, folder, edition, force=True)
        out[edition] = root / "output" / "doc" / f"doc-{edition}.pdf"
    return out


@pytest.mark.slow  # two PDF+DOCX builds an example
@settings(
    max_examples=5,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(books())
def test_the_pdfs_hold_exactly_the_right_texts(book):
    content, rows, revised, gone = book
    everything = set(revised) | set(gone)
    for old, new in rows:
        everything.update(texts_in(old) + texts_in(new))
    pdfs = built_pdfs(content)

    with pdfplumber.open(pdfs["handout"]) as pdf:
        columns = {
            side: squeeze("".join(line.text for line in column_lines(pdf, side))) for side in SIDES
        }
    for side, index in zip(SIDES, (0, 1), strict=True):
        expected = [t for row in rows for t in texts_in(row[index])]
        column = columns[side]
        assert [t for t in expected if squeeze(t) not in column] == [], side
        # no other text of the plan in this column: unchanged ones are （略）
        others = [t for t in everything - set(expected) if squeeze(t) in column]
        assert others == [], side
        if any(row[index] in MARKERS for row in rows):
            assert any(marker in column for marker in MARKERS), side

    official = squeeze(pdf_text(pdfs["official"]))
    assert [t for t in revised if squeeze(t) not in official] == []
    assert [t for t in gone if squeeze(t) in official] == []
