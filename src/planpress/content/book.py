"""The plan as a book: a tree of parts holding blocks, every text in two versions.

The author writes ONE tree (a `kind: chapter` section per chapter); any text
may differ between the current plan and the revision (`{current: …, revised: …}`),
and any item may exist in one version only (`only: current|revised`). So each
node here carries both versions: a `VText` for each text and an `Exists` for
its presence. A view (the official edition, a 新旧対照表) picks a version or
compares the two; nothing is copied per version.

Numbers (第1章, 1, (1), ①, ア …) are computed per version from the numbering
styles the document chooses (defaults and counting characters: numbering.py,
from templates/numbering.yaml), so a chapter that comes or goes renumbers the
ones after it in that version only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planpress.diagnostics.place import NOWHERE, Place

VERSIONS = ("current", "revised")


@dataclass(slots=True)
class VText:
    """A text as it stands in the current plan and in the revision."""

    current: str
    revised: str
    place: Place = NOWHERE

    @classmethod
    def same(cls, text: str, place: Place = NOWHERE) -> VText:
        return cls(text, text, place)

    @property
    def changed(self) -> bool:
        return self.current != self.revised

    def __getitem__(self, version: str) -> str:
        return self.revised if version == "revised" else self.current

    def __str__(self) -> str:  # a text written once reads as itself in templates
        return self.revised


@dataclass(frozen=True, slots=True)
class Exists:
    """In which versions a node is (`only:` in the content)."""

    current: bool = True
    revised: bool = True

    def __getitem__(self, version: str) -> bool:
        return self.revised if version == "revised" else self.current

    @property
    def both(self) -> bool:
        return self.current and self.revised


BOTH = Exists()


@dataclass(slots=True)
class Node:
    """What every item of the tree has: an id (paired across versions), its
    presence, where it was written, and the author's reason for a change."""

    id: str
    exists: Exists
    place: Place
    reason: VText | None  # 変更理由 written by the author (shown in the 新旧対照表)


# --- blocks ------------------------------------------------------------------


@dataclass(slots=True)
class Paragraph(Node):
    text: VText
    role: str = ""  # slogan | signature: set apart (the template picks the style)
    kind: str = "paragraph"


@dataclass(slots=True)
class Note(Node):
    """A ※ note under a table or paragraph."""

    text: VText
    kind: str = "note"


@dataclass(slots=True)
class ListItem(Node):
    text: VText


@dataclass(slots=True)
class ItemList(Node):
    """A bulleted (・) or numbered list."""

    items: list[ListItem]
    numbered: bool = False
    kind: str = "list"


@dataclass(slots=True)
class Cell:
    """A table cell; `span`/`rowspan` merge cells, `align` overrides the column's."""

    text: VText
    span: int = 1
    rowspan: int = 1
    align: str = ""


@dataclass(slots=True)
class Row(Node):
    cells: list[Cell]
    header: bool = False


@dataclass(slots=True)
class Table(Node):
    """A table: header rows (repeated on each page), body rows, column alignment."""

    caption: VText | None
    header: list[Row]
    rows: list[Row]
    align: list[str]  # per column: left | center | right
    widths: list[float]
    notes: list[Note]
    kind: str = "table"


@dataclass(slots=True)
class Indicator(Node):
    """One 成果指標: its name, baseline (現状値) and target (目標値) with their years."""

    name: VText
    baseline: VText
    baseline_year: VText
    target: VText
    target_year: VText
    unit: VText


@dataclass(slots=True)
class Indicators(Node):
    caption: VText | None
    rows: list[Indicator]
    notes: list[Note]
    kind: str = "indicators"


@dataclass(slots=True)
class Figure(Node):
    """An image file next to the YAML, with its caption and alt text."""

    src: Path
    caption: VText
    alt: VText
    width: float = 0.8
    kind: str = "figure"


@dataclass(slots=True)
class Term(Node):
    term: VText
    text: VText


@dataclass(slots=True)
class Glossary(Node):
    """A 用語解説 list."""

    terms: list[Term]
    kind: str = "glossary"


@dataclass(slots=True)
class Level:
    """A level of the policy system as the plan names and numbers it."""

    name: str  # 基本目標, 施策, 主な取組 …
    numbering: str  # a numbering style: {n}, ({n}), {circled}, {kana}, {path} …


