"""The benchmark generator's output is a document planpress builds (not timed),
and the YAML node budget refuses alias bombs but not large plans."""

from __future__ import annotations

import pytest
import yaml

from benchmarks.book import scaled_project
from benchmarks.generate import DOC_NAME, write_project
from planpress.content import book as b
from planpress.content.load import load_plan, plan_from_text
from planpress.content.yaml_source import node_budget
from planpress.diagnostics.messages import ContentError
from planpress.pipeline import Project, build_document
from planpress.revision.book_diff import book_changes
from planpress.revision.phrases import load_phrasebook

from .conftest import ROOT
from .helpers.textutil import pdf_text, squeeze

ROW_JOIN = load_phrasebook([ROOT / "templates"]).row_join  # the catalogue's 「／」


@pytest.fixture(scope="module")
def doubled(tmp_path_factory):
    return write_project(2, tmp_path_factory.mktemp("bench-2"))


def test_generated_document_doubles_the_content(doubled):
    source = doubled / "content" / DOC_NAME / "document.yaml"
    plan = load_plan(source)
    single = load_plan(
        write_project(1, doubled.parent / "bench-1") / "content" / DOC_NAME / "document.yaml"
    )
    sections = {s.id: s for s in plan.sections}
    for one in single.sections:
        two = sections[one.id]
        if one.kind == "prose":
            assert len(two.paragraphs) == 2 * len(one.paragraphs)
        elif one.kind == "table":
            assert len(two.rows) == 2 * len(one.rows)
        elif one.kind == "policy_revision":
            groups = [g.id for g in two.policies.items_in("revised")]
            assert len(groups) == 2 * len(one.policies.items_in("revised"))
            ids = groups
            assert len(set(ids)) == len(ids)


def test_generated_document_builds_and_its_copies_reach_the_pdf(doubled):
    project = Project(doubled)
    built = build_document(project, project.content / DOC_NAME, force=True)
    pdf = next(p for p in built.files if p.suffix == ".pdf")
    text = squeeze(pdf_text(pdf))
    assert "工業振興施策（青梅地区2）" in text
    assert built.pages > 4


def test_alias_bomb_is_still_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [{', '.join(['*' + previous] * 10)}]\n"
    with pytest.raises(ContentError) as caught:
        plan_from_text(bomb, "bomb.yaml")
    assert "別名" in str(caught.value.problems[0])


def test_an_alias_free_document_never_reaches_the_budget(doubled):
    # The budget grows with the text: one node per character is more than any
    # alias-free YAML has, so a large plan is never mistaken for a bomb.
    text = (doubled / "content" / DOC_NAME / "document.yaml").read_text(encoding="utf-8")
    nodes, stack = 0, [yaml.compose(text, Loader=yaml.SafeLoader)]
    while stack:
        node = stack.pop()
        nodes += 1
        if isinstance(node, yaml.MappingNode):
            stack.extend(v for pair in node.value for v in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    assert nodes <= len(text) < node_budget(text) - 100_000


def test_the_scaled_plan_book_keeps_its_references_and_moves(tmp_path):
    """benchmarks/book.py's N× book: ids unique, `of:` names every copy, a move
    stays a move in each copy (so the 10× book is the same book ten times)."""

    def moves(plan, of):
        table = book_changes(plan.chapters, of, ROW_JOIN).policies
        return sorted(
            (f.kind, f.number)
            for t in table
            for row in t.rows
            for f in row.facts
            if f.kind.startswith("moved")
        )

    one = load_plan(ROOT / "content" / "misakino-kanko-plan" / "document.yaml")
    root = scaled_project(tmp_path / "book", 3)
    plan = load_plan(root / "content" / "book" / "document.yaml")
    assert len(plan.chapters) == 3 * len(one.chapters)
    [policies] = [s for s in plan.sections if isinstance(s, b.Changes) and s.of]
    assert policies.of == ["ch4", "ch4x1", "ch4x2"]
    assert moves(one, ["ch4"]) and moves(plan, policies.of) == sorted(moves(one, ["ch4"]) * 3)
