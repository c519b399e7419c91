"""The parser's shortcuts give what the plain regular expressions give.

Each shortcut (a tail window, a substring test before a regex, a regex tried only where a match can
start) is checked against the regex it stands for, on generated clean text, so a change to either
side that breaks the equivalence fails here.
"""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.parse import citations, items, layout, parse_letter, rx, summary, taxonomy
from pipeline.parse.text import clean_lines, count_pages
from tests.conftest import TXT, read_text

# The item-line grammar as written before the tail window: the first separator after which the rest
# of the line is a decision (a full stop or a colon may follow it).
ANCHOR_SPEC = re.compile(r"^(?P<pre>.*?)(?P<sep>:|\bis\b:?|\bare\b:?)\s*(?P<dec>[A-Za-z][A-Za-z ]{0,30}?)\s*[.:]?$", re.ASCII)

WORDS = ["is", "are", "Is", "ARE", ":", "is:", "Upheld", "Overturned", "upheld.", "Upheld .", "Physical", "therapy",
         "x", "the", "This", "Retro", "DOS", "date of service", "diagnosed with", "being treated for", "Diagnosis is",
         "DIAGNOSES INCLUDE:", "lumbar", "2x6", "01/02/2015", "of", "service", "Certification(s)/Specialty:",
         "State(s) of Licensure:", "licensed", "specialty", "Under", "appeal", "a", "Z", ".", ",", "12.",
         "injured", "on", "DOI:", "date of injury", "injury date", "Utilization Review", "UR", "during", "dated",
         "was", "from", "Date", "doinjury", "04-21-2017", "June 3, 2015", "durUR", "_UR", "(UR", "UR's", "injury",
         "1017-2016", "or about", "hurt", "fell", "slipped and", "at work", "befell", "to", "Report of", "injuries",
         "04-162013", "workplace", "sustained"]
clean_text = st.lists(st.sampled_from(WORDS), min_size=0, max_size=40).map(lambda ws: " ".join(clean_lines(" ".join(ws))))


@settings(max_examples=600, deadline=None)
@given(clean_text)
def test_anchor_tail_window_finds_the_first_separator(text):
    spec = ANCHOR_SPEC.match(text)
    got = items._anchor_match(text)
    assert (got is None) == (spec is None)
    if spec:
        assert got.start() == spec.start("sep")
        assert got.group("dec") == spec.group("dec")


def test_anchor_on_a_long_item_line():
    line = "Retrospective request for " + "physical therapy twice a week for six weeks " * 5 + "is: Upheld"
    m = items._anchor_match(line)
    assert m and m.group("dec") == "Upheld" and line[: m.start()].endswith("six weeks ")
    assert items._anchor_match("Physical therapy for the lumbar spine is medically necessary and the request") is None


@settings(max_examples=600, deadline=None)
@given(clean_text)
def test_trailing_is_shortcut(text):
    assert items._drop_trailing_is(text) == items._TRAILING_IS.sub("", text)


@settings(max_examples=600, deadline=None)
@given(clean_text)
def test_service_date_substring_test(text):
    if items._RETRO.search(text) or items._DOS.search(text):
        assert items._mentions_service_date(text.lower())


@settings(max_examples=600, deadline=None)
@given(clean_text)
def test_summary_regexes_tried_at_their_openings(text):
    for pattern, openings, word_start in ((summary._DIAGNOSIS, summary._DIAGNOSIS_OPENINGS, False),
                                          (summary._INJURY, summary._INJURY_OPENINGS, False),
                                          (summary._INJURY_LOOSE, ("inju",), False),
                                          (summary._HURT, summary._HURT_OPENINGS, False),
                                          (summary._UR, summary._UR_OPENINGS, True)):
        got = rx.search_at_openings(pattern, text, openings, word_start=word_start)
        spec = pattern.search(text)
        assert (got is None) == (spec is None)
        if spec:
            assert got.span() == spec.span() and got.groupdict() == spec.groupdict()


def test_summary_dates_found_at_their_openings():
    text = "The Utilization Review dated 03/24/2015 non-certified it. The patient, injured on June 3, 2015, is 52."
    assert summary.ur_denial_date(text) == date(2015, 3, 24)
    assert summary.injury_date(text) == date(2015, 6, 3)
    assert summary.injury_date("Date of injury: 01-02-2014") == date(2014, 1, 2)


@settings(max_examples=600, deadline=None)
@given(clean_text)
def test_credentials_substring_test(text):
    assert layout._has_2016_credentials(text) == bool(layout._CRED_2016.search(text))


