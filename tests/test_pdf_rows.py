"""A letter gives the same rows whichever form it arrives in: PDF or its pdftotext text."""

from __future__ import annotations

import io
from dataclasses import asdict
from pathlib import Path

import pytest

from pipeline.extract import extract_file
from pipeline.parse import Letter, parse_letter

from .conftest import PDF, TXT

CASES = sorted(p.stem for p in PDF.glob("*.pdf"))
IGNORED = {"source_file", "content_sha256"}


def _rows(letter: Letter) -> dict:
    strip = lambda d: {k: v for k, v in d.items() if k not in IGNORED}
    return {
        "case": strip(asdict(letter.case)),
        "reviewer": asdict(letter.reviewer) if letter.reviewer else None,
        "items": [strip(asdict(i)) for i in letter.items],
        "citations": [strip(asdict(c)) for c in letter.citations],
    }


@pytest.mark.parametrize("case", CASES)
def test_pdf_rows_equal_text_rows(case: str):
    ex = extract_file(PDF / f"{case}.pdf")
    assert ex.text is not None, ex.reason
    from_pdf = parse_letter(ex.text, f"{case}.pdf")
    from_txt = parse_letter((TXT / f"{case}.txt").read_text(encoding="utf-8"), f"{case}.txt")
    assert isinstance(from_pdf, Letter) and isinstance(from_txt, Letter)
    assert _rows(from_pdf) == _rows(from_txt)
    assert ex.page_count == from_txt.case.page_count


def test_pdf_beside_its_text_is_one_case_pdf_preferred(tmp_path: Path):
    from pipeline.build import build_warehouse

    raw = tmp_path / "raw"
    raw.mkdir()
    for case in CASES[:3]:
        (raw / f"{case}.pdf").write_bytes((PDF / f"{case}.pdf").read_bytes())
        (raw / f"{case}.txt").write_bytes((TXT / f"{case}.txt").read_bytes())
    stats, counts = build_warehouse(raw, str(tmp_path / "wh"), workers=1)
    assert (stats.files_seen, stats.cases, stats.duplicates, counts["cases"]) == (6, 3, 3, 3)
    import duckdb

    con = duckdb.connect(str(tmp_path / "wh" / "imr.duckdb"), read_only=True)
    assert {r[0] for r in con.execute("SELECT source_file FROM cases").fetchall()} == {f"{c}.pdf" for c in CASES[:3]}
    dup = con.execute("SELECT source_file, primary_source_file FROM letters WHERE status = 'duplicate' ORDER BY 1").fetchall()
    assert dup == [(f"{c}.txt", f"{c}.pdf") for c in CASES[:3]]
    assert con.execute("SELECT min(page_count) FROM cases").fetchone()[0] >= 2


def test_bad_pdfs_land_in_quarantine_with_their_reasons(tmp_path: Path):
    """Seed letters turned into PDFs are read; encrypted, scanned, truncated and zero-byte PDFs are
    quarantined with the reason that says which, and the run goes on."""
    import duckdb

    from pipeline.build import build_warehouse

    from .conftest import SEEDS
    from .test_extract import encrypted_pdf, image_only_pdf, letter_pdf, seed_lines

    raw = tmp_path / "raw"
    raw.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[4]
    (raw / "seed-004.pdf").write_bytes(letter_pdf(seed_lines(seed)))
    (raw / "encrypted.pdf").write_bytes(encrypted_pdf())
    (raw / "scanned.pdf").write_bytes(image_only_pdf())
    (raw / "truncated.pdf").write_bytes((PDF / "CM17-0004133.pdf").read_bytes()[:1500])
    (raw / "zero.pdf").write_bytes(b"")
    stats, _counts = build_warehouse(raw, str(tmp_path / "wh"), workers=1)
    assert (stats.files_seen, stats.cases, stats.quarantined) == (5, 1, 4) and stats.accounted
    con = duckdb.connect(str(tmp_path / "wh" / "imr.duckdb"), read_only=True)
    assert con.execute("SELECT n_items, n_upheld FROM cases").fetchall() == [(3, 3)]
    reasons = dict(con.execute("SELECT source_file, reason FROM quarantine").fetchall())
    assert "password" in reasons["encrypted.pdf"].lower() or "encrypted" in reasons["encrypted.pdf"].lower()
    assert reasons["scanned.pdf"].startswith("no text layer: scanned PDF, needs OCR")
    assert "truncated" in reasons["truncated.pdf"].lower() or "corrupt" in reasons["truncated.pdf"].lower()
    assert "empty" in reasons["zero.pdf"]


def test_a_letter_with_a_scanned_page_says_so(tmp_path: Path):
    """A PDF whose first pages are text and whose last is a scan without text cannot be read whole; its quarantine
    reason names the scanned page as well as what the parser found missing."""
    import duckdb
    from pypdf import PdfReader, PdfWriter

    from pipeline.build import build_warehouse

    from .test_extract import image_only_pdf

    writer = PdfWriter()
    letter = PdfReader(PDF / "CM17-0004133.pdf")
    writer.add_page(letter.pages[0])
    writer.append(PdfReader(io.BytesIO(image_only_pdf())))
    raw = tmp_path / "raw"
    raw.mkdir()
    with (raw / "part-scanned.pdf").open("wb") as out:
        writer.write(out)
    build_warehouse(raw, str(tmp_path / "wh"), workers=1)
    con = duckdb.connect(str(tmp_path / "wh" / "imr.duckdb"), read_only=True)
    [(reason,)] = con.execute("SELECT reason FROM quarantine").fetchall()
    assert reason.endswith("; page 2 of the PDF is a scanned image with no text layer (needs OCR)")


