"""Tools of the fault-injection suite: throwaway projects with their own copy
of the templates and fonts, an audit of every file the code opens, and
faults on the output side (a patched write, rename or temporary file).

The project under test lives in `<tmp>/project`; beside it `<tmp>/outside`
holds a secret file that no command may ever open (symlinks and `../` paths
in the attacks point at it).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from planpress import cache

from ..conftest import ROOT
from .projects import BASE

SECRET = "外部の秘密 SECRET-4711"
TEMPORARY = ".planpress-"


# --- the audit: which files the code under test opens, writes, renames ---------

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


@dataclass
class Audit:
    active: bool = False
    reads: list[str] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)

    def __call__(self, event: str, args: tuple) -> None:
        if not self.active:
            return
        if event == "open":
            path, mode, flags = args
            if not isinstance(path, (str, bytes, os.PathLike)):
                return  # a file descriptor
            path = os.fsdecode(path)
            writing = (mode and any(c in str(mode) for c in "wax+")) or (
                isinstance(flags, int) and flags & WRITE_FLAGS
            )
            (self.writes if writing else self.reads).append(path)
        elif event in ("os.rename", "os.remove", "os.mkdir", "os.rmdir", "os.chmod"):
            for path in args[:2] if event == "os.rename" else args[:1]:
                if isinstance(path, (str, bytes, os.PathLike)):
                    self.writes.append(os.fsdecode(path))


AUDIT = Audit()
sys.addaudithook(AUDIT)  # hooks cannot be removed: it records only while active


@contextlib.contextmanager
def audited():
    AUDIT.reads.clear()
    AUDIT.writes.clear()
    AUDIT.active = True
    try:
        yield AUDIT
    finally:
        AUDIT.active = False


def _absolute(path: str) -> Path:
    return Path(os.path.abspath(path))


def check_confined(audit: Audit, project: Path, outside: Path) -> None:
    """Nothing under `outside` was opened; nothing was written outside the
    project (Python's own bytecode caches and planpress's per-user cache
    folder aside: docs/limits.md)."""
    outside = outside.resolve()
    for path in audit.reads + audit.writes:
        resolved = _absolute(path).resolve()
        assert not resolved.is_relative_to(outside), f"read outside the project: {path}"
    root = project.resolve()
    cache_folder = cache.folder().resolve()
    for path in audit.writes:
        resolved = _absolute(path).resolve()
        if "__pycache__" in resolved.parts or resolved.is_relative_to(cache_folder):
            continue
        assert resolved.is_relative_to(root), f"written outside the project: {path}"


# --- projects -------------------------------------------------------------------


def base_project(folder: Path) -> Path:
    """A project with real copies of templates/ and fonts/ (so links inside
    them are this project's own) and one document `doc`."""
    root = folder / "project"
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "fonts", root / "fonts")
    (root / "content" / "doc").mkdir(parents=True)
    (root / "content" / "doc" / "document.yaml").write_bytes(BASE.read_bytes())
    (root / "versions").mkdir()
    (root / "versions" / "old.yaml").write_bytes(BASE.read_bytes())
    outside = folder / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "secret.xml.j2").write_text(SECRET, encoding="utf-8")
    (outside / "secret.ttf").write_bytes(b"\x00\x01\x00\x00" + SECRET.encode())
    return root


def clone(source: Path, dest: Path) -> Path:
    """A copy of a base project's folder (fonts hard-linked: cases replace a
    file, never write into one)."""

    def copy(src, dst):
        if "fonts" in Path(src).parts:
            os.link(src, dst)
        else:
            shutil.copy2(src, dst)

    shutil.copytree(source, dest, symlinks=True, copy_function=copy)
    return dest


def replace(path: Path, data: bytes | str) -> None:
    """A new file in the place of `path` (a hard link's other names keep theirs)."""
    path.unlink(missing_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path, with its bytes."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.startswith(TEMPORARY)] if folder.exists() else []


# --- output faults ------------------------------------------------------------------


def _raise(code: int, path) -> OSError:
    return OSError(code, os.strerror(code), str(path))


@contextlib.contextmanager
def patched_write(fails_on: str, code: int = errno.ENOSPC, after: int = 4096):
    """Writing a temporary file for a target named `*fails_on` fails after
    `after` bytes with `code` (a full disk: ENOSPC)."""
    real = os.fdopen

    class Failing:
        def __init__(self, stream):
            self.stream = stream
            self.written = 0

        def write(self, data):
            if self.written + len(data) > after:
                raise _raise(code, self.stream.name)
            self.written += len(data)
            return self.stream.write(data)

        def __getattr__(self, name):
            return getattr(self.stream, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

    def fdopen(fd, *args, **kwargs):
        stream = real(fd, *args, **kwargs)
        name = os.readlink(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else ""
        if fails_on in name or not name:
            return Failing(stream)
        return stream

    os.fdopen = fdopen
    try:
        yield
    finally:
        os.fdopen = real


@contextlib.contextmanager
def patched_rename(fails_on: str, code: int = errno.EACCES):
    """Renaming a new file onto a path ending in `fails_on` fails (a file
    Word holds open on Windows: EACCES), after the renames before it — the
    other outputs put in place, this one's old file set aside — succeeded."""
    real = os.replace

    def rename(src, dst, *args, **kwargs):
        new = Path(src).name.startswith(TEMPORARY) and not Path(src).name.startswith(
            f"{TEMPORARY}old-"
        )
        if new and str(dst).endswith(fails_on):
            raise _raise(code, dst)
        return real(src, dst, *args, **kwargs)

    os.replace = rename
    try:
        yield
    finally:
        os.replace = real


@contextlib.contextmanager
def read_only_file_system():
    """No file can be created (EROFS): a read-only share or a locked-down folder."""
    real = tempfile.mkstemp

    def mkstemp(*args, dir=None, **kwargs):
        raise _raise(errno.EROFS, dir)

    tempfile.mkstemp = mkstemp
    try:
        yield
    finally:
        tempfile.mkstemp = real
