"""The parser: the text of one IMR determination letter → typed records, or a reason.

Pure Python, no Dagster import; ``parse_letter`` never raises on any text. One module per concern:
``text`` (cleaning), ``sections``, ``layout``, ``header``, ``summary``, ``reviewer``, ``items``,
``citations``, ``taxonomy`` (with its tables in ``rules/``), ``letter`` (putting a letter together).
Where built, the same modules run compiled (``native.py``); ``NATIVE`` says whether they do.
"""

from __future__ import annotations

import sys

from . import native

NATIVE = native.activate(__path__)  # before any other module of the package is imported

from .letter import parse_letter
from .records import Case, Citation, Item, Letter, Rejection, Reviewer

__all__ = ["NATIVE", "Case", "Citation", "Item", "Letter", "Rejection", "Reviewer", "forget", "parse_letter"]


def forget() -> None:
    """Empty every cache of remembered answers in the parser (not its compiled rule tables): the next
    letters are read as if nothing had been seen before (the benchmark's figures on unseen content)."""
    from .taxonomy import tables

    for name, module in list(sys.modules.items()):
        if name.startswith(__name__ + "."):
            for value in vars(module).values():
                if hasattr(value, "cache_clear") and value is not tables:
                    value.cache_clear()
    tables().speller.forget()