def test_a_whole_letter_with_a_scanned_page_among_its_pages_is_not_published_as_complete(tmp_path: Path):
    """Every text page of the letter reads, but a scanned page between them may hold more items: the letter is
    quarantined with the pages named, not published with rows that may be short."""
    import duckdb
    from pypdf import PdfReader, PdfWriter

    from pipeline.build import build_warehouse

    from .test_extract import image_only_pdf

    letter = PdfReader(PDF / "CM17-0004133.pdf")
    assert len(letter.pages) >= 2
    writer = PdfWriter()
    writer.add_page(letter.pages[0])
    writer.append(PdfReader(io.BytesIO(image_only_pdf())))
    for page in letter.pages[1:]:
        writer.add_page(page)
    raw = tmp_path / "raw"
    raw.mkdir()
    with (raw / "scanned-inside.pdf").open("wb") as out:
        writer.write(out)
    (raw / "whole.pdf").write_bytes((PDF / "CM17-0004133.pdf").read_bytes())
    build_warehouse(raw, str(tmp_path / "wh"), workers=1)
    con = duckdb.connect(str(tmp_path / "wh" / "imr.duckdb"), read_only=True)
    n_items = con.execute("SELECT count(*) FROM disputed_items").fetchone()[0]
    assert con.execute("SELECT source_file, reason, stage FROM quarantine").fetchall() == [(
        "scanned-inside.pdf",
        (f"the PDF's text reads as a letter of {n_items} item{'s' if n_items != 1 else ''}, but page 2 of the PDF is "
        "a scanned image with no text layer (needs OCR), which may hold more of the letter; OCR the PDF or fetch "
        "one with a text layer"),
        "extract",
    )]
    assert con.execute("SELECT count(*) FROM cases").fetchone()[0] == 1


def test_a_page_with_only_a_small_logo_is_no_scan(tmp_path: Path):
    """A page without text whose only image is small (a letterhead's logo) hides no text: the letter is published."""
    from fpdf import FPDF
    from PIL import Image
    from pypdf import PdfReader, PdfWriter

    from pipeline.extract import extract_bytes

    logo = Image.new("L", (120, 30), 0)
    png = io.BytesIO()
    logo.save(png, format="PNG")
    page = FPDF()
    page.add_page()
    page.image(io.BytesIO(png.getvalue()), x=10, y=10, w=60)  # 60 × 15 mm of a 210 × 297 mm page
    writer = PdfWriter()
    writer.append(PdfReader(PDF / "CM17-0004133.pdf"))
    writer.append(PdfReader(io.BytesIO(bytes(page.output()))))
    out = io.BytesIO()
    writer.write(out)
    extracted = extract_bytes(out.getvalue(), ".pdf")
    assert extracted.image_pages == ()
    letter = parse_letter(extracted.text, "x.pdf")
    assert isinstance(letter, Letter)
    assert _rows(letter) == _rows(parse_letter(extract_file(PDF / "CM17-0004133.pdf").text, "x.pdf"))


@pytest.mark.parametrize(("shape", "scanned"), [("strips", (2,)), ("overlapping logos", ()), ("stationery", ())])
def test_a_scan_stored_as_strips_is_a_scan_but_overlapping_logos_or_stationery_are_not(shape: str, scanned: tuple):
    """A scanned page stored as eight strips of image is a scanned page all the same (the letter's other pages may
    not be all of it); one small logo drawn four times over itself covers no more of the page than once; and a page
    with text over a full-page image (a letterhead's stationery under a signature block) is a page of text."""
    from fpdf import FPDF
    from PIL import Image
    from pypdf import PdfReader, PdfWriter

    from pipeline.extract import extract_bytes

    strip = Image.new("L", (420, 74), 255)
    png = io.BytesIO()
    strip.save(png, format="PNG")
    page = FPDF()
    page.add_page()
    if shape == "strips":
        for k in range(8):
            page.image(io.BytesIO(png.getvalue()), x=0, y=k * 37.1, w=210, h=37.1)
    elif shape == "overlapping logos":
        for _ in range(4):
            page.image(io.BytesIO(png.getvalue()), x=20, y=20, w=100, h=50)  # 8% of the page, four times
    else:
        page.image(io.BytesIO(png.getvalue()), x=0, y=0, w=210, h=297)
        page.set_font("Helvetica", size=10)
        page.text(20, 40, "Sincerely, MAXIMUS Federal Services")
    writer = PdfWriter()
    letter = PdfReader(PDF / "CM17-0004133.pdf")
    writer.add_page(letter.pages[0])
    writer.append(PdfReader(io.BytesIO(bytes(page.output()))))
    for p in letter.pages[1:]:
        writer.add_page(p)
    out = io.BytesIO()
    writer.write(out)
    assert extract_bytes(out.getvalue(), ".pdf").image_pages == scanned
