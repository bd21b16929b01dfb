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


def rebuild(
    project: Project,
    folders: list[Path],
    edition: str,
    out: Callable = print,
    on_error: Callable[[BaseException], str] | None = None,
    pdfa: bool | None = None,
) -> None:
    """One incremental pass over `folders`, reporting each with its time.

    Whatever one document's build raises is reported and the watch goes on:
    an editor that saves by deleting and re-creating the file, a broken style
    sheet, a writer's failure (`on_error` words the unforeseen ones).
    """
    for folder in folders:
        started = time.perf_counter()
        try:
            built = build_document(project, folder, edition, pdfa=pdfa)
        except ContentError as error:  # content, style sheet, templates, writing outputs
            for problem in error.problems:
                out(str(problem), file=sys.stderr)
            out(say("failed", count=len(error.problems)), file=sys.stderr)
            continue
        except Exception as error:  # noqa: BLE001 — the watch must outlive any one build
            out(
                on_error(error) if on_error else say("watch_error", kind=type(error).__name__),
                file=sys.stderr,
            )
            continue
        for problem in built.warnings:
            if built.files:  # said once per change, not on every unrelated save
                out(str(problem), file=sys.stderr)
        if built.files:
            seconds = time.perf_counter() - started
            out(say("rebuilt", name=folder.name, seconds=seconds, files=len(built.files)))


def watch(
    project: Project,
    targets: list[str],
    edition: str = "handout",
    pdfa: bool | None = None,
    stop: threading.Event | None = None,
    out: Callable = print,
    on_error: Callable[[BaseException], str] | None = None,
) -> None:
    """Build, then rebuild on every change until `stop` is set (or Ctrl-C)."""
    import watchfiles  # only this command needs it

    folders = find_documents(project, targets)
    rebuild(project, folders, edition, out, on_error, pdfa)
    while not (stop is not None and stop.is_set()):
        # The documents' parent folders, not the documents' own: an editor or a
        # sync tool that deletes and re-creates a whole folder is still seen.
        parents = dict.fromkeys(folder.parent for folder in folders)
        watched = [str(p) for p in [*parents, project.templates, project.fonts] if p.exists()]
        out(say("watching", paths=listing(project.label(Path(p)) for p in watched)))
        try:
            for _changes in watchfiles.watch(*watched, stop_event=stop, debounce=100, step=20):
                rebuild(project, folders, edition, out, on_error, pdfa)
            return  # stopped
        except (OSError, RuntimeError):  # a watched folder went away: wait, then again
            out(say("watch_restart"), file=sys.stderr)
            time.sleep(0.5)
            rebuild(project, folders, edition, out, on_error, pdfa)
