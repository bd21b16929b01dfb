"""Building: the project's folders, the pipeline from content to files, outputs
written atomically with their input stamps, `watch`, and `compare` between
two versions of a document.

The names below are imported on first use (PEP 562): `planpress check` needs
the project's folders, not the templates, the diff engine or the writers.
"""

from importlib import import_module

_HOMES = {
    "build_comparison": "planpress.pipeline.compare",
    "write_atomically": "planpress.pipeline.outputs",
    "Built": "planpress.pipeline.document",
    "build_document": "planpress.pipeline.document",
    "document_tree": "planpress.pipeline.document",
    "write_format": "planpress.pipeline.document",
    "DOCUMENT_FILE": "planpress.pipeline.project",
    "Project": "planpress.pipeline.project",
    "find_documents": "planpress.pipeline.project",
    "font_files": "planpress.pipeline.project",
    "style_sheet": "planpress.pipeline.project",
    "template_dirs": "planpress.pipeline.project",
}

__all__ = list(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
