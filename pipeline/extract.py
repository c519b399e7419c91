"""Letter bytes → text: PDFs through pypdfium2, text files through a careful decoder.

The parser is written against ``pdftotext`` (poppler, default mode) output: lines in
reading order, a form feed between pages, and tabular blocks such as the letter header
printed column by column, so that::

    Case Number:          CM16-0235991
    Date Assigned:        12/13/2016      Date of Injury:    10/12/2016
    ...

comes out as the four labels, then the four values, then the next column of labels, then
its values. PDFium's own text output goes row by row instead (``Date Assigned: 12/13/2016
Date of Injury: 10/12/2016``), so this module rebuilds each page's lines from PDFium's
characters and their boxes, and prints any stretch of lines with column-wide gaps column
by column, the way poppler prints its text blocks. Poppler's dehyphenation is reproduced
too: a line ending in ``-`` is joined to the next line without the hyphen (``11-22-`` +
``16`` → ``11-2216``), and PDFium's end-of-line hyphen marker is dropped. On the 24 sample
letters the result equals pdftotext's text except for trailing spaces and the final form
feed (see docs/pdf-extraction.md).

Nothing here raises on bad input: every failure comes back as an :class:`Extracted` with
``text=None``, a ``reason`` a person can act on and the ``stage`` that failed: ``"read"``
for byte and decoding problems (empty, too large, binary junk, I/O errors), ``"extract"``
for PDF problems (not a PDF at all, corrupt or truncated, encrypted, no pages, no text
layer).

PDFium is not thread-safe; all calls into it are serialised by a module lock. Use several
processes for parallel extraction.
"""

from __future__ import annotations

import ctypes
import re
import threading
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .parse.text import count_pages

MAX_BYTES = 25 * 1024 * 1024

EMPTY_REASON = "empty file (0 bytes): the download probably failed; fetch the letter again"
NOT_PDF_HTML_REASON = (
    "not a PDF: the file is an HTML page (probably an error page saved as .pdf); fetch the letter again"
)
TRUNCATED_REASON = (
    "corrupt or truncated PDF: pdfium cannot open it and it lacks the closing %%EOF marker "
    "(download cut off?); fetch the letter again"
)
ENCRYPTED_REASON = (
    "encrypted PDF: it needs a password to open (or its encryption data is damaged); "
    "get an unprotected copy of the letter"
)
ZERO_PAGES_REASON = (
    "PDF has zero pages (its page tree is empty or damaged): nothing to extract; fetch the letter again"
)
NO_TEXT_LAYER_REASON = "no text layer: scanned PDF, needs OCR"
BLANK_REASON = "no text: the PDF's pages are blank (neither text nor images); fetch the letter again"
UNMAPPED_REASON = "text layer unreadable (fonts without a Unicode mapping): needs OCR"
BINARY_REASON = "binary content, not a text letter"
BINARY_NUL_REASON = f"{BINARY_REASON} (NUL bytes); check the file and fetch the letter again"
BINARY_CONTROL_REASON = f"{BINARY_REASON} (control characters); check the file and fetch the letter again"
PDF_AS_TXT_REASON = "not a text letter: the file is a PDF saved as .txt; store it with a .pdf suffix"
TXT_AS_PDF_REASON = "not a PDF: the file is a text letter saved as .pdf; store it with a .txt suffix"
# A letter's own words in a text file's opening, and a letter's length: a letter saved as .pdf, not an error response
_LETTER_WORDS = (b"independent medical review", b"maximus", b"case number")
_LETTER_BYTES = 1500
WHITESPACE_REASON = "no text: the file contains only whitespace; fetch the letter again"

_PDFIUM_LOCK = threading.Lock()


@dataclass(slots=True)
class Extracted:
    text: str | None  # decoded letter text, pages separated by "\f"; None when unreadable
    page_count: int | None  # PDF pages; for .txt: form-feed separated pages with text, or None
    kind: str  # "pdf" | "txt"
    reason: str | None  # when text is None: a sentence a person can act on
    stage: str | None  # "read" (bytes/decoding problems) | "extract" (PDF problems)
    encoding: str | None  # "utf-8", "utf-8-sig", "cp1252", ...
    image_pages: tuple[int, ...] = ()  # PDF pages (1-based) that show an image and carry no text: scans

    @property
    def ok(self) -> bool:
        return self.text is not None


