"""Anchors: each value a template shows is named by its path in the content.

Templates write `<v at="{{ at(section, 'title') }}">{{ section.title }}</v>`;
`at(node, key…, side=…)` is the value path (content/value_paths.py) of
`node`'s `key`. The DOCX keeps these names as bookmarks, so that `planpress
absorb` can carry what someone changed in Word back into document.yaml.
A node the plan does not hold (a derived fact) has no path: `at` gives "".
"""

from __future__ import annotations

from planpress.content import model as m
from planpress.content.value_paths import ValuePath


def value_paths(plan: m.Plan) -> dict[int, ValuePath]:
    """The path of every node of `plan` that holds values, by `id(node)`."""
    paths: dict[int, ValuePath] = {id(plan.meta): ValuePath(("document",))}
    if plan.meta.meeting is not None:
        paths[id(plan.meta.meeting)] = ValuePath(("document", "meeting"))
    for section in plan.sections:
        base = ValuePath(("sections", f"#{section.id}"))
        paths[id(section)] = base
        if isinstance(section, m.Comparison):
            for index, item in enumerate(section.items):
                paths[id(item)] = base.child("items", index)
        elif isinstance(section, m.PolicyRevision):
            _policy_system(paths, base, section)
    return paths


# What a `policy_revision` section's own groups call each level's children.
_CHILDREN = ("groups", "policies", "measures")


def _policy_system(paths: dict[int, ValuePath], base: ValuePath, section) -> None:
    """The items of a section's own groups (a tree read from a book's
    policies block is not the section's: its values have no path here)."""
    if section.of or section.policies is None:
        return

    def visit(items, parent: ValuePath) -> None:
        for item in items:
            path = parent.child(_CHILDREN[item.level], f"#{item.key}")
            paths[id(item)] = path
            for index, note in enumerate(item.notes):
                paths[id(note)] = path.child("notes", index)
            visit(item.children, path)

    visit(section.policies.items, base)


def anchor_function(plan: m.Plan):
    """The templates' `at(node, *keys)`: the path of a value as a string."""
    paths = value_paths(plan)

    def at(node: object, *keys: str | int, side: str = "") -> str:
        """`side`: the column (current / revised) a versioned value is shown in."""
        path = paths.get(id(node))
        if path is None:
            return ""
        path = path.child(*keys)
        return str(path.on(side) if side else path)

    return at
