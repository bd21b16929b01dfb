"""The catalogue of hostile and broken content (tests/bad_inputs/), through the CLI.

Each `name.yaml` (most are base.yaml.txt, a small valid document, with one
thing broken) has a `name.expected` beside it: the first line is the exit
code (`exit 1`), each further line a message that must be printed, place
included. Both `check` and `build` must give the same verdict, and neither a
traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planpress.cli import main

from .helpers.projects import make_project

CATALOGUE = Path(__file__).parent / "bad_inputs"
CASES = sorted(p.stem for p in CATALOGUE.glob("*.yaml"))


def expectation(name: str) -> tuple[int, list[str]]:
    first, *lines = (CATALOGUE / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    return int(first.removeprefix("exit ")), [line for line in lines if line]


def test_catalogue_is_complete():
    assert len(CASES) >= 25
    assert all((CATALOGUE / f"{name}.expected").is_file() for name in CASES)


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("name", CASES)
def test_bad_input(name, command, tmp_path, capsys, monkeypatch):
    root = make_project(tmp_path, (CATALOGUE / f"{name}.yaml").read_bytes())
    monkeypatch.chdir(tmp_path)  # where `touch MARKER` would land
    code, expected = expectation(name)
    assert main([command, "doc", "--root", str(root)]) == code
    out = capsys.readouterr()
    printed = out.err + out.out
    for line in expected:
        assert f"content/doc/{line}" in printed
    assert "Traceback" not in printed
    assert not (tmp_path / "MARKER").exists()
    built = list((tmp_path / "output").glob("*/*")) if (tmp_path / "output").exists() else []
    assert bool(built) == (command == "build" and code == 0)
