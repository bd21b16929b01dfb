"""Dispatch by node kind: a writer has one `visit_<kind>` method per node.

A writer without a handler for a kind fails loudly; a test checks that every
writer handles every kind in `ir.NODE_KINDS`.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


@functools.cache  # a long document visits a few kinds hundreds of thousands of times
def handler_name(kind: type) -> str:
    """`visit_line_break` for LineBreak."""
    return "visit_" + _CAMEL.sub("_", kind.__name__).lower()


class Visitor:
    """Calls the handler for a node's kind."""

    def visit(self, node: Any, *args: Any) -> Any:
        handler = getattr(self, handler_name(type(node)), None)
        if handler is None:
            raise NotImplementedError(f"{type(self).__name__} has no {handler_name(type(node))}")
        return handler(node, *args)


def handles_every_kind(writer: type, kinds: tuple[type, ...]) -> list[str]:
    """The handlers a writer class lacks (empty when it handles every kind)."""
    return [handler_name(k) for k in kinds if not callable(getattr(writer, handler_name(k), None))]
