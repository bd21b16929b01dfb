"""Regenerating after committee edits: editions, reproducible and incremental
builds, compare, watch."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from pathlib import Path

import docx
import pytest

from planpress.pipeline import Project, build_comparison, build_document
from planpress.revision.textdiff import diff_text

from .conftest import EXAMPLE, ROOT
from .helpers.textutil import docx_text, pdf_text, squeeze


def make_project(root: Path, names=("ome-shoko-plan",)) -> Project:
    """A project of its own: copies of the example's content and templates."""
    for name in names:
        (root / "content" / name).mkdir(parents=True)
        shutil.copy(EXAMPLE / "document.yaml", root / "content" / name / "document.yaml")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "fonts").symlink_to(ROOT / "fonts")
    return Project(root)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {
        p.name: (p.stat().st_mtime_ns, p.stat().st_ino, p.read_bytes())
        for p in sorted(folder.iterdir())
    }


def test_two_builds_give_identical_bytes(tmp_path):
    first = build_document(Project(ROOT, out=tmp_path / "a"), EXAMPLE, force=True)
    second = build_document(Project(ROOT, out=tmp_path / "b"), EXAMPLE, force=True)
    assert len(first.files) == len(second.files) == 2
    for one, two in zip(first.files, second.files):
        assert one.read_bytes() == two.read_bytes(), one.name


def test_a_rebuild_without_changes_touches_no_file(tmp_path):
    project = Project(ROOT, out=tmp_path)
    build_document(project, EXAMPLE)
    before = snapshot(tmp_path / EXAMPLE.name)
    time.sleep(0.01)
    again = build_document(project, EXAMPLE)
    assert again.files == [] and len(again.unchanged) == 2
    assert snapshot(tmp_path / EXAMPLE.name) == before
    forced = build_document(project, EXAMPLE, force=True)
    assert len(forced.files) == 2


def test_a_change_rebuilds_only_that_document(tmp_path):
    project = make_project(tmp_path, ("one", "two"))
    for name in ("one", "two"):
        build_document(project, project.content / name)
    untouched = snapshot(project.output / "two")
    edit(project.content / "one" / "document.yaml", "青梅ブランドの構築", "青梅ブランドの確立")
    one = build_document(project, project.content / "one")
    two = build_document(project, project.content / "two")
    assert len(one.files) == 2 and two.files == []
    assert snapshot(project.output / "two") == untouched
    assert "青梅ブランドの確立" in pdf_text(one.files[0])


def test_an_output_deleted_or_altered_is_rebuilt(tmp_path):
    project = Project(ROOT, out=tmp_path)
    built = build_document(project, EXAMPLE)
    pdf, docx_path = built.files
    pdf.write_bytes(b"spoiled")
    docx_path.unlink()
    again = build_document(project, EXAMPLE)
    assert sorted(p.name for p in again.files) == sorted([pdf.name, docx_path.name])
    assert pdf.read_bytes().startswith(b"%PDF")


def test_handout_only_sections_are_in_the_handout(example):
    for path, reader in ((example.pdf, pdf_text), (example.docx, docx_text)):
        text = squeeze(reader(path))
        assert "一部改訂の目的" in text and "一部改訂の方向性" in text, path.name


def test_official_edition_has_revised_text_only(tmp_path):
    built = build_document(Project(ROOT, out=tmp_path), EXAMPLE, edition="official")
    assert sorted(p.name for p in built.files) == [
        "ome-shoko-plan-official.docx",
        "ome-shoko-plan-official.pdf",
    ]
    for path, reader in zip(
        sorted(built.files, key=lambda p: p.suffix != ".pdf"), (pdf_text, docx_text)
    ):
        text = squeeze(reader(path))
        for revised in (
            "新たな産業拠点の形成",
            "青梅版インキュベーションの創出",
            "美しい山と渓谷に抱かれ",
        ):
            assert revised in text, (path.name, revised)
        for superseded in (
            "一部改訂の目的",  # sections with `editions: [handout]`
            "一部改訂の方向性",
            "計画の位置づけについて、一部改訂を行う",
            "産業用地整備方針の作成",
            "インキュベーションを核とした創業支援",
            "みどりと清流",
            "構成変更なし",
            "委員からのご意見",
            "現行計画】",
            "（案）",
            "資料2",
        ):
            assert superseded not in text, (path.name, superseded)


