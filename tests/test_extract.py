"""pipeline.extract: letter bytes → text.

The 24 sample PDFs must come out as the pdftotext text the parser is written against; PDFs
built here with fpdf2 must round-trip; broken inputs must give the documented reason and
stage and never raise.
"""

from __future__ import annotations

import csv
import io
import random
import re
from pathlib import Path

import pypdfium2.internal as pdfium_internal
import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from pipeline import extract
from pipeline.extract import Extracted, extract_bytes, extract_file

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_PDFS = sorted((FIXTURES / "pdf").glob("*.pdf"))
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
MANIFEST = {row["case_number"]: row for row in csv.DictReader((FIXTURES / "manifest.csv").open())}


def norm_lines(text: str) -> list[str]:
    """Non-empty lines, whitespace collapsed; page breaks count as line breaks."""
    return [" ".join(line.split()) for line in text.replace("\f", "\n").split("\n") if line.strip()]


def pdftotext_fixture(pdf: Path) -> str:
    return (FIXTURES / "txt" / f"{pdf.stem}.txt").read_text(encoding="utf-8")


def assert_failed(result: Extracted, reason: str, stage: str) -> None:
    assert result.text is None
    assert result.reason == reason
    assert result.stage == stage
    assert result.encoding is None


# --------------------------------------------------------------------------- samples


def test_fixtures_present():
    assert len(SAMPLE_PDFS) == 24
    assert {p.stem for p in SAMPLE_PDFS} == set(MANIFEST)


@pytest.mark.parametrize("pdf", SAMPLE_PDFS, ids=lambda p: p.stem)
def test_sample_pdf_matches_pdftotext(pdf: Path):
    result = extract_file(pdf)
    assert result.kind == "pdf"
    assert (result.reason, result.stage, result.encoding) == (None, None, None)
    assert result.page_count == int(MANIFEST[pdf.stem]["n_pages"])
    reference = pdftotext_fixture(pdf)
    assert norm_lines(result.text) == norm_lines(reference)
    # Stronger: page by page, blank lines included, the text is pdftotext's, apart from
    # trailing spaces and pdftotext's form feed after the last page.
    assert result.text + "\f" == re.sub(r"[ \t]+(?=[\n\f]|$)", "", reference)
    assert result.text.count("\f") == result.page_count - 1
    assert "\r" not in result.text
    assert not re.search(r"[ \t]$", result.text, flags=re.MULTILINE)


@pytest.mark.parametrize("pdf", SAMPLE_PDFS[:3], ids=lambda p: p.stem)
def test_sample_header_is_printed_column_by_column(pdf: Path):
    row = MANIFEST[pdf.stem]
    lines = norm_lines(extract_file(pdf).text)
    assert lines[:15] == [
        "Case Number:",
        "Date Assigned:",
        "Decision Date:",
        "Priority:",
        row["case_number"],
        row["date_assigned"],
        row["decision_date"],
        row["priority"],
        "Date of Injury:",
        "UR Denial Date:",
        "Application",
        "Received:",
        row["date_of_injury"],
        row["ur_denial_date"],
        row["application_received"],
    ]


def test_sample_dehyphenation_like_pdftotext():
    # "date of service 11-22-" / "16 included ..." is joined, as poppler does; and a
    # soft line-end hyphen ("range-of-" / "motion") is dropped.
    text = extract_file(FIXTURES / "pdf" / "CM16-0247660.pdf").text
    assert "date of service 11-2216 included" in text
    assert "range-ofmotion" in extract_file(FIXTURES / "pdf" / "CM16-0232182.pdf").text
    assert "\x02" not in text and "\ufffe" not in text


