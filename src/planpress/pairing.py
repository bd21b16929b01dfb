"""Pairs the policies of the current and revised systems by id, for the table.

Interim: the revision step (diff engine) supersedes this with change records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Policy, PolicyRevision


@dataclass(slots=True)
class PolicyRow:
    current: Policy | None
    revised: Policy | None
    current_number: int
    revised_number: int
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class GroupRows:
    title: str
    rows: list[PolicyRow]


def policy_rows(section: PolicyRevision) -> list[GroupRows]:
    current_groups = {g.id: g for g in section.current.groups}
    out = []
    for group in section.revised.groups:
        old = current_groups.get(group.id)
        old_policies = {p.id: (i, p) for i, p in enumerate(old.policies, 1)} if old else {}
        rows = []
        for number, policy in enumerate(group.policies, 1):
            old_number, old_policy = old_policies.get(policy.id, (0, None))
            notes = [n.text for n in section.notes.get(f"{group.id}/{policy.id}", [])]
            rows.append(PolicyRow(old_policy, policy, old_number, number, notes))
        out.append(GroupRows(group.title, rows))
    return out
