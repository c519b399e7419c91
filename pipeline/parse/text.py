"""Text normalisation: line endings, page breaks, control characters, double spacing.

Letters arrive as pdftotext-style text (form feeds at page breaks) or as the older
extractions with a blank line after every line. Everything downstream works on a
list of stripped, non-empty lines; page breaks only matter for counting pages and
never split a logical line.
"""

from __future__ import annotations

import re
from itertools import pairwise

# C0 controls except \t \n \f, DEL and C1 controls; they never carry meaning in a letter.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_PRINTABLE_OR_BREAK = bytes(range(32, 127)) + b"\t\n\r\f\v"  # ASCII that is no control character but a break
# Every character str.split() splits on that can remain inside a line.
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
# Typographic quotes, dashes and hyphens, and ligatures as ASCII; soft hyphens and byte-order marks dropped.
# Replaced one character at a time where present: str.translate with a table costs ~0.4 ms on a 6 KB letter,
# these ~1 µs.
_REPLACE = (
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u2013", "-"),
    ("\u2014", "-"),
    ("\u2010", "-"),  # hyphen
    ("\u2011", "-"),  # non-breaking hyphen
    ("\u2012", "-"),  # figure dash
    ("\uff1a", ":"),  # full-width colon and comma (a letter typed with an East Asian input method)
    ("\uff0c", ","),
    ("\ufb00", "ff"),  # ligatures a PDF's text may keep
    ("\ufb01", "fi"),
    ("\ufb02", "fl"),
    ("\ufb03", "ffi"),
    ("\ufb04", "ffl"),
    ("\u00ad", ""),  # soft hyphen (where the line broke: _SOFT_HYPHEN_BREAK)
    ("\ufffe", "-"),  # PDFium's hyphen mark not at a line's end: the hyphen
    ("\ufeff", ""),  # BOM, or zero-width no-break space
    ("\u200c", ""),  # zero-width non-joiner, joiner and word joiner: nothing a reader sees, even inside a word
    ("\u200d", ""),
    ("\u2060", ""),
)


# A zero-width space inside a word is nothing ("the\u200brapy", "C\u200belecoxib", "M\u200bRI", "1\u200b0"); elsewhere,
# before a capital after a small letter or beside a space or a mark, it is the gap between two words ("is\u200bUpheld",
# as some extractions print a space).
# After a slash or hyphen it is where a line may break ("CM16-\u200b0230651", "01/\u200b09/2017", "Physical/\u200bOccupational").
_ZERO_WIDTH_SPACE_IN_WORD = re.compile(
    "(?<=[A-Za-z])\u200b(?=[a-z])|(?<=[A-Z])\u200b(?=[A-Z])|(?<=[0-9])\u200b(?=[0-9/-])|(?<=[A-Za-z0-9][/-])\u200b(?=\\w)"
)
# A soft hyphen where the line broke, blank lines after it (a letter printed with a blank line between lines); and
# PDFium's mark of a hyphen ending a line (U+FFFE, in a text another tool extracted with it): the word is joined, as
# pdftotext and the warehouse's own extraction join it.
_SOFT_HYPHEN_BREAK = re.compile("[\u00ad\ufffe][ \t]*\n(?:[ \t]*\n)*[ \t]*")


def _plain_punctuation(text: str) -> str:
    if "\u200b" in text:
        text = _ZERO_WIDTH_SPACE_IN_WORD.sub("", text).replace("\u200b", " ")
    if "\u00ad" in text or "\ufffe" in text:
        text = _SOFT_HYPHEN_BREAK.sub("", text)
    for char, plain in _REPLACE:
        if char in text:
            text = text.replace(char, plain)
    return text


def count_pages(text: str) -> int:
    """Pages with any text, counting form-feed separated pages."""
    # Page by page with find (memchr) rather than split("\f"), which steps through the text a character
    # at a time (~23k instructions a letter); isspace() stops at a page's first character that is text.
    pages, start, end = 0, 0, len(text)
    while start <= end:
        stop = text.find("\f", start)
        if stop < 0:
            stop = end
        if stop > start and not text[start:stop].isspace():
            pages += 1
        start = stop + 1
    return pages


