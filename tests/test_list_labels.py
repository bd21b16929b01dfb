"""A list item's label is what the template marks with <lbl>, never a guess
from the item's text."""

from __future__ import annotations

import pytest

from planpress import ir
from planpress.render.markup import MarkupError, parse_markup


def items(body: str) -> list[ir.Paragraph]:
    document = parse_markup(f"<document><section><list>{body}</list></section></document>")
    (lst,) = document.sections[0].children
    return lst.items


def test_the_marked_start_of_an_item_is_its_label():
    found = items(
        "<item><lbl>・</lbl>本文</item>"
        "<item><lbl><u>施策3</u>　</lbl><v at='x'>題名</v></item>"
        "<item><del><lbl>施策4　</lbl>消えた題名</del></item>"
        "<item>1　番号のような本文</item>"
    )
    assert [item.label for item in found] == ["・", "施策3　", "施策4　", ""]
    # The label's text stays in the item: the writers set it as before.
    assert [ir.plain_text(item.children) for item in found] == [
        "・本文",
        "施策3　題名",
        "施策4　消えた題名",
        "1　番号のような本文",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "<item>本文<lbl>・</lbl></item>",  # not at the start
        "<item><u>本</u><lbl>・</lbl></item>",
        "<p><lbl>・</lbl>段落</p>",  # not in an item
    ],
)
def test_a_label_anywhere_else_is_a_template_error(body):
    markup = f"<document><section><list>{body}</list></section></document>"
    if body.startswith("<p>"):
        markup = f"<document><section>{body}</section></document>"
    with pytest.raises(MarkupError) as raised:
        parse_markup(markup)
    assert "<lbl>" in str(raised.value)
