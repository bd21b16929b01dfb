"""Messages for city officials, worded in messages.yaml (Japanese).

A `Problem` is one finding with its place; `ContentError` carries all the
problems of a document so that they are reported together and the build stops
once (as MkDocs does).
"""

from __future__ import annotations

import marshal
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from planpress import cache as store
from planpress.diagnostics.place import Place

CATALOG = "messages"  # the cache's kind for the parsed catalogue


@cache
def _catalog() -> dict:
    data = resources.files(__package__).joinpath("messages.yaml").read_bytes()
    # Every command says something: reading the catalogue's YAML (15 ms) is
    # done once per version of the file, kept by its bytes in the per-user cache.
    key = store.key(CATALOG, data)
    payload = store.load(CATALOG, key)
    if payload is not None:
        try:
            label, catalog = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            label = catalog = None
        if label == key and isinstance(catalog, dict):
            return catalog
    import yaml  # only then: a command imports it after planpress.compiled is in place

    # libyaml when present: the pure-Python loader takes longer than a check.
    catalog = yaml.load(data.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    try:
        store.save(CATALOG, key, marshal.dumps((key, catalog)))
    except ValueError:  # a value marshal cannot hold: read from the YAML each time
        pass
    return catalog


def say(message_id: str, **values: object) -> str:
    """The message `message_id` ("a.b" for b under a), its placeholders filled in."""
    entry = _catalog()
    for part in message_id.split("."):
        entry = entry[part]
    return str(entry).format(**values)


def say_all(message_id: str) -> list:
    """A catalogue entry that is a list or table (as written, nothing filled in)."""
    entry = _catalog()
    for part in message_id.split("."):
        entry = entry[part]
    return entry


def listing(items) -> str:
    """Several things named in one message (A、B、C), or the catalogue's word for none."""
    names = [str(item) for item in items]
    return _catalog()["list_separator"].join(names) if names else _catalog()["list_empty"]


# Characters a message may echo from a file that would break its line, hide,
# or turn the text around on a terminal: shown by their code instead.
UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def visible(text: str) -> str:
    """`text` with every unseen character written as (U+XXXX): one line, as read."""
    return UNSEEN.sub(lambda m: f"(U+{ord(m.group()):04X})", text)


@dataclass(slots=True, frozen=True)
class Problem:
    """One finding about content: where, how bad, and what to do."""

    place: Place
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        label = _catalog()["severity"][self.severity]
        if not self.place.file:
            return visible(f"{label}: {self.message}")
        where = self.place.file if self.place.line == 0 else str(self.place)
        return visible(f"{where}: {label}: {self.message}")


class UsageError(Exception):
    """The command was called wrongly (exit code 2); the message is for the user."""


class ContentError(Exception):
    """The content cannot be built; `problems` says everything that is wrong."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems
