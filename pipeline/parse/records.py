"""Typed records the parser produces, one dataclass per warehouse table.

Field names are the warehouse column names (see ``sql/schema.sql``); the parser
never guesses: a value it cannot read stays ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class Reviewer:
    reviewer_id: str
    specialties: list[str]
    primary_specialty: str | None
    subspecialty: str | None
    license_states: list[str]
    credentials_text: str


@dataclass(slots=True)
class Citation:
    citation_id: str
    item_id: str
    case_id: str
    cited_by: str  # claims_administrator | maximus
    citation_number: int  # 1-based within (item, cited_by)
    source: str  # MTUS | ODG | ACOEM | other | none
    guideline: str | None
    section: str | None
    pages: str | None
    citation_text: str
    source_file: str = ""


@dataclass(slots=True)
class Item:
    item_id: str
    case_id: str
    item_number: int
    treatment: str
    decision: str  # upheld | overturned
    service_category: str
    service_subcategory: str | None
    body_region: str | None
    requested_quantity: int | None
    is_partial_authorization: bool
    original_request: str | None
    authorized_portion: str | None
    is_associated_surgical_service: bool
    is_retrospective: bool
    date_of_service: date | None
    claims_administrator_guideline: str | None
    maximus_guideline: str | None
    decision_basis_source: str | None  # source MAXIMUS based the decision on
    not_based_on_mtus: bool  # the reviewer said the decision was not based on the MTUS
    rationale: str | None
    rationale_conclusion: str  # medically_necessary | not_medically_necessary | unclear
    decision_consistent: bool | None
    rationale_mixed: bool  # the rationale argues both ways before concluding
    source_file: str = ""


@dataclass(slots=True)
class Case:
    case_id: str
    case_number: str | None
    source_file: str
    layout: str
    date_assigned: date | None
    decision_date: date | None
    date_of_injury: date | None
    ur_denial_date: date | None
    application_received_date: date | None
    priority: str | None
    patient_age: int | None
    patient_sex: str | None
    diagnosis: str | None
    case_summary: str | None
    reviewer_id: str | None
    n_items: int
    n_upheld: int
    n_overturned: int
    case_outcome: str  # uphold | overturn | partially_overturn
    page_count: int | None
    content_sha256: str | None = None
    # the reviewer's credentials as this letter prints them (``reviewers.credentials_text`` is the least of them over
    # the letters of the warehouse)
    reviewer_credentials_text: str | None = None


@dataclass(slots=True)
class Letter:
    """Everything one letter contributes to the warehouse."""

    case: Case
    reviewer: Reviewer | None
    items: list[Item] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


@dataclass(slots=True)
class Rejection:
    """Why a letter could not be parsed; becomes a ``quarantine`` row."""

    reason: str
    stage: str  # read | extract | layout | parse | validate
