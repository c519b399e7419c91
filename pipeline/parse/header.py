"""The 2016–17 header: labels printed as columns, then their values, or label: value pairs."""

from __future__ import annotations

import re
from datetime import date

from . import rx
from .dates import NUMERIC_DATE, WORD_DATE, parse_date
from .spelling import one_edit, within_one_edit

_LABELS = {
    "case_number": r"Case\s*Number",
    "date_assigned": r"Date\s*Assigned",
    "decision_date": r"Decision\s*Date",
    "priority": r"Priority",
    "date_of_injury": r"Date\s*of\s*Injury",
    # "Date of UR Decision:", as a cover page of the 2013-15 letters may print it
    "ur_denial_date": r"(?:UR\s*Denial\s*Date|Date\s*of\s*UR\s*(?:Decision|Denial|Determination))",
    "application_received_date": r"Application\s*Received",
}
CASE_NUMBER = r"\b[A-Z]{2}\d{2}-\d{5,8}\b"
_PRIORITIES = ("Standard", "Expedited", "Urgent", "Regular")
# "Application Received Date:" too
_TOKEN_LABELS = _LABELS | {"application_received_date": r"Application\s*Received(?:\s*Date)?"}
_TOKEN = rx.compile(
    "|".join(f"(?P<{k}>{v}\\s*:)" for k, v in _TOKEN_LABELS.items())
    # the header read row by row (pdftotext -layout): the two-line label "Application" / "Received:" has its
    # value on the first line, "Application 12/07/2016" / "Received:"
    + rf"|(?P<application_split>Application\s+(?:{NUMERIC_DATE}|{WORD_DATE})\s+Received\s*(?:Date\s*)?:)"
    # … and so does "UR Denial" / "Date:": "UR Denial 10/28/2016" / "Date:"
    + rf"|(?P<ur_split>UR\s*Denial\s+(?:{NUMERIC_DATE}|{WORD_DATE})\s+Date\s*:)"
    + rf"|(?P<v_case>{CASE_NUMBER})|(?P<v_date>{NUMERIC_DATE}|{WORD_DATE})"
    + rf"|(?P<v_priority>\b(?:{'|'.join(_PRIORITIES)})\b)",
    re.IGNORECASE,
)
_KIND = {"v_case": "case_number", "v_priority": "priority"}
_SPLIT_LABELS = {"application_split": "application_received_date", "ur_split": "ur_denial_date"}
_DATE_IN = rx.compile(rf"{NUMERIC_DATE}|{WORD_DATE}", re.IGNORECASE)


def _taker(kind: str, labels: list[str]) -> str | None:
    """The first of ``labels`` that takes a value of ``kind``: a date any label but case number and priority."""
    if kind == "v_date":
        return next((t for t in labels if t != "case_number" and t != "priority"), None)
    target = _KIND[kind]
    return target if target in labels else None


# The header as real letters print it, one label or one value a line ("Case Number:" … "CM16-0235991" …
# "Application" / "Received:"): read line by line with a lookup and one anchored match a line, ~5x cheaper
# than searching the joined text for tokens at every character. Any other line sends the whole header to
# the token search, which gives the same tokens on such headers (a property test holds the two together).
# Only here is a label alone on its line read when one letter off or without its colon ("ate Assigned:").
_LINE_LABELS = {pattern.replace(r"\s*", " ").lower() + ":": label for label, pattern in _LABELS.items()
                if "(" not in pattern}  # "case number:"
_LINE_LABELS.update({"ur denial date:": "ur_denial_date", "application received date:": "application_received_date"}
                    | {f"date of ur {word}:": "ur_denial_date" for word in ("decision", "denial", "determination")})
_PRIORITY_WORDS = frozenset(p.lower() for p in _PRIORITIES)
_LINE_VALUE = rx.compile(rf"(?P<v_case>[A-Z]{{2}}\d{{2}}-\d{{5,8}})|(?P<v_date>{NUMERIC_DATE})", re.IGNORECASE)

Token = tuple[str, str, int]  # (kind, text, line number where it ends)


_BARE_LABELS = {key[:-1]: label for key, label in _LINE_LABELS.items()}  # "date assigned"


def _mistyped_label(low: str) -> str | None:
    """The label a line alone is one letter from ("ate assigned:", "dat of injury:"), where only one is."""
    key = within_one_edit(" ".join(low[:-1].split()) + ":", _LINE_LABELS)
    return _LINE_LABELS[key] if key else None


