"""One bound for the parser's memo caches.

Letters repeat themselves: the same treatments, guideline paragraphs, dates and reviewer profiles come
back thousands of times, so parsing remembers recent answers. The bound keeps a parser process's memory
flat: its caches fill within its first ~40,000 letters and then stay that size (a larger bound let them
grow through a 200,000-letter build), with the same throughput (``bench/bench.py`` parse-only).
"""

from __future__ import annotations

from functools import lru_cache

MEMO_SIZE = 8192


def memo(fn):
    """``fn`` with its last MEMO_SIZE answers remembered (``functools.lru_cache``; arguments must be hashable)."""
    return lru_cache(maxsize=MEMO_SIZE)(fn)
