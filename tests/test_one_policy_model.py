"""One model of the policy system: the example handout's 施策体系 written as a
`policy_revision` section's own groups (content/ome-shoko-plan) and written
as a plan book's `policies:` block shown by `kind: policy_revision` with
`of:` (tests/fixtures/ome-book) are one tree, compared by one engine, and
come out as the same 新旧対照表: the same PDF text and underlines page by page
(the example's golden), the same Word document but for the value bookmarks
(only the section's own groups have value paths for `planpress absorb`),
the same note column and the same note warnings."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planpress.content.load import plan_from_text
from planpress.pipeline import Project, build_document, document_tree
from planpress.revision import compare_tree, load_phrasebook
from planpress.revision.table import revision_tables

from .conftest import EXAMPLE, ROOT
from .helpers.projects import make_project
from .helpers.tabletext import table_with_header
from .test_goldens import pdf_golden
from .test_revision_table import CURRENT, rows_text

BOOK_PART = Path(__file__).parent / "fixtures" / "ome-book" / "policy_system.yaml"
OLD = (EXAMPLE / "document.yaml").read_text(encoding="utf-8")
SECTION = "  # 4. 記載事項の方針"


def book_version(old: str = OLD) -> str:
    """The example with its policy_revision section replaced by the book format."""
    return old[: old.index(SECTION)] + BOOK_PART.read_text(encoding="utf-8")


def plan_of(text: str):
    return plan_from_text(text, "document.yaml")


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> dict[str, dict[str, Path]]:
    out = {}
    for name, text in (("groups", OLD), ("book", book_version())):
        root = make_project(tmp_path_factory.mktemp(name), text, "ome")
        built = build_document(Project(root), root / "content" / "ome", "handout", force=True)
        out[name] = {p.suffix: p for p in built.files}
    return out


def test_the_two_formats_read_into_one_tree():
    (old,) = [s for s in plan_of(OLD).sections if s.kind == "policy_revision"]
    (new,) = [s for s in plan_of(book_version()).sections if s.kind == "policy_revision"]

    def shape(tree):
        return [
            (i.level, i.key, i.title.current, i.title.revised, i.exists, i.number.current,
             i.number.revised, i.tags, [n.text for n in i.notes])
            for i in tree.walk()
        ]  # fmt: skip

    assert shape(old.policies) == shape(new.policies)
    assert [lv.name for lv in old.policies.levels] == [lv.name for lv in new.policies.levels]
    assert new.policies.id == "system" and new.of == "system"


def test_the_same_comparison_and_note_column():
    phrases = load_phrasebook([ROOT / "templates"])
    tables = {}
    for name, text in (("groups", OLD), ("book", book_version())):
        plan = plan_of(text)
        tables[name] = revision_tables(plan.sections, phrases)["policies"]
    old, new = tables["groups"], tables["book"]
    assert [(r.id, r.changes) for r in old.diff.rows()] == [
        (r.id, r.changes) for r in new.diff.rows()
    ]

    def column(table):
        return {
            key.split("/")[-1]: (c.changes, c.facts, [n.text for n in c.notes], c.contradicted)
            for key, c in table.columns.items()
        }

    assert column(old) == column(new)
    assert column(new)["brand"][2] == ["委員からのご意見を踏まえ、施策3のタイトルを変更"]
    assert compare_tree(plan_of(OLD).sections[-1].policies).row_level == 1


def test_the_same_table_in_the_document_tree():
    trees = [
        document_tree(Project(ROOT), EXAMPLE, plan_of(text), "handout")
        for text in (OLD, book_version())
    ]
    old, new = (rows_text(table_with_header(t, CURRENT)) for t in trees)
    assert old == new
    golden = (ROOT / "tests" / "goldens" / "ome-shoko-plan.revision-table.txt").read_text("utf-8")
    assert new == golden
    assert "[新たな産業拠点の形成]" in new and "[施策3　][青梅版インキュベーションの創出]" in new


def test_the_same_pdf_page_by_page_as_the_example_golden(handouts):
    golden = (ROOT / "tests" / "goldens" / "ome-shoko-plan.handout.pdf.txt").read_text("utf-8")
    assert pdf_golden(handouts["book"][".pdf"]) == golden
    assert pdf_golden(handouts["groups"][".pdf"]) == golden


def _without_bookmarks(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    return re.sub(r"<w:bookmark(Start|End)\b[^>]*/>", "", xml)


def test_the_same_word_document_but_for_value_bookmarks(handouts):
    old, new = (_without_bookmarks(handouts[n][".docx"]) for n in ("groups", "book"))
    assert old == new
    assert "一部改訂計画(案)" in new


def test_the_same_note_warnings():
    """A note that contradicts the content warns alike in both formats."""
    wrong = "[施策2のタイトルを変更, 施策3を追加]"
    old = OLD.replace(wrong, "[施策2を削除]")
    new = book_version(old).replace(wrong, "[施策2を削除]")
    assert old != OLD and new != book_version()
    phrases = load_phrasebook([ROOT / "templates"])
    messages = []
    for text in (old, new):
        table = revision_tables(plan_of(text).sections, phrases)["policies"]
        messages.append([w.message for w in table.warnings])
    assert messages[0] == messages[1] and len(messages[0]) == 1
    assert "施策2を削除" in messages[0][0]


# --- the layout for any book tree -------------------------------------------------

BOOK_DOC = """\
document:
  municipality: みさき野市（架空）
  plan: みさき野市観光振興計画
  title: 中間見直しについて
