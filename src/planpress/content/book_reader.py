"""Reading the plan book: `kind: chapter` sections, their parts and blocks.

A block is a mapping whose kind is named by one key (`text:` a paragraph,
`list:`, `note:`, `table:`, `indicators:`, `figure:`, `glossary:`,
`policies:`, and `title:` + `body:` a part); a plain text is a paragraph.
Every block may carry `id:`, `only:` and `reason:` (変更理由). Ids are unique
among the nodes of one version across the whole book: an id written twice,
once `only: current` and once `only: revised`, is one item that moved.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml

from planpress.content import book as b
from planpress.content.numbering import Numbering, style_problem
from planpress.content.reader import ID_PATTERN, Pair, Reader
from planpress.content.shapes import VERSIONS
from planpress.content.yaml_source import scalar_text
from planpress.diagnostics.messages import listing, say

# The key that names a block's kind → the shape it is checked against.
BLOCK_KEYS = {
    "body": "part",
    "text": "paragraph",
    "note": "note",
    "list": "list",
    "table": "data_table",
    "indicators": "indicators",
    "figure": "figure",
    "glossary": "glossary",
    "policies": "policies",
}
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".svg")
ALIGNS = ("left", "center", "right")
SHOW = ("text", "indicators", "policies")
ROLES = ("slogan", "signature")  # paragraphs set apart: the 将来像, a greeting's signature


class BookReader:
    """Reads the chapters of one document, sharing the id registry across them."""

    def __init__(self, reader: Reader, folder: str):
        self.r = reader
        self.folder = Path(folder) if folder else None
        self.ids: dict[str, list[tuple[b.Exists, object]]] = {}

    # -- values ------------------------------------------------------------------

    def vtext(self, node: yaml.Node, what: str) -> b.VText:
        """A text, or `{current: …, revised: …}`."""
        place = self.r.place(node)
        if isinstance(node, yaml.MappingNode):
            both = self.r.mapping(node, what, VERSIONS)
            if both is None:
                return b.VText("", "", place)
            return b.VText(
                self.r.text(both, "current", what), self.r.text(both, "revised", what), place
            )
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            self.r.error(node, say("expected_text", what=what))
            return b.VText("", "", place)
        value = scalar_text(node, self.r.source).strip()
        if not value:
            self.r.error(node, say("empty_text", key=what.rstrip(":")))
        return b.VText.same(value, place)

    def opt_vtext(self, pairs: dict[str, Pair], key: str) -> b.VText | None:
        return self.vtext(pairs[key][1], f"{key}:") if key in pairs else None

    def exists(self, pairs: dict[str, Pair], parent: b.Exists) -> b.Exists:
        if "only" not in pairs:
            return parent
        node = pairs["only"][1]
        value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
        if value not in VERSIONS:
            self.r.error(node, say("bad_only", got=value))
            return parent
        mine = (value == "current", value == "revised")
        if not any(a and b_ for a, b_ in zip(mine, (parent.current, parent.revised), strict=True)):
            self.r.error(node, say("only_conflict_book", only=value))
        return b.Exists(mine[0] and parent.current, mine[1] and parent.revised)

    def ident(self, pairs: dict[str, Pair], exists: b.Exists, fallback: str) -> str:
        """The node's id: unique per version across the book (twice only when the
        two are in different versions: a moved item)."""
        if "id" not in pairs:
            return fallback
        node = pairs["id"][1]
        value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
        if not ID_PATTERN.match(value):
            self.r.error(node, say("bad_id", id=value))
            return fallback
        for other, place in self.ids.get(value, []):
            if (other.current and exists.current) or (other.revised and exists.revised):
                self.r.error(node, say("duplicate_id_book", id=value, first=place.line))
                return value
        self.ids.setdefault(value, []).append((exists, self.r.place(node)))
        return value

    def common(self, pairs: dict[str, Pair], node: yaml.Node, parent: b.Exists, fallback: str):
        exists = self.exists(pairs, parent)
        return {
            "id": self.ident(pairs, exists, fallback),
            "exists": exists,
            "place": self.r.place(node),
            "reason": self.opt_vtext(pairs, "reason"),
        }

    def children(self, pairs: dict[str, Pair], key: str) -> list[yaml.Node]:
        if key not in pairs:
            return []
        key_node, node = pairs[key]
        nodes = self.r.items(node, f"{key}:")
        if not nodes and isinstance(node, yaml.SequenceNode):
            self.r.error(key_node, say("empty_list", key=key))
        return nodes

    def notes(self, pairs, parent: b.Exists, fallback: str) -> list[b.Note]:
        out = []
        for index, node in enumerate(self.children(pairs, "notes")):
            out.append(self._note_item(node, parent, f"{fallback}-note{index + 1}"))
        return out

    def _note_item(self, node, parent, fallback) -> b.Note:
        if isinstance(node, yaml.MappingNode) and not _is_versioned(node):
            pairs = self.r.shaped(node, "note") or {}
            text = self.vtext(pairs["note"][1], "note:") if "note" in pairs else b.VText("", "")
            return b.Note(**self.common(pairs, node, parent, fallback), text=text)
        return b.Note(fallback, parent, self.r.place(node), None, self.vtext(node, "notes:"))

    # -- chapters and parts -------------------------------------------------------

    def chapter(self, node: yaml.Node, seen: dict) -> b.Chapter | None:
        pairs = self.r.shaped(node, "chapter")
        if pairs is None:
            return None
        section_id = self.r.ident(pairs, seen)
        part = self.part(node, pairs, b.BOTH, 1, section_id or "chapter")
        part.appendix = self.r.flag(pairs, "appendix", "appendix:", default=False)
        part.numbered = self.r.flag(pairs, "numbered", "numbered:", default=not part.appendix)
        return b.Chapter(section_id, part, self.r.place(node))

    def part(self, node, pairs, parent: b.Exists, level: int, fallback: str) -> b.Part:
        common = self.common(pairs, node, parent, fallback)
        body = self.body(pairs, common["exists"], level, common["id"])
        return b.Part(
            **common,
            title=self.vtext(pairs["title"][1], "title:") if "title" in pairs else b.VText("", ""),
            body=body,
            level=level,
            header=self.opt_vtext(pairs, "header"),
        )

    def body(self, pairs, exists: b.Exists, level: int, parent_id: str) -> list:
        blocks = []
        for index, node in enumerate(self.children(pairs, "body")):
            block = self.block(node, exists, level, f"{parent_id}-{index + 1}")
            if block is not None:
                blocks.append(block)
        return blocks

    def block(self, node: yaml.Node, parent: b.Exists, level: int, fallback: str):
        if isinstance(node, yaml.ScalarNode) or _is_versioned(node):
            return b.Paragraph(
                fallback, parent, self.r.place(node), None, self.vtext(node, "body:")
            )
        if not isinstance(node, yaml.MappingNode):
            self.r.error(node, say("expected_mapping", what=say("places.block")))
            return None
        keys = [str(k.value) for k, _ in node.value]
        kinds = [k for k in keys if k in BLOCK_KEYS]
        if len(kinds) != 1:
            self._block_kind_problem(node, keys, kinds)
            return None
        shape = BLOCK_KEYS[kinds[0]]
        pairs = self.r.shaped(node, shape)
        if pairs is None:
            return None
        if shape == "part":
            return self.part(node, pairs, parent, level + 1, fallback)
        return getattr(self, f"_{shape}")(node, pairs, parent, fallback)

    def _block_kind_problem(self, node, keys: list[str], kinds: list[str]) -> None:
        names = listing(f"{k}:" for k in BLOCK_KEYS)
        if kinds:
            self.r.error(node, say("block_two_kinds", keys=listing(f"{k}:" for k in kinds)))
            return
        guesses = [difflib.get_close_matches(k, BLOCK_KEYS, n=1, cutoff=0.6) for k in keys]
        hint = next((say("did_you_mean", candidate=g[0]) for g in guesses if g), "")
        self.r.error(node, say("block_kind_missing", keys=names, suggestion=hint))

    # -- blocks ---------------------------------------------------------------------

    def _paragraph(self, node, pairs, parent, fallback) -> b.Paragraph:
        role = self.r.text(pairs, "role", "role:", default="")
        if role and role not in ROLES:
            self.r.error(pairs["role"][1], say("bad_role", got=role, roles=listing(ROLES)))
            role = ""
        common = self.common(pairs, node, parent, fallback)
        return b.Paragraph(**common, text=self._v(pairs, "text"), role=role)

    def _note(self, node, pairs, parent, fallback) -> b.Note:
        return b.Note(**self.common(pairs, node, parent, fallback), text=self._v(pairs, "note"))

    def _v(self, pairs, key) -> b.VText:
        """A required text (its absence is already reported by the shape check)."""
        if key not in pairs:
            return b.VText("", "")
        return self.vtext(pairs[key][1], f"{key}:")

    def _list(self, node, pairs, parent, fallback) -> b.ItemList:
        common = self.common(pairs, node, parent, fallback)
        items = self.items(pairs, "list", common["exists"], common["id"])
        numbered = self.r.flag(pairs, "numbered", "numbered:", default=False)
        return b.ItemList(**common, items=items, numbered=numbered)

    def items(self, pairs, key: str, parent: b.Exists, parent_id: str) -> list[b.ListItem]:
        out = []
        for index, node in enumerate(self.children(pairs, key)):
            fallback = f"{parent_id}-{index + 1}"
            if isinstance(node, yaml.MappingNode) and not _is_versioned(node):
                item = self.r.shaped(node, "list_item")
                if item is None:
                    continue
                common = self.common(item, node, parent, fallback)
                out.append(b.ListItem(**common, text=self._v(item, "text")))
            else:
                out.append(
                    b.ListItem(
                        fallback, parent, self.r.place(node), None, self.vtext(node, f"{key}:")
                    )
                )
        return out

    def _data_table(self, node, pairs, parent, fallback) -> b.Table:
        common = self.common(pairs, node, parent, fallback)
        exists, ident = common["exists"], common["id"]
        header = []
        if "columns" in pairs:
            header.append(self.row(pairs["columns"][1], exists, f"{ident}-h1", header=True))
        for index, row_node in enumerate(self.children(pairs, "header")):
            header.append(self.row(row_node, exists, f"{ident}-h{index + 2}", header=True))
        rows = [
            self.row(n, exists, f"{ident}-{i + 1}")
            for i, n in enumerate(self.children(pairs, "rows"))
        ]
        width = max((sum(c.span for c in r.cells) for r in header + rows), default=0)
        align = self._aligns(pairs, width)
        widths = self._widths(pairs, width)
        return b.Table(
            **common,
            caption=self._caption(pairs, "table"),
            header=header,
            rows=rows,
            align=align,
            widths=widths,
            notes=self.notes(pairs, exists, ident),
        )

    def _caption(self, pairs, key) -> b.VText | None:
        node = pairs[key][1]
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return None
        return self.vtext(node, f"{key}:")

    def _aligns(self, pairs, width: int) -> list[str]:
        values = self.r.texts(pairs, "align", "align:") if "align" in pairs else []
        for value, node in zip(
            values, self.r.items(pairs["align"][1], "align:") if values else [], strict=False
        ):
            if value not in ALIGNS:
                self.r.error(node, say("bad_align", got=value, aligns=listing(ALIGNS)))
        if values and len(values) != width:
            self.r.error(pairs["align"][1], say("columns_count", want=width, got=len(values)))
        return values + ["left"] * (width - len(values))

    def _widths(self, pairs, width: int) -> list[float]:
        if "widths" not in pairs:
            return [1.0] * width
        out = []
        for node in self.r.items(pairs["widths"][1], "widths:"):
            try:
                out.append(float(node.value))
            except (TypeError, ValueError):
                self.r.error(node, say("expected_number", what="widths:"))
                out.append(1.0)
        if len(out) != width:
            self.r.error(pairs["widths"][1], say("columns_count", want=width, got=len(out)))
            out = (out + [1.0] * width)[:width]
        return out

    def row(self, node, parent: b.Exists, fallback: str, header: bool = False) -> b.Row:
        if isinstance(node, yaml.MappingNode):
            pairs = self.r.shaped(node, "row")
            if pairs is None:
                return b.Row(fallback, parent, self.r.place(node), None, [], header)
            common = self.common(pairs, node, parent, fallback)
            cells = [self.cell(c) for c in self.children(pairs, "cells")]
            return b.Row(**common, cells=cells, header=header)
        cells = [self.cell(c) for c in self.r.items(node, say("places.table_row"))]
        return b.Row(fallback, parent, self.r.place(node), None, cells, header)

    def cell(self, node) -> b.Cell:
        if isinstance(node, yaml.MappingNode) and not _is_versioned(node):
            pairs = self.r.shaped(node, "cell")
            if pairs is None:
                return b.Cell(b.VText("", ""))
            align = self.r.text(pairs, "align", "align:", default="")
            if align and align not in ALIGNS:
                self.r.error(pairs["align"][1], say("bad_align", got=align, aligns=listing(ALIGNS)))
            return b.Cell(
                self._v(pairs, "text"),
                span=self._count(pairs, "span"),
                rowspan=self._count(pairs, "rowspan"),
                align=align,
            )
        if isinstance(node, yaml.ScalarNode) and not str(node.value).strip():
            return b.Cell(b.VText("", "", self.r.place(node)))  # an empty cell is allowed
        return b.Cell(self.vtext(node, say("places.table_cell")))

    def _count(self, pairs, key) -> int:
        if key not in pairs:
            return 1
        node = pairs[key][1]
        value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
        if not value.isdigit() or int(value) < 1:
            self.r.error(node, say("expected_count", what=f"{key}:"))
            return 1
        return int(value)

    def _indicators(self, node, pairs, parent, fallback) -> b.Indicators:
        common = self.common(pairs, node, parent, fallback)
        rows = []
        for row_node in self.children(pairs, "rows"):
            row = self.r.shaped(row_node, "indicator")
            if row is None:
                continue
            rows.append(
                b.Indicator(
                    **self.common(row, row_node, common["exists"], ""),
                    name=self._v(row, "name"),
                    baseline=self._v(row, "baseline"),
                    baseline_year=self.opt_vtext(row, "baseline_year") or b.VText("", ""),
                    target=self._v(row, "target"),
                    target_year=self.opt_vtext(row, "target_year") or b.VText("", ""),
                    unit=self.opt_vtext(row, "unit") or b.VText("", ""),
                )
            )
        return b.Indicators(
            **common,
            caption=self._caption(pairs, "indicators"),
            rows=rows,
            notes=self.notes(pairs, common["exists"], common["id"]),
        )

    def _figure(self, node, pairs, parent, fallback) -> b.Figure:
        common = self.common(pairs, node, parent, fallback)
        name = self.r.text(pairs, "figure", "figure:")
        src = self._image(pairs["figure"][1], name)
        if "alt" not in pairs:
            self.r.error(node, say("figure_alt_missing", file=name))
        width = 0.8
        if "width" in pairs:
            try:
                width = float(pairs["width"][1].value)
                assert 0 < width <= 1
            except (TypeError, ValueError, AssertionError):
                self.r.error(pairs["width"][1], say("bad_width"))
                width = 0.8
        return b.Figure(
            **common,
            src=src,
            caption=self._v(pairs, "caption") if "caption" in pairs else b.VText("", ""),
            alt=self._v(pairs, "alt") if "alt" in pairs else b.VText("", ""),
            width=width,
        )

    def _image(self, node, name: str) -> Path:
        path = Path(name)
        if path.suffix.lower() not in IMAGE_TYPES:
            self.r.error(node, say("figure_type", file=name, types=listing(IMAGE_TYPES)))
            return path
        if self.folder is None:
            return path
        full = (self.folder / path).resolve()
        if path.is_absolute() or self.folder.resolve() not in full.parents:
            self.r.error(node, say("figure_outside", file=name))
        elif not full.is_file():
            self.r.error(node, say("figure_missing", file=name))
        return full

    def _glossary(self, node, pairs, parent, fallback) -> b.Glossary:
        common = self.common(pairs, node, parent, fallback)
        terms = []
        for index, term_node in enumerate(self.children(pairs, "glossary")):
            term = self.r.shaped(term_node, "term")
            if term is None:
                continue
            terms.append(
                b.Term(
                    **self.common(term, term_node, common["exists"], f"{common['id']}-{index + 1}"),
                    term=self._v(term, "term"),
                    text=self._v(term, "text"),
                )
            )
        return b.Glossary(**common, terms=terms)

    # -- the policy system ------------------------------------------------------------

    def _policies(self, node, pairs, parent, fallback) -> b.PolicyTree:
        common = self.common(pairs, node, parent, fallback)
        levels = []
        for level_node in self.children(pairs, "levels"):
            level = self.r.shaped(level_node, "level")
            if level is not None:
                style = self.r.text(level, "number", "number:", default="{path}")
                if "number" in level and (problem := style_problem(style)):
                    self.r.error(level["number"][1], problem)
                    style = "{path}"
                levels.append(b.Level(self.r.text(level, "name", "name:"), style))
        items = [
            self.policy_item(n, common["exists"], 0, "") for n in self.children(pairs, "policies")
        ]
        items = [i for i in items if i is not None]
        tree = b.PolicyTree(
            **common,
            title=self.opt_vtext(pairs, "title"),
            vision=self.opt_vtext(pairs, "vision"),
            levels=levels,
            items=items,
        )
        depth = max((i.level for i in tree.walk()), default=-1) + 1
        if levels and depth > len(levels):
            self.r.error(pairs["levels"][0], say("levels_too_few", depth=depth, got=len(levels)))
        for _ in range(depth - len(levels)):
            levels.append(b.Level("", "{path}"))
        return tree

    def policy_item(self, node, parent: b.Exists, level: int, parent_id: str):
        pairs = self.r.shaped(node, "policy_item")
        if pairs is None:
            return None
        common = self.common(pairs, node, parent, "")
        if "id" not in pairs:
            common["id"] = f"{parent_id or 'item'}-{node.start_mark.line + 1}"
        children = [
            self.policy_item(n, common["exists"], level + 1, common["id"])
            for n in self.children(pairs, "children")
        ]
        return b.PolicyItem(
            **common,
            title=self._v(pairs, "title"),
            text=self.opt_vtext(pairs, "text"),
            actions=self.items(pairs, "actions", common["exists"], common["id"]),
            department=self.opt_vtext(pairs, "department"),
            indicator=self.opt_vtext(pairs, "indicator"),
            tags=self._tags(pairs),
            children=[c for c in children if c is not None],
            level=level,
            parent=parent_id,
            notes=self.author_notes(pairs),
        )

    def _tags(self, pairs) -> b.VTags:
        """`tag: 重点` (a text, or `{current: …, revised: …}`) as the item's tags."""
        tag = self.opt_vtext(pairs, "tag")
        if tag is None:
            return b.VTags()
        return b.VTags((tag.current,), (tag.revised,))

    def author_notes(self, pairs) -> list[b.AuthorNote]:
        """`notes:` — the author's notes for the 変更方針 column (texts)."""
        if "notes" not in pairs:
            return []
        out = []
        for node in self.r.items(pairs["notes"][1], "notes:"):
            if isinstance(node, yaml.ScalarNode) and str(node.value).strip():
                out.append(
                    b.AuthorNote(scalar_text(node, self.r.source).strip(), self.r.place(node))
                )
            else:
                self.r.error(node, say("expected_text", what="notes:"))
        return out


