"""The texts of a plan book as each version states them, from the loaded model.

`version_texts(plan, 'revised')` is what the official edition must print;
`superseded(plan)` the texts only the current plan has (never in the official
edition). Numbers and units of the 成果指標 are kept with their fields.
"""

from __future__ import annotations

from planpress.content import book as b


def _texts_of(node, version: str):
    """(text) of one node in `version`, recursively, where the node exists."""
    if not node.exists[version]:
        return
    if isinstance(node, b.Part):
        yield node.title[version]
        for block in node.body:
            yield from _texts_of(block, version)
    elif isinstance(node, (b.Paragraph, b.Note, b.ListItem)):
        yield node.text[version]
    elif isinstance(node, b.ItemList):
        for item in node.items:
            yield from _texts_of(item, version)
    elif isinstance(node, b.Table):
        if node.caption is not None:
            yield node.caption[version]
        for row in node.header + node.rows:
            if row.exists[version]:
                yield from (c.text[version] for c in row.cells if c.text[version])
        for note in node.notes:
            yield from _texts_of(note, version)
    elif isinstance(node, b.Indicators):
        if node.caption is not None:
            yield node.caption[version]
        for row in node.rows:
            if row.exists[version]:
                for name in ("name", "baseline", "baseline_year", "target", "target_year", "unit"):
                    value = getattr(row, name)[version]
                    if value:
                        yield value
        for note in node.notes:
            yield from _texts_of(note, version)
    elif isinstance(node, b.Figure):
        yield node.caption[version]
    elif isinstance(node, b.Glossary):
        for term in node.terms:
            if term.exists[version]:
                yield term.term[version]
                yield term.text[version]
    elif isinstance(node, b.PolicyTree):
        if node.vision is not None:
            yield node.vision[version]
        for item in node.walk():
            if item.exists[version]:
                yield item.title[version]
                for value in (item.text, item.department, item.indicator):
                    if value is not None and value[version]:
                        yield value[version]
                for action in item.actions:
                    yield from _texts_of(action, version)


def version_texts(plan, version: str) -> list[str]:
    """Every text of the plan book's chapters in `version`."""
    return [t for c in plan.chapters for t in _texts_of(c.part, version) if t]


def superseded(plan) -> list[str]:
    """Texts of the current plan that the revision no longer has anywhere."""
    revised = version_texts(plan, "revised")
    return [
        t
        for t in dict.fromkeys(version_texts(plan, "current"))
        if len(t) >= 4 and not any(t in r for r in revised)
    ]
