"""The wording of change facts: one catalogue (templates/phrases.yaml) read by
the table, which prints a fact's first phrasing, and by the note check, which
recognises any phrasing in an author's note.

Python fills slots only: {measures} (施策3, 施策2～37, 現行の施策3,
施策3（現行の施策2）) and {tag}. The Japanese words are all in the catalogue.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import yaml

from planpress.cache import file_digest
from planpress.diagnostics.messages import ContentError, Problem, say
from planpress.diagnostics.place import Place
from planpress.revision.records import Change, ChangeKind, ItemDiff, Kind

PHRASES_FILE = "phrases.yaml"
MERGED = "measures_merged"  # recognised in notes only: the engine never derives it
FACT_KINDS = (*(kind.value for kind in ChangeKind), MERGED)
MEASURE_KINDS = {"measure_added", "measure_removed", "measure_retitled", MERGED}
SECTIONS = ("facts", "endings", "connectives", "measure", "groups", "columns", "row_join")


@dataclass(frozen=True, slots=True)
class MeasureWords:
    """How measures are named: 施策3, 現行の施策3, 施策2～37."""

    word: str
    current: tuple[str, ...]  # first printed, all recognised
    revised: tuple[str, ...]  # recognised only
    renumbered: str  # "{revised}（{current}）"
    run: tuple[str, ...]
    separator: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ref:
    """One measure a note names: its number, the numbering it was said in
    ("current", "revised", or None when the note did not say), and for the
    renumbered form the current number as well."""

    number: int
    numbering: str | None = None
    current: int | None = None


@dataclass(frozen=True, slots=True)
class Phrasebook:
    """The catalogue, read from a project's and a document's phrases.yaml."""

    facts: dict[str, tuple[str, ...]]
    endings: tuple[str, ...]
    measure: MeasureWords
    groups: dict[str, str]
    columns: dict[str, str]
    connectives: tuple[str, ...] = ()  # what may join the facts of a note (、 および)
    row_join: str = ""  # between the cells of a table row compared as one text (／)

    # -- printing ----------------------------------------------------------------

    def fact_lines(self, changes: Sequence[Change], numbering_differs: bool) -> tuple[str, ...]:
        """The derived facts as the column prints them: one line per kind of
        fact (per tag), measures of a kind collapsed into runs, in the order
        the kinds first appear. `numbering_differs`: a measure number names
        different measures in the two versions, so current numbers say so."""
        lines: dict[tuple, list[Change]] = {}
        for change in changes:
            lines.setdefault((change.kind, change.tag), []).append(change)
        return tuple(
            self._line(kind, tag, group, numbering_differs) for (kind, tag), group in lines.items()
        )

    def _line(self, kind: ChangeKind, tag, changes: list[Change], differs: bool) -> str:
        phrase = self.facts[kind.value][0]
        if kind.value not in MEASURE_KINDS:
            return phrase.format(tag=tag or "", measures="")
        refs = [_ref_of(change, differs) for change in changes]
        return phrase.format(measures=self.name_measures(refs), tag="")

    def name_measures(self, refs: Iterable[Ref]) -> str:
        """施策2～4、7 / 現行の施策3 / 施策3（現行の施策2）: runs of one form share a word."""
        ordered = sorted(refs, key=lambda r: (_form(r), r.number))
        words = self.measure
        segments: list[str] = []
        for form, group in groupby(ordered, key=_form):
            runs = _runs(list(group))
            if form == "renumbered":  # 施策3～4（現行の施策2～3）: a run, even of two
                for run in runs:
                    segments.append(
                        words.renumbered.format(
                            revised=words.word + self._numbers([r.number for r in run], 2),
                            current=words.current[0]
                            + words.word
                            + self._numbers([r.current for r in run], 2),
                        )
                    )
                continue
            prefix = words.current[0] if form == "current" else ""
            numbers = words.separator[0].join(
                self._numbers([r.number for r in run]) for run in runs
            )
            segments.append(prefix + words.word + numbers)
        return words.separator[0].join(segments)

    def _numbers(self, numbers: list[int], run_from: int = 3) -> str:
        if len(numbers) >= run_from:
            return f"{numbers[0]}{self.measure.run[0]}{numbers[-1]}"
        return self.measure.separator[0].join(str(n) for n in numbers)

    def group_fact(self, group: ItemDiff) -> str:
        """What the column says on the label row of a group that changed."""
        for kind in (Kind.ADDED, Kind.REMOVED, Kind.RETITLED):
            if kind in group.kinds:
                return self.groups[kind.value]
        return ""


def _ref_of(change: Change, differs: bool) -> Ref:
    if change.kind is ChangeKind.MEASURE_REMOVED:
        return Ref(change.number, "current" if differs else None)
    if change.current_number is not None and change.current_number != change.number:
        return Ref(change.number, "revised", change.current_number)
    return Ref(change.number)


def _form(ref: Ref) -> str:
    if ref.current is not None:
        return "renumbered"
    return "current" if ref.numbering == "current" else "plain"


def _runs(refs: list[Ref]) -> list[list[Ref]]:
    """Consecutive numbers (and, renumbered, consecutive current numbers) together."""
    runs: list[list[Ref]] = []
    for ref in refs:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and ref.number == last.number + 1
            and (ref.current is None or ref.current == (last.current or 0) + 1)
        ):
            runs[-1].append(ref)
        else:
            runs.append([ref])
    return runs


# --- reading the catalogue -------------------------------------------------------


def load_phrasebook(template_dirs: Sequence[Path]) -> Phrasebook:
    """The catalogue: the last folder's phrases.yaml (the project's defaults),
    overlaid item by item with each earlier folder's (a document's own)."""
    paths = [d / PHRASES_FILE for d in reversed(template_dirs)]
    paths = [p for p in paths if p.is_file()]
    # A watch session reads the same files on every rebuild: kept by their digests.
    key = tuple((str(p), file_digest(p)) for p in paths)
    found = _books.get(key)
    if found is None:
        data: dict = {}
        origins: dict[str, str] = {}  # "facts.measure_added" → the file that set it
        for path in paths:
            _overlay(data, _read(path), path, origins)
        found = phrasebook_from(data, origins)
        if len(_books) >= 8:
            _books.clear()
        _books[key] = found
    return found


_books: dict[tuple[tuple[str, bytes], ...], Phrasebook] = {}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present


def _read(path: Path) -> dict:
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_LOADER) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        if isinstance(error, yaml.YAMLError):  # the pure-Python parser words it with context
            try:
                yaml.safe_load(text)
            except yaml.YAMLError as worded:
                error = worded
        raise _error(str(path), say("phrases_bad", detail=error)) from None
    if not isinstance(data, dict):
        raise _error(str(path), say("phrases_bad", detail=type(data).__name__))
    return data


def _overlay(data: dict, more: dict, path: Path, origins: dict[str, str]) -> None:
    for key, value in more.items():
        if key not in SECTIONS:
            raise _error(str(path), say("phrases_unknown", key=key, keys="、".join(SECTIONS)))
        origins[key] = str(path)
        if isinstance(value, dict):
            origins.update({f"{key}.{item}": str(path) for item in value})
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value


def _error(file: str, message: str) -> ContentError:
    return ContentError([Problem(Place(file, 0, 0), message)])


def _texts(value, origins: dict[str, str], what: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i for i in items):
        raise _error(_origin(origins, what), say("phrases_missing", key=what))
    return tuple(items)


def _origin(origins: dict[str, str], what: str) -> str:
    return origins.get(what) or origins.get(what.split(".")[0]) or PHRASES_FILE


def phrasebook_from(data: dict, origins: dict[str, str] | None = None) -> Phrasebook:
    """A catalogue from its parsed YAML; anything missing is an error naming
    it and the file it came from (`origins`, by item)."""
    file = origins if origins is not None else {}
    facts_data = data.get("facts") or {}
    facts = {kind: _texts(facts_data.get(kind), file, f"facts.{kind}") for kind in FACT_KINDS}
    for kind in MEASURE_KINDS - {MERGED}:
        if "{measures}" not in facts[kind][0]:
            raise _error(
                _origin(file, f"facts.{kind}"),
                say("phrases_slot", key=f"facts.{kind}", slot="{measures}"),
            )
    for kind in ("tag_added", "tag_removed"):
        if "{tag}" not in facts[kind][0]:
            raise _error(
                _origin(file, f"facts.{kind}"),
                say("phrases_slot", key=f"facts.{kind}", slot="{tag}"),
            )
    m = data.get("measure") or {}
    measure = MeasureWords(
        word=_texts(m.get("word"), file, "measure.word")[0],
        current=_texts(m.get("current"), file, "measure.current"),
        revised=_texts(m.get("revised"), file, "measure.revised"),
        renumbered=_texts(m.get("renumbered"), file, "measure.renumbered")[0],
        run=_texts(m.get("run"), file, "measure.run"),
        separator=_texts(m.get("separator"), file, "measure.separator"),
    )
    groups = {
        k: _texts((data.get("groups") or {}).get(k), file, f"groups.{k}")[0]
        for k in ("added", "removed", "retitled")
    }
    columns = {
        k: _texts((data.get("columns") or {}).get(k), file, f"columns.{k}")[0]
        for k in ("current", "notes", "revised")
    }
    endings = tuple(data.get("endings") or ())
    connectives = tuple(data.get("connectives") or ())
    row_join = _texts(data.get("row_join"), file, "row_join")[0]
    return Phrasebook(facts, endings, measure, groups, columns, connectives, row_join)


# --- recognising phrasings in a note -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Claim:
    """A fact a note states: its kind, the measures it names, the tag."""

    kind: str
    refs: tuple[Ref, ...] = ()
    tag: str | None = None


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _alternatives(words: Iterable[str]) -> str:
    # Longest first (the longest phrasing wins); ties in text order, so that the
    # pattern is the same text in every process (and its compiled form reused).
    ordered = sorted({_nfkc(w) for w in words}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in ordered)


class Recogniser:
    """The catalogue's phrasings as patterns, for a section with these tags.
    Notes are read NFKC-normalised (施策３ as 施策3), so the patterns are too."""

    def __init__(self, book: Phrasebook, tags: Iterable[str] = ()):
        w = book.measure
        word, cur, rev = (
            re.escape(_nfkc(w.word)),
            _alternatives(w.current),
            _alternatives(w.revised),
        )
        run, sep = _alternatives(w.run), _alternatives(w.separator)
        number = rf"\d+(?:(?:{run})\d+)?"
        # the renumbered form's words around the current number: （ and ）
        _, opens, closes = (
            re.escape(t) for t in re.split(r"\{revised\}|\{current\}", _nfkc(w.renumbered))
        )
        ref = (
            rf"(?:(?:{cur}|{rev})?{word}{number}(?:{opens}(?:{cur})?(?:{word})?{number}{closes})?)"
        )
        measures = rf"(?P<measures>{ref}(?:(?:{sep})(?:{ref}|{number}))*)"
        self._token = re.compile(
            rf"(?P<q>{cur}|{rev})?(?P<w>{word})?(?P<a>\d+)(?:(?:{run})(?P<b>\d+))?"
            rf"(?:{opens}(?:{cur})?(?:{word})?(?P<ca>\d+)(?:(?:{run})(?P<cb>\d+))?{closes})?"
        )
        self._current = {_nfkc(q) for q in w.current}
        self._revised = {_nfkc(q) for q in w.revised}
        names = {
            _nfkc(t)[:n] for t in tags for n in range(2, len(_nfkc(t)) + 1)
        }  # 重点 for 重点方針
        tag = rf"「?(?P<tag>{_alternatives(names)})」?" if names else None
        ending = rf"(?:{_alternatives(book.endings)})?" if book.endings else ""
        patterns = []
        for kind, phrasings in book.facts.items():
            for phrasing in phrasings:
                if "{tag}" in phrasing and tag is None:
                    continue
                phrasing = _nfkc(phrasing)
                literal = phrasing.replace("{measures}", "").replace("{tag}", "")
                parts = re.split(r"(\{measures\}|\{tag\})", phrasing)
                body = "".join(
                    measures if p == "{measures}" else tag if p == "{tag}" else re.escape(p)
                    for p in parts
                )
                words = tuple(p for p in parts if p and p not in ("{measures}", "{tag}"))
                patterns.append((len(literal), kind, words, body + ending))
        # Longer phrasings first: 構成変更なし before 変更なし.
        self._phrasings = [(k, w, b) for _, k, w, b in sorted(patterns, key=lambda x: -x[0])]
        self._compiled: dict[str, re.Pattern[str]] = {}
        # What is left of a note that says nothing but its facts: spaces and
        # the catalogue's connectives (、 。 および …).
        joins = rf"|{_alternatives(book.connectives)}" if book.connectives else ""
        self.nothing_more = re.compile(rf"(?:\s{joins})*")

    def _pattern(self, body: str) -> re.Pattern[str]:
        # Compiled on first use: a catalogue's patterns take a good part of a
        # cold build to compile, and most never meet a note they could match.
        found = self._compiled.get(body)
        if found is None:
            found = self._compiled[body] = re.compile(body)
        return found

    def claims(self, text: str) -> tuple[tuple[Claim, ...], str]:
        """The facts `text` states (in the order written) and what is left of it."""
        found: list[tuple[int, Claim]] = []
        for kind, words, body in self._phrasings:
            # A match holds each of the phrasing's words as written: one missing
            # from the text rules the phrasing out without its pattern.
            if not all(word in text for word in words):
                continue
            pattern = self._pattern(body)
            for match in pattern.finditer(text):
                groups = match.groupdict()
                refs = self._refs(groups["measures"]) if groups.get("measures") else ()
                found.append((match.start(), Claim(kind, refs, groups.get("tag"))))
            text = pattern.sub(lambda m: " " * len(m.group()), text)  # keep offsets
        return tuple(claim for _, claim in sorted(found, key=lambda f: f[0])), text

    def _refs(self, text: str) -> tuple[Ref, ...]:
        refs: list[Ref] = []
        numbering = None
        for token in self._token.finditer(text):
            q = token.group("q")
            if q or token.group("w"):  # a new 施策 starts a new numbering
                numbering = (
                    "current" if q in self._current else "revised" if q in self._revised else None
                )
            first = int(token.group("a"))
            last = int(token.group("b") or first)
            current = token.group("ca")
            for offset in range(max(0, last - first) + 1):
                cur = int(current) + offset if current else None
                refs.append(Ref(first + offset, "revised" if cur else numbering, cur))
        return tuple(refs)
