"""Templates: the plan model → document markup (then parsed into the tree).

Templates are rendered in Jinja's sandbox with autoescape and strict undefined
values, so content cannot reach Python and a value such as `{{ x }}` or `<b>`
in the YAML appears literally. A document folder's own `templates/` overrides
the defaults file by file.
"""

from __future__ import annotations

import re
import time
import traceback
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
)
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.ext import Extension
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from planpress import cache, ir
from planpress.content.model import Plan
from planpress.content.numbering import BUILT_IN, load_numbering
from planpress.diagnostics.messages import ContentError, Problem, listing, say, say_all
from planpress.diagnostics.place import Place
from planpress.render.anchors import anchor_function
from planpress.render.markup import parse_markup
from planpress.render.wareki import wareki, wareki_month

ELEMENT_LINE = re.compile(r"^([ \t]*)<(?![?!/])", re.MULTILINE)
# A line break in a value (docs/content.md, "Line breaks") travels through the
# markup as LINE SEPARATOR: the templates' own line breaks are layout, not text.
BREAKS = re.compile(r"\n+")
LINE_SEPARATOR = "\u2028"


def _keep_breaks(value: object) -> object:
    """Every `{{ value }}`: its line breaks become forced line breaks."""
    if isinstance(value, str) and "\n" in value:
        kept = BREAKS.sub(LINE_SEPARATOR, value.strip("\n"))
        return Markup(kept) if isinstance(value, Markup) else kept
    return value


class LineMarks(Extension):
    """Marks each template line that opens an element with `<?at file line?>`."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        label = name or "template"
        lines = source.split("\n")
        for index, line in enumerate(lines):
            match = ELEMENT_LINE.match(line)
            if match:
                lines[index] = f"{match.group(1)}<?at {label} {index + 1}?>{line[match.end(1) :]}"
        return "\n".join(lines)


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates kept in planpress's per-user cache.

    An entry is keyed by the template's name, file and source and by what
    else shapes its code: Jinja's version and this module (the environment's
    options and the `LineMarks` preprocessing). Jinja checks the source again
    on load and the cache checks each entry's own digest, so a stale or
    damaged entry is compiled afresh.
    """

    KIND = "jinja"

    def get_source_checksum(self, source: str) -> str:
        return cache.key(self.KIND, jinja2.__version__, cache.file_digest(Path(__file__)), source)

    def load_bytecode(self, bucket: Bucket) -> None:
        payload = cache.load(self.KIND, cache.key(bucket.key, bucket.checksum))
        if payload is not None:
            bucket.bytecode_from_string(payload)

    def dump_bytecode(self, bucket: Bucket) -> None:
        cache.save(self.KIND, cache.key(bucket.key, bucket.checksum), bucket.bytecode_to_string())


def environment(template_dirs: list[Path], context: dict | None = None) -> SandboxedEnvironment:
    """A sandboxed Jinja environment over the given folders (first wins).

    Environments are kept per folder list, context and the files present, so
    a rebuild reuses compiled templates (Jinja recompiles a template whose file
    changed; a file added or removed makes a new environment).
    """
    dirs = tuple(d for d in template_dirs if d.is_dir())
    files = tuple(sorted(str(p) for d in dirs for p in d.rglob("*.j2")))
    return _environment(dirs, tuple(sorted((context or {}).items())), files)


# A template's work is bounded: its output (the markup, some 100,000
# characters for a long plan) and the time it runs (well under a second).
# docs/limits.md says what each refusal means.
MAX_MARKUP = 20_000_000
MAX_SECONDS = 60.0
MAX_VALUE = 1_000_000  # the longest text or list one `*`, `**` or `+` may make


