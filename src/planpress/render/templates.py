"""Templates: the plan model → document markup (then parsed into the tree).

Templates are rendered in Jinja's sandbox with autoescape and strict undefined
values, so content cannot reach Python and a value such as `{{ x }}` or `<b>`
in the YAML appears literally. A document folder's own `templates/` overrides
the defaults file by file.
"""

from __future__ import annotations

import re
import traceback
from datetime import date
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.ext import Extension
from jinja2.sandbox import SandboxedEnvironment

from planpress import ir
from planpress.content.book import format_number
from planpress.content.model import Plan
from planpress.diagnostics.messages import ContentError, Problem, say
from planpress.diagnostics.place import Place
from planpress.render.markup import parse_markup
from planpress.render.wareki import wareki, wareki_month

ELEMENT_LINE = re.compile(r"^([ \t]*)<(?![?!/])", re.MULTILINE)


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


def environment(template_dirs: list[Path], context: dict | None = None) -> SandboxedEnvironment:
    """A sandboxed Jinja environment over the given folders (first wins).

    Environments are kept per folder list, context and the files present, so
    a rebuild reuses compiled templates (Jinja recompiles a template whose file
    changed; a file added or removed makes a new environment).
    """
    dirs = tuple(d for d in template_dirs if d.is_dir())
    files = tuple(sorted(str(p) for d in dirs for p in d.rglob("*.j2")))
    return _environment(dirs, tuple(sorted((context or {}).items())), files)


@lru_cache(maxsize=16)
def _environment(dirs: tuple[Path, ...], context: tuple, files: tuple[str, ...]):
    env = SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in dirs]),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=[LineMarks],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["wareki"] = wareki
    env.filters["wareki_month"] = wareki_month
    env.filters["numbered"] = lambda n, style: format_number(style, n)
    env.filters["isodate"] = lambda d: d.isoformat() if isinstance(d, date) else ""
    env.globals.update(dict(context))
    return env


def render_markup(env: SandboxedEnvironment, template: str, **values: object) -> str:
    """Render `template`; a template error becomes a message with its place."""
    try:
        return env.get_template(template).render(**values)
    except TemplateError as exc:
        place = _template_place(exc)
        detail = getattr(exc, "message", None) or str(exc)
        message = say("template_error", file=place.file, line=place.line, detail=detail)
        raise ContentError([Problem(place, message)]) from None


def _template_place(exc: Exception) -> Place:
    lineno = getattr(exc, "lineno", None)
    name = getattr(exc, "name", None) or getattr(exc, "filename", None)
    if lineno and name:
        return Place(str(name), lineno, 1)
    # Runtime errors: Jinja rewrites the traceback so template frames show
    # the template's own file and line.
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return Place(Path(frame.filename).name, frame.lineno or 0, 1)
    return Place("template", 0, 0)


def render_document(env: SandboxedEnvironment, template: str, plan: Plan, **values) -> ir.Document:
    """The document tree of `plan` as `template` arranges it."""
    markup = render_markup(env, template, plan=plan, meta=plan.meta, **values)
    return parse_markup(markup)
