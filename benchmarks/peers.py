"""Peers: the same document typeset by Typst and by WeasyPrint (PDF only).

Each walks the project's document.yaml as bare.py does and writes a Typst
source or an HTML page with the same paragraphs, tables and cells, the
policy system's three-column table, portrait prose and landscape tables,
the BIZ UD fonts from the project's fonts/ folder.

    python benchmarks/peers.py typst PROJECT_DIR        # PROJECT_DIR/peers/typst.pdf
    python benchmarks/peers.py weasyprint PROJECT_DIR   # PROJECT_DIR/peers/weasyprint.pdf

Exit code 3 when the engine is not installed (pip install -e ".[bench]").
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

import yaml
from bare import Loader, exists_in, policy_lines, policy_notes

LANDSCAPE = ("comparison", "policy_revision")


# -- Typst -------------------------------------------------------------------------


def t(text: str) -> str:
    """Text as a Typst string expression: no markup in content is interpreted."""
    return '#"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def cell_lines(lines: list[tuple[str, bool]]) -> str:
    return " \\ ".join(f"#underline[{t(x)}]" if changed else t(x) for x, changed in lines)


def typst_source(data: dict) -> str:
    meta = data["document"]
    meeting = meta.get("meeting", {})
    out = [
        '#set text(font: "BIZ UDMincho", size: 11pt, lang: "ja")',
        "#set par(justify: true, leading: 0.75em, first-line-indent: 1em)",
        '#show heading: set text(font: "BIZ UDGothic", weight: "bold")',
        "#set table(stroke: 0.5pt, inset: 4pt)",
        (
            '#set page("a4", margin: (x: 20mm, top: 20mm, bottom: 18mm), '
            "header: context if counter(page).get().first() > 1 "
            f"[#align(right)[#text(size: 9pt)[{t(meeting.get('name', ''))}]]], "
            "footer: context align(center)[#text(size: 9pt)[- #counter(page).display() -]])"
        ),
        f'#align(right)[#text(font: "BIZ UDGothic", weight: "bold")[{t(meta.get("handout", ""))}]]',
        f"#align(right)[{t(meeting.get('name', ''))} \\ {t(meeting.get('date', ''))}]",
        (
            f'#align(center)[#text(size: 16pt, font: "BIZ UDGothic", weight: "bold")'
            f"[{t(meta['title'] + '（案）')}]]"
        ),
    ]
    orientation = "portrait"
    for section in data["sections"]:
        kind = section["kind"]
        wanted = "landscape" if kind in LANDSCAPE else "portrait"
        if wanted != orientation:
            flipped = "true" if wanted == "landscape" else "false"
            out.append(f"#set page(flipped: {flipped}, margin: 16mm)")
            orientation = wanted
        out.append(f"= {t(section['title'])}")
        if kind == "prose":
            out.append(f"== {t(section['heading'])}")
            out += [t(p) + "\n" for p in section["paragraphs"]]
        elif kind == "table":
            cells = [f"[{t(c)}]" for c in section["columns"]]
            cells += [f"[{t(c)}]" for row in section["rows"] for c in row[:2]]
            out.append(
                "#table(columns: (12%, 88%), table.header("
                + ", ".join(cells[:2])
                + "), "
                + ", ".join(cells[2:])
                + ")"
            )
        elif kind == "comparison":
            cells = ["[]"] + [f"[{t(c)}]" for c in section["columns"]]
            cells += [f"[{t(it[k])}]" for it in section["items"] for k in ("label", "old", "new")]
            out.append(
                "#table(columns: (20%, 40%, 40%), table.header("
                + ", ".join(cells[:3])
                + "), "
                + ", ".join(cells[3:])
                + ")"
            )
            out += [t("※" + n) + "\n" for n in section.get("notes", [])]
        elif kind == "policy_revision":
            out.append(f"== {t(section.get('heading', ''))}")
            columns = section.get("columns", {})
            cells = [
                f"[{t('【' + columns.get(k, k) + '】')}]" for k in ("current", "notes", "revised")
            ]
            body = []
            for group in section["groups"]:
                body.append(
                    f"table.cell(colspan: 3, fill: luma(242))[{t('（' + group['title'] + '）')}]"
                )
                numbers = {"current": 0, "revised": 0}
                for policy in group["policies"]:
                    row = []
                    for version in ("current", "notes", "revised"):
                        if version == "notes":
                            row.append("[" + " \\ ".join(t(n) for n in policy_notes(policy)) + "]")
                        elif exists_in(policy, version):
                            numbers[version] += 1
                            lines = policy_lines(policy, numbers[version], version)
                            row.append(f"[{cell_lines(lines)}]")
                        else:
                            row.append("[]")
                    body.append(", ".join(row))
            out.append(
                "#table(columns: (40%, 20%, 40%), table.header("
                + ", ".join(cells)
                + "), "
                + ", ".join(body)
                + ")"
            )
    return "\n".join(out) + "\n"


def run_typst(data: dict, root: Path) -> Path:
    import typst

    out = root / "peers"
    out.mkdir(exist_ok=True)
    source = out / "typst.typ"
    source.write_text(typst_source(data), encoding="utf-8")
    target = out / "typst.pdf"
    typst.compile(str(source), output=str(target), font_paths=[str(root / "fonts")])
    return target


# -- WeasyPrint ----------------------------------------------------------------------


def h(text) -> str:
    return html.escape(str(text))


def html_page(data: dict, fonts: Path) -> str:
    meta = data["document"]
    meeting = meta.get("meeting", {})
    faces = "".join(
        f"@font-face {{ font-family: '{family}'; font-weight: {weight}; "
        f"src: url('{(fonts / file).as_uri()}'); }}\n"
        for family, weight, file in (
            ("BIZ UDMincho", 400, "BIZUDMincho-Regular.ttf"),
            ("BIZ UDGothic", 400, "BIZUDGothic-Regular.ttf"),
            ("BIZ UDGothic", 700, "BIZUDGothic-Bold.ttf"),
        )
    )
    css = (
        faces
        + f"""
