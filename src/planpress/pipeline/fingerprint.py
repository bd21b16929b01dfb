"""What a build's output depends on, as one digest per output format.

A build whose digest matches the one recorded beside the output rewrites
nothing. The inputs: the document's YAML and its own templates, the project's
templates and style sheet, the fonts, planpress itself (its code, with only
the writer of the format in question) and the build options.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from planpress import __version__
from planpress.cache import file_digest
from planpress.diagnostics.messages import ContentError, Problem, say
from planpress.diagnostics.place import Place

PACKAGE = Path(__file__).resolve().parents[1]
WRITERS = PACKAGE / "writers"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


def _tree(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    files = []
    # os.walk, not rglob: bytecode folders are left unvisited (a third of the time).
    for top, folders, names in os.walk(folder):
        folders[:] = [f for f in folders if f != "__pycache__"]
        files += [Path(top, name) for name in names]
    return sorted(p for p in files if p.is_file() and "__pycache__" not in p.parts)


def _contained(folder: Path) -> list[Path]:
    """The files of a project folder (templates, fonts); a file that is a link
    leading out of the folder is refused before anything reads it."""
    files = _tree(folder)
    inside = folder.resolve()
    for path in files:
        if not path.resolve().is_relative_to(inside):
            raise ContentError(
                [Problem(Place(str(path), 0, 0), say("path_outside", folder=folder))]
            )
    return files


@cache  # listed once per process: a watch rebuild need not walk the package again
def _code(fmt: str) -> tuple[Path, ...]:
    """planpress's own files that shape an output of format `fmt`."""
    files = [p for p in _tree(PACKAGE) if WRITERS not in p.parents]
    files += _tree(WRITERS / fmt)
    files += [p for p in _tree(WRITERS) if p.parent == WRITERS]
    return tuple(p for p in files if p.suffix in (".py", ".yaml"))


def digest(
    groups: list[tuple[str, Path, list[Path]]], options: dict[str, str], code: str = "pdf"
) -> str:
    """One digest of groups of files (name, root, files), of the options and
    of planpress's code that shapes format `code`.

    Paths enter relative to their group's root, so moving the project folder
    does not count as a change.
    """
    hasher = hashlib.sha256(f"planpress {__version__}\n".encode())
    for key, value in sorted(options.items()):
        hasher.update(f"option {key}={value}\n".encode())
    for name, root, files in groups:
        _add_files(hasher, name, root, files)
    hasher.update(_code_digest(code))
    return hasher.hexdigest()


def _add_files(hasher, name: str, root: Path, files: list[Path]) -> None:
    for path in files:
        hasher.update(f"{name} {path.relative_to(root).as_posix()}\n".encode())
        hasher.update(file_digest(path))


@cache
def _code_digest(fmt: str) -> bytes:
    """The digest of planpress's own files for format `fmt`, once per process:
    the code that builds is the code this process loaded, whatever is saved
    over it later (`planpress watch` need not hash the package every build)."""
    hasher = hashlib.sha256()
    _add_files(hasher, "code", PACKAGE, list(_code(fmt)))
    return hasher.digest()


def build_digests(
    document: Path,
    template_dirs: list[Path],
    fonts: Path,
    formats: tuple[str, ...],
    options: dict[str, str],
) -> dict[str, str]:
    """The digest of everything an output of each of `formats` is built from
    (the folders are listed once for all of them)."""
    # Figures sit next to the YAML (content/<doc>/chart.png): a changed image rebuilds.
    images = [p for p in _contained(document.parent) if p.suffix.lower() in IMAGE_SUFFIXES]
    groups = [("document", document.parent, [document, *images])]
    groups += [(f"templates{i}", d, _contained(d)) for i, d in enumerate(template_dirs)]
    groups.append(("fonts", fonts, _contained(fonts)))
    return {fmt: digest(groups, options, fmt) for fmt in formats}


def source_stamp(data: bytes) -> str:
    """The build stamp of a document.yaml, written into the DOCX so that
    `planpress absorb` can tell whether the YAML changed since: the digest of
    its text as read (a BOM and Windows line ends are not a change)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return hashlib.sha256(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")).hexdigest()


def rendering_digest(template_dirs: list[Path]) -> str:
    """The digest of what turns a plan into its document tree besides the plan:
    the template folders' files and planpress's code."""
    groups = [(f"templates{i}", d, _contained(d)) for i, d in enumerate(template_dirs)]
    return digest(groups, {}, "pdf")
