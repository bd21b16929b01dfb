"""Opening a DOCX in a real office suite: LibreOffice, headless, converting to PDF.

LibreOffice finds fonts through fontconfig. The conversion uses a private
fontconfig file that knows only the project's fonts/ (what the build embeds in
the PDF) and DejaVu (so a font name LibreOffice cannot find falls back to a
face that is visibly wrong), plus one alias per face from the style sheet's
Word family name to the name of the file in fonts/: Windows calls the mincho
"BIZ UD明朝 Medium", the OFL release in fonts/ calls it "BIZ UDMincho" /
"BIZ UD明朝" (see docs/docx.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html import escape
from pathlib import Path

import pytest

from planpress.writers.style import StyleSheet

FALLBACK_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)
TIMEOUT = 180  # seconds; a conversion takes a few
# The blank pages LibreOffice inserts to start a section on an odd page are
# printed (they are the versos of a two-sided book); its PDF export leaves
# them out unless told.
PDF_EXPORT = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


def soffice() -> str:
    """The soffice program; skipped when absent, except on CI where it must run."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found and shutil.which("pdffonts"):
        return found
    why = "LibreOffice (soffice) and poppler-utils (pdffonts) are needed"
    if os.environ.get("CI"):
        pytest.fail(f"{why}; CI installs them in .ci/run")
    pytest.skip(why)


def fontconfig_file(sheet: StyleSheet, fonts_dir: Path, folder: Path) -> Path:
    """A fontconfig file with the project's fonts and the Word-name aliases."""
    dirs = [fonts_dir, *(Path(d) for d in FALLBACK_FONT_DIRS if Path(d).is_dir())]
    aliases = {face.family: face.family_alt for face in sheet.fonts.values() if face.family_alt}
    lines = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">']
    lines.append("<fontconfig>")
    lines += [f"  <dir>{escape(str(d.resolve()))}</dir>" for d in dirs]
    lines.append(f"  <cachedir>{escape(str(folder / 'fontcache'))}</cachedir>")
    for family, alt in aliases.items():
        lines.append(
            f'  <alias binding="same"><family>{escape(family)}</family>'
            f"<prefer><family>{escape(alt)}</family></prefer></alias>"
        )
    lines.append("</fontconfig>")
    path = folder / "fonts.conf"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fallback_only_fontconfig(folder: Path) -> Path:
    """A fontconfig file with DejaVu only: no BIZ UD installed, as on a PC or
    Mac without them. A DOCX that looks right here carries its own fonts."""
    lines = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">']
    lines.append("<fontconfig>")
    lines += [f"  <dir>{escape(d)}</dir>" for d in FALLBACK_FONT_DIRS if Path(d).is_dir()]
    lines.append(f"  <cachedir>{escape(str(folder / 'fontcache'))}</cachedir>")
    lines.append("</fontconfig>")
    path = folder / "fonts.conf"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def convert_to_pdf(docx: Path, folder: Path, fontconfig: Path) -> Path:
    """`docx` rendered by LibreOffice into `folder`, with a private profile
    so that parallel and CI runs do not share (or lock) a user profile."""
    program = soffice()
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig), "HOME": str(folder)}
    result = subprocess.run(
        [
            program,
            f"-env:UserInstallation={(folder / 'profile').resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDF_EXPORT,
            "--outdir",
            str(folder),
            str(docx),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    pdf = folder / (docx.stem + ".pdf")
    assert result.returncode == 0 and pdf.is_file(), result.stdout + result.stderr
    return pdf


def pdf_font_names(pdf: Path) -> set[str]:
    """The fonts a PDF uses (`pdffonts`), without subset prefixes."""
    output = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    names = set()
    for line in output.splitlines()[2:]:
        if line.strip():
            names.add(line.split()[0].split("+")[-1])
    return names