def _fail(kind: str, stage: str, reason: str, page_count: int | None = None) -> Extracted:
    return Extracted(text=None, page_count=page_count, kind=kind, reason=reason, stage=stage, encoding=None)


def _size_text(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def _too_large(kind: str, n: int) -> Extracted:
    return _fail(
        kind,
        "read",
        f"file too large ({_size_text(n)}, limit {_size_text(MAX_BYTES)}): "
        "not a single determination letter; check the download",
    )


def _kind_for(suffix: str, data: bytes) -> str:
    s = suffix.lower().strip()
    if not s.startswith("."):
        s = "." + s
    if s == ".pdf":
        return "pdf"
    if s == ".txt":
        return "txt"
    # Unknown suffix: go by the content.
    return "pdf" if b"%PDF-" in data[:1024] else "txt"


def extract_bytes(data: bytes, suffix: str) -> Extracted:
    """Text of one letter given its bytes and file suffix (".pdf" or ".txt", any case).

    Never raises: failures are reported through ``reason`` and ``stage``.
    """
    try:
        data = bytes(data)
        kind = _kind_for(str(suffix), data)
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises"; absurd arguments only
        return _fail("txt", "read", f"cannot read the input ({type(exc).__name__}: {exc})")
    try:
        if not data:
            return _fail(kind, "read", EMPTY_REASON)
        if len(data) > MAX_BYTES:
            return _too_large(kind, len(data))
        if kind == "pdf":
            return _extract_pdf(data)
        return _extract_txt(data)
    except Exception as exc:  # noqa: BLE001 - a bug here must not stop a 100k-file run
        stage = "extract" if kind == "pdf" else "read"
        return _fail(kind, stage, f"unexpected extraction error ({type(exc).__name__}: {exc}); report it")


def extract_file(path: Path) -> Extracted:
    """Read ``path`` and extract it; I/O errors come back as a reason, never raised."""
    path = Path(path)
    kind = _kind_for(path.suffix, b"")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return _too_large(kind, size)
        data = path.read_bytes()
    except FileNotFoundError:
        return _fail(kind, "read", f"file not found: {path}; check the path or fetch the letter again")
    except IsADirectoryError:
        return _fail(kind, "read", f"{path} is a directory, not a letter file")
    except PermissionError:
        return _fail(kind, "read", f"permission denied reading {path}; fix the file permissions")
    except OSError as exc:
        return _fail(kind, "read", f"cannot read {path} ({exc.strerror or exc}); check the disk or mount")
    return extract_bytes(data, path.suffix)


# --------------------------------------------------------------------------- text files

# Controls that never occur in a text letter (keeps \t \n \v \f \r).
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_MAX_CONTROL_SHARE = 0.02
_ASCII_OK = bytes(range(0x20, 0x7F)) + b"\t\n\v\f\r"  # the ASCII bytes _BAD_CONTROL does not match


def _page_count_txt(text: str) -> int | None:
    if "\f" not in text:
        return None  # no page breaks recorded: page count unknown
    return count_pages(text)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1"), "latin-1"


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for text saved as UTF-16 without its byte-order mark (every other byte of its
    opening NUL, as Latin text is in UTF-16), else None (a binary file's NUL bytes fall anywhere)."""
    head = data[:4096]
    if len(data) % 2 or len(head) < 64:
        return None
    odd, even = head[1::2], head[0::2]
    if odd.count(0) == len(odd) and not even.count(0):
        return "utf-16-le"
    if even.count(0) == len(even) and not odd.count(0):
        return "utf-16-be"
    return None


def _extract_txt(data: bytes) -> Extracted:
    if data.startswith(b"%PDF-"):
        return _fail("txt", "read", PDF_AS_TXT_REASON)
    has_bom = data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
    without_bom = None
    if b"\x00" in data and not has_bom:
        without_bom = _utf16_without_bom(data)
        if without_bom is None:
            return _fail("txt", "read", BINARY_NUL_REASON)
        data = (b"\xff\xfe" if without_bom == "utf-16-le" else b"\xfe\xff") + data  # read as the BOM would say
    if data.isascii():  # most letters: decoded and checked at byte level, ~10x cheaper than the regex
        text, encoding = data.decode("ascii"), "utf-8"
        if len(data.translate(None, _ASCII_OK)) > _MAX_CONTROL_SHARE * len(data):
            return _fail("txt", "read", BINARY_CONTROL_REASON)
    else:
        try:
            text, encoding = _decode(data)
        except UnicodeDecodeError:  # only a broken UTF-16 file gets here
            return _fail("txt", "read", BINARY_CONTROL_REASON)
        if text and len(_BAD_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
            return _fail("txt", "read", BINARY_CONTROL_REASON)
    if without_bom:
        encoding = without_bom  # the byte order read from the NUL bytes, as no BOM names it
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():  # (strip() would copy the letter to find out)
        return _fail("txt", "read", WHITESPACE_REASON)
    return Extracted(
        text=text, page_count=_page_count_txt(text), kind="txt", reason=None, stage=None, encoding=encoding
    )


# --------------------------------------------------------------------------- PDF files

_PDFIUM_ERRORS = {
    pdfium_c.FPDF_ERR_FILE: "file not found or could not be opened",
    pdfium_c.FPDF_ERR_FORMAT: "not in PDF format or corrupted",
    pdfium_c.FPDF_ERR_PASSWORD: "password required or incorrect password",
    pdfium_c.FPDF_ERR_SECURITY: "unsupported security scheme",
    pdfium_c.FPDF_ERR_PAGE: "page not found or content error",
}


def _not_a_pdf(data: bytes) -> Extracted:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in head:
        reason = NOT_PDF_HTML_REASON
    elif head.startswith(b"<"):
        reason = "not a PDF: the file is XML or other markup (probably an error response saved as .pdf); fetch the letter again"
    elif head.startswith(b"pk\x03\x04"):
        reason = "not a PDF: the file is a ZIP or Office archive saved as .pdf; fetch the letter as PDF"
    elif len(data) >= _LETTER_BYTES and any(w in head for w in _LETTER_WORDS) and _extract_txt(data).ok:
        reason = TXT_AS_PDF_REASON  # (it reads as a text letter does)
    else:
        reason = f"not a PDF: no %PDF- header (the file starts with {data[:16]!r}); fetch the letter again"
    return _fail("pdf", "extract", reason)


def _extract_pdf(data: bytes) -> Extracted:
    if b"%PDF-" not in data[:1024]:  # where PDF readers look for the header
        return _not_a_pdf(data)
    with _PDFIUM_LOCK:
        return _extract_pdf_locked(data)


def _open_failure(data: bytes, code: int) -> Extracted:
    # PDFium also reports password/security errors for some damaged files: believe them only
    # when the file has an encryption dictionary.
    encrypted = b"/Encrypt" in data
    if code == pdfium_c.FPDF_ERR_PASSWORD and encrypted:
        reason = ENCRYPTED_REASON
    elif code == pdfium_c.FPDF_ERR_SECURITY and encrypted:
        reason = "encrypted PDF with an unsupported security handler; get an unprotected copy of the letter"
    elif b"%%EOF" not in data[-2048:]:
        reason = TRUNCATED_REASON
    else:
        detail = _PDFIUM_ERRORS.get(code, "unknown error")
        reason = f"corrupt PDF: pdfium cannot open it ({detail}); fetch the letter again"
    return _fail("pdf", "extract", reason)


def _extract_pdf_locked(data: bytes) -> Extracted:
    # Opened through the raw API: pypdfium2's PdfDocument(bytes) treats a document without
    # pages as a load failure, reports a stale error code for it and leaves it open.
    # PDFium reads from `data` without copying it; it stays referenced until pdf.close().
    handle = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if not handle:
        return _open_failure(data, pdfium_c.FPDF_GetLastError())
    pdf = pdfium.PdfDocument(handle)
    pages: list[str] = []
    bad_pages = 0
    scanned: list[int] = []  # pages without text that show a scan-sized image
    imaged = False  # whether any page without text shows an image at all
    try:
        n_pages = len(pdf)
        for index in range(n_pages):
            try:
                text, images = _pdf_page(pdf, index)
            except pdfium.PdfiumError:
                bad_pages += 1
                text, images = "", 0
            pages.append(text)
            imaged = imaged or images > 0
            if images == 2:
                scanned.append(index + 1)
    finally:
        pdf.close()
    if n_pages == 0:
        return _fail("pdf", "extract", ZERO_PAGES_REASON, page_count=0)
    text = "\f".join(pages)
    visible = len(text) - sum(text.count(c) for c in " \n\f")
    if visible == 0:
        if bad_pages == n_pages:
            reason = "corrupt PDF: pdfium cannot load any of its pages; fetch the letter again"
        elif imaged:
            reason = NO_TEXT_LAYER_REASON
        else:
            reason = BLANK_REASON
        return _fail("pdf", "extract", reason, page_count=n_pages)
    if len(_UNMAPPED.findall(text)) > 0.5 * visible:
        return _fail("pdf", "extract", UNMAPPED_REASON, page_count=n_pages)
    return Extracted(text=text, page_count=n_pages, kind="pdf", reason=None, stage=None, encoding=None,
                     image_pages=tuple(scanned))  # fmt: skip


def scanned_pages_note(pages: tuple[int, ...]) -> str:
    """What to add to a letter's rejection when some of its pages are scans without text (the first few named)."""
    if len(pages) == 1:
        return f"; page {pages[0]} of the PDF is a scanned image with no text layer (needs OCR)"
    listed = ", ".join(map(str, pages[:5])) + (f" and {len(pages) - 5} more" if len(pages) > 5 else "")
    return f"; pages {listed} of the PDF are scanned images with no text layer (needs OCR)"


def _pdf_page(pdf: pdfium.PdfDocument, index: int) -> tuple[str, int]:
    """Text of one page, and (only looked at when it has no text) what images it shows: 0 none, 1 only small ones
    (a logo, a rule), 2 images covering a quarter of the page or more together (a scan, also one stored as strips;
    overlapping images and parts off the page are counted once and not at all)."""
    page = pdf[index]
    try:
        text = _upright_text(page)
        if text:
            return text, 0
        width, height = page.get_size()
        boxes = [image.get_bounds() for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4)]
        if not boxes:
            return "", 0
        return "", 2 if _covered(boxes, width, height) >= _SCAN_SHARE else 1
    finally:
        page.close()


def _read(page: pdfium.PdfPage) -> tuple[str, int]:
    """(text, runs of characters rotated) of a page as it is turned now."""
    textpage = page.get_textpage()
    try:
        runs = _runs(textpage)
    finally:
        textpage.close()
    return _page_text(runs), sum(1 for r in runs if r.rotated)


def _upright_text(page: pdfium.PdfPage) -> str:
    """A page's text. A page turned by its /Rotate (shown sideways or upside down) is read as its text was laid out:
    PDFium reports the characters as turned, and lines then interleave or break into letters. Where the text was laid
    out turned so that the page shows it upright (a scan's OCR layer), it is read as shown: whichever way has fewer
    of its runs rotated."""
    rotation = page.get_rotation()
    if not rotation:
        return _read(page)[0]
    shown, shown_rotated = _read(page)
    page.set_rotation(0)  # (the document is only read: nothing is saved)
    laid_out, laid_out_rotated = _read(page)
    return laid_out if laid_out_rotated <= shown_rotated else shown


_SCAN_SHARE = 0.25  # images covering this share of a page without text: a scan
_GRID = 32  # the page as a grid of _GRID × _GRID cells for the share its images cover


def _covered(boxes: list[tuple[float, float, float, float]], width: float, height: float) -> float:
    """The share of the page (0–1) the boxes cover together: the cells whose centre lies in any of them."""
    if width <= 0 or height <= 0:
        return 0.0
    cells = set()
    for left, bottom, right, top in boxes:
        i0, i1 = max(0, round(left / width * _GRID)), min(_GRID, round(right / width * _GRID))
        j0, j1 = max(0, round(bottom / height * _GRID)), min(_GRID, round(top / height * _GRID))
        cells.update((i, j) for i in range(i0, i1) for j in range(j0, j1))
    return len(cells) / (_GRID * _GRID)


# --------------------------------------------------------------------------- page layout
#
# A page is rebuilt from PDFium's characters and their (loose, font-height) boxes. Runs of
# characters that sit next to each other on one baseline are grouped into lines; a line splits
# into cells where a horizontal gap is wider than the font size (poppler's minimum column
# spacing, minColSpacing2 = 1.0; word spaces in the samples stay under 0.6). Lines with two or
# more cells, together with single-cell lines right below them that sit inside one of their
# columns, form a table, which is printed column by column as poppler prints its text blocks;
# every other line prints as it is. Spaces come from PDFium (it inserts the word spaces a PDF
# leaves out), so ordinary text reads exactly as PDFium's own text output.

_CELL_GAP = 1.0  # × font size: wider gaps separate columns
_SPACE_GAP = 0.15  # × font size: wider gaps between runs of one line get a space
_UNMAPPED = re.compile(r"[\ufffd\ue000-\uf8ff]")  # replacement and private-use characters
_SOFT_HYPHEN = "\x02"  # PDFium's marker for a hyphen that ends a line (U+FFFE in FPDFText_GetText)
_DROP = re.compile(r"[\x00\x01\x03-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\uffff]")  # never text; \f is ours


@dataclass(slots=True)
class _Run:
    left: float
    bottom: float
    right: float
    top: float
    size: float  # printed font size of the first character
    text: str
    rotated: bool = False  # baseline not left-to-right horizontal

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 0.1)


@dataclass(slots=True)
class _Line:
    runs: list[_Run]
    bottom: float
    top: float

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 0.1)

    def add(self, run: _Run) -> None:
        self.runs.append(run)
        self.bottom = min(self.bottom, run.bottom)
        self.top = max(self.top, run.top)