def test_shortcuts_on_non_ascii_text_search_as_written():
    text = "The patient was diagnosed with Ménière's disease. She is 52 years old."
    assert summary.diagnosis(text) == "Ménière's disease"
    assert items._drop_trailing_is("Café visits is:") == "Café visits"


def test_letter_with_non_ascii_characters_parses():
    # An accented word and a registered sign in an otherwise standard letter change nothing but themselves.
    plain_text = read_text(TXT / "CM16-0243394.txt")
    assert "Voltaren® Gel" in plain_text and "history of autism spectrum." in plain_text
    varied = plain_text.replace("history of autism spectrum.", "history of Ménière's disease.", 1)
    letter = parse_letter(varied, "x.txt")
    plain = parse_letter(plain_text, "x.txt")
    assert [(i.treatment, i.decision, i.service_category) for i in letter.items] == [
        (i.treatment, i.decision, i.service_category) for i in plain.items
    ]
    assert letter.case.decision_date == plain.case.decision_date
    assert letter.case.diagnosis.endswith("and history of Ménière's disease")


TREATMENT_WORDS = ["Physical", "therapy", "is", "is:", ":", "Upheld", "overturned", "original request", "was the original",
                   "The remaining IMR eligible portion of the original request,", "The original request,", "Norco", "#90",
                   "2x6", "lumbar", " ", "  ", "\t", "\n", "\x1c", "\xa0", "\u2019", "é", "İ", "\u2013", "\u00ad", ".", ","]
treatment_text = st.lists(st.sampled_from(TREATMENT_WORDS), max_size=14).map(" ".join)


def _prepare_spec(treatment):
    text = taxonomy._SPACES.sub(" ", treatment.translate(taxonomy._TRANSLATE).lower()).strip()
    text = taxonomy._IS_SUFFIX.sub("", taxonomy._DECISION_SUFFIX.sub("", text))
    m = taxonomy._FOCUS.search(text)
    focus = (m.group(1) or m.group(2)).strip() if m else text
    return text, taxonomy._IS_SUFFIX.sub("", focus).strip(" ,.:;") or text


@settings(max_examples=800, deadline=None)
@given(treatment_text)
def test_treatment_normalisation_shortcuts(text):
    assert taxonomy._norm(text) == taxonomy._SPACES.sub(" ", text.translate(taxonomy._TRANSLATE).lower()).strip()
    assert taxonomy._prepare.__wrapped__(text) == _prepare_spec(text)


# The rationale grammar written plainly: one boundary class, seven phrase tests, "\b" before each word.
BOUNDARY_SPEC = re.compile(r"[.!?]\s+(?=[A-Z\"'(])", re.ASCII)
NECESSARY = items._NECESSARY  # "necessary" and its misspellings (a word of the grammar, not a shortcut)
VERB_SPEC = re.compile(r"\b(?:is|are|be|was|were) (?:therefore |thus |hereby |hence )?(?:deemed |considered |found )?"
                       rf"(?:not un|not |non-?|un)?(?:indicated|recommended|warranted|supported|certified|appropriate|{NECESSARY}|"
                       r"reasonable|justified)\b", re.ASCII)
# The medical phrases, "medically" also written "medicaly", "necessary" also misspelt.
MEDICAL_TYPO_SPEC = re.compile(rf"medically (?:un)?{NECESSARY}", re.ASCII)


def _medical_spec(low):
    low = low.replace("medicaly ", "medically ")
    return any(p in low for p in items._MEDICAL_PHRASES) or bool(MEDICAL_TYPO_SPEC.search(low))


NEGATION_SPEC = re.compile(rf"\bun{NECESSARY}|\b(?:not|no|unnecessary|unwarranted|unsupported|unreasonable|unjustified|unindicated|cannot|"
                           r"neither|nor|unable|lack|lacks|lacking|insufficient)\b|\bnon\b(?!-(?!certif|approv|authori|necess))"
                           r"|n't\b|\bnoncertif\w*|\bfail(?:s|ed)? to (?:establish|demonstrate|document|support|show|meet)\b"
                           r"|\bnone (?:of (?:the |these |those |his |her |their )?(?:(?!the\b|requests?\b|which\b)[\w-]+ ){1,3}?)?"
                           r"(?:is|are|was|were)\b",
                           re.ASCII)
