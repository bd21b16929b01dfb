"""Japanese text checks over every text value of a content file.

The checks walk YAML's node tree, so each finding names the exact line and
column of the character in the file (not just of its value). Errors stop a
build (the output would be wrong); warnings are printed and the build goes on
(`planpress check --strict` fails on them too).

Errors: control characters, invisible format characters, characters the
bundled fonts cannot draw. Warnings: characters outside the Japanese
character sets (simplified 订 for 訂 …), half-width katakana, full- and
half-width digits or Latin letters mixed in one document, unbalanced
brackets, doubled punctuation, letter-spaced words, stray spaces.

One ASCII space between Japanese words (「…のまち 青梅」) is allowed: plans
write their slogans so. Three or more characters each followed by a space
(「現 行 計 画」) are reported, as that is a flattened letter-spaced heading.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from planpress.content.fontcmap import code_points
from planpress.content.japanese_forms import SIMPLIFIED, describe, is_japanese_charset
from planpress.content.shapes import NOT_TEXT_KEYS
from planpress.content.yaml_source import scalar_text
from planpress.diagnostics.messages import Problem, say
from planpress.diagnostics.place import Place

BRACKETS = {"「": "」", "『": "』", "（": "）", "【": "】", "(": ")"}
CLOSERS = {close: open_ for open_, close in BRACKETS.items()}
HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]+")
DOUBLED_PUNCTUATION = re.compile(r"[、。，．]{2,}")
CJK = r"[\u3041-\u30ff\u3400-\u9fff\uf900-\ufaff]"
LETTER_SPACED = re.compile(rf"{CJK}(?: {CJK}){{2,}}")
DOUBLE_SPACE = re.compile(r"[ \u3000]{2,}")
# (form, pattern) pairs whose mixing in one document is reported.
WIDTH_FORMS = {
    "digits": (re.compile(r"[0-9]+"), re.compile(r"[０-９]+")),
    "latin": (re.compile(r"[A-Za-z]+"), re.compile(r"[Ａ-Ｚａ-ｚ]+")),
}


# How far ahead in the raw source a value's next character is looked for
# (quotes, escapes, indentation and folded line ends stand between them).
ALIGN_WINDOW = 64
# How long YAML's escapes are in the source (\\a is 2, \\x41 is 4 …).
INDENTATION = re.compile(r"[ \t\n]*")
ESCAPE_LENGTHS = {"x": 4, "u": 6, "U": 10}


@dataclass(slots=True)
class TextValue:
    """One text scalar: its node, its value as the loader reads it, and where."""

    node: yaml.ScalarNode
    value: str
    source: str
    label: str
    _offsets: list[int] | None = None  # value index -> raw index, made on demand
    _lines: list[int] | None = None  # raw indexes of the line ends

    def place(self, index: int = 0, length: int = 1) -> Place:
        """The file place of `value[index]` (of the value itself if `length` is 0).

        Value and raw source are aligned once, in one pass: each character of
        the value is matched with the next same character of the source (the
        value is the source less quotes, escapes and folded line ends); one
        not found nearby (an escape) takes the place of the one before. A
        value's every finding is then looked up in constant time.
        """
        start = self.node.start_mark
        if length == 0 or not self.value:
            return Place(self.label, start.line + 1, start.column + 1)
        if self._offsets is None:
            self._align()
        at = self._offsets[min(index, len(self._offsets) - 1)]
        lines = bisect.bisect_left(self._lines, at)  # line ends before `at`
        column = at - self._lines[lines - 1] - 1 if lines else start.column + at
        return Place(self.label, start.line + 1 + lines, column + 1)

    def _align(self) -> None:
        start, end = self.node.start_mark, self.node.end_mark
        raw = self.source[start.index : end.index]
        offsets = []
        at = 1 if self.node.style in ('"', "'") else 0  # past the opening quote
        for char in self.value:
            found = raw.find(char, at, at + ALIGN_WINDOW)
            if found < 0 and not char.isspace():  # past a long indentation first
                start = INDENTATION.match(raw, at).end()
                found = raw.find(char, start, start + ALIGN_WINDOW)
            if found >= 0:
                at = found
                offsets.append(at)
                at += 1
            else:
                offsets.append(min(at, max(len(raw) - 1, 0)))
                if raw.startswith("\\", at):  # past the escape that stood for `char`
                    at += ESCAPE_LENGTHS.get(raw[at + 1 : at + 2], 2)
        self._offsets = offsets
        self._lines = [i for i, char in enumerate(raw) if char == "\n"]


def text_values(root: yaml.Node, source: str, label: str) -> Iterator[TextValue]:
    """Every text scalar of the content (ids, kinds, dates and flags aside)."""
    seen: set[int] = set()  # aliases share nodes: report each once
    stack: list[tuple[yaml.Node, bool]] = [(root, True)]
    while stack:
        node, is_text = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.append((value, str(key.value) not in NOT_TEXT_KEYS))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, is_text) for item in reversed(node.value))
        elif is_text and node.tag != "tag:yaml.org,2002:null":
            yield TextValue(node, scalar_text(node, source), source, label)


def drawable(font_files: tuple[Path, ...]) -> frozenset[int]:
    """Code points every one of the fonts has a glyph for."""
    return _drawable(tuple(code_points(Path(path)) for path in font_files))


@lru_cache(maxsize=8)  # by the fonts' sets (content, not paths): intersected once
def _drawable(sets: tuple[frozenset[int], ...]) -> frozenset[int]:
    return frozenset.intersection(*sets) if sets else frozenset()


def check_texts(
    root: yaml.Node, source: str, label: str, fonts: tuple[Path, ...] = ()
) -> list[Problem]:
    """All findings of the text checks; `fonts` are the faces a build uses."""
    glyphs = drawable(fonts) if fonts else None
    problems: list[Problem] = []
    values = list(text_values(root, source, label))
    for text in values:
        problems += _characters(text, glyphs)
        problems += _patterns(text)
        problems += _brackets(text)
    problems += _mixed_widths(values)
    return problems


def _warn(place: Place, message_id: str, **values: object) -> Problem:
    return Problem(place, say(message_id, **values), "warning")


def _error(place: Place, message_id: str, **values: object) -> Problem:
    return Problem(place, say(message_id, **values), "error")


def _characters(text: TextValue, glyphs: frozenset[int] | None) -> list[Problem]:
    """One finding per character that cannot be printed as written."""
    # Each distinct character judged once (a value may repeat one 25,000 times).
    bad = {char: found for char in set(text.value) if (found := _verdict(char, glyphs))}
    if not bad:
        return []
    worded: dict[str, tuple] = {}
    out = []
    for index, char in enumerate(text.value):
        if char not in bad:
            continue
        if char not in worded:
            message, severity = bad[char]
            make = _error if severity == "error" else _warn
            values = {"char": char, "code": describe(char), "japanese": SIMPLIFIED.get(char, "")}
            worded[char] = (make, message, values)
        make, message, values = worded[char]
        out.append(make(text.place(index), message, **values))
    return out


@lru_cache(maxsize=65536)
def _verdict(char: str, glyphs: frozenset[int] | None) -> tuple[str, str] | None:
    """What is wrong with printing `char` (message id, severity), if anything;
    decided once per character (a plan has few distinct characters)."""
    if char == "\n" or char.isascii() and char.isprintable():
        return None
    category = unicodedata.category(char)
    missing = glyphs is not None and ord(char) not in glyphs
    if category in ("Cc", "Cs", "Co", "Cn", "Zl", "Zp"):  # Zl, Zp: line breaks in disguise
        return "text_control", "error"
    if category == "Cf":
        return "text_invisible", "error"
    if not is_japanese_charset(char):
        if char in SIMPLIFIED:
            return "text_simplified", "error" if missing else "warning"
        return ("text_not_jis_unprintable", "error") if missing else ("text_not_jis", "warning")
    if missing:
        return "text_no_glyph", "error"
    return None


def _patterns(text: TextValue) -> list[Problem]:
    value = text.value
    out = []
    for match in HALFWIDTH_KANA.finditer(value):
        full = unicodedata.normalize("NFKC", match.group())
        out.append(_warn(_at(text, match), "text_halfwidth_kana", found=match.group(), full=full))
    for match in DOUBLED_PUNCTUATION.finditer(value):
        out.append(_warn(_at(text, match), "text_doubled_punctuation", found=match.group()))
    for match in LETTER_SPACED.finditer(value):
        joined = match.group().replace(" ", "")
        out.append(
            _warn(_at(text, match), "text_letter_spaced", found=match.group(), joined=joined)
        )
    for match in DOUBLE_SPACE.finditer(value):
        out.append(_warn(_at(text, match), "text_double_space"))
    core = value.strip("\n")  # a literal `|` block ends with a line break
    if core != core.strip(" \t\u3000"):
        out.append(_warn(text.place(0, 0), "text_edge_space"))
    return out


def _at(text: TextValue, match: re.Match) -> Place:
    return text.place(match.start(), match.end() - match.start())


def _brackets(text: TextValue) -> list[Problem]:
    """Brackets opened and not closed in the same value, or closed unopened."""
    out = []
    open_at: list[tuple[str, int]] = []
    for index, char in enumerate(text.value):
        if char in BRACKETS:
            open_at.append((char, index))
        elif char in CLOSERS:
            if open_at and open_at[-1][0] == CLOSERS[char]:
                open_at.pop()
            else:
                out.append(
                    _warn(text.place(index), "text_unopened", char=char, opener=CLOSERS[char])
                )
    for char, index in open_at:
        out.append(_warn(text.place(index), "text_unclosed", char=char, closer=BRACKETS[char]))
    return out


def _mixed_widths(values: list[TextValue]) -> list[Problem]:
    """Where a document writes digits (or Latin letters) in both widths, the
    places of the less used width."""
    out = []
    for form, (half, full) in WIDTH_FORMS.items():
        found = {"half": [], "full": []}
        for text in values:
            for width, pattern in (("half", half), ("full", full)):
                found[width] += [(text, m) for m in pattern.finditer(text.value)]
        if not found["half"] or not found["full"]:
            continue
        # A tie goes against full width: 公用文 writes digits and letters half-width.
        minority = "half" if len(found["half"]) < len(found["full"]) else "full"
        majority = "full" if minority == "half" else "half"
        for text, match in found[minority]:
            out.append(
                _warn(
                    _at(text, match),
                    f"text_mixed_{form}",
                    found=match.group(),
                    width=say(f"width_{minority}"),
                    usual=say(f"width_{majority}"),
                    minority=len(found[minority]),
                    majority=len(found[majority]),
                )
            )
    return out
