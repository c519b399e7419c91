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
        # 2013 wording: a guideline named without "MTUS" before it, and the letter's remark on it
        (
            ("The Expert Reviewer based his/her decision on the Chronic Pain Medical Treatment Guidelines, Opioids, "
             "pages 74-96, which is part of the MTUS."),
            [("MTUS", "Chronic Pain Medical Treatment Guidelines", "Opioids", "74-96")],
        ),
        (
            ("The Expert Reviewer based his/her decision on the American College of Occupational and Environmental "
             "Medicine (ACOEM), 2nd Edition, (2004), Chapter 12, Low Back Complaints, pages 303-305, which is part of "
             "the MTUS."),
            [("MTUS", "American College of Occupational and Environmental Medicine (ACOEM), 2nd Edition (2004)",
              "Chapter 12, Low Back Complaints", "303-305")],
        ),
        (
            ("The Expert Reviewer based his/her decision on the Official Disability Guidelines (ODG), Pain Chapter, "
             "Opioids, which is not part of the MTUS."),
            [("ODG", "Official Disability Guidelines", "Pain Chapter, Opioids", None)],
        ),
        # several page references, page lists and ranges
        (
            ("Decision based on MTUS Chronic Pain Treatment Guidelines Medications for chronic pain Page(s): 60, "
             "Opioids, criteria for use Page(s): 76-80."),
            [("MTUS", "Chronic Pain Treatment Guidelines", "Medications for chronic pain, Opioids, criteria for use",
              "60,76-80")],
        ),
        ("Decision based on MTUS Chronic Pain Medical Treatment Guidelines, Opioids, pages 12 and 14.",
         [("MTUS", "Chronic Pain Medical Treatment Guidelines", "Opioids", "12 and 14")]),
        ("Decision based on MTUS Chronic Pain Medical Treatment Guidelines, Opioids pages 78 to 80.",
         [("MTUS", "Chronic Pain Medical Treatment Guidelines", "Opioids", "78-80")]),
        ("Decision based on MTUS Chronic Pain Medical Treatment Guidelines, Opioids, p. 78.",
         [("MTUS", "Chronic Pain Medical Treatment Guidelines", "Opioids", "78")]),
        # a second guideline after "and": an MTUS one by its name, ODG as the non-MTUS citation it is
        (
            ("Decision based on MTUS ACOEM Low Back Complaints Page(s): 303-305, and Chronic Pain Treatment "
             "Guidelines Physical Medicine Page(s): 98-99."),
            [("MTUS", "ACOEM", "Low Back Complaints", "303-305"),
             ("MTUS", "Chronic Pain Treatment Guidelines", "Physical Medicine", "98-99")],
        ),
        (
            ("Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids, criteria for use, and "
             "Official Disability Guidelines."),
            [("MTUS", "Chronic Pain Medical Treatment 2016", "Opioids, criteria for use", None),
             ("ODG", "Official Disability Guidelines", None, None)],
        ),
        # ACOEM named up to a URL or its pages
        (
            ("Decision based on Non-MTUS Citation ACOEM- https://www.acoempracguides.org/Knee; Table 2, Summary of "
             "Recommendations, Knee Disorders."),
            [("ACOEM", "ACOEM", "https://www.acoempracguides.org/Knee; Table 2, Summary of Recommendations, Knee Disorders",
              None)],
        ),
        ("Decision based on Non-MTUS Citation ACOEM Chapter 12 page 301.", [("ACOEM", "ACOEM Chapter 12", None, "301")]),
        # two sources, or a reference and a source, joined by "and" or ";"
        (
            "Decision based on Non-MTUS Citation Up To Date and the Official Disability Guidelines.",
            [("other", "Up To Date", None, None), ("ODG", "Official Disability Guidelines", None, None)],
        ),
        (
            "Decision based on Non-MTUS Citation FDA label for Lyrica; Official Disability Guidelines (ODG), Pain, Lyrica.",
            [("other", "FDA label for Lyrica", None, None), ("ODG", "Official Disability Guidelines", "Pain, Lyrica", None)],
        ),
        (
            ("Decision based on Non-MTUS Citation ACOEM Chapter 12, page 301; Official Disability Guidelines (ODG), Low "
             "Back, Discography."),
            [("ACOEM", "ACOEM Chapter 12", None, "301"),
             ("ODG", "Official Disability Guidelines", "Low Back, Discography", None)],
        ),
        # a misspelt name is still the name; the name written last, after a long chapter
        ("Decision based on Non-MTUS Citation Offical Disabilty Guidlines (ODG), Low Back.",
         [("ODG", "Official Disability Guidelines", "Low Back", None)]),
        (
            ("Decision based on Non-MTUS Citation Low Back - Lumbar & Thoracic (Acute & Chronic), Epidural steroid "
             "injections (ESIs), therapeutic, ODG."),
            [("ODG", "Official Disability Guidelines",
              "Low Back - Lumbar & Thoracic (Acute & Chronic), Epidural steroid injections (ESIs), therapeutic", None)],
        ),
        # the MTUS guidelines of 2017 on, their year in brackets
        ("Decision based on MTUS Cervical and Thoracic Spine Disorders (2016), Section(s): Epidural Injections.",
         [("MTUS", "Cervical and Thoracic Spine Disorders 2016", "Epidural Injections", None)]),
        # pages abbreviated
        (
            ("Decision based on Non-MTUS Citation ACOEM Occupational Medicine Practice Guidelines, 3rd ed., Low Back "
            "Disorders, pg. 607."),
            [("ACOEM", "ACOEM Occupational Medicine Practice Guidelines, 3rd ed.", "Low Back Disorders", "607")],
        ),
        (
            "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids, pp. 78-80.",
            [("MTUS", "Chronic Pain Medical Treatment 2016", "Opioids", "78-80")],
        ),
        (
            "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids, Page(s): 98-99.",
            [("MTUS", "Chronic Pain Medical Treatment 2016", "Opioids", "98-99")],
        ),
        # a page number is not read out of an edition ("3rd"); what follows the pages stays in the section
        (
            "Decision based on Non-MTUS Citation ACOEM Practice Guidelines, pg. 64, 3rd edition.",
            [("ACOEM", "ACOEM Practice Guidelines", "3rd edition", "64")],
        ),
    ],
)
def test_guideline_statement_rows(text: str, expected: list[tuple]):
    assert rows(text) == expected


