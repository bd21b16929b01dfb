"""Value paths: where a value stands in document.yaml, as a short string.

A path names the value by keys, list indices and ids, so that it survives
lines moving: `sections/#vision/items/0/new`, `document/title`,
`sections/#policies/groups/#industry/policies/#location/measures/#hub/title`.
`#id` picks the item of a list whose `id:` is `id`; a number picks by
position. A side — `@current` or `@revised` — says in which column of a
新旧対照表 the value was shown. The render step writes these paths into the
documents it makes (as anchors); `planpress absorb` reads them back.
"""

from __future__ import annotations

from dataclasses import dataclass

SIDES = ("current", "revised")


@dataclass(slots=True, frozen=True)
class ValuePath:
    """A value's path: its steps (keys, indices as int, ids as '#id') and side."""

    steps: tuple[str | int, ...]
    side: str = ""

    def __str__(self) -> str:
        text = "/".join(str(step) for step in self.steps)
        return f"{text}@{self.side}" if self.side else text

    def child(self, *steps: str | int) -> ValuePath:
        return ValuePath(self.steps + steps, self.side)

    def on(self, side: str) -> ValuePath:
        return ValuePath(self.steps, side)

    @property
    def list_item(self) -> bool:
        """Whether the value is an item of a list (a paragraph, a note …)."""
        return bool(self.steps) and isinstance(self.steps[-1], int)


def parse_path(text: str) -> ValuePath | None:
    """The path written as `text`, or None when it is not one."""
    if not text:
        return None
    body, _, side = text.partition("@")
    if side and side not in SIDES:
        return None
    steps: list[str | int] = []
    for step in body.split("/"):
        if not step:
            return None
        steps.append(int(step) if step.isdigit() else step)
    return ValuePath(tuple(steps), side)
