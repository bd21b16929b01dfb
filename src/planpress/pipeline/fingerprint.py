"""What a build's output depends on, as one digest per output format.

A build whose digest matches the one recorded beside the output rewrites
nothing. The inputs: the document's YAML and its own templates, the project's
templates and style sheet, the fonts, planpress itself (its code, with only
the writer of the format in question) and the build options.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from planpress import __version__

PACKAGE = Path(__file__).resolve().parents[1]
WRITERS = PACKAGE / "writers"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
_file_digests: dict[tuple[str, int, int], bytes] = {}  # (path, size, mtime) -> digest


def _file_digest(path: Path) -> bytes:
    """A file's digest, remembered while its size and time stay the same."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _file_digests:
        _file_digests[key] = hashlib.sha256(path.read_bytes()).digest()
    return _file_digests[key]


def _tree(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _code(fmt: str) -> list[Path]:
    """planpress's own files that shape an output of format `fmt`."""
    files = [p for p in _tree(PACKAGE) if WRITERS not in p.parents]
    files += _tree(WRITERS / fmt)
    files += [p for p in _tree(WRITERS) if p.parent == WRITERS]
    return [p for p in files if p.suffix in (".py", ".yaml")]


def digest(groups: list[tuple[str, Path, list[Path]]], options: dict[str, str]) -> str:
    """One digest of groups of files (name, root, files) and of the options.

    Paths enter relative to their group's root, so moving the project folder
    does not count as a change.
    """
    hasher = hashlib.sha256(f"planpress {__version__}\n".encode())
    for key, value in sorted(options.items()):
        hasher.update(f"option {key}={value}\n".encode())
    for name, root, files in groups:
        for path in files:
            hasher.update(f"{name} {path.relative_to(root).as_posix()}\n".encode())
            hasher.update(_file_digest(path))
    return hasher.hexdigest()


def build_digest(
    document: Path, template_dirs: list[Path], fonts: Path, fmt: str, options: dict[str, str]
) -> str:
    """The digest of everything an output of format `fmt` is built from."""
    # Figures sit next to the YAML (content/<doc>/chart.png): a changed image rebuilds.
    images = [p for p in _tree(document.parent) if p.suffix.lower() in IMAGE_SUFFIXES]
    groups = [("document", document.parent, [document, *images])]
    groups += [(f"templates{i}", d, _tree(d)) for i, d in enumerate(template_dirs)]
    groups += [("fonts", fonts, _tree(fonts)), ("code", PACKAGE, _code(fmt))]
    return digest(groups, options)
