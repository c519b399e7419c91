"""Constructed variants of real letters: the grammar, not the samples' exact bytes, decides."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.parse import Letter, Rejection, parse_letter
from pipeline.parse.text import clean_lines

from .conftest import TXT, read_text, seed_path

REAL = read_text(TXT / "CM16-0246487.txt")  # 6 items, associated surgical services, 4 pages
PARTIAL = read_text(TXT / "CM17-0004133.txt")
SEED = read_text(seed_path("004"))


def _summary(text: str) -> list[tuple[str, str]]:
    result = parse_letter(text, "x.txt")
    assert isinstance(result, Letter), result
    return [(i.treatment, i.decision) for i in result.items]


def test_crlf_and_extra_page_breaks_change_nothing():
    base = _summary(REAL)
    assert _summary(REAL.replace("\n", "\r\n")) == base
    lines = REAL.split("\n")
    broken = "\n".join(line + ("\n\f\n" if k % 7 == 3 else "") for k, line in enumerate(lines))
    assert _summary(broken) == base


def test_page_break_between_item_line_and_its_guideline():
    text = REAL.replace("Post-op Zofran: Upheld\n", "Post-op Zofran: Upheld\n\n\f\n")
    assert _summary(text) == _summary(REAL)


def test_rewrapped_item_lines():
    text = REAL.replace(
        "Left shoulder arthroscopy with Bankart repair, possible biceps tenodesis: Overturned",
        "Left shoulder arthroscopy with Bankart\nrepair, possible biceps tenodesis:\nOverturned",
    )
    assert _summary(text) == _summary(REAL)
    text = PARTIAL.replace("original request, one week trial", "original\nrequest, one week trial")
    assert _summary(text) == _summary(PARTIAL)


def test_rewrapped_seed_layout():
    text = SEED.replace("NORCO 10/325MG:  Upheld", "NORCO\n\n10/325MG:  Upheld")
    assert _summary(text)[1] == ("NORCO 10/325MG", "upheld")


def test_typos_in_section_headings():
    text = REAL.replace("IMR ISSUES, DECISIONS AND RATIONALES", "IMR ISSUES, DECISONS AND RATIONALS")
    text = text.replace("CLINICAL CASE SUMMARY", "CLINCAL CASE SUMARY")
    assert _summary(text) == _summary(REAL)


def test_decision_case_and_spacing_variants():
    text = REAL.replace("Post-op Zofran: Upheld", "Post-op Zofran :  UPHELD")
    assert _summary(text)[5] == ("Post-op Zofran", "upheld")


_SEED_BODY = "\n".join(line.rstrip() for line in read_text(seed_path("001")).splitlines() if line.strip())


@pytest.mark.parametrize(
    "header",
    [
        # as the 2016-17 letters print it: labels as columns, then their values
        ("Case Number:\nDate Assigned:\nDecision Date:\nPriority:\n\nCM14-0123456\n02/14/2014\n04/10/2014\nStandard\n\n"
        "Date of Injury:\nUR Denial Date:\nApplication\nReceived:\n\n03/05/2010\n01/20/2014\n02/03/2014\n"),
        # label: value pairs, two a row
        ("IMR Case Number: CM14-0123456      Date Assigned: 02/14/2014\nDate of Injury: 03/05/2010      Decision Date: 04/10/2014\n"
        "UR Denial Date: 01/20/2014      Priority: Standard\nApplication Received: 02/03/2014\n"),
        # one pair a line, then the salutation
        ("Case Number: CM14-0123456\nDate Assigned: 02/14/2014\nDate of Injury: 03/05/2010\nDecision Date: 04/10/2014\n"
        "UR Denial Date: 01/20/2014\nPriority: Standard\nApplication Received: 02/03/2014\nDear Claimant,\n"),
        # row by row, the two-line labels with their value on the first line ("UR Denial 01/20/2014" / "Date:")
        ("Case Number: CM14-0123456\nDate Assigned: 02/14/2014 Date of Injury: 03/05/2010\n"
        "Decision Date: 04/10/2014 UR Denial 01/20/2014\nDate:\nPriority: Standard Application 02/03/2014\nReceived:\n"),
    ],
)
def test_seed_layout_letter_printed_with_its_case_header(header):
    # A 2013-15 letter as a PDF prints the case header above the reviewer's "Board Certified in …": the header is
    # read and the reviewer is still read with the 2013-15 grammar, not lost to the 2016-17 one.
    r = parse_letter(header + _SEED_BODY, "x.pdf")
    assert isinstance(r, Letter), r
    c = r.case
    assert (c.layout, c.case_number, c.case_id, c.priority) == ("dwc-2013", "CM14-0123456", "CM14-0123456", "Standard")
    assert (c.date_assigned, c.decision_date, c.date_of_injury, c.ur_denial_date, c.application_received_date) == (
        date(2014, 2, 14), date(2014, 4, 10), date(2010, 3, 5), date(2014, 1, 20), date(2014, 2, 3))
    assert r.reviewer is not None
    assert (r.reviewer.specialties, r.reviewer.subspecialty, r.reviewer.license_states) == (
        ["Physical Medicine & Rehabilitation"], "Interventional Spine", ["CA"])
    assert [(i.treatment, i.decision) for i in r.items] == [(i.treatment, i.decision) for i in parse_letter(_SEED_BODY, "x").items]


def test_letter_with_a_header_and_neither_credential_wording_is_read_without_a_reviewer():
    no_cred = re.sub(r"State\(s\) of Licensure.*\nCertification\(s\)/Specialty.*\n", "", REAL)
    r = parse_letter(no_cred, "x.txt")
    assert isinstance(r, Letter) and r.case.layout == "dwc-2016" and r.reviewer is None
    assert r.case.case_number == "CM16-0246487" and len(r.items) == 6


def test_unknown_layout_is_rejected_not_half_parsed():
    text = "STATE OF CALIFORNIA\nDIVISION OF WORKERS' COMPENSATION\nSome other notice about IMR fees.\n"
    r = parse_letter(text, "x.txt")
    assert isinstance(r, Rejection) and r.stage == "layout" and r.reason.startswith("unrecognized layout")
    r = parse_letter("Dear customer,\nyour invoice is attached.\n", "x.txt")
    assert isinstance(r, Rejection) and "not look like an IMR" in r.reason
    no_cred = re.sub(r"State\(s\) of Licensure.*\nCertification\(s\)/Specialty.*\n", "", REAL)
    no_cred = re.sub(r"(?s)^.*?HOW THE IMR", "HOW THE IMR", no_cred)
    r = parse_letter(no_cred, "x.txt")
    assert isinstance(r, Rejection) and r.stage == "layout"


def test_2013_notice_layout_is_named_in_its_quarantine_reason():
    # The first letters were a notice with numbered decision sentences: recognised and said so, not read.
    text = (
        "MAXIMUS FEDERAL SERVICES, INC.\nNotice of Independent Medical Review Determination\nDated: 10/2/2013\n"
        "1) MAXIMUS Federal Services, Inc. has determined the request for six sessions of\n"
        "aquatic therapy is not medically necessary and appropriate.\n"
        "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE\n"
        "Medical Qualifications of the Expert Reviewer:\nBoard Certified in Internal Medicine.\n"
        "Case Summary:\nThe patient is a 51 year-old male.\n"
    )
    r = parse_letter(text, "x.txt")
    assert isinstance(r, Rejection) and r.stage == "layout"
    assert r.reason.startswith("unrecognized layout: a 2013 'Notice of Independent Medical Review Determination'")
    # A letter of the known layouts that quotes the phrase is still read.
    assert isinstance(parse_letter(REAL.replace("CLINICAL CASE SUMMARY", "CLINICAL CASE SUMMARY\nMAXIMUS has "
                                                "determined the request for review.", 1), "x.txt"), Letter)


def test_other_early_layouts_are_named_in_their_quarantine_reasons():
    # Decisions under "IMR DECISION(S) AND RATIONALE(S)", after "DOCUMENTS REVIEWED": its heading is close enough
    # to the decisions heading to be taken for it, so the heading line itself is looked at.
    late_2013 = (
        "MAXIMUS FEDERAL SERVICES, INC.\nIndependent Medical Review\nUR Denial Date:  10/1/2013\n"
        "HOW THE IMR FINAL DETERMINATION WAS MADE\nMAXIMUS Federal Services sent the complete case file to an "
        "expert reviewer. The expert\nreviewer is Board Certified in Internal Medicine and is licensed to practice "
        "in California.\nDOCUMENTS REVIEWED\nUtilization Review Determination dated 10/1/2013\n"
        "CLINICAL CASE SUMMARY\nThe patient is a 51-year-old female.\n"
        "IMR DECISION(S) AND RATIONALE(S)\n1. Twelve sessions of physical therapy is not medically necessary and "
        "appropriate.\nRationale for the Decision:\nThe request is not medically necessary and appropriate.\n"
    )
    r = parse_letter(late_2013, "x.txt")
    assert isinstance(r, Rejection) and r.stage == "layout"
    assert r.reason.startswith("unrecognized layout: a 2013-14 letter with its decisions under 'IMR DECISION(S)")
    professional = (
        "\nMEDICAL PROFESSIONAL REVIEW\n\nISSUE AT DISPUTE:\nPhysical therapy for the lumbar spine.\n"
        "CASE SUMMARY:\nThe patient is a 44 year-old female.\nDOCUMENTS REVIEWED FOR DETERMINATION:\nNotes.\n"
        "MEDICAL REVIEWER QUALIFICATIONS:\nBoard Certified in Physical Medicine and Rehabilitation.\n"
    )
    r = parse_letter(professional, "x.txt")
    assert isinstance(r, Rejection) and r.stage == "layout"
    assert r.reason.startswith("unrecognized layout: a 'MEDICAL PROFESSIONAL REVIEW' letter")
    # A heading that lost "ISSUES," but keeps the later wording is still the decisions' heading.
    kept = parse_letter(REAL.replace("IMR ISSUES, DECISIONS AND RATIONALES", "IMR DECISIONS AND RATIONALES"), "x.txt")
    assert isinstance(kept, Letter) and kept.case.n_items == parse_letter(REAL, "x.txt").case.n_items


def test_missing_items_section():
    text = REAL.split("IMR ISSUES, DECISIONS AND RATIONALES")[0]
    r = parse_letter(text, "x.txt")
    assert isinstance(r, Rejection) and r.reason.startswith("no disputed items section")


def test_truncated_mid_rationale():
    cut = REAL[: REAL.index("Post-op Zofran: Upheld") + 400]
    r = parse_letter(cut, "x.txt")
    assert isinstance(r, Rejection) and "truncated" in r.reason


def test_item_with_unknown_decision_quarantines_whole_letter():
    text = REAL.replace("Post-op Zofran: Upheld", "Post-op Zofran: Modified")
    r = parse_letter(text, "x.txt")
    assert isinstance(r, Rejection) and r.stage == "validate"
    assert "item 6 ('Post-op Zofran')" in r.reason and "'modified'" in r.reason


@pytest.mark.parametrize(("written", "decision"), [
    ("Post-op Zofran: Up held", "upheld"),
    ("Post-op Zofran: uph eld", "upheld"),
    ("Post-op Zofran: Uphed", "upheld"),
    ("Post-op Zofran: Overtuned", "overturned"),
    ("Post-op Zofran:\nOvertunred", "overturned"),
    # the verb for its participle (the letter was quarantined), a hyphen inside, "rn" read as "m"
    ("Post-op Zofran: Overturn", "overturned"),
    ("Post-op Zofran: OVERTURN.", "overturned"),
    ("Post-op Zofran:\nOverturn", "overturned"),
    ("Post-op Zofran: Uphold", "upheld"),
    ("Post-op Zofran: Up-held", "upheld"),
    ("Post-op Zofran: Over-turned", "overturned"),
    ("Post-op Zofran: Overtumed", "overturned"),
])
def test_mistyped_decision_is_read(written, decision):
    # a decision one edit from one of the two words, its spaces dropped, is that word; anything else quarantines
    r = parse_letter(REAL.replace("Post-op Zofran: Upheld", written), "x.txt")
    assert isinstance(r, Letter)
    zofran = next(i for i in r.items if i.treatment == "Post-op Zofran")
    assert zofran.decision == decision
    assert len(r.items) == len(parse_letter(REAL, "x.txt").items)


def test_empty_and_whitespace():
    for text in ("", "   \n\f\n  "):
        r = parse_letter(text, "x.txt")
        assert isinstance(r, Rejection) and r.reason.startswith("empty letter")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_arbitrary_text_gives_records_or_reason(text):
    assert isinstance(parse_letter(text, "x.txt"), (Letter, Rejection))


_WHITESPACE = "".join(chr(i) for i in range(0x3001) if chr(i).isspace()) + "\u200b\u00ad\ufeff\x00\x1b\x85"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_WHITESPACE) + list("ab.:Z")), max_size=200) | st.text(max_size=300))
def test_clean_lines_are_single_spaced(text):
    """The parser joins clean lines with single spaces and never squashes them again: this must hold."""
    for line in clean_lines(text):
        assert line and line == " ".join(line.split()), repr(line)




@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_real_letters_never_raise_or_invent_items(data):
    source = data.draw(st.sampled_from([REAL, PARTIAL, SEED]))
    original = parse_letter(source, "x.txt")
    n_dups = 0
    lines = source.split("\n")
    for _ in range(data.draw(st.integers(1, 6))):
        op = data.draw(st.sampled_from(["drop", "dup", "swap", "ctrl", "ff"]))
        k = data.draw(st.integers(0, len(lines) - 1))
        if op == "drop" and len(lines) > 1:
            lines.pop(k)
        elif op == "dup":
            lines.insert(k, lines[k])
            n_dups += 1
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[k], lines[j] = lines[j], lines[k]
        elif op == "ctrl":
            ch = data.draw(st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\u200b"]))
            pos = data.draw(st.integers(0, len(lines[k])))
            lines[k] = lines[k][:pos] + ch + lines[k][pos:]
        else:
            lines.insert(k, "\f")
    mutated = "\n".join(lines)
    result = parse_letter(mutated, "x.txt")
    assert isinstance(result, (Letter, Rejection))
    if isinstance(result, Letter):
        flat = " ".join(clean_lines(mutated))
        assert len(result.items) <= len(original.items) + n_dups
        for item in result.items:
            assert item.treatment in flat  # read from the letter, never invented
            assert item.decision in ("upheld", "overturned")


def test_a_list_number_is_taken_from_the_start_of_a_treatment_only():
    """An item line replaced by a summary line ending in a date ("…12/08/2016. The treatment…"): the
    treatment is read as written, "16. " inside it is not a list's number (it was cut, giving "12/08/20The")."""
    lines = PARTIAL.split("\n")
    lines.insert(0, lines[0])
    lines[68], lines[88] = lines[88], lines[68]
    mutated = "\n".join(lines)
    result = parse_letter(mutated, "x.txt")
    flat = " ".join(clean_lines(mutated))
    assert [i.treatment[:30] for i in result.items] == [
        "Neurosurgeon evaluation for th", "12/08/2016. The treatment was ", "one week trial of Acute Rehabi"]
    assert all(i.treatment in flat for i in result.items)
    numbered = PARTIAL.replace("\nNeurosurgeon evaluation for the Low back/Pelvis: Upheld",
                               "\n1. Neurosurgeon evaluation for the Low back/Pelvis: Upheld")
    assert parse_letter(numbered, "x.txt").items[0].treatment == "Neurosurgeon evaluation for the Low back/Pelvis"
    # a list's bullet opening the item's line is no part of its name either
    for bullet in ("\u2022 ", "\u2022", "\uf0b7 ", "- ", "-- ", "* "):
        bulleted = PARTIAL.replace("\nNeurosurgeon evaluation for the Low back/Pelvis: Upheld",
                                   f"\n{bullet}Neurosurgeon evaluation for the Low back/Pelvis: Upheld")
        assert parse_letter(bulleted, "x.txt").items[0].treatment == "Neurosurgeon evaluation for the Low back/Pelvis"


def test_seed_layout_credential_and_date_wordings():
    text = SEED.replace("Board Certified in Physical Medicine & Rehabilitation", "Licensed in Chiropractic")
    text = text.replace("reported an injury on 04/14/2010", "has a DOI of 4/14/10")
    r = parse_letter(text, "x.txt")
    assert isinstance(r, Letter)
    assert (r.reviewer.specialties, r.reviewer.subspecialty) == (["Chiropractic"], "Pediatric Rehabilitation Medicine")
    assert str(r.case.date_of_injury) == "2010-04-14"


def test_seed_layout_subspecialty_is_its_own_column():
    """The board is the reviewer's specialty; a subspecialty, even one DWC names, stays in ``subspecialty``."""
    text = SEED.replace("Board Certified in Physical Medicine & Rehabilitation, has a subspecialty in",
                        "Board Certified in Orthopedic Surgery, has a subspecialty in Hand and Upper")
    text = text.replace("Pediatric Rehabilitation Medicine and is licensed", "Extremity Surgery and is licensed")
    r = parse_letter(text, "x.txt")
    assert (r.reviewer.specialties, r.reviewer.subspecialty) == (["Orthopedic Surgery"], "Hand and Upper Extremity Surgery")


