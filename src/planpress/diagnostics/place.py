"""Where a value stands in its source: the position every message names.

A diagnostics type, not a plan type: the content model, the document tree and
the templates' markup all carry places, and none needs the others for it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class Place:
    """Where a value stands in its source file (1-based line and column)."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


NOWHERE = Place("<generated>", 0, 0)
