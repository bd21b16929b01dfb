"""`Reader`: walks the node tree of one content file, collecting every problem
with its place instead of stopping at the first (the section readers share it)."""

from __future__ import annotations

import difflib
import re
from datetime import date

import yaml

from planpress.content import model as m
from planpress.content.shapes import EDITIONS, SHAPES
from planpress.content.yaml_source import place_of, scalar_text
from planpress.diagnostics.messages import Problem, listing, say

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
Pair = tuple[yaml.Node, yaml.Node]
# The dates a plan can carry: 昭和 onwards, and within what a DOCX (a zip,
# dated 1980–2107) and a reader's calendar hold.
FIRST_DAY, LAST_DAY = date(1926, 12, 25), date(2099, 12, 31)  # a mapping's key node and value node


class Reader:
    """Walks the node tree of one file, collecting problems instead of raising."""

    def __init__(self, text: str, label: str):
        self.source = text
        self.label = label
        self.problems: list[Problem] = []
        self.book = None  # the BookReader of the plan book's chapters (load.read_plan)

    def place(self, node: yaml.Node) -> m.Place:
        return place_of(node, self.label)

    def error(self, node: yaml.Node, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.place(node), message, severity))

    def mapping(
        self, node: yaml.Node, what: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Pair] | None:
        """The keys of a mapping; unknown keys and missing required keys reported."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, say("expected_mapping", what=what))
            return None
        allowed = required + optional
        found: dict[str, Pair] = {}
        for key, value in node.value:
            name = str(key.value)
            if name in found:
                first = self.place(found[name][0]).line
                self.error(key, say("duplicate_key", key=name, first=first))
                continue
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
                hint = (
                    say("did_you_mean", candidate=close[0])
                    if close
                    else say("allowed_keys", keys=listing(allowed))
                )
                self.error(key, say("unknown_key", key=name, suggestion=hint))
                continue
            found[name] = (key, value)
        for name in required:
            if name not in found:
                self.error(node, say("missing_key", key=name, what=what))
        return found

    def shaped(self, node: yaml.Node, shape: str) -> dict[str, Pair] | None:
        """The keys of a mapping of one of the content format's shapes."""
        spec = SHAPES[shape]
        what = say(f"shapes.{shape}.what")
        return self.mapping(node, what, tuple(spec.required), tuple(spec.optional))

    def text(self, pairs: dict[str, Pair], key: str, what: str, default: str | None = None) -> str:
        """A required (or defaulted) single-line or folded text value."""
        if key not in pairs:
            return default or ""
        key_node, node = pairs[key]
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            if default is not None and node.tag == "tag:yaml.org,2002:null":
                return default
            self.error(node if node.value else key_node, say("expected_text", what=what))
            return ""
        value = scalar_text(node, self.source).strip()
        if not value and default is None:
            self.error(key_node, say("empty_text", key=key))
        return value

    def texts(self, pairs: dict[str, Pair], key: str, what: str) -> list[str]:
        """An optional list of texts."""
        if key not in pairs:
            return []
        nodes = self.items(pairs[key][1], what)
        out = []
        for node in nodes:
            if isinstance(node, yaml.ScalarNode) and str(node.value).strip():
                out.append(scalar_text(node, self.source).strip())
            else:
                self.error(node, say("expected_text", what=what))
        return out

    def editions(self, node: yaml.Node) -> tuple[str, ...]:
        """The editions a section appears in (`editions:`); () for all of them."""
        found: list[str] = []
        for item in self.items(node, "editions:"):
            value = str(item.value) if isinstance(item, yaml.ScalarNode) else ""
            if value not in EDITIONS:
                close = difflib.get_close_matches(value, EDITIONS, n=1, cutoff=0.6)
                hint = say("did_you_mean_value", candidate=close[0]) if close else ""
                self.error(
                    item,
                    say("bad_edition", got=value, editions=listing(EDITIONS), suggestion=hint),
                )
            elif value in found:
                self.error(item, say("duplicate_edition", got=value))
            else:
                found.append(value)
        if isinstance(node, yaml.SequenceNode) and not node.value:
            self.error(node, say("empty_list", key="editions"))
        return tuple(found)

    def items(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, say("expected_list", what=what))
            return []
        return list(node.value)

    def flag(self, pairs: dict[str, Pair], key: str, what: str, default: bool) -> bool:
        if key not in pairs:
            return default
        node = pairs[key][1]
        if node.tag != "tag:yaml.org,2002:bool":
            self.error(node, say("expected_bool", what=what))
            return default
        return str(node.value).lower() in ("true", "yes", "on")

    def day(self, pairs: dict[str, Pair], key: str, what: str) -> date | None:
        if key not in pairs:
            return None
        node = pairs[key][1]
        match = DATE_PATTERN.match(str(node.value)) if isinstance(node, yaml.ScalarNode) else None
        if match:
            try:
                day = date(*map(int, match.groups()))
            except ValueError:
                pass
            else:
                if FIRST_DAY <= day <= LAST_DAY:
                    return day
                self.error(node, say("date_range", what=what, first=FIRST_DAY, last=LAST_DAY))
                return None
        self.error(node, say("expected_date", what=what))
        return None

    def ident(self, pairs: dict[str, Pair], seen: dict[str, m.Place]) -> str:
        """A stable id, unique among `seen` (its siblings' ids)."""
        if "id" not in pairs:
            return ""
        node = pairs["id"][1]
        value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
        if not ID_PATTERN.match(value):
            self.error(node, say("bad_id", id=value))
        elif value in seen:
            self.error(node, say("duplicate_id", id=value, first=seen[value].line))
        else:
            seen[value] = self.place(node)
        return value
