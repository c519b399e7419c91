"""Misspelt words of an item's name, read as the one vocabulary word they are one edit away from.

Item names are typed by a physician's office or a utilization reviewer: "Accupuncture 2x4", "Physcial
therapy", "Tramdol 50mg #60", "MRI of the lumber spine". The taxonomy asks for a correction only where its
rules read nothing (an item classed ``Other``, a prescription whose drug the lexicon does not know, an item
other than a drug with no body region): each word of six letters or more that is not in the vocabulary is
compared with it, and a word one edit away (a letter added, dropped or changed, or two neighbouring letters swapped) from
vocabulary words that all mean one thing ("tramdol": "tramadol", and "tramodol", a misspelling the lexicon
lists for it) is read as the first of them. A word near words of two meanings, or near none, stays as
written, and so does the NULL it gives. The vocabulary is ``rules/spelling_words.csv`` and the drug
lexicon's names (``taxonomy``'s tables).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from . import rx

MIN_LENGTH = 6  # shorter words have too many neighbours ("lotion" / "motion")
_WORD = rx.compile(r"(?<![a-z])[a-z]{6,}(?![a-z])")
_SPLIT = rx.compile(r"(?<![a-z])([a-z]{2,})-([a-z]{2,})(?![a-z])")


def _deletes(word: str) -> set[str]:
    """The word and every word made from it by dropping one letter."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def one_edit(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter added, dropped or changed, or two neighbouring letters swapped."""
    la, lb = len(a), len(b)
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la - lb not in (1, -1):
        return False
    short, long = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def within_one_edit(word: str, candidates: Iterable[str]) -> str | None:
    """The one candidate that ``word`` is, or is one edit from (see ``one_edit``); None where none or several are."""
    near = [c for c in candidates if word == c or one_edit(word, c)]
    return near[0] if len(near) == 1 else None


_SOFT_C = rx.compile(r"c(?=[eiy])")
_DOUBLED = rx.compile(r"([a-z])\1+")


def sound(word: str) -> str:
    """How a lower-case word sounds, as one writes it by ear: "ph" as "f", a soft "c" as "s" and a hard one as "k",
    "y" as "i", a doubled letter as one ("baclophen" and "baclofen", "cefalexin" and "cephalexin", "synvisk" and
    "synvisc" sound the same)."""
    w = word.replace("ph", "f")
    if "c" in w:
        w = _SOFT_C.sub("s", w).replace("c", "k")
    return _DOUBLED.sub(r"\1", w.replace("y", "i").replace("q", "k"))


class Speller:
    """Corrections against one vocabulary: lower-case words, each with what it means (a brand name and a
    misspelling the lexicon lists mean their generic); words shorter than MIN_LENGTH are left out."""

    def __init__(self, meanings: Mapping[str, str]) -> None:
        self.meaning = {w: m for w, m in meanings.items() if len(w) >= MIN_LENGTH and w.isalpha()}
        # Every word reachable by one dropped letter, to its vocabulary words: a word one edit away from a
        # vocabulary word shares one of these keys with it (then checked with one_edit).
        self.index: dict[str, list[str]] = {}
        self._seen: dict[str, str] = {}  # words looked up, and what they were read as
        # Each word's sound (``sound``), to its vocabulary words: a word spelt as it sounds ("baclophen") reads as
        # the vocabulary word sounding the same, where it is one edit from none.
        self.sounds: dict[str, list[str]] = {}
        for word in sorted(self.meaning):
            for key in _deletes(word):
                self.index.setdefault(key, []).append(word)
            self.sounds.setdefault(sound(word), []).append(word)

    def word(self, word: str) -> str:
        """The vocabulary word ``word`` misspells, or ``word`` itself."""
        if word in self.meaning:
            return word
        known = self._seen.get(word)
        if known is not None:
            return known
        near = sorted({c for key in _deletes(word) for c in self.index.get(key, ()) if one_edit(word, c)})
        if not near:
            near = self.sounds.get(sound(word), [])
        fixed = near[0] if near and len({self.meaning[c] for c in near}) == 1 else word
        if len(self._seen) >= 8192:  # the words of recent items ("bedtime", "tablet" …) come back
            self._seen.clear()
        self._seen[word] = fixed
        return fixed

    def forget(self) -> None:
        """Empty the remembered look-ups (``pipeline.parse.forget``)."""
        self._seen.clear()

    def correct(self, text: str) -> str | None:
        """``text`` (normalised: lower case) with its misspelt words corrected, or None when none is. A word split
        by a hyphen that is a vocabulary word whole ("oxy-codone", as an extraction keeping a line end's hyphen
        gives it) is that word, then corrected like the others ("hydro-codne")."""
        if "-" in text:
            joined = _SPLIT.sub(lambda m: m.group(1) + m.group(2) if self.word(m.group(1) + m.group(2)) in
                                self.meaning else m.group(), text)  # fmt: skip
        else:
            joined = text
        fixes = {w: f for w in _WORD.findall(joined) if (f := self.word(w)) != w}
        if not fixes:
            return joined if joined != text else None
        return _WORD.sub(lambda m: fixes.get(m.group(), m.group()), joined)


def opens_misspelt(text: str, word: str) -> int:
    """The length of ``text``'s first word where it is ``word`` (lower case, eleven letters or more) mistyped by one
    edit ("Retrospecitve", "Restrospective" for "retrospective"), else 0. A word that long is one edit from no other."""
    if text[:1].lower() != word[0]:
        return 0
    end = 0
    while end < len(text) and end <= len(word) + 1 and text[end].isalpha():
        end += 1
    if end < len(text) and text[end].isalpha():
        return 0  # a longer word ("Retrospectiveness"), not a letter added
    first = text[:end].lower()
    return end if first != word and len(word) >= 11 and one_edit(first, word) else 0