def _vertical_overlap(a_bottom: float, a_top: float, b_bottom: float, b_top: float) -> float:
    """Overlap as a share of the shorter of the two boxes."""
    overlap = min(a_top, b_top) - max(a_bottom, b_bottom)
    shorter = max(min(a_top - a_bottom, b_top - b_bottom), 0.1)
    return overlap / shorter


def _chars(textpage: pdfium.PdfTextPage) -> str:
    """One character per PDFium char index."""
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    if n <= 0:
        return ""
    buffer = (ctypes.c_ushort * (n + 1))()
    written = pdfium_c.FPDFText_GetText(raw, 0, n, buffer)
    text = bytes(memoryview(buffer).cast("B")[: 2 * max(written - 1, 0)]).decode("utf-16-le", "replace")
    if len(text) != n:  # characters outside the BMP, or chars PDFium leaves out of its text
        codes = (pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(n))
        text = "".join(chr(c) if 0 < c <= 0x10FFFF else "\ufffd" for c in codes)
    return text.replace("\ufffe", _SOFT_HYPHEN)


def _size_and_rotation(raw: object, index: int, matrix: object) -> tuple[float, bool]:
    """Font size as printed (nominal size scaled by the character's matrix), and whether
    the baseline is rotated away from left-to-right horizontal (more than about 5°)."""
    size = pdfium_c.FPDFText_GetFontSize(raw, index)
    if not pdfium_c.FPDFText_GetMatrix(raw, index, matrix):
        return size, False
    size *= abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
    return size, matrix.a <= 0 or abs(matrix.b) > 0.09 * matrix.a


