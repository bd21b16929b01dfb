"""A hand-made plan book in the document markup (no content model): cover,
contents, chapters with numbered headings and their own running header, a
figure, an indicator table with merged cells, a 施策体系図, written out as
markup text so the tests go through the markup parser like a template's
output does."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from PIL import Image, ImageDraw

PLAN = "架空市商工業振興プラン"
BODY = (
    "これは第{chapter}章の本文の段落{n}です。市内の事業所数は減少傾向にあり、従業者数も横ばいで"
    "推移しています。今後の産業振興には、事業者の経営基盤の強化と新たな担い手の確保が欠かせません。"
)


@dataclass
class Tree:
    """A diagram node as the test knows it."""

    text: str
    children: list[Tree] = field(default_factory=list)
    emphasis: bool = False

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def policy_tree(groups: int = 3, policies: int = 3, measures: int = 3) -> list[Tree]:
    """基本目標 → 基本方針 → 施策, with texts of different lengths."""
    return [
        Tree(
            f"基本目標{g} 活力ある産業のまちをつくる",
            [
                Tree(
                    f"{g}-{p} 事業者の経営基盤を強化する" + "とともに販路を広げる" * (p % 2),
                    [
                        Tree(f"{g}-{p}-{m} 中小企業の設備投資と人材育成を支援する" * (1 + m % 2))
                        for m in range(1, measures + 1)
                    ],
                    emphasis=p == 1,
                )
                for p in range(1, policies + 1)
            ],
        )
        for g in range(1, groups + 1)
    ]


def diagram_markup(nodes: list[Tree], title: str = "図 施策体系図") -> str:
    def node(tree: Tree) -> str:
        emphasis = ' emphasis="1"' if tree.emphasis else ""
        inner = "".join(node(c) for c in tree.children)
        return f'<node text="{escape(tree.text)}"{emphasis}>{inner}</node>'

    body = "".join(node(n) for n in nodes)
    return f'<diagram title="{title}" levels="基本目標,基本方針,施策">{body}</diagram>'


def figure_file(folder: Path, suffix: str = ".png") -> Path:
    """A small picture (a framed diagonal) to place as a figure."""
    image = Image.new("RGB", (400, 250), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([20, 20, 380, 230], outline="black", width=4)
    draw.line([20, 20, 380, 230], fill="black", width=3)
    path = folder / f"figure{suffix}"
    image.save(path)
    return path


def svg_file(folder: Path) -> Path:
    path = folder / "figure.svg"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150">'
        '<rect x="10" y="10" width="280" height="130" fill="none" stroke="black"/>'
        '<line x1="10" y1="10" x2="290" y2="140" stroke="black"/></svg>',
        encoding="utf-8",
    )
    return path


INDICATORS = (
    '<table widths="3,2,2,1"><row kind="header"><cell style="cell-head">指標</cell>'
    '<cell style="cell-head">現状値</cell><cell style="cell-head">目標値</cell>'
    '<cell style="cell-head">単位</cell></row>'
    '<row><cell rowspan="2">創業に関する指標</cell><cell align="right">1,234件（R4）</cell>'
    '<cell align="right">1,500件（R9）</cell><cell align="center">件</cell></row>'
    '<row><cell align="right">12件（R4）</cell><cell align="right">20件（R9）</cell>'
    '<cell align="center">社</cell></row></table>'
)


def chapter_title(c: int) -> str:
    return f"章の題名その{c}"


def book_markup(
    figure: Path,
    chapters: int = 5,
    sections: int = 3,
    paragraphs: int = 8,
    diagram: list[Tree] | None = None,
) -> str:
    """A book of roughly 5 pages per chapter at the defaults (about 28 pages)."""
    parts = [
        f'<document title="{PLAN}" author="架空市" date="2024-03-01" header="{PLAN}">',
        (
            '<section role="cover" numbering="none">'
            f'<p style="cover-title">{PLAN}</p><p style="cover-subtitle">まちの活力を育てる</p>'
            '<p style="cover-meta">令和6年3月 一部改訂</p><p style="cover-meta">架空市</p></section>'
        ),
        '<section role="front" start="page" numbering="none"><toc title="目次" depth="2"/></section>',
    ]
    for c in range(1, chapters + 1):
        blocks = [f'<h level="1" number="第{c}章" anchor="ch{c}">{chapter_title(c)}</h>']
        if c == 2:
            blocks.append(
                f'<figure src="{figure}" alt="事業所数の推移を示す図" width="0.6">'
                "<caption>図1 事業所数の推移</caption></figure>"
            )
            blocks.append(INDICATORS)
        for s in range(1, sections + 1):
            blocks.append(f'<h level="2" number="{s}">節の見出し{c}-{s}</h>')
            blocks += [f"<p>{BODY.format(chapter=c, n=n)}</p>" for n in range(paragraphs)]
            blocks.append(f'<h level="3" number="({s})">小見出し{c}-{s}</h>')
            blocks += [f"<p>{BODY.format(chapter=c, n=n)}</p>" for n in range(paragraphs // 2)]
            blocks.append(f'<h level="4" number="①">細目{c}-{s}</h>')
        header = f"第{c}章　{chapter_title(c)}"
        parts.append(f'<section start="page" header="{header}">{"".join(blocks)}</section>')
        if c == 4 and diagram is not None:
            parts.append(
                f'<section start="page" header="{header}">{diagram_markup(diagram)}</section>'
            )
    parts.append("</document>")
    return "\n".join(parts)