def test_not_based_on_the_mtus_in_the_reviewers_words():
    text = "The Expert Reviewer did not base his/her decision on the MTUS. Decision based on Non-MTUS Citation ODG Pain."
    assert parse_guideline(text).not_based_on_mtus


def test_a_long_reference_is_kept_whole():
    """A citation outside the named guidelines is kept as written, however long (decimals included)."""
    ref = ("What is an electrocardiogram? National Heart, Lung, and Blood Institute. " * 4
           + "Syncope in adults: Clinical manifestations. Topic 969, version 21.0. UpToDate, accessed 02/18/2017")  # fmt: skip
    assert rows(f"Decision based on Non-MTUS Citation {ref}.") == [("other", ref, None, None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the MTUS's regulation and effective date after the name, and the book's length after the pages
        (("Decision based on MTUS Chronic Pain Medical Treatment Guidelines 8 C.C.R. 9792.20 - 9792.26 MTUS (Effective "
         "July 18, 2009) Page(s): 111-113 of 127."),
         [("MTUS", "Chronic Pain Medical Treatment Guidelines", None, "111-113")]),
        (("Decision based on MTUS Chronic Pain Medical Treatment Guidelines 8 C.C.R. 9792.20 - 9792.26 MTUS (Effective "
         "July 18, 2009), Topical Analgesics, Page(s): 111-113 of 127."),
         [("MTUS", "Chronic Pain Medical Treatment Guidelines", "Topical Analgesics", "111-113")]),
        # ACOEM by its full name as an MTUS guideline
        (("Decision based on MTUS American College of Occupational and Environmental Medicine (ACOEM), 2nd Edition, "
         "(2004), Chapter 12, Low Back Complaints, page 303"),
         [("MTUS", "American College of Occupational and Environmental Medicine (ACOEM), 2nd Edition (2004)",
           "Chapter 12, Low Back Complaints", "303")]),
        # a second MTUS guideline after "and the"
        (("Decision based on MTUS Chronic Pain Medical Treatment Guidelines, Physical Medicine Page(s): 98-99 and the "
         "Postsurgical Treatment Guidelines."),
         [("MTUS", "Chronic Pain Medical Treatment Guidelines", "Physical Medicine", "98-99"),
          ("MTUS", "Postsurgical Treatment Guidelines", None, None)]),
        # the guideline named without "Decision based on"
        ("MTUS Chronic Pain Treatment Guidelines Opioids, Ongoing Management Page(s): 78.",
         [("MTUS", "Chronic Pain Treatment Guidelines", "Opioids, Ongoing Management", "78")]),
        ("MTUS ACOEM.", [("MTUS", "ACOEM", None, None)]),
        ("The Claims Administrator did not cite any medical evidence for its decision.",
         [("none", None, None, None)]),
        ("Per the treating physician's report of 5/5/14.", []),  # no guideline named: none read
    ],
)
def test_mtus_statements_of_2013_15_letters(text, expected):
    assert rows(text) == expected


