"""The disputed items: each an item line ending in its decision, two guideline paragraphs and a rationale.

Grammar (both layouts):
    <treatment, wrapped over 1–3 lines>: Upheld|Overturned      (the decision may stand alone on a line)
    Claims Administrator guideline: …
    MAXIMUS guideline: …
    Decision rationale: …                                        (runs until the next item line)
Partial authorizations wrap a longer sentence around the treatment:
    <original> was the original request. <part> was authorized by the Claims Administrator.
    The remaining IMR eligible portion of the original request, <treatment> is: Upheld
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from . import rx
from .dates import ANY_DATE, parse_date
from .spelling import opens_misspelt, within_one_edit
from .taxonomy import associated_prefix_end
from .text import join_lines, single_spaced, squash

DECISIONS = ("upheld", "overturned")
# An item line's end: separator, then the decision word(s). Searched for only in a line's last
# _ANCHOR_REACH characters: in clean (single-spaced) text the separator, one space, at most 31 characters
# of decision, one space and a full stop span at most 38, so the first match there is the first match.
# ("i(?<!\wi)s" is "\bis" with the first letter first: the engine skips positions holding none of ":", "i", "a".)
_ANCHOR = rx.compile(r"(?P<sep>:|i(?<!\wi)s\b:?|a(?<!\wa)re\b:?)\s*(?P<dec>[A-Za-z][A-Za-z -]{0,30}?)\s*[.:]?$")
# Another author's dash for the colon ("MRI of the knee - Upheld"): only before a decision word as written.
_DASH_ANCHOR = rx.compile(r"\s[-\u2013\u2014]+\s*(?P<dec>upheld|overturned|uphold|overturn)\s*[.:]?$", re.IGNORECASE)
_ANCHOR_REACH = 48
_LONE = rx.compile(r"^(?P<dec>upheld|overturned|uphold|overturn)\s*[.:]?$", re.IGNORECASE)
# The decision as written ("Overturn", "Uphold": the verb for its participle) → the decision.
_DECISION_WORDS = {"upheld": "upheld", "overturned": "overturned", "uphold": "upheld", "overturn": "overturned"}
_DECISION_ENDINGS = tuple(_DECISION_WORDS)
# (without its colon only before the paragraph's own opening words)
_OPENING = r"(?=Decision\s+based|The\s+(?:Claims\s+Administrator|Expert\s+Reviewer)\s+(?:based|did)\b)"
LABEL_CA = rx.compile(rf"^Claims?\s+Adm\w*\s+guid\w*(?:\s*:\s*|\s+{_OPENING})", re.IGNORECASE)
LABEL_MX = rx.compile(rf"^MAXIMUS\s+guid\w*(?:\s*:\s*|\s+{_OPENING})", re.IGNORECASE)
# "Rationale:" too, and the late-2013 "The Expert Reviewer's decision rationale:"
LABEL_RAT = rx.compile(r"^(?:(?:The\s+)?Expert\s+Reviewer'?s\s+)?(?:Decision\s+)?rational\w*(?:\s*:\s*|\s+(?=(?-i:[A-Z][a-z])))",
                       re.IGNORECASE)
# The sentence introducing the items, also where it wraps before its last words ("… set forth" / "below:").
_INTRO = rx.compile(
    r"set\s+forth\s+below\s*:?\s*$|^The\s+Final\s+Determination\s+was\s+based|^(?:forth\s+)?below\s*:\s*$", re.IGNORECASE
)
_SENTENCE_END = rx.compile(r"[.!?][\"')\]]*$")
_PARTIAL = rx.compile(
    r"^(?P<orig>.+?)\s+(?:was|were)\s+the\s+original\s+request\.?\s*(?P<mid>.*?)\s*"
    r"(?:The\s+remaining\s+IMR\s+eligible\s+portion\s+of\s+the\s+original\s+request(?:,|\s+(?:is|are)\b(?!\s*:?\s*$)\s*:?)?"
    r"|The\s+original\s+request,)"
    r"\s*(?P<rem>.+)$",
    re.IGNORECASE,
)
# "X was authorized by the Claims Administrator." or "The Claims Administrator authorized X, leaving the original
# request IMR eligible." (X may hold commas and decimals: "Acupuncture, 6 sessions", "320.5/30/16mg #5").
_AUTHORIZED = rx.compile(
    r"^(?P<a>(?!the\s+(?:original\s+)?request\b).+?)\s+(?:was|were)\s+(?:partially\s+)?(?:authorized|certified|approved|modified)\b"
    r"|\bauthorized\s+(?P<b>.+?)(?:,?\s+leaving\b|\.(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bNo\.)(?=\s+[A-Z]|\s*$)|$)",
    re.IGNORECASE,
)
# "The Claims Administrator modified the request to X.", "The request was modified to X by the Claims Administrator."
_MODIFIED_TO = rx.compile(
    r"\bmodified\s+(?:the\s+(?:original\s+)?request\s+)?to\s+(?!(?:allow|permit|facilitate|enable|accommodate|account|reflect)\b)"
    r"(?P<a>.+?)(?:\s+by\s+the\s+Claims\s+Administrator)?"
    r"(?:,?\s+leaving\b|\.(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bNo\.)(?=\s+[A-Z]|\s*$)|$)",
    re.IGNORECASE,
)
# A sentence's end inside the original request's group: the sentences before it say what was authorized
# ("X was authorized by the Claims Administrator. Y was the original request.").
_SENTENCE_BREAK = rx.compile(r"(?<=[a-z0-9)])(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bNo)\.\s+(?=[A-Z])")
_REMAINING = rx.compile(r"remaining\s+IMR\s+eligible\s+portion|\bThe\s+original\s+request,", re.IGNORECASE)
_ORIGINAL = rx.compile(r"was\s+the\s+original\s+request", re.IGNORECASE)
_TRAILING_IS = rx.compile(r"\s*(?:\bis\b|\bare\b)\s*:?\s*$|\s*:\s*$", re.IGNORECASE)
_RETRO_WORDS = ("retro", "dos", "date")  # one of them is in any text _RETRO or _DOS matches
_ASSOCIATED = rx.compile(r"^Associated\s+surgical\s+services?\s*:?", re.IGNORECASE)
_RETRO = rx.compile(r"\bRetro(?:spective|active)?\b|\bDOS\b|dates?\s+of\s+service|service\s+dates?\b", re.IGNORECASE)
# "DOS 12/7/16", "date(s) of service: 12/07/2016", "service date 12/07/16", "(12/07/2016 DOS)"; the first date of a
# range or a list ("DOS 1/5/16-2/5/16", "dates of service 12/7/16 and 12/14/16")
_DOS = rx.compile(
    rf"(?:\bDOS\b|dates?\s+of\s+service|service\s+dates?)\s*:?\s*(?:on\s+)?(?P<d>{ANY_DATE})|(?P<e>{ANY_DATE})\s+DOS\b",
    re.IGNORECASE,
)
# A retrospective item's one date said otherwise: "Retrospective Famotidine 20mg #60, per 12/07/2016 order", "…
# injection given on 12/29/2016", "… dispensed on 11/18/2016", "(dated 1/5/17)".
_RETRO_DATE = rx.compile(
    rf"\b(?:per|on|dated|from|of)\s+(?P<d>{ANY_DATE})(?!\s*-\s*\d)",
    re.IGNORECASE,
)
# A decision written as a sentence, as the first (2013) letters did: "1) MAXIMUS Federal Services, Inc. has determined
# the request for … is not medically necessary and appropriate."
_DETERMINATION_SENTENCE = rx.compile(r"has\s+determined\s+the\s+request|medically\s+necessary\s+and\s+appropriate",
                                     re.IGNORECASE)
MAX_HEADER_LINES = 8
MAX_PARTIAL_LINES = 16


@dataclass(slots=True)
class RawItem:
    number: int
    header: str  # the item line(s) joined, decision removed
    decision: str  # as written, lower case
    treatment: str
    original_request: str | None
    authorized_portion: str | None
    is_partial: bool
    is_associated: bool
    is_retrospective: bool
    date_of_service: date | None
    ca_text: str | None
    mx_text: str | None
    rationale: str | None


class ItemError(Exception):
    """An item the grammar recognises but whose content makes the letter unusable."""


_LABEL_ANY = rx.compile(
    "|".join(f"(?P<{k}>{label.pattern.lstrip('^')})" for k, label in (("ca", LABEL_CA), ("mx", LABEL_MX), ("rat", LABEL_RAT))),
    re.IGNORECASE,
)
_LABEL_INITIALS = "CcMmDdRrTtEe"  # every label starts with one of these


def _is_label(line: str) -> bool:
    return _label_kind(line) is not None


def _label_kind(line: str) -> str | None:
    """"ca", "mx" or "rat" for a line opening one of an item's three paragraphs, else None."""
    m = _LABEL_ANY.match(line) if line[:1] in _LABEL_INITIALS else None
    if m:
        return m.lastgroup
    colon = line.find(":", 0, 36)
    if colon <= 0:
        return None
    label = within_one_edit(" ".join(line[:colon].lower().split()), _MISTYPED_LABELS)
    return _MISTYPED_LABELS[label] if label else None


