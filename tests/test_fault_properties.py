"""Random YAML structures and random Unicode through the command line: any
file ends with exit 0 or 1 and placed Japanese messages, never a traceback
or 「内部エラー」, and a build never changes the outputs when it fails."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from planpress.cli import main

from .helpers.faults import leftovers, snapshot
from .helpers.projects import BASE, make_project

BASE_TEXT = BASE.read_text(encoding="utf-8")
KEYS = [
    "document", "sections", "title", "kind", "id", "paragraphs", "meeting", "date", "name",
    "groups", "policies", "measures", "only", "current", "revised", "rows", "columns",
    "items", "notes", "editions", "municipality", "plan", "ｷｰ", "", "a: b", "- x",
]  # fmt: skip
# Text YAML readers trip over: line ends of every platform, marks, tabs,
# brackets, quotes, indicators, and anything else Unicode has.
NASTY = st.sampled_from(
    ["\r\n", "\r", "\n", "\ufeff", "\t", "\u2028", "\x85", ": ", "- ", "#", "&a", "*a", "!", "|", ">", "'", '"', "{", "[", "%", "@", "`", "\\"]
)  # fmt: skip
TEXT = st.lists(st.characters(exclude_categories=("Cs",)) | NASTY, max_size=30).map("".join)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | TEXT
STRUCTURES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | TEXT, children, max_size=4)
    ),
    max_leaves=25,
)
PLACED = re.compile(r"^[^\s:][^:]*(:\d+:\d+)?: (エラー|警告): \S")
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("random")
    make_project(root, BASE_TEXT)
    assert main(["build", "doc", "--root", str(root)]) == 0
    return root


def run(project, data: bytes, command: str, capsys) -> None:
    (project / "content" / "doc" / "document.yaml").write_bytes(data)
    before = snapshot(project / "output")
    code = main([command, "doc", "--root", str(project)])
    captured = capsys.readouterr()
    assert code in (0, 1), (code, captured.err)
    assert "Traceback" not in captured.err and "内部エラー" not in captured.err, captured.err
    for line in captured.err.split("\n"):
        if not line:
            continue
        assert PLACED.match(line) or "作成しませんでした" in line, line
    if code == 1 and command == "build":
        assert snapshot(project / "output") == before
    assert leftovers(project) == []


def dumped(structure, style) -> bytes:
    text = yaml.safe_dump(structure, allow_unicode=True, default_style=style, width=20)
    return text.encode("utf-8", "surrogatepass")


@SETTINGS
@given(structure=STRUCTURES, style=st.sampled_from([None, "|", ">", '"', "'"]))
def test_random_structures_are_checked_with_messages(project, capsys, structure, style):
    run(project, dumped(structure, style), "check", capsys)


@SETTINGS
@given(raw=st.lists(TEXT | st.sampled_from(BASE_TEXT.splitlines(keepends=True)), max_size=40))
def test_random_text_is_checked_with_messages(project, capsys, raw):
    run(project, "".join(raw).encode("utf-8", "surrogatepass"), "check", capsys)


@SETTINGS
@given(
    line=st.integers(min_value=0, max_value=BASE_TEXT.count("\n")),
    noise=TEXT,
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_damaged_documents_are_checked_with_messages(project, capsys, line, noise, crlf, bom):
    """The real document with random text spliced into one line, saved as
    Windows or Unix would."""
    lines = BASE_TEXT.split("\n")
    lines[line] = lines[line][: len(noise) % (len(lines[line]) + 1)] + noise
    text = "\n".join(lines)
    if crlf:
        text = text.replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")
    run(project, data, "check", capsys)


@pytest.mark.slow
@settings(SETTINGS, max_examples=15)
@given(line=st.integers(min_value=0, max_value=BASE_TEXT.count("\n")), noise=TEXT)
def test_damaged_documents_build_or_leave_the_outputs(project, capsys, line, noise):
    lines = BASE_TEXT.split("\n")
    lines[line] = lines[line] + noise
    run(project, "\n".join(lines).encode("utf-8", "surrogatepass"), "build", capsys)
