"""Arrow schemas of the warehouse tables: one place that names every column and its type.

``sql/schema.sql`` documents the same columns for SQL users; a test keeps the two in step.
"""

from __future__ import annotations

import operator
from dataclasses import fields

import pyarrow as pa

from .parse.records import Case, Citation, Item, Reviewer

S, I, B, D, L = pa.string(), pa.int32(), pa.bool_(), pa.date32(), pa.list_(pa.string())

CASES = pa.schema(
    [
        ("case_id", S), ("case_number", S), ("source_file", S), ("layout", S),
        ("date_assigned", D), ("decision_date", D), ("date_of_injury", D), ("ur_denial_date", D),
        ("application_received_date", D), ("priority", S), ("patient_age", I), ("patient_sex", S),
        ("diagnosis", S), ("case_summary", S), ("reviewer_id", S), ("n_items", I), ("n_upheld", I),
        ("n_overturned", I), ("case_outcome", S), ("page_count", I), ("content_sha256", S),
        ("reviewer_credentials_text", S),
    ]
)  # fmt: skip
REVIEWERS = pa.schema(
    [
        ("reviewer_id", S), ("specialties", L), ("primary_specialty", S), ("subspecialty", S),
        ("license_states", L), ("credentials_text", S),
    ]
)  # fmt: skip
DISPUTED_ITEMS = pa.schema(
    [
        ("item_id", S), ("case_id", S), ("item_number", I), ("treatment", S), ("decision", S),
        ("service_category", S), ("service_subcategory", S), ("body_region", S), ("requested_quantity", I),
        ("is_partial_authorization", B), ("original_request", S), ("authorized_portion", S),
        ("is_associated_surgical_service", B), ("is_retrospective", B), ("date_of_service", D),
        ("claims_administrator_guideline", S), ("maximus_guideline", S), ("decision_basis_source", S),
        ("not_based_on_mtus", B), ("rationale", S), ("rationale_conclusion", S), ("decision_consistent", B),
        ("rationale_mixed", B), ("source_file", S),
    ]
)  # fmt: skip
GUIDELINE_CITATIONS = pa.schema(
    [
        ("citation_id", S), ("item_id", S), ("case_id", S), ("cited_by", S), ("citation_number", I),
        ("source", S), ("guideline", S), ("section", S), ("pages", S), ("citation_text", S),
        ("source_file", S),
    ]
)  # fmt: skip
QUARANTINE = pa.schema(
    [("source_file", S), ("reason", S), ("stage", S), ("sha256", S), ("size_bytes", pa.int64())]
)
LETTERS = pa.schema(
    [
        ("source_file", S), ("kind", S), ("size_bytes", pa.int64()), ("mtime_ns", pa.int64()), ("sha256", S),
        ("layout", S), ("status", S), ("case_id", S), ("primary_source_file", S), ("page_count", I),
        ("encoding", S), ("reason", S), ("stage", S), ("fingerprint", S), ("decision_date", D),
        ("parsed_at", pa.timestamp("us", tz="UTC")),
    ]
)  # fmt: skip
CASE_HISTORY = pa.schema(
    list(CASES) + [pa.field("superseded_by", S), pa.field("superseded_at", pa.timestamp("us", tz="UTC"))]
)

# Tables whose rows belong to one letter (and go when it changes), keyed by case_id.
LETTER_TABLES = {
    "cases": CASES,
    "disputed_items": DISPUTED_ITEMS,
    "guideline_citations": GUIDELINE_CITATIONS,
}
ALL_TABLES = {
    **LETTER_TABLES,
    "reviewers": REVIEWERS,
    "quarantine": QUARANTINE,
    "letters": LETTERS,
    "case_history": CASE_HISTORY,
}

for _cls, _schema in ((Case, CASES), (Item, DISPUTED_ITEMS), (Citation, GUIDELINE_CITATIONS), (Reviewer, REVIEWERS)):
    assert [f.name for f in fields(_cls)] == _schema.names, _cls


# A record's values in its table's column order, as one tuple (operator.attrgetter: one C call a record).
ROW_OF = {name: operator.attrgetter(*schema.names) for name, schema in LETTER_TABLES.items()}


def rows_to_table(rows: list[tuple], schema: pa.Schema) -> pa.Table:
    """Rows (tuples in the schema's column order) as a table, converted column by column."""
    columns = list(zip(*rows)) if rows else [() for _ in schema.names]
    return pa.Table.from_arrays([pa.array(col, type=f.type) for col, f in zip(columns, schema)], schema=schema)