def _runs(textpage: pdfium.PdfTextPage) -> list[_Run]:
    """Runs of characters that follow each other on one line with no column-wide gap."""
    text = _chars(textpage)
    raw = textpage.raw
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    box = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    runs: list[_Run] = []
    # The open run, kept in locals: this loop sees every character of every page.
    chars: list[str] = []
    r_left = r_right = r_bottom = r_top = r_size = 0.0
    rotated = False

    def close() -> None:
        if chars:
            runs.append(_Run(r_left, r_bottom, r_right, r_top, r_size, "".join(chars), rotated))
            chars.clear()

    for i, ch in enumerate(text):
        if ch == "\r" or ch == "\n":
            close()
            continue
        if ch.isspace():
            if chars:
                chars.append(" ")
            continue
        if not get_box(raw, i, box):
            continue
        left, right, bottom, top = box.left, box.right, box.bottom, box.top
        if top < bottom:
            bottom, top = top, bottom
        if chars and rotated:  # PDFium's own line breaks delimit rotated text
            chars.append(ch)
            continue
        if chars:
            height = r_top - r_bottom
            shorter = max(min(height, top - bottom), 0.1)
            if (
                min(r_top, top) - max(r_bottom, bottom) >= 0.5 * shorter
                and r_right - height <= left <= r_right + _CELL_GAP * r_size
            ):
                chars.append(ch)
                r_right = max(r_right, right)
                r_bottom = min(r_bottom, bottom)
                r_top = max(r_top, top)
                continue
            close()
        size, rotated = _size_and_rotation(raw, i, matrix)
        if not 0.5 < size < 1000:  # unknown: estimate from the font's box
            size = 0.7 * (top - bottom)
        chars.append(ch)
        r_left, r_right, r_bottom, r_top, r_size = left, right, bottom, top, size
    close()
    return runs


