"""Guideline statements as the letters write them, and variants of each: one row per guideline cited,
the name, chapter/section and pages each in its own field."""

from __future__ import annotations

import pytest

from pipeline.parse.citations import parse_guideline


def rows(text: str) -> list[tuple]:
    return [(c.source, c.guideline, c.section, c.pages) for c in parse_guideline(text).citations]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "and Other Medical Treatment Guidelines <X>" adds X as a guideline of its own
        (
            ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low Back Chapter, Epidural "
            "Steroid Injection (ESI) and Other Medical Treatment Guidelines www.mdguidelines.com."),
            [("ODG", "Official Disability Guidelines", "Low Back Chapter, Epidural Steroid Injection (ESI)", None),
             ("other", "www.mdguidelines.com", None, None)],
        ),
        (
            ("Decision based on Non-MTUS Citation ODG Hip, MRI and other medical treatment guideline: ACOEM Hip and "
            "Groin Disorders, Diagnostic Testing."),
            [("ODG", "Official Disability Guidelines", "Hip, MRI", None),
             ("ACOEM", "ACOEM Hip and Groin Disorders", "Diagnostic Testing", None)],
        ),
        (
            ("Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids, and Other Medical "
            "Treatment Guidelines https://example.org/policy.pdf."),
            [("MTUS", "Chronic Pain Medical Treatment 2016", "Opioids", None),
             ("other", "https://example.org/policy.pdf", None, None)],
        ),
        # "Guidelines" after the MTUS year belongs to the name, not the section
        (
            "Decision based on MTUS Chronic Pain Medical Treatment 2016 Guidelines, Section(s): Compound drugs.",
            [("MTUS", "Chronic Pain Medical Treatment 2016", "Compound drugs", None)],
        ),
        # ... and after "ODG"
        (
            "Decision based on Non-MTUS Citation ODG guidelines, Neck and Upper back, MRI.",
            [("ODG", "Official Disability Guidelines", "Neck and Upper back, MRI", None)],
        ),
        # a section ending in "Hand" keeps it (a trailing "and" is a word)
        (
            "Decision based on MTUS Postsurgical Treatment 2009, Section(s): Forearm, Wrist, & Hand.",
            [("MTUS", "Postsurgical Treatment 2009", "Forearm, Wrist, & Hand", None)],
        ),
        (
            ("Decision based on MTUS Postsurgical Treatment 2009, Section(s): Forearm, Wrist, and Hand, and Chronic Pain "
            "Medical Treatment 2016, Section(s): Opioids."),
            [("MTUS", "Postsurgical Treatment 2009", "Forearm, Wrist, and Hand", None),
             ("MTUS", "Chronic Pain Medical Treatment 2016", "Opioids", None)],
        ),
        # the reviewer's own words before a guideline's name
        (
            ("MAXIMUS guideline: The Expert Reviewer based his/her decision on the MTUS Chronic Pain Medical "
             "Treatment Guidelines, Opioids, pages 78-80."),
            [("MTUS", "Chronic Pain Medical Treatment Guidelines", "Opioids", "78-80")],
        ),
        (
            ("The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines. "
             "Decision based on Non-MTUS Citation ODG Low Back."),
            [("ODG", "Official Disability Guidelines", "Low Back", None)],
        ),
        # pages abbreviated
        (
            ("Decision based on Non-MTUS Citation ACOEM Occupational Medicine Practice Guidelines, 3rd ed., Low Back "
            "Disorders, pg. 607."),
            [("ACOEM", "ACOEM Occupational Medicine Practice Guidelines", "3rd ed., Low Back Disorders", "607")],
        ),
        (
            "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids, pp. 78-80.",
            [("MTUS", "Chronic Pain Medical Treatment 2016", "Opioids", "78-80")],
        ),
        (
            "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids, Page(s): 98-99.",
            [("MTUS", "Chronic Pain Medical Treatment 2016", "Opioids", "98-99")],
        ),
        # a page number is not read out of an edition ("3rd")
        (
            "Decision based on Non-MTUS Citation ACOEM Practice Guidelines, pg. 64, 3rd edition.",
            [("ACOEM", "ACOEM Practice Guidelines", None, "64")],
        ),
    ],
)
def test_guideline_statement_rows(text: str, expected: list[tuple]):
    assert rows(text) == expected


def test_a_long_reference_is_kept_whole():
    """A citation outside the named guidelines is kept as written, however long (decimals included)."""
    ref = ("What is an electrocardiogram? National Heart, Lung, and Blood Institute. " * 4
           + "Syncope in adults: Clinical manifestations. Topic 969, version 21.0. UpToDate, accessed 02/18/2017")  # fmt: skip
    assert rows(f"Decision based on Non-MTUS Citation {ref}.") == [("other", ref, None, None)]
