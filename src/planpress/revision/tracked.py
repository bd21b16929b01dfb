"""A text diff as one sequence of kept, deleted and inserted words.

The 新旧対照表 shows a diff as two sides; the review edition shows it as
tracked changes in one text: what goes (del) followed by what comes (ins),
in reading order. Built from `diff_text`'s two span lists, whose unchanged
spans are the same words in the same order.
"""

from __future__ import annotations

from planpress.revision.textdiff import TextDiff, shared_ends


def tracked_spans(diff: TextDiff) -> list[tuple[str, str]]:
    """`(kind, text)` pairs, kind "same", "del" or "ins", that read as the old
    text with dels kept and ins dropped, and as the new text the other way."""
    old, new = list(diff.old), list(diff.new)
    out: list[tuple[str, str]] = []
    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and old[i].changed:
            out.append(("del", old[i].text))
            i += 1
        elif j < len(new) and new[j].changed:
            out.append(("ins", new[j].text))
            j += 1
        elif i < len(old) and j < len(new) and old[i].text == new[j].text:
            out.append(("same", old[i].text))
            i, j = i + 1, j + 1
        else:  # unchanged runs that differ (edge spaces left unmarked)
            a = old[i].text if i < len(old) else ""
            b = new[j].text if j < len(new) else ""
            out += _replace(a, b)
            i, j = i + (i < len(old)), j + (j < len(new))
    return [(kind, text) for kind, text in out if text]


def _replace(a: str, b: str) -> list[tuple[str, str]]:
    """`a` → `b` keeping what they share at either end."""
    head, tail = shared_ends(a, b)
    return [
        ("same", a[:head]),
        ("del", a[head : len(a) - tail]),
        ("ins", b[head : len(b) - tail]),
        ("same", a[len(a) - tail :]),
    ]
