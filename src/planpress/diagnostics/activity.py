"""What planpress was doing when something unforeseen went wrong.

`with doing(say(...)):` around a step marks any exception that leaves it
with the step (the innermost one wins); the command's error boundary names it
in the 「内部エラー」 message.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

MARK = "_planpress_doing"


@contextmanager
def doing(what: str) -> Iterator[None]:
    try:
        yield
    except BaseException as error:
        if not hasattr(error, MARK):
            try:
                setattr(error, MARK, what)
            except AttributeError:  # an exception type without attributes
                pass
        raise


def what_was_done(error: BaseException, default: str = "") -> str:
    return getattr(error, MARK, default)