def test_a_running_header_drawn_after_the_body_with_its_footer_is_read_at_the_top():
    """A page that draws its body first, then its running header and footer together (one run down the page from the
    header to the footer, spanning the body's height): the header is read where it is printed, atop the page, not
    after the body (where its title ended the last rationale, read as cut short)."""

    def line(top: float, text: str) -> extract._Line:
        run = extract._Run(left=72, bottom=top - 11, right=500, top=top, size=11, text=text)
        return extract._Line(runs=[run], bottom=run.bottom, top=run.top)

    body = [line(760 - 13 * i, f"body {i}") for i in range(6)]
    header, footer = line(788, "Independent Medical Review Final Determination Letter"), line(18, "Page 2 of 2")
    order = [x.runs[0].text for x in extract._reading_order([*body, header, footer])]
    assert order == [header.runs[0].text, *(x.runs[0].text for x in body), footer.runs[0].text]
    # a body drawn in order, a paragraph's spacing inside it, stays as drawn
    spaced = [*body[:3], line(600, "after a gap"), line(587, "more")]
    assert extract._reading_order(spaced) == spaced


def test_a_word_hyphenated_at_a_page_s_end_is_not_joined_to_its_page_number():
    """The last line of a page ends in a hyphenated word and the page's number follows: the word goes on on the next
    page, so it is not joined to the number ("…for rePage 1 of 4" / "evaluation" read "re-" / "Page 1 of 4")."""
    soft = extract._SOFT_HYPHEN
    assert extract._dehyphenate(["and to follow-up for re" + soft, "Page 1 of 4"]) == ["and to follow-up for re-", "Page 1 of 4"]
    assert extract._dehyphenate(["treatment was denied" + soft, "- 2 -"]) == ["treatment was denied-", "- 2 -"]
    # … while a word's or a date's end on the next line is joined, as pdftotext joins it
    assert extract._dehyphenate(["for re" + soft, "evaluation."]) == ["for reevaluation."]
    assert extract._dehyphenate(["date of service 11-22-", "16 included"]) == ["date of service 11-2216 included"]


def test_extract_bytes_equals_extract_file_and_suffix_is_case_insensitive():
    pdf = SAMPLE_PDFS[0]
    assert extract_bytes(pdf.read_bytes(), ".PDF") == extract_file(pdf)
    assert extract_bytes(pdf.read_bytes(), "pdf") == extract_file(pdf)


def test_pdfium_objects_are_closed(tmp_path: Path):
    def open_objects() -> int:
        return sum(len(refs) for refs in pdfium_internal.ObjectTracker.values())

    before = open_objects()
    for pdf in SAMPLE_PDFS[:4]:
        assert extract_file(pdf).text
    assert extract_bytes(image_only_pdf(), ".pdf").reason == extract.NO_TEXT_LAYER_REASON
    assert extract_bytes(encrypted_pdf(), ".pdf").reason == extract.ENCRYPTED_REASON
    assert open_objects() == before


# --------------------------------------------------------------------------- fpdf2 round trips


def seed_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def dehyphenated(lines: list[str]) -> list[str]:
    """What pdftotext (and so extract) prints: a line ending in "x-" is joined to the next."""
    out: list[str] = []
    pending = ""
    for line in lines:
        line = pending + line
        pending = ""
        if re.search(r"[^\s-]-$", line):
            pending = line[:-1]
        else:
            out.append(line)
    return out + ([pending + "-"] if pending else [])


LINES_PER_PAGE = 20


