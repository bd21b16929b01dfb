"""Two (or more) planpress source trees side by side: whole-process runs,
interleaved run by run, CPU seconds of each child (os.wait4) and wall time.

On a shared machine CPU seconds move less with other jobs than wall time;
interleaving puts a change in the machine's load on every tree alike. The
first round is a warm-up (caches filled, bytecode written) and not counted.

    python benchmarks/ab.py --runs 9 build PROJECT before=/tmp/old/src after=src bare
    python benchmarks/ab.py --runs 11 check PROJECT before=/tmp/old/src after=src

COMMAND is `build` (build --force, PDF and DOCX) or `check`; `bare` (the
bare script, benchmarks/bare.py) and `python` (`python -c pass`, the
interpreter's own start) can be listed beside the trees. An older tree for
comparison: `git archive COMMIT src | tar -x -C /tmp/old`. The per-user cache is
used as a command uses it; PLANPRESS_CACHE_DIR gives the runs a folder of their own.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def command(what: str, tree: str | None, project: str) -> list[str]:
    py = sys.executable
    if tree is None:
        return {"bare": [py, str(HERE / "bare.py"), project], "python": [py, "-c", "pass"]}[what]
    if what == "build":
        return [py, "-m", "planpress.cli", "build", "--force", "--root", project]
    return [py, "-m", "planpress.cli", "check", "--root", project]


def run_once(argv: list[str], tree: str | None) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(Path(tree).resolve()), str(HERE)])
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    err = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("build", "check"))
    parser.add_argument("project", help="a project folder (content/, templates/, fonts/)")
    parser.add_argument("runs_of", nargs="+", metavar="NAME=SRC|bare|python")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    entries = []
    for item in args.runs_of:
        name, _, tree = item.partition("=")
        entries.append((name, tree or None))
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in entries}
    load = os.getloadavg()[0]
    for index in range(args.runs + 1):
        for name, tree in entries:
            what = args.command if tree is not None else name
            measured = run_once(command(what, tree, args.project), tree)
            if index:  # the first round warms caches and bytecode
                times[name].append(measured)
    print(
        f"{args.command}, {args.runs} runs each, load average {load:.2f} → {os.getloadavg()[0]:.2f}"
    )
    for name, runs in times.items():
        cpu = [c for _, c in runs]
        wall = statistics.median(w for w, _ in runs)
        print(
            f"{name:>10}: CPU {statistics.median(cpu):.3f} s (min {min(cpu):.3f}), wall {wall:.3f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
