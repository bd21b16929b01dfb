"""The per-user cache makes builds faster, never different.

Builds run in fresh processes (as a user's do), so in-process memos cannot
stand in for the cache: with no cache, with an empty one (filled on the way),
with a filled one, and with one that is damaged or stale in every way we can
make, the bytes out are the same.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from planpress import cache
from planpress.pipeline import Project, build_document
from planpress.writers.pdf import font_cache
from planpress.writers.style import StyleSheet, load_style_sheet

from .conftest import EXAMPLE, ROOT

FONT = ROOT / "fonts" / "BIZUDMincho-Regular.ttf"
KINDS = (
    "ttfont",
    "jinja",
    "cmap",
    "docx-base",
    "docx-subset",
    "tree",
    "regex",
    "dataclass-code",
    "messages",
    "ttf-subset",
)


def make_project(root: Path) -> Path:
    (root / "content" / "plan").mkdir(parents=True)
    shutil.copy(EXAMPLE / "document.yaml", root / "content" / "plan" / "document.yaml")
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "fonts", root / "fonts")
    return root


def build(root: Path, cache_dir: Path | None) -> dict[str, bytes]:
    """`planpress build --force` in a fresh process; the outputs' bytes by name."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("PLANPRESS_NO_CACHE", None)
    if cache_dir is None:
        env["PLANPRESS_NO_CACHE"] = "1"
    else:
        env["PLANPRESS_CACHE_DIR"] = str(cache_dir)
    run = subprocess.run(
        [sys.executable, "-m", "planpress.cli", "build", "--force", "--root", str(root)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    out = root / "output" / "plan"
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def entries(cache_dir: Path) -> dict[str, list[Path]]:
    return {kind: sorted((cache_dir / kind).glob("*.bin")) for kind in KINDS}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """A project and its outputs built without any cache."""
    root = make_project(tmp_path_factory.mktemp("project"))
    return root, build(root, None)


def test_outputs_are_the_same_with_and_without_the_cache(reference, tmp_path):
    root, expected = reference
    assert set(expected) == {"plan-handout.pdf", "plan-handout.docx"}
    cache_dir = tmp_path / "cache"
    assert build(root, cache_dir) == expected  # cold: every entry written
    written = entries(cache_dir)
    assert all(written[kind] for kind in KINDS), written
    assert build(root, cache_dir) == expected  # warm: every entry read
    assert entries(cache_dir) == written  # nothing needed writing again


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    head = len(cache.MAGIC) + 32
    if how == "flipped":  # one byte of the payload
        path.write_bytes(data[:-7] + bytes([data[-7] ^ 0x55]) + data[-6:])
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "foreign":  # a well-formed entry whose payload is garbage
        payload = b"\x80\x05not a pickle, nor marshal, nor Jinja bytecode"
        path.write_bytes(cache.MAGIC + hashlib.sha256(payload).digest() + payload)
    elif how == "header":
        path.write_bytes(b"something else" + data[head:])


@pytest.mark.parametrize("how", ["flipped", "truncated", "empty", "foreign", "header"])
def test_a_damaged_cache_changes_no_output(reference, tmp_path, how):
    root, expected = reference
    cache_dir = tmp_path / "cache"
    build(root, cache_dir)
    for paths in entries(cache_dir).values():
        for path in paths:
            damage(path, how)
    assert build(root, cache_dir) == expected


def test_a_stale_cache_changes_no_output(tmp_path):
    """Entries are keyed by contents: a template, a style or a font file changed
    in place (same path) is read anew, as a build without a cache reads it."""
    root = make_project(tmp_path / "project")
    cache_dir = tmp_path / "cache"
    build(root, cache_dir)
    template = root / "templates" / "handout.xml.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text + "\n{# edited #}\n", encoding="utf-8")
    style = root / "templates" / "style.yaml"
    styles = style.read_text(encoding="utf-8")
    style.write_text(styles.replace("size: 11", "size: 10.5", 1), encoding="utf-8")
    # a word of the content (a tree and a font subset of other text)
    document = root / "content" / "plan" / "document.yaml"
    content = document.read_text(encoding="utf-8")
    assert "策定した" in content
    document.write_text(content.replace("策定した", "作成した", 1), encoding="utf-8")
    # another font's bytes under the mincho file's name
    shutil.copy(ROOT / "fonts" / "BIZUDGothic-Regular.ttf", root / "fonts" / FONT.name)
    warm = build(root, cache_dir)
    assert warm == build(root, None)


def test_an_unwritable_cache_is_no_error(reference, tmp_path):
    root, expected = reference
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    assert build(root, blocker) == expected


def test_a_cached_face_is_the_face_reportlab_parses(tmp_path, monkeypatch):
    """The cached font is ReportLab's own in every attribute (this is where a
    ReportLab update that changes its internals shows)."""
    monkeypatch.setenv("PLANPRESS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("PLANPRESS_NO_CACHE", raising=False)
    fresh = TTFont("t", str(FONT), asciiReadable=False)
    font_cache.load_ttfont("t", FONT)  # parses and stores
    assert list((tmp_path / "ttfont").glob("*.bin"))
    cached = font_cache.load_ttfont("t", FONT)  # rebuilt from the entry
    assert cached.face._ttf_data == fresh.face._ttf_data
    assert set(vars(cached)) == set(vars(fresh))
    for name, value in vars(fresh).items():
        if name not in ("face", "encoding", "state"):
            assert getattr(cached, name) == value, name
    assert type(cached.encoding) is type(fresh.encoding)
    assert isinstance(cached.face, TTFontFace)
    expected = vars(fresh.face)
    # the tables made on first use are not there before it
    assert not set(font_cache.LAZY) & set(vars(cached.face))
    for name, value in expected.items():
        got = getattr(cached.face, name)
        if name == "_pdfScale":
            assert [got(v) for v in (0, 1, 333, 2048)] == [value(v) for v in (0, 1, 333, 2048)]
        else:
            # repr: the same order of keys and the same type of every number (1 is not 1.0)
            assert repr(got) == repr(value), name
    assert set(vars(cached.face)) - set(expected) == {"_tables", "_key"}
    assert cached.shapable == fresh.shapable
    assert cached.stringWidth("計画の改定 Plan 2026", 11) == fresh.stringWidth(
        "計画の改定 Plan 2026", 11
    )


def test_no_cache_means_nothing_is_read_or_written(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANPRESS_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("PLANPRESS_NO_CACHE", "1")
    cache.save("kind", "name", b"payload")
    assert not any(tmp_path.iterdir())
    monkeypatch.delenv("PLANPRESS_NO_CACHE")
    cache.save("kind", "name", b"payload")
    assert cache.load("kind", "name") == b"payload"
    monkeypatch.setenv("PLANPRESS_NO_CACHE", "1")
    assert cache.load("kind", "name") is None


def test_a_style_sheet_cannot_be_changed_by_whoever_holds_it(tmp_path):
    """One sheet is shared by every build that reads the same bytes."""
    sheet = load_style_sheet(ROOT / "templates" / "style.yaml", ROOT / "fonts")
    assert isinstance(sheet, StyleSheet)
    with pytest.raises((AttributeError, TypeError)):
        sheet.margins = sheet.landscape_margins
    with pytest.raises(TypeError):
        sheet.paragraphs["body"] = sheet.paragraphs["heading-1"]
    with pytest.raises(TypeError):
        del sheet.fonts["mincho"]


def test_a_style_sheet_is_read_again_when_its_bytes_change(tmp_path):
    style = tmp_path / "style.yaml"
    shutil.copy(ROOT / "templates" / "style.yaml", style)
    first = load_style_sheet(style, ROOT / "fonts")
    assert load_style_sheet(style, ROOT / "fonts") is first
    stat = style.stat()
    text = style.read_text(encoding="utf-8")
    assert "size: 11" in text
    style.write_text(text.replace("size: 11", "size: 12", 1), encoding="utf-8")
    os.utime(style, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and time: only bytes tell
    assert load_style_sheet(style, ROOT / "fonts") != first


def test_docx_base_documents_are_kept_by_contents_and_bounded(tmp_path, monkeypatch):
    """A style sheet read again gives the same base; many sheets do not pile up."""
    from planpress.writers.docx import writer

    monkeypatch.setenv("PLANPRESS_NO_CACHE", "1")
    project = Project(ROOT, out=tmp_path / "out")
    build_document(project, EXAMPLE, force=True)
    style = tmp_path / "style.yaml"
    text = (ROOT / "templates" / "style.yaml").read_text(encoding="utf-8")
    keys = set()
    for size in ("12", "13", "14", "15", "16", "17"):
        style.write_text(text.replace("size: 11", f"size: {size}", 1), encoding="utf-8")
        sheet = load_style_sheet(style, ROOT / "fonts")
        keys.add(writer.base_key(sheet, "ja"))
        writer.DocxWriter(sheet)._base("ja")
    assert len(keys) == 6
    assert len(writer._BASES) <= writer.BASES_KEPT
    again = load_style_sheet(style, ROOT / "fonts")
    assert writer.base_key(again, "ja") in writer._BASES


def test_fonts_are_registered_by_contents(tmp_path):
    """A font file replaced at the same path (under watch) is registered anew."""
    from reportlab.pdfbase import pdfmetrics

    from planpress.writers.pdf.fonts import register_fonts

    fonts = tmp_path / "fonts"
    shutil.copytree(ROOT / "fonts", fonts)
    sheet = load_style_sheet(ROOT / "templates" / "style.yaml", fonts)
    before = register_fonts(sheet)
    shutil.copy(ROOT / "fonts" / "BIZUDGothic-Bold.ttf", fonts / FONT.name)
    after = register_fonts(sheet)
    assert after["mincho"] != before["mincho"]
    face = pdfmetrics.getFont(after["mincho"]).face
    assert b"Bold" in bytes(face.name)


def test_cache_folder_is_per_user_by_default(monkeypatch):
    monkeypatch.delenv("PLANPRESS_CACHE_DIR", raising=False)
    import platformdirs

    assert cache.folder() == Path(platformdirs.user_cache_dir("planpress", appauthor=False))


def test_pickled_state_holds_no_file_bytes(tmp_path, monkeypatch):
    """The font entry is the parsed tables, not a copy of the font file."""
    monkeypatch.setenv("PLANPRESS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("PLANPRESS_NO_CACHE", raising=False)
    font_cache.load_ttfont("t", FONT)
    (entry,) = (tmp_path / "ttfont").glob("*.bin")
    state, tables = pickle.loads(entry.read_bytes()[len(cache.MAGIC) + 32 :])
    assert "_ttf_data" not in state and "_ttf_data" not in tables
    assert set(tables) == {*font_cache.EAGER, *font_cache.LAZY}  # all stored as columns
    assert entry.stat().st_size < FONT.stat().st_size / 4


def _docx_of(project: Project, folder: Path) -> bytes:
    from planpress.content.load import check_plan
    from planpress.pipeline import document_tree, font_files, style_sheet, write_format

    sheet = style_sheet(project, folder)
    source = folder / "document.yaml"
    plan, problems = check_plan(source, "document.yaml", font_files(sheet))
    assert plan is not None, problems
    return write_format("docx", document_tree(project, folder, plan, "handout"), sheet)


def test_the_message_catalogue_from_the_cache_is_the_yaml(tmp_path, monkeypatch):
    import yaml

    from planpress.diagnostics import messages

    monkeypatch.setenv("PLANPRESS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("PLANPRESS_NO_CACHE", raising=False)
    source = Path(messages.__file__).with_name("messages.yaml").read_text(encoding="utf-8")
    expected = yaml.safe_load(source)
    try:
        for _ in ("stored", "read back"):
            messages._catalog.cache_clear()
            assert messages._catalog() == expected
        assert list((tmp_path / messages.CATALOG).glob("*.bin"))
    finally:
        messages._catalog.cache_clear()


def test_a_cached_subset_is_the_subset_reportlab_cuts(tmp_path, monkeypatch):
    """Subsets of a cached face come from the cache as ReportLab (as patched)
    would cut them; another set of characters is another entry."""
    from planpress.writers.pdf.reportlab_internals import require

    monkeypatch.setenv("PLANPRESS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("PLANPRESS_NO_CACHE", raising=False)
    require()  # the patches a PDF is written with
    subset = [0x20, *map(ord, "計画の改定 Plan 2026")]
    fresh = TTFont("t", str(FONT), asciiReadable=False).face.makeSubset(subset)
    face = font_cache.load_ttfont("t", FONT).face
    assert face.makeSubset(subset) == fresh  # cut and stored
    assert len(list((tmp_path / font_cache.SUBSET).glob("*.bin"))) == 1
    assert font_cache.load_ttfont("t", FONT).face.makeSubset(subset) == fresh  # read back
    other = subset[:-1]
    assert face.makeSubset(other) == TTFont("u", str(FONT)).face.makeSubset(other)
    assert len(list((tmp_path / font_cache.SUBSET).glob("*.bin"))) == 2