@pytest.mark.parametrize(
    "certifications, specialties, subspecialty",
    [
        # a real letter's: the second is no DWC specialty, and a 2013-15 letter names it the subspecialty
        ("Physical Medicine & Rehabilitation, Pediatric Rehabilitation Medicine",
         ["Physical Medicine & Rehabilitation"], "Pediatric Rehabilitation Medicine"),
        ("Neurology, Clinical Neurophysiology", ["Neurology"], "Clinical Neurophysiology"),
        ("Preventive Medicine, Occupational Medicine, Medical Toxicology",
         ["Preventive Medicine", "Occupational Medicine", "Medical Toxicology"], None),
        ("Internal Medicine", ["Internal Medicine"], None),
        ("Family Practice, Page 2 of 5", ["Family Practice"], None),  # no certification's name
    ],
)
def test_2016_certification_no_dwc_specialty_names_is_the_subspecialty(certifications, specialties, subspecialty):
    text = re.sub(r"Certification\(s\)/Specialty: .*", f"Certification(s)/Specialty: {certifications}", REAL)
    r = parse_letter(text, "x.txt")
    assert (r.reviewer.specialties, r.reviewer.subspecialty) == (specialties, subspecialty)


def test_rationale_without_final_full_stop_does_not_leak_into_next_item():
    text = REAL.replace("Slingshot sling is medically necessary.\nPost-op Percocet", "Slingshot sling is medically necessary\nPost-op Percocet")
    assert text != REAL
    items = _summary(text)
    assert items[4][0] == "Post-op Percocet 5/325mg"


def test_seed_layout_credentials_split_over_sentences():
    text = SEED.replace(
        "Board Certified in Physical Medicine & Rehabilitation, has a subspecialty in \n\n"
        "Pediatric Rehabilitation Medicine and is licensed to practice in Texas.",
        "a Licensed Chiropractor. He/she is licensed to practice in Texas.",
    )
    assert text != SEED
    r = parse_letter(text, "x.txt")
    assert isinstance(r, Letter)
    assert (r.reviewer.specialties, r.reviewer.subspecialty, r.reviewer.license_states) == (["Chiropractic"], None, ["TX"])


# ---------------------------------------------------------------------------------------
# Summary and citation wordings beyond the samples
# ---------------------------------------------------------------------------------------
def test_diagnosis_wordings():
    from pipeline.parse.summary import diagnosis

    assert diagnosis("The injured worker is undergoing treatment for left knee strain and lumbar sprain. "
                     "Treatment to date has included rest.") == "left knee strain and lumbar sprain"
    assert diagnosis("The injured worker was diagnosed as having right elbow medial epicondylitis. On 11-18-16 "
                     "the worker was seen.") == "right elbow medial epicondylitis"
    # a level such as "T9-10." ends the sentence; only a number opening a list item ("2. ") continues it
    assert diagnosis("The worker was diagnosed as having status post rib fracture T9-10. Treatment to date "
                     "has included medications.") == "status post rib fracture T9-10"
    assert diagnosis("Diagnoses include: 1. Lumbar strain 2. Neck pain. The worker is off work.") == (
        "1. Lumbar strain 2. Neck pain"
    )
    assert diagnosis("The injured worker reported pain. No diagnosis was given.") is None
    # a closing quote after the full stop, a lost space after it, "that include", a colon, a decimal
    assert diagnosis('The provider gave a diagnosis of "lumbar pain with radiculopathy." On a note dated') == (
        "lumbar pain with radiculopathy")
    assert diagnosis("The diagnoses include open wound of right thumb.The diagnostic studies") == "open wound of right thumb"
    assert diagnosis("The worker has diagnosis that include tenosynovitis right wrist. Seen") == "tenosynovitis right wrist"
    assert diagnosis("The worker is undergoing treatment for: right shoulder tendinitis. Mechanism") == (
        "right shoulder tendinitis")
    assert diagnosis("The worker was diagnosed with a 3.5 mm disc protrusion at L4-5. He was seen.") == (
        "a 3.5 mm disc protrusion at L4-5")


def test_sex_without_an_age():
    from pipeline.parse.summary import patient_age_sex

    text = ("The injured worker is a female who sustained an industrial injury on 10-25-2016. The medical "
            "records listed her birthdate as 03-17-1956 and 03-17-1965.")
    assert patient_age_sex(text) == (None, "female")
    assert patient_age_sex("The applicant is a right-handed male laborer who was injured.") == (None, "male")
    assert patient_age_sex("The worker reported that a male coworker had lifted the box.") == (None, None)
    assert patient_age_sex("The injured worker is a 45 year old man.") == (45, "male")


def _cited(text: str) -> list[tuple]:
    from pipeline.parse.citations import parse_guideline

    return [(c.source, c.guideline, c.section, c.pages) for c in parse_guideline(text).citations]


def test_non_mtus_citation_names_its_guideline_after_the_chapter():
    assert _cited("Decision based on Non-MTUS Citation Neck and Upper Back, Physical Therapy, ODG Preface - "
                  "Physical Therapy.") == [
        ("ODG", "Official Disability Guidelines", "Neck and Upper Back, Physical Therapy, Preface - Physical Therapy",
         None)
    ]
    assert _cited("Decision based on Non-MTUS Citation American College of Occupational and Environmental "
                  "Medicine (ACOEM) Pain, Suffering, and the Restoration of Function Chapter.") == [
        ("ACOEM", "American College of Occupational and Environmental Medicine (ACOEM)",
         "Pain, Suffering, and the Restoration of Function Chapter", None)
    ]
    # a chapter with no guideline named stays "other", as written: never a guess
    assert _cited("Decision based on Non-MTUS Citation Low Back (Hyperstimulation analgesia).") == [
        ("other", "Low Back (Hyperstimulation analgesia)", None, None)
    ]
    assert _cited("Decision based on Non-MTUS Citation http://www.drugs.com/odg-famotidine.html.") == [
        ("other", "http://www.drugs.com/odg-famotidine.html", None, None)
    ]


def test_non_mtus_citation_naming_two_guidelines_gives_both():
    assert _cited("Decision based on Non-MTUS Citation ACOEM guidelines and the Official Disability Guidelines.") == [
        ("ACOEM", "ACOEM guidelines", None, None),
        ("ODG", "Official Disability Guidelines", None, None),
    ]
    assert _cited("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) and ACOEM Guidelines, "
                  "Chapter 12.") == [
        ("ODG", "Official Disability Guidelines", None, None),
        ("ACOEM", "ACOEM Guidelines", "Chapter 12", None),
    ]


def test_authorized_portion_holding_commas_and_decimals():
    """"The Claims Administrator authorized X, leaving the original request IMR eligible": X whole."""
    base = read_text(TXT / "CM17-0001749.txt")
    old = "authorized an Evaluation only for a Partial Hospitalization day treatment, leaving the\noriginal request IMR"
    assert base.count(old) == 1
    for portion in ("Acupuncture treatments, 6 sessions", "Trezix capsule 320.5/30/16mg #5",
                    "an evaluation only. Further visits"):  # fmt: skip
        text = base.replace(old, f"authorized {portion}, leaving the\noriginal request IMR")
        item = parse_letter(text, "x.txt").items[0]
        assert item.is_partial_authorization
        assert item.authorized_portion == (portion if "only." not in portion else "an evaluation only")


@pytest.mark.parametrize("width", [30, 36, 40])
def test_partial_authorization_wrapped_narrowly_over_many_lines(width):
    # The partial authorization's three sentences wrapped at a narrow width run to 9-12 lines.
    import textwrap

    block = ("Two to three week trial of Acute Rehabilitation Unit with possible extension from one to three weeks was the "
             "original request. Two week trial of Acute Rehabilitation Unit was authorized by the Claims Administrator. "
             "The remaining IMR eligible portion of the original request, one week trial of Acute Rehabilitation Unit "
             "is: Upheld")
    wrapped = "\n".join(textwrap.wrap(block, width))
    assert wrapped.count("\n") >= 8
    expected = parse_letter(PARTIAL, "x.txt")
    letter = parse_letter(PARTIAL.replace(
        "Two to three week trial of Acute Rehabilitation Unit with possible extension from one to\n"
        "three weeks was the original request. Two week trial of Acute Rehabilitation Unit was\n"
        "authorized by the Claims Administrator. The remaining IMR eligible portion of the\n"
        "original request, one week trial of Acute Rehabilitation Unit is: Upheld", wrapped), "x.txt")
    assert [(i.treatment, i.original_request, i.authorized_portion, i.decision) for i in letter.items] == [
        (i.treatment, i.original_request, i.authorized_portion, i.decision) for i in expected.items]
    assert any(i.is_partial_authorization for i in letter.items)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The expert reviewer is a Psychologist and is licensed to practice in California.", (["Psychologist"], ["CA"])),
        ("The expert reviewer is a Doctor of Chiropractic and is licensed to practice in California and Texas.",
         (["Chiropractic"], ["CA", "TX"])),
        ("The expert reviewer is a Board Certified Orthopedic Surgeon and is licensed to practice in California.",
         (["Orthopedic Surgery"], ["CA"])),
        (("The expert reviewer is Board Certified in Internal Medicine and is licensed to practice in Maryland and "
         "Washington, D.C."), (["Internal Medicine"], ["MD", "DC"])),
        (("The expert reviewer is Board Certified in Internal Medicine and is licensed to practice in Washington, D.C. "
         "and Maryland."), (["Internal Medicine"], ["DC", "MD"])),
        (("The expert reviewer is Board Certified in Anesthesiology, has subspecialties in Pain Medicine and Critical "
         "Care Medicine and is licensed to practice in California."), (["Anesthesiology"], ["CA"])),
        # acupuncture as the whole credential is an acupuncturist's board
        ("The expert reviewer is Licensed in Acupuncture and is licensed to practice in California.",
         (["Oriental Medicine"], ["CA"])),
    ],
)
def test_seed_layout_reviewer_named_as_a_profession(sentence, expected):
    """"The expert reviewer is a <profession>" states the specialty as "Board Certified in" does."""
    old = SEED[SEED.index("The expert") : SEED.index("He/she has been")]
    letter = parse_letter(SEED.replace(old, sentence + " "), "x.txt")
    assert isinstance(letter, Letter), letter
    assert (letter.reviewer.specialties, letter.reviewer.license_states) == expected


def test_seed_layout_line_breaks_inside_words():
    """A word broken at its hyphen joins without a space; an intro sentence wrapped before "below:" is no
    part of the first item; an item's name wrapped over a page break is whole."""
    base = parse_letter(SEED, "x.txt")
    text = SEED.replace("NORCO 10/325MG:  Upheld", "X-\n\nRAY OF THE LEFT\n\nKNEE:  Upheld")
    text = text.replace("items/services set forth below:", "items/services set forth \n\nbelow: ")
    text = text.replace("(THREE TIMES A WEEK FOR \n\n", "(THREE TIMES A WEEK FOR \n\n\f\n\n")
    letter = parse_letter(text, "x.txt")
    assert isinstance(letter, Letter), letter
    got = [(i.treatment, i.decision, i.service_category, i.requested_quantity) for i in letter.items]
    assert got == [
        ("A PAIN MANAGEMENT REFERRAL FOR THE LUMBAR SPINE", "upheld", "Evaluation & Management", None),
        ("X-RAY OF THE LEFT KNEE", "upheld", "Diagnostic Testing", None),
        ("PHYSICAL THERAPY FOR THE LUMBAR SPINE (THREE TIMES A WEEK FOR TWO MONTHS)", "upheld", "Rehabilitation", 24),
    ]
    assert [i.rationale for i in letter.items] == [i.rationale for i in base.items]


@pytest.mark.parametrize(
    ("ending", "conclusion"),
    [
        ("is not medically necessary. Weaning is recommended to avoid withdrawal symptoms.", "not_medically_necessary"),
        ("is not medically necessary. However, a slow taper is recommended.", "not_medically_necessary"),
        ("is not medically necessary. It is recommended that the medication be weaned.", "not_medically_necessary"),
        ("is non-certified.", "not_medically_necessary"),
        ("is medically necessary. Tapering is not indicated at this time.", "medically_necessary"),
        ("is not medically necessary at this time. A home exercise program is recommended.", "not_medically_necessary"),
        ("is deemed unnecessary.", "not_medically_necessary"),
        (("is medically necessary for 6 sessions. Additional sessions would not be medically necessary without "
         "documented functional improvement."), "medically_necessary"),
        ("#120 is not medically necessary. However, #60 would be medically necessary for weaning purposes.",
         "not_medically_necessary"),
    ],
)
def test_conclusion_is_not_the_weaning_advice_after_it(ending, conclusion):
    """A closing remark on weaning or tapering is advice, not the rationale's conclusion."""
    from pipeline.parse.items import rationale_conclusion

    text = "There is no documented functional benefit from the medication. Therefore, the request for Norco " + ending
    assert rationale_conclusion(text) == (conclusion, False)


@pytest.mark.parametrize(
    ("text", "conclusion"),
    [
        # a note on the decision after the conclusion is no conclusion
        (("The request for Norco 10/325mg #90 is not medically necessary. This decision addresses the medical necessity "
         "of opioids as they have been prescribed to this patient."), "not_medically_necessary"),
        (("The request is not medically necessary. This medical necessity decision should not be interpreted as a "
         "recommendation to stop long-term opioids abruptly."), "not_medically_necessary"),
        # someone else's view is not the reviewer's conclusion
        ("The treating physician states the therapy is medically necessary. However, guidelines do not support it.",
         "unclear"),
        ("Dr. Smith opined that PT is medically necessary. However, the request is not medically necessary.",
         "not_medically_necessary"),
        ("The physician states the patient has improved. Therefore, the request is medically necessary.",
         "medically_necessary"),
        ("The guidelines state that a repeat MRI is not recommended.", "not_medically_necessary"),
        # an opinion reported, the review under appeal's finding: neither is the reviewer's
        (("The treating physician's opinion that the medication is medically necessary is noted; however, guidelines "
          "do not support it."), "unclear"),
        ("The patient is a candidate for surgery, which is medically necessary in his opinion.", "unclear"),
        ("The prior utilization review physician found the request medically necessary for the lumbar spine only.",
         "unclear"),
        (("Ultram is not medically necessary. The treating physician's opinion that the medication is medically "
          "necessary for function is noted; however, no functional gains are documented."), "not_medically_necessary"),
        # verdicts in other words: approved or denied, upholding the non-certification, a double negative
        ("Aquatic therapy is recommended as an option. The request is not approved.", "not_medically_necessary"),
        ("The request for lumbar fusion is therefore denied.", "not_medically_necessary"),
        ("The request for six sessions of acupuncture is approved.", "medically_necessary"),
        ("The request was denied by utilization review on 1/2/2016.", "unclear"),
        ("Therefore, I am upholding the previous non-certification of the request for Ketoprofen cream 20%.",
         "not_medically_necessary"),
        ("The request for a repeat right shoulder subacromial injection is not unreasonable.", "medically_necessary"),
        ("Given the guideline support, it would not be unreasonable to certify the request for 8 sessions.",
         "medically_necessary"),
        # the verdict before a modal clause on what may come later
        (("Guidelines recommend opioids for moderate pain. The request for Norco is not medically necessary at this "
          "time; it may be reconsidered once the above documentation is provided."), "not_medically_necessary"),
    ],
)
def test_conclusion_is_the_reviewer_s_own(text, conclusion):
    from pipeline.parse.items import rationale_conclusion

    assert rationale_conclusion(text)[0] == conclusion


@pytest.mark.parametrize(
    ("text", "conclusion"),
    [
        # the review under appeal's finding, then the reviewer's own verdict in the same sentence
        (("Contrary to the UR determination, which found the request not medically necessary, the request for PT is "
         "medically necessary."), "medically_necessary"),
        (("Although the UR found the request not medically necessary, the request for physical therapy is medically "
         "necessary."), "medically_necessary"),
        (("The UR determination that the request was not medically necessary is reversed, and the request for PT is "
         "medically necessary."), "medically_necessary"),
        (("The UR physician found the request not medically necessary, and the request remains not medically "
         "necessary."), "not_medically_necessary"),
        # an aside after the verdict, and a modal clause on another request after it
        ("As such, the request is medically necessary. Note that the UR found the request not medically necessary.",
         "medically_necessary"),
        ("As such, the request is not medically necessary. Of note, a home exercise program is medically necessary.",
         "not_medically_necessary"),
        (("Therefore, the request for PT is not medically necessary; however, a modified request for 3 sessions would "
         "be medically necessary."), "not_medically_necessary"),
        ("Of note, the request is medically necessary.", "medically_necessary"),
        # verdicts on the review under appeal or on the guideline's criteria
        ("Guidelines were reviewed. The UR decision is upheld.", "not_medically_necessary"),
        ("Guidelines were reviewed. I recommend overturning the utilization review decision.", "medically_necessary"),
        ("Guidelines were reviewed. The guideline criteria have not been met.", "not_medically_necessary"),
        ("Guidelines were reviewed. The criteria have been met.", "medically_necessary"),
    ],
)
def test_conclusion_against_the_review_under_appeal(text, conclusion):
    from pipeline.parse.items import rationale_conclusion

    assert rationale_conclusion(text)[0] == conclusion


