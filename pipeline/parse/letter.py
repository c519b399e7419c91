"""One letter: its text → typed records (case, reviewer, items, citations), or the reason it cannot be read.

``parse_letter`` never raises on any text.
"""

from __future__ import annotations

import hashlib
import re

from . import rx
from . import summary as summary_facts
from .citations import parse_guideline
from .dates import NUMERIC_DATE
from .header import CASE_NUMBER as HEADER_CASE_NUMBER
from .header import find_case_number, header_date, header_text, labels_without_values, parse_header
from .items import (
    _CONCLUDING,
    ItemError,
    RawItem,
    _concludes,
    _is_weaning_advice,
    rationale_conclusion,
    split_items,
)
from .layout import LAYOUT_2016, detect_layout
from .records import Case, Citation, Item, Letter, Rejection
from .reviewer import parse_reviewer_2013, parse_reviewer_2016
from .sections import HOW, ISSUES, SUMMARY, Sections, split_sections
from .taxonomy import body_region, classify_treatment, requested_quantity
from .text import (
    CASE_NUMBER,
    clean_lines,
    count_pages,
    drop_repeated_pages,
    drop_running_lines,
    join_lines,
    letter_pages,
    without_browser_footer,
)

_CITED_BY = (("claims_administrator", "ca"), ("maximus", "mx"))
_HOW_HEADING = "FINAL DETERMINATION WAS MADE"  # once a letter: twice, two letters merged into one file


def _case_id(case_number: str | None, summary: str, raw_items: list[RawItem]) -> str:
    if case_number:
        return case_number
    # Letters without a case number are identified by what they say (summary and items): its words and numbers
    # lower-cased, one space between each two, so the same letter read by any extraction (line breaks, spacing,
    # letter case, punctuation, a word hyphenated at a line's end or not) is one case, and "1/26/11" and "12/6/11"
    # stay apart.
    key = _words(summary + "|" + "|".join(f"{r.treatment}:{r.decision}" for r in raw_items))
    return "NOCN-" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_NOT_ALNUM = re.compile(r"[\W_]+")
_WORD_HYPHEN = re.compile(r"-(?<=[A-Za-z]-)(?=[A-Za-z])")  # (the hyphen first: the engine skips to each one)
# ASCII letters and digits lower-cased, every other byte a space (bytes.translate: ~7x cheaper than the regexes)
_ASCII_WORDS = bytes((c | 32 if 65 <= c <= 90 else c) if (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122) else 32
                     for c in range(256))


def _words(key: str) -> str:
    """``key``'s words and numbers, lower-cased, one space between each two, a word's hyphen dropped."""
    if "-" in key:
        key = _WORD_HYPHEN.sub("", key)
    if key.isascii():
        return " ".join(key.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split())
    return _NOT_ALNUM.sub(" ", key.lower()).strip()


def _region(raw: RawItem) -> str | None:
    """The item's body region; a partial authorization's remaining portion that names none ("Chiropractic
    physiotherapy treatment 6 visits") has the region of the original request it is part of."""
    region = body_region(raw.treatment)
    if region is None and raw.is_partial and raw.original_request:
        region = body_region(raw.original_request)
    return region


def _build_item(raw: RawItem, case_id: str, source_file: str) -> tuple[Item, list[Citation]]:
    item_id = f"{case_id}-{raw.number:02d}"
    category, subcategory = classify_treatment(raw.treatment, associated_surgical=raw.is_associated)
    conclusion, mixed = rationale_conclusion(raw.rationale)
    expected = "not_medically_necessary" if raw.decision == "upheld" else "medically_necessary"
    consistent = None if conclusion == "unclear" else conclusion == expected
    citations: list[Citation] = []
    basis = None
    not_mtus = False
    for cited_by, short in _CITED_BY:
        text = raw.ca_text if cited_by == "claims_administrator" else raw.mx_text
        statement = parse_guideline(text)
        if cited_by == "maximus":
            not_mtus = statement.not_based_on_mtus
            if statement.citations:
                basis = statement.citations[0].source
        for n, part in enumerate(statement.citations, start=1):
            citations.append(
                Citation(
                    citation_id=f"{item_id}-{short}{n}",
                    item_id=item_id,
                    case_id=case_id,
                    cited_by=cited_by,
                    citation_number=n,
                    source=part.source,
                    guideline=part.guideline,
                    section=part.section,
                    pages=part.pages,
                    citation_text=part.text,
                    source_file=source_file,
                )
            )
    item = Item(
        item_id=item_id,
        case_id=case_id,
        item_number=raw.number,
        treatment=raw.treatment,
        decision=raw.decision,
        service_category=category,
        service_subcategory=subcategory,
        body_region=_region(raw),
        requested_quantity=requested_quantity(raw.treatment),
        is_partial_authorization=raw.is_partial,
        original_request=raw.original_request,
        authorized_portion=raw.authorized_portion,
        is_associated_surgical_service=raw.is_associated,
        is_retrospective=raw.is_retrospective,
        date_of_service=raw.date_of_service,
        claims_administrator_guideline=raw.ca_text,
        maximus_guideline=raw.mx_text,
        decision_basis_source=basis,
        not_based_on_mtus=not_mtus,
        rationale=raw.rationale,
        rationale_conclusion=conclusion,
        decision_consistent=consistent,
        rationale_mixed=mixed,
        source_file=source_file,
    )
    return item, citations


