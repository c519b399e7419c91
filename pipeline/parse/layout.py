"""Which grammar a letter follows. Unknown layouts are rejected, never half-parsed."""

from __future__ import annotations

import re

from . import rx
from .sections import HOW, ISSUES, SUMMARY, Sections

LAYOUT_2016 = "dwc-2016"  # header as columns, State(s) of Licensure / Certification(s)/Specialty
LAYOUT_2013 = "dwc-2013"  # "Board Certified in …, licensed to practice in …"; a header where printed

_HEADER_LABELS = rx.compile(r"Case\s*Number\s*:|Date\s*Assigned\s*:|Decision\s*Date\s*:", re.IGNORECASE)
_CRED_2016 = rx.compile(r"State\(?s?\)?\s*of\s*Licens|Certifications?\(?s?\)?\s*/\s*Specialt", re.IGNORECASE)
_CRED_2013 = rx.compile(r"Board\s+Certified\s+in|licensed\s+to\s+practice\s+in", re.IGNORECASE)
_IMR = rx.compile(r"MAXIMUS|Independent\s+Medical\s+Review|\bIMR\b", re.IGNORECASE)
# The first letters (2013) were a notice: "Notice of Independent Medical Review Determination", decisions as
# numbered sentences ("1) MAXIMUS Federal Services, Inc. has determined the request for … is not medically
# necessary …") under "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE". Recognised, to say so; not read.
_NOTICE_2013 = rx.compile(
    r"Notice\s+of\s+Independent\s+Medical\s+Review\s+Determination"
    r"|INDEPENDENT\s+MEDICAL\s+REVIEW\s+DECISION\s+AND\s+RATIONALE"
    r"|has\s+determined\s+the\s+request\s+for\b",
    re.IGNORECASE,
)

# Two other early layouts, named by their headings (as a public crawler of DWC's letters reads them):
# decisions under "IMR DECISION(S) AND RATIONALE(S)" after "DOCUMENTS REVIEWED" (late 2013), and a
# "MEDICAL PROFESSIONAL REVIEW" with "ISSUE AT DISPUTE:" and "CASE SUMMARY:". Recognised, to say so; not read.
_DECISIONS_2013 = rx.compile(r"IMR\s+DECISION\s?\(S\)\s+AND\s+RATIONALE\s?\(S\)", re.IGNORECASE)
_PROFESSIONAL_REVIEW = rx.compile(
    r"MEDICAL\s+PROFESSIONAL\s+REVIEW|ISSUES?\s+AT\s+DISPUTE\s*:|MEDICAL\s+REVIEWER\s+QUALIFICATIONS\s*:"
)
_NO_GRAMMAR = "this layout has no grammar yet, so the letter is kept out rather than half-read"


def _early_layout(opening: str) -> str | None:
    """The reason for rejecting a letter of one of the early layouts recognised by name, or None."""
    if _NOTICE_2013.search(opening):
        return (
            "unrecognized layout: a 2013 'Notice of Independent Medical Review Determination' (decisions "
            f"written as 'MAXIMUS Federal Services, Inc. has determined the request for …'); {_NO_GRAMMAR}"
        )
    if _PROFESSIONAL_REVIEW.search(opening):
        return (
            "unrecognized layout: a 'MEDICAL PROFESSIONAL REVIEW' letter (sections 'ISSUE AT DISPUTE:', "
            f"'CASE SUMMARY:', 'MEDICAL REVIEWER QUALIFICATIONS:'); {_NO_GRAMMAR}"
        )
    return None


def _has_2016_credentials(cred: str) -> bool:
    # Both wordings hold "licens" or "specialt", at most 25 characters after the match's start: on ASCII text
    # (where lower() keeps every position) the regex is tried only from 25 characters before the first of them.
    if cred.isascii():
        low = cred.lower()
        found = [i for i in (low.find("licens"), low.find("specialt")) if i >= 0]
        if not found:
            return False
        return bool(_CRED_2016.search(cred, max(0, min(found) - 25)))
    return bool(_CRED_2016.search(cred))


def _reads_as_symbols(text: str) -> bool:
    """Whether fewer than a third of ``text``'s printed characters are letters and more than a third neither letters
    nor digits (words are mostly letters; a text layer whose fonts map no characters gives punctuation, symbols and a
    few digits: '! "#$% & ''&', while a list of numbers or codes is no such text)."""
    printed = len(text) - text.count(" ")
    if printed < 40:
        return False
    letters = sum(1 for ch in text if ch.isalpha())
    digits = sum(1 for ch in text if ch.isdigit())
    return letters * 3 < printed and (printed - letters - digits) * 3 > printed


def detect_layout(sections: Sections, lines: list[str]) -> tuple[str | None, str | None]:
    """(layout, None) or (None, reason). ``lines``: the letter's clean lines (its first 80 are read for a
    mention of IMR when no heading is found)."""
    found = sections.found
    if not found:
        opening = " ".join(lines[:80])
        if _reads_as_symbols(opening):
            return None, (
                "the text reads as symbols, not words (a PDF whose fonts map no characters to text, or a text in a "
                "wrong encoding): OCR the PDF or fetch one with a readable text layer"
            )
        if not _IMR.search(opening) and not _PROFESSIONAL_REVIEW.search(opening):
            return None, (
                "unrecognized layout: no IMR determination headings and no mention of MAXIMUS or IMR; "
                "this does not look like an IMR final determination letter"
            )
        early = _early_layout(opening)
        if early is not None:
            return None, early
        return None, (
            "unrecognized layout: mentions IMR but has none of the headings "
            f"'{HOW}', '{SUMMARY}', '{ISSUES}'; a new letter layout needs a grammar"
        )
    # The headings are matched forgiving typos, so that heading is taken for the decisions' one: its line tells.
    at = found.get(ISSUES)
    if at is not None and at < len(lines) and lines[at][:3].upper() == "IMR" and _DECISIONS_2013.match(lines[at]):
        return None, (
            "unrecognized layout: a 2013-14 letter with its decisions under 'IMR DECISION(S) AND RATIONALE(S)' "
            f"(after 'DOCUMENTS REVIEWED'), not '{ISSUES}'; {_NO_GRAMMAR}"
        )
    # The reviewer's credentials decide: a letter of 2013-15 published with its case header (as PDFs
    # print it) is still read with the 2013-15 reviewer grammar; the header is read in either layout.
    # Most 2016-17 letters: a line opening with the label ("State(s) of Licensure: …"), matched line by line.
    if any(line[0] in "SsCc" and _CRED_2016.match(line) for line in sections.credentials):
        return LAYOUT_2016, None
    cred = " ".join(sections.credentials)
    if _has_2016_credentials(cred):
        return LAYOUT_2016, None
    if _CRED_2013.search(cred):
        return LAYOUT_2013, None
    if _HEADER_LABELS.search(" ".join(sections.header)):
        return LAYOUT_2016, None
    if HOW not in found:
        return None, f"unrecognized layout: the '{HOW}' section with the reviewer's credentials is missing"
    return None, (
        "unrecognized layout: no case header and the reviewer's credentials are in neither known wording "
        "('Certification(s)/Specialty:' or 'Board Certified in …'); a new letter layout needs a grammar"
    )
