"""Text normalisation: line endings, page breaks, control characters, double spacing.

Letters arrive as pdftotext-style text (form feeds at page breaks) or as the older
extractions with a blank line after every line. Everything downstream works on a
list of stripped, non-empty lines; page breaks only matter for counting pages and
never split a logical line.
"""

from __future__ import annotations

import re

# C0 controls except \t \n \f, DEL and C1 controls; they never carry meaning in a letter.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_PRINTABLE_OR_BREAK = bytes(range(32, 127)) + b"\t\n\r\f\v"  # ASCII that is no control character but a break
# Every character str.split() splits on that can remain inside a line, and the zero-width space.
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000]+")
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
    ("\ufb00", "ff"),  # ligatures a PDF's text may keep
    ("\ufb01", "fi"),
    ("\ufb02", "fl"),
    ("\ufb03", "ffi"),
    ("\ufb04", "ffl"),
    ("\u00ad", ""),  # soft hyphen
    ("\ufeff", ""),  # BOM
)


def _plain_punctuation(text: str) -> str:
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


def clean_lines(text: str) -> list[str]:
    """Stripped, non-empty lines with single spaces and no control characters.

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
    return lines


# A page number printed alone on its line ("Page 2 of 4", "PAGE 2", "- 2 -"): page furniture, not text.
_PAGE_FURNITURE = re.compile(r"(?:Page|PAGE) ?\d{1,3}(?: ?(?:of|OF) ?\d{1,3})?|- \d{1,3} -")


def _is_page_furniture(line: str) -> bool:
    """A page number alone on its line (``line`` non-empty; every such line is at most 15 characters)."""
    first = line[0]
    return (first == "P" or first == "-") and _PAGE_FURNITURE.fullmatch(line) is not None


def join_lines(lines: list[str]) -> str:
    """Clean lines as one text, a space between each two, except after a word broken at its hyphen at the
    line's end ("X-" / "RAY OF THE KNEE" → "X-RAY OF THE KNEE", "L4-" / "5" → "L4-5"; the hyphen stays:
    it may belong to the word, as in "non-" / "specific") and after a date or dose broken at its slash
    ("10/25/" / "2016" → "10/25/2016", "Norco 10/" / "325mg" → "Norco 10/325mg")."""
    text = " ".join(lines)
    if "- " not in text and "/ " not in text:  # no line ends in a hyphen or a slash
        return text
    parts: list[str] = []
    prev = ""
    for line in lines:
        end = prev[-1:]
        if parts and not ((end == "-" and prev[-2:-1].isalnum() and line[:1].isalnum())
                          or (end == "/" and prev[-2:-1].isdigit() and line[:1].isdigit())):  # fmt: skip
            parts.append(" ")
        parts.append(line)
        prev = line
    return "".join(parts)


def single_spaced(text: str) -> bool:
    """No whitespace in ``text`` but single spaces (``isprintable`` is false for every other whitespace)."""
    return "  " not in text and text.isprintable()


def squash(text: str) -> str:
    """Collapse runs of whitespace to single spaces."""
    return " ".join(text.split())