def _group_lines(runs: list[_Run]) -> list[_Line]:
    lines: list[_Line] = []
    for run in runs:
        target = None
        # The current line, or one of the few before it when the run continues it to the
        # right (a value printed after the label of the line below it).
        for k, line in enumerate(reversed(lines[-4:])):
            if _vertical_overlap(line.bottom, line.top, run.bottom, run.top) >= 0.5:
                if k == 0 or run.left >= max(r.right for r in line.runs) - 1.0:
                    target = line
                break
        if target is None:
            lines.append(_Line([run], run.bottom, run.top))
        else:
            target.add(run)
    for line in lines:
        line.runs.sort(key=lambda r: r.left)
    return lines


_BLOCK_LEAP = 12  # × line height: a gap down the page no paragraph or heading spacing reaches


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """Lines top to bottom where the PDF draws blocks of them out of that order (a header table drawn last, a
    footer first, a page drawn bottom-up), as pdftotext reads them by position.

    The lines, in drawing order, fall into blocks that each run down the page; when no two blocks share any height
    (side-by-side columns do), the blocks are put in order of their tops. Otherwise the drawing order stands."""
    if len(lines) < 2:
        return lines
    blocks: list[list[_Line]] = [[lines[0]]]
    for prev, line in pairwise(lines):
        # back up the page, or a leap down it past any paragraph's spacing (a running header then its footer, drawn
        # after the body: one block, it would span the body's height): a new block
        if (line.top > prev.top + 0.5 * min(line.height, prev.height)
                or prev.bottom - line.top > _BLOCK_LEAP * max(line.height, prev.height)):
            blocks.append([line])
        else:
            blocks[-1].append(line)
    if len(blocks) == 1:
        return lines
    spans = sorted(((min(x.bottom for x in b), max(x.top for x in b)) for b in blocks), key=lambda s: -s[1])
    for (low, _high), (_low2, high2) in pairwise(spans):
        if high2 > low + 1.0:  # two blocks share some height: columns, or a table drawn by columns
            return lines
    blocks.sort(key=lambda b: -max(x.top for x in b))
    return [line for block in blocks for line in block]