# Running headers and footers printed on every page ("Independent Medical Review Final Determination - Page 3 of 7",
# "CM16-0175481 - Final Determination Letter", a form number): page furniture wherever a page break falls, even inside
# an item's name or a citation. Looked for among a page's first and last few lines.
_EDGE_LINES = 2
_NUMBER = re.compile(r"\d+")
CASE_NUMBER = re.compile(r"\bCM\d{2}-\d{5,8}\b")  # as printed in running lines and footers
_CASE_NUMBER_LABEL = re.compile(r"case\s*(?:number|no\.?|#)\s*:", re.IGNORECASE)
# Lines that open the letters' own parts are never furniture, however often a page starts with one.
_CONTENT_OPENING = re.compile(
    r"(?:claims\s+administrator|maximus(?!\s+federal\s+services,?\s+inc\b)|decision|associated|retrospective|prospective)\b"
    r"|(?:.*:\s*)?(?:upheld|overturned)\s*\.?$",  # an item's line, or its decision alone
    re.IGNORECASE,
)


def _edges(lines: list[str]) -> list[tuple[str, int]]:
    """(edge, index) of a page's first and last few non-empty lines."""
    filled = [i for i, line in enumerate(lines) if line and not line.isspace()]
    # a short page's lines are at both edges: its footer may be among its first lines
    return [("top", i) for i in filled[:_EDGE_LINES]] + [("bottom", i) for i in filled[-_EDGE_LINES:]]


# A line's shape: its digits as "#" (bytes.translate: ~10x cheaper than str.translate on a line).
_AS_SHAPE = bytes.maketrans(b"0123456789", b"##########")


def _edge_texts(page: str) -> list[str]:
    """A page's first and last few non-empty lines, stripped, found from its two ends (the page is not split)."""
    out: list[str] = []
    start, n, got = 0, len(page), 0
    while got < _EDGE_LINES and start < n:
        end = page.find("\n", start)
        if end < 0:
            end = n
        line = page[start:end].strip()
        if line:
            out.append(line)
            got += 1
        start = end + 1
    stop, got = n, 0
    while got < _EDGE_LINES and stop > 0:
        begin = page.rfind("\n", 0, stop) + 1
        line = page[begin:stop].strip()
        if line:
            out.append(line)
            got += 1
        stop = begin - 1
    return out


# Furniture even printed once: a fax machine's banner at a page's edge ("Jan-09-2017 10:32 From:MAXIMUS … To:… P.2/3"),
# and at a later page's edge the letter's title or a date alone ("IMR Final Determination", "01/06/2017 10:32 AM").
_FAX_BANNER = re.compile(
    r"(?=.{0,160}$)(?=.*\b\d{1,2}:\d{2}\b)(?:(?=.*\bFrom\s*:)(?=.*\bTo\s*:)|.*\b(?:Fax|From\s*:|To\s*:).*\bP(?:age|g)?\.?\s*\d{1,3}\s*/\s*\d{1,3}\s*$)",
    re.IGNORECASE,
)
# … and an office's date stamp in capitals, wherever it falls on a page's edge ("RECEIVED DEC 18 2016", "FILED: 03/16/2017").
# The stamp's word and its date may print on two lines ("FILED" / "MAR 16 2017").
_STAMP_WORD = r"(?:RECEIVED|FILED|SERVED|ENTERED|SCANNED|DOCKETED)(?:\s+(?:ON|BY))?\s*:?"
_STAMP_DATE = (r"(?:[A-Z][A-Za-z]{2}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2}))"
               r"(?:\s+\d{1,2}:\d{2}(?:\s*[AP]M)?)?")
