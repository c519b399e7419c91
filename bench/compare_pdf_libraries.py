"""Compare PDF text extractors on the 24 sample letters against their pdftotext text.

    .venv/bin/python bench/compare_pdf_libraries.py [--repeat 3] [--fixtures tests/fixtures]

For each extractor: total seconds over all sample PDFs (best of --repeat runs, files read
into memory beforehand), PDFs per second, and fidelity: the share of the pdftotext text's
non-empty lines (whitespace-normalised) that the extractor reproduces exactly and in order
(difflib.SequenceMatcher on the two line lists). "files" counts letters whose lines all
match; "header" counts letters whose first 15 lines (the header block, printed column by
column by pdftotext) match. pdftotext itself is timed too when it is on PATH (nothing is
installed for it). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import difflib
import io
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEADER_LINES = 15


def norm_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.replace("\f", "\n").split("\n") if line.strip()]


def matched_lines(reference: list[str], candidate: list[str]) -> int:
    matcher = difflib.SequenceMatcher(None, reference, candidate, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


# --------------------------------------------------------------------------- extractors


def pipeline_extract(data: bytes, path: Path) -> str:
    from pipeline.extract import extract_bytes

    return extract_bytes(data, ".pdf").text or ""


def pypdfium2_plain(data: bytes, path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    pages = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded().replace("\r\n", "\n"))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return "\f".join(pages)


def pypdf_plain(data: bytes, path: Path) -> str:
    from pypdf import PdfReader

    return "\f".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pypdf_layout(data: bytes, path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\f".join(page.extract_text(extraction_mode="layout") for page in reader.pages)


def pdfplumber_text(data: bytes, path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\f".join(page.extract_text() or "" for page in pdf.pages)


def pdftotext_cli(data: bytes, path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


EXTRACTORS: list[tuple[str, str, Callable[[bytes, Path], str]]] = [
    ("pypdfium2 + pipeline.extract layout", "pypdfium2", pipeline_extract),
    ("pypdfium2 get_text_bounded (plain)", "pypdfium2", pypdfium2_plain),
    ("pypdf extract_text (plain)", "pypdf", pypdf_plain),
    ("pypdf extract_text (layout mode)", "pypdf", pypdf_layout),
    ("pdfplumber extract_text", "pdfplumber", pdfplumber_text),
]


def available(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "fixtures")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per extractor; the best counts")
    args = parser.parse_args()

    pdfs = sorted((args.fixtures / "pdf").glob("*.pdf"))
    if not pdfs:
        parser.error(f"no PDFs in {args.fixtures / 'pdf'}")
    blobs = [(path, path.read_bytes()) for path in pdfs]
    references = [
        norm_lines((args.fixtures / "txt" / f"{p.stem}.txt").read_text(encoding="utf-8")) for p in pdfs
    ]
    total_lines = sum(len(r) for r in references)

    extractors = [(name, fn) for name, module, fn in EXTRACTORS if available(module)]
    skipped = [name for name, module, _ in EXTRACTORS if not available(module)]
    if shutil.which("pdftotext"):
        extractors.append(("pdftotext (poppler CLI, subprocess)", pdftotext_cli))
    else:
        skipped.append("pdftotext (not on PATH)")

    rows = []
    for name, fn in extractors:
        texts = [fn(data, path) for path, data in blobs]  # warm-up, and the texts to score
        best = float("inf")
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            for path, data in blobs:
                fn(data, path)
            best = min(best, time.perf_counter() - start)
        candidates = [norm_lines(t) for t in texts]
        matched = sum(matched_lines(r, c) for r, c in zip(references, candidates, strict=True))
        files = sum(r == c for r, c in zip(references, candidates, strict=True))
        header = sum(
            r[:HEADER_LINES] == c[:HEADER_LINES] for r, c in zip(references, candidates, strict=True)
        )
        rows.append((name, best, len(pdfs) / best, matched / total_lines, files, header))

    print(f"{len(pdfs)} sample PDFs, {total_lines} non-empty pdftotext lines; best of {args.repeat} runs\n")
    print("| extractor | seconds | PDFs/s | fidelity (lines) | files identical | header identical |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, seconds, rate, fidelity, files, header in rows:
        print(
            f"| {name} | {seconds:.3f} | {rate:.0f} | {fidelity:.1%} "
            f"| {files}/{len(pdfs)} | {header}/{len(pdfs)} |"
        )
    if skipped:
        print(f"\nskipped: {', '.join(skipped)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
