"""planpress: a Japanese municipal plan, from YAML to a typeset PDF and a Word DOCX."""

__version__ = "0.1.0"