_STAMP = re.compile(f"{_STAMP_WORD}(?:\\s*{_STAMP_DATE})?")
_STAMP_DATE_ALONE = re.compile(_STAMP_DATE)
_TITLE = r"(?:IMR|Independent\s+Medical\s+Review)\s+(?:Final\s+)?Determination(?:\s+Letter)?"
_LATER_PAGE_FURNITURE = re.compile(
    _TITLE + r"(?:\s+[-:]?\s*\S{1,30})?"
    r"|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?P<time>\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]\.?M\.?)?)?",
    re.IGNORECASE,
)
# A line a date goes on from ("…, DOS:", "… dated", "… from"): a date alone atop the next page is its, not furniture
# (after "set forth below:" or a comma it is).
_OPEN_ENDED = re.compile(
    r"(?:\bDOS|\bdates?\s+of\s+service|\bdated|\bon|\bfrom|\bthrough|\bthru|\buntil|\bbetween)\s*:?\s*$|[(/-]\s*$",
    re.IGNORECASE,
)
_TITLE_OPENING = re.compile(_TITLE, re.IGNORECASE)


def _once_furniture(line: str, later: bool, before: str = "") -> bool:
    """Whether an edge line is furniture printed once (``later``: on a page after the first printed one; ``before``:
    the text just before it): a fax banner or an office's date stamp; on a later page the title, with a word after it
    or numbering the page, or a date alone (with its time, or after a line no date goes on from)."""
    if ":" in line and ("From" in line or "FROM" in line or "To:" in line or "TO:" in line or "Fax" in line or "FAX" in line) and (
            _FAX_BANNER.match(line)):
        return True
    if line and line[0] in "RFSED" and _STAMP.fullmatch(line):
        return True
    if before and before[0] in "RFSED" and _STAMP.fullmatch(before) and _STAMP_DATE_ALONE.fullmatch(line):
        return True  # the date under a stamp's word
    if not later or len(line) > _FURNITURE_LENGTH or not (line[:1] in "Ii" or line[:1].isdigit()):
        return False  # (the title opens with "IMR" or "Independent", a date with a digit)
    m = _LATER_PAGE_FURNITURE.fullmatch(line)
    if m is not None:
        return line[:1].isalpha() or m.group("time") is not None or not _OPEN_ENDED.search(before)
    return _TITLE_OPENING.match(line) is not None and _PAGE_NUMBERED.search(line) is not None


def _may_run(pages: list[str], first: int) -> bool:
    """Whether any edge line of the letter could be running (the cheap test most letters stop at): a line of the
    same shape (digits aside) at the edge of two pages that opens none of the letter's parts, or a case number at
    the edge of a page after the first printed one."""
    first_page: dict[bytes, int] = {}
    for number, page in enumerate(pages):
        for line in _edge_texts(page):
            if "CM" in line and CASE_NUMBER.search(line) and (number > first or _PAGE_NUMBERED.search(line)):
                return True
            if _once_furniture(line, number > first) or (number > first and _is_page_number(line)):
                return True
            shape = line.encode("utf-8", "surrogatepass").translate(_AS_SHAPE)
            seen = first_page.setdefault(shape, number)
            if seen != number and len(line) > 3 and not _CONTENT_OPENING.match(line):
                return True
    return False


# What numbers a page: "Page 3", "page 3 of 7", "3 of 7", "- 3 -" (a number alone is no page number: "2 trigger
# point injections" atop page 2 is text).
_PAGE_NUMBERED = re.compile(r"\bpage\b|\bpg\.?\s*\d|\b\d+\s+of\s+\d+\b|^-\s*\d+\s*-$", re.IGNORECASE)
# Furniture printed the same on every page is short and no sentence's end or a wrapped line of prose
# ("IMR FD 10/2013", "Independent Medical Review Final Determination Letter"), where repeated text is ("…
# is not medically necessary.", a boilerplate paragraph wrapped the same way on several pages).
_FURNITURE_LENGTH = 60
_SENTENCE_PUNCTUATION = (".", ":", ",", ";", "?", "!")