def _drop_running_header(sections: Sections, case_number: str | None) -> None:
    """Drop a case number printed alone on a line from the letter's sections after its header: the header's case
    number atop each page (a running header), or, in a letter printed without a header, a number in a page's footer
    (one whose other part, ``Page 1 of 2``, was extracted apart from it: between an item's name and its decision)."""

    def furniture(line: str) -> bool:
        return line == case_number or (len(line) <= 40 and line[-1:].isdigit() and _BARE_CASE_NUMBER.fullmatch(line) is not None)

    sections.credentials = [line for line in sections.credentials if not furniture(line)]
    sections.summary = [line for line in sections.summary if not furniture(line)]
    sections.issues = [line for line in sections.issues if not furniture(line)]


_BARE_CASE_NUMBER = rx.compile(r"\s*(?:(?:IMR\s+)?Case\s*(?:Number|No\.?|#)\s*:?\s*)?[A-Z]{2}\d{2}-?\d{5,8}\s*", re.IGNORECASE)


# "The expert reviewer developed the following clinical case summary based on a review of the case file, including
# all medical records:", as every letter of both layouts opens its summary.
_SUMMARY_FORMULA = rx.compile(
    r"^The expert reviewer developed the following clinical case summary based on a review of the case file,?"
    r"(?: including all (?:of the )?medical records)?\s*[:.]?\s*",
    re.IGNORECASE,
)


_SENTENCE_END = rx.compile(r"[.!?][\"')\]]*")


def _stops_mid_sentence(rationale: str) -> bool:
    """Whether a letter's last rationale ends in the middle of a sentence that concludes nothing: the letter was cut
    short ("… The efficacy of the medicatio"). Every letter ends with its last rationale, whose last sentence is
    whole; one whose full stop is missing still concludes ("… the request for the left arm EMG is not medically
    necessary", "… the medical necessity of this request is not established", in the rationale grammar's words), so
    a fragment whose conclusion ends it, give or take a few words, is whole. A reference after the last sentence,
    in brackets or as a labelled line, and a line without prose (a form number) are no sign of a cut. Of 776 real
    letters cut at random in their decisions, 45 still read as whole (37 of them with a difference: cut after a
    sentence, or just after a conclusion); of 193 real letters with their last full stop removed, 1 reads as cut."""
    end = rationale.rstrip()
    last = None
    for last in _SENTENCE_END.finditer(end, max(0, len(end) - 400)):
        pass
    fragment = end[last.end() :] if last else end[-400:]
    fragment = fragment.strip()
    if (not fragment or fragment.upper() == fragment or (fragment[0] == "(" and fragment[-1] == ")")
            or _TYPIST_INITIALS.fullmatch(fragment)):  # fmt: skip
        return False  # nothing after the last sentence, no prose (a form number, "CC: ...", a typist's "/mm"), or a
        # reference aside
    if _LABELLED_LINE.match(fragment) or _ends_with_furniture(end, len(end) - len(fragment)):
        return False  # a line of its own after the letter's end ("Reference: ODG Pain Chapter", "CC: ..."), or a
        # page's furniture ("CM14-0012345 Page 1 of 1", an address, "cc: …") left on a letter of one page
    low = " ".join(fragment.lower().split())
    # a conclusion ending the fragment, give or take a few words ("… is not medically necessary at this ti"): the
    # sentence that decides is whole; one followed by more ("… medical necessity for the reque") was cut
    ends = [low.rfind(phrase) + len(phrase) for phrase in _CONCLUDING if phrase in low]
    m = _concludes(low)
    if m is not None:
        ends.append(m.end())
    return not (any(len(low) - end <= _CONCLUSION_TAIL for end in ends) or _is_weaning_advice(fragment))


