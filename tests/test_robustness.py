"""What the fault-injection suite checks from outside, here at each cause:
Windows saves, line breaks in block values, the style sheet's checks, the
error boundary, outputs that change together, watch, check and compare."""

from __future__ import annotations

import errno
import re
import threading
from pathlib import Path

import pytest

from planpress.cli import main
from planpress.content.load import read_plan
from planpress.content.yaml_source import decode_text
from planpress.diagnostics.messages import ContentError
from planpress.pipeline import Project, build_document
from planpress.pipeline.outputs import replace_together
from planpress.pipeline.watch import rebuild
from planpress.writers.style import StyleError, load_style_sheet

from .conftest import ROOT
from .helpers.faults import leftovers, patched_rename, snapshot
from .helpers.projects import BASE, make_project
from .helpers.textutil import pdf_text

BASE_TEXT = BASE.read_text(encoding="utf-8")
PARAGRAPH = "      - 青梅市では、計画的に商・工業の振興を図る。\n"


def problems_of(text: str) -> list[str]:
    _, problems = read_plan(text, "d.yaml")
    return [str(p) for p in problems]


# --- Windows saves --------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.replace("\n", "\r\n").encode(),
        lambda t: b"\xef\xbb\xbf" + t.encode(),
        lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(),
        lambda t: t.replace("\n", "\r").encode(),
    ],
    ids=["crlf", "bom", "bom_crlf", "cr"],
)
def test_windows_saves_read_as_the_lf_original_with_the_same_places(encode):
    """Every message names the same line and column as for the LF file."""
    broken = BASE_TEXT.replace("一部改訂について", "一部改訂「について", 1).replace(
        "    date: 2023-11-20", "    date: 2023-13-20"
    )
    broken += "  - kind: prose\n    id: extra\n    title: 半角ｶﾅ　と  空白\n    paragraphs: [x]\n"
    expected = problems_of(broken)
    assert len(expected) >= 3
    assert problems_of(decode_text(encode(broken), "d.yaml")) == expected


def test_a_windows_save_builds_the_same_outputs(tmp_path):
    data = b"\xef\xbb\xbf" + BASE_TEXT.replace("\n", "\r\n").encode()
    built = []
    for name, content in (("lf", BASE_TEXT), ("crlf", data)):
        (tmp_path / name).mkdir()
        root = make_project(tmp_path / name, content)
        built.append(build_document(Project(root), root / "content" / "doc"))
    lf, crlf = built
    assert [p.read_bytes() for p in lf.files] == [p.read_bytes() for p in crlf.files]


# --- line breaks ----------------------------------------------------------------------


def test_block_styles_keep_their_breaks_in_both_outputs(tmp_path):
    text = BASE_TEXT.replace(
        PARAGRAPH,
        "      - |\n        一行目\n        二行目\n\n        次の段落\n"
        "      - >-\n        折り\n        返し\n\n        別段落\n"
        '      - "引用の\\n改行"\n',
    )
    root = make_project(tmp_path, text)
    built = build_document(Project(root), root / "content" / "doc")
    pdf = next(p for p in built.files if p.suffix == ".pdf")
    docx = next(p for p in built.files if p.suffix == ".docx")
    lines = [line.strip() for line in pdf_text(pdf).splitlines()]
    for line in ("一行目", "二行目", "次の段落", "折り返し", "別段落", "引用の", "改行"):
        assert line in lines, line  # each on its own line: a break, never run together
    import docx as python_docx

    paragraphs = [p.text for p in python_docx.Document(str(docx)).paragraphs]
    assert "一行目\n二行目" in paragraphs  # a forced break inside one paragraph
    assert "次の段落" in paragraphs and "別段落" in paragraphs  # blank line: a new paragraph