# The labels as written, for a label mistyped one letter off ("Claims Administrator gudeline:", "MAIXMUS guideline:",
# "Deciison rationale:"): without it the item line before it would be read as the rationale's last words.
_MISTYPED_LABELS = {"claims administrator guideline": "ca", "maximus guideline": "mx", "decision rationale": "rat"}



def _anchor_match(text: str) -> re.Match[str] | None:
    """Where a clean, single-spaced text ends in a separator and a decision (see _ANCHOR), else None."""
    m = _ANCHOR.search(text, max(0, len(text) - _ANCHOR_REACH))
    if (m is None or m.group("dec").strip().lower() not in _DECISION_WORDS) and (
        text.rstrip(" .:").lower().endswith(_DECISION_ENDINGS)
    ):
        return _DASH_ANCHOR.search(text, max(0, len(text) - _ANCHOR_REACH)) or m
    return m


def _drop_trailing_is(text: str) -> str:
    """``text`` without a trailing "is", "are" or colon. The regex runs only where the text, right-stripped,
    ends in one of them: the others cannot match, and most treatments end otherwise."""
    end = text.rstrip()
    if end.endswith(":") or end[-2:].lower() == "is" or end[-3:].lower() == "are":
        return _TRAILING_IS.sub("", text)
    return text


def _mentions_service_date(low: str) -> bool:
    return any(w in low for w in _RETRO_WORDS)


def _anchor(lines: list[str], kinds: list[str | None], i: int) -> str | None:
    """The decision word if line i ends an item line.

    An item line is followed by its "Claims Administrator guideline:" label (or, where that
    paragraph is missing, by "MAXIMUS guideline:" with a readable decision). A line before the
    claims administrator's label without a readable decision is an item with a bad decision: "".
    """
    nxt = kinds[i + 1] if i + 1 < len(kinds) else None
    if nxt is None or kinds[i] is not None:
        return None
    line = lines[i]
    if nxt != "ca" and not line.rstrip(" .:").lower().endswith(_DECISION_ENDINGS):
        return None  # before the MAXIMUS label (or the rationale's, both guideline paragraphs left out) only a
        # readable decision makes an item line
    m = _LONE.match(line)
    if m:
        return _DECISION_WORDS[m.group("dec").lower()]
    m = _anchor_match(line)
    dec = m.group("dec").strip().lower() if m else ""
    if dec in _DECISION_WORDS:
        return _DECISION_WORDS[dec]
    if nxt != "ca":
        return None
    # A mistyped decision ("Up held", "uph eld", "Overtuned"), after its separator or alone on its line
    fixed = _decision_typo(dec) if dec else (_decision_typo(line.strip(" .")) if len(line) <= 16 else None)
    return fixed or dec


def _decision_typo(written: str) -> str | None:
    """The decision a mistyped decision word stands for: the one of the two that the word, its spaces dropped,
    is or is one edit from ("Up held", "uph eld", "Up-held", "Uphed", "Overtuned"; "Overtumed", its "rn" read as "m");
    else None."""
    word = written.replace(" ", "").replace("-", "").lower()
    if not 5 <= len(word) <= 11 or not word.isalpha():
        return None
    if word in _DECISION_WORDS:
        return _DECISION_WORDS[word]
    return within_one_edit(word, DECISIONS) or (within_one_edit(word.replace("m", "rn"), DECISIONS) if "m" in word else None)


def _header_start(lines: list[str], a: int, floor: int, lone: bool) -> int:
    s = a - 1 if lone and a - 1 >= floor else a
    while s - 1 >= floor and a - s + 1 < MAX_HEADER_LINES and not _ends_block_at(lines, s - 1):
        s -= 1
    # An item line opens with its own first word, not in the middle of a sentence of the line before: a line opening
    # in lower case and closing a sentence, after a line that ends none (nor is the intro or a label), is the
    # rationale's ("… should be supervised by" / "the prescribing M.D." / "Physical therapy 2x6: Upheld").
    if a - s + 1 < MAX_HEADER_LINES:  # (where the walk stopped at a line that ends a block)
        while (s < a and s > 0 and lines[s][:1].islower() and lines[s].rstrip()[-1:] in ".!?"
               and not _SENTENCE_END.search(lines[s - 1]) and not lines[s - 1].rstrip().endswith(":")):
            s += 1
    text = " ".join(lines[s : a + 1])
    # Both regexes below run only where their key word is (every match holds "remaining" or "original").
    low = text.lower()
    if ("remaining" in low or "original" in low) and _REMAINING.search(text):
        while s - 1 >= floor and a - s + 1 < MAX_PARTIAL_LINES:
            if "original" in text.lower() and _ORIGINAL.search(text) and _ends_block_at(lines, s - 1):
                break
            if _is_intro_or_label(lines[s - 1]):  # the items' opening sentence or a label is no item's
                break
            s -= 1
            text = lines[s] + " " + text
    return s


