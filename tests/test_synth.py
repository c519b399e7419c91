"""The synthetic corpus: deterministic, distributed like the real letters, and written in their grammar."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from pipeline.parse.header import parse_header
from pipeline.parse.items import split_items
from pipeline.parse.sections import split_sections
from pipeline.parse.text import clean_lines
from pipeline.synth import generate_corpus, generate_letter, main

N = 2000
PER_DIR = 300


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _truth(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / "truth.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict, list[dict]]:
    root = tmp_path_factory.mktemp("synth")
    summary = generate_corpus(root, N, seed=11, files_per_dir=PER_DIR)
    return root, summary, _truth(root)


def _letter(layout: str, want=lambda truth: True) -> tuple[str, dict]:
    for i in range(200):
        text, truth = generate_letter(random.Random(i), i, layout)
        if want(truth):
            return text, truth
    raise AssertionError(f"no {layout} letter with the wanted property in 200 tries")


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a, b, c, small = tmp_path / "a", tmp_path / "b", tmp_path / "c", tmp_path / "small"
    generate_corpus(a, 150, seed=3, files_per_dir=40)
    generate_corpus(b, 150, seed=3, files_per_dir=40)
    generate_corpus(c, 150, seed=4, files_per_dir=40)
    generate_corpus(small, 60, seed=3, files_per_dir=40)
    fa, fb, fc = _files(a), _files(b), _files(c)
    assert fa == fb
    assert fa != fc and fa["truth.jsonl"] != fc["truth.jsonl"]
    # Letter i depends only on (seed, i): a smaller corpus is a prefix of a larger one.
    assert _truth(small) == _truth(a)[:60]
    # Seeds differing modulo 10 never share a case number (increments can join an existing tree).
    numbers_a = {t["case_number"] for t in _truth(a) if t["case_number"]}
    numbers_c = {t["case_number"] for t in _truth(c) if t["case_number"]}
    assert numbers_a and numbers_c and not numbers_a & numbers_c


def test_item_count_and_upheld_share(corpus):
    _, summary, truth = corpus
    counts = Counter(t["n_items"] for t in truth)
    assert 0.46 <= counts[1] / N <= 0.54
    assert 0.21 <= counts[2] / N <= 0.29
    assert counts[1] > counts[2] > counts[3] > counts[4]
    assert min(counts) >= 1 and max(counts) <= 21
    items = [it for t in truth for it in t["items"]]
    assert 1.9 <= len(items) / N <= 2.5
    upheld = sum(it["decision"] == "upheld" for it in items) / len(items)
    assert 0.86 <= upheld <= 0.92
    assert summary["items"] == len(items) and summary["upheld"] + summary["overturned"] == len(items)
    for t in truth:
        assert t["n_items"] == len(t["items"]) == t["n_upheld"] + t["n_overturned"]
        assert [it["item_number"] for it in t["items"]] == list(range(1, t["n_items"] + 1))


def test_category_mix(corpus):
    items = [it for t in corpus[2] for it in t["items"]]
    cats = Counter(it["service_category"] for it in items)
    assert 0.40 <= cats["Pharmaceuticals"] / len(items) <= 0.50
    assert cats.most_common(3)[0][0] == "Pharmaceuticals"
    assert {
        "Rehabilitation",
        "Diagnostic Testing",
        "DMEPOS",
        "Evaluation & Management",
        "Injection",
        "Surgery",
    } <= set(cats)
    opioids = sum(it["service_subcategory"] == "Opioids" for it in items)
    assert 0.22 <= opioids / cats["Pharmaceuticals"] <= 0.36
    assert any(it["is_partial"] for it in items)
    assert any(it["is_associated_surgical_service"] for it in items)
    assert any(it["is_retrospective"] and it["date_of_service"] for it in items)


def test_both_layouts_files_and_truth_lines(corpus):
    root, summary, truth = corpus
    assert summary["layouts"]["2016"] + summary["layouts"]["2013"] == N
    assert 0.76 <= summary["layouts"]["2016"] / N <= 0.84
    assert {t["layout"] for t in truth} == {"2016", "2013"}
    files = sorted(p for p in root.rglob("*.txt"))
    assert len(files) == len(truth) == N
    names = [p.name for p in files]
    assert len(set(names)) == N
    assert {t["file"] for t in truth} == {p.relative_to(root).as_posix() for p in files}
    dirs = Counter(p.parent for p in files)
    assert len(dirs) == summary["directories"] == -(-N // PER_DIR)
    assert max(dirs.values()) <= PER_DIR
    for t in truth:
        name = t["file"].split("/")[1]
        if t["layout"] == "2016":
            assert name == f"{t['case_number']}.txt" and re.fullmatch(r"CM1[67]-\d{7}", t["case_number"])
        else:
            assert t["case_number"] is None and re.fullmatch(r"\d{6}_[0-9a-f]{16}\.txt", name)
    assert len({t["case_number"] for t in truth if t["case_number"]}) == summary["layouts"]["2016"]


def test_2016_letter_has_column_header_and_form_feeds():
    text, truth = _letter("2016", lambda t: t["page_count"] >= 3)
    assert text.startswith(
        f"Case Number:\nDate Assigned:\nDecision Date:\nPriority:\n\n{truth['case_number']}\n"
    )
    assert "\n\nDate of Injury:\nUR Denial Date:\nApplication\nReceived:\n\n" in text
    assert "\nState(s) of Licensure: " in text and "\nCertification(s)/Specialty: " in text
    assert text.endswith("\n\n\f") and text.count("\f") == truth["page_count"]
    assert max(len(line) for line in text.split("\n")) <= 100


def test_2016_page_break_can_fall_between_item_and_guideline():
    hits = 0
    for i in range(600):
        text, _ = generate_letter(random.Random(i), i, "2016")
        hits += bool(re.search(r"(Upheld|Overturned)\n\n\fClaims Administrator guideline:", text))
    assert hits >= 3


def test_seed_layout_has_blank_line_after_every_line():
    text, truth = _letter("2013", lambda t: t["n_items"] >= 2)
    lines = text.split("\n")
    assert all(line == "" for line in lines[1::2])
    assert all(line.endswith(" ") for line in lines[0::2] if line)
    assert lines[0] == " HOW THE IMR FINAL DETERMINATION WAS MADE "
    assert "Case Number" not in text and "\f" not in text
    assert re.search(r"is Board Certified in .+", text.replace(" \n\n", " "))
    assert len(re.findall(r":  (?:Upheld|Overturned) $", text, re.MULTILINE)) >= 1
    assert truth["case_number"] is None and truth["page_count"] is None


def test_parser_grammar_reads_the_truth():
    """The parser's own splitting finds every item, partial authorization and header field as written."""
    for i in range(150):
        layout = "2016" if i % 3 else "2013"
        text, truth = generate_letter(random.Random(1000 + i), i, layout)
        sections = split_sections(clean_lines(text))
        raw = split_items(sections.issues)
        got = [
            (
                r.treatment,
                r.decision,
                r.is_partial,
                r.original_request,
                r.authorized_portion,
                r.is_retrospective,
                r.is_associated,
            )
            for r in raw
        ]
        want = [
            (
                t["treatment"],
                t["decision"],
                t["is_partial"],
                t["original_request"],
                t["authorized_portion"],
                t["is_retrospective"],
                t["is_associated_surgical_service"],
            )
            for t in truth["items"]
        ]
        assert got == want, (i, layout)
        if layout == "2016":
            fields = parse_header(sections.header)
            assert fields["case_number"] == truth["case_number"]
            assert fields["decision_date"].isoformat() == truth["decision_date"]
            assert fields["date_of_injury"].isoformat() == truth["date_of_injury"]


def test_unknown_layout_and_cli(tmp_path, capsys):
    with pytest.raises(ValueError, match="unknown layout"):
        generate_letter(random.Random(0), 0, "2020")
    assert main([str(tmp_path / "out"), "-n", "12", "--seed", "5", "--files-per-dir", "5"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["letters"] == 12 and summary["directories"] == 3
    assert len(list((tmp_path / "out").rglob("*.txt"))) == 12
