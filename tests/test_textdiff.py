"""Inline diff of Japanese texts: spans as a person would underline them."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planpress.revision.textdiff import Span, TextDiff, diff_text, is_boundary


def marked(spans: tuple[Span, ...]) -> str:
    """Write spans as text with the changed parts in [brackets]."""
    return "".join(f"[{s.text}]" if s.changed else s.text for s in spans)


# Expected underlines decided by reading the texts, one pair per line:
# (old, new, old as underlined, new as underlined).
SOURCE_RETITLES = [
    # 工業振興施策 施策方針2 施策2: the whole title is reworded; the shared 産業
    # is half of 産業用地 and of 産業拠点, so it is not left as an island.
    (
        "産業用地整備方針の作成",
        "新たな産業拠点の形成",
        "[産業用地整備方針の作成]",
        "[新たな産業拠点の形成]",
    ),
    # 工業振興施策 施策方針2 施策3
    (
        "大学・研究機関、他都市との交流・連携の促進",
        "大学・研究機関との交流・連携と企業間コミュニティの活動支援",
        "大学・研究機関[、他都市]との交流・連携[の促進]",
        "大学・研究機関との交流・連携[と企業間コミュニティの活動支援]",
    ),
    # 商工業共通振興施策 施策方針2 施策2
    (
        "インキュベーションを核とした創業支援",
        "創業支援センターを核とした創業支援",
        "[インキュベーション]を核とした創業支援",
        "[創業支援センター]を核とした創業支援",
    ),
    # 商工業共通振興施策 施策方針3 施策3
    (
        "農商工連携の促進",
        "他産業との連携を含めた農商工連携の促進",
        "農商工連携の促進",
        "[他産業との連携を含めた]農商工連携の促進",
    ),
]

SOURCE_VISION = [
    # まちの将来像: only the city's name stays.
    (
        "みどりと清流、歴史と文化、ふれあいと活力のまち 青梅 ―ゆめ・うめ・おうめ―",
        "美しい山と渓谷に抱かれ、東京に暮らす 青梅",
        "[みどりと清流、歴史と文化、ふれあいと活力のまち] 青梅 [―ゆめ・うめ・おうめ―]",
        "[美しい山と渓谷に抱かれ、東京に暮らす] 青梅",
    ),
    # 基本理念①
    (
        "豊かな自然環境の中で快適で文化的な暮らしができるまち",
        "豊かな自然と都市機能が調和した持続可能なまち",
        "豊かな自然[環境の中で快適で文化的な暮らしができる]まち",
        "豊かな自然[と都市機能が調和した持続可能な]まち",
    ),
    # 基本理念②: the shared る of ある / 暮らせる belongs to the changed words.
    (
        "人と人との心のふれあいがあるまち",
        "多様性を認め合い、みんなが健やかに暮らせるまち",
        "[人と人との心のふれあいがある]まち",
        "[多様性を認め合い、みんなが健やかに暮らせる]まち",
    ),
    # 基本理念③
    (
        "安全で安心して暮らせるまち",
        "歴史と文化を継承し、人も産業も育むまち",
        "[安全で安心して暮らせる]まち",
        "[歴史と文化を継承し、人も産業も育む]まち",
    ),
]

OTHER_CASES = [
    # a dropped modifier inside a kanji compound is marked alone
    (
        "市内主要製造業の事業環境の向上",
        "市内製造業の事業環境の向上",
        "市内[主要]製造業の事業環境の向上",
        "市内製造業の事業環境の向上",
    ),
    # a katakana word is marked whole, not from its first differing letter
    (
        "コミュニティの活動",
        "コミュニケーションの活動",
        "[コミュニティ]の活動",
        "[コミュニケーション]の活動",
    ),
    # a number is marked whole
    ("2017年3月に策定", "2023年3月に策定", "[2017]年3月に策定", "[2023]年3月に策定"),
    # an inserted phrase sits on phrase boundaries (活動の, not の活動)
    ("地域の促進", "地域の活動の促進", "地域の促進", "地域の[活動の]促進"),
    # the raw diff inserts の支援 after 市; the phrase that came is 支援の
    ("市の推進事業", "市の支援の推進事業", "市の推進事業", "市の[支援の]推進事業"),
    # a two-kanji word is marked whole (作成 → 形成, not 作 → 形)
    ("事業計画の作成", "事業計画の形成", "事業計画の[作成]", "事業計画の[形成]"),
    # the typo fix of the extracted source: the word 改訂 is marked, not one kanji
    ("一部改订計画", "一部改訂計画", "一部[改订]計画", "一部[改訂]計画"),
]


@pytest.mark.parametrize(("old", "new", "old_marked", "new_marked"), SOURCE_RETITLES)
def test_source_retitled_measures(old, new, old_marked, new_marked):
    diff = diff_text(old, new)
    assert (marked(diff.old), marked(diff.new)) == (old_marked, new_marked)


@pytest.mark.parametrize(("old", "new", "old_marked", "new_marked"), SOURCE_VISION)
def test_source_vision_texts(old, new, old_marked, new_marked):
    diff = diff_text(old, new)
    assert (marked(diff.old), marked(diff.new)) == (old_marked, new_marked)


@pytest.mark.parametrize(("old", "new", "old_marked", "new_marked"), OTHER_CASES)
def test_word_level_marks(old, new, old_marked, new_marked):
    diff = diff_text(old, new)
    assert (marked(diff.old), marked(diff.new)) == (old_marked, new_marked)


def test_identical_texts_have_no_marks():
    diff = diff_text("情報発信の充実", "情報発信の充実")
    assert diff == TextDiff((Span("情報発信の充実", False),), (Span("情報発信の充実", False),))
    assert not diff.changed


def test_empty_texts():
    assert diff_text("", "") == TextDiff((), ())
    assert diff_text("", "施策") == TextDiff((), (Span("施策", True),))
    assert diff_text("施策", "") == TextDiff((Span("施策", True),), ())


def test_whole_text_added_or_removed():
    assert TextDiff.added("青梅版インキュベーションの創出").new == (
        Span("青梅版インキュベーションの創出", True),
    )
    assert TextDiff.removed("x").old == (Span("x", True),)
    assert TextDiff.added("") == TextDiff((), ())


def test_spaces_at_the_edge_of_a_change_are_not_underlined():
    diff = diff_text("青梅 ゆめ", "青梅")
    assert diff.old == (Span("青梅 ", False), Span("ゆめ", True))
    # but a change that is only a space still shows
    diff = diff_text("青梅 市", "青梅市")
    assert diff.changed


def test_boundaries():
    assert is_boundary("創業支援センター", 4)  # kanji | katakana
    assert not is_boundary("センター", 2)
    assert is_boundary("大学・研究", 2) and is_boundary("大学・研究", 3)
    assert is_boundary("abc", 0) and is_boundary("abc", 3)


# --- properties ----------------------------------------------------------------

JAPANESE = st.text(
    alphabet=st.sampled_from(
        list("のとがをにはしたるまち産業用地整備方針作成形新拠点青梅センターインキュベション")
        + list("、・ ―12ab")
    ),
    max_size=30,
)
ANY_TEXT = st.one_of(JAPANESE, st.text(max_size=20))


def joined(spans):
    return "".join(s.text for s in spans)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, ANY_TEXT)
def test_spans_rebuild_both_texts(old, new):
    diff = diff_text(old, new)
    assert joined(diff.old) == old
    assert joined(diff.new) == new


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, ANY_TEXT)
def test_spans_are_tidy(old, new):
    diff = diff_text(old, new)
    for side in (diff.old, diff.new):
        assert all(s.text for s in side)  # no empty spans
        assert all(a.changed != b.changed for a, b in itertools.pairwise(side))  # merged runs


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, ANY_TEXT)
def test_unmarked_text_is_shared(old, new):
    """What is left unmarked reads the same on both sides (spaces aside)."""
    diff = diff_text(old, new)

    def kept(spans):
        return "".join(s.text for s in spans if not s.changed).replace(" ", "")

    def is_space(s):
        return not s.text.strip()

    if all(not s.changed or is_space(s) for s in diff.old + diff.new):
        return  # only whitespace changed; nothing else to compare
    assert "".join(kept(diff.old).split()) == "".join(kept(diff.new).split())


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT, ANY_TEXT)
def test_different_texts_are_marked(old, new):
    assert diff_text(old, new).changed == (old != new)


@given(ANY_TEXT)
def test_identical_texts_are_never_marked(text):
    diff = diff_text(text, text)
    assert not diff.changed
    assert joined(diff.old) == joined(diff.new) == text
