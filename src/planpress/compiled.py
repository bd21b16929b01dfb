"""Compiled code that Python makes anew in every process, kept across processes.

Every start compiles some 140 regular expressions (ReportLab's paragraph module
alone spends 40 ms on one case-blind URL pattern over all of Unicode; PyYAML,
python-docx and planpress's own modules the rest) and the methods of some 125
dataclasses (`@dataclass` writes each `__init__`, `__repr__`, `__eq__` … as
source text and compiles it): together about a fifth of a small build, and the
same every time. Both are made from text alone — a pattern and its flags, a
method's source — so, as Python keeps modules' bytecode in .pyc files and
Jinja keeps templates', their compiled form is kept in the per-user cache
(planpress.cache) and reused:

- a pattern is rebuilt from its compiled program with `_sre.compile`, the call
  `re` itself ends with, and put into `re`'s own cache, where `re.compile`,
  `re.match` … look first;
- `dataclasses` compiles through `exec`: that name, in that module only, is
  given a function that runs the code object compiled before from the same
  source.

Entries are keyed by the interpreter (its version and build, and for patterns
the source of its `re` compiler). A pattern is stored only when the program
rebuilt from what is stored equals the one `re` compiled (patterns compare by
their compiled program), and a method's code is what `compile` makes of its
source, so the cache can make a start faster, never a pattern or a method
different. A Python without these internals simply compiles as usual.

`reuse()` runs first thing in a command (never at import); `keep()` at its end
stores what this process compiled that the cache did not have.
"""

from __future__ import annotations

import dataclasses
import marshal
import re
import sys
import time
from pathlib import Path
from types import CodeType

from planpress import cache

try:  # CPython 3.11+: what re.compile is made of
    import _sre
    from re import _compiler, _parser
except ImportError:  # another implementation: patterns are compiled as usual
    _sre = _compiler = _parser = None

REGEX, METHODS = "regex", "dataclass-code"
# Room left in re's own cache (512 patterns) for what a process compiles anew.
SEEDED_AT_MOST = 384
# A pattern that compiled this fast is not worth rewriting the entry for: some
# libraries build one from a set, in another order in every process.
WORTH_STORING = 0.005  # seconds of compiling the new patterns took, together
METHODS_KEPT = 4096

_state: dict[str, object] = {}  # what reuse() found (see there); empty before it


def reuse(scope: str = "") -> None:
    """Put the stored patterns into `re`'s cache and have `dataclasses` reuse
    stored method code (once per process). `scope` (the command) keeps an entry
    of its own: `check` need not load what only a build compiles."""
    if _state or not cache.enabled():
        return
    _state["scope"] = scope
    _state["known"] = set(getattr(re, "_cache", ()))  # compiled before: not new
    _state["patterns"] = _seed_patterns() if _regex_internals() else {}
    _state["codes"] = _load_codes()
    _state["new_codes"] = {}
    if "exec" not in vars(dataclasses):
        dataclasses.exec = _exec


def keep() -> None:
    """Store the patterns and methods this process compiled that were not stored."""
    if not _state:
        return
    try:
        _keep_patterns()
        _keep_methods()
    except Exception:  # noqa: BLE001 — storing is a saving, never a command's failure
        return


def _keep_methods() -> None:
    new_codes: dict[str, CodeType] = _state["new_codes"]
    if new_codes:
        codes = {**_state["codes"], **new_codes}
        while len(codes) > METHODS_KEPT:
            del codes[next(iter(codes))]  # the oldest first
        key = _methods_key(_state["scope"])
        cache.save(METHODS, key, marshal.dumps((key, codes)))
        _state["codes"], _state["new_codes"] = codes, {}


# -- regular expressions ------------------------------------------------------


def _regex_internals() -> bool:
    return (
        _sre is not None
        and isinstance(getattr(re, "_cache", None), dict)
        and hasattr(_compiler, "_code")
        and hasattr(_parser, "parse")
    )


