"""Reading a content file safely: YAML text → a node tree that keeps places.

Only YAML's plain data is accepted (mappings, lists, text): any tag such as
`!!python/object/apply` is refused before anything is constructed, so content
can never run code. Aliases are expanded under a budget so an alias bomb is
refused at once.
"""

from __future__ import annotations

import errno
from pathlib import Path

import yaml

from planpress.diagnostics.messages import ContentError, Problem, say, say_all
from planpress.diagnostics.place import Place

PLAIN_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}

MERGE = "tag:yaml.org,2002:merge"  # `<<: *base`

BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}

# Visiting more nodes than this (beyond one per character of the source, which
# no alias-free document reaches) means aliases multiply the document.
NODE_BUDGET = 200_000
# A plan nests a few levels deep; far deeper would exhaust the recursive
# readers (and the pure-Python parser).
MAX_DEPTH = 100
# A content file's size in characters (a long plan is some 100,000): beyond
# this a build would run for many minutes into thousands of pages.
MAX_SOURCE = 10_000_000
# Text that aliases (&・*) may add to a document beyond its own length: a
# phrase reused is fine, one paragraph repeated thousands of times is not.
ALIAS_TEXT = 200_000


def node_budget(text: str) -> int:
    """How many nodes a walk of `text`'s tree may visit before it is refused."""
    return NODE_BUDGET + len(text)


def place_of(node: yaml.Node, file: str) -> Place:
    mark = node.start_mark
    return Place(file, mark.line + 1, mark.column + 1)


def read_text(path: Path, label: str) -> str:
    """The file's text as UTF-8; any other encoding is refused with its name."""
    try:
        if path.stat().st_size > 4 * MAX_SOURCE:  # refused before it is read at all
            raise ContentError(
                [Problem(Place(label, 1, 1), say("yaml_file_too_large", limit=MAX_SOURCE))]
            )
        data = path.read_bytes()
    except OSError as error:
        raise ContentError([unreadable(error, label)]) from None
    return decode_text(data, label)


def unreadable(error: OSError, label: str) -> Problem:
    """A file that cannot be read, said with its path."""
    reason = {
        errno.EACCES: "denied",
        errno.EPERM: "denied",
        errno.ENOENT: "missing",
        errno.EISDIR: "is_folder",
    }.get(error.errno or 0, "other")
    code = errno.errorcode.get(error.errno or 0, "")
    return Problem(
        Place(label, 0, 0),
        say("input_unreadable", reason=say(f"input_reasons.{reason}", code=code)),
    )


