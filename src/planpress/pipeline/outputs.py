"""Writing outputs: all of a build's files change together or not at all,
with a stamp beside each saying which inputs it was built from (so a build of
unchanged inputs rewrites nothing).

`replace_together` writes every new file to a temporary file in its folder,
then renames each into place, keeping the old ones aside until all are in;
if anything fails on the way the old files are put back and the temporary
files removed. A file system error becomes a message naming the path.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
from pathlib import Path

from planpress.diagnostics.messages import ContentError, Problem, say
from planpress.diagnostics.place import Place

TEMPORARY = ".planpress-"  # the prefix of every temporary file (left by a kill: removed next time)


def _stamp(target: Path) -> Path:
    return target.with_name(f".{target.name}.inputs")


def up_to_date(target: Path, inputs_digest: str) -> bool:
    """Whether `target` is the output of a build from these same inputs."""
    stamp = _stamp(target)
    try:
        if not (target.is_file() and stamp.is_file()):
            return False
        recorded = stamp.read_text(encoding="utf-8", errors="replace").split("\n")[0].split()
        output_digest = hashlib.sha256(target.read_bytes()).hexdigest()
    except OSError:  # unreadable: build it again (writing will say what is wrong)
        return False
    return recorded == [inputs_digest, output_digest]


def stamped(
    target: Path, inputs_digest: str, data: bytes, report: dict | None = None
) -> list[tuple[Path, bytes]]:
    """`target` with `data`, and its stamp: which inputs it was built from and
    (`report`) what the build found (warnings, pages), so that a build that
    rewrites nothing can say it again."""
    text = f"{inputs_digest} {hashlib.sha256(data).hexdigest()}\n"
    if report is not None:
        text += json.dumps(report, ensure_ascii=False) + "\n"
    return [(target, data), (_stamp(target), text.encode("utf-8"))]


def read_report(target: Path) -> dict:
    """The report kept in `target`'s stamp ({} if none)."""
    try:
        lines = _stamp(target).read_text(encoding="utf-8").split("\n")
        return json.loads(lines[1]) if len(lines) > 1 and lines[1] else {}
    except (OSError, ValueError):
        return {}


def write_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file in the same folder."""
    replace_together([(path, data)])
    return path


def replace_together(files: list[tuple[Path, bytes]]) -> None:
    """Put every (path, data) in place, or, on any failure, none of them."""
    try:
        _replace_together(files)
    except OSError as error:  # one not said yet (a check of a path too long …)
        raise ContentError([os_problem(error, error.filename or files[0][0])]) from None


def _replace_together(files: list[tuple[Path, bytes]]) -> None:
    temporaries: list[tuple[Path, Path]] = []  # (temporary, target)
    kept: list[tuple[Path, Path]] = []  # (old file set aside, target)
    placed: list[Path] = []
    try:
        for folder in dict.fromkeys(path.parent for path, _ in files):
            _folder(folder)
            _clean(folder)
        for path, data in files:
            temporaries.append((_temporary(path, data), path))
        for temporary, path in temporaries:
            _check_target(path)
            if path.exists():
                aside = path.with_name(f"{TEMPORARY}old-{path.name}")
                _do(os.replace, path, path, aside)
                kept.append((aside, path))
            _do(os.replace, path, temporary, path)
            placed.append(path)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        for aside, path in kept:
            os.replace(aside, path)
        for temporary, _ in temporaries:
            temporary.unlink(missing_ok=True)
        raise
    for aside, _ in kept:
        aside.unlink(missing_ok=True)


def _temporary(path: Path, data: bytes) -> Path:
    prefix = f"{TEMPORARY}{path.name[:100]}-"  # which output it will be, for whoever looks
    handle, name = _do(tempfile.mkstemp, path, prefix=prefix, dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            _do(stream.write, path, data)
            _do(stream.flush, path)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _folder(folder: Path) -> None:
    if folder.is_dir():
        return
    if folder.exists() or folder.is_symlink():
        raise ContentError([Problem(Place(str(folder), 0, 0), say("output.folder_is_file"))])
    _do(folder.mkdir, folder, parents=True, exist_ok=True)


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise ContentError([Problem(Place(str(path), 0, 0), say("output.is_folder"))])


def _clean(folder: Path) -> None:
    """Remove temporary files a killed build left behind (an old output set
    aside whose new one never came is put back)."""
    for leftover in folder.glob(f"{TEMPORARY}*"):
        original = folder / leftover.name.removeprefix(f"{TEMPORARY}old-")
        try:
            if leftover.name.startswith(f"{TEMPORARY}old-") and not original.exists():
                os.replace(leftover, original)
            else:
                leftover.unlink()
        except OSError:
            pass


def _do(action, path: Path, *args, **kwargs):
    """`action(*args)`, its file system error said in Japanese with `path`."""
    try:
        return action(*args, **kwargs)
    except OSError as error:
        raise ContentError([os_problem(error, path)]) from None


# errno → messages.yaml's output.<id>: what went wrong and what to do.
REASONS = {
    errno.EACCES: "denied",
    errno.EPERM: "denied",
    errno.EROFS: "read_only",
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.ENAMETOOLONG: "name_too_long",
    errno.EISDIR: "is_folder",
    errno.ENOTDIR: "folder_is_file",
    errno.EEXIST: "folder_is_file",
    errno.ENOENT: "missing_folder",
}


def os_problem(error: OSError, path: Path | str) -> Problem:
    """A file system error as a message naming `path`."""
    reason = REASONS.get(error.errno)
    if reason is None:
        code = errno.errorcode.get(error.errno or 0, str(error.errno))
        return Problem(Place(str(path), 0, 0), say("output.other", code=code))
    return Problem(Place(str(path), 0, 0), say(f"output.{reason}"))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
