"""The DOCX written in a second process while this one writes the PDF.

`planpress watch` rebuilds after every save, and the two formats of a
document are independent (unless the DOCX's table of contents needs the
PDF's page numbers): on a machine with two cores they are written at once.
The second process is started once, when watching starts, and stays warm
(python-docx imported, the base document made) for every rebuild; it gets
the document tree and gives back the DOCX's bytes, the same bytes as the
writer gives in this process. If it dies, this process writes the DOCX
itself and a new second process is started for the next rebuild.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Self

from planpress import ir
from planpress.writers.style import StyleSheet

GIVE_UP = 3  # failures in a row after which no second process is started again


class DocxBeside:
    """A warm second process writing DOCX files; `None`-safe to use as
    `with DocxBeside.when_useful() as beside:`."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self.cpu_seconds = 0.0  # the second process's CPU time for the DOCX files it wrote
        self.failures = 0  # in a row; at GIVE_UP this process writes every DOCX itself

    @classmethod
    def when_useful(cls) -> DocxBeside | None:
        """A second process if there is a second core for it."""
        return cls() if (os.cpu_count() or 1) > 1 else None

    def __enter__(self) -> Self:
        self._start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> None:
        # spawn, not fork: the same on Windows, and no copy of a watching
        # process's threads and locks
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(
            max_workers=1, mp_context=context, initializer=_warm, initargs=(gc.get_threshold(),)
        )

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def submit(
        self, tree: ir.Document, sheet: StyleSheet, pages: dict[int, str] | None
    ) -> Future | None:
        """The DOCX of `tree` on its way, or None if no second process can take it."""
        if self.failures >= GIVE_UP:
            return None
        try:
            if self._pool is None:
                self._start()
            return self._pool.submit(_write_docx, tree, sheet, pages)
        except (BrokenProcessPool, RuntimeError, OSError):
            self._failed()
            return None

    def result(self, future: Future) -> bytes | None:
        """The DOCX's bytes, or None if the second process did not give them:
        then this process writes the DOCX itself (and raises the writer's own
        error, if that is what it was). A process that died is replaced on
        the next `submit`."""
        try:
            data, seconds = future.result()
        except Exception:  # noqa: BLE001 — died, or the tree did not cross: written here
            self._failed()
            return None
        self.failures = 0
        self.cpu_seconds += seconds
        return data

    def _failed(self) -> None:
        self.failures += 1
        self.close()


def _warm(threshold: tuple[int, ...]) -> None:
    """The second process's start: the writer imported before the first tree
    arrives, Python's collector set as in this process, and Ctrl+C left to
    this process (which stops the second one) instead of a traceback there."""
    from planpress.writers import docx  # noqa: F401 — imported now, not on the first rebuild

    gc.set_threshold(*threshold)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _write_docx(
    tree: ir.Document, sheet: StyleSheet, pages: dict[int, str] | None
) -> tuple[bytes, float]:
    from planpress.writers.docx import write_docx

    started = time.process_time()
    data = write_docx(tree, sheet, pages)
    return data, time.process_time() - started
