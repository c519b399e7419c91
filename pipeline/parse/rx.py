"""Compiling the letter grammar's regular expressions.

The grammar is ASCII: labels, decisions, dates, guideline names and the taxonomy's words. Patterns are
compiled with ``re.ASCII``, so ``\\b``, ``\\w``, ``\\d``, ``\\s`` and case-insensitive matching follow ASCII
rules. On ASCII text (nearly every letter once quotes and dashes are normalised) that matches exactly
what Unicode rules match, and Python's regex engine runs ~13% fewer instructions over a letter
(callgrind, ``bench/bench.py`` parse-only). On the rare non-ASCII letter, an accented letter counts
as a word boundary instead of a word character; everything else stays as written.
"""

from __future__ import annotations

import re


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags | re.ASCII)


def openings_at(low: str, openings: tuple[str, ...], word_start: bool = False) -> list[int]:
    """Where in ``low`` (lower-cased ASCII text) one of ``openings`` occurs, in order; with ``word_start``,
    only where it does not continue a word."""
    starts = set()
    for word in openings:
        i = low.find(word)
        while i >= 0:
            if not (word_start and i and (low[i - 1].isalnum() or low[i - 1] == "_")):
                starts.add(i)
            i = low.find(word, i + 1)
    return sorted(starts)


def search_at_openings(
    pattern: re.Pattern[str], text: str, openings: tuple[str, ...], *, word_start: bool = False
) -> re.Match[str] | None:
    """``pattern.search(text)``, tried only where a match can start.

    ``openings`` are lower-case literals one of which begins every match of ``pattern`` (a
    case-insensitive pattern). On ASCII text, where ``lower()`` keeps every position, the pattern is
    matched at each place one of them occurs, leftmost first: the first that matches is the match
    ``search`` finds, for a fraction of the cost of scanning every position with the engine. With
    ``word_start`` (the pattern opens with ``\\b`` before a word character) places inside a word are
    skipped. Other text is searched as is."""
    if not text.isascii():
        return pattern.search(text)
    for i in openings_at(text.lower(), openings, word_start):
        m = pattern.match(text, i)
        if m:
            return m
    return None


def finditer_at_openings(
    pattern: re.Pattern[str], text: str, openings: tuple[str, ...], *, word_start: bool = False
) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))`` for a pattern whose every match is non-empty and begins with one
    of the lower-case ``openings`` (a case-insensitive pattern): on ASCII text matched only where an
    opening occurs, left to right, each search going on after the previous match as ``finditer`` does.
    Other text is scanned as is. ``word_start``: as for ``search_at_openings``."""
    if not text.isascii():
        return list(pattern.finditer(text))
    found: list[re.Match[str]] = []
    end = 0
    for i in openings_at(text.lower(), openings, word_start):
        if i < end:
            continue
        m = pattern.match(text, i)
        if m:
            found.append(m)
            end = m.end()
    return found