def _reads_as_furniture(line: str) -> bool:
    # (a firm's name ending in "Inc." or "LLC." is no sentence's end: "MAXIMUS Federal Services, Inc.")
    return len(line) <= _FURNITURE_LENGTH and (
        not line.endswith(_SENTENCE_PUNCTUATION) or line.endswith((" Inc.", ",Inc.", " LLC.", " Corp.", " Co.")))


# What a browser prints at the foot of the letter's last page (a one-page letter's too: nothing repeats there): the
# page's address and its number ("https://www.dir.ca.gov/…/CM16-0221706.htm 1/1"), or either alone. After the last
# rationale the letter has nothing else to say.
_BROWSER_FOOTER = re.compile(r"(?:(?:https?|file)://\S+)(?:\s+\d{1,3}\s*/\s*\d{1,3})?|\d{1,3}\s*/\s*\d{1,3}", re.IGNORECASE)


def without_browser_footer(text: str) -> str:
    """``text`` without a browser's footer as its last line (only that line is looked at)."""
    end = len(text)
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = text.rfind("\n", 0, end) + 1
    if end - start > 200 or not ("/" in text[start:end]) or _BROWSER_FOOTER.fullmatch(text, start, end) is None:
        return text
    return text[:start] + text[end:]


def _text_before(split: list[list[str]], number: int, i: int) -> str:
    """The last non-empty line before line ``i`` of page ``number`` (on that page or an earlier one)."""
    for k in range(number, -1, -1):
        for line in reversed(split[k][:i] if k == number else split[k]):
            if line.strip():
                return line.strip()
    return ""


def _is_page_number(line: str) -> bool:
    """A number alone (at most 3 digits), as a page's number printed bare."""
    return len(line) <= 3 and line.isdigit() and line.isascii()


def _counts_up(lines: list[str]) -> bool:
    """Whether the last number of each line, in page order, is the one before it plus one."""
    numbers = [int(_NUMBER.findall(line)[-1]) for line in lines]
    return all(b == a + 1 for a, b in pairwise(numbers))


