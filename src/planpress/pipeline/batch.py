"""Building many documents, in worker processes when asked (`planpress build -j N`).

A plan office rebuilds every plan of the city after a style change; the
documents are independent, so N processes build N at a time (Python threads
would take turns on one core). Results come back in the order of the
documents, whatever order the workers finish in, so the report reads the same
as a one-process build; each output is the same bytes either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from planpress.diagnostics.messages import ContentError, Problem
from planpress.pipeline.document import Built, build_document
from planpress.pipeline.project import Project

# One document's result: what was built, or the error that stopped it.
Outcome = Built | ContentError


def build_documents(
    project: Project,
    folders: list[Path],
    edition: str,
    force: bool,
    jobs: int = 1,
    pdfa: bool | None = None,
) -> Iterator[tuple[Path, Outcome]]:
    """Build each folder; yields (folder, outcome) in the order of `folders`.

    Errors other than content problems (a broken style sheet, a full disk)
    stop the whole batch, as they do in one process.
    """
    jobs = max(1, min(jobs, len(folders)))
    if jobs == 1:
        for folder in folders:
            try:
                yield folder, build_document(project, folder, edition, force, pdfa)
            except ContentError as error:  # returned with its traceback (for --debug)
                yield folder, error
        return
    from concurrent.futures import ProcessPoolExecutor  # only a batch in processes needs it

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_work, project, folder, edition, force, pdfa) for folder in folders]
        for folder, future in zip(folders, futures):
            result = future.result()
            yield folder, ContentError(result) if isinstance(result, list) else result


def _work(
    project: Project, folder: Path, edition: str, force: bool, pdfa: bool | None
) -> Built | list[Problem]:
    """A worker's task (module-level, so a spawned process can import it)."""
    try:
        return build_document(project, folder, edition, force, pdfa)
    except ContentError as error:  # its problems cross the process boundary, not it
        return error.problems
