"""Classification of disputed items and reviewer credentials onto DWC's vocabularies.

Rule tables live in ``rules/*.csv`` (data, not code branches) and are loaded once;
``rules/README.md`` documents each table. The code here only knows how to read them:

* ``service_rules.csv`` — ordered regexes → (category, subcategory). Every rule is
  tried at every word start of the item's normalised text and the matching rule with
  the lowest priority wins, wherever in the text it matched. ``{NAME}`` in a pattern
  is a macro from ``rule_macros.csv``; ``{DRUG}`` / ``{DRUG:<class>}`` is the drug
  lexicon (all names / the names of one class) as one alternation.
* ``drug_lexicon.csv`` — drug names (brand or generic) → generic, DWC drug class.
* ``dosage_forms.csv`` — topical forms that turn a drug into a topical analgesic or,
  with two or more ingredients, a topical compound.
* ``body_regions.csv``, ``specialty_aliases.csv``, ``states.csv`` and DWC's own
  vocabularies ``dwc_categories.csv`` / ``dwc_specialties.csv`` (the loaders refuse a
  rule whose target is not in them).

All functions are pure, read the item's own text only, and never guess: what no rule
recognises is ``("Other", None)`` / ``None`` / skipped.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from re import _parser  # type: ignore[attr-defined]  # rule patterns are analysed, not only compiled

from . import rx
from .memo import memo
from .rules import DIR as RULES_DIR
from .spelling import MIN_LENGTH, Speller, one_edit, opens_misspelt
from .text import single_spaced

OTHER: tuple[str, str | None] = ("Other", None)
ADJUNCT: tuple[str, str | None] = ("Surgery", "Adjunct Surgical Services")
EVALUATION = "Evaluation & Management"
PHARMACEUTICALS = "Pharmaceuticals"
TOPICAL_ANALGESICS = "Topical Analgesics"
TOPICAL_COMPOUNDS = "Topical Compounds"
OPIOIDS = "Opioids"
# Drug classes that, written as a cream/gel/patch, are topical analgesics (one agent) or
# part of a topical compound (several agents). Opioid *patches* (Butrans, Duragesic) stay
# opioids; an opioid cream is always compounded.
TOPICAL_CLASSES = frozenset(
    {"NSAID", "Muscle Relaxant", "Anti-epilepsy drugs", "Antidepressant", "Misc Analgesics", TOPICAL_ANALGESICS}
)
# Categories whose items are counted in visits/sessions/units/tests/trips. Drugs are counted in how much of
# them is asked for (#60) or their shots, equipment in its pieces, operations in the days of a hospital stay
# asked for as the item (see ``requested_quantity``).
QUANTITY_CATEGORIES = frozenset(
    {
        "Diagnostic Testing",
        "Rehabilitation",
        "Psych Services",
        "Home Health",
        "Programs",
        "Therapies",
        "Evaluation & Management",
        "Injection",
        "Transportation",
        "Other",
    }
)

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u00ad": None,
    }
)
_SPACES = rx.compile(r"\s+")
# Rules are tried at each word start: after a non-alphanumeric character, never on a space.
_WORD_START = r"(?<![a-z0-9])(?!\s)"


def _norm(text: str) -> str:
    """Lowercase, plain punctuation, single spaces."""
    if text.isascii():  # _TRANSLATE maps only non-ASCII characters
        low = text.lower()
        if single_spaced(low):  # _SPACES changes nothing
            return low.strip()
        return _SPACES.sub(" ", low).strip()
    return _SPACES.sub(" ", text.translate(_TRANSLATE).lower()).strip()


def _read_csv(name: str) -> list[dict[str, str]]:
    with (RULES_DIR / name).open(newline="", encoding="utf-8") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _trie_regex(words: list[str], *, flexible_separators: bool) -> str:
    """One alternation for many literal words, as a trie so that failing is cheap.

    Greedy optional branches make the longest word win at a position. With
    ``flexible_separators`` a space or hyphen in a word matches a space, a hyphen or
    nothing (``ms contin`` / ``ms-contin`` / ``mscontin``) and ``/`` tolerates spaces.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            if flexible_separators and ch == "-":
                ch = " "
            node = node.setdefault(ch, {})
        node[""] = {}

    def token(ch: str) -> str:
        if ch == " ":
            return r"[\s\-]?" if flexible_separators else r"\s+"
        if ch == "/" and flexible_separators:
            return r"\s*/\s*"
        return re.escape(ch)

    def emit(node: dict) -> str:
        ends = "" in node
        alts = [token(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and not ends:
            return alts[0]
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if ends else body

    return emit(trie)


def _compact(name: str) -> str:
    """Lookup key for a matched drug name: no spaces or hyphens."""
    return re.sub(r"[\s\-]+", "", name)


@dataclass(frozen=True, slots=True)
class Drug:
    name: str
    generic: str
    drug_class: str


@dataclass(frozen=True, slots=True)
class Rule:
    priority: int
    pattern: str
    category: str
    subcategory: str | None
    drug_class_from_lexicon: bool  # subcategory is the class of the lexicon drug found
    note: str
    # The pattern's top-level alternatives, for the first-character buckets. Those that open with a
    # lexicon drug come as regexes by the drug's initial: at a word starting with "t" only drugs
    # starting with "t" can match, so each bucket holds a slice of the lexicon.
    alternatives: tuple[str, ...]
    by_initial: tuple[dict[str, str], ...]


def _bounded_drug_regex(names: list[str]) -> str:
    # A name ending in a digit must not run into more digits (``tylenol 3`` ≠ ``tylenol 300mg``).
    return r"(?<![a-z0-9])(?:" + _trie_regex(names, flexible_separators=True) + r")(?![a-z])(?<![0-9](?=[0-9]))"


class _Tables:
    """Every rule table, read and compiled once on first use."""

    def __init__(self) -> None:
        self.categories = {(r["category"], r["subcategory"] or None) for r in _read_csv("dwc_categories.csv")}
        self.specialties = [r["specialty"] for r in _read_csv("dwc_specialties.csv")]
        self._load_drugs()
        self._load_forms()
        self._load_rules()
        self._load_regions()
        self._load_specialties()
        self._load_states()
        self._load_credential_speller()
        self._load_spelling()

    # -- misspelt words ----------------------------------------------------------------
    def _load_spelling(self) -> None:
        """Misspelt words against ``spelling_words.csv`` and the drug lexicon's names (``spelling.py``)."""
        meanings: dict[str, str] = {}
        for row in _read_csv("spelling_words.csv"):
            word = _norm(row["word"])
            if not (word.isalpha() and len(word) >= MIN_LENGTH) or word in meanings:
                raise ValueError(f"spelling_words.csv: {word!r} is a duplicate or not one word of {MIN_LENGTH}+ letters")
            meanings[word] = word
        for drug in self.drugs.values():
            words = drug.name.split()
            for word in words:  # a one-word name means its generic; a word of a longer name, itself
                meanings.setdefault(word, drug.generic if len(words) == 1 else word)
        self.speller = Speller(meanings)

    # -- drugs ------------------------------------------------------------------------
    def _load_drugs(self) -> None:
        self.drugs: dict[str, Drug] = {}
        by_class: dict[str, list[str]] = {}
        for row in _read_csv("drug_lexicon.csv"):
            name = _norm(row["name"])
            drug = Drug(name, row["generic"].lower(), row["drug_class"])
            if (PHARMACEUTICALS, drug.drug_class) not in self.categories:
                raise ValueError(f"drug_lexicon.csv: {name!r} has a class DWC does not use: {drug.drug_class!r}")
            key = _compact(name)
            if key in self.drugs:
                raise ValueError(f"drug_lexicon.csv: duplicate name {name!r}")
            self.drugs[key] = drug
            by_class.setdefault(drug.drug_class, []).append(name)
        all_names = [d.name for d in self.drugs.values()]
        self.drug_names = {"": all_names, **by_class}
        self.drug_regex = _bounded_drug_regex(all_names)
        self.drug_class_regex = {cls: _bounded_drug_regex(names) for cls, names in by_class.items()}
        self.drug_re = rx.compile(self.drug_regex)

    def _load_forms(self) -> None:
        forms = {_norm(r["form"]): r["kind"] for r in _read_csv("dosage_forms.csv")}
        self.form_kind = forms
        self.forms_re = rx.compile(
            r"(?<![a-z])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![a-z])"
        )

    # -- service rules ----------------------------------------------------------------
    def _expand(self, pattern: str, macros: dict[str, str]) -> str:
        def sub(m: re.Match[str]) -> str:
            name, _, arg = m.group(1).partition(":")
            if name == "DRUG":
                if not arg:
                    return self.drug_regex
                if arg not in self.drug_class_regex:
                    raise ValueError(f"service_rules.csv: no lexicon drug of class {arg!r}")
                return self.drug_class_regex[arg]
            if name not in macros:
                raise ValueError(f"service_rules.csv: unknown macro {{{name}}}")
            return macros[name]

        return _MACRO.sub(sub, pattern)

    def _load_rules(self) -> None:
        macros: dict[str, str] = {}
        for row in _read_csv("rule_macros.csv"):
            if row["name"] in macros:
                raise ValueError(f"rule_macros.csv: duplicate macro {row['name']!r}")
            if _parser.parse(row["pattern"]).state.groups > 1:
                raise ValueError(f"rule_macros.csv {row['name']}: use (?:...) groups only")
            macros[row["name"]] = row["pattern"]
        rules: list[Rule] = []
        seen: set[int] = set()
        for row in _read_csv("service_rules.csv"):
            priority = int(row["priority"])
            if priority in seen:
                raise ValueError(f"service_rules.csv: duplicate priority {priority}")
            seen.add(priority)
            category, subcategory = row["category"], row["subcategory"] or None
            if (category, subcategory) not in self.categories:
                raise ValueError(f"service_rules.csv {priority}: not DWC's vocabulary: {category} / {subcategory}")
            pattern = self._expand(row["pattern"], macros)
            # Parsed, not compiled (the buckets compile it), and with each macro as an empty group: the
            # macros were checked once above and the lexicon's regexes have none, so a group can only be
            # the rule's own (a third of the start-up parsed the same drug names again for every rule).
            if _parser.parse(_MACRO.sub("(?:)", row["pattern"])).state.groups > 1:
                raise ValueError(f"service_rules.csv {priority}: use (?:...) groups only")
            from_lexicon = category == PHARMACEUTICALS and subcategory is None and "{DRUG" in row["pattern"]
            plain, by_initial = self._alternatives(row["pattern"], macros)
            rules.append(Rule(priority, pattern, category, subcategory, from_lexicon, row["note"], tuple(plain), by_initial))
        rules.sort(key=lambda r: r.priority)
        self.rules = rules
        self.bucket_sources = _dispatch(rules)
        # Compiled on first use (``bucket``): a small run classifies words of a few initials only.
        self.rules_by_char: dict[str, re.Pattern[str] | None] = {}

    def _alternatives(self, raw: str, macros: dict[str, str]) -> tuple[list[str], tuple[dict[str, str], ...]]:
        """A rule's top-level alternatives (macros expanded; each macro is one group, so splitting before
        or after expanding gives the same alternatives): those that open with ``{DRUG}`` or ``{DRUG:class}``
        split by the drug's initial, the others as they are."""
        plain: list[str] = []
        by_initial: list[dict[str, str]] = []
        for alt in _split_alternatives(raw):
            m = _LEADING_DRUG.match(alt)
            names = self.drug_names.get(m.group(1) or "") if m else None
            if m is None or not names or not all(n[:1].isalnum() for n in names):
                plain.append(self._expand(alt, macros))
                continue
            rest = self._expand(alt[m.end() :], macros)
            initials: dict[str, list[str]] = {}
            for n in names:
                initials.setdefault(n[0], []).append(n)
            by_initial.append({ch: _bounded_drug_regex(ns) + rest for ch, ns in sorted(initials.items())})
        return plain, tuple(by_initial)

    def bucket(self, ch: str) -> re.Pattern[str] | None:
        """The rule regex for words starting with ``ch`` (the rules that can start anywhere if no rule
        starts with ``ch``; None if there are none), compiled once."""
        if ch in self.rules_by_char:
            return self.rules_by_char[ch]
        source = self.bucket_sources.get(ch)
        if source is None:
            compiled = self.bucket("") if ch else None
        else:
            compiled = rx.compile(source)
        self.rules_by_char[ch] = compiled
        return compiled

    # -- body regions -----------------------------------------------------------------
    def _load_regions(self) -> None:
        valid = {
            "cervical",
            "thoracic",
            "lumbar",
            "shoulder",
            "elbow",
            "wrist_hand",
            "hip",
            "knee",
            "ankle_foot",
            "head",
            "spine",  # a spine no level names: see body_region
        }
        groups = []
        self.region_of: dict[str, tuple[str, ...]] = {}
        for i, row in enumerate(_read_csv("body_regions.csv")):
            regions = tuple(row["region"].split("+"))
            if not set(regions) <= valid:
                raise ValueError(f"body_regions.csv: unknown region {row['region']!r}")
            if rx.compile(row["pattern"]).groups:
                raise ValueError(f"body_regions.csv {row['region']}: use (?:...) groups only")
            groups.append(f"(?P<g{i}>{row['pattern']})")
            self.region_of[f"g{i}"] = regions
        self.regions_re = rx.compile(_WORD_START + "(?:" + "|".join(groups) + ")")

    # -- reviewer credentials -----------------------------------------------------------
    def _load_specialties(self) -> None:
        self.specialty_of: dict[str, str] = {}
        for row in _read_csv("specialty_aliases.csv"):
            alias = _credential_norm(row["alias"])
            # An alias with no specialty is a credential that names none of DWC's (``spine surgery``): it is
            # read, so that a shorter alias inside it (``surgery``) is not.
            if row["specialty"] and row["specialty"] not in self.specialties:
                raise ValueError(f"specialty_aliases.csv: {row['specialty']!r} is not one of DWC's 56")
            if alias in self.specialty_of:
                raise ValueError(f"specialty_aliases.csv: duplicate alias {alias!r}")
            self.specialty_of[alias] = row["specialty"]
        body = _trie_regex(sorted(self.specialty_of), flexible_separators=False)
        # One stray letter typed after a name that ends the list or its item ("Sports Medicinea")
        # still reads as the name; the name itself is group "alias".
        self.specialty_re = rx.compile(r"(?<![a-z])(?P<alias>" + body + r")(?:[a-z](?=\s*(?:[,;/]|$)))?(?![a-z])")

    def _load_states(self) -> None:
        self.state_of: dict[str, str] = {}
        self.state_codes: set[str] = set()
        for row in _read_csv("states.csv"):
            name = _norm(row["name"])
            if name in self.state_of:
                raise ValueError(f"states.csv: duplicate name {name!r}")
            self.state_of[name] = row["code"]
            self.state_codes.add(row["code"])
        body = _trie_regex(sorted(self.state_of), flexible_separators=False)
        self.state_re = rx.compile(r"(?<![a-z])(?:" + body + r")(?![a-z])")

    def _load_credential_speller(self) -> None:
        # Misspelt words of a credential or a state's name ("Anesthesiolgy", "Pyschiatry", "Califorina"), read
        # as the one word of a specialty alias or a state's name they are one edit from (``spelling.py``).
        # A word means the names it is part of: two spellings of one name's word ("orthopaedic", "orthopedic")
        # mean the same, so a word one edit from both ("orthopeadic") is read.
        means: dict[str, set[str]] = {}
        for name, value in (*self.specialty_of.items(), *self.state_of.items()):
            for w in name.split():
                if w.isalpha():
                    means.setdefault(w, set()).add(value or name)
        self.credential_speller = Speller({w: "|".join(sorted(v)) for w, v in means.items()})


_LEADING_DRUG = re.compile(r"\{DRUG(?::([^}]+))?\}")
_MACRO = re.compile(r"\{([A-Z]+(?::[^}]+)?)\}")  # {NAME} or {DRUG:class} in a rule's pattern


def _split_alternatives(pattern: str) -> list[str]:
    """The top-level ``|`` alternatives of a regex (not those inside groups or classes)."""
    parts, depth, in_class, escaped, start = [], 0, False, False, 0
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]" or pattern[i - 1] == "["
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


_ANY = None  # "can start with any character"


def _first_chars(items) -> tuple[set[str] | None, bool]:
    """(characters a parsed regex can start with, or None for any; whether it can match empty). ``items``: a
    parsed regex (``re._parser.SubPattern``, list-like but no list), or one of its branches."""
    from re import _constants as c  # type: ignore[attr-defined]  # the regex engine's own opcodes

    chars: set[str] = set()
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero-width: look at what follows
        if op is c.LITERAL:
            return chars | {chr(av)}, False
        if op is c.IN:
            for sub_op, sub_av in av:
                if sub_op is c.LITERAL:
                    chars.add(chr(sub_av))
                elif sub_op is c.RANGE:
                    chars.update(chr(x) for x in range(sub_av[0], sub_av[1] + 1))
                elif sub_op is c.CATEGORY and sub_av is c.CATEGORY_DIGIT:
                    chars.update("0123456789")
                elif sub_op is c.CATEGORY and sub_av is c.CATEGORY_SPACE:
                    chars.update(" \t\n")
                else:
                    return _ANY, False
            return chars, False
        if op is c.BRANCH:
            nullable = False
            for branch in av[1]:
                sub, empty = _first_chars(branch)
                if sub is _ANY:
                    return _ANY, False
                chars |= sub
                nullable |= empty
            if not nullable:
                return chars, False
            continue
        if op is c.SUBPATTERN:
            sub, empty = _first_chars(av[3])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            sub, empty = _first_chars(av[2])
            empty = empty or av[0] == 0
        else:
            return _ANY, False
        if sub is _ANY:
            return _ANY, False
        chars |= sub
        if not empty:
            return chars, False
    return chars, True


def _first_chars_of(alt: str) -> tuple[set[str] | None, bool]:
    return _first_chars(_parser.parse(alt))


def _dispatch(rules: list[Rule]) -> dict[str, str]:
    """For each character a rule can start with, the source of one regex of just those alternatives.

    Trying every rule at every word start costs ~90 alternatives a position; bucketing
    the alternatives by first character leaves a handful. Group ``r<i>`` is rule i.
    """
    buckets: dict[str, list[tuple[int, str]]] = {}
    anywhere: list[tuple[int, str]] = []  # alternatives that can start with any character
    for i, rule in enumerate(rules):
        for split in rule.by_initial:
            for ch, alt in split.items():
                buckets.setdefault(ch, []).append((i, alt))
        for alt in rule.alternatives:
            first, empty = rx.remembered("first_chars", alt, _first_chars_of, alt)
            if first is None or empty:
                anywhere.append((i, alt))
                continue
            for ch in sorted(first):
                buckets.setdefault(ch, []).append((i, alt))
    sources: dict[str, str] = {}
    for ch, alts in buckets.items():
        merged: dict[int, list[str]] = {}
        for i, alt in sorted(alts + anywhere):
            merged.setdefault(i, []).append(alt)
        sources[ch] = "|".join(f"(?P<r{i}>{'|'.join(a)})" for i, a in merged.items())
    if anywhere:
        merged = {}
        for i, alt in sorted(anywhere):
            merged.setdefault(i, []).append(alt)
        sources[""] = "|".join(f"(?P<r{i}>{'|'.join(a)})" for i, a in merged.items())
    return sources


_WORD_STARTS = rx.compile(_WORD_START + ".")


def _credential_norm(text: str) -> str:
    return _norm(text.replace("&", " and "))


@lru_cache(maxsize=1)
def tables() -> _Tables:
    """The compiled rule tables (loaded on first call)."""
    return _Tables()


def compile_all() -> _Tables:
    """The rule tables with every rule regex compiled now rather than on first use (for a process that
    forks parser processes: each then starts with nothing left to compile)."""
    t = tables()
    for ch in t.bucket_sources:
        t.bucket(ch)
    rx.save_cache()
    return t


# ---------------------------------------------------------------------------------------
# Service category
# ---------------------------------------------------------------------------------------
_DECISION_SUFFIX = rx.compile(r"\s*:?\s*(?:upheld|overturned)\.?\s*$")
_IS_SUFFIX = rx.compile(r"\s+is:?\s*$|:\s*$")
_FOCUS = rx.compile(
    r"(?:remaining )?(?:imr eligible )?portion of the original request,?\s*(.+)$|the original request,\s*(.+)$"
)
_ASSOCIATED_PREFIX = rx.compile(r"^(?:retrospective:?\s*)?associated surgical services?\s*:?\s*")
# The same three words with one of them mistyped by an edit ("Associated surgical serivce:", "Assocated surgical
# service:"): read where the colon ends them.
_ASSOCIATED_MISTYPED = rx.compile(r"^(?:retrospective:?\s*)?(a[a-z]{7,11})\s+(s[a-z]{5,9})\s+(s[a-z]{4,9})\s*:\s*")


def associated_prefix_end(text: str) -> int:
    """Where an "Associated surgical service:" opening ends in ``text`` (normalised: lower case), its words mistyped
    by one edit each at most; 0 where there is none."""
    m = _ASSOCIATED_PREFIX.match(text)
    if m:
        return m.end()
    m = _ASSOCIATED_MISTYPED.match(text) if text[:1] in "ar" else None
    if m is None:
        return 0
    words = ((m.group(1), ("associated",)), (m.group(2), ("surgical",)), (m.group(3), ("service", "services")))
    return m.end() if all(w in targets or any(one_edit(w, t) for t in targets) for w, targets in words) else 0


@lru_cache(maxsize=4096)  # category, body region and quantity of one item each prepare its text
def _prepare(treatment: str) -> tuple[str, str]:
    """(whole normalised item, the part that is actually disputed).

    A partially authorised item reads ``X was the original request. Y was authorized…
    The remaining IMR eligible portion of the original request, Z is``: Z is what the
    item is about.
    """
    # Each regex runs only where the text holds what every match of it holds (most items hold none).
    text = _norm(treatment)
    text = _GLUED_SUFFIX.sub(_unglued, text)  # "OxycodoneHCL", "TramadolER": the drug and its salt or form
    if "upheld" in text or "overturned" in text:
        text = _DECISION_SUFFIX.sub("", text)
    text = _drop_is_suffix(text)
    m = _FOCUS.search(text) if "original request" in text else None
    focus = (m.group(1) or m.group(2)).strip() if m else text
    focus = _drop_is_suffix(focus).strip(" ,.:;") or text
    if focus.startswith(_REQUESTER_OPENINGS) and (r := _REQUESTER.match(focus)) and r.end() < len(focus):
        focus = focus[r.end() :]  # "The treating physician requests Norco 5/325mg #60": the Norco
    if focus.startswith("retro") and (r := _RETRO_OPENING.match(focus)) and r.end() < len(focus):
        focus = focus[r.end() :]  # "Retrospective: 3 trigger point injections": the injections, their count first
    elif focus.startswith("re") and (n := opens_misspelt(focus, "retrospective")):
        focus = focus[n:].lstrip(" :") or focus  # the word mistyped ("Retrospecitve: 3 trigger point injections")
    if "request" in focus[:32] and (r := _REQUEST_FOR.match(focus)) and r.end() < len(focus):
        focus = focus[r.end() :]  # "(Retrospective) request for DME: Interferential unit with …": the unit
    return text, focus


_GLUED_SUFFIX = rx.compile(r"\b([a-z]{4,}?)(hcl|er|xr|xl|dr|sr|cr|odt|ds|tab|cap|patch)\b")


def _unglued(m: re.Match[str]) -> str:
    """A drug's name and the salt or form run into it, apart; any other word as written."""
    return f"{m.group(1)} {m.group(2)}" if m.group(1) in tables().drugs else m.group()


# A retrospective item's opening word ("Retrospective:", "Retro "), before what is asked for or a request's opening
# words ("Retrospective request for": _REQUEST_FOR reads the rest).
_RETRO_OPENING = rx.compile(r"retro(?:spective|active)?\b\s*:?\s*")
# A request's opening words ("Request for", "Prospective request for", "1 request of"): no part of what is asked for.
_REQUEST_FOR = rx.compile(
    r"(?:(?:prospective|concurrent)\s+)?(?:\d+\s+)?(?:the\s+)?requests?\s+(?:for|of)\s+(?:(?:the|an?)\s+)?"
)
# Who asks, before what is asked for ("The treating physician requests …", "Surgeon recommends …").
_REQUESTER_OPENINGS = ("the ", "treating", "requesting", "primary", "attending", "physician", "provider", "surgeon",
                       "doctor", "dr", "pa ", "np ")
_REQUESTER = rx.compile(
    r"(?:the )?(?:treating |requesting |primary treating |attending )?"
    r"(?:physician|provider|surgeon|doctor|dr\.? [a-z]+|pa|np)(?:'s)? "
    r"(?:requests?|recommends?|is requesting|has requested|requested|recommended|is recommending|orders?|ordered"
    r"|prescribes?|prescribed)(?: that)?(?: the (?:patient|worker|injured worker) (?:have|undergo|receive|continue))?"
    r" (?:for )?"
)


def _drop_is_suffix(text: str) -> str:
    """``_IS_SUFFIX.sub("", text)``: only a text ending (before trailing spaces) in "is" or ":" can match."""
    return _IS_SUFFIX.sub("", text) if text.rstrip().endswith(("is", ":")) else text


_TOPICAL_WORDS = rx.compile(r"\b(?:creams?|gels?|ointments?|lotions?|topical\w*|transdermal|patch\w*)\b")
_TOPICAL_STRENGTH = rx.compile(r"\d\s*%|(?<![a-z])mg\s*/\s*(?:g|gm|gram)\b")
_ORAL = rx.compile(
    r"\b(?:oral(?:ly)?|by mouth|p\.?o\.?|elixir|syrup|suspension|tablets?|capsules?|(?:intra)?nasal|inhal\w*|sublingual"
    r"|ophthalmic|otic|eye ?drops?|ear ?drops?)\b|(?<=\d)mg\s*/\s*\d*\s*ml\b"  # nor one for the eye or the ear (Ketorolac ophthalmic solution: an NSAID)
)
# Agents given only on the skin: a list of drugs holding one is a topical compound even with no form written
# ("Keto/Gaba/Lido", "Flurbiprofen/Lidocaine"), unlike an oral combination ("Hydrocodone/APAP").
_ASTHMA = "Asthma medication(s)"
_AGAINST_CLOTS = rx.compile(r"\b(?:dvt|thrombo\w*|clots?|anti-?coagula\w*|embol\w*|blood thinn\w*)")
# A patch that treats the whole body, of a drug whose class otherwise comes as a topical (Emsam, an antidepressant).
_SYSTEMIC_PATCHES = frozenset({"selegiline"})
_SKIN_ONLY = frozenset({"lidocaine", "capsaicin", "menthol", "camphor", "methyl salicylate"})


def _drug_subcategory(text: str) -> str | None:
    t = tables()
    found = [t.drugs[_compact(m.group())] for m in t.drug_re.finditer(text)]
    if not found:
        return None
    kinds = {t.form_kind[m.group(1)] for m in t.forms_re.finditer(text)}
    if not kinds and ("%" in text or "/g" in text) and _TOPICAL_STRENGTH.search(text):
        kinds = {"cream"}  # a strength in percent or per gram is a topical's ("Diclofenac sodium 3% 300mg/g")
    if kinds and _ORAL.search(text):  # "oral solution", "suspension by mouth", "10mg/5ml": not a topical
        kinds = set()
    if (kinds == {"cream"} and found[0].drug_class == OPIOIDS and "solution" in text and "%" not in text
            and not _TOPICAL_WORDS.search(text)):
        kinds = set()  # an opioid's solution is drunk ("Norco 10/325mg solution"); its creams and gels are compounded
    if kinds and "/" in text and text.count("%") >= 2:  # "Ketamine 10%/Clonidine 0.2% cream": several agents
        return TOPICAL_COMPOUNDS
    first = found[0].drug_class
    if first == TOPICAL_COMPOUNDS:
        return TOPICAL_COMPOUNDS
    if found[0].generic == "aspirin" and _AGAINST_CLOTS.search(text):
        return "Anti-coagulant"  # aspirin against clots after an operation ("Aspirin 325mg for DVT prophylaxis")
    if first == "Adrenal Cortical Steroids" and (
        ("inhal" in text and "nasal" not in text and len({d.generic for d in found}) == 1)
        or ("/" in text and any(d.drug_class == _ASTHMA for d in found))
    ):
        return _ASTHMA  # an inhaled steroid, alone or with a bronchodilator (fluticasone/salmeterol), treats asthma
    topical = [d for d in found if d.drug_class in TOPICAL_CLASSES or d.drug_class in (OPIOIDS, TOPICAL_COMPOUNDS)]
    several = len({d.generic for d in topical}) >= 2
    # ``Flurbiprofen 25%/Menthol 10%/Camphor 3% 30gm``: percentages of several agents are a compound
    # even when the form is not written.
    if several and (kinds or text.count("%") >= 2 or ("/" in text and any(d.generic in _SKIN_ONLY for d in topical))):
        return TOPICAL_COMPOUNDS
    if kinds:
        if first in TOPICAL_CLASSES and found[0].generic not in _SYSTEMIC_PATCHES:
            return TOPICAL_ANALGESICS
        if first == OPIOIDS and "cream" in kinds and "patch" not in kinds:  # "transdermal" alone: the patch
            return TOPICAL_COMPOUNDS
    return first


@lru_cache(maxsize=4096)  # the quantity of an item asks for its category again
def _rule_at(text: str) -> tuple[int, int]:
    """(index of the first rule matching anywhere in ``text``, where its match starts); no rule: (len, -1)."""
    t = tables()
    by_char = t.rules_by_char
    best, at = len(t.rules), -1
    for start in _WORD_STARTS.finditer(text):
        ch = start.group()
        bucket = by_char[ch] if ch in by_char else t.bucket(ch)
        if bucket is None:
            continue
        m = bucket.match(text, start.start())
        if m:
            index = int(m.lastgroup[1:])  # type: ignore[index]
            if index < best:
                best, at = index, start.start()
                if best == 0:
                    break
    return best, at


@lru_cache(maxsize=4096)
def _classify_norm(text: str) -> tuple[str, str | None]:
    t = tables()
    best = _rule_at(text)[0]
    if best == len(t.rules):
        return OTHER
    rule = t.rules[best]
    if rule.drug_class_from_lexicon:
        return (rule.category, _drug_subcategory(text))
    return (rule.category, rule.subcategory)


# What an item is comes before what it follows, who gives it, where, or a remark in brackets: "Cold therapy
# unit for 7 days following right knee arthroscopy" is the unit, "Norco 10/325mg #90 per pain management"
# the drug, "Seroquel 25mg #30 (psychiatric medication)" the drug, "Suboxone 8mg #30 for detox" the drug. The
# words before "following/after/post/status post/s/p/prior to/before" decide when they name a service; before
# "per/by/at/during/for/(" when they name one other than a visit (a consultation by a psychiatrist is the
# psychiatrist's, a referral for acupuncture the acupuncture).
_CONNECTOR = rx.compile(
    r" (?:(?P<context>following|after|post|status post|s/p|prior to|before|in preparation for|to facilitate|to allow|to tolerate"
    r"|while (?:in|awaiting|using|attending)|as (?:an )?adjunct to|pending|instead of|in lieu of|as an alternative to|until"
    r"|bridging to)|per|by|prescribed by"
    r"|ordered by|at|for|during|with each|with every|with)(?= |$)| \("
)


def _head_class(text: str) -> tuple[str, str | None] | None:
    """The class of the words before the text's first connector, where they decide (see above): only
    where the rule deciding the whole text matched after the connector (else the head says the same)."""
    m = _CONNECTOR.search(text)
    if not m or m.start() == 0 or _rule_at(text)[1] < m.start():
        return None
    head = _classify_norm(text[: m.start()].strip(" ,;:-"))
    if head != OTHER and (m.group("context") or head[0] != EVALUATION):
        return head
    return None


# A consultation or referral with or to a specialist ("Consultation with a hyperbaric medicine specialist",
# "Referral to a neurotologist for vestibular evaluation") is the visit, not the test or therapy it speaks of.
_TO_SPECIALIST = rx.compile(
    r"\b(?:consult\w*|referral|evaluation|visit)\s+(?:with|to|by)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
    r"\b(?<!speech )(?<!language )(?:specialist|physician|doctor|surgeon|\w+ologist|\w+iatrist)s?\b"
)
# So is a visit, examination, consultation or referral with or to a chiropractor, acupuncturist or therapist ("Re-exam
# with chiropractor for the lumbar spine flare-up"), and a chiropractor's evaluation (billed as an office visit:
# "Chiropractic evaluation, lumbar spine, left hip and knee"), unless it asks for a course of treatment; a therapist's
# evaluation is part of the therapy ("Comprehensive driving evaluation by an occupational therapist").
_TO_THERAPIST = rx.compile(
    r"\b(?:consult\w*|referral|visit|re-?exam\w*|exam(?:ination)?|follow[- ]?up)\s+(?:with|to|by)\s+"
    r"(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?\b(?:chiropractor|acupuncturist|\w*therapist)s?\b"
    r"|\bchiropract\w* (?:re-?)?(?:evaluation|exam(?:ination)?|consult\w*)s?\b(?! and treat| ?(?:&|/) ?treat)"
)


def _item_class(text: str) -> tuple[str, str | None]:
    """The class of a normalised item text: the rules' over the whole text, unless its head (_head_class)
    names a service of another category (the whole text, knowing more, says which of the head's category)."""
    whole = _classify_norm(text)
    if (whole[0] == "Therapies" or whole[0] == "Diagnostic Testing") and (
        "consult" in text or "referral" in text or "evaluation" in text or "visit" in text
    ) and _TO_SPECIALIST.search(text):
        return (EVALUATION, "Medical Specialties")
    if whole[0] == "Rehabilitation" and _TO_THERAPIST.search(text) and _first_quantity(_numbers_as_digits(text)) is None:
        return (EVALUATION, "Medical Specialties")  # not "…, twice a week for 3 weeks": the treatment
    head = _head_class(text)
    # an operation with its adjunct ("Total knee replacement with 3 day inpatient stay") is the operation
    # and a device with its supplies ("TENS unit with conductive garment") is the device
    if head and (head[0] != whole[0] or (whole == ADJUNCT and head[0] == "Surgery")
                 or (whole == ("DMEPOS", "Supplies") and head[0] == "DMEPOS")):  # fmt: skip
        return head
    if whole == ADJUNCT and ", " in text:  # … or written before it and a comma ("Lumbar fusion L4-S1, inpatient stay x 3 days")
        first = _classify_norm(text[: text.find(", ")])
        if first[0] == "Surgery" and first != ADJUNCT:
            return first
    return whole


def _class_of(text: str, focus: str) -> tuple[str, str | None]:
    if associated_prefix_end(text):
        return ADJUNCT
    result = _item_class(focus)
    if result == OTHER and focus != text:
        result = _item_class(text)
    return result


def _unread(result: tuple[str, str | None]) -> bool:
    """Whether the rules read nothing of an item: no category, or a prescription of a drug they do not know."""
    return result == OTHER or result == (PHARMACEUTICALS, None)


def _corrected(text: str, focus: str) -> tuple[str, str] | None:
    """(text, focus) of ``_prepare`` with their misspelt words corrected (``spelling.py``), or None when no word
    of the text is."""
    speller = tables().speller
    fixed = speller.correct(text)
    if fixed is None:
        return None
    return fixed, fixed if focus == text else (speller.correct(focus) or focus)


# Classes the broadest rules give ("… therapy", "… evaluation"): a misspelt word may name the service exactly
# ("Pysical therapy x 8", "Pyschological evaluation").
_BROAD = frozenset({("Rehabilitation", "Other Therapies"), (EVALUATION, "Medical Specialties"),
                    # "… physiotherapy" read, where a misspelt word names the service ("chiropratic physiotherapy")
                    ("Rehabilitation", "Physical Therapy/Occupational Therapy (PT/OT)"),
                    # "… injection" read, where a misspelt word names the drug injected ("Synvisk injection")
                    ("Injection", "Injection")})
_REREAD_DRUGS = frozenset({(PHARMACEUTICALS, TOPICAL_ANALGESICS), (PHARMACEUTICALS, "Misc Analgesics")})


@memo
def _classify_text(treatment: str) -> tuple[str, str | None]:
    text, focus = _prepare(treatment)
    result = _class_of(text, focus)
    # A topical is read again too: its drugs' names may be misspelt ("Tramadal 10%/Flubiprofen 20% cream"), and so
    # is a misc analgesic, the paracetamol of a combination whose other drug may be ("Hydrocodne/APAP 10/325mg").
    if (_unread(result) or result in _BROAD or result in _REREAD_DRUGS) and (
        fixed := _corrected(text, focus)
    ) is not None:
        # Read again with its misspelt words corrected ("Accupuncture 2x4", "Tramdol 50mg #60").
        again = _class_of(*fixed)
        if not _unread(again):
            return again
    if result == OTHER and "-" in text and _WORD_HYPHEN.search(text):
        # Read again with a hyphen between two words as a space ("Range-of-motion testing", "Nerve-conduction
        # studies"); only then, as some names keep theirs ("D-dimer", "E-stim", "Depo-Medrol injection").
        again = _class_of(_WORD_HYPHEN.sub(" ", text), _WORD_HYPHEN.sub(" ", focus))
        if not _unread(again):
            return again
    return result


_WORD_HYPHEN = rx.compile(r"(?<=[a-z]{2})-(?=[a-z]{2})")


def classify_treatment(treatment: str, *, associated_surgical: bool = False) -> tuple[str, str | None]:
    """(service_category, service_subcategory) for an item's treatment text.

    ``associated_surgical`` items (``Associated surgical service: …``) are always
    Surgery / Adjunct Surgical Services. Nothing recognised → ``("Other", None)``;
    a prescription whose drug the lexicon does not know → ``("Pharmaceuticals", None)``.
    """
    if associated_surgical:
        return ADJUNCT
    return _classify_text(treatment)


# ---------------------------------------------------------------------------------------
# Body region
# ---------------------------------------------------------------------------------------
def _regions(text: str) -> set[str]:
    t = tables()
    found: set[str] = set()
    for m in t.regions_re.finditer(text):
        found.update(t.region_of[m.lastgroup])  # type: ignore[index]
    return found


_SPINAL = frozenset(("cervical", "thoracic", "lumbar"))


def _named_regions(text: str) -> set[str]:
    """The regions of DWC's list the text names. A spine no level names ("MRI of the spine") is no region
    alone, nor beside a level ("the lumbar spine"), but it is a body part: beside another ("X-ray of the
    spine and pelvis") the item names two."""
    found = _regions(text)
    if "spine" in found:
        found.discard("spine")
        if found and not found & _SPINAL:
            found.add("spine")
    return found


@memo
def body_region(treatment: str) -> str | None:
    """The body region the item names, ``multiple`` for two or more, else None.

    Only the item's own text counts; "upper/lower extremities", chest and abdomen are
    not regions of DWC's list and give None.
    """
    text, focus = _prepare(treatment)
    found = _named_regions(focus)
    if not found and focus != text:
        found = _named_regions(text)
    # "MRI of the lumber spine"; not for a drug (no region for nearly every one, and half of all items)
    if not found and _classify_text(treatment)[0] != PHARMACEUTICALS and (fixed := _corrected(text, focus)):
        found = _named_regions(fixed[1]) or _named_regions(fixed[0])
    # one region read in a list of them, another misspelt ("cervical and thorasic spine", "neck, lumbar and sholder")
    elif (len(found) == 1 and (" and " in focus or "," in focus) and _classify_text(treatment)[0] != PHARMACEUTICALS
          and (fixed := _corrected(text, focus))):
        more = _named_regions(fixed[1]) or _named_regions(fixed[0])
        found = more if len(more) > 1 else found
    if not found:
        return None
    if len(found) > 1:
        return "multiple"
    return next(iter(found))


# ---------------------------------------------------------------------------------------
# Requested quantity
# ---------------------------------------------------------------------------------------
_UNIT_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
_TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
               "ninety": 90}
_TIMES_WORDS = {"once": 1, "twice": 2, "thrice": 3}
_UNIT_ALT = "|".join(sorted(_UNIT_WORDS, key=len, reverse=True))
_TENS_ALT = "|".join(_TENS_WORDS)
# A number in words, whole: "sixty", "twenty-four", "ninety six", "one hundred twenty", "one hundred and eighty", "two
# hundred" (not its last word alone: "one hundred twenty" is no 20); the digits written after it in brackets win
# ("ninety (90)"); "once", "twice", "thrice" a count of times.
_WORD_NUMBER = rx.compile(
    rf"\b(?:(?P<times>once|twice|thrice)"
    rf"|(?=(?:{_UNIT_ALT}|{_TENS_ALT})\b)"  # (a number word first: never an empty number)
    rf"(?:(?P<hundreds>{_UNIT_ALT})\s+hundred(?:\s+and)?\s*)?(?:(?P<tens>{_TENS_ALT})(?:[-\s](?P<unit>{_UNIT_ALT}))?"
    rf"|(?P<units>{_UNIT_ALT}))?(?<=[a-z]))\b(?:\s*\(\s*(?P<digits>\d+)\s*\))?"
)


def _word_number(m: re.Match[str]) -> str:
    if m.group("times"):
        return f"{_TIMES_WORDS[m.group('times')]}x"
    if m.group("digits"):
        return m.group("digits")
    value = _UNIT_WORDS[m.group("hundreds")] * 100 if m.group("hundreds") else 0
    if m.group("tens"):
        value += _TENS_WORDS[m.group("tens")] + (_UNIT_WORDS[m.group("unit")] if m.group("unit") else 0)
    elif m.group("units"):
        value += _UNIT_WORDS[m.group("units")]
    return str(value) if value else m.group()


_DIGIT_WORD = rx.compile(r"\b(\d+)\s*\(\s*(?:[a-z]+|\1)\s*\)")  # "eight (8)", "12 (twelve)": one number
# not a spinal level's ("C6-7 x 2": 2) nor a procedure code's ("97140 x 12": 12)
_TIMES = rx.compile(r"(?<!-)\b(\d{1,3})\s*(?:times?|x)(?![a-z])")
# "weekly", "monthly" stay: a count may come before them; "4wks" is "4week".
_WEEK = rx.compile(r"(?:\b|(?<=\d)|(?<=\dx))(?:wks?|weeks)\b")  # "2 wks", "4wks", "2xwk"
_MONTH = rx.compile(r"(?:\b|(?<=\d))(?:mos?|months)\b")
_FOR_A = rx.compile(r"\b(for|x)\s+an?\s+(week|month)\b")  # "three times a week for a month": for 1 month
# A count written as a word with its digits after a comma ("Trigger point injections, four (4) to the …",
# "CESI at C5-6, two (2)"): the digits, where the word says the same number.
_WORD_COUNT = rx.compile(r",\s*([a-z]+)\s*\(\s*(\d{1,2})\s*\)")
_PER = r"\s*(?:a|per|/|each|every|in a)?\s*"
# Frequency then duration: "2x a week for 6 weeks", "2 sessions weekly x 4 weeks", "2/week x 6 weeks", "2 per week …".
_FREQ_DUR = rx.compile(
    r"(?<![\d/.\-])(\d{1,2})(?:(?:x|\s*(?:sessions?|visits?|treatments?|days?|trips?|rides?))" + _PER + r"|\s*(?:/|per|each|every)\s*)"
    r"(week|month)(?:ly)?\b[^0-9]{0,25}?(\d{1,2})\s*(week|month)\b"
)
# Duration then frequency: "for 6 weeks, 2 times per week", "for four weeks at three times per week".
_DUR_FREQ = rx.compile(
    r"(?<![\d/.\-])(\d{1,2})\s*(week|month)\b[^0-9]{0,15}?(\d{1,2})"
    r"(?:(?:x|\s*(?:sessions?|visits?|treatments?))" + _PER + r"|\s*(?:/|per|each|every)\s*)(week|month)(?:ly)?\b"
)  # "for 6 weeks, 2 times per week", "6 weeks x 2 per week"
# A count written last: in brackets, after the unit and a comma, or a multiplier with nothing after it
# ("Physical therapy (12)", "Office visits, twelve (12)", "CBT sessions, 6", "Psychotherapy 6x"), or after the
# unit and a comma with more after the next comma ("Chiropractic sessions, 12, for the lumbar spine").
_LAST_COUNT = rx.compile(
    r"(?:\(\s*(\d{1,2})\s*\)|(?:sessions?|visits?|treatments?)\s*[,:]\s*(\d{1,3})|(?<![\d/.\-])(\d{1,2})x)\s*$"
    r"|(?:sessions?|visits?|treatments?)\s*,\s*(\d{1,3})\s*[,;]"
)
_N_BY_M = rx.compile(r"(?<![\d/.])(\d{1,2})x\s*(\d{1,2})(?![\d/.%])(?!\s*(?:mg|ml|cm|mm|inch|month|in\b(?![\s-]+(?:the|a|an|clinic|office|total|person|home|house)\b)))")
# A count in brackets right after the service's name, more following ("Acupuncture (6) for the lumbar spine").
_NAME_COUNT = rx.compile(r"[a-z][a-z /&'-]*?\s*\(\s*(\d{1,2})\s*\)(?!\s*(?:mg|mcg|ml|%|week|month|day|hour|x\b))")
_UNIT = r"(?:sessions?|sess\b\.?|visits?|treatments?|units?|appointments?|adjustments?|classes|trips?|rides?@EXTRA@)"
_NOT_RATE = r"(?!\s*(?:a|per|/|each|every)?\s*(?:week|month|day|daily|nightly))"  # "2 sessions per week", "1 session weekly", "2 hours daily"
_EXPLICIT = r"(?<![\d/.\-])(\d{1,3})\s*(?:additional |more |total |initial |further |remaining |extra |round[- ])?" + _UNIT
_LOOSE = (
    r"(?<![\d/.\-])(\d{1,3})\s+(?:(?!(?:week|month)(?!ly\b)|day|hour|time|x\b)[a-z/()\-]+\s+){1,4}"
    r"(?:sessions?|visits?|treatments?)\b"
)
_EXPLICIT_RE = rx.compile(_EXPLICIT.replace("@EXTRA@", "") + r"\b" + _NOT_RATE)
_EXPLICIT_PROGRAM_RE = rx.compile(_EXPLICIT.replace("@EXTRA@", "|days?|hours?|hrs?") + r"\b" + _NOT_RATE)
_LOOSE_RE = rx.compile(_LOOSE + _NOT_RATE)
_TIMES_N = rx.compile(
    r"(?:\btimes|(?<![a-z0-9])x|#|\bqty\b\.?\s*:?|\bquantity\s*:?|(?:sessions|visits|treatments)\s*\(|\btrial\s+of"
    r"|(?:number\s+of|#\s*of|no\.?\s+of)\s+(?:visits|sessions|treatments|units)\s*:?|(?:visits|sessions|units)\s*:)"
    r"\s*(\d{1,3})\b"
    r"(?!\s*(?:week|month|day|hour|%|mg|mcg|ml|min|x\b|/))"
)


_TOOTH_NUMBER = rx.compile(r"#\s*\d+")
# A range of counts ("1 to 2 times per week", "6-12 visits", "six or eight visits", "x3-6"): what is asked for is its
# upper end, the most the request allows ("8-12 visits" → 12, "2-3 times a week for 6 weeks" → 18). Not a level
# ("L4-5"), a date or a span of dates ("3/1/16-4/15/16", "10-12-2016"), and only ascending.
_RANGE = rx.compile(
    r"(?<![a-wyz\d/.\-])(?<!\b[lcts]\s)(\d{1,3})(?:\s*-\s*|\s+(?:to|or)\s+)(\d{1,3})(?![\d/.\-])"
    # not minutes, units or hours of one session ("45-60 minute sessions x 6"), nor an amount or a size
    r"(?!\s*-?\s*(?:minutes?|mins?\b|units?\b|hours?\b|hrs?\b|mg\b|mcg\b|ml\b|lbs?\b|pounds?\b|inch|cm\b|mm\b|degrees?\b|%))"
)


def _upper_end(m: re.Match[str]) -> str:
    low, high = int(m.group(1)), int(m.group(2))
    return m.group(2) if low < high else m.group()
# The total written in brackets after the request: "two times four visits (8)", "… for 2 weeks (4)".
_TOTAL_RE = rx.compile(r"\b(?:sessions?|visits?|treatments?|injections?|weeks?)\s*\(\s*(\d{1,3})\s*\)")
# A count in brackets before its unit: "Physical therapy (12) sessions", "Acupuncture (6) visits".
_BRACKETED_COUNT = rx.compile(
    r"\(\s*(\d{1,3})\s*\)(?=\s+(?:[a-z]+\s+){0,2}?(?:sessions?|visits?|treatments?|appointments?|injections?)\b)"
)
# Once a week or a month, for a duration: "Psychotherapy weekly for 20 weeks", "Monthly follow-up visits for 6
# months" (not "bi-weekly"); tried last, after every count with a number of its own.
_ONCE_DUR = rx.compile(r"(?<![a-z-])(week|month|dai)ly\b[^0-9]{0,25}?(\d{1,2})\s*(week|month)\b")
_ONCE_PER = {"week": (1, "week"), "month": (1, "month"), "dai": (7, "week")}  # daily: seven a week
# Sessions already had are no part of the request: "(previously completed 24 sessions)", ", 24 sessions to date".
# So are sessions utilization review already certified: "(4 visits certified)", ", 6 sessions authorized".
_PAST_WORDS = ("previous", "complet", "prior", "to date", "already", "attended", "so far", "certified", "authorized",
               "approved")
_PAST_COUNT = rx.compile(
    # in brackets, unless the brackets tell the request or what was not certified ("(12 sessions requested, 6
    # approved)", "(12 visits non-certified)")
    r"\((?![^()]*\brequest)[^()]*\b(?:previous(?:ly)?|completed|prior|to date|already|attended|so far"
    r"|(?<!non-)(?<!non)(?<!not )(?:certified|authorized|approved))\b[^()]*\)"
    r"|,?\s*\b\d{1,3}\s+(?:[a-z-]+\s+){0,3}?(?:sessions?|visits?|treatments?)\s+(?:to date|completed|attended|so far"
    r"|already (?:completed|attended|had))\b"
    # after a comma: ", 6 sessions certified", "; 6 sessions previously certified"
    r"|[,;]\s*\d{1,3}\s+(?:[a-z-]+\s+){0,3}?(?:sessions?|visits?|treatments?)\s+(?:were |was |previously |already )?"
    r"(?:certified|authorized|approved)\b"
)
_CARE_DAYS = rx.compile(r"(?<!within )(?:\bx|\bfor)\s*(\d{1,3})\s*days?\b")
# Home health's hours, read where nothing else is counted ("Home health care, 160 hours"), not a rate (4 hours a day).
_HOURS = rx.compile(
    r"(?<![\d/.\-])(\d{1,3})\s*(?:hours?|hrs?)\b(?!\s*(?:a|per|/|each|every)?\s*(?:day|week|month|wk|daily|nightly)"
    r"|\s*(?:x|times)\s*\d{1,2}\s*(?:days?|d)\b)"  # "4 hrs x 2 days/week": hours a day
)


_PER_DAY = rx.compile(r"(?:(\d{1,2}\s*(?:hours?|hrs?))\s*(?:per|a|/|each)\s*|\bonce\s+(?:a|per)\s+)day\b")


def _numbers_as_digits(text: str) -> str:
    """``three times a week for two months`` → ``3x a week for 2 month``; ``1 to 2`` → ``2`` (a range's upper end)."""
    s = _FOR_A.sub(r"\1 1 \2", text) if " a" in text else text
    if "day" in s:  # "4 hours per day for 2 weeks", "once a day": daily
        s = _PER_DAY.sub(lambda m: (m.group(1) + " " if m.group(1) else "") + "daily", s)
    s = _WORD_NUMBER.sub(_word_number, s)
    if "-" in s or " to " in s or " or " in s:
        s = _RANGE.sub(_upper_end, s)
    s = _DIGIT_WORD.sub(r"\1", s)
    if "(" in s:
        s = _BRACKETED_COUNT.sub(r"\1", s)
    s = _TIMES.sub(r"\1x", s)
    s = _WEEK.sub("week", s)
    return _MONTH.sub("month", s)


# Between two counts of one request that add up: "and"/"plus"/"&" last, no number or sentence end before it
# ("2 physical therapy sessions for the lumbar spine and 8 physical therapy sessions for the wrist": 10).
_JOINED = rx.compile(r"[^\d.;]{0,80}?(?:\b(?:and|plus)\s+|&\s*)")


def _summed(s: str, first: re.Match[str], program: bool) -> int:
    """The count ``first`` reads, plus the counts joined to it by "and" (each a count of sessions/visits)."""
    total, end = int(first.group(1)), first.end()
    if "and" not in s[end:] and "plus" not in s[end:] and "&" not in s[end:]:
        return total
    counts = sorted([*(_EXPLICIT_PROGRAM_RE if program else _EXPLICIT_RE).finditer(s, end), *_LOOSE_RE.finditer(s, end)],
                    key=lambda m: m.start())  # fmt: skip
    for m in counts:
        if m.start() < end:
            continue
        if not _JOINED.fullmatch(s, end, m.start()):
            break
        total, end = total + int(m.group(1)), m.end()
    return total


def _rate_times(freq: int, per: str, dur: int, unit: str) -> int | None:
    """``freq`` a ``per`` (week or month) for ``dur`` ``unit``s; a month counts as four weeks."""
    if per == unit:
        return freq * dur
    if per == "week" and unit == "month":
        return freq * dur * 4
    return None


# A schedule in two phases: "2x a week for 3 weeks then 1x a week for 3 weeks", "2 x 4 weeks, followed by 1 x 4".
_THEN = rx.compile(r"(?:\s*(?:week|month)\b)?\s*[,;]?\s*(?:and\s+)?(?:then|followed\s+by)\b")


def _then(s: str, end: int, quantity: int | None, program: bool) -> int | None:
    """``quantity``, plus the next phase's where "then" or "followed by" follows the rate read up to ``end``."""
    if quantity is None or "then" not in s and "followed" not in s:
        return quantity
    t = _THEN.match(s, end)
    if not t:
        return quantity
    more = _first_quantity(s[t.end() :], program)
    return quantity + more if more is not None else quantity


def _first_quantity(s: str, program: bool = False) -> int | None:
    m = _TOTAL_RE.search(s)
    if m:
        return int(m.group(1))
    m = (_EXPLICIT_PROGRAM_RE if program else _EXPLICIT_RE).search(s)
    if m:
        return _summed(s, m, program)
    m = _FREQ_DUR.search(s)
    if m:
        return _then(s, m.end(), _rate_times(int(m.group(1)), m.group(2), int(m.group(3)), m.group(4)), program)
    m = _DUR_FREQ.search(s)
    if m:
        return _then(s, m.end(), _rate_times(int(m.group(3)), m.group(4), int(m.group(1)), m.group(2)), program)
    m = _N_BY_M.search(s)
    if m:
        return _then(s, m.end(), int(m.group(1)) * int(m.group(2)), program)
    m = _LOOSE_RE.search(s)
    if m:
        return _summed(s, m, program)
    m = _TIMES_N.search(s)
    if m:
        return int(m.group(1))
    m = _LAST_COUNT.search(s)
    if m:
        return int(m.group(1) or m.group(2) or m.group(3) or m.group(4))
    m = _NAME_COUNT.match(s) if "(" in s else None
    if m:
        return int(m.group(1))
    if "ly" in s:
        m = _ONCE_DUR.search(s)
        if m:
            freq, per = _ONCE_PER[m.group(1)]
            return _rate_times(freq, per, int(m.group(2)), m.group(3))
    return None


# A count of injections written before them, where a count opens the request or follows a comma ("Four (4)
# trigger point injections", "series of 3 epidural steroid injections", "2 nerve blocks", "TPI to the
# paraspinals, 4 injections"): a number elsewhere is a strength
# or a dose ("Kenalog 40 injection", "Depo-Medrol 80 mg injection", "Botox 100 units"), a level (L4-5), or
# the levels treated ("2 level facet injections").
_INJECTION_COUNT = rx.compile(
    r"(?:^|\b(?:for|of)\s+|,\s*)(\d{1,2})\s+(?:(?!mg\b|ml\b|cc\b|mcg\b|units?\b|levels?\b)[a-z/()\-]+\s+){0,4}"
    r"(?:injections?|esis?|tpis?|blocks?)\b"
)


# Tests counted before their name ("One (1) x-ray of the thoracic spine", "2 MRIs"); not a test's views, phases,
# leads, hours, levels, panels, dimensions or field strength ("2 views", "3-phase bone scan", "12-lead EKG", "12 panel",
# "3D CT", "3T MRI").
_TEST_COUNT = rx.compile(
    r"(?:^|\b(?:for|of)\s+|,\s*)(\d{1,2})(?![\d.%/]|\s*-|\s*(?:views?|v\b|phases?|leads?|hours?|hrs?\b|levels?|tesla|t\b|d\b|mm\b|cm\b|panels?))"
    r"\s*(?:[a-z/()\-]+\s+){0,3}?(?:x-?rays?|radiographs?|mri|mris|mra|mras|ct|cts|(?:cat |bone |ct )?scans?|ultrasounds?|"
    r"emgs?|ncvs?|ncs|nerve conduction|stud(?:y|ies)|tests?|screens?|panels?|labs?|ekgs?|ecgs?|electrocardiograms?|"
    r"arthrograms?|myelograms?|discograms?)\b"
    r"|,\s*(\d{1,2})\s*$"  # a count alone after the test, ending it ("NCV of the bilateral lower extremities, 2")
)


# A series written after the injections ("Cervical ESI C6-7, series of two", "Prolotherapy, right knee, series of 3").
_SERIES = rx.compile(r"\bseries of (\d{1,2})\b")

# The shots of a drug asked for ("Synvisc injections x3", "Toradol 60mg IM injection x 2", "3 B12 injections",
# "Orthovisc, series of 4"): not its strength, its pills or refills, nor a span ("x 2 weeks").
_SHOT_TIMES = rx.compile(
    r"\b(?:injections?|shots?|infusions?)\s*(?:x|times|\u00d7)\s*(\d{1,2})\b(?!\s*(?:%|mg|mcg|ml|cc|i?u\b|units?|refills?|days?"
    r"|weeks?|months?|years?|per|a\b|/|daily|nightly|every|each|q\d|qd|q\.|bid|tid|qid|weekly|monthly|boxe?s?|pens?|kits?|syringes?"
    r"|vials?|cartridges?|packs?|doses?))"
)
# "3 B12 injections", "Synvisc, 3 injections": a count of the shots opening the request or after a comma (not "20 IU
# subcutaneous injection", "2 days of injections")
_SHOTS_BEFORE = rx.compile(
    r"(?:^|,\s*)(\d{1,2})\s+(?!(?:%|mg|mcg|ml|cc|i?u|units?|days?|weeks?|months?|times?)\b)(?:[a-z0-9-]+\s+){0,3}?"
    r"(?:injections|shots|infusions)\b"
)


# Pieces of equipment or supplies ("Wrist braces #2", "Rolling walker QTY: 1", "Elastic bandages x 4", "Insoles x 2
# pairs", "Bilateral wrist braces (2)", "AAA batteries for TENS unit, 12"), not a rental's or trial's length ("x 30
# days", "1 month rental"), a size ("4x4 gauze") or the wheels of a walker.
_PIECES = rx.compile(
    r"(?:#\s?|\bqty\b\s*:?\s*|\bquantity\b\s*:?\s*)(\d{1,3})\b(?!\s*(?:days?|weeks?|months?|hours?|-))"  # "#2", "# 2"
    r"|(?<![\d.])\bx\s*(\d{1,2})\b(?![\d.]|\s*(?:days?|weeks?|months?|years?|hours?|hrs?|min\w*|times?|per|a|/|-|in\w*|cm|mm|ft|feet))"
    r"|\((\d{1,2})\)(?!\s*(?:days?|weeks?|months?|hours?))"
    r"|\b(\d{1,2})\s+pairs?\b"
    r"|,\s*(\d{1,3})\s*$"
    r"|,\s*(\d{1,3})\s+(?:boxe?s?|rolls?|packs?|packages?|cases?|bags?|bottles?|tubes?|jars?|sets?|kits?|pieces?)\b"  # ", 3 boxes"
    # a count opening the request ("2 knee braces", "1 front wheeled walker"), not a walker's wheels or a size
    r"|^(\d{1,2})\s+(?!(?:days?|weeks?|months?|hours?|hrs?|wheel\w*|leads?|channels?|inch\w*|in|ft|feet|mm|cm|pairs?|packs?|x)\b)"
    r"(?=[a-z])"
)
# The days of a hospital stay ("Inpatient stay x 2 days", "2 day inpatient stay", "Inpatient stay, 3 days"); a stay of
# "23 hours" is no count of days.
_STAY_DAYS = rx.compile(
    r"(?<![\d.-])(\d{1,2})[- ]?(?:days?|nights?)\s+(?:(?:of|in|an?|inpatient|in-patient|hospital|acute|post-?op\w*|post-?surgical)\s+){0,3}"
    r"(?:stay|admission|hospitali[sz]ation)\b"
    r"|\b(?:stay|admission|hospitali[sz]ation)\b\s*[,:(]?\s*(?:x|for|of|length\s+of)?\s*(\d{1,2})[- ]?(?:days?|nights?)\b"
    r"(?!\s+(?:of|after|post|following|before|prior)\b)"
)


# How much of a drug is asked for, tried in this order: "#60" / "# 90" / "No. 60"; "qty: 30", "Qty: 30.00", "quantity
# of 120", "Disp: 120"; "x 30"; "2 boxes of 30" (60); "30 tablets of …", "one tube of …"; "(90 tablets)"; containers
# after a comma (", 1 jar"); "120 count". Not Tylenol #3's number, a strength ("#10%",
# "#5/325", "10/325 tab"), an amount in grams or ml ("#120gm": like "240 grams", no count), a duration ("x 5 days",
# "x 7d"), refills, a size ("10cm x 14cm"), nor a dose ("1 tablet twice daily": a bare count of tablets only from five).
_UNIT_AFTER = r"(?:%|mg\b|mcg\b|ml\b|g\b|gm\b|gms\b|grams?\b|oz\b|cc\b)"
_DRUG_COUNTS = (
    rx.compile(rf"(?:#|\bno\.)\s*(\d{{1,4}})(?:\.0+)?(?![\d/]|[.,]\d|\s*{_UNIT_AFTER})"),
    rx.compile(rf"\b(?:qty|quantity(?:\s+of)?|disp(?:ense)?)\s*[:.#]?\s*(\d{{1,4}})(?:\.0+)?\b(?![/%]|[.,]\d|\s*{_UNIT_AFTER})"),
    rx.compile(r"(?<![a-z\d])x\s*(\d{1,4})(?![\d/]|[.,]\d|\s*(?:%|mg\b|mcg\b|ml\b|d\b|days?\b|weeks?\b|wks?\b|months?\b"
               r"|mos?\b|refills?\b|hours?\b|hrs?\b|years?\b|times?\b|daily\b|a day\b|per\b|every\b|each\b|q\.?\d|weekly\b"
               r"|monthly\b|cm\b|mm\b|in\b|inch))"),
    # "1 bottle of 60", "2 boxes of 30 patches": the units in them (group "n": how many of them)
    rx.compile(rf"\b(?P<n>\d{{1,3}})\s+(?:containers?|bottles?|boxe?s?|packs?|packages?)\s+of\s+(\d{{1,4}})\b"
               rf"(?!\s*{_UNIT_AFTER})"),
    rx.compile(r"\b(\d{1,4})\s+(?:tablets?|tabs?|capsules?|caps?|pills?|patch(?:es)?|lozenges?|containers?|tubes?|bottles?"
               r"|jars?|boxes?)\s+of\b"),
    rx.compile(r"(?<![\d./\-])([5-9]|\d{2,4})\s+(?:tablets?|tabs?|capsules?|caps?|pills?|patch(?:es)?)\b(?!\s+(?:by|po|p\.o"
               r"|orally|daily|twice|three|four|every|q\.?\d|at|per|a day|each|as))"),
    # containers counted after the drug, where no unit is ("Lidocaine 5% compounded cream, 1 jar", "AndroGel 1.62%
    # pump, 1 bottle", "Nucynta ER 100 mg, one (1) prescription"; not the 2013-15 request's "1 PRESCRIPTION OF …",
    # which counts no units)
    rx.compile(r"(?:^|[,;(]\s*)(\d{1,3})\s+(?:pre-?filled\s+)?(?:containers?|tubes?|bottles?|jars?|boxe?s?|vials?|packs?"
               r"|packages?|kits?|pens?|canisters?|inhalers?|syringes?|auto-?injectors?|cartridges?|packets?|sprays?|films?"
               r"|suppositor(?:y|ies)|ampu?les?)\b|[,;(]\s*(\d{1,3})\s+prescriptions?\b(?!\s+of\b)"),
    rx.compile(r"(?<![\d./\-])(\d{1,4})\s*-?\s*(?:count|ct)\b"),  # "Norco 10/325mg, 120 count"
)
# "Tylenol #3", "with codeine #4", "Tylenol w/cod #3", "Empirin #3", "Tylenol No. 3": the formula's number
_TYLENOL_NUMBER = rx.compile(r"(?:tylenol|cod[a-z]{0,5}\.?|empirin)\s*(?:#|no\.)\s*[1-4](?!\d)")  # "codiene" too


def _drug_count(text: str) -> int | None:
    if ("#" in text or "no." in text) and ("tylenol" in text or "cod" in text or "empirin" in text):
        text = _TYLENOL_NUMBER.sub(" ", text)
    for rule in _DRUG_COUNTS:
        m = rule.search(text)
        if m is None:
            continue
        n = rule.search(text, m.end())
        if n is not None and tables().drug_re.search(text, m.end(), n.start()):
            return None  # two drugs, each with its count ("Norco 10/325mg #90, Colace 100mg #60"): no one quantity
        if rule.groupindex.get("n"):
            return int(m.group("n")) * int(m.group(2))
        return int(m.group(1) or m.group(2))
    return None


def _shot_count(digits: str) -> int | None:
    m = _SHOT_TIMES.search(digits) or _SHOTS_BEFORE.search(digits) or (_SERIES.search(digits) if "series" in digits else None)
    return int(m.group(1)) if m else None


@memo
def requested_quantity(treatment: str) -> int | None:
    """Visits/sessions/units/trips asked for (``2 x 6`` → 12, ``three times a week for two
    months`` → 24, ``12 sessions`` → 12, ``12 trips`` → 12), for services counted that way
    (``QUANTITY_CATEGORIES``; tests only where the letter counts them); None when the item does
    not state it, and for equipment (but for its pieces: ``Wrist braces #2`` → 2; never a rental's length) and
    operations (but for a stay's days). A range asks for its upper end (``1-2 visits`` → 2). A drug's quantity is how
    much of it is asked for (``Norco 10/325mg #60`` → 60, ``qty: 30``; per fill, refills aside), or its shots where it
    is injected (``Synvisc injections x3`` → 3)."""
    _, focus = _prepare(treatment)
    inner = focus[associated_prefix_end(focus) :]
    category, subcategory = _item_class(inner)
    if category == "Pharmaceuticals":
        if "inject" in inner or "shot" in inner or "infusion" in inner:
            digits = _numbers_as_digits(inner)
            return _shot_count(digits) or _drug_count(digits)  # a drug's shots, or how many of it ("Lovenox … #14")
        return _drug_count(_numbers_as_digits(inner))  # how much of it ("#60", "one tube of …")
    if category == "DMEPOS":
        if "rent" in inner or "trial" in inner or "lease" in inner:
            return None  # a rental's or trial's number is its length ("TENS unit, daily trial, #30", "CPM rental x21")
        m = _PIECES.search(_numbers_as_digits(inner))  # pieces of equipment or supplies
        return int(next(g for g in m.groups() if g)) if m else None
    # the days of a hospital stay asked for ("2 day inpatient stay"); an operation with its stay ("Right total knee
    # arthroplasty with 3 day inpatient stay") is the operation
    if (category != "Pharmaceuticals" and (category != "Surgery" or subcategory == "Adjunct Surgical Services")
            and ("stay" in inner or "admission" in inner or "hospitali" in inner)):
        m = _STAY_DAYS.search(_numbers_as_digits(inner))
        if m:
            return int(m.group(1) or m.group(2))
    if category not in QUANTITY_CATEGORIES:
        return None
    if subcategory == "Dental Services":
        inner = _TOOTH_NUMBER.sub("", inner)  # "crown for tooth #30": a tooth, not a count
    if any(w in inner for w in _PAST_WORDS):
        inner = _PAST_COUNT.sub("", inner)
    digits = _numbers_as_digits(inner)
    quantity = _first_quantity(digits, program=category == "Programs")
    if quantity is None and category == "Home Health" and "day" in digits and "week" not in digits:
        # the days of home care asked for ("Home health aide x 30 days", "… 8 hours per day x 30 days"), not a deadline
        # ("within 3 days of surgery") nor days of a week
        m = _CARE_DAYS.search(digits)
        quantity = int(m.group(1)) if m else None
    if quantity is None and category == "Home Health" and "h" in digits:
        m = _HOURS.search(digits)
        quantity = int(m.group(1)) if m else None
    if quantity is None and category == "Diagnostic Testing":
        m = _TEST_COUNT.search(digits)
        quantity = int(m.group(1) or m.group(2)) if m else None
    if quantity is None and category == "Injection":
        m = _INJECTION_COUNT.search(digits) or (_SERIES.search(digits) if "series" in digits else None)
        quantity = int(m.group(1)) if m else None
    if quantity is None and "(" in inner:
        m = next((m for m in _WORD_COUNT.finditer(inner) if _UNIT_WORDS.get(m.group(1), _TENS_WORDS.get(m.group(1))) == int(m.group(2))),
                 None)  # fmt: skip
        quantity = int(m.group(2)) if m else None
    if quantity is None and any(ch.isdigit() for ch in digits) and (fixed := tables().speller.correct(treatment.lower())):
        return requested_quantity(fixed)  # a unit mistyped ("12 sessons", "6 vistis"); read once more, corrected
    return quantity


# ---------------------------------------------------------------------------------------
# Reviewer credentials
# ---------------------------------------------------------------------------------------
def split_specialties(text: str) -> list[str]:
    """DWC specialty names in the order the credential text gives them, deduplicated.

    Matching is on whole aliases (longest first), so commas and "and" inside a name
    (``Physical Medicine and Rehabilitation``, ``Allergy and Immunology``) never split
    it; pieces no alias covers are skipped.
    """
    if not text:
        return []
    t = tables()
    out: list[str] = []
    norm = _credential_norm(text)
    norm = t.credential_speller.correct(norm) or norm
    for m in t.specialty_re.finditer(norm):
        alias = _SPACES.sub(" ", m.group("alias"))
        if alias == "surgery" and _QUALIFIED.search(norm, 0, m.start()):
            continue  # "Upper Extremity Surgery", "Spine Surgery": a kind of surgery DWC's list does not name
        name = t.specialty_of[alias]
        if (name and name not in ("Chiropractic", "Oriental Medicine") and "chiropract" in norm
                and _in_chiropractic_part(norm, m.start())):
            # "Chiropractic Orthopedics", "Chiropractic Neurology": a chiropractor's certification, not a board (an
            # acupuncturist's is a licence of its own: "Licensed Chiropractor and Acupuncturist")
            continue
        if name and name not in out:
            out.append(name)
    return out


def _in_chiropractic_part(norm: str, at: int) -> bool:
    """Whether the list part (between commas or semicolons) holding ``at`` names chiropractic."""
    start = max(norm.rfind(",", 0, at), norm.rfind(";", 0, at)) + 1
    ends = [e for e in (norm.find(",", at), norm.find(";", at)) if e >= 0]
    return "chiropract" in norm[start : min(ends) if ends else len(norm)]


# The word before a bare "surgery" that qualifies it: any word but a list's joints ("and", "in", "of", ...).
_QUALIFIED = rx.compile(r"(?<![a-z])(?!(?:and|or|in|of|certified|board|the)\s+$)[a-z]+\s+$")


# "CA, TX", "TX, NY, and CA", "N.C., S.C."
# ("Washington, D.C." is one name)
_TWO_CAPITALS = rx.compile(r"(?<![A-Za-z])[A-Z]\.?[A-Z](?![a-z])")
_LIST_SEPARATOR = rx.compile(r"(?:(?<!ashington)(?<!ASHINGTON)\s*[,;/&]|\s*\band\b)\s*")
_CODE_LIST = rx.compile(r"^\s*[A-Z]\.?[A-Z]\.?(?:\s*(?:,\s*and\b|,|/|;|&|\band\b)\s*[A-Z]\.?[A-Z]\.?)*\s*\.?\s*$")


def state_codes(text: str) -> list[str]:
    """Two-letter codes of the states named, in order, deduplicated; unknown names skipped.

    Full names anywhere in the text; two-letter codes only as a list's parts in capitals (``CA, TX``,
    ``California, NV``), since ``IN``/``OR``/``ME`` are also words (and ``MD`` after a name a title).
    """
    if not text:
        return []
    t = tables()
    out: list[str] = []
    if _CODE_LIST.match(text):
        for code in re.findall(r"[A-Z]{2}", text.replace(".", "")):
            if code in t.state_codes and code not in out:
                out.append(code)
        return out
    parts = _LIST_SEPARATOR.split(text) if _TWO_CAPITALS.search(text) else []  # (most lists name every state in full)
    if len(parts) > 1 and any(_CODE_LIST.match(part) for part in parts):
        # names and codes mixed ("California, NV"): each part is read on its own ("MD" after a name is a title)
        for part in parts:
            if part.replace(".", "").strip() == "MD":
                continue
            for code in state_codes(part):
                if code not in out:
                    out.append(code)
        return out
    norm = _norm(text)
    norm = t.credential_speller.correct(norm) or norm
    for m in t.state_re.finditer(norm):
        code = t.state_of[_SPACES.sub(" ", m.group())]
        if code not in out:
            out.append(code)
    return out
