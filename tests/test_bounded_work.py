"""Work that could run away is bounded: each of these ends with a message
within seconds and a bounded amount of memory, in a child process run under
an address-space limit (docs/limits.md says the limits)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time

import pytest

from .conftest import ROOT
from .helpers.projects import BASE, make_project

BASE_TEXT = BASE.read_text(encoding="utf-8")
MEMORY = 2 * 1024**3  # the child's address space: far above a real build's needs
SECONDS = 60  # far above what each takes: only a runaway reaches it

pytestmark = pytest.mark.slow  # child processes; CI runs them


def run_limited(root, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args, "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=SECONDS,
        env=env,
        preexec_fn=limit,
        check=False,
    )
    return result, time.perf_counter() - started


def refused(result, says: str) -> None:
    assert result.returncode == 1, result.stderr
    assert says in result.stderr
    assert "Traceback" not in result.stderr and "内部エラー" not in result.stderr


def test_a_limited_child_can_build_the_real_document(tmp_path):
    """The limit itself leaves room for an honest build (else the tests below prove nothing)."""
    root = make_project(tmp_path, BASE_TEXT)
    result, _ = run_limited(root, "build", "doc")
    assert result.returncode == 0, result.stderr


def test_one_paragraph_aliased_thousands_of_times(tmp_path):
    paragraph = "      - &p " + "計画的に商・工業の振興を図る。" * 60 + "\n"
    text = BASE_TEXT.replace(
        "    paragraphs:\n", "    paragraphs:\n" + paragraph + "      - *p\n" * 5000, 1
    )
    root = make_project(tmp_path, text)
    result, seconds = run_limited(root, "build", "doc")
    refused(result, "別名（&・*）の展開が大きすぎます")
    assert seconds < 20


def test_a_template_that_prints_without_end(tmp_path):
    root = make_project(tmp_path, BASE_TEXT)
    (root / "content" / "doc" / "templates").mkdir()
    handout = (ROOT / "templates" / "handout.xml.j2").read_text(encoding="utf-8")
    flood = '{% for i in range(100000) %}{% for j in range(100000) %}{{ "あ" * 1000 }}{% endfor %}{% endfor %}'
    lines = handout.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("<document"))
    lines.insert(at + 1, flood)
    (root / "content" / "doc" / "templates" / "handout.xml.j2").write_text("\n".join(lines))
    result, seconds = run_limited(root, "build", "doc")
    refused(result, "文字を超えました")
    assert seconds < 30


def test_twenty_five_thousand_bad_characters_in_one_value(tmp_path):
    text = BASE_TEXT.replace(
        "      - 青梅市では、計画的に商・工業の振興を図る。", '      - "' + "\\a" * 25_000 + '"'
    )
    root = make_project(tmp_path, text)
    result, seconds = run_limited(root, "check", "doc")
    refused(result, "制御文字")
    assert result.stderr.count("\n") >= 25_000
    assert seconds < 20


def test_a_file_far_larger_than_any_plan(tmp_path):
    text = BASE_TEXT + "# " + "あ" * 20_000_000 + "\n"
    root = make_project(tmp_path, text)
    result, seconds = run_limited(root, "build", "doc")
    refused(result, "ファイルが大きすぎます")
    assert seconds < 20
