"""Dates in every style the letters use: 1/26/11, 04/14/2010, 10-11-2016, June 10, 2010, November 4th, 2014; and in
other hands' summaries: 26 January 2011, 14-Apr-2010, 2013-12-04, 12.04.2013."""

from __future__ import annotations

from datetime import date

from . import rx
from .memo import memo

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}

NUMERIC_DATE = r"\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})"
MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
WORD_DATE = MONTH_NAME + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,\s*|\s+)\d{4}"  # "April 14, 2010", "April 14,2010"
# A date whose first hyphen fell at a line's end, joined by pdftotext ("10-" / "17-2016" → "1017-2016"): read in
# the body's sentences (ANY_DATE), where the words around say a date is meant; the header's dates never wrap.
JOINED_DATE = r"(?<!\d)(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-(?:\d{4}|\d{2})(?!\d)"
# ... and whose second hyphen did ("04-16-" / "2013" → "04-162013"): the year is its last four digits; not after a
# letter ("C5-62016" is a spinal level run into a year).
JOINED_YEAR_DATE = r"(?<![\w/-])(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])(?:19|20)\d{2}(?!\d)"
# Other hands' styles, in the body's sentences: "26 January 2011", "3rd of March, 2012", "14-Apr-2010", "2013-12-04",
# "12.04.2013" (full stops between the parts only as two digits each and a four-digit year: "1.5.10" or "version
# 10.2.2015" may be anything; month first, as US letters write it, or day first where the first is past 12).
DAY_MONTH_DATE = r"(?<![\d-])\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH_NAME + r"\.?,?\s+\d{4}(?!\d)"
HYPHEN_MONTH_DATE = r"(?<![\d-])\d{1,2}-" + MONTH_NAME + r"-(?:\d{4}|\d{2})(?!\d)"
ISO_DATE = r"(?<![\d/-])(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?![\d/-])"
DOTTED_DATE = r"(?<![\d.])[0-3]\d\.[0-3]\d\.(?:19|20)\d{2}(?!\d|\.\d)"
# (the styles opening with a digit tried only where one is: most places tried hold none)
ANY_DATE = (
    rf"(?:(?=\d)(?:{NUMERIC_DATE}|{ISO_DATE}|{DOTTED_DATE}|{HYPHEN_MONTH_DATE}|{DAY_MONTH_DATE}|{JOINED_DATE}"
    rf"|{JOINED_YEAR_DATE})|{WORD_DATE})"
)
_NUMERIC = rx.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})")
_JOINED = rx.compile(r"(\d{2})(\d{2})-(\d{4}|\d{2})")
_JOINED_YEAR = rx.compile(r"(\d{1,2})-(\d{1,2})(\d{4})")
_WORD = rx.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(\d{4})")
_DAY_MONTH = rx.compile(r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?|-)([A-Za-z]+)\.?(?:,?\s+|-)(\d{4}|\d{2})")
_ISO = rx.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED = rx.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        # Letters start in 2013 and injuries reach back decades: 00-29 → 2000s, else 1900s.
        y += 2000 if y < 30 else 1900
    return y


@memo  # the same dates recur across thousands of letters; a date is immutable
def parse_date(text: str | None) -> date | None:
    """A date from one of the letters' styles; None when it is not a valid date."""
    if not text:
        return None
    text = text.strip()
    m = _NUMERIC.fullmatch(text) or _JOINED.fullmatch(text) or _JOINED_YEAR.fullmatch(text)
    try:
        if m:
            return date(_year(m.group(3)), int(m.group(1)), int(m.group(2)))
        m = _WORD.fullmatch(text)
        if m and m.group(1).lower() in _MONTHS:
            return date(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
        m = _DAY_MONTH.fullmatch(text)
        if m and m.group(2).lower() in _MONTHS:
            return date(_year(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
        m = _ISO.fullmatch(text)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _DOTTED.fullmatch(text)
        if m:
            first, second = int(m.group(1)), int(m.group(2))
            return date(int(m.group(3)), *((first, second) if first <= 12 else (second, first)))
    except ValueError:
        return None
    return None