def drop_running_lines(text: str) -> str:
    """``text`` without the running headers and footers its form-feed separated pages repeat.

    A line is one when it recurs at the same edge (top or bottom) of two or more pages and either numbers each
    page ("Page 3 of 7", "- 3 -", counting printed pages), or carries a case number ("CM16-0175481 - Final
    Determination Letter"), or is printed the same on three or more pages, every page but one at most (on both pages
    of a two-page letter), short and no sentence's end (a form number: "IMR FD 10/2013"), or ends on every page with that
    page's number ("CONFIDENTIAL - … information. 2"). A line with a case number at the edge
    of a page after the first printed one is one even once (a "Case Number: CM…" pair only when an earlier page
    printed the number), and so is a footer with a case number that numbers its page, on the first page too. A line opening one of the letter's parts ("Claims
    Administrator guideline: …", an item's decision) is content wherever it falls, and the first printed page's top
    keeps its case number (the letter's own header may print it there)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f")
    printed_at = [k for k, page in enumerate(pages) if page.strip()]
    if len(printed_at) < 2:
        return text
    first = printed_at[0]
    if not _may_run(pages, first):
        return text
    position = {k: n for n, k in enumerate(printed_at, 1)}  # a page's printed number
    split = [page.split("\n") for page in pages]
    seen: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    for number, lines in enumerate(split):
        for edge, i in _edges(lines):
            line = " ".join(lines[i].split())
            if (len(line) > 3 or _is_page_number(line)) and not _CONTENT_OPENING.match(line):
                seen.setdefault((edge, _NUMBER.sub("#", line)), []).append((number, i, line))
    printed = len(printed_at)
    drop: set[tuple[int, int]] = set()
    for (edge, _shape), found in seen.items():
        on_pages = {number for number, _i, _line in found}
        if len(on_pages) < 2:
            # a case number's line at a later page's edge, no sentence's end ("CM14-0106510 - Final Determination
            # Letter" atop page 2 of two, the first printing the letterhead instead)
            number, i, line = found[0]
            if _once_furniture(line, number > first, _text_before(split, number, i)) or (
                    _is_page_number(line) and int(line) == position[number] and (number > first or edge == "bottom")):
                # (a page's number alone, equal to its place: "2" atop or at the foot of page 2, "1" at page 1's foot)
                drop.update((n, k) for n, k, _line in found)
                continue
            m = CASE_NUMBER.search(line)
            if m and not line.endswith(_SENTENCE_PUNCTUATION) and (
                    # a footer numbering its page ("CM17-0006045  Page 1 of 3"), on the first page too
                    (edge == "bottom" and _PAGE_NUMBERED.search(line))
                    # "Case Number: CM…" is the header's own pair, unless an earlier page printed the number
                    or (number > first and (not _CASE_NUMBER_LABEL.search(line)
                                            or m.group() in "\f".join(pages[:number])))):
                drop.add((number, i))
            continue
        texts = {line for _n, _i, line in found}
        numbered = len(texts) > 1 and (all(
            _PAGE_NUMBERED.search(line) and str(position[number]) in _NUMBER.findall(line) for number, _i, line in found
        ) or (len(on_pages) == printed and all(  # "CONFIDENTIAL - … information. 2": every page's number, last
            line.rpartition(" ")[2] == str(position[number]) for number, _i, line in found)))
        # a page's number alone on its line at the same edge of two pages or more, each its page's place (or one less:
        # a cover page unnumbered before pages numbered from 1)
        bare = len(found) == len(on_pages) and all(_is_page_number(line) for _n, _i, line in found) and (
            {int(line) - position[number] for number, _i, line in found} in ({0}, {-1}))
        # a number counting up by one from page to page at the same edge of every page (a Bates number: "SJL 000101",
        # "SJL 000102", …), short and no sentence's end
        counted = (len(texts) > 1 and len(found) == len(on_pages) == printed
                   and all(_reads_as_furniture(line) for _n, _i, line in found) and _counts_up([line for _n, _i, line in found]))
        same = len(texts) == 1 and _reads_as_furniture(found[0][2]) and (
            len(on_pages) == printed == 2 or len(on_pages) >= max(3, printed - 1))
        # a fax banner on each page, a stamp's date under its word
        once = all(_once_furniture(line, number > first, _text_before(split, number, i)) for number, i, line in found)
        if numbered or bare or counted or same or once or CASE_NUMBER.search(found[0][2]):
            drop.update((number, i) for number, i, line in found
                        if not (number == first and edge == "top" and CASE_NUMBER.search(line)))  # fmt: skip
    if not drop:
        return text
    return "\f".join("\n".join(line for i, line in enumerate(lines) if (number, i) not in drop)
                      for number, lines in enumerate(split))  # fmt: skip


# A page an office adds after the letter: a proof of service, its title alone on the page's first line. The letter
# ends before it (its text would run on in the last rationale, or read as the letter cut mid-sentence).
_SERVICE_PAGE = re.compile(r"\s*(?:proof|certificate|declaration|affidavit)\s+of\s+(?:service|mailing)(?:\s+by\s+mail)?\s*\n",
                           re.IGNORECASE)


def _page_opening(text: str, at: int) -> int:
    """Where the page after the form feed at ``at`` opens: its first character that is no space."""
    n = len(text)
    i = at + 1
    while i < n and text[i] in " \t\n\r\v":
        i += 1
    return i


def letter_pages(text: str) -> str:
    """``text`` (pages separated by form feeds) without a proof of service an office appended after the letter: a
    page after the one opening its decisions whose first line is that title, and any page after it. (Form feeds
    are found, the pages not split: most letters have none of it.)"""
    issues = text.find("DECISIONS AND RATIONALES")
    at = text.find("\f", issues) if issues >= 0 else -1
    while at >= 0:
        i = _page_opening(text, at)
        if text[i : i + 1] in ("P", "p", "C", "c", "D", "d", "A", "a") and _SERVICE_PAGE.match(text, i):
            return text[:at]
        at = text.find("\f", at + 1)
    return text


def drop_repeated_pages(text: str) -> str:
    """``text`` with a page the same as the one before it (a page copied twice into the file, running lines aside:
    called once they are dropped) printed once. Pages are compared whole only where their openings agree."""
    starts = [0]
    at = text.find("\f")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\f", at + 1)
    ends = [k - 1 for k in starts[1:]] + [len(text)]
    drop: list[int] = []
    for k in range(1, len(starts)):
        a, b = _page_opening(text, starts[k - 1] - 1), _page_opening(text, starts[k] - 1)
        if (ends[k] - b > 200 and text[a : a + 64] == text[b : b + 64]
                and " ".join(text[a : ends[k - 1]].split()) == " ".join(text[b : ends[k]].split())):
            drop.append(k)
    if not drop:
        return text
    return "".join(text[starts[k] - (1 if k else 0) : ends[k]] for k in range(len(starts)) if k not in drop)


# A list's bullet before a line: a bullet glyph always ("• ", "· ", a Symbol font's "\uf0b7"), a dash or an asterisk
# only before the labels of an item's parts (a wrapped line may open with a dash: "Low Back" / "- Lumbar & Thoracic").
_BULLET_CHARS = "\u2022\u00b7\u25aa\u25cf\u25e6\u2023\u2043\u25a0\u25a1\u27a2\u2219\uf0b7\uf0a7\uf0d8\uf076"
_BULLET_GLYPHS = frozenset(_BULLET_CHARS)
_BULLET = re.compile(f"^[{_BULLET_CHARS}]+\\s*")
_ASCII_BULLET = re.compile(
    r"^[-*]+\s+(?=(?:Claims?\s+Adm\w*|MAXIMUS|Decision)\s+(?:guid|rational|based)|State\(s\)|Certification)", re.IGNORECASE
)


_BULLET_OPENINGS = _BULLET_GLYPHS | {"-", "*"}


def _unbulleted(line: str) -> str:
    """``line`` without a list's bullet before it (the first character checked first: most lines have none)."""
    first = line[0]
    if first in _BULLET_GLYPHS:
        return _BULLET.sub("", line)  # (a bullet alone on its line: nothing)
    if first == "-" or first == "*":
        return _ASCII_BULLET.sub("", line)
    return line


