"""Writing outputs: atomically, with a stamp beside each saying which inputs it
was built from (so a build of unchanged inputs rewrites nothing)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def _stamp(target: Path) -> Path:
    return target.with_name(f".{target.name}.inputs")


def up_to_date(target: Path, inputs_digest: str) -> bool:
    """Whether `target` is the output of a build from these same inputs."""
    stamp = _stamp(target)
    if not (target.is_file() and stamp.is_file()):
        return False
    recorded = stamp.read_text(encoding="ascii", errors="replace").split()
    output_digest = hashlib.sha256(target.read_bytes()).hexdigest()
    return recorded == [inputs_digest, output_digest]


def record_inputs(target: Path, inputs_digest: str, data: bytes) -> None:
    """Note beside `target` which inputs it was built from."""
    line = f"{inputs_digest} {hashlib.sha256(data).hexdigest()}\n"
    write_atomically(_stamp(target), line.encode("ascii"))


def write_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