def _is_versioned(node: yaml.Node) -> bool:
    """A mapping of exactly current:/revised: is a versioned text, not a block."""
    return isinstance(node, yaml.MappingNode) and {str(k.value) for k, _ in node.value} == set(
        VERSIONS
    )


# --- numbering, after all chapters are read ----------------------------------------


def number_book(chapters: list[b.Chapter], styles: tuple[str, ...], numbering: Numbering) -> None:
    """Give every part and policy item its number in each version (`styles`:
    one per part level; `numbering` formats them)."""
    for version in VERSIONS:
        counter = 0
        for chapter in chapters:
            part = chapter.part
            if not part.exists[version]:
                continue
            if not part.numbered:
                _set(part.number, version, "")
            else:
                counter += 1
                _set(part.number, version, numbering.format(styles[0], counter))
            _number_parts(part, version, styles, numbering)


def _number_parts(part: b.Part, version: str, styles: tuple[str, ...], numbering) -> None:
    n = 0
    for block in part.body:
        if not block.exists[version]:
            continue
        if isinstance(block, b.Part):
            n += 1
            style = styles[min(block.level - 1, len(styles) - 1)]
            _set(block.number, version, numbering.format(style, n))
            _number_parts(block, version, styles, numbering)
        elif isinstance(block, b.PolicyTree):
            number_tree(block, version, numbering)


def number_tree(tree: b.PolicyTree, version: str, numbering: Numbering) -> None:
    """Number a policy tree's items in `version` by its levels' styles."""
    _number_items(tree.items_in(version), tree.levels, version, (), numbering)


def _number_items(items, levels, version, path: tuple[int, ...], numbering) -> None:
    for n, item in enumerate(items, 1):
        style = levels[item.level].numbering if item.level < len(levels) else "{path}"
        _set(item.number, version, numbering.format(style, n, path))
        _number_items(item.children_in(version), levels, version, (*path, n), numbering)


def _set(text: b.VText, version: str, value: str) -> None:
    if version == "current":
        text.current = value
    else:
        text.revised = value
