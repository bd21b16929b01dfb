"""Work one PDF build hands to the next build in the same process.

`planpress watch` rebuilds a document after every save, and a save changes
a word or two: most paragraphs are analysed for breaking exactly as before,
and most of the file's streams (font subsets, pages before the edit) are the
same bytes, compressed the same way. Both are pure functions of their input,
so their results are kept, keyed by that input, while `keep_between_builds`
is on — only in a process that rebuilds. A one-off build keeps nothing: a
large plan's paragraphs would only cost memory.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable

from planpress.typeset import ForcedBreak, Line, Prepared, Run, compose_prepared, prepare

# Bounds: a handout has a few hundred paragraphs and streams; a rebuild
# needs the ones of the last build, so keeping about that many pays.
PARAGRAPHS_KEPT = 5000
SETTINGS_KEPT = 20000  # a paragraph is set at a few widths (a table measures its cells)
STREAM_BYTES_KEPT = 32 * 2**20

_keeping = False


def keep_between_builds(on: bool = True) -> None:
    """Keep paragraphs' analyses and compressed streams for the next build."""
    global _keeping
    _keeping = on
    if not on:
        _PREPARED.clear()
        _COMPOSED.clear()
        _COMPRESSED.clear()


class _Recent:
    """The most recently used results of a function, up to a total weight."""

    def __init__(self, limit: int, weight: Callable[[object], int]) -> None:
        self.limit, self.weight = limit, weight
        self.items: OrderedDict = OrderedDict()
        self.total = 0

    def get(self, key: Hashable, make: Callable[[], object]):
        value = self.items.get(key)
        if value is not None:
            self.items.move_to_end(key)
            return value
        value = self.items[key] = make()
        self.total += self.weight(key)
        while self.total > self.limit:
            old, _ = self.items.popitem(last=False)
            self.total -= self.weight(old)
        return value

    def clear(self) -> None:
        self.items.clear()
        self.total = 0


_PREPARED = _Recent(PARAGRAPHS_KEPT, lambda key: 1)
_COMPOSED = _Recent(SETTINGS_KEPT, lambda key: 1)
_COMPRESSED = _Recent(STREAM_BYTES_KEPT, len)


def prepared(runs: list[Run | ForcedBreak], phrase_breaks: bool) -> Prepared:
    """`prepare(runs)`, the same analysis again for the same runs (a run names
    its font by the font file's contents, so a changed font is a new key)."""
    if not _keeping:
        return prepare(runs, phrase_breaks=phrase_breaks)
    key = (tuple(runs), phrase_breaks)
    return _PREPARED.get(key, lambda: prepare(runs, phrase_breaks=phrase_breaks))


def composed(para: Prepared, width: float, **setting) -> list[Line]:
    """`compose_prepared(para, width, **setting)`, the same lines again for the
    same analysis (the very object: kept ones are) at the same width and setting."""
    if not _keeping:
        return compose_prepared(para, width, **setting)
    key = (id(para), width, *sorted(setting.items()))
    kept_para, lines = _COMPOSED.get(key, lambda: (para, compose_prepared(para, width, **setting)))
    if kept_para is not para:  # another analysis at the address of one gone
        lines = compose_prepared(para, width, **setting)
        _COMPOSED.items[key] = (para, lines)
    return list(lines)


def compressed(data: bytes) -> bytes:
    """`zlib.compress(data)` (level 6, as ReportLab does), the same bytes
    again for the same data."""
    if not _keeping:
        return zlib.compress(data)
    return _COMPRESSED.get(data, lambda: zlib.compress(data))
