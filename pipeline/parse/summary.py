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
# Without an age ("The injured worker is a female who sustained…"): the sex in the sentence that
# introduces the worker, read only from "is/was a(n) [up to three words] female/male".
_SEX_INTRO = rx.compile(
    r"\b(?:is|was)\s+an?\s+(?:[\w-]+\s+){0,3}?(?P<sex>female|male|woman|man|gentleman|lady)\b", re.IGNORECASE
)
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
    r"(?:being\s+treated\s+for|undergoing\s+treatment\s+for"
    r"|(?<!\bno\s)diagnos(?:is|es)\s+(?:that\s+)?(?:included|includes|include|are|is|was|were|of)\s*:?"
    r"|diagnosed\s+(?:with|as\s+having)):?\s+(?:(?:documented|listed|noted)\s+as\s+|the\s+following\s*:?\s*)?"
    # up to the sentence's end: a full stop (a closing quote may follow it) before the next word, even
    # with the space lost ("hand.The"); "2. " opening a list item and a decimal ("3.5") do not end it
    r"(?P<dx>(?:(?<![\w-])\d{1,2}\.\s|\d\.\d|[^.])+?)(?:\.[\"”']?(?:\s+|(?=[A-Z]))(?=[A-Z\"“])|\.[\"”']?\s*$|$)",
    re.IGNORECASE,
)


# Every match of each pattern begins with one of these (lower-cased): the pattern is tried only there
# (rx.search_at_openings), not scanned over the whole summary. _UR opens with "\b": only an "ur" at the
# start of a word can open it.
_INJURY_OPENINGS = ("date", "inju", "doi")
_UR_OPENINGS = ("utilization", "ur")
_DIAGNOSIS_OPENINGS = ("being", "undergoing", "diagnos")


def patient_age_sex(text: str) -> tuple[int | None, str | None]:
    m = _AGE.search(text)
    if not m:
        s = _SEX_INTRO.search(text, 0, 600)
        return None, _SEX_WORDS[s.group("sex").lower()] if s else None
    age = int(m.group("age"))
    if not 14 <= age <= 100:
        return None, None
    s = _SEX.search(m.group("after"))
    return age, _SEX_WORDS[s.group("sex").lower()] if s else None


def injury_date(text: str) -> date | None:
    m = rx.search_at_openings(_INJURY, text, _INJURY_OPENINGS)
    return parse_date(m.group("d")) if m else None


def ur_denial_date(text: str) -> date | None:
    m = rx.search_at_openings(_UR, text, _UR_OPENINGS, word_start=True)
    return parse_date(m.group("d")) if m else None


def diagnosis(text: str) -> str | None:
    m = rx.search_at_openings(_DIAGNOSIS, text, _DIAGNOSIS_OPENINGS)
    if not m:
        return None
    dx = m.group("dx").strip(" :;,\"'")
    return dx[:300] if dx else None