def _line_tokens(lines: list[str]) -> list[Token] | None:
    """The header's tokens when every line is one label or one value, else None."""
    out: list[Token] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        low = line.lower()
        label = _LINE_LABELS.get(low)
        if label is None and 7 <= len(low) <= 32:  # a label without its colon, or mistyped, alone on its line
            label = _BARE_LABELS.get(low) or (_mistyped_label(low) if low[-1:] == ":" else None)
        if (label is None and (low == "application" or (10 <= len(low) <= 12 and one_edit(low, "application"))) and i + 1 < n
                and ((nxt := lines[i + 1].lower()) == "received:" or one_edit(nxt, "received:"))):
            i += 1  # the two-line label ends on its second line
            label, line = "application_received_date", line + " " + lines[i]
        if label is not None:
            out.append((label, line, i))
        elif low in _PRIORITY_WORDS:
            out.append(("v_priority", line, i))
        else:
            m = _LINE_VALUE.fullmatch(line)
            if m is None:
                return None
            out.append((m.lastgroup or "", line, i))
        i += 1
    return out


def _search_tokens(lines: list[str]) -> list[Token]:
    """Every token of the header, found anywhere in its lines (a label may wrap: "Application" / "Received:")."""
    text = " ".join(lines)
    ends = []  # where each line ends in ``text``
    at = 0
    for line in lines:
        at += len(line)
        ends.append(at)
        at += 1
    out: list[Token] = []
    line_no = 0
    for m in _TOKEN.finditer(text):
        while line_no < len(ends) - 1 and m.end() > ends[line_no]:
            line_no += 1
        out.append((m.lastgroup or "", m.group(), line_no))
    return out


def _tokens(lines: list[str]) -> list[Token]:
    """The header's tokens: read line by line where every line is one label or one value, else searched for."""
    tokens = _line_tokens(lines)
    return _search_tokens(lines) if tokens is None else tokens


def parse_header(lines: list[str]) -> dict[str, object]:
    """Pair labels with values: a value written on its label's line ("Decision Date: 01/11/2017") is that
    label's; other values go, in reading order, to the first waiting label of their kind (labels printed as
    a column, then their values). A label whose line holds no value and that no later value reaches stays
    empty rather than taking the next label's value. Where a column of labels gets fewer dates than it has
    date labels, which one is blank cannot be read: all of that column's dates stay empty; so too where it
    gets more (a label mistyped past reading: which date was its cannot be read)."""
    tokens = _tokens(lines)
    pending: list[str] = []
    on_line: list[str] = []  # the waiting labels of the current line
    column: list[str] = []  # labels printed one under another, waiting for their values below
    columns: list[list[str]] = []
    overflowed: list[list[str]] = []
    column_labels_of_line: dict[int, str] = {}  # lines that hold a label
    fed = False  # the current column has been given a value below its labels
    blank: set[str] = set()  # labels of a column left behind without their value: no later value is theirs
    current = 0
    out: dict[str, object] = {}
    for kind, value, line_no in tokens:
        if line_no != current:  # a new line
            current = line_no
            on_line = []
        if kind in _SPLIT_LABELS:  # a two-line label with its date between its lines
            date = _DATE_IN.search(value)
            out[_SPLIT_LABELS[kind]] = parse_date(date.group()) if date else None
            continue
        if kind in _LABELS:
            # the previous column got all its values, or some and then labels follow (a value left blank there): a new
            # column, whose values are its own ("Decision Date:" blank above does not take the date of injury)
            if not any(t in pending for t in column) or fed:
                if fed:  # its labels still waiting are blank: no value printed after the next column's labels is theirs
                    blank.update(t for t in pending if t in column)
                    pending = [t for t in pending if t not in column]
                column, fed = [], False
                columns.append(column)
            pending.append(kind)
            on_line.append(kind)
            column.append(kind)
            column_labels_of_line[line_no] = kind
            continue
        target = _taker(kind, on_line) or (None if on_line else _taker(kind, pending))
        if target is None:
            if kind == "v_date" and column and not on_line and column_labels_of_line.get(line_no) is None:
                overflowed.append(column)  # a date more than its column has labels: one label is unread
            continue
        pending.remove(target)
        if target in on_line:  # paired on its line (a label of the current column): not a column's
            on_line.remove(target)
            column.remove(target)
        elif target in column:
            fed = True
        if kind == "v_date":
            out[target] = parse_date(value)
        else:
            out[target] = value.upper() if kind == "v_case" else value.capitalize()
    for col in columns:
        dates = [t for t in col if t not in ("case_number", "priority")]
        if any(t in pending or t in blank for t in dates) or any(col is c for c in overflowed):
            for t in dates:
                out.pop(t, None)
    return out


def labels_without_values(lines: list[str]) -> bool:
    """The header prints three labels or more and not one value: its values were put elsewhere, the text is out of
    reading order (a PDF drawn font by font: every label, then every value)."""
    tokens = _tokens(lines)
    labels = sum(1 for kind, _, _ in tokens if kind in _LABELS or kind in _SPLIT_LABELS)
    return labels >= 3 and labels == len(tokens)


def find_case_number(text: str) -> str | None:
    m = re.search(CASE_NUMBER, text)
    return m.group(0) if m else None


def header_date(fields: dict[str, object], key: str) -> date | None:
    value = fields.get(key)
    return value if isinstance(value, date) else None


def header_text(fields: dict[str, object], key: str) -> str | None:
    value = fields.get(key)
    return value if isinstance(value, str) else None
