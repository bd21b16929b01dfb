"""Hostile content: code never runs, markup stays text, outputs are never lost."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pypdf
import pytest
from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from planpress.cli import main
from planpress.render.templates import environment

from .conftest import ROOT
from .helpers.projects import BASE, make_project
from .helpers.textutil import docx_text, pdf_text, squeeze

MARKUP = ["A & B", "<b>太字</b>", "x < y > z", "{{ plan.meta }}", "{% for x in y %}", "&amp; &lt;"]


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """build.py in a fresh process, on this tree's code (not an installed copy)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, str(ROOT / "build.py"), *args]
    return subprocess.run(
        command, check=False, capture_output=True, text=True, timeout=timeout, env=env
    )


def build(root, *extra: str) -> int:
    return main(["build", "doc", "--root", str(root), *extra])


def outputs(root):
    return sorted((root / "output" / "doc").glob("doc-handout.*"))


def test_alias_bomb_is_refused_quickly(tmp_path):
    """A billion-laughs file ends with a message (the timeout only guards a hang)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        name, prev = chr(97 + i), chr(96 + i)
        lines.append(f"{name}: &{name} [" + ",".join(["*" + prev] * 9) + "]")
    root = make_project(tmp_path, "\n".join(lines) + "\n")
    result = run_cli("check", "doc", "--root", str(root), timeout=10)
    assert result.returncode == 1
    assert (
        "content/doc/document.yaml:1:1: エラー: 別名（&・*）の展開が大きすぎます" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_python_tag_never_runs(tmp_path):
    marker = tmp_path / "MARKER"
    text = BASE.read_text(encoding="utf-8").replace(
        "  title: 一部改訂について",
        f'  title: !!python/object/apply:os.system ["touch {marker}"]',
    )
    root = make_project(tmp_path, text)
    result = run_cli("build", "doc", "--root", str(root))
    assert result.returncode == 1
    assert "python/object/apply:os.system」のような特別な指定は使えません" in result.stderr
    assert not marker.exists()


def test_templates_are_sandboxed_escaped_and_strict():
    env = environment([ROOT / "templates"])
    assert isinstance(env, SandboxedEnvironment)
    assert env.autoescape is True
    assert env.undefined is StrictUndefined
    with pytest.raises(SecurityError):
        env.from_string("{{ x.__class__.__mro__[1].__subclasses__() }}").render(x="")
    assert env.from_string("{{ x }}").render(x="<b>&") == "&lt;b&gt;&amp;"


def test_markup_characters_appear_literally_in_both_outputs(tmp_path):
    text = BASE.read_text(encoding="utf-8")
    quoted = [f"'{value}'" for value in MARKUP]
    text = (
        text.replace("青梅市では、計画的に商・工業の振興を図る。", quoted[0])
        .replace("計画の位置づけについて一部改訂を行う。", quoted[1])
        .replace("みどりと清流のまち", quoted[2])
        .replace("美しい山と渓谷に抱かれ、東京に暮らす 青梅", quoted[3])
        .replace("経営基盤の強化支援", quoted[4])
        .replace("中小企業の経営基盤の強化", quoted[5])
    )
    root = make_project(tmp_path, text)
    assert build(root) == 0
    pdf, docx = (
        [p for p in outputs(root) if p.suffix == ".pdf"],
        [p for p in outputs(root) if p.suffix == ".docx"],
    )
    for read, path in ((pdf_text, pdf[0]), (docx_text, docx[0])):
        found = squeeze(read(path))
        assert [v for v in MARKUP if squeeze(v) not in found] == []


def test_failed_build_leaves_previous_outputs_byte_for_byte(tmp_path, capsys):
    root = make_project(tmp_path, BASE.read_text(encoding="utf-8"))
    assert build(root) == 0
    before = {p: p.read_bytes() for p in outputs(root)}
    assert len(before) == 2
    broken = BASE.read_text(encoding="utf-8").replace("    id: vision", "    id: purpose")
    (root / "content" / "doc" / "document.yaml").write_text(broken, encoding="utf-8")
    assert build(root) == 1
    assert "以前の出力はそのまま残っています" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in outputs(root)} == before
    assert [p.name for p in (root / "output" / "doc").iterdir()] != []
    # no temporary file left behind (the .inputs stamps are the build's record)
    leftovers = [
        p
        for p in (root / "output" / "doc").iterdir()
        if p.name.startswith(".") and not p.name.endswith(".inputs")
    ]
    assert leftovers == []


def test_debug_shows_a_traceback(tmp_path):
    broken = BASE.read_text(encoding="utf-8").replace("    id: vision", "    id: purpose")
    root = make_project(tmp_path, broken)
    result = run_cli("build", "doc", "--root", str(root), "--debug")
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "ContentError" in result.stderr


def test_a_30000_character_paragraph_builds_across_pages(tmp_path):
    sentence = "青梅市の商工業の振興を図るため、計画的に施策を進める。"
    long = (sentence * (30_000 // len(sentence) + 1))[:30_000]
    text = BASE.read_text(encoding="utf-8").replace(
        "青梅市では、計画的に商・工業の振興を図る。", long
    )
    root = make_project(tmp_path, text)
    assert build(root) == 0
    pdf = next(p for p in outputs(root) if p.suffix == ".pdf")
    assert len(pypdf.PdfReader(pdf).pages) > 10
    # Page furniture (the folio -3- and the running head) sits between pages.
    running = re.sub(r"-\d+-第2回委員会", "", squeeze(pdf_text(pdf)))
    assert squeeze(long) in running
    docx = next(p for p in outputs(root) if p.suffix == ".docx")
    assert squeeze(long) in squeeze(docx_text(docx))


def test_optional_parts_may_be_left_out(tmp_path):
    """No meeting, subtitle, handout, heading, notes or caption: still a handout."""
    text = BASE.read_text(encoding="utf-8").replace(
        "  meeting:\n    name: 第2回委員会\n    date: 2023-11-20\n", ""
    )
    assert "meeting" not in text
    root = make_project(tmp_path, text)
    assert build(root) == 0
    pdf = next(p for p in outputs(root) if p.suffix == ".pdf")
    assert "一部改訂について" in pdf_text(pdf)
