"""Building: the project's folders, the pipeline from content to files, outputs
written atomically with their input stamps, `watch`, and `compare` between
two versions of a document.

The names below are imported on first use (PEP 562): `planpress check` needs
the project's folders, not the templates, the diff engine or the writers.
"""

from importlib import import_module

_HOMES = {
    "build_comparison": "planpress.build.compare",
    "write_atomically": "planpress.build.outputs",
    "Built": "planpress.build.pipeline",
    "build_document": "planpress.build.pipeline",
    "document_tree": "planpress.build.pipeline",
    "write_format": "planpress.build.pipeline",
    "DOCUMENT_FILE": "planpress.build.project",
    "Project": "planpress.build.project",
    "find_documents": "planpress.build.project",
    "font_files": "planpress.build.project",
    "style_sheet": "planpress.build.project",
    "template_dirs": "planpress.build.project",
}

__all__ = list(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
