"""The plan as the secretariat wrote it: validated content, no layout.

Every node keeps the `Place` it was read from so that any message about it
can name the file and line. Labels such as 施策方針 or 【現行計画】 are not
here: they are wording, and wording lives in the templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# AuthorNote: the author's notes live on the policy tree (content/book.py)
from planpress.content.book import AuthorNote, Changes, Chapter, PolicyTree  # noqa: F401
from planpress.diagnostics.place import NOWHERE, Place


@dataclass(slots=True)
class Meeting:
    """The committee meeting a handout is prepared for."""

    name: str
    date: date
    place: Place = NOWHERE


@dataclass(slots=True)
class Revision:
    """The revision the document is about: 一部改訂 / 中間見直し / 改定, its date,
    and the labels of the 新旧対照表's columns (current, reason, revised)."""

    name: str
    date: date | None = None
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Meta:
    """Who publishes what, and for which meeting."""

    municipality: str  # 青梅市: the PDF/DOCX author
    plan: str  # 青梅市商・工業振興プラン
    title: str  # the handout's title
    subtitle: str = ""
    handout: str = ""  # 資料2: printed at the top right of the first page
    secretariat: str = ""  # 事務局, e.g. 商工観光課: author of the review edition's changes
    draft: bool = True  # marks 「案」 while under discussion
    meeting: Meeting | None = None
    date: date | None = None  # the document's date; the meeting's if absent
    lang: str = "ja-JP"
    revision: Revision | None = None
    established: date | None = None  # 策定: the plan's first publication
    note: str = ""  # a line for the cover (e.g. that the plan is fictional)
    numbering: tuple[str, ...] = ()  # numbering styles of part levels (第{n}章, {n}, ({n}) …)
    place: Place = NOWHERE

    @property
    def issued(self) -> date | None:
        return self.date or (self.meeting.date if self.meeting else None)


# --- sections ---------------------------------------------------------------


@dataclass(slots=True)
class Prose:
    """Headed paragraphs of running text."""

    id: str
    title: str
    heading: str
    paragraphs: list[str]
    place: Place = NOWHERE
    kind: str = "prose"
    editions: tuple[str, ...] = ()  # the editions it appears in; () for all


@dataclass(slots=True)
class TableSection:
    """A plain table: column labels and rows of text cells."""

    id: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    place: Place = NOWHERE
    kind: str = "table"
    editions: tuple[str, ...] = ()  # the editions it appears in; () for all


@dataclass(slots=True)
class ComparedItem:
    """One labelled value in its old and new wording (e.g. まちの将来像)."""

    label: str
    old: str
    new: str
    place: Place = NOWHERE


@dataclass(slots=True)
class Comparison:
    """Two versions of a short text set side by side (第6次計画 | 第7次計画)."""

    id: str
    title: str
    columns: list[str]  # [old label, new label]
    caption: str  # e.g. 目指すまちの姿, shown at the head of each side
    items: list[ComparedItem]
    notes: list[str] = field(default_factory=list)
    place: Place = NOWHERE
    kind: str = "comparison"
    editions: tuple[str, ...] = ()  # the editions it appears in; () for all


# --- the policy system (施策体系) --------------------------------------------


@dataclass(slots=True)
class PolicyRevision:
    """A `kind: policy_revision` section: the policy system's 新旧対照表 in the
    【現行計画】|【変更方針】|【改訂】 layout.

    `policies` is the plan book's policy tree the table is a view of: read
    from the section's own `groups:` (group → policy → measure, content/
    policies.py), or the book's `policies:` block whose id `of` names
    (resolved after loading). `columns` maps current / notes / revised to the
    column labels, in the order the author wrote them. `placeholders`: show
    （新設）/（削除） on the side an added or removed item is missing from.
    """

    id: str
    title: str
    subtitle: str
    heading: str
    columns: dict[str, str]
    policies: PolicyTree | None
    of: str = ""  # the id of a book's policies block (instead of groups:)
    placeholders: bool = True
    place: Place = NOWHERE
    kind: str = "policy_revision"
    editions: tuple[str, ...] = ()  # the editions it appears in; () for all


Section = Prose | TableSection | Comparison | PolicyRevision | Chapter | Changes


def in_edition(section: Section, edition: str) -> bool:
    """Whether a section appears in an edition (`editions:` in the content)."""
    return not section.editions or edition in section.editions


@dataclass(slots=True)
class Plan:
    """A whole document: its metadata and its sections in order."""

    meta: Meta
    sections: list[Section]
    source: str = ""  # the document.yaml path
    folder: str = ""  # the document folder

    @property
    def chapters(self) -> list[Chapter]:
        """The plan book's chapters (`kind: chapter` sections), in order."""
        return [s for s in self.sections if isinstance(s, Chapter)]
