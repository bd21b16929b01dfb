"""Reading a DOCX this writer made, after someone edited it in Word.

What each anchor (a bookmark `_ppN` around one value, see anchors.py) holds
now: its text as it reads with every tracked change accepted, the tracked
changes inside it (w:ins / w:del with author and date), and the comments
attached to it. Text outside every anchor is collected too (keyed by the
anchor before it), so an edit there can be reported instead of lost.

Knows WordprocessingML, nothing of plans: the anchors' names are opaque here.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ANCHORS_NS = "urn:planpress:anchors:1"
BOOKMARK_PREFIX = "_pp"  # Word hides bookmarks whose name starts with "_"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(slots=True)
class Change:
    """A tracked change: `kind` ins or del, who, when, which words."""

    kind: str
    author: str
    date: str
    text: str = ""


@dataclass(slots=True)
class Comment:
    id: str
    author: str = ""
    date: str = ""
    text: str = ""


@dataclass(slots=True)
class AnchorText:
    """One anchor as the document has it now."""

    name: str
    text: str = ""  # every tracked change accepted
    changes: list[Change] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # comment ids


@dataclass(slots=True)
class Reading:
    anchors: dict[str, AnchorText] = field(default_factory=dict)
    outside: dict[str, str] = field(default_factory=dict)  # text after anchor (or "")
    outside_changes: list[Change] = field(default_factory=list)
    outside_comments: list[str] = field(default_factory=list)


TEXT_TAGS = {w("t"): None, w("delText"): None, w("tab"): "\t", w("br"): "\n", w("cr"): "\n"}
# The tags the reader walks by, named once (it visits every element of the body).
P, BOOKMARK_START, BOOKMARK_END, COMMENT_START = (
    w("p"),
    w("bookmarkStart"),
    w("bookmarkEnd"),
    w("commentRangeStart"),
)
W_ID, W_NAME, W_AUTHOR, W_DATE = w("id"), w("name"), w("author"), w("date")
CHANGES = {w("ins"): "ins", w("moveTo"): "ins", w("del"): "del", w("moveFrom"): "del"}
DELETED_MARK = f"{w('pPr')}/{w('rPr')}/{w('del')}"
SKIPPED = {w("instrText"), w("rPr"), w("pPr"), w("sectPr"), w("tblPr"), w("trPr"), w("tcPr")}


class BodyReader:
    """Reads a body's anchors, in one walk or batch by batch in order (release.py)."""

    def __init__(self) -> None:
        self.reading = Reading()
        self.ids: dict[str, str] = {}  # bookmark id → name, for ours
        self.open: list[str] = []  # our anchors open here, innermost last
        self.after = ""  # the anchor last closed: key of the text outside
        self.pending: dict[str, bool] = {}  # comment ids not yet attached
        self.change: Change | None = None  # the w:ins / w:del we are in

    def walk(self, element) -> None:
        for node in element:
            tag = node.tag
            if tag in SKIPPED or not isinstance(tag, str):
                continue
            if tag in TEXT_TAGS:
                self.text(node, TEXT_TAGS[tag])
            elif tag == BOOKMARK_START:
                self.bookmark_start(node)
            elif tag == BOOKMARK_END:
                self.bookmark_end(node)
            elif tag == COMMENT_START:
                self.comment_start(node.get(W_ID, ""))
            elif tag in CHANGES:
                outer, self.change = (
                    self.change,
                    Change(CHANGES[tag], node.get(W_AUTHOR, ""), node.get(W_DATE, "")),
                )
                self.walk(node)
                if self.change.text:
                    self.add_change(self.change)
                self.change = outer
            elif tag == P:
                self.walk(node)
                if not _mark_deleted(node):
                    self.add_text("\n")
            else:
                self.walk(node)

    def text(self, node, fixed: str | None) -> None:
        value = fixed if fixed is not None else (node.text or "")
        if self.change is not None:
            self.change.text += value
            if self.change.kind == "del":
                return
        self.add_text(value)

    def add_text(self, value: str) -> None:
        if self.open:
            if value != "\n":  # a value is one paragraph's text
                self.reading.anchors[self.open[-1]].text += value
        else:
            outside = self.reading.outside
            outside[self.after] = outside.get(self.after, "") + value

    def add_change(self, change: Change) -> None:
        if self.open:
            self.reading.anchors[self.open[-1]].changes.append(change)
        else:
            self.reading.outside_changes.append(change)

    def bookmark_start(self, node) -> None:
        name = node.get(W_NAME, "")
        if not name.startswith(BOOKMARK_PREFIX):
            return
        self.ids[node.get(W_ID, "")] = name
        self.open.append(name)
        anchor = self.reading.anchors.setdefault(name, AnchorText(name))
        for comment in list(self.pending):  # a comment whose range began just before
            anchor.comments.append(comment)
            del self.pending[comment]

    def bookmark_end(self, node) -> None:
        name = self.ids.pop(node.get(W_ID, ""), None)
        if name in self.open:
            self.open.remove(name)
            self.after = name

    def comment_start(self, comment: str) -> None:
        if self.open:
            self.reading.anchors[self.open[-1]].comments.append(comment)
        else:
            self.pending[comment] = True

    def finish(self) -> Reading:
        self.reading.outside_comments.extend(self.pending)
        return self.reading