def clean_lines(text: str) -> list[str]:
    """Stripped, non-empty lines with single spaces and no control characters, and without a list's bullet.

    A line holds no whitespace but single spaces between words, so lines joined with " " need no
    ``squash`` (a property test holds this for arbitrary text)."""
    if text.isascii() and not text.encode("ascii").translate(None, _PRINTABLE_OR_BREAK):
        # Most letters: no control character but tabs and line or page breaks (a byte-level check, ~20x
        # cheaper than the regex scan), so splitlines() splits exactly at \n, \r\n, \r, \f and \v.
        lines = [line for line in map(str.strip, text.splitlines()) if line and (len(line) > 15 or not _is_page_furniture(line))]
    else:
        if "\r" in text or "\f" in text or "\v" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
        if text.isascii():
            text = _CONTROL.sub(" ", text)
        else:
            text = _plain_punctuation(text)
            if _CONTROL.search(text):
                text = _CONTROL.sub(" ", text)
        lines = [line for line in map(str.strip, text.split("\n")) if line and (len(line) > 15 or not _is_page_furniture(line))]
    if "  " in text or "\t" in text or not text.isascii():
        spaced = (_SPACES.sub(" ", line).strip() if ("  " in line or "\t" in line or not line.isascii()) else line
                  for line in lines)
        lines = [line for line in spaced if line and (len(line) > 15 or not _is_page_furniture(line))]
    if not _BULLET_OPENINGS.isdisjoint([line[0] for line in lines]):  # (cheaper than any scan of the text)
        lines = [kept for kept in map(_unbulleted, lines) if kept]
    return lines