RATIONALE_WORDS = ["The", "request", "is", "are", "be", "was", "were", "this", "xis", "aware", "not", "non", "non-emergency",
                   "non-certified", "deemed", "unwarranted", "Given", "since", ",", ";", ", as", "weaning", "no",
                   "nothing", "therefore", "thus", "would be", "may be", "not to exceed", "no refills", "lacks",
                   "fails to establish", "noncertified", "insufficient", ", which", ", and",
                   "nor", "neither", "cannot", "unable", "unnecessary", "unreasonable", "not un", "lack", "lacking", "black", "don't", "isn't",
                   "medically necessary", "medically unnecessary", "medical necessity", "medically", "indicated",
                   "recommended", "necessary", "justified", "neccessary", "necesary", "necessay", "necessarily",
                   "necessity", "unneccessary", "medicaly", "appropriate", "Therefore,", "(", '"', ".", "!", "?", ". ", "  ", "\t",
                   "\xa0", "é", "A", "9", "_no"]
rationale_text = st.lists(st.sampled_from(RATIONALE_WORDS), max_size=30).map(" ".join)


def _sentences_spec(text):
    out, start = [], 0
    for m in BOUNDARY_SPEC.finditer(text):
        out.append(text[start : m.start() + 1])
        start = m.end()
    return out + [text[start:]]


@settings(max_examples=800, deadline=None)
@given(rationale_text)
def test_rationale_shortcuts(text):
    assert items._sentences(text) == _sentences_spec(text)
    low = text.lower()
    assert bool(items._MEDICAL.search(low)) == _medical_spec(low)
    assert bool(items._VERB_CONCLUSION.search(low)) == bool(VERB_SPEC.search(low))
    assert items._negated(low) == _negated_spec(low)
    assert items._sentence_polarity(text) == _polarity_spec(text)


def _ends_block_spec(line):
    return bool(items._SENTENCE_END.search(line) or items._INTRO.search(line) or items._is_label(line)
                or any(p in line.lower() for p in items._CONCLUDING))


LINE_WORDS = ["set forth below:", "Set", "forth", "below", "The Final Determination was based", "The", "the", "Claims",
              "Administrator guideline:", "MAXIMUS guideline:", "Decision rationale:", "medically necessary",
              "not recommended", "is", ".", "!", '"', ")", "]", "'", "\n", "x", "BELOW", "ThE"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(LINE_WORDS), max_size=12).map(" ".join))
def test_block_end_shortcuts(line):
    assert items._ends_block(line) == _ends_block_spec(line)
    if items._REMAINING.search(line) or items._ORIGINAL.search(line):
        assert "remaining" in line.lower() or "original" in line.lower()


def _clean_lines_spec(text):
    from pipeline.parse import text as T

    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = T._ZERO_WIDTH_SPACE_IN_WORD.sub("", text).replace("\u200b", " ")  # in a word nothing, else a gap
    text = T._SOFT_HYPHEN_BREAK.sub("", text)  # a soft hyphen where the line broke joins the word's two parts
    table = str.maketrans({char: plain or None for char, plain in T._REPLACE if len(char) == 1})  # the plain translation
    text = T._CONTROL.sub(" ", text.translate(table))
    lines = [T._SPACES.sub(" ", line).strip() for line in text.split("\n")]
    kept = [line for line in lines if line and not T._PAGE_FURNITURE.fullmatch(line)]  # page numbers dropped
    return [line for line in map(T._unbulleted, kept) if line]  # a list's bullet dropped, a bullet alone too


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["a", "Upheld", " ", "  ", "\t", "\n", "\r", "\r\n", "\f", "\v", "\x00", "\x1c", "\x1e",
                                 "\x7f", "\x85", "\xa0", "\u2019", "\u2028", "é", "\ufeff", "\u201c", "\u2014", "\u00ad", "°", "\u200b", "\u200d",
                                 "Page 2", "PAGE", "page", " of 3", "- ", "4", " -", "-", "\u2022", "* ",
                                 "Decision rationale:"]),
                max_size=30).map("".join))
def test_clean_lines_shortcuts(text):
    assert clean_lines(text) == _clean_lines_spec(text)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["a", "Page 1", " ", "\n", "\t", "\f", "\v", "\xa0", "\u2003", "é"]), max_size=20).map("".join))
def test_count_pages_is_the_non_blank_form_feed_pages(text):
    spec = sum(1 for page in text.split("\f") if page.strip())
    assert count_pages(text) == spec