def letter_pdf(lines: list[str], lines_per_page: int = LINES_PER_PAGE) -> bytes:
    pdf = FPDF(format="letter")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    for i, line in enumerate(lines):
        if i % lines_per_page == 0:
            pdf.add_page()
        pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_letter_round_trips_through_pdf(seed: Path, tmp_path: Path):
    lines = seed_lines(seed)
    path = tmp_path / f"{seed.stem}.pdf"
    path.write_bytes(letter_pdf(lines))
    result = extract_file(path)
    pages = -(-len(lines) // LINES_PER_PAGE)
    assert result.page_count == pages > 1
    assert norm_lines(result.text) == norm_lines("\n".join(dehyphenated(lines)))
    # Page breaks fall where the PDF's pages end.
    text_pages = result.text.split("\f")
    assert len(text_pages) == pages
    for k, page in enumerate(text_pages):
        chunk = lines[k * LINES_PER_PAGE : (k + 1) * LINES_PER_PAGE]
        assert norm_lines(page) == norm_lines("\n".join(dehyphenated(chunk)))


def test_unicode_text_is_kept(tmp_path: Path):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(text="Voltaren\u00ae gel, caf\u00e9 \u00bd dose", new_x="LMARGIN", new_y="NEXT")
    result = extract_bytes(bytes(pdf.output()), ".pdf")
    assert norm_lines(result.text) == ["Voltaren\u00ae gel, caf\u00e9 \u00bd dose"]


def _spaced_line(pdf: FPDF, y: float, words: list[str], gap: float) -> None:
    """Words on one baseline, ``gap`` points apart (a justified line's stretched spaces)."""
    x = 72.0
    for word in words:
        pdf.text(x, y, word)
        x += pdf.get_string_width(word) + gap


@pytest.mark.parametrize("gap", [13.0, 20.0, 36.0])
def test_justified_lines_with_wide_word_gaps_stay_whole(gap: float):
    """Justified text stretches word spaces beyond a column gap (here 1.2-3.3 em at 11 pt). Such lines
    are no table: their gaps fall at different places, so each prints as one line (split at its gaps,
    "Decision rationale:" would not open a line and an item name would lose its first line)."""
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    _spaced_line(pdf, 100, ["Decision", "rationale:", "The", "treating", "provider's", "report", "dated"], gap)
    _spaced_line(pdf, 113, ["10-26-2016", "notes", "pain", "rated", "7/10", "with", "restricted", "range"], gap * 0.8)
    _spaced_line(pdf, 126, ["RIGHT", "CARPAL", "TUNNEL", "RELEASE", "WITH"], gap)
    pdf.text(72, 139, "POSSIBLE FLEXOR TENOSYNOVECTOMY: Upheld")
    _spaced_line(pdf, 165, ["costing", "more", "than"], 2.0)  # a redacted amount's blank, alone on its line
    pdf.text(72 + pdf.get_string_width("costing more than") + 60, 165, "per ear, including evaluation")
    result = extract_bytes(bytes(pdf.output()), ".pdf")
    assert norm_lines(result.text) == [
        "Decision rationale: The treating provider's report dated",
        "10-26-2016 notes pain rated 7/10 with restricted range",
        "RIGHT CARPAL TUNNEL RELEASE WITH",
        "POSSIBLE FLEXOR TENOSYNOVECTOMY: Upheld",
        "costing more than per ear, including evaluation",
    ]


def _drawn(order: list[int], lines: list[str]) -> bytes:
    """One page with ``lines`` top to bottom, drawn in the ``order`` of their indexes."""
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for k in order:
        pdf.text(72, 100 + 14 * k, lines[k])
    return bytes(pdf.output())


READING = ["Case Number: CM17-0123456", "Decision Date: 02/03/2017", "HOW THE IMR FINAL DETERMINATION WAS MADE",
           "MAXIMUS Federal Services sent the complete case file to an expert reviewer.", "CLINICAL CASE SUMMARY",
           "The patient is a 45-year-old male.", "Page 1 of 3"]


@pytest.mark.parametrize("order", [
    [2, 3, 4, 5, 6, 0, 1],  # the header drawn last
    [6, 0, 1, 2, 3, 4, 5],  # the footer drawn first
    [6, 5, 4, 3, 2, 1, 0],  # the page drawn bottom-up
    [5, 6, 2, 3, 4, 0, 1],  # blocks in any order
])
def test_lines_drawn_out_of_order_read_top_to_bottom(order):
    """A PDF may draw its blocks in any order; they are read by their place on the page, as pdftotext does."""
    assert norm_lines(extract_bytes(_drawn(order, READING), ".pdf").text) == READING


def test_side_by_side_blocks_keep_their_drawing_order():
    """Blocks that share a height (columns) are not interleaved: the first drawn is read first."""
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for k, word in enumerate(["left one", "left two", "left three"]):
        pdf.text(72, 100 + 14 * k, word)
    for k, word in enumerate(["right one", "right two", "right three"]):
        pdf.text(400, 100 + 14 * k, word)
    text = norm_lines(extract_bytes(bytes(pdf.output()), ".pdf").text)
    assert text.index("left three") < text.index("right one")


def test_scanned_pages_note_names_the_first_pages():
    from pipeline.extract import scanned_pages_note

    assert scanned_pages_note((2,)) == "; page 2 of the PDF is a scanned image with no text layer (needs OCR)"
    assert scanned_pages_note(tuple(range(2, 10))) == (
        "; pages 2, 3, 4, 5, 6 and 3 more of the PDF are scanned images with no text layer (needs OCR)")


def test_header_table_is_printed_column_by_column():
    """A header laid out like the DWC letters (not the sample fonts) comes out by columns."""
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    rows = [
        ("Case Number:", "CM17-0123456", None, None),
        ("Date Assigned:", "01/02/2017", "Date of Injury:", "03/04/2016"),
        ("Decision Date:", "02/03/2017", "UR Denial Date:", "12/05/2016"),
        ("Priority:", "Standard", "Application", "12/20/2016"),
        (None, None, "Received:", None),
    ]
    y = 100.0
    for label, value, label2, value2 in rows:
        for x, cell in ((72, label), (180, value), (330, label2), (428, value2)):
            if cell:
                pdf.text(x, y, cell)
        y += 13
    pdf.text(150, y + 20, "HOW THE IMR FINAL DETERMINATION WAS MADE")
    result = extract_bytes(bytes(pdf.output()), ".pdf")
    assert norm_lines(result.text) == [
        "Case Number:",
        "Date Assigned:",
        "Decision Date:",
        "Priority:",
        "CM17-0123456",
        "01/02/2017",
        "02/03/2017",
        "Standard",
        "Date of Injury:",
        "UR Denial Date:",
        "Application",
        "Received:",
        "03/04/2016",
        "12/05/2016",
        "12/20/2016",
        "HOW THE IMR FINAL DETERMINATION WAS MADE",
    ]


def test_rotated_text_follows_the_page_text():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(text="First line of the letter", new_x="LMARGIN", new_y="NEXT")
    with pdf.rotation(90, x=100, y=200):
        pdf.text(100, 200, "Sideways margin note")
    pdf.text(20, 250, "Last line of the letter")
    result = extract_bytes(bytes(pdf.output()), ".pdf")
    assert norm_lines(result.text) == [
        "First line of the letter",
        "Last line of the letter",
        "Sideways margin note",
    ]


def test_sample_letters_are_owner_password_encrypted_and_still_read():
    # DWC's letters carry an /Encrypt dictionary (permissions only, empty user password).
    data = SAMPLE_PDFS[0].read_bytes()
    assert b"/Encrypt" in data
    assert extract_bytes(data, ".pdf").text


def test_pdf_with_owner_password_only_is_read():
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(text="Readable without a password")
    result = extract_bytes(bytes(pdf.output()), ".pdf")
    assert norm_lines(result.text) == ["Readable without a password"]
    assert result.page_count == 1


# --------------------------------------------------------------------------- broken PDFs


def encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner-secret", user_password="user-secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(text="Confidential letter")
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    image = Image.new("L", (240, 320), 255)
    for x in range(40, 200):
        image.putpixel((x, 60), 0)  # a "scanned" rule, no text
    png = io.BytesIO()
    image.save(png, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(png.getvalue()), x=10, y=10, w=120)
    return bytes(pdf.output())


def minimal_pdf(*objects: str) -> bytes:
    """A well-formed PDF from object bodies (object 1 is the catalog), with a valid xref."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_truncated_pdf(tmp_path: Path):
    data = SAMPLE_PDFS[0].read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert_failed(extract_file(path), extract.TRUNCATED_REASON, "extract")


def test_truncated_pdf_never_raises():
    data = letter_pdf(seed_lines(SEEDS[0]))
    for size in range(0, len(data), max(1, len(data) // 40)):
        result = extract_bytes(data[:size], ".pdf")
        assert (result.text is None) == (result.reason is not None)
        if result.text is not None:  # pdfium recovered part of it: fine, the parser judges
            assert result.kind == "pdf"


def test_corrupt_pdf_with_eof_marker():
    data = b"%PDF-1.4\n" + b"garbage " * 100 + b"\n%%EOF\n"
    result = extract_bytes(data, ".pdf")
    assert_failed(
        result,
        "corrupt PDF: pdfium cannot open it (not in PDF format or corrupted); fetch the letter again",
        "extract",
    )


def test_encrypted_pdf():
    result = extract_bytes(encrypted_pdf(), ".pdf")
    assert_failed(result, extract.ENCRYPTED_REASON, "extract")
    assert (
        result.reason == "encrypted PDF: it needs a password to open (or its encryption data is damaged); "
        "get an unprotected copy of the letter"
    )


def test_image_only_pdf():
    result = extract_bytes(image_only_pdf(), ".pdf")
    assert_failed(result, "no text layer: scanned PDF, needs OCR", "extract")
    assert result.page_count == 1


def test_blank_pdf():
    pdf = FPDF()
    pdf.add_page()
    pdf.add_page()
    result = extract_bytes(bytes(pdf.output()), ".pdf")
    assert_failed(result, extract.BLANK_REASON, "extract")
    assert result.page_count == 2


def test_zero_page_pdf():
    data = minimal_pdf("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>")
    assert_failed(extract_bytes(data, ".pdf"), extract.ZERO_PAGES_REASON, "extract")


def test_pdf_whose_only_page_cannot_load():
    data = minimal_pdf("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 1 >>")
    result = extract_bytes(data, ".pdf")
    assert_failed(
        result, "corrupt PDF: pdfium cannot load any of its pages; fetch the letter again", "extract"
    )
    assert result.page_count == 1


def test_html_saved_as_pdf(tmp_path: Path):
    path = tmp_path / "CM17-0000001.pdf"
    path.write_text(
        "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
        "<body><h1>Not Found</h1></body></html>\n",
        encoding="utf-8",
    )
    result = extract_file(path)
    assert_failed(result, extract.NOT_PDF_HTML_REASON, "extract")
    assert result.reason == (
        "not a PDF: the file is an HTML page (probably an error page saved as .pdf); fetch the letter again"
    )
    assert result.kind == "pdf"


def test_other_non_pdf_bytes_saved_as_pdf():
    result = extract_bytes(b"Service Unavailable", ".pdf")
    assert_failed(
        result,
        "not a PDF: no %PDF- header (the file starts with b'Service Unavaila'); fetch the letter again",
        "extract",
    )


@pytest.mark.parametrize("suffix", [".pdf", ".txt"])
def test_zero_byte_file(tmp_path: Path, suffix: str):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    result = extract_file(path)
    assert_failed(
        result, "empty file (0 bytes): the download probably failed; fetch the letter again", "read"
    )
    assert result.kind == suffix[1:]
    assert result.page_count is None


@pytest.mark.parametrize("suffix", [".pdf", ".txt"])
def test_file_over_max_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str):
    monkeypatch.setattr(extract, "MAX_BYTES", 1000)
    path = tmp_path / f"big{suffix}"
    path.write_bytes(b"x" * 1001)
    for result in (extract_file(path), extract_bytes(path.read_bytes(), suffix)):
        assert result.text is None and result.stage == "read"
        assert result.reason.startswith("file too large (0.0 MiB, limit 0.0 MiB)")


def test_real_limit_is_25_mib():
    assert extract.MAX_BYTES == 25 * 1024 * 1024
    result = extract_bytes(b"%PDF-1.4\n" + bytes(extract.MAX_BYTES), ".pdf")
    assert result.reason == (
        "file too large (25.0 MiB, limit 25.0 MiB): not a single determination letter; check the download"
    )


def test_missing_file_and_directory(tmp_path: Path):
    missing = extract_file(tmp_path / "nope.pdf")
    assert missing.text is None and missing.stage == "read" and missing.kind == "pdf"
    assert missing.reason.startswith("file not found: ")
    directory = extract_file(tmp_path)
    assert directory.text is None and directory.stage == "read"


# --------------------------------------------------------------------------- text files


def test_random_binary_txt(tmp_path: Path):
    path = tmp_path / "junk.txt"
    path.write_bytes(random.Random(7).randbytes(4096))
    result = extract_file(path)
    assert_failed(
        result,
        "binary content, not a text letter (NUL bytes); check the file and fetch the letter again",
        "read",
    )
    assert result.kind == "txt"


def test_binary_txt_without_nul_bytes():
    data = bytes(b for b in random.Random(8).randbytes(4096) if b)
    assert_failed(extract_bytes(data, ".txt"), extract.BINARY_CONTROL_REASON, "read")


def test_text_letter_saved_as_pdf_is_told_to_be_renamed():
    """A text letter with a .pdf suffix is told to take .txt (it had been told to fetch the letter again); a short
    error response saved as .pdf is still told to fetch it again."""
    letter = (FIXTURES / "txt" / "CM16-0246487.txt").read_bytes()
    assert_failed(extract_bytes(letter, ".pdf"), extract.TXT_AS_PDF_REASON, "extract")
    assert extract.TXT_AS_PDF_REASON == "not a PDF: the file is a text letter saved as .pdf; store it with a .txt suffix"
    assert extract_bytes(b"Service Unavailable: Independent Medical Review search", ".pdf").reason.endswith(
        "fetch the letter again")


def test_pdf_saved_as_txt():
    assert_failed(extract_bytes(SAMPLE_PDFS[0].read_bytes(), ".txt"), extract.PDF_AS_TXT_REASON, "read")


def test_cp1252_text_is_decoded(tmp_path: Path):
    text = "The worker\u2019s caf\u00e9 visit \u2013 Decision: Upheld\n"
    path = tmp_path / "letter.txt"
    path.write_bytes(text.encode("cp1252"))
    result = extract_file(path)
    assert result.text == text
    assert result.encoding == "cp1252"
    assert (result.kind, result.reason, result.stage) == ("txt", None, None)


def test_utf8_bom_text_is_decoded():
    result = extract_bytes("\ufeffCase Number:\nCM16-0224814\n\f".encode(), ".txt")
    assert result.text == "Case Number:\nCM16-0224814\n\f"
    assert result.encoding == "utf-8-sig"
    assert result.page_count == 1


def test_utf8_text_and_crlf():
    result = extract_bytes("Voltaren\u00ae gel\r\nline two\r\n".encode(), ".TXT")
    assert result.text == "Voltaren\u00ae gel\nline two\n"
    assert result.encoding == "utf-8"
    assert result.page_count is None  # no form feeds: page count unknown


def test_latin1_is_the_last_resort():
    data = b"The caf\xe9 visit was noted.\n" * 5 + b"A stray \x81 byte.\n"  # 0x81: undefined in cp1252
    result = extract_bytes(data, ".txt")
    assert result.text == data.decode("latin-1")
    assert "caf\u00e9" in result.text
    assert result.encoding == "latin-1"


def test_utf16_text_with_bom():
    result = extract_bytes("Case Number:\nCM16-0224814\n".encode("utf-16"), ".txt")
    assert result.text == "Case Number:\nCM16-0224814\n"
    assert result.encoding == "utf-16"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_bom(codec):
    """A letter saved as UTF-16 without its byte-order mark is read, not taken for a binary file for its NUL bytes."""
    text = (FIXTURES / "txt" / f"{SAMPLE_PDFS[0].stem}.txt").read_text(encoding="utf-8")
    result = extract_bytes(text.encode(codec), ".txt")
    assert (result.text, result.encoding) == (text, codec)
    # NUL bytes anywhere else, or an odd length, are a binary file's
    assert_failed(extract_bytes(bytes(range(256)) * 8, ".txt"), extract.BINARY_NUL_REASON, "read")
    assert_failed(extract_bytes(text.encode(codec) + b"x", ".txt"), extract.BINARY_NUL_REASON, "read")


def test_txt_page_count_from_form_feeds():
    for sample in SAMPLE_PDFS[:3]:
        txt = FIXTURES / "txt" / f"{sample.stem}.txt"
        result = extract_file(txt)
        assert result.page_count == int(MANIFEST[sample.stem]["n_pages"])
        assert result.text == txt.read_text(encoding="utf-8")
    assert extract_bytes(b"page one\f\fpage three\f", ".txt").page_count == 2


def test_whitespace_only_txt():
    assert_failed(extract_bytes(b"  \n\f\n ", ".txt"), extract.WHITESPACE_REASON, "read")


def test_seed_txt_is_read_as_is():
    seed = SEEDS[0]
    result = extract_file(seed)
    assert result.text == seed.read_text(encoding="utf-8")
    assert (result.kind, result.encoding, result.page_count) == ("txt", "utf-8", None)


# --------------------------------------------------------------------------- never raises


def check_result(result: Extracted, suffix: str) -> None:
    assert isinstance(result, Extracted)
    assert result.kind == suffix.lstrip(".").lower()
    assert (result.text is None) == (result.reason is not None)
    assert (result.text is None) == (result.stage is not None)
    assert result.stage in (None, "read", "extract")
    if result.text is not None:
        assert result.text.strip()
        assert result.kind == "pdf" or result.encoding


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".pdf", ".txt", ".PDF"]))
def test_arbitrary_bytes_never_raise(data: bytes, suffix: str):
    check_result(extract_bytes(data, suffix), suffix)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=2048), suffix=st.sampled_from([".pdf", ".txt"]))
def test_bytes_behind_a_pdf_header_never_raise(body: bytes, suffix: str):
    check_result(extract_bytes(b"%PDF-1.7\n" + body, suffix), suffix)


_SMALL_PDF = letter_pdf(["Case Number:", "CM16-0224814", "Decision: Upheld"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.integers(0, len(_SMALL_PDF) - 1), st.integers(0, 255)), max_size=8))
def test_damaged_pdf_never_raises(edits: list[tuple[int, int]]):
    data = bytearray(_SMALL_PDF)
    for position, value in edits:
        data[position] = value
    check_result(extract_bytes(bytes(data), ".pdf"), ".pdf")


def test_unknown_suffix_goes_by_content():
    pdf = SAMPLE_PDFS[0].read_bytes()
    assert extract_bytes(pdf, ".bin").kind == "pdf"
    assert extract_bytes(pdf, "").text == extract_file(SAMPLE_PDFS[0]).text
    assert extract_bytes(b"Case Number:\n", ".dat").kind == "txt"


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_page_turned_by_its_rotate_entry_reads_as_its_text_was_laid_out(degrees):
    """A page shown sideways or upside down by its /Rotate (re-saved, or scanned the wrong way round) holds the same
    text: PDFium reports its characters turned, and lines interleaved or broke into letters until the page was read
    as laid out."""
    import pypdf

    source = SAMPLE_PDFS[0].read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(source))
    writer = pypdf.PdfWriter()
    for number, page in enumerate(reader.pages):
        if number == 1:
            page.rotate(degrees)
        writer.add_page(page)
    turned = io.BytesIO()
    writer.write(turned)
    assert extract_bytes(turned.getvalue(), ".pdf").text == extract_bytes(source, ".pdf").text