sections:
  - kind: chapter
    id: ch
    editions: [official]
    title: 施策の展開
    body:
      - id: tree
        levels: {levels}
        policies:
{items}
  - kind: policy_revision
    id: table
    of: tree
    title: 施策体系の新旧対照表
"""

MOVE = """\
          - id: p1
            title: 里山の観光
            children:
              - {id: a, title: 農泊の推進, only: current}
              - {id: b, title: 里山ガイドの育成}
          - id: p2
            title: 食と体験
            children:
              - {id: c, title: 地元食材の活用}
              - {id: a, title: 農泊の推進, only: revised}
"""


def table_text(levels: str, items: str) -> str:
    plan = plan_of(BOOK_DOC.format(levels=levels, items=items))
    tree = document_tree(Project(ROOT), EXAMPLE, plan, "handout")
    return rows_text(table_with_header(tree, CURRENT))


def test_a_measure_moved_between_policies_of_a_book_reads_as_removed_and_added():
    text = table_text('[{name: 施策方針, number: "{n}"}, {name: 施策, number: "{n}"}]', MOVE)
    rows = text.split("== body\n")[1:]
    assert len(rows) == 2  # no group level: the rows stand under the header
    assert "施策方針1 / 里山の観光 / [施策1　][農泊の推進] / [施策2]　里山ガイドの育成" in rows[0]
    assert "現行の施策1を削除" in rows[0] and "（削除） / [施策1]　里山ガイドの育成" in rows[0]
    assert "施策方針2 / 食と体験 / 施策1　地元食材の活用 / （新設）" in rows[1]
    assert "施策2を追加" in rows[1] and "[施策2　][農泊の推進]" in rows[1]


def test_a_deeper_book_tree_opens_each_group_level():
    items = """\
          - id: g
            title: 基本目標の一
            children:
              - id: s
                title: 基本方針の一
                children:
                  - id: p
                    title: {current: 施策の一, revised: 施策の一改}
                    children:
                      - {id: x, title: 取組の一}
"""
    levels = "[{name: 基本目標}, {name: 基本方針}, {name: 施策}, {name: 取組}]"
    text = table_text(levels, items)
    assert text.index("（基本目標の一）") < text.index("（基本方針の一）") < text.index("== body")
    # the row level's own name and number style ({path} by default), the
    # children's too; the note column is worded by the phrase catalogue
    assert "施策1-1-1 / 施策の[一] / 取組1-1-1-1　取組の一" in text
    assert "施策1-1-1 / 施策の[一改] / 取組1-1-1-1　取組の一" in text
    assert "施策方針のタイトルを変更" in text


def test_in_a_sections_own_groups_ids_pair_within_their_parent():
    """The same measure id under two policies is two measures (no error, no
    move): the format's rule, kept by reading each id as its path."""
    old = (
        OLD[: OLD.index("    groups:")]
        + """\
    groups:
      - id: g
        title: 工業振興施策
        policies:
          - id: p1
            title: 方針一
            measures:
              - {id: x, title: 共通の施策}
              - {id: y, title: 移る施策, only: current}
          - id: p2
            title: 方針二
            measures:
              - {id: x, title: 共通の施策}
              - {id: y, title: 移る施策, only: revised}
"""
    )
    (section,) = [s for s in plan_of(old).sections if s.kind == "policy_revision"]
    ids = [i.id for i in section.policies.walk()]
    assert ids == ["g", "g/p1", "g/p1/x", "g/p1/y", "g/p2", "g/p2/x", "g/p2/y"]
    rows = list(compare_tree(section.policies).rows())
    assert [[c.kind.value for c in r.changes] for r in rows] == [
        ["measure_removed"],
        ["measure_added"],
    ]
    assert all(c.moved_from is None and c.moved_to is None for r in rows for c in r.children)