_CONCLUDING = ("medically necessary", "medically appropriate", "not indicated", "not recommended", "not certified",
               "necessary and appropriate")  # the 2013–15 "… is medically necessary and" / "appropriate"


def _is_intro_or_label(line: str) -> bool:
    low = line.lower()
    return bool(("below" in low or low.startswith("the")) and _INTRO.search(line)) or _is_label(line)


def _ends_block_at(lines: list[str], j: int) -> bool:
    """``_ends_block`` of line ``j``, with the line before it."""
    return _ends_block(lines[j], lines[j - 1] if j >= 1 else "")


def _ends_block(line: str, before: str = "") -> bool:
    """Whether a line closes what precedes an item line (a rationale's last sentence, the intro, a label).
    A rationale whose last line lost its full stop, or ends on an abbreviation's, still ends at its concluding
    phrase, also where that phrase wraps from the line ``before`` ("… is not medically" / "necessary")."""
    # Each regex runs only where it can match: _SENTENCE_END on a line ending in one of its characters
    # (or a newline, before which "$" also matches), _INTRO on a line holding "below" or opening with "the".
    if line[-1:] in _SENTENCE_END_CHARS and _SENTENCE_END.search(line) and (
        not _is_dosing_end(line) or _PROSE_OPENING.match(line)  # "The applicant should follow up with the M.D."
    ):
        return True
    if _is_intro_or_label(line):
        return True
    low = line.lower()
    if any(p in low for p in _CONCLUDING):
        return True
    if not before or not low[:1].isalpha():
        return False
    # The phrase must close its clause there ("… is not medically" / "necessary" or "necessary."), not go on
    # ("… as medically" / "necessary, for 6 weeks …": an item line wrapped inside its own words).
    tail = before[-24:].lower()
    joined = f"{tail} {low}"
    for p in _CONCLUDING:
        i = joined.find(p)
        if 0 <= i < len(tail) < i + len(p) - 1 and (
            joined[i + len(p) : i + len(p) + 1] in _CLAUSE_END or joined[i + len(p) : i + len(p) + 2] == " ("
        ):  # closes its clause, or a reference follows ("… necessary (MTUS, page 98-99)")
            return True
    return False


_CLAUSE_END = ("", ".", ";", "!", "?", ")")
# The opening words of a sentence of prose: a line opening so and ending on an abbreviation's full stop ends its
# sentence there (no item line opens so).
_PROSE_OPENING = rx.compile(r"(?:The(?!\s+(?:remaining|original)\b)|This|These|He|She|His|Her|It|They|Please|Further"
                            r"|Therefore|Thus|Given|However|Since|Because|Accordingly)\s")


_SENTENCE_END_CHARS = ".!?\"')]\n"
# A drug's directions and other abbreviations with full stops end no sentence: an item line wrapped after
# "1 TAB P.O.", "Q." or "vs." goes on.
_DOSING_WORDS = frozenset(
    w + "." for w in ("p.o", "po", "q", "b.i.d", "bid", "t.i.d", "tid", "q.i.d", "qid", "q.d", "qd", "q.h.s", "qhs",
                      "h.s", "hs", "p.r.n", "prn", "tab", "tabs", "cap", "caps", "mg", "ml", "qty", "vs", "etc", "approx",
                      "no", "dr",  # "Cyclobenzaprine 7.5mg No." / "60", "… with Dr." / "Smith"
                      # units of time, amount and form in directions ("12 hrs. on and 12 hrs." / "off")
                      "hr", "hrs", "wk", "wks", "mo", "mos", "min", "mins", "oz", "gm", "mcg", "q.o.d", "qod",
                      "a.m", "p.m", "inj", "sol", "susp", "oint", "tsp", "i.m", "i.v", "e.g", "i.e", "ea", "sig",
                      "disp", "ref", "refs", "mr", "mrs", "ms", "st",
                      # sides, sessions and titles an item line may wrap after ("Rt." / "shoulder", "an M.D." / "specialist")
                      "rt", "lt", "bilat", "sess", "cont", "m.d", "d.o", "d.c", "ph.d", "n.p", "p.a", "u.s")
)  # fmt: skip


_PER_TIME = rx.compile(r"\d*x/", re.IGNORECASE)  # "2x/wk.", "x/week."
_EVERY_HOURS = rx.compile(r"q\.?\d{1,2}(?:-\d{1,2})?h\.", re.IGNORECASE)  # "q.6h.", "q4-6h."


def _is_dosing_end(line: str) -> bool:
    last = line[line.rfind(" ") + 1 :].lstrip("(").rstrip(")")  # "(1 tab p.o. q.i.d.)"
    if "/" in last and _PER_TIME.match(last):
        last = last[last.rfind("/") + 1 :]  # "2x/wk.": a frequency's unit
    return len(last) <= 7 and (last.lower() in _DOSING_WORDS or _EVERY_HOURS.fullmatch(last) is not None)


def _strip_decision(header: str, lone: bool, last_line: str = "") -> str:
    if lone:
        header = _LONE.sub("", header.rsplit(" ", 1)[0] if " " in header else "")
        return _drop_trailing_is(header).strip()
    m = _anchor_match(header)
    body = header[: m.start()].strip() if m else header
    # Another author's label before the decision: "… contrast" / "Decision: Upheld", "… contrast IMR Decision: Upheld",
    # "… contrast - Decision: Upheld"; not a treatment's own last word ("Consultation for Surgical Decision: Upheld").
    if body.endswith("Decision") and (label := _DECISION_LABEL.search(body)) and (
        label.group(1) or last_line.lstrip().startswith("Decision")
    ):
        body = body[: label.start()]
    return body


_DECISION_LABEL = rx.compile(r"(\s*[-:]?\s*\bIMR\s+|\s*[-:]\s*)?\s*Decision$")


def _span(lines: list[str], kinds: list[str | None], start: int, end: int) -> tuple[str | None, str | None, str | None]:
    """(claims administrator text, MAXIMUS text, rationale) of one item's body lines."""
    idx: dict[str, int] = {}
    for j in range(start, end):
        kind = kinds[j]
        if kind is not None and kind not in idx:
            idx[kind] = j
    order = sorted(idx.items(), key=lambda kv: kv[1])
    found: dict[str, str] = {}
    for k, (name, j) in enumerate(order):
        stop = order[k + 1][1] if k + 1 < len(order) else end
        # Clean lines are already single-spaced; a word broken at its hyphen is joined ("medi-" / "cally")
        text = join_lines(lines[j:stop])
        label = _LABEL_ANY.match(text)  # line j opens with its label (mistyped: up to its colon)
        found[name] = text[label.end() if label else text.find(":") + 1 :].lstrip()
    return found.get("ca"), found.get("mx"), found.get("rat")


