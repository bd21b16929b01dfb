"""The `planpress` command. Exit codes: 0 done, 1 content errors, 2 usage errors.

Messages about content go to stderr in Japanese with their place; a traceback
is shown only with --debug.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from planpress.diagnostics.messages import ContentError, UsageError, say
from planpress.writers.style import StyleError

COMMANDS = ("build", "check", "schema", "compare", "watch")


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
        choices=["handout", "official"],
        help="handout: the council handout with comparison tables (default); "
        "official: the revised plan as published",
    )
    watch = commands.add_parser(
        "watch", parents=[common], help="rebuild documents whenever a file is saved"
    )
    watch.add_argument("documents", nargs="*", metavar="DOC", help="as for build (default: all)")
    watch.add_argument("--edition", default="handout", choices=["handout", "official"])
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
    from planpress.pipeline import DOCUMENT_FILE, Project, find_documents, font_files, style_sheet

    project = Project(root)
    folders = find_documents(project, args.documents)
    errors = warnings = 0
    for folder in folders:
        source = folder / DOCUMENT_FILE
        fonts = font_files(style_sheet(project, folder))
        _, problems = check_plan(source, project.label(source), fonts)
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
    from planpress.pipeline import Project, build_document, find_documents

    project = Project(root)
    started = time.perf_counter()
    folders = find_documents(project, args.documents)
    counts = {"built": 0, "unchanged": 0, "failed": 0, "pages": 0}
    for index, folder in enumerate(folders, 1):
        if len(folders) > 1:
            print(say("progress", index=index, total=len(folders), name=folder.name))
        try:
            built = build_document(project, folder, args.edition, force=args.force)
        except ContentError as error:
            if args.debug:
                raise
            counts["failed"] += 1
            report(error.problems)
            print(say("failed", count=len(error.problems)), file=sys.stderr)
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
        built = build_comparison(project, args.old, args.new, args.out)
    except ContentError as error:
        report(error.problems)
        print(say("failed", count=len(error.problems)), file=sys.stderr)
        return 1
    for path in built.files:
        print(say("built", path=project.label(path)))
    print(say("compared", count=built.changes))
    return 0


def run_watch(args: argparse.Namespace, root: Path) -> int:
    from planpress.pipeline import Project
    from planpress.pipeline.watch import watch

    try:
        watch(Project(root), args.documents, args.edition)
    except KeyboardInterrupt:
        pass
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
}


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """Run the command line; `root` is given by build.py (its own folder)."""
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")  # the default command
    args = parser.parse_args(argv)
    root = args.root or root or find_root(Path.cwd())
    try:
        return COMMAND_RUNNERS[args.command](args, root)
    except UsageError as error:
        print(f"planpress: {error}", file=sys.stderr)
        return 2
    except (ContentError, StyleError) as error:
        if args.debug:
            raise
        problems = getattr(error, "problems", None) or [error]
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