# A page number printed alone on its line ("Page 2 of 4", "PAGE 2", "- 2 -"): page furniture, not text (so is a
# watermark's word: _WATERMARKS).
_PAGE_FURNITURE = re.compile(r"(?:Page|PAGE) ?\d{1,3}(?: ?(?:of|OF) ?\d{1,3})?|- \d{1,3} -")


# A watermark's word, printed across a page in capitals, alone on its line wherever it falls among the text.
_WATERMARKS = frozenset(("CONFIDENTIAL", "COPY", "DRAFT", "DUPLICATE", "FILE COPY"))


def _is_page_furniture(line: str) -> bool:
    """A page number or a watermark's word alone on its line (``line`` non-empty; every such line is at most 15
    characters)."""
    first = line[0]
    if first in "CDF":
        return line in _WATERMARKS
    return (first == "P" or first == "-") and _PAGE_FURNITURE.fullmatch(line) is not None


def join_lines(lines: list[str]) -> str:
    """Clean lines as one text, a space between each two, except after a word broken at its hyphen at the
    line's end ("X-" / "RAY OF THE KNEE" → "X-RAY OF THE KNEE", "L4-" / "5" → "L4-5"; the hyphen stays:
    it may belong to the word, as in "non-" / "specific", but for the letters' own words: "medi-" / "cally" →
    "medically", _GRAMMAR_WORDS) and after a date or dose broken at its slash
    ("10/25/" / "2016" → "10/25/2016", "Norco 10/" / "325mg" → "Norco 10/325mg")."""
    text = " ".join(lines)
    for line in lines:
        end = line[-1:]
        if end == "-" or end == "/":
            break
    else:  # no line ends in a hyphen or a slash
        return text
    parts: list[str] = []
    prev = ""
    for line in lines:
        end = prev[-1:]
        if parts and not ((end == "-" and prev[-2:-1].isalnum() and line[:1].isalnum())
                          or (end == "/" and prev[-2:-1].isdigit() and line[:1].isdigit())):  # fmt: skip
            parts.append(" ")
        elif parts and end == "-" and _hyphenated(prev, line):
            parts[-1] = prev[:-1]  # "not medi-" / "cally necessary": a tool's hyphenation of the letters' own words
        parts.append(line)
        prev = line
    return "".join(parts)


# The words the letters' grammar turns on (conclusions, partial authorizations, labels): hyphenated at a line's end by
# a tool that keeps the hyphen, they are read whole (no word of the letters is one of them written with a hyphen; "non-"
# / "certified" keeps its own).
_GRAMMAR_WORDS = frozenset((
    "medically", "necessary", "unnecessary", "certified", "authorized", "request", "requested",
    "requests", "original", "remaining", "guideline", "guidelines", "rationale", "administrator", "upheld",
    "overturned", "appropriate", "recommended", "supported", "indicated", "warranted", "established", "reasonable",
    "decision", "necessity", "medical", "addresses",
))
_WORD_START = re.compile(r"[a-z]+")


def _hyphenated(prev: str, line: str) -> bool:
    """Whether ``prev`` ends with the first part of one of _GRAMMAR_WORDS and a hyphen, and ``line`` opens with the rest."""
    tail = _WORD_START.match(line)
    if tail is None:
        return False
    start = len(prev) - 1  # the hyphen; the word's first part runs back from it (not a search from the line's start)
    while start > 0 and prev[start - 1].isascii() and prev[start - 1].isalpha():
        start -= 1
    return (prev[start:-1] + tail.group()).lower() in _GRAMMAR_WORDS


def single_spaced(text: str) -> bool:
    """No whitespace in ``text`` but single spaces (``isprintable`` is false for every other whitespace)."""
    return "  " not in text and text.isprintable()


def squash(text: str) -> str:
    """Collapse runs of whitespace to single spaces."""
    return " ".join(text.split())
