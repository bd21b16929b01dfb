"""planpress.compiled: patterns and dataclass methods compiled in one process
and reused by the next are the ones that process would have compiled itself."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from planpress import cache, compiled

from .conftest import ROOT

_sre = pytest.importorskip("_sre")

PATTERNS = [
    (r"\d+(?:[.,]\d+)*", 0),
    # ReportLab's kind: case-blind over a large part of Unicode (slow to compile)
    (r"([a-z\xa1-\uffff0-9](?:[a-z\xa1-\uffff0-9-]{0,61})?)\.(?!-)", re.IGNORECASE),
    (r"(?P<q>現行の|改訂後の)?(?P<w>施策)?(?P<a>\d+)(?:〜(?P<b>\d+))?(?P=a)?", 0),
    (r"(?<=[。、])\s*|^#.*$", re.MULTILINE),
    (rb"[^\x20-\x7e]+|(?i:abc)", 0),
    (r"[ぁ-ヺー々〆〇㐀-䶿一-鿿豈-\ufaff𠀀-\U0003ffff]", 0),
    (
        r"""(?x) a  # a comment
         (b|c)+ \1""",
        re.ASCII | re.DOTALL,
    ),
]
TEXTS = ["施策12〜13 と 現行の施策3", "ABC abc 1,234.5", "例。  次\n#見出し", "xn--bcher.example."]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_pattern_rebuilt_from_what_is_stored_is_the_one_re_compiles(pattern, flags):
    flags = int(flags)
    arguments = compiled._arguments(pattern, flags)
    assert arguments is not None
    # what the cache holds survives marshal (plain types only)
    rebuilt = _sre.compile(*marshal.loads(marshal.dumps(arguments)))
    fresh = re._compiler.compile(pattern, flags)
    assert rebuilt == fresh  # patterns compare by flags, text and compiled program
    assert (rebuilt.groups, rebuilt.groupindex, rebuilt.flags) == (
        fresh.groups,
        fresh.groupindex,
        fresh.flags,
    )
    for text in TEXTS:
        subject = text.encode() if isinstance(pattern, bytes) else text
        assert [m.span() for m in rebuilt.finditer(subject)] == [
            m.span() for m in fresh.finditer(subject)
        ]


# A process as a command runs one: reuse() first, keep() last. It reports
# whether its pattern came from the cache, and what its dataclass does.
SCRIPT = textwrap.dedent(
    """
    import dataclasses, json, re, sys
    from planpress import compiled
    compiled.reuse()
    PATTERN = r"(?i)[a-z\\xa1-\\uffff]+-[a-z\\xa1-\\uffff]{2,}"
    seeded = (str, PATTERN, 0) in re._cache
    found = re.findall(PATTERN, "Plan-Bücher, 計画-改定 x-y")

    @dataclasses.dataclass(frozen=True, slots=True)
    class Measure:
        number: int
        title: str = "施策"
        tags: tuple = ()

    a, b = Measure(3), Measure(3, "施策", ())
    try:
        a.number = 4
        frozen = False
    except dataclasses.FrozenInstanceError:
        frozen = True
    stored = [s for s in compiled._state.get("codes", {}) if "number" in s and "__init__" in s]
    reused = bool(stored) and not compiled._state.get("new_codes")
    compiled.keep()
    print(json.dumps({
        "seeded": seeded,
        "found": found,
        "repr": repr(a),
        "equal": a == b,
        "hash": hash(a) == hash(b),
        "frozen": frozen,
        "reused_methods": reused,
        "init": Measure.__init__.__code__.co_code.hex(),
    }))
    """
)


def run_script(cache_dir: Path | None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("PLANPRESS_NO_CACHE", None)
    if cache_dir is None:
        env["PLANPRESS_NO_CACHE"] = "1"
    else:
        env["PLANPRESS_CACHE_DIR"] = str(cache_dir)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_the_next_process_reuses_what_one_compiled_and_behaves_the_same(tmp_path):
    without = run_script(None)
    first = run_script(tmp_path)
    assert not first["seeded"] and not first["reused_methods"]
    assert list((tmp_path / compiled.METHODS).glob("*.bin"))
    second = run_script(tmp_path)
    assert second["seeded"] and second["reused_methods"]
    for result in (first, second):
        for name in ("found", "repr", "equal", "hash", "frozen", "init"):
            assert result[name] == without[name], name
    assert without["found"] == ["Plan-Bücher", "計画-改定"]
    assert without["frozen"] and without["equal"] and without["hash"]


def test_dataclass_methods_are_the_code_compile_makes(monkeypatch, tmp_path):
    """The code `_exec` runs is what exec would have compiled from the source."""
    monkeypatch.setenv("PLANPRESS_CACHE_DIR", str(tmp_path))
    source = "def __create_fn__(x):\n def f(self, a=x):\n  return (self, a)\n return f"
    expected = compile(source, "<string>", "exec", dont_inherit=True)
    monkeypatch.setattr(compiled, "_state", {"codes": {}, "new_codes": {}})
    namespace: dict = {}
    compiled._exec(source, {}, namespace)
    assert compiled._state["new_codes"][source] == expected
    assert namespace["__create_fn__"](5)(None) == (None, 5)


def _write_entry(cache_dir: Path, kind: str, key: str, payload: bytes) -> None:
    path = cache_dir / kind / f"{key}.bin"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(cache.MAGIC + hashlib.sha256(payload).digest() + payload)


@pytest.mark.parametrize(
    "payload",
    [
        lambda key: b"not marshal data",
        lambda key: marshal.dumps(["a list", "not a pair"]),
        lambda key: marshal.dumps(("another entry's key", [])),
        lambda key: marshal.dumps((key, [("x", 0, ("x", 0, [1, 2, 3], 0, {}, ()))])),  # no program
        lambda key: marshal.dumps((key, {"def f(): pass": "not code"})),
        lambda key: marshal.dumps((key, "neither patterns nor methods")),
    ],
)
def test_a_damaged_or_foreign_entry_is_not_used(tmp_path, monkeypatch, payload):
    monkeypatch.setenv("PLANPRESS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("PLANPRESS_NO_CACHE", raising=False)
    monkeypatch.setattr(compiled, "_state", {"scope": "test"})
    for kind, key in (
        (compiled.REGEX, compiled._regex_key("test")),
        (compiled.METHODS, compiled._methods_key("test")),
    ):
        _write_entry(tmp_path, kind, key, payload(key))
    monkeypatch.setattr(re, "_cache", dict(re._cache))  # the test process's own stays as it was
    assert compiled._seed_patterns() == {}
    assert compiled._load_codes() == {}
    assert ("x", 0) not in {(k[1], k[2]) for k in re._cache}


def test_compiled_code_is_reused_by_the_command(tmp_path):
    """`planpress check` twice: the second finds every pattern and method it needs stored."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PLANPRESS_CACHE_DIR": str(tmp_path)}
    env.pop("PLANPRESS_NO_CACHE", None)
    command = [sys.executable, "-m", "planpress.cli", "check", "--root", str(ROOT)]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    stored = {p.name: p.read_bytes() for p in tmp_path.glob("*/*.bin")}
    assert stored
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert (second.returncode, second.stdout, second.stderr) == (
        first.returncode,
        first.stdout,
        first.stderr,
    )
    # nothing worth storing was left: the entries were not written again
    methods = list(tmp_path.glob(f"{compiled.METHODS}/*.bin"))
    assert methods and all(stored[p.name] == p.read_bytes() for p in methods)
