"""Reading a content file safely: YAML text → a node tree that keeps places.

Only YAML's plain data is accepted (mappings, lists, text): any tag such as
`!!python/object/apply` is refused before anything is constructed, so content
can never run code. Aliases are expanded under a budget so an alias bomb is
refused at once.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from planpress.diagnostics.messages import ContentError, Problem, say
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


def node_budget(text: str) -> int:
    """How many nodes a walk of `text`'s tree may visit before it is refused."""
    return NODE_BUDGET + len(text)


def place_of(node: yaml.Node, file: str) -> Place:
    mark = node.start_mark
    return Place(file, mark.line + 1, mark.column + 1)


def read_text(path: Path, label: str) -> str:
    """The file's text as UTF-8; any other encoding is refused with its name."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for bom, name in BOMS.items():
        if data.startswith(bom):  # Notepad's "Unicode": refused like any non-UTF-8 file
            raise ContentError([Problem(Place(label, 1, 1), say("yaml_not_utf8", encoding=name))])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        encoding = _guess_encoding(data)
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            [Problem(Place(label, line, 1), say("yaml_not_utf8", encoding=encoding))]
        ) from None


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
        raise ContentError(
            [Problem(where, say("yaml_syntax", detail=exc.problem or exc))]
        ) from None
    except RecursionError:  # PyYAML composes nested collections recursively
        raise ContentError([Problem(Place(label, 1, 1), say("yaml_too_deep"))]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(Place(label, 1, 1), say("yaml_syntax", detail=exc))]) from None
    if node is None:
        raise ContentError([Problem(Place(label, 1, 1), say("yaml_empty"))])
    _check_tags(node, label, node_budget(text))
    return node


def _check_tags(root: yaml.Node, label: str, budget: int) -> None:
    """Refuse tags, alias bombs and nesting deeper than the readers can walk."""
    problems: list[Problem] = []
    seen = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        seen += 1
        if seen > budget:
            raise ContentError([Problem(place_of(root, label), say("yaml_too_large"))])
        if depth > MAX_DEPTH:
            raise ContentError([Problem(place_of(root, label), say("yaml_too_deep"))])
        if node.tag not in PLAIN_TAGS:
            problems.append(Problem(place_of(node, label), say("yaml_tag", tag=node.tag)))
            continue
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
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


def join_lines(lines: list[str]) -> str:
    """Fold source lines as a reader expects of Japanese: no space between two
    Japanese characters, one space between Latin words; a blank line is a
    paragraph break (newline)."""
    out = ""
    pending_break = False
    for line in lines:
        line = line.strip(" \t")
        if not line:
            pending_break = bool(out)
            continue
        if not out:
            out = line
        elif pending_break:
            out += "\n" + line
        elif _is_wide(out[-1]) or _is_wide(line[0]):
            out += line
        else:
            out += " " + line
        pending_break = False
    return out


def scalar_text(node: yaml.ScalarNode, text: str) -> str:
    """A scalar's value; folded and plain scalars re-folded for Japanese."""
    value = node.value
    if "\n" not in text[node.start_mark.index : node.end_mark.index].rstrip("\n"):
        return value
    if node.style == ">":
        raw = text[node.start_mark.index : node.end_mark.index]
        return join_lines(raw.split("\n")[1:])
    if node.style is None:
        raw = text[node.start_mark.index : node.end_mark.index]
        return join_lines(raw.split("\n"))
    return value