@pytest.mark.parametrize(
    ("heading", "wrapped"),
    [
        ("IMR ISSUES, DECISIONS AND RATIONALES", "IMR ISSUES, DECISIONS AND\nRATIONALES"),
        ("IMR ISSUES, DECISIONS AND RATIONALES", "IMR ISSUES,\nDECISIONS AND RATIONALES"),
        ("IMR ISSUES, DECISIONS AND RATIONALES", "IMR ISSUES, DECISONS AND\nRATIONALS"),
        ("HOW THE IMR FINAL DETERMINATION WAS MADE", "HOW THE IMR FINAL DETERMINATION\nWAS MADE"),
        ("CLINICAL CASE SUMMARY", "CLINICAL CASE\nSUMMARY"),
        ("IMR ISSUES, DECISIONS AND RATIONALES", ""),  # lost: the sentence opening the decisions stands for it
    ],
)
@pytest.mark.parametrize("base", ["REAL", "SEED"])
def test_heading_wrapped_over_two_lines_or_lost(heading, wrapped, base):
    text = {"REAL": REAL, "SEED": SEED}[base]
    letter, expected = parse_letter(text.replace(heading, wrapped, 1), "x.txt"), parse_letter(text, "x.txt")
    assert isinstance(letter, Letter), letter
    assert (letter.case.patient_age, letter.case.patient_sex, letter.reviewer) == (
        expected.case.patient_age, expected.case.patient_sex, expected.reviewer)
    assert letter.items == expected.items and letter.citations == expected.citations


@pytest.mark.parametrize(
    ("base", "old", "new"),
    [
        # page numbers inside an item's name, before it, and in place of its decision's line
        ("REAL", "Post-op Zofran: Upheld", "Post-op\nPage 3 of 4\n\fZofran: Upheld"),
        ("REAL", "Post-op Zofran: Upheld", "- 3 -\n\fPost-op Zofran:\nPAGE 3\nUpheld"),
        # the case number printed atop each page
        ("REAL", "Post-op Zofran: Upheld", "Page 3 of 4\n\fCM16-0246487\nPost-op Zofran: Upheld"),
        ("SEED", "TWO MONTHS):  Upheld", "Page 2 of 3\n\f\nTWO MONTHS):  Upheld"),
        # a letter printed without a header, its footer's file number extracted apart from its "Page 1 of 2" (a PDF
        # probe: a monospace font, the item line last on its page)
        ("SEED", "TWO MONTHS):  Upheld", "TWO MONTHS):\nCM14-0544862\n\nUpheld\n\nPage 1 of 2\n\f"),
        ("SEED", "TWO MONTHS):  Upheld", "TWO MONTHS):\nCase Number: CM14-0544862\n\nUpheld\n\nPage 1 of 2\n\f"),
        ("SEED", "TWO MONTHS):  Upheld", "TWO MONTHS):\nCM140544862\n\nUpheld\n\nPage 1 of 2\n\f"),
        # after a citation's pages, and inside a conclusion
        ("SEED", "Ongoing Management Page(s): 78.", "Ongoing Management Page(s): 78.\n\nPage 2 of 3\n\f"),
        ("SEED", "medically necessary or appropriate.", "medically\n\nPage 2\n\fnecessary or appropriate."),
    ],
)
def test_page_numbers_and_running_headers_are_no_text(base, old, new):
    text = {"REAL": REAL, "SEED": SEED}[base]
    assert old in text
    letter, expected = parse_letter(text.replace(old, new, 1), "x.txt"), parse_letter(text, "x.txt")
    assert isinstance(letter, Letter), letter
    assert [(i.treatment, i.requested_quantity, i.rationale_conclusion) for i in letter.items] == [
        (i.treatment, i.requested_quantity, i.rationale_conclusion) for i in expected.items]
    assert [(c.source, c.section, c.pages) for c in letter.citations] == [
        (c.source, c.section, c.pages) for c in expected.citations]


def test_list_numbers_written_item_n_or_bracketed_before_a_count_and_a_rationale_without_its_full_stop():
    """A blind probe of 2013–15 item lines: "Item 2: " is the list's number, and so is "(2) " before a count on the
    second item; a rationale ending "… is medically necessary and" / "appropriate" without its full stop is the
    rationale's, not the next item's name; a typist's initials after the last rationale ("/mm") are no cut."""
    seed = SEED.replace("NORCO 10/325MG:  Upheld", "Item 2: NORCO 10/325MG:  Upheld")
    assert parse_letter(seed, "x.txt").items[1].treatment == "NORCO 10/325MG"
    seed = SEED.replace("NORCO 10/325MG:  Upheld", "(2) 1 PRESCRIPTION OF NORCO 10/325MG #120:  Upheld")
    assert parse_letter(seed, "x.txt").items[1].treatment == "1 PRESCRIPTION OF NORCO 10/325MG #120"
    seed = SEED.replace("medically \n\nnecessary and appropriate. \n\n \n\nNORCO", "medically necessary and \n\nappropriate \n\nNORCO")
    assert "appropriate \n\nNORCO" in seed
    letter = parse_letter(seed, "x.txt")
    assert letter.items[1].treatment == "NORCO 10/325MG"
    assert letter.items[0].rationale_conclusion == "medically_necessary"
    ending = SEED.rstrip() + "\n\n/mm \n"
    assert isinstance(parse_letter(ending, "x.txt"), Letter)


def test_item_line_wrapped_after_abbreviated_directions():
    """"1 TAB P.O. Q." ending a line does not end the item's name: it goes on to its decision."""
    text = SEED.replace("NORCO 10/325MG:  Upheld", "NORCO 10/325MG, 1 TAB P.O. Q.\n\n6H PRN PAIN #120:  Upheld")
    letter = parse_letter(text, "x.txt")
    item = letter.items[1]
    assert (item.treatment, item.service_subcategory) == ("NORCO 10/325MG, 1 TAB P.O. Q. 6H PRN PAIN #120", "Opioids")
    assert letter.items[0].rationale == parse_letter(SEED, "x.txt").items[0].rationale


@pytest.mark.parametrize(
    ("sentence", "conclusion"),
    [
        ("Therefore, the request for Norco 10/325mg #90 is not medically neccessary.", "not_medically_necessary"),
        ("Therefore, the request for physical therapy 2x6 is medically necesary.", "medically_necessary"),
        ("The request for the MRI of the lumbar spine is not medically nessecary.", "not_medically_necessary"),
        ("The request for acupuncture is medically necessay.", "medically_necessary"),
        ("The request for the TENS unit is not medicaly necessary.", "not_medically_necessary"),
        ("Therefore, the request is unneccessary.", "not_medically_necessary"),
        ("The request is not necessarily medically necessary.", "not_medically_necessary"),
        ("The request is medically newsworthy.", "unclear"),
    ],
)
def test_conclusion_reads_a_misspelt_necessary(sentence, conclusion):
    """Reviewers mistype "necessary" ("neccessary", "necesary", "nessecary", "necessay") and "medically"; the
    conclusion still reads. A word that only starts like it is no conclusion."""
    from pipeline.parse.items import rationale_conclusion

    assert rationale_conclusion("The guidelines were reviewed. " + sentence) == (conclusion, False)


@pytest.mark.parametrize(
    ("sentence", "conclusion"),
    [
        ("Given the lack of improvement with conservative care, the request for the surgery is medically necessary.",
         "medically_necessary"),
        ("Since the patient has not responded to therapy, the request for the MRI is medically necessary.",
         "medically_necessary"),
        ("As there is no prior study, the request for the EMG is medically necessary.", "medically_necessary"),
        ("Given the lack of documentation, the request is not medically necessary.", "not_medically_necessary"),
        ("Therefore, the request for Non-emergency medical transportation is medically necessary.", "medically_necessary"),
        ("Therefore, the request is non-certified.", "not_medically_necessary"),
        ("Medical necessity for the requested item has not been established.", "not_medically_necessary"),
        ("The request is medically necessary, as there are no contraindications.", "medically_necessary"),
        ("The diagnosis cannot be confirmed without testing; therefore the request is medically necessary.",
         "medically_necessary"),
        ("There is no documentation; therefore, the request is not medically necessary.", "not_medically_necessary"),
        ("The request is medically necessary because the patient has not responded to conservative care.",
         "medically_necessary"),
        (("Given the documented decrease in pain, improved function, and no evidence of aberrant behavior, continued "
         "use of Norco is medically necessary."), "medically_necessary"),
        ("The patient has not improved and therefore the request for the MRI is medically necessary.",
         "medically_necessary"),
        ("The request for Home health aide, not to exceed 4 hours per day is medically necessary.", "medically_necessary"),
        ("Therefore, the request for Lidocaine patch #30, no refills is medically necessary.", "medically_necessary"),
        ("The documentation fails to establish medical necessity for the H-wave unit.", "not_medically_necessary"),
        ("The request lacks medical necessity.", "not_medically_necessary"),
        ("The request is therefore non-certified.", "not_medically_necessary"),
        # reasons that conclude on something else before the conclusion on the request
        ("Although the prior request was not medically necessary, this request is medically necessary.",
         "medically_necessary"),
        ("While the first request was not medically necessary, the current request is medically necessary.",
         "medically_necessary"),
        ("Although the prior request was reasonable, the request is not medically necessary.", "not_medically_necessary"),
        # a conclusions probe: a negation run into its neighbour or mistyped, "medically" mistyped ...
        ("Therefore, the request isnot medically necessary.", "not_medically_necessary"),
        ("Given the above, the request is notmedically necessary.", "not_medically_necessary"),
        ("Therefore the request is nto medically necessary.", "not_medically_necessary"),
        ("Therefore, the request is not medical necessary.", "not_medically_necessary"),
        ("Therefore, the request is medicallynecessary.", "medically_necessary"),
        ("Hence the request is not mediacally necessary.", "not_medically_necessary"),
        # ... what is said not to be so ...
        ("It cannot be said that this request is not medically necessary.", "medically_necessary"),
        ("I do not agree that the request is not medically necessary.", "medically_necessary"),
        ("I do not agree that the request is medically necessary.", "not_medically_necessary"),
        # ... a verdict on the review under appeal, or a recommendation ...
        ("I would agree with the UR determination.", "not_medically_necessary"),
        ("I concur with the prior reviewer's non-certification of this request.", "not_medically_necessary"),
        ("I agree with the previous reviewer's decision to deny the request.", "not_medically_necessary"),
        ("I respectfully disagree with the UR physician's determination.", "medically_necessary"),
        ("I would not agree with the UR determination.", "medically_necessary"),
        ("The UR decision is reversed.", "medically_necessary"),
        ("Recommend denial.", "not_medically_necessary"),
        ("I would recommend approval of this request.", "medically_necessary"),
        # ... and words of indication or support
        ("Accordingly, the requested medication is clinically indicated.", "medically_necessary"),
        ("The request is well supported by the guidelines and the clinical findings.", "medically_necessary"),
    ],
)
def test_conclusion_reads_the_main_clause(sentence, conclusion):
    """Negations in a clause of reasons before the conclusion, or in a "non-" that names the service, do not
    turn the conclusion around."""
    from pipeline.parse.items import rationale_conclusion

    assert rationale_conclusion("The guidelines were reviewed. " + sentence) == (conclusion, False)


@pytest.mark.parametrize(("rationale", "conclusion"), [
    # a condition is no verdict
    (("The guidelines were reviewed. If the injured worker has failed first-line agents, the request would be medically "
     "necessary."), "unclear"),
    (("The guidelines were reviewed. Whether this request is medically necessary depends on the results of the pending "
     "MRI."), "unclear"),
    # a verdict on the request worded otherwise, then advice
    ("The records were reviewed. The request is not certified. Land-based therapy is recommended.",
     "not_medically_necessary"),
])
def test_conclusions_of_a_conclusions_probe(rationale, conclusion):
    from pipeline.parse.items import rationale_conclusion

    assert rationale_conclusion(rationale)[0] == conclusion


_REVIEWED = "The guidelines were reviewed. "


@pytest.mark.parametrize(("rationale", "conclusion"), [
    # "none of" denies (a blind probe of item blocks: associated services after a surgery found unnecessary)
    ("Since the primary procedure is not medically necessary, none of the associated services are medically necessary.",
     "not_medically_necessary"),
    ("The request is medically necessary, as none of the contraindications apply.", "medically_necessary"),
    # … only as the conclusion's subject (a code review's counter-examples)
    ("Side effects are minimal. None the less, the request is medically necessary.", "medically_necessary"),
    ("The request for a urine drug screen is medically necessary, none having been done in the past year.",
     "medically_necessary"),
    ("Since the patient has none of the contraindications the request is medically necessary.", "medically_necessary"),
    ("The request is medically necessary for a patient with none of the exclusion criteria.", "medically_necessary"),
    # a verdict written alone, after a guideline's recommendation
    (("Muscle relaxants are recommended with caution as a second-line option. The additional 3 tablets are not needed. "
     "Not certified."), "not_medically_necessary"),
    ("The guidelines do not support ongoing use. Non-certified.", "not_medically_necessary"),
    ("Guidelines support a trial in this case. Certified.", "medically_necessary"),
    ("The criteria are met here. Overturn.", "medically_necessary"),
    ("The records show no improvement. Determination: Not certified.", "not_medically_necessary"),
    ("The records show no improvement. Non-certify.", "not_medically_necessary"),
    # a guideline's "Not recommended." quoted is no verdict
    (("ODG states: Opioids for chronic pain. Not recommended. However, in this case the patient has documented "
      "functional improvement."), "unclear"),
])
def test_conclusions_of_a_blind_item_block_probe(rationale, conclusion):
    from pipeline.parse.items import rationale_conclusion

    assert rationale_conclusion(rationale)[0] == conclusion


@pytest.mark.parametrize(("rationale", "conclusion"), [
    # a code review's counter-examples to the probe's rules: a negation after "that" in a reason is no double negative
    (_REVIEWED + "Since the records do not state that the patient has failed a trial of first-line medications, the "
     "request for Lyrica is not medically necessary.", "not_medically_necessary"),
    (_REVIEWED + "It cannot be said that this request is medically necessary, as there is no documentation of "
     "functional improvement.", "not_medically_necessary"),
    # a recommendation negated, or a guideline's, is no reviewer's approval
    (_REVIEWED + "I cannot recommend approval of this medication.", "not_medically_necessary"),
    (_REVIEWED + "I would not recommend authorization of the request.", "not_medically_necessary"),
    (_REVIEWED + "The ODG does not recommend approval of this medication for long-term use.", "unclear"),
    (("The request for 12 sessions exceeds the guideline recommendation. ODG recommends authorization of 6 visits for "
     "this condition."), "unclear"),
    # a clause after the verdict's comma is no verdict of its own
    (_REVIEWED + "With no documented functional improvement the request for continued chiropractic care is not "
     "medically necessary, although a home exercise program is recommended.", "not_medically_necessary"),
    # what the review under appeal certified is no verdict
    (("Six sessions of the request were certified by the prior reviewer. Additional sessions beyond this are not "
     "supported."), "not_medically_necessary"),
    ("The UR recommended authorization of 6 of the 12 requested sessions. Additional sessions are not supported.",
     "not_medically_necessary"),
    # agreeing with a decision no review made
    ("Surgery is indicated in this case. I agree with the decision to proceed with the surgery.", "medically_necessary"),
    (_REVIEWED + "I agree with the physician's decision to proceed with an MRI.", "unclear"),
    # a sentence opening "if" or "whether" that gives its verdict
    (("Guidelines state that Norco is recommended for short-term use. If this request is for continued long-term use, "
     "it is not medically necessary."), "not_medically_necessary"),
    (_REVIEWED + "Whether considered as an initial or a repeat study, the request for lumbar MRI is not medically "
     "necessary.", "not_medically_necessary"),
    # a finding well supported is no verdict on the request
    (("The diagnosis of lumbar radiculopathy is well supported by the EMG findings. However, the request for a second "
     "epidural injection exceeds guideline recommendations."), "unclear"),
])
def test_conclusions_a_second_code_review_tried(rationale, conclusion):
    from pipeline.parse.items import rationale_conclusion

    assert rationale_conclusion(rationale)[0] == conclusion


def test_look_alike_characters_and_sex_written_before_the_age():
    """Ligatures and Unicode hyphens a PDF's text may keep read as their letters; "a female, 55 years old"."""
    text = REAL.replace("Certification(s)/Specialty:", "Certi\ufb01cation(s)/Specialty:")
    text = text.replace("Non-MTUS", "Non\u2010MTUS")
    letter, plain = parse_letter(text, "x.txt"), parse_letter(REAL, "x.txt")
    assert letter.reviewer.specialties == plain.reviewer.specialties != []
    assert [(c.source, c.guideline) for c in letter.citations] == [(c.source, c.guideline) for c in plain.citations]
    from pipeline.parse.summary import patient_age_sex

    assert patient_age_sex("The injured worker is a female, 55 years old, who fell.") == (55, "female")
    assert patient_age_sex("The injured worker is a male who is 61 years old.") == (61, "male")


