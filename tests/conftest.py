"""Shared fixtures: the example document built once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from planpress.build import Project, build_document

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
