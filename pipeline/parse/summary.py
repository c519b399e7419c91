"""Facts stated in the clinical case summary: age, sex, diagnosis, and dates the seeds give only there."""

from __future__ import annotations

import re
from datetime import date

from . import rx
from .dates import ANY_DATE, parse_date

_AGE = rx.compile(
    r"\b(?P<age>\d{1,3})\s*(?:-|\s)?\s*(?:years?|yrs?|y\.?)\s*(?:-|\s)?\s*(?:/\s*)?(?:old\b|o\b\.?)"  # 45 y.o., 45 y/o
    r"(?P<after>.{0,40})",
    re.IGNORECASE,
)
# "The injured worker is a female, age 45, who …": the sex just before the age.
_SEX_AGE = rx.compile(r"\b(?P<sex>female|male|woman|man|gentleman|lady),?\s+aged?\s+(?P<age>\d{1,3})\b", re.IGNORECASE)
_SEX = rx.compile(r"\b(?P<sex>female|male|woman|man|gentleman|lady)\b", re.IGNORECASE)
# Without an age ("The injured worker is a female who sustained…"): the sex in the sentence that
# introduces the worker, read only from "is/was a(n) [up to three words] female/male".
_SEX_INTRO = rx.compile(
    r"\b(?:is|was)\s+an?\s+(?:[\w-]+\s+){0,3}?(?P<sex>female|male|woman|man|gentleman|lady)\b", re.IGNORECASE
)
_SEX_WORDS = {"female": "female", "woman": "female", "lady": "female", "male": "male", "man": "male", "gentleman": "male"}
# The date right after the injury's words ("date of injury 1/26/11", "date of injury (DOI) of 5/6/2011",
# "injured on 3/4/12"); a re-injury is not the injury.
_INJURY = rx.compile(
    rf"(?:date\s+of\s+injury|injury\s+date|\bDOI\b|(?<!re)inju\w*)\s*(?:\((?:DOI|D/I)\)\s*)?(?:date\s+)?"
    rf"(?:of|on|was|is|dated)?\s*:?\s*(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
# Else a few words may stand between ("sustained an industrial injury to his right shoulder on 3/4/2012",
# "the injury occurred on …", "injured at work on …"): no number, clause break, or visit between them, and
# not "the injured worker …".
_INJURY_LOOSE = rx.compile(
    rf"(?<!re)inju(?:ry|ries|red)\b(?!\s+(?:workers?|employees?|party)\b)"
    r"(?:(?!\b(?:seen|treated|evaluated|examined|reported|noted|visits?|underwent|returned|presented|reports?)\b)"
    rf"[^.;,\d]){{1,50}}?\s(?:on|of|dated)\s+(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
_INJURY_AFTER = rx.compile(rf"(?P<d>{ANY_DATE})\s+(?:date\s+of\s+injury|DOI)\b", re.IGNORECASE)  # "a 3/4/2012 date of injury"
# The UR decision's date: said as such first ("The date of UR decision was 11/4/14"), then a UR document's
# date ("the UR determination dated …", "utilization review (11/4/14)"); else a UR phrase with its date a few words on, unless those
# words name another dated document ("the UR physician noted the progress report dated …").
_UR_DATE_OF = rx.compile(
    rf"date\s+of\s+(?:the\s+)?(?:UR|utilization\s+review)(?:\s+(?:decision|determination|denial|review))?\s*"
    rf"(?:was|is|of|:)?\s*(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
_UR_DATED = rx.compile(
    rf"\b(?:UR|utilization\s+review)(?:\s+(?:decision|determination|denial|non-?certification|report|letter))?"
    rf"\s*(?:was\s+)?(?:dated|on|of|from|,)?\s*\(?(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
_UR = rx.compile(
    r"\b(?:utilization\s+review|UR)\b"
    r"(?:(?!\b(?:reports?|notes?|visits?|exam\w*|records?|progress|evaluations?|RFA|requests?|letters?|MRI|x-?rays?|studies|study|office)\b)"
    rf"[^.]){{0,80}}?\b(?:dated|from|of|was|on)\s+(?P<d>{ANY_DATE})",
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
        m = _SEX_AGE.search(text, 0, 600) if "age" in text else None
        if m and 14 <= int(m.group("age")) <= 100:
            return int(m.group("age")), _SEX_WORDS[m.group("sex").lower()]
        s = _SEX_INTRO.search(text, 0, 600)
        return None, _SEX_WORDS[s.group("sex").lower()] if s else None
    age = int(m.group("age"))
    if not 14 <= age <= 100:
        return None, None
    s = _SEX.search(m.group("after"))
    return age, _SEX_WORDS[s.group("sex").lower()] if s else None


def injury_date(text: str) -> date | None:
    m = (rx.search_at_openings(_INJURY, text, _INJURY_OPENINGS)
         or rx.search_at_openings(_INJURY_LOOSE, text, ("inju",))
         or (_INJURY_AFTER.search(text) if "injury" in text.lower() or "DOI" in text else None))  # fmt: skip
    return parse_date(m.group("d")) if m else None


def ur_denial_date(text: str) -> date | None:
    m = (rx.search_at_openings(_UR_DATE_OF, text, ("date",))
         or rx.search_at_openings(_UR_DATED, text, _UR_OPENINGS, word_start=True)
         or rx.search_at_openings(_UR, text, _UR_OPENINGS, word_start=True))  # fmt: skip
    return parse_date(m.group("d")) if m else None


def diagnosis(text: str) -> str | None:
    m = rx.search_at_openings(_DIAGNOSIS, text, _DIAGNOSIS_OPENINGS)
    if not m:
        return None
    dx = m.group("dx").strip(" :;,\"'")
    return dx[:300] if dx else None
