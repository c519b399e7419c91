"""The 2016–17 header: labels printed as columns, then their values, or label: value pairs."""

from __future__ import annotations

import re
from datetime import date

from . import rx
from .dates import NUMERIC_DATE, WORD_DATE, parse_date

_LABELS = {
    "case_number": r"Case\s*Number",
    "date_assigned": r"Date\s*Assigned",
    "decision_date": r"Decision\s*Date",
    "priority": r"Priority",
    "date_of_injury": r"Date\s*of\s*Injury",
    "ur_denial_date": r"UR\s*Denial\s*Date",
    "application_received_date": r"Application\s*Received",
}
CASE_NUMBER = r"\b[A-Z]{2}\d{2}-\d{5,8}\b"
_TOKEN = rx.compile(
    "|".join(f"(?P<{k}>{v}\\s*:)" for k, v in _LABELS.items())
    + rf"|(?P<v_case>{CASE_NUMBER})|(?P<v_date>{NUMERIC_DATE}|{WORD_DATE})"
    + r"|(?P<v_priority>\b(?:Standard|Expedited|Urgent|Regular)\b)",
    re.IGNORECASE,
)
_KIND = {"v_case": "case_number", "v_priority": "priority"}


def parse_header(lines: list[str]) -> dict[str, object]:
    """Pair labels with values in reading order, each value with the first waiting label of its kind."""
    text = " ".join(lines)
    pending: list[str] = []
    out: dict[str, object] = {}
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in _LABELS:
            pending.append(kind)
            continue
        if kind == "v_date":  # a date goes to the first waiting label that takes a date
            for target in pending:
                if target != "case_number" and target != "priority":
                    break
            else:
                continue
            pending.remove(target)
            out[target] = parse_date(m.group())
            continue
        target = _KIND[kind]
        if target not in pending:
            continue
        pending.remove(target)
        out[target] = m.group().upper() if kind == "v_case" else m.group().capitalize()
    return out


def find_case_number(text: str) -> str | None:
    m = re.search(CASE_NUMBER, text)
    return m.group(0) if m else None


def header_date(fields: dict[str, object], key: str) -> date | None:
    value = fields.get(key)
    return value if isinstance(value, date) else None
