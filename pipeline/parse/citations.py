"""Guideline citations: "Decision based on MTUS <guideline> <year>, Section(s): …", "Page(s): 98-99",
"Non-MTUS Citation Official Disability Guidelines (ODG) …", "did not cite any medical evidence", and the 2013
wording "The Expert Reviewer based his/her decision on the <guideline>, …, which is part of the MTUS".
One row per guideline named: a second one joined by "and", ";", "as well as" (or, where it cannot be the first one's
chapter, a comma) is a row of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import rx
from .dates import MONTH_NAME
from .memo import memo
from .text import squash

# "Official" also mistyped ("Offical", "Oficial") or with its "ffi"/"fi" ligature lost in extraction ("Ocial",
# "Ofcial", "O?cial", "Offi cial"): before "Disab…" it is the ODG's name.
_OFFICIAL = r"O(?:ff?i?|f?\?)?\s?cc?i?al"
# "Decision based on …", and "The Expert Reviewer based his/her decision on the MTUS …" where a guideline's
# name follows ("… based their decision on recommendation(s) outside of the MTUS" names none: not a citation).
# The second wording opens a paragraph: it is looked for only before the first "Decision based on".
# Also mistyped ("Decison", "Decsion", "Decision base on", "based upon", "was based on"), or "Based on …" opening
# the paragraph: a paragraph whose lead-in is misspelt still cites its guidelines.
_DECISION_BASED_ON = rx.compile(
    r"(?:\bDe[a-z]{3,7}n\s+(?:was\s+)?based?\s+(?:up)?on|^Based\s+(?:up)?on(?=\s+(?:the\s+)?(?:CA\s+|California\s+)?"
    r"(?:MTUS|Medical\s+Treatment|Non|O(?:ff?i?|f?\?)?\s?c|ODG|ACOEM|American\s+College|Chronic\s+Pain)))\s*:?\s*",
    re.IGNORECASE,
)
_ADDRESS_START = r"https?://|www\."  # a web address

# A reference that is neither the MTUS, ODG nor ACOEM, by its publisher, database, address or author-style opening
# ("Chou R, et al."): after a guideline and joined to it by ";" or "and", it is a citation of its own.
# Databases and drug references by name: after a guideline's chapter and a bare comma too, as no chapter's topic
# opens with them (unlike "FDA approved …", or a journal's "Mayo Clinic Proceedings").
_DATABASE = (
    r"Up\s*To\s*Date\b|Aetna\b|National\s+Guideline\s+Clearinghouse|Medscape|Medline\s*Plus|PubMed|Drugs\.com"
    r"|Epocrates|WebMD|Lexi-?comp|Micromedex|Daily\s*Med"
)
_OTHER_REFERENCE = (
    rf"{_DATABASE}|Food\s+and\s+Drug\s+Administration|FDA\b"
    rf"|{_ADDRESS_START}|Physicians'?\s+Desk\s+Reference|PDR\b"
    r"|(?:Aetna\s+)?Clinical\s+Policy\s+Bulletin|Agency\s+for\s+Healthcare|AHRQ\b|Cochrane|Mayo\s+Clinic"
    r"|MD\s*Guidelines|mdguidelines|Reed\s+Group|Centers\s+for\s+(?:Medicare|Disease)"
    r"|CMS\b|CDC\b|American\s+(?!College\s+of\s+Occupational)[A-Z][a-z]+\s+(?:of\s+[A-Z][a-z]+\s+)?(?:Society|Association|Academy)"
    r"|American\s+College\s+of\s+(?!Occupational)[A-Z]"
    r"|American\s+(?:Society|Association|Academy)\s+(?:of|for)\s+[A-Z]"
    r"|[A-Z][a-z]+\s+[A-Z]{1,2},\s+(?:et\s+al\b|[A-Z][a-z]+\s+[A-Z]{1,2}\b)"
)
# A textbook by its author's possessive ("Harrison's Principles of Internal Medicine", "Campbell's Operative
# Orthopaedics"): a reference of its own after ";", "as well as" or a comma (after "and" it may be the second author's:
# "Goodman and Gilman's Pharmacology").
_TEXTBOOK = r"[A-Z][a-z]+'s\s+(?:[A-Z][a-z]+\s+){0,2}(?:Principles|Textbook|Manual|Handbook|Orthopaedics|Orthopedics|Pharmacology)\b"
# What joins one citation to the one before: "and" ("…, and on the" in 2013-15), ";", "as well as".
_JOINER = r"[\s,]*\band(?:\s+on)?(?:\s+the)?|\s*;|[\s,]*\bas\s+well\s+as(?:\s+the)?"
# A guideline named in a sentence of its own after another's ("… Section(s): Opioids. Official Disability
# Guidelines (ODG), Pain (Chronic), Opioids."): a citation of its own, not part of the first one's section.
_NEXT_GUIDELINE = rx.compile(
    r"\.\s+(?=(?:(?:CA|California)\s+)?MTUS\b|Non(?:\s?-\s?|\s)?MTUS\b|" + _OFFICIAL + r"\s+Disab|ODG\b|ACOEM\b"
    r"|American\s+College\s+of\s+Occupational)"
    # … and a guideline of the other kind joined by "and" after an MTUS one's remark or pages ("…, which is part of
    # the MTUS, and on the Official Disability Guidelines (ODG), …", "… Page(s): 74-96 and Non-MTUS Citation …")
    r"|(?:(?<=MTUS)|(?<=\d))\)?,?\s+and\s+(?:on\s+)?(?:the\s+)?"
    r"(?=Non(?:\s?-\s?|\s)?MTUS\b|" + _OFFICIAL + r"\s+Disab|ODG\b|ACOEM\b|(?:(?:CA|California)\s+)?MTUS\s+[A-Z])"
    # … an MTUS guideline named with "MTUS" after a comma ("…, and MTUS ACOEM"), and a source other than the
    # guidelines after the 2013-15 joiner "…, and on the" ("…, pages 111-113, and on the FDA prescribing information")
    r"|,\s*and\s+(?:on\s+)?(?:the\s+)?(?=(?:(?:CA|California)\s+)?MTUS\s+[A-Z])"
    r"|,\s+and\s+on\s+(?:the\s+)?(?=(?-i:" + _OTHER_REFERENCE + r"))"
    # … or after "; and", or ", and" ("… (ODG), Pain (Chronic), Medical food; and U.S. Food and Drug Administration, …"),
    # and a guideline after "; and"
    r"|[;,]\s+and\s+(?:on\s+)?(?:the\s+)?(?=(?-i:(?:U\.?\s?S\.?\s+)?(?:" + _OTHER_REFERENCE + r")))"
    r"|;\s+and\s+(?:on\s+)?(?:the\s+)?(?=Non(?:\s?-\s?|\s)?MTUS\b|" + _OFFICIAL + r"\s+Disab|ODG\b|ACOEM\b"
    r"|(?:(?:CA|California)\s+)?MTUS\s+[A-Z]|American\s+College\s+of\s+Occupational)",
    re.IGNORECASE,
)
# A sentence that speaks of a guideline ("ODG was also reviewed."), not one that cites it.
_PROSE_AFTER_NAME = rx.compile(
    r"[^.,(]{0,40}?\b(?:was|were|is|are|also|does|did|do|has|have|recommends?|states?|notes?|supports?|indicates?)\b",
    re.IGNORECASE,
)
# "Decision based on the MTUS …", "… per ODG …": the article is no part of the name.
_LEADING_THE = rx.compile(r"^(?:the|per)\s+", re.IGNORECASE)
_REVIEWER_BASED_ON = rx.compile(
    r"based\s+(?:his/her|his|her|their|its)\s+decision\s+on\s+(?:the\s+)?"
    r"(?=(?:CA\s+|California\s+)?(?:MTUS\b|Medical\s+Treatment\s+Utilization\s+Schedule\b)|Non(?:\s?-\s?|\s)?MTUS"
    r"|" + _OFFICIAL + r"\s+Disab|ODG\b|ACOEM\b|American\s+College"
    r"|Chronic\s+Pain|Low\s+Back|Neck\s+and|Shoulder|Elbow|Forearm|Knee|Ankle|Post-?surgical|Acupuncture\s+Medical"
    r"|Opioids?\s+Treatment|Cervical\s+and|Hip\s+and|(?:peer[-\s]reviewed|medical)\s+literature|U\.?\s?S\.?\s+Food\s+and\s+Drug|(?-i:"
    + _OTHER_REFERENCE + r"))",
    re.IGNORECASE,
)
# "did not cite any medical evidence" (the letters' sentence), and the same said of guidelines or passively.
_NO_EVIDENCE = rx.compile(
    r"did\s+not\s+cite\s+any\s+(?:medical\s+)?(?:evidence|(?:medical\s+)?(?:treatment\s+)?guidelines?)"
    r"|\bno\s+(?:medical\s+)?(?:evidence|guidelines?|citations?|references?)\s+(?:(?:was|were)\s+)?cited"
    r"|^\W*none\s+(?:was\s+|were\s+)?cited\b",  # "None cited."
    re.IGNORECASE,
)
_NOT_MTUS = rx.compile(
    r"outside\s+of\s+the\s+MTUS|did\s+not\s+base\s+(?:their|its|his/her|his|her)\s+decision\s+on\s+the\s+MTUS"
    r"|not\s+based\s+on\s+the\s+MTUS",
    re.IGNORECASE,
)
_NON_MTUS = rx.compile(r"^Non(?:\s?-\s?|\s)?MTUS\s*(?:Citations?)?\s*:?\s*", re.IGNORECASE)
# "MTUS", "CA MTUS", and the name written out: "(California) Medical Treatment Utilization Schedule (MTUS)".
_MTUS = rx.compile(
    r"^(?:CA\s+|California\s+)?(?:MTUS\b|Medical\s+Treatment\s+Utilization\s+Schedule\b)\s*(?:\(.*?\))?\s*[:,]?\s*",
    re.IGNORECASE,
)
_ODG = rx.compile(_OFFICIAL + r"\s+Disab\w*\s+Guid\w*|\bODG\b", re.IGNORECASE)  # "Offical Disabilty Guidlines" too
# ACOEM by its acronym, its full name, or its guideline's title ("Occupational Medicine Practice Guidelines").
_ACOEM = rx.compile(
    r"\bACOEM\b|American\s+College\s+of\s+Occupational\s+and\s+Environmental\s+Medicine"
    r"|\bOccupational\s+Medicine\s+Practice\s+Guidelines?\b",
    re.IGNORECASE,
)
# A guideline named this far into a non-MTUS citation is its source (what comes first is its chapter);
# two named ones are both cited when only "and" (with a word or two) stands between them.
_NAMED_WITHIN = 80
_BOTH = rx.compile(r"[^,.;:]{0,30}?\band\b[^,.;:]{0,12}$", re.IGNORECASE)
# "2016", ", 2016", "(2009)", "(May 2009)", "(July 18, 2009)"
_YEAR = rf"(?:\s*,?\s*\(?(?:Revised\s+)?(?:{MONTH_NAME}\.?\s+(?:\d{{1,2}},?\s+)?)?(?:19|20)\d{{2}}\)?(?![\d/-]))?"
_YEAR_DIGITS = rx.compile(r"(?:19|20)\d{2}")
# A guideline's edition after its name, with its year: "2nd Edition (2004)", ", 3rd ed.", "(21th Annual Edition), 2016".
_EDITION_WORDS = r"\d{1,2}(?:st|nd|rd|th)\s+(?:Annual\s+)?ed(?:ition\b|\.|\b)"
_EDITION = rx.compile(
    rf"\s*[,.]?\s*\(?(?P<ed>{_EDITION_WORDS})\)?"
    r"(?:\s*,?\s*\(?(?P<year>(?:19|20)\d{2})\)?(?![\d/]))?",
    re.IGNORECASE,
)


def _with_edition(name: str, rest: str, at: int) -> tuple[str, int]:
    """``name`` with the edition written at ``at`` in ``rest`` ("ACOEM Practice Guidelines, 2nd Edition (2004)"),
    and where the name now ends; the name as it was where no edition follows."""
    m = _EDITION.match(rest, at)
    if not m:
        return name, at
    edition = m.group("ed")
    if edition.lower().endswith("ed"):
        edition += "."
    return f"{name}, {edition}" + (f" ({m.group('year')})" if m.group("year") else ""), m.end()
# The MTUS is a closed set of guidelines; names are matched as written, typos in spacing and in "Guidelines"
# ("Guidlines", "Gudelines") tolerated.
_G = r"Gu?i?de?lines?"
_CHRONIC = r"(?:Chr|Cho)[a-z]{0,3}n[a-z]{0,2}c"  # "Chronic", "Choronic", "Chornic", "Chronc" (before "Pain": no other word)
_MTUS_NAMES = [
    rf"{_CHRONIC}\s+Pain\s+Medical\s+Treatment(?:\s+{_G})?",
    rf"{_CHRONIC}\s+Pain\s+Treatment\s+{_G}",
    rf"{_CHRONIC}\s+Pain\s+(?:{_G}|Section)",
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
    rf"Post-?surgical\s+Treatment(?:\s+{_G})?",
    rf"Acupuncture\s+Medical\s+Treatment\s+{_G}",
    rf"Opioids?\s+Treatment(?:\s+{_G})?",
    r"Cervical\s+and\s+Thoracic\s+Spine\s+Disorders",
    r"Hip\s+and\s+Groin\s+Disorders",
    r"Traumatic\s+Brain\s+Injury",
    r"Workplace\s+Mental\s+Health",
    r"American\s+College\s+of\s+Occupational\s+and\s+Environmental\s+Medicine(?:\s*\(ACOEM\))?",
    rf"ACOEM(?:\s+(?:Practice\s+)?{_G})?",
]
# A "Guidelines" after the year ("Chronic Pain Medical Treatment 2016 Guidelines, Section(s): …") is part of the name.
_MTUS_NAME = rx.compile(
    r"(?P<name>" + "|".join(_MTUS_NAMES) + r")(?P<year>" + _YEAR + r")(?:\s+" + _G + r"\b)?", re.IGNORECASE
)
# The first letters of every name above: _MTUS_NAME is tried only where one of them is (rx.finditer_at_openings).
_MTUS_OPENINGS = ("chr", "cho", "low", "neck", "shoulder", "elbow", "forearm", "hand", "knee", "ankle", "general",
                  "stress", "eye", "post", "acupuncture", "opioid", "cervical", "hip", "traumatic", "workplace", "acoem",
                  "american")
# Every match of _NOT_MTUS holds one of these (in single-spaced, lower-cased text): the regex runs only then.
_NOT_MTUS_WORDS = ("outside", "not base")
# Names not in the list: a capitalised phrase ending in a year, first or after "and".
_GENERIC_NEXT = rx.compile(
    r"(?:^|,\s*and\s+|\s+and\s+|;\s*)(?P<name>[A-Z][A-Za-z&/\-' ]{2,60}?)\s(?P<year>(?:19|20)\d{2})\b"
    r"(?=\s*,?\s*Sections?\b|\s*[.,;]|\s*$)"
)
_GENERIC_NAME = rx.compile(r"(?P<name>[A-Z][^,:;]*?(?:\s(?:19|20)\d{2}|Guidelines?))\b", re.IGNORECASE)
_SECTIONS = rx.compile(r"(?:Sections?\s*\(?s?\)?|\bS[a-z]{3,7}\(s\))\s*:+\s*", re.IGNORECASE)  # also mistyped
# "Page(s): 98-99", "Pages 12, 14", and the abbreviations "pg. 64", "pgs. 3-4", "pp. 12-14", "p. 78", "p 301" (a
# book reference's page, as in "Occupational medicine practice guidelines, 2nd edition (2004) p 301").
_PAGES = rx.compile(
    r"(?:\bPages?\s*\(?s?\)?\s*:*|\bP[a-z]{1,4}\(s\)\s*:+|\bpgs?\.?|\bpp?\.|\bpp?(?=\s+\d))\s*(?P<p>\d(?:[\d\s,;\-–&]|and\b|to\b)*\d|\d)\b"
    r"(?:\s+of\s+\d+\b)?",  # "Page(s): 111-113 of 127": the book's length is no page
    re.IGNORECASE
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


def _pages(p: str) -> str:
    """A page list as one string: "98 - 99" → "98-99", "78 to 80" → "78-80", "12, 14" → "12,14", "16-22 and 49"."""
    p = _PAGE_RANGE_WORD.sub("-", p.replace("–", "-"))
    p = _PAGE_PUNCT.sub(r"\1", " ".join(p.split()))
    return _LONG_NUMBER.sub(_rejoined_range, p) if len(p) > 3 else p


_PAGE_RANGE_WORD = rx.compile(r"\s+to\s+", re.IGNORECASE)
_PAGE_PUNCT = rx.compile(r"\s*([,;\-&])\s*")
# A range whose hyphen ended a line, joined by the text extraction ("111-" / "113" → "111113"): a number that splits
# into two halves of two or three digits each, close and ascending, is that range. Four digits split only into
# neighbours ("9899" → 98-99; "page 1030" of a large book stays a page), five or six into a range of up to 30 pages.
_LONG_NUMBER = rx.compile(r"(?<![\d\-])\d{4,6}(?![\d\-])")


def _rejoined_range(m: re.Match[str]) -> str:
    n = m.group()
    reach = 5 if len(n) == 4 else 30
    splits = [(a, b) for a, b in ((n[:i], n[i:]) for i in range(2, len(n) - 1))
              if 2 <= len(a) <= len(b) <= 3 and b[0] != "0" and 0 < int(b) - int(a) <= reach]
    return f"{splits[0][0]}-{splits[0][1]}" if len(splits) == 1 else n


# The MTUS's regulation and effective date written after a guideline's name ("Chronic Pain Medical Treatment
# Guidelines 8 C.C.R. 9792.20 - 9792.26 MTUS (Effective July 18, 2009) Page(s): 111-113 of 127"): no section.
_REGULATION = rx.compile(
    r"(?:\b8\s*)?\bC\.?\s*C\.?\s*R\.?\s*(?:§+\s*)?9792\.\d+(?:\s*(?:-|–|to|through)\s*(?:§+\s*)?9792\.\d+)?"
    r"|(?:\bMTUS\s*)?\(\s*Effective\s+[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4}\s*\)",
    re.IGNORECASE,
)


def _tail(tail: str) -> tuple[str | None, str | None]:
    """(section, pages) from the text after a guideline name: every "Page(s): …" in it is read, in order,
    and the section is the rest ("Medications for chronic pain Page(s): 60, Opioids Page(s): 76-80")."""
    if "9792" in tail or "ffective" in tail:
        tail = _REGULATION.sub(" ", tail)
    found = list(_PAGES.finditer(tail))
    if not found:
        return _clean(_SECTIONS.sub("", tail, count=1)), None
    pages = ",".join(_pages(m.group("p")) for m in found)
    pieces, at = [], 0
    for m in found:
        pieces.append(tail[at : m.start()])
        at = m.end()
    pieces.append(tail[at:])
    section = ", ".join(c for c in (_clean(_SECTIONS.sub("", x, count=1)) for x in pieces) if c)
    return section or None, pages or None


def _mtus(rest: str, text: str) -> list[CitationParts]:
    low = rest.lower()
    if "odg" in low or "disab" in low:  # "…, and Official Disability Guidelines …": the non-MTUS citation it is
        for odg in _ODG.finditer(rest):
            joiner = _JOINED_BEFORE.search(rest, max(0, odg.start() - _JOINER_REACH), odg.start())
            if joiner and joiner.start() > 0:
                return _mtus(rest[: joiner.start()], text) + _non_mtus(rest[odg.start() :], text)
    found = [(m.start("name"), m.end(), m.group("name"), m.group("year"), True)
             for m in rx.finditer_at_openings(_MTUS_NAME, rest, _MTUS_OPENINGS, word_start=True)]
    for m in _GENERIC_NEXT.finditer(rest):
        if not any(s <= m.start("name") < e or m.start("name") <= s < m.end() for s, e, *_ in found):
            found.append((m.start("name"), m.end(), m.group("name"), m.group("year"), False))
    found.sort()
    # After the first guideline, another starts only after "and", ";" or "as well as" (";" and "MTUS" said again
    # too): an MTUS guideline by its name, another with its year ("…, and <Name> <year>"); after a comma, an MTUS
    # guideline by its name with its "Section(s):" ("…: Special Studies, Chronic Pain Medical Treatment 2016,
    # Section(s): …"), not after ACOEM, whose chapters the MTUS's are ("ACOEM Practice Guidelines, Chapter 12, Low
    # Back Complaints, Section(s): …"). Else the words are section text. Each keeps where its joiner starts: the text before it
    # ends there.
    joined: list[tuple[int, int, str, str | None, bool, int]] = []
    for k, (start, end_name, name, year, known) in enumerate(found):
        if k and not (year or known):
            continue
        before = _MTUS_JOINED_BEFORE.search(rest, max(0, start - _MTUS_JOINER_REACH), start) if start else None
        if k and (before is None or (before.group("comma") and not (
                known and (_SECTIONS.match(rest, end_name) or _SECTIONS_AFTER.match(rest, end_name))
                and not (joined and _ACOEM.search(joined[-1][2]))))):  # (ACOEM's chapter: "…, Low Back Complaints")
            continue
        # (the first found keeps its joiner's place too: a name not in the list may come before it)
        joined.append((start, end_name, name, year, known, before.start() if before else start))
    if not joined or rest[: joined[0][0]].strip(" ,;:"):
        generic = _GENERIC_NAME.match(rest)
        if generic and (not joined or generic.end() <= joined[0][0]):
            joined.insert(0, (generic.start("name"), generic.end(), generic.group("name"), None, False, 0))
        elif not joined:
            section, pages = _tail(rest)
            return [CitationParts("MTUS", None, section, pages, text)]
    out = []
    for i, (_, end_name, name, year, _known, _cut) in enumerate(joined):
        end = joined[i + 1][5] if i + 1 < len(joined) else len(rest)
        name = squash(name)
        digits = _YEAR_DIGITS.search(year) if year else None
        guideline = f"{name} {digits.group()}" if digits else name
        guideline, end_name = _with_edition(guideline, rest, end_name)
        tail = _JOIN.sub("", rest[end_name:end].strip())
        tail = _TRAILING_AND.sub("", tail)
        section, pages = _tail(tail)
        out.append(CitationParts("MTUS", guideline, section, pages, text))
    return out


_TRAILING_AND = rx.compile(r"[\s,;]*(?:\band(?:\s+on)?|&|\bas\s+well\s+as)(?:\s+the)?\s*$", re.IGNORECASE)  # (no ";")
# What joins a further MTUS guideline to the one before: "and", ";", "as well as", a comma (its group "comma"), with
# "MTUS" said again ("…; MTUS Elbow Complaints 2007"). (Searched in the last _MTUS_JOINER_REACH characters only.)
_MTUS_JOINED_BEFORE = rx.compile(
    rf"(?:{_JOINER}|\s*;\s*and\b|(?P<comma>\s*,))\s*(?:(?:CA|California)\s+)?(?:MTUS\s*[:,]?\s*)?$", re.IGNORECASE
)
_MTUS_JOINER_REACH = 24
_SECTIONS_AFTER = rx.compile(r"\s*,?\s*(?:Sections?\s*\(?s?\)?|\bS[a-z]{3,7}\(s\))\s*:", re.IGNORECASE)


# What may follow the name before its chapter, and is the guideline's, not the chapter's: "-TWC", "(ODG)", a
# repeated "Guidelines", its year, edition, version and publisher ("Treatment in Workers' Compensation, Online
# Edition", "Work Loss Data Institute (21th Annual Edition), 2016", "14th Edition (web), 2016", "Web Version").
_ODG_EDITION = (
    rf"(?:19|20)\d{{2}}\b|\(?{_EDITION_WORDS}\)?|(?:(?:Online|Web)\s+)?(?:Edition|Version)\b"
    r"|\((?:web|online)\)|-?\s*Treatment\s+(?:in|for)\s+Workers'?\s*Comp(?:ensation)?\b(?:\s*\((?:ODG-)?TWC\))?"
    r"|Treatment\s+Index\b|Work\s+Loss\s+Data\s+Institute\b"
)
_ODG_REST = rx.compile(
    r"^\s*(?:-?\s*TWC\b\s*)?(?:\(ODG(?:-TWC)?\)\s*)?(?:Guidelines?\b\s*)?(?:,?\s*(?:" + _ODG_EDITION + r")\s*)*",
    re.IGNORECASE,
)
# The publisher written before the name ("Work Loss Data Institute, Official Disability Guidelines (ODG), …").
_ODG_PUBLISHER = rx.compile(r"Work\s+Loss\s+Data\s+Institute\b", re.IGNORECASE)


def _odg(rest: str, m: re.Match[str], start: int, end: int, text: str) -> CitationParts:
    """ODG, its section the rest of the citation between ``start`` and ``end`` (chapter and topic,
    written before or after the name)."""
    after = _ODG_REST.sub("", _TRAILING_AND.sub("", rest[m.end() : end]))
    before = rest[start : m.start()]
    if "institute" in before.lower():
        before = _ODG_PUBLISHER.sub("", before)
    parts = (before.strip(" ,;:-–"), after.lstrip(" ,;:"))
    section, pages = _tail(", ".join(part for part in parts if part.strip(" .,;:-–")))
    if section and ("odg" in section.lower() or "disab" in section.lower()):
        section = _clean(" ".join(_ODG_AGAIN.sub(_name_dropped, section).split()))
    return CitationParts("ODG", "Official Disability Guidelines", section, pages, text)


# The name said again within the chapters ("Knee Official Disability Guidelines (ODG), Physical Therapy
# Guidelines", "Shoulder (updated 12/12/16); ODG, Low Back", "Manipulation and ODG Chiropractic Guidelines").
_ODG_AGAIN = rx.compile(
    r"(?P<pre>[,;:.]?)\s*(?:" + _OFFICIAL + r"\s+Disab\w*\s+Guid\w*|(?<![./])\bODG\b)(?:\s*\(ODG\))?(?P<post>\s*[,:]?)\s*",
    re.IGNORECASE,
)


def _name_dropped(m: re.Match[str]) -> str:
    """What stands for the name dropped from a section: the punctuation before or after it, else a space."""
    return (m.group("pre") or m.group("post").strip()) + " "


# Where a name written "ACOEM …" ends: a comma, semicolon or colon (not a URL's), a URL, or its pages.
_ACOEM_NAME_END = rx.compile(r"[,;]|:(?!//)|\s*-?\s*https?://|\s(?=(?:Pages?\b|pgs?\.|pp?\.|pp?\s+\d))", re.IGNORECASE)
# The full name's acronym after it, and the guideline's title after that ("…(ACOEM), Occupational Medicine Practice
# Guidelines, 3rd Edition").
_ACOEM_ACRONYM = rx.compile(
    r"\s*(?:\(ACOEM\))?(?:\s*,?\s*(?:Occupational\s+Medicine\s+)?Practice\s+Guidelines?\b)?", re.IGNORECASE
)


def _acoem(rest: str, m: re.Match[str], end: int, text: str) -> CitationParts:
    """ACOEM, named as written up to the first comma/colon (or ``end``), the section after it; the
    full name ends the name at "(ACOEM)"."""
    if m.group().upper() == "ACOEM":
        stop = _ACOEM_NAME_END.search(rest, m.end(), end)
        name_end = stop.start() if stop else end
    else:
        acronym = _ACOEM_ACRONYM.match(rest, m.end(), end)
        name_end = acronym.end() if acronym else m.end()
    name = _clean(_TRAILING_AND.sub("", rest[m.start() : name_end]).rstrip(" -")) or "ACOEM"
    name, name_end = _with_edition(name, rest, name_end)
    section, pages = _tail(_TRAILING_AND.sub("", rest[name_end:end]))
    return CitationParts("ACOEM", name, section, pages, text)


def _non_mtus(rest: str, text: str) -> list[CitationParts]:
    """A citation outside the MTUS: ODG or ACOEM when it names one (a chapter may come first:
    "Neck and Upper Back, Physical Therapy, ODG Preface"), both when it names both joined by "and" or ";"
    ("ACOEM guidelines and the Official Disability Guidelines", "ACOEM Chapter 12, page 301; Official
    Disability Guidelines (ODG), Low Back"), else ``other`` as written. A reference written before the
    first name and joined to it by "and" or ";" is cited as written too ("Up To Date and the Official
    Disability Guidelines")."""
    # a reference of another kind first ("FDA prescribing information, Lidoderm …, Official Disability Guidelines
    # …"): a guideline named after it and a comma or joiner, however far in, is a citation of its own
    other_first = _OTHER_FIRST.match(rest) is not None
    named = sorted(
        (m.start(), kind, m)
        for kind, pattern in (("ODG", _ODG), ("ACOEM", _ACOEM))
        if (m := pattern.search(rest)) and (m.start() < _NAMED_WITHIN or not rest[m.end() :].strip(" .,;(ODG)")
                                            or (other_first and _LISTED_BEFORE.search(rest, max(0, m.start() - _JOINER_REACH), m.start())))
        and not _IN_ADDRESS.search(rest, 0, m.start())
    )  # fmt: skip
    if not named:
        return [_other(part, text) for piece in _others_apart(rest) for part in _addresses_apart(piece)]
    _, kind, m = named[0]
    out: list[CitationParts] = []
    start = 0
    before = (_LISTED_BEFORE if other_first else _JOINED_BEFORE).search(rest, max(0, m.start() - _JOINER_REACH), m.start())
    if before and _clean(rest[: before.start()]):
        out.append(_other(_clean(rest[: before.start()]), text))
        start = m.start()
    elif m.start() and _ADDRESS.search(rest, 0, m.start()):  # "http://www.aetna.com/…html, Official Disability …"
        out.append(_other(_clean(rest[: m.start()]), text))
        start = m.start()
    second, end = _second_source(rest, m, kind)
    # A reference of another kind joined after the guideline ("…, Pain Chapter; UpToDate, Tramadol", "… and
    # National Guideline Clearinghouse") is cited as written; other text after ";" or "and" is the chapter's.
    other = _OTHER_AFTER.search(rest, m.end(), end)
    out.append(_odg(rest, m, start, other.start() if other else end, text) if kind == "ODG"
               else _acoem(rest, m, other.start() if other else end, text))  # fmt: skip
    if other:
        out.extend(_other(_clean(piece), text) for piece in _others_apart(rest[other.end() : end]))
    if second:  # the other source: ACOEM after ODG, ODG after ACOEM (and a reference joined after it)
        after = _OTHER_AFTER.search(rest, second.end())
        stop = after.start() if after else len(rest)
        out.append(_acoem(rest, second, stop, text) if kind == "ODG"
                   else _odg(rest, second, second.start(), stop, text))  # fmt: skip
        if after:
            out.extend(_other(_clean(piece), text) for piece in _others_apart(rest[after.end() :]))
    return out


def _other(reference: str | None, text: str) -> CitationParts:
    """A reference outside the MTUS, ODG and ACOEM, as written; its pages where it ends with them ("Harrison's
    Principles of Internal Medicine, 19th ed., p. 1021-1024")."""
    pages = None
    if reference and (m := _PAGES_AT_END.search(reference)) and m.start():
        reference, pages = _clean(reference[: m.start()]), _pages(m.group("p"))
    if reference and reference.endswith("ed") and _EDITION_END.search(reference):
        reference += "."  # "…, 19th ed.": the abbreviation's full stop
    return CitationParts("other", reference, None, pages, text)


_EDITION_END = rx.compile(r"\b\d{1,2}(?:st|nd|rd|th)\s+ed$", re.IGNORECASE)
_PAGES_AT_END = rx.compile(
    r"[\s,;]*(?:\bPages?\s*\(?s?\)?\s*:*|\bpgs?\.?|\bpp?\.|\bpp?(?=\s+\d))\s*(?P<p>\d{1,4}(?:\s*[-–,]\s*\d{1,4})*)\s*\.?$",
    re.IGNORECASE,
)


def _others_apart(rest: str) -> list[str]:
    """A citation naming no guideline, split before each reference of another kind joined to the one before
    ("Harrison's Principles …, p. 1021-1024 and Medscape: …")."""
    pieces, start = [], 0
    for m in _OTHER_NEXT.finditer(rest, 1):
        if m.start() > start:
            pieces.append(rest[start : m.start()])
            start = m.end()
    pieces.append(rest[start:])
    return pieces


def _addresses_apart(rest: str) -> list[str | None]:
    """A reference as written, or, where it lists web addresses one after another ("http://…, https://…"), each
    address a reference of its own (a reference followed by its own address stays one)."""
    if rest.count("://") + rest.lower().count("www.") < 2 or not _ADDRESS.match(rest.lstrip()):
        return [_clean(rest)]
    parts: list[str | None] = [p for p in (_clean(x) for x in _BETWEEN_ADDRESSES.split(rest)) if p]
    return parts or [None]


# A comma or semicolon between two web addresses: "http://a.example/x, https://b.example/y".
_BETWEEN_ADDRESSES = rx.compile(r"\s*[,;]\s*(?:and\s+)?(?=https?://|www\.)", re.IGNORECASE)


def _other_joined(after_comma: str) -> re.Pattern[str]:
    """Where a reference of another kind joined to the text before starts: after "; (and) (the)", "(,) and (the)",
    "as well as (the)", or a comma before ``after_comma``."""
    return rx.compile(  # (each opens with a space, ";" or ",": other places fail at the first character)
        r"(?=[\s;,])(?:\s*;\s*(?:and\s+)?(?:the\s+)?(?=" + _OTHER_REFERENCE + "|" + _TEXTBOOK + ")"
        r"|,?\s+and\s+(?:the\s+)?(?=" + _OTHER_REFERENCE + ")"
        r"|,?\s+as\s+well\s+as\s+(?:the\s+)?(?=" + _OTHER_REFERENCE + "|" + _TEXTBOOK + ")"
        r"|\s*,\s*(?=" + after_comma + "))"
    )


# … after a guideline's chapter (a web address after it a reference of its own, but the guideline's own address:
# "…, Lidoderm, www.drugs.com/…", not "…, http://www.odg-twc.com/…"); and between references of other kinds (a
# reference's own address after its comma stays its own)
_OTHER_AFTER = _other_joined(rf"{_DATABASE}|{_TEXTBOOK}|(?:https?://|www\.)(?!\S*odg)")
_OTHER_NEXT = _other_joined(rf"{_DATABASE}|{_TEXTBOOK}")
_OTHER_FIRST = rx.compile(r"(?:the\s+)?(?:U\.?\s?S\.?\s+)?(?:" + _OTHER_REFERENCE + r")")
_LISTED_BEFORE = rx.compile(rf"(?:{_JOINER}|\s*,)\s*$", re.IGNORECASE)  # a joiner or a comma before a name


# A web address: a name inside one ("http://www.odg-twc.com/…") is no citation of that guideline.
_ADDRESS = rx.compile(_ADDRESS_START, re.IGNORECASE)
_IN_ADDRESS = rx.compile(rf"(?:{_ADDRESS_START})\S*$", re.IGNORECASE)


# "…, and the" / ";" just before a name: what precedes is another citation. (Searched in the last
# _JOINER_REACH characters before the name only: a search anchored at "$" would try every position.)
_JOINED_BEFORE = rx.compile(rf"(?:{_JOINER})\s*$", re.IGNORECASE)  # "…, and on the" (2013-15), "… as well as the"
_JOINER_REACH = 20


def _second_source(rest: str, first: re.Match[str], kind: str) -> tuple[re.Match[str] | None, int]:
    """The other source (ACOEM after ODG, or ODG after ACOEM) named after ``first`` and joined to the
    text before it by "and" or ";" (or by "and" with a word or two, as "ACOEM and the Official …"), or
    opened by its author ("… - Manipulation Harris J. Occupational medicine practice guidelines …"); and
    where the first one's text ends (the length of ``rest`` where there is no other)."""
    pattern = _ACOEM if kind == "ODG" else _ODG
    for m in pattern.finditer(rest, first.end()):
        if _BOTH.match(rest, first.end(), m.start()) or _LISTED_BEFORE.search(
            rest, max(first.end(), m.start() - _JOINER_REACH), m.start()
        ):
            return m, m.start()
        author = _AUTHOR_BEFORE.search(rest, max(first.end(), m.start() - _AUTHOR_REACH), m.start())
        if author:
            return m, author.start()
    return None, len(rest)


# An author's name opening a book reference: "Harris J. ", "Hegmann KT, ed. ". (Searched in the last
# _AUTHOR_REACH characters before a name only.)
_AUTHOR_BEFORE = rx.compile(r"(?<![A-Za-z])[A-Z][a-z]+\s+[A-Z]{1,2}\.?(?:,\s*ed\.)?\s*$")
_AUTHOR_REACH = 24


@memo
def parse_guideline(text: str | None) -> GuidelineStatement:
    """Every guideline one party cited, in order (cached: the same paragraphs recur across letters;
    callers must not mutate the result)."""
    if not text:
        return GuidelineStatement([], False)
    text = squash(text)
    low = text.lower()
    not_mtus = any(w in low for w in _NOT_MTUS_WORDS) and bool(_NOT_MTUS.search(text))
    parts = _DECISION_BASED_ON.split(text)
    if "decision on" in parts[0].lower():
        parts[:1] = _REVIEWER_BASED_ON.split(parts[0])
    citations: list[CitationParts] = []
    bare = False
    if _NO_EVIDENCE.search(parts[0]):
        citations.append(CitationParts("none", None, None, None, _clean(parts[0]) or ""))
    elif len(parts) == 1 and _BARE_CITATION.match(text):  # the guideline named without "Decision based on"
        parts.append(text)
        bare = True
    for whole in parts[1:]:
        pieces = _citing_sentences(whole) if ". " in whole or " and " in whole else [whole]
        for i, seg in enumerate(pieces):
            seg = seg.strip().rstrip(".").strip()
            if not seg:
                continue
            raw = seg if bare or i else "Decision based on " + seg
            # "… and Other Medical Treatment Guidelines <X>": X is one more guideline, cited as written.
            first, *others = _OTHER_GUIDELINES.split(seg) if "other medical" in seg.lower() else (seg,)
            citations.extend(_segment(first, raw))
            for other in others:
                if other.strip(" .,;:"):
                    citations.extend(_non_mtus(other.strip(" .,;:"), raw))
    if len(citations) > 1:
        # a source named alone ("The Expert Reviewer based their decision on the MTUS."), then cited in full: one row
        named = [c for c in citations if c.guideline or c.section or c.pages]
        citations = [c for c in citations if c in named or all(n.source != c.source for n in named)]
    if not not_mtus and "not part of" in low and citations and all(c.source not in ("MTUS", "none") for c in citations):
        # "… based his/her decision on the ODG, …, which is not part of the MTUS": no MTUS guideline cited, none
        # said to be part of it, and the MTUS named nowhere else
        remarks = list(_PART_OF_MTUS.finditer(text))
        ends = [0, *(r.end() for r in remarks)]
        starts = [*(r.start() for r in remarks), len(text)]
        rest = " ".join(text[a:b] for a, b in zip(ends, starts)).lower()  # the text less its remarks (one scan)
        not_mtus = (bool(remarks) and all("not" in r.group().lower() for r in remarks)
                    and not any(w in rest for w in ("mtus", "utilization schedule", "chronic pain medical treatment", "cpmtg")))  # fmt: skip
    return GuidelineStatement(citations, not_mtus)


def _citing_sentences(text: str) -> list[str]:
    """``text`` split before each sentence that opens by citing a guideline (not one that speaks of it)."""
    pieces, start = [], 0
    for m in _NEXT_GUIDELINE.finditer(text):
        if not _PROSE_AFTER_NAME.match(text, m.end()):
            pieces.append(text[start : m.start()])
            start = m.end()
    pieces.append(text[start:])
    return pieces


# A paragraph that opens with a guideline's name, "Decision based on" left out ("MTUS Chronic Pain …").
_BARE_CITATION = rx.compile(
    r"(?:(?:CA|California)\s+)?(?:MTUS\b|Medical\s+Treatment\s+Utilization\s+Schedule\b)|Non(?:\s?-\s?|\s)?MTUS\b"
    r"|" + _OFFICIAL + r"\s+Disability\s+Guidelines|ODG\b|ACOEM\b"
    r"|American\s+College\s+of\s+Occupational",
    re.IGNORECASE,
)
_OTHER_GUIDELINES = rx.compile(r"[\s,;]*\band\s+Other\s+Medical\s+Treatment\s+Guidelines?\b\s*:?\s*", re.IGNORECASE)


# The letter's own remark on the guideline ("…, which is part of the MTUS", "which are not part of the
# California Medical Treatment Utilization Schedule (MTUS)") is no part of its section.
_PART_OF_MTUS = rx.compile(
    r",?\s*which\s+(?:is|are)\s+(?:not\s+)?(?:a\s+)?part\s+of\s+the\s+(?:California\s+)?"
    r"(?:Medical\s+Treatment\s+Utilization\s+Schedule\s*)?(?:\(?MTUS\)?)?(?:\s+guidelines?)?\s*",
    re.IGNORECASE,
)


def _segment(seg: str, raw: str) -> list[CitationParts]:
    """The guidelines of one "Decision based on …" (``seg``: what follows those words)."""
    if seg[:4].lower() in ("the ", "per "):
        seg = _LEADING_THE.sub("", seg)
    if "part of" in seg and (remark := _PART_OF_MTUS.search(seg)):
        seg = (seg[: remark.start()] + " " + seg[remark.end() :]).strip(" ,")
        if "not" not in remark.group().lower():  # "ACOEM …, which is part of the MTUS": an MTUS guideline
            return [CitationParts("MTUS", c.guideline, c.section, c.pages, c.text) if c.source == "ACOEM" else c
                    for c in _segment(seg, raw)]  # fmt: skip
    m = _NON_MTUS.match(seg)
    if m:
        return _non_mtus(_LEADING_THE.sub("", seg[m.end() :]), raw)
    m = _MTUS.match(seg)
    if m:
        return _mtus(seg[m.end() :], raw)
    if _ODG.match(seg) or _ACOEM.match(seg):
        return _non_mtus(seg, raw)
    if _MTUS_NAME.match(seg):
        return _mtus(seg, raw)  # an MTUS guideline named without "MTUS" before it (2013 letters)
    return [_other(_clean(seg), raw)]
