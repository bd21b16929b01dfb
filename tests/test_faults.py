"""The fault-injection suite: every command × every kind of broken input ×
every fault on the output side.

Each case breaks a fresh copy of a project that has been built once, runs the
command in this process (the audit sees every file it opens), and checks what
an official and the IT staff would: the exit code; every line of the error
stream in the form `file:line:column: エラー: …` or `path: エラー: …` (or the
build's own summary lines), never a traceback, a Python repr or 「内部エラー」;
the previous outputs byte for byte when the command failed; no temporary file
left; nothing read outside the project (a secret planted beside it) and
nothing written outside it; and the case's time. Work that could run away
(aliases, templates) is also run in a child process under a memory limit
(test_bounded_work.py).
"""

from __future__ import annotations

import errno
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from planpress import cache
from planpress.cli import internal_error, main
from planpress.content.yaml_source import MAX_SOURCE
from planpress.diagnostics.messages import UsageError
from planpress.pipeline import Project
from planpress.pipeline.watch import watch
from planpress.render import templates

from .conftest import ROOT
from .helpers.faults import (
    SECRET,
    audited,
    base_project,
    check_confined,
    clone,
    leftovers,
    patched_rename,
    patched_write,
    read_only_file_system,
    replace,
    snapshot,
)
from .helpers.projects import BASE

BASE_TEXT = BASE.read_text(encoding="utf-8")
CASE_SECONDS = 30  # far above any case's real time: only a runaway fails it

# A line of the error stream: a placed message, a path-named one, or one of
# the command's own summary lines.
PLACED = re.compile(r"^[^\s:][^:]*(:\d+:\d+)?: (エラー|警告): \S")
SUMMARY = re.compile(r"^(\d+ 件のエラーがあるため|planpress: |--strict)")
PYTHONISH = re.compile(r"Traceback|Node\(|Error\(|Error:|\bNone\b|\[\w+Node|<class |object at 0x")


# --- the base project, built once ---------------------------------------------


@pytest.fixture(scope="module")
def built_base(tmp_path_factory) -> Path:
    """A project whose document, comparison and schema have been built: the
    outputs every failing case must leave byte for byte."""
    folder = tmp_path_factory.mktemp("faults-base")
    root = base_project(folder)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["build", "doc", "--root", str(root)]) == 0
        assert (
            main(["compare", "versions/old.yaml", "content/doc/document.yaml", "--root", "."]) == 0
        )
        assert main(["schema", "--out", "output/schema.json", "--root", "."]) == 0
    finally:
        os.chdir(cwd)
    return folder


@pytest.fixture
def case(built_base, tmp_path, monkeypatch):
    """A fresh copy of the built project, the current folder inside it."""
    folder = tmp_path / "case"
    clone(built_base / "project", folder / "project")
    clone(built_base / "outside", folder / "outside")
    monkeypatch.chdir(folder / "project")
    monkeypatch.setattr(templates, "MAX_SECONDS", 3.0)  # a runaway template ends sooner
    return folder


# --- running a command ----------------------------------------------------------------


@dataclass
class Result:
    code: int | None
    out: str
    err: str
    seconds: float


def run(command: str, root: Path, capsys) -> Result:
    """One command in this process, as an official would type it."""
    started = time.perf_counter()
    if command == "watch":  # one pass: the first build, then the stop it finds set
        lines: list[str] = []

        def out(*parts, file=None):
            lines.append(" ".join(map(str, parts)))

        stop = threading.Event()
        stop.set()
        code = None
        try:
            watch(
                Project(root),
                ["doc"],
                stop=stop,
                out=out,
                on_error=lambda e: internal_error(e, root),
            )
        except UsageError as error:  # as the command line says it (exit 2)
            lines.append(f"planpress: {error}")
            code = 2
        captured = capsys.readouterr()
        text = "\n".join(lines)
        return Result(code, captured.out, text + captured.err, time.perf_counter() - started)
    argv = {
        "build": ["build", "doc"],
        "check": ["check", "doc"],
        "compare": ["compare", "versions/old.yaml", "content/doc/document.yaml"],
        "schema": ["schema", "--out", "output/schema.json"],
    }[command]
    code = main([*argv, "--root", str(root)])
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err, time.perf_counter() - started)


