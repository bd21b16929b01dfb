"""Embedded fonts: the DOCX carries its faces, cut down to its characters.

Word embeds a font as ECMA-376 Part 1 §17.8 says: the font file, its first 32
bytes XOR-ed with a key (a GUID), stored as an "obfuscated font" part
(`word/fonts/fontN.odttf`) related from the font table; the font table's
`w:font` names it (`w:embedRegular` / `w:embedBold` with `w:fontKey`), and
the settings say that fonts are embedded, subset (`w:embedTrueTypeFonts`,
`w:saveSubsetFonts`). A reader that has the face installed uses its own;
one that has not (a Mac, LibreOffice on Linux) uses the embedded copy.

The subset is renamed to the family the DOCX names (`BIZ UD明朝 Medium`, as
Windows installs it), so the name a reader looks up is the name inside the
font. Everything is derived from the inputs (the key from the subset's
bytes), so two builds of one document give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import logging
import uuid
from functools import lru_cache
from pathlib import Path

import fontTools
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from planpress import cache
from planpress.writers.docx import internals
from planpress.writers.style import FontFace, StyleSheet

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
# Always in the subset: the page-number field's digits (Word computes them
# when it lays out the pages) and the characters of its placeholder.
ALWAYS = "0123456789-– "
# CT_Settings' children before w:defaultTabStop, in schema order: the two
# embedding switches go among them.
SETTINGS_HEAD = (
    "w:writeProtection",
    "w:view",
    "w:zoom",
    "w:removePersonalInformation",
    "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries",
    "w:displayBackgroundShape",
    "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth",
    "w:printFormsData",
    "w:embedTrueTypeFonts",
    "w:embedSystemFonts",
    "w:saveSubsetFonts",
)
# The subsetter logs each table it drops (the `meta` table): not news to a user.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
KIND = "docx-subset"
SFNT_VERSIONS = (b"\x00\x01\x00\x00", b"true", b"OTTO")  # what a font file starts with
NAME_IDS = (1, 4, 16)  # family, full name, typographic family
WINDOWS, UNICODE_BMP = 3, 1


def document_characters(document, released: set[str] = frozenset()) -> str:
    """Every character the document's body, headers and footers show
    (`released`: the texts, or characters, of body parts no longer in the
    tree, release.py)."""
    texts = {ALWAYS, *released}
    for part in document.part.package.iter_parts():
        unread = isinstance(part, internals.KeptStyles) and not part.parsed
        if unread and not _holds_text(part.blob):  # not worth parsing
            continue
        element = getattr(part, "element", None)  # XML parts python-docx parses
        if element is not None:
            texts.update(node.text or "" for node in element.iter(qn("w:t")))
    return "".join(sorted(set("".join(texts))))


def _holds_text(blob: bytes) -> bool:
    """Whether a part as python-docx writes it has a w:t with text (`<w:t/>` has none)."""
    return b"<w:t>" in blob or b"<w:t " in blob


def embed_fonts(document, sheet: StyleSheet, characters: str) -> None:
    """Embed every face of `sheet`, subset to `characters`, into `document`."""
    fonts_part = document.part.part_related_by(RT.FONT_TABLE)
    fonts = internals.part_xml(fonts_part)
    for index, face in enumerate(_faces(sheet), start=1):
        data = subset_font(face.path, face.family, characters)
        key = "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper() + "}"
        part = Part(
            PackURI(f"/word/fonts/font{index}.odttf"),
            OBFUSCATED_FONT,
            obfuscate(data, key),
            document.part.package,
        )
        rId = fonts_part.relate_to(part, RT.FONT)
        entry = _font_entry(fonts, face.family)
        embed = OxmlElement("w:embedBold" if face.bold else "w:embedRegular")
        embed.set(qn("r:id"), rId)
        embed.set(qn("w:fontKey"), key)
        embed.set(qn("w:subsetted"), "1")
        _insert_embed(entry, embed)
    internals.replace_part_xml(fonts_part, fonts)
    settings = document.settings.element
    for tag in ("w:embedTrueTypeFonts", "w:saveSubsetFonts"):
        if settings.find(qn(tag)) is None:
            _insert_setting(settings, OxmlElement(tag))


def _faces(sheet: StyleSheet) -> list[FontFace]:
    """One face per family and weight (Word embeds a regular and a bold per family)."""
    seen: dict[tuple[str, bool], FontFace] = {}
    for face in sheet.fonts.values():
        seen.setdefault((face.family, face.bold), face)
    return list(seen.values())


def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 §17.8.1: the first 32 bytes XOR-ed with the key's 16 bytes in
    reverse order (the same operation reads it back)."""
    key_bytes = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ key_bytes[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


@lru_cache(maxsize=32)
def _subset(path: Path, digest: bytes, family: str, characters: str) -> bytes:
    # Subsetting a CJK font takes a second or more; its result depends only on
    # the font's bytes, the name and the characters (and the code that cuts),
    # so it is kept in the per-user cache (a watch session keeps it in memory too).
    entry = cache.key(
        KIND, fontTools.version, cache.file_digest(Path(__file__)), digest, family, characters
    )
    # The stored payload starts with its own key: an entry that is not this
    # one's (a foreign or misplaced file whose digest still matches) is not used.
    label = entry.encode()
    payload = cache.load(KIND, entry)
    if payload is not None and payload.startswith(label):
        data = payload[len(label) :]
        if data[:4] in SFNT_VERSIONS:
            return data
    data = _cut(path, family, characters)
    cache.save(KIND, entry, label + data)
    return data


def _cut(path: Path, family: str, characters: str) -> bytes:
    # Only a build whose subset is not cached pays for importing the subsetter.
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # lazy=None reads tables as the subsetter asks for them: ten times faster
    # than reading a 6 MB CJK font whole. recalcBBoxes=False copies each kept
    # glyph's bytes as they are instead of decoding and re-encoding its
    # outline to recompute bounds the font already states (as pyftsubset does).
    font = TTFont(str(path), recalcTimestamp=False, recalcBBoxes=False, lazy=None)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    _rename(font, family)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def subset_font(path: Path, family: str, characters: str) -> bytes:
    """The TrueType font at `path` with only the glyphs of `characters`,
    named `family` (a build with the same characters reuses it)."""
    return _subset(path, cache.file_digest(path), family, characters)


def _rename(font, family: str) -> None:
    """Name the font `family` in English and Japanese: what the DOCX looks it
    up by. The PostScript name (BIZUDMincho-Regular) stays."""
    names = font["name"]
    style = names.getDebugName(2) or "Regular"
    for record in list(names.names):
        if record.nameID in (*NAME_IDS, 17):
            names.removeNames(nameID=record.nameID)
    for language in (0x409, 0x411):
        names.setName(family, 1, WINDOWS, UNICODE_BMP, language)
        names.setName(
            family if style == "Regular" else f"{family} {style}", 4, WINDOWS, 1, language
        )


def _font_entry(fonts, family: str):
    for entry in fonts.findall(qn("w:font")):
        if entry.get(qn("w:name")) == family:
            return entry
    entry = OxmlElement("w:font")
    entry.set(qn("w:name"), family)
    fonts.append(entry)
    return entry


def _insert_embed(entry, embed) -> None:
    """The embed element in CT_Font order: embedRegular before embedBold, both last."""
    if embed.tag == qn("w:embedRegular"):
        bold = entry.find(qn("w:embedBold"))
        if bold is not None:
            bold.addprevious(embed)
            return
    entry.append(embed)


def _insert_setting(settings, element) -> None:
    tag = "w:" + element.tag.split("}")[1]
    earlier = {qn(t) for t in SETTINGS_HEAD[: SETTINGS_HEAD.index(tag)]}
    for existing in settings:
        if existing.tag not in earlier:
            existing.addprevious(element)
            return
    settings.append(element)
