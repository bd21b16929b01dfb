"""Diagnostics: where a value stands (`Place`) and what is wrong with it
(`Problem`, worded for city officials in messages.yaml)."""

from planpress.diagnostics.messages import ContentError, Problem, UsageError, listing, say
from planpress.diagnostics.place import NOWHERE, Place

__all__ = ["NOWHERE", "ContentError", "Place", "Problem", "UsageError", "listing", "say"]