ODG = ("ODG", "Official Disability Guidelines")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the MTUS by its name written out, in both layouts' wordings
        (("Decision based on Medical Treatment Utilization Schedule (MTUS) Chronic Pain Medical Treatment Guidelines, "
         "Opioids, pages 74-96."),
         [("MTUS", "Chronic Pain Medical Treatment Guidelines", "Opioids", "74-96")]),
        ("Decision based on California Medical Treatment Utilization Schedule (MTUS).", [("MTUS", None, None, None)]),
        (("The Expert Reviewer based his/her decision on the Medical Treatment Utilization Schedule (MTUS), Chronic Pain "
         "Medical Treatment Guidelines, Opioids, page 78."),
         [("MTUS", "Chronic Pain Medical Treatment Guidelines", "Opioids", "78")]),
        # no evidence, in other words than the letters' sentence
        ("The Claims Administrator did not cite any guidelines for its decision.", [("none", None, None, None)]),
        ("No medical evidence was cited by the Claims Administrator.", [("none", None, None, None)]),
        # a guideline's edition, year, version and publisher are the guideline's, not the section's
        ("Decision based on MTUS ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 12.",
         [("MTUS", "ACOEM Practice Guidelines, 2nd Edition (2004)", "Chapter 12", None)]),
        ("Decision based on MTUS Chronic Pain Medical Treatment Guidelines (May 2009), Opioids, pages 78-80.",
         [("MTUS", "Chronic Pain Medical Treatment Guidelines 2009", "Opioids", "78-80")]),
        (("Decision based on Non-MTUS Citation American College of Occupational and Environmental Medicine (ACOEM), "
         "Occupational Medicine Practice Guidelines, 3rd Edition, Low Back Disorders, page 607."),
         [("ACOEM", ("American College of Occupational and Environmental Medicine (ACOEM), Occupational Medicine "
           "Practice Guidelines, 3rd Edition"), "Low Back Disorders", "607")]),
        (("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Treatment in Workers' "
         "Compensation, Online Edition, Chapter: Pain (Chronic)."), [(*ODG, "Chapter: Pain (Chronic)", None)]),
        (("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Work Loss Data Institute (21th "
         "Annual Edition), 2016, Neck and Upper Back (Acute & Chronic) Chapter."),
         [(*ODG, "Neck and Upper Back (Acute & Chronic) Chapter", None)]),
        ("Decision based on Non-MTUS Citation ODG Guidelines, 14th Edition, 2016, Knee Chapter.", [(*ODG, "Knee Chapter", None)]),
        (("Decision based on Non-MTUS Citation Official Disability Guidelines, 2016, Web Version, Criteria for skilled "
         "nursing facility."), [(*ODG, "Criteria for skilled nursing facility", None)]),
        ("Decision based on Non-MTUS Citation Work Loss Data Institute, Official Disability Guidelines (ODG), Low Back.",
         [(*ODG, "Low Back", None)]),
        # another kind of reference joined after ODG or ACOEM is a citation of its own; a chapter is not
        (("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain Chapter; UpToDate, Tramadol: "
         "Drug information."), [(*ODG, "Pain Chapter", None), ("other", "UpToDate, Tramadol: Drug information", None, None)]),
        ("Decision based on Non-MTUS Citation ODG Knee & Leg Chapter and National Guideline Clearinghouse.",
         [(*ODG, "Knee & Leg Chapter", None), ("other", "National Guideline Clearinghouse", None, None)]),
        (("Decision based on Non-MTUS Citation ACOEM Practice Guidelines, 3rd Edition (2011), Chronic Pain; UpToDate, "
         "Opioids."), [("ACOEM", "ACOEM Practice Guidelines, 3rd Edition (2011)", "Chronic Pain", None),
                      ("other", "UpToDate, Opioids", None, None)]),
        (("Decision based on Non-MTUS Citation ODG, Pain, and Chou R, et al. Guideline for the use of chronic opioid "
         "therapy. American Pain Society, 2009."),
         [(*ODG, "Pain", None),
          ("other", "Chou R, et al. Guideline for the use of chronic opioid therapy. American Pain Society, 2009", None, None)]),
        ("Decision based on Non-MTUS Citation ODG Pain Chapter; Low Back Chapter.", [(*ODG, "Pain Chapter; Low Back Chapter", None)]),
        # a book opened by its author after ODG (a real letter's wording)
        (("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Low back, Lumbar & Thoracic (Acute & "
         "Chronic) - Manipulation Harris J. Occupational medicine practice guidelines, 2nd edition (2004) p 301."),
         [(*ODG, "Low back, Lumbar & Thoracic (Acute & Chronic) - Manipulation", None),
          ("ACOEM", "Occupational medicine practice guidelines, 2nd edition (2004)", None, "301")]),
        ("Decision based on Non-MTUS Citation ACOEM Chapter 12 p 301-302.", [("ACOEM", "ACOEM Chapter 12", None, "301-302")]),
        # the name said again among the chapters is no part of the section
        (("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Knee Official Disability "
         "Guidelines (ODG), Physical Therapy Guidelines."), [(*ODG, "Knee, Physical Therapy Guidelines", None)]),
        ("Decision based on Non-MTUS Citation ODG, Shoulder (updated 12/12/16); ODG, Low Back (updated 12/20/16).",
         [(*ODG, "Shoulder (updated 12/12/16); Low Back (updated 12/20/16)", None)]),
        # a web address before ODG is a citation of its own; a guideline's name inside an address is none
        (("Decision based on Non-MTUS Citation http://www.aetna.com/cpb/medical/data/1_99/0016.html, Official Disability "
         "Guidelines (ODG), Pain Chapter."),
         [("other", "http://www.aetna.com/cpb/medical/data/1_99/0016.html", None, None), (*ODG, "Pain Chapter", None)]),
        ("Decision based on Non-MTUS Citation http://www.odg-twc.com/odgtwc/pain.htm.",
         [("other", "http://www.odg-twc.com/odgtwc/pain.htm", None, None)]),
        # "Non-MTUS" as text extractors other than pdftotext space it (kerning read as a space around the hyphen)
        ("Decision based on Non -MTUS Citation ODG Low Back.", [(*ODG, "Low Back", None)]),
        ("Decision based on Non- MTUS Citation Official Disability Guidelines, Knee Chapter.", [(*ODG, "Knee Chapter", None)]),
        ("Decision based on Non - MTUS Citation UpToDate, Sildenafil: Drug information.",
         [("other", "UpToDate, Sildenafil: Drug information", None, None)]),
        (("Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids. Decision based on "
          "Non- MTUS Citation ODG Pain Chapter."),
         [("MTUS", "Chronic Pain Medical Treatment 2016", "Opioids", None), (*ODG, "Pain Chapter", None)]),
    ],
)
def test_citation_wordings_beyond_the_samples(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a misspelt or reworded lead-in still cites its guideline (the paragraph had no row at all)
        ("Decison based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids, criteria for use.",
         [("MTUS", "Chronic Pain Medical Treatment 2016", "Opioids, criteria for use", None)]),
        ("Decision base on ODG Pain (Chronic), Opioids.",
         [("ODG", "Official Disability Guidelines", "Pain (Chronic), Opioids", None)]),
        ("Decision was based upon MTUS Low Back Complaints 2004.", [("MTUS", "Low Back Complaints 2004", None, None)]),
        ("Based on MTUS Low Back Complaints 2004, Section(s): Surgical Considerations.",
         [("MTUS", "Low Back Complaints 2004", "Surgical Considerations", None)]),
        # "the" before the source is no part of it
        ("Decision based on the MTUS Chronic Pain Treatment Guidelines Opioids Page(s): 78",
         [("MTUS", "Chronic Pain Treatment Guidelines", "Opioids", "78")]),
        ("Decision based on Non-MTUS Citation: the Official Disability Guidelines (ODG), Pain (Chronic), Opioids",
         [("ODG", "Official Disability Guidelines", "Pain (Chronic), Opioids", None)]),
        # a guideline named in a sentence of its own after another's is a citation of its own (real letter CM17-0019907)
        (("Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids, criteria for use. "
          "Official Disability Guidelines (ODG), Pain (Chronic), Opioids."),
         [("MTUS", "Chronic Pain Medical Treatment 2016", "Opioids, criteria for use", None),
          ("ODG", "Official Disability Guidelines", "Pain (Chronic), Opioids", None)]),
        (("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low Back, Physical Therapy. "
          "Official Disability Guidelines (ODG) Physical Therapy Guidelines."),
         [("ODG", "Official Disability Guidelines", "Low Back, Physical Therapy", None),
          ("ODG", "Official Disability Guidelines", "Physical Therapy Guidelines", None)]),
        # a source named alone before it is cited in full is one row
        (("The Expert Reviewer based their decision on the MTUS. Decision based on MTUS Chronic Pain Medical "
          "Treatment 2016, Section(s): Opioids."), [("MTUS", "Chronic Pain Medical Treatment 2016", "Opioids", None)]),
        ("The Claims Administrator did not cite any medical evidence for its decision.", [("none", None, None, None)]),
    ],
)
def test_citation_lead_ins_and_sentences_of_a_blind_probe(text, expected):
    assert [(c.source, c.guideline, c.section, c.pages) for c in parse_guideline(text).citations] == expected