def test_header_with_a_blank_value_pairs_no_date_with_the_wrong_label():
    """Label: value pairs with one value blank keep every other date; a column of labels with one date
    missing cannot say which: its dates stay empty (never the next label's date)."""
    from datetime import date

    from pipeline.parse.header import parse_header

    pairs = parse_header(["Case Number: CM17-0000001", "Date Assigned:", "Decision Date: 01/11/2017",
                          "Priority: Standard", "Date of Injury: 10/12/2016", "UR Denial Date: 11/08/2016",
                          "Application Received: 12/07/2016"])  # fmt: skip
    assert pairs == {"case_number": "CM17-0000001", "decision_date": date(2017, 1, 11), "priority": "Standard",
                     "date_of_injury": date(2016, 10, 12), "ur_denial_date": date(2016, 11, 8),
                     "application_received_date": date(2016, 12, 7)}  # fmt: skip
    columns = ["Case Number:", "Date Assigned:", "Decision Date:", "Priority:", "CM16-0246487", "12/29/2016",
               "01/31/2017", "Standard", "Date of Injury:", "UR Denial Date:", "Application", "Received:"]
    assert parse_header([*columns, "10/21/2016", "11/21/2016", "12/23/2016"])["date_of_injury"] == date(2016, 10, 21)
    short = parse_header([*columns, "11/21/2016", "12/23/2016"])
    assert short == {"case_number": "CM16-0246487", "date_assigned": date(2016, 12, 29),
                     "decision_date": date(2017, 1, 31), "priority": "Standard"}  # fmt: skip
    # a date missing in the first column empties that column's dates only: the second column's are its own (a blind
    # probe of headers: its blank decision date had taken the date of injury, and the whole header went empty)
    first_short = parse_header(["Case Number:", "Date Assigned:", "Decision Date:", "Priority:", "CM17-0011201",
                                "01/19/2017", "Standard", "Date of Injury:", "UR Denial Date:", "Application", "Received:",
                                "10/11/2016", "11/04/2016", "11/21/2016"])  # fmt: skip
    assert first_short == {"case_number": "CM17-0011201", "priority": "Standard", "date_of_injury": date(2016, 10, 11),
                           "ur_denial_date": date(2016, 11, 4), "application_received_date": date(2016, 11, 21)}
    # … a first column without its priority or case number keeps its dates; a first column whose values the second
    # column's labels split gives no date to a wrong label (a code review)
    no_priority = parse_header(["Case Number:", "Date Assigned:", "Decision Date:", "Priority:", "CM17-0011201",
                                "01/19/2017", "02/14/2017", "Date of Injury:", "UR Denial Date:", "Application",
                                "Received:", "10/11/2016", "11/04/2016", "11/21/2016"])  # fmt: skip
    assert (no_priority["decision_date"], no_priority["date_of_injury"]) == (date(2017, 2, 14), date(2016, 10, 11))
    split = parse_header(["Case Number:", "Date Assigned:", "Decision Date:", "Priority:", "CM17-0011201", "01/19/2017",
                          "Date of Injury:", "UR Denial Date:", "Application", "Received:", "02/14/2017", "Standard",
                          "10/11/2016", "11/04/2016", "11/21/2016"])  # fmt: skip
    assert not {k for k, v in split.items() if isinstance(v, date)}


@pytest.mark.parametrize("received", ["Received:", "RECEIVED:", "Received :", "Received Date:"])
def test_header_read_row_by_row_gives_the_application_date_its_label(received):
    """The header as a layout-keeping extraction prints it, row by row: the two-line label "Application" /
    "Received:" has its value on its first line."""
    from datetime import date

    from pipeline.parse.header import parse_header

    rows = parse_header(["Case Number: CM16-0235991", "Date Assigned: 12/13/2016 Date of Injury: 10/12/2016",
                         "Decision Date: 01/11/2017 UR Denial Date: 11/08/2016",
                         "Priority: Standard Application 12/07/2016", received])  # fmt: skip
    assert rows == {"case_number": "CM16-0235991", "date_assigned": date(2016, 12, 13),
                    "date_of_injury": date(2016, 10, 12), "decision_date": date(2017, 1, 11),
                    "ur_denial_date": date(2016, 11, 8), "priority": "Standard",
                    "application_received_date": date(2016, 12, 7)}  # fmt: skip


def test_reviewer_id_of_a_profile_with_a_lone_surrogate():
    """Text decoded with escapes for undecodable bytes can carry lone surrogates; the id is still made."""
    from pipeline.parse.reviewer import reviewer_id

    rid = reviewer_id(["Internal Medicine"], "Pulmonary \udce9", ["CA"])
    assert rid.startswith("R-") and len(rid) == 14
    assert rid != reviewer_id(["Internal Medicine"], "Pulmonary", ["CA"])


@pytest.mark.parametrize(
    ("first_line", "rest", "treatment"),
    [
        ("NORCO 10/325MG No.", "120:  Upheld", "NORCO 10/325MG No. 120"),
        ("NORCO 10/325MG (1 TAB P.O. Q.I.D.)", "#120:  Upheld", "NORCO 10/325MG (1 TAB P.O. Q.I.D.) #120"),
        ("NORCO 10/325MG AS PRESCRIBED BY DR.", "SMITH:  Upheld", "NORCO 10/325MG AS PRESCRIBED BY DR. SMITH"),
        ("NORCO 10/325MG, 1 PATCH 12 hrs. on and 12 hrs.", "off:  Upheld", "NORCO 10/325MG, 1 PATCH 12 hrs. on and 12 hrs. off"),
        ("NORCO 10/325MG 1 tab q.o.d.", "#120:  Upheld", "NORCO 10/325MG 1 tab q.o.d. #120"),
        ("NORCO 10/325MG 1 tab p.o. q.6h.", "#120:  Upheld", "NORCO 10/325MG 1 tab p.o. q.6h. #120"),
        ("NORCO 10/325MG 1 tab q4-6h.", "#120:  Upheld", "NORCO 10/325MG 1 tab q4-6h. #120"),
        ("NORCO 10/325MG 1 tab every 4-6 hrs. for 4 wks.", "#120:  Upheld", "NORCO 10/325MG 1 tab every 4-6 hrs. for 4 wks. #120"),
        ("NORCO 10/325MG 1 tab 3x/wk.", "#120:  Upheld", "NORCO 10/325MG 1 tab 3x/wk. #120"),
        ("CONSULTATION WITH AN M.D.", "SPECIALIST:  Upheld", "CONSULTATION WITH AN M.D. SPECIALIST"),
        ("CERVICAL EPIDURAL STEROID INJECTION RT.", "C5-6:  Upheld", "CERVICAL EPIDURAL STEROID INJECTION RT. C5-6"),
        ("PHYSICAL THERAPY 12 SESS.", "FOR THE NECK:  Upheld", "PHYSICAL THERAPY 12 SESS. FOR THE NECK"),
    ],
)
def test_item_line_wrapped_after_a_count_or_a_title(first_line, rest, treatment):
    """"No.", "Dr.", units in directions ("hrs.", "wks.") and directions closed by a bracket end no item line: the name goes on to its decision,
    and the previous item's rationale keeps its own end."""
    text = SEED.replace("NORCO 10/325MG:  Upheld", f"{first_line}\n\n{rest}")
    letter = parse_letter(text, "x.txt")
    assert letter.items[1].treatment == treatment
    assert letter.items[0].rationale == parse_letter(SEED, "x.txt").items[0].rationale


@pytest.mark.parametrize("number", ["1. ", "1) ", "(1) "])
def test_numbered_item_lines_keep_their_number_out_of_the_treatment(number):
    text = SEED.replace("NORCO 10/325MG:  Upheld", f"{number}NORCO 10/325MG:  Upheld")
    item = parse_letter(text, "x.txt").items[1]
    assert (item.treatment, item.service_subcategory) == ("NORCO 10/325MG", "Opioids")


@pytest.mark.parametrize("number", ["1. ", "2) ", "10. "])
def test_a_list_number_before_a_count_is_no_part_of_the_treatment(number):
    text = SEED.replace("NORCO 10/325MG:  Upheld", f"{number}12 sessions of physical therapy:  Upheld")
    item = parse_letter(text, "x.txt").items[1]
    assert (item.treatment, item.requested_quantity) == ("12 sessions of physical therapy", 12)


_SLING_END = "Associated surgical service: Slingshot sling is medically necessary.\nPost-op Percocet 5/325mg: Upheld\n"


@pytest.mark.parametrize("ending", [
    "Associated surgical service: Slingshot sling is medically necessary",  # the full stop lost
    "Associated surgical service: Slingshot sling is medically necessary;",
    "Associated surgical service: Slingshot sling is medically necessary (ODG, Shoulder)",
    "Associated surgical service: Slingshot sling is medically\nnecessary",  # the phrase wraps, no full stop
    "Associated surgical service: Slingshot sling is medically\nnecessary. It is to be fitted by the treating Dr.",
    "Associated surgical service: Slingshot sling is medically\nnecessary. Alternatives include a brace, etc.",
    "Associated surgical service: Slingshot sling is medically\nnecessary. Wear 23 hrs. a day for 4 wks.",
])
def test_a_rationale_ending_without_a_full_stop_keeps_its_words_out_of_the_next_item(ending):
    """The next item line is read from its own line: the rationale before it ends at its concluding phrase, even
    without a full stop, on an abbreviation's, or with the phrase wrapped over two lines."""
    assert REAL.count(_SLING_END) == 1
    letter = parse_letter(REAL.replace(_SLING_END, f"{ending}\nPost-op Percocet 5/325mg: Upheld\n"), "x.txt")
    assert isinstance(letter, Letter), letter
    assert [i.treatment for i in letter.items] == [i.treatment for i in parse_letter(REAL, "x.txt").items]
    sling = next(i for i in letter.items if i.treatment.endswith("Slingshot sling"))
    assert sling.rationale.endswith(" ".join(ending.split()).removeprefix("Associated surgical service: "))
    assert sling.rationale_conclusion == "medically_necessary"


def _with_percocet_line(line: str) -> Letter | Rejection:
    """REAL with its Percocet item line (the fifth of six) written as ``line``."""
    assert REAL.count("Post-op Percocet 5/325mg: Upheld") == 1
    return parse_letter(REAL.replace("Post-op Percocet 5/325mg: Upheld", line), "x.txt")


@pytest.mark.parametrize(("line", "treatment"), [
    ("Post-op Percocet 5/325mg - Upheld", "Post-op Percocet 5/325mg"),  # a dash for the colon
    ("Post-op Percocet 5/325mg \u2014 Upheld", "Post-op Percocet 5/325mg"),
    ("Post-op Percocet 5/325mg: Upheld:", "Post-op Percocet 5/325mg"),  # a colon after the decision
    ("Post-op Percocet 5/325mg\uff1a Upheld", "Post-op Percocet 5/325mg"),  # a full-width colon
    ("Post-op Percocet 5/325mg\nDecision: Upheld", "Post-op Percocet 5/325mg"),  # a labelled decision line
    ("Post-op Percocet 5/325mg IMR Decision: Upheld", "Post-op Percocet 5/325mg"),
    ("Post-op Percocet 5/325mg - dispensed - Upheld", "Post-op Percocet 5/325mg - dispensed"),
])
def test_an_item_line_written_by_another_hand_keeps_its_treatment_and_decision(line, treatment):
    letter = _with_percocet_line(line)
    assert isinstance(letter, Letter), letter
    item = next(i for i in letter.items if "Percocet" in i.treatment)
    assert (item.treatment, item.decision, len(letter.items)) == (treatment, "upheld", 6)


def test_a_dash_before_other_words_is_no_decision():
    letter = _with_percocet_line("Post-op Percocet 5/325mg - Pending")
    assert isinstance(letter, Rejection)
    assert "has no decision instead of Upheld or Overturned" in letter.reason


def test_a_treatment_opening_with_a_count_keeps_it():
    text = SEED.replace("NORCO 10/325MG:  Upheld", "12 sessions of physical therapy:  Upheld")
    item = parse_letter(text, "x.txt").items[1]
    assert (item.treatment, item.requested_quantity) == ("12 sessions of physical therapy", 12)


@pytest.mark.parametrize(
    ("ending", "conclusion"),
    [
        ("Therefore, I recommend non-certification of the request.", "not_medically_necessary"),
        ("Therefore, I recommend certification of the request.", "medically_necessary"),
        ("I do not recommend certification of the request.", "not_medically_necessary"),
        ("The reviewer recommends noncertification.", "not_medically_necessary"),
    ],
)
def test_conclusion_written_as_a_recommended_certification(ending, conclusion):
    from pipeline.parse.items import rationale_conclusion

    assert rationale_conclusion("The records were reviewed. " + ending) == (conclusion, False)


def test_a_first_item_partial_in_other_words_keeps_the_intro_out():
    # The walk back over a partial authorization's sentences stops at the items' opening sentence, whatever
    # words the partial uses (here not "… was the original request").
    text = read_text(TXT / "CM16-0224814.txt")
    text = text.replace(
        "Cervical spine MRI without contrast: Upheld",
        "The original request was for cervical spine MRI with and without contrast. Cervical spine MRI\n"
        "without contrast was authorized by the Claims Administrator. The remaining IMR eligible portion\n"
        "of the original request, cervical spine MRI with contrast is: Upheld",
    )
    letter = parse_letter(text, "x.txt")
    assert isinstance(letter, Letter) and len(letter.items) == 1
    assert letter.items[0].treatment.startswith("The original request was for cervical spine MRI")
    assert "Final Determination" not in letter.items[0].treatment


_WHEELCHAIR = ("Standard wheelchair for a 3 month rental was the original request. Standard wheelchair for a 1 month rental\n"
               "was authorized by the Claims Administrator. The remaining IMR eligible portion of the original\n"
               "request, Standard wheelchair for a 2 month rental is: Upheld")


@pytest.mark.parametrize(("written", "original", "authorized", "treatment"), [
    (_WHEELCHAIR, "Standard wheelchair for a 3 month rental", "Standard wheelchair for a 1 month rental",
     "Standard wheelchair for a 2 month rental"),
    # the authorized portion told before the original request
    (("Standard wheelchair for a 1 month rental was authorized by the Claims Administrator. Standard wheelchair for a\n"
     "3 month rental was the original request. The remaining IMR eligible portion of the original request,\n"
     "Standard wheelchair for a 2 month rental is: Upheld"),
     "Standard wheelchair for a 3 month rental", "Standard wheelchair for a 1 month rental",
     "Standard wheelchair for a 2 month rental"),
    # "modified … to", "partially certified"
    (("Functional restoration program 160 hours was the original request. The Claims Administrator modified the\n"
     "request to Functional restoration program 80 hours. The remaining IMR eligible portion of the original\n"
     "request, Functional restoration program 80 hours is: Upheld"),
     "Functional restoration program 160 hours", "Functional restoration program 80 hours",
     "Functional restoration program 80 hours"),
    (("Lumbar epidural steroid injection at L4-L5 and L5-S1 was the original request. The request was modified to\n"
     "Lumbar epidural steroid injection at L4-L5 by the Claims Administrator. The remaining IMR eligible portion\n"
     "of the original request, Lumbar epidural steroid injection at L5-S1 is: Upheld"),
     "Lumbar epidural steroid injection at L4-L5 and L5-S1", "Lumbar epidural steroid injection at L4-L5",
     "Lumbar epidural steroid injection at L5-S1"),
    (("Norco 10/325mg #90 was the original request. Norco 10/325mg #60 was partially certified by the Claims\n"
     "Administrator. The remaining IMR eligible portion of the original request, Norco 10/325mg #30 is: Upheld"),
     "Norco 10/325mg #90", "Norco 10/325mg #60", "Norco 10/325mg #30"),
    # "… of the original request is X"
    (("Tramadol ER 150mg #90 with two refills was the original request. Tramadol ER 150mg #90 was authorized by\n"
     "the Claims Administrator. The remaining IMR eligible portion of the original request is Two refills of\n"
     "Tramadol ER 150mg #90: Upheld"),
     "Tramadol ER 150mg #90 with two refills", "Tramadol ER 150mg #90", "Two refills of Tramadol ER 150mg #90"),
    # a title's full stop is no sentence's end
    (("Consultation with Dr. Smith was the original request. Consultation with Dr. Smith x1 was authorized by the\n"
     "Claims Administrator. The remaining IMR eligible portion of the original request, Consultation with\n"
     "Dr. Smith x1 is: Upheld"), "Consultation with Dr. Smith", "Consultation with Dr. Smith x1", "Consultation with Dr. Smith x1"),
])
def test_a_partial_authorization_worded_otherwise(written, original, authorized, treatment):
    _partial_reads_as(written, original, authorized, treatment)


@pytest.mark.parametrize(("written", "original", "authorized", "treatment"), [
    # a code review's: an abbreviation's full stop is no sentence's end, a purpose no portion, "is:" no part of it
    (("Norco 10/325mg #60 was authorized by the Claims Administrator. Follow-up visit with Dr. Smith and Norco\n"
      "10/325mg #90 was the original request. The remaining IMR eligible portion of the original request, Norco\n"
      "10/325mg #30 is: Upheld"),
     "Follow-up visit with Dr. Smith and Norco 10/325mg #90", "Norco 10/325mg #60", "Norco 10/325mg #30"),
    (("Norco 10/325mg #90 was the original request. Norco 10/325mg #60 was modified to allow for weaning by the\n"
      "Claims Administrator. The remaining IMR eligible portion of the original request, Norco 10/325mg #30 is: Upheld"),
     "Norco 10/325mg #90", "Norco 10/325mg #60", "Norco 10/325mg #30"),
    (("Norco 10/325mg #90 was the original request. The Claims Administrator modified the request to Norco 10/325mg\n"
      "#60 per Dr. Smith. The remaining IMR eligible portion of the original request, Norco 10/325mg #30 is: Upheld"),
     "Norco 10/325mg #90", "Norco 10/325mg #60 per Dr. Smith", "Norco 10/325mg #30"),
    (("Acupuncture 12 sessions was the original request. Acupuncture 6 sessions was authorized by the Claims\n"
      "Administrator. The remaining IMR eligible portion of the original request is: Acupuncture 6 sessions: Upheld"),
     "Acupuncture 12 sessions", "Acupuncture 6 sessions", "Acupuncture 6 sessions"),
])
def test_a_partial_authorization_a_code_review_tried(written, original, authorized, treatment):
    _partial_reads_as(written, original, authorized, treatment)