HEADER_LINES = ["Case Number:", "CASE NUMBER:", "Date Assigned:", "Decision Date:", "Priority:", "Date of Injury:",
                "UR Denial Date:", "Application Received:", "Application", "Received:", "RECEIVED:", "Date of",
                "Injury:", "CM16-0235991", "cm16-0235991", "CM16-023599", "CM16-023599123", "12/13/2016", "1/2/16",
                "12/13/20166", "January 5, 2017", "Standard", "EXPEDITED", "Urgent", "Regular", "Standardized",
                "Decision Date: 01/11/2017", "Priority: Standard Application 12/07/2016", "Application 12/07/2016",
                "x", ""]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(HEADER_LINES), max_size=16))
def test_header_read_line_by_line_gives_the_token_search_s_tokens(lines):
    from pipeline.parse import header

    fast = header._line_tokens(lines)
    assert fast is None or fast == header._search_tokens(lines)


def test_the_sample_headers_are_read_line_by_line():
    from pipeline.parse import header, sections, text

    from .conftest import TXT

    for path in sorted(TXT.glob("*.txt")):
        lines = sections.split_sections(text.clean_lines(path.read_text(encoding="utf-8"))).header
        assert header._line_tokens(lines) == header._search_tokens(lines) != [], path.name


# A negative word negated ("not unreasonable", "not unnecessary") is the positive word.
DOUBLE_NEGATIVE_SPEC = re.compile(rf"\bnot (?:be )?un(?=(?:{NECESSARY}|warranted|supported|reasonable|justified|indicated)\b)")


def _negated_spec(low):
    return bool(NEGATION_SPEC.search(DOUBLE_NEGATIVE_SPEC.sub("", low)))


def _concludes(norm):
    return _medical_spec(norm) or VERB_SPEC.search(norm)


# A verdict alone: "Not certified.", "Approved.", "Overturn."
BARE_VERDICT_SPEC = re.compile(r"(?:(?:recommendation|determination|decision|verdict): )?(not |non-?)?"
                               r"(certified|approved|authorized|medically necessary|denied|upheld|uphold|noncertify|non-certify"
                               r"|overturn|overturned)[.!]?")


def _polarity_spec(sentence):
    norm = " ".join(sentence.lower().split())
    if bare := BARE_VERDICT_SPEC.fullmatch(norm):
        refused = bare.group(1) or bare.group(2) in ("denied", "upheld", "uphold", "noncertify", "non-certify")
        return "not_medically_necessary" if refused else "medically_necessary"
    if not _concludes(norm):
        return None
    # The concluding clause (its grammar is items._conclusion_clause's; the shortcuts checked here are the
    # first-letter forms of the phrase and negation patterns against their plain regexes).
    return "not_medically_necessary" if _negated_spec(items._conclusion_clause(norm)) else "medically_necessary"


def _conclusion_spec(rationale):
    sentences = _sentences_spec(rationale[-1500:])
    found = None
    for modal_too in (False, True):  # modal sentences ("would be …") only where no other concludes
        for idx in range(len(sentences) - 1, max(-1, len(sentences) - 5), -1):
            low = sentences[idx].lower()
            if ("wean" in low or "taper" in low) and "request" not in low and not _medical_spec(low):
                continue  # weaning advice
            # a modal sentence, unless its verdict is a ";"-clause of its own that is not ("… is medically necessary;
            # it would be reconsidered …": items._verdict_clause)
            if not modal_too and re.search(r"\b(?:would|may|might|could)(?: not)? be\b", items._verdict_clause(low)):
                continue
            if pol := _polarity_spec(sentences[idx]):
                found = (pol, idx)
                break
        if found:
            break
    if found is None:
        return "unclear", False
    pol, idx = found
    low = sentences[idx].lower()
    if "request" not in low and not _medical_spec(low):
        for k in range(idx - 1, max(-1, idx - 3), -1):
            earlier = sentences[k].lower()
            if "request" in earlier and _medical_spec(earlier) and (p := _polarity_spec(sentences[k])):
                pol, idx = p, k
                break
    others = [s for s in sentences[max(0, idx - 4) : idx] if "medic" in s.lower()]
    mixed = any((p := _polarity_spec(s)) and p != pol and any(x in s.lower() for x in items._MEDICAL_PHRASES[:3])
                for s in others)
    return pol, mixed


@settings(max_examples=800, deadline=None)
@given(st.lists(rationale_text, min_size=1, max_size=6).map(". ".join))
def test_rationale_conclusion_shortcuts(text):
    assert items.rationale_conclusion.__wrapped__(text) == (_conclusion_spec(text) if text else ("unclear", False))


