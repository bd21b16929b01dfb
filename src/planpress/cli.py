"""The `planpress` command. Exit codes: 0 done, 1 content errors, 2 usage errors.

Messages about content go to stderr in Japanese with their place; a traceback
is shown only with --debug.
"""

from __future__ import annotations

import argparse
import errno
import gc
import sys
import tempfile
import time
import traceback
from pathlib import Path

from planpress import __version__, compiled
from planpress.diagnostics.activity import doing, what_was_done
from planpress.diagnostics.messages import ContentError, Problem, UsageError, say
from planpress.diagnostics.place import Place

# the collector's thresholds a command runs with (main; the benchmarks too)
GC_THRESHOLD = (10_000, 20, 10)

COMMANDS = ("build", "check", "schema", "compare", "watch", "absorb")
EDITIONS = ("handout", "official", "review")


def _add_pdfa(command: argparse.ArgumentParser) -> None:
    """--pdfa / --no-pdfa: PDF/A-2a on request (the official edition's default)."""
    command.add_argument(
        "--pdfa",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="make the PDF PDF/A-2a as well as PDF/UA-1 (default: only the official edition)",
    )


def _common() -> argparse.ArgumentParser:
    """Options every subcommand takes."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        type=Path,
        default=None,
        help="project folder holding content/, templates/, fonts/ and output/ "
        "(default: the current folder or the nearest parent that has them)",
    )
    common.add_argument("--debug", action="store_true", help="show a traceback on errors")
    return common


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planpress",
        description="Publish a plan's YAML content as a PDF handout and a Word DOCX. "
        "Without a command, builds every document (as `planpress build`).",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common()
    build = commands.add_parser("build", parents=[common], help="build documents into output/")
    build.add_argument(
        "documents",
        nargs="*",
        metavar="DOC",
        help="a document folder, its document.yaml, or its name under content/ (default: all)",
    )
    build.add_argument(
        "--force", action="store_true", help="rebuild even when no input has changed"
    )
    build.add_argument(
        "--edition",
        default="handout",
        choices=EDITIONS,
        help="handout: the council handout with comparison tables (default); "
        "official: the revised plan as published; review: the handout whose "
        "DOCX shows current → revised as Word tracked changes",
    )
    build.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="build N documents at a time in separate processes (default: 1)",
    )
    _add_pdfa(build)
    watch = commands.add_parser(
        "watch", parents=[common], help="rebuild documents whenever a file is saved"
    )
    watch.add_argument("documents", nargs="*", metavar="DOC", help="as for build (default: all)")
    watch.add_argument("--edition", default="handout", choices=EDITIONS)
    _add_pdfa(watch)
    compare = commands.add_parser(
        "compare",
        parents=[common],
        help="write the 修正対照表 between two versions of a document (PDF and DOCX)",
    )
    compare.add_argument("old", metavar="OLD", help="the earlier version: a file or git:REV:path")
    compare.add_argument("new", metavar="NEW", help="the later version: a file or git:REV:path")
    compare.add_argument(
        "--out", type=Path, default=None, help="output folder (default: output/<doc>/)"
    )
    compare.add_argument(
        "--old-label",
        default="",
        help="how the document names the earlier version (default: its meeting and date)",
    )
    compare.add_argument(
        "--new-label",
        default="",
        help="how the document names the later version (default: its meeting and date, "
        "or 修正案 when it is for the same meeting)",
    )
    compare.add_argument(
        "--pdfa", action="store_true", help="make the PDF PDF/A-2a as well as PDF/UA-1"
    )
    absorb = commands.add_parser(
        "absorb",
        parents=[common],
        usage="planpress absorb [-h] [--root ROOT] [--debug] [--dry-run] EDITED.docx [DOC]",
        help="carry the changes and comments in an edited DOCX back into document.yaml",
    )
    # one positional list, so that options may stand between EDITED.docx and DOC
    absorb.add_argument(
        "files",
        nargs="+",
        metavar="EDITED.docx DOC",
        help="the DOCX as it came back, then the document it was built from "
        "(default: the only one, or the one the file is named after)",
    )
    absorb.add_argument("--dry-run", action="store_true", help="list the changes, write nothing")
    _add_check_commands(commands, common)
    return parser


def _add_check_commands(commands, common: argparse.ArgumentParser) -> None:
    """`check` (validation and text checks, no output) and `schema`."""
    check = commands.add_parser(
        "check",
        parents=[common],
        help="check documents' content and Japanese text without building",
    )
    check.add_argument(
        "documents",
        nargs="*",
        metavar="DOC",
        help="a document folder, its document.yaml, or its name under content/ (default: all)",
    )
    check.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    schema = commands.add_parser(
        "schema", parents=[common], help="write the content format's JSON Schema"
    )
    schema.add_argument(
        "--out", type=Path, default=None, help="write to FILE (default: standard output)"
    )


def run_check(args: argparse.Namespace, root: Path) -> int:
    """Report every problem of each document; exit 1 on errors (or warnings if --strict)."""
    from planpress.content.load import check_plan
    from planpress.pipeline import (
        DOCUMENT_FILE,
        Project,
        find_documents,
        font_files,
        style_sheet,
        template_dirs,
    )
    from planpress.revision.phrases import load_phrasebook
    from planpress.revision.table import revision_tables, warning_problems

    # Only what checking needs: no templates (Jinja), no writers, no build pipeline.

    project = Project(root)
    folders = find_documents(project, args.documents)
    errors = warnings = 0
    for folder in folders:
        source = folder / DOCUMENT_FILE
        fonts = font_files(style_sheet(project, folder))
        plan, problems = check_plan(source, project.label(source), fonts)
        if plan is not None:  # the author's notes against the content, as a build checks them
            phrases = load_phrasebook(template_dirs(project, folder))
            tables = revision_tables(plan.sections, phrases)
            problems += warning_problems(tables)
        for problem in problems:
            print(problem, file=sys.stderr)
        mine = sum(p.severity == "error" for p in problems)
        errors += mine
        warnings += len(problems) - mine
    print(say("check_summary", count=len(folders), errors=errors, warnings=warnings))
    if errors:
        return 1
    if warnings and args.strict:
        print(say("strict_failed"), file=sys.stderr)
        return 1
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from planpress.content.schema import schema_text
    from planpress.pipeline import write_atomically

    text = schema_text()
    if args.out is None:
        sys.stdout.write(text)
    else:
        with doing(say("doing.schema")):
            write_atomically(args.out, text.encode("utf-8"))
        print(say("schema_written", path=args.out), file=sys.stderr)
    return 0


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` with content/ and templates/."""
    for folder in [start, *start.parents]:
        if (folder / "templates").is_dir() and (folder / "content").is_dir():
            return folder
    return start