def _partial_reads_as(written, original, authorized, treatment):
    text = read_text(TXT / "CM16-0224814.txt").replace("Cervical spine MRI without contrast: Upheld", written)
    item = parse_letter(text, "x.txt").items[0]
    assert item.is_partial_authorization
    assert (item.original_request, item.authorized_portion, item.treatment) == (original, authorized, treatment)


def test_a_partial_authorization_naming_no_region_has_its_original_requests():
    # Real letter CM16-0231706: the remaining portion names no body part; the original request does.
    text = read_text(TXT / "CM16-0224814.txt").replace(
        "Cervical spine MRI without contrast: Upheld",
        "Chiropractic physiotherapy treatment 12 visits for the cervical spine and back followed by\n"
        "re-examination was the original request. The Claims Administrator authorized Chiropractic\n"
        "physiotherapy treatment 6 visits, leaving the original request IMR eligible. The remaining IMR\n"
        "eligible portion of the original request, Chiropractic physiotherapy treatment 6 visits is: Upheld",
    )
    item = parse_letter(text, "x.txt").items[0]
    assert item.is_partial_authorization and item.treatment == "Chiropractic physiotherapy treatment 6 visits"
    assert (item.body_region, item.requested_quantity) == ("multiple", 6)  # cervical and (low) back
    # where the remaining portion names one, it is the item's
    text = text.replace("treatment 6 visits is: Upheld", "treatment 6 visits for the neck is: Upheld")
    assert parse_letter(text, "x.txt").items[0].body_region == "cervical"


@pytest.mark.parametrize(
    ("text", "conclusion"),
    [
        # an opening that marks asides elsewhere, on a sentence giving its verdict on the request (real letter
        # CM16-0238676, whose first sentence says what the guideline "may" allow)
        (("The MTUS indicates physical therapy may be appropriate for a maximum of 10 visits over 8 weeks. It is "
          "noted the patient only remains with minimal deficits and given the request will exceed the guideline "
          "criteria, the request at this time is not medically necessary."), "not_medically_necessary"),
        ("Therapy may be appropriate. Additionally, the request is not medically necessary.", "not_medically_necessary"),
        # an aside on something else, or on what the review under appeal found, is still no verdict
        ("As such, the request is not medically necessary. It is noted a home exercise program is medically necessary.",
         "not_medically_necessary"),
        ("As such, the request is medically necessary. It is noted the UR found the request not medically necessary.",
         "medically_necessary"),
    ],
)
def test_a_verdict_on_the_request_opened_like_an_aside(text, conclusion):
    from pipeline.parse.items import rationale_conclusion

    assert rationale_conclusion(text)[0] == conclusion


@pytest.mark.parametrize(
    ("text", "conclusion"),
    [
        # a rationale that ends asking for more documentation concludes nothing; its opening guideline criterion
        # ("recommended when …", with a "do not respond" inside) is no verdict on the request
        (("Imaging is recommended when unequivocal objective findings identify specific nerve compromise in patients "
          "who do not respond to treatment. The documentation does not show red flags, and imaging has already been "
          "performed. Clarification of the request and further documentation would be needed."), "unclear"),
        ("Acupuncture is indicated only if pain medication is not tolerated. The records are incomplete.", "unclear"),
        # the same criterion said of the request, or drawn as a conclusion, is one
        (("The records are incomplete. Acupuncture is not indicated unless medication is reduced, so the request is "
          "not medically necessary."), "not_medically_necessary"),
        ("The records are incomplete. Therefore, imaging is not recommended when no red flags are present.",
         "not_medically_necessary"),
        ("The patient failed therapy. Surgery is recommended when conservative care fails, as it has here.",
         "medically_necessary"),
        # the rationale's last sentence, after the facts, is the verdict however it is worded
        ("No red flags are documented. An MRI is not indicated when there are no red flags.", "not_medically_necessary"),
        ("The patient has failed conservative care. Surgery is indicated when conservative care has failed.",
         "medically_necessary"),
    ],
)
def test_a_guideline_criterion_is_no_verdict(text, conclusion):
    from pipeline.parse.items import rationale_conclusion

    assert rationale_conclusion(text)[0] == conclusion


@pytest.mark.parametrize(
    ("seed", "old", "new", "field", "value"),
    [
        # a date wrapped at its slash or hyphen is one date (real 2016-17 letters wrap "claim from 10/14/" / "2016.")
        ("004", "injury on 04/14/2010 after", "injury on 04/14/ \n\n2010 after", "date_of_injury", date(2010, 4, 14)),
        ("000", "date of injury 1/26/11 with", "date of injury 1/ \n\n26/11 with", "date_of_injury", date(2011, 1, 26)),
        ("000", "UR decision was 11/4/14.", "UR decision was 11/4/ \n\n14.", "ur_denial_date", date(2014, 11, 4)),
        ("004", "injury on 04/14/2010 after", "injury on 04-14- \n\n2010 after", "date_of_injury", date(2010, 4, 14)),
    ],
)
def test_a_date_wrapped_at_its_separator(seed, old, new, field, value):
    text = read_text(seed_path(seed))
    assert text.count(old) == 1
    letter = parse_letter(text.replace(old, new), "x.txt")
    assert getattr(letter.case, field) == value


def test_a_date_of_service_wrapped_at_its_slash_stays_whole():
    text = read_text(TXT / "CM16-0224814.txt").replace(
        "Cervical spine MRI without contrast: Upheld",
        "Retrospective Lidoderm patch, 12 hours on 12 hours off, #1 box, DOS: 11/11/\n2016: Upheld",
    )
    item = parse_letter(text, "x.txt").items[0]
    assert item.treatment == "Retrospective Lidoderm patch, 12 hours on 12 hours off, #1 box, DOS: 11/11/2016"
    assert item.date_of_service == date(2016, 11, 11)


def _rows(letter: Letter) -> tuple:
    return letter.case, letter.reviewer, letter.items, letter.citations


def _with_furniture(text: str, top: str | None, bottom: str | None) -> str:
    """Every page of ``text`` with a running header and footer ("{n}" is the page's number, "{N}" their count)."""
    pages = text.split("\f")
    count = sum(1 for page in pages if page.strip())
    out = []
    for n, page in enumerate(pages, 1):
        if page.strip():
            page = ((top.format(n=n, N=count) + "\n") if top else "") + page.rstrip("\n") + "\n"
            page += (bottom.format(n=n, N=count) + "\n") if bottom else ""
        out.append(page)
    return "\f".join(out)


@pytest.mark.parametrize(("top", "bottom"), [
    (None, "Independent Medical Review Final Determination - Page {n} of {N}"),
    ("Case Number: CM17-0011517", "Page {n} of {N}"),
    ("CM17-0011517 - Final Determination Letter", "IMR-FDL Form 1.2 (Rev. 01/2016)"),
    ("IMR Final Determination Page {n} of {N}", None),
    (None, "- {n} -"),
    # a footer ending with its page's number alone (a PDF probe's rendering)
    (None, "CONFIDENTIAL - This document contains protected health information. {n}"),
])
def test_running_headers_and_footers_are_page_furniture(top, bottom):
    """A header or footer on every page, wherever the page breaks fall (inside an item's name, between a decision
    and its guideline, inside a citation), is no text of the letter: the rows are the letter's without it."""
    text = read_text(TXT / "CM17-0011517.txt")
    assert text.count("\f") == 4
    plain = parse_letter(text, "x.txt")
    furnished = parse_letter(_with_furniture(text, top, bottom), "x.txt")
    assert isinstance(furnished, Letter), furnished
    assert _rows(furnished) == _rows(plain)


def test_a_running_footer_on_both_pages_of_a_two_page_letter():
    from pipeline.parse.text import drop_running_lines

    two = "\f".join(read_text(TXT / "CM17-0011517.txt").split("\f")[:2]) + "\f"
    assert sum(1 for page in two.split("\f") if page.strip()) == 2
    furnished = _with_furniture(two, None, "IMR FD 10/2013")
    assert drop_running_lines(furnished) == _with_furniture(two, None, None)
    # a sentence's end, or a decision alone on its line, on both pages' last line is the letter's text
    for last in ("Therefore, the request is not medically necessary.", "Upheld"):
        ended = _with_furniture(two, None, last)
        assert drop_running_lines(ended) == ended


def test_content_lines_repeated_at_page_edges_are_kept():
    """The same citation opening two pages, or the case number atop the first page's header, is the letter's."""
    from pipeline.parse.text import drop_running_lines

    line = "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016."
    pages = ["Case Number: CM16-0000001\nDecision Date: 01/02/2017\nbody one\nend one\n",
             f"{line}\nMAXIMUS guideline: a\nbody two\nend two\n",
             f"{line}\nMAXIMUS guideline: b\nbody three\nend three\n",
             f"{line}\nMAXIMUS guideline: c\nbody four\nend four\n", ""]
    text = "\f".join(pages)
    assert drop_running_lines(text) == text


def test_a_cover_page_header_with_the_ur_decision_date_label():
    """A 2013-15 letter's cover page may print "Date of UR Decision:" for the UR denial date; its values are the
    case's, over what the summary says."""
    cover = ("Independent Medical Review Final Determination Letter\n\nIMR Case Number:\nDate of UR Decision:\n\n"
             "CM14-0133875\n01/11/2014\n\nDate of Injury:\nIMR Application Received:\n\n02/15/2009\n01/31/2014\n\n")
    case = parse_letter(cover + SEED, "x.txt").case
    assert (case.case_number, case.ur_denial_date, case.date_of_injury, case.application_received_date) == (
        "CM14-0133875", date(2014, 1, 11), date(2009, 2, 15), date(2014, 1, 31))


def _letter_paged_after(text: str, ends: str, breaks: int) -> str:
    """``text`` (form feeds removed) with a page break after each of the first ``breaks`` lines equal to ``ends``."""
    parts = text.replace("\f", "\n").split(ends + "\n")
    return (ends + "\n\f").join(parts[: breaks + 1]) + ends + "\n" + (ends + "\n").join(parts[breaks + 1 :])


def test_repeated_text_at_page_ends_is_the_letters():
    """Items with the same closing lines, each ending a page, keep them: a wrapped line of prose or a sentence is no
    footer, however often it repeats (a real letter whose four rationales end alike)."""
    from pipeline.parse.text import drop_running_lines

    text = read_text(TXT / "CM17-0010006.txt")
    ends = "recommendations. As such, this request is not medically necessary."
    for breaks in (3, 2, 1):
        paged = _letter_paged_after(text, ends, breaks)
        assert paged.count("\f") == breaks
        assert drop_running_lines(paged) == paged
        assert _rows(parse_letter(paged, "x.txt"))[2:] == _rows(parse_letter(paged.replace("\f", "\n"), "x.txt"))[2:]
    # both pages of a two-page letter ending on the same wrapped line of prose
    line = "physical examination does not document objective findings of radiculopathy corroborated by"
    two = f"Case Number:\nbody\n{line}\n\fmore\ntext\n{line}\n\f"
    assert drop_running_lines(two) == two


def test_a_number_in_text_is_no_page_number():
    from pipeline.parse.text import drop_running_lines

    text = ("Case Number:\nbody\nend\n\fItem: Upheld\nDecision rationale: for\n2 trigger point injections is denied\n"
            "\fItem: Upheld\nDecision rationale: for\n3 trigger point injections is denied\n\f")
    assert drop_running_lines(text) == text


@pytest.mark.parametrize("before", ["\f", " \f", "Fax cover sheet\nTo: claims\f"])
def test_a_cover_page_before_the_letter_keeps_its_case_number(before):
    """The header printed on the first page that is the letter's, after a blank or a cover page, is not furniture."""
    text = read_text(TXT / "CM17-0010006.txt")
    header = text[: text.index("HOW THE IMR")]
    rows = ("Case Number: CM17-0010006\nDate Assigned: 01/19/2017\nDecision Date: 02/16/2017\nPriority: Standard\n"
            "Date of Injury: 10/31/2016\nUR Denial Date: 01/13/2017\nApplication Received: 01/16/2017\n\n")
    case = parse_letter(before + rows + text[len(header) :], "x.txt").case
    assert (case.case_number, case.date_assigned) == ("CM17-0010006", date(2017, 1, 19))


def test_running_footers_in_a_letter_with_carriage_returns():
    text = read_text(TXT / "CM17-0011517.txt")
    furnished = _with_furniture(text, None, "Independent Medical Review Final Determination - Page {n} of {N}")
    assert _rows(parse_letter(furnished.replace("\n", "\r\n"), "x.txt")) == _rows(parse_letter(text, "x.txt"))


# --- what a metamorphic probe found: transformations of the real letters that must change no row ---------------


@pytest.mark.parametrize("bad_label", ["ate Assigned:", "Date Asigned:", "Date Assigned", "DATE ASSIGNED"])
def test_a_header_label_one_letter_off_or_without_its_colon_is_its_label(bad_label):
    from pipeline.parse.header import parse_header

    columns = ["Case Number:", bad_label, "Decision Date:", "Priority:", "CM16-0246487", "12/29/2016", "01/31/2017",
               "Standard", "Dat of Injury:", "UR Denial Date:", "Aplication", "Received:", "10/21/2016", "11/21/2016",
               "12/23/2016"]  # fmt: skip
    assert parse_header(columns) == {
        "case_number": "CM16-0246487", "date_assigned": date(2016, 12, 29), "decision_date": date(2017, 1, 31),
        "priority": "Standard", "date_of_injury": date(2016, 10, 21), "ur_denial_date": date(2016, 11, 21),
        "application_received_date": date(2016, 12, 23)}  # fmt: skip


def test_a_column_with_more_dates_than_labels_it_can_read_gives_none_of_them():
    """A label mistyped past reading leaves its column a date short of labels: which date was its cannot be read,
    so the column's dates stay empty (never the next label's date: the decision date is no assignment date)."""
    from pipeline.parse.header import parse_header

    columns = ["Case Number:", "Dte Asigned:", "Decision Date:", "Priority:", "CM16-0246487", "12/29/2016",
               "01/31/2017", "Standard", "Date of Injury:", "UR Denial Date:", "Application", "Received:",
               "10/21/2016", "11/21/2016", "12/23/2016"]  # fmt: skip
    assert parse_header(columns) == {
        "case_number": "CM16-0246487", "priority": "Standard", "date_of_injury": date(2016, 10, 21),
        "ur_denial_date": date(2016, 11, 21), "application_received_date": date(2016, 12, 23)}  # fmt: skip


@pytest.mark.parametrize("heading", ["Clincal Case Summary", "Clinical Summary", ""])
def test_a_summary_heading_mistyped_or_lost_opens_the_summary_at_its_formula(heading):
    """Every summary opens "The expert reviewer developed the following clinical case summary …": where the heading
    is mistyped out of capitals or missing, the summary still starts there and the credentials end before it (no
    specialty read from the summary's words)."""
    plain = parse_letter(REAL, "x.txt")
    text = REAL.replace("CLINICAL CASE SUMMARY\n", f"{heading}\n" if heading else "")
    assert text != REAL
    letter = parse_letter(text, "x.txt")
    assert _rows(letter) == _rows(plain)


def test_zero_width_characters_and_soft_hyphens_are_nothing_a_reader_sees():
    plain = parse_letter(REAL, "x.txt")
    text = (REAL.replace("Slingshot sling", "S\u200blingshot sl\u200ding")
            .replace("Bankart repair", "B\u200bankart re\u200bpair")
            .replace("Post-op Zofran: Upheld", "Post-op Zofran:\u200bUpheld")  # a zero-width space as the gap
            .replace("Decision rationale:", "Deci\u2060sion rationale:")
            .replace("biceps tenodesis is medically necessary.", "biceps tenodesis is medi\u00ad\ncally necessary."))
    assert text != REAL
    assert _rows(parse_letter(text, "x.txt")) == _rows(plain)


def test_a_word_broken_at_a_hyphen_at_a_rationale_s_line_end_is_joined():
    text = REAL.replace("biceps tenodesis is medically necessary.", "biceps tenodesis is medically neces-\nsary.")
    item = parse_letter(text, "x.txt").items[0]
    assert item.rationale.endswith("biceps tenodesis is medically necessary.")  # one of the letters' own words: whole
    assert "- " not in item.rationale
    text = REAL.replace("biceps tenodesis is medically necessary.", "biceps teno-\ndesis is medically necessary.")
    item = parse_letter(text, "x.txt").items[0]
    assert item.rationale.endswith("biceps teno-desis is medically necessary.")  # another's hyphen may be its own


@pytest.mark.parametrize("footer", [None, "CM16-0246487  Page {n} of {N}"])
def test_a_labelled_case_number_atop_a_later_page_is_a_running_header(footer):
    """"Case Number: CM…" atop a page after the first, where the header already printed the number, is page
    furniture even on one page only, as is a footer with the case number that numbers its page, on the first page
    too; the header's own "Case Number:" is kept."""
    plain = parse_letter(REAL, "x.txt")
    pages = REAL.split("\f")
    pages[2] = "Case Number: CM16-0246487\n" + pages[2]
    if footer:
        pages[0] = pages[0].rstrip("\n") + "\n" + footer.format(n=1, N=4) + "\n"
    letter = parse_letter("\f".join(pages), "x.txt")
    assert isinstance(letter, Letter), letter
    assert _rows(letter) == _rows(plain)