@page {{ size: A4; margin: 20mm 20mm 18mm 20mm;
  @top-right {{ content: "{h(meeting.get("name", ""))}"; font: 9pt 'BIZ UDMincho'; }}
  @bottom-center {{ content: "- " counter(page) " -"; font: 9pt 'BIZ UDMincho'; }} }}
@page :first {{ @top-right {{ content: none; }} }}
@page wide {{ size: A4 landscape; margin: 16mm 16mm 14mm 16mm; }}
.wide {{ page: wide; }}
body {{ font: 11pt/1.75 'BIZ UDMincho'; text-align: justify; }}
p {{ text-indent: 1em; margin: 0 0 4pt; }}
h1, h2, .mark {{ font-family: 'BIZ UDGothic'; font-weight: 700; }}
h1 {{ font-size: 14pt; }} h2 {{ font-size: 12pt; }}
.title {{ font-size: 16pt; text-align: center; }}
.right {{ text-align: right; text-indent: 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: 10pt; line-height: 1.6; }}
td, th {{ border: 0.5pt solid black; padding: 4pt; vertical-align: top; }}
th {{ background: #E6E6E6; }} tr {{ break-inside: avoid; }}
.group {{ background: #F2F2F2; font-weight: 700; }}
"""
    )
    body = [
        f"<p class='right mark'>{h(meta.get('handout', ''))}</p>",
        f"<p class='right'>{h(meeting.get('name', ''))}<br>{h(meeting.get('date', ''))}</p>",
        f"<h1 class='title'>{h(meta['title'])}（案）</h1>",
    ]
    for section in data["sections"]:
        kind = section["kind"]
        body.append(f"<section class='{'wide' if kind in LANDSCAPE else ''}'>")
        body.append(f"<h1>{h(section['title'])}</h1>")
        if kind == "prose":
            body.append(f"<h2>{h(section['heading'])}</h2>")
            body += [f"<p>{h(p)}</p>" for p in section["paragraphs"]]
        elif kind == "table":
            body.append(
                "<table><thead><tr>" + "".join(f"<th>{h(c)}</th>" for c in section["columns"])
            )
            body.append("</tr></thead><tbody>")
            body += [
                f"<tr><td style='width:12%'>{h(r[0])}</td><td>{h(r[1])}</td></tr>"
                for r in section["rows"]
            ]
            body.append("</tbody></table>")
        elif kind == "comparison":
            body.append(
                "<table><thead><tr><th></th>"
                + "".join(f"<th>{h(c)}</th>" for c in section["columns"])
            )
            body.append("</tr></thead><tbody>")
            body += [
                f"<tr><td style='width:20%'>{h(it['label'])}</td><td>{h(it['old'])}</td><td>{h(it['new'])}</td></tr>"
                for it in section["items"]
            ]
            body.append("</tbody></table>")
            body += [f"<p>※{h(n)}</p>" for n in section.get("notes", [])]
        elif kind == "policy_revision":
            body.append(f"<h2>{h(section.get('heading', ''))}</h2>")
            columns = section.get("columns", {})
            body.append(
                "<table><thead><tr>"
                + "".join(
                    f"<th style='width:{w}'>【{h(columns.get(k, k))}】</th>"
                    for k, w in (("current", "40%"), ("notes", "20%"), ("revised", "40%"))
                )
                + "</tr></thead><tbody>"
            )
            for group in section["groups"]:
                body.append(f"<tr><td class='group' colspan='3'>（{h(group['title'])}）</td></tr>")
                numbers = {"current": 0, "revised": 0}
                for policy in group["policies"]:
                    row = []
                    for version in ("current", "notes", "revised"):
                        if version == "notes":
                            row.append("<br>".join(h(n) for n in policy_notes(policy)))
                        elif exists_in(policy, version):
                            numbers[version] += 1
                            lines = policy_lines(policy, numbers[version], version)
                            row.append(
                                "<br>".join(f"<u>{h(x)}</u>" if c else h(x) for x, c in lines)
                            )
                        else:
                            row.append("")
                    body.append("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
            body.append("</tbody></table>")
        body.append("</section>")
    return (
        f"<!doctype html><html lang='ja'><head><meta charset='utf-8'><style>{css}</style>"
        f"<title>{h(meta['title'])}</title></head><body>" + "\n".join(body) + "</body></html>"
    )


def run_weasyprint(data: dict, root: Path) -> Path:
    import weasyprint

    out = root / "peers"
    out.mkdir(exist_ok=True)
    target = out / "weasyprint.pdf"
    weasyprint.HTML(string=html_page(data, (root / "fonts").resolve())).write_pdf(target)
    return target


ENGINES = {"typst": run_typst, "weasyprint": run_weasyprint}


def main(argv: list[str]) -> int:
    engine, root = argv[0], Path(argv[1])
    source = next((root / "content").glob("*/document.yaml"))
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=Loader)
    try:
        target = ENGINES[engine](data, root)
    except ImportError as error:
        print(f"{engine} not installed: {error}", file=sys.stderr)
        return 3
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
