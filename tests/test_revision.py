"""Comparing two versions of a policy system: kinds, numbers, facts, notes."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planpress.content.book import AuthorNote
from planpress.diagnostics.place import Place
from planpress.revision import (
    Change,
    ChangeKind,
    Kind,
    NoteStatus,
    check_all_notes,
    check_notes,
    load_phrasebook,
    longest_increasing_run,
    pair_by_id,
    read_claims,
)
from planpress.revision.phrases import Claim, Ref

from .conftest import ROOT
from .fixtures.ome_policy_system import FILE, current_system, handout_notes, revised_system
from .helpers.versions import Group, Measure, Policy, PolicySystem, compare

BOOK = load_phrasebook([ROOT / "templates"])

C = ChangeKind
UNCHANGED = (Change(C.UNCHANGED),)


def marked(spans) -> str:
    return "".join(f"[{s.text}]" if s.changed else s.text for s in spans)


def facts(changes) -> list[tuple]:
    """Changes without measure ids, for short expectations."""
    return [(c.kind.value, c.number, c.tag) if c.tag else (c.kind.value, c.number) for c in changes]


# --- small systems -------------------------------------------------------------


def measures(spec: str) -> list[Measure]:
    """ "a b c" → measures a, b, c titled 施策a …; "b=新しい題" sets a title."""
    out = []
    for word in spec.split():
        id, _, title = word.partition("=")
        out.append(Measure(id, title or f"施策{id}"))
    return out


def policy(id: str, spec: str = "", title: str = "", tags: tuple[str, ...] = ()) -> Policy:
    return Policy(id, title or f"方針{id}", measures(spec), tags)


def system(*policies: Policy, group: str = "g") -> PolicySystem:
    return PolicySystem([Group(group, "グループ", list(policies))])


def one_row(current: Policy, revised: Policy):
    (row,) = compare(system(current), system(revised)).rows()
    return row


# --- the source handout ----------------------------------------------------------


@pytest.fixture(scope="module")
def source_diff():
    return compare(current_system(), revised_system())


def test_source_derived_changes(source_diff):
    assert {row.key: facts(row.changes) for row in source_diff.rows()} == {
        "industry/innovation": [("unchanged", None)],
        # the printed handout has no note here: the tool catches both retitles
        "industry/location": [("measure_retitled", 2), ("measure_retitled", 3)],
        "common/talent": [("unchanged", None)],
        "common/management": [("measure_retitled", 2), ("measure_added", 3)],
        "common/brand": [("measure_retitled", 3)],
    }


def test_source_rows_and_numbers(source_diff):
    assert [g.id for g in source_diff.items] == ["industry", "common"]
    assert all(g.kinds == {Kind.UNCHANGED} for g in source_diff.items)
    rows = list(source_diff.rows())
    assert [(r.current_number, r.revised_number) for r in rows] == [
        (1, 1), (2, 2), (1, 1), (2, 2), (3, 3)
    ]  # fmt: skip
    assert rows[0].tags_added == rows[0].tags_removed == ()
    management = source_diff.policy("common/management")
    assert [(m.id, m.current_number, m.revised_number, m.kinds) for m in management.children] == [
        ("foundation", 1, 1, {Kind.UNCHANGED}),
        ("startup", 2, 2, {Kind.RETITLED}),
        ("incubation", None, 3, {Kind.ADDED}),
    ]
    added = management.children[2]
    assert added.current is None and added.revised.title.revised == "青梅版インキュベーションの創出"
    assert marked(added.title.new) == "[青梅版インキュベーションの創出]"
    assert added.title.old == ()


def test_source_measure_title_spans(source_diff):
    spans = {
        m.id: (marked(m.title.old), marked(m.title.new))
        for row in source_diff.rows()
        for m in row.children
        if Kind.RETITLED in m.kinds
    }
    assert spans == {
        "land-policy": ("[産業用地整備方針の作成]", "[新たな産業拠点の形成]"),
        "exchange": (
            "大学・研究機関[、他都市]との交流・連携[の促進]",
            "大学・研究機関との交流・連携[と企業間コミュニティの活動支援]",
        ),
        "startup": (
            "[インキュベーション]を核とした創業支援",
            "[創業支援センター]を核とした創業支援",
        ),
        "agri-commerce": ("農商工連携の促進", "[他産業との連携を含めた]農商工連携の促進"),
    }


def test_source_note_column(source_diff):
    checks, warnings = check_all_notes(source_diff, handout_notes(), BOOK)
    assert warnings == []
    shown = {key: (facts(c.changes), [n.text for n in c.notes]) for key, c in checks.items()}
    assert shown == {
        "industry/innovation": ([("unchanged", None)], []),
        "industry/location": ([("measure_retitled", 2), ("measure_retitled", 3)], []),
        "common/talent": ([("unchanged", None)], []),
        "common/management": ([("measure_retitled", 2), ("measure_added", 3)], []),
        # the committee remark is kept; its 施策3のタイトルを変更 is not printed twice
        "common/brand": ([], ["委員からのご意見を踏まえ、施策3のタイトルを変更"]),
    }
    assert [v.status for v in checks["common/management"].verdicts] == [NoteStatus.SAME] * 2
    assert [v.status for v in checks["common/brand"].verdicts] == [NoteStatus.EXTRA]


def test_source_note_contradiction_warning(source_diff):
    notes = handout_notes()
    notes["common/brand"] = [AuthorNote("構成変更なし", Place(FILE, 120, 9))]
    notes["common/management"] = [AuthorNote("構成変更なし", Place(FILE, 104, 9))]
    checks, warnings = check_all_notes(source_diff, notes, BOOK)
    assert [str(w) for w in warnings] == [
        (
            f"{FILE}:104:9: 警告: 施策方針「中小企業の経営基盤の強化」の注記「構成変更なし」は"
            "内容と合いません（施策2のタイトルを変更、施策3を追加）。注記を直すか削除してください。"
        ),
        (
            f"{FILE}:120:9: 警告: 施策方針「情報発信・青梅ブランドづくりの促進」の注記"
            "「構成変更なし」は内容と合いません（施策3のタイトルを変更）。注記を直すか削除してください。"
        ),
    ]
    # the wrong note is not printed; the facts are
    assert checks["common/brand"].notes == ()
    assert facts(checks["common/brand"].changes) == [("measure_retitled", 3)]


# --- kinds of change ---------------------------------------------------------------


def test_identical_systems_are_unchanged():
    diff = compare(current_system(), current_system())
    for row in diff.rows():
        assert row.changes == UNCHANGED
        assert row.kinds == {Kind.UNCHANGED}
        assert all(m.kinds == {Kind.UNCHANGED} and not m.title.changed for m in row.children)
        assert not row.title.changed


def test_empty_systems():
    assert compare(PolicySystem([]), PolicySystem([])).items == ()
    diff = compare(PolicySystem([]), system(policy("p", "a")))
    (group,) = diff.items
    assert group.kinds == {Kind.ADDED} and group.current_number is None
    (row,) = group.children
    assert row.changes == (Change(C.POLICY_ADDED),)
    assert row.children[0].kinds == {Kind.ADDED}
    diff = compare(system(policy("p")), PolicySystem([]))
    (row,) = diff.rows()
    assert row.changes == (Change(C.POLICY_REMOVED),)
    assert marked(row.title.old) == "[方針p]" and row.title.new == ()


def test_policy_with_no_measures():
    assert one_row(policy("p"), policy("p")).changes == UNCHANGED


def test_measure_removed_uses_current_number():
    row = one_row(policy("p", "a b c d"), policy("p", "a b d"))
    assert facts(row.changes) == [("measure_removed", 3)]
    assert [(m.id, m.current_number, m.revised_number) for m in row.children] == [
        ("a", 1, 1), ("b", 2, 2), ("c", 3, None), ("d", 4, 3)
    ]  # fmt: skip
    # d was renumbered, not moved
    assert row.children[3].kinds == {Kind.UNCHANGED}


def test_measure_added_uses_revised_number():
    row = one_row(policy("p", "a b"), policy("p", "a x b"))
    assert facts(row.changes) == [("measure_added", 2)]
    assert [m.id for m in row.children] == ["a", "x", "b"]


def test_measure_retitled_and_removed_and_added():
    row = one_row(policy("p", "a b c"), policy("p", "a=新題 c n"))
    assert facts(row.changes) == [
        ("measure_retitled", 1),
        ("measure_removed", 2),
        ("measure_added", 3),
    ]
    assert [m.id for m in row.children] == ["a", "b", "c", "n"]
    assert row.kinds == {Kind.UNCHANGED}  # the policy's own title and place stayed


def test_removed_items_stand_where_they_stood():
    row = one_row(policy("p", "x a b y c z"), policy("p", "c a n b"))
    # rows: revised order; each removed item follows the nearest earlier item
    # that kept its place (c moved, so z stays at the end after b, not after c)
    assert [m.id for m in row.children] == ["x", "c", "a", "n", "b", "y", "z"]
    assert [m.id for m in row.children if Kind.MOVED in m.kinds] == ["c"]


def test_reordered_measures_mark_only_the_moved_one():
    row = one_row(policy("p", "a b c d e"), policy("p", "a c d e b"))
    moved = [m.id for m in row.children if Kind.MOVED in m.kinds]
    assert moved == ["b"]
    assert facts(row.changes) == [("measures_reordered", None)]


def test_swapped_measures_mark_one():
    row = one_row(policy("p", "a b"), policy("p", "b a"))
    assert sum(Kind.MOVED in m.kinds for m in row.children) == 1
    assert facts(row.changes) == [("measures_reordered", None)]


def test_moved_and_retitled_measure_has_both_kinds():
    row = one_row(policy("p", "a b c"), policy("p", "c=新題 a b"))
    assert row.children[0].kinds == {Kind.MOVED, Kind.RETITLED}
    assert facts(row.changes) == [("measure_retitled", 1), ("measures_reordered", None)]


def test_policy_retitled_with_spans():
    row = one_row(
        policy("p", "a", title="中小企業の経営基盤の強化"),
        policy("p", "a", title="中小企業の経営基盤の強化と事業承継"),
    )
    assert facts(row.changes) == [("policy_retitled", None)]
    assert row.kinds == {Kind.RETITLED}
    assert marked(row.title.new) == "中小企業の経営基盤の強化[と事業承継]"


def test_tags_added_and_removed():
    row = one_row(policy("p", "a", tags=("重点方針",)), policy("p", "a", tags=("新規",)))
    assert row.kinds == {Kind.RETAGGED}
    assert row.tags_added == ("新規",) and row.tags_removed == ("重点方針",)
    assert facts(row.changes) == [("tag_added", None, "新規"), ("tag_removed", None, "重点方針")]


def test_policies_added_removed_and_moved_in_a_group():
    diff = compare(
        system(policy("a"), policy("b"), policy("c"), policy("d")),
        system(policy("c"), policy("a"), policy("n"), policy("d")),
    )
    rows = {r.id: r for r in diff.rows()}
    assert [r.id for r in diff.rows()] == ["c", "a", "b", "n", "d"]
    assert facts(rows["c"].changes) == [("policy_moved", 1)]
    assert facts(rows["b"].changes) == [("policy_removed", None)]
    assert facts(rows["n"].changes) == [("policy_added", None)]
    assert rows["a"].changes == rows["d"].changes == UNCHANGED
    assert (rows["d"].current_number, rows["d"].revised_number) == (4, 4)


def test_groups_are_paired_by_id():
    current = PolicySystem([Group("x", "工業", [policy("p")]), Group("y", "商業", [policy("q")])])
    revised = PolicySystem([Group("y", "商業振興", [policy("q")]), Group("z", "新", [])])
    diff = compare(current, revised)
    assert [(g.id, g.kinds) for g in diff.items] == [
        ("x", {Kind.REMOVED}),
        ("y", {Kind.RETITLED}),
        ("z", {Kind.ADDED}),
    ]
    assert marked(diff.items[1].title.new) == "商業[振興]"
    assert [r.key for r in diff.rows()] == ["x/p", "y/q"]
    assert diff.policy("x/p").changes == (Change(C.POLICY_REMOVED),)
    assert diff.policy("nope/p") is None


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="duplicate policy item id 'g/p/a'"):
        compare(system(policy("p", "a a")), system(policy("p", "a")))


# --- longest increasing subsequence --------------------------------------------------


@pytest.mark.parametrize(
    ("values", "kept"),
    [
        ([], set()),
        ([0], {0}),
        ([0, 1, 2], {0, 1, 2}),
        ([1, 2, 0], {0, 1}),  # the first moved to the end
        ([2, 0, 1], {1, 2}),  # the last moved to the front
        ([0, 3, 1, 2, 4], {0, 2, 3, 4}),
    ],
)
def test_longest_increasing_run_examples(values, kept):
    assert longest_increasing_run(values) == kept


def _lis_length(values: list[int]) -> int:
    best = [1] * len(values)
    for i, j in itertools.combinations(range(len(values)), 2):
        if values[i] < values[j]:
            best[j] = max(best[j], best[i] + 1)
    return max(best, default=0)


@settings(max_examples=300)
@given(st.permutations(list(range(9))))
def test_longest_increasing_run_is_longest_and_increasing(values):
    run = sorted(longest_increasing_run(values))
    picked = [values[i] for i in run]
    assert picked == sorted(picked)
    assert len(run) == _lis_length(values)


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from("abcdefgh"), unique=True, max_size=8),
    st.lists(st.sampled_from("abcdefgh"), unique=True, max_size=8),
)
def test_pairing_keeps_every_item_once(current_ids, revised_ids):
    current = [Measure(i, i) for i in current_ids]
    revised = [Measure(i, i) for i in revised_ids]
    rows = pair_by_id(current, revised)
    assert [r.revised.id for r in rows if r.revised] == revised_ids
    assert sorted(r.current.id for r in rows if r.current) == sorted(current_ids)
    removed = [r.current.id for r in rows if r.revised is None]
    assert removed == [i for i in current_ids if i not in revised_ids]
    kept = [i for i in revised_ids if i in current_ids]
    moved = sum(r.moved for r in rows)
    assert moved == len(kept) - _lis_length([current_ids.index(i) for i in kept])
    if [i for i in current_ids if i in revised_ids] == kept:
        assert moved == 0


# --- author notes ---------------------------------------------------------------------

AT = Place("document.yaml", 120, 9)


def test_read_claims():
    def claims(text):
        return read_claims(text, BOOK, ["重点方針"])[0]

    assert claims("施策３を追加") == (Claim("measure_added", (Ref(3),)),)
    assert claims("施策2、3のタイトルを変更") == (Claim("measure_retitled", (Ref(2), Ref(3))),)
    found, rest = read_claims("施策2のタイトルを変更し、施策4を削除", BOOK)
    assert found == (Claim("measure_retitled", (Ref(2),)), Claim("measure_removed", (Ref(4),)))
    assert rest.strip(" 、") == ""
    assert claims("施策方針のタイトルを変更") == (Claim("policy_retitled"),)
    assert claims("施策の順序を変更") == (Claim("measures_reordered"),)
    assert claims("委員からのご意見") == ()
    # runs, numberings, the renumbered form, a tag by its short name
    assert claims("施策2～4の名称変更") == (Claim("measure_retitled", (Ref(2), Ref(3), Ref(4))),)
    assert claims("現行の施策3を廃止しました") == (Claim("measure_removed", (Ref(3, "current"),)),)
    assert claims("施策3（現行の施策2）のタイトルを変更") == (
        Claim("measure_retitled", (Ref(3, "revised", 2),)),
    )
    assert claims("重点に追加") == (Claim("tag_added", (), "重点"),)
    assert claims("変更なし") == (Claim("unchanged"),)
    assert claims("構成変更なし") == (Claim("unchanged"),)
    assert claims("施策2と施策3を統合") == (Claim("measures_merged", (Ref(2), Ref(3))),)


def test_note_claiming_an_addition_that_did_not_happen():
    row = one_row(policy("p", "a b c", title="方針"), policy("p", "a b c=新題", title="方針"))
    check = check_notes(row, [AuthorNote("施策3を追加", AT)], BOOK)
    (verdict,) = check.verdicts
    assert verdict.status is NoteStatus.CONTRADICTION
    assert verdict.wrong == (Claim("measure_added", (Ref(3),)),)
    assert [str(w) for w in check.warnings] == [
        (
            "document.yaml:120:9: 警告: 施策方針「方針」の注記「施策3を追加」は内容と合いません"
            "（施策3のタイトルを変更）。注記を直すか削除してください。"
        )
    ]


def test_note_saying_changed_on_an_unchanged_policy():
    row = one_row(policy("p", "a", title="方針"), policy("p", "a", title="方針"))
    check = check_notes(row, [AuthorNote("施策1のタイトルを変更", AT)], BOOK)
    assert "（構成変更なし）" in check.warnings[0].message
    assert check.changes == UNCHANGED


def test_unrecognised_note_is_an_extra_remark_beside_the_facts():
    row = one_row(policy("p", "a"), policy("p", "a b"))
    check = check_notes(row, [AuthorNote("第3回委員会で協議", AT)], BOOK)
    assert check.verdicts[0].status is NoteStatus.EXTRA
    assert facts(check.changes) == [("measure_added", 2)]
    assert [n.text for n in check.notes] == ["第3回委員会で協議"]
    assert check.warnings == ()


def test_extra_remark_hides_only_the_facts_it_states():
    row = one_row(policy("p", "a b"), policy("p", "a=新 b=新 c"))
    check = check_notes(row, [AuthorNote("委員の意見により施策2のタイトルを変更", AT)], BOOK)
    assert facts(check.changes) == [("measure_retitled", 1), ("measure_added", 3)]
    assert len(check.notes) == 1


def test_same_note_is_shown_once_as_the_fact():
    row = one_row(policy("p", "a b"), policy("p", "a=新 b"))
    check = check_notes(row, [AuthorNote("施策1のタイトルを変更。", AT)], BOOK)
    assert check.verdicts[0].status is NoteStatus.SAME
    assert check.notes == ()
    assert facts(check.changes) == [("measure_retitled", 1)]


def test_notes_for_a_missing_policy_are_reported():
    diff = compare(system(policy("p")), system(policy("p")))
    _, warnings = check_all_notes(diff, {"g/gone": [AuthorNote("構成変更なし", AT)]}, BOOK)
    assert [str(w) for w in warnings] == [
        (
            "document.yaml:120:9: 警告: 注記「構成変更なし」の対象「g/gone」に当たる施策方針が"
            "ありません。キー（グループID/施策方針ID）を直すか、注記を削除してください。"
        )
    ]


# --- properties of compare ----------------------------------------------------------------

TITLES = st.sampled_from(["人材の育成支援", "人材の育成", "働く環境の向上", "情報発信の充実"])
MEASURE_LISTS = st.lists(st.sampled_from("abcde"), unique=True, max_size=5).flatmap(
    lambda ids: st.tuples(*[TITLES.map(lambda t, i=i: Measure(i, t)) for i in ids])
)
POLICIES = st.builds(
    lambda pid, title, ms, tagged: Policy(pid, title, list(ms), ("重点方針",) if tagged else ()),
    st.sampled_from("pqr"),
    TITLES,
    MEASURE_LISTS,
    st.booleans(),
)
SYSTEMS = st.lists(POLICIES, max_size=3, unique_by=lambda p: p.id).map(lambda ps: system(*ps))


@settings(max_examples=150, deadline=None)
@given(SYSTEMS)
def test_a_system_compared_with_itself_is_unchanged(plan):
    assert all(
        not row.changed and row.kinds == {Kind.UNCHANGED} for row in compare(plan, plan).rows()
    )


@settings(max_examples=150, deadline=None)
@given(SYSTEMS, SYSTEMS)
def test_facts_agree_with_the_records(current, revised):
    for row in compare(current, revised).rows():
        kinds = [c.kind for c in row.changes]
        assert kinds and (C.UNCHANGED not in kinds or kinds == [C.UNCHANGED])
        if row.current and row.revised:
            added = {m.revised_number for m in row.children if Kind.ADDED in m.kinds}
            removed = {m.current_number for m in row.children if Kind.REMOVED in m.kinds}
            assert {c.number for c in row.changes if c.kind is C.MEASURE_ADDED} == added
            assert {c.number for c in row.changes if c.kind is C.MEASURE_REMOVED} == removed
            assert [m.revised.title.revised for m in row.children if m.revised] == [
                m.title.revised for m in row.revised.children_in("revised")
            ]
            # each fact the engine derives is one a matching note would confirm
            for change in row.changes:
                if change.number is not None and change.kind is not C.POLICY_MOVED:
                    note = AuthorNote(
                        f"施策{change.number}"
                        + {
                            C.MEASURE_ADDED: "を追加",
                            C.MEASURE_REMOVED: "を削除",
                            C.MEASURE_RETITLED: "のタイトルを変更",
                        }[change.kind]
                    )
                    verdict = check_notes(row, [note], BOOK).verdicts[0]
                    assert verdict.status is NoteStatus.SAME, (note.text, row.changes)
        # the column's own words, written as a note, read back as the same facts
        tags = [*row.current_tags, *row.revised_tags]
        for line in lines(row):
            check = check_notes(row, [AuthorNote(line)], BOOK, tags)
            assert check.verdicts[0].status is NoteStatus.SAME, (line, row.changes)
            assert check.verdicts[0].covered


# --- the column's wording: numbering and runs ------------------------------------------


def lines(row) -> tuple[str, ...]:
    return BOOK.fact_lines(row.changes, row.numbering_differs)


def test_a_removed_and_an_added_measure_never_share_a_bare_number():
    row = one_row(policy("p", "a b c"), policy("p", "a c d"))
    assert row.numbering_differs
    assert lines(row) == ("現行の施策2を削除", "施策3を追加")


def test_removing_the_last_measure_needs_no_numbering():
    row = one_row(policy("p", "a b c"), policy("p", "a b"))
    assert not row.numbering_differs
    assert lines(row) == ("施策3を削除",)


def test_a_retitled_measure_under_another_number_names_both():
    row = one_row(policy("p", "a b c"), policy("p", "n a b=新 c=新"))
    assert lines(row) == ("施策1を追加", "施策3～4（現行の施策2～3）のタイトルを変更")


def test_runs_collapse_and_gaps_list():
    spec = " ".join(f"m{i}" for i in range(1, 41))
    revised = " ".join(f"m{i}=新{i}" if i in (*range(2, 38), 39) else f"m{i}" for i in range(1, 41))
    row = one_row(policy("p", spec), policy("p", revised))
    assert lines(row) == ("施策2～37、39のタイトルを変更",)
    two = one_row(policy("p", "a b c"), policy("p", "a b=新 c=新"))
    assert lines(two) == ("施策2、3のタイトルを変更",)


@pytest.mark.parametrize(
    "note",
    [
        "施策2のタイトルを変更",  # the current plan's numbering
        "施策3のタイトルを変更",  # the revised plan's
        "現行の施策2のタイトルを変更",
        "改訂後の施策3の名称変更",
        "施策3（現行の施策2）のタイトルを変更しました",
    ],
)
def test_a_note_in_either_numbering_is_right(note):
    row = one_row(policy("p", "a b"), policy("p", "n a b=新"))
    check = check_notes(row, [AuthorNote(note, AT)], BOOK)
    assert check.verdicts[0].status is NoteStatus.SAME, check.warnings
    assert check.warnings == ()


@pytest.mark.parametrize(
    ("note", "actual"),
    [
        ("現行の施策3のタイトルを変更", "施策1を追加、施策3（現行の施策2）のタイトルを変更"),
        ("改訂後の施策2のタイトルを変更", "施策1を追加、施策3（現行の施策2）のタイトルを変更"),
        ("変更なし", "施策1を追加、施策3（現行の施策2）のタイトルを変更"),
        ("施策1を廃止", "施策1を追加、施策3（現行の施策2）のタイトルを変更"),
        ("施策の順序を変更", "施策1を追加、施策3（現行の施策2）のタイトルを変更"),
        ("施策1と施策2を統合", "施策1を追加、施策3（現行の施策2）のタイトルを変更"),
        ("施策方針の名称を変更", "施策1を追加、施策3（現行の施策2）のタイトルを変更"),
        ("施策方針を新設", "施策1を追加、施策3（現行の施策2）のタイトルを変更"),
    ],
)
def test_a_wrong_note_is_warned_with_the_facts(note, actual):
    row = one_row(policy("p", "a b", title="方針"), policy("p", "n a b=新", title="方針"))
    check = check_notes(row, [AuthorNote(note, AT)], BOOK)
    assert check.verdicts[0].status is NoteStatus.CONTRADICTION
    (warning,) = check.warnings
    assert f"「{note}」" in warning.message and f"（{actual}）" in warning.message


def test_merging_holds_when_a_named_measure_went():
    row = one_row(policy("p", "a b c"), policy("p", "a c=新"))
    for note in ("施策1と施策2を統合", "施策2を施策3に統合し、施策2を削除"):
        check = check_notes(row, [AuthorNote(note, AT)], BOOK)
        assert check.warnings == (), note


def test_tags_are_read_by_their_stem_and_checked():
    row = one_row(policy("p", "a", tags=("重点方針",)), policy("p", "a"))
    tags = ["重点方針"]
    wrong = check_notes(row, [AuthorNote("重点に追加", AT)], BOOK, tags)
    assert "（重点方針から除外）" in wrong.warnings[0].message
    right = check_notes(row, [AuthorNote("「重点方針」を解除", AT)], BOOK, tags)
    assert right.warnings == () and right.verdicts[0].status is NoteStatus.SAME