def check_messages(result: Result) -> None:
    """Every error line is placed and Japanese; nothing of Python shows."""
    assert not PYTHONISH.search(result.err), result.err
    assert "内部エラー" not in result.err, result.err
    for line in result.err.splitlines():
        if not line.strip() or "見張っています" in line or "を作り直しました" in line:
            continue  # watch's own progress lines (it prints everything to one stream)
        assert PLACED.match(line) or SUMMARY.match(line), line


def check_case(folder: Path, command: str, expect: set[int], capsys, secret_ok: bool = False):
    root = folder / "project"
    before = snapshot(root / "output")
    with audited() as audit:
        result = run(command, root, capsys)
    check_messages(result)
    if result.code is not None:
        assert result.code in expect, (result.code, result.err)
    failed = result.code not in (0, None) or "エラー" in result.err
    if failed and result.code != 0:
        assert snapshot(root / "output") == before, "a failed command changed the outputs"
    assert leftovers(root) == []
    check_confined(audit, root, folder / "outside")
    assert SECRET not in result.err + result.out
    assert result.seconds < CASE_SECONDS
    return result


# --- broken inputs ----------------------------------------------------------------------


def content(text: str | bytes):
    def apply(root: Path) -> None:
        replace(root / "content" / "doc" / "document.yaml", text)

    return apply


def edited(old: str, new: str):
    assert old in BASE_TEXT
    return content(BASE_TEXT.replace(old, new, 1))


ALIAS_TEXT = BASE_TEXT.replace(
    "      - 青梅市では", "      - &p " + "長い段落。" * 400 + "\n      - 青梅市では"
).replace("    paragraphs:\n", "    paragraphs:\n" + "      - *p\n" * 300, 1)
DEEP = "document: " + "[" * 5000 + "]" * 5000 + "\n"
PARAGRAPH = "      - 青梅市では、計画的に商・工業の振興を図る。"

CONTENT = {
    # Windows saves: must build as the LF original does.
    "crlf_bom": (content(b"\xef\xbb\xbf" + BASE_TEXT.replace("\n", "\r\n").encode()), {0}),
    "cr_only": (content(BASE_TEXT.replace("\n", "\r")), {0}),
    "syntax": (edited("  title: 一部改訂について", "  title: [閉じない"), {1}),
    "tab_indent": (edited("  plan: ", "\tplan: "), {1}),
    "colon_in_value": (edited("  title: 一部改訂について", "  title: 改訂: 案: 一"), {1}),
    "python_tag": (
        edited("  title: 一部改訂について", "  title: !!python/object/apply:os.system [ls]"),
        {1},
    ),
    "custom_tag": (edited("  title: 一部改訂について", "  title: !secret x"), {1}),
    "alias_text_bomb": (content(ALIAS_TEXT), {1}),
    "duplicate_anchor": (
        edited("  title: 一部改訂について", "  title: &a 一\n  subtitle: &a 二"),
        {1},
    ),
    "undefined_alias": (edited("  title: 一部改訂について", "  title: *nothing"), {1}),
    "deep_nesting": (content(DEEP), {1}),
    "complex_key": (
        edited("  title: 一部改訂について", "  ? [a, b]\n  : x\n  title: 一部改訂について"),
        {1},
    ),
    "shift_jis": (content(BASE_TEXT.encode("cp932")), {1}),
    "utf16": (content(BASE_TEXT.encode("utf-16")), {1}),
    "binary": (content(bytes(range(256)) * 8), {1}),
    "empty": (content(b""), {1}),
    "only_comment": (content("# nothing\n"), {1}),
    "top_is_text": (content("ただの文\n"), {1}),
    "control_char": (edited(PARAGRAPH, '      - "ベル\\a"'), {1}),
    "many_bad_chars": (edited(PARAGRAPH, '      - "' + "\\a" * 25_000 + '"'), {1}),
    "date_far_future": (edited("    date: 2023-11-20", "    date: 2203-11-20"), {1}),
    "date_impossible": (edited("    date: 2023-11-20", "    date: 2023-02-30"), {1}),
    "huge_file": (content(BASE_TEXT + "# " + "あ" * MAX_SOURCE + "\n"), {1}),
    "title_300": (edited("  title: 一部改訂について", "  title: " + "長" * 300), {0}),
    "header_long": (edited("    name: 第2回委員会", "    name: " + "会議" * 150), {0}),
    "literal_and_folded": (
        edited(
            PARAGRAPH,
            "      - |\n        一行目\n          字下げ\n\n        段落\n      - >-\n        a\n\n        b",
        ),
        {0},
    ),
    "document_is_folder": (
        lambda root: _folder_for(root / "content" / "doc" / "document.yaml"),
        {2},
    ),
}


