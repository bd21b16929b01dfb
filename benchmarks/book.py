"""The plan book's official edition: planpress against the bare script, and
its growth to 10× the book.

    python benchmarks/book.py [--runs 3]

Times the whole process of each (load, lay out, write PDF and DOCX) in this
process, best of `runs`; the 10× book repeats the example's chapters ten times
(ids suffixed). Prints one line per size: planpress seconds, bare seconds,
ratio, pages.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks import bare_book
from planpress.pipeline import Project, build_document

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "content" / "misakino-kanko-plan"


def suffixed(node, suffix: str):
    """A copy of a content tree with every id made unique by `suffix`."""
    if isinstance(node, dict):
        return {k: (f"{v}{suffix}" if k == "id" else suffixed(v, suffix)) for k, v in node.items()}
    if isinstance(node, list):
        return [suffixed(v, suffix) for v in node]
    return node


def scaled_book(root: Path, times: int) -> Path:
    """A project under `root` whose book has the example's chapters `times` times."""
    for name in ("templates", "fonts"):
        (root / name).symlink_to(ROOT / name)
    folder = root / "content" / f"book{times}"
    shutil.copytree(BOOK, folder)
    data = yaml.safe_load((BOOK / "document.yaml").read_text(encoding="utf-8"))
    chapters = [s for s in data["sections"] if s.get("kind") == "chapter"]
    others = [s for s in data["sections"] if s.get("kind") not in ("chapter", "changes")]
    data["sections"] = others + [suffixed(c, f"x{i}") for i in range(times) for c in chapters]
    (folder / "document.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder


def best(runs: int, job) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for times in (1, 10):
        with tempfile.TemporaryDirectory() as scratch:
            print(measure(Path(scratch), times, args.runs))


def measure(root: Path, times: int, runs: int) -> str:
    """One line: the official edition of a book `times` the example, both ways."""
    folder = scaled_book(root, times)
    project = Project(root)
    built = []
    ours = best(runs, lambda: built.append(build_document(project, folder, "official", True)))
    source = folder / "document.yaml"
    theirs = best(runs, lambda: bare_book.main(source, root / "bare", ROOT / "fonts"))
    return (
        f"{times:>2}x book: planpress {ours:6.2f} s, bare {theirs:6.2f} s, "
        f"ratio {ours / theirs:4.2f}, {built[-1].pages} pages"
    )


if __name__ == "__main__":
    main()
