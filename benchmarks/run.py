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
import shutil
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

import book
from generate import DOC_NAME, write_project

DOC = REPO / "docs" / "benchmarks.md"
BEGIN, END = "<!-- benchmarks:begin -->", "<!-- benchmarks:end -->"
TOOLS = ("planpress", "bare", "typst", "weasyprint")
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(HERE)])}
# An installed package has its bytecode compiled; a source tree run with
# PYTHONDONTWRITEBYTECODE would compile every module on every start.
ENV.pop("PYTHONDONTWRITEBYTECODE", None)


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


# The same pure-Python work split over N processes at once: how much faster two
# processes finish on this machine than one (its parallel ceiling, for -j).
SPIN = """
import os
jobs = {jobs}
pids = []
for _ in range(jobs):
    pid = os.fork()
    if pid == 0:
        x = 0
        for i in range(24_000_000 // jobs):
            x += i
        os._exit(0)
    pids.append(pid)
for pid in pids:
    os.waitpid(pid, 0)
"""
BATCH_COPIES = 40


def command(tool: str, root: Path) -> list[str]:
    py = sys.executable
    if tool == "planpress":
        return [py, "-m", "planpress.cli", "build", "--force", "--root", str(root)]
    if tool == "check":
        return [py, "-m", "planpress.cli", "check", "--root", str(root)]
    if tool.startswith("build -j"):
        jobs = tool.removeprefix("build -j ")
        return [py, "-m", "planpress.cli", "build", "--force", "-j", jobs, "--root", str(root)]
    if tool.startswith("spin"):  # the machine's own parallelism (see parallel())
        return [py, "-c", SPIN.format(jobs=int(tool.removeprefix("spin ")))]
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
    if tool in ("typst", "weasyprint"):
        return importlib.util.find_spec(tool) is not None
    return True  # planpress's own commands, the bare script, the ceiling


def skip_note(tool: str, estimate: float | None, limit: float) -> str:
    if not installed(tool):
        return "not installed"
    if estimate is not None and estimate > limit:
        return f"skipped (≈{estimate:.0f} s a run estimated)"
    return ""


def time_tools(
    tools: dict[str, int], root: Path, estimates: dict[str, float | None], limit: float
) -> dict[str, Timing]:
    """Whole-process runs of each tool (name -> runs), interleaved run by run
    (A B A B …), so that a change in the machine's load falls on all alike."""
    timings = {tool: Timing(note=skip_note(tool, estimates.get(tool), limit)) for tool in tools}
    for index in range(max(tools.values(), default=0)):
        for tool, runs in tools.items():
            timing = timings[tool]
            if timing.note or index >= runs:
                continue
            seconds, cpu, peak, code, err = run_once(command(tool, root))
            if code != 0:
                timing.note = f"failed (exit {code}): {err.strip().splitlines()[-1:]}"
                continue
            timing.seconds.append(seconds)
            timing.cpu.append(cpu)
            timing.peak_kb = max(timing.peak_kb, peak)
            print(
                f"    {tool}: {seconds:.2f} s wall, {cpu:.2f} s CPU, {peak / 1024:.0f} MB",
                flush=True,
            )
    return timings


def pdf_pages(path: Path) -> int | None:
    if not path.is_file():
        return None
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def stages(root: Path, runs: int, watch: int, one_process: bool = False) -> dict:
    argv = [sys.executable, str(HERE / "stages.py"), str(root), "--runs", str(runs)]
    argv += ["--watch", str(watch)] + (["--one-process"] if one_process else [])
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


def outputs(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "output").rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def batch(work: Path, runs: int) -> dict:
    """`build -j 1` against `build -j 2` over copies of the example, and the
    machine's own ceiling for two processes (SPIN)."""
    root = write_project(1, work / "batch")
    source = root / "content" / DOC_NAME
    for index in range(2, BATCH_COPIES + 1):
        shutil.copytree(source, root / "content" / f"{DOC_NAME}-{index:02d}", dirs_exist_ok=True)
    timings = time_tools({"build -j 1": runs, "build -j 2": runs}, root, {}, float("inf"))
    run_once(command("build -j 1", root))
    one = outputs(root)
    shutil.rmtree(root / "output")
    run_once(command("build -j 2", root))
    same = one == outputs(root) and len(one) == 2 * BATCH_COPIES
    spin = time_tools({"spin 1": runs, "spin 2": runs}, root, {}, float("inf"))
    return {"timings": timings | spin, "same_bytes": same, "documents": BATCH_COPIES}


