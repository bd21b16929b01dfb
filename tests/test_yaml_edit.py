"""Splicing values into YAML text: only the value changes, and it reads back."""

from __future__ import annotations

import pytest
import yaml

from planpress.content.value_paths import ValuePath, parse_path
from planpress.content.yaml_edit import YamlText

SOURCE = """\
# comment kept
document:
  title: 表題   # trailing comment kept
  quoted: "引用"
sections:
  - id: a
    paragraphs:
      - >-
        一つ目の段落。
      - 二つ目
      - 三つ目

    rows:
      - [第1章, 本文, 注]
    groups:
      - id: g
        title: 分類
        policies:
          - {id: p, title: 方針}
"""


def edited(steps: str, new: str) -> str:
    doc = YamlText(SOURCE)
    located = doc.locate(parse_path(steps))
    doc.replace(located.node, new)
    return doc.result()


def only_difference(before: str, after: str) -> tuple[list[str], list[str]]:
    a, b = before.splitlines(), after.splitlines()
    return [x for x in a if x not in b], [x for x in b if x not in a]


@pytest.mark.parametrize(
    ("path", "new"),
    [
        ("document/title", "新しい表題"),
        ("document/title", "表題: 副題 # 記号"),  # must be quoted
        ("document/quoted", '「引用」と"記号"'),
        ("sections/#a/paragraphs/0", "書き換えた段落。"),
        ("sections/#a/paragraphs/1", "- 先頭がハイフン"),
        ("sections/#a/rows/0/1", "本文, 読点[括弧]"),  # a flow list: , and [] quoted
        ("sections/#a/groups/#g/policies/#p/title", "方針, 改"),
    ],
)
def test_replace_changes_one_value_and_it_reads_back(path, new):
    after = edited(path, new)
    removed, added = only_difference(SOURCE, after)
    assert len(removed) == len(added) == 1
    data = yaml.safe_load(after)
    node = data
    for step in parse_path(path).steps:
        if isinstance(step, str) and step.startswith("#"):
            node = next(item for item in node if item.get("id") == step[1:])
        else:
            node = node[step]
    assert node == new
    assert "# comment kept" in after and "# trailing comment kept" in after


def test_split_a_plain_value_into_current_and_revised():
    doc = YamlText(SOURCE)
    located = doc.locate(ValuePath(("sections", "#a", "groups", "#g", "title")))
    doc.split(located, "分類", "新しい分類")
    after = doc.result()
    assert yaml.safe_load(after)["sections"][0]["groups"][0]["title"] == {
        "current": "分類",
        "revised": "新しい分類",
    }
    assert "        title:\n          current: 分類\n          revised: 新しい分類\n" in after
    flow = YamlText(SOURCE)
    located = flow.locate(ValuePath(("sections", "#a", "groups", "#g", "policies", "#p", "title")))
    flow.split(located, "方針", "新しい方針")
    assert "{id: p, title: {current: 方針, revised: 新しい方針}}" in flow.result()


@pytest.mark.parametrize("index", [0, 1, 2])
def test_delete_a_list_item_keeps_the_rest(index):
    doc = YamlText(SOURCE)
    sequence = doc.locate(ValuePath(("sections", "#a", "paragraphs"))).node
    assert doc.delete_item(sequence, index)
    after = doc.result()
    items = ["一つ目の段落。", "二つ目", "三つ目"]
    assert yaml.safe_load(after)["sections"][0]["paragraphs"] == items[:index] + items[index + 1 :]
    assert "\n\n    rows:" in after  # the blank line after the list stays


def test_unknown_paths_are_not_found():
    doc = YamlText(SOURCE)
    for text in ("document/nothing", "sections/#b/title", "sections/#a/paragraphs/9"):
        assert doc.locate(parse_path(text)) is None
    assert parse_path("") is None and parse_path("a//b") is None and parse_path("a@x") is None