def _mark_deleted(paragraph) -> bool:
    """Whether a paragraph's mark is a tracked deletion (it joins the next)."""
    mark = paragraph.find(DELETED_MARK)
    return mark is not None


def read_body(body) -> Reading:
    """What the anchors in `body` (a w:body element) hold."""
    walker = BodyReader()
    walker.walk(body)
    return walker.finish()


@dataclass(slots=True)
class Written:
    """What the writer recorded in the file: each anchor's value name and
    text, the text outside them, the build stamp, and who authored the
    tracked changes the writer itself made (review edition)."""

    names: dict[str, str]  # bookmark → the anchor's value name
    texts: dict[str, str]  # bookmark → the text written
    outside: dict[str, str]
    stamp: str = ""
    reviser: str = ""
    date: str = ""


@dataclass(slots=True)
class EditedDocx:
    written: Written | None
    reading: Reading
    comments: dict[str, Comment]


def read_docx(path: Path) -> EditedDocx:
    """Read an edited DOCX; raises zipfile.BadZipFile / KeyError / etree.XMLSyntaxError
    when it is not a Word document."""
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        document = etree.fromstring(package.read("word/document.xml"))
        written = None
        for name in names:
            if name.startswith("customXml/item") and not name.startswith("customXml/itemProps"):
                root = etree.fromstring(package.read(name))
                if root.tag == f"{{{ANCHORS_NS}}}anchors":
                    written = _written(root)
        comments = {}
        if "word/comments.xml" in names:
            comments = _comments(etree.fromstring(package.read("word/comments.xml")))
    return EditedDocx(written, read_body(document.find(w("body"))), comments)


def _written(root) -> Written:
    names, texts, outside = {}, {}, {}
    for item in root:
        if item.tag == f"{{{ANCHORS_NS}}}a":
            names[item.get("n")] = item.get("at", "")
            texts[item.get("n")] = item.text or ""
        elif item.tag == f"{{{ANCHORS_NS}}}outside":
            outside[item.get("after", "")] = item.text or ""
    return Written(
        names,
        texts,
        outside,
        stamp=root.get("stamp", ""),
        reviser=root.get("reviser", ""),
        date=root.get("date", ""),
    )


def _comments(root) -> dict[str, Comment]:
    found = {}
    for node in root.iter(w("comment")):
        text = "\n".join(
            "".join(t.text or "" for t in p.iter(w("t"))) for p in node.iter(w("p"))
        ).strip()
        comment_id = node.get(w("id"), "")
        found[comment_id] = Comment(
            comment_id, node.get(w("author"), ""), node.get(w("date"), ""), text
        )
    return found