# --- the style sheet --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("size: 11, leading: 1.75", "size: 0, leading: 1.75", "body: size の「0」は使えません"),
        ("size: 11, leading: 1.75", "size: .inf, leading: 1.75", "body: size"),
        ("left: 20mm, right: 20mm}", "left: 120mm, right: 100mm}", "page: margins が広すぎて"),
        ('header_fill: "#E6E6E6"', 'header_fill: "#E6E6"', "#E6E6E6 のように"),
        ("file: BIZUDGothic-Bold.ttf", "file: ../fonts/../../x.ttf", "fonts/ フォルダの外"),
        ("file: BIZUDGothic-Bold.ttf", "file: OFL.txt", "TrueType フォント（.ttf）ではありません"),
        ("file: BIZUDGothic-Bold.ttf", "file: nosuch.ttf", "見つかりません（探した場所:"),
    ],
)
def test_style_sheet_errors_name_their_line(tmp_path, old, new, says):
    text = (ROOT / "templates" / "style.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "style.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = next(i for i, row in enumerate(path.read_text().splitlines(), 1) if new in row)
    with pytest.raises(StyleError) as caught:
        load_style_sheet(path, ROOT / "fonts")
    message = str(caught.value.problems[0])
    assert message.startswith(f"{path}:{line}:"), message
    assert says in message


# --- the error boundary ---------------------------------------------------------------


def test_an_unforeseen_error_is_an_internal_error_with_a_log(tmp_path, capsys, monkeypatch):
    root = make_project(tmp_path, BASE_TEXT)

    def boom(*args, **kwargs):
        raise RuntimeError("writer exploded")

    monkeypatch.setattr("planpress.writers.pdf.pdf_and_pages", boom)
    assert main(["build", "doc", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "内部エラー" in err and "Traceback" not in err
    assert "content/doc/document.yaml の PDF を作っているとき" in err  # what was being done
    log = root / "output" / "planpress-error.log"
    assert str(log) in err
    assert "writer exploded" in log.read_text(encoding="utf-8")  # the traceback, for IT staff
    with pytest.raises(RuntimeError):  # --debug shows it
        main(["build", "doc", "--root", str(root), "--debug"])


def test_every_command_has_the_boundary(tmp_path, capsys, monkeypatch):
    root = make_project(tmp_path, BASE_TEXT)

    def boom(*args, **kwargs):
        raise KeyError("x")

    monkeypatch.setattr("planpress.pipeline.project.load_style_sheet", boom)
    monkeypatch.setattr("planpress.content.schema.schema_text", boom)
    for argv in (
        ["build", "doc"],
        ["check", "doc"],
        ["compare", str(root / "content/doc"), str(root / "content/doc")],
        ["schema"],
    ):
        assert main([*argv, "--root", str(root)]) == 1, argv
        err = capsys.readouterr().err
        assert err.startswith("内部エラー") and "Traceback" not in err, (argv, err)


# --- outputs ----------------------------------------------------------------------------


def test_replace_together_puts_back_the_old_files_when_one_fails(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.docx"
    replace_together([(a, b"old a"), (b, b"old b")])
    with patched_rename("b.docx", errno.EACCES), pytest.raises(ContentError) as caught:
        replace_together([(a, b"new a"), (b, b"new b")])
    assert (a.read_bytes(), b.read_bytes()) == (b"old a", b"old b")
    assert leftovers(tmp_path) == []
    assert str(caught.value.problems[0]).startswith(f"{b}: エラー: 書き込めません")


def test_an_official_edition_with_nothing_in_it_is_refused(tmp_path, capsys):
    text = re.sub(r"(    id: [a-z]+\n)", r"\1    editions: [handout]\n", BASE_TEXT)
    root = make_project(tmp_path, text)
    assert main(["build", "doc", "--edition", "official", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "official 版に載せる部分が1つもありません" in err
    assert not (root / "output" / "doc").exists()


def test_a_long_running_header_is_shortened_with_a_warning(tmp_path, capsys):
    text = BASE_TEXT.replace("    name: 第2回委員会", "    name: " + "第2回委員会" * 30)
    root = make_project(tmp_path, text)
    assert main(["build", "doc", "--root", str(root)]) == 0
    err = capsys.readouterr().err
    assert "1行に入らないため、末尾を省きました" in err


# --- check, compare, watch --------------------------------------------------------------


def test_check_runs_the_author_note_check(tmp_path, capsys):
    """A note that contradicts the content: check says what a build says,
    and check --strict fails on it."""
    anchor = "            title: 中小企業の経営基盤の強化\n"
    assert anchor in BASE_TEXT
    text = BASE_TEXT.replace(anchor, anchor + "            notes: [構成変更なし]\n")
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    build_root = make_project(tmp_path / "b", text)
    assert main(["build", "doc", "--root", str(build_root)]) == 0
    build_notes = [line for line in capsys.readouterr().err.splitlines() if "注記" in line]
    assert build_notes and "警告" in build_notes[0]
    root = make_project(tmp_path / "c", text)
    assert main(["check", "doc", "--root", str(root)]) == 0
    assert [line for line in capsys.readouterr().err.splitlines() if "注記" in line] == build_notes
    assert main(["check", "doc", "--strict", "--root", str(root)]) == 1


def test_compare_checks_the_fonts(tmp_path, capsys):
    text = BASE_TEXT.replace("計画的に", "計画的に😀", 1)
    root = make_project(tmp_path, text)
    (root / "old.yaml").write_text(BASE_TEXT, encoding="utf-8")
    code = main(["compare", str(root / "old.yaml"), str(root / "content/doc"), "--root", str(root)])
    err = capsys.readouterr().err
    assert code == 1
    assert "U+1F600" in err and "フォント" in err


def test_watch_survives_a_delete_and_recreate_save_and_a_writer_error(tmp_path, monkeypatch):
    root = make_project(tmp_path, BASE_TEXT)
    project = Project(root)
    folder = root / "content" / "doc"
    lines: list[str] = []

    def out(*parts, file=None):
        lines.append(" ".join(map(str, parts)))

    source = folder / "document.yaml"
    source.unlink()  # the editor's delete, before its create
    rebuild(project, [folder], "handout", out)
    assert any("エラー" in line for line in lines), lines
    source.write_text(BASE_TEXT.replace("一部改訂について", "改訂"), encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr("planpress.writers.pdf.pdf_and_pages", boom)
    rebuild(project, [folder], "handout", out)  # a writer error: said, not raised
    monkeypatch.undo()
    lines.clear()
    rebuild(project, [folder], "handout", out)
    assert any("作り直しました" in line for line in lines), lines


def test_unchanged_rebuild_keeps_outputs_and_tidies_nothing_else(tmp_path, capsys):
    root = make_project(tmp_path, BASE_TEXT)
    assert main(["build", "doc", "--root", str(root)]) == 0
    before = snapshot(root / "output")
    assert main(["build", "doc", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "そのままにしました" in out
    assert "（0 ページ" not in out.splitlines()[-1]
    assert snapshot(root / "output") == before


def test_paths_named_by_templates_stay_in_their_folder(tmp_path, capsys):
    root = tmp_path / "p"
    root.mkdir()
    make_project(root, BASE_TEXT)
    (root / "templates").unlink()
    import shutil

    shutil.copytree(ROOT / "templates", root / "templates")
    secret = tmp_path / "secret.xml.j2"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    part = root / "templates" / "parts" / "title.xml.j2"
    part.unlink()
    part.symlink_to(secret)
    assert main(["build", "doc", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "外を指すリンク" in err and "SECRET-CONTENT" not in err
    assert Path(root / "output").exists() is False or snapshot(root / "output") == {}


def test_compare_out_file_and_schema_out_folder_are_messages(tmp_path, capsys):
    root = make_project(tmp_path, BASE_TEXT)
    blocker = root / "a-file"
    blocker.write_text("x")
    doc = str(root / "content" / "doc")
    assert main(["compare", doc, doc, "--out", str(blocker), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        f"{blocker}: エラー: 出力先のフォルダの所に同じ名前のファイルがあります"
    ), err
    folder = root / "a-folder"
    folder.mkdir()
    assert main(["schema", "--out", str(folder), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{folder}: エラー: 同じ名前のフォルダがあるため"), err
    assert blocker.read_text() == "x" and list(folder.iterdir()) == []


@pytest.mark.slow
def test_builds_killed_at_random_moments_never_tear_an_output(tmp_path):
    """kill -9 at moments spread over a build's life: every output file that
    exists is whole (a PDF pypdf reads, a DOCX zip that opens), and the next
    build tidies what the kill left and agrees with itself."""
    import signal
    import subprocess
    import sys
    import time
    import zipfile

    import pypdf

    from .test_safety import ROOT as REPO

    root = make_project(tmp_path, BASE_TEXT)
    env = {**__import__("os").environ, "PYTHONPATH": str(REPO / "src")}
    command = [
        sys.executable,
        str(REPO / "build.py"),
        "build",
        "doc",
        "--force",
        "--root",
        str(root),
    ]
    out = root / "output" / "doc"
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.2, 2.6):
        child = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        for pdf in out.glob("*.pdf"):
            assert len(pypdf.PdfReader(str(pdf)).pages) > 0
        for docx in out.glob("*.docx"):
            with zipfile.ZipFile(docx) as archive:
                assert archive.testzip() is None
    assert main(["build", "doc", "--root", str(root)]) == 0
    assert leftovers(root) == []
    assert main(["build", "doc", "--root", str(root)]) == 0  # and then nothing is stale
    assert {p.name for p in out.iterdir() if not p.name.startswith(".")} == {
        "doc-handout.pdf",
        "doc-handout.docx",
    }


def test_templates_and_style_sheet_saved_on_windows(tmp_path, capsys):
    """A BOM and CRLF line ends in a template and in style.yaml change nothing."""
    import shutil

    (tmp_path / "lf").mkdir()
    (tmp_path / "win").mkdir()
    lf = make_project(tmp_path / "lf", BASE_TEXT)
    win = make_project(tmp_path / "win", BASE_TEXT)
    (win / "templates").unlink()
    shutil.copytree(ROOT / "templates", win / "templates")
    for path in [*(win / "templates").rglob("*.j2"), win / "templates" / "style.yaml"]:
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    for root in (lf, win):
        assert main(["build", "doc", "--root", str(root)]) == 0, capsys.readouterr().err
    out = "output/doc/doc-handout.pdf"
    assert pdf_text(lf / out) == pdf_text(win / out)


@pytest.mark.parametrize("indent", [4, 90, 300])
def test_places_after_any_indentation_and_escapes(indent):
    """A folded value's later lines, however deeply indented, and characters
    after escapes are placed exactly (in one pass over the value)."""
    text = "document:\n  title: 一二\n" + " " * indent + '三四ｶﾅ\n  subtitle: "\\a\\x07ｷ"\n'
    _, problems = read_plan(text, "x")
    places = {
        p.message[:12]: str(p.place) for p in problems if "ｶﾅ" in p.message or "ｷ" in p.message
    }
    assert sorted(places.values()) == sorted([f"x:3:{indent + 3}", "x:4:20"]), places


def test_watch_sees_a_document_folder_deleted_and_recreated(tmp_path):
    """A sync tool or editor that replaces the whole folder: the watch says
    the file is gone, then rebuilds the new one, and ends when asked."""
    import shutil
    import time

    from planpress.pipeline.watch import watch

    root = make_project(tmp_path, BASE_TEXT)
    folder = root / "content" / "doc"
    lines: list[str] = []
    stop = threading.Event()

    def out(*parts, file=None):
        lines.append(" ".join(map(str, parts)))

    def wait_for(needle: str, count: int) -> None:
        deadline = time.monotonic() + 60  # a guard, not a timing check
        while sum(needle in line for line in lines) < count:
            assert time.monotonic() < deadline, "\n".join(lines)
            time.sleep(0.05)

    thread = threading.Thread(
        target=watch, args=(Project(root), ["doc"]), kwargs={"stop": stop, "out": out}
    )
    thread.start()
    try:
        wait_for("見張っています", 1)
        shutil.rmtree(folder)
        wait_for("ファイルを読めません", 1)
        folder.mkdir()
        (folder / "document.yaml").write_text(
            BASE_TEXT.replace("一部改訂について", "再作成した表題"), encoding="utf-8"
        )
        wait_for("作り直しました", 2)
        assert "再作成した表題" in pdf_text(root / "output" / "doc" / "doc-handout.pdf")
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