def _join_runs(runs: list[_Run]) -> str:
    out = runs[0].text
    for prev, run in pairwise(runs):
        if not out[-1].isspace() and run.left - prev.right > _SPACE_GAP * min(prev.size, run.size):
            out += " "
        out += run.text
    return out


def _cells(line: _Line) -> list[list[_Run]]:
    cells: list[list[_Run]] = [[line.runs[0]]]
    for prev, run in pairwise(line.runs):
        if run.left - prev.right > _CELL_GAP * max(prev.size, run.size):
            cells.append([run])
        else:
            cells[-1].append(run)
    return cells


def _span(cell: list[_Run]) -> tuple[float, float]:
    return min(r.left for r in cell), max(r.right for r in cell)


def _columns(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    columns: list[list[float]] = []
    for left, right in sorted(spans):
        if columns and left <= columns[-1][1] + 1.0:
            columns[-1][1] = max(columns[-1][1], right)
        else:
            columns.append([left, right])
    return [(a, b) for a, b in columns]


def _column_of(span: tuple[float, float], columns: list[tuple[float, float]]) -> list[int]:
    return [k for k, (a, b) in enumerate(columns) if span[0] <= b and span[1] >= a]


def _is_table(rows: list[list[list[_Run]]], columns: list[tuple[float, float]]) -> bool:
    """Lines split at wide gaps are a table when there are at least two of them and two columns, and
    no line has two of its cells in one column (the letters' header: four rows, four columns). Justified
    lines stretch their gaps at different places, so their cells overlap into one or two columns."""
    if len(rows) < 2 or len(columns) < 2:
        return False
    for row in rows:
        taken: set[int] = set()
        for cell in row:
            hits = _column_of(_span(cell), columns)
            if len(hits) != 1 or hits[0] in taken:
                return False
            taken.add(hits[0])
    return True


def _layout(lines: list[_Line]) -> list[str]:
    """Printable lines of a page; "" marks a block boundary (around table columns)."""
    cells = [_cells(line) for line in lines]
    out: list[str] = []
    i = 0
    while i < len(lines):
        if len(cells[i]) < 2:
            out.append(_join_runs(lines[i].runs))
            i += 1
            continue
        j = i
        while j < len(lines) and len(cells[j]) >= 2:
            j += 1
        columns = _columns([_span(c) for k in range(i, j) for c in cells[k]])
        if not _is_table(cells[i:j], columns):
            # Wide gaps that make no table: a justified line's stretched word spaces, a redacted word's blank.
            # Printed as lines, as pdftotext prints them (split at the gaps, "Decision rationale:" would be
            # two lines and a wrapped item name would lose its first line).
            out.extend(_join_runs(line.runs) for line in lines[i:j])
            i = j
            continue
        # Single-cell lines just below the table that sit in exactly one of its columns
        # (not the first, where body text starts too) belong to it, e.g. "Received:".
        while j < len(lines) and len(cells[j]) == 1 and lines[j - 1].bottom - lines[j].top < lines[j].height:
            hits = _column_of(_span(cells[j][0]), columns)
            if len(hits) != 1 or hits[0] == 0:
                break
            j += 1
        by_column: list[list[str]] = [[] for _ in columns]
        for row in cells[i:j]:
            for cell in row:
                hits = _column_of(_span(cell), columns)
                by_column[hits[0] if hits else -1].append(_join_runs(cell))
        for column in by_column:
            if column:
                out.append("")
                out.extend(column)
        out.append("")
        i = j
    return out


# A page's number printed on its own line ("Page 2 of 4", "- 2 -"): no word's end is joined to it. (A number alone may
# be the end of a date wrapped at its hyphen, "11-22-" / "16", which pdftotext joins.)
_PAGE_NUMBER_LINE = re.compile(r"(?:page|pg\.?)\s*\d{1,3}(?:\s*of\s*\d{1,3})?|-\s*\d{1,3}\s*-", re.IGNORECASE)


def _dehyphenate(lines: list[str]) -> list[str]:
    """Join a line ending in a hyphen (or PDFium's soft-hyphen marker) to the next line.

    poppler's pdftotext does this in its default mode, so ``11-22-`` / ``16`` comes out as
    ``11-2216`` and ``range-of-`` / ``motion`` as ``range-ofmotion``; the parser is written
    against that text.
    """
    out: list[str] = []
    pending = ""
    for line in lines:
        if pending and _PAGE_NUMBER_LINE.fullmatch(line.strip()):
            # the page's number under its last line: the word goes on on the next page, not into the number
            out.append(pending + "-")
            pending = ""
        if pending:
            line = pending + line.lstrip()
            pending = ""
        if line.endswith(_SOFT_HYPHEN) or (
            line.endswith("-") and len(line) >= 2 and not line[-2].isspace() and line[-2] != "-"
        ):
            pending = line[:-1]
            continue
        out.append(line)
    if pending:  # the block ends on a hyphen: nothing to join it to, keep it
        out.append(pending + "-")
    return out


def _page_text(runs: list[_Run]) -> str:
    if not runs:
        return ""
    # Rotated text (margin notes, stamps) goes after the page's horizontal text, a block
    # per line, as poppler does with text in other directions.
    layout = _layout(_reading_order(_group_lines([r for r in runs if not r.rotated])))
    for run in runs:
        if run.rotated:
            layout += ["", run.text]
    lines: list[str] = []
    block: list[str] = []
    for line in layout:
        line = _DROP.sub("", line).rstrip()
        if line:
            block.append(line)
            continue
        # A block boundary: no dehyphenation across it, and at most one blank line.
        lines.extend(_dehyphenate(block))
        block = []
        if lines and lines[-1]:
            lines.append("")
    lines.extend(_dehyphenate(block))
    text = "\n".join(lines).replace(_SOFT_HYPHEN, "").strip("\n")
    # Like pdftotext, which ends every text flow with an empty line.
    return text + "\n\n" if text else ""
