"""Markup rendered in pieces (render_chunks) parses to the same tree as one string."""

from __future__ import annotations

from planpress.render.markup import parse_markup

MARKUP = """<?at handout.xml.j2 1?><document title="計画" author="青梅市" lang="ja">
  <?at handout.xml.j2 2?><section orientation="portrait">
    <?at handout.xml.j2 3?><h level="1">第1章　計画の&lt;目的&gt;</h>
    <p style="body">青梅市では、
      <u>計画的に</u>商・工業の<b>振興</b>を図る。&amp; more text
      after a line break of the template<br/>and a forced one.</p>
    <table widths="1,3">
      <row kind="header"><cell>章</cell><cell>方向性</cell></row>
      <row><cell>第1章</cell><cell>計画の位置づけについて
        一部改訂を行う。</cell></row>
    </table>
  </section>
</document>"""


def _pieces(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def test_pieces_cut_anywhere_give_the_tree_of_one_string():
    whole = parse_markup(MARKUP)
    for size in (1, 2, 3, 7, 16, 100, len(MARKUP)):
        pieces = _pieces(MARKUP, size)
        assert parse_markup(pieces) == whole, size
        assert pieces == []  # read and let go
