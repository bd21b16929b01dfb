"""How the plan book numbers its parts and items: the styles and the counting
characters (①, ア, full-width digits) come from templates/numbering.yaml,
because they are wording a city may change, not code.

The file is looked up like the other templates: the document's own
templates/ first, then the project's (the folder holding content/), then the
planpress checkout's own templates/ (for a text read without a folder, e.g.
a git revision or a test); each file replaces the ones after it item by item.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from planpress.diagnostics.messages import ContentError, Problem, say
from planpress.diagnostics.place import Place

NUMBERING_FILE = "numbering.yaml"
TOKENS = ("n", "circled", "kana", "path", "full")
_KEYS = (
    "parts",
    "circled",
    "circled_beyond",
    "kana",
    "kana_beyond",
    "full",
    "path_separator",
    "policy_revision_levels",
)
# The checkout's templates/ (src/planpress/content/ → the repository root).
BUILT_IN = Path(__file__).resolve().parents[3] / "templates"


@dataclass(frozen=True, slots=True)
class Numbering:
    parts: tuple[str, ...]  # default style per part level (第{n}章, {n}, ({n}) …)
    circled: str
    circled_beyond: str
    kana: str
    kana_beyond: str
    full: str  # the ten digits 0-9 as full-width characters
    path_separator: str
    # The levels of a `kind: policy_revision` section's groups → policies →
    # measures: (name, number style) each, as its table names them.
    policy_revision_levels: tuple[tuple[str, str], ...] = ()

    def format(self, style: str, n: int, path: tuple[int, ...] = ()) -> str:
        """`style` with its tokens for the n-th item (1-based); `path` the ancestors' numbers."""
        return style.format(
            n=n,
            circled=self.circled[n - 1] if n <= len(self.circled) else self._beyond("circled", n),
            kana=self.kana[n - 1] if n <= len(self.kana) else self._beyond("kana", n),
            path=self.path_separator.join(str(p) for p in (*path, n)),
            full=str(n).translate(str.maketrans("0123456789", self.full)),
        )

    def _beyond(self, token: str, n: int) -> str:
        return getattr(self, f"{token}_beyond").format(n=n)


def style_problem(style: str) -> str | None:
    """What is wrong with a numbering style, as a message (None: it formats)."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(style) if f is not None]
    except ValueError:
        fields = [style]
    for name in fields:
        if name not in TOKENS:
            close = difflib.get_close_matches(name, TOKENS, n=1, cutoff=0.5)
            hint = say("did_you_mean_value", candidate="{" + close[0] + "}") if close else ""
            tokens = "、".join("{" + t + "}" for t in TOKENS)
            return say("numbering_style", style=style, tokens=tokens, suggestion=hint)
    return None


def template_dirs_of(folder: str | Path | None) -> tuple[Path, ...]:
    """Where a document in `folder` finds numbering.yaml: its own templates/,
    the project's (content/<doc>/ → the project root), the built-in one."""
    dirs: list[Path] = []
    if folder:
        folder = Path(folder)
        dirs += [folder / "templates", folder.parent.parent / "templates"]
    return (*dirs, BUILT_IN)


def load_numbering(template_dirs: Sequence[Path]) -> Numbering:
    """The numbering: the last folder's file overlaid by each earlier one's."""
    files = tuple(d / NUMBERING_FILE for d in reversed(template_dirs))
    return _load(tuple((f, f.stat().st_mtime_ns) for f in files if f.is_file()))


@lru_cache(maxsize=16)
def _load(files: tuple[tuple[Path, int], ...]) -> Numbering:
    data: dict = {}
    for path, _stamp in files:
        data.update(_read(path))
    where = str(files[-1][0]) if files else NUMBERING_FILE
    missing = [k for k in _KEYS if k not in data]
    if missing:
        raise _error(where, say("numbering_missing", key=missing[0]))
    if len(str(data["full"])) != 10:
        raise _error(where, say("numbering_bad", detail="full"))
    parts = data["parts"]
    if not isinstance(parts, list) or not parts or not all(isinstance(p, str) for p in parts):
        raise _error(where, say("numbering_bad", detail="parts"))
    levels = data["policy_revision_levels"]
    if not isinstance(levels, list) or len(levels) != 3 or not all(_level(x) for x in levels):
        raise _error(where, say("numbering_bad", detail="policy_revision_levels"))
    return Numbering(
        tuple(parts),
        *(str(data[k]) for k in _KEYS[1:-1]),
        tuple((str(x["name"]), str(x.get("number", "{n}"))) for x in levels),
    )


def _level(value) -> bool:
    """A level of `policy_revision_levels`: {name: …, number: style}."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("name"), str)
        and style_problem(str(value.get("number", "{n}"))) is None
    )


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise _error(str(path), say("numbering_bad", detail=error)) from None
    if not isinstance(data, dict):
        raise _error(str(path), say("numbering_bad", detail=type(data).__name__))
    unknown = [k for k in data if k not in _KEYS]
    if unknown:
        raise _error(str(path), say("numbering_unknown", key=unknown[0], keys="、".join(_KEYS)))
    return data


def _error(file: str, message: str) -> ContentError:
    return ContentError([Problem(Place(file, 0, 0), message)])
