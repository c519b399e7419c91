"""Facts read from a clinical case summary, in the wordings summaries use (constructed sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.parse.dates import parse_date
from pipeline.parse.summary import diagnosis, injury_date, patient_age_sex, ur_denial_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The 64 year old male injured worker with date of injury 1/26/11 with related neck pain.", date(2011, 1, 26)),
        ("The injured worker sustained an industrial injury to his right shoulder on 3/4/2012.", date(2012, 3, 4)),
        ("She sustained an industrial injury to the neck and low back on 3/4/2012.", date(2012, 3, 4)),
        ("A 45 year old female with date of injury (DOI) of 5/6/2011 has chronic pain.", date(2011, 5, 6)),
        ("The injury occurred on 3/4/2012 while lifting.", date(2012, 3, 4)),
        ("The worker, who was injured at work on 3/4/2012, reports pain.", date(2012, 3, 4)),
        ("The employee injured her low back on June 10th, 2010.", date(2010, 6, 10)),
        ("A 50 year old man with a 3/4/2012 date of injury.", date(2012, 3, 4)),
        ("He was reinjured on 5/5/13; the original date of injury was 3/4/12.", date(2012, 3, 4)),
        # no injury date stated: the injured worker's visits and other dates are not it
        ("The injured worker reported pain on 10/8/14.", None),
        ("She has injuries to the low back and was seen on 5/5/14.", None),
        ("He sustained an industrial injury and had a lumbar fusion on 4/4/14.", None),
        ("She has a history of an occupational claim from 07/17/2004.", date(2004, 7, 17)),
        # an earlier injury is not the claimed one, where the claimed one is dated after it
        ("She reported a prior knee injury on 05/05/2005 and an industrial injury on 03/12/2011.", date(2011, 3, 12)),
        ("He had a previous injury on 1/1/2001. Date of injury 3/4/2012.", date(2012, 3, 4)),
        # "on or about", "from" one date, a comma; hurt or fell at work
        ("The employee sustained an injury on or about 10/15/2012 while lifting boxes.", date(2012, 10, 15)),
        ("He has chronic pain related to an industrial injury from 5/16/2005.", date(2005, 5, 16)),
        ("The patient is a 50 year old male who sustained an industrial injury, May 14, 2013.", date(2013, 5, 14)),
        ("The injured worker was hurt at work on 3/4/12 when a pallet fell.", date(2012, 3, 4)),
        ("She slipped and fell at work on 3/4/2012, injuring her right knee.", date(2012, 3, 4)),
        # the event at work, in the opening, with no word "injury" to date it
        ("A 60-year-old woman who fell from a ladder at work on 6/11/2011 injuring her right hip.", date(2011, 6, 11)),
        ("She developed anxiety following a workplace assault on 01/02/2012.", date(2012, 1, 2)),
        ("He sustained a laceration to the left index finger with a box cutter on 9/2/2013.", date(2013, 9, 2)),
        ("She hurt her neck in a motor vehicle accident while working on 8/23/2013.", date(2013, 8, 23)),
        ("He developed a right inguinal hernia while lifting at work on 4/4/2013.", date(2013, 4, 4)),
        # at work, but the date is a visit's, a surgery's, or is not in the opening
        ("He has back pain while working and was seen on 3/4/2014.", None),
        ("She has worked on the job since 2010 and had surgery on 3/4/2014.", None),
        (" ".join(["The records were reviewed."] * 25) + " She fell at the workplace on 3/4/2014.", None),
        # a date reaching past the opening is read whole, not cut where the opening ends
        ("x" * 560 + " He fell from a ladder at work on 6/11/2011.", date(2011, 6, 11)),
        # a date pdftotext joined at a line-end hyphen ("10-" / "17-2016")
        ("The injured worker is a 34 year old male who sustained an industrial injury on 1017-2016.", date(2016, 10, 17)),
        ("She sustained an industrial injury on 1025-16.", date(2016, 10, 25)),
        ("He sustained an industrial injury on 04-162013.", date(2013, 4, 16)),
        # a cumulative trauma's period is no one date; a report's title is no injury
        ("He reports a cumulative trauma industrial injury from 7-1-2014 to 4-30-2015.", None),
        ("She claims a continuous trauma injury from 01/01/2010 through 06/01/2012.", None),
        ("Per the Doctor's First Report of Occupational Injury dated 3-6-2016, she has neck pain.", None),
        ("The Doctor's First Report of Occupational Injury or Illness dated 3/6/2016 notes back pain.", None),
        (("The Doctor's First Report of Occupational Injury dated 3/6/2016 was reviewed. She sustained an industrial "
          "injury on 3/1/2016."), date(2016, 3, 1)),
    ],
)
def test_injury_date(text, expected):
    assert injury_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Treatment has included PT. The date of UR decision was 11/4/14.", date(2014, 11, 4)),
        ("A prior utilization review dated 5/1/14 certified 6 sessions. The date of UR decision was 11/4/14.",
         date(2014, 11, 4)),
        ("The utilization review determination (11/4/14) denied the request.", date(2014, 11, 4)),
        ("The UR decision dated 12/4/13 modified the request.", date(2013, 12, 4)),
        ("The request was non-certified by UR on 5/5/15.", date(2015, 5, 5)),
        ("The UR physician noted that the progress report dated 10/8/14 did not document gains.", None),
        ("On 11/24/14, utilization review non-certified the request.", date(2014, 11, 24)),
        ("On November 26, 2014, Utilization Review denied the request.", date(2014, 11, 26)),
        (("A prior utilization review dated 3/3/14 certified 6 sessions. The current utilization review dated 9/9/14 "
         "non-certified the request."), date(2014, 9, 9)),
        ("UR date: 11/4/14.", date(2014, 11, 4)),
        # a blind probe of reviewer styles: the verb between, the date before "by utilization review", the claims
        # administrator's denial where no UR phrase is dated
        ("UR non-certified the request on 2/24/2015.", date(2015, 2, 24)),
        ("Utilization review denied the request for lumbar MRI on 2/24/2015.", date(2015, 2, 24)),
        ("The current request was previously denied on 2/24/15 by utilization review.", date(2015, 2, 24)),
        ("On December 1, 2014, the claims administrator denied a request for an MRI.", date(2014, 12, 1)),
        ("UR denied the request for PT after the visit on 1/2/2014.", None),  # the visit's date
        # a code review's counter-examples: the date of what was requested, and the claim's or liability's denial
        ("UR denied the request for the MRI ordered on 9/18/14. The UR decision was dated 9/25/14.", date(2014, 9, 25)),
        ("UR modified the request for physical therapy received on 12/2/14 to 6 visits.", None),
        ("UR non-certified the request on 2/24/2015. A prior UR dated 12/1/2014 had modified it.", date(2015, 2, 24)),
        (("On 3/1/14, the claims administrator denied liability for the left knee. On 5/1/14, the claims administrator "
          "denied a request for a knee MRI."), date(2014, 5, 1)),
        ("On 1/2/14, the claims administrator denied the claim for psychiatric injury.", None),
    ],
)
def test_ur_denial_date(text, expected):
    assert ur_denial_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The injured worker is a 45 y.o. female who fell.", (45, "female")),
        ("The injured worker is a 49 y/o male.", (49, "male")),
        ("This is a 52-year-old man with neck pain.", (52, "male")),
        ("The injured worker is a female, age 45, who fell.", (45, "female")),
        ("The injured worker is a male, 31 years of age, who fell.", (31, "male")),
        ("The patient is a female who is 45 years of age.", (45, "female")),
        # no word for the sex: the worker's pronouns, where all of them are of one sex
        ("The patient is 45 years of age. She fell.", (45, "female")),
        ("The patient is 45 years of age. She fell and her knee is swollen.", (45, "female")),
        (("The applicant is a represented 39-year-old former medical assistant who has filed a claim for chronic "
          "bilateral carpal tunnel syndrome. In a progress note dated October 22, 2013, the applicant reported "
          "persistent pain. He was off of work, on total temporary disability."), (39, "male")),
        ("The patient is 45 years of age. Dr. Lee saw him. She recommended therapy.", (45, None)),
        ("The patient is 45 years of age. He/she was seen; his/her pain is 5/10.", (45, None)),
        ("The patient is 45 years of age. The shelf fell; the hero helped.", (45, None)),
        # a code review's counter-examples: a pronoun in a sentence naming someone else may be theirs, unless it is
        # the worker's possessive of them
        ("The patient is 45 years of age. The attending provider stated that he would request an MRI.", (45, None)),
        ("The patient is 45 years of age. The treating physician noted his interpretation of the MRI.", (45, None)),
        ("The patient is 45 years of age. Dr. Smith recommended surgery; she noted failure of therapy.", (45, None)),
        ("The patient is 45 years of age. The patient's wife reports that she assists with dressing.", (45, None)),
        ("The patient is 45 years of age. Her attorney appealed.", (45, "female")),
        ("The patient is 45 years of age. (S)he reports pain of 7/10.", (45, None)),
        ("The patient is 45 years of age. HER2 negative.", (45, None)),
        # the sex as its capital letter after the age, as terse notes write it; not a word or abbreviation it opens
        ("Pt is a 38 y/o M with DOI 3/4/12.", (38, "male")),
        ("Pt is a 42 yo F w/ DOI 6/30/11.", (42, "female")),
        ("The patient is a 38 year old M with DOI 3/4/12.", (38, "male")),
        ("Pt is a 38 y/o MVA victim.", (38, None)),
        ("Pt is a 38 y/o F/U visit.", (38, None)),
        ("Pt is a 41 y/o F, assaulted by a male patient on 3/4/12.", (41, "female")),  # the letter first
        # a pronoun maybe a clinician's: in the sentence naming one, or the next; a clinician's possessive
        ("The patient is 45 years of age. Seen by Dr. Lee on 1/2/14. He recommended an MRI.", (45, None)),
        ("The patient is 45 years of age. The orthopedist recommended surgery. He noted pain.", (45, None)),
        ("The patient is 45 years of age. A neurosurgeon stated that she would operate.", (45, None)),
        ("The patient is 45 years of age. The orthopedic surgeon and his physician assistant saw the patient.", (45, None)),
        ("The patient is 45 years of age. Her attorney appealed. She was off work.", (45, "female")),
        # the worker's own treating physician is the worker's possessive (a blind probe of summaries)
        ("The patient is a 37 year old. His treating physician documented pain. He reports pain.", (37, "male")),
        # age and sex printed as fields
        ("Age: 48\nSex: Male\nThe injured worker reports low back pain.", (48, "male")),
        ("Gender: F. Age: 52. The injured worker reports neck pain.", (52, "female")),
        ("The patient has had pain for 5 years of age-related wear.", (None, None)),
        ("The patient is a female who fell over the age of 65 guideline.", (None, "female")),
        # the age in words; the age right after the worker
        ("The injured worker is a sixty-two year old female who sustained an injury.", (62, "female")),
        ("The injured worker is a sixty two year old female who fell.", (62, "female")),
        ("This is a forty year-old man with neck pain.", (40, "male")),
        ("The patient is a nineteen year old male.", (19, "male")),
        ("The patient, age 62, is a female who sustained an injury.", (62, "female")),
        ("At age 16 she had knee surgery. She is a female who fell.", (None, "female")),
        # "yr." and two typos real letters carry; "old" run into the sex where a line's end was lost
        ("A 58 yr. old male claimant sustained a work injury.", (58, "male")),
        ("The injured worker is a 45 yeat old female.", (45, "female")),
        ("The injured worker is a 45 year oldfemale with neck pain.", (45, "female")),
        ("The patient is a 45 year old fellow.", (45, None)),
        # "year" and the sex mistyped by one edit; a word one edit from both sexes, or an English word, is neither
        ("The injured worker is a 45 yera old femlae who fell.", (45, "female")),
        ("The injured worker is a 45-yaer-old mael with neck pain.", (45, "male")),
        ("The injured worker is a 45 year old, femal, who fell.", (45, "female")),
        ("The injured worker is a 45 year old emale who fell.", (45, None)),
        ("The injured worker is a 45 year old mate of the ship.", (45, None)),
        ("The injured worker is a 45 year old feral cat owner.", (45, None)),
        # the worker introduced without an age
        ("This case involves a female with a history of an occupational claim from 10/31/2014.", (None, "female")),
    ],
)
def test_age_and_sex(text, expected):
    assert patient_age_sex(text) == expected


def test_ordinal_dates():
    assert parse_date("November 4th, 2014") == date(2014, 11, 4)
    assert parse_date("Jan. 2nd 2013") == date(2013, 1, 2)
    assert parse_date("November 44th, 2014") is None
    # a date pdftotext joined at its first hyphen, which fell at a line's end
    assert parse_date("1017-2016") == date(2016, 10, 17) and parse_date("0105-17") == date(2017, 1, 5)
    assert parse_date("1317-2016") is None
    # ... or at its second ("04-16-" / "2013" → "04-162013"): the year is the last four digits
    assert parse_date("04-162013") == date(2013, 4, 16) and parse_date("4-52016") == date(2016, 4, 5)
    assert parse_date("13-302016") is None and parse_date("10-322016") is None
    # a spinal level run into a year is no date
    assert injury_date("He sustained an injury at C5-62016.") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Diagnoses include facet arthropathy vs. discogenic pain. The worker", "facet arthropathy vs. discogenic pain"),
        ("The diagnosis is back pain, i.e. low back pain. Seen.", "back pain, i.e. low back pain"),
        ("Diagnoses include right shoulder impingement, A.C. joint arthritis. The", "right shoulder impingement, A.C. joint arthritis"),
        ("He was diagnosed with a rotator cuff tear, status post repair on 6/12/13. The date of UR decision was 8/8/14.",
         "rotator cuff tear, status post repair on 6/12/13"),
        ("Diagnoses include: 1. Lumbar strain. 2. Cervical strain. 3. Anxiety. The worker is off work.",
         "1. Lumbar strain. 2. Cervical strain. 3. Anxiety"),
        ("Diagnoses: lumbar strain. The worker", "lumbar strain"),
        ("The diagnoses have included lumbar strain and neck pain. The", "lumbar strain and neck pain"),
        ("The diagnoses were not provided in the records submitted for review. The", None),
    ],
)
def test_diagnosis_to_the_end_of_its_sentence(text, expected):
    assert diagnosis(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Diagnostic impression: cervical radiculopathy. He is working.", "cervical radiculopathy"),
        ("Diagnostic impressions include lumbar disc displacement and sciatica. The MRI is old.",
         "lumbar disc displacement and sciatica"),
        ("Diagnoses listed as lumbar radiculopathy and sprain. More follows.", "lumbar radiculopathy and sprain"),
        ("His diagnoses were noted to be lumbar strain. He works.", "lumbar strain"),
        ("He has no diagnoses listed as work related. He works.", None),
        ("Diagnoses, and-or impressions, were noted to include: low back injury; sacroiliac joint sprain. Treatments were noted.",
         "low back injury; sacroiliac joint sprain"),
        ("Diagnoses and/or impressions were noted to include knee pain. Treatment was.", "knee pain"),
        ("Diagnoses have been noted to include lumbar sprain. He works.", "lumbar sprain"),
        ("Diagnoses have been treated with rest. He works.", None),
        ("She sustained an injury on 11-7-16 and has been treated for lumbar strain and low back pain. On 11-9-16, she complained.",
         "lumbar strain and low back pain"),
        ("The records indicate that he is undergoing treatments for cervicalgia and strain of right knee. Medical records dated.",
         "cervicalgia and strain of right knee"),
        ("He is being treated for the diagnoses of right shoulder contusion, neck strain. He works.",
         "right shoulder contusion, neck strain"),
        # what was treated is not named: the next wording that names it is read
        ("He has been treated for this industrial injury with therapy. Diagnoses include knee pain. He works.", "knee pain"),
        ("He has been treated for the above conditions by his physician. He works.", None),
        ("She has been treated for her symptoms with rest. She works.", None),
    ],
)
def test_diagnosis_in_further_wordings(text, expected):
    assert diagnosis(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the verb without "as": it is no part of the diagnosis
        ("The current diagnosis is documented cervical spine sprain/strain and low back pain. The",
         "cervical spine sprain/strain and low back pain"),
        ("The diagnoses are noted lumbar strain and neck pain. He works.", "lumbar strain and neck pain"),
        ("Diagnoses were reported lumbar strain. He works.", "lumbar strain"),
        ("The current diagnoses are documented is other injury of the right hip. The", "other injury of the right hip"),
        ("The diagnosis is reportedly lumbar strain. He works.", "reportedly lumbar strain"),
        # nor the article before it
        ("She was diagnosed with a right shoulder sprain and right hip sprain. She", "right shoulder sprain and right hip sprain"),
        ("The applicant was given a diagnosis of a posterior glenohumeral shoulder pain. The", "posterior glenohumeral shoulder pain"),
        ("He was diagnosed with an ankle sprain; a knee strain. He", "ankle sprain; a knee strain"),
        ("Diagnoses: A1 pulley tenosynovitis. He works.", "A1 pulley tenosynovitis"),
    ],
)
def test_diagnosis_without_its_verb_or_article(text, expected):
    assert diagnosis(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no sentence states a diagnosis: the condition the claim was filed for, up to what it is said to come from
        # (real letters CM16-0238352, CM17-0017776)
        (("The applicant is a represented 48-year-old who has filed a claim for shoulder pain reportedly associated with "
         "an industrial injury of October 14, 2016. In a utilization review report …"), "shoulder pain"),
        (("The applicant has filed a claim for neck, low back, bilateral shoulders, and mid back pain reportedly "
         "associated with an industrial injury of October 31, 2016."), "neck, low back, bilateral shoulders, and mid back pain"),
        (("The applicant has filed a claim for chronic low back pain (LBP) reportedly associated with an industrial "
         "injury of October 10, 2015."), "chronic low back pain (LBP)"),
        # a diagnosis stated elsewhere is the diagnosis
        (("The applicant has filed a claim for knee pain reportedly associated with an industrial injury of 2016. "
         "Diagnoses include knee sprain."), "knee sprain"),
    ],
)
def test_the_condition_claimed_where_no_diagnosis_is_stated(text, expected):
    assert diagnosis(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what the worker was treated with is no part of the diagnosis (a blind probe of 2013–15 letters)
        ("The patient has been treated for chronic low back pain with medications and therapy. Next.",
         "chronic low back pain"),
        ("He has been treated for cervical strain with physical therapy, chiropractic care and medications. Next.",
         "cervical strain"),
        ("He is undergoing treatment for right shoulder impingement with conservative care. Next.",
         "right shoulder impingement"),
        ("He has been treated for cervical strain with epidural steroid injections. Next.", "cervical strain"),
        ("He has been treated for low back pain with PT and NSAIDs. Next.", "low back pain"),
        ("He has been treated for knee pain with a course of physical therapy. Next.", "knee pain"),
        # "Dx:" as terse notes write it
        ("Pt is a 38 y/o male with DOI 3/4/12. Dx: lumbar strain. Next.", "lumbar strain"),
        # … up to the next field of the notes; not a prior, differential or relative's one; nothing that states none
        ("Dx: lumbar strain Tx to date: PT x 12, chiro x 6 UR 10/1/14 non-certified both.", "lumbar strain"),
        ("Dx: lumbar strain; Tx: PT x 12; Meds: Norco.", "lumbar strain"),
        ("Prior Dx: R wrist sprain (2009, non-industrial). Current Dx: lumbar strain.", "lumbar strain"),
        ("FHx: mother Dx: breast CA. Dx: lumbar strain.", "lumbar strain"),
        ("Differential Dx: lumbar radiculopathy vs. hip OA. Next.", None),
        ("Dx: same. Next.", None),
        ("Dx: see above", None),
        ("Dx: 724.2, 722.10. Next.", None),
        # a numbered list after "Dx:" is the diagnosis, to the next field; a code alone is none
        ("Dx: 1. Lumbar strain 2. Lumbar radiculopathy Treatment: chiropractic, PT.", "1. Lumbar strain 2. Lumbar radiculopathy"),
        ("Dx: 1) Lumbar strain; Tx: PT x 12.", "1) Lumbar strain"),
        ("Dx: 1. R/O lumbar radiculopathy. Next.", None),
        ("Dx: 1. MRI pending. Next.", None),
        ("Dx: r/o lumbar radiculopathy. Next.", None),
        # a progress note's assessment or impression (a blind probe of summaries); not a study's impression
        ("She reports pain. Impression: lumbar strain. Next.", "lumbar strain"),
        ("Assessment: lumbar strain; knee contusion. Next.", "lumbar strain; knee contusion"),
        ("Assessment/Plan: cervical strain. Next.", "cervical strain"),
        ("Clinical impression: lumbar radiculopathy. Next.", "lumbar radiculopathy"),
        ("An MRI of the knee was done. MRI Impression: medial meniscus tear. Next.", None),
        ("Lumbar MRI dated 1/2/16: Impression: disc bulge at L4-5. Next.", None),
        # a "with" of the diagnosis stays
        ("She is being treated for lumbar disc herniation with radiculopathy. Next.",
         "lumbar disc herniation with radiculopathy"),
        ("She has been treated for chronic pain with medication-induced gastritis. Next.",
         "chronic pain with medication-induced gastritis"),
    ],
)
def test_a_diagnosis_without_what_it_was_treated_with(text, expected):
    assert diagnosis(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the injury a diagnosis is said to come from is no part of it (a case probe); an accident inside it stays
        (("The patient is a 45-year-old male diagnosed with right shoulder impingement syndrome after an industrial injury "
         "on 2/2/2013. He works."), "right shoulder impingement syndrome"),
        ("He was diagnosed with lumbar strain due to a work-related injury. He works.", "lumbar strain"),
        ("Diagnoses include status post motor vehicle accident with cervical strain. He works.",
         "status post motor vehicle accident with cervical strain"),
    ],
)
def test_a_diagnosis_without_the_injury_it_came_from(text, expected):
    assert diagnosis(text) == expected


def test_a_diagnosis_is_the_whole_sentence_however_long():
    """A sentence listing many diagnoses is kept whole (real ones run to ~450 characters, cut at 300 before);
    one that runs on past MAX_DIAGNOSIS without a full stop has no end that can be told: NULL."""
    from pipeline.parse.summary import MAX_DIAGNOSIS

    listed = "; ".join(f"sprain of the ligaments of region {i}" for i in range(14))
    assert len(listed) > 450 and diagnosis(f"Diagnoses include {listed}; and pain in left arm. The worker") == (
        listed + "; and pain in left arm"
    )
    runaway = "lumbar strain and " * (MAX_DIAGNOSIS // 18 + 1)
    assert diagnosis(f"Diagnoses include {runaway}pain") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the date before the injury's words, or a few words after "date of injury"
        ("On 1/26/11 he sustained an industrial injury to his back.", date(2011, 1, 26)),
        ("On 01/26/2011, the patient was injured while lifting.", date(2011, 1, 26)),
        ("The date of injury is reported as 1/26/2011.", date(2011, 1, 26)),
        ("The date of injury (cumulative trauma) is 1/26/2011.", date(2011, 1, 26)),
        # an earlier injury is not the claim's, even when the claim's is dated in another wording; alone, it dates none
        ("He had a prior non-industrial injury on 3/3/2005. The date of injury for this claim is 1/26/2011.",
         date(2011, 1, 26)),
        ("He had a prior injury on 3/3/2005. He complains of neck pain.", None),
        # a visit of the injured worker is no injury
        ("On 10/8/14, the injured worker complained of pain.", None),
        # a code review's counter-examples: no guess, no earlier injury, no fall at home
        ("The injured worker is a 45 year old male. The date of injury was not provided, seen on 3/4/14 for pain.", None),
        (("She sustained an injury to her low back while lifting boxes on 3/4/2012. The date of injury was misstated in "
          "the request dated 5/6/2014."), date(2012, 3, 4)),
        ("He has a previous date of injury of 3/4/2005 to the knee. He was injured at work on 6/7/2013.", date(2013, 6, 7)),
        ("On 5/1/15, he fell at home. He has a 3/4/2012 date of injury.", date(2012, 3, 4)),
        # "prior to the injury" dates the injury
        ("The patient was working as a cook prior to the injury on 3/4/2012.", date(2012, 3, 4)),
        ("He had no previous treatment before the injury on 3/4/2012.", date(2012, 3, 4)),
    ],
)
def test_injury_dates_of_a_blind_2013_probe_and_a_code_review(text, expected):
    assert injury_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # another person's or thing's age is not the worker's
        ("The patient is a female whose 70-year-old mother lives with her.", (None, "female")),
        ("The injured worker is a female. Her 12 year old son helps at home.", (None, "female")),
        ("The patient is a 45 year old male with a 3-year-old child.", (45, "male")),
        ("The injured worker is a male with a 10 year history of back pain, now 52 years old.", (52, None)),
        ("The 64 year old male injured worker", (64, "male")),
        # a code review's counter-examples: the age read whatever the case, and not across a full stop
        ("THE INJURED WORKER IS A 45 YEAR OLD MALE WHO SUSTAINED AN INJURY ON 3/4/2012.", (45, "male")),
        ("The injured worker is a 45 Y/O MALE.", (45, "male")),
        ("The injured worker is a female who is 52 years old. Pain is located in the low back.", (52, "female")),
        ("This 47-year-old, pain management patient was seen.", (47, None)),
        # a relative's age just before the worker's (the worker's had been looked past with the relative's)
        ("According to his 70-year-old wife, the 55-year-old male injured worker fell from a ladder on 6/12/2013.",
         (55, "male")),
        ("Accompanied by her 19-year-old son, the 48 year old female injured worker presented.", (48, "female")),
        ("The patient cares for her 80 year old mother and 85 year old aunt. She is a 52 year old female.", (52, "female")),
        ("The 12 year old son and 9 year old stepdaughter live with this 38 year old female.", (38, "female")),
    ],
)
def test_the_workers_age_not_another_persons(text, expected):
    assert patient_age_sex(text) == expected

# ---------------------------------------------------------------------------------------
# A blind probe of case facts in other hands' summaries
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("26 January 2011", date(2011, 1, 26)),
        ("3rd of March, 2012", date(2012, 3, 3)),
        ("14-Apr-2010", date(2010, 4, 14)),
        ("27-Oct-16", date(2016, 10, 27)),
        ("2013-12-04", date(2013, 12, 4)),
        ("12.04.2013", date(2013, 12, 4)),
        ("25.03.2014", date(2014, 3, 25)),  # day first where the first is past 12
        ("31 February 2013", None),
        ("2013-13-04", None),
    ],
)
def test_dates_in_other_hands_styles(written, expected):
    assert parse_date(written) == expected
    assert injury_date(f"The worker sustained an industrial injury on {written}.") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The request was non-certified on November 4, 2014.", date(2014, 11, 4)),
        ("It was non-certified on 11-06-14.", date(2014, 11, 6)),
        ("The request for Norco was modified on 5/23/13 to #60.", date(2013, 5, 23)),
        ("An adverse determination dated July 15, 2013 non-certified the request.", date(2013, 7, 15)),
        ("UR non-cert 07/15/13.", date(2013, 7, 15)),
        ("On 01-09-2017 the requests were non-certified by utilization review.", date(2017, 1, 9)),
        ("Utilization review modified the physical therapy request to two sessions on 01/19/17.", date(2017, 1, 19)),
        ("In a utilization review report dated 4 November 2014, the request was denied.", date(2014, 11, 4)),
        # a physician's plan modified, a claim denied, a worker not certified: no UR decision
        ("The treatment plan was modified on 5/3/13.", None),
        ("The claim was denied on 5/3/13.", None),
        ("The claim was not certified on 2/2/2013 by the carrier.", None),
        ("He was not certified as a QME on 1/1/2014.", None),
        # a prior request's non-certification is not the decision under review
        ("A prior request was non-certified on 1/5/2013. The current request was non-certified on 3/3/2015.",
         date(2015, 3, 3)),
    ],
)
def test_ur_dates_in_other_hands_wordings(text, expected):
    assert ur_denial_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The patient is a 40 year old male who hurt his low back lifting boxes at work on 3 March 2012.", date(2012, 3, 3)),
        ("She injured her right shoulder pulling a heavy cart on 6/1/12 while working.", date(2012, 6, 1)),
        # no work in the sentence: another injury, maybe
        ("He hurt his right knee playing basketball on 6/1/2014.", None),
        ("The patient is a 40 year old male who hurt his low back lifting on 3 March 2012.", None),
    ],
)
def test_injury_dates_of_a_body_part_hurt_doing_something(text, expected):
    assert injury_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He was seen on 1/2/16. The assessment was right wrist tenosynovitis. Plan: PT.", "right wrist tenosynovitis"),
        ("The impression was cervical, thoracic and lumbar sprain. He was given meds.",
         "cervical, thoracic and lumbar sprain"),
        ("The impression included mild cervical strain and left lumbar radiculopathy. PT was ordered.",
         "mild cervical strain and left lumbar radiculopathy"),
        ("Diagnoses (ICD-10): M54.2 cervicalgia; M54.5 low back pain. He works.", "M54.2 cervicalgia; M54.5 low back pain"),
        ("Diagnoses per the 10/23/14 report: lumbar strain; insomnia. Treatment has included PT.",
         "lumbar strain; insomnia"),
        # a study's impression, an assessment that was done or found nothing: no diagnosis (a stated one after it is)
        ("An MRI of the lumbar spine was obtained. The impression was L4-5 disc protrusion.", None),
        ("The MRI dated 1/1/16 was reviewed by the treating physician and the impression was a 3 mm disc bulge.", None),
        ("The assessment was performed on 1/1/15.", None),
        ("The assessment was unremarkable. The diagnosis is lumbar strain.", "lumbar strain"),
        ("The assessment was deferred to the orthopedist.", None),
        ("Diagnoses (see attached): none.", None),
    ],
)
def test_diagnosis_in_sentences_of_other_hands(text, expected):
    assert diagnosis(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The injured worker, who was 39 years old at the time of the injury, is now a 41 year old male.", (41, "male")),
        ("He was rear-ended by a car driven by a 30-year-old female. The injured worker is a 41 year old male.",
         (41, "male")),
        # the time of the review or the request is now
        ("The injured worker is a 45 year old at the time of this review.", (45, None)),
        ("The injured worker is 45 years of age at the time of the request.", (45, None)),
    ],
)
def test_the_workers_age_now_not_another_drivers_or_at_the_injury(text, expected):
    assert patient_age_sex(text) == expected


@pytest.mark.parametrize("text", [
    "The worker sustained an industrial injury per ODG version 10.2.2015 criteria.",
    "Labs 4.5.2016 were normal; a 2014-Mar-10 date of injury is listed.",
])
def test_numbers_with_full_stops_or_a_year_first_are_no_dates(text):
    assert injury_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "include" and "with" mistyped, "as having" too; "Dx" with a verb; a colon without a space after it
        ("Diagnoses incude lumbar strain and sciatica.", "lumbar strain and sciatica"),
        ("Diagnoses inlcude: lumbar strain.", "lumbar strain"),
        ("Diagnoses inculde cervical strain.", "cervical strain"),
        ("She was diagnosed wtih cervical strain.", "cervical strain"),
        ("He was diagnosed w/ carpal tunnel syndrome.", "carpal tunnel syndrome"),
        ("He was diagnosed as havng lumbar radiculopathy.", "lumbar radiculopathy"),
        ("Current dx is lumbar strain.", "lumbar strain"),
        ("He was dx'd with knee sprain.", "knee sprain"),
        ("Dx include lumbar sprain.", "lumbar sprain"),
        ("Diagnoses:lumbar strain.", "lumbar strain"),
        ("Diagnoses include; lumbar strain.", "lumbar strain"),
        ("The worker is being treated for the diagnoes of right shoulder contusion.", "right shoulder contusion"),
        ("Diagnoses have been documeted as other disorders of the shoulder.", "other disorders of the shoulder"),
        # no diagnosis: a word that only begins like one, a time, a terse note's pending one
        ("The diagnosis often changes.", None),
        ("She was diagnosed when she fell.", None),
        ("Dx is pending.", None),
    ],
)
def test_diagnosis_wordings_mistyped(text, expected):
    assert diagnosis(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The utilzation review dated 11/4/14 non-certified the request.", date(2014, 11, 4)),
        ("Utilization reveiw dated Feb 11 2014 denied the request.", date(2014, 2, 11)),
        ("The U.R. decision dated 2/11/14 denied the request.", date(2014, 2, 11)),
        ("The patient utilized rest on 3/3/14. She improved.", None),  # a word like it, no review
    ],
)
def test_ur_denial_date_mistyped_or_dotted(text, expected):
    assert ur_denial_date(text) == expected


def test_a_month_named_date_without_a_space_after_its_comma():
    assert parse_date("April 14,2010") == date(2010, 4, 14)
    assert injury_date("The patient sustained an industrial injury on April 14,2010 while lifting.") == date(2010, 4, 14)