def _folder_for(path: Path) -> None:
    path.unlink()
    path.mkdir()


def style(old: str, new: str):
    def apply(root: Path) -> None:
        path = root / "templates" / "style.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        replace(path, text.replace(old, new, 1))

    return apply


BODY = "body: {word: Body Text, font: mincho, size: 11,"
MARGINS = "margins: {top: 20mm, bottom: 18mm, left: 20mm, right: 20mm}"
FILL = 'header_fill: "#E6E6E6"'
MINCHO = "file: BIZUDMincho-Regular.ttf"


def _font(data: bytes):
    def apply(root: Path) -> None:
        (root / "fonts" / "fake.ttf").write_bytes(data)
        style(MINCHO, "file: fake.ttf")(root)

    return apply


MINCHO_BYTES = (ROOT / "fonts" / "BIZUDMincho-Regular.ttf").read_bytes()


STYLE = {
    "size_zero": style(BODY, BODY.replace("size: 11", "size: 0")),
    "size_negative": style(BODY, BODY.replace("size: 11", "size: -4")),
    "size_huge": style(BODY, BODY.replace("size: 11", "size: 1e300")),
    "size_nan": style(BODY, BODY.replace("size: 11", "size: .nan")),
    "size_text": style(BODY, BODY.replace("size: 11", "size: 大きい")),
    "leading_zero": style("size: 11, leading: 1.75", "size: 11, leading: 0"),
    "duplicate_key": style(BODY, BODY + " size: 12,"),
    "margins_wider_than_page": style(MARGINS, MARGINS.replace("left: 20mm", "left: 200mm")),
    "margin_negative": style(MARGINS, MARGINS.replace("top: 20mm", "top: -5mm")),
    "bad_colour": style(FILL, 'header_fill: "grey"'),
    "bad_align": style(
        "leading: 1.75, indent: 1, align: justify", "leading: 1.75, indent: 1, align: middle"
    ),
    "font_missing": style(MINCHO, "file: NoSuchFont.ttf"),
    "font_not_truetype": _font(b"<html>not a font</html>"),
    "font_truncated": _font(MINCHO_BYTES[: len(MINCHO_BYTES) // 3]),
    "font_signature_only": _font(b"\x00\x01\x00\x00" + bytes(200)),
    "font_outside": style(MINCHO, "file: ../../outside/secret.ttf"),
    "font_absolute": lambda root: style(MINCHO, f"file: {root.parent / 'outside' / 'secret.ttf'}")(
        root
    ),
    "unknown_font": style(BODY, BODY.replace("font: mincho", "font: nosuch")),
    "style_syntax": style("page:\n", "page: [\n"),
    "style_is_list": lambda root: replace(root / "templates" / "style.yaml", "- a\n- b\n"),
    "style_empty": lambda root: replace(root / "templates" / "style.yaml", ""),
    "page_number_format": style(
        'page_number: "- {page} -"', 'page_number: "{page} {page.__class__}"'
    ),
    "page_size": style("size: A4", "size: B99"),
}


def template(snippet: str):
    """`snippet` inside <document> of both the handout and the comparison."""

    def apply(root: Path) -> None:
        for name in ("handout.xml.j2", "compare.xml.j2"):
            path = root / "templates" / name
            lines = path.read_text(encoding="utf-8").split("\n")
            at = next(i for i, line in enumerate(lines) if line.startswith("<document"))
            lines.insert(at + 1, snippet)
            replace(path, "\n".join(lines))

    return apply


def _template_link(root: Path) -> None:
    for name in ("handout.xml.j2", "compare.xml.j2"):
        path = root / "templates" / name
        path.unlink()
        path.symlink_to(root.parent / "outside" / "secret.xml.j2")


TEMPLATES = {
    "tpl_syntax": template("{% for x in %}"),
    "tpl_runtime": template("{{ 1 // 0 }}"),
    "tpl_undefined": template("{{ nothing.here }}"),
    "tpl_missing_include": template('{% include "parts/nosuch.xml.j2" %}'),
    "tpl_escape_include": template('{% include "../../outside/secret.xml.j2" %}'),
    "tpl_loop": template(
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    ),
    "tpl_huge_output": template('{% for i in range(100000) %}{{ "x" * 999 }}{% endfor %}'),
    "tpl_big_value": template('{{ "x" * 100000000 }}'),
    "tpl_power": template("{{ 10 ** 10 ** 10 }}"),
    "tpl_recursion": template("{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}"),
    "tpl_unknown_tag": template("<blink>x</blink>"),
    "tpl_broken_markup": template("<section><p>"),
    "tpl_sandbox": template("{{ ''.__class__.__mro__[1].__subclasses__() }}"),
    "tpl_link_outside": _template_link,
}

# Which commands each kind of break reaches: check reads no template.
KINDS = [
    *[
        (name, apply, codes, ("build", "check", "compare", "watch"))
        for name, (apply, codes) in CONTENT.items()
    ],
    *[(name, apply, {1}, ("build", "check", "compare", "watch")) for name, apply in STYLE.items()],
    *[(name, apply, {1}, ("build", "compare", "watch")) for name, apply in TEMPLATES.items()],
]
# build and check run by default; compare and watch over every kind of break
# are the slow half (CI runs them: pytest -m "slow or not slow").
SLOW_COMMANDS = {"compare", "watch"}
CASES = [
    pytest.param(
        name,
        apply,
        codes,
        command,
        id=f"{command}-{name}",
        marks=[pytest.mark.slow] if command in SLOW_COMMANDS else [],
    )
    for name, apply, codes, commands in KINDS
    for command in commands
]


@pytest.mark.parametrize(("name", "apply", "codes", "command"), CASES)
def test_broken_input(case, capsys, name, apply, codes, command):
    root = case / "project"
    apply(root)
    result = check_case(case, command, codes, capsys)
    if codes == {1} and command == "watch":
        assert "エラー" in result.err  # said, and the watch went on (it returned)
    if name in ("crlf_bom", "cr_only") and command == "build":
        assert "作成しました" in result.out


def test_template_unaffected_commands_still_work(case, capsys):
    """check reads no template: a broken one does not stop it."""
    TEMPLATES["tpl_runtime"](case / "project")
    assert check_case(case, "check", {0}, capsys).code == 0


# --- output faults ----------------------------------------------------------------------


def _in_the_way(target: str):
    def apply(root: Path):
        path = root / target
        path.unlink()
        path.mkdir()
        (path / "keep.txt").write_text("x")
        return _nothing()

    return apply


def _folder_is_file(root: Path):
    import shutil

    shutil.rmtree(root / "output")
    (root / "output").write_text("a file where the folder was")
    return _nothing()


def _nothing():
    import contextlib

    return contextlib.nullcontext()


TARGETS = {
    "build": "output/doc/doc-handout.docx",
    "compare": "output/doc/doc-compare.docx",
    "schema": "output/schema.json",
}
FAULTS = {
    "target_is_folder": lambda root, command: _in_the_way(TARGETS[command])(root),
    "output_folder_is_file": lambda root, command: _folder_is_file(root),
    "disk_full": lambda root, command: patched_write(Path(TARGETS[command]).name),
    "rename_denied": lambda root, command: patched_rename(Path(TARGETS[command]).name),
    "read_only": lambda root, command: read_only_file_system(),
    "name_too_long": lambda root, command: patched_rename(
        Path(TARGETS[command]).name, errno.ENAMETOOLONG
    ),
}


@pytest.mark.parametrize(
    "command", ["build", pytest.param("compare", marks=pytest.mark.slow), "schema"]
)
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_output_fault(case, capsys, fault, command):
    """The outputs change together or not at all; the message names the path."""
    root = case / "project"
    edited("  title: 一部改訂について", "  title: 一部改訂について（第二版）")(root)
    with FAULTS[fault](root, command):
        result = check_case(case, command, {1}, capsys)
    assert re.search(r"(output|schema)[^:]*: エラー: ", result.err), result.err


def test_a_long_document_name_is_refused_with_its_path(case, capsys):
    """A folder name the file system takes, with output names it does not."""
    root = case / "project"
    long = root / "content" / ("d" * 245)
    (root / "content" / "doc").rename(long)
    before = snapshot(root / "output")
    code = main(["build", long.name, "--root", str(root)])
    err = capsys.readouterr().err
    assert code == 1
    assert "ファイル名またはパスが長すぎます" in err
    assert "Traceback" not in err
    assert snapshot(root / "output") == before
    assert leftovers(root) == []


# --- wrong places -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["document.yaml", "./document.yaml", "templates/..", ".", "../doc"],
)
def test_outputs_go_to_output_doc_whatever_names_the_document(case, capsys, monkeypatch, target):
    root = case / "project"
    folder = root / "content" / "doc"
    (folder / "templates").mkdir()
    monkeypatch.chdir(folder)
    edited("  title: 一部改訂について", "  title: 場所の確認")(root)
    with audited() as audit:
        assert main(["build", target, "--root", str(root)]) == 0
    capsys.readouterr()
    cache_folder = cache.folder().resolve()  # the per-user cache: docs/limits.md
    written = {
        path
        for path in (Path(p).resolve() for p in audit.writes)
        if "__pycache__" not in path.parts and not path.is_relative_to(cache_folder)
    }
    assert written, "nothing was written"
    assert all(p.is_relative_to((root / "output" / "doc").resolve()) for p in written), written


# --- all-or-nothing and warnings kept -----------------------------------------------------


def test_the_pair_changes_together_when_the_second_rename_fails(case, capsys):
    """The PDF is renamed into place first; when the DOCX cannot follow, the
    new PDF is taken back and the old one restored."""
    root = case / "project"
    before = snapshot(root / "output")
    edited("  title: 一部改訂について", "  title: 新しい表題")(root)
    with patched_rename("doc-handout.docx"):
        assert main(["build", "doc", "--root", str(root)]) == 1
    capsys.readouterr()
    assert snapshot(root / "output") == before
    assert main(["build", "doc", "--root", str(root)]) == 0  # and the next build goes through
    assert snapshot(root / "output") != before


def test_an_unchanged_build_repeats_its_warnings_and_pages(case, capsys):
    root = case / "project"
    edited("      - 青梅市では、", "      - 青梅市では、、")(root)  # doubled 、: a warning
    assert main(["build", "doc", "--root", str(root)]) == 0
    first = capsys.readouterr()
    assert "警告" in first.err
    assert main(["build", "doc", "--root", str(root)]) == 0
    again = capsys.readouterr()
    assert "そのままにしました" in again.out
    assert again.err == first.err
    pages = re.search(r"（(\d+) ページ", again.out)
    assert pages and int(pages.group(1)) > 0, again.out


def test_killed_builds_leave_temporaries_the_next_build_removes(case, capsys):
    """What a kill -9 during the renames leaves (an old output set aside, a
    temporary file) is tidied by the next build, and nothing is lost."""
    root = case / "project"
    out = root / "output" / "doc"
    pdf = out / "doc-handout.pdf"
    (out / ".planpress-doc-handout.docx-abc123").write_bytes(b"half a file")
    aside = out / ".planpress-old-doc-handout.pdf"
    pdf.rename(aside)  # killed after setting the old PDF aside
    assert main(["build", "doc", "--root", str(root)]) == 0
    capsys.readouterr()
    assert leftovers(root) == []
    assert pdf.is_file()
