"""Throwaway project folders for tests that build their own content."""

from __future__ import annotations

from pathlib import Path

from ..conftest import ROOT

BASE = Path(__file__).parents[1] / "bad_inputs" / "base.yaml.txt"


def make_project(root: Path, content: bytes | str, name: str = "doc") -> Path:
    """`root` with the repository's templates and fonts and one document."""
    for folder in ("templates", "fonts"):
        if not (root / folder).exists():
            (root / folder).symlink_to(ROOT / folder)
    folder = root / "content" / name
    folder.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    (folder / "document.yaml").write_bytes(data)
    return root
