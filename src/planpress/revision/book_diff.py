"""The plan book's two versions compared: the records a 新旧対照表 shows.

Three kinds of unit, as a council handout shows them:

- `TextUnit` — a paragraph, list item, note, table row, caption, term, part
  title or the text under a policy item, with where it sits (its parts) in
  each version, its inline diff and the author's reason;
- `IndicatorUnit` — one 成果指標 with a diff per field (name, values, years);
- `PolicyTable` — the policy system as rows of items with their children,
  paired by id across the whole tree (a child moved to another parent shows on
  both, with where it went / came from).

Only facts here: the templates word the locations, facts and labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planpress.content import book as b
from planpress.revision.textdiff import Span, TextDiff, diff_text

NUMBER_FIELDS = (
    "baseline",
    "baseline_year",
    "target",
    "target_year",
)


@dataclass(frozen=True, slots=True)
class TextUnit:
    """One compared text of the book."""

    kind: str  # title | paragraph | item | note | row | caption | term | figure | policy
    status: str  # unchanged | changed | added | removed | moved
    diff: TextDiff
    where: dict  # version → tuple of the Parts it sits in (outermost first)
    label: str  # for policy texts: which field (text, actions, department, indicator)
    item: object  # the PolicyItem a policy text is under (None otherwise)
    reason: str
    lines: tuple[str, ...] = ()  # a whole added/removed part: its texts, one per line
    # For policy texts: version → the item's place in the policy tree as the
    # plan names it, outermost first (基本目標1, 施策1-2); empty where absent.
    trail: dict = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


@dataclass(frozen=True, slots=True)
class IndicatorUnit:
    status: str
    name: TextDiff
    baseline: TextDiff
    baseline_year: TextDiff
    target: TextDiff
    target_year: TextDiff
    unit: TextDiff
    reason: str

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


@dataclass(frozen=True, slots=True)
class IndicatorTable:
    caption: str
    where: tuple
    rows: tuple[IndicatorUnit, ...]

    @property
    def changed(self) -> bool:
        return any(r.changed for r in self.rows)


@dataclass(frozen=True, slots=True)
class ItemSide:
    """A policy item as one side of the table shows it."""

    number: str
    title: tuple  # spans of its title (changed words marked)
    whole: bool  # added (revised side) / removed (current side): marked whole
    renumbered: bool
    moved: bool  # under another parent in the other version


@dataclass(frozen=True, slots=True)
class Fact:
    """A derived change, worded by the template (施策1-2-3を追加 …)."""

    kind: str  # added | removed | retitled | moved_in | moved_out | renumbered | unchanged
    level: str  # the item's level name (施策, 主な取組 …)
    number: str
    other_level: str = ""  # for a move: the other parent's level name and number
    other_number: str = ""


@dataclass(slots=True)
class PolicyRow:
    """One row: an item (at the row level) with its children, on both sides."""

    level: str
    current: ItemSide | None
    revised: ItemSide | None
    current_children: list[ItemSide] = field(default_factory=list)
    revised_children: list[ItemSide] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    groups: list = field(default_factory=list)  # group rows opened before this row


@dataclass(frozen=True, slots=True)
class GroupRow:
    level: str
    depth: int
    current: ItemSide | None
    revised: ItemSide | None
    changed: bool


@dataclass(frozen=True, slots=True)
class PolicyTable:
    levels: tuple[str, ...]
    row_level: str
    child_level: str
    rows: tuple[PolicyRow, ...]

    @property
    def changed(self) -> bool:
        return any(f.kind != "unchanged" for r in self.rows for f in r.facts)


@dataclass(frozen=True, slots=True)
class BookChanges:
    """What a `kind: changes` section shows."""

    texts: tuple[TextUnit, ...]
    indicators: tuple[IndicatorTable, ...]
    policies: tuple[PolicyTable, ...]

    @property
    def changed_texts(self) -> tuple[TextUnit, ...]:
        return tuple(u for u in self.texts if u.changed)


# --- texts ---------------------------------------------------------------------------


def _pair(old: str | None, new: str | None) -> TextDiff:
    if old is None:
        return TextDiff.added(new or "")
    if new is None:
        return TextDiff.removed(old)
    return diff_text(old, new)


def _reason(node) -> str:
    reason = getattr(node, "reason", None)
    return reason.revised if reason is not None else ""


class _Collector:
    def __init__(self, row_join: str) -> None:
        self.row_join = row_join  # between the cells of a row compared as one text
        self.units: list[TextUnit] = []
        self.indicators: list[IndicatorTable] = []
        self.policies: list[PolicyTable] = []
        self.pending: dict[str, tuple] = {}  # id → a one-version node waiting for its pair

    def text(self, kind, node, where, vtext: b.VText, label="", item=None, trail=None) -> None:
        exists = node.exists
        places = {v: where if exists[v] else () for v in b.VERSIONS}
        trails = {v: (trail or {}).get(v, ()) if exists[v] else () for v in b.VERSIONS}
        if exists.both:
            diff = diff_text(vtext.current, vtext.revised)
            status = "changed" if vtext.changed else "unchanged"
        else:
            key = f"{kind}:{node.id}:{label}"
            other = self.pending.pop(key, None) if node.id else None
            if other is not None:  # the same id in the other version: moved
                old, new = (
                    (other, (node, where, vtext, None, trails))
                    if other[0].exists.current
                    else (
                        (node, where, vtext, None, trails),
                        other,
                    )
                )
                diff = diff_text(old[2].current, new[2].revised)
                # A policy item's own text moves with it: the policy table shows the move.
                status = "unchanged" if kind == "policy" and not diff.changed else "moved"
                unit = TextUnit(
                    kind,
                    status,
                    diff,
                    {"current": old[1], "revised": new[1]},
                    label,
                    item,
                    _reason(new[0]) or _reason(old[0]),
                    trail={"current": old[4]["current"], "revised": new[4]["revised"]},
                )
                self.units[self.units.index(other[3])] = unit
                return
            diff = _pair(
                vtext.current if exists.current else None, vtext.revised if exists.revised else None
            )
            status = "added" if exists.revised else "removed"
        unit = TextUnit(kind, status, diff, places, label, item, _reason(node), trail=trails)
        if not exists.both and node.id:
            self.pending[f"{kind}:{node.id}:{label}"] = (node, where, vtext, unit, trails)
        self.units.append(unit)

    def part(self, part: b.Part, where: tuple) -> None:
        inside = (*where, part)
        parent_exists = where[-1].exists if where else b.BOTH
        if not part.exists.both and parent_exists.both:
            self.whole_part(part, inside)
            return
        self.text("title", part, inside, part.title)
        for block in part.body:
            self.block(block, inside)

    def whole_part(self, part: b.Part, where: tuple) -> None:
        """A part the revision adds or removes: one unit with all its texts
        (a reader sees the new or dropped section as one, not row by row)."""
        inner = _Collector(self.row_join)
        inner.text("title", part, where, part.title)
        for block in part.body:
            inner.block(block, where)
        lines = tuple(u.diff.new_text or u.diff.old_text for u in inner.units)
        joined = "".join(lines)
        added = part.exists.revised
        diff = TextDiff.added(joined) if added else TextDiff.removed(joined)
        places = {v: where if part.exists[v] else () for v in b.VERSIONS}
        status = "added" if added else "removed"
        self.units.append(TextUnit("part", status, diff, places, "", None, _reason(part), lines))

    def block(self, block, where: tuple) -> None:
        if isinstance(block, b.Part):
            self.part(block, where)
        elif isinstance(block, b.Paragraph):
            self.text("paragraph", block, where, block.text)
        elif isinstance(block, b.Note):
            self.text("note", block, where, block.text)
        elif isinstance(block, b.ItemList):
            for item in block.items:
                self.text("item", item, where, item.text)
        elif isinstance(block, b.Table):
            if block.caption is not None:
                self.text("caption", block, where, block.caption)
            for row in block.header + block.rows:
                joined = b.VText(
                    self.row_join.join(c.text.current for c in row.cells),
                    self.row_join.join(c.text.revised for c in row.cells),
                )
                self.text("row", row, where, joined)
            for note in block.notes:
                self.text("note", note, where, note.text)
        elif isinstance(block, b.Figure):
            self.text("figure", block, where, block.caption)
        elif isinstance(block, b.Glossary):
            for term in block.terms:
                joined = b.VText(
                    f"{term.term.current}{self.row_join}{term.text.current}",
                    f"{term.term.revised}{self.row_join}{term.text.revised}",
                )
                self.text("term", term, where, joined)
        elif isinstance(block, b.Indicators):
            self.indicators.append(indicator_table(block, where))
            for note in block.notes:
                self.text("note", note, where, note.text)
        elif isinstance(block, b.PolicyTree):
            self.policies.append(policy_table(block))
            names = [level.name for level in block.levels]
            for item, ancestors in _with_ancestors(block.items, ()):
                trail = _trail((*ancestors, item), names)
                for label in ("text", "department", "indicator"):
                    value = getattr(item, label)
                    if value is not None:
                        self.text("policy", item, where, value, label, item, trail)
                for action in item.actions:
                    self.text("policy", action, where, action.text, "actions", item, trail)


def _with_ancestors(items, ancestors: tuple):
    """Each policy item, depth first, with the items above it where it is written."""
    for item in items:
        yield item, ancestors
        yield from _with_ancestors(item.children, (*ancestors, item))


def _trail(chain: tuple, names: list[str]) -> dict:
    """Version → (level name + number, …) of the chain of items (outermost first)."""

    def named(item, version: str) -> str:
        name, number = _level_name(names, item.level), item.number[version]
        return number if name in number else f"{name}{number}"

    return {v: tuple(named(i, v) for i in chain) for v in b.VERSIONS}


def book_changes(chapters: list[b.Chapter], of: list[str], row_join: str) -> BookChanges:
    """The compared units of the parts named in `of` (all chapters when empty).
    A table row (and a glossary term) is compared as one text, its cells
    joined by `row_join` (the phrase catalogue's 「／」)."""
    collector = _Collector(row_join)
    for part, where in _selected(chapters, of):
        collector.part(part, where)
    return BookChanges(
        tuple(collector.units), tuple(collector.indicators), tuple(collector.policies)
    )


def _selected(chapters: list[b.Chapter], of: list[str]):
    if not of:
        return [(c.part, ()) for c in chapters]
    found = {}

    def visit(part: b.Part, where: tuple) -> None:
        if part.id in of:
            found[part.id] = (part, where)
            return
        for block in part.body:
            if isinstance(block, b.Part):
                visit(block, (*where, part))

    for chapter in chapters:
        visit(chapter.part, ())
    return [found[i] for i in of if i in found]


# --- indicators --------------------------------------------------------------------


def indicator_table(block: b.Indicators, where: tuple) -> IndicatorTable:
    rows = []
    for row in block.rows:
        fields = {}
        for name in ("name", "baseline", "baseline_year", "target", "target_year", "unit"):
            value: b.VText = getattr(row, name)
            old = value.current if row.exists.current else None
            new = value.revised if row.exists.revised else None
            if name in NUMBER_FIELDS and old is not None and new is not None and old != new:
                # a changed number is underlined whole (1,860 → 1,710, not just 860)
                fields[name] = TextDiff((Span(old, True),), (Span(new, True),))
            else:
                fields[name] = _pair(old, new)
        if row.exists.both:
            status = "changed" if any(d.changed for d in fields.values()) else "unchanged"
        else:
            status = "added" if row.exists.revised else "removed"
        rows.append(IndicatorUnit(status, reason=_reason(row), **fields))
    caption = block.caption.revised if block.caption is not None else ""
    return IndicatorTable(caption, where, tuple(rows))


# --- the policy system ----------------------------------------------------------------


def _index(tree: b.PolicyTree, version: str) -> dict[str, tuple[b.PolicyItem, str]]:
    """id → (item, parent id) of the items in one version."""
    out: dict[str, tuple[b.PolicyItem, str]] = {}

    def visit(items, parent: str) -> None:
        for item in items:
            if item.exists[version]:
                out[item.id] = (item, parent)
                visit(item.children, item.id)

    visit(tree.items, "")
    return out


def policy_table(tree: b.PolicyTree) -> PolicyTable:
    """The tree's rows: the items one level above the leaves, each with its children."""
    depth = max((i.level for i in tree.walk()), default=0) + 1
    row_level = max(depth - 2, 0)
    names = tuple(level.name for level in tree.levels)
    cur, rev = _index(tree, "current"), _index(tree, "revised")
    rows: list[PolicyRow] = []
    opened: tuple = ()
    for ident in _row_order(tree, row_level, cur, rev):
        chain = _ancestors(ident, rev if ident in rev else cur)
        groups = []
        for d, anc in enumerate(chain):
            if d < len(opened) and opened[d] == anc:
                continue
            groups.append(_group_row(anc, d, names, cur, rev))
        opened = chain
        rows.append(_row(ident, names, row_level, cur, rev, groups))
    child_level = _level_name(names, row_level + 1)
    return PolicyTable(names, names[row_level] if names else "", child_level, tuple(rows))


def _ancestors(ident: str, index: dict) -> tuple[str, ...]:
    chain = []
    parent = index[ident][1]
    while parent:
        chain.append(parent)
        parent = index[parent][1]
    return tuple(reversed(chain))


def _row_order(tree, row_level, cur, rev) -> list[str]:
    """Row items in the revised order, removed ones after their current predecessor."""
    order = [i for i, (item, _) in rev.items() if item.level == row_level]
    current = [i for i, (item, _) in cur.items() if item.level == row_level]
    for position, ident in enumerate(current):
        if ident in order:
            continue
        before = next((c for c in reversed(current[:position]) if c in order), None)
        order.insert(order.index(before) + 1 if before else 0, ident)
    return order


def _side(
    item: b.PolicyItem | None, version: str, other: b.PolicyItem | None, whole: bool, moved: bool
) -> ItemSide | None:
    if item is None:
        return None
    if other is None:
        spans = (
            diff_text("", item.title[version]).new
            if version == "revised"
            else diff_text(item.title[version], "").old
        )
    else:
        diff = diff_text(
            other.title.current if version == "revised" else item.title.current,
            item.title.revised if version == "revised" else other.title.revised,
        )
        spans = diff.new if version == "revised" else diff.old
    renumbered = (
        other is not None
        and item.number[version] != other.number["current" if version == "revised" else "revised"]
    )
    return ItemSide(item.number[version], spans, whole or moved, renumbered, moved)


def _group_row(ident, depth, names, cur, rev) -> GroupRow:
    old = cur.get(ident, (None, ""))[0]
    new = rev.get(ident, (None, ""))[0]
    changed = old is None or new is None or old.title.current != new.title.revised
    return GroupRow(
        _level_name(names, depth),
        depth,
        _side(old, "current", new, new is None, False),
        _side(new, "revised", old, old is None, False),
        changed,
    )


def _level_name(names, level: int) -> str:
    """What the plan calls a level of its policy tree ("" past the named ones)."""
    return names[level] if level < len(names) else ""


def _row(ident, names, row_level, cur, rev, groups) -> PolicyRow:
    old, _old_parent = cur.get(ident, (None, ""))
    new, _new_parent = rev.get(ident, (None, ""))
    level = _level_name(names, row_level)
    child_name = _level_name(names, row_level + 1)
    row = PolicyRow(
        level,
        _side(old, "current", new, new is None, False),
        _side(new, "revised", old, old is None, False),
        groups=groups,
    )
    facts = row.facts
    if old is None:
        facts.append(Fact("added", level, new.number.revised))
    elif new is None:
        facts.append(Fact("removed", level, old.number.current))
    elif old.title.current != new.title.revised:
        facts.append(Fact("retitled", level, new.number.revised))
    if reason := _reason(new or old):
        row.reasons.append(reason)
    kids_old = [c for c in old.children if c.exists.current] if old else []
    kids_new = [c for c in new.children if c.exists.revised] if new else []
    row.current_children = _children(kids_old, "current", rev, ident, child_name, names, facts)
    row.revised_children = _children(kids_new, "revised", cur, ident, child_name, names, facts)
    row.reasons += [reason for child in kids_new if (reason := _reason(child))]
    if not facts:
        facts.append(Fact("unchanged", level, (new or old).number.revised))
    return row


# What a child of a row is when the other version lacks it, or has it under another parent.
_GONE = {"current": "removed", "revised": "added"}
_MOVED = {"current": "moved_out", "revised": "moved_in"}


def _children(kids, version: str, other: dict, ident: str, name: str, names, facts) -> list:
    """The sides of a row's children in `version`, each compared with its match
    in the `other` version (id -> (item, parent id)): gone, moved to another
    parent (the fact names where it is there), or in place (retitled or
    renumbered, stated from the revised side only, so once)."""
    there_version = "revised" if version == "current" else "current"
    sides = []
    for child in kids:
        there = other.get(child.id)
        moved = there is not None and there[1] != ident
        number = child.number[version]
        if there is None:
            facts.append(Fact(_GONE[version], name, number))
        elif moved:
            parent = other[there[1]][0]
            where = (_level_name(names, parent.level), parent.number[there_version])
            facts.append(Fact(_MOVED[version], name, number, *where))
        elif version == "revised":
            if there[0].title.current != child.title.revised:
                facts.append(Fact("retitled", name, number))
            elif there[0].number.current != child.number.revised:
                facts.append(Fact("renumbered", name, number))
        pair = None if there is None or moved else there[0]
        sides.append(_side(child, version, pair, there is None, moved))
    return sides


__all__ = ["BookChanges", "IndicatorUnit", "PolicyTable", "TextUnit", "book_changes"]
