"""A rebuilding process (`planpress watch`) writes the same bytes as a fresh
build: the PDF work it keeps between builds and the DOCX written in a second
process change nothing but the time."""

from __future__ import annotations

import pickle
import shutil

import pytest

from planpress.content.load import load_plan
from planpress.pipeline import Project, build_document
from planpress.pipeline.beside import GIVE_UP, DocxBeside
from planpress.pipeline.document import document_tree, style_sheet
from planpress.pipeline.watch import rebuilding
from planpress.writers.docx import write_docx

from .conftest import ROOT
from .test_regenerate import edit, make_project

# Edits a secretariat makes between saves: a word in the first paragraph, a
# word of the comparison table, the page header, and the body face itself.
EDITS = [
    ("document.yaml", "策定した", "作成した"),
    ("document.yaml", "情報発信の充実", "情報発信の強化"),
    ("document.yaml", "策定", "改定"),
    ("style.yaml", "file: BIZUDMincho-Regular.ttf", "file: BIZUDGothic-Regular.ttf"),
]


@pytest.fixture(autouse=True)
def _two_cores(monkeypatch):
    """A second process is started only with a second core: a one-core CI
    machine tests it all the same."""
    monkeypatch.setattr("os.cpu_count", lambda: 2)


def _states(project: Project, document, second_process: bool, edition: str):
    """Outputs after the first build and after each edit, built in one
    rebuilding process; with the inputs of each state."""
    states = []
    with rebuilding(second_process) as beside:
        if second_process:
            assert beside is not None
        for step in [None, *EDITS]:
            if step is not None:
                name, old, new = step
                folder = document if name == "document.yaml" else project.templates
                edit(folder / name, old, new)
            built = build_document(project, document, edition, beside=beside)
            assert len(built.files) == 2
            inputs = {
                "document.yaml": (document / "document.yaml").read_bytes(),
                "style.yaml": (project.templates / "style.yaml").read_bytes(),
            }
            states.append((inputs, {p.suffix: p.read_bytes() for p in built.files}))
    return states


@pytest.mark.parametrize(
    ("second_process", "edition"), [(True, "handout"), (True, "review"), (False, "official")]
)
def test_a_rebuilding_process_writes_what_a_fresh_build_writes(tmp_path, second_process, edition):
    project = make_project(tmp_path / "watched")
    document = project.content / "ome-shoko-plan"
    states = _states(project, document, second_process, edition)
    fresh = make_project(tmp_path / "fresh")
    fresh_document = fresh.content / "ome-shoko-plan"
    for step, (inputs, outputs) in enumerate(states):
        (fresh_document / "document.yaml").write_bytes(inputs["document.yaml"])
        (fresh.templates / "style.yaml").write_bytes(inputs["style.yaml"])
        built = build_document(fresh, fresh_document, edition, force=True)
        for path in built.files:
            assert path.read_bytes() == outputs[path.suffix], (step, path.name)


def test_a_book_with_contents_is_written_the_same_while_rebuilding(tmp_path):
    """A DOCX with a table of contents waits for the PDF's pages: written in
    this process, after the PDF, even with a second process at hand."""
    book = ROOT / "content" / "misakino-kanko-plan"
    shutil.copytree(book, tmp_path / "content" / book.name)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "fonts").symlink_to(ROOT / "fonts")
    project = Project(tmp_path)
    document = project.content / book.name
    with rebuilding(True) as beside:
        watched = build_document(project, document, "official", beside=beside)
        outputs = {p.suffix: p.read_bytes() for p in watched.files}
    fresh = build_document(Project(tmp_path, out=tmp_path / "fresh"), document, "official")
    assert {p.suffix: p.read_bytes() for p in fresh.files} == outputs


def test_a_second_process_that_dies_is_replaced(tmp_path):
    project = make_project(tmp_path)
    document = project.content / "ome-shoko-plan"
    with rebuilding(True) as beside:
        build_document(project, document, beside=beside)
        beside._process.kill()
        beside._process.join()
        edit(document / "document.yaml", "策定した", "作成した")
        dead = build_document(project, document, beside=beside)  # written here instead
        edit(document / "document.yaml", "作成した", "見直した")
        before = beside.cpu_seconds
        replaced = build_document(project, document, beside=beside)
        assert beside.cpu_seconds > before  # a new second process wrote the last DOCX
        assert len(dead.files) == len(replaced.files) == 2
        last = {p.suffix: p.read_bytes() for p in replaced.files}
    fresh = build_document(Project(tmp_path, out=tmp_path / "fresh"), document, force=True)
    assert {p.suffix: p.read_bytes() for p in fresh.files} == last


def test_a_style_sheet_crosses_to_another_process_unchanged():
    project = Project(ROOT)
    sheet = style_sheet(project, project.content / "ome-shoko-plan")
    again = pickle.loads(pickle.dumps(sheet))
    assert again == sheet and repr(again) == repr(sheet)
    assert type(again.fonts) is type(sheet.fonts)  # read-only again


def _trees(tmp_path):
    """The example's handout tree and the tree after a one-word edit, with its sheet."""
    project = make_project(tmp_path)
    document = project.content / "ome-shoko-plan"
    sheet = style_sheet(project, document)
    trees = []
    for old, new in [(None, None), ("策定した", "作成した")]:
        if old:
            edit(document / "document.yaml", old, new)
        plan = load_plan(document / "document.yaml", "document.yaml")
        trees.append(document_tree(project, document, plan, "handout"))
    return trees, sheet


def test_an_answer_for_an_earlier_tree_is_never_taken(tmp_path):
    """A build that failed after sending its tree (say, in the PDF) leaves an
    answer behind: the next build must get its own DOCX, not that one."""
    (first, second), sheet = _trees(tmp_path)
    with DocxBeside() as beside:
        assert beside.submit(first, sheet, None)  # its answer is never asked for
        assert beside.submit(second, sheet, None)
        assert beside.result() == write_docx(second, sheet)


def test_what_cannot_reach_the_second_process_is_written_here(tmp_path):
    """A tree that does not cross (here: not picklable) is no error of the
    build: this process writes that DOCX; after GIVE_UP in a row it stops
    trying, and a success in between starts the count again."""
    (tree, _), sheet = _trees(tmp_path)
    with DocxBeside() as beside:
        assert not beside.submit(lambda: None, sheet, None)
        assert beside.submit(tree, sheet, None) and beside.result() == write_docx(tree, sheet)
        assert beside.failures == 0
        for count in range(1, GIVE_UP + 1):
            assert not beside.submit(lambda: None, sheet, None)
            assert beside.failures == count
        assert not beside.submit(tree, sheet, None)  # given up