def coldstart(root: Path, runs: int, before: str | None, work: Path) -> dict:
    """Phases of a cold build (coldstart.py): now, now without the cache, and
    at the commit `before` (exported from git) — medians of `runs` fresh processes."""
    variants = {
        "now": (REPO / "src", {}, root),
        "now, no cache": (REPO / "src", {"PLANPRESS_NO_CACHE": "1"}, root),
    }
    if before:
        tree = work / "before"
        tree.mkdir(exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", before, "src", "templates"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "src")], check=True)
        # the same content with that commit's templates: today's templates use
        # what its code does not know
        project = work / "before-project"
        shutil.rmtree(project, ignore_errors=True)
        shutil.copytree(root, project, ignore=shutil.ignore_patterns("output", "templates"))
        shutil.copytree(tree / "templates", project / "templates")
        variants[f"before (`{before}`)"] = (tree / "src", {}, project)
    out = {}
    for name, (src, extra, project) in variants.items():
        env = {**ENV, "PYTHONPATH": str(src), **extra}
        argv = [sys.executable, str(HERE / "coldstart.py"), str(project)]
        phases: dict[str, list[float]] = {}
        for _ in range(runs):
            started = time.perf_counter()
            done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
            total = time.perf_counter() - started
            for phase, seconds in json.loads(done.stdout)["phases"].items():
                phases.setdefault(phase, []).append(seconds)
            phases.setdefault("whole process", []).append(total)
        # the least of three: importtime's noise only ever adds
        samples = [importtime(project, env) for _ in range(3)]
        imports = {g: min(sample.get(g, 0.0) for sample in samples) for g in samples[0]}
        out[name] = {
            "phases": {k: statistics.median(v) for k, v in phases.items()},
            "imports": imports,
        }
    interpreter = [run_once([sys.executable, "-c", "pass"])[0] for _ in range(runs)]
    return {"variants": out, "interpreter": statistics.median(interpreter)}


IMPORT_GROUPS = (
    "reportlab",
    "docx",
    "lxml",
    "jinja2",
    "yaml",
    "budoux",
    "fontTools",
    "planpress",
    "PIL",
)


def importtime(root: Path, env: dict) -> dict[str, float]:
    """Seconds of module execution at import (`python -X importtime`, own times
    summed per top-level package) in one forced build."""
    argv = [sys.executable, "-X", "importtime", "-m", "planpress.cli", "build", "--force"]
    done = subprocess.run(
        [*argv, "--root", str(root)], env=env, capture_output=True, text=True, check=False
    )
    groups: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, _cumulative, module = line.removeprefix("import time:").split("|")
        if not own.strip().isdigit():
            continue
        top = module.strip().split(".")[0]
        group = top if top in IMPORT_GROUPS else "other (stdlib, site …)"
        groups[group] = groups.get(group, 0.0) + int(own) / 1e6
    groups["all"] = sum(groups.values())
    return groups


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


def report(results: dict, args, started: float, extra: dict) -> str:
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
        (
            "- planpress runs from the source tree with its bytecode compiled (as an installed "
            "package has it) and a cache folder of the run's own, empty at the start: the first "
            "build fills it, the timed ones read it."
        ),
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
    cold = extra.get("cold_cache")
    lines += [
        "",
        (
            "Runs are interleaved (planpress, bare, typst, weasyprint, planpress, …) so that a "
            "change in the machine's load falls on all alike. Peers' run counts are in parentheses."
        ),
    ]
    if cold and cold.seconds:
        lines += [
            "",
            (
                f"The first build of N={next(iter(results))} with an empty cache: "
                f"{cold.seconds[0]:.2f} s wall, {cold.cpu[0]:.2f} s CPU."
            ),
        ]
    lines += [
        "",
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
            "load = `load_plan`; diff = `revision.compare_tree` of each policy_revision section's policy tree "
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
            error = s["error"]
            note = error if isinstance(error, str) else f"failed: {error}"
            lines.append(f"| {n} | {note} | | | | | | |")
            continue
        total = sum(s[k] for k in ("load", "diff", "tree", "pdf", "docx"))
        lines.append(
            f"| {n} | {s['runs']} | {fmt(s['load'], 3)} | {fmt(s['diff'], 3)} | {fmt(s['tree'], 3)}"
            f" | {fmt(s['pdf'], 3)} | {fmt(s['docx'], 3)} | {fmt(total, 3)} |"
        )
    lines += coldstart_report(results.get(1, {}).get("coldstart"))
    lines += batch_report(extra.get("batch"))
    lines += targets(results, extra)
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


PHASES = ("command", "pipeline", "check", "tree", "pdf", "docx")


def coldstart_report(cold: dict | None) -> list[str]:
    if not cold:
        return []
    variants = cold["variants"]
    names = list(variants)
    lines = [
        "",
        "### Cold start of the handout (N=1): where the time goes",
        "",
        (
            "Wall seconds, median of fresh processes running benchmarks/coldstart.py (the "
            "steps of `planpress build --force`, timed in order): command = importing "
            "planpress.cli; pipeline = importing the build's modules (content, revision, "
            "templates); check = style sheet and reading and checking the content; tree = "
            "revision tables and templates → document tree; pdf / docx = importing the "
            "writer and its library, fonts, writing the bytes. The interpreter's own start "
            f"(`python -c pass`) is {cold['interpreter']:.3f} s more."
        ),
        "",
        "| phase | " + " | ".join(names) + " |",
        "| --- |" + " --- |" * len(names),
    ]
    for phase in (*PHASES, "whole process"):
        cells = [fmt(variants[n]["phases"].get(phase), 3) for n in names]
        lines.append(f"| {phase} | " + " | ".join(cells) + " |")
    lines += [
        "",
        (
            "Import time by package (`python -X importtime` of one forced build, own times "
            "summed; importtime itself slows imports, so read these as shares):"
        ),
        "",
        "| package | " + " | ".join(names) + " |",
        "| --- |" + " --- |" * len(names),
    ]
    groups = sorted({g for n in names for g in variants[n]["imports"]} - {"all"})
    for group in [*groups, "all"]:
        cells = [fmt(variants[n]["imports"].get(group), 3) for n in names]
        lines.append(f"| {group} | " + " | ".join(cells) + " |")
    return lines


def batch_report(batch: dict | None) -> list[str]:
    if not batch:
        return []
    t = batch["timings"]
    one, two = t["build -j 1"], t["build -j 2"]
    spin1, spin2 = t["spin 1"], t["spin 2"]
    return [
        "",
        f"### `planpress build -j N` over {batch['documents']} copies of the example",
        "",
        (
            "Whole process, `--force`, runs interleaved. The machine's ceiling is the same "
            "pure-Python work done by one process and split over two at once: what two "
            "workers could gain here at best, given the other load on the two cores."
        ),
        "",
        "| | runs | wall s | CPU s (all processes) |",
        "| --- | --- | --- | --- |",
        f"| build -j 1 | {len(one.seconds)} | {fmt(one.median)} | {fmt(one.cpu_median)} |",
        f"| build -j 2 | {len(two.seconds)} | {fmt(two.median)} | {fmt(two.cpu_median)} |",
        (
            f"| ceiling: 1 process | {len(spin1.seconds)} | {fmt(spin1.median)}"
            f" | {fmt(spin1.cpu_median)} |"
        ),
        (
            f"| ceiling: 2 processes | {len(spin2.seconds)} | {fmt(spin2.median)}"
            f" | {fmt(spin2.cpu_median)} |"
        ),
        "",
        (
            f"Speed-up with 2 workers: {ratio(one.median, two.median)} "
            f"(the machine's ceiling now: {ratio(spin1.median, spin2.median)}); "
            f"the outputs of -j 1 and -j 2 are {'byte-identical' if batch['same_bytes'] else 'DIFFERENT'}."
        ),
    ]


def targets(results: dict, extra: dict | None = None) -> list[str]:
    def timing(n, tool):
        return results[n]["timings"][tool].median if n in results else None

    def check(a, b, limit):
        return (a / b <= limit) if a and b else None

    extra = extra or {}

    def cpu(n, tool):
        return results[n]["timings"][tool].cpu_median if n in results else None

    def peak(n):
        return results[n]["timings"]["planpress"].peak_kb / 1024 if n in results else None

    p1, b1, t1 = timing(1, "planpress"), timing(1, "bare"), timing(1, "typst")
    c1, cb1 = cpu(1, "planpress"), cpu(1, "bare")
    p100, b100, p1000 = timing(100, "planpress"), timing(100, "bare"), timing(1000, "planpress")
    watch = results.get(1, {}).get("stages", {}).get("watch")
    watch_cpu = results.get(1, {}).get("stages", {}).get("watch_cpu")
    watch_alone = results.get(1, {}).get("stages", {}).get("watch_one_process")
    watch_alone_cpu = results.get(1, {}).get("stages", {}).get("watch_one_process_cpu")
    pdf_kb = results[1]["pdf_bytes"] / 1024 if 1 in results else None
    check_time = results[1]["check"].median if 1 in results and "check" in results[1] else None
    handout = f"wall {ratio(p1, b1)}, CPU {ratio(c1, cb1)}"

    def both(limit):
        return None if None in (p1, b1, c1, cb1) else (p1 / b1 <= limit and c1 / cb1 <= limit)

    base = peak(1)
    growth = None
    if None not in (base, peak(100), peak(1000)) and peak(100) > base:
        growth = (peak(1000) - base) / (peak(100) - base)
    batch = extra.get("batch")
    speedup, batch_ok = None, None
    if batch:
        one, two = batch["timings"]["build -j 1"].median, batch["timings"]["build -j 2"].median
        speedup = one / two if one and two else None
        batch_ok = None if speedup is None else (speedup >= 1.7 and batch["same_bytes"])
    rows = [
        ("handout (N=1) whole process, PDF+DOCX ≤ 1.0× bare", handout, both(1.0)),
        ("stretch: handout ≤ 0.8× bare", handout, both(0.8)),
        ("handout: planpress (PDF+DOCX) ÷ Typst (PDF only), for scale", ratio(p1, t1), None),
        (
            "`planpress check` on the example ≤ 0.25 s whole process",
            fmt(check_time, 3, " s"),
            None if check_time is None else check_time <= 0.25,
        ),
        (
            "watch rebuild of the handout after a one-word edit ≤ 0.05 s",
            (
                f"wall {fmt(watch, 3, ' s')}, CPU {fmt(watch_cpu, 3, ' s')} (the DOCX in a"
                f" second process; in one process: wall {fmt(watch_alone, 3, ' s')},"
                f" CPU {fmt(watch_alone_cpu, 3, ' s')})"
            ),
            None if watch is None else watch <= 0.05,
        ),
        (
            "peak memory at N=1000 ≤ 300 MB",
            fmt(peak(1000), 0, " MB") + f" (N=100: {fmt(peak(100), 0, ' MB')})",
            None if peak(1000) is None else peak(1000) <= 300,
        ),
        (
            "peak memory sub-linear N=100 → 1000: (peak₁₀₀₀ − peak₁) < 10 × (peak₁₀₀ − peak₁)",
            "–"
            if growth is None
            else f"{growth:.1f}× ({' / '.join(fmt(peak(n), 0) for n in (1, 100, 1000))} MB)",
            None if growth is None else growth < 10,
        ),
        (
            "`build -j 2` ≥ 1.7× `-j 1` over 40 documents, same bytes",
            batch_measured(batch, speedup),
            batch_ok,
        ),
        *extra.get("book", [("plan-book example ≤ 1.2× a bare script", "not run", None)]),
        ("N=100 whole process ≤ 1.2× bare", ratio(p100, b100), check(p100, b100, 1.2)),
        ("N=1000 ≤ 12× the time of N=100", ratio(p1000, p100), check(p1000, p100, 12)),
        (
            "handout PDF ≤ 150 KB",
            fmt(pdf_kb, 0, " KB"),
            None if pdf_kb is None else pdf_kb <= 150,
        ),
    ]
    out = ["", "### Targets", "", "| target | measured | |", "| --- | --- | --- |"]
    out += [f"| {name} | {value} | {verdict(ok)} |" for name, value, ok in rows]
    return out


def batch_measured(batch: dict | None, speedup: float | None) -> str:
    """The wall-time speed-up of -j 2, beside the CPU both used and what two
    processes gained on the machine at the time (other load caps it)."""
    if not batch or speedup is None:
        return "–"
    t = batch["timings"]
    one, two = t["build -j 1"].cpu_median, t["build -j 2"].cpu_median
    ceiling = ratio(t["spin 1"].median, t["spin 2"].median)
    text = f"{speedup:.2f}× wall (CPU {fmt(one)} s / {fmt(two)} s; machine ceiling {ceiling})"
    return text + ("" if batch["same_bytes"] else ", bytes differ")


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
    parser.add_argument(
        "--before",
        default=None,
        metavar="REV",
        help="also time the cold-start phases of this git revision (the breakdown's 'before')",
    )
    parser.add_argument(
        "--big-tools",
        default=",".join(TOOLS),
        help="the tools timed at sizes ≥ 1000 (comma-separated; default: all)",
    )
    parser.add_argument(
        "--big-stages",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time the in-process stages at sizes ≥ 1000 too",
    )
    parser.add_argument(
        "--cold-runs", type=int, default=7, help="runs of each cold-start breakdown (0: none)"
    )
    parser.add_argument(
        "--book-runs",
        type=int,
        default=3,
        help="runs of the plan book's official edition at 1× and 10× (book.py; 0: none)",
    )
    parser.add_argument(
        "--batch-runs",
        type=int,
        default=3,
        help=f"runs of build -j 1 / -j 2 over {BATCH_COPIES} documents (0: none)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs, args.profile = "1,10", 2, ""
        args.cold_runs, args.batch_runs = min(args.cold_runs, 2), min(args.batch_runs, 1)
        args.book_runs = min(args.book_runs, 1)
    sizes = [int(s) for s in args.sizes.split(",")]
    profiled = {int(s) for s in args.profile.split(",") if s}
    started = time.perf_counter()
    args.load_start = os.getloadavg()[0]
    work = args.keep or Path(tempfile.mkdtemp(prefix="planpress-bench-"))
    # The run's own cache folder: empty at the start (the first build fills it),
    # so the user's cache neither helps nor is touched.
    shutil.rmtree(work / "cache", ignore_errors=True)
    ENV["PLANPRESS_CACHE_DIR"] = str(work / "cache")
    ENV.pop("PLANPRESS_NO_CACHE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src")], check=True)
    results: dict[int, dict] = {}
    previous: tuple[int, dict[str, Timing]] | None = None
    for n in sizes:
        print(f"N={n}", flush=True)
        root = write_project(n, work / f"n{n}")
        runs = args.big_runs if (n >= 1000 and args.big_runs) else args.runs
        if n == sizes[0]:  # the first build with an empty cache, once
            print("    first build, empty cache:", flush=True)
            cold_cache = time_tools({"planpress": 1}, root, {}, float("inf"))["planpress"]
        tools = {
            tool: runs if tool in ("planpress", "bare") else min(runs, args.peer_runs or runs)
            for tool in TOOLS
            if n < 1000 or tool in args.big_tools.split(",")
        }
        estimates = {
            tool: previous[1][tool].median * n / previous[0]
            for tool in TOOLS
            if previous and previous[1][tool].median
        }
        timings = time_tools(tools, root, estimates, args.limit)
        for tool in TOOLS:
            timings.setdefault(tool, Timing(note="not run at this size (--big-tools)"))
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
        if n < 1000 or args.big_stages:
            result["stages"] = stages(root, stage_runs, watch=runs if n == 1 else 0)
            if n == 1:  # the watch rebuild again, without the DOCX's second process
                alone = stages(root, stage_runs, watch=runs, one_process=True)
                result["stages"]["watch_one_process"] = alone.get("watch")
                result["stages"]["watch_one_process_cpu"] = alone.get("watch_cpu")
        else:
            result["stages"] = {"error": "not run at this size (--big-stages)"}
        print(f"    stages: {result['stages']}", flush=True)
        if n in profiled:
            result["profile"] = profile(root)
        if n == 1:
            print("    check:", flush=True)
            result["check"] = time_tools({"check": runs}, root, {}, float("inf"))["check"]
            if args.cold_runs:
                print("    cold-start phases:", flush=True)
                result["coldstart"] = coldstart(root, args.cold_runs, args.before, work)
        results[n] = result
        previous = (n, timings)
    extra = {"cold_cache": cold_cache}
    if args.book_runs:
        print("plan book: official edition, 1× and 10×", flush=True)
        book.ENV["PLANPRESS_CACHE_DIR"] = str(work / "book-cache")
        measured = {n: book.measure(work, n, args.book_runs) for n in (1, 10)}
        print("\n".join(f"    {line}" for line in book.lines(measured)), flush=True)
        extra["book"] = book.targets(measured)
    if args.batch_runs:
        print("batch: build -j 1 / -j 2", flush=True)
        extra["batch"] = batch(work, args.batch_runs)
    section = report(results, args, started, extra)
    if args.no_doc:
        print(section)
    else:
        write_doc(section)
        print(f"wrote {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
