"""`planpress watch`: rebuild on every save, keep going through errors.

Each change of content, templates or fonts triggers an incremental build of
the watched documents (only what the change affects is rebuilt). A content
error is printed and the last good output stays; the watch goes on.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from planpress.diagnostics.messages import ContentError, listing, say
from planpress.pipeline import Project, build_document, find_documents

if TYPE_CHECKING:
    from planpress.pipeline.beside import DocxBeside


def rebuild(
    project: Project,
    folders: list[Path],
    edition: str,
    out: Callable = print,
    on_error: Callable[[BaseException], str] | None = None,
    pdfa: bool | None = None,
    beside: DocxBeside | None = None,
) -> None:
    """One incremental pass over `folders`, reporting each with its time.

    Whatever one document's build raises is reported and the watch goes on:
    an editor that saves by deleting and re-creating the file, a broken style
    sheet, a writer's failure (`on_error` words the unforeseen ones).
    """
    for folder in folders:
        started = time.perf_counter()
        try:
            built = build_document(project, folder, edition, pdfa=pdfa, beside=beside)
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
    second_process: bool = True,
) -> None:
    """Build, then rebuild on every change until `stop` is set (or Ctrl-C).

    A watching process keeps what one build can hand to the next (see
    `rebuilding`) and, with `second_process` on a machine of two cores or
    more, writes each DOCX in a second process while it writes the PDF.
    """
    import watchfiles  # only this command needs it

    folders = find_documents(project, targets)
    with rebuilding(second_process) as beside:
        again = partial(rebuild, project, folders, edition, out, on_error, pdfa, beside)
        again()
        while not (stop is not None and stop.is_set()):
            # The documents' parent folders, not the documents' own: an editor or a
            # sync tool that deletes and re-creates a whole folder is still seen.
            parents = dict.fromkeys(folder.parent for folder in folders)
            watched = [str(p) for p in [*parents, project.templates, project.fonts] if p.exists()]
            out(say("watching", paths=listing(project.label(Path(p)) for p in watched)))
            try:
                for _changes in watchfiles.watch(*watched, stop_event=stop, debounce=100, step=20):
                    again()
                return  # stopped
            except (OSError, RuntimeError):  # a watched folder went away: wait, then again
                out(say("watch_restart"), file=sys.stderr)
                time.sleep(0.5)
                again()


@contextmanager
def rebuilding(second_process: bool = True) -> Iterator[DocxBeside | None]:
    """A process that rebuilds: the PDF writer keeps paragraphs' analyses and
    compressed streams between builds (writers.pdf.reuse), document trees are
    not kept (tree_cache.use_trees), and a second process writes the DOCX
    files if asked and useful (yielded, or None)."""
    from planpress.pipeline.beside import DocxBeside
    from planpress.pipeline.tree_cache import use_trees
    from planpress.writers.pdf.reuse import keep_between_builds

    keep_between_builds(True)
    use_trees(False)
    beside = DocxBeside.when_useful() if second_process else None
    try:
        if beside is None:
            yield None
        else:
            with beside:
                yield beside
    finally:
        keep_between_builds(False)
        use_trees(True)
