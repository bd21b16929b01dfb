"""Plain-Japanese wording of the revision step's warnings, kept in one place.

This wording is for messages to the secretariat, not for the handout: the
handout's note column is worded by the templates.
"""

from __future__ import annotations

from collections.abc import Sequence

from .records import Change, ChangeKind

_FACTS: dict[ChangeKind, str] = {
    ChangeKind.UNCHANGED: "構成変更なし",
    ChangeKind.POLICY_ADDED: "施策方針を追加",
    ChangeKind.POLICY_REMOVED: "施策方針を削除",
    ChangeKind.POLICY_RETITLED: "施策方針のタイトルを変更",
    ChangeKind.POLICY_MOVED: "施策方針の順序を変更",
    ChangeKind.TAG_ADDED: "「{tag}」を追加",
    ChangeKind.TAG_REMOVED: "「{tag}」を削除",
    ChangeKind.MEASURE_ADDED: "施策{number}を追加",
    ChangeKind.MEASURE_REMOVED: "施策{number}を削除",
    ChangeKind.MEASURE_RETITLED: "施策{number}のタイトルを変更",
    ChangeKind.MEASURES_REORDERED: "施策の順序を変更",
}

_MESSAGES: dict[str, str] = {
    "contradiction": (
        "施策方針「{policy}」の注記「{note}」は内容と合いません（{actual}）。"
        "注記を直すか削除してください。"
    ),
    "unknown_policy": (
        "注記「{note}」の対象「{key}」に当たる施策方針がありません。"
        "キー（グループID/施策方針ID）を直すか、注記を削除してください。"
    ),
}


def describe(change: Change) -> str:
    """A derived fact in a few words, e.g. 施策3を追加."""
    return _FACTS[change.kind].format(number=change.number, tag=change.tag)


def message(
    problem: str, *, note: str, policy: str = "", key: str = "", actual: Sequence[Change] = ()
) -> str:
    """The text of a warning: what is wrong and what to do."""
    return _MESSAGES[problem].format(
        note=note, policy=policy, key=key, actual="、".join(describe(c) for c in actual)
    )