# --- any policy system, both ways ---------------------------------------------------

TITLES = st.sampled_from(["人材の育成支援", "人材の育成", "働く環境の向上", "情報発信の充実"])
ONLY = st.sampled_from([None, None, None, "current", "revised"])


@st.composite
def systems(draw):
    """A random policy system: (group → policy → measure) nodes with titles
    that may change, items in one version only, tags, notes; ids unique
    across the tree (as the book needs)."""
    counter = iter(range(1000))

    def present(n, version: str) -> bool:
        return n["eff"] in (None, version)

    def keep_one(kids, parent_eff) -> None:
        """Each version the parent is in keeps a child (the format's rule)."""
        for version in ("current", "revised"):
            if parent_eff in (None, version) and not any(present(k, version) for k in kids):
                kids[0]["eff"], kids[0]["only"] = parent_eff, None

    def node(level: int, parent_eff):
        own = draw(ONLY) if parent_eff is None else None
        eff = own or parent_eff
        title = draw(TITLES)
        new = draw(st.one_of(st.none(), TITLES)) if eff is None else None
        kids = []
        if level < 2:
            kids = [node(level + 1, eff) for _ in range(draw(st.integers(1, 3)))]
            keep_one(kids, eff)
        return {
            "id": f"n{next(counter)}",
            "title": title,
            "new": new if new != title else None,
            "only": own,
            "eff": eff,
            "tag": level == 1 and draw(st.booleans()),
            "notes": level == 1 and draw(st.booleans()),
            "kids": kids,
        }

    tree = [node(0, None) for _ in range(draw(st.integers(1, 2)))]
    keep_one(tree, None)
    return tree


def _title(n) -> str:
    return f"{{current: {n['title']}, revised: {n['new']}}}" if n["new"] else n["title"]


def _as_yaml(tree, indent: str, tag_line: str, children_key) -> str:
    """The random tree as YAML list items; `children_key(node, level)` names
    the key its children stand under (None: written without them)."""
    out = []

    def write(n, level, pad):
        out.append(f"{pad}- id: {n['id']}\n{pad}  title: {_title(n)}\n")
        if n["only"]:
            out.append(f"{pad}  only: {n['only']}\n")
        if n["tag"]:
            out.append(f"{pad}  {tag_line}\n")
        if n["notes"]:
            out.append(f"{pad}  notes: [施策2を追加, 委員の意見による]\n")
        if key := children_key(n, level):
            out.append(f"{pad}  {key}:\n")
            for k in n["kids"]:
                write(k, level + 1, pad + "    ")

    for n in tree:
        write(n, 0, indent)
    return "".join(out)


def as_groups(tree) -> str:
    keys = ("policies", "measures", None)
    return "    groups:\n" + _as_yaml(
        tree, "      ", "tags: [重点方針]", lambda n, level: keys[level]
    )


def as_book(tree) -> str:
    return _as_yaml(tree, "          ", "tag: 重点方針", lambda n, level: n["kids"] and "children")


HEAD = """\
document:
  municipality: 青梅市
  plan: 青梅市商・工業振興プラン
  title: 一部改訂について
sections:
"""
LEVELS = (
    '[{name: 分類, number: "{n}"}, {name: 施策方針, number: "{n}"}, {name: 施策, number: "{n}"}]'
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(systems())
def test_any_policy_system_gives_the_same_table_both_ways(tree):
    groups = HEAD + "  - kind: policy_revision\n    id: t\n    title: 施策体系\n" + as_groups(tree)
    book = HEAD + (
        "  - kind: chapter\n    id: ch\n    editions: [official]\n    title: 施策体系\n"
        f"    body:\n      - id: tree\n        levels: {LEVELS}\n        policies:\n"
        + as_book(tree)
        + "  - kind: policy_revision\n    id: t\n    of: tree\n    title: 施策体系\n"
    )
    texts, warnings = [], []
    for text in (groups, book):
        plan = plan_of(text)
        document = document_tree(Project(ROOT), EXAMPLE, plan, "handout")
        texts.append(rows_text(table_with_header(document, CURRENT)))
        table = revision_tables(plan.sections, load_phrasebook([ROOT / "templates"]))["t"]
        warnings.append([w.message for w in table.warnings])
    assert texts[0] == texts[1]
    assert warnings[0] == warnings[1]
