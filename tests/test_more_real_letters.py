"""Real DWC letters beyond the manifest's 24 (same public source, 2016–17 layout), read from the PDF
as published: wordings the samples do not show, each value checked against the letter by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.extract import extract_file
from pipeline.parse import Letter, parse_letter

MORE = Path(__file__).parent / "fixtures" / "more_pdf"
DG, RE, SU = "Diagnostic Testing", "Rehabilitation", "Surgery"


def _letter(case_number: str) -> Letter:
    extracted = extract_file(MORE / f"{case_number}.pdf")
    letter = parse_letter(extracted.text, f"{case_number}.pdf")
    assert isinstance(letter, Letter), letter
    return letter


def _items(letter: Letter) -> list[tuple]:
    return [(i.treatment, i.decision, i.service_category, i.service_subcategory, i.body_region, i.requested_quantity)
            for i in letter.items]


def test_every_letter_here_is_tested():
    tested = {"CM16-0249170", "CM16-0236969", "CM17-0008479", "CM17-0002892", "CM16-0249726"}
    assert {p.stem for p in MORE.glob("*.pdf")} == tested


def test_sex_stated_without_an_age():
    # "The injured worker is a female who sustained…", two birthdates listed: no age is read
    c = _letter("CM16-0249170").case
    assert (c.patient_age, c.patient_sex, c.date_of_injury, c.decision_date) == (
        None, "female", date(2016, 10, 25), date(2017, 1, 27))
    assert c.diagnosis == ("left shoulder impingement, status post cubital tunnel release and status post "
                           "carpal tunnel")


def test_diagnosis_written_undergoing_treatment_for():
    c = _letter("CM16-0236969").case
    assert (c.patient_age, c.patient_sex) == (26, "male")
    # pdftotext's dehyphenation, which the PDF path reproduces, joins "shoulder-" / "upper arm"
    assert c.diagnosis.startswith("strain of the muscles, fascia and tendon of the right shoulderupper arm, ")
    assert c.diagnosis.endswith("thoracic spine and right ulna fracture")


def test_tpii_and_lint_items():
    letter = _letter("CM17-0008479")
    assert letter.case.diagnosis == "other cervical disc displacement, mid cervical region"
    assert _items(letter)[5:] == [
        ("Extracorporeal shockwave therapy (ESWT)", "upheld", RE, "Other Therapies", None, None),
        ("Trigger points impedance imaging (TPII)", "upheld", DG, "Other Diagnostic Tests", None, None),
        ("Localized intense neurostimulation therapy [following TPII]", "upheld", RE, "Other Therapies", None, None),
    ]
    assert [i.requested_quantity for i in letter.items[1:5]] == [12, 12, 12, 12]


def test_arthroscopy_with_evaluation_and_pa_assist():
    assert _items(_letter("CM17-0002892")) == [
        ("Right knee arthroscopy with evaluation of ACL, medical meniscectomy", "upheld", SU, "Arthroscopic Surgery",
         "knee", None),
        ("PA assist", "upheld", SU, "Adjunct Surgical Services", None, None),
        ("Post operative physical therapy for the right knee 2 times a week for 6 weeks", "upheld", RE,
         "Physical Therapy/Occupational Therapy (PT/OT)", "knee", 12),
    ]


def test_daily_rn_is_home_health_and_diagnosis_that_include():
    letter = _letter("CM16-0249726")
    # "…the injured worker has diagnosis that include status post crush injury…"
    assert (letter.case.patient_age, letter.case.patient_sex, letter.case.diagnosis) == (
        43, "male", ("status post crush injury status post exploratory laparotomy with a colon resection now "
                     "recovering well"))
    assert _items(letter) == [
        ("Daily RN for 4 weeks for wound care and monitoring of wound healing and home safety, medication management",
         "overturned", "Home Health", "Home Health", None, 28),  # daily for 4 weeks: 28 visits
    ]


@pytest.mark.parametrize(("case_number", "specialties", "states"), [
    ("CM16-0249170", ["Family Practice"], ["AZ", "CA"]),
    ("CM17-0002892", ["Orthopedic Surgery"], ["CO", "TX", "AZ"]),
])
def test_reviewer(case_number, specialties, states):
    r = _letter(case_number).reviewer
    assert (r.specialties, r.primary_specialty, r.license_states) == (specialties, specialties[0], states)