def run_build(args: argparse.Namespace, root: Path) -> int:
    from planpress.pipeline import Project, find_documents
    from planpress.pipeline.batch import build_documents

    project = Project(root)
    started = time.perf_counter()
    folders = find_documents(project, args.documents)
    counts = {"built": 0, "unchanged": 0, "failed": 0, "pages": 0}
    outcomes = build_documents(project, folders, args.edition, args.force, args.jobs, args.pdfa)
    for index, (folder, built) in enumerate(outcomes, 1):
        if len(folders) > 1:
            print(say("progress", index=index, total=len(folders), name=folder.name))
        if isinstance(built, ContentError):
            if args.debug:
                raise built
            counts["failed"] += 1
            report(built.problems)
            print(say("failed", count=len(built.problems)), file=sys.stderr)
            continue
        report(built.warnings)
        for path in built.files:
            print(say("built", path=project.label(path)))
        for path in built.unchanged:
            print(say("unchanged", path=project.label(path)))
        counts["built" if built.files else "unchanged"] += 1
        counts["pages"] += built.pages
    seconds = time.perf_counter() - started
    print(say("summary", count=len(folders), seconds=seconds, **counts))
    return 1 if counts["failed"] else 0


def run_compare(args: argparse.Namespace, root: Path) -> int:
    from planpress.pipeline import Project, build_comparison

    project = Project(root)
    try:
        built = build_comparison(
            project, args.old, args.new, args.out, args.old_label, args.new_label, args.pdfa
        )
    except ContentError as error:
        report(error.problems)
        print(say("failed", count=len(error.problems)), file=sys.stderr)
        return 1
    report(built.warnings)
    for path in built.files:
        print(say("built", path=project.label(path)))
    print(say("compared", count=built.changes))
    return 0


def run_watch(args: argparse.Namespace, root: Path) -> int:
    from planpress.pipeline import Project
    from planpress.pipeline.watch import watch

    try:
        watch(
            Project(root),
            args.documents,
            args.edition,
            args.pdfa,
            on_error=lambda error: internal_error(error, root),
        )
    except KeyboardInterrupt:
        pass
    return 0


