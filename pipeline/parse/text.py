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
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00ad": None,  # soft hyphen
        "\ufeff": None,  # BOM
    }
)


def count_pages(text: str) -> int:
    """Pages with any text, counting form-feed separated pages."""
    return sum(1 for page in text.split("\f") if page.strip())


def clean_lines(text: str) -> list[str]:
    """Stripped, non-empty lines with single spaces and no control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = text.translate(_TRANSLATE)
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    lines = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line:
            if "  " in line or "\t" in line or "\u00a0" in line:
                line = _SPACES.sub(" ", line)
            lines.append(line)
    return lines


def squash(text: str) -> str:
    """Collapse runs of whitespace to single spaces."""
    return " ".join(text.split())
