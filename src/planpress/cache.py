"""The per-user cache of work that depends only on file contents.

What is kept here (parsed font data, compiled templates, a font's character
set) is derived from files alone, so it is keyed by those files' digests and
by the versions of the code that derives it — never by a path. Each entry
carries a digest of its own payload and is written through a temporary file
and a rename, so a half-written, corrupt or foreign entry reads as missing
and the work is simply done again: the cache can make a build faster, never
different. The folder is safe to delete at any time.

Where: `PLANPRESS_CACHE_DIR`, else the platform's per-user cache folder
(platformdirs). `PLANPRESS_NO_CACHE=1` turns the cache off (nothing is read
or written), as a build the slow way for comparison.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

MAGIC = b"planpress-cache 1\n"
_DIGEST_SIZE = 32
# (path, size, mtime) -> sha256 of the file: reading and hashing 15 MB of
# fonts on every watch rebuild would cost more than the rebuild.
_file_digests: dict[tuple[str, int, int], bytes] = {}
_CHUNKED = 1 << 20  # files this large are hashed in chunks


def enabled() -> bool:
    return os.environ.get("PLANPRESS_NO_CACHE", "") in ("", "0")


def folder() -> Path:
    """Where entries live (not created until one is written)."""
    configured = os.environ.get("PLANPRESS_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs  # only when the cache is used

    return Path(platformdirs.user_cache_dir("planpress", appauthor=False))


def file_digest(path: Path) -> bytes:
    """The sha256 of a file's bytes, remembered while its size and time stay the same."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    found = _file_digests.get(key)
    if found is None:
        if stat.st_size < _CHUNKED:
            found = hashlib.sha256(path.read_bytes()).digest()
        else:  # in chunks: no copy of a 5 MB font in memory just to hash it (half the time)
            with path.open("rb") as stream:
                found = hashlib.file_digest(stream, "sha256").digest()
        _file_digests[key] = found
    return found


def key(*parts: str | bytes) -> str:
    """An entry's name from everything its payload depends on (contents and
    the versions of the code that made it; Python's own version is added)."""
    hasher = hashlib.sha256(sys.version.encode())
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode()
        hasher.update(len(data).to_bytes(8, "big") + data)
    return hasher.hexdigest()


def _entry(kind: str, name: str) -> Path:
    return folder() / kind / f"{name}.bin"


def load(kind: str, name: str) -> bytes | None:
    """The payload stored under `name`, or None when missing, unreadable or damaged."""
    if not enabled():
        return None
    try:
        data = _entry(kind, name).read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + _DIGEST_SIZE
    payload = data[head:]
    if data[: len(MAGIC)] != MAGIC or hashlib.sha256(payload).digest() != data[len(MAGIC) : head]:
        return None
    return payload


def save(kind: str, name: str, payload: bytes) -> None:
    """Store `payload` under `name`; a cache that cannot be written is no error."""
    if not enabled():
        return
    path = _entry(kind, name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass
