"""Benchmarks: planpress against the bare-script floor and two peers.

For each size N (the example's content scaled N times, benchmarks/generate.py)
it times, each in a fresh process, `planpress build --force`, the bare
ReportLab + python-docx script (bare.py), Typst and WeasyPrint (peers.py);
then planpress's stages in-process (stages.py), a watch rebuild of the
handout, and a cProfile of the build. Results go between the markers in
docs/benchmarks.md (the rest of that file is left as it is).

    python benchmarks/run.py                          # sizes 1,10,100,1000, 5 runs
    python benchmarks/run.py --sizes 1,10 --runs 3
    python benchmarks/run.py --quick                  # sizes 1,10, 2 runs, no profile
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import DOC_NAME, write_project

DOC = REPO / "docs" / "benchmarks.md"
BEGIN, END = "<!-- benchmarks:begin -->", "<!-- benchmarks:end -->"
TOOLS = ("planpress", "bare", "typst", "weasyprint")
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(HERE)])}


@dataclass
class Timing:
    """Whole-process runs of one tool at one size."""

    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the child
    peak_kb: int = 0
    note: str = ""  # why there are no runs (not installed, skipped …)

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None


def command(tool: str, root: Path) -> list[str]:
    py = sys.executable
    if tool == "planpress":
        return [py, "-m", "planpress.cli", "build", "--force", "--root", str(root)]
    if tool == "bare":
        return [py, str(HERE / "bare.py"), str(root)]
    return [py, str(HERE / "peers.py"), tool, str(root)]


def run_once(argv: list[str]) -> tuple[float, float, int, int, str]:
    """Wall seconds, CPU seconds, peak RSS (KB) of the child, exit code, stderr."""
    started = time.perf_counter()
    child = subprocess.Popen(
        argv, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO
    )
    # wait4 gives this child's own rusage (RUSAGE_CHILDREN would be the max so far).
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss, child.returncode, err


def installed(tool: str) -> bool:
    return tool in ("planpress", "bare") or importlib.util.find_spec(tool) is not None


def time_tool(tool: str, root: Path, runs: int, estimate: float | None, limit: float) -> Timing:
    timing = Timing()
    if not installed(tool):
        timing.note = "not installed"
        return timing
    if estimate is not None and estimate > limit:
        timing.note = f"skipped (≈{estimate:.0f} s a run estimated)"
        return timing
    for _ in range(runs):
        seconds, cpu, peak, code, err = run_once(command(tool, root))
        if code != 0:
            timing.note = f"failed (exit {code}): {err.strip().splitlines()[-1:]}"
            return timing
        timing.seconds.append(seconds)
        timing.cpu.append(cpu)
        timing.peak_kb = max(timing.peak_kb, peak)
        print(
            f"    {tool}: {seconds:.2f} s wall, {cpu:.2f} s CPU, {peak / 1024:.0f} MB", flush=True
        )
    return timing


def pdf_pages(path: Path) -> int | None:
    if not path.is_file():
        return None
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def stages(root: Path, runs: int, watch: int) -> dict:
    argv = [sys.executable, str(HERE / "stages.py"), str(root), "--runs", str(runs)]
    argv += ["--watch", str(watch)]
    done = subprocess.run(argv, check=False, env=ENV, capture_output=True, text=True, cwd=REPO)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile(root: Path, top: int = 12) -> list[tuple[str, float, float]]:
    """cProfile of one in-process forced build: (function, own share, cumulative share)."""
    script = (
        "import cProfile, sys\n"
        "from pathlib import Path\n"
        "from planpress.pipeline import Project, build_document\n"
        "p = Project(Path(sys.argv[1])); f = p.content / sys.argv[2]\n"
        "build_document(p, f, force=True)\n"  # warm-up: imports, fonts
        "cProfile.run('build_document(p, f, force=True)', sys.argv[3])\n"
    )
    with tempfile.NamedTemporaryFile(suffix=".prof", delete=False) as handle:
        out = Path(handle.name)
    subprocess.run(
        [sys.executable, "-c", script, str(root), DOC_NAME, str(out)],
        env=ENV,
        check=True,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )
    stats = pstats.Stats(str(out), stream=io.StringIO())
    out.unlink()
    total = stats.total_tt
    rows = []
    for (file, line, name), (_, _, own, cumulative, _) in stats.stats.items():
        rows.append((f"{short(file)}:{line}({name})", own / total, cumulative / total))
    rows.sort(key=lambda r: -r[1])
    return [r for r in rows[:top]] + [("(total seconds)", total, 0.0)]


def short(file: str) -> str:
    for marker in ("site-packages/", "/src/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


# -- the report ----------------------------------------------------------------------


def machine() -> list[str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = []
    for package in (
        "reportlab",
        "python-docx",
        "pyyaml",
        "jinja2",
        "budoux",
        "typst",
        "weasyprint",
    ):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        check=False,
        capture_output=True,
        text=True,
        cwd=REPO,
    ).stdout.strip()
    return [
        f"- Date: {datetime.date.today().isoformat()}; planpress commit `{commit or '?'}`",
        f"- CPU: {cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; " + ", ".join(versions),
        "- Load average (1 min) at start / end: {start} / {end:.2f} (other processes share "
        "the machine; see CPU seconds below)".replace("{end:.2f}", f"{os.getloadavg()[0]:.2f}"),
    ]


def fmt(value, digits=2, unit="") -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}{unit}"


def kb(size: int | None) -> str:
    return "–" if size is None else f"{size / 1024:.0f}"


def ratio(a, b) -> str:
    return f"{a / b:.2f}×" if a and b else "–"


def verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("**met**" if ok else "**not met**")


def report(results: dict, args, started: float) -> str:
    lines = [
        BEGIN,
        "",
        "_Generated by `python benchmarks/run.py "
        + " ".join(sys.argv[1:])
        + f"` in {(time.perf_counter() - started) / 60:.0f} min; do not edit between the markers._",
        "",
        "### Machine",
        "",
        *[line.replace("{start}", f"{args.load_start:.2f}") for line in machine()],
        "",
        "### Whole process (wall seconds, median; a fresh `python` each run)",
        "",
        (
            "planpress is `planpress build --force` (PDF and DOCX); bare is benchmarks/bare.py "
            "(ReportLab + python-docx, PDF and DOCX); Typst and WeasyPrint write the PDF only."
        ),
        "",
        (
            "| N | pages (planpress / bare / typst / weasyprint) | runs | planpress s | bare s "
            "| planpress ÷ bare | typst s | weasyprint s | peak MB planpress / bare | PDF KB | DOCX KB |"
        ),
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    notes = []
    for n, r in results.items():
        t = r["timings"]
        pages = " / ".join(str(r["pages"].get(tool) or "–") for tool in TOOLS)
        for tool in TOOLS:
            if t[tool].note:
                notes.append(f"- N={n}, {tool}: {t[tool].note}")
        lines.append(
            f"| {n} | {pages} | {len(t['planpress'].seconds)}"
            f" | {fmt(t['planpress'].median)} | {fmt(t['bare'].median)}"
            f" | {ratio(t['planpress'].median, t['bare'].median)}"
            f" | {fmt(t['typst'].median)} ({len(t['typst'].seconds)})"
            f" | {fmt(t['weasyprint'].median)} ({len(t['weasyprint'].seconds)})"
            f" | {t['planpress'].peak_kb / 1024:.0f} / {t['bare'].peak_kb / 1024:.0f}"
            f" | {kb(r['pdf_bytes'])} | {kb(r['docx_bytes'])} |"
        )
    lines += [
        "",
        "Peers' run counts are in parentheses.",
        "",
        (
            "CPU seconds (user + system of the child, median) are less disturbed than wall time "
            "by other work on the machine:"
        ),
        "",
        "| N | planpress CPU s | bare CPU s | planpress ÷ bare | typst CPU s | weasyprint CPU s |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for n, r in results.items():
        t = r["timings"]
        lines.append(
            f"| {n} | {fmt(t['planpress'].cpu_median)} | {fmt(t['bare'].cpu_median)}"
            f" | {ratio(t['planpress'].cpu_median, t['bare'].cpu_median)}"
            f" | {fmt(t['typst'].cpu_median)} | {fmt(t['weasyprint'].cpu_median)} |"
        )
    if notes:
        lines += ["", *notes]
    lines += [
        "",
        "### planpress stages in-process (seconds, median)",
        "",
        (
            "load = `load_plan`; diff = `revision.compare` of each policy_revision section "
            "(the build runs it inside `document_tree` too, so tree includes it); "
            "tree = style sheet + `document_tree`; pdf / docx = `write_format`. "
            "Imports and font registration are paid in a warm-up build first."
        ),
        "",
        "| N | runs | load | diff | tree | pdf | docx | sum |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for n, r in results.items():
        s = r["stages"]
        if "error" in s:
            lines.append(f"| {n} | failed: {s['error']} | | | | | | |")
            continue
        total = sum(s[k] for k in ("load", "diff", "tree", "pdf", "docx"))
        lines.append(
            f"| {n} | {s['runs']} | {fmt(s['load'], 3)} | {fmt(s['diff'], 3)} | {fmt(s['tree'], 3)}"
            f" | {fmt(s['pdf'], 3)} | {fmt(s['docx'], 3)} | {fmt(total, 3)} |"
        )
    lines += targets(results)
    for n, r in results.items():
        if r.get("profile"):
            lines += [
                "",
                f"### Profile: in-process forced build at N={n} (cProfile, by own time)",
                "",
                f"Total {r['profile'][-1][1]:.2f} s under the profiler.",
                "",
                "| function | own share | cumulative share |",
                "| --- | --- | --- |",
            ]
            lines += [
                f"| `{name}` | {own:.0%} | {cum:.0%} |" for name, own, cum in r["profile"][:-1]
            ]
    lines += ["", END]
    return "\n".join(lines)


def targets(results: dict) -> list[str]:
    def timing(n, tool):
        return results[n]["timings"][tool].median if n in results else None

    def check(a, b, limit):
        return (a / b <= limit) if a and b else None

    p1, b1 = timing(1, "planpress"), timing(1, "bare")
    p100, b100, p1000 = timing(100, "planpress"), timing(100, "bare"), timing(1000, "planpress")
    peak = results[1000]["timings"]["planpress"].peak_kb / 1024 if 1000 in results else None
    watch = results.get(1, {}).get("stages", {}).get("watch")
    pdf_kb = results[1]["pdf_bytes"] / 1024 if 1 in results else None
    rows = [
        ("handout (N=1) whole process ≤ 1.0× bare", ratio(p1, b1), check(p1, b1, 1.0)),
        ("N=100 whole process ≤ 1.2× bare", ratio(p100, b100), check(p100, b100, 1.2)),
        ("N=1000 ≤ 12× the time of N=100", ratio(p1000, p100), check(p1000, p100, 12)),
        (
            "peak memory at N=1000 ≤ 300 MB",
            fmt(peak, 0, " MB"),
            None if peak is None else peak <= 300,
        ),
        (
            "watch rebuild of the handout ≤ 0.06 s in-process",
            fmt(watch, 3, " s"),
            None if watch is None else watch <= 0.06,
        ),
        (
            "handout PDF ≤ 150 KB",
            fmt(pdf_kb, 0, " KB"),
            None if pdf_kb is None else pdf_kb <= 150,
        ),
    ]
    out = ["", "### Targets", "", "| target | measured | |", "| --- | --- | --- |"]
    out += [f"| {name} | {value} | {verdict(ok)} |" for name, value, ok in rows]
    return out


def write_doc(section: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.is_file() else "# Benchmarks\n\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="planpress benchmarks (see docs/benchmarks.md)")
    parser.add_argument("--sizes", default="1,10,100,1000")
    parser.add_argument("--runs", type=int, default=5, help="whole-process runs per tool and size")
    parser.add_argument(
        "--big-runs",
        type=int,
        default=None,
        help="runs at sizes ≥ 1000 (default: --runs); a planpress run there takes minutes",
    )
    parser.add_argument(
        "--peer-runs", type=int, default=None, help="runs of typst/weasyprint (default: --runs)"
    )
    parser.add_argument(
        "--limit",
        type=float,
        default=600,
        help="skip a tool at a size when one run is estimated (linearly from the previous "
        "size) to take longer than this many seconds",
    )
    parser.add_argument("--profile", default="1,100", help="sizes to profile (empty: none)")
    parser.add_argument("--quick", action="store_true", help="sizes 1,10, 2 runs, no profile")
    parser.add_argument("--no-doc", action="store_true", help="print instead of writing the doc")
    parser.add_argument("--keep", type=Path, default=None, help="generate the projects here")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs, args.profile = "1,10", 2, ""
    sizes = [int(s) for s in args.sizes.split(",")]
    profiled = {int(s) for s in args.profile.split(",") if s}
    started = time.perf_counter()
    args.load_start = os.getloadavg()[0]
    work = args.keep or Path(tempfile.mkdtemp(prefix="planpress-bench-"))
    results: dict[int, dict] = {}
    previous: tuple[int, dict[str, Timing]] | None = None
    for n in sizes:
        print(f"N={n}", flush=True)
        root = write_project(n, work / f"n{n}")
        runs = args.big_runs if (n >= 1000 and args.big_runs) else args.runs
        timings = {}
        for tool in TOOLS:
            tool_runs = runs if tool in ("planpress", "bare") else min(runs, args.peer_runs or runs)
            estimate = None
            if previous and previous[1][tool].median:
                estimate = previous[1][tool].median * n / previous[0]
            timings[tool] = time_tool(tool, root, tool_runs, estimate, args.limit)
        out = root / "output" / DOC_NAME
        pdf, docx = out / f"{DOC_NAME}-handout.pdf", out / f"{DOC_NAME}-handout.docx"
        result = {
            "timings": timings,
            "pages": {
                "planpress": pdf_pages(pdf),
                "bare": pdf_pages(root / "bare" / "bare.pdf"),
                "typst": pdf_pages(root / "peers" / "typst.pdf")
                if timings["typst"].seconds
                else None,
                "weasyprint": pdf_pages(root / "peers" / "weasyprint.pdf")
                if timings["weasyprint"].seconds
                else None,
            },
            "pdf_bytes": pdf.stat().st_size if pdf.is_file() else None,
            "docx_bytes": docx.stat().st_size if docx.is_file() else None,
        }
        stage_runs = 1 if n >= 1000 else min(runs, 3 if n >= 100 else runs)
        result["stages"] = stages(root, stage_runs, watch=runs if n == 1 else 0)
        print(f"    stages: {result['stages']}", flush=True)
        if n in profiled:
            result["profile"] = profile(root)
        results[n] = result
        previous = (n, timings)
    section = report(results, args, started)
    if args.no_doc:
        print(section)
    else:
        write_doc(section)
        print(f"wrote {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