LABEL_OPENERS = ["Claims Administrator guideline:", "Claim Adm guid:", "CLAIMS ADMINISTRATOR GUIDELINE :", "claims administrator",
                 "MAXIMUS guideline:", "Maximus Guidelines:", "MAXIMUS", "maximus guideline", "Decision rationale:",
                 "DECISION RATIONALE:", "Decision rationales :", "Decision", "Medical", "MTUS", "Chronic", "Decided", "Cla",
                 "Max", "Dec", "x", ""]
label_line = st.tuples(st.sampled_from(LABEL_OPENERS), st.lists(st.sampled_from(WORDS), max_size=6)).map(
    lambda t: " ".join(clean_lines(" ".join([t[0], *t[1]])))
)


@settings(max_examples=800, deadline=None)
@given(label_line)
def test_label_opening_shortcut(line):
    plain = items._LABEL_ANY.match(line)
    assert items._label_kind(line) == (plain.lastgroup if plain else None)


def test_label_kinds():
    assert [items._label_kind(x) for x in ("CLAIMS ADMINISTRATOR GUIDELINE : MTUS", "Maximus Guidelines: ODG",
                                           "decision rationale: The", "Decided: no", "MTUS guideline:")] == [
        "ca", "mx", "rat", None, None]


CITATION_WORDS = ["Chronic", "Pain", "Medical", "Treatment", "Guidelines", "2009", "(2009)", "Revised", "Low", "LOW", "Back",
                  "Complaints", "Neck", "and", "Upper", "Shoulder", "Disorders", "Knee", "Post-surgical", "Postsurgical",
                  "ACOEM", "Acoem", "Practice", "Guideline", "Opioids", "opioid", "Section(s):", "Page(s):", "98-99", ",",
                  ";", ".", "General", "Approaches", "Stress-Related", "Conditions", "Eye", "Chapter", "Forearm,", "Wrist,",
                  "Hand", "Ankle", "Foot", "Elbow", "Acupuncture", "outside", "of", "the", "MTUS", "not", "based", "on",
                  "did", "base", "their", "decision", "chronic", "pain", "x", "é"]
citation_text = st.lists(st.sampled_from(CITATION_WORDS), max_size=30).map(lambda ws: " ".join(ws))


@settings(max_examples=800, deadline=None)
@given(citation_text)
def test_mtus_names_tried_at_their_openings(text):
    got = rx.finditer_at_openings(citations._MTUS_NAME, text, citations._MTUS_OPENINGS)
    assert [(m.span(), m.groupdict()) for m in got] == [(m.span(), m.groupdict()) for m in citations._MTUS_NAME.finditer(text)]


@settings(max_examples=800, deadline=None)
@given(citation_text)
def test_not_mtus_needs_its_words(text):
    text = " ".join(text.split())
    if citations._NOT_MTUS.search(text):
        assert any(w in text.lower() for w in citations._NOT_MTUS_WORDS)


def test_every_mtus_name_opens_with_an_opening():
    # Each name's leading literal word (each one's, where the name opens with alternatives "(?:Chr|Cho)…") starts with
    # one of the openings (so a match always holds one there).
    for name in citations._MTUS_NAMES:
        alternatives = name[3:].split(")")[0].split("|") if name.startswith("(?:") else [name]
        for alternative in alternatives:
            first = re.match(r"[A-Za-z]+", alternative).group().lower()
            assert any(first.startswith(o) for o in citations._MTUS_OPENINGS), name


def _fresh_regex_cache(monkeypatch, path):
    monkeypatch.setattr(rx, "CACHE_FILE", path)
    monkeypatch.setattr(rx, "_loaded", None)
    monkeypatch.setattr(rx, "_used", {})
    monkeypatch.setattr(rx, "_counts", {"hits": 0, "misses": 0})


REGEX_SAMPLES = [
    (r"(?P<year>\d{4})|(?P<name>[A-Z][a-z]+)", 0),
    (r"\bchronic pain medical treatment guidelines?\b", re.IGNORECASE),
    (r"(?<![a-z])(?:tens|h-wave)(?![a-z])|x\s*(\d+)", re.IGNORECASE),
    (r"^(?:retrospective:?\s*)?associated surgical services?\s*:?\s*", 0),
    (r"[ \t\u00a0\u2000-\u200b]+|é", 0),
]