def _regex_key(scope: str) -> str:
    # The program re compiles depends on its compiler's source and the engine.
    sources = sorted(Path(_compiler.__file__).parent.glob("*.py"))
    return cache.key(
        REGEX,
        scope,
        sys.version,
        repr((_sre.MAGIC, _sre.CODESIZE, sys.maxunicode)),
        *(cache.file_digest(path) for path in sources),
    )


def _seed_patterns() -> dict[tuple, tuple]:
    """The stored patterns, put into re's cache; (type, pattern, flags) -> _sre.compile's arguments."""
    try:
        key = _regex_key(_state["scope"])
    except (OSError, TypeError, AttributeError):  # no source files to key by
        return {}
    payload = cache.load(REGEX, key)
    stored: dict[tuple, tuple] = {}
    try:
        label, entries = marshal.loads(payload) if payload is not None else (key, [])
        if label != key:  # not this entry (a file put in its place): not used
            return {}
        for pattern, flags, arguments in entries[:SEEDED_AT_MOST]:
            compiled_key = (type(pattern), pattern, flags)
            if compiled_key not in re._cache:
                re._cache[compiled_key] = _sre.compile(*arguments)
            stored[compiled_key] = arguments
    except (EOFError, ValueError, TypeError, RuntimeError, OverflowError):
        return stored  # a foreign entry: what was put in so far is sound (_sre checks a program)
    return stored


def _keep_patterns() -> None:
    if not _regex_internals():
        return
    stored: dict[tuple, tuple] = _state["patterns"]
    new = [
        key
        for key in list(re._cache)
        if key not in stored
        and key not in _state["known"]
        and key[0] in (str, bytes)
        and isinstance(key[2], int)
    ]
    started = time.perf_counter()
    made = {}
    for key in new:
        arguments = _arguments(key[1], key[2])
        try:
            if arguments is not None and _sre.compile(*arguments) == re._cache.get(key):
                made[key] = arguments
        except (TypeError, ValueError, RuntimeError, OverflowError):  # not rebuilt: not stored
            continue
    if not made or time.perf_counter() - started < WORTH_STORING:
        return
    entries = {**made, **stored}  # the newest first: they are seeded first
    try:
        key = _regex_key(_state["scope"])
        listed = [(k[1], k[2], a) for k, a in entries.items()][:SEEDED_AT_MOST]
        cache.save(REGEX, key, marshal.dumps((key, listed)))
    except (ValueError, OSError, TypeError):
        return
    stored.update(made)


def _arguments(pattern: str | bytes, flags: int) -> tuple | None:
    """What `re._compiler.compile` passes to `_sre.compile` for this pattern."""
    try:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        state = parsed.state
        groupindex = dict(state.groupdict)
        indexgroup = [None] * state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return (
            pattern,
            int(flags | state.flags),
            [int(c) for c in code],  # plain ints: the opcodes are an int subclass
            state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
    except Exception:  # noqa: BLE001 — any surprise in re's internals: not stored
        return None


# -- dataclass methods --------------------------------------------------------


def _methods_key(scope: str) -> str:
    # compile() depends on the interpreter and on -O (asserts, __debug__).
    flags = str(sys.flags.optimize)
    return cache.key(METHODS, scope, sys.version, sys.implementation.cache_tag, flags)


def _load_codes() -> dict[str, CodeType]:
    key = _methods_key(_state["scope"])
    payload = cache.load(METHODS, key)
    if payload is None:
        return {}
    try:
        label, codes = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    if (
        label != key
        or not isinstance(codes, dict)
        or not all(isinstance(k, str) and isinstance(v, CodeType) for k, v in codes.items())
    ):
        return {}
    return codes


def _exec(source, globals=None, locals=None, /):
    """`exec` as `dataclasses` calls it, with the code compiled before for the same source."""
    if isinstance(source, str):
        code = _state["codes"].get(source) or _state["new_codes"].get(source)
        if code is None:
            # As exec compiles a string called from dataclasses (no __future__ there).
            code = _state["new_codes"][source] = compile(
                source, "<string>", "exec", dont_inherit=True
            )
        source = code
    exec(source, globals, locals)  # noqa: S102 — what dataclasses asked to run, as it asked
