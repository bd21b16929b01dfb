"""The revision step's warnings, worded in planpress/messages.yaml.

This wording is for messages to the secretariat, not for the handout: the
handout's note column is worded by the templates.
"""

from __future__ import annotations

from collections.abc import Sequence

from planpress.diagnostics.messages import listing, say
from planpress.revision.records import Change


def describe(change: Change) -> str:
    """A derived fact in a few words, e.g. 施策3を追加."""
    return say(f"fact_{change.kind.value}", number=change.number, tag=change.tag)


def message(
    problem: str, *, note: str, policy: str = "", key: str = "", actual: Sequence[Change] = ()
) -> str:
    """The text of a warning: what is wrong and what to do."""
    return say(
        f"note_{problem}",
        note=note,
        policy=policy,
        key=key,
        actual=listing(describe(c) for c in actual),
    )