def run_absorb(args: argparse.Namespace, root: Path) -> int:
    from planpress.pipeline import DOCUMENT_FILE, Project, find_documents
    from planpress.pipeline.absorb import absorb

    project = Project(root)
    if len(args.files) > 2:
        raise UsageError(say("absorb_usage"))
    args.docx, args.document = Path(args.files[0]), (args.files[1:] or [None])[0]
    if not args.docx.is_file():
        raise UsageError(say("file_missing", path=args.docx))
    if args.document:
        folders = find_documents(project, [args.document])
    else:
        folders = find_documents(project, [])
        named = [f for f in folders if args.docx.name.startswith(f.name + "-")]
        folders = named or folders
        if len(folders) != 1:
            raise UsageError(say("absorb_which", names=", ".join(f.name for f in folders)))
    result = absorb(project, args.docx, folders[0], dry_run=args.dry_run)
    for finding in result.findings:
        print(finding)
    print(
        say(
            "absorb.summary",
            changes=result.count("change"),
            comments=result.count("comment"),
            problems=result.count("conflict") + result.count("unplaced"),
        )
    )
    if not result.new_text:
        print(say("absorb.nothing"))
    elif args.dry_run:
        print(say("absorb.dry_run"))
    else:
        print(say("absorb.written", path=project.label(folders[0] / DOCUMENT_FILE)))
    return 0


def report(problems) -> None:
    """Print problems (errors and warnings) for the user, one a line."""
    for problem in problems:
        print(problem, file=sys.stderr)


COMMAND_RUNNERS = {
    "build": run_build,
    "check": run_check,
    "schema": lambda args, root: run_schema(args),
    "compare": run_compare,
    "watch": run_watch,
    "absorb": run_absorb,
}


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """Run the command line; `root` is given by build.py (its own folder).

    The one error boundary: whatever a command raises ends as a message and an
    exit code, never a traceback (unless --debug): 2 for a wrong call, 1 for
    anything else, with 「内部エラー」 and a log for what nobody foresaw.
    """
    # A command imports some thousand classes and functions and keeps them to
    # the end: collecting young objects less often spares re-scanning them
    # (half of the collector's time in a cold build; garbage still goes).
    gc.set_threshold(*GC_THRESHOLD)
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")  # the default command
    args, extra = parser.parse_known_args(argv)
    if args.command == "absorb" and not any(e.startswith("-") for e in extra):
        args.files += extra  # DOC after an option: `absorb EDITED.docx --dry-run DOC`
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    root = args.root or root or find_root(Path.cwd())
    # Before the command imports its modules: their patterns and dataclasses
    # are made from the cache's compiled code.
    compiled.reuse(args.command)
    try:
        return _run(args, root)
    finally:
        compiled.keep()


def _run(args: argparse.Namespace, root: Path) -> int:
    """The command `args` asks for, behind the error boundary (see main)."""
    try:
        with doing(say("doing.command", command=args.command)):
            return COMMAND_RUNNERS[args.command](args, root)
    except UsageError as error:
        if args.debug:
            raise
        print(f"planpress: {error}", file=sys.stderr)
        return 2
    except ContentError as error:
        if args.debug:
            raise
        report(error.problems)
        return 1
    except KeyboardInterrupt:
        print(say("interrupted"), file=sys.stderr)
        return 130
    except OSError as error:  # a file neither the content nor the outputs name
        if args.debug:
            raise
        print(file_problem(error), file=sys.stderr)
        return 1
    except Exception as error:  # the boundary: nothing unforeseen escapes
        if args.debug:
            raise
        print(internal_error(error, root), file=sys.stderr)
        return 1


def file_problem(error: OSError) -> Problem:
    code = errno.errorcode.get(error.errno or 0, type(error).__name__)
    return Problem(Place(str(error.filename or ""), 0, 0), say("os_error", code=code))


def internal_error(error: BaseException, root: Path) -> str:
    """「内部エラー」: what was being done, and where the traceback was logged."""
    doing_now = what_was_done(error, say("doing.command", command="planpress"))
    if isinstance(error, MemoryError):
        return say("out_of_memory", doing=doing_now)
    kind = type(error).__name__
    log = write_log(error, root)
    if log is None:
        return say("internal_error_nolog", doing=doing_now, kind=kind)
    return say("internal_error", doing=doing_now, kind=kind, log=log)


def write_log(error: BaseException, root: Path) -> Path | None:
    """The traceback in output/planpress-error.log (or the system's temporary
    folder if output/ cannot be written); None if neither can."""
    text = "".join(traceback.format_exception(error))
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    data = f"planpress {__version__} {stamp}\n{' '.join(sys.argv)}\n\n{text}".encode()
    for folder in (root / "output", Path(tempfile.gettempdir())):
        path = folder / "planpress-error.log"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError:
            continue
        return path
    return None


def run(root: Path | None = None) -> None:
    """`planpress` as a program (the console script, `python -m planpress.cli`,
    build.py): main(), then the process ends."""
    code = main(root=root)
    # Python's own exit first collects and frees every object the command made
    # (0.1 s of a one-second build). The process is ending: out of the
    # collector's sight they go with it; files are closed and atexit still runs.
    # Not in main(): a caller that goes on (tests, `watch`) needs its collector.
    gc.disable()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
