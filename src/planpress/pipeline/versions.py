"""Reading a version of a document: a file, or `git:REV:path` from a repository."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from planpress.content.yaml_source import read_text
from planpress.diagnostics.messages import ContentError, Problem, UsageError, say
from planpress.diagnostics.place import Place


@dataclass(slots=True, frozen=True)
class Version:
    text: str
    label: str  # how messages name it: the path, or git:REV:path
    name: str  # the document's name (its folder)


def read_version(spec: str, cwd: Path) -> Version:
    """The YAML text named by `spec`: a file path, or git:REV:path (path as
    git names it in REV, relative to the repository's top folder, or ./path
    relative to `cwd`)."""
    if spec.startswith("git:"):
        rev, sep, path = spec[4:].partition(":")
        if not (rev and sep and path):
            raise UsageError(say("bad_version", spec=spec))
        result = subprocess.run(
            ["git", "show", f"{rev}:{path}"], cwd=cwd, capture_output=True, check=False
        )
        if result.returncode != 0:
            detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UsageError(say("git_failed", spec=spec, detail=detail[-1] if detail else ""))
        try:
            text = result.stdout.decode("utf-8")
        except UnicodeDecodeError:
            raise ContentError(
                [Problem(Place(spec, 1, 1), say("yaml_not_utf8", encoding=say("encoding_unknown")))]
            ) from None
        return Version(text, spec, document_name(Path(path)))
    path = Path(spec)
    if path.is_dir():
        path = path / "document.yaml"
    if not path.is_file():
        raise UsageError(say("file_missing", path=spec))
    return Version(read_text(path, str(path)), str(path), document_name(path.resolve()))


def document_name(path: Path) -> str:
    """content/<doc>/document.yaml is <doc>; any other file is its stem."""
    return path.parent.name if path.name == "document.yaml" and path.parent.name else path.stem