def decode_text(data: bytes, label: str) -> str:
    """Content bytes as text: UTF-8, with or without a byte-order mark, with
    Windows (CRLF) or old Mac (CR) line ends read as LF. Lines and columns are
    those an editor shows: the mark is not a column, a CR is not a character."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for bom, name in BOMS.items():
        if data.startswith(bom):  # Notepad's "Unicode": refused like any non-UTF-8 file
            raise ContentError([Problem(Place(label, 1, 1), say("yaml_not_utf8", encoding=name))])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        encoding = _guess_encoding(data)
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            [Problem(Place(label, line, 1), say("yaml_not_utf8", encoding=encoding))]
        ) from None
    if len(text) > MAX_SOURCE:
        raise ContentError(
            [Problem(Place(label, 1, 1), say("yaml_file_too_large", limit=MAX_SOURCE))]
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _guess_encoding(data: bytes) -> str:
    # EUC-JP first: Shift_JIS text rarely decodes as EUC-JP, the reverse often does.
    for name in ("euc_jp", "cp932"):
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return {"cp932": "Shift_JIS（CP932）", "euc_jp": "EUC-JP"}[name]
    return say("encoding_unknown")


# libyaml's parser when PyYAML has it (several times faster); the same
# nodes and marks (character index, line, column) as the pure-Python one.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(text: str, label: str) -> yaml.Node:
    """Parse YAML into nodes without constructing any object."""
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem):  # libyaml ≥ 0.2.6 has its own limit
            raise ContentError([Problem(Place(label, 1, 1), say("yaml_too_deep"))]) from None
        mark = exc.problem_mark or exc.context_mark
        where = Place(label, mark.line + 1, mark.column + 1) if mark else Place(label, 1, 1)
        raise ContentError([Problem(where, say("yaml_syntax", detail=_detail(exc)))]) from None
    except RecursionError:  # PyYAML composes nested collections recursively
        raise ContentError([Problem(Place(label, 1, 1), say("yaml_too_deep"))]) from None
    except yaml.YAMLError as exc:
        raise ContentError(
            [Problem(Place(label, 1, 1), say("yaml_syntax", detail=_detail(exc)))]
        ) from None
    if node is None:
        raise ContentError([Problem(Place(label, 1, 1), say("yaml_empty"))])
    _check_tags(node, label, node_budget(text), len(text) + ALIAS_TEXT)
    return node


def _detail(exc: yaml.YAMLError) -> str:
    """The parser's finding in the official's words (its own report is English)."""
    report = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or exc}"
    for phrase, meaning in say_all("yaml_problems"):
        if phrase in report:
            return meaning
    return say("yaml_problem_other")


def _check_tags(root: yaml.Node, label: str, budget: int, text_budget: int) -> None:
    """Refuse tags, alias bombs (many nodes or much text once aliases are
    expanded) and nesting deeper than the readers can walk."""
    problems: list[Problem] = []
    seen = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        seen += 1
        if seen > budget:
            raise ContentError([Problem(place_of(root, label), say("yaml_too_large"))])
        if isinstance(node, yaml.ScalarNode):
            text_budget -= len(node.value)
            if text_budget < 0:
                raise ContentError([Problem(place_of(root, label), say("yaml_too_large"))])
        if depth > MAX_DEPTH:
            raise ContentError([Problem(place_of(root, label), say("yaml_too_deep"))])
        if node.tag not in PLAIN_TAGS:
            message = say("yaml_merge") if node.tag == MERGE else say("yaml_tag", tag=node.tag)
            problems.append(Problem(place_of(node, label), message))
            continue
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):  # `? [a, b]: …` or `{a: 1}: …`
                    problems.append(Problem(place_of(key, label), say("yaml_complex_key")))
                    continue
                stack.extend(((key, depth + 1), (value, depth + 1)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
    if problems:
        raise ContentError(sorted(problems, key=lambda p: (p.place.line, p.place.column)))


def _is_wide(char: str) -> bool:
    """A character of Japanese text (kana, kanji, full-width forms, punctuation)."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFF60
        or 0xFFE0 <= code <= 0xFFE6
        or 0x20000 <= code <= 0x3FFFF
        or char in "―…‥"
    )


LINE_BREAK = "\n"  # a forced line break inside a paragraph (改行)
PARAGRAPH_BREAK = "\n\n"  # a new paragraph (in paragraphs:; a line break elsewhere)


def join_lines(lines: list[str], base: int | None = None) -> str:
    """Fold source lines as a reader expects of Japanese: no space between two
    Japanese characters, one space between Latin words. A blank line is a
    paragraph break; with `base` (a folded `>` block's indentation) a line
    indented further stands on its own line, as YAML's folding keeps it."""
    out = ""
    pending = ""  # the break owed before the next line
    was_indented = False
    for raw in lines:
        line = raw.strip(" \t")
        if not line:
            pending = PARAGRAPH_BREAK if out else ""
            continue
        indented = base is not None and len(raw) - len(raw.lstrip(" ")) > base
        if indented:
            line = raw.rstrip(" \t")[base:]
        if not out:
            out = line
        elif pending:
            out += pending + line
        elif indented or was_indented:
            out += LINE_BREAK + line
        elif _is_wide(out[-1]) or _is_wide(line[0]):
            out += line
        else:
            out += " " + line
        pending = ""
        was_indented = indented
    return out


def _indent(lines: list[str]) -> int:
    """A block's indentation: that of its first line with text."""
    for line in lines:
        if line.strip():
            return len(line) - len(line.lstrip(" "))
    return 0


def scalar_text(node: yaml.ScalarNode, text: str) -> str:
    """A scalar's value as a paragraph's text: LINE_BREAK for a line break,
    PARAGRAPH_BREAK for a paragraph break (docs/content.md, "Line breaks").

    Plain and folded (`>`) values are re-folded for Japanese (a blank line is
    a paragraph break); a literal (`|`) value keeps every line break and its
    indentation; a quoted value is as YAML reads it (a blank line, or `\\n`
    in double quotes, is a line break)."""
    value = node.value
    raw = text[node.start_mark.index : node.end_mark.index]
    if "\n" not in raw.rstrip("\n"):
        return value
    if node.style == ">":
        lines = raw.split("\n")[1:]
        return join_lines(lines, _indent(lines))
    if node.style is None:
        return join_lines(raw.split("\n"))
    if node.style == "|":
        return value.rstrip("\n")
    return value
