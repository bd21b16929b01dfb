"""The document tree of content already rendered, from the per-user cache.

Rendering a document means importing Jinja and the templates' helpers and
running the templates: a fifth of a cold build of a short document, though
the tree depends only on what goes in. So the tree is kept under the digest
of everything it is made from — the plan and its revision tables as pickled
(the model in full: content, places, versions read from git), the edition,
the printed pages, the template folders' files, planpress's own code and
Jinja's — and read back instead when all of them are the same. A stored
tree names the entry it belongs to; one that is damaged, foreign or does not
unpickle into a document is ignored and the tree rendered again, so the
cache can make a build faster, never different.

Large plans are not kept: pickling them would cost memory at the size
(N=1000) where rendering is the small part of a build.
"""

from __future__ import annotations

import hashlib
import importlib.util
import pickle
from pathlib import Path

from planpress import cache, ir
from planpress.pipeline.fingerprint import rendering_digest

KIND = "tree"
LIMIT = 1 << 20  # pickled plan bytes beyond which the tree is not kept


class _TooLarge(Exception):
    """The pickle passed LIMIT: not kept, so not pickled further."""


class _Digesting:
    """A file that hashes and counts what is written to it (pickling into it
    costs no copy of the pickle), and stops the pickling past LIMIT (a
    large plan would otherwise be pickled whole, its memo holding an entry
    per object, only to be found too large)."""

    def __init__(self) -> None:
        self.hasher = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.hasher.update(data)
        self.size += len(data)
        if self.size > LIMIT:
            raise _TooLarge
        return len(data)


_in_use = True


def use_trees(on: bool) -> None:
    """Whether builds look for and keep trees. A watching process does not: each
    save brings content never rendered before, built at once; keeping its tree
    would cost a pickle and a file per save for nothing."""
    global _in_use
    _in_use = on


def tree_key(inputs: tuple, template_dirs: list[Path]) -> str | None:
    """The entry of the tree made from `inputs` (plan, tables, edition, pages)
    and the templates in `template_dirs`, or None when it is not to be kept."""
    if not _in_use or not cache.enabled():
        return None
    sink = _Digesting()
    try:
        pickle.Pickler(sink, protocol=pickle.HIGHEST_PROTOCOL).dump(inputs)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError, _TooLarge):
        return None
    jinja = importlib.util.find_spec("jinja2")  # found, not imported
    if jinja is None or jinja.origin is None:
        return None
    return cache.key(
        KIND,
        sink.hasher.digest(),
        rendering_digest(template_dirs),
        cache.file_digest(Path(jinja.origin)),  # holds Jinja's version
    )


def load_tree(entry: str) -> ir.Document | None:
    payload = cache.load(KIND, entry)
    label = entry.encode()
    if payload is None or not payload.startswith(label):
        return None
    try:
        tree = pickle.loads(payload[len(label) :])
    except Exception:  # noqa: BLE001 — any failure to unpickle is a missing entry
        return None
    return tree if isinstance(tree, ir.Document) else None


def save_tree(entry: str, tree: ir.Document) -> None:
    try:
        data = pickle.dumps(tree, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    cache.save(KIND, entry, entry.encode() + data)
