"""Compiling the letter grammar's regular expressions.

The grammar is ASCII: labels, decisions, dates, guideline names and the taxonomy's words. Patterns are
compiled with ``re.ASCII``, so ``\\b``, ``\\w``, ``\\d``, ``\\s`` and case-insensitive matching follow ASCII
rules. On ASCII text (nearly every letter once quotes and dashes are normalised) that matches exactly
what Unicode rules match, and Python's regex engine runs ~13% fewer instructions over a letter
(callgrind, ``bench/bench.py`` parse-only). On the rare non-ASCII letter, an accented letter counts
as a word boundary instead of a word character; everything else stays as written.

Compiled patterns are kept between processes (``pipeline/parse/_cache/``, ignored by git): Python's
regex compiler is itself Python, and the rule tables' ~100 KB of patterns cost every parser process
~0.1 s to compile, a fixed cost of every run however few its letters. The cache holds, per pattern and
flags, exactly the arguments ``re.compile`` hands the regex engine (``_sre.compile``), for this exact
Python build (its version string hashed into the file's name: the regex compiler changes in patch
releases); a pattern not in it, or an entry that cannot be used, is compiled as ``re.compile`` does.
Patterns built from a cache compare equal to ``re.compile``'s (``tests/test_parse_shortcuts.py``). The
cache is written by ``taxonomy.compile_all`` (parser processes, ``make native``); where the package
folder cannot be written, nothing is kept and every process compiles.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # the regex engine re.compile hands its code
import contextlib
import hashlib
import marshal
import os
import re
import sys
from array import array
from collections.abc import Callable
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import Any

from .rules import DIR as RULES_DIR

_FORMAT = 1  # of the cache's entries
_BUILD = hashlib.sha256(f"{sys.version}|{_sre.MAGIC}|{_FORMAT}".encode()).hexdigest()[:16]
CACHE_FILE = RULES_DIR.parent / "_cache" / f"regex-{sys.implementation.cache_tag}-{_BUILD}.marshal"
_CODE_TYPE = next((t for t in "IL" if array(t).itemsize == _sre.CODESIZE), "")  # the engine's code words
_loaded: dict[Any, Any] | None = None  # what the cache file held
_used: dict[Any, Any] = {}  # what this process used: written back if anything was missing
_counts = {"hits": 0, "misses": 0}


def _cached() -> dict[Any, Any]:
    global _loaded
    if _loaded is None:
        _loaded = {}
        try:
            held = marshal.loads(CACHE_FILE.read_bytes())
            if isinstance(held, dict):
                _loaded = held
        except (OSError, EOFError, ValueError, TypeError):
            pass  # no cache yet, or a damaged one: compiled afresh and written again
    return _loaded


def remembered(kind: str, key: str, compute: Callable[..., Any], *args: Any) -> Any:
    """``compute(*args)``, kept in the cache under (kind, key): a marshal-able value that depends on ``key``
    alone."""
    entry = (kind, key)
    value = _cached().get(entry)
    if value is None:
        value = compute(*args)
        _counts["misses"] += 1
    else:
        _counts["hits"] += 1
    _used[entry] = value
    return value


def _engine_arguments(pattern: str, flags: int) -> tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]:
    """What ``re.compile(pattern, flags)`` passes the engine (``re._compiler.compile``), code as bytes."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return flags | parsed.state.flags, array(_CODE_TYPE, code).tobytes(), parsed.state.groups - 1, groupindex, tuple(indexgroup)


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    flags = int(flags | re.ASCII)
    if not _CODE_TYPE:
        return re.compile(pattern, flags)
    key = f"{flags}:{pattern}"
    try:
        return _engine_pattern(pattern, remembered("pattern", key, _engine_arguments, pattern, flags))
    except re.error:
        raise
    except Exception:  # noqa: BLE001 — a cached entry the engine does not take: computed afresh, kept right
        _cached().pop(("pattern", key), None)
        return _engine_pattern(pattern, remembered("pattern", key, _engine_arguments, pattern, flags))


def _engine_pattern(pattern: str, arguments: tuple[Any, ...]) -> re.Pattern[str]:
    final, code, groups, groupindex, indexgroup = arguments
    return _sre.compile(pattern, final, array(_CODE_TYPE, code).tolist(), groups, groupindex, indexgroup)


def save_cache() -> None:
    """Write what this process used back to the cache if any of it was missing there (atomically). Never
    raises: where the package folder cannot be written, nothing is kept."""
    if not _counts["misses"]:
        return
    tmp = CACHE_FILE.with_name(f"{CACHE_FILE.name}.{os.getpid()}")
    try:
        CACHE_FILE.parent.mkdir(exist_ok=True)
        tmp.write_bytes(marshal.dumps(_used))
        os.replace(tmp, CACHE_FILE)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


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
