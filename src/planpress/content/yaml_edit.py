"""Changing values in document.yaml without touching anything else.

Edits are splices of the file's text at the exact extent of each value (the
YAML parser's marks), so comments, order, blank lines, quoting and folding of
every other value stay byte for byte: a diff shows only the changed values.
The result is parsed again and each changed value read back before anything
is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import yaml

from planpress.content.value_paths import SIDES, ValuePath
from planpress.content.yaml_source import LOADER, scalar_text

# Characters that keep a scalar from being written plain (unquoted).
NOT_PLAIN_START = set("-?:,[]{}#&*!|>'\"%@` \t")
NOT_PLAIN_IN_FLOW = set(",[]{}")


@dataclass(slots=True)
class Located:
    """A value found by its path: its node, the mapping or list holding it,
    the key node (in a mapping) and the nodes on the way (to read `only:`)."""

    node: yaml.Node
    parent: yaml.Node
    key: yaml.Node | None
    ancestors: list[yaml.Node]
    line: int = 0  # where the value's text starts (1-based; a block scalar's first line)
    column: int = 0


@dataclass(slots=True)
class Splice:
    start: int
    end: int
    text: str


class YamlText:
    """One YAML file's text, its node tree, and the edits made to it so far."""

    def __init__(self, text: str):
        self.text = text
        self.root = yaml.compose(text, Loader=LOADER)
        self.splices: list[Splice] = []

    # -- finding ---------------------------------------------------------------

    def locate(self, path: ValuePath) -> Located | None:
        node, parent, key, ancestors = self.root, None, None, []
        for step in path.steps:
            ancestors.append(node)
            parent, key, node = node, None, self._step(node, step)
            if node is None:
                return None
            if isinstance(node, tuple):
                key, node = node
        line, column = self._text_start(node)
        return Located(node, parent, key, ancestors, line, column)

    def _text_start(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        if isinstance(node, yaml.ScalarNode) and node.style in (">", "|"):
            lines = self.text.split("\n")
            if mark.line + 1 < len(lines):
                body = lines[mark.line + 1]
                return mark.line + 2, len(body) - len(body.lstrip(" ")) + 1
        return mark.line + 1, mark.column + 1

    @staticmethod
    def _step(node: yaml.Node, step: str | int):
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            for key, value in node.value:
                if key.value == step:
                    return key, value
        elif isinstance(node, yaml.SequenceNode):
            if isinstance(step, int):
                return node.value[step] if step < len(node.value) else None
            if step.startswith("#"):
                for item in node.value:
                    if _get(item, "id") == step[1:]:
                        return item
        return None

    def text_of(self, node: yaml.Node) -> str | None:
        """A scalar's text as the content reader reads it (None: not a scalar)."""
        if isinstance(node, yaml.ScalarNode):
            return scalar_text(node, self.text)
        return None

    def sides(self, node: yaml.Node) -> dict[str, yaml.Node] | None:
        """The current / revised nodes of a `{current: …, revised: …}` value."""
        if not isinstance(node, yaml.MappingNode):
            return None
        found = {key.value: value for key, value in node.value if key.value in SIDES}
        return found if len(found) == len(SIDES) else None

    @staticmethod
    def only(located: Located) -> str:
        """The `only:` of the nearest node on the path that has one ("" for none)."""
        for node in reversed(located.ancestors):
            value = _get(node, "only")
            if value:
                return value
        return ""

    # -- editing -----------------------------------------------------------------

    def replace(self, node: yaml.ScalarNode, new: str) -> None:
        """The scalar `node` becomes `new`, written in the same style where it can be."""
        self.splices.append(Splice(*self._extent(node), self._scalar(node, new)))

    def split(self, located: Located, current: str, revised: str) -> None:
        """A plain value becomes `{current: …, revised: …}` (block style under a block key)."""
        node = located.node
        start, end = self._extent(node)
        if located.parent is not None and located.parent.flow_style:
            current, revised = (self._plain_or_quoted(v, flow=True) for v in (current, revised))
            text = f"{{current: {current}, revised: {revised}}}"
        else:
            indent = " " * (located.key.start_mark.column + 2)
            text = (
                f"\n{indent}current: {self._plain_or_quoted(current)}"
                f"\n{indent}revised: {self._plain_or_quoted(revised)}"
            )
            # the key's "title:" keeps its colon; drop the space before the old value
            while start > 0 and self.text[start - 1] == " ":
                start -= 1
        self.splices.append(Splice(start, end, text))

    def delete_item(self, sequence: yaml.SequenceNode, index: int) -> bool:
        """Remove item `index` of a block list (its lines); False for a flow list."""
        if sequence.flow_style:
            return False
        item = sequence.value[index]
        line_start = self.text.rfind("\n", 0, item.start_mark.index) + 1
        end = item.end_mark.index
        if index + 1 < len(sequence.value):
            following = sequence.value[index + 1]
            end = self.text.rfind("\n", 0, following.start_mark.index) + 1
        else:  # up to the end of its last line of text; blank lines after it stay
            while end > item.start_mark.index and self.text[end - 1] in "\n \t":
                end -= 1
            newline = self.text.find("\n", end)
            end = len(self.text) if newline < 0 else newline + 1
        # the item's own line starts with its dash
        if not self.text[line_start : item.start_mark.index].strip().startswith("-"):
            return False
        self.splices.append(Splice(line_start, end, ""))
        return True

    def result(self) -> str:
        """The text with every edit made (edits must not overlap)."""
        out = self.text
        for splice in sorted(self.splices, key=lambda s: s.start, reverse=True):
            out = out[: splice.start] + splice.text + out[splice.end :]
        return out

    def _extent(self, node: yaml.Node) -> tuple[int, int]:
        start, end = node.start_mark.index, node.end_mark.index
        # a block scalar's extent runs to the next key: keep its trailing line ends
        while end > start and self.text[end - 1] in "\n \t" and node.style in ("|", ">"):
            end -= 1
        return start, end

    def _scalar(self, node: yaml.ScalarNode, new: str) -> str:
        if node.style in (">", "|") and "\n" not in new:
            indent = " " * (node.start_mark.column + 2)
            header = self.text[node.start_mark.index : self.text.find("\n", node.start_mark.index)]
            body_line = self.text[self.text.find("\n", node.start_mark.index) + 1 :].split("\n")[0]
            indent = body_line[: len(body_line) - len(body_line.lstrip(" "))] or indent
            return f"{header}\n{indent}{new}"
        if node.style == "'" and "\n" not in new:
            return "'" + new.replace("'", "''") + "'"
        if node.style == '"':
            return _quoted(new)
        return self._plain_or_quoted(new, flow=self._in_flow(node))

    def _in_flow(self, node: yaml.Node) -> bool:
        # a flow collection opens with [ or { before the node on its line
        before = self.text[
            self.text.rfind("\n", 0, node.start_mark.index) + 1 : node.start_mark.index
        ]
        return before.count("[") + before.count("{") > before.count("]") + before.count("}")

    @staticmethod
    def _plain_or_quoted(new: str, flow: bool = False) -> str:
        plain = (
            new
            and new == new.strip()
            and "\n" not in new
            and new[0] not in NOT_PLAIN_START
            and ": " not in new
            and " #" not in new
            and not new.endswith(":")
            and not (flow and set(new) & NOT_PLAIN_IN_FLOW)
        )
        if plain:
            try:
                if yaml.safe_load(new) == new:
                    return new
            except yaml.YAMLError:
                pass
        return _quoted(new)


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _get(node: yaml.Node, key: str) -> str:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key and isinstance(v, yaml.ScalarNode):
                return v.value
    return ""
