"""Guideline citations: "Decision based on MTUS <guideline> <year>, Section(s): …", "Page(s): 98-99",
"Non-MTUS Citation Official Disability Guidelines (ODG) …", "did not cite any medical evidence"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import rx
from .memo import memo
from .text import squash

# "Decision based on …", and "The Expert Reviewer based his/her decision on the MTUS …" where a guideline's
# name follows ("… based their decision on recommendation(s) outside of the MTUS" names none: not a citation).
_BASED_ON = rx.compile(
    r"Decision\s+based\s+on\s*:?\s*"
    r"|based\s+(?:his/her|his|her|their|its)\s+decision\s+on\s+(?:the\s+)?"
    r"(?=(?:CA\s+|California\s+)?MTUS\b|Non[-\s]?MTUS|Official\s+Disability|ODG\b|ACOEM\b)",
    re.IGNORECASE,
)
_NO_EVIDENCE = rx.compile(r"did\s+not\s+cite\s+any\s+(?:medical\s+)?evidence", re.IGNORECASE)
_NOT_MTUS = rx.compile(
    r"outside\s+of\s+the\s+MTUS|did\s+not\s+base\s+(?:their|its|his|her)\s+decision\s+on\s+the\s+MTUS"
    r"|not\s+based\s+on\s+the\s+MTUS",
    re.IGNORECASE,
)
_NON_MTUS = rx.compile(r"^Non[-\s]?MTUS\s*(?:Citations?)?\s*:?\s*", re.IGNORECASE)
_MTUS = rx.compile(r"^(?:CA\s+|California\s+)?MTUS\b\s*(?:\(.*?\))?\s*:?\s*", re.IGNORECASE)
_ODG = rx.compile(r"Official\s+Disability\s+Guidelines?|\bODG\b", re.IGNORECASE)
_ACOEM = rx.compile(r"\bACOEM\b|American\s+College\s+of\s+Occupational\s+and\s+Environmental\s+Medicine", re.IGNORECASE)
# A guideline named this far into a non-MTUS citation is its source (what comes first is its chapter);
# two named ones are both cited when only "and" (with a word or two) stands between them.
_NAMED_WITHIN = 80
_BOTH = rx.compile(r"[^,.;:]{0,30}?\band\b[^,.;:]{0,12}$", re.IGNORECASE)
_YEAR = r"(?:\s*\(?(?:Revised\s+)?(?:19|20)\d{2}\)?)?"
# The MTUS is a closed set of guidelines; names are matched as written, typos in spacing tolerated.
_MTUS_NAMES = [
    r"Chronic\s+Pain\s+Medical\s+Treatment(?:\s+Guidelines?)?",
    r"Chronic\s+Pain\s+Treatment\s+Guidelines?",
    r"Chronic\s+Pain\s+(?:Guidelines?|Section)",
    r"Low\s+Back\s+(?:Complaints|Disorders)",
    r"Neck\s+and\s+Upper\s+Back\s+(?:Complaints|Disorders)",
    r"Shoulder\s+(?:Complaints|Disorders)",
    r"Elbow\s+(?:Complaints|Disorders)",
    r"Forearm,?\s+Wrist,?\s+(?:and|&)\s+Hand\s+(?:Complaints|Disorders)",
    r"Hand,?\s+Wrist,?\s+(?:and|&)\s+Forearm\s+(?:Complaints|Disorders)",
    r"Knee\s+(?:Complaints|Disorders)",
    r"Ankle\s+and\s+Foot\s+(?:Complaints|Disorders)",
    r"General\s+Approaches",
    r"Stress[-\s]Related\s+Conditions",
    r"Eye\s+(?:Complaints|Chapter)",
    r"Post-?surgical\s+Treatment(?:\s+Guidelines?)?",
    r"Acupuncture\s+Medical\s+Treatment\s+Guidelines?",
    r"Opioids?\s+Treatment(?:\s+Guidelines?)?",
    r"ACOEM(?:\s+(?:Practice\s+)?Guidelines?)?",
]
# A "Guidelines" after the year ("Chronic Pain Medical Treatment 2016 Guidelines, Section(s): …") is part of the name.
_MTUS_NAME = rx.compile(
    r"(?P<name>" + "|".join(_MTUS_NAMES) + r")(?P<year>" + _YEAR + r")(?:\s+Guidelines?\b)?", re.IGNORECASE
)
# The first letters of every name above: _MTUS_NAME is tried only where one of them is (rx.finditer_at_openings).
_MTUS_OPENINGS = ("chronic", "low", "neck", "shoulder", "elbow", "forearm", "hand", "knee", "ankle", "general",
                  "stress", "eye", "post", "acupuncture", "opioid", "acoem")
# Every match of _NOT_MTUS holds one of these (in single-spaced, lower-cased text): the regex runs only then.
_NOT_MTUS_WORDS = ("outside", "not base")
# Names not in the list: a capitalised phrase ending in a year, first or after "and".
_GENERIC_NEXT = rx.compile(
    r"(?:^|,\s*and\s+|\s+and\s+|;\s*)(?P<name>[A-Z][A-Za-z&/\-' ]{2,60}?)\s(?P<year>(?:19|20)\d{2})\b"
    r"(?=\s*,?\s*Sections?\b|\s*[.,;]|\s*$)"
)
_AND_BEFORE = rx.compile(r"(?:\band|;)\s*$", re.IGNORECASE)
_GENERIC_NAME = rx.compile(r"(?P<name>[A-Z][^,:;]*?(?:\s(?:19|20)\d{2}|Guidelines?))\b", re.IGNORECASE)
_SECTIONS = rx.compile(r"Sections?\s*\(?s?\)?\s*:\s*", re.IGNORECASE)
# "Page(s): 98-99", "Pages 12, 14", and the abbreviations "pg. 64", "pgs. 3-4", "pp. 12-14". (A bare "p 301"
# is left in the section: it ends book references that letters run into the guideline before them.)
_PAGES = rx.compile(
    r"(?:\bPages?\s*\(?s?\)?\s*:?|\bpgs?\.?|\bpp\.)\s*(?P<p>\d(?:[\d\s,\-–&]|and)*\d|\d)\b", re.IGNORECASE
)
_JOIN = rx.compile(r"^(?:,?\s*(?:and|&)\s+|,\s*)", re.IGNORECASE)


@dataclass(slots=True)
class CitationParts:
    source: str
    guideline: str | None
    section: str | None
    pages: str | None
    text: str


@dataclass(slots=True)
class GuidelineStatement:
    citations: list[CitationParts]
    not_based_on_mtus: bool


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip(" .,;:-")
    return text or None


def _tail(tail: str) -> tuple[str | None, str | None]:
    """(section, pages) from the text after a guideline name."""
    pages = None
    m = _PAGES.search(tail)
    if m:
        pages = re.sub(r"\s+", "", m.group("p")).replace("–", "-") or None
        tail = tail[: m.start()]
    tail = _SECTIONS.sub("", tail, count=1)
    return _clean(tail), pages


def _mtus(rest: str, text: str) -> list[CitationParts]:
    found = [(m.start("name"), m.end(), m.group("name"), m.group("year"))
             for m in rx.finditer_at_openings(_MTUS_NAME, rest, _MTUS_OPENINGS)]
    for m in _GENERIC_NEXT.finditer(rest):
        if not any(s <= m.start("name") < e or m.start("name") <= s < m.end() for s, e, _, _ in found):
            found.append((m.start("name"), m.end(), m.group("name"), m.group("year")))
    found.sort()
    # After the first guideline, another starts only as "…, and <Name> <year>" (else it is section text).
    found = [f for k, f in enumerate(found) if k == 0 or (f[3] and _AND_BEFORE.search(rest[: f[0]]))]
    if not found or rest[: found[0][0]].strip(" ,;:"):
        m = _GENERIC_NAME.match(rest)
        if m and (not found or m.end() <= found[0][0]):
            found.insert(0, (m.start("name"), m.end(), m.group("name"), None))
        elif not found:
            section, pages = _tail(rest)
            return [CitationParts("MTUS", None, section, pages, text)]
    out = []
    for i, (_, end_name, name, year) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(rest)
        name = squash(name)
        year = re.sub(r"[()]|Revised", "", year).strip() if year else ""
        guideline = f"{name} {year}".strip() if year else name
        tail = _JOIN.sub("", rest[end_name:end].strip())
        tail = _TRAILING_AND.sub("", tail)
        section, pages = _tail(tail)
        out.append(CitationParts("MTUS", guideline, section, pages, text))
    return out


_TRAILING_AND = rx.compile(r"[\s,;]*(?:\band|&)(?:\s+the)?\s*$", re.IGNORECASE)


# What may follow the name before its chapter: "(ODG)", a repeated "Guidelines", a year.
_ODG_REST = rx.compile(r"^\s*(?:\(ODG\)\s*)?(?:Guidelines?\b\s*)?,?\s*(?:(?:19|20)\d{2}\b)?", re.IGNORECASE)


def _odg(rest: str, m: re.Match[str], start: int, end: int, text: str) -> CitationParts:
    """ODG, its section the rest of the citation between ``start`` and ``end`` (chapter and topic,
    written before or after the name)."""
    after = _ODG_REST.sub("", _TRAILING_AND.sub("", rest[m.end() : end]))
    parts = (rest[start : m.start()].strip(" ,;:-–"), after.lstrip(" ,;:"))
    section, pages = _tail(", ".join(part for part in parts if part.strip(" .,;:-–")))
    return CitationParts("ODG", "Official Disability Guidelines", section, pages, text)


def _acoem(rest: str, m: re.Match[str], end: int, text: str) -> CitationParts:
    """ACOEM, named as written up to the first comma/colon (or ``end``), the section after it; the
    full name ends the name at "(ACOEM)"."""
    if m.group().upper() == "ACOEM":
        name_end = m.start() + re.match(r"[^,:;]*", rest[m.start() : end]).end()
    else:
        name_end = m.end() + re.match(r"\s*(?:\(ACOEM\))?", rest[m.end() : end]).end()
    name = _clean(_TRAILING_AND.sub("", rest[m.start() : name_end])) or "ACOEM"
    section, pages = _tail(_TRAILING_AND.sub("", rest[name_end:end]))
    return CitationParts("ACOEM", name, section, pages, text)


def _non_mtus(rest: str, text: str) -> list[CitationParts]:
    """A citation outside the MTUS: ODG or ACOEM when it names one (a chapter may come first:
    "Neck and Upper Back, Physical Therapy, ODG Preface"), both when it names both joined by "and"
    ("ACOEM guidelines and the Official Disability Guidelines"), else ``other`` as written."""
    named = sorted(
        (m.start(), kind, m)
        for kind, pattern in (("ODG", _ODG), ("ACOEM", _ACOEM))
        if (m := pattern.search(rest)) and m.start() < _NAMED_WITHIN and "http" not in rest[: m.start()].lower()
    )
    if named:
        _, kind, m = named[0]
        if len(named) == 2 and _BOTH.match(rest, m.end(), named[1][0]):
            second = named[1][2]
            if kind == "ACOEM":
                return [_acoem(rest, m, second.start(), text), _odg(rest, second, second.start(), len(rest), text)]
            return [_odg(rest, m, 0, second.start(), text), _acoem(rest, second, len(rest), text)]
        return [_odg(rest, m, 0, len(rest), text) if kind == "ODG" else _acoem(rest, m, len(rest), text)]
    return [CitationParts("other", _clean(rest), None, None, text)]


@memo
def parse_guideline(text: str | None) -> GuidelineStatement:
    """Every guideline one party cited, in order (cached: the same paragraphs recur across letters;
    callers must not mutate the result)."""
    if not text:
        return GuidelineStatement([], False)
    text = squash(text)
    low = text.lower()
    not_mtus = any(w in low for w in _NOT_MTUS_WORDS) and bool(_NOT_MTUS.search(text))
    parts = _BASED_ON.split(text)
    citations: list[CitationParts] = []
    if _NO_EVIDENCE.search(parts[0]):
        citations.append(CitationParts("none", None, None, None, _clean(parts[0]) or ""))
    for seg in parts[1:]:
        seg = seg.strip().rstrip(".").strip()
        if not seg:
            continue
        raw = "Decision based on " + seg
        # "… and Other Medical Treatment Guidelines <X>": X is one more guideline, cited as written.
        first, *others = _OTHER_GUIDELINES.split(seg) if "other medical" in seg.lower() else (seg,)
        citations.extend(_segment(first, raw))
        for other in others:
            if other.strip(" .,;:"):
                citations.extend(_non_mtus(other.strip(" .,;:"), raw))
    return GuidelineStatement(citations, not_mtus)


_OTHER_GUIDELINES = rx.compile(r"[\s,;]*\band\s+Other\s+Medical\s+Treatment\s+Guidelines?\b\s*:?\s*", re.IGNORECASE)


def _segment(seg: str, raw: str) -> list[CitationParts]:
    """The guidelines of one "Decision based on …" (``seg``: what follows those words)."""
    m = _NON_MTUS.match(seg)
    if m:
        return _non_mtus(seg[m.end() :], raw)
    m = _MTUS.match(seg)
    if m:
        return _mtus(seg[m.end() :], raw)
    if _ODG.match(seg) or _ACOEM.match(seg):
        return _non_mtus(seg, raw)
    return [CitationParts("other", _clean(seg), None, None, raw)]
