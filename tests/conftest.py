"""Shared fixtures: the example document built once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from planpress.pipeline import Project, build_document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "content" / "ome-shoko-plan"


@dataclass
class BuiltExample:
    pdf: Path
    docx: Path


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Project:
    """The repository's project, writing into a temporary output folder."""
    return Project(ROOT, out=tmp_path_factory.mktemp("output"))


@pytest.fixture(scope="session")
def example(project) -> BuiltExample:
    built = build_document(project, EXAMPLE)
    pdf = next(p for p in built.files if p.suffix == ".pdf")
    docx = next(p for p in built.files if p.suffix == ".docx")
    return BuiltExample(pdf, docx)


# --- golden files ------------------------------------------------------------------

GOLDENS = Path(__file__).resolve().parent / "goldens"


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/goldens/* from the current output instead of comparing "
        "(review the git diff before committing)",
    )


@pytest.fixture
def golden(request):
    """`golden(name, text)`: compare `text` with tests/goldens/<name>.

    The stored file changes only with `pytest --update-goldens`.
    """

    def check(name: str, text: str) -> None:
        path = GOLDENS / name
        if request.config.getoption("--update-goldens"):
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.is_file(), f"no golden {path.name}: run pytest --update-goldens and review"
        assert text == path.read_text(encoding="utf-8")

    return check
