"""The plan book's official edition: planpress against the bare script, and
its growth to 10× the book.

    python benchmarks/book.py [--runs 5] [--sizes 1,10]

The N× book repeats the example's chapters N times: copy i>0 has every id
suffixed `x{i}` (the same rename throughout a copy, so an item moved between
policies stays one moved item), and the `of:` of the 新旧対照表 sections names
every copy of the parts it named. The sections that are not chapters (the
handout's) stay once. Each size is checked to load without problems before
it is timed.

Each run is a whole process (a fresh `python`): `planpress build --force
--edition official` (PDF and DOCX) and benchmarks/bare_book.py (ReportLab +
python-docx writing the same blocks), interleaved run by run, on a cache
folder of the run's own that the first, untimed build fills. The machine is
shared, so the targets are judged on CPU seconds (user + system of the
child), median; wall seconds are printed beside them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BOOK = ROOT / "content" / "misakino-kanko-plan"
NAME = "book"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
ENV.pop("PLANPRESS_NO_CACHE", None)
RATIO_LIMIT = 1.2  # planpress ÷ bare, whole process, at the example's size


def renamed(node, rename: dict[str, str]):
    """A copy of a content tree with each `id` and each id named in `of:`
    replaced through `rename` (ids not in it stay)."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "id" and isinstance(value, str):
                out[key] = rename.get(value, value)
            elif key == "of" and isinstance(value, list):
                out[key] = [rename.get(v, v) for v in value]
            else:
                out[key] = renamed(value, rename)
        return out
    if isinstance(node, list):
        return [renamed(v, rename) for v in node]
    return node


def ids_in(node) -> set[str]:
    if isinstance(node, dict):
        found = {node["id"]} if isinstance(node.get("id"), str) else set()
        return found.union(*(ids_in(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(ids_in(v) for v in node))
    return set()


def scaled_sections(sections: list[dict], times: int) -> list[dict]:
    """The example's sections with its chapters `times` times (ids unique,
    references to them rewritten)."""
    chapters = [s for s in sections if s.get("kind") == "chapter"]
    ids = ids_in(chapters)
    copies = [
        renamed(chapter, {i: f"{i}x{n}" if n else i for i in ids})
        for n in range(times)
        for chapter in chapters
    ]
    others = []
    for section in sections:
        if section.get("kind") == "chapter":
            continue
        section = dict(section)
        if isinstance(section.get("of"), list):  # every copy of each part named
            section["of"] = [f"{i}x{n}" if n else i for i in section["of"] for n in range(times)]
        others.append(section)
    return others + copies


def scaled_project(root: Path, times: int) -> Path:
    """A project under `root` whose one document is the example book × `times`."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("templates", "fonts"):
        (root / name).symlink_to(ROOT / name)
    folder = root / "content" / NAME
    shutil.copytree(BOOK, folder)
    data = yaml.safe_load((BOOK / "document.yaml").read_text(encoding="utf-8"))
    data["sections"] = scaled_sections(data["sections"], times)
    (folder / "document.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return root


def commands(root: Path) -> dict[str, list[str]]:
    py = sys.executable
    folder = root / "content" / NAME
    return {
        "planpress": [py, "-m", "planpress.cli", "build", "--force", "--edition", "official"]
        + ["--root", str(root), NAME],
        "bare": [py, str(HERE / "bare_book.py"), str(folder / "document.yaml"), str(root / "bare")],
    }


def run_once(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        argv, env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    err = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{argv[1:4]} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def measure(work: Path, times: int, runs: int) -> dict:
    """Medians of `runs` interleaved whole-process runs of both, at `times`×."""
    root = scaled_project(work / f"book{times}", times)
    check = [sys.executable, "-m", "planpress.cli", "check", "--root", str(root), NAME]
    run_once(check)  # exit 1 (SystemExit here) if the copy does not load cleanly
    argv = commands(root)
    run_once(argv["planpress"])  # fills the run's cache, as a user's second build finds it
    samples: dict[str, list[tuple[float, float]]] = {tool: [] for tool in argv}
    for _ in range(runs):
        for tool, command in argv.items():
            samples[tool].append(run_once(command))
    out = root / "output" / NAME
    result = {
        "times": times,
        "runs": runs,
        "pages": pages(next(out.glob("*official.pdf"))),
        "bare_pages": pages(root / "bare" / "book.pdf"),
    }
    for tool, values in samples.items():
        result[tool] = {
            "wall": statistics.median(w for w, _ in values),
            "cpu": statistics.median(c for _, c in values),
        }
    return result


def targets(results: dict[int, dict]) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met?) for the plan book."""
    rows = []
    one, ten = results.get(1), results.get(10)
    if one:
        cpu = one["planpress"]["cpu"] / one["bare"]["cpu"]
        wall = one["planpress"]["wall"] / one["bare"]["wall"]
        rows.append(
            (
                (
                    f"plan-book official edition (PDF+DOCX) ≤ {RATIO_LIMIT}× the bare script "
                    "(CPU s, whole process)"
                ),
                f"CPU {cpu:.2f}×, wall {wall:.2f}× ({one['pages']} pages)",
                cpu <= RATIO_LIMIT,
            )
        )
    if one and ten:
        growth = ten["planpress"]["cpu"] / one["planpress"]["cpu"]
        bare_growth = ten["bare"]["cpu"] / one["bare"]["cpu"]
        rows.append(
            (
                "plan book linear to 10×: CPU s of the 10× book ≤ 10 × the 1× book",
                (
                    f"{growth:.2f}× for {ten['pages'] / one['pages']:.1f}× the pages "
                    f"(bare: {bare_growth:.2f}×)"
                ),
                growth <= 10,
            )
        )
        rows.append(
            (
                f"plan book at 10× ≤ {RATIO_LIMIT}× the bare script (CPU s)",
                f"{ten['planpress']['cpu'] / ten['bare']['cpu']:.2f}×",
                ten["planpress"]["cpu"] / ten["bare"]["cpu"] <= RATIO_LIMIT,
            )
        )
    return rows


def lines(results: dict[int, dict]) -> list[str]:
    out = []
    for r in results.values():
        p, b = r["planpress"], r["bare"]
        out.append(
            f"{r['times']:>2}x book ({r['pages']} pages; bare {r['bare_pages']}), "
            f"median of {r['runs']}: planpress {p['cpu']:.2f} s CPU / {p['wall']:.2f} s wall, "
            f"bare {b['cpu']:.2f} s CPU / {b['wall']:.2f} s wall"
        )
    for name, value, ok in targets(results):
        verdict = "–" if ok is None else ("met" if ok else "NOT MET")
        out.append(f"{name}: {value} — {verdict}")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1,10")
    args = parser.parse_args(argv)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    with tempfile.TemporaryDirectory(prefix="planpress-book-") as scratch:
        ENV["PLANPRESS_CACHE_DIR"] = str(Path(scratch) / "cache")
        results = {}
        for times in (int(s) for s in args.sizes.split(",")):
            results[times] = measure(Path(scratch), times, args.runs)
            print(lines({times: results[times]})[0], flush=True)
        print("\n".join(lines(results)[len(results) :]))


if __name__ == "__main__":
    main()