_CONCLUSION_TAIL = 40  # characters after a conclusion that may still belong to its sentence


_LABELLED_LINE = rx.compile(r"[A-Z][A-Za-z ]{1,30}:\s")
_TYPIST_INITIALS = rx.compile(r"[A-Za-z]{0,4}\s*[/:]\s*[A-Za-z]{2,4}")  # "/mm", "JS/mm", "abc:de" ending a letter
_FURNITURE = rx.compile(
    CASE_NUMBER.pattern + r"|\bPage\s+\d+\s+of\s+\d+|\bP\.?\s?O\.?\s+Box\b|\bcc\s*:|\bDWC\b|\bMAXIMUS\b|Division\s+of\s+Workers"
    r"|\(\d{3}\)\s*\d{3}-\d{4}|\bFax\b",
    re.IGNORECASE,
)
_FURNITURE_LEAD = 12  # characters before the fragment a furniture line may start in ("cc: Dr. " / "Smith", "P.O. " / "Box")
_PROSE = rx.compile(r"[a-z]{2,}\s+[a-z]{2,}")


def _ends_with_furniture(end: str, fragment_at: int) -> bool:
    """Whether the letter ends with a page's furniture (a case number, "Page 1 of 1", an address, a copy list): the
    last one found from just before the unfinished fragment, with no prose after it."""
    last = None
    for last in _FURNITURE.finditer(end, max(0, fragment_at - _FURNITURE_LEAD)):
        pass
    return last is not None and len(end) - last.end() <= 40 and not _PROSE.search(end, last.end())


# A header's values printed as a column away from their labels: the case number alone on its line, then a date alone
# on its line.
_VALUE_COLUMN = re.compile(rf"^[ \t]*{HEADER_CASE_NUMBER}[ \t]*\n(?:[ \t]*\n)*[ \t]*(?:{NUMERIC_DATE})[ \t]*$", re.MULTILINE)
_HEADINGS = (HOW, SUMMARY, ISSUES)  # in the order every letter prints them


def _pages_out_of_order(found: dict[str, int]) -> str | None:
    """Why the letter's pages are out of order, where its section headings (``Sections.found``: heading → line) come
    in another order than every letter prints them (a PDF whose pages were shuffled or reversed: read as it is, the
    header would end the last rationale)."""
    if len(found) < 3:
        return None
    at = [found.get(heading, -1) for heading in _HEADINGS]
    for k in range(len(at) - 1):
        if at[k] > at[k + 1] >= 0:
            return (f"the letter's pages are out of order: '{_HEADINGS[k + 1]}' is printed before '{_HEADINGS[k]}'; "
                    "put its pages back in order")
    return None


