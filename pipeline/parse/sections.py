"""Split a letter into its sections by their headings, tolerating typos in the headings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

HOW = "HOW THE IMR FINAL DETERMINATION WAS MADE"
SUMMARY = "CLINICAL CASE SUMMARY"
ISSUES = "IMR ISSUES, DECISIONS AND RATIONALES"

_LETTERS = re.compile(r"[^A-Z]")


def _key(line: str) -> str:
    return _LETTERS.sub("", line.upper())


_KEYS = {name: _key(name) for name in (HOW, SUMMARY, ISSUES)}


@dataclass(slots=True)
class Sections:
    header: list[str]
    credentials: list[str]
    summary: list[str]
    issues: list[str]
    found: dict[str, int]  # heading → line index


def _capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _is_heading_candidate(line: str) -> bool:
    return 8 <= len(line) <= 70 and _capitals(line)


_EXACT = {name: name for name in _KEYS}


def find_headings(lines: list[str]) -> dict[str, int]:
    """Index of each known heading's line: as printed first (a set lookup per line), then
    letters-only, then fuzzy for typos — the slow passes run only for a heading not yet found."""
    found: dict[str, int] = {}
    for i, line in enumerate(lines):
        if 8 <= len(line) <= 70:
            name = _EXACT.get(line.upper())
            if name is not None and name not in found:
                found[name] = i
                if len(found) == len(_KEYS):
                    return found
    candidates = [(i, _key(line)) for i, line in enumerate(lines) if _is_heading_candidate(line)]
    for name, key in _KEYS.items():
        if name in found:
            continue
        for i, k in candidates:
            if k == key:
                found[name] = i
                break
    missing = [name for name in _KEYS if name not in found]
    for name in missing:
        key = _KEYS[name]
        best, best_i = 0.0, None
        for i, k in candidates:
            if i in found.values() or abs(len(k) - len(key)) > 6:
                continue
            ratio = SequenceMatcher(None, k, key, autojunk=False).ratio()
            if ratio > best:
                best, best_i = ratio, i
        if best_i is not None and best >= 0.84:
            found[name] = best_i
    return found


def _like(key: str, heading_key: str) -> bool:
    return key == heading_key or (
        abs(len(key) - len(heading_key)) <= 6 and SequenceMatcher(None, key, heading_key, autojunk=False).ratio() >= 0.84
    )


def _join_wrapped_headings(lines: list[str], found: dict[str, int]) -> list[str] | None:
    """The lines with each missing heading that is wrapped over two lines ("IMR ISSUES, DECISIONS AND" /
    "RATIONALES") joined into one, or None where there is none."""
    missing = {name: key for name, key in _KEYS.items() if name not in found}
    taken = set(found.values())
    joined: list[str] | None = None
    i = 0
    while i + 1 < len(lines) and missing:
        a, b = lines[i], lines[i + 1]
        if i not in taken and i + 1 not in taken and len(a) <= 70 and len(b) <= 40 and _capitals(a) and _capitals(b):
            key = _key(a + b)
            name = next((n for n, k in missing.items() if _like(key, k) and not _like(_key(a), k)), None)
            if name is not None:
                joined = (joined if joined is not None else list(lines))
                offset = len(lines) - len(joined)  # lines already joined before this one
                joined[i - offset : i - offset + 2] = [a + " " + b]
                del missing[name]
                i += 2
                continue
        i += 1
    return joined


# The sentence that opens the decisions, where their heading is lost: the decisions follow it.
_ISSUES_INTRO = re.compile(r"The\s+Final\s+Determination\s+was\s+based\s+on\s+decisions", re.IGNORECASE)
# The sentence that opens every summary, where its heading is lost or mistyped out of capitals ("Clincal Case
# Summary"): the summary opens with it.
_HOW_INTRO = re.compile(r"MAXIMUS\s+Federal\s+Services\s+sent\s+the\s+complete\s+case\s+file", re.IGNORECASE)
_SUMMARY_INTRO = re.compile(r"The\s+expert\s+reviewer\s+developed\s+the\s+following", re.IGNORECASE)


def _leftover_heading(line: str) -> bool:
    """A short line without a sentence's marks just before the summary's opening: its heading, mistyped."""
    return len(line) <= 40 and not any(c in line for c in ".:,;0123456789")


def split_sections(lines: list[str]) -> Sections:
    found = find_headings(lines)
    if len(found) < len(_KEYS):
        joined = _join_wrapped_headings(lines, found)
        if joined is not None:
            lines = joined
            found = find_headings(lines)
        if ISSUES not in found:
            start = max(found.values(), default=-1) + 1
            at = next((i for i in range(start, len(lines)) if _ISSUES_INTRO.match(lines[i])), None)
            if at is not None:
                found[ISSUES] = at  # the decisions follow the sentence (its end, "set forth below:", is skipped)
    n = len(lines)
    how = found.get(HOW)
    summ = found.get(SUMMARY)
    iss = found.get(ISSUES)
    first = min(found.values()) if found else n
    if how is None and found:
        # the heading lost (or mistyped past recognition): the section opens at the formula every letter prints there
        at = next((i for i in range(first) if lines[i][:1] in "Mm" and _HOW_INTRO.match(lines[i])), None)
        if at is not None:
            how, first = at - 1, at
    opens = summ + 1 if summ is not None else None  # the summary's first line
    cred_end = summ
    if summ is None and how is not None:
        stop = iss if iss is not None else n
        at = next((i for i in range(how + 1, stop) if lines[i][:1] in "Tt" and _SUMMARY_INTRO.match(lines[i])), None)
        if at is not None:
            opens = cred_end = at
            if at - 1 > how and _leftover_heading(lines[at - 1]):
                cred_end = at - 1
    header = lines[:first]
    cred_start = how + 1 if how is not None else first
    if cred_end is None:
        cred_end = iss if iss is not None else n
    credentials = lines[cred_start:cred_end] if how is not None else []
    summary = lines[opens : iss if iss is not None and iss > opens else n] if opens is not None else []
    issues = lines[iss + 1 :] if iss is not None else []
    return Sections(header, credentials, summary, issues, found)
