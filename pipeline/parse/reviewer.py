"""The expert reviewer's credentials, in either layout's wording."""

from __future__ import annotations

import hashlib
import re

from . import rx
from .memo import memo
from .records import Reviewer
from .taxonomy import split_specialties, state_codes

# 2016–17: "State(s) of Licensure: California,Washington" / "Certification(s)/Specialty: ..."
_STATES_2016 = rx.compile(r"State\(?s?\)?\s*of\s*Licensure\s*:\s*(?P<v>.*?)(?=Certification|$)", re.IGNORECASE)
_SPECIALTY_2016 = rx.compile(
    r"Certifications?\(?s?\)?\s*/\s*Specialt(?:y|ies)\s*:\s*(?P<v>.*?)(?=State\(?s?\)?\s*of\s*Licens|$)", re.IGNORECASE
)
# 2013–15: "Board Certified in X, has a subspecialty in Y and is licensed to practice in Z." (or "The expert
# reviewer is a Psychologist and is licensed to practice in Z.")
# Where the states follow: "licensed to practice in" (its first word mistyped too: "liensed"), "licensed to practice
# medicine in", "licensed in" (spelled out: not "limited in", "listed in"), "holds a license in".
_LICENSED_IN = (
    r"(?:li\w{2,6}d\s+to\s+practi\w*\s+(?:[a-z]+\s+)?|li[cs]{1,2}en[cs]ed\s+"
    r"|holds?\s+(?:an?\s+)?(?:active\s+)?licen[sc]es?\s+(?:to\s+practi\w*\s+(?:[a-z]+\s+)?)?)in"
)
# "has a subspecialty in", "with a subspecialty in", "and a subspecialty in", ", subspecialty in"
_SUB_LEAD = r"(?:,?\s+(?:and\s+)?(?:has|with)\s+(?:a\s+)?|,?\s+and\s+(?:a\s+)?|,\s*)sub-?\s?spec\w*\s+in"
# "Board Certified in", also mistyped ("Board Certifed", "Board Cerified") or with its "fi" ligature lost in
# extraction ("Board Certied", "Board Certi?ed", "Board Certifi ed"); "Certified in"; "Licensed in"
_BOARD = r"(?:Board[\s-]+Ce[\w?]{2,8}(?: ?[\w?]{1,5})?d|certified|Licensed)"
_SENTENCE_2013 = rx.compile(
    rf"(?:{_BOARD}\s+(?:in|as\s+an?)|reviewer\s+is\s+an?)\s+(?P<spec>.{{1,200}}?)"
    rf"(?:{_SUB_LEAD}\s+(?P<sub>.{{1,200}}?))?"
    rf",?\s+and\s+(?:is\s+)?{_LICENSED_IN}\s+(?P<states>.{{1,200}}?)\.(?:\s|$)",
    re.IGNORECASE,
)


def reviewer_id(specialties: list[str], subspecialty: str | None, states: list[str]) -> str:
    """Stable id from the normalized profile: the same credentials give the same id in every run."""
    key = "|".join([";".join(specialties), (subspecialty or "").lower(), ";".join(states)])
    return "R-" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]  # (a lone surrogate too)


# A credential that names a board only when it is the whole credential: "Licensed in Acupuncture" is an
# acupuncturist, while "Acupuncture & Pain Medicine" is a pain physician's subspecialty, not a second board.
_WHOLE_CREDENTIAL = {"acupuncture": "Oriental Medicine", "acupuncture and oriental medicine": "Oriental Medicine"}


def _build(credentials_text: str, spec_text: str, sub: str | None, states_text: str,
           specialties: list[str] | None = None) -> Reviewer | None:
    if specialties is None:
        specialties = split_specialties(spec_text)
    if not specialties and (whole := _WHOLE_CREDENTIAL.get(" ".join(spec_text.lower().split()).strip(" .,"))):
        specialties = [whole]
    states = state_codes(states_text)
    sub = sub.strip(" .,") if sub else None
    # A 2013–15 subspecialty ("Board Certified in Anesthesia, has a subspecialty in Acupuncture & Pain Medicine")
    # is the reviewer's ``subspecialty``, as written; ``specialties`` are the boards the letter certifies.
    if not specialties and not states:
        return None
    return Reviewer(
        reviewer_id=reviewer_id(specialties, sub, states),
        specialties=specialties,
        primary_specialty=specialties[0] if specialties else None,
        subspecialty=sub or None,
        license_states=states,
        # as written, its spacing made one (letters of one reviewer print "California,North Carolina" and
        # "California, North Carolina"): the same profile reads the same in every letter, whichever is kept
        credentials_text=_COMMA.sub(", ", " ".join(credentials_text.split())).strip(),
    )


_COMMA = re.compile(r"\s*,\s*")


_BULLETS = "-–•*·▪●◦ \t"  # a list's bullet before each credential line ("• State(s) of Licensure: …")


def parse_reviewer_2016(credentials: list[str]) -> Reviewer | None:
    return _reviewer_2016(tuple(line.lstrip(_BULLETS) if line[:1] in _BULLETS else line for line in credentials))


# The two labels, by their letters alone: a label mistyped or mangled in extraction, up to two letters off
# ("Certifcation(s)/Specialty:", "Certication(s)/Specialty:" where a PDF's "fi" ligature maps to nothing,
# "Certifi cation(s)/Specialty:" where it is set apart, "State(s) of Licensue:"), is the label; its line is read
# with the label as the template prints it.
_LABELS_2016 = {"statesoflicensure": "State(s) of Licensure:", "certificationsspecialty": "Certification(s)/Specialty:"}
_LABEL_END = rx.compile(r"[^:]{10,40}:")


