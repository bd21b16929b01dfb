"""The revision step's warnings, worded in planpress/messages.yaml.

The facts a warning names are worded by the phrase catalogue
(templates/phrases.yaml), as the handout's note column words them.
"""

from __future__ import annotations

from collections.abc import Sequence

from planpress.diagnostics.messages import listing, say


def message(
    problem: str, *, note: str, policy: str = "", key: str = "", actual: Sequence[str] = ()
) -> str:
    """The text of a warning: what is wrong and what to do; `actual`: the
    facts as the column words them."""
    return say(f"note_{problem}", note=note, policy=policy, key=key, actual=listing(actual))