@dataclass(frozen=True, slots=True)
class VTags:
    """The tags of a policy item (重点方針 …) in each version; a tag that comes
    or goes is a change the 新旧対照表 marks."""

    current: tuple[str, ...] = ()
    revised: tuple[str, ...] = ()

    def __getitem__(self, version: str) -> tuple[str, ...]:
        return self.revised if version == "revised" else self.current

    def __bool__(self) -> bool:
        return bool(self.current or self.revised)


@dataclass(slots=True)
class AuthorNote:
    """A note the author wrote for the 変更方針 column of a policy item
    (committee remarks …); checked against the facts the comparison derives."""

    text: str
    place: Place = NOWHERE


@dataclass(slots=True)
class PolicyItem(Node):
    """An item of the policy system at any depth, with optional text under it."""

    title: VText
    text: VText | None  # 内容
    actions: list[ListItem]  # 主な取組
    department: VText | None  # 担当課
    indicator: VText | None  # 指標
    tags: VTags  # 重点 etc., per version
    children: list[PolicyItem]
    level: int = 0  # 0-based depth
    number: VText = field(default_factory=lambda: VText("", ""))
    parent: str = ""  # the parent's id (for moved items: see `moved_from`)
    notes: list[AuthorNote] = field(default_factory=list)  # for the 変更方針 column
    # The revised order of the children by id, when it differs from the order
    # written (`revised_order:` of a `policy_revision` section); () otherwise.
    revised_order: tuple[str, ...] = ()

    def children_in(self, version: str) -> list[PolicyItem]:
        """The children as `version` lists them."""
        return in_order(self.children, version, self.revised_order)

    @property
    def key(self) -> str:
        """The id as the content wrote it (a `policy_revision` section's ids
        are scoped by their parents: "industry/growth" is written `growth`)."""
        return self.id.rsplit("/", 1)[-1]


def in_order(items: list, version: str, revised_order: tuple[str, ...]) -> list:
    """The items `version` has, in its order."""
    present = [i for i in items if i.exists[version]]
    if version != "revised" or not revised_order:
        return present
    rank = {ident: n for n, ident in enumerate(revised_order)}
    return sorted(present, key=lambda i: rank.get(i.id, len(rank)))


@dataclass(slots=True)
class PolicyTree(Node):
    """The policy system (施策体系): levels named by the plan, any depth."""

    title: VText | None
    vision: VText | None  # 将来像 at the left of the 施策体系図
    levels: list[Level]
    items: list[PolicyItem]
    kind: str = "policies"
    revised_order: tuple[str, ...] = ()  # of the top-level items, as on PolicyItem

    def items_in(self, version: str) -> list[PolicyItem]:
        """The top-level items as `version` lists them."""
        return in_order(self.items, version, self.revised_order)

    @property
    def depth(self) -> int:
        """How many levels the tree has."""
        return max((i.level for i in self.walk()), default=-1) + 1

    def walk(self):
        """Every item, depth first."""
        stack = list(reversed(self.items))
        while stack:
            item = stack.pop()
            yield item
            stack.extend(reversed(item.children))


@dataclass(slots=True)
class Part(Node):
    """A chapter, section or subsection: a numbered title over blocks and parts."""

    title: VText
    body: list  # blocks and parts
    level: int = 1
    number: VText = field(default_factory=lambda: VText("", ""))
    appendix: bool = False  # 資料編: a back part, unnumbered
    numbered: bool = True  # False: a chapter without a number (はじめに, 資料編)
    header: VText | None = None
    kind: str = "part"

    def parts(self, version: str) -> list[Part]:
        return [b for b in self.body if isinstance(b, Part) and b.exists[version]]


Block = Paragraph | Note | ItemList | Table | Indicators | Figure | Glossary | PolicyTree | Part


@dataclass(slots=True)
class Chapter:
    """A `kind: chapter` section: one top-level part of the plan book."""

    id: str
    part: Part
    place: Place = NOWHERE
    kind: str = "chapter"
    editions: tuple[str, ...] = ()

    @property
    def title(self) -> VText:
        return self.part.title


@dataclass(slots=True)
class Changes:
    """A `kind: changes` section: the 新旧対照表 of parts of the plan book."""

    id: str
    title: str
    of: list[str]  # ids of parts (chapters, sections); empty: the whole book
    show: tuple[str, ...]  # text | indicators | policies
    context: bool  # unchanged paragraphs: shown as （略） (False) …
    heading: str = ""
    place: Place = NOWHERE
    kind: str = "changes"
    editions: tuple[str, ...] = ("handout",)
