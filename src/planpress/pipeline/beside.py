"""The DOCX written in a second process while this one writes the PDF.

`planpress watch` rebuilds after every save, and the two formats of a
document are independent (unless the DOCX's table of contents needs the
PDF's page numbers): on a machine with two cores they are written at once.
The second process is started once, when watching starts, and stays warm
(python-docx imported, the base document made) for every rebuild; it gets
the pickled document tree through a pipe and sends back the DOCX's bytes,
the same bytes as the writer gives in this process. Pickling and sending
happen in the calling thread: a helper thread would wait for the lock of
the interpreter while this process writes the PDF. If the second process
dies or fails, this process writes the DOCX itself, and a new second
process is started for the next rebuild.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import time
from multiprocessing.connection import Connection
from typing import Self

from planpress import ir
from planpress.writers.style import StyleSheet

GIVE_UP = 3  # failures in a row after which no second process is started again
_ALIVE_CHECK = 0.5  # seconds between looks at whether the second process still runs


class DocxBeside:
    """A warm second process writing DOCX files (`with DocxBeside() as beside:`)."""

    def __init__(self) -> None:
        self._process: multiprocessing.process.BaseProcess | None = None
        self._pipe: Connection | None = None
        self.cpu_seconds = 0.0  # the second process's CPU time for the DOCX files it wrote
        self.failures = 0  # in a row; at GIVE_UP this process writes every DOCX itself
        self._sent = 0  # trees sent: an answer to an earlier one (its build failed) is skipped

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
        self._pipe, theirs = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(theirs, gc.get_threshold()), name="planpress-docx", daemon=True
        )
        self._process.start()
        theirs.close()

    def close(self) -> None:
        if self._process is None:
            return
        try:
            self._pipe.send_bytes(b"")  # the end
        except OSError:
            pass
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._pipe.close()
        self._process = self._pipe = None

    def submit(self, tree: ir.Document, sheet: StyleSheet, pages: dict[int, str] | None) -> bool:
        """Send `tree` to be written; False if no second process can take it."""
        if self.failures >= GIVE_UP:
            return False
        try:
            self._sent += 1
            request = (self._sent, tree, sheet, pages)
            data = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
            if self._process is None:
                self._start()
            self._pipe.send_bytes(data)
        except Exception:  # noqa: BLE001 — did not cross or could not start: written here
            self._failed()
            return False
        return True

    def result(self) -> bytes | None:
        """The DOCX's bytes of the tree sent last, or None if the second process
        did not give them: then this process writes the DOCX itself (and raises
        the writer's own error, if that is what it was)."""
        try:
            answered = 0
            while answered != self._sent:
                while not self._pipe.poll(_ALIVE_CHECK):
                    if not self._process.is_alive():
                        raise EOFError("the second process ended")
                answered, ok, data, seconds = pickle.loads(self._pipe.recv_bytes())
        except Exception:  # noqa: BLE001 — died on the way: written here
            self._failed()
            return None
        if not ok:  # the writer failed there: this process says why
            self.failures += 1
            return None
        self.failures = 0
        self.cpu_seconds += seconds
        return data

    def _failed(self) -> None:
        self.failures += 1
        if self._process is not None:
            self._process.kill()
        self.close()


def _serve(pipe: Connection, threshold: tuple[int, ...]) -> None:
    """The second process: warm, then write each tree it is sent until the end.
    The writer imported before the first tree arrives, Python's collector
    set as in the first process, and Ctrl+C left to the first process (which
    ends this one) instead of a traceback here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.set_threshold(*threshold)
    from planpress.writers.docx import write_docx

    while data := pipe.recv_bytes():
        started = time.process_time()
        number, tree, sheet, pages = pickle.loads(data)
        try:
            answer = (number, True, write_docx(tree, sheet, pages), time.process_time() - started)
        except Exception:  # noqa: BLE001 — the first process writes it again and reports
            answer = (number, False, None, 0.0)
        del data
        pipe.send_bytes(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
