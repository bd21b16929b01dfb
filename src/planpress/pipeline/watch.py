"""`planpress watch`: rebuild on every save, keep going through errors.

Each change of content, templates or fonts triggers an incremental build of
the watched documents (only what the change affects is rebuilt). A content
error is printed and the last good output stays; the watch goes on.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from planpress.diagnostics.messages import ContentError, listing, say
from planpress.pipeline import Project, build_document, find_documents
from planpress.writers.style import StyleError


def rebuild(project: Project, folders: list[Path], edition: str, out: Callable = print) -> None:
    """One incremental pass over `folders`, reporting each with its time."""
    for folder in folders:
        started = time.perf_counter()
        try:
            built = build_document(project, folder, edition)
        except ContentError as error:
            for problem in error.problems:
                out(str(problem), file=sys.stderr)
            out(say("failed", count=len(error.problems)), file=sys.stderr)
            continue
        except StyleError as error:  # a broken style.yaml: say so and keep watching
            out(str(error), file=sys.stderr)
            continue
        for problem in built.warnings:
            out(str(problem), file=sys.stderr)
        if built.files:
            seconds = time.perf_counter() - started
            out(say("rebuilt", name=folder.name, seconds=seconds, files=len(built.files)))


def watch(
    project: Project,
    targets: list[str],
    edition: str = "handout",
    stop: threading.Event | None = None,
    out: Callable = print,
) -> None:
    """Build, then rebuild on every change until `stop` is set (or Ctrl-C)."""
    import watchfiles  # only this command needs it

    folders = find_documents(project, targets)
    rebuild(project, folders, edition, out)
    watched = [str(p) for p in [*folders, project.templates, project.fonts] if p.exists()]
    out(say("watching", paths=listing(project.label(Path(p)) for p in watched)))
    for _changes in watchfiles.watch(*watched, stop_event=stop, debounce=100, step=20):
        rebuild(project, folders, edition, out)