def test_a_no_evidence_paragraph_opening_based_on_and_a_sentence_about_a_guideline():
    """"Based on" opens a citation only before a guideline's name; a sentence speaking of a guideline cites none."""
    assert rows("Based on the review, the Claims Administrator did not cite any medical evidence for its decision.") == [
        ("none", None, None, None)]
    cited = rows("Decision based on MTUS Chronic Pain Medical Treatment Guidelines, Section(s): Opioids. ODG was also reviewed.")
    assert [c[0] for c in cited] == ["MTUS"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two guidelines in one 2013-15 sentence, joined by "and" after the first one's remark or pages: two rows
        (("The Expert Reviewer based his/her decision on the MTUS Chronic Pain Medical Treatment Guidelines, Opioids, "
          "pages 74-96, which is part of the MTUS, and on the Official Disability Guidelines (ODG), Pain Chapter, which "
          "is not part of the MTUS."),
         [("MTUS", "Chronic Pain Medical Treatment Guidelines", "Opioids", "74-96"),
          ("ODG", "Official Disability Guidelines", "Pain Chapter", None)]),
        (("The Expert Reviewer based his/her decision on the Official Disability Guidelines (ODG), Pain Chapter, which "
          "is not part of the MTUS, and the MTUS Chronic Pain Medical Treatment Guidelines, Opioids, pages 74-96, which "
          "is part of the MTUS."),
         [("ODG", "Official Disability Guidelines", "Pain Chapter", None),
          ("MTUS", "Chronic Pain Medical Treatment Guidelines", "Opioids", "74-96")]),
        (("Decision based on MTUS Chronic Pain Treatment Guidelines Opioids Page(s): 74-96 and Non-MTUS Citation "
          "Official Disability Guidelines (ODG) Pain Chapter."),
         [("MTUS", "Chronic Pain Treatment Guidelines", "Opioids", "74-96"),
          ("ODG", "Official Disability Guidelines", "Pain Chapter", None)]),
    ],
)
def test_two_sources_joined_by_and_in_one_sentence(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a third probe: any source after the 2013-15 joiner "…, and on the" is a citation of its own
        (("The Expert Reviewer based his/her decision on the Medical Treatment Utilization Schedule (MTUS), Chronic Pain "
          "Medical Treatment Guidelines (2009), Topical Analgesics, pages 111-113, and on the FDA (Food and Drug "
          "Administration) prescribing information for Terocin."),
         [("MTUS", "Chronic Pain Medical Treatment Guidelines 2009", "Topical Analgesics", "111-113"),
          ("other", "FDA (Food and Drug Administration) prescribing information for Terocin", None, None)]),
        (("The Expert Reviewer based his/her decision on the Official Disability Guidelines (ODG), Pain Chapter, Compound "
          "drugs, and on the American College of Occupational and Environmental Medicine (ACOEM), 3rd Edition, Chronic "
          "Pain Chapter, which are not part of the MTUS."),
         [("ODG", "Official Disability Guidelines", "Pain Chapter, Compound drugs", None),
          ("ACOEM", "American College of Occupational and Environmental Medicine (ACOEM), 3rd Edition",
           "Chronic Pain Chapter", None)]),
        # the reviewer's decision based on a source other than the MTUS, ODG or ACOEM (there was no row)
        ("The Expert Reviewer based his/her decision on UpToDate, Zolpidem: Drug information, which is not part of the MTUS.",
         [("other", "UpToDate, Zolpidem: Drug information", None, None)]),
        (("The Expert Reviewer based his/her decision on the U.S. Food and Drug Administration (FDA), Ketoprofen "
          "prescribing information, which is not part of the MTUS."),
         [("other", "U.S. Food and Drug Administration (FDA), Ketoprofen prescribing information", None, None)]),
        # a reference after the second of two guidelines, or a society's guideline after one
        (("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain Chapter, Compound drugs; ACOEM "
          "Practice Guidelines, 3rd Edition, Chronic Pain, Topical medications; and UpToDate, Topical NSAIDs."),
         [("ODG", "Official Disability Guidelines", "Pain Chapter, Compound drugs", None),
          ("ACOEM", "ACOEM Practice Guidelines, 3rd Edition", "Chronic Pain, Topical medications", None),
          ("other", "UpToDate, Topical NSAIDs", None, None)]),
        (("Decision based on Non-MTUS Citation ODG, Low Back, Facet joint radiofrequency neurotomy; American Society of "
          "Interventional Pain Physicians (ASIPP) guidelines 2013."),
         [("ODG", "Official Disability Guidelines", "Low Back, Facet joint radiofrequency neurotomy", None),
          ("other", "American Society of Interventional Pain Physicians (ASIPP) guidelines 2013", None, None)]),
        # a source after "; and" following one guideline (a blind probe of 2013–15 letters)
        (("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain (Chronic), Medical food; and "
          "U.S. Food and Drug Administration, Medical Foods Guidance Documents & Regulatory Information."),
         [("ODG", "Official Disability Guidelines", "Pain (Chronic), Medical food", None),
          ("other", "U.S. Food and Drug Administration, Medical Foods Guidance Documents & Regulatory Information", None,
           None)]),
        (("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain (Chronic), Medical food, and "
          "U.S. Food and Drug Administration, Medical Foods Guidance Documents."),
         [("ODG", "Official Disability Guidelines", "Pain (Chronic), Medical food", None),
          ("other", "U.S. Food and Drug Administration, Medical Foods Guidance Documents", None, None)]),
        (("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Low Back, MRIs; and American College "
          "of Radiology Appropriateness Criteria."),
         [("ODG", "Official Disability Guidelines", "Low Back, MRIs", None),
          ("other", "American College of Radiology Appropriateness Criteria", None, None)]),
        # a guideline after "; and" (a code review)
        (("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain (Chronic), Medical food; and "
          "Official Disability Guidelines (ODG), Pain (Chronic), Compound drugs."),
         [("ODG", "Official Disability Guidelines", "Pain (Chronic), Medical food", None),
          ("ODG", "Official Disability Guidelines", "Pain (Chronic), Compound drugs", None)]),
        # a second MTUS guideline after ", and"
        ("Decision based on MTUS Chronic Pain Treatment Guidelines, and MTUS ACOEM.",
         [("MTUS", "Chronic Pain Treatment Guidelines", None, None), ("MTUS", "ACOEM", None, None)]),
        # the guideline's year or date before its sections is the guideline's, not a section
        ("Decision based on MTUS Chronic Pain Medical Treatment Guidelines, 2016, Section(s): Opioids.",
         [("MTUS", "Chronic Pain Medical Treatment Guidelines 2016", "Opioids", None)]),
        ("Decision based on MTUS Chronic Pain Medical Treatment Guidelines (July 18, 2009), Section(s): Opioids, pages 78-80",
         [("MTUS", "Chronic Pain Medical Treatment Guidelines 2009", "Opioids", "78-80")]),
    ],
)
def test_citations_of_a_third_probe(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a code review's counter-examples: ACOEM after an MTUS guideline is the MTUS's; another chapter after "and on
        # the" is the same guideline's section; the name said again is no second row
        (("Decision based on MTUS Low Back Complaints 2004, Section(s): Surgical Considerations, and ACOEM Practice "
         "Guidelines, Chapter 12"),
         [("MTUS", "Low Back Complaints 2004", "Surgical Considerations", None),
          ("MTUS", "ACOEM Practice Guidelines", "Chapter 12", None)]),
        (("The Expert Reviewer based his/her decision on the Official Disability Guidelines (ODG), Pain Chapter, and on "
         "the Low Back Chapter, Lumbar supports, which is not part of the MTUS."),
         [("ODG", "Official Disability Guidelines", "Pain Chapter, and on the Low Back Chapter, Lumbar supports", None)]),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain, Opioids, and ODG Treatment Index",
         [("ODG", "Official Disability Guidelines", "Pain, Opioids, and Treatment Index", None)]),
    ],
)
def test_what_stays_one_citation(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(("text", "not_mtus"), [
    (("The Expert Reviewer based his/her decision on the Official Disability Guidelines (ODG), Knee & Leg Chapter, "
      "Continuous-flow cryotherapy, which is not part of the MTUS."), True),
    (("The Expert Reviewer based his/her decision on the MTUS Chronic Pain Medical Treatment Guidelines, Opioids, pages "
      "74-96, which is part of the MTUS, and on the Official Disability Guidelines (ODG), Pain Chapter, which is not part "
      "of the MTUS."), False),
    ("Decision based on Non-MTUS Citation ODG Pain.", False),
    # an MTUS guideline cited after the remark, though not read as a row of its own
    (("The Expert Reviewer based his/her decision on the ODG Pain Chapter, Criteria for Use of Opioids, which is not "
      "part of the MTUS, and the Chronic Pain Medical Treatment Guidelines (CPMTG) Opioids section, which is part of the "
      "MTUS."), False),
])
def test_no_mtus_guideline_cited_and_said_to_be_outside_it(text, not_mtus):
    """A reviewer citing only guidelines it says are not part of the MTUS did not base the decision on the MTUS."""
    assert parse_guideline(text).not_based_on_mtus is not_mtus


def test_web_addresses_listed_one_after_another_are_references_of_their_own():
    from pipeline.parse.citations import parse_guideline

    listed = parse_guideline("Decision based on Non-MTUS Citation http://www.example.org/skilled-nursing-care, "
                             "https://example.com/acute-inpatient-rehabilitation.").citations
    assert [(c.source, c.guideline) for c in listed] == [
        ("other", "http://www.example.org/skilled-nursing-care"), ("other", "https://example.com/acute-inpatient-rehabilitation")]
    # a reference with its own address stays one
    one = parse_guideline("Decision based on Non-MTUS Citation Smith J. Syncope. J Med 2016, http://doi.org/10.1/a.").citations
    assert [(c.source, c.guideline) for c in one] == [("other", "Smith J. Syncope. J Med 2016, http://doi.org/10.1/a")]


# ---------------------------------------------------------------------------------------
# A blind probe of guideline lines by other hands
# ---------------------------------------------------------------------------------------
CP16 = "Chronic Pain Medical Treatment 2016"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a further MTUS guideline after a comma (with its "Section(s):"), "as well as", or "; MTUS"
        (("Decision based on MTUS Neck and Upper Back Complaints 2004, Section(s): Special Studies, Chronic Pain Medical "
         "Treatment 2016, Section(s): Medications for chronic pain p.308-310."),
         [("MTUS", "Neck and Upper Back Complaints 2004", "Special Studies", None),
          ("MTUS", CP16, "Medications for chronic pain", "308-310")]),
        (("Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment; MTUS Elbow "
         "Complaints 2007, Section(s): Diagnostic Criteria."),
         [("MTUS", CP16, "Physical medicine treatment", None), ("MTUS", "Elbow Complaints 2007", "Diagnostic Criteria", None)]),
        (("Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Medications for chronic pain as well as "
         "General Approaches 2004 Section(s): Initial Approaches to Treatment, pg. 12."),
         [("MTUS", CP16, "Medications for chronic pain", None),
          ("MTUS", "General Approaches 2004", "Initial Approaches to Treatment", "12")]),
        # "Guidlines", "Choronic": the MTUS name still
        ("Decision based on MTUS Choronic Pain Treatment Guidlines, Opioids, criteria for use, Page(s): 78-80.",
         [("MTUS", "Choronic Pain Treatment Guidlines", "Opioids, criteria for use", "78-80")]),
        # the ODG's edition and title words are no part of its chapter
        ("Decision based on Non-MTUS Citation Official Disability Guidelines, 2015 edition, Shoulder Chapter, MRI.",
         [("ODG", "Official Disability Guidelines", "Shoulder Chapter, MRI", None)]),
        (("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Treatment in Workers' Comp (TWC), Neck "
         "and Upper Back, MRI."), [("ODG", "Official Disability Guidelines", "Neck and Upper Back, MRI", None)]),
        # references of other kinds joined by a comma or "as well as", first or after the guideline
        (("Decision based on Non-MTUS Citation FDA prescribing information, Lidoderm, Endo Pharmaceuticals, revised 2015, "
         "Official Disability Guidelines (ODG), Pain (Chronic), Lidoderm, www.drugs.com/pro/lidoderm.html."),
         [("other", "FDA prescribing information, Lidoderm, Endo Pharmaceuticals, revised 2015", None, None),
          ("ODG", "Official Disability Guidelines", "Pain (Chronic), Lidoderm", None),
          ("other", "www.drugs.com/pro/lidoderm.html", None, None)]),
        (("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Low Back Chapter, EMGs as well as ACOEM "
         "Practice Guidelines, 3rd Edition, Chapter 12."),
         [("ODG", "Official Disability Guidelines", "Low Back Chapter, EMGs", None),
          ("ACOEM", "ACOEM Practice Guidelines, 3rd Edition", "Chapter 12", None)]),
        (("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Low Back Chapter, EMGs; Harrison's "
         "Principles of Internal Medicine, 19th ed., p.1021-1024 and Medscape: Hyaluronic acid injections."),
         [("ODG", "Official Disability Guidelines", "Low Back Chapter, EMGs", None),
          ("other", "Harrison's Principles of Internal Medicine, 19th ed.", None, "1021-1024"),
          ("other", "Medscape: Hyaluronic acid injections", None, None)]),
        # not a reference of its own: a topic after a comma, an author list, the ACOEM's chapter with its year, a
        # journal after its article, a textbook's second author
        ("Decision based on Non-MTUS Citation Smith J. Back pain outcomes, Mayo Clinic Proceedings 2015; 90: 828-842.",
         [("other", "Smith J. Back pain outcomes, Mayo Clinic Proceedings 2015; 90: 828-842", None, None)]),
        ("Decision based on Non-MTUS Citation Brunton L. Goodman and Gilman's Pharmacology, 12th ed.",
         [("other", "Brunton L. Goodman and Gilman's Pharmacology, 12th ed.", None, None)]),
        ("Decision based on MTUS ACOEM Practice Guidelines, Chapter 12, Low Back Complaints, Section(s): Special Studies.",
         [("MTUS", "ACOEM Practice Guidelines", "Chapter 12, Low Back Complaints, Special Studies", None)]),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain, FDA approved indications.",
         [("ODG", "Official Disability Guidelines", "Pain, FDA approved indications", None)]),
        (("Decision based on Non-MTUS Citation Chou R, Turner JA, Devine EB, et al. The effectiveness of long-term opioid "
         "therapy. Ann Intern Med. 2015;162(4):276-286."),
         [("other", ("Chou R, Turner JA, Devine EB, et al. The effectiveness of long-term opioid therapy. Ann Intern Med. "
           "2015;162(4):276-286"), None, None)]),
        ("Decision based on MTUS ACOEM Practice Guidelines, Elbow Disorders (Revised 2007), page 29.",
         [("MTUS", "ACOEM Practice Guidelines", "Elbow Disorders (Revised 2007)", "29")]),
        # the guideline's own web address is its own
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain, http://www.odg-twc.com/pain.htm.",
         [("ODG", "Official Disability Guidelines", "Pain, http://www.odg-twc.com/pain.htm", None)]),
        # nothing cited, said shortly
        ("None cited.", [("none", None, None, None)]),
        ("No medical evidence cited.", [("none", None, None, None)]),
    ],
)
def test_guideline_lines_by_other_hands(text, expected):
    assert rows(text) == expected