def test_patterns_from_the_regex_cache_equal_re_compile(tmp_path, monkeypatch):
    """A pattern compiled afresh, and the same built from the cache file in a later process, equal what
    re.compile gives (Pattern equality compares the engine's code), and match alike."""
    _fresh_regex_cache(monkeypatch, tmp_path / "regex.marshal")
    fresh = [rx.compile(p, f) for p, f in REGEX_SAMPLES]
    assert rx._counts == {"hits": 0, "misses": 5}
    rx.save_cache()
    _fresh_regex_cache(monkeypatch, tmp_path / "regex.marshal")  # as a new process
    cached = [rx.compile(p, f) for p, f in REGEX_SAMPLES]
    assert rx._counts == {"hits": 5, "misses": 0}
    text = "Chronic Pain Medical Treatment Guidelines 2009, TENS x 12 Retrospective: é"
    for (p, f), a, b in zip(REGEX_SAMPLES, fresh, cached):
        plain = re.compile(p, f | re.ASCII)
        assert a == plain and b == plain
        assert (b.groups, b.groupindex, b.flags) == (plain.groups, plain.groupindex, plain.flags)
        assert [m.span() for m in b.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_every_rule_pattern_from_the_cache_equals_re_compile(tmp_path, monkeypatch):
    """The taxonomy's compiled rule tables built from a warm cache: every pattern the parser compiled equals
    re.compile's, and the rule buckets' first characters are those computed afresh."""
    _fresh_regex_cache(monkeypatch, tmp_path / "regex.marshal")
    taxonomy.tables.cache_clear()
    try:
        cold = taxonomy.compile_all()
        _fresh_regex_cache(monkeypatch, tmp_path / "regex.marshal")
        taxonomy.tables.cache_clear()
        warm = taxonomy.compile_all()
        assert rx._counts["misses"] == 0 and rx._counts["hits"] > 800  # rules and their first characters
        assert warm.bucket_sources == cold.bucket_sources
        patterns = [key for kind, key in rx._used if kind == "pattern"]
        assert len(patterns) > 40
        for key in patterns:
            flags, pattern = key.split(":", 1)
            assert rx.compile(pattern, int(flags)) == re.compile(pattern, int(flags))
    finally:
        taxonomy.tables.cache_clear()


def test_a_damaged_regex_cache_is_compiled_afresh_and_written_again(tmp_path, monkeypatch):
    path = tmp_path / "regex.marshal"
    path.write_bytes(b"\x00not marshal")
    _fresh_regex_cache(monkeypatch, path)
    assert rx.compile(r"\d+x") == re.compile(r"\d+x", re.ASCII)
    assert rx._counts == {"hits": 0, "misses": 1}
    rx.save_cache()
    _fresh_regex_cache(monkeypatch, path)
    assert rx.compile(r"\d+x") == re.compile(r"\d+x", re.ASCII)
    assert rx._counts == {"hits": 1, "misses": 0}


def test_an_unwritable_regex_cache_is_not_kept_and_never_raises(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("")
    _fresh_regex_cache(monkeypatch, tmp_path / "file" / "regex.marshal")  # a folder that cannot be made
    assert rx.compile(r"a+b") == re.compile(r"a+b", re.ASCII)
    rx.save_cache()  # nothing kept, no error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_regex_cache_entry_the_engine_refuses_is_compiled_afresh(tmp_path, monkeypatch):
    path = tmp_path / "regex.marshal"
    _fresh_regex_cache(monkeypatch, path)
    flags = int(re.ASCII)
    rx._cached()[("pattern", f"{flags}:x+y")] = (flags, b"\x01\x02", 0, {}, (None,))  # code no engine takes
    assert rx.compile(r"x+y") == re.compile(r"x+y", re.ASCII)
    assert rx._counts["misses"] == 1
    rx.save_cache()
    _fresh_regex_cache(monkeypatch, path)
    assert rx.compile(r"x+y") == re.compile(r"x+y", re.ASCII) and rx._counts == {"hits": 1, "misses": 0}


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["State(s) of", "STATE(S) OF", "State of", " Licensure:", "licensed", "Licens",
                                 "Certification(s)", "Certifications", " / ", "/", "Specialty:", "specialties",
                                 " ", "California", "x" * 30, "é", "Board Certified in"]), max_size=14).map("".join))
def test_2016_credentials_tried_only_near_their_keywords(cred):
    assert layout._has_2016_credentials(cred) == bool(layout._CRED_2016.search(cred))