def underlined_runs(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [
        run.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if run.font.underline
    ]


def test_compare_underlines_exactly_the_edited_words(tmp_path):
    old = EXAMPLE / "document.yaml"
    new = tmp_path / "document.yaml"
    shutil.copy(old, new)
    edit(new, "青梅ブランドの構築", "青梅ブランドの確立と発信")
    edit(new, "整合を図る必要がある", "整合を図ることが必要である")
    built = build_comparison(Project(ROOT), str(old), str(new), tmp_path / "out")
    # the measure title is shared by both versions: one row, not two
    assert built.changes == 2
    pdf = next(p for p in built.files if p.suffix == ".pdf")
    docx_path = next(p for p in built.files if p.suffix == ".docx")
    text = squeeze(pdf_text(pdf))
    assert "青梅ブランドの確立と発信" in text and "修正箇所：2件" in text
    assert "多様な人材の活用・育成" not in text  # unchanged parts are left out
    # 構築 → 確立と発信 as a person marks it; the second edit as the diff
    # engine marks it (its own tests check its choices)
    second = diff_text(
        "本プランも総合長期計画と整合を図る必要がある",
        "本プランも総合長期計画と整合を図ることが必要である",
    )
    expected = ["構築", "確立と発信"] + [s.text for s in (*second.old, *second.new) if s.changed]
    assert sorted(underlined_runs(docx_path)) == sorted(expected)


def test_compare_uses_the_documents_own_templates(tmp_path):
    """A document folder's templates/ override the project's, for the 修正対照表 too."""
    project = make_project(tmp_path)
    document = project.content / "ome-shoko-plan"
    own = document / "templates"
    own.mkdir()
    wording = (ROOT / "templates" / "compare.xml.j2").read_text(encoding="utf-8")
    assert "修正箇所：" in wording
    (own / "compare.xml.j2").write_text(wording.replace("修正箇所：", "変更点："), encoding="utf-8")
    old = tmp_path / "old.yaml"
    shutil.copy(document / "document.yaml", old)
    edit(document / "document.yaml", "青梅ブランドの構築", "青梅ブランドの確立と発信")
    built = build_comparison(project, str(old), str(document / "document.yaml"), None)
    pdf = next(p for p in built.files if p.suffix == ".pdf")
    text = squeeze(pdf_text(pdf))
    assert "変更点：1件" in text and "修正箇所：" not in text


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_compare_reads_versions_from_git(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "plan").mkdir(parents=True)
    target = repo / "plan" / "document.yaml"
    shutil.copy(EXAMPLE / "document.yaml", target)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "handout for the first meeting")
    edit(target, "情報発信の充実", "情報発信の強化")
    git(repo, "commit", "-qam", "after the committee")
    monkeypatch.chdir(repo)
    built = build_comparison(
        Project(ROOT),
        "git:HEAD~1:plan/document.yaml",
        "git:HEAD:plan/document.yaml",
        tmp_path / "out",
    )
    assert built.changes == 1
    docx_path = next(p for p in built.files if p.suffix == ".docx")
    assert sorted(underlined_runs(docx_path)) == ["充実", "強化"]
    assert built.name == "plan"


def test_compare_names_a_bad_git_version(tmp_path, monkeypatch, capsys):
    from planpress.cli import main

    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q")
    code = main(["compare", "--root", str(ROOT), "git:HEAD:nope.yaml", "git:HEAD:nope.yaml"])
    assert code == 2
    assert "git:HEAD:nope.yaml" in capsys.readouterr().err


def test_watch_rebuilds_on_save_and_survives_a_broken_save(tmp_path):
    from planpress.pipeline.watch import watch

    project = make_project(tmp_path)
    source = project.content / "ome-shoko-plan" / "document.yaml"
    lines: list[str] = []
    stop = threading.Event()

    def out(*args, file=None):
        lines.append(" ".join(map(str, args)))

    thread = threading.Thread(target=watch, args=(project, []), kwargs={"stop": stop, "out": out})
    thread.start()
    try:
        wait_for(lines, "見張っています", count=1)
        pdf = project.output / "ome-shoko-plan" / "ome-shoko-plan-handout.pdf"
        edit(source, "情報発信の充実", "情報発信の強化")
        wait_for(lines, "作り直しました", count=2)
        assert "情報発信の強化" in pdf_text(pdf)
        good = pdf.read_bytes()
        edit(source, "document:", "documen:")
        wait_for(lines, "エラー", count=1)
        assert pdf.read_bytes() == good  # the last good output stays
        edit(source, "documen:", "document:")
        edit(source, "情報発信の強化", "情報発信の拡充")
        wait_for(lines, "作り直しました", count=3)
        assert "情報発信の拡充" in pdf_text(pdf)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()


def wait_for(lines: list[str], needle: str, count: int, limit: float = 60.0) -> None:
    """Wait until `needle` has appeared `count` times (a guard, not a timing check)."""
    deadline = time.monotonic() + limit
    while sum(needle in line for line in lines) < count:
        if time.monotonic() > deadline:
            pytest.fail(f"never saw {needle!r} x{count}:\n" + "\n".join(lines))
        time.sleep(0.05)


def test_a_broken_style_sheet_does_not_end_a_watch(tmp_path):
    from planpress.pipeline.watch import rebuild

    project = make_project(tmp_path)
    (project.templates / "style.yaml").write_text("page: [", encoding="utf-8")
    lines: list[str] = []
    rebuild(
        project,
        [project.content / "ome-shoko-plan"],
        "handout",
        lambda *a, file=None: lines.append(" ".join(map(str, a))),
    )
    assert any("style.yaml" in line for line in lines)


def pdf_font_files(path: Path) -> set[str]:
    """The embedded fonts' names without the subset prefix (ABCDEF+BIZUDMincho-Regular)."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_a_font_changed_in_the_style_sheet_is_used_by_the_next_build(tmp_path):
    """ReportLab keeps the first face registered under a name: the next build in
    the same process (planpress watch) must still set the new one."""
    project = make_project(tmp_path)
    document = project.content / "ome-shoko-plan"
    pdf = project.output / "ome-shoko-plan" / "ome-shoko-plan-handout.pdf"
    build_document(project, document, force=True)
    assert any("Mincho" in name for name in pdf_font_files(pdf))
    style = project.templates / "style.yaml"
    edit(style, "file: BIZUDMincho-Regular.ttf", "file: BIZUDGothic-Regular.ttf")
    build_document(project, document)
    assert pdf_font_files(pdf) and not any("Mincho" in name for name in pdf_font_files(pdf))