def test_an_item_line_wrapped_over_six_lines_is_read_whole():
    name = ("Retrospective request for compound cream containing Flurbiprofen 20 percent, Baclofen 2 percent, "
            "Cyclobenzaprine 2 percent, Gabapentin 6 percent, Lidocaine 5 percent in a 180 gram tube with two refills "
            "for the cervical spine and the lumbar spine (DOS 10/12/16)")
    wrapped = "\n".join(re.findall(r".{1,50}(?:\s|$)", name)).replace(" \n", "\n").strip()
    assert wrapped.count("\n") >= 5
    text = REAL.replace("Post-op Zofran: Upheld", wrapped + ": Upheld")
    item = parse_letter(text, "x.txt").items[5]
    assert item.treatment == name
    assert (item.service_subcategory, item.is_retrospective, item.date_of_service) == (
        "Topical Compounds", True, date(2016, 10, 12))


@pytest.mark.parametrize(("old", "new"), [
    ("Claims Administrator guideline: Decision based on MTUS Shoulder Complaints 2004,\nSection(s): Initial Care.",
     "Claims Administrator gudeline: Decision based on MTUS Shoulder Complaints 2004,\nSection(s): Initial Care."),
    ("Claims Administrator guideline: Decision based on MTUS Shoulder Complaints 2004,\nSection(s): Initial Care.",
     "laims Administrator guideline: Decision based on MTUS Shoulder Complaints 2004,\nSection(s): Initial Care."),
    ("Claims Administrator guideline: Decision based on MTUS Shoulder Complaints 2004,\nSection(s): Initial Care.",
     "Claims Administrator guideline Decision based on MTUS Shoulder Complaints 2004,\nSection(s): Initial Care."),
    ("MAXIMUS guideline: The Expert Reviewer based their decision on recommendation(s) outside\nof the MTUS Guidelines. "
     + "Decision based on Non-MTUS Citation Official Disability Guidelines\n(ODG) Shoulder, Postoperative",
     "MAIXMUS guideline: The Expert Reviewer based their decision on recommendation(s) outside\nof the MTUS Guidelines. "
     + "Decision based on Non-MTUS Citation Official Disability Guidelines\n(ODG) Shoulder, Postoperative"),
    ("Decision rationale: The CA MTUS/ACOEM Guidelines do not address. The Official Disability\nGuidelines state, a postop",
     "Deciison rationale: The CA MTUS/ACOEM Guidelines do not address. The Official Disability\nGuidelines state, a postop"),
    ("Decision rationale: The CA MTUS/ACOEM Guidelines do not address. The Official Disability\nGuidelines state, a postop",
     "Decision rationale The CA MTUS/ACOEM Guidelines do not address. The Official Disability\nGuidelines state, a postop"),
])
def test_an_item_s_label_one_letter_off_or_without_its_colon_is_its_label(old, new):
    """A label mistyped one letter off, or without its colon before its paragraph's own opening words, still opens
    its paragraph: otherwise the item line before it would be read as the last rationale's words (an item lost)."""
    assert REAL.count(old) == 1
    plain, typed = parse_letter(REAL, "x.txt"), parse_letter(REAL.replace(old, new), "x.txt")
    assert isinstance(typed, Letter), typed
    assert _rows(typed) == _rows(plain)


def test_a_line_opening_with_the_words_decision_rationale_in_lower_case_is_no_label():
    from pipeline.parse.items import _label_kind

    assert _label_kind("Decision rationale: The guidelines") == _label_kind("Decision rationale The guidelines") == "rat"
    assert _label_kind("Decision rationale was not given by the provider.") is None


@pytest.mark.parametrize(("old", "new"), [
    ("Manual therapy & manipulation Page(s): 58-59.", "Manual therapy & manipulation Page(s):: 58-59."),
    ("Manual therapy & manipulation Page(s): 58-59.", "Manual therapy & manipulation Pge(s): 58-59."),
])
def test_a_citation_s_page_label_mistyped_still_gives_the_pages(old, new):
    text = read_text(seed_path("001"))
    assert text.count(old) == 1
    plain, typed = parse_letter(text, "x.txt"), parse_letter(text.replace(old, new), "x.txt")
    assert [(c.section, c.pages) for c in typed.citations] == [(c.section, c.pages) for c in plain.citations]
    assert "58-59" in [c.pages for c in typed.citations]


@pytest.mark.parametrize(("written", "pages"), [
    ("58-59", "58-59"),
    ("5859", "58-59"),  # the range's hyphen ended a line and the extraction joined "58-" / "59"
    ("111113", "111-113"),
    ("99100", "99-100"),
    ("58, 6061", "58,60-61"),
    ("127", "127"),
    ("5899", "5899"),  # no short range: as written
    ("1030", "1030"),  # a large book's page (four digits split only into neighbours)
    ("1127", "1127"),  # "1-127" joined is no range of two halves: as written
    ("1011121", "1011121"),
])
def test_a_page_range_joined_at_its_hyphen_is_read_as_the_range(written, pages):
    text = read_text(seed_path("001"))
    old = "Manual therapy & manipulation Page(s): 58-59."
    typed = parse_letter(text.replace(old, f"Manual therapy & manipulation Page(s): {written}."), "x.txt")
    assert pages in [c.pages for c in typed.citations]


@pytest.mark.parametrize(("old", "new"), [
    ("has a subspecialty in", "has a subspecilty in"),
    ("and is licensed to practice in", "and is liensed to practice in"),
])
def test_a_seed_layout_credential_sentence_with_a_typo_keeps_its_parts_apart(old, new):
    text = read_text(seed_path("000"))
    assert text.count(old) == 1
    plain, typed = parse_letter(text, "x.txt"), parse_letter(text.replace(old, new), "x.txt")
    assert (typed.reviewer.specialties, typed.reviewer.subspecialty, typed.reviewer.license_states) == (
        plain.reviewer.specialties, plain.reviewer.subspecialty, plain.reviewer.license_states)


@pytest.mark.parametrize(("old", "new", "expected"), [
    # the states after other wordings of the licence
    ("and is licensed to practice in California.", "and is licensed to practice medicine in California.", None),
    ("and is licensed to practice in California.", "and is Licensed in California and Texas.", ["CA", "TX"]),
    ("and is licensed to practice in California.", "and holds a license in California, NV.", ["CA", "NV"]),
    ("and is licensed to practice in California.", "and licensed in California.", None),
    # a mistyped "Board Certified" still leads the board
    ("Board Certified in", "Board Certifed in", None),
    ("Board Certified in", "Board Cerified in", None),
    # a bare ", subspecialty in" or "and a subspecialty in"
    (", has a subspecialty in", ", subspecialty in", None),
    (", has a subspecialty in", " and a subspecialty in", None),
])
def test_a_seed_layout_credential_sentence_in_other_wordings(old, new, expected):
    text = read_text(seed_path("000"))
    assert text.count(old) == 1
    plain, typed = parse_letter(text, "x.txt"), parse_letter(text.replace(old, new), "x.txt")
    assert plain.reviewer.specialties and plain.reviewer.subspecialty and plain.reviewer.license_states == ["CA"]
    assert (typed.reviewer.specialties, typed.reviewer.subspecialty, typed.reviewer.license_states) == (
        plain.reviewer.specialties, plain.reviewer.subspecialty, expected or plain.reviewer.license_states)


@pytest.mark.parametrize(("ending", "kept"), [
    ("Post-op Zofran is not medically necessary.", True),
    ("Post-op Zofran is not medically necessary", True),  # the full stop lost: the sentence still concludes
    ("Post-op Zofran is not medically necessary.\nIMR FD 10/2013", True),  # a form number after it, no prose
    ("Post-op Zofran is not medically necessary. (Official Disability Guidelines, Pain chapter)", True),  # a reference
    ("Post-op Zofran is not medically necessary.\nReference: ODG Pain Chapter", True),  # a labelled line after it
    ("Therefore, the medical necessity of this request is not established", True),  # full stop lost, other wording
    ("Post-op Zofran is medically necessary in the care of this patient", True),
    ("There is no documentation of the patient's response to the", False),
    ("Post-op Zofran is not medically necessary. The efficacy of the medicatio", False),  # cut mid-word
    ("Post-op Zofran is not medically necessary. The patient has taken the medication for several", False),
    ("The guidelines state that antiemetics are not", False),
])
def test_a_letter_cut_short_in_its_last_rationale_is_quarantined(ending, kept):
    """Every letter ends with its last rationale's last sentence, whole: one that stops in a sentence concluding
    nothing was cut short (a download stopped, a page lost), and its items cannot be trusted to be all there."""
    cut = REAL[: REAL.rindex("Decision rationale:")] + "Decision rationale: " + ending + "\n"
    result = parse_letter(cut, "x.txt")
    assert isinstance(result, Letter) is kept, result
    if not kept:
        assert result.reason.startswith("letter appears truncated mid-way: the last item's rationale stops mid-sentence")


def _reviewer(text: str):
    result = parse_letter(text, "x.txt")
    assert isinstance(result, Letter), result
    r = result.reviewer
    return (r.specialties, r.subspecialty, r.license_states) if r else None


@pytest.mark.parametrize("letter", [REAL, PARTIAL, SEED, read_text(seed_path("001"))])
def test_a_lost_credentials_heading_keeps_the_reviewer(letter):
    """The credentials heading left out: the section opens at the formula every letter prints there ("MAXIMUS Federal
    Services sent the complete case file …"), so the reviewer is read as before (a 2013-15 letter was quarantined, a
    2016-17 one lost its reviewer)."""
    text = re.sub(r" ?HOW THE IMR FINAL DETERMINATION WAS MADE ?\n", "", letter, count=1)
    assert text != letter
    assert _reviewer(text) == _reviewer(letter) and _reviewer(letter) is not None
    assert _summary(text) == _summary(letter)


@pytest.mark.parametrize("label", ["Application Received:", "Application Received Date:"])
def test_a_header_of_labels_and_values_on_one_line(label):
    """Each label with its value on its line, the application's label with "Date" after it too (its date was lost,
    and the summary's injury date taken for the header's)."""
    header = ("Case Number:\nDate Assigned:\nDecision Date:\nPriority:\n\nCM16-0246487\n12/29/2016\n01/31/2017\nStandard\n\n"
              "Date of Injury:\nUR Denial Date:\nApplication\nReceived:\n\n10/21/2016\n11/21/2016\n12/23/2016\n")
    assert REAL.startswith(header)
    text = REAL.replace(header, (f"Case Number: CM16-0246487   Date of Injury: 10/21/2016\nDate Assigned: 12/29/2016   "
                                 f"UR Denial Date: 11/21/2016\nDecision Date: 01/31/2017   {label} 12/23/2016\n"
                                 "Priority: Standard\n"))
    assert parse_letter(text, "x.txt").case == parse_letter(REAL, "x.txt").case


@pytest.mark.parametrize("bullet", ["- ", "• ", "* "])
def test_credential_lines_as_a_bulleted_list_give_the_reviewer(bullet):
    """Each credential line after a list's bullet, as a word processor may print them: the reviewer is read (it was
    lost)."""
    states, cert = "State(s) of Licensure: Colorado, Texas, Arizona", "Certification(s)/Specialty: Orthopedic Surgery"
    text = REAL.replace(f"{states}\n{cert}", f"{bullet}{states}\n{bullet}{cert}")
    assert text != REAL
    assert _reviewer(text) == _reviewer(REAL) == (["Orthopedic Surgery"], None, ["CO", "TX", "AZ"])


def test_credential_lines_in_either_order_give_the_reviewer():
    """The certification line printed before the licensure line: both are read (the certification was lost)."""
    states, cert = "State(s) of Licensure: Colorado, Texas, Arizona", "Certification(s)/Specialty: Orthopedic Surgery"
    swapped = REAL.replace(f"{states}\n{cert}", f"{cert}\n{states}")
    assert swapped != REAL
    assert _reviewer(swapped) == _reviewer(REAL) == (["Orthopedic Surgery"], None, ["CO", "TX", "AZ"])


@pytest.mark.parametrize("letter", [REAL, PARTIAL, SEED, read_text(seed_path("001"))])
def test_both_headings_before_the_decisions_lost_keep_reviewer_and_summary(letter):
    """The credentials and the summary headings both left out: each section opens at its formula, so the reviewer
    and the summary's facts (age, sex, injury date, diagnosis) are read as with the headings (the summary was lost)."""
    text = re.sub(r" ?HOW THE IMR FINAL DETERMINATION WAS MADE ?\n", "", letter, count=1)
    text = re.sub(r" ?CLINICAL CASE SUMMARY ?\n", "", text, count=1)
    assert text.count("\n") == letter.count("\n") - 2
    plain, lost = parse_letter(letter, "x.txt"), parse_letter(text, "x.txt")
    assert isinstance(lost, Letter) and isinstance(plain, Letter)
    assert plain.case.diagnosis and plain.case.patient_age
    assert _rows(lost) == _rows(plain)


@pytest.mark.parametrize("furniture", [
    "CM14-0012345 Page 1 of 1",
    "cc: Dr. John Smith",
    "P.O. Box 138009, Sacramento, CA 95813",
    "DWC - Division of Workers' Compensation",
    "MAXIMUS Federal Services, Inc.",
])
def test_page_furniture_after_the_last_rationale_is_no_cut(furniture):
    """A footer, address or copy list left after the letter's end (a one-page letter keeps its page's furniture) is no
    sign the letter was cut; a sentence cut short still is."""
    base = read_text(seed_path("001")).rstrip()
    assert _summary(f"{base}\n\n{furniture}\n") == _summary(base)
    cut = parse_letter(f"{base}\n\nThe efficacy of the medicatio", "x.txt")
    assert isinstance(cut, Rejection) and "truncated" in cut.reason


@pytest.mark.parametrize(("written", "dos"), [
    ("(DOS: 12/07/2016)", date(2016, 12, 7)),
    ("(service date 12/07/16)", date(2016, 12, 7)),
    ("(12/07/2016 DOS)", date(2016, 12, 7)),
    ("(dates of service 12/7/16 and 12/14/16)", date(2016, 12, 7)),
    ("(DOS 1/5/16-2/5/16)", date(2016, 1, 5)),
    ("(12/07/2016)", None),  # a date not said to be the service's
    # a retrospective item's date said otherwise (real letter CM17-0009995: "…, per 12/07/2016 order")
    (", per 12/07/2016 order", date(2016, 12, 7)),
    ("given on 12/29/2016", date(2016, 12, 29)),
    ("dispensed on 11/18/2016", date(2016, 11, 18)),
])
def test_dates_of_service_as_written(written, dos):
    text = REAL.replace("Post-op Zofran: Upheld", f"Retrospective Post-op Zofran {written}: Upheld")
    result = parse_letter(text, "x.txt")
    assert isinstance(result, Letter), result
    item = next(i for i in result.items if "Zofran" in i.treatment)
    assert (item.is_retrospective, item.date_of_service) == (True, dos)


def test_a_partial_authorizations_remaining_portion_written_between_commas():
    text = PARTIAL.replace("one week trial of Acute Rehabilitation Unit is:", "one week trial of Acute Rehabilitation Unit, is:", 1)
    assert text != PARTIAL
    assert _summary(text) == _summary(PARTIAL)


@pytest.mark.parametrize(("sentence", "expected"), [
    # verdicts written without "medically necessary" (they read as unclear)
    ("Guidelines do not support the request.", "not_medically_necessary"),
    ("The guidelines support this request.", "medically_necessary"),
    ("I cannot recommend this request.", "not_medically_necessary"),
    ("I recommend the request.", "medically_necessary"),
    ("The request should be denied.", "not_medically_necessary"),
    ("The request for PT should be approved.", "medically_necessary"),
    ("The request remains non-certified.", "not_medically_necessary"),
    ("The non-certification is upheld.", "not_medically_necessary"),
    ("The non-certification is overturned.", "medically_necessary"),
    # what is said of the denial is the opposite of what it would say of the request
    ("The denial is supported.", "not_medically_necessary"),
    ("The non-certification is not supported.", "medically_necessary"),
    ("The prior denial was not appropriate.", "medically_necessary"),
    # the prior review's finding, reported after the verdict, is not the verdict
    ("Therefore, the request is medically necessary. The prior reviewer had found it not medically necessary.",
     "medically_necessary"),
    # a bracketed "not" in the request's name is no negation
    ("Therefore the request for Opioid detoxification program (not inpatient) is medically necessary.",
     "medically_necessary"),
])
def test_conclusions_of_a_blind_item_grammar_probe(sentence, expected):
    from pipeline.parse.items import rationale_conclusion

    assert rationale_conclusion("The records were reviewed. " + sentence)[0] == expected



def test_an_item_without_guideline_paragraphs_is_its_own_item():
    """An item line followed straight by its rationale (neither guideline paragraph printed) is an item, not the
    end of the previous item's rationale."""
    rationale = "Decision rationale: The guidelines do not support this request. Therefore, the request is not medically necessary."
    text = REAL.replace("Post-op Zofran: Upheld\n", f"Soma 350mg #30: Upheld\n{rationale}\nPost-op Zofran: Upheld\n", 1)
    assert text != REAL
    treatments = [t for t, _ in _summary(text)]
    assert len(treatments) == len(_summary(REAL)) + 1 and "Soma 350mg #30" in treatments


