"""Facts stated in the clinical case summary: age, sex, diagnosis, and dates the seeds give only there."""

from __future__ import annotations

import re
from datetime import date

from . import rx
from .dates import ANY_DATE, parse_date
from .spelling import within_one_edit

_AGE = rx.compile(
    # 45 yr. old; "year" mistyped before "old" ("45 yaer old", "45 yera old", "45 yea old", "45 yearr old")
    r"\b(?P<age>\d{1,3})\s*(?:-|\s)?\s*(?:y[a-z]{1,5}\.?|y\.?)\s*(?:-|\s)?\s*(?:/\s*)?"
    r"(?:old(?:\b|(?=(?:fe)?male\b))|o\b\.?"  # 45 y.o., 45 y/o; "oldfemale" as a line's end runs into the next
    r"|of\s+age\b)"  # "is 45 years of age"
    r"(?=(?P<after>.{0,40}))",  # looked at, not consumed: a relative's age may come just before the worker's
    re.IGNORECASE,
)
# "The injured worker is a female, age 45, who …": the sex just before the age.
_SEX_AGE = rx.compile(
    r"\b(?P<sex>female|male|woman|man|gentleman|lady),?\s+aged?\s+(?P<age>\d{1,3})\b",
    re.IGNORECASE,
)
# The age written in words ("a sixty-two year old female"), read where no age is written in digits.
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_AGE_WORDS = rx.compile(
    rf"\b(?P<tens>{'|'.join(_TENS)})(?:[- ]?(?P<unit>{'|'.join(_UNITS)}))?\b|\b(?P<teen>{'|'.join(_TEENS)})\b"
    r"(?=\s*(?:-|\s)?\s*(?:years?|yrs?)\s*(?:-|\s)?\s*(?:old\b|of\s+age\b))",
    re.IGNORECASE,
)
# "The patient, age 62, is a female …": the age right after the worker.
_WORKER_AGE = rx.compile(
    r"\b(?:worker|patient|applicant|employee|claimant),?\s+aged?\s+(?P<age>\d{1,3})\b", re.IGNORECASE
)
_SEX = rx.compile(r"\b(?P<sex>female|male|woman|man|gentleman|lady)\b", re.IGNORECASE)
# Without an age ("The injured worker is a female who sustained…"): the sex in the sentence that
# introduces the worker, read only from "is/was a(n) [up to three words] female/male".
_SEX_INTRO = rx.compile(
    r"\b(?:is|was|involves)\s+an?\s+(?:[\w-]+\s+){0,3}?(?P<sex>female|male|woman|man|gentleman|lady)\b", re.IGNORECASE
)
_SEX_BEFORE = rx.compile(r"\b(?P<sex>female|male|woman|man|gentleman|lady)\b(?:,|\s+who\s+is|\s+aged?)?\s*$", re.IGNORECASE)
# The sex as its capital letter right after the age, as terse notes write it ("38 y/o M", "42 yo F w/ DOI …"), not a
# word or an abbreviation it opens ("MVA", "F/U", "M.D.").
_SEX_LETTER = rx.compile(r"\s*,?\s*(?P<sex>[MF])(?![\w/&'-]|\.\w)")
_SEX_WORDS = {"female": "female", "woman": "female", "lady": "female", "male": "male", "man": "male", "gentleman": "male"}
# "from <date>", unless a second date follows (a cumulative trauma's period is no one date of injury).
_FROM_NOT_A_RANGE = rf"from(?=\s*{ANY_DATE}(?!\d)(?!\s*(?:-|to|through|thru|until)\s*\S*\d))"
# The date right after the injury's words ("date of injury 1/26/11", "date of injury (DOI) of 5/6/2011",
# "injured on 3/4/12"); a re-injury is not the injury.
_INJURY = rx.compile(
    rf"(?:date\s+of\s+injury|injury\s+date|\bDOI\b|(?<!re)inju\w*"
    rf"|(?:occupational|industrial|work[-\s]related)\s+claim\s+(?:from|on|of|dated))"
    rf"\s*(?:\((?:DOI|D/I)\)\s*)?(?:date\s+)?(?:on\s+or\s+about|of|on|was|is|dated|{_FROM_NOT_A_RANGE})?"
    rf"\s*[:,]?\s*(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
# Else a few words may stand between ("sustained an industrial injury to his right shoulder on 3/4/2012",
# "the injury occurred on …", "injured at work on …"): no number, clause break, or visit between them, and
# not "the injured worker …".
_INJURY_LOOSE = rx.compile(
    rf"(?<!re)inju(?:ry|ries|red)\b(?!\s+(?:workers?|employees?|party)\b)"
    r"(?:(?!\b(?:seen|treated|evaluated|examined|reported|noted|visits?|underwent|returned|presented|reports?"
    r"|had|has|have|received|developed|began|started|surgery|fusion)\b)"
    rf"[^.;,\d]){{1,50}}?\s(?:on(?:\s+or\s+about)?|of|dated)\s+(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
# Hurt in other words: "was hurt at work on …", "fell at work on …", "slipped and fell on the job on …".
_HURT = rx.compile(
    r"\b(?:hurt|fell|slipped|tripped)(?:\s+and\s+fell)?\s+(?:\w+\s+)?(?:at\s+work|on\s+the\s+job|while\s+working)"
    rf"\s+on(?:\s+or\s+about)?\s+(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
# In the summary's opening (_WORK_EVENT_REACH), a part of the body hurt doing something, in a sentence that speaks of
# work: "hurt his low back lifting boxes at work on 3 March 2012", "injured her right shoulder pulling a cart on 6/1/12
# while working" (not "hurt his knee playing basketball on …").
_HURT_DOING = rx.compile(
    r"\b(?:hurt|injured|strained|twisted)\s+(?:his|her|their)\s+(?:[\w-]+\s+){0,3}?[a-z]+\s+(?:while\s+)?[a-z]+ing\b"
    rf"(?:\s+(?!on\b)[\w-]+){{0,4}}?\s+on(?:\s+or\s+about)?\s+(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
_WORK_WORD = rx.compile(r"\b(?:work\w*|job|industrial|employ\w*|occupational|on\s+duty)\b", re.IGNORECASE)
# The event at work, dated in the summary's opening, where no word "injury" dates it ("fell from a ladder at work on
# 6/11/2011", "following a workplace assault on 01/02/2012", "sustained a laceration … with a box cutter on 9/2/2013",
# "in a motor vehicle accident while working on 8/23/2013"): a workplace word, then within the clause, with no visit
# or other date between, "on <date>".
_WORK_EVENT = rx.compile(
    r"\b(?:at\s+work|while\s+(?:working|at\s+work|on\s+duty)|on\s+the\s+job|workplace|work[-\s]related|sustained)\b"
    r"(?:(?!\b(?:seen|treated|evaluated|examined|reported|noted|visits?|underwent|returned|presented|reports?|received"
    r"|had|has|have|developed|began|started|surgery|fusion|since|until)\b)[^.;\d]){0,70}?\son(?:\s+or\s+about)?\s+"
    rf"(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
_WORK_EVENT_REACH = 600  # the opening sentences, where the worker and the injury are introduced
# A document's title is not the injury ("Doctor's First Report of Occupational Injury dated 3/6/2016").
_REPORT_OF = rx.compile(r"\breport\s+of\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
# "The date of injury for this claim is …", "The date of injury is reported as …", "date of injury (cumulative trauma)
# is …": a few words between the label and its date.
_INJURY_DATE_OF = rx.compile(
    rf"date\s+of\s+(?:the\s+)?injury\b(?:\s*\([^)]{{0,30}}\))?(?:\s+(?:for|in|on)\s+this\s+(?:claim|case))?"
    r"\s+(?:is|was|has\s+been)\s+(?:(?:reported|listed|noted|documented|given|stated|recorded)\s+(?:as|to\s+be)\s+)?"
    rf"(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
# The date before the injury's words: "On 1/26/11 he sustained an industrial injury", "On 01/26/2011, the patient was
# injured" (not "On 10/8/14, the injured worker complained").
_INJURY_ON_BEFORE = rx.compile(
    rf"(?:^|(?<=\.\s))On\s+(?P<d>{ANY_DATE}),?\s+(?:[\w-]+\s+){{0,3}}?(?:sustained\s+(?:an?\s+)?(?:\w+\s+)?(?:injur|trauma)"
    r"|was\s+injured|got\s+injured|injured\s+(?:his|her|their)\b)"
)
_INJURY_AFTER = rx.compile(rf"(?P<d>{ANY_DATE})\s+(?:date\s+of\s+injury|DOI)\b", re.IGNORECASE)  # "a 3/4/2012 date of injury"
# The UR decision's date: said as such first ("The date of UR decision was 11/4/14"), then a UR document's
# date ("the UR determination dated …", "utilization review (11/4/14)"); else a UR phrase with its date a few words on, unless those
# words name another dated document ("the UR physician noted the progress report dated …").
# "UR", "U.R.", "utilization review", the last also mistyped ("utilzation review", "utilization reveiw")
_UR_NAME = r"(?:UR\b|U\.R\.|util[a-z]{0,3}z[a-z]{0,2}t[a-z]{0,3}on\s+rev[a-z]{1,3}w\b)"
_UR_DATE_OF = rx.compile(
    rf"date\s+of\s+(?:the\s+)?{_UR_NAME}(?:\s+(?:decision|determination|denial|review))?"
    rf"\s*(?:was|is|of|:)?\s*(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
_UR_DATED = rx.compile(
    rf"\b{_UR_NAME}(?:\s+(?:decision|determination|denial|non-?certification|non-?cert|report|letter))?"
    rf"\s*(?:was\s+)?(?:dated|on|of|from|date\s*:|,)?\s*\(?(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
_UR_WORD = rx.compile(r"\b(?:util[a-z]{0,3}z[a-z]{0,2}t[a-z]{0,3}on\b|ur\b|u\.r\.)", re.IGNORECASE)
# "On 11/24/14, utilization review non-certified …": tried just before each UR phrase.
_UR_ON = rx.compile(rf"\bOn\s+(?P<d>{ANY_DATE}),?\s+(?:the\s+|an?\s+)?$", re.IGNORECASE)
# "UR non-certified the request on 2/24/2015", "Utilization review denied the request for … on …": the verb between.
_UR_VERB_ON = rx.compile(
    rf"{_UR_NAME}\s+(?:physician\s+|reviewer\s+)?(?:non-?certified|denied|modified|did\s+not\s+certify)"
    # (what the request was for names no dated document or visit of its own: "… for PT after the visit on 1/2/14")
    rf"\s+(?:the\s+|this\s+|a\s+)?(?:requests?\s+)?"
    rf"(?:(?:for\s+|[\w-]+(?:\s+[\w-]+){{0,3}}\s+requests?\s+)(?:(?!visit|report|note|exam|evaluation|appointment|office"
    rf"|surgery|dated|ordered|received|submitted|requested|performed|administered|given|done|rendered|provided|dispensed"
    rf"|prescribed)[^.\d]){{0,80}}?\s+)?"
    rf"on\s+(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
# "… was previously denied on 2/24/15 by utilization review": tried just before each UR phrase.
_UR_BY = rx.compile(rf"(?:denied|non-?certified|modified)\s+on\s+(?P<d>{ANY_DATE})\s+by\s+(?:the\s+|an?\s+)?$", re.IGNORECASE)
# Where no UR phrase is dated, the claims administrator's denial ("On December 1, 2014, the claims administrator denied a
# request for …"): the utilization review decision, in the words of letters that call the administrator's review so.
_CA_DENIED_ON = rx.compile(
    rf"\bOn\s+(?P<d>{ANY_DATE}),?\s+the\s+claims\s+administrator\s+(?:denied|failed\s+to\s+approve|non-?certified|modified"
    r"|partially\s+approved)\s+(?:an?\s+|the\s+)?requests?\b",  # a request, not the claim or liability
    re.IGNORECASE,
)
# A UR decision's own words: with several dated reviews, the one that denied or modified is the decision.
_DENIES = rx.compile(r"non-?certif|not\s+certif|\bdenie|\bdeny|modif|not\s+medically", re.IGNORECASE)
_UR = rx.compile(
    rf"\b{_UR_NAME}"
    r"(?:(?!\b(?:reports?|notes?|visits?|exam\w*|records?|progress|evaluations?|RFA|requests?|letters?|MRI|x-?rays?|studies|study|office)\b)"
    rf"[^.]){{0,80}}?\b(?:dated|from|of|was|on)\s+(?P<d>{ANY_DATE})",
    re.IGNORECASE,
)
# What follows "The assessment was" / "The impression was" where no finding does ("… was performed", "… was that").
_NOT_A_FINDING = (r"\s+(?:performed|done|completed|conducted|unchanged|that|not|reviewed|dated|on|of|made|based|by|also|in"
                  r"|limited|difficult|the\s+same|same|unremarkable|deferred|negative|normal|consistent|none|noted|pending"
                  r"|benign|stable|as\s+above|as\s+follows\s*:?\s*$)\b")
# Where the diagnosis is stated; it runs from there to the end of its sentence (_sentence_end).
# "include" and its forms, also mistyped by a letter dropped or two swapped ("incude", "inlcude", "inculde")
_INCLUDE = r"(?:in(?:clude|cude|clde|lude|lcude|culde|cldue)[sd]?|i(?:clude|cnlude)[sd]?)"
_DIAGNOSIS = rx.compile(
    # "is being / has been treated for X", not "… for this injury with …" or "… for the above conditions"
    r"(?:(?:being|been)\s+treated\s+for(?!\s+(?:the\s+)?above\b|\s+(?:this|that|these|the|his|her|their|its|an?)"
    r"\s+(?:[a-z]+\s+){0,2}?(?:injur|condition|complaint|symptom))(?:\s+the\s+diagno[a-z]{1,4}\s+of)?"
    r"|undergoing\s+treatments?\s+for"
    # "Diagnoses include", "Diagnoses, and-or impressions, were noted to include"
    r"|(?<!\bno\s)diagnos(?:is|es)(?:,?\s+and[-/ ]?(?:or\s+)?impressions?,?)?"
    r"\s+(?:that\s+)?(?:have\s+|has\s+)?(?:" + _INCLUDE + r"|are|is|was|were|of"
    r"|been(?=\s+(?:docu[a-z]{4,7}|listed|noted|reported)\s+(?:as|to)\s))"
    r"(?!\s+not\b)\s*[:;]?"
    # "Diagnoses:", "Diagnoses (ICD-10):", "Diagnoses per the 10/23/14 report:"
    r"|(?<!\bno\s)diagnos(?:is|es)(?:\s*\((?:ICD[-\s]?(?:9|10)(?:-CM)?|codes?)\)|\s+(?:per|from|in|on)\s+(?:the\s+)?[^:;()]{0,40}?)?\s*:"
    # "Dx: lumbar strain", not a prior, differential or relative's one ("Prior Dx:", "FHx: mother Dx: …")
    r"|(?<!prior\s)(?<!previous\s)(?<!differential\s)(?<!mother\s)(?<!father\s)(?<!family\s)\bdx(?:\s*:|\s+(?:"
    + _INCLUDE + r"|is|are|was|were)\b|'?d\s+with\b)"
    r"|(?<!\bno\s)diagnos(?:is|es)(?=\s+(?:documented|listed|noted)\s+as\b)"  # "Diagnoses listed as …"
    r"|diagnostic\s+impressions?(?:\s+(?:included|includes|include|are|is|was|were))?\s*:?"
    # a progress note's "Assessment:" / "Assessment/Plan:" / "Clinical impression:" (a bare "Impression:": below)
    r"|\bassessments?(?:\s*/\s*plan)?\s*:|\bclinical\s+impressions?\s*:"
    # "diagnosed with", also mistyped ("wtih", "w/") or "as having" ("as havng")
    r"|diagnosed\s+(?:w(?:ith|tih|iht|hit|it|th)\b|w/|as\s+ha[a-z]{2,5}\b)):?(?:\s+|(?<=[:/]))"
    # "… is documented as X", "… is documented X", "… were noted to include X" ("documented is X": a typo of "as")
    r"(?:(?:docu[a-z]{4,7}|listed|noted|reported)\b(?:\s+(?:as|is|to\s+be|to\s+(?:have\s+)?include[ds]?)\b)?\s*:?\s*"
    r"|the\s+following\s*:?\s*)?"
    r"(?:an?\s+(?=[a-z]))?",  # "diagnosed with a right shoulder sprain": the article is not the diagnosis
    re.IGNORECASE,
)
# "The applicant … has filed a claim for chronic low back pain reportedly associated with an industrial injury of …":
# where no sentence states a diagnosis, the condition claimed, up to what it is said to come from.
_CLAIMED = rx.compile(r"\bfiled\s+a\s+claim\s+for\s+(?:(?:an?|the)\s+)?")
_CLAIM_CAUSE = rx.compile(
    r"\s*,?\s+(?:(?:reportedly|allegedly|purportedly|apparently)\s+)?(?:associated\s+with|attributed\s+to|arising\s+from"
    r"|sustained|secondary\s+to|as\s+a\s+result\s+of|due\s+to|after|following|from)\b"
)


# The injury a diagnosis is said to come from, after it: no part of the diagnosis.
_INJURY_CAUSE = rx.compile(
    r"\s*,?\s+(?:(?:reportedly|allegedly)\s+)?(?:after|following|from|due\s+to|secondary\s+to|as\s+a\s+result\s+of"
    r"|associated\s+with|attributed\s+to|related\s+to|sustained\s+in)\s+(?:an?|the|his|her|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:injury|accident)\b"
)


# What a worker "treated for" a condition was treated with, after it: no part of the diagnosis ("lumbar disc herniation
# with radiculopathy" keeps its "with").
_TREATED_WITH = rx.compile(
    r"\s*,?\s+(?:with|using|by\s+means\s+of|via|including)\s+(?:(?:a\s+course\s+of|an?|conservative|oral|pain"
    r"|anti-inflammatory|physical|chiropractic|home|narcotic|opioid|topical|various|multiple|several|prescription"
    r"|over-the-counter|epidural|steroid|sympathetic|nerve|trigger\s+point|exercise|and|,)\s+)*"
    r"(?:medications?|meds|therapy|therapies|treatments?|care|modalities|chiropractic|acupuncture|injections?|blocks?"
    r"|surgery|rest|bracing|narcotics|opioids|analgesics|nsaids|pt|psychotherapy|exercises?|programs?)\b(?!-)",
    re.IGNORECASE,
)


def _claimed(text: str) -> str | None:
    m = _CLAIMED.search(text)
    if not m:
        return None
    end = _sentence_end(text, m.end())
    cause = _CLAIM_CAUSE.search(text, m.end(), end)
    dx = text[m.end() : cause.start() if cause else end].strip(" :;,\"'”“")
    return dx if dx and len(dx) <= MAX_DIAGNOSIS else None


_LIST_START = rx.compile(r"(?:1[.)]|\(1\))\s")  # "1. Lumbar strain 2. …": a numbered list
_LIST_NUMBER_AFTER = rx.compile(r"[\"')\]]*\s+\(?\d{1,2}[.)]\s")  # the next item of the list follows
_NUMBER_BEFORE = rx.compile(r"(?:^|[\s,;(])\d{1,2}$")  # this full stop closes a list number ("2.")
_ABBREVIATION_BEFORE = rx.compile(r"(?:^|[^a-z])(?:vs|v|dr|st|no|rt|lt|bil|approx|etc|mr|mrs|ms|jr|sr)$", re.IGNORECASE)
_AFTER_STOP = rx.compile(r"[\"'”)\]]*\s*(.?)")


# Every match of each pattern begins with one of these (lower-cased): the pattern is tried only there
# (rx.search_at_openings), not scanned over the whole summary. _UR opens with "\b": only an "ur" at the
# start of a word can open it.
_INJURY_OPENINGS = ("date", "inju", "doi", "occupational", "industrial", "work-related", "work related")
_HURT_OPENINGS = ("hurt", "fell", "slipped", "tripped")
_UR_OPENINGS = ("util", "ur", "u.r.")
_DIAGNOSIS_OPENINGS = ("being", "been", "undergoing", "diagnos", "dx", "assessment", "clinical")
# A bare "Impression:", "The impression was …", "The assessment was …", where the summary states no diagnosis otherwise
# and no study is named before it in its sentence (an MRI's or an EMG's impression is its findings).
_IMPRESSION = rx.compile(
    r"(?<![\w-])impressions?\s*:\s*|(?<=\bthe\s)(?:impression|assessment)s?\s+(?:was|were|included|includes|is|are)(?!"
    + _NOT_A_FINDING + r")\s*:?\s*", re.IGNORECASE
)
_STUDY_REACH = 300  # how far back the sentence is looked at for a study
_STUDY_BEFORE = rx.compile(r"\b(?:mri|scans?|x-?rays?|ct|emg|ncv|ncs|stud(?:y|ies)|ultrasound|arthrogram|radiographs?|imaging|report)\b",
                           re.IGNORECASE)


def _age_in_words(text: str) -> tuple[int, int, int] | None:
    """(age, start, end) of an age written in words ("sixty-two year old") in the summary's opening."""
    m = _AGE_WORDS.search(text, 0, 600)
    if not m:
        return None
    if m.group("teen"):
        return _TEENS[m.group("teen").lower()], m.start(), m.end()
    unit = m.group("unit")
    return _TENS[m.group("tens").lower()] + (_UNITS[unit.lower()] if unit else 0), m.start(), m.end()


# Another person's or thing's age ("whose 70-year-old mother", "her 12 year old son", "a 3-year-old injury", "a 10
# year history"): not the worker's.
_OTHER_AGE_BEFORE = rx.compile(r"\b(?:whose|his|her|their|its|with\s+an?|by\s+an?)\s*$", re.IGNORECASE)  # ("driven by a …")
_OTHER_AGE_AFTER = rx.compile(
    r"^[\s,-]*(?:mother|father|parent|son|daughter|child|children|kid|baby|infant|wife|husband|spouse|brother|sister"
    r"|sibling|grand\w+|nephew|niece|aunt|uncle|cousin|step\w+|boys?|girls?|twins?|toddler|friend|co-?worker|partner"
    r"|boyfriend|girlfriend|fianc\w+|dog|car|injury|history|claim)\b"
    r"|^[\s,]*(?:at\s+the\s+time\s+of\s+(?:the|his|her|their|this)\s+(?:[\w-]+\s+)?(?:injury|accident|incident)"
    r"|when\s+(?:he|she)\s+was\s+injured)",  # the age then, not now
    re.IGNORECASE,
)


def _worker_age(text: str) -> re.Match[str] | None:
    """The first age the summary gives that is not another person's or thing's."""
    for m in _AGE.finditer(text):
        if _OTHER_AGE_AFTER.match(m.group("after")) or _OTHER_AGE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        if not 14 <= int(m.group("age")) <= 100:
            continue  # a child's age, or no age: the worker's may follow
        return m
    return None


# The worker's pronouns, where the summary names no sex ("The applicant is a represented 27-year-old former cashier …
# She was off of work"): read only where every one of them is of one sex ("he/she", "(s)he" are none of them), and
# not in a sentence that names someone else they may stand for ("The attending provider stated that he would …").
_PRONOUN = rx.compile(r"(?<![a-z/()])(?:(?P<m>he|him|his|himself)|(?P<f>she|her|hers|herself))(?![a-z0-9/()])", re.IGNORECASE)
_KIN = r"(?:attorney|lawyer|adjuster|employer|supervisor|boss|wife|husband|spouse|mother|father|son|daughter|sister|brother|parent|friend|co-?worker)s?\b"
_SOMEONE_ELSE = rx.compile(
    r"\b(?:dr|doctor|physician|provider|\w*surgeon|treater|clinician|therapist|nurse|practitioner|chiropractor|specialist"
    r"|orthopedist|orthopaedist|neurologist|physiatrist|psychologist|psychiatrist|counselor|examiner|evaluator|reviewer|qme"
    r"|ame|ptp|pa-c|partner|" + _KIN[3:],
    re.IGNORECASE,
)
# … where the worker's possessive names a relative or the like, or the worker's own treating physician ("Her attorney
# appealed", "according to his wife", "His treating physician documented …"): the worker's (not "his physician
# assistant", "her nurse practitioner", "his partner": the clinician's, maybe).
_POSSESSOR = rx.compile(
    r"(?<![a-z/()])(?:(?P<m>his)|(?P<f>her))\s+(?:(?:[\w-]+\s+){0,2}?" + _KIN
    + r"|(?:treating|primary|attending)\s+(?:[\w-]+\s+)?(?:physician|doctor|provider|surgeon|orthopedist|chiropractor"
    r"|therapist|psychologist|psychiatrist)s?\b)",
    re.IGNORECASE,
)
_SENTENCE_BREAK = rx.compile(r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)[.!?]\s+(?=[A-Z])")  # not after "Dr." (its name follows)


def _sex_by_pronouns(text: str) -> str | None:
    """The sex of the worker's pronouns; None where there are none, or where they are of both sexes, or where a
    pronoun that may be someone else's is of the other sex or the only one: one in a sentence naming someone else,
    or in the sentence after it (in "Dr. Lee saw him. She recommended therapy." the "she" may be the doctor's)."""
    worker: set[str] = set()
    others: set[str] = set()
    start = 0
    named_before = False  # the sentence before named someone else
    for brk in [*_SENTENCE_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        sentence = text[start:end]
        start = brk.end() if brk else end
        pronouns = list(_PRONOUN.finditer(sentence))
        named = _SOMEONE_ELSE.search(sentence) is not None  # (read only where the summary names no sex: rare)
        if pronouns and (named or named_before):
            possessors = list(_POSSESSOR.finditer(sentence))
            others.update("male" if p.group("m") else "female" for p in pronouns
                          if not any(q.start() == p.start() for q in possessors))
            pronouns = possessors
        worker.update("male" if p.group("m") else "female" for p in pronouns)
        named_before = named
    return worker.pop() if len(worker) == 1 and not others - worker else None


# Age and sex printed as fields of their own ("Age: 48", "Sex: Male", "Gender: F").
_AGE_FIELD = rx.compile(r"\bAge\s*:\s*(\d{1,3})\b")
_SEX_FIELD = rx.compile(r"\b(?:Sex|Gender)\s*:\s*(?P<sex>male|female|m|f)\b", re.IGNORECASE)


def patient_age_sex(text: str) -> tuple[int | None, str | None]:
    age, sex = _age_sex(text)
    if age is None and "Age" in text and (a := _AGE_FIELD.search(text)) and 14 <= int(a.group(1)) <= 100:
        age = int(a.group(1))
    if sex is None and (s := _SEX_FIELD.search(text) if ("Sex" in text or "Gender" in text) else None):
        sex = "male" if s.group("sex")[0] in "mM" else "female"
    return age, sex or _sex_by_pronouns(text)


def _age_sex(text: str) -> tuple[int | None, str | None]:
    m = _worker_age(text)
    if not m:
        if "age" in text:
            m = _SEX_AGE.search(text, 0, 600)
            if m and 14 <= int(m.group("age")) <= 100:
                return int(m.group("age")), _SEX_WORDS[m.group("sex").lower()]
        s = _SEX_INTRO.search(text, 0, 600)
        sex = _SEX_WORDS[s.group("sex").lower()] if s else None
        worded = _age_in_words(text)
        if worded is not None:
            age, start, end = worded
            after = _SEX.search(text, end, end + 60)
            before = _SEX_BEFORE.search(text, max(0, start - 30), start)
            found = after or before
            return age, _SEX_WORDS[found.group("sex").lower()] if found else sex
        w = _WORKER_AGE.search(text, 0, 600) if "age" in text else None
        if w and 14 <= int(w.group("age")) <= 100:
            return int(w.group("age")), sex
        return None, sex
    age = int(m.group("age"))
    if not 14 <= age <= 100:
        return None, None
    if letter := _SEX_LETTER.match(m.group("after")):  # first: "Pt is a 41 y/o F, assaulted by a male patient"
        return age, "male" if letter.group("sex") == "M" else "female"  # "Pt is a 38 y/o M with DOI 3/4/12"
    s = _SEX.search(m.group("after"))
    if not s:  # "a female, 55 years old", "a female who is 55 years old": the sex just before the age
        s = _SEX_BEFORE.search(text, max(0, m.start() - 30), m.start())
    if not s:
        return age, _sex_mistyped(m.group("after"))
    return age, _SEX_WORDS[s.group("sex").lower()]


_FIRST_WORD = rx.compile(r"[\s,]*([A-Za-z]{3,7})\b")
# Words one edit from "male" that are words of their own ("a 45 year old mate", "maple").
_NOT_MALE = frozenset({"mile", "mole", "make", "mate", "mall", "malt", "pale", "sale", "tale", "maple", "mace", "mane",
                       "mare", "maze", "made", "mage", "vale", "bale", "gale", "kale", "dale", "hale", "ample",
                       "mail", "meal", "mule", "mal"})


def _sex_mistyped(after: str) -> str | None:
    """The sex of the word right after the age where it is "female" or "male" mistyped by one edit ("45 year old
    femlae", "45-year-old mael"), and no other word; a word as near to both ("emale") is neither."""
    w = _FIRST_WORD.match(after)
    if w is None:
        return None
    word = w.group(1).lower()
    return None if word in _NOT_MALE else within_one_edit(word, ("female", "male"))


# An injury before the claimed one ("a prior knee injury on 5/5/2005 and an industrial injury on …").
_EARLIER = rx.compile(
    r"\b(?:prior(?!\s+to\b)|previous|earlier|past|non-?industrial)\b(?:\s+(?!(?:before|to|the\s+industrial)\b)[\w-]+){0,3}\s*$",
    re.IGNORECASE,
)


def _not_earlier(m: re.Match[str] | None, text: str, pattern: re.Pattern[str], openings: tuple[str, ...]) -> re.Match[str] | None:
    """``m``, unless it dates an earlier injury and another match follows: then the first that does not. A
    match inside a report's title ("First Report of Occupational Injury dated …") is none."""
    if m is None:
        return m
    if not _titled(text, m.start()) and not _earlier(text, m.start()):
        return m
    for later in rx.finditer_at_openings(pattern, text, openings):
        if later.start() > m.start() and not _titled(text, later.start()) and not _earlier(text, later.start()):
            return later
    return None  # only an earlier injury or a report's title: the claim's injury is dated otherwise, or not at all


def _titled(text: str, at: int) -> bool:
    """Whether the injury's word at ``at`` is in a report's title ("… Report of Occupational Injury")."""
    before = text[max(0, at - 40) : at]
    return "eport" in before and bool(_REPORT_OF.search(before))


def _earlier(text: str, at: int) -> bool:
    """Whether the words just before ``at`` say an earlier injury (each word checked for first, cheaply)."""
    before = text[max(0, at - 40) : at].lower()
    return ("prior" in before or "previous" in before or "earlier" in before or "past" in before
            or "nonindustrial" in before or "non-industrial" in before) and bool(_EARLIER.search(before))  # fmt: skip


def injury_date(text: str) -> date | None:
    m = (_not_earlier(rx.search_at_openings(_INJURY, text, _INJURY_OPENINGS), text, _INJURY, _INJURY_OPENINGS)
         or _not_earlier(rx.search_at_openings(_INJURY_DATE_OF, text, ("date",)), text, _INJURY_DATE_OF, ("date",))
         or _not_earlier(rx.search_at_openings(_INJURY_LOOSE, text, ("inju",)), text, _INJURY_LOOSE, ("inju",))
         or _hurt(text)
         or (_INJURY_AFTER.search(text) if "injury" in text.lower() or "DOI" in text else None)
         or (_INJURY_ON_BEFORE.search(text, 0, _WORK_EVENT_REACH) if "On " in text else None)
         or _work_event(text))  # fmt: skip
    return parse_date(m.group("d")) if m else None


def _hurt(text: str) -> re.Match[str] | None:
    m = rx.search_at_openings(_HURT, text, _HURT_OPENINGS)
    if m is not None:
        return m
    m = _HURT_DOING.search(text, 0, _WORK_EVENT_REACH + 200)
    if m is None or m.start() >= _WORK_EVENT_REACH:
        return None
    sentence = text[_sentence_start(text, m.start()) : _sentence_stop(text, m.end())]
    return m if _WORK_WORD.search(sentence) else None


def _work_event(text: str) -> re.Match[str] | None:
    m = _WORK_EVENT.search(text)  # the whole text, so that no date is cut; only one starting in the opening counts
    return m if m is not None and m.start() < _WORK_EVENT_REACH else None


def ur_denial_date(text: str) -> date | None:
    m = rx.search_at_openings(_UR_DATE_OF, text, ("date",))
    if m:
        return parse_date(m.group("d"))
    # Every UR phrase, found once: its date after it (_UR_DATED), before it ("On …, UR …"), a few words on (_UR).
    starts = (rx.openings_at(text.lower(), _UR_OPENINGS, word_start=True) if text.isascii()
              else [x.start() for x in _UR_WORD.finditer(text)])  # fmt: skip
    dated: list[re.Match[str]] = []
    end = 0
    for i in starts:
        if i >= end and (x := _UR_DATED.match(text, i) or _UR_VERB_ON.match(text, i)):
            dated.append(x)
            end = x.end()
    if "On " in text:
        dated += [x for i in starts if (x := _UR_ON.search(text, max(0, i - 40), i))]
    if " by " in text:
        dated += [x for i in starts if (x := _UR_BY.search(text, max(0, i - 60), i))]
    dated.sort(key=lambda x: x.start())
    # the first that denied or modified (its sentence says so), else the first
    m = next((x for x in dated if x.re is _UR_VERB_ON or _DENIES.search(text, x.end(), _sentence_stop(text, x.end()))), None)
    m = m or (dated[0] if dated else None) or next((x for i in starts if (x := _UR.match(text, i))), None)
    if m is None and "claims administrator" in text:
        m = _CA_DENIED_ON.search(text)
    if m is None and ("ertif" in text or "adverse" in text or "modified" in text):
        # the first not said to be a prior request's ("a prior request … was non-certified on …")
        n = next((x for x in _NONCERTIFIED_ON.finditer(text) if not _PRIOR.search(text, max(0, x.start() - 30), x.end())), None)
        return parse_date(n.group("d") or n.group("f") or n.group("g")) if n else None
    return parse_date(m.group("d")) if m else None


# Where no UR phrase is dated, a request non-certified or modified on a date with no reviewer named ("The request was
# non-certified on November 4, 2014.", "It was non-certified on 11-06-14", "The request for Norco was modified on
# 5/23/13"), or the adverse determination's date: the words only utilization review uses, said of a request (a claim
# "not certified" may be the administrator's denial of liability, a worker "not certified as a QME" no request, a
# plan "modified" the physician's).
_NONCERTIFIED_ON = rx.compile(
    rf"\b(?:requests?|it)\b[^.]{{0,60}}?\b(?:was|were)\s+(?:non-?certified|not\s+certified|modified)\s+"
    rf"(?:(?!visit|report|note|exam|as\b|by\s+(?:the\s+)?(?:treating|requesting|primary)\b)[\w-]+\s+){{0,4}}?"
    rf"on\s+(?P<d>{ANY_DATE})"
    rf"|\badverse\s+determination\s+(?:dated|on|of)\s+(?P<f>{ANY_DATE})"
    # "On 01-09-2017 the requests were non-certified (by utilization review)"
    rf"|\bOn\s+(?P<g>{ANY_DATE}),?\s+(?:the\s+|this\s+|these\s+|an?\s+)?(?:[\w-]+\s+){{0,4}}?requests?\s+(?:was|were)\s+"
    rf"(?:non-?certified|not\s+certified|modified)",
    re.IGNORECASE,
)
_PRIOR = rx.compile(r"\b(?:prior|previous(?:ly)?|earlier|past)\b", re.IGNORECASE)


def _sentence_start(text: str, i: int) -> int:
    """Where the sentence holding ``i`` starts (after the last ". " before it), at most _STUDY_REACH back."""
    return max(text.rfind(". ", 0, i) + 1, i - _STUDY_REACH, 0)


def _sentence_stop(text: str, i: int) -> int:
    """The next ". " (or the end) from ``i``: a cheap bound for the rest of a sentence."""
    p = text.find(". ", i)
    return len(text) if p < 0 else p


def _sentence_end(text: str, i: int) -> int:
    """Where the sentence running from ``i`` ends: at a full stop followed by a capital, a quote or the
    text's end (a lost space too: "hand.The"), not at a decimal ("3.5"), initials ("A.C.", "i.e."), an
    abbreviation ("vs.", "rt."), a full stop followed by a lower-case word, or, in a numbered list, an item's
    number and the stop before the next item ("1. Lumbar strain. 2. Neck pain")."""
    listed = bool(_LIST_START.match(text, i))
    p = text.find(".", i)
    while p >= 0:
        nxt = text[p + 1 : p + 2]
        before = text[max(i, p - 8) : p]
        ends = not (
            nxt.isdigit()  # a decimal
            or (nxt.isalpha() and before[-1:].isalpha() and not before[-2:-1].isalpha())  # initials
            or _ABBREVIATION_BEFORE.search(before)
            or (listed and (_NUMBER_BEFORE.search(before) or _LIST_NUMBER_AFTER.match(text, p + 1)))
        )
        if ends:
            after = _AFTER_STOP.match(text, p + 1)
            first = after.group(1) if after else ""
            if not first or first.isupper() or first in "\"“'(":
                return p
        p = text.find(".", p + 1)
    return len(text)


MAX_DIAGNOSIS = 1000


# In terse notes, the field after a diagnosis ("; Tx: PT x 12", " Meds: Norco", " Tx to date: …"), and what after
# "Dx:" states no diagnosis (a code alone; a numbered list, "Dx: 1. Lumbar strain 2. …", is one unless its first entry
# states none: "Dx: 1. R/O radiculopathy").
_NEXT_FIELD = rx.compile(r"[;\s]\s*[A-Z][A-Za-z]{0,12}(?:\s+[a-z]{1,6}){0,2}\s*:")
_NO_DIAGNOSIS = rx.compile(r"(?:same|see\b|pending|r/o\b|rule\s+out|\d|mri\b|x-?rays?\b|emg\b|ct\b|none\b|n/a\b|unknown)",
                           re.IGNORECASE)


def diagnosis(text: str) -> str | None:
    m = rx.search_at_openings(_DIAGNOSIS, text, _DIAGNOSIS_OPENINGS)
    if not m and ("mpression" in text or "ssessment" in text):
        # (a study named in its sentence, or just before: "An MRI was obtained. The impression was …")
        m = next((i for i in _IMPRESSION.finditer(text)
                  if not _STUDY_BEFORE.search(text, min(max(0, i.start() - 60), _sentence_start(text, i.start())), i.start())),
                 None)  # fmt: skip
    if not m:
        return _claimed(text) if "filed a claim" in text else None
    end = _sentence_end(text, m.end())
    if "injur" in text[m.end() : end] or "accident" in text[m.end() : end]:
        cause = _INJURY_CAUSE.search(text, m.end(), end)  # "… impingement syndrome after an industrial injury on 2/2/13"
        end = cause.start() if cause else end
    if "treat" in m.group().lower() and (given := _TREATED_WITH.search(text, m.end(), end)):
        end = given.start()  # "… has been treated for chronic low back pain with medications and therapy"
    terse = m.group()[:2].lower() == "dx"
    if terse and (field := _NEXT_FIELD.search(text, m.end(), end)):
        end = field.start()  # "Dx: lumbar strain; Tx: PT x 12": terse notes' next field
    dx = text[m.end() : end].strip(" :;,\"'”“")
    if terse:
        opening = _LIST_START.match(dx)  # a numbered list's "1. ": its first entry is looked at
        if _NO_DIAGNOSIS.match(dx, opening.end() if opening else 0):
            return None  # "Dx: same.", "Dx: see above", "Dx: pending MRI", "Dx: 724.2", "Dx: r/o …"
    # The whole sentence, however many diagnoses it lists (the longest real ones run to ~450 characters); past
    # MAX_DIAGNOSIS its end was not found (no full stop), and where the diagnosis ends cannot be told.
    return dx if dx and len(dx) <= MAX_DIAGNOSIS else None
