"""Reading the raw folder: which files exist, which changed, and turning files into parse results.

Workers run in a process pool; each returns small ``FileResult`` objects so memory stays
bounded by the batch size, not by the corpus.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .extract import MAX_BYTES, extract_bytes
from .parse import Letter, Rejection, parse_letter

LETTER_SUFFIXES = (".txt", ".pdf")


@dataclass(slots=True)
class RawFile:
    rel: str
    path: str
    size: int
    mtime_ns: int


@dataclass(slots=True)
class FileResult:
    rel: str
    kind: str
    size: int
    mtime_ns: int
    sha256: str | None
    encoding: str | None
    page_count: int | None
    letter: Letter | None
    reason: str | None
    stage: str | None

    @property
    def layout(self) -> str | None:
        return self.letter.case.layout if self.letter else None


def scan(raw_dir: Path) -> Iterator[RawFile]:
    """Every regular, non-hidden file under raw_dir (recursively), sorted by relative path; stat only."""
    raw_dir = Path(raw_dir)
    stack = [raw_dir]
    found: list[RawFile] = []
    while stack:
        d = stack.pop()
        try:
            entries = list(os.scandir(d))
        except OSError:
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            if e.is_dir(follow_symlinks=False):
                stack.append(Path(e.path))
            elif e.is_file():
                st = e.stat()
                rel = os.path.relpath(e.path, raw_dir).replace(os.sep, "/")
                found.append(RawFile(rel, e.path, st.st_size, st.st_mtime_ns))
    found.sort(key=lambda f: f.rel)
    return iter(found)


def _kind(rel: str) -> str:
    return rel.rsplit(".", 1)[-1].lower() if "." in rel.rsplit("/", 1)[-1] else ""


def process_file(f: RawFile) -> FileResult:
    """Read, hash, extract and parse one file. Never raises."""
    kind = _kind(f.rel)

    def bad(reason: str, stage: str, sha: str | None = None, **kw) -> FileResult:
        return FileResult(f.rel, kind, f.size, f.mtime_ns, sha, kw.get("encoding"), kw.get("pages"), None, reason, stage)

    if "." + kind not in LETTER_SUFFIXES:
        return bad(f"unsupported file type '.{kind or '(none)'}': only .txt and .pdf letters are read; "
                   "convert it or move it out of the raw folder", "read")
    if f.size > MAX_BYTES:
        return bad(f"file is {f.size / 1e6:.1f} MB, over the {MAX_BYTES / 1e6:.0f} MB limit for one letter; "
                   "check that it is a single determination letter", "read")
    try:
        with open(f.path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return bad(f"cannot read the file ({exc.strerror or exc}); check its permissions", "read")
    sha = hashlib.sha256(data).hexdigest()
    ex = extract_bytes(data, "." + kind)
    if ex.text is None:
        return bad(ex.reason or "no text could be read", ex.stage or "extract", sha, encoding=ex.encoding, pages=ex.page_count)
    result = parse_letter(ex.text, f.rel)
    if isinstance(result, Rejection):
        return bad(result.reason, result.stage, sha, encoding=ex.encoding, pages=ex.page_count)
    result.case.content_sha256 = sha
    if ex.page_count is not None:
        result.case.page_count = ex.page_count
    return FileResult(f.rel, kind, f.size, f.mtime_ns, sha, ex.encoding, result.case.page_count, result, None, None)


def process_batch(files: list[RawFile]) -> list[FileResult]:
    return [process_file(f) for f in files]


def process_all(files: list[RawFile], workers: int, batch_size: int = 256) -> Iterator[list[FileResult]]:
    """Results in batches, in input order; a process pool when workers > 1 and the work is big enough."""
    batches = [files[i : i + batch_size] for i in range(0, len(files), batch_size)]
    if workers <= 1 or len(files) < 2 * batch_size:
        for b in batches:
            yield process_batch(b)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(process_batch, batches)