@pytest.mark.parametrize(("sentence", "expected"), [
    # a code review's counter-examples: a negation, a condition or what follows "request" keeps its sense
    ("The guidelines would not support the request.", "not_medically_necessary"),
    ("The documentation did not clearly support this request.", "not_medically_necessary"),
    ("The guidelines support this request only after failure of conservative care, which is not documented.", "unclear"),
    ("The request should be approved only after a trial of physical therapy, which has not occurred.", "unclear"),
    ("I recommend the request be denied.", "unclear"),
    ("The request is medically necessary, even though the previous determination was reasonable based on the records.",
     "medically_necessary"),
    ("The prior review found no objective improvement, so the request is not medically necessary.",
     "not_medically_necessary"),
    ("Therefore, the request is medically necessary and the prior non-certification is overturned.", "medically_necessary"),
])
def test_conclusions_a_code_review_tried(sentence, expected):
    from pipeline.parse.items import rationale_conclusion

    assert rationale_conclusion("The patient has chronic low back pain. " + sentence)[0] == expected


@pytest.mark.parametrize(("ending", "cut"), [
    ("A DWC Form RFA dated 3/4/15 requested Norco. The efficacy of the medicatio", True),
    ("It was sent by fax on 3/4/15 and reviewed. The efficacy of the medicatio", True),
    ("The request is not medically necessary. Page 2 of 3 The efficacy of the patient's functio", True),
    ("The request is not medically necessary. cc: Dr. John Smith", False),
    ("The request is not medically necessary. P.O. Box 138009, Sacramento, CA 95813", False),
])
def test_furniture_ends_the_letter_only_with_no_prose_after_it(ending, cut):
    from pipeline.parse.letter import _stops_mid_sentence

    assert _stops_mid_sentence("The patient has chronic pain. " + ending) is cut


def _lines_without(text: str, label: str) -> str:
    """``text`` without the paragraph opening with ``label`` (up to the next blank-line-separated label)."""
    out, skipping = [], False
    for line in text.split("\n"):
        if line.startswith(label):
            skipping = True
        elif skipping and line.startswith(("Decision rationale", "Claims Administrator", "MAXIMUS")):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out)


def test_a_last_item_without_its_maximus_paragraph_or_with_rationale_as_label_is_not_cut():
    """Only a last item without its rationale (it comes last) says the letter was cut; a guideline paragraph left
    out, or the rationale labelled "Rationale:", does not."""
    seed = read_text(seed_path("001"))
    assert _summary(_lines_without(seed, "MAXIMUS guideline:")) == _summary(seed)
    assert _summary(seed.replace("Decision rationale:", "Rationale:")) == _summary(seed)
    # the late-2013 label (a blind probe: the letter had been quarantined as cut)
    assert _summary(seed.replace("Decision rationale:", "The Expert Reviewer's decision rationale:")) == _summary(seed)
    assert _summary(seed.replace("Decision rationale:", "Expert Reviewer's decision rationale:")) == _summary(seed)
    cut = parse_letter(seed[: seed.index("Decision rationale:")], "x.txt")
    assert isinstance(cut, Rejection) and "no decision rationale" in cut.reason


def test_a_firms_name_on_every_page_is_furniture():
    """"MAXIMUS Federal Services, Inc." atop every page ends with a full stop, yet is a running line, not a sentence."""
    pages = REAL.split("\f")
    text = "\f".join("MAXIMUS Federal Services, Inc.\n" + page if k else page for k, page in enumerate(pages))
    assert _summary(text) == _summary(REAL)


@pytest.mark.parametrize("line", [
    ("1) MAXIMUS Federal Services, Inc. has determined the request for Norco 10/325mg #120 is not medically necessary "
    "and appropriate."),
    "1. NORCO 10/325MG is not medically necessary and appropriate.",
])
def test_a_decision_written_as_a_determination_sentence_is_kept_out_with_that_reason(line):
    text = SEED.replace("NORCO 10/325MG:  Upheld", line)
    assert text != SEED
    result = parse_letter(text, "x.txt")
    assert isinstance(result, Rejection)
    assert result.stage == "validate"
    assert "gives its decision as a sentence" in result.reason and "no grammar yet" in result.reason


@pytest.mark.parametrize("ending", [
    "Associated surgical service: Slingshot sling is medically necessary.\nIt should be fitted by the treating M.D.",
    ("Associated surgical service: Slingshot sling is medically necessary. Fitting is to be\nsupervised by the "
    "treating M.D."),  # the last sentence wraps: its last line opens in lower case
    ("Associated surgical service: Slingshot sling is medically necessary. The sling is worn\n"
    "for 4-6 wks."),
])
def test_a_rationale_ending_on_an_abbreviation_keeps_its_last_sentence(ending):
    letter = parse_letter(REAL.replace(_SLING_END, f"{ending}\nPost-op Percocet 5/325mg: Upheld\n"), "x.txt")
    assert isinstance(letter, Letter), letter
    assert [i.treatment for i in letter.items] == [i.treatment for i in parse_letter(REAL, "x.txt").items]
    sling = next(i for i in letter.items if i.treatment.endswith("Slingshot sling"))
    assert sling.rationale.endswith(" ".join(ending.split()).removeprefix("Associated surgical service: "))


def test_a_concluding_phrase_wrapped_inside_an_item_line_does_not_cut_it():
    heading = ("Home health aide 4 hours per day, 5 days per week, as medically\nnecessary, for 6 weeks for the "
               "post-operative\nperiod: Upheld")
    letter = _with_percocet_line(heading)
    item = letter.items[next(k for k, i in enumerate(parse_letter(REAL, "x.txt").items) if "Percocet" in i.treatment)]
    assert (item.treatment, item.service_category) == (
        ("Home health aide 4 hours per day, 5 days per week, as medically necessary, for 6 weeks for the "
        "post-operative period"), "Home Health")


def test_a_partial_whose_remainder_was_not_certified_over_a_line_break_stays_partial():
    heading = ("Norco 10/325mg #120 was the original request. Norco 10/325mg #60 was certified and #60 was not\n"
               "certified by the Claims Administrator. The remaining IMR eligible portion of the original request,\n"
               "Norco 10/325mg #60, is: Upheld")
    letter = _with_percocet_line(heading)
    item = next(i for i in letter.items if i.is_partial_authorization)
    assert (item.treatment, item.original_request, item.authorized_portion) == (
        "Norco 10/325mg #60", "Norco 10/325mg #120", "Norco 10/325mg #60")


@pytest.mark.parametrize(("heading", "treatment"), [
    ("Consultation for Surgical Decision: Upheld", "Consultation for Surgical Decision"),  # the treatment's own word
    ("(2) 60mg Toradol injections: Upheld", "(2) 60mg Toradol injections"),  # a count in brackets, no list number
    # a first line opening with a word prose also opens with, ending on an abbreviation: the item goes on
    ("As needed Tramadol ER 150mg 1 tab p.o.\nq.d. #30: Upheld", "As needed Tramadol ER 150mg 1 tab p.o. q.d. #30"),
    ("In home health aide 4 hrs.\nper day, 5 days a week for 6 weeks: Upheld",
     "In home health aide 4 hrs. per day, 5 days a week for 6 weeks"),
    ("Per diem home nursing visits as directed by Dr.\nSmith, 3 visits: Upheld",
     "Per diem home nursing visits as directed by Dr. Smith, 3 visits"),
])
def test_an_item_line_that_looks_like_a_label_a_list_number_or_prose_keeps_its_treatment(heading, treatment):
    letter = _with_percocet_line(heading)
    assert treatment in [i.treatment for i in letter.items]


def test_a_partial_s_remainder_wrapped_after_an_abbreviation_stays_partial():
    heading = ("One month supply of Trezix capsule was the original request. The Claims Administrator\n"
               "authorized Trezix capsule #5, leaving the original request IMR eligible.\n"
               "The original request, one month supply of Trezix capsule 1 cap p.o.\nb.i.d. is: Upheld")
    letter = _with_percocet_line(heading)
    item = next(i for i in letter.items if i.is_partial_authorization)
    assert item.treatment == "one month supply of Trezix capsule 1 cap p.o. b.i.d."


def test_a_first_item_line_in_lower_case_after_the_intro_is_whole():
    text = REAL.replace(
        "Left shoulder arthroscopy with Bankart repair, possible biceps tenodesis: Overturned",
        "x-rays of the lumbar spine, 3 views, with flexion and extension views of the cervical\nspine: Overturned")
    assert text != REAL
    assert parse_letter(text, "x.txt").items[0].treatment == (
        "x-rays of the lumbar spine, 3 views, with flexion and extension views of the cervical spine")


def test_a_long_partial_wrapped_narrowly_keeps_its_heading():
    heading = ("Home aide 12 hours per day, 5 times a week for 4 weeks to assist with mobility,\n"
               "transfer, ADL's and safety in the home when wife is working was the original\n"
               "request. Home aide 6 hours per day, 5 times a week for 4 weeks to assist with\n"
               "mobility, transfer, ADL's and safety in the home when wife is working was\n"
               "authorized by the Claims Administrator. The remaining IMR eligible portion of\n"
               "the original request, Home aide 6 hours per day, 5 times a week for 4 weeks to\n"
               "assist with mobility, transfer, ADL's and safety in the home when wife is\n"
               "working is:\nUpheld")
    letter = _with_percocet_line(heading)
    item = next(i for i in letter.items if i.is_partial_authorization)
    assert item.treatment == ("Home aide 6 hours per day, 5 times a week for 4 weeks to assist with mobility, "
                              "transfer, ADL's and safety in the home when wife is working")
    assert item.service_category == "Home Health"


def test_one_reviewer_s_credentials_read_the_same_however_their_commas_are_spaced():
    plain = parse_letter(REAL, "x.txt").reviewer
    assert plain is not None and "," in plain.credentials_text
    assert REAL.count("Colorado, Texas") == 1
    spaced = parse_letter(REAL.replace("Colorado, Texas", "Colorado,Texas"), "x.txt").reviewer
    assert spaced is not None and spaced.credentials_text == plain.credentials_text
    assert ", " in plain.credentials_text and " ," not in plain.credentials_text


def test_a_2016_letter_whose_header_gives_no_ur_date_reads_it_from_its_summary():
    """The header's date where it prints one (the summary's may be the UR report's, days apart); the summary's
    utilization review date only where the header gives none."""
    assert parse_letter(REAL, "x.txt").case.ur_denial_date == date(2016, 11, 21)
    told = REAL.replace("The current diagnosis\nis documented", "Utilization review non-certified the request on\n"
                        "11/18/2016. The current diagnosis\nis documented")
    assert told != REAL
    assert parse_letter(told, "x.txt").case.ur_denial_date == date(2016, 11, 21)
    def without_ur_date(text: str) -> str:
        out = text.replace("Date of Injury:\nUR Denial Date:\n", "Date of Injury:\n")
        return out.replace("10/21/2016\n11/21/2016\n12/23/2016", "10/21/2016\n12/23/2016")

    r = parse_letter(without_ur_date(told), "x.txt")
    assert (r.case.ur_denial_date, r.case.application_received_date) == (date(2016, 11, 18), date(2016, 12, 23))
    # the letter's own summary: "The original utilization review dated 11/21/2016 denied the request …"
    assert parse_letter(without_ur_date(REAL), "x.txt").case.ur_denial_date == date(2016, 11, 21)


# ---------------------------------------------------------------------------------------
# Extraction noise of other tools (a metamorphic probe): the letter reads the same
# ---------------------------------------------------------------------------------------
def _reading(text: str) -> tuple:
    r = parse_letter(text, "x.txt")
    assert isinstance(r, Letter), r
    c = r.case
    return (
        (c.case_id, c.case_number, c.decision_date, c.date_of_injury, c.ur_denial_date, c.patient_age, c.diagnosis),
        [(i.treatment, i.decision, i.original_request, i.requested_quantity, i.rationale_conclusion, i.maximus_guideline)
         for i in r.items],
        [(c.item_id, c.cited_by, c.source, c.guideline, c.section, c.pages) for c in r.citations],
    )


_LABEL_LINE = re.compile(r"^(?=Claims Administrator guideline:|MAXIMUS guideline:|Decision rationale:)", re.MULTILINE)
_PAGE_TOP = re.compile(r"\f(?=.)")


@pytest.mark.parametrize("noise", [
    pytest.param(lambda t: _LABEL_LINE.sub("\u2022 ", t), id="bullet-glyph-before-labels"),
    pytest.param(lambda t: _LABEL_LINE.sub("\u00b7\t", t), id="middle-dot-and-tab-before-labels"),
    pytest.param(lambda t: _LABEL_LINE.sub("\uf0b7 ", t), id="symbol-font-bullet-before-labels"),
    pytest.param(lambda t: _LABEL_LINE.sub("- ", t), id="dash-before-labels"),
    pytest.param(lambda t: _LABEL_LINE.sub("* ", t), id="asterisk-before-labels"),
    pytest.param(lambda t: t.replace("-", "-\u200b").replace("/", "/\u200b"), id="zero-width-space-after-hyphens-and-slashes"),
    pytest.param(lambda t: _PAGE_TOP.sub("\fIMR Final Determination\n", t), id="title-atop-later-pages"),
    pytest.param(lambda t: _PAGE_TOP.sub("\f01/06/2017\n", t), id="date-atop-later-pages"),
    pytest.param(lambda t: _PAGE_TOP.sub("\fJan-09-2017 10:32 From:MAXIMUS FEDERAL SVCS 9165550100 To:5105550123 P.2/3\n", t),
                 id="fax-banner-atop-later-pages"),
    pytest.param(lambda t: _PAGE_TOP.sub("\fIMR Final Determination    CM16-0246487    Page 2\n", t),
                 id="title-numbering-later-pages"),
    # a tool that keeps a line's end hyphen: the letters' own words are read whole
    pytest.param(lambda t: t.replace("is not medically necessary", "is not medi-\ncally neces-\nsary"),
                 id="hyphenated-conclusions"),
    # PDFium's mark of a line's end hyphen, in a text another tool extracted with it
    pytest.param(lambda t: t.replace("Decision rationale:", "Deci\ufffe\nsion rationale:"), id="pdfium-hyphen-mark"),
])
def test_a_letter_reads_the_same_through_another_tools_noise(noise):
    noisy = noise(REAL)
    assert noisy != REAL
    assert _reading(noisy) == _reading(REAL)


def test_a_date_alone_atop_a_page_between_an_item_and_its_labels_is_furniture():
    """The page break between an item's decision and its "Claims Administrator guideline:": a date printed atop the
    next page used to leave the item without its decision, and the letter was quarantined."""
    text = REAL.replace("Post-op Zofran: Upheld\n", "Post-op Zofran: Upheld\n\f01/06/2017\n")
    assert text != REAL
    assert _reading(text) == _reading(REAL)


@pytest.mark.parametrize("noise", [
    pytest.param(lambda t: t.replace("physical", "phy\u00ad\n\nsical"), id="soft-hyphen-over-a-blank-line"),
    pytest.param(lambda t: t.replace(":", " :", 1), id="space-before-a-colon"),
    pytest.param(lambda t: t.replace(" injured worker ", "\ninjured worker\n"), id="other-line-breaks"),
])
def test_a_letter_without_a_case_number_keeps_its_case_id_through_extraction_noise(noise):
    text = read_text(seed_path("000"))
    noisy = noise(text)
    assert noisy != text
    assert _reading(noisy) == _reading(text)


@pytest.mark.parametrize(("lines", "joined"), [
    (["is not medi-", "cally necessary."], "is not medically necessary."),
    (["the original re-", "quest was"], "the original request was"),
    # a word's own hyphen stays: "non-certified", "X-ray", "L4-5", "Medi-Cal"
    (["Utilization Review non-", "certified the request"], "Utilization Review non-certified the request"),
    (["X-", "RAY OF THE KNEE"], "X-RAY OF THE KNEE"),
    (["L4-", "5"], "L4-5"),
    (["covered by Medi-", "Cal"], "covered by Medi-Cal"),
])
def test_a_line_end_hyphen_is_dropped_only_inside_the_letters_own_words(lines, joined):
    from pipeline.parse.text import join_lines

    assert join_lines(lines) == joined


def test_a_date_alone_atop_a_page_after_a_line_it_goes_on_from_is_kept():
    """A date wrapped onto the next page after "DOS:" is the item's, not a page's furniture."""
    text = REAL.replace("Post-op Zofran: Upheld\n", "Post-op Zofran, DOS:\n\f11/11/2016: Upheld\n")
    assert text != REAL
    item = parse_letter(text, "x.txt").items[5]
    assert (item.treatment, item.date_of_service) == ("Post-op Zofran, DOS: 11/11/2016", date(2016, 11, 11))


def test_a_bullet_alone_on_its_line_is_dropped():
    text = _LABEL_LINE.sub("\u2022\n", REAL)
    assert text != REAL
    assert _reading(text) == _reading(REAL)


def test_letters_without_a_case_number_that_differ_in_a_date_have_two_ids():
    text = read_text(seed_path("000"))
    assert "1/26/11" in text
    other = text.replace("1/26/11", "12/6/11")
    assert parse_letter(other, "x.txt").case.case_id != parse_letter(text, "x.txt").case.case_id