# "1. Norco …", "(1) Norco …", "1. 12 sessions of …"; not "(2) 60mg Toradol injections" (a count, in brackets)
_LIST_NUMBER = rx.compile(r"\(\d{1,2}\)\s+(?=[A-Za-z])|\d{1,2}[.)]\s+(?=[A-Za-z\d])|Item\s+\d{1,2}\s*[:.)-]\s*(?=[A-Za-z\d])",
                          re.IGNORECASE)  # "1. ", "(2) ", "Item 1: "
# "(2) " before a number is the list's only where it is the item's own number ("(2) 1 PHYSICAL THERAPY SESSIONS …" as
# the second item); else a count ("(2) 60mg Toradol injections")
_PAREN_NUMBER = rx.compile(r"\((\d{1,2})\)\s+(?=\d)")
_BULLETS = "\u2022\u25e6\u25aa\u25cf\u25a0\u2023\u2043\u00b7\uf0b7\uf0a7*-"  # •, ◦, ▪, ●, ■, ‣, ⁃, ·, Word's symbol-font bullets, * and -
# A bullet glyph with or without its space; "*" or "-" (or "--") only with one ("-Something" may be a name's own).
_BULLET = rx.compile("[\u2022\u25e6\u25aa\u25cf\u25a0\u2023\u2043\u00b7\uf0b7\uf0a7] ?|(?:\\*|--?) (?=\\S)")


def split_items(lines: list[str]) -> list[RawItem]:
    """Items in letter order; raises ItemError for an item whose decision is not Upheld/Overturned."""
    # the test inlined (hot); a line with a colon near its start may be a label that lost its first letter
    kinds = [_label_kind(line) if line[:1] in _LABEL_INITIALS or line.find(":", 0, 36) > 0 else None for line in lines]
    anchors: list[tuple[int, str, bool]] = []
    for i in range(len(lines) - 1):
        if kinds[i + 1] is None:
            continue
        dec = _anchor(lines, kinds, i)
        if dec is None:
            continue
        anchors.append((i, dec, bool(_LONE.match(lines[i]))))
    items: list[RawItem] = []
    floor = 0
    starts = []
    for a, dec, lone in anchors:
        s = _header_start(lines, a, floor, lone)
        starts.append(s)
        floor = a + 1
    for k, (a, dec, lone) in enumerate(anchors):
        s = starts[k]
        end = starts[k + 1] if k + 1 < len(anchors) else len(lines)
        header = join_lines(lines[s : a + 1])
        body = _strip_decision(header, lone, lines[a])
        if dec not in DECISIONS:
            shown = body if len(body) <= 80 else body[:77] + "..."
            written = f"'{dec}'" if dec else "no decision"
            if not dec and _DETERMINATION_SENTENCE.search(header):
                raise ItemError(
                    f"item {k + 1} ('{shown}') gives its decision as a sentence ('… is [not] medically necessary and "
                    "appropriate', as the first 2013 letters did), not as Upheld or Overturned; that wording has no "
                    "grammar yet, so the letter is kept out rather than half-read"
                )
            raise ItemError(
                f"item {k + 1} ('{shown}') has {written} instead of Upheld or Overturned; "
                "check the letter and correct or re-extract it"
            )
        treatment, orig, auth, partial = body, None, None, False
        low = header.lower()  # cheap necessary conditions below (body is the header less its decision)
        m = _PARTIAL.match(body) if "original request" in low else None
        if m:
            partial = True
            orig, mid = m.group("orig"), m.group("mid")
            if ". " in orig:  # the authorized portion told first: its sentence is no part of the original request
                cut = next((b for b in _SENTENCE_BREAK.finditer(orig) if _AUTHORIZED.search(orig[: b.start()])
                            or _MODIFIED_TO.search(orig[: b.start()])), None)  # fmt: skip
                if cut is not None:
                    orig, mid = orig[cut.end() :], f"{orig[: cut.start()]}. {mid}"
            orig = squash(orig)
            am = (_MODIFIED_TO.search(mid) if "modified" in mid else None) or _AUTHORIZED.search(mid)
            portion: str | None = (am.group("a") or (am.group("b") if am.re is _AUTHORIZED else None)) if am else None
            auth = squash(portion).strip(" .,") if portion else None
            treatment = _drop_trailing_is(squash(m.group("rem"))).rstrip(" ,")  # "…, Acupuncture 12 sessions, is"
        treatment = _drop_trailing_is(treatment).strip()
        if treatment[:1].isdigit() or treatment[:1] == "(" or treatment[:5].lower() == "item ":
            number = _LIST_NUMBER.match(treatment)  # "1. Norco 10/325mg #90": the list's number, at the start only
            if number is None and (paren := _PAREN_NUMBER.match(treatment)) and int(paren.group(1)) == k + 1:
                number = paren
            if number:
                treatment = treatment[number.end():]
        elif treatment[:1] in _BULLETS:  # "• Norco 10/325mg #90", "- Norco …": a list's bullet
            bullet = _BULLET.match(treatment)
            if bullet:
                treatment = treatment[bullet.end():]
        # Most item lines name no service date: a substring test rules both regexes out (on ASCII text,
        # where lower() case-folds as the case-insensitive regexes do).
        dated = not header.isascii() or _mentions_service_date(low)
        # "Retrospecitve Norco …", "Restrospective request for …": the opening word mistyped
        retro = bool(opens_misspelt(treatment, "retrospective")) if treatment[:1] in "Rr" else False
        dated = dated or retro
        dos = _DOS.search(header) if dated else None
        retro = dated and (retro or bool(_RETRO.search(header)))
        if dos is None and retro:
            dos = _RETRO_DATE.search(header)
        ca, mx, rat = _span(lines, kinds, a + 1, end)
        items.append(
            RawItem(
                number=k + 1,
                header=header,
                decision=dec,
                treatment=treatment,
                original_request=orig,
                authorized_portion=auth,
                is_partial=partial,
                is_associated=bool(_ASSOCIATED.match(treatment)) or (
                    treatment[:1] in "Aa" and associated_prefix_end(treatment.lower()) > 0),
                is_retrospective=retro,
                date_of_service=(parse_date(dos.group("d") or (dos.group("e") if dos.re is _DOS else None))
                                 if dos else None),
                ca_text=ca,
                mx_text=mx,
                rationale=rat,
            )
        )
    return items


# --- the rationale's conclusion ---------------------------------------------------------------
_BOUNDARY = rx.compile(r"[.!?]\s+(?=[A-Z\"'(])")  # a sentence's end, the space after it, the next one's start
# The same boundary in single-spaced text without "!" or "?" (most rationales): a pattern opening with a
# literal, which the regex engine finds by its first character instead of testing a class at every one.
_DOT_BOUNDARY = rx.compile(r"\. (?=[A-Z\"'(])")


def _sentences(text: str, spaced: bool | None = None) -> list[str]:
    """Sentences split at a full stop, question or exclamation mark followed by space and a capital,
    quote or bracket (the punctuation stays with its sentence). (A split on the space alone, with a
    look-behind, reads the same but scans every position: ~8% more instructions a letter.)
    ``spaced``: ``single_spaced(text)``, where the caller knows it."""
    if spaced is None:
        spaced = single_spaced(text)
    plain = spaced and "!" not in text and "?" not in text
    out, start = [], 0
    for m in (_DOT_BOUNDARY if plain else _BOUNDARY).finditer(text):
        out.append(text[start : m.start() + 1])
        start = m.end()
    out.append(text[start:])
    return out


_MEDICAL_PHRASES = ("medically necessary", "medically appropriate", "medically reasonable", "medically indicated",
                    "medically warranted", "medical necessity", "medically unnecessary")
# "necessary" as written, and as reviewers mistype it ("neccessary", "necesary", "necessay", "nessecary"): a
# word of "ne", "c" or "s", three to six letters and "y", ending neither like "necessarily" nor "necessity".
_NECESSARY = r"ne[cs][a-z]{3,6}(?<![ilt])y\b"
# One of _MEDICAL_PHRASES, or "medically" (or "medicaly") before a misspelt (un)necessary, is in a text exactly when
# this matches it (one scan for "medical" instead of seven).
_MEDICAL = rx.compile(
    rf"medical(?:l?y (?:{_NECESSARY}|appropriate|reasonable|indicated|warranted|un{_NECESSARY})| necessity)"
)
# In the two patterns below a word's first letter comes before the test that it starts a word
# ("i(?<!\wi)s" is "\bis"), so the regex engine skips every position not holding one of those letters.
_VERB_CONCLUSION = rx.compile(
    r"(?:i(?<!\wi)s|a(?<!\wa)re|b(?<!\wb)e|w(?<!\ww)(?:as|ere)|r(?<!\wr)emains?) (?:therefore |thus |hereby |hence )?"
    r"(?:deemed |considered |found )?(?:not un|not |non-?|un)?(?:clinically )?"
    rf"(?:indicated|recommended|warranted|supported|certified|appropriate|{_NECESSARY}|reasonable|justified)\b"
)
# "I recommend non-certification of the request": searched only in a sentence holding "certification".
_RECOMMENDS_CERTIFICATION = rx.compile(r"\brecommend(?:s|ed)? (?:the )?(?:non-?)?certification\b")
# "non-" before a word is a negation only in "non-certified" and its kin ("non-emergency transportation" is none).
_NEGATION = rx.compile(
    r"n(?<!\wn)(?:ot|o|either|or)\b|n(?<!\wn)on\b(?!-(?!certif|approv|authori|necess))"
    rf"|u(?<!\wu)n(?:{_NECESSARY}|able|warranted|supported|reasonable|justified|indicated)\b|c(?<!\wc)annot\b"
    r"|l(?<!\wl)ack(?:s|ing)?\b|n't\b|n(?<!\wn)oncertif\w*"
    # "none" as the conclusion's subject: "none of the associated services are medically necessary", not "none of the
    # contraindications the request is …", "none of which are documented, and …" nor "None the less, …"
    r"|n(?<!\wn)one (?:of (?:the |these |those |his |her |their )?(?:(?!the\b|requests?\b|which\b)[\w-]+ ){1,3}?)?(?:is|are|was|were)\b"
)
# Rarer negative wordings, tried only where their words are ("insufficient", "fails to establish").
_NEGATION_RARE = rx.compile(r"\binsufficient\b|\bfail(?:s|ed)? to (?:establish|demonstrate|document|support|show|meet)\b")


# Words of a treatment's own name or dose that are no negation of the conclusion repeating it ("Home health
# aide, not to exceed 4 hours", "Lidocaine patch #30, no refills", "Tramadol 50mg No. 60", "Non steroidal …").
_NAMED_NOT = rx.compile(
    r"not to exceed|no more than|no (?:later|less|fewer) than|no refills?|\bno\.\s*\d|\(no\b[^)]*\)|\(not\b[^)]*\)"
    r"|not for purchase"
    r"|\bnon[- ](?:steroidal|emergen\w*|custom|contrast|surgical|invasive|operative|narcotic|opioid|pharmacologic\w*)"
)
# A conclusion drawn with "therefore" (or the like) starts there: "The patient has not improved and therefore
# the request … is medically necessary".
_THEREFORE = rx.compile(r"\b(?:therefore|thus|hence|consequently|accordingly)\b")
# A modal sentence ("Additional sessions … would not be medically necessary without …", "#60 would be medically
# necessary for weaning") is advice after the conclusion, unless no other sentence concludes.
_MODAL = rx.compile(r"\b(?:would|may|might|could)(?: not)? be\b")
_REASONS_AFTER = rx.compile(r",? (?:as|because|since|given|considering|due to)\b|, (?:and|which)\b")
# A sentence opening with a clause of reasons ("Given the lack of improvement, the request … is medically
# necessary"): the reasons' negations are not the conclusion's; only what follows their comma is read.
_REASONS_FIRST = rx.compile(
    r"(?:therefore,? |thus,? |hence,? |however,? )?(?:given|since|as|because|although|though|despite|in light of|"
    r"in view of|due to|considering|with|while|after|upon|based on)\b[^,]*, "
)


# A negative word negated ("is not unreasonable", "is not unnecessary"): the positive word.
_DOUBLE_NEGATIVE = rx.compile(
    rf"\bnot (?:be )?un(?=(?:{_NECESSARY}|warranted|supported|reasonable|justified|indicated)\b)"
)


def _negated(clause: str) -> bool:
    """Whether a concluding clause (lower-cased) is negative ("not unreasonable" is not)."""
    if "not un" in clause or "not be un" in clause:
        clause = _DOUBLE_NEGATIVE.sub("", clause)
    return bool(_NEGATION.search(clause)) or (
        ("insufficient" in clause or "fail" in clause) and bool(_NEGATION_RARE.search(clause))
    )


# Someone else's view reported ("The treating physician states the therapy is medically necessary"), and a note
# on the decision itself ("This decision addresses the medical necessity of opioids as they have been prescribed"):
# neither is the reviewer's conclusion.
_REPORTED = rx.compile(
    r"\b(?:physician|provider|doctor|dr|treater|surgeon|therapist|clinician|patient|applicant|worker|claimant|attorney"
    r"|requester|requestor|he|she|they)(?: \w+)? (?:states?|stated|feels?|felt|believes?|believed|opines?|opined"
    r"|argues?|argued|asserts?|asserted|contends?|contended|claims?|claimed|maintains?|maintained)\b"
    # "The treating physician's opinion that …", "…, which is medically necessary in his opinion"
    r"|'s (?:opinion|assertion|contention|belief|argument|view) that\b|\bin (?:his|her|their) (?:opinion|view)\b"
    # the review under appeal's finding ("The prior utilization review physician found the request …")
    r"|\b(?:ur|utilization review)(?: \w+)? (?:found|determined|deemed|felt|considered)\b"
    r"|\b(?:prior|previous|initial|original|first) (?:\w+ ){0,2}?(?:reviewers?|physicians?|reviews?|determinations?|decisions?)"
    r" (?:had |has )?(?:found|determined|deemed|felt|considered|concluded) (?:that )?(?:it|this|the request)\b"
)
_ON_THE_DECISION = rx.compile(r"\bthis (?:medical necessity )?(?:decision|determination) (?:addresses|should not be)")


# Verdicts given on the review under appeal or on the guideline's criteria ("The UR decision is upheld.", "I recommend
# overturning the utilization review decision.", "The guideline criteria have not been met.").
_ON_REVIEW = rx.compile(
    r"\b(?:ur|utilization review)(?: \w+)? (?:decision|determination) (?:is|was|should be) (?:hereby )?(?P<up>upheld)\b"
    r"|\b(?:ur|utilization review)(?: \w+)? (?:decision|determination) (?:is|was|should be) (?:hereby )?(?P<over>overturned|reversed)\b"
    # "I would agree with the UR determination", "I concur with the prior reviewer's non-certification", "I disagree
    # with the UR physician's determination"
    r"|\bi (?:would |do |must |also )?(?P<agree>agree|concur|(?:not (?:agree|concur))|(?:respectfully )?disagree) with (?:the )?"
    r"(?:(?:(?:prior|previous|original|ur|utilization review|claims administrator'?s?|peer) )+(?:(?:physician|reviewer|review)'?s? )?"
    r"(?:decision|determination|non-?certification|denial|modification)|(?:(?:prior|previous|original) )?reviewer'?s? "
    r"(?:decision|determination|non-?certification|denial|modification)|non-?certification|denial)\b"
    # "Recommend denial.", "I would recommend approval of this request.", "I cannot recommend approval"
    # (each branch opens with a word's letter, so the engine skips every position holding none: no "^" here)
    r"|\bi (?:would |do |must |therefore |also )?(?P<notrec>not |cannot |can not |do not |would not )?recommend(?:s|ed)? "
    r"(?:the )?(?:(?P<recdeny>denial|non-?approval)|approval|authorization)\b"
    r"|\brecommend(?<![a-z] recommend)(?<![a-z], recommend)(?:s|ed)? (?:the )?(?:(?P<recdeny2>denial|non-?approval)|approval"
    r"|authorization)\b"
    # "The request is well supported by the guidelines"
    r"|\brequest(?: [\w/-]+){0,8}? is (?:therefore )?(?:well|fully) supported\b"
    r"|\boverturn(?:ing|ed)? (?:the|this) (?:prior )?(?:ur|utilization review)\b"
    # "I am upholding the previous non-certification", "overturning the prior denial"
    r"|\b(?P<up2>uphold(?:ing|s)?) (?:the|this) (?:(?:prior|previous|ur|utilization review) )*(?:non-?certification|denial)\b"
    r"|\boverturn(?:ing|s)? (?:the|this) (?:(?:prior|previous|ur|utilization review) )*(?:non-?certification|denial)\b"
    # "The request is therefore denied.", "The request is not approved."
    r"|\brequest(?: [\w/-]+){0,8}? is (?:therefore |thus |hereby |hence )?(?P<refused>not approved|not authorized|denied)\b"
    r"|\brequest(?: [\w/-]+){0,8}? is (?:therefore |thus |hereby |hence )?(?:approved|authorized)\b"
    r"|\bcriteria (?:have|has|are|is|were|was) (?P<neg>not |never )?(?:been )?(?:met|satisfied|fulfilled)\b"
    # "Guidelines do not support the request", "The documentation supports this request"
    r"|\b(?:guidelines?|mtus|odg|acoem|evidence|records?|documentation|literature)(?: (?!not\b|never\b)[\w/-]+){0,3}? "
    r"(?:(?P<unsupported>(?:(?:do|does|did|would|could|can|will|may)(?: not|n't)|cannot|can not|fails? to|failed to)"
    r"(?: \w+ly)?) support|supports?|supported) (?:the|this) request\b(?![\w ]{0,20}\b(?:only|if|when|unless|provided|after)\b)"
    # "I cannot recommend this request", "I recommend the request"
    r"|\bi (?:(?P<unrecommended>cannot|can not|do not|don't|am unable to|would not) recommend|recommend) (?:the|this) request\b"
    r"(?! (?:be |to be )?(?:denied|non-?certified|not\b))"
    # "The request … should be denied", "… should be approved"
    r"|\brequest(?: [\w/-]+){0,8}? should (?:therefore |thus )?be (?:(?P<refused2>denied|non-?certified)|approved|certified|authorized)\b"
    r"(?![\w ]{0,20}\b(?:only|if|when|unless|provided|after)\b)"
    # "The non-certification is upheld / overturned"
    r"|\bnon-?certification (?:is|was|should be) (?:hereby |therefore )?(?:(?P<up3>upheld)|overturned)\b"
)


def _verdict_on_review(low: str) -> str | None:
    m = _ON_REVIEW.search(low)
    if m is None:
        return None
    refused = (m.group("up") or m.group("up2") or m.group("neg") or m.group("refused") or m.group("unsupported")
               or m.group("unrecommended") or m.group("refused2") or m.group("up3")
               or (m.group("agree") in ("agree", "concur")) or (bool(m.group("recdeny")) != bool(m.group("notrec"))) or m.group("recdeny2"))
    return "not_medically_necessary" if refused else "medically_necessary"


def _reported(clause: str) -> bool:
    return ("stat" in clause or "feel" in clause or "felt" in clause or "believ" in clause or "opin" in clause or "argu" in clause
            or "assert" in clause or "conten" in clause or "claim" in clause or "maintain" in clause or "view" in clause
            or "found" in clause or "determin" in clause or "deem" in clause or "consider" in clause) and bool(_REPORTED.search(clause))  # fmt: skip


# A negation run into its neighbour or mistyped ("isnot", "notmedically", "nto"), and "medically" mistyped ("medical
# necessary", "medicallynecessary", "mediacally", "mediclly"): read as written correctly.
_MISTYPED_AS = {"isnot": "is not", "notmedically": "not medically", "nto": "not", "medical": "medically",
                "mediacally": "medically", "mediclly": "medically", "medicallynecessary": "medically necessary"}
_MISTYPED = rx.compile(
    r"\bisnot\b|\bnotmedically\b|\bnto\b(?= (?:medically|be|necessary|indicated|recommended|supported|certified)\b)"
    rf"|\bmedical\b(?= {_NECESSARY})|\bmediacally\b|\bmediclly\b|\bmedicallynecessary\b"
)


def _names_the_request(sentence: str) -> bool:
    low = sentence.lower()
    return "the request" in low or "this request" in low


def _is_condition(low: str) -> bool:
    """Whether a sentence opening "if" or "whether" states a condition, not a verdict: its verdict modal ("If …, the
    request would be medically necessary"), or inside the "whether" clause ("Whether this request is medically
    necessary depends on …"); not "If this request is for long-term use, it is not medically necessary"."""
    if low.startswith("if "):
        return _is_modal(low)
    said = _concludes(low)
    comma = low.find(", ")
    return said is None or comma < 0 or said.start() < comma


# What is said to be not so: the verdict after it is turned around.
_DENIED_THAT = rx.compile(
    r"\b(?:i|it|we)\s+(?:cannot|can not|can't|could not|do not|don't|would not)\s+(?:be\s+)?(?:said|say|agree|conclude|find)"
    r"\s+that\b"
)


# A verdict written alone, with neither subject nor verb: "Not certified.", "Non-certified.", "Approved.", "Overturn.",
# "Determination: Not certified." (not a guideline's "Not recommended.", which opens ODG's entries)
_BARE_VERDICT = rx.compile(
    r"(?:(?:recommendation|determination|decision|verdict): )?"
    r"(?:(?P<neg>not |non-?)?(?:certified|approved|authorized|medically necessary)|(?P<denied>denied|upheld|uphold|non-?certify)"
    r"|overturn(?:ed)?)[.!]?"
)


def _sentence_polarity(sentence: str, known_spaced: bool = False) -> str | None:
    """Polarity of a sentence that states a conclusion about the request, else None.
    ``known_spaced``: the caller knows the sentence is single-spaced (a piece of a single-spaced text)."""
    low = sentence.lower()
    low = low.strip() if known_spaced or single_spaced(low) else " ".join(low.split())
    if len(low) < 40 and (bare := _BARE_VERDICT.fullmatch(low)):
        return "not_medically_necessary" if bare.group("neg") or bare.group("denied") else "medically_necessary"
    if ("isnot" in low or "notmedic" in low or " nto " in low or "medicallyn" in low or "medical ne" in low
            or "mediacal" in low or "mediclly" in low):
        low = _MISTYPED.sub(lambda m: _MISTYPED_AS[m.group()], low)
    if low.startswith(("if ", "whether ")) and _is_condition(low):
        return None  # a condition ("If … has failed, the request would be medically necessary"), no verdict
    if not _concludes(low):
        return _verdict_on_review(low) if ("upheld" in low or "overturn" in low or "criteria" in low or "uphold" in low
                                           or "approved" in low or "authorized" in low or "denied" in low
                                           or "support" in low or "recommend" in low or "should" in low or "agree" in low
                                           or "concur" in low or "revers" in low) else None
    if ("this decision" in low or "this determination" in low or "this medical necessity" in low) and _ON_THE_DECISION.search(low):
        return None
    if "that" in low and (denied := _DENIED_THAT.search(low)) and _concludes(low, denied.end()):
        # "It cannot be said that this request is not medically necessary", "I do not agree that the request is …"
        return "medically_necessary" if _negated(_conclusion_clause(low[denied.end() :].strip())) else "not_medically_necessary"
    clause = _conclusion_clause(low)
    if _reported(clause):
        return None
    if ("denial" in clause or "certification" in clause or "decision" in clause or "determination" in clause) and (
        on_denial := _ON_DENIAL.search(clause)
    ) and not _MEDICAL.search(clause):
        return "medically_necessary" if on_denial.group("not") else "not_medically_necessary"
    if "overturned" in clause and "certification" in clause:
        clause = _CERTIFICATION_OVERTURNED.sub(" ", clause)  # "… is medically necessary and the prior non-certification is overturned"
    return "not_medically_necessary" if _negated(clause) else "medically_necessary"


_CERTIFICATION_OVERTURNED = rx.compile(r"\b(?:the )?(?:prior |previous )?non-?certification (?:is|was) (?:hereby )?overturned\b")


# What is said of the denial under appeal ("The denial is supported", "The prior non-certification was not
# appropriate"): the opposite of what it would say of the request.
_ON_DENIAL = rx.compile(
    r"\b(?:denial|non-?certification|adverse determination|(?:ur|utilization review)(?: \w+)? (?:decision|determination)"
    r"|(?:prior|previous) (?:decision|determination))(?: [\w-]+){0,3}? (?:is|was|are|were|remains?) "
    r"(?:therefore |thus |hereby )?(?:deemed |considered |found )?(?P<not>not )?"
    r"(?:supported|appropriate|warranted|indicated|justified|reasonable|upheld)\b"
)


# A guideline's criterion, not a verdict, unless it is the rationale's last sentence: "Imaging is recommended when
# unequivocal objective findings identify …", "Acupuncture is indicated only if pain medication is reduced": the verb
# is followed by its condition, and nothing in the sentence is the request, this patient or a "therefore". (Last,
# after the facts, it is the verdict: "No red flags are documented. An MRI is not indicated when there are none.")
_CONDITION_AFTER = rx.compile(
    r",? (?:only )?(?:when|if|unless|in (?:patients|cases|individuals|those|people|workers)|for (?:patients|individuals|those|people|workers))\b"
)
_ON_THE_CASE = rx.compile(
    r"\b(?:request\w*|this|these|here|the (?:patient|injured worker|claimant|applicant|employee|worker|insured)|he|she|his|her"
    r"|therefore|thus|hence|consequently|accordingly)\b"
)


def _is_criterion(sentence: str) -> bool:
    low = sentence.lower()
    said = _VERB_CONCLUSION.search(low)
    return (said is not None and _CONDITION_AFTER.match(low, said.end()) is not None
            and _MEDICAL.search(low) is None and _ON_THE_CASE.search(low) is None)  # fmt: skip


def _concludes(low: str, start: int = 0) -> re.Match[str] | None:
    return (_MEDICAL.search(low, start) or _VERB_CONCLUSION.search(low, start)
            or (_RECOMMENDS_CERTIFICATION.search(low, start) if "certification" in low else None))


def _conclusion_clause(low: str) -> str:
    """The clause of a concluding sentence that states the conclusion: the last of its ";"-separated
    clauses that concludes, less a clause of reasons before it ("Given the lack of improvement, …") or
    after it ("…, as there are no contraindications")."""
    low = _verdict_clause(low)
    said = _concludes(low)
    if said is None:
        return low
    if ", " in low[said.end() :] and _UR_SAID.search(low, 0, said.start()):
        # the review under appeal's finding, then the reviewer's own ("Contrary to the UR determination, which
        # found the request not medically necessary, the request … is medically necessary"): the latter
        comma = low.find(", ", said.end())
        if _concludes(low, comma + 2):
            low = low[comma + 2 :]
            said = _concludes(low)
            if said is None:
                return low
    # (Each regex below runs only where a word every match of it holds is in the text.)
    reasons = _REASONS_FIRST.match(low) if ", " in low else None
    if (reasons and reasons.end() > said.start() and not low.startswith(_SUBORDINATE, reasons.end())
            and _concludes(low, reasons.end()) is not None):
        # the reasons concluding on something else ("Although the prior request was not medically necessary, this
        # request is medically necessary"): the conclusion after them
        low = low[reasons.end() :]
        said = _concludes(low)
    elif reasons and reasons.end() <= said.start():  # reasons first: from the last comma before the conclusion
        low = low[low.rfind(", ", 0, said.start()) + 2 :]
        said = _concludes(low)
    elif _has_therefore(low[: said.start()]) and (therefore := _THEREFORE.search(low, 0, said.start())):
        low = low[therefore.start() :]
        said = _concludes(low)
    tail = low[said.end() :] if said else ""
    if said and (" as " in tail or " because " in tail or " since " in tail or " given " in tail or " due to " in tail
            or "considering" in tail or ", and " in tail or ", which" in tail):  # fmt: skip
        after = _REASONS_AFTER.search(low, said.end())
        low = low[: after.start()] if after else low
    if "not to" in low or "no " in low or "no." in low or "(no" in low or "non " in low or "not for" in low:
        low = _NAMED_NOT.sub(" ", low)
    return low


# Words opening a clause that is not the sentence's main one: what follows the reasons' comma, if one of them, is
# no conclusion of its own ("With no improvement the request is not medically necessary, although a home exercise
# program is recommended").
_SUBORDINATE = ("although", "though", "while", "whereas", "but ", "as ", "because", "since", "and ", "which", "however",
                "if ", "unless", "given", "with ", "so ", "even")
# The utilization review under appeal, or its reviewer, as the subject of what is said.
_UR_SAID = rx.compile(r"\b(?:ur|utilization review|claims administrator|prior review\w*|previous review\w*)\b")
# An aside after the conclusion ("Of note, a home exercise program is medically necessary.", "Note that the UR found
# the request not medically necessary."): a conclusion only where no sentence before it in the window is one. A
# sentence so opened that gives its own verdict on the request is none ("It is noted the patient has minimal deficits
# and given …, the request at this time is not medically necessary.").
_ASIDE = ("of note", "note that", "note:", "in addition", "additionally", "also,", "furthermore", "it is noted")


def _is_aside(sentence: str) -> bool:
    low = sentence.lstrip().lower()
    return low.startswith(_ASIDE) and ("request" not in low or bool(_UR_SAID.search(low)))


def _has_therefore(text: str) -> bool:
    return "therefore" in text or "thus" in text or "hence" in text or "consequently" in text or "accordingly" in text


def _is_modal(sentence: str) -> bool:
    return ("would" in sentence or "may" in sentence or "might" in sentence or "could" in sentence) and bool(
        _MODAL.search(sentence.lower())
    )


def _verdict_clause(low: str) -> str:
    """The ";"-separated clause of a lower-cased sentence that concludes: the last that does, before a modal
    one after it ("…; however, a modified request for 3 sessions would be medically necessary"), so "… is not
    medically necessary at this time; it may be reconsidered …" concludes in its first clause."""
    if ";" not in low:
        return low
    clauses = [c for c in low.split(";") if _concludes(c)]
    return next((c for c in reversed(clauses) if not _is_modal(c)), clauses[-1] if clauses else low)


def _is_weaning_advice(sentence: str) -> bool:
    """A closing remark on weaning or tapering the drug ("Weaning is recommended.", "However, a slow taper is
    recommended."): advice after the conclusion, not the conclusion, unless it speaks of the request or of
    medical necessity ("The request for weaning is recommended.")."""
    low = sentence.lower()
    return ("wean" in low or "taper" in low) and "request" not in low and not _MEDICAL.search(low)


def _last_conclusion(sentences: list[str], spaced: bool, start: int, stop: int, eligible) -> tuple[str, int] | None:
    """(polarity, index) of the last sentence from ``start`` down to (not including) ``stop`` that is
    ``eligible`` and concludes, else None."""
    for idx in range(start, stop, -1):
        if eligible(sentences[idx]) and (pol := _sentence_polarity(sentences[idx], spaced)):
            return pol, idx
    return None


@lru_cache(maxsize=16)  # the last item's rationale is read twice: for truncation, then for the row
def rationale_conclusion(rationale: str | None) -> tuple[str, bool]:
    """(conclusion from the rationale's last concluding sentence, whether earlier sentences argue the other way)."""
    if not rationale:
        return "unclear", False
    # The conclusion is in the last sentences; only the tail is read (long rationales quote guidelines at length).
    tail = rationale[-1500:]
    spaced = single_spaced(tail)  # then so is each sentence of it
    sentences = _sentences(tail, spaced)
    first = len(sentences) - 1
    last = sentences[first] if sentences else ""
    found = _last_conclusion(sentences, spaced, first, max(-1, first - 4),
                             lambda s: not _is_weaning_advice(s) and (s is last or not _is_criterion(s)))
    if found and found[1] > 0 and _is_aside(sentences[found[1]]):
        found = _last_conclusion(sentences, spaced, found[1] - 1, max(-1, first - 4),
                                 lambda s: not _is_aside(s) and not _is_weaning_advice(s) and not _is_criterion(s)) or found  # fmt: skip
    if found and _is_modal(sentences[found[1]]) and _is_modal(_verdict_clause(sentences[found[1]].lower())):
        # a modal sentence concludes only where no sentence before it in the window does
        found = _last_conclusion(sentences, spaced, found[1] - 1, max(-1, first - 4),
                                 lambda s: not _is_modal(s) and not _is_weaning_advice(s) and not _is_criterion(s)) or found  # fmt: skip
    if found and "request" not in sentences[found[1]].lower() and not _MEDICAL.search(sentences[found[1]].lower()):
        # A closing recommendation that is not about the request ("A home exercise program is recommended.")
        # yields to the sentence before it that concludes on the request's medical necessity.
        found = (_last_conclusion(sentences, spaced, found[1] - 1, max(-1, found[1] - 3),
                                  lambda s: "request" in s.lower() and bool(_MEDICAL.search(s.lower())))
                 # … or on the request otherwise, where the last is advice ("The request is not certified. Land-based
                 # therapy is recommended."), not where it is said of the review under appeal
                 or (_last_conclusion(sentences, spaced, found[1] - 1, max(-1, found[1] - 2),
                                      lambda s: _names_the_request(s) and not _UR_SAID.search(s.lower()))
                     if "recommend" in sentences[found[1]].lower() else None)
                 or found)  # fmt: skip
    conclusion, last_idx = found if found else ("unclear", None)
    mixed = False
    if last_idx is not None:
        for s in sentences[max(0, last_idx - 4) : last_idx]:
            if "medic" not in s.lower():
                continue
            pol = _sentence_polarity(s, spaced)
            if pol and pol != conclusion and any(p in s.lower() for p in _MEDICAL_PHRASES[:3]):
                mixed = True
                break
    return conclusion, mixed