def _parse(text: str, source_file: str) -> Letter | Rejection:
    if not text or text.isspace():
        return Rejection("empty letter: the file has no text; fetch the letter again", "read")
    # (a browser's footer after the running lines: one on every page is one of them)
    # (an office's proof of service after the letter, and a page copied twice, are no part of it)
    lines = clean_lines(without_browser_footer(drop_repeated_pages(drop_running_lines(letter_pages(text))) if "\f" in text else text))
    sections = split_sections(lines)
    if (reason := _pages_out_of_order(sections.found)) is not None:
        return Rejection(reason, "layout")
    layout, reason = detect_layout(sections, lines)
    if layout is None:
        return Rejection(reason or "unrecognized layout", "layout")
    if text.count(_HOW_HEADING) > 1:  # (str.count: the heading as printed, in capitals)
        numbers = list(dict.fromkeys(CASE_NUMBER.findall(text)))
        return Rejection(
            f"the file holds {text.count(_HOW_HEADING)} letters (the heading '{HOW}' is printed more than once"
            + (f"; case numbers {', '.join(numbers[:5])}" if len(numbers) > 1 else "")
            + "): split it into one file per letter",
            "layout",
        )
    # The case header is read wherever it is printed (2016-17 letters, and 2013-15 letters as PDFs carry it).
    fields: dict[str, object] = parse_header(sections.header) if sections.header else {}
    case_number = header_text(fields, "case_number") or (find_case_number(" ".join(sections.header)) if sections.header else None)
    if not fields and sections.header and labels_without_values(sections.header) and _VALUE_COLUMN.search(text):
        # (the values printed further on as the header prints them, a case number then dates each alone on its
        # line: put elsewhere, not left blank; a case number in a footer or the summary is no such column)
        return Rejection(
            "the case header prints its labels but none of their values (they come later in the text): the text is "
            "out of reading order; extract the PDF again in reading order, or OCR it",
            "layout",
        )
    if (case_number and text.count(case_number) > 1) or (not case_number and "\f" in text):
        _drop_running_header(sections, case_number)
    if ISSUES not in sections.found:
        return Rejection(
            f"no disputed items section: the heading '{ISSUES}' is missing; the letter may be truncated "
            "before its decisions",
            "parse",
        )
    try:
        raw_items = split_items(sections.issues)
    except ItemError as exc:
        return Rejection(str(exc), "validate")
    if not raw_items:
        return Rejection(
            "no disputed items found: the decisions section has no item line ending in Upheld or Overturned; "
            "the letter may be truncated",
            "parse",
        )
    last = raw_items[-1]
    if last.rationale is None:  # (a last item with its rationale but no guideline paragraph was not cut: the rationale comes last)
        return Rejection(
            f"letter appears truncated: the last item ({last.number}, '{last.treatment[:60]}') has no decision rationale; "
            "fetch the complete letter",
            "parse",
        )
    if _stops_mid_sentence(last.rationale):
        return Rejection(
            f"letter appears truncated mid-way: the last item's rationale stops mid-sentence "
            f"('…{last.rationale[-50:]}'); fetch the complete letter",
            "parse",
        )

    summary_text = join_lines(sections.summary)  # clean lines: already single-spaced; a date wrapped at "/" whole
    full_summary = summary_text  # the case id of a letter without a number hashes it whole, its words (_case_id)
    if summary_text[:32].lower().startswith("the expert reviewer developed"):
        # every letter's opening formula, no fact of the case: not kept in the summary (nor searched)
        summary_text = _SUMMARY_FORMULA.sub("", summary_text, count=1)
    if layout == LAYOUT_2016:
        reviewer = parse_reviewer_2016(sections.credentials)
    else:
        reviewer = parse_reviewer_2013(sections.credentials)
    case_id = _case_id(case_number, full_summary, raw_items)
    items: list[Item] = []
    citations: list[Citation] = []
    for raw in raw_items:
        item, cites = _build_item(raw, case_id, source_file)
        items.append(item)
        citations.extend(cites)
    age, sex = summary_facts.patient_age_sex(summary_text)
    n_up = sum(1 for i in items if i.decision == "upheld")
    n_over = len(items) - n_up
    outcome = "uphold" if n_over == 0 else ("overturn" if n_up == 0 else "partially_overturn")
    case = Case(
        case_id=case_id,
        case_number=case_number,
        source_file=source_file,
        layout=layout,
        date_assigned=header_date(fields, "date_assigned"),
        decision_date=header_date(fields, "decision_date"),
        date_of_injury=header_date(fields, "date_of_injury") or summary_facts.injury_date(summary_text),
        # (a 2016-17 letter's header gives it; its summary only where the header does not)
        ur_denial_date=header_date(fields, "ur_denial_date") or summary_facts.ur_denial_date(summary_text),
        application_received_date=header_date(fields, "application_received_date"),
        priority=header_text(fields, "priority"),
        patient_age=age,
        patient_sex=sex,
        diagnosis=summary_facts.diagnosis(summary_text),
        case_summary=summary_text or None,
        reviewer_id=reviewer.reviewer_id if reviewer else None,
        n_items=len(items),
        n_upheld=n_up,
        n_overturned=n_over,
        case_outcome=outcome,
        page_count=count_pages(text) if "\f" in text else None,
        reviewer_credentials_text=reviewer.credentials_text if reviewer else None,
    )
    return Letter(case=case, reviewer=reviewer, items=items, citations=citations)


def parse_letter(text: str, source_file: str = "") -> Letter | Rejection:
    """Records for one letter, or the reason it cannot be read. Never raises on a ``str`` (compiled, the
    parser checks its arguments' types first: anything else is a TypeError)."""
    try:
        return _parse(text, source_file)
    except Exception as exc:  # noqa: BLE001 — a parser bug must quarantine a letter, not stop a run
        return Rejection(f"parser error ({type(exc).__name__}: {exc}); report this letter as a parser bug", "parse")

