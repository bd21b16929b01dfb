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
from planpress.revision.pairing import compare_tree
from planpress.revision.records import ItemDiff
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


def policy_table(tree: b.PolicyTree) -> PolicyTable:
    """The tree's rows: the items one level above the leaves, each with its
    children — a view of the one comparison of a policy tree (`compare_tree`).
    A row moved to another group is shown once, under the group it joined."""
    diff = compare_tree(tree)
    names = diff.levels
    rows: list[PolicyRow] = []
    pending: list[GroupRow] = []  # group rows opened before the next row
    for block in diff.groups():
        pending += [_group_row(group, names) for group in block.labels]
        for row in block.rows:
            if row.moved_to is None:
                rows.append(_row(row, names, diff.row_level, pending))
                pending = []
    row_name = names[diff.row_level] if diff.row_level < len(names) else ""
    return PolicyTable(names, row_name, _level_name(names, diff.row_level + 1), tuple(rows))


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


def _group_row(group: ItemDiff, names) -> GroupRow:
    old, new = group.current or group.earlier, group.revised
    changed = old is None or new is None or old.title.current != new.title.revised
    return GroupRow(
        _level_name(names, group.level),
        group.level,
        _side(old, "current", new, new is None, False),
        _side(new, "revised", old, old is None, False),
        changed,
    )


def _level_name(names, level: int) -> str:
    """What the plan calls a level of its policy tree ("" past the named ones)."""
    return names[level] if level < len(names) else ""


def _row(diff: ItemDiff, names, row_level: int, groups: list) -> PolicyRow:
    old, new = diff.current or diff.earlier, diff.revised
    level = _level_name(names, row_level)
    child = _level_name(names, row_level + 1)
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
    before = sorted((c for c in diff.children if c.current), key=lambda c: c.current_number)
    after = [c for c in diff.children if c.revised]
    row.current_children = [_current_child(c, child, names, facts) for c in before]
    row.revised_children = [_revised_child(c, child, names, facts) for c in after]
    row.reasons += [reason for c in after if (reason := _reason(c.revised))]
    if not facts:
        facts.append(Fact("unchanged", level, (new or old).number.revised))
    return row


def _current_child(c: ItemDiff, name: str, names, facts: list) -> ItemSide:
    """A child as the current side lists it: gone, moved to another parent
    (the fact names where it is now), or in place."""
    number = c.current.number.current
    if c.moved_to is not None:
        where = (_level_name(names, c.moved_to.level), c.moved_to.number.revised)
        facts.append(Fact("moved_out", name, number, *where))
        return _side(c.current, "current", None, False, True)
    if c.revised is None:
        facts.append(Fact("removed", name, number))
        return _side(c.current, "current", None, True, False)
    return _side(c.current, "current", c.revised, False, False)


def _revised_child(c: ItemDiff, name: str, names, facts: list) -> ItemSide:
    """A child as the revised side lists it: come, moved from another parent,
    or in place (retitled or renumbered, stated from this side only, so once)."""
    number = c.revised.number.revised
    if c.moved_from is not None:
        where = (_level_name(names, c.moved_from.level), c.moved_from.number.current)
        facts.append(Fact("moved_in", name, number, *where))
        return _side(c.revised, "revised", None, False, True)
    if c.current is None:
        facts.append(Fact("added", name, number))
        return _side(c.revised, "revised", None, True, False)
    if c.current.title.current != c.revised.title.revised:
        facts.append(Fact("retitled", name, number))
    elif c.current.number.current != number:
        facts.append(Fact("renumbered", name, number))
    return _side(c.revised, "revised", c.current, False, False)


__all__ = ["BookChanges", "IndicatorUnit", "PolicyTable", "TextUnit", "book_changes"]
