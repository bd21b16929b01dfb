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


def _policy_system(paths: dict[int, ValuePath], base: ValuePath, section) -> None:
    for side in ("current", "revised"):
        for group in getattr(section, side).groups:
            group_path = base.child("groups", f"#{group.id}")
            paths[id(group)] = group_path.on(side)
            for policy in group.policies:
                policy_path = group_path.child("policies", f"#{policy.id}")
                paths[id(policy)] = policy_path.on(side)
                for measure in policy.measures:
                    measure_path = policy_path.child("measures", f"#{measure.id}")
                    paths[id(measure)] = measure_path.on(side)
    for key, notes in section.notes.items():
        group_id, _, policy_id = key.partition("/")
        policy_path = base.child("groups", f"#{group_id}", "policies", f"#{policy_id}")
        for index, note in enumerate(notes):
            paths[id(note)] = policy_path.child("notes", index)


def anchor_function(plan: m.Plan):
    """The templates' `at(node, *keys)`: the path of a value as a string."""
    paths = value_paths(plan)

    def at(node: object, *keys: str | int) -> str:
        path = paths.get(id(node))
        return "" if path is None else str(path.child(*keys))

    return at
