"""Building: the project's folders, the pipeline from content to files, outputs
written atomically with their input stamps, `watch`, and `compare` between
two versions of a document."""

from planpress.pipeline.compare import build_comparison
from planpress.pipeline.document import Built, build_document, document_tree
from planpress.pipeline.outputs import write_atomically
from planpress.pipeline.project import (
    DOCUMENT_FILE,
    Project,
    find_documents,
    font_files,
    style_sheet,
    template_dirs,
)

__all__ = [
    "DOCUMENT_FILE",
    "Built",
    "Project",
    "build_comparison",
    "build_document",
    "document_tree",
    "find_documents",
    "font_files",
    "style_sheet",
    "template_dirs",
    "write_atomically",
]
