"""planpress absorb: edits made in Word come back into document.yaml.

Each test builds the example into a throwaway project, edits the DOCX as Word
stores edits (tests/helpers/word_edits.py), runs `planpress absorb`, and
checks what a secretariat would: the YAML's diff is exactly the edits (and
nothing else), the listing names each change with its place, author and
date, the result passes `planpress check`, and a rebuild puts the new words
into the PDF and the DOCX.
"""

from __future__ import annotations

import copy
import difflib
import subprocess
from pathlib import Path

import docx
import pytest

from planpress.cli import main
from planpress.content.load import check_plan
from planpress.pipeline import Project, build_document

from .conftest import EXAMPLE
from .helpers.office import TIMEOUT, soffice
from .helpers.projects import make_project
from .helpers.textutil import pdf_text, squeeze
from .helpers.word_edits import WordEdits

NAME = "ome-shoko-plan"
MEMBER, WHEN = "山田委員", "2023-12-01T10:00:00Z"
OTHER, LATER = "佐藤委員", "2023-12-02T09:30:00Z"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, bytes, bytes]:
    """(project root, the example's YAML, its handout DOCX) built once."""
    root = tmp_path_factory.mktemp("absorb")
    original = (EXAMPLE / "document.yaml").read_bytes()
    make_project(root, original, NAME)
    built = build_document(Project(root), root / "content" / NAME, force=True)
    docx_path = next(p for p in built.files if p.suffix == ".docx")
    return root, original, docx_path.read_bytes()


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A fresh copy of the built project for one test (its YAML as built)."""
    _, original, _ = built
    folder = tmp_path / "project"
    folder.mkdir()
    make_project(folder, original, NAME)
    return folder


@pytest.fixture
def edits(built, tmp_path) -> WordEdits:
    path = tmp_path / "sent.docx"
    path.write_bytes(built[2])
    return WordEdits(path)


def yaml_of(root: Path) -> Path:
    return root / "content" / NAME / "document.yaml"


def absorb(root: Path, docx_path: Path, *options: str, capsys, expect: int = 0) -> list[str]:
    """The output lines of `planpress absorb`, which must exit with `expect`."""
    code = main(["absorb", str(docx_path), NAME, *options, "--root", str(root)])
    out = capsys.readouterr()
    lines = out.out.splitlines() + out.err.splitlines()
    assert code == expect, lines
    return lines


def changed_lines(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    """(lines removed, lines added) between two versions of the YAML."""
    removed, added = [], []
    diff = difflib.ndiff(before.decode().splitlines(), after.decode().splitlines())
    for line in diff:
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def line_of(text: bytes, needle: str) -> int:
    return next(i for i, line in enumerate(text.decode().splitlines(), 1) if needle in line)


# -- one kind of edit at a time ----------------------------------------------------


def test_tracked_change_inside_a_run(project, edits, built, tmp_path, capsys):
    original = built[1]
    edits.tracked_replace("10年間", "十年間", MEMBER, WHEN)
    lines = absorb(project, edits.save(tmp_path / "e.docx"), capsys=capsys)
    removed, added = changed_lines(original, yaml_of(project).read_bytes())
    assert len(removed) == len(added) == 1
    assert removed[0].replace("10年間", "十年間") == added[0]
    line = line_of(original, "10年間を計画期間")
    change = next(s for s in lines if "変更" in s and "十年間" in s)
    assert change.startswith(f"content/{NAME}/document.yaml:{line}:")
    assert "10年間" in change and "（山田委員, 2023-12-01）" in change


def test_change_across_two_runs_in_a_comparison_cell(project, edits, built, tmp_path, capsys):
    # 「東京に暮らす」 is underlined (changed), 「 青梅」 is not: two runs.
    paragraph = edits.paragraph("美しい山と渓谷に抱かれ、東京に暮らす 青梅")
    runs = [r for r in paragraph.iter("{*}t") if "暮らす" in r.text or "青梅" in r.text]
    assert len(runs) >= 2
    edits.tracked_replace("暮らす 青梅", "暮らすまち 青梅", OTHER, LATER)
    lines = absorb(project, edits.save(tmp_path / "e.docx"), capsys=capsys)
    removed, added = changed_lines(built[1], yaml_of(project).read_bytes())
    assert removed == ["        new: 美しい山と渓谷に抱かれ、東京に暮らす 青梅"]
    assert added == ["        new: 美しい山と渓谷に抱かれ、東京に暮らすまち 青梅"]
    assert any("（佐藤委員, 2023-12-02）" in s for s in lines)


def test_untracked_edit_in_a_table_cell(project, edits, built, tmp_path, capsys):
    edits.replace("審議検討経過について更新", "審議検討経過を更新")
    lines = absorb(project, edits.save(tmp_path / "e.docx"), capsys=capsys)
    removed, added = changed_lines(built[1], yaml_of(project).read_bytes())
    assert removed == ["      - [資料編, 委員名簿および審議検討経過について更新を行う。]"]
    assert added == ["      - [資料編, 委員名簿および審議検討経過を更新を行う。]"]
    assert any("（変更履歴なし）" in s for s in lines)


def test_accepted_change_reads_as_the_new_words(project, edits, built, tmp_path, capsys):
    # After "accept", Word keeps plain runs split where the change was.
    edits.replace("検討すべき", "検討する")
    absorb(project, edits.save(tmp_path / "e.docx"), capsys=capsys)
    removed, added = changed_lines(built[1], yaml_of(project).read_bytes())
    assert removed == ["    subtitle: ※計画骨子を踏まえ今後検討すべき事項"]
    assert added == ["    subtitle: ※計画骨子を踏まえ今後検討する事項"]


def test_comment_is_listed_at_its_value(project, edits, built, tmp_path, capsys):
    edits.comment("整合を図る", "「整合」の中身を書き足してください", "鈴木委員", LATER)
    lines = absorb(project, edits.save(tmp_path / "e.docx"), "--dry-run", capsys=capsys)
    line = line_of(built[1], "本プランも総合長期計画と整合")
    comment = next(s for s in lines if "コメント" in s)
    assert comment.startswith(f"content/{NAME}/document.yaml:{line}:")
    assert "「整合」の中身を書き足してください（鈴木委員, 2023-12-02）" in comment
    assert yaml_of(project).read_bytes() == built[1]


def test_deleted_paragraph_leaves_the_list(project, edits, built, tmp_path, capsys):
    edits.delete_paragraph("2023年度から第7次青梅市総合長期計画がスタート", MEMBER, WHEN)
    lines = absorb(project, edits.save(tmp_path / "e.docx"), capsys=capsys)
    removed, added = changed_lines(built[1], yaml_of(project).read_bytes())
    assert added == []
    assert removed[0] == "      - >-" and "2023年度から第7次" in removed[1] and len(removed) == 2
    assert any(s.split(": ", 1)[1].startswith("削除: 「2023年度から") for s in lines)


def test_edit_in_the_revision_table_goes_to_the_revised_side(
    project, edits, built, tmp_path, capsys
):
    # A retitled measure: the revised column's words change.
    edits.tracked_replace("産業拠点の形成", "産業拠点の整備", MEMBER, WHEN, within="施策2　新たな")
    # An unchanged measure edited in the revised column becomes {current, revised}.
    row = "施策3　働く環境の向上"
    paragraphs = [p for p in edits.document.iter("{*}p") if "".join(p.itertext()) == row]
    assert len(paragraphs) == 2  # current and revised columns
    text = next(t for t in paragraphs[1].iter("{*}t") if "働く環境の向上" in t.text)
    text.text = text.text.replace("働く環境の向上", "働きやすい環境の整備")
    lines = absorb(project, edits.save(tmp_path / "e.docx"), capsys=capsys)
    removed, added = changed_lines(built[1], yaml_of(project).read_bytes())
    assert removed == [
        "                  revised: 新たな産業拠点の形成",
        "                title: 働く環境の向上",
    ]
    assert added == [
        "                  revised: 新たな産業拠点の整備",
        "                title:",
        "                  current: 働く環境の向上",
        "                  revised: 働きやすい環境の整備",
    ]
    assert any(
        "変更（改訂案に反映）: 「働く環境の向上」→「働きやすい環境の整備」" in s for s in lines
    )


def test_deleted_table_rows_leave_their_lists(project, edits, built, tmp_path, capsys):
    row = edits.paragraph("委員名簿および審議検討経過").getparent().getparent()
    row.getparent().remove(row)  # untracked: the row is gone, bookmarks and all
    item = edits.paragraph("安全で安心して暮らせるまち").getparent().getparent()
    for paragraph in list(item.iter("{*}p")):  # tracked: every paragraph of the row deleted
        text = "".join(t.text or "" for t in paragraph.iter("{*}t"))
        if text:
            edits.delete_paragraph(text, MEMBER, WHEN)
    lines = absorb(project, edits.save(tmp_path / "e.docx"), capsys=capsys)
    removed, added = changed_lines(built[1], yaml_of(project).read_bytes())
    assert added == []
    assert removed == [
        "      - [資料編, 委員名簿および審議検討経過について更新を行う。]",
        "      - label: 基本理念③",
        "        old: 安全で安心して暮らせるまち",
        "        new: 歴史と文化を継承し、人も産業も育むまち",
    ]
    assert any("削除: 「基本理念③／" in s and "（山田委員, 2023-12-01）" in s for s in lines)
    assert any("要確認 0 件" in s for s in lines)  # the « » around the label went with it


def test_retyped_values_whose_bookmarks_went(project, built, tmp_path, capsys):
    # python-docx's `paragraph.text = …` (like typing over a whole value in
    # Word) removes the paragraph's bookmarks along with its runs.
    sent = tmp_path / "sent.docx"
    sent.write_bytes(built[2])
    document = docx.Document(str(sent))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("青梅市では"))
    paragraph.text = paragraph.text.replace("2017年3月", "2017年3月末")
    measure = next(
        p
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
        if p.text == "施策3　働く環境の向上"
    )
    measure.text = "施策3　働きやすい環境づくり"
    document.save(str(tmp_path / "e.docx"))
    lines = absorb(project, tmp_path / "e.docx", capsys=capsys)
    removed, added = changed_lines(built[1], yaml_of(project).read_bytes())
    assert [r.replace("2017年3月", "2017年3月末") for r in removed[:1]] == added[:1]
    assert "                title: 働く環境の向上" in removed
    assert "                  current: 働く環境の向上" in added
    assert any("要確認 0 件" in s for s in lines)


# -- all of them, then a rebuild ---------------------------------------------------------


def all_edits(edits: WordEdits) -> None:
    edits.tracked_replace("10年間", "十年間", MEMBER, WHEN)
    edits.tracked_replace("暮らす 青梅", "暮らすまち 青梅", OTHER, LATER)
    edits.replace("審議検討経過について更新", "審議検討経過を更新")
    edits.replace("検討すべき", "検討する")
    edits.comment("整合を図る", "中身を書き足してください", "鈴木委員", LATER)
    edits.delete_paragraph("2023年度から第7次青梅市総合長期計画がスタート", MEMBER, WHEN)
    edits.tracked_replace("産業拠点の形成", "産業拠点の整備", MEMBER, WHEN, within="施策2　新たな")


NEW_WORDS = ("十年間", "暮らすまち 青梅", "審議検討経過を更新", "検討する事項", "産業拠点の整備")


def test_round_trip_rebuilds_with_the_new_words(project, edits, built, tmp_path, capsys):
    all_edits(edits)
    lines = absorb(project, edits.save(tmp_path / "e.docx"), capsys=capsys)
    assert any("変更 6 件・コメント 1 件・要確認 0 件" in s for s in lines), lines
    source = yaml_of(project)
    _, problems = check_plan(source)
    assert [p for p in problems if p.severity == "error"] == []
    assert main(["check", NAME, "--root", str(project)]) == 0
    rebuilt = build_document(Project(project), source.parent, force=True)
    pdf = next(p for p in rebuilt.files if p.suffix == ".pdf")
    docx_path = next(p for p in rebuilt.files if p.suffix == ".docx")
    pdf_words = squeeze(pdf_text(pdf))
    docx_words = squeeze(docx_text(docx_path))
    for words in NEW_WORDS:
        assert squeeze(words) in pdf_words and squeeze(words) in docx_words, words
    assert "2023年度から第7次青梅市総合長期計画がスタート" not in docx_text(docx_path)


def test_dry_run_changes_no_byte(project, edits, built, tmp_path, capsys):
    all_edits(edits)
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and not p.is_symlink()}
    lines = absorb(project, edits.save(tmp_path / "e.docx"), "--dry-run", capsys=capsys)
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and not p.is_symlink()}
    assert before == after
    assert any("変更 6 件" in s for s in lines)
    assert any("--dry-run" in s for s in lines)


def test_an_unedited_docx_changes_nothing(project, built, tmp_path, capsys):
    sent = tmp_path / "sent.docx"
    sent.write_bytes(built[2])
    lines = absorb(project, sent, capsys=capsys)
    assert yaml_of(project).read_bytes() == built[1]
    # options may stand between the DOCX and the document's name
    assert main(["absorb", str(sent), "--dry-run", NAME, "--root", str(project)]) == 0
    assert any("変更 0 件・コメント 0 件・要確認 0 件" in s for s in lines)


# -- what cannot be placed, and conflicts ----------------------------------------------


def test_edits_outside_every_value_are_listed_not_dropped(project, edits, built, tmp_path, capsys):
    edits.replace("下線部分は変更箇所", "下線部分が変更箇所")  # template wording, no value
    # A table row added in Word: a copy of the last row of the 方向性 table.
    row = edits.paragraph("委員名簿および審議検討経過").getparent().getparent()
    extra = copy.deepcopy(row)
    for text in extra.iter("{*}t"):
        text.text = "追加した行の文"
    for mark in [*extra.iter("{*}bookmarkStart"), *extra.iter("{*}bookmarkEnd")]:
        mark.getparent().remove(mark)
    row.addnext(extra)
    lines = absorb(project, edits.save(tmp_path / "e.docx"), capsys=capsys)
    assert yaml_of(project).read_bytes() == built[1]
    unplaced = [s for s in lines if "反映できない変更" in s]
    assert any("下線部分が変更箇所" in s for s in unplaced)
    assert any("追加した行の文" in s for s in unplaced)
    assert any("要確認 2 件" in s for s in lines)


def test_yaml_changed_since_the_build_is_a_conflict_per_value(
    project, edits, built, tmp_path, capsys
):
    source = yaml_of(project)
    edited_in_yaml = built[1].replace("10年間を計画期間".encode(), "10か年を計画期間".encode())
    source.write_bytes(edited_in_yaml)
    edits.tracked_replace("10年間", "十年間", MEMBER, WHEN)  # the same value: conflict
    edits.replace("検討すべき", "検討する")  # another value: applied
    lines = absorb(project, edits.save(tmp_path / "e.docx"), capsys=capsys)
    after = source.read_bytes()
    assert "10か年を計画期間".encode() in after and "十年間".encode() not in after
    assert "検討する事項".encode() in after
    conflict = next(s for s in lines if "競合: " in s)
    assert "10か年" in conflict and "十年間" in conflict
    assert any("DOCX を作った後に変更されています" in s for s in lines)


def test_not_a_planpress_docx(project, tmp_path, capsys):
    blank = tmp_path / "blank.docx"
    docx.Document().save(blank)
    lines = absorb(project, blank, capsys=capsys, expect=1)
    assert any("planpress が作った DOCX ではない" in s for s in lines)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    lines = absorb(project, broken, capsys=capsys, expect=1)
    assert any("Word 文書（DOCX）として読めません" in s for s in lines)
    assert not any("Traceback" in s for s in lines)


# -- other editors and editions --------------------------------------------------------------


def test_anchors_survive_a_libreoffice_round_trip(project, edits, built, tmp_path, capsys):
    program = soffice()
    all_edits(edits)
    edited = edits.save(tmp_path / "edited.docx")
    out = tmp_path / "lo"
    out.mkdir()
    subprocess.run(
        [
            program,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(edited),
        ],
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        timeout=TIMEOUT,
        check=True,
    )
    resaved = out / "edited.docx"
    assert resaved.read_bytes() != edited.read_bytes()
    direct = tmp_path / "direct"
    direct.mkdir()
    make_project(direct, built[1], NAME)
    absorb(direct, edited, capsys=capsys)
    absorb(project, resaved, capsys=capsys)
    assert yaml_of(project).read_bytes() == yaml_of(direct).read_bytes() != built[1]


def test_review_edition_is_tracked_changes_and_reads_back(project, tmp_path, capsys):
    built = build_document(Project(project), yaml_of(project).parent, "review", force=True)
    review = next(p for p in built.files if p.suffix == ".docx")
    document = docx.Document(str(review))
    body = document.element.body
    insertions = body.findall(".//{*}ins")
    deletions = body.findall(".//{*}del")
    assert insertions and deletions
    assert {e.get(f"{{{W}}}author") for e in insertions + deletions} == {"青梅市"}
    deleted = "".join(t.text for t in body.iter("{*}delText"))
    inserted = "".join(t.text for e in insertions for t in e.iter("{*}t"))
    assert "産業用地整備方針の作成" in deleted and "新たな産業拠点の形成" in inserted
    lines = absorb(project, review, capsys=capsys)
    assert any("変更 0 件" in s for s in lines)
    edits = WordEdits(review)
    edits.tracked_replace("青梅ブランドの構築", "青梅ブランドの確立", MEMBER, WHEN)
    lines = absorb(project, edits.save(tmp_path / "r.docx"), capsys=capsys)
    removed, added = changed_lines(
        (EXAMPLE / "document.yaml").read_bytes(), yaml_of(project).read_bytes()
    )
    assert removed == ["                title: 青梅ブランドの構築"]
    assert added == [
        "                title:",
        "                  current: 青梅ブランドの構築",
        "                  revised: 青梅ブランドの確立",
    ]


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)