def _distance_within(a: str, b: str, limit: int) -> bool:
    """Whether ``a`` becomes ``b`` in at most ``limit`` letters added, dropped or changed."""
    if abs(len(a) - len(b)) > limit:
        return False
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        if min(row) > limit:
            return False
    return row[-1] <= limit


def _label_mended(line: str) -> str:
    """``line`` with a mistyped credential label (``_LABELS_2016``) printed as the template prints it."""
    m = _LABEL_END.match(line)
    if m is None:
        return line
    key = "".join(ch for ch in m.group().lower() if "a" <= ch <= "z")
    label = _LABELS_2016.get(key) or next((v for k, v in _LABELS_2016.items() if _distance_within(key, k, 2)), None)
    return line if label is None else label + line[m.end() :]


@memo  # the same profiles recur across thousands of letters; Reviewer is not mutated
def _reviewer_2016(credentials: tuple[str, ...]) -> Reviewer | None:
    credentials = tuple(_label_mended(line) for line in credentials)
    states_at = next((i for i, line in enumerate(credentials) if re.match(r"State\(?s?\)?\s*of\s*Licens", line, re.IGNORECASE)), None)
    cert_at = next((i for i, line in enumerate(credentials) if line.lower().startswith("certification")), None)
    if states_at is None and cert_at is None:
        return None
    start = min(i for i in (states_at, cert_at) if i is not None)  # either line may come first
    text = " ".join(credentials[start:])
    m_states = _STATES_2016.search(text)
    m_spec = _SPECIALTY_2016.search(text)
    spec_text = m_spec.group("v") if m_spec else ""
    specialties = split_specialties(spec_text)
    # a part DWC's list does not name is there only where the list has more parts than specialties read
    sub = _subspecialty_2016(spec_text) if spec_text.count(",") + spec_text.count(";") >= len(specialties) else None
    return _build(text, spec_text, sub, m_states.group("v") if m_states else "", specialties)


# A certification the list prints that DWC's specialties do not name but that reads as one
# ("Physical Medicine & Rehabilitation, Pediatric Rehabilitation Medicine"): the reviewer's subspecialty, as
# a 2013-15 letter gives it ("has a subspecialty in Pediatric Rehabilitation Medicine").
_CERTIFICATION = rx.compile(
    r"[A-Z][A-Za-z'/ &-]{2,60}?\b(?:Medicine|Surgery|Care|Imaging|Dentistry|Rehabilitation|Anesthesia|"
    r"[A-Za-z]+ology|[A-Za-z]+iatry|[A-Za-z]+iatrics)"
)


def _subspecialty_2016(spec_text: str) -> str | None:
    if "," not in spec_text and ";" not in spec_text:
        return None  # one certification: a board DWC names, or none the warehouse can name
    parts = [" ".join(p.split()).strip(" .") for p in re.split(r"[,;]", spec_text)]
    extra = [p for p in parts if p and _CERTIFICATION.fullmatch(p) and not split_specialties(p)]
    return ", ".join(extra) or None


# Each part of the 2013–15 credential sentence is read on its own, so that a sentence split in two
# ("... Board Certified in Psychiatry. He/she is licensed to practice in California.") or one without a
# subspecialty still gives what it states.
_SPEC_2013 = rx.compile(
    rf"(?:{_BOARD}|reviewer\s+is\s+an?\b)\s+(?:in|as\s+an?)?\s*(?P<spec>[^.]+?)"
    rf"(?={_SUB_LEAD}|,?\s+and\s+(?:is\s+)?{_LICENSED_IN}\b|\.(?:\s|$))",
    re.IGNORECASE,
)
_SUB_2013 = rx.compile(
    rf"sub-?\s?spec\w*\s+in\s+(?P<sub>[^.]+?)(?=,?\s+and\s+(?:is\s+)?{_LICENSED_IN}\b|\.(?:\s|$))", re.IGNORECASE
)
_STATES_2013 = rx.compile(rf"{_LICENSED_IN}\s+(?P<states>[^.]+?)\.(?:\s|$)", re.IGNORECASE)


_DC_ENDING = rx.compile(r"\bD\.\s?C\.(?=\s+[A-Z]|\s*$)")
_DC = rx.compile(r"\bD\.\s?C\.")


def parse_reviewer_2013(credentials: list[str]) -> Reviewer | None:
    text = " ".join(credentials)
    if "D." in text:  # "Washington, D.C.": its full stops end the sentence only where one would
        text = _DC.sub("DC", _DC_ENDING.sub("DC.", text))
    m = _SENTENCE_2013.search(text)
    if m:
        return _build(m.group(0), m.group("spec"), m.group("sub"), m.group("states"))
    spec, sub, states = _SPEC_2013.search(text), _SUB_2013.search(text), _STATES_2013.search(text)
    if not spec and not states:
        return None
    start = min(x.start() for x in (spec, sub, states) if x)
    end = max(x.end() for x in (spec, sub, states) if x)
    return _build(
        text[start:end],
        spec.group("spec") if spec else "",
        sub.group("sub") if sub else None,
        states.group("states") if states else "",
    )