def test_a_credential_sentence_limited_in_scope_names_no_state_there():
    text = read_text(seed_path("000"))
    old = "and is licensed to practice in California."
    assert text.count(old) == 1
    typed = parse_letter(text.replace(old, "and is limited in scope. He/she is licensed to practice in California."), "x.txt")
    assert typed.reviewer.license_states == ["CA"]


@pytest.mark.parametrize("footer", ["1/1", "https://www.dir.ca.gov/dwc/IMR/decisions/CM16-0246487.htm 1/1",
                                    "file:///C:/Users/me/Downloads/CM16-0246487.html"])
@pytest.mark.parametrize("pages", ["as printed", "run together"])
def test_a_browser_s_footer_after_the_last_rationale_is_dropped(footer, pages):
    """A browser printing the letter adds its address and page number at the foot; on a one-page letter nothing
    repeats to tell it is furniture, and it used to end the last rationale mid-sentence (quarantined as cut)."""
    text = REAL if pages == "as printed" else REAL.replace("\f", "\n")
    assert _reading(text.rstrip() + "\n" + footer + "\n") == _reading(text)


def test_a_file_holding_two_letters_is_quarantined_naming_both():
    other = read_text(TXT / "CM16-0224814.txt")
    r = parse_letter(REAL + "\f" + other, "x.pdf")
    assert isinstance(r, Rejection) and r.stage == "layout"
    assert r.reason.startswith("the file holds 2 letters") and "CM16-0246487, CM16-0224814" in r.reason
    assert "split it into one file per letter" in r.reason


def test_a_text_of_symbols_is_told_apart_from_another_document():
    """A PDF whose fonts map no characters extracts as punctuation and a few digits: the reason says so (OCR it), not
    that it is no IMR letter; a list of numbers or codes is still another document."""
    symbols = parse_letter("    ! \"# $% & ''&  %(  ) *+, -*. \" % /\"0 .-.% \"-\"+ ,   . 1\" $  / &   (  2  '&  !&  3'\n" * 6, "x.pdf")
    assert isinstance(symbols, Rejection) and symbols.reason.startswith("the text reads as symbols, not words")
    codes = parse_letter(" ".join(f"v{n:03d}" for n in range(100)), "x.txt")
    assert isinstance(codes, Rejection) and "does not look like an IMR final determination letter" in codes.reason


def test_a_header_of_labels_whose_values_come_later_is_quarantined():
    """A PDF drawn font by font extracts every bold label first, then every value: the header is labels alone and its
    values land in the sections below, where they used to become an item named 'below', no reviewer and no dates."""
    header, rest = REAL.split("HOW THE IMR FINAL DETERMINATION WAS MADE", 1)
    lines = [line for line in header.splitlines() if line.strip()]
    labels = [line for line in lines if not line[:1].isdigit() and line not in ("CM16-0246487", "Standard")]
    values = [line for line in lines if line not in labels]
    assert len(labels) == 8 and len(values) == 7
    text = "\n".join(labels) + "\n\nHOW THE IMR FINAL DETERMINATION WAS MADE\n" + "\n".join(values) + "\n" + rest
    r = parse_letter(text, "x.pdf")
    assert isinstance(r, Rejection) and r.stage == "layout"
    assert r.reason.startswith("the case header prints its labels but none of their values")
    assert "out of reading order" in r.reason
    # a header with its values, or with one value blank, is read as before
    assert isinstance(parse_letter(REAL, "x.pdf"), Letter)
    blank = parse_letter(REAL.replace("\n12/29/2016\n", "\n\n", 1), "x.pdf")
    assert isinstance(blank, Letter) and blank.case.case_number == "CM16-0246487"
    # a header whose values are all left blank (nowhere else in the letter) is read without them
    empty = parse_letter("\n".join(labels) + "\n\nHOW THE IMR FINAL DETERMINATION WAS MADE\n" + rest.replace("CM16-0246487", ""), "x.pdf")
    assert isinstance(empty, Letter) and empty.case.case_number is None and empty.case.date_assigned is None
    assert len(empty.items) == 6
    # … so is one whose case number is printed elsewhere but not as the header's column of values (a footer)
    footed = "\n".join(labels) + "\n\nHOW THE IMR FINAL DETERMINATION WAS MADE\n" + rest.replace(
        "CM16-0246487", "").replace("\f", "\nCase Number CM16-0246487 - Final Determination Letter\n\f")
    r = parse_letter(footed, "x.pdf")
    assert isinstance(r, Letter) and len(r.items) == 6 and r.case.date_assigned is None


def _pages(text: str) -> list[str]:
    return text.split("\f")


def _whole(text: str) -> dict:
    """Every field the letter is read into (the summary and rationales' text too), but its page count."""
    import dataclasses

    r = parse_letter(text, "x.pdf")
    assert isinstance(r, Letter), r
    out = dataclasses.asdict(r)
    out["case"].pop("page_count")
    return out


def test_a_letter_whose_pages_are_out_of_order_is_quarantined_saying_so():
    """Pages swapped or reversed (a PDF put together by hand): read as they are, the header would end the last
    rationale; the reason names the order instead of a missing part."""
    pages = _pages(REAL)
    for shuffled in ([pages[1], pages[0], *pages[2:]], pages[:4][::-1] + pages[4:]):
        r = parse_letter("\f".join(shuffled), "x.pdf")
        assert isinstance(r, Rejection) and r.stage == "layout"
        assert r.reason.startswith("the letter's pages are out of order: 'IMR ISSUES, DECISIONS AND RATIONALES' is printed before")
        assert r.reason.endswith("put its pages back in order")


def test_a_page_copied_twice_in_a_row_is_read_once():
    """A page printed twice (copied twice into the file) gave its items twice; running lines aside (a page number),
    the copy is read once. Two pages that only begin alike are both read."""
    pages = _pages(REAL)
    twice = "\f".join([*pages[:2], pages[1], *pages[2:]])
    assert _whole(twice) == _whole(REAL)
    numbered = "\f".join(f"{page}\nPage {k} of 6\n" if page.strip() else page
                         for k, page in enumerate([*pages[:2], pages[1], *pages[2:]], 1))
    assert _whole(numbered) == _whole(REAL)
    # a page that opens like the one before but differs further on is no copy: both are read
    near = pages[1].replace("Cold therapy for one week: Overturned", "Cold therapy for two weeks: Overturned")
    assert near != pages[1]
    r = parse_letter("\f".join([*pages[:2], near, *pages[2:]]), "x.pdf")
    assert isinstance(r, Letter) and len(r.items) == 8


def test_a_proof_of_service_after_the_letter_is_no_part_of_it():
    """An office's proof of service appended as a page: its signature line read as the last rationale cut short
    (quarantined), or its sentences as more of the last rationale."""
    service = ("PROOF OF SERVICE\nCase: CM16-0246487\nI am employed in the County of Sacramento, State of California. "
               "I am over the age of 18.\nOn 02/03/2017, I served the foregoing document on the interested parties.\n"
               "Executed on 02/03/2017 at Sacramento, California. ____ Maria Lopez\n")
    body = REAL.rstrip("\f\n")
    assert _whole(body + "\n\f" + service) == _whole(REAL)
    assert _whole(body + "\n\f" + service.replace("____ Maria Lopez", "I declare it under penalty of perjury.")) == _whole(REAL)
    assert _whole(body + "\n\f" + service.replace("PROOF OF SERVICE", "Certificate of Service")) == _whole(REAL)
    # a proof of service before the letter (after a fax cover) is no end of it: the letter is read whole
    cover = "FAX COVER SHEET\nTo: Claims Department\nFrom: Records\nPages: 6\n"
    assert _whole(cover + "\f" + service + "\f" + REAL) == _whole(REAL)


@pytest.mark.parametrize("stamp", ["RECEIVED DEC 18 2016", "FILED\nMAR 16 2017", "RECEIVED: 02/03/2017"])
def test_an_office_s_date_stamp_at_a_page_edge_is_furniture(stamp):
    """A received or filed stamp, on one line or two, at the foot of a page (the last one too) or atop the next: it
    used to prefix the next item's name or end the last rationale (changing its conclusion)."""
    pages = _pages(REAL)
    at_foot = "\f".join([pages[0].rstrip("\n") + "\n" + stamp + "\n", *pages[1:]])
    assert _whole(at_foot) == _whole(REAL)
    last = "\f".join([*pages[:3], pages[3].rstrip("\n") + "\n" + stamp + "\n", *pages[4:]])
    assert _whole(last) == _whole(REAL)
    atop = "\f".join([pages[0], stamp + "\n" + pages[1], *pages[2:]])
    assert _whole(atop) == _whole(REAL)
    # … and the same stamp on several pages
    several = "\f".join([pages[0], stamp + "\n" + pages[1], stamp + "\n" + pages[2], *pages[3:]])
    assert _whole(several) == _whole(REAL)
    feet = "\f".join([pages[0].rstrip("\n") + "\n" + stamp + "\n", pages[1], pages[2].rstrip("\n") + "\n" + stamp + "\n",
                      *pages[3:]])
    assert _whole(feet) == _whole(REAL)


def test_a_number_counting_up_at_every_page_s_foot_is_furniture():
    """A Bates number ("SJL 000101", "SJL 000102", …) at the foot of every page; the same shape with numbers that
    do not count up page by page is not taken for one."""
    pages = _pages(REAL)
    printed = [k for k, page in enumerate(pages) if page.strip()]
    bates = "\f".join(page.rstrip("\n") + f"\nSJL {83824 + printed.index(k):06d}\n" if k in printed else page
                      for k, page in enumerate(pages))
    assert _whole(bates) == _whole(REAL)
    assert "SJL 083825" in bates and "SJL 083827" in bates
    # numbers of the same shape that do not count up page by page are not taken for one
    jumps = "\f".join(page.rstrip("\n") + f"\nSJL {83824 + 7 * printed.index(k):06d}\n" if k in printed else page
                      for k, page in enumerate(pages))
    kept = parse_letter(jumps, "x.pdf")  # (the line stays, here after an item's decision)
    assert isinstance(kept, Rejection) and "Overturned SJL 083831" in kept.reason


@pytest.mark.parametrize("mark", ["CONFIDENTIAL", "COPY", "DRAFT"])
def test_a_watermark_s_word_alone_on_its_line_is_no_text(mark):
    """A watermark printed across the page falls between the lines of whatever it crosses: inside an item's name it
    had the letter quarantined (the item read without its decision)."""
    line = "Associated surgical service: Cold therapy for one week: Overturned"
    assert REAL.count(line) == 1
    crossed = REAL.replace(line, "Associated surgical service: Cold therapy\n" + mark + "\nfor one week: Overturned")
    assert _whole(crossed) == _whole(REAL)


@pytest.mark.parametrize("where", ["foot of every page", "top of later pages", "from 1 after an unnumbered page",
                                   "foot of page 2 only"])
def test_a_page_s_number_printed_bare_is_furniture(where):
    """A page's number alone on its line ("2") had ended the summary or a rationale, opened the next item's name
    ("3 Cyclobenzaprine 7.5mg #60") or split a citation's section; a number alone that is not its page's is kept."""
    pages = _pages(REAL)
    printed = [k for k, page in enumerate(pages) if page.strip()]

    def numbered(k: int, page: str) -> str:
        if k not in printed:
            return page
        n = printed.index(k) + 1
        if where == "foot of every page":
            return page.rstrip("\n") + f"\n{n}\n"
        if where == "top of later pages":
            return f"{n}\n{page}" if n > 1 else page
        if where == "from 1 after an unnumbered page":
            return page.rstrip("\n") + f"\n{n - 1}\n" if n > 1 else page
        return page.rstrip("\n") + "\n2\n" if n == 2 else page

    text = "\f".join(numbered(k, page) for k, page in enumerate(pages))
    assert text != REAL
    assert _whole(text) == _whole(REAL)


def test_a_number_alone_that_is_not_its_page_s_stays():
    pages = _pages(REAL)
    r = parse_letter("\f".join([pages[0], pages[1].rstrip("\n") + "\n7\n", *pages[2:]]), "x.pdf")
    assert isinstance(r, Rejection) and "Cold therapy for one week: Overturned 7'" in r.reason


def _citation_rows(letter: Letter) -> list[tuple]:
    return [(c.item_id, c.cited_by, c.source, c.guideline, c.section, c.pages) for c in letter.citations]


@pytest.mark.parametrize("lost", [
    "",  # the "fi" and "ffi" ligatures mapped to nothing: "Certication(s)/Specialty", "Ocial Disability"
    "?",  # mapped to a question mark: "Certi?cation(s)/Specialty", "O?cial Disability"
    "fi ",  # set apart from the rest of the word: "Certifi cation(s)/Specialty", "Offi cial Disability"
])
def test_lost_ligatures_leave_reviewer_and_guidelines_whole(lost):
    base = parse_letter(REAL, "x.txt")
    text = REAL.replace("ffi", lost if lost != "fi " else "ffi ").replace("fi", lost)
    r = parse_letter(text, "x.txt")
    assert isinstance(r, Letter), r
    assert (r.reviewer.specialties, r.reviewer.license_states) == (["Orthopedic Surgery"], ["CO", "TX", "AZ"])
    assert r.reviewer.reviewer_id == base.reviewer.reviewer_id
    odg = [row for row in _citation_rows(r) if row[2] == "ODG"]
    assert len(odg) == 8 and {row[3] for row in odg} == {"Official Disability Guidelines"}
    assert odg[1][4] == "Shoulder, Surgery for shoulder dislocation & Surgery for biceps tenodesis"
    assert _citation_rows(r) == _citation_rows(base)


@pytest.mark.parametrize(("states_label", "specialty_label"), [
    ("State(s) of Licensure:", "Certifcation(s)/Specialty:"),
    ("State(s) of Licensue:", "Certification(s)/ Speciality:"),
    ("States of Licensure:", "Certification/Specialty:"),
    ("Sate(s) of Licensure:", "Certificaiton(s)/Specialty:"),
])
def test_mistyped_credential_labels_are_read(states_label, specialty_label):
    text = REAL.replace("State(s) of Licensure:", states_label).replace("Certification(s)/Specialty:", specialty_label)
    r = parse_letter(text, "x.txt")
    assert isinstance(r, Letter), r
    assert (r.reviewer.specialties, r.reviewer.license_states) == (["Orthopedic Surgery"], ["CO", "TX", "AZ"])


def test_a_line_far_from_either_credential_label_is_no_label():
    text = REAL.replace("Certification(s)/Specialty:", "Certified Specialist Program:")
    r = parse_letter(text, "x.txt")
    assert isinstance(r, Letter), r
    assert (r.reviewer.specialties, r.reviewer.license_states) == ([], ["CO", "TX", "AZ"])


@pytest.mark.parametrize("board", ["Board Certied in", "Board Certi?ed in", "Board Certifi ed in", "Board Certifed in"])
def test_seed_layout_board_certified_with_its_ligature_lost(board):
    text = SEED.replace("Board Certified in", board)
    r = parse_letter(text, "x.txt")
    assert isinstance(r, Letter), r
    assert (r.reviewer.specialties, r.reviewer.license_states) == (["Physical Medicine & Rehabilitation"], ["TX"])


@pytest.mark.parametrize(("written", "age"), [
    ("42-yaer-old", 42), ("42 yera old", 42), ("42 yea old", 42), ("42 yearr old", 42), ("42-yr-old", 42),
    ("42 yards old", 42),  # no other word reads "NN y… old"
    ("42 yea rold", None),  # the space moved: not read
])
def test_mistyped_year_in_the_age(written, age):
    r = parse_letter(REAL.replace("42-year-old", written), "x.txt")
    assert isinstance(r, Letter), r
    assert r.case.patient_age == age


def _zofran_as(line: str):
    r = parse_letter(REAL.replace("Post-op Zofran: Upheld", line), "x.txt")
    assert isinstance(r, Letter), r
    i = r.items[5]
    return i.treatment, i.is_retrospective, i.date_of_service, i.requested_quantity, i.service_category, i.service_subcategory


@pytest.mark.parametrize("written", ["Retrospecitve", "Restrospective", "Retrosective", "Retrospectvie:"])
def test_mistyped_retrospective_opening_word(written):
    got = _zofran_as(f"{written} Zofran 4mg #10, per 10/12/2016 order: Upheld")
    assert got == (f"{written} Zofran 4mg #10, per 10/12/2016 order", True, date(2016, 10, 12), 10,
                   "Pharmaceuticals", "Antiemetic")
    assert got[1:] == _zofran_as("Retrospective Zofran 4mg #10, per 10/12/2016 order: Upheld")[1:]


def test_a_word_near_retrospective_in_spelling_only_is_not_it():
    assert _zofran_as("Retrolisthesis Zofran 4mg #10, per 10/12/2016 order: Upheld")[1:3] == (False, None)
    # a longer word opening with it is not it with a letter added
    assert _zofran_as("Retrospectiveness Zofran 4mg #10, per 10/12/2016 order: Upheld")[1:3] == (False, None)


@pytest.mark.parametrize("written", ["Associated surgical serivce:", "Assocated surgical service:",
                                     "Associated surgcal services:"])
def test_mistyped_associated_surgical_service_opening(written):
    r = parse_letter(REAL.replace("Associated surgical service: Cold therapy", f"{written} Cold therapy"), "x.txt")
    assert isinstance(r, Letter), r
    i = r.items[2]
    assert (i.treatment, i.is_associated_surgical_service, i.service_category, i.service_subcategory) == (
        f"{written} Cold therapy for one week", True, "Surgery", "Adjunct Surgical Services")