class TemplateLimit(Exception):
    """A template went past MAX_MARKUP, MAX_SECONDS or MAX_VALUE."""

    def __init__(self, message_id: str):
        super().__init__(message_id)
        self.message_id = message_id


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, with a clock: every attribute, item, call and arithmetic
    a template makes checks the render's deadline, so a loop that prints
    nothing still ends; `*`, `**` and `+` may not make huge values."""

    intercepted_binops = frozenset(["*", "**", "+"])
    deadline = float("inf")

    def _tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimit("template_too_slow")

    def getattr(self, obj, attribute):
        self._tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        self._tick()
        return super().getitem(obj, argument)

    def call(self, context, obj, /, *args, **kwargs):
        self._tick()
        return super().call(context, obj, *args, **kwargs)

    def call_binop(self, context, operator, left, right):
        self._tick()
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise TemplateLimit("template_value_too_large")
        if operator == "*":
            for value, times in ((left, right), (right, left)):
                sized = isinstance(value, (str, list, tuple)) and isinstance(times, int)
                if sized and len(value) * times > MAX_VALUE:
                    raise TemplateLimit("template_value_too_large")
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, (str, list, tuple)) and len(result) > MAX_VALUE:
            raise TemplateLimit("template_value_too_large")
        return result


class ContainedLoader(FileSystemLoader):
    """Templates from one folder; a file that is a link leading out of it is
    refused (its content is never read)."""

    def get_source(self, environment, template):
        for folder in self.searchpath:
            candidate = Path(folder, *template.split("/"))
            if candidate.is_file() and not candidate.resolve().is_relative_to(
                Path(folder).resolve()
            ):
                place = Place(str(candidate), 0, 0)
                raise ContentError([Problem(place, say("path_outside", folder=folder))])
        source, filename, uptodate = super().get_source(environment, template)
        # A template saved on Windows: no byte-order mark in the markup.
        return source.removeprefix("\ufeff"), filename, uptodate


@lru_cache(maxsize=16)
def _environment(dirs: tuple[Path, ...], context: tuple, files: tuple[str, ...]):
    env = BoundedEnvironment(
        loader=ChoiceLoader([ContainedLoader(str(d)) for d in dirs]),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=[LineMarks],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        finalize=_keep_breaks,
        bytecode_cache=CompiledTemplates() if cache.enabled() else None,
    )
    env.filters["wareki"] = wareki
    env.filters["wareki_month"] = wareki_month
    # read when a template numbers something: a document that never does needs no numbering.yaml
    env.filters["numbered"] = lambda n, style: load_numbering((*dirs, BUILT_IN)).format(style, n)
    env.filters["isodate"] = lambda d: d.isoformat() if isinstance(d, date) else ""
    env.globals.update(dict(context))
    env.searched = dirs  # said in a "not found" message
    return env


# Markup is kept in strings of about this many characters while it is
# rendered: a long plan's is millions of characters in tens of thousands of
# small pieces, which as one list (and then one string, and expat's UTF-8 copy
# of it) would hold several times its size.
CHUNK = 1 << 16


def render_markup(env: SandboxedEnvironment, template: str, **values: object) -> str:
    """Render `template` into one string (see `render_chunks`)."""
    return "".join(render_chunks(env, template, **values))


def render_chunks(env: SandboxedEnvironment, template: str, **values: object) -> list[str]:
    """Render `template` into pieces of about CHUNK characters (in order); a
    template error becomes a message with its place (see `render_pieces`)."""
    return list(render_pieces(env, template, **values))


def render_pieces(env: SandboxedEnvironment, template: str, **values: object) -> Iterator[str]:
    """Render `template`, handing over pieces of about CHUNK characters as they
    are made, so that a long plan's markup can be parsed as it comes rather
    than held whole; a template error becomes a message with its place.

    The output is gathered piece by piece so that MAX_MARKUP and MAX_SECONDS
    end a runaway template early (its place is the template line it was at).
    The time the reader of the pieces takes is not the template's.
    """
    started = time.monotonic()
    env.deadline = started + MAX_SECONDS
    parts: list[str] = []
    size = pending = 0
    try:
        for part in env.get_template(template).generate(**values):
            size += len(part)
            if size > MAX_MARKUP:
                raise TemplateLimit("template_too_large")
            if time.monotonic() > env.deadline:
                raise TemplateLimit("template_too_slow")
            parts.append(part)
            pending += len(part)
            if pending >= CHUNK:
                chunk = "".join(parts)
                parts.clear()
                pending = 0
                paused = time.monotonic()
                yield chunk
                del chunk
                env.deadline += time.monotonic() - paused
    except ContentError:
        raise
    except TemplateNotFound as exc:
        place = _template_place(exc, env)
        searched = listing(str(d) for d in getattr(env, "searched", ()))
        message = say(
            "template_not_found", name=exc.name, dirs=searched, file=place.file, line=place.line
        )
        raise ContentError([Problem(place, message)]) from None
    except TemplateLimit as exc:
        place = _template_place(exc, env)
        message = say(
            exc.message_id, file=place.file, line=place.line, limit=MAX_MARKUP, seconds=MAX_SECONDS
        )
        raise ContentError([Problem(place, message)]) from None
    except TemplateError as exc:
        place = _template_place(exc, env)
        detail = getattr(exc, "message", None) or str(exc)
        message = say("template_error", file=place.file, line=place.line, detail=detail)
        raise ContentError([Problem(place, message)]) from None
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 — a runtime error in the template's own code
        place = _template_place(exc, env)
        kinds = say_all("template_runtime_kinds")
        detail = kinds.get(type(exc).__name__) or say(
            "template_runtime_other", kind=type(exc).__name__
        )
        message = say("template_runtime", file=place.file, line=place.line, detail=detail)
        raise ContentError([Problem(place, message)]) from None
    finally:
        env.deadline = float("inf")
    yield "".join(parts)


def _template_place(exc: Exception, env=None) -> Place:
    lineno = getattr(exc, "lineno", None)
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    if lineno and name and not isinstance(exc, TemplateNotFound):
        return Place(_shown(str(name), env), lineno, 1)
    # Runtime errors: Jinja rewrites the traceback so template frames show
    # the template's own file and line.
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return Place(_shown(frame.filename, env), frame.lineno or 0, 1)
    return Place("template", 0, 0)


def _shown(filename: str, env) -> str:
    """A template's path as a message names it: from its templates/ folder."""
    path = Path(filename)
    for folder in getattr(env, "searched", ()):
        if path.is_relative_to(folder):
            return str(Path(folder.name, path.relative_to(folder)))
    return filename


def render_document(env: SandboxedEnvironment, template: str, plan: Plan, **values) -> ir.Document:
    """The document tree of `plan` as `template` arranges it; `at(node, key…)`
    names the values it shows (render/anchors.py)."""
    values.setdefault("at", anchor_function(plan))
    return parse_markup(render_pieces(env, template, plan=plan, meta=plan.meta, **values))
