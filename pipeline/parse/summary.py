"""Facts stated in the clinical case summary: age, sex, diagnosis, and dates the seeds give only there."""

from __future__ import annotations

import re
from datetime import date

from . import rx
from .dates import ANY_DATE, parse_date

_AGE = rx.compile(
    r"\b(?P<age>\d{1,3})\s*(?:-|\s)?\s*(?:years?|yrs?|y)\s*(?:-|\s)?\s*(?:/\s*)?(?:old|o)\b"
    r"(?P<after>.{0,40})",
    re.IGNORECASE,
)
_SEX = rx.compile(r"\b(?P<sex>female|male|woman|man|gentleman|lady)\b", re.IGNORECASE)
_SEX_WORDS = {"female": "female", "woman": "female", "lady": "female", "male": "male", "man": "male", "gentleman": "male"}
_INJURY = rx.compile(
    rf"(?:date\s+of\s+injury|injury\s+date|\bDOI\b|inju\w*|injured)\s*(?:date\s+)?(?:of|on|was|is|dated)?\s*:?\s*(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
_UR = rx.compile(
    rf"\b(?:utilization\s+review|UR)\b[^.]{{0,80}}?\b(?:dated|from|of|was|on)\s+(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
_DIAGNOSIS = rx.compile(
    r"(?:being\s+treated\s+for|diagnos(?:is|es)\s+(?:included|includes|include|are|is|was|were|of)\s*:?"
    r"|diagnosed\s+with)\s+(?:(?:documented|listed|noted)\s+as\s+|the\s+following\s*:?\s*)?"
    r"(?P<dx>(?:\d{1,2}\.\s|[^.])+?)(?:\.\s+(?=[A-Z])(?!\d)|\.$|$)",
    re.IGNORECASE,
)


def patient_age_sex(text: str) -> tuple[int | None, str | None]:
    m = _AGE.search(text)
    if not m:
        return None, None
    age = int(m.group("age"))
    if not 14 <= age <= 100:
        return None, None
    s = _SEX.search(m.group("after"))
    return age, _SEX_WORDS[s.group("sex").lower()] if s else None


def injury_date(text: str) -> date | None:
    m = _INJURY.search(text)
    return parse_date(m.group("d")) if m else None


def ur_denial_date(text: str) -> date | None:
    m = _UR.search(text)
    return parse_date(m.group("d")) if m else None


_DIAGNOSIS_OPENINGS = rx.compile("being|diagnos")  # every match of _DIAGNOSIS starts with one of them


def _first_diagnosis(text: str) -> re.Match[str] | None:
    """``_DIAGNOSIS.search(text)``, tried only where a match can start: at each "being" or "diagnos" of
    the lower-cased text, in order (the first that matches is the leftmost match). Scanning a whole
    summary with the case-insensitive alternation costs ~10x more. Non-ASCII text is searched as is."""
    if not text.isascii():  # lower() could move positions; the plain search is exact
        return _DIAGNOSIS.search(text)
    for opening in _DIAGNOSIS_OPENINGS.finditer(text.lower()):
        m = _DIAGNOSIS.match(text, opening.start())
        if m:
            return m
    return None


def diagnosis(text: str) -> str | None:
    m = _first_diagnosis(text)
    if not m:
        return None
    dx = m.group("dx").strip(" :;,\"'")
    return dx[:300] if dx else None
