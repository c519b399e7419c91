"""Classification of disputed items and reviewer credentials onto DWC's vocabularies.

Rule tables live in ``rules/*.csv`` (data, not code branches) and are loaded once.
"""

from __future__ import annotations


def classify_treatment(treatment: str, *, associated_surgical: bool = False) -> tuple[str, str | None]:
    """(service_category, service_subcategory) for an item's treatment text."""
    raise NotImplementedError


def body_region(treatment: str) -> str | None:
    raise NotImplementedError


def requested_quantity(treatment: str) -> int | None:
    raise NotImplementedError


def split_specialties(text: str) -> list[str]:
    raise NotImplementedError


def state_codes(text: str) -> list[str]:
    raise NotImplementedError
