"""Every checked value of the 24 real letters and every field of the five seeds, pinned."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pipeline.parse import Letter, parse_letter
from pipeline.parse.taxonomy import split_specialties, state_codes

from .conftest import TXT, read_text, seed_path

CASES = sorted(p.stem for p in TXT.glob("*.txt"))

# Each item's decision, in letter order, read from the letters.
DECISIONS = {
    "CM16-0224814": "U",
    "CM16-0232182": "U",
    "CM16-0235991": "UO",
    "CM16-0238352": "U",
    "CM16-0240434": "O",
    "CM16-0243394": "UU",
    "CM16-0246487": "OOOOUU",
    "CM16-0247660": "U",
    "CM16-0249320": "U",
    "CM17-0001749": "O",
    "CM17-0003192": "U",
    "CM17-0004133": "UUU",
    "CM17-0005418": "UU",
    "CM17-0006838": "U",
    "CM17-0008177": "U",
    "CM17-0009282": "O",
    "CM17-0010006": "UUUUUU",
    "CM17-0011517": "UU",
    "CM17-0012614": "U",
    "CM17-0013754": "U",
    "CM17-0015218": "O",
    "CM17-0016666": "U",
    "CM17-0018279": "U",
    "CM17-0020237": "U",
}


def _d(text: str) -> date:
    return datetime.strptime(text, "%m/%d/%Y").date()


def _parse(case: str) -> Letter:
    result = parse_letter(read_text(TXT / f"{case}.txt"), f"{case}.txt")
    assert isinstance(result, Letter), result
    return result


@pytest.mark.parametrize("case", CASES)
def test_real_letter_matches_manifest(case, manifest):
    row = manifest[case]
    letter = _parse(case)
    c = letter.case
    assert c.case_number == case
    assert c.case_id == case
    assert c.layout == "dwc-2016"
    assert c.date_assigned == _d(row["date_assigned"])
    assert c.decision_date == _d(row["decision_date"])
    assert c.priority == row["priority"]
    assert c.date_of_injury == _d(row["date_of_injury"])
    assert c.ur_denial_date == _d(row["ur_denial_date"])
    assert c.application_received_date == _d(row["application_received"])
    assert c.patient_age == int(row["age"])
    assert c.patient_sex == row["sex"]
    assert c.page_count == int(row["n_pages"])
    assert (c.n_items, c.n_upheld, c.n_overturned) == (int(row["n_items"]), int(row["n_upheld"]), int(row["n_overturned"]))
    assert letter.reviewer is not None
    assert letter.reviewer.license_states == state_codes(row["state_of_licensure"])
    first_line = split_specialties(row["certification_specialty"])
    assert letter.reviewer.specialties[: len(first_line)] == first_line
    assert letter.reviewer.primary_specialty == first_line[0]
    assert "".join(i.decision[0].upper() for i in letter.items) == DECISIONS[case]
    assert [i.item_number for i in letter.items] == list(range(1, len(letter.items) + 1))
    for item in letter.items:
        assert item.treatment and "  " not in item.treatment and "\n" not in item.treatment
        assert not item.treatment.endswith(("Upheld", "Overturned", ":"))
        assert item.rationale and item.maximus_guideline and item.claims_administrator_guideline


def test_wrapped_items_and_partials_unwrapped():
    items = _parse("CM16-0235991").items
    assert items[1].treatment == (
        "EMG (electromyography)/NCV (nerve conduction velocity) of the bilateral upper extremities"
    )
    p = _parse("CM17-0004133").items[2]
    assert p.is_partial_authorization
    assert p.treatment == "one week trial of Acute Rehabilitation Unit"
    assert p.original_request == (
        "Two to three week trial of Acute Rehabilitation Unit with possible extension from one to three weeks"
    )
    assert p.authorized_portion == "Two week trial of Acute Rehabilitation Unit"
    q = _parse("CM17-0001749").items[0]
    assert q.is_partial_authorization and q.treatment == "Partial Hospitalization day treatment"
    assert q.authorized_portion == "an Evaluation only for a Partial Hospitalization day treatment"
    r = _parse("CM17-0015218").items[0]
    assert r.treatment == "with open carpal tunnel release" and r.is_retrospective
    assert r.date_of_service == date(2016, 12, 13)


def test_decision_alone_on_its_line_and_dos():
    items = _parse("CM16-0243394").items
    assert items[0].treatment == "Voltaren gel apply to affected area 4 times a day, #60 grams with 1 refill, DOS: 11/11/2016"
    assert items[0].date_of_service == date(2016, 11, 11)
    assert items[0].decision == "upheld"


def test_associated_surgical_service_items():
    items = _parse("CM16-0246487").items
    assert [i.is_associated_surgical_service for i in items] == [False, True, True, True, False, False]
    assert items[1].treatment == "Associated surgical service: Physical therapy, times 12"
    assert all(i.service_category == "Surgery" and i.service_subcategory == "Adjunct Surgical Services" for i in items[1:4])


def test_citations_2016_grammar():
    letter = _parse("CM16-0235991")
    cites = [c for c in letter.citations if c.item_id == "CM16-0235991-02"]
    got = [(c.cited_by, c.source, c.guideline, c.section) for c in cites]
    assert got == [
        ("claims_administrator", "MTUS", "Forearm, Wrist, and Hand Complaints 2004", "Special Studies"),
        ("claims_administrator", "ODG", "Official Disability Guidelines", "Carpal Tunnel Syndrome (Acute & Chronic) Electrodiagnostic testing"),
        ("maximus", "MTUS", "Neck and Upper Back Complaints 2004", "Special Studies"),
        ("maximus", "MTUS", "Chronic Pain Medical Treatment 2016", "Electrodiagnostic testing (EMG/NCS)"),
    ]
    assert letter.items[1].decision_basis_source == "MTUS"
    odg = _parse("CM17-0008177")
    assert odg.items[0].not_based_on_mtus and odg.items[0].decision_basis_source == "ODG"
    ca = [c for c in odg.citations if c.cited_by == "claims_administrator"]
    assert [(c.source, c.guideline, c.section) for c in ca] == [
        ("MTUS", "Shoulder Complaints 2004", "Special Studies"),
        ("ODG", "Official Disability Guidelines", "Shoulder Chapter: MR arthrogram"),
    ]
    none = [c for c in _parse("CM17-0004133").citations if c.cited_by == "claims_administrator"]
    assert {c.source for c in none} == {"none"}


def _seed(prefix: str) -> Letter:
    path = seed_path(prefix)
    result = parse_letter(read_text(path), path.name)
    assert isinstance(result, Letter), result
    return result


def test_seed_000():
    s = _seed("000")
    c = s.case
    assert c.case_number is None and c.case_id.startswith("NOCN-") and c.layout == "dwc-2013"
    assert (c.date_of_injury, c.ur_denial_date, c.decision_date) == (date(2011, 1, 26), date(2014, 11, 4), None)
    assert (c.patient_age, c.patient_sex) == (64, "male")
    # the summary is the case's: every letter's opening formula is left out; the case id is hashed from the
    # summary as printed, its words and numbers only
    assert c.case_summary.startswith("The 64 year old male injured worker with date of injury 1/26/11 with related")
    assert c.case_id == "NOCN-60ca8c25aa5bd524"
    r = s.reviewer
    # the board is the specialty; the subspecialty is its own column, as written
    assert (r.specialties, r.subspecialty, r.license_states) == (["Anesthesiology"], "Acupuncture & Pain Medicine", ["CA"])
    [i] = s.items
    assert (i.treatment, i.decision, i.requested_quantity, i.body_region) == (
        "Physical Therapy 2 x 6 for the lumbar spine", "overturned", 12, "lumbar")
    assert (i.service_category, i.service_subcategory) == ("Rehabilitation", "Physical Therapy/Occupational Therapy (PT/OT)")
    assert (i.rationale_conclusion, i.decision_consistent) == ("medically_necessary", True)
    assert [(c.cited_by, c.source, c.guideline, c.section, c.pages) for c in s.citations] == [
        ("claims_administrator", "none", None, None, None),
        ("maximus", "MTUS", "Chronic Pain Treatment Guidelines", "Physical Medicine", "98-99"),
    ]


def test_seed_001_reasonable_then_not_necessary():
    s = _seed("001")
    c = s.case
    assert (c.date_of_injury, c.ur_denial_date, c.patient_age, c.patient_sex) == (date(2003, 11, 10), date(2014, 11, 6), 42, "male")
    assert c.diagnosis == "1. lumbar spine surgeries x 3, 2. lumbar strain, 3. Insomnia"
    r = s.reviewer
    assert (r.specialties, r.subspecialty, r.license_states) == (["Physical Medicine & Rehabilitation"], "Interventional Spine", ["CA"])
    [i] = s.items
    assert (i.treatment, i.decision, i.requested_quantity) == ("5 chiropractic treatments with physiotherapy", "upheld", 5)
    assert (i.service_category, i.service_subcategory) == ("Rehabilitation", "Chiropractic")
    # Kept as written and flagged: the rationale calls it reasonable, then concludes not necessary.
    assert (i.rationale_conclusion, i.decision_consistent, i.rationale_mixed) == ("not_medically_necessary", True, True)
    assert [(c.cited_by, c.source, c.guideline, c.section, c.pages) for c in s.citations] == [
        ("claims_administrator", "MTUS", "Chronic Pain Treatment Guidelines", "Physical Medicine", None),
        ("claims_administrator", "ODG", "Official Disability Guidelines", "Low Back - Lumbar & Thoracic (Acute & Chronic), Physical Therapy (PT)", None),
        ("maximus", "MTUS", "Chronic Pain Treatment Guidelines", "Manual Therapy and Treatments. Manual therapy & manipulation", "58-59"),
    ]


def test_seed_002():
    s = _seed("002")
    c = s.case
    assert (c.date_of_injury, c.ur_denial_date, c.patient_age, c.patient_sex) == (date(2010, 6, 10), date(2013, 12, 4), 60, "male")
    assert (s.reviewer.specialties, s.reviewer.subspecialty, s.reviewer.license_states) == (["Occupational Medicine"], None, ["CA"])
    [i] = s.items
    assert (i.treatment, i.decision, i.body_region, i.requested_quantity) == ("PHYSICAL THERAPY CERVICAL", "upheld", "cervical", None)
    assert [(c.source, c.guideline) for c in s.citations] == [("MTUS", "ACOEM"), ("MTUS", "Chronic Pain Treatment Guidelines")]


def test_seed_003():
    s = _seed("003")
    c = s.case
    assert (c.date_of_injury, c.ur_denial_date, c.patient_age, c.patient_sex) == (date(2012, 3, 3), None, 49, "male")
    [i] = s.items
    assert (i.treatment, i.decision, i.body_region) == ("Post Injection Lumbar PT", "upheld", "lumbar")
    assert i.not_based_on_mtus and i.decision_basis_source == "ODG"
    assert [(c.cited_by, c.source, c.section) for c in s.citations] == [
        ("claims_administrator", "none", None),
        ("maximus", "ODG", "Low Back, Physical Therapy - Post injection"),
    ]


def test_seed_004_contradiction_flagged():
    s = _seed("004")
    c = s.case
    assert (c.date_of_injury, c.patient_age, c.patient_sex, c.diagnosis) == (date(2010, 4, 14), 55, "male", "low back pain")
    r = s.reviewer
    assert (r.specialties, r.subspecialty, r.license_states) == (
        ["Physical Medicine & Rehabilitation"], "Pediatric Rehabilitation Medicine", ["TX"])
    assert [i.treatment for i in s.items] == [
        "A PAIN MANAGEMENT REFERRAL FOR THE LUMBAR SPINE",
        "NORCO 10/325MG",
        "PHYSICAL THERAPY FOR THE LUMBAR SPINE (THREE TIMES A WEEK FOR TWO MONTHS)",
    ]
    assert [i.decision for i in s.items] == ["upheld"] * 3
    assert [i.rationale_conclusion for i in s.items] == ["medically_necessary", "not_medically_necessary", "not_medically_necessary"]
    assert [i.decision_consistent for i in s.items] == [False, True, True]
    assert [(i.service_category, i.service_subcategory) for i in s.items] == [
        ("Evaluation & Management", "Medical Specialties"),
        ("Pharmaceuticals", "Opioids"),
        ("Rehabilitation", "Physical Therapy/Occupational Therapy (PT/OT)"),
    ]
    assert [i.requested_quantity for i in s.items] == [None, None, 24]
    assert [i.body_region for i in s.items] == ["lumbar", None, "lumbar"]
    mx = [(c.guideline, c.section, c.pages) for c in s.citations if c.cited_by == "maximus"]
    assert mx == [
        ("Chronic Pain Treatment Guidelines", "Introduction", "1"),
        ("Chronic Pain Treatment Guidelines", "Opioids, Ongoing Management", "78"),
        ("Chronic Pain Treatment Guidelines", "Physical Medicine", "98-99"),
    ]
    ca = [(c.source, c.guideline, c.section) for c in s.citations if c.cited_by == "claims_administrator"]
    assert ca[0] == ("ACOEM", "ACOEM Guidelines", "Chapter 7")


def test_forget_empties_the_remembered_answers_but_keeps_the_rule_tables():
    from pipeline.parse import forget
    from pipeline.parse.dates import parse_date
    from pipeline.parse.taxonomy import classify_treatment, tables

    compiled = tables()
    assert classify_treatment("Physical therapy 2x6 for the lumbar spine") == ("Rehabilitation", "Physical Therapy/Occupational Therapy (PT/OT)")
    parse_date("01/02/2015")
    forget()
    assert parse_date.cache_info().currsize == 0
    assert tables() is compiled
    assert classify_treatment("Physical therapy 2x6 for the lumbar spine") == ("Rehabilitation", "Physical Therapy/Occupational Therapy (PT/OT)")
