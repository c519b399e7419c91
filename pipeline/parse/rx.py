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
