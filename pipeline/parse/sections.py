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


def _is_heading_candidate(line: str) -> bool:
    if len(line) > 70 or len(line) < 8:
        return False
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


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


def split_sections(lines: list[str]) -> Sections:
    found = find_headings(lines)
    n = len(lines)
    how = found.get(HOW)
    summ = found.get(SUMMARY)
    iss = found.get(ISSUES)
    first = min(found.values()) if found else n
    header = lines[:first]
    cred_start = how + 1 if how is not None else first
    cred_end = summ if summ is not None else (iss if iss is not None else n)
    credentials = lines[cred_start:cred_end] if how is not None else []
    summary = lines[summ + 1 : iss if iss is not None and iss > summ else n] if summ is not None else []
    issues = lines[iss + 1 :] if iss is not None else []
    return Sections(header, credentials, summary, issues, found)
