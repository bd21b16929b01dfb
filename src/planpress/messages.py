"""Messages for city officials, worded in messages.yaml (Japanese).

A `Problem` is one finding with its place; `ContentError` carries all the
problems of a document so that they are reported together and the build stops
once (as MkDocs does).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from .model import Place


@cache
def _catalog() -> dict:
    text = resources.files(__package__).joinpath("messages.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def say(message_id: str, **values: object) -> str:
    """The message `message_id`, its placeholders filled in."""
    return str(_catalog()[message_id]).format(**values)


@dataclass(slots=True, frozen=True)
class Problem:
    """One finding about content: where, how bad, and what to do."""

    place: Place
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        label = _catalog()["severity"][self.severity]
        if not self.place.file:
            return f"{label}: {self.message}"
        where = self.place.file if self.place.line == 0 else str(self.place)
        return f"{where}: {label}: {self.message}"


class UsageError(Exception):
    """The command was called wrongly (exit code 2); the message is for the user."""


class ContentError(Exception):
    """The content cannot be built; `problems` says everything that is wrong."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems
