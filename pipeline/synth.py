"""Seeded synthetic IMR determination letters, for the benchmark and the scale tests.

Letters follow the grammar of the real ones (``tests/fixtures/txt``, ``tests/fixtures/seeds``) line for line:

* ``"2016"`` — the 2016–17 layout: the header printed as columns, the fixed "HOW THE IMR FINAL
  DETERMINATION WAS MADE" paragraph, ``State(s) of Licensure:`` / ``Certification(s)/Specialty:``,
  item lines wrapped at ~95 characters (the decision sometimes alone on its line), partial
  authorizations, ``Associated surgical service:`` and ``Retrospective … (DOS mm/dd/yy)`` items,
  form feeds at page breaks (sometimes between an item line and its guideline line);
* ``"2013"`` — the 2013–15 layout of the seeds: no header, a blank line after every line, trailing
  spaces, "Board Certified in …, has a subspecialty in … and is licensed to practice in …",
  upper- or mixed-case items with two spaces before the decision, ``Page(s): 98-99`` citations.

Every letter comes with its ground truth: what a correct parser reads from it. Item fields use the
warehouse's column names and DWC's vocabularies (``reference/dwc-vocabulary.md``);
``requested_quantity`` counts visits/sessions/units of therapy-like services and how much of a drug is asked
for (``#60`` → 60); the equipment, tests, operations and transport it writes state no count.

Pure standard library, no Dagster. The letter with index *i* depends only on (seed, i), so a corpus
of n letters is a prefix of a larger one with the same seed. Case numbers are
``CM<yy>-<10*i + seed % 10 + 1, 7 digits>``: unique in a corpus, and never shared by two corpora whose
seeds differ modulo 10 (the benchmark drops an increment made with another seed into the same tree).

    python -m pipeline.synth OUT_DIR -n 10000 --seed 0
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from bisect import bisect
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

__all__ = ["generate_corpus", "generate_letter", "main"]

LAYOUTS = ("2016", "2013")

# --- distributions -------------------------------------------------------------------------------

# Items per letter: half the letters dispute one item, a quarter two, then a decaying tail up to 21.
_N_ITEMS_WEIGHTS = [
    0.50,
    0.25,
    0.11,
    0.055,
    0.03,
    0.018,
    0.011,
    0.008,
    0.005,
    0.004,
    0.0025,
    0.0018,
    0.0013,
    0.001,
    0.0008,
    0.0006,
    0.0005,
    0.0004,
    0.0003,
    0.0002,
    0.0002,
]
_N_ITEMS_CUM = list(accumulate(_N_ITEMS_WEIGHTS))

# Share of disputed items per DWC category and the chance an item of that category is overturned;
# together they give ~89% upheld, with E&M, programs and psych overturned most often.
_CATEGORY = {
    "Pharmaceuticals": (0.45, 0.09),
    "Rehabilitation": (0.16, 0.10),
    "Diagnostic Testing": (0.12, 0.12),
    "DMEPOS": (0.07, 0.08),
    "Evaluation & Management": (0.06, 0.22),
    "Injection": (0.05, 0.12),
    "Surgery": (0.03, 0.15),
    "Programs": (0.02, 0.18),
    "Psych Services": (0.02, 0.16),
    "Home Health": (0.01, 0.10),
    "Transportation": (0.005, 0.08),
    "Other": (0.005, 0.05),
}
_PARTIAL_SHARE = 0.05  # of the items that can be partly authorized (sessions, drug quantities), 2016 layout
_RETRO_SHARE = 0.06  # of drugs and drug screens
_ASSOCIATED_SHARE = 0.6  # a surgery is followed by 1-3 "Associated surgical service" items if room is left

# --- small helpers -------------------------------------------------------------------------------

_NUM_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 6: "six", 8: "eight"}  # weeks and months
_FREQ_WORDS = {1: "once", 2: "twice", 3: "three times"}


def _wrap(text: str, width: int) -> list[str]:
    """Greedy wrap at spaces, one slice per line (no per-word loop: this is the hot path)."""
    lines = []
    start, n = 0, len(text)
    while n - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut <= start:
            cut = text.find(" ", start + width)
            if cut == -1:
                break
        lines.append(text[start:cut].rstrip())
        start = cut + 1
        while start < n and text[start] == " ":
            start += 1
    lines.append(text[start:])
    return lines


def _wcum(pairs):
    """(values, cumulative weights) for bisect-based weighted choice."""
    values = [v for v, _ in pairs]
    return values, list(accumulate(w for _, w in pairs))


def _pick(rng: random.Random, table):
    values, cum = table
    return values[bisect(cum, rng.random() * cum[-1])]


def _mdY(d: date) -> str:
    return f"{d.month:02d}/{d.day:02d}/{d.year}"


def _mdy2(d: date) -> str:
    return f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}"


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _fmt_2016(rng: random.Random, d: date) -> str:
    """A date in the summary of a 2016-17 letter: 11-07-2016, 11-7-16, December 09, 2016."""
    r = rng.random()
    if r < 0.55:
        return f"{d.month:02d}-{d.day:02d}-{d.year}"
    if r < 0.85:
        return f"{d.month}-{d.day}-{d.year % 100:02d}"
    return f"{_MONTHS[d.month - 1]} {d.day:02d}, {d.year}"


def _fmt_2013(rng: random.Random, d: date) -> str:
    """A date in the seeds' style: 04/14/2010, 1/26/11, June 10, 2010, 3/03/12."""
    r = rng.random()
    if r < 0.35:
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if r < 0.70:
        return f"{d.month}/{d.day}/{d.year % 100:02d}"
    if r < 0.85:
        return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"
    return f"{d.month}/{d.day:02d}/{d.year % 100:02d}"


def _day(rng: random.Random, first: date, last: date) -> date:
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


# --- body regions ----------------------------------------------------------------------------------

_SIDES = ("right", "left", "right", "left", "bilateral")
_SPINE = [
    ("lumbar spine", "lumbar"),
    ("low back", "lumbar"),
    ("cervical spine", "cervical"),
    ("neck", "cervical"),
    ("lumbar spine", "lumbar"),
    ("thoracic spine", "thoracic"),
]
_JOINTS = [
    ("shoulder", "shoulder", 4),
    ("knee", "knee", 4),
    ("wrist", "wrist_hand", 2),
    ("hand", "wrist_hand", 1),
    ("elbow", "elbow", 1),
    ("ankle", "ankle_foot", 1),
    ("foot", "ankle_foot", 1),
    ("hip", "hip", 1),
]
_JOINT_TABLE = _wcum([((j, r), w) for j, r, w in _JOINTS])
_MULTI = [
    "cervical and lumbar spine",
    "neck and low back",
    "lumbar spine and left shoulder",
    "right shoulder and right elbow",
    "left hip and left knee",
    "cervical spine and right shoulder",
]


def _joint(rng: random.Random, bilateral: bool = True) -> tuple[str, str]:
    joint, region = _pick(rng, _JOINT_TABLE)
    side = rng.choice(_SIDES if bilateral else _SIDES[:4])
    if side == "bilateral":
        plural = {"foot": "feet", "knee": "knees", "wrist": "wrists", "hand": "hands"}.get(joint, joint + "s")
        return f"bilateral {plural}", region
    return f"{side} {joint}", region


def _region(
    rng: random.Random, spine: float = 0.6, multi: float = 0.06, bilateral: bool = True
) -> tuple[str, str]:
    r = rng.random()
    if r < multi:
        return rng.choice(_MULTI), "multiple"
    if r < spine:
        return rng.choice(_SPINE)
    return _joint(rng, bilateral)


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


# --- guideline citations -------------------------------------------------------------------------
# MTUS chapter (2016 name, 2013 ACOEM chapter, its pages) and ODG chapter for each body region.
_REGION_GUIDE = {
    "lumbar": ("Low Back Complaints 2004", "Low Back Complaints", "303-304", "Low Back"),
    "thoracic": ("Low Back Complaints 2004", "Low Back Complaints", "303-304", "Low Back"),
    "cervical": (
        "Neck and Upper Back Complaints 2004",
        "Neck and Upper Back Complaints",
        "177-178",
        "Neck and Upper Back",
    ),
    "shoulder": ("Shoulder Complaints 2004", "Shoulder Complaints", "207-209", "Shoulder"),
    "elbow": ("Elbow Complaints 2007", "Elbow Complaints", "42-43", "Elbow"),
    "wrist_hand": (
        "Forearm, Wrist, and Hand Complaints 2004",
        "Forearm, Wrist, and Hand Complaints",
        "268-269",
        "Forearm, Wrist & Hand",
    ),
    "knee": ("Knee Complaints 2004", "Knee Complaints", "341-343", "Knee & Leg"),
    "ankle_foot": ("Ankle and Foot Complaints 2004", "Ankle and Foot Complaints", "372-374", "Ankle & Foot"),
    "hip": ("General Approaches 2004", "Low Back Complaints", "303-305", "Hip & Pelvis"),
    None: ("General Approaches 2004", "Low Back Complaints", "303-305", "Pain"),
    "multiple": ("Low Back Complaints 2004", "Low Back Complaints", "303-305", "Low Back"),
}

# Rationale families: the guideline text a rationale opens with ("intro"), and the reasons given
# for an upheld ("up") and an overturned ("over") decision; one paragraph per key, continuation
# lines indented.
_RATIONALE_TEXT = """
[opioid]
intro The CA MTUS guidelines state that ongoing opioid management requires documentation of pain relief,
    functional status, appropriate medication use, and side effects. The 4 A's for ongoing monitoring
    (analgesia, activities of daily living, adverse side effects, and aberrant drug-taking behaviors)
    should be documented at each visit. Opioids should be discontinued if there is no overall
    improvement in function, unless there are extenuating circumstances.
intro According to the MTUS Chronic Pain Guidelines, opioids for chronic pain appear to be efficacious
    but limited for short-term pain relief, and long-term efficacy is unclear. Continued use requires a
    quantitative assessment of pain relief, objective functional improvement, a current urine drug
    screen consistent with the prescribed medications, and a signed opioid agreement.
up In this case, the medical records do not document a quantitative assessment of pain relief or
    objective functional improvement with the ongoing use of this medication.
up There is no documentation of a recent urine drug screen or a signed opioid treatment agreement.
up The injured worker has been prescribed opioids for an extended period without evidence of a
    meaningful reduction in pain or improvement in function.
up The records do not indicate that the CURES database was reviewed.
over In this case, the records document a reduction in pain from 8/10 to 4/10 with the medication and an
    improved ability to perform activities of daily living.
over A recent urine drug screen was consistent with the prescribed medications, there is a signed opioid
    agreement on file, and the treating physician documented ongoing monitoring of the 4 A's.
over The injured worker has returned to modified work while taking this medication.
[muscle_relaxant]
intro The CA MTUS guidelines recommend non-sedating muscle relaxants with caution as a second-line
    option for short-term treatment of acute exacerbations in patients with chronic low back pain. In
    most low back pain cases, they show no benefit beyond NSAIDs in pain and overall improvement, and
    efficacy appears to diminish over time.
intro According to the MTUS Chronic Pain Guidelines, cyclobenzaprine is recommended for a short course
    of therapy. The effect is greatest in the first 4 days of treatment, suggesting that shorter courses
    may be better, and the addition of cyclobenzaprine to other agents is not recommended.
up The records indicate that muscle relaxants have been prescribed for longer than the recommended
    short-term duration.
up There is no documentation of an acute exacerbation of muscle spasm on examination.
up Long-term use is not supported by the guidelines.
over In this case, the injured worker presented with an acute exacerbation of low back pain with
    palpable muscle spasm on examination.
over The medication is requested for short-term use, which is consistent with the guideline
    recommendations.
[nsaid]
intro The CA MTUS guidelines recommend NSAIDs at the lowest dose for the shortest period in patients
    with moderate to severe pain. For chronic low back pain, NSAIDs are recommended as an option for
    short-term symptomatic relief, and there is no evidence of long-term effectiveness for pain or
    function.
up The medical records do not document objective functional improvement or a decrease in pain with the
    prior use of this medication.
up The injured worker has been taking NSAIDs for an extended period and there is no documentation of
    monitoring for gastrointestinal, renal or cardiovascular adverse effects.
over In this case, the treating physician documented a reduction in pain and improved function with the
    use of this medication, and the injured worker reported good tolerance.
over The injured worker has an acute flare of pain, and a short course of an NSAID is appropriate.
[aed]
intro According to the MTUS Chronic Pain Guidelines, anti-epilepsy drugs are recommended for neuropathic
    pain. A good response to the use of an AED has been defined as a 50% reduction in pain, and a
    moderate response as a 30% reduction. After initiation of treatment there should be documentation of
    pain relief and improvement in function as well as documentation of side effects.
up In this case, there is no documentation of neuropathic pain on examination.
up The records do not document at least a 30% reduction in pain or objective functional improvement with
    the use of this medication.
over In this case, the injured worker has radicular symptoms with decreased sensation in a dermatomal
    distribution, and the records document a 50% reduction in neuropathic pain with the medication.
[gi_protect]
intro The CA MTUS guidelines state that a proton pump inhibitor may be recommended for patients taking
    NSAIDs who are at intermediate or high risk for gastrointestinal events. Risk factors include age
    over 65 years, a history of peptic ulcer, gastrointestinal bleeding or perforation, concurrent use
    of aspirin, corticosteroids and/or an anticoagulant, or high dose or multiple NSAIDs.
up In this case, the records do not document any gastrointestinal complaints or risk factors for
    gastrointestinal events.
up There is no documented history of peptic ulcer disease or gastrointestinal bleeding.
over In this case, the injured worker is taking an NSAID and has a documented history of gastritis with
    dyspepsia, placing the injured worker at intermediate risk for gastrointestinal events.
[antidepressant]
intro The MTUS Chronic Pain Guidelines recommend antidepressants as a first-line option for neuropathic
    pain, and as a possibility for non-neuropathic pain. Assessment of treatment efficacy should include
    pain outcomes, an evaluation of function, changes in use of other analgesic medication, sleep
    quality and duration, and psychological assessment.
up The records do not document improvement in pain, function or sleep with the use of this medication.
over In this case, the injured worker has neuropathic pain and depressive symptoms, and the treating
    physician documented improved sleep and function with this medication.
[hypnotic]
intro The CA MTUS guidelines do not address this medication. The Official Disability Guidelines
    recommend zolpidem for the short-term (usually two to six weeks) treatment of insomnia. Sleeping
    pills can be habit-forming, may impair function and memory more than opioid pain relievers, and
    there is concern that they may increase pain and depression over the long term.
up In this case, the medication has been prescribed for longer than the recommended duration, and there
    is no documentation of a sleep evaluation or of sleep hygiene measures.
over In this case, the injured worker has documented insomnia related to pain, and the medication is
    requested for a short course, which is consistent with the guideline recommendations.
[benzo]
intro The CA MTUS guidelines do not recommend benzodiazepines for long-term use because long-term
    efficacy is unproven and there is a risk of dependence. Most guidelines limit use to 4 weeks.
    Tolerance to hypnotic effects develops rapidly, and tolerance to anxiolytic effects occurs within
    months.
up The records indicate that this medication has been prescribed for several months, which exceeds the
    guideline recommendations.
over In this case, the medication was prescribed for a short course in the setting of acute anxiety and
    muscle spasm, and the request is consistent with the 4 week limit.
[topical]
intro The CA MTUS guidelines state that topical analgesics are largely experimental in use with few
    randomized controlled trials to determine efficacy or safety. They are primarily recommended for
    neuropathic pain when trials of antidepressants and anticonvulsants have failed. Lidocaine in the
    form of a dermal patch may be recommended for localized peripheral pain after there has been
    evidence of a trial of first-line therapy.
up In this case, there is no documentation of a trial and failure of first-line therapy with
    antidepressants or anticonvulsants.
up The records do not document localized neuropathic pain.
over In this case, the injured worker has localized neuropathic pain and has failed trials of gabapentin
    and amitriptyline, and the medication provided documented pain relief.
[compound]
intro The CA MTUS guidelines state that any compounded product that contains at least one drug (or drug
    class) that is not recommended is not recommended. Gabapentin and baclofen are not recommended for
    topical use, and there is little evidence to support the use of topical NSAIDs for the spine, hip or
    shoulder.
up The requested compound contains at least one ingredient that is not recommended, and therefore the
    compound is not recommended.
over In this case, the injured worker has documented gastrointestinal intolerance of oral medications,
    and the compound contains only agents supported for topical use.
[antiemetic]
intro The CA MTUS guidelines do not address antiemetics for opioid-related nausea. The Official
    Disability Guidelines do not recommend antiemetics for nausea and vomiting secondary to chronic
    opioid use. Ondansetron is FDA-approved for nausea and vomiting secondary to chemotherapy and
    radiation treatment, and for postoperative use.
up In this case, the medication is requested for nausea associated with chronic opioid use, which is not
    a recommended indication.
over In this case, the medication is requested for the immediate postoperative period following an
    authorized surgery, which is an FDA-approved indication.
[gi_agent]
intro The CA MTUS guidelines recommend prophylactic treatment of constipation when opioid therapy is
    initiated.
up However, the concurrent request for opioid medication has not been supported, and there is no
    documentation of constipation.
over In this case, the injured worker is maintained on opioid therapy and has documented opioid-induced
    constipation.
[medfood]
intro The CA MTUS guidelines do not address medical foods. The Official Disability Guidelines state that
    medical foods are not recommended for chronic pain, and that a medical food must be for the specific
    dietary management of a disease or condition for which distinctive nutritional requirements exist.
up In this case, there is no documentation of a distinctive nutritional requirement.
over In this case, the treating physician documented a specific nutritional deficiency that requires
    dietary management.
[misc_drug]
intro The CA MTUS guidelines state that before prescribing any medication for pain, the treating
    physician should determine the aim of use, the potential benefits and adverse effects, and the
    patient's preference. Only one medication should be given at a time, and a trial should be given for
    each individual medication.
up In this case, the records do not document the indication for this medication or any functional
    benefit from its use.
over In this case, the indication for this medication is clearly documented and the injured worker has
    had a functional benefit from its use.
[pt]
intro The CA MTUS guidelines recommend physical medicine with fading of treatment frequency from up to 3
    visits per week to 1 or less, plus active self-directed home physical medicine. For myalgia and
    myositis, 9-10 visits over 8 weeks are recommended, and for neuralgia, neuritis, and radiculitis,
    8-10 visits over 4 weeks are recommended.
intro According to the MTUS Chronic Pain Guidelines, active therapy is based on the philosophy that
    therapeutic exercise and/or activity are beneficial for restoring flexibility, strength, endurance,
    function, range of motion, and can alleviate discomfort. Patients are instructed and expected to
    continue active therapies at home as an extension of the treatment process in order to maintain
    improvement levels.
up In this case, the injured worker has completed prior physical therapy and there is no documentation
    of objective functional improvement from those sessions.
up The number of requested sessions exceeds the guideline recommendations, and there is no indication
    why the injured worker could not continue with a home exercise program.
up There are no exceptional factors documented that would support additional supervised therapy beyond
    the guideline recommendations.
over In this case, this is the initial course of therapy for this condition, and the injured worker has
    documented deficits in strength and range of motion.
over The requested number of sessions is within the guideline recommendations.
[chiro]
intro The CA MTUS guidelines recommend manual therapy and manipulation for chronic pain if caused by
    musculoskeletal conditions. For the low back, a trial of 6 visits over 2 weeks is recommended, and
    with evidence of objective functional improvement, a total of up to 18 visits over 6-8 weeks.
    Manipulation is not recommended for the ankle and foot, carpal tunnel syndrome, the forearm, wrist
    and hand, or the knee.
up In this case, the records indicate the injured worker has completed prior chiropractic sessions, but
    there is no documentation of objective functional improvement.
up The requested number of visits exceeds the recommended initial trial.
over In this case, the request represents an initial trial of chiropractic care for pain of
    musculoskeletal origin, which is consistent with the guidelines.
[acupuncture]
intro The MTUS Acupuncture Medical Treatment Guidelines state that acupuncture is used as an option when
    pain medication is reduced or not tolerated, and may be used as an adjunct to physical
    rehabilitation and/or surgical intervention to hasten functional recovery. The time to produce
    functional improvement is 3 to 6 treatments, and treatments may be extended if functional
    improvement is documented.
up In this case, the injured worker has completed prior acupuncture sessions and there is no
    documentation of functional improvement.
up The requested number of sessions exceeds the initial trial of 3 to 6 treatments.
over In this case, the request is for an initial trial within the recommended 3 to 6 treatments, and
    acupuncture will be used as an adjunct to a home exercise program.
[modality]
intro The CA MTUS guidelines state that passive modalities may be used in the initial phase of care as
    an adjunct to an active program of functional restoration. Massage therapy should be limited to 4-6
    visits in most cases, and passive care alone does not address the underlying causes of pain.
up In this case, there is no documentation that the modality would be used as an adjunct to an active
    exercise program.
over In this case, the modality is requested for a limited number of sessions as an adjunct to an active
    home exercise program.
[imaging]
intro The ACOEM guidelines state that unequivocal objective findings that identify specific nerve
    compromise on the neurologic examination are sufficient evidence to warrant imaging in patients who
    do not respond to treatment and who would consider surgery an option. Imaging is also indicated when
    there are red flag findings or physiologic evidence of tissue insult or nerve impairment.
intro Per the MTUS guidelines, special studies are not needed until after a period of conservative care
    and observation. Imaging is indicated when there is a red flag condition, failure to progress in a
    rehabilitation program, or when the clinical examination suggests a significant internal derangement
    and surgery is being considered.
up In this case, there is no documentation of red flag findings or of a focal neurologic deficit on
    examination.
up The records do not document a failure of a recent course of conservative treatment.
up There are no plans for surgery documented.
over In this case, the injured worker has persistent symptoms despite more than 6 weeks of conservative
    treatment, with findings on examination that suggest a significant structural lesion.
over The treating physician documented a progressive neurologic deficit, and surgery is being
    considered.
[emg]
intro The ACOEM guidelines state that electromyography, including H-reflex tests, may be useful to
    identify subtle, focal neurologic dysfunction in patients with low back symptoms lasting more than
    three or four weeks. Nerve conduction studies are not recommended when a patient is presumed to have
    symptoms on the basis of radiculopathy.
up In this case, the clinical findings are consistent with radiculopathy and there is no documentation
    of symptoms suggestive of a peripheral neuropathy.
up There is no documentation of neurologic deficits on examination.
over In this case, the injured worker has persistent numbness and tingling with decreased sensation on
    examination despite conservative treatment, and electrodiagnostic testing is needed to differentiate
    radiculopathy from a peripheral nerve entrapment.
[uds]
intro The CA MTUS guidelines recommend drug testing as an option, using a urine drug screen to assess
    for the use or the presence of illegal drugs and to monitor compliance in patients on opioid
    therapy. Frequency of testing should be based on the documented risk of aberrant behavior.
up In this case, the injured worker had a urine drug screen within the last 3 months that was consistent
    with the prescribed medications, and the injured worker is documented as low risk.
up The concurrent request for opioid medication has not been supported.
over In this case, the injured worker is maintained on opioid therapy, and periodic drug testing is
    appropriate to monitor compliance.
[lab]
intro The CA MTUS guidelines recommend periodic lab monitoring of a chemistry profile, including liver
    and renal function tests, in patients taking NSAIDs. The frequency of testing should be based on the
    patient's risk factors.
up In this case, there is no documentation of the clinical indication for the requested laboratory
    tests.
over In this case, the injured worker has been taking NSAIDs long-term and laboratory monitoring is due.
[fce]
intro The ACOEM guidelines state that a functional capacity evaluation may be considered when necessary
    to translate medical impairment into functional limitations and determine work capability. The
    Official Disability Guidelines recommend an FCE prior to admission to a work hardening program, and
    do not recommend an FCE when the sole purpose is to determine a worker's effort or compliance.
up In this case, there is no documentation of prior unsuccessful return to work attempts, and the
    injured worker is not close to maximum medical improvement.
over In this case, the injured worker is at maximum medical improvement and has had prior unsuccessful
    attempts to return to work, and an FCE is needed to define permanent work restrictions.
[tens]
intro The CA MTUS guidelines do not recommend TENS as a primary treatment modality, but a one-month
    home-based TENS trial may be considered as a noninvasive conservative option if used as an adjunct
    to a program of evidence-based functional restoration. There must be documentation of pain of at
    least three months duration and evidence that other appropriate pain modalities have been tried and
    failed.
up In this case, there is no documentation of a successful one-month trial of TENS, and no treatment
    plan with specific short and long-term goals was submitted.
over In this case, the injured worker completed a one-month trial with documented reduction in pain and
    medication use, and the unit will be used as an adjunct to a home exercise program.
[brace]
intro According to the ACOEM guidelines, braces and supports may be used on a short-term basis during
    the acute phase of injury, and prolonged immobilization should be avoided. A brace may be
    recommended after surgery or for documented ligamentous instability.
up In this case, there is no documentation of instability or a recent surgical procedure.
over In this case, the examination documents ligamentous instability, and a brace is appropriate to
    allow participation in rehabilitation.
[dme]
intro The Official Disability Guidelines recommend durable medical equipment generally if there is a
    medical need and if the device or system meets Medicare's definition of durable medical equipment.
    The equipment must be able to withstand repeated use, be primarily used to serve a medical purpose,
    and generally be of no use to a person in the absence of illness or injury.
up In this case, the medical need for the requested equipment is not documented.
over In this case, the injured worker has a documented gait instability and the equipment is needed to
    perform activities of daily living safely.
[cold]
intro The Official Disability Guidelines recommend continuous-flow cryotherapy as an option after
    surgery for up to 7 days, including home use, but not for nonsurgical treatment.
up In this case, the request does not specify the duration of use, and there is no documentation of a
    recent or authorized surgery.
over In this case, the concurrent surgical request has been supported, and postoperative use for 7 days
    is consistent with the guidelines.
[referral]
intro The ACOEM guidelines state that the occupational health practitioner may refer to other
    specialists if a diagnosis is uncertain or extremely complex, when psychosocial factors are present,
    or when the plan or course of care may benefit from additional expertise. A consultation is intended
    to aid in the diagnosis, prognosis and therapeutic management of a patient.
intro The CA MTUS guidelines recommend that the treating physician reassess the patient's diagnosis if
    there is persistent pain in spite of treatment, and determine whether a specialist evaluation is
    necessary. The frequency of office visits should be determined by the severity of symptoms and the
    need for medication monitoring.
up In this case, the records do not document the specific question the consultation is intended to
    answer, or how it would change the treatment plan.
over In this case, the injured worker has persistent pain despite an extended course of conservative
    treatment, and a specialist evaluation is appropriate to guide further management.
[psych_eval]
intro The CA MTUS guidelines recommend psychological evaluations as a generally well-established
    diagnostic procedure, with selected use in pain problems and more widespread use in chronic pain
    populations. Diagnostic evaluations should distinguish between conditions that are preexisting,
    aggravated by the current injury or work related.
up In this case, the records do not document psychological symptoms or the reason for the evaluation.
over In this case, the injured worker has documented symptoms of depression and anxiety related to the
    injury, and an evaluation is appropriate to guide treatment.
[psychotherapy]
intro The CA MTUS guidelines recommend behavioral interventions, with an initial trial of 3-4
    psychotherapy visits over 2 weeks, and with evidence of objective functional improvement, a total of
    up to 6-10 visits over 5-6 weeks.
up In this case, the injured worker has completed prior sessions and there is no documentation of
    objective functional improvement.
up The number of requested sessions exceeds the recommended initial trial.
over In this case, the injured worker has documented depression and anxiety related to chronic pain, and
    the request is within the recommended initial trial.
[esi]
intro The CA MTUS guidelines recommend epidural steroid injections as an option for treatment of
    radicular pain, defined as pain in a dermatomal distribution with corroborative findings of
    radiculopathy. Radiculopathy must be documented by physical examination and corroborated by imaging
    studies and/or electrodiagnostic testing, and the patient must have been initially unresponsive to
    conservative treatment.
up In this case, the physical examination does not document objective findings of radiculopathy
    corroborated by imaging or electrodiagnostic studies.
up For a repeat injection, there is no documentation of at least 50% pain relief with an associated
    reduction in medication use for six to eight weeks.
over In this case, the examination documents decreased sensation and a positive straight leg raise in a
    dermatomal distribution, corroborated by MRI findings of nerve root impingement, and the injured
    worker has failed conservative treatment.
[facet]
intro The ACOEM guidelines state that invasive techniques such as facet joint injections are of
    questionable merit. The Official Disability Guidelines limit facet joint diagnostic blocks to
    patients with low back pain that is non-radicular and at no more than two levels bilaterally, with
    documentation of failure of conservative treatment for at least 4-6 weeks.
up In this case, the injured worker has radicular findings on examination.
up There is no documentation of failure of conservative treatment for at least 4-6 weeks.
over In this case, the injured worker has axial low back pain with facet tenderness on examination, and
    has failed more than 6 weeks of conservative treatment.
[injection]
intro The CA MTUS guidelines recommend trigger point injections only for myofascial pain syndrome, with
    limited lasting value. The ACOEM guidelines state that corticosteroid injections may be considered
    for patients with persistent pain who have failed a course of conservative treatment, and that
    repeated injections require documentation of a sustained benefit.
up In this case, the records do not document the specific examination findings that would support the
    injection, or a sustained benefit from prior injections.
over In this case, the examination documents findings consistent with the diagnosis, and symptoms have
    persisted for more than three months despite medical management.
[surgery]
intro The ACOEM guidelines state that surgical consultation and intervention may be indicated for
    patients who have activity limitation for more than one month, failure of an exercise program to
    increase range of motion and strength, and clear clinical and imaging evidence of a lesion that has
    been shown to benefit, in both the short and long term, from surgical repair.
up In this case, there is no documentation of a recent trial and failure of conservative treatment, and
    the imaging findings do not clearly correlate with the examination.
over In this case, the injured worker has failed more than 3 months of conservative care, and the
    examination findings correlate with the imaging evidence of a surgical lesion.
[associated]
intro The guidelines support perioperative services when they are requested in conjunction with a
    surgical procedure that has been supported. The concurrent request for surgery was reviewed in this
    determination.
up As the associated surgical procedure has not been supported, the associated service is not supported.
over The concurrent request for surgery is supported, and the requested service is appropriate in the
    perioperative period.
[frp]
intro The CA MTUS guidelines recommend functional restoration programs for patients with conditions that
    put them at risk of delayed recovery. Criteria include an adequate and thorough evaluation including
    baseline functional testing, failure of previous methods of treating chronic pain, a significant
    loss of ability to function independently, and motivation to change. Treatment is not suggested for
    longer than 2 weeks without evidence of demonstrated efficacy.
up In this case, there is no documentation of an adequate baseline functional evaluation, and negative
    predictors of success have not been addressed.
over In this case, the multidisciplinary evaluation documented that all of the guideline criteria are
    met, and the request is for an initial 2 week trial.
[home_health]
intro The CA MTUS guidelines recommend home health services only for otherwise recommended medical
    treatment for patients who are homebound, on a part-time or intermittent basis, generally up to 35
    hours per week. Medical treatment does not include homemaker services like shopping, cleaning, and
    laundry, or personal care given by home health aides when this is the only care needed.
up In this case, there is no documentation that the injured worker is homebound or requires skilled
    medical care in the home.
over In this case, the injured worker is homebound following surgery and requires skilled wound care
    that can be provided in the home.
[transport]
intro The CA MTUS guidelines do not address transportation. The Official Disability Guidelines recommend
    transportation to and from appointments for medically necessary treatment for patients with
    disabilities preventing them from self-transport.
up In this case, there is no documentation that the injured worker is unable to drive or to use public
    transportation.
over In this case, the injured worker has a documented disability that prevents self-transport, and the
    transportation is requested for authorized medical appointments.
[gym]
intro The Official Disability Guidelines do not recommend gym memberships as a medical prescription
    unless a documented home exercise program with periodic assessment and revision has been ineffective
    and there is a need for equipment. Treatment needs to be monitored and administered by medical
    professionals.
up In this case, there is no documentation that a home exercise program has been ineffective or that
    specialized equipment is needed.
over In this case, the home exercise program has been ineffective and the injured worker requires
    pool-based exercise with supervision.
[program]
intro The CA MTUS and ACOEM guidelines do not address this program. A program may be considered when
    there is documented failure of a physician-supervised plan of diet and exercise and clear goals are
    set.
up In this case, there is no documentation of a failed physician-supervised program or of specific
    goals.
over In this case, the treating physician documented failure of a supervised diet and exercise plan and
    specific measurable goals.
"""

# What each party cites, per family:
#   m16: (guideline, section) for 2016 letters; "CPMT" = Chronic Pain Medical Treatment <2009|2016>,
#        "REGION" = the MTUS chapter of the item's body region.
#   m13: (topic, pages) cited as "MTUS Chronic Pain Treatment Guidelines <topic> Page(s): <pages>";
#        "ACOEM" = "MTUS ACOEM <chapter of the region> Page(s): <pages>".
#   odg: (chapter, topic); chapter "REGION" = the region's ODG chapter.
# A family without m16/m13 entries is cited from the ODG only.
_CITATIONS = {
    "opioid": {
        "m16": [
            ("CPMT", "Opioids, criteria for use"),
            ("CPMT", "Opioids, on-going management"),
            ("CPMT", "Opioids for chronic pain"),
        ],
        "m13": [
            ("Opioids, Ongoing Management", "78"),
            ("Opioids, Criteria for Use", "76-80"),
            ("Opioids for Chronic Pain", "80-81"),
        ],
        "odg": [("Pain", "Opioids, criteria for use")],
    },
    "muscle_relaxant": {
        "m16": [("CPMT", "Muscle relaxants (for pain)"), ("CPMT", "Cyclobenzaprine (Flexeril)")],
        "m13": [("Muscle Relaxants (for pain)", "63-66"), ("Cyclobenzaprine (Flexeril)", "41-42")],
        "odg": [("Pain", "Muscle relaxants (for pain)")],
    },
    "nsaid": {
        "m16": [
            ("CPMT", "NSAIDs (non-steroidal anti-inflammatory drugs)"),
            ("CPMT", "Anti-inflammatory medications"),
        ],
        "m13": [("NSAIDs", "67-73"), ("Anti-inflammatory medications", "22")],
        "odg": [("Pain", "NSAIDs (non-steroidal anti-inflammatory drugs)")],
    },
    "aed": {
        "m16": [("CPMT", "Anti-epilepsy drugs (AEDs)"), ("CPMT", "Gabapentin (Neurontin)")],
        "m13": [("Antiepilepsy drugs (AEDs)", "16-22"), ("Gabapentin", "18-19")],
        "odg": [("Pain", "Anti-epilepsy drugs (AEDs) for pain")],
    },
    "gi_protect": {
        "m16": [("CPMT", "NSAIDs, GI symptoms & cardiovascular risk")],
        "m13": [("NSAIDs, GI symptoms & cardiovascular risk", "68-69")],
        "odg": [("Pain", "Proton pump inhibitors (PPIs)")],
    },
    "antidepressant": {
        "m16": [("CPMT", "Antidepressants for chronic pain")],
        "m13": [("Antidepressants for chronic pain", "13-16")],
        "odg": [("Mental Illness & Stress", "Antidepressants for treatment of MDD")],
    },
    "hypnotic": {"odg": [("Pain", "Insomnia treatment"), ("Mental Illness & Stress", "Zolpidem (Ambien)")]},
    "benzo": {
        "m16": [("CPMT", "Benzodiazepines")],
        "m13": [("Benzodiazepines", "24")],
        "odg": [("Pain", "Benzodiazepines")],
    },
    "topical": {
        "m16": [("CPMT", "Topical Analgesics"), ("CPMT", "Lidoderm (lidocaine patch)")],
        "m13": [("Topical Analgesics", "111-113"), ("Lidoderm (lidocaine patch)", "56-57")],
        "odg": [("Pain", "Lidoderm (lidocaine patch)"), ("Pain", "Topical analgesics")],
    },
    "compound": {
        "m16": [("CPMT", "Topical Analgesics")],
        "m13": [("Topical Analgesics", "111-113")],
        "odg": [("Pain", "Compound drugs")],
    },
    "antiemetic": {
        "m16": [("CPMT", "Antiemetics (for opioid nausea)")],
        "odg": [("Pain", "Antiemetics (for opioid nausea)")],
    },
    "gi_agent": {
        "m16": [("CPMT", "Opioids, initiating therapy")],
        "m13": [("Initiating Therapy", "77")],
        "odg": [("Pain", "Opioid-induced constipation treatment")],
    },
    "medfood": {"odg": [("Pain", "Medical food")]},
    "misc_drug": {
        "m16": [("CPMT", "Medications for chronic pain")],
        "m13": [("Medications for chronic pain", "60")],
        "odg": [("Pain", "Medications for acute pain (analgesics)")],
    },
    "pt": {
        "m16": [("CPMT", "Physical medicine treatment"), ("CPMT", "Physical Medicine")],
        "m13": [("Physical Medicine", "98-99")],
        "odg": [("REGION", "Physical therapy (PT)"), ("Pain", "Physical medicine treatment")],
    },
    "chiro": {
        "m16": [("CPMT", "Manual therapy & manipulation")],
        "m13": [("Manual Therapy & Manipulation", "58-59")],
        "odg": [("REGION", "Manipulation")],
    },
    "acupuncture": {
        "m16": [("Acupuncture Medical Treatment Guidelines", None)],
        "m13": [("Acupuncture Medical Treatment Guidelines", None)],
        "odg": [("Pain", "Acupuncture")],
    },
    "modality": {
        "m16": [("CPMT", "Massage therapy"), ("CPMT", "Physical medicine treatment")],
        "m13": [("Massage therapy", "60"), ("Physical Medicine", "98-99")],
        "odg": [("REGION", "Massage"), ("REGION", "Extracorporeal shock wave therapy (ESWT)")],
    },
    "imaging": {
        "m16": [("REGION", "Special Studies")],
        "m13": [("ACOEM", None)],
        "odg": [("REGION", "Magnetic resonance imaging (MRI)"), ("REGION", "Imaging")],
    },
    "emg": {
        "m16": [("CPMT", "Electrodiagnostic testing (EMG/NCS)"), ("REGION", "Special Studies")],
        "m13": [("ACOEM", None)],
        "odg": [("REGION", "Electrodiagnostic studies (EDS)")],
    },
    "uds": {
        "m16": [("CPMT", "Drug testing")],
        "m13": [("Drug testing", "43")],
        "odg": [("Pain", "Urine drug testing (UDT)")],
    },
    "lab": {
        "m16": [("CPMT", "NSAIDs, specific drug list & adverse effects")],
        "m13": [("NSAIDs, specific drug list & adverse effects", "70")],
        "odg": [("Pain", "Lab testing")],
    },
    "fce": {
        "m16": [("General Approaches 2004", "Cornerstones of Disability Prevention and Management")],
        "m13": [("Introduction", "1")],
        "odg": [("Fitness for Duty", "Functional capacity evaluation (FCE)")],
    },
    "tens": {
        "m16": [
            ("CPMT", "TENS, chronic pain (transcutaneous electrical nerve stimulation)"),
            ("CPMT", "Interferential Current Stimulation (ICS)"),
        ],
        "m13": [("Transcutaneous Electrotherapy", "114-116")],
        "odg": [("Pain", "TENS (transcutaneous electrical nerve stimulation)")],
    },
    "brace": {
        "m16": [("REGION", "Initial Care")],
        "m13": [("ACOEM", None)],
        "odg": [("REGION", "Braces"), ("Low Back", "Lumbar supports")],
    },
    "dme": {
        "odg": [
            ("Knee & Leg", "Durable medical equipment (DME)"),
            ("REGION", "Durable medical equipment (DME)"),
        ]
    },
    "cold": {"odg": [("REGION", "Continuous-flow cryotherapy")]},
    "referral": {
        "m16": [
            ("General Approaches 2004", "Cornerstones of Disability Prevention and Management"),
            ("CPMT", "Introduction"),
        ],
        "m13": [("Introduction", "1")],
        "odg": [("Pain", "Office visits")],
    },
    "psych_eval": {
        "m16": [
            ("CPMT", "Psychological evaluations"),
            ("Stress-Related Conditions 2004", "General Approach"),
        ],
        "m13": [("Psychological evaluations", "100-101")],
        "odg": [("Mental Illness & Stress", "Psychological evaluations")],
    },
    "psychotherapy": {
        "m16": [("CPMT", "Behavioral interventions"), ("CPMT", "Psychological treatment")],
        "m13": [("Behavioral interventions", "23"), ("Psychological treatment", "101-102")],
        "odg": [("Mental Illness & Stress", "Cognitive therapy for depression")],
    },
    "esi": {
        "m16": [("CPMT", "Epidural steroid injections (ESIs)")],
        "m13": [("Epidural steroid injections (ESIs)", "46")],
        "odg": [("REGION", "Epidural steroid injections (ESIs), therapeutic")],
    },
    "facet": {
        "m16": [("REGION", "Physical Methods")],
        "m13": [("ACOEM", None)],
        "odg": [("REGION", "Facet joint diagnostic blocks (injections)")],
    },
    "injection": {
        "m16": [("CPMT", "Trigger point injections"), ("REGION", "Initial Care")],
        "m13": [("Trigger point injections", "122")],
        "odg": [("REGION", "Injections")],
    },
    "surgery": {
        "m16": [("REGION", "Surgical Considerations")],
        "m13": [("ACOEM", None)],
        "odg": [("REGION", "Surgery")],
    },
    "associated": {
        "m16": [("Postsurgical Treatment 2009", "REGION_NAME")],
        "m13": [("Postsurgical Treatment Guidelines", None)],
        "odg": [("REGION", "Surgery")],
    },
    "frp": {
        "m16": [("CPMT", "Functional restoration programs (FRPs)"), ("CPMT", "Chronic pain programs")],
        "m13": [("Chronic pain programs (functional restoration programs)", "30-32")],
        "odg": [("Pain", "Functional restoration programs (FRPs)")],
    },
    "home_health": {
        "m16": [("CPMT", "Home health services")],
        "m13": [("Home health services", "51")],
        "odg": [("Knee & Leg", "Home health services")],
    },
    "transport": {"odg": [("Knee & Leg", "Transportation (to & from appointments)")]},
    "gym": {"odg": [("Low Back", "Gym memberships")]},
    "program": {"odg": [("Diabetes", "Lifestyle (diet & exercise) modifications")]},
}


def _load_families() -> dict[str, dict]:
    families: dict[str, dict] = {}
    current: dict = {}
    key = ""
    for line in _RATIONALE_TEXT.strip().splitlines():
        if line.startswith("["):
            current = families[line[1:-1]] = {k: [] for k in ("intro", "up", "over", "m16", "m13", "odg")}
        elif line.startswith(" "):
            current[key][-1] += " " + line.strip()
        else:
            key, _, text = line.partition(" ")
            current[key].append(text)
    for name, cites in _CITATIONS.items():
        families[name].update(cites)
    return families


_F = _load_families()

_OPIOID_TAPER = (
    "This decision addresses the medical necessity of opioids as they have been prescribed to this patient. "
    "This medical necessity decision should not be interpreted as a recommendation to stop long-term opioids "
    "abruptly and the patient is advised to speak with their treating physician. The treating physician and "
    'the patient are advised to consult the MTUS Opioids Treatment Guidelines ("Tapering opioids"), and if '
    "necessary, other relevant guidelines, regarding the most appropriate method for weaning and terminating "
    "opioids for this patient."
)

_CONCLUDE_UP = [
    "Therefore, the request for {t} is not medically necessary.",
    "As such, the request for {t} is not medically necessary.",
    "The request for {t} is not medically necessary.",
    "Given the above, the request for {t} is not medically necessary.",
    "As such, this request is not medically necessary.",
    "Therefore, the request is not medically necessary.",
]
_CONCLUDE_OVER = [
    "Therefore, the request for {t} is medically necessary.",
    "As such, the request for {t} is medically necessary.",
    "The request for {t} is medically necessary and appropriate.",
    "Given the above, the request for {t} is medically necessary.",
    "Therefore, the request is medically necessary.",
]
_CONCLUDE_UP_2013 = [
    "The request is not medically necessary.",
    "As such, the requested {t} is not medically necessary or appropriate.",
    "Therefore, the request for {t} is not medically necessary.",
]
_CONCLUDE_OVER_2013 = [
    "The request is medically necessary.",
    "As such, the requested {t} is medically necessary and appropriate.",
    "Therefore, the request for {t} is medically necessary.",
]

# --- the treatments ------------------------------------------------------------------------------
# A maker returns a dict: text, region, qty, sub(category), family, and optional partial/retro hooks.

# (name, subcategory, doses, quantities, family, weight)
_DRUGS = [
    ("Norco", "Opioids", ["10/325mg", "7.5/325mg", "5/325mg", "10/325 mg"], [60, 90, 120, 180], "opioid", 8),
    ("Hydrocodone/APAP", "Opioids", ["10/325mg", "7.5/325mg"], [60, 90, 120], "opioid", 3),
    ("Percocet", "Opioids", ["10/325mg", "5/325mg"], [60, 90, 120], "opioid", 3),
    ("Oxycodone", "Opioids", ["10mg", "15mg", "30mg"], [60, 90, 120], "opioid", 2),
    ("OxyContin", "Opioids", ["20mg", "40mg"], [60, 90], "opioid", 1),
    ("Tramadol", "Opioids", ["50mg"], [60, 90, 120], "opioid", 4),
    ("Tramadol ER", "Opioids", ["150mg", "100mg"], [30, 60], "opioid", 2),
    ("Ultracet", "Opioids", ["37.5/325mg"], [60, 90], "opioid", 1),
    ("Nucynta", "Opioids", ["50mg", "75mg"], [60, 90], "opioid", 1),
    ("MS Contin", "Opioids", ["15mg", "30mg"], [60, 90], "opioid", 1),
    ("Butrans patch", "Opioids", ["10mcg/hr", "5mcg/hr", "20mcg/hr"], [4, 8], "opioid", 1),
    ("Fentanyl patch", "Opioids", ["25mcg/hr", "50mcg/hr"], [10, 15], "opioid", 0.5),
    ("Cyclobenzaprine", "Muscle Relaxant", ["7.5mg", "10mg", "5mg"], [30, 60, 90], "muscle_relaxant", 5),
    ("Flexeril", "Muscle Relaxant", ["10mg", "7.5mg"], [30, 60], "muscle_relaxant", 2),
    ("Soma", "Muscle Relaxant", ["350mg"], [30, 60, 90], "muscle_relaxant", 1.5),
    ("Tizanidine", "Muscle Relaxant", ["4mg", "2mg"], [60, 90], "muscle_relaxant", 2),
    ("Baclofen", "Muscle Relaxant", ["10mg", "20mg"], [60, 90], "muscle_relaxant", 1),
    ("Methocarbamol", "Muscle Relaxant", ["750mg", "500mg"], [60, 90], "muscle_relaxant", 1),
    ("Orphenadrine ER", "Muscle Relaxant", ["100mg"], [60], "muscle_relaxant", 1),
    ("Naproxen", "NSAID", ["550mg", "500mg"], [60, 90], "nsaid", 3),
    ("Naproxen sodium", "NSAID", ["550mg"], [60, 100], "nsaid", 2),
    ("Ibuprofen", "NSAID", ["800mg", "600mg"], [60, 90], "nsaid", 1.5),
    ("Meloxicam", "NSAID", ["15mg", "7.5mg"], [30, 60], "nsaid", 1.5),
    ("Celebrex", "NSAID", ["200mg", "100mg"], [30, 60], "nsaid", 1),
    ("Voltaren XR", "NSAID", ["100mg"], [30, 60], "nsaid", 1),
    ("Nabumetone", "NSAID", ["750mg", "500mg"], [60, 90], "nsaid", 1),
    ("Gabapentin", "Anti-epilepsy drugs", ["300mg", "600mg", "100mg"], [60, 90, 120], "aed", 4),
    ("Lyrica", "Anti-epilepsy drugs", ["75mg", "50mg", "150mg"], [60, 90], "aed", 2),
    ("Topiramate", "Anti-epilepsy drugs", ["25mg", "50mg"], [60], "aed", 0.5),
    ("Omeprazole", "Proton Pump Inhibitors", ["20mg", "40mg"], [30, 60, 90], "gi_protect", 4),
    ("Pantoprazole", "Proton Pump Inhibitors", ["20mg", "40mg"], [30, 60], "gi_protect", 2),
    ("Prilosec", "Proton Pump Inhibitors", ["20mg"], [30, 60], "gi_protect", 1),
    ("Nexium", "Proton Pump Inhibitors", ["40mg"], [30], "gi_protect", 0.5),
    ("Ranitidine", "H2 Blocker", ["150mg"], [60], "gi_protect", 0.7),
    ("Pepcid", "H2 Blocker", ["20mg"], [60], "gi_protect", 0.3),
    ("Cymbalta", "Antidepressant", ["60mg", "30mg"], [30, 60], "antidepressant", 1.5),
    ("Duloxetine", "Antidepressant", ["30mg", "60mg"], [30, 60], "antidepressant", 1),
    ("Amitriptyline", "Antidepressant", ["25mg", "10mg"], [30, 60], "antidepressant", 1),
    ("Trazodone", "Antidepressant", ["50mg", "100mg"], [30, 60], "antidepressant", 1),
    ("Ambien", "Sedative-hypnotics", ["10mg", "5mg"], [30], "hypnotic", 1.5),
    ("Zolpidem", "Sedative-hypnotics", ["10mg"], [30], "hypnotic", 1),
    ("Lunesta", "Sedative-hypnotics", ["2mg", "3mg"], [30], "hypnotic", 0.5),
    ("Alprazolam", "Benzodiazepine(s)", ["0.5mg", "1mg"], [30, 60], "benzo", 0.8),
    ("Diazepam", "Benzodiazepine(s)", ["5mg", "10mg"], [30, 60], "benzo", 0.6),
    ("Clonazepam", "Benzodiazepine(s)", ["1mg", "0.5mg"], [30, 60], "benzo", 0.5),
    ("Lidoderm 5% patch", "Topical Analgesics", [""], [30, 60, 90], "topical", 3),
    ("Lidocaine 5% patches", "Topical Analgesics", [""], [30, 60], "topical", 1),
    ("Flector 1.3% patch", "Topical Analgesics", [""], [30, 60], "topical", 1),
    ("Terocin patches", "Topical Compounds", [""], [10, 20, 30], "topical", 1),
    ("Ondansetron", "Antiemetic", ["8mg", "4mg"], [10, 20, 30], "antiemetic", 1),
    ("Zofran", "Antiemetic", ["4mg", "8mg"], [10, 20], "antiemetic", 0.5),
    ("Docusate sodium", "GI Agents", ["100mg", "250mg"], [60, 100], "gi_agent", 0.7),
    ("Senokot-S", "GI Agents", ["8.6/50mg"], [60], "gi_agent", 0.3),
    ("Theramine", "Nutritional Products", [""], [60, 90, 120], "medfood", 0.7),
    ("Sentra PM", "Nutritional Products", [""], [60], "medfood", 0.3),
    ("Acetaminophen", "Misc Analgesics", ["500mg", "325mg"], [60, 100], "misc_drug", 0.5),
    ("Hydroxyzine", "AntiAnxiety", ["25mg", "50mg"], [30, 60], "misc_drug", 0.5),
    ("Provigil", "Stimulants", ["200mg", "100mg"], [30], "misc_drug", 0.3),
    ("Medrol dose pack", "Adrenal Cortical Steroids", ["4mg"], [21], "misc_drug", 0.4),
    ("Sumatriptan", "Antimigraine Agent", ["50mg", "100mg"], [9, 18], "misc_drug", 0.3),
    ("Cialis", "Impotence Agents", ["5mg", "20mg"], [30], "misc_drug", 0.2),
]
_DRUG_TABLE = _wcum([(d, d[5]) for d in _DRUGS])

_COMPOUNDS = [
    "Flurbiprofen 20%, Baclofen 5%, Lidocaine 4% cream 180gm",
    "Ketoprofen 10%/Cyclobenzaprine 3%/Lidocaine 5% cream 120gm",
    "Gabapentin 10%/Amitriptyline 5%/Capsaicin 0.025% compound cream 180gm",
    "Compounded topical cream Flurbiprofen 25%/Menthol 10%/Camphor 3% 120gm",
    "Tramadol 8%/Gabapentin 10%/Menthol 2%/Camphor 2% cream 240gm",
    "Compound cream with Diclofenac 10% and Lidocaine 5%, 120gm",
]
_TOPICAL_GELS = [
    "Voltaren 1% gel 100gm",
    "Voltaren gel 1%",
    "Capsaicin 0.075% cream",
    "Diclofenac 1.5% solution 150ml",
]


def _drug(rng: random.Random) -> dict:
    name, sub, doses, qtys, family, _ = _pick(rng, _DRUG_TABLE)
    dose = rng.choice(doses)
    head = f"{name} {dose}" if dose else name
    q = rng.choice(qtys)
    r = rng.random()
    if r < 0.12:
        text = head
    elif r < 0.60:
        text = f"{head} #{q}"
    elif r < 0.75:
        text = f"{head}, #{q}"
    elif r < 0.88:
        n = rng.choice((1, 2, 3))
        text = f"{head} #{q} with {n} refill{'s' if n > 1 else ''}"
    else:
        per = rng.choice(("1 tablet twice daily", "1 tablet by mouth every 8 hours", "1 at bedtime"))
        if family in ("topical", "compound", "medfood") or "patch" in name:
            per = rng.choice(("as directed", "once daily"))
        text = f"{head} {per} #{q}"
    # "#60": how much of the drug is asked for (per fill, refills aside).
    spec = {"text": text, "region": None, "qty": q if text != head else None, "sub": sub, "family": family,
            "retro_ok": True}
    if text != head and q >= 60:

        def partial(rng, head=head, q=q):
            a = q // 2
            return (f"{head} #{q}", f"{head} #{a}", f"{head} #{q - a}", q - a, head)

        spec["partial"] = partial
    return spec


def _topical_other(rng: random.Random) -> dict:
    if rng.random() < 0.55:
        return {
            "text": rng.choice(_COMPOUNDS),
            "region": None,
            "qty": None,
            "sub": "Topical Compounds",
            "family": "compound",
        }
    return {
        "text": rng.choice(_TOPICAL_GELS),
        "region": None,
        "qty": None,
        "sub": "Topical Analgesics",
        "family": "topical",
    }


def _sessions_text(rng: random.Random, therapy: str, where: str | None) -> tuple[str, int]:
    """A course of therapy as the letters write it, and its number of visits."""
    tail = f" for the {where}" if where else ""
    f = rng.choice((2, 2, 3, 1))
    w = rng.choice((4, 6, 3, 4, 6, 2)) if f > 1 else rng.choice((4, 6, 8))
    r = rng.random()
    if r < 0.32:
        times = "time" if f == 1 else "times"
        return f"{_cap(therapy)} {f} {times} a week for {w} weeks{tail}", f * w
    if r < 0.47:
        sep = rng.choice(("x", " x "))
        return f"{_cap(therapy)} {f}{sep}{w}{tail}", f * w
    if r < 0.60:
        n = rng.choice((6, 8, 12, 6, 10, 18))
        return f"{n} sessions of {therapy}{tail}", n
    if r < 0.70:
        n = rng.choice((6, 8, 12))
        return f"{_cap(therapy)}{tail}, {n} sessions", n
    if r < 0.80:
        n = rng.choice((6, 8, 12, 4))
        return f"Additional {therapy} {n} visits{tail}", n
    if r < 0.90:
        fw = _FREQ_WORDS[f]
        if rng.random() < 0.3 and f > 1:
            months = rng.choice((1, 2))
            unit = "month" if months == 1 else "months"
            return f"{_cap(therapy)} {fw} a week for {_NUM_WORDS[months]} {unit}{tail}", f * 4 * months
        return f"{_cap(therapy)} {fw} a week for {_NUM_WORDS[w]} weeks{tail}", f * w
    n = rng.choice((6, 8, 12))
    return f"{_cap(therapy)} x {n}{tail}", n


def _therapy(therapy: str, sub: str, family: str, spine: float):
    def make(rng: random.Random) -> dict:
        where, region = _region(rng, spine=spine)
        if rng.random() < 0.08:
            where, region = None, None
        text, qty = _sessions_text(rng, therapy, where)
        spec = {"text": text, "region": region, "qty": qty, "sub": sub, "family": family}
        if qty >= 6:

            def partial(rng, text=text, qty=qty, where=where):
                a = max(2, qty // 2 if rng.random() < 0.6 else qty // 3)
                tail = f" for the {where}" if where else ""
                auth = (
                    f"{_cap(therapy)} {a} sessions"
                    if rng.random() < 0.5
                    else f"{_cap(therapy)} for {a} sessions"
                )
                rem = f"{qty - a} sessions of {therapy}{tail}"
                return text, auth, rem, qty - a, therapy

            spec["partial"] = partial
        return spec

    return make


def _ot(rng: random.Random) -> dict:
    side = rng.choice(("right", "left"))
    where, region = rng.choice(
        (
            (f"{side} hand", "wrist_hand"),
            (f"{side} wrist", "wrist_hand"),
            (f"{side} elbow", "elbow"),
            (f"{side} shoulder", "shoulder"),
        )
    )
    text, qty = _sessions_text(rng, "occupational therapy", where)
    return {
        "text": text,
        "region": region,
        "qty": qty,
        "sub": "Physical Therapy/Occupational Therapy (PT/OT)",
        "family": "pt",
    }


def _aquatic(rng: random.Random) -> dict:
    f, w = rng.choice(((2, 6), (2, 4), (3, 4), (2, 3)))
    if rng.random() < 0.5:
        return {
            "text": f"Aquatic therapy {f} times a week for {w} weeks",
            "region": None,
            "qty": f * w,
            "sub": "Physical Therapy/Occupational Therapy (PT/OT)",
            "family": "pt",
        }
    return {
        "text": f"Aquatic therapy {f * w} sessions for the low back",
        "region": "lumbar",
        "qty": f * w,
        "sub": "Physical Therapy/Occupational Therapy (PT/OT)",
        "family": "pt",
    }


def _modality(rng: random.Random) -> dict:
    where, region = _region(rng, spine=0.5, multi=0.0)
    n = rng.choice((4, 6, 8, 3))
    text = rng.choice(
        (
            f"Massage therapy {n} sessions for the {where}",
            f"Extracorporeal shockwave therapy for the {where}, {n} sessions",
            f"Electrical muscle stimulation {n} sessions for the {where}",
            f"Infrared therapy {n} sessions for the {where}",
        )
    )
    return {"text": text, "region": region, "qty": n, "sub": "Other Therapies", "family": "modality"}


_MRI_FORMS = [
    "MRI of the {w}",
    "MRI of the {w} without contrast",
    "{W} MRI without contrast",
    "{W} MRI",
    "MRI (magnetic resonance imaging) of the {w}",
    "Repeat MRI of the {w}",
]


def _mri(rng: random.Random) -> dict:
    where, region = _region(rng, spine=0.55, multi=0.0, bilateral=False)
    if where in ("neck", "low back"):
        where, region = ("cervical spine", "cervical") if where == "neck" else ("lumbar spine", "lumbar")
    form = rng.choice(_MRI_FORMS)
    text = form.format(w=where, W=_cap(where))
    return {"text": text, "region": region, "qty": None, "sub": "Imaging/Radiology", "family": "imaging"}


def _other_imaging(rng: random.Random) -> dict:
    where, region = _region(rng, spine=0.5, multi=0.0, bilateral=False)
    side = rng.choice(("right", "left"))
    text, region = rng.choice(
        (
            (f"CT scan of the {where}", region),
            (f"X-rays of the {where}", region),
            (f"X-ray of the {where}", region),
            (f"Three phase bone scan of the {side} foot", "ankle_foot"),
            (f"Diagnostic ultrasound of the {side} shoulder", "shoulder"),
            (f"MR arthrogram of the {side} shoulder", "shoulder"),
        )
    )
    return {"text": text, "region": region, "qty": None, "sub": "Imaging/Radiology", "family": "imaging"}


def _emg(rng: random.Random) -> dict:
    limb = rng.choice(
        (
            "bilateral lower extremities",
            "bilateral upper extremities",
            "bilateral lower extremities",
            "left lower extremity",
            "right upper extremity",
        )
    )
    test = rng.choice(
        (
            "EMG/NCV",
            "EMG/NCV",
            "EMG",
            "NCV",
            "NCS",
            "EMG/NCS",
            "EMG (electromyography)/NCV (nerve conduction velocity)",
            "Electromyography (EMG)",
        )
    )
    return {
        "text": f"{test} of the {limb}",
        "region": None,
        "qty": None,
        "sub": "EMG/NCV/NCS",
        "family": "emg",
    }


def _lab(rng: random.Random) -> dict:
    if rng.random() < 0.65:
        text = rng.choice(
            (
                "Urine drug screen",
                "Urine drug testing",
                "Urine toxicology screen",
                "Urine drug screen",
                "Random urine drug screen",
                "Quantitative urine drug testing",
            )
        )
        return {
            "text": text,
            "region": None,
            "qty": None,
            "sub": "Lab & Pathology",
            "family": "uds",
            "retro_ok": True,
        }
    text = rng.choice(
        (
            "Comprehensive metabolic panel",
            "Complete blood count (CBC)",
            "Liver and kidney function tests",
            "Hepatic function panel",
            "Laboratory testing CBC, CMP and urinalysis",
        )
    )
    return {"text": text, "region": None, "qty": None, "sub": "Lab & Pathology", "family": "lab"}


def _other_test(rng: random.Random) -> dict:
    text = rng.choice(
        (
            "Functional capacity evaluation",
            "Functional capacity evaluation",
            ("Qualified functional capacity evaluation"),
            "Electrocardiogram (EKG)",
            "Sleep study",
            ("Computerized range of motion testing"),
        )
    )
    family = "fce" if "capacity" in text else "lab"
    return {"text": text, "region": None, "qty": None, "sub": "Other Diagnostic Tests", "family": family}


def _estim(rng: random.Random) -> dict:
    text = rng.choice(
        (
            "TENS unit",
            "TENS unit trial",
            "TENS unit rental",
            "TENS unit one month trial",
            "Interferential current stimulator unit",
            "H-wave device for home use",
            "TENS unit purchase",
        )
    )
    return {"text": text, "region": None, "qty": None, "sub": "Electrical Stimulation", "family": "tens"}


def _orthotic(rng: random.Random) -> dict:
    side = rng.choice(("right", "left"))
    text, region = rng.choice(
        (
            ("Lumbar support brace", "lumbar"),
            ("Lumbar back brace", "lumbar"),
            ("LSO back brace", "lumbar"),
            (f"Knee brace for the {side} knee", "knee"),
            (f"Hinged {side} knee brace", "knee"),
            (f"{_cap(side)} wrist brace", "wrist_hand"),
            (f"{_cap(side)} wrist splint", "wrist_hand"),
            ("Custom foot orthotics", "ankle_foot"),
            ("Cervical collar", "cervical"),
            (f"{_cap(side)} ankle brace", "ankle_foot"),
        )
    )
    return {"text": text, "region": region, "qty": None, "sub": "Prosthetics/Orthotics", "family": "brace"}


def _dme(rng: random.Random) -> dict:
    text, region, family = rng.choice(
        (
            ("Cold therapy unit", None, "cold"),
            ("Hot/cold therapy unit", None, "cold"),
            ("Home cervical traction unit", "cervical", "dme"),
            ("Front wheeled walker", None, "dme"),
            ("Single point cane", None, "dme"),
            ("Shower chair", None, "dme"),
            ("Hospital bed", None, "dme"),
            ("Motorized scooter", None, "dme"),
            ("Lumbar cushion for the car", "lumbar", "dme"),
        )
    )
    return {"text": text, "region": region, "qty": None, "sub": "DME", "family": family}


def _supplies(rng: random.Random) -> dict:
    text = rng.choice(
        (
            "TENS unit electrodes",
            "Electrodes and batteries for TENS unit",
            "Conductive garment",
            "TENS unit supplies",
        )
    )
    return {"text": text, "region": None, "qty": None, "sub": "Supplies", "family": "tens"}


def _consult(rng: random.Random) -> dict:
    where, region = _region(rng, spine=0.55, multi=0.08)
    back, back_region = rng.choice(_SPINE)
    side = rng.choice(("right", "left"))
    text, region = rng.choice(
        (
            ("Referral to pain management", None),
            ("Pain management consultation", None),
            (f"Pain management referral for the {where}", region),
            (f"Orthopedic surgeon consultation for the {where}", region),
            ("Consultation with a spine surgeon", None),
            ("Neurology consultation", None),
            (f"Neurosurgeon evaluation for the {back}", back_region),
            ("Follow-up visit with the treating physician", None),
            ("Office visit follow-up", None),
            ("Internal medicine consultation", None),
            (f"Referral to a hand surgeon for the {side} wrist", "wrist_hand"),
            (f"Podiatry consultation for the {side} foot", "ankle_foot"),
            ("Rheumatology consultation", None),
            ("Pre-operative medical clearance", None),
        )
    )
    return {"text": text, "region": region, "qty": None, "sub": "Medical Specialties", "family": "referral"}


def _dental(rng: random.Random) -> dict:
    text = rng.choice(("Dental consultation", "Dental evaluation and treatment", "Referral to a dentist"))
    return {"text": text, "region": None, "qty": None, "sub": "Dental Services", "family": "referral"}


def _esi(rng: random.Random) -> dict:
    side = rng.choice(("Right", "Left", "Bilateral"))
    level = rng.choice(("L4-L5", "L5-S1", "L4-5", "L3-L4"))
    if rng.random() < 0.25:
        clevel = rng.choice(("C5-C6", "C6-C7", "C5-6"))
        text = rng.choice(
            (
                f"Cervical epidural steroid injection at {clevel}",
                f"Cervical epidural steroid injection {clevel} under fluoroscopy",
            )
        )
        return {"text": text, "region": "cervical", "qty": None, "sub": "Injection", "family": "esi"}
    text = rng.choice(
        (
            f"Lumbar epidural steroid injection at {level}",
            f"{side} {level} transforaminal epidural steroid injection under fluoroscopic guidance",
            f"{side} {level} lumbar epidural steroid injection",
            f"Lumbar epidural steroid injection {level} and L5-S1 with fluoroscopy",
        )
    )
    return {"text": text, "region": "lumbar", "qty": None, "sub": "Injection", "family": "esi"}


def _facet(rng: random.Random) -> dict:
    text = rng.choice(
        (
            "Bilateral L4-L5 and L5-S1 facet injections",
            "Lumbar facet injections at L4-L5 and L5-S1",
            "Medial branch block at L3-L4 and L4-L5 bilaterally",
            "Bilateral lumbar medial branch blocks at L4-L5",
            "Radiofrequency ablation at bilateral L4-L5 and L5-S1",
        )
    )
    if rng.random() < 0.2:
        return {
            "text": rng.choice(
                ("Cervical facet injections at C4-C5 and C5-C6", "Right C5-C6 medial branch block")
            ),
            "region": "cervical",
            "qty": None,
            "sub": "Facet Injection",
            "family": "facet",
        }
    return {"text": text, "region": "lumbar", "qty": None, "sub": "Facet Injection", "family": "facet"}


def _injection(rng: random.Random) -> dict:
    side = rng.choice(("right", "left"))
    n = rng.choice((3, 4, 2))
    text, region, qty = rng.choice(
        (
            (f"Trigger point injections x {n}", None, n),
            ("Trigger point injections to the lumbar paraspinal muscles", "lumbar", None),
            (f"Cortisone injection to the {side} shoulder", "shoulder", None),
            (f"Corticosteroid injection of the {side} knee", "knee", None),
            (f"Subacromial injection of the {side} shoulder", "shoulder", None),
            (f"Steroid injection of the {side} wrist", "wrist_hand", None),
        )
    )
    return {"text": text, "region": region, "qty": qty, "sub": "Injection", "family": "injection"}


_SURGERIES = [
    ("{S} shoulder arthroscopy with subacromial decompression", "shoulder", "Arthroscopic Surgery"),
    ("{S} shoulder arthroscopy with rotator cuff repair", "shoulder", "Arthroscopic Surgery"),
    ("{S} knee arthroscopy with partial medial meniscectomy", "knee", "Arthroscopic Surgery"),
    ("{S} knee arthroscopic chondroplasty", "knee", "Arthroscopic Surgery"),
    ("{S} carpal tunnel release", "wrist_hand", "Non-arthroscopic Surgery"),
    ("{S} trigger finger release", "wrist_hand", "Non-arthroscopic Surgery"),
    ("{S} total knee replacement", "knee", "Non-arthroscopic Surgery"),
    ("{S} lateral epicondylar release", "elbow", "Non-arthroscopic Surgery"),
    ("L4-L5 laminectomy and discectomy", "lumbar", "Spine"),
    ("L5-S1 microdiscectomy", "lumbar", "Spine"),
    ("L4-S1 posterior lumbar interbody fusion", "lumbar", "Spine"),
    ("Anterior cervical discectomy and fusion at C5-C6", "cervical", "Spine"),
]
_ASSOC_REGION_WORD = {
    "shoulder": "shoulder",
    "knee": "knee",
    "wrist_hand": "wrist",
    "elbow": "elbow",
    "lumbar": "lumbar spine",
    "cervical": "cervical spine",
}


def _surgery(rng: random.Random) -> dict:
    form, region, sub = rng.choice(_SURGERIES)
    side = rng.choice(("Right", "Left"))
    return {
        "text": form.format(S=side),
        "region": region,
        "qty": None,
        "sub": sub,
        "family": "surgery",
        "surgery_region": region,
    }


def _associated(rng: random.Random, region: str | None) -> dict:
    word = _ASSOC_REGION_WORD.get(region or "", "")
    n = rng.choice((12, 8, 16, 6, 24))
    choices = [
        (f"Post-operative physical therapy {n} sessions", None, n),
        (f"Physical therapy, times {n}", None, n),
        ("Cold therapy unit", None, None),
        ("Cold therapy for one week", None, None),
        ("Pre-operative medical clearance", None, None),
        ("Assistant surgeon", None, None),
        ("Crutches", None, None),
        ("Pre-operative labs", None, None),
        ("Inpatient hospital stay", None, None),
    ]
    if word:
        choices.append((f"Post-operative physical therapy {n} sessions for the {word}", region, n))
    if region == "shoulder":
        choices.append(("Shoulder sling", "shoulder", None))
    if region == "knee":
        choices.append(("Post-operative knee brace", "knee", None))
    if region in ("lumbar", "cervical"):
        choices.append((f"{'Lumbar' if region == 'lumbar' else 'Cervical'} brace", region, None))
    text, reg, qty = rng.choice(choices)
    family = "cold" if text.startswith("Cold") else "associated"
    return {
        "text": f"Associated surgical service: {text}",
        "region": reg,
        "qty": qty,
        "sub": "Adjunct Surgical Services",
        "family": family,
        "associated": True,
        "category": "Surgery",
        "cite_region": region,
    }


def _program(rng: random.Random) -> dict:
    n = rng.choice((10, 10, 20, 5))
    text, qty, family = rng.choice(
        (
            (f"Functional restoration program x {n} days", n, "frp"),
            ("Functional restoration program evaluation", None, "frp"),
            ("Multidisciplinary evaluation for a functional restoration program", None, "frp"),
            (f"Interdisciplinary pain rehabilitation program x {n} days", n, "frp"),
            ("Weight loss program", None, "program"),
            ("Medically supervised weight loss program", None, "program"),
        )
    )
    return {"text": text, "region": None, "qty": qty, "sub": None, "family": family}


def _psych_eval(rng: random.Random) -> dict:
    text = rng.choice(
        (
            "Psychological evaluation",
            "Psych evaluation",
            "Psychological testing and evaluation",
            "Psychological consultation and testing",
        )
    )
    return {
        "text": text,
        "region": None,
        "qty": None,
        "sub": "Evaluation & Management",
        "family": "psych_eval",
    }


def _psych_tx(rng: random.Random) -> dict:
    n = rng.choice((6, 8, 12, 4, 10))
    text = rng.choice(
        (
            f"Cognitive behavioral therapy {n} sessions",
            f"Individual psychotherapy x {n} sessions",
            f"Psychotherapy 1 time a week for {n} weeks",
            f"Biofeedback {n} sessions",
            f"{n} sessions of cognitive behavioral therapy",
        )
    )
    return {"text": text, "region": None, "qty": n, "sub": "Therapies", "family": "psychotherapy"}


def _home_health(rng: random.Random) -> dict:
    n = rng.choice((6, 8, 4))
    text, qty = rng.choice(
        (
            ("Home health aide assistance", None),
            (f"Home health nursing visits x {n}", n),
            ("Home health evaluation", None),
            ("Wound care nurse visits", None),
            ("Home health care", None),
        )
    )
    return {"text": text, "region": None, "qty": qty, "sub": "Home Health", "family": "home_health"}


def _transport(rng: random.Random) -> dict:
    text = rng.choice(
        (
            "Transportation to and from medical appointments",
            ("Round trip transportation to medical appointments"),
            "Transportation to physical therapy appointments",
        )
    )
    return {"text": text, "region": None, "qty": None, "sub": "Transportation", "family": "transport"}


def _other(rng: random.Random) -> dict:
    text = rng.choice(("Gym membership", "Gym membership with pool access", "Pool membership"))
    return {"text": text, "region": None, "qty": None, "sub": None, "family": "gym"}


# category → (makers with weights)
_MAKERS = {
    "Pharmaceuticals": _wcum([(_drug, 0.93), (_topical_other, 0.07)]),
    "Rehabilitation": _wcum(
        [
            (_therapy("physical therapy", "Physical Therapy/Occupational Therapy (PT/OT)", "pt", 0.6), 0.42),
            (_ot, 0.04),
            (_aquatic, 0.04),
            (_therapy("chiropractic treatment", "Chiropractic", "chiro", 0.8), 0.12),
            (_therapy("chiropractic manipulation", "Chiropractic", "chiro", 0.8), 0.06),
            (_therapy("acupuncture", "Acupuncture", "acupuncture", 0.55), 0.22),
            (_modality, 0.10),
        ]
    ),
    "Diagnostic Testing": _wcum(
        [(_mri, 0.45), (_other_imaging, 0.10), (_emg, 0.20), (_lab, 0.17), (_other_test, 0.08)]
    ),
    "DMEPOS": _wcum([(_estim, 0.35), (_orthotic, 0.30), (_dme, 0.28), (_supplies, 0.07)]),
    "Evaluation & Management": _wcum([(_consult, 0.94), (_dental, 0.06)]),
    "Injection": _wcum([(_esi, 0.5), (_facet, 0.25), (_injection, 0.25)]),
    "Surgery": _wcum([(_surgery, 1.0)]),
    "Programs": _wcum([(_program, 1.0)]),
    "Psych Services": _wcum([(_psych_eval, 0.35), (_psych_tx, 0.65)]),
    "Home Health": _wcum([(_home_health, 1.0)]),
    "Transportation": _wcum([(_transport, 1.0)]),
    "Other": _wcum([(_other, 1.0)]),
}
_CATEGORY_TABLE = _wcum([(c, w) for c, (w, _) in _CATEGORY.items()])
_OVERTURN = {c: p for c, (_, p) in _CATEGORY.items()}

# --- reviewers -------------------------------------------------------------------------------------

# 2016-17: the Certification(s)/Specialty line as written → DWC names, weight.
_SPECIALTIES_2016 = [
    ("Family Practice", ["Family Practice"], 18),
    ("Preventive Medicine, Occupational Medicine", ["Preventive Medicine", "Occupational Medicine"], 14),
    (
        "Family Practice, Preventive Medicine, Occupational Medicine",
        ["Family Practice", "Preventive Medicine", "Occupational Medicine"],
        3,
    ),
    ("Internal Medicine", ["Internal Medicine"], 9),
    (
        "Internal Medicine, Hospice & Palliative Medicine",
        ["Internal Medicine", "Hospice & Palliative Medicine"],
        1,
    ),
    ("Orthopedic Surgery", ["Orthopedic Surgery"], 9),
    (
        "Orthopedic Surgery, Hand Surgery, Sports Medicine",
        ["Orthopedic Surgery", "Hand Surgery", "Sports Medicine"],
        2,
    ),
    ("Physical Medicine & Rehabilitation", ["Physical Medicine & Rehabilitation"], 8),
    (
        "Physical Medicine & Rehabilitation, Pain Management, Hospice & Palliative Medicine",
        ["Physical Medicine & Rehabilitation", "Pain Management", "Hospice & Palliative Medicine"],
        1,
    ),
    (
        "Physical Medicine & Rehabilitation, Pain Management",
        ["Physical Medicine & Rehabilitation", "Pain Management"],
        2,
    ),
    ("Anesthesiology, Pain Management", ["Anesthesiology", "Pain Management"], 5),
    (
        "Anesthesiology, Pain Management, Hospice & Palliative Medicine",
        ["Anesthesiology", "Pain Management", "Hospice & Palliative Medicine"],
        1,
    ),
    ("Anesthesiology", ["Anesthesiology"], 2),
    ("Chiropractor", ["Chiropractic"], 5),
    ("Emergency Medicine", ["Emergency Medicine"], 3),
    ("Psychologist", ["Psychologist"], 2),
    ("Psychiatry", ["Psychiatry"], 1),
    ("Neurology", ["Neurology"], 1.5),
    ("Neurological Surgery", ["Neurological Surgery"], 1),
    ("Podiatrist", ["Podiatrist"], 0.7),
    ("Oriental Medicine", ["Oriental Medicine"], 1),
    ("Dentist", ["Dentist"], 0.3),
    ("Plastic Surgery", ["Plastic Surgery"], 0.4),
    ("Rheumatology", ["Rheumatology"], 0.4),
    (
        "Preventive Medicine, Occupational Medicine, Public Health & General Preventive Medicine",
        ["Preventive Medicine", "Occupational Medicine", "Public Health & General Preventive Medicine"],
        1,
    ),
]
_SPEC16_TABLE = _wcum([((t, names), w) for t, names, w in _SPECIALTIES_2016])
# A letter about psych, chiropractic or surgery is often reviewed by that specialty.
_SPEC_BY_FAMILY = {
    "psychotherapy": ("Psychologist", ["Psychologist"]),
    "psych_eval": ("Psychiatry", ["Psychiatry"]),
    "chiro": ("Chiropractor", ["Chiropractic"]),
    "surgery": ("Orthopedic Surgery", ["Orthopedic Surgery"]),
    "acupuncture": ("Oriental Medicine", ["Oriental Medicine"]),
}

# 2013-15: "Board Certified in <X>" → DWC name.
_SPECIALTIES_2013 = [
    ("Anesthesia", "Anesthesiology", 5),
    ("Anesthesiology", "Anesthesiology", 2),
    ("Physical Medicine and Rehabilitation", "Physical Medicine & Rehabilitation", 5),
    ("Physical Medicine & Rehabilitation", "Physical Medicine & Rehabilitation", 3),
    ("Occupational Medicine", "Occupational Medicine", 6),
    ("Orthopedic Surgery", "Orthopedic Surgery", 5),
    ("Family Practice", "Family Practice", 6),
    ("Internal Medicine", "Internal Medicine", 4),
    ("Preventive Medicine", "Preventive Medicine", 2),
    ("Emergency Medicine", "Emergency Medicine", 1),
    ("Neurology", "Neurology", 1),
    ("Psychiatry", "Psychiatry", 1),
    ("Neurological Surgery", "Neurological Surgery", 0.5),
    ("Rheumatology", "Rheumatology", 0.3),
    ("Plastic Surgery", "Plastic Surgery", 0.3),
]
_SPEC13_TABLE = _wcum([((t, n), w) for t, n, w in _SPECIALTIES_2013])
_SUBSPECIALTIES = [
    "Pain Medicine",
    "Acupuncture & Pain Medicine",
    "Interventional Spine",
    "Pediatric Rehabilitation Medicine",
    "Sports Medicine",
    "Spine Surgery",
    "Hand Surgery",
    "Addiction Medicine",
    "Electrodiagnostic Medicine",
    "Hospice & Palliative Medicine",
    "Pain Management",
]

_STATES = [
    ("California", "CA", 40),
    ("Texas", "TX", 8),
    ("New York", "NY", 4),
    ("Florida", "FL", 4),
    ("Pennsylvania", "PA", 3),
    ("Arizona", "AZ", 3),
    ("North Carolina", "NC", 3),
    ("New Jersey", "NJ", 3),
    ("Colorado", "CO", 2),
    ("Georgia", "GA", 2),
    ("Washington", "WA", 2),
    ("Illinois", "IL", 2),
    ("Ohio", "OH", 2),
    ("Connecticut", "CT", 1),
    ("Maryland", "MD", 1),
    ("Massachusetts", "MA", 1),
    ("Nevada", "NV", 1),
    ("Oregon", "OR", 1),
    ("Michigan", "MI", 1),
    ("Virginia", "VA", 1),
]
_STATE_TABLE = _wcum([((s, c), w) for s, c, w in _STATES])

# --- fixed paragraphs ------------------------------------------------------------------------------

_HOW_2016 = [
    "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no",
    "affiliation with the employer, employee, providers or the claims administrator. He/she has been",
    "in active clinical practice for more than five years and is currently working at least 24 hours a",
    "week in active practice. The expert reviewer was selected based on his/her clinical experience,",
    "education, background, and expertise in the same or similar specialties that evaluate and/or treat",
    "the medical condition and disputed items/Service. He/she is familiar with governing laws and",
    "regulations, including the strength of evidence hierarchy that applies to Independent Medical",
    "Review determinations.",
    "The Expert Reviewer has the following credentials:",
]
_SUMMARY_HEAD = [
    "CLINICAL CASE SUMMARY",
    "The expert reviewer developed the following clinical case summary based on a review of the",
    "case file, including all medical records:",
]
_ISSUES_HEAD = [
    "IMR ISSUES, DECISIONS AND RATIONALES",
    "The Final Determination was based on decisions for the disputed items/services set forth below:",
]
_HOW_2013 = (
    "MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no affiliation "
    "with the employer, employee, providers or the claims administrator. The expert reviewer is Board "
    "Certified in {cred} and is licensed to practice in {state}. He/she has been in active clinical practice "
    "for more than five years and is currently working at least 24 hours a week in active practice. The "
    "expert reviewer was selected based on his/her clinical experience, education, background, and expertise "
    "in the same or similar specialties that evaluate and/or treat the medical condition and disputed "
    "items/services. He/she is familiar with governing laws and regulations, including the strength of "
    "evidence hierarchy that applies to Independent Medical Review determinations."
)

# --- clinical summaries ----------------------------------------------------------------------------

_DIAGNOSES = {
    "lumbar": [
        "lumbar strain",
        "lumbar radiculopathy",
        "lumbar disc herniation with radiculopathy",
        "lumbar sprain and strain",
        "degenerative disc disease of the lumbar spine",
        "low back pain",
        "lumbar facet arthropathy",
    ],
    "cervical": [
        "cervical strain",
        "cervical radiculopathy",
        "cervical disc displacement",
        "neck pain",
        "acute cervical sprain",
    ],
    "thoracic": ["thoracic strain", "thoracic sprain"],
    "shoulder": [
        "right shoulder impingement syndrome",
        "rotator cuff tear of the left shoulder",
        "shoulder pain",
        "adhesive capsulitis of the right shoulder",
    ],
    "knee": [
        "left knee medial meniscus tear",
        "knee sprain",
        "chondromalacia patella",
        "internal derangement of the right knee",
    ],
    "wrist_hand": [
        "carpal tunnel syndrome",
        "right wrist sprain",
        "trigger finger of the left ring finger",
        "fracture of the left distal radius",
    ],
    "elbow": ["lateral epicondylitis", "elbow sprain"],
    "ankle_foot": ["left ankle sprain", "plantar fasciitis", "left foot pain"],
    "hip": ["left hip strain", "hip pain"],
    None: [
        "chronic pain syndrome",
        "myofascial pain",
        "depression and anxiety",
        "headaches",
        "insomnia",
        "lumbar radiculopathy",
        "cervical strain",
    ],
}
_PAIN_WORDS = {
    "lumbar": "low back pain",
    "cervical": "neck pain",
    "thoracic": "mid back pain",
    "shoulder": "shoulder pain",
    "knee": "knee pain",
    "wrist_hand": "wrist and hand pain",
    "elbow": "elbow pain",
    "ankle_foot": "ankle and foot pain",
    "hip": "hip pain",
    None: "neck and low back pain",
    "multiple": "neck and low back pain",
}
_MECHANISMS = [
    "lifting a heavy box",
    "a fall from a ladder",
    "a motor vehicle accident",
    "repetitive work duties",
    "a slip and fall",
    "pushing a heavy cart",
    "a physical altercation",
    "twisting while carrying boxes",
    "a trip and fall at work",
    "moving furniture",
]
_TREATED = [
    "physical therapy",
    "medications",
    "chiropractic care",
    "acupuncture",
    "home exercise program",
    "activity modification",
    "epidural steroid injections",
    "TENS unit",
    "ice and heat",
    "rest",
]
_WORK = [
    "temporary total disability",
    "modified duty",
    "return to work with restrictions",
    "not working",
    "full duty",
]
_CLINICAL = [
    "On {d}, {he} reported {pain} rated {n}/10 on a visual analog scale.",
    "Physical examination revealed tenderness to palpation over the {exam} with decreased range of motion.",
    "{He} reported that symptoms were aggravated by prolonged sitting, standing and walking.",
    "Work status is {work}.",
    "Treatment to date has included {tx}.",
    "Current medications include {meds}.",
    "The progress report dated {d} noted {pain} with intermittent numbness and tingling.",
    "Neurological examination revealed intact sensation and 5/5 motor strength in all extremities.",
    "A Request for Authorization dated {d} was provided.",
    "{He} reported {pain} described as dull and aching, with occasional sharp pain.",
    "An MRI dated {d} was reported to show mild degenerative changes.",
    "The treating physician recommended continuation of conservative care.",
    "There was a positive straight leg raise test on the left at 45 degrees.",
    "{He} reported difficulty with sleep due to pain.",
]
_MEDS = [
    "Norco",
    "Tramadol",
    "Gabapentin",
    "Cyclobenzaprine",
    "Naproxen",
    "Omeprazole",
    "Lidoderm patches",
    "Meloxicam",
    "Ibuprofen",
    "Tizanidine",
]
_EXAM = {
    "lumbar": "lumbar paraspinal muscles",
    "cervical": "cervical paraspinal muscles",
    "thoracic": "thoracic spine",
    "shoulder": "shoulder",
    "knee": "medial joint line of the knee",
    "wrist_hand": "volar wrist",
    "elbow": "lateral epicondyle",
    "ankle_foot": "plantar fascia",
    "hip": "greater trochanter",
    None: "paraspinal musculature of the cervical and lumbar spine",
    "multiple": "paraspinal musculature of the cervical and lumbar spine",
}


def _join_words(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def _mention(text: str, category: str) -> str:
    """An item named inside a sentence: "physical therapy …", but drug names keep their capital."""
    return text if category == "Pharmaceuticals" else _lower_first(text)


def _lower_first(text: str) -> str:
    # "MRI of ..." and "TENS unit" keep their capitals; "Physical therapy ..." reads "physical therapy ...".
    if len(text) > 1 and text[1].isupper():
        return text
    return text[0].lower() + text[1:]


def _clinical(rng: random.Random, ctx: dict, lo: int, hi: int, fmt_date) -> list[str]:
    out = []
    span = max(1, (ctx["ur"] - ctx["injury"]).days)
    for s in rng.sample(_CLINICAL, rng.randint(lo, hi)):
        fields = {"he": ctx["he"], "He": _cap(ctx["he"]), "pain": ctx["pain"], "exam": ctx["exam"]}
        if "{d}" in s:
            fields["d"] = fmt_date(rng, ctx["injury"] + timedelta(days=rng.randint(0, span)))
        if "{n}" in s:
            fields["n"] = rng.randint(4, 9)
        if "{work}" in s:
            fields["work"] = rng.choice(_WORK)
        if "{tx}" in s:
            fields["tx"] = _join_words(rng.sample(_TREATED, rng.randint(2, 4)))
        if "{meds}" in s:
            fields["meds"] = _join_words(rng.sample(_MEDS, rng.randint(1, 3)))
        out.append(s.format(**fields))
    return out


# --- citations -----------------------------------------------------------------------------------


def _cite(source, guideline=None, section=None, pages=None) -> dict:
    return {"source": source, "guideline": guideline, "section": section, "pages": pages}


def _m16_entry(fam: dict, rng: random.Random, region, year: str) -> tuple[str, str | None]:
    name, section = rng.choice(fam["m16"])
    guide = _REGION_GUIDE.get(region, _REGION_GUIDE[None])
    if name == "CPMT":
        name = f"Chronic Pain Medical Treatment {year}"
    elif name == "REGION":
        name = guide[0]
        if name.startswith("General Approaches") and section != "Initial Care":
            section = "Initial Approaches to Treatment"
    if section == "REGION_NAME":
        section = {
            "knee": "Knee",
            "shoulder": "Shoulder",
            "wrist_hand": "Carpal tunnel syndrome",
            "elbow": "Elbow",
            "lumbar": "Low back",
            "cervical": "Neck & Upper Back",
        }.get(region, "Shoulder")
    return name, section


def _odg_entry(fam: dict, rng: random.Random, region) -> tuple[str, str]:
    chapter, topic = rng.choice(fam["odg"]) if fam["odg"] else ("Pain", "Medications for chronic pain")
    if chapter == "REGION":
        chapter = _REGION_GUIDE.get(region, _REGION_GUIDE[None])[3]
    return chapter, topic


def _guidelines_2016(rng: random.Random, fam: dict, region, year: str) -> tuple[str, str, list, list, bool]:
    """(claims administrator text, MAXIMUS text, their citations, not based on the MTUS)."""
    # Claims administrator.
    r = rng.random()
    ca_cites = []
    if r < 0.15:
        ca = "The Claims Administrator did not cite any medical evidence for its decision."
        ca_cites.append(_cite("none"))
    elif r < 0.35 or not fam["m16"]:
        chapter, _ = _odg_entry(fam, rng, region)
        ca = (
            "The Claims Administrator based their decision on recommendation(s) outside of the MTUS "
            "Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), "
            f"{chapter}."
        )
        ca_cites.append(_cite("ODG", "Official Disability Guidelines", chapter))
    else:
        name, section = _m16_entry(fam, rng, region, year)
        if section and rng.random() < 0.55:
            ca = f"Decision based on MTUS {name}, Section(s): {section}."
            ca_cites.append(_cite("MTUS", name, section))
        else:
            ca = f"Decision based on MTUS {name}."
            ca_cites.append(_cite("MTUS", name))
        if rng.random() < 0.3:
            chapter, _ = _odg_entry(fam, rng, region)
            ca += f" Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), {chapter}."
            ca_cites.append(_cite("ODG", "Official Disability Guidelines", chapter))
    # MAXIMUS.
    mx_cites = []
    r = rng.random()
    if r < 0.22 or not fam["m16"]:
        chapter, topic = _odg_entry(fam, rng, region)
        mx = (
            "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines. "
            f"Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) {chapter}, {topic}."
        )
        mx_cites.append(_cite("ODG", "Official Disability Guidelines", f"{chapter}, {topic}"))
        return ca, mx, ca_cites, mx_cites, True
    name, section = _m16_entry(fam, rng, region, year)
    mx = (
        f"Decision based on MTUS {name}, Section(s): {section}."
        if section
        else f"Decision based on MTUS {name}."
    )
    mx_cites.append(_cite("MTUS", name, section))
    if r > 0.95 and not name.startswith("Chronic Pain") and section:
        # A second MTUS guideline: "…, Section(s): X, and <guideline>, Section(s): Y."
        name2 = f"Chronic Pain Medical Treatment {year}"
        section2 = rng.choice(("Physical medicine treatment", "Medications for chronic pain", "Introduction"))
        mx = mx[:-1] + f", and {name2}, Section(s): {section2}."
        mx_cites.append(_cite("MTUS", name2, section2))
    elif r > 0.80:
        chapter, topic = _odg_entry(fam, rng, region)
        mx += f" Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) {chapter}, {topic}."
        mx_cites.append(_cite("ODG", "Official Disability Guidelines", f"{chapter}, {topic}"))
    return ca, mx, ca_cites, mx_cites, False


def _m13_entry(fam: dict, rng: random.Random, region) -> tuple[str, dict]:
    topic, pages = rng.choice(fam["m13"])
    if topic == "ACOEM":
        _, chapter, pages, _ = _REGION_GUIDE.get(region, _REGION_GUIDE[None])
        return f"Decision based on MTUS ACOEM {chapter} Page(s): {pages}.", _cite(
            "MTUS", "ACOEM", chapter, pages
        )
    if topic == "Acupuncture Medical Treatment Guidelines":
        return "Decision based on MTUS Acupuncture Medical Treatment Guidelines.", _cite("MTUS", topic)
    if topic == "Postsurgical Treatment Guidelines":
        return "Decision based on MTUS Postsurgical Treatment Guidelines.", _cite("MTUS", topic)
    if pages and rng.random() < 0.8:
        return (
            f"Decision based on MTUS Chronic Pain Treatment Guidelines {topic} Page(s): {pages}.",
            _cite("MTUS", "Chronic Pain Treatment Guidelines", topic, pages),
        )
    return (
        f"Decision based on MTUS Chronic Pain Treatment Guidelines {topic}.",
        _cite("MTUS", "Chronic Pain Treatment Guidelines", topic),
    )


def _guidelines_2013(rng: random.Random, fam: dict, region, sep: str) -> tuple[str, str, list, list, bool]:
    r = rng.random()
    ca_cites = []
    if r < 0.25:
        ca = "The Claims Administrator did not cite any medical evidence for its decision."
        ca_cites.append(_cite("none"))
    elif r < 0.40 and fam is _F["referral"]:
        ca = (
            "The Claims Administrator did not base their decision on the MTUS."
            + sep
            + "Decision based on Non-MTUS Citation ACOEM Guidelines, Chapter 7."
        )
        ca_cites.append(_cite("ACOEM", "ACOEM Guidelines", "Chapter 7"))
    elif r < 0.55 or not fam["m13"]:
        chapter, topic = _odg_entry(fam, rng, region)
        ca = f"Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), {chapter}, {topic}."
        ca_cites.append(_cite("ODG", "Official Disability Guidelines", f"{chapter}, {topic}"))
    elif r < 0.75:
        ca = "Decision based on MTUS Chronic Pain Treatment Guidelines."
        ca_cites.append(_cite("MTUS", "Chronic Pain Treatment Guidelines"))
    elif r < 0.85:
        ca = "Decision based on MTUS ACOEM."
        ca_cites.append(_cite("MTUS", "ACOEM"))
    else:
        ca, cite = _m13_entry(fam, rng, region)
        ca_cites.append(cite)
    mx_cites = []
    if rng.random() < 0.18 or not fam["m13"]:
        chapter, topic = _odg_entry(fam, rng, region)
        mx = (
            "The Expert Reviewer did not base their decision on the MTUS."
            + sep
            + f"Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) {chapter}, {topic}."
        )
        mx_cites.append(_cite("ODG", "Official Disability Guidelines", f"{chapter}, {topic}"))
        return ca, mx, ca_cites, mx_cites, True
    mx, cite = _m13_entry(fam, rng, region)
    mx_cites.append(cite)
    return ca, mx, ca_cites, mx_cites, False


# --- items -----------------------------------------------------------------------------------------


def _n_items(rng: random.Random) -> int:
    return bisect(_N_ITEMS_CUM, rng.random() * _N_ITEMS_CUM[-1]) + 1


def _draw_item(rng: random.Random) -> tuple[str, dict]:
    category = _pick(rng, _CATEGORY_TABLE)
    return category, _pick(rng, _MAKERS[category])(rng)


def _make_items(rng: random.Random, n: int, layout: str, ur: date) -> list[dict]:
    """The disputed items of one letter, with their truth, in letter order."""
    items: list[dict] = []
    seen: set[str] = set()
    while len(items) < n:
        category, spec = _draw_item(rng)
        if spec["text"] in seen:
            category, spec = _draw_item(rng)
            if spec["text"] in seen:
                continue
        seen.add(spec["text"])
        decision = "overturned" if rng.random() < _OVERTURN[category] else "upheld"
        items.append(_finish(rng, category, spec, decision, layout, ur))
        if spec["family"] == "surgery" and len(items) < n and rng.random() < _ASSOCIATED_SHARE:
            for _ in range(min(n - len(items), rng.randint(1, 3))):
                assoc = _associated(rng, spec.get("surgery_region"))
                if assoc["text"] in seen:
                    continue
                seen.add(assoc["text"])
                dec = (
                    decision
                    if rng.random() < 0.95
                    else ("upheld" if decision == "overturned" else "overturned")
                )
                items.append(_finish(rng, "Surgery", assoc, dec, layout, ur))
    return items


def _finish(rng: random.Random, category: str, spec: dict, decision: str, layout: str, ur: date) -> dict:
    text = spec["text"]
    item = {
        "treatment": text,
        "decision": decision,
        "service_category": spec.get("category", category),
        "service_subcategory": spec["sub"],
        "body_region": spec["region"],
        "requested_quantity": spec["qty"],
        "is_partial": False,
        "original_request": None,
        "authorized_portion": None,
        "is_associated_surgical_service": bool(spec.get("associated")),
        "is_retrospective": False,
        "date_of_service": None,
        "_family": spec["family"],
        "_cite_region": spec.get("cite_region", spec["region"]),  # the chapter both parties cite
        "_header": None,  # the item line's text before the decision, when it differs from the treatment
    }
    if layout == "2016" and "partial" in spec and rng.random() < _PARTIAL_SHARE:
        orig, auth, rem, qty, name = spec["partial"](rng)
        if category != "Pharmaceuticals" and rng.random() < 0.12:
            # "The Claims Administrator authorized …, leaving the original request IMR eligible."
            auth = f"an evaluation only for {name}"
            header = (
                f"{orig} was the original request. The Claims Administrator authorized {auth}, leaving the "
                f"original request IMR eligible. The original request, {orig} is"
            )
            rem, qty = orig, spec["qty"]
        else:
            header = (
                f"{orig} was the original request. {auth} was authorized by the Claims Administrator. The "
                f"remaining IMR eligible portion of the original request, {rem} is"
            )
        item.update(
            treatment=rem,
            requested_quantity=qty,
            is_partial=True,
            original_request=orig,
            authorized_portion=auth,
            _header=header,
        )
        # A partial authorization is disputed for its remainder, and mostly upheld.
        if decision == "overturned" and rng.random() < 0.5:
            item["decision"] = "upheld"
    elif spec.get("retro_ok") and rng.random() < _RETRO_SHARE:
        dos = ur - timedelta(days=rng.randint(5, 60))
        r = rng.random()
        if r < 0.45:
            text = f"Retrospective {_mention(text, category)} (DOS {_mdy2(dos)})"
        elif r < 0.75:
            text = f"Retrospective request for {_mention(text, category)} (DOS {_mdy2(dos)})"
        else:
            text = f"{text}, DOS: {_mdY(dos)}"
        item.update(treatment=text, is_retrospective=True, date_of_service=dos.isoformat())
    return item


def _item_header_lines(rng: random.Random, item: dict, layout: str, width: int) -> list[str]:
    """The item line(s): "<treatment>: Upheld" wrapped, the decision sometimes alone on its line."""
    head = item["_header"] or item["treatment"]
    word = item["decision"].capitalize()
    if layout == "2013":
        return _wrap(f"{head}:  {word}", width)
    if rng.random() < 0.04 and len(head) < width:
        return _wrap(head + ":", width) + [word]
    return _wrap(f"{head}: {word}", width)


def _rationale(rng: random.Random, item: dict, layout: str, treatment_text: str) -> str:
    fam = _F[item["_family"]]
    parts = [rng.choice(fam["intro"])]
    reasons = fam["up"] if item["decision"] == "upheld" else fam["over"]
    k = min(len(reasons), rng.randint(1, 2))
    parts.extend(rng.sample(reasons, k))
    if layout == "2016":
        pool = _CONCLUDE_UP if item["decision"] == "upheld" else _CONCLUDE_OVER
    else:
        pool = _CONCLUDE_UP_2013 if item["decision"] == "upheld" else _CONCLUDE_OVER_2013
    parts.append(rng.choice(pool).format(t=treatment_text))
    return " ".join(parts)


# --- letters ---------------------------------------------------------------------------------------


def _dates_2016(rng: random.Random) -> dict:
    # Received 2016 or later, so every case number is CM16-… or CM17-….
    decision = _day(rng, date(2016, 3, 15), date(2017, 12, 29))
    priority = "Expedited" if rng.random() < 0.02 else "Standard"
    assigned = decision - timedelta(
        days=rng.randint(2, 4) if priority == "Expedited" else rng.randint(18, 36)
    )
    received = assigned - timedelta(days=rng.choice((3, 3, 5, 6, 6, 7, 9, 16, 33)))
    ur = received - timedelta(days=rng.randint(1, 35))
    injury = _injury_before(rng, ur)
    return {
        "decision": decision,
        "assigned": assigned,
        "received": received,
        "ur": ur,
        "injury": injury,
        "priority": priority,
    }


def _injury_before(rng: random.Random, ur: date) -> date:
    r = rng.random()
    if r < 0.3:
        days = rng.randint(14, 365)
    elif r < 0.8:
        days = rng.randint(365, 365 * 6)
    else:
        days = rng.randint(365 * 6, 365 * 20)
    return ur - timedelta(days=days)


def _reviewer_2016(rng: random.Random, items: list[dict]) -> tuple[str, list[str]]:
    for it in items:
        hit = _SPEC_BY_FAMILY.get(it["_family"])
        if hit and rng.random() < 0.5:
            return hit
    return _pick(rng, _SPEC16_TABLE)


def _states(rng: random.Random, k: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    while len(out) < k:
        s = _pick(rng, _STATE_TABLE)
        if s not in out:
            out.append(s)
    return out


def _patient(rng: random.Random) -> tuple[int, str]:
    age = min(78, max(19, int(rng.gauss(47, 11))))
    return age, ("male" if rng.random() < 0.6 else "female")


def _paginate_2016(rng: random.Random, lines: list[str], item_lines: set[int]) -> tuple[str, int]:
    """Lines → text with "\\n\\n\\f" page breaks: 50-54 lines on page one, 35-42 after."""
    pages = []
    start, n = 0, len(lines)
    size = rng.randint(50, 54)
    while n - start > size:
        cut = start + size
        # Sometimes the page ends right after an item line, before its "Claims Administrator guideline:".
        for j in range(cut - 3, cut + 1):
            if j - 1 in item_lines and j > start + 20 and rng.random() < 0.35:
                cut = j
                break
        pages.append("\n".join(lines[start:cut]))
        start = cut
        size = rng.randint(35, 42)
    pages.append("\n".join(lines[start:]))
    return "".join(p + "\n\n\f" for p in pages), len(pages)


def _letter_2016(rng: random.Random, index: int, seed: int) -> tuple[str, dict]:
    dates = _dates_2016(rng)
    age, sex = _patient(rng)
    he = "he" if sex == "male" else "she"
    n = _n_items(rng)
    items = _make_items(rng, n, "2016", dates["ur"])
    width = rng.randint(92, 97)
    year = "2016" if dates["decision"].year >= 2017 else "2009"
    case_number = f"CM{dates['received'].year % 100:02d}-{index * 10 + seed % 10 + 1:07d}"

    # Header as columns.
    lines = [
        "Case Number:",
        "Date Assigned:",
        "Decision Date:",
        "Priority:",
        "",
        case_number,
        _mdY(dates["assigned"]),
        _mdY(dates["decision"]),
        dates["priority"],
        "",
        "Date of Injury:",
        "UR Denial Date:",
        "Application",
        "Received:",
        "",
        _mdY(dates["injury"]),
        _mdY(dates["ur"]),
        _mdY(dates["received"]),
        "",
    ]
    lines.extend(_HOW_2016)
    # Credentials.
    spec_text, specialties = _reviewer_2016(rng, items)
    k = 1 if rng.random() < 0.6 else (2 if rng.random() < 0.7 else 3)
    states = _states(rng, k)
    lines.append("State(s) of Licensure: " + rng.choice((",", ", ")).join(s for s, _ in states))
    lines.extend(_wrap(f"Certification(s)/Specialty: {spec_text}", width))
    lines.extend(_SUMMARY_HEAD)

    # Clinical case summary.
    first = items[0]
    region = (
        first["body_region"]
        if first["body_region"] not in (None, "multiple")
        else rng.choice((None, "lumbar", "cervical", "shoulder", "knee"))
    )
    dx_pool = _DIAGNOSES.get(region, _DIAGNOSES[None])
    dx = _join_words(rng.sample(dx_pool, min(len(dx_pool), rng.randint(1, 3))))
    ctx = {
        "injury": dates["injury"],
        "ur": dates["ur"],
        "he": he,
        "pain": _PAIN_WORDS[region],
        "exam": _EXAM[region],
    }
    inj = _fmt_2016(rng, dates["injury"])
    r = rng.random()
    if r < 0.30:
        s1 = f"The injured worker is a {age} year old {sex} with an industrial injury date of {inj}."
    elif r < 0.58:
        s1 = f"The injured worker is a {age} year old {sex}, who sustained an industrial injury on {inj}."
    elif r < 0.68:
        s1 = f"This is a {age} year old {sex} with a date of injury on {inj}."
    elif r < 0.80:
        s1 = (
            f"This case involves a now {age}-year-old {sex} with a history of an occupational claim from "
            f"{_mdY(dates['injury'])}. The mechanism of injury is detailed as {rng.choice(_MECHANISMS)}."
        )
    elif r < 0.88:
        s1 = f"The {age} year old {sex} injured worker suffered an industrial injury on {inj}."
    elif r < 0.94:
        s1 = (
            "According to medical records available for review, the injured worker is a "
            f"{age} year old {sex}, who sustained an industrial injury on {inj}."
        )
    else:
        s1 = (
            f"The applicant is a {age}-year-old {sex} who has filed a claim for {ctx['pain']} reportedly "
            f"associated with an industrial injury of {_MONTHS[dates['injury'].month - 1]} "
            f"{dates['injury'].day}, {dates['injury'].year}."
        )
    s2 = rng.choice(
        (
            "Medical record review indicates the injured worker is being treated for {dx}.",
            "The injured worker is being treated for {dx}.",
            "Diagnoses include {dx}.",
            "The current diagnosis is documented as {dx}.",
            "The injured worker was diagnosed with {dx}.",
        )
    ).format(dx=dx)
    requested = _join_words(
        [_mention(it["original_request"] or it["treatment"], it["service_category"]) for it in items[:3]]
    )
    ur_text = _fmt_2016(rng, dates["ur"])
    last = rng.choice(
        (
            f"On {ur_text} the request for {requested} was non-certified by utilization review.",
            f"The Utilization Review on {ur_text} non-certified the request for {requested}.",
            f"The original utilization review dated {ur_text} denied the request for {requested}.",
        )
    )
    summary = " ".join([s1, s2, *_clinical(rng, ctx, 3, 9, _fmt_2016), last])
    lines.extend(_wrap(summary, width))
    if rng.random() < 0.15:
        lines.append("")
    lines.extend(_ISSUES_HEAD)
    if rng.random() < 0.15:
        lines.append("")

    # Items.
    item_lines: set[int] = set()
    for item in items:
        lines.extend(_item_header_lines(rng, item, "2016", width))
        item_lines.add(len(lines) - 1)
        ca, mx, ca_c, mx_c, not_mtus = _guidelines_2016(rng, _F[item["_family"]], item["_cite_region"], year)
        lines.extend(_wrap("Claims Administrator guideline: " + ca, width))
        lines.extend(_wrap("MAXIMUS guideline: " + mx, width))
        rationale = _rationale(rng, item, "2016", item["treatment"])
        if (
            item["_family"] == "opioid"
            and item["decision"] == "upheld"
            and year == "2016"
            and rng.random() < 0.6
        ):
            rationale += " " + _OPIOID_TAPER
        lines.extend(_wrap("Decision rationale: " + rationale, width))
        _set_citations(item, ca_c, mx_c, not_mtus)
    text, n_pages = _paginate_2016(rng, lines, item_lines)

    truth = _truth(
        layout="2016",
        case_number=case_number,
        date_assigned=dates["assigned"],
        decision_date=dates["decision"],
        priority=dates["priority"],
        injury=dates["injury"],
        ur=dates["ur"],
        received=dates["received"],
        age=age,
        sex=sex,
        diagnosis=dx,
        specialties=specialties,
        subspecialty=None,
        states=[c for _, c in states],
        items=items,
        page_count=n_pages,
    )
    return text, truth


def _set_citations(item: dict, ca_cites: list, mx_cites: list, not_mtus: bool) -> None:
    item["decision_basis_source"] = mx_cites[0]["source"] if mx_cites else None
    item["not_based_on_mtus"] = not_mtus
    item["citations"] = [dict(c, cited_by="claims_administrator") for c in ca_cites] + [
        dict(c, cited_by="maximus") for c in mx_cites
    ]


def _truth(
    *,
    layout,
    case_number,
    date_assigned,
    decision_date,
    priority,
    injury,
    ur,
    received,
    age,
    sex,
    diagnosis,
    specialties,
    subspecialty,
    states,
    items,
    page_count,
) -> dict:
    out_items = []
    for k, it in enumerate(items, start=1):
        clean = {"item_number": k}
        clean.update((key, v) for key, v in it.items() if not key.startswith("_"))
        clean["rationale_conclusion"] = (
            "not_medically_necessary" if it["decision"] == "upheld" else "medically_necessary"
        )
        out_items.append(clean)
    n_up = sum(1 for it in items if it["decision"] == "upheld")
    n_over = len(items) - n_up
    return {
        "layout": layout,
        "case_number": case_number,
        "date_assigned": date_assigned.isoformat() if date_assigned else None,
        "decision_date": decision_date.isoformat() if decision_date else None,
        "priority": priority,
        "date_of_injury": injury.isoformat(),
        "ur_denial_date": ur.isoformat() if ur else None,
        "application_received_date": received.isoformat() if received else None,
        "patient_age": age,
        "patient_sex": sex,
        "diagnosis": diagnosis,
        "specialties": specialties,
        "primary_specialty": specialties[0],
        "subspecialty": subspecialty,
        "license_states": states,
        "n_items": len(items),
        "n_upheld": n_up,
        "n_overturned": n_over,
        "case_outcome": "uphold" if n_over == 0 else ("overturn" if n_up == 0 else "partially_overturn"),
        "page_count": page_count,
        "items": out_items,
    }


def _letter_2013(rng: random.Random) -> tuple[str, dict]:
    decision = _day(rng, date(2013, 6, 1), date(2015, 12, 31))
    ur = decision - timedelta(days=rng.randint(25, 90))
    injury = _injury_before(rng, ur)
    age, sex = _patient(rng)
    he = "he" if sex == "male" else "she"
    n = _n_items(rng)
    items = _make_items(rng, n, "2013", ur)
    width = rng.randint(94, 99)
    sep = "  " if rng.random() < 0.4 else " "
    upper = rng.random() < 0.45

    spec_text, spec_name = _pick(rng, _SPEC13_TABLE)
    sub = rng.choice(_SUBSPECIALTIES) if rng.random() < 0.45 else None
    state, code = ("California", "CA") if rng.random() < 0.7 else _pick(rng, _STATE_TABLE)
    cred = f"{spec_text}, has a subspecialty in {sub}" if sub else spec_text
    para = []  # (lines, trailing) blocks; a " " line separates paragraphs

    def block(text: str, tail: str = " ") -> None:
        wrapped = _wrap(text, width)
        para.append([line.rstrip() + " " for line in wrapped[:-1]] + [wrapped[-1].rstrip() + tail])

    para.append([" HOW THE IMR FINAL DETERMINATION WAS MADE "])
    block(_HOW_2013.format(cred=cred, state=state))
    para.append([" "])
    para.append([line + " " for line in _SUMMARY_HEAD])
    para.append([" "])

    first = items[0]
    region = (
        first["body_region"]
        if first["body_region"] not in (None, "multiple")
        else rng.choice((None, "lumbar", "cervical", "shoulder", "knee"))
    )
    dx_pool = _DIAGNOSES.get(region, _DIAGNOSES[None])
    dx = _join_words(rng.sample(dx_pool, min(len(dx_pool), rng.randint(1, 2))))
    pain = _PAIN_WORDS[region]
    inj = _fmt_2013(rng, injury)
    r = rng.random()
    if r < 0.30:
        how = rng.choice(_MECHANISMS)
        s1 = f"The patient is a {age}-year-old {sex} who reported an injury on {inj} after {how}."
    elif r < 0.50:
        s1 = f"The {age} year old {sex} injured worker with date of injury {inj} with related {pain}."
    elif r < 0.65:
        s1 = f"This patient is a {age} y/o {sex} who developed persistent {pain} after an injury on {inj}."
    elif r < 0.85:
        s1 = (
            f"The patient is a {age}-year-old {sex} who has submitted a claim for {pain}, associated with an "
            f"industrial injury date of {inj}."
        )
    else:
        s1 = f"The patient is a {age} year old {sex} with an injury date on {inj}."
    s2 = rng.choice(
        (
            "The patient's diagnoses included {dx}.",
            "Diagnoses include {dx}.",
            "The patient is being treated for {dx}.",
            "The patient was diagnosed with {dx}.",
        )
    )
    ctx = {"injury": injury, "ur": ur, "he": he, "pain": pain, "exam": _EXAM[region]}
    sentences = [s1, s2.format(dx=dx), *_clinical(rng, ctx, 2, 6, _fmt_2013)]
    ur_truth = None
    r = rng.random()
    if r < 0.7:
        ur_text = _fmt_2013(rng, ur)
        requested = _mention(items[0]["treatment"], items[0]["service_category"])
        sentences.append(
            rng.choice(
                (
                    f"The utilization review determination being challenged is dated {ur_text}.",
                    f"The date of UR decision was {ur_text}.",
                    f"The utilization review from {ur_text} denied the request for {requested}.",
                )
            )
        )
        ur_truth = ur
    block(sep.join(sentences))
    para.append([" "])
    para.append([line + " " for line in _ISSUES_HEAD])
    para.append([" "])
    for item in items:
        if upper:
            item["treatment"] = item["treatment"].upper()
        head = _item_header_lines(rng, item, "2013", width)
        para.append([line.rstrip() + " " for line in head])
        para.append([" "])
        ca, mx, ca_c, mx_c, not_mtus = _guidelines_2013(rng, _F[item["_family"]], item["_cite_region"], sep)
        block("Claims Administrator guideline: " + ca, "   ")
        para.append([" "])
        block("MAXIMUS guideline: " + mx, "   ")
        para.append([" "])
        said = item["treatment"].lower() if upper else item["treatment"]
        block("Decision rationale: " + _rationale(rng, item, "2013", said).replace(". ", "." + sep))
        para.append([" "])
        _set_citations(item, ca_c, mx_c, not_mtus)

    # Pages: 37 units on the first page, 46-50 after; a page break is an extra empty unit.
    out = []
    limit = 37
    count = 0
    for unit in (u for lines in para for u in lines):
        if count == limit:
            out.append("")
            count = 0
            limit = rng.randint(46, 50)
        out.append(unit)
        count += 1
    text = "\n\n".join(out) + "\n\n\n"
    truth = _truth(
        layout="2013",
        case_number=None,
        date_assigned=None,
        decision_date=None,
        priority=None,
        injury=injury,
        ur=ur_truth,
        received=None,
        age=age,
        sex=sex,
        diagnosis=dx,
        specialties=[spec_name],  # the board; the subspecialty is its own column
        subspecialty=sub,
        states=[code],
        items=items,
        page_count=None,
    )
    return text, truth


def generate_letter(rng: random.Random, index: int, layout: str = "2016", seed: int = 0) -> tuple[str, dict]:
    """One letter and its ground truth.

    ``layout`` is ``"2016"`` (2016–17 layout, with case number ``CM<yy>-<10*index + seed % 10 + 1>``) or
    ``"2013"`` (the seeds' layout, no case number). The truth holds what a correct parser reads: case
    fields (ISO dates), the reviewer (DWC specialty names, two-letter state codes) and per item the
    treatment as the parser returns it (unwrapped, single-spaced, the remaining portion for a partial
    authorization), decision, DWC category/subcategory, body region, requested quantity, flags,
    and the citations of both parties.
    """
    if layout == "2016":
        return _letter_2016(rng, index, seed)
    if layout == "2013":
        return _letter_2013(rng)
    raise ValueError(f"unknown layout {layout!r}: expected one of {', '.join(LAYOUTS)}")


def _letter_rng(seed: int, index: int) -> random.Random:
    # Letter i depends only on (seed, i): a smaller corpus is a prefix of a larger one.
    return random.Random(f"imr-synth:{seed}:{index}")


def generate_corpus(
    out_dir: Path, n: int, seed: int = 0, layout_mix: float = 0.8, files_per_dir: int = 1000
) -> dict:
    """Write n letters as .txt files in subfolders of at most ``files_per_dir`` files, plus truth.jsonl.

    ``layout_mix`` is the share of 2016–17 letters; the rest use the 2013–15 layout. The same
    arguments always give byte-identical files. Returns summary counts.
    """
    if n < 0 or files_per_dir < 1 or not 0.0 <= layout_mix <= 1.0:
        raise ValueError("n must be >= 0, files_per_dir >= 1 and layout_mix within [0, 1]")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = {
        "letters": n,
        "layouts": {"2016": 0, "2013": 0},
        "items": 0,
        "upheld": 0,
        "overturned": 0,
        "partial": 0,
        "categories": {},
        "directories": 0,
    }
    categories: dict[str, int] = {}
    current_dir = None
    with open(out_dir / "truth.jsonl", "w", encoding="utf-8", newline="\n") as truth_fh:
        for i in range(n):
            rng = _letter_rng(seed, i)
            layout = "2016" if rng.random() < layout_mix else "2013"
            text, truth = generate_letter(rng, i, layout, seed)
            if i % files_per_dir == 0:
                current_dir = out_dir / f"{i // files_per_dir:04d}"
                current_dir.mkdir(exist_ok=True)
                summary["directories"] += 1
            data = text.encode("utf-8")
            if truth["case_number"]:
                name = f"{truth['case_number']}.txt"
            else:
                name = f"{i:06d}_{hashlib.sha1(data).hexdigest()[:16]}.txt"
            with open(current_dir / name, "wb") as fh:
                fh.write(data)
            record = {"index": i, "file": f"{current_dir.name}/{name}", **truth}
            truth_fh.write(json.dumps(record, separators=(",", ":")) + "\n")
            summary["layouts"][layout] += 1
            summary["items"] += truth["n_items"]
            summary["upheld"] += truth["n_upheld"]
            summary["overturned"] += truth["n_overturned"]
            for it in truth["items"]:
                categories[it["service_category"]] = categories.get(it["service_category"], 0) + 1
                summary["partial"] += it["is_partial"]
    summary["categories"] = dict(sorted(categories.items(), key=lambda kv: -kv[1]))
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the letters and truth.jsonl into")
    parser.add_argument("-n", "--n", type=int, default=1000, help="number of letters (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--layout-mix", type=float, default=0.8, help="share of 2016-17 letters (default 0.8)"
    )
    parser.add_argument("--files-per-dir", type=int, default=1000)
    args = parser.parse_args(argv)
    t = time.perf_counter()
    try:
        summary = generate_corpus(args.out_dir, args.n, args.seed, args.layout_mix, args.files_per_dir)
    except ValueError as exc:
        parser.error(str(exc))
    seconds = time.perf_counter() - t
    print(json.dumps(summary, indent=1))
    print(f"wrote {args.n} letters to {args.out_dir} in {seconds:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
