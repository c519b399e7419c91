"""Reading the raw folder: which files exist, which changed, and turning files into parse results.

Workers run in a process pool; each returns small ``FileResult`` objects so memory stays
bounded by the batch size, not by the corpus.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import multiprocessing
import operator
import os
import re
import stat
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Self

import pyarrow as pa

from . import schema as S
from .config import env_seconds
from .extract import MAX_BYTES, extract_bytes, scanned_pages_note
from .parse import Letter, Rejection, parse_letter
from .parse.taxonomy import compile_all

LETTER_SUFFIXES = (".txt", ".pdf")
_HERE = Path(__file__).parent
_SIGNATURE: str | None = None  # computed once a process


def parser_signature() -> str:
    """What a letter's rows depend on besides its bytes: the parser's modules and rule tables, the PDF text
    extraction, and the turning of records into rows and columns. A record whose rows another signature read
    is read again whole (``build.for_this_parser``), so a warehouse never mixes two versions' readings."""
    global _SIGNATURE
    if _SIGNATURE is None:
        files = [*sorted(_HERE.glob("parse/*.py")), *sorted(_HERE.glob("parse/rules/*")),
                 _HERE / "extract.py", _HERE / "ingest.py", _HERE / "schema.py"]  # fmt: skip
        h = hashlib.sha256()
        for p in files:
            if p.is_file():
                h.update(p.relative_to(_HERE).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
        _SIGNATURE = h.hexdigest()[:16]
    return _SIGNATURE


@dataclass(slots=True)
class RawFile:
    """A file of the raw folder as the scan saw it. Its path is ``root/rel``, put together when the file is
    read: ``root`` is one string shared by every file of a scan, so the run's file list (held for the whole
    run, one entry a letter) does not carry each file's full path too (~140 bytes a file, 28 MB at 200k)."""

    root: str
    rel: str
    size: int
    mtime_ns: int
    problem: str | None = None  # why the entry cannot be read as a letter (a folder's ends in "/"): quarantined as is

    @property
    def path(self) -> str:
        return f"{self.root}/{self.rel}"


@dataclass(slots=True)
class FileResult:
    """What one file became: small metadata only (the rows travel as Arrow tables in the batch)."""

    rel: str
    kind: str
    size: int
    mtime_ns: int
    sha256: str | None
    encoding: str | None
    page_count: int | None
    layout: str | None = None
    case_id: str | None = None
    fingerprint: str | None = None
    decision_date: date | None = None
    reason: str | None = None
    stage: str | None = None


@dataclass(slots=True)
class Batch:
    """A worker's output for a batch of files: per-file results, the rows as Arrow tables, reviewers."""

    files: list[FileResult]
    tables: dict[str, pa.Table]
    reviewers: list[dict]
    peak_rss_mb: float | None = None  # the parser process's peak resident memory so far (None: not measured)

    # A batch travels from a parser process to the build as pickled state, in the forms cheapest to
    # pickle: its tables as Arrow IPC streams (pickling an Arrow table rebuilds it array by array in
    # Python, 14x the cost of the stream), its file results as tuples (a slotted object is pickled
    # through copyreg in Python). Together ~15 µs a letter less in the parser and build processes.
    def __getstate__(self) -> tuple:
        return (list(map(_FILE_ROW, self.files)), {name: _ipc_bytes(t) for name, t in self.tables.items()},
                self.reviewers, self.peak_rss_mb)

    def __setstate__(self, state: tuple) -> None:
        rows, streams, self.reviewers, self.peak_rss_mb = state
        self.files = [FileResult(*row) for row in rows]
        self.tables = {name: pa.ipc.open_stream(data).read_all() for name, data in streams.items()}


_FILE_ROW = operator.attrgetter(*(f.name for f in fields(FileResult)))


def _ipc_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def fingerprint(letter: Letter) -> str:
    """Identity of a letter's content: equal for the same letter as text and as PDF, different for a corrected
    re-issue of it (another date of injury, age, conclusion or citation, not only other items or another decision
    date; a rationale reworded alone is not read, its text being the costliest to compare). Citations are compared
    by their letters and digits only, so a word an extraction joins at a line's hyphen reads the same either way."""
    c = letter.case
    parts = [c.case_id, str(c.decision_date), str(c.reviewer_id), str(c.date_assigned), str(c.date_of_injury),
             str(c.ur_denial_date), str(c.application_received_date), str(c.patient_age), str(c.patient_sex)]
    parts += [f"{i.treatment}:{i.decision}:{i.rationale_conclusion}" for i in letter.items]
    cited = "|".join(f"{x.item_id} {x.cited_by} {x.source} {x.guideline} {x.section} {x.pages}" for x in letter.citations)
    parts.append(_NOT_ALNUM.sub("", cited.lower()))
    return hashlib.sha1("|".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


_NOT_ALNUM = re.compile(r"[^a-z0-9|]+")


def _utf8_name(name: str) -> str | None:
    """``name`` itself where it is valid UTF-8, else None (os.scandir keeps undecodable bytes as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return name


def _shown(name: str) -> str:
    """A name that is not UTF-8 as it can be shown, with its bytes (two such names never read the same)."""
    raw = name.encode("utf-8", "surrogateescape")
    return f"{raw.decode('utf-8', 'replace')} [bytes {raw.hex()}]"


def _os_reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def scan(raw_dir: Path, skip: str | None = None) -> Iterator[RawFile]:
    """Every non-hidden entry under raw_dir (recursively), sorted by relative path; stat only. Regular files (and
    links to them) are letters to read; any other entry is a RawFile with its ``problem``, to be quarantined: a
    folder that cannot be listed (its ``rel`` ends in "/"; its letters already in the warehouse are kept, see
    ``make_plan``), a link to a folder (not followed), a broken or looping link, a pipe or device, a name that
    is not UTF-8. Names starting with "." (the system's own files and folders) are no letters and are skipped, and
    so is the folder ``skip`` (the warehouse, where it lies inside the raw folder: its files are no letters)."""
    root = os.fspath(raw_dir)
    skipped = _identity(skip) if skip else None
    stack = [(root, "")]  # (folder, its path relative to raw_dir with a trailing "/")
    found: list[RawFile] = []
    while stack:
        d, prefix = stack.pop()
        try:
            entries = list(os.scandir(d))
        except OSError as exc:
            if prefix:  # the raw folder itself unreadable: no letters (a build refuses to empty the warehouse)
                found.append(RawFile(root, prefix, 0, 0, f"folder could not be read ({_os_reason(exc)}): its letters "
                                     "were not read, and those already in the warehouse are kept; fix its permissions "
                                     "or mount"))
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            name = _utf8_name(e.name)
            try:
                if e.is_dir(follow_symlinks=False):
                    if name is None:
                        found.append(RawFile(root, prefix + _shown(e.name) + "/", 0, 0, "folder name is not valid "
                                             "UTF-8: its letters were not read; rename the folder"))
                    elif skipped is None or _identity(e.path) != skipped:
                        stack.append((e.path, prefix + name + "/"))
                    continue
                if e.is_symlink() and e.is_dir():
                    found.append(RawFile(root, prefix + (name or _shown(e.name)), 0, 0, "a link to a folder: links "
                                         "to folders are not followed; move or copy the folder into the raw folder"))
                    continue
                st = e.stat()  # follows a link to a file; raises for a broken or looping one
            except OSError as exc:
                found.append(RawFile(root, prefix + (name or _shown(e.name)), 0, 0, f"could not be read "
                                     f"({_os_reason(exc)}): a broken or looping link, or no permission; fix or "
                                     "remove it"))
                continue
            if not stat.S_ISREG(st.st_mode):
                found.append(RawFile(root, prefix + (name or _shown(e.name)), 0, 0, "not a regular file (a pipe, "
                                     "socket or device): no letter; remove it from the raw folder"))
            elif name is None:
                found.append(RawFile(root, prefix + _shown(e.name), st.st_size, st.st_mtime_ns, "file name is not "
                                     "valid UTF-8: rename the file"))
            else:
                found.append(RawFile(root, prefix + name, st.st_size, st.st_mtime_ns))
    found.sort(key=lambda f: f.rel)
    return iter(found)


def _identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of a folder, None where it is not there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


STAT_COLUMNS = ["source_file", "size_bytes", "mtime_ns"]


def file_stats(letters: pa.Table) -> dict[str, tuple[int, int]]:
    """(size, mtime) by file of an inventory (``letters``, at least STAT_COLUMNS): a file whose size and
    mtime are unchanged is neither read nor parsed again."""
    return dict(zip(letters.column("source_file").to_pylist(),
                    zip(letters.column("size_bytes").to_pylist(), letters.column("mtime_ns").to_pylist())))


def files_digest(files) -> str:
    """A digest of (path, size, mtime) of files: changes when one is added, changed or removed."""
    h = hashlib.sha256()
    for f in files:
        h.update(f"{f.rel}\0{f.size}\0{f.mtime_ns}\n".encode())
    return h.hexdigest()


def _kind(rel: str) -> str:
    return rel.rsplit(".", 1)[-1].lower() if "." in rel.rsplit("/", 1)[-1] else ""


def _read_bytes(path: str, size: int) -> bytes:
    """The whole file, read at the OS level (a buffered file object costs more than the read of a letter);
    ``size`` from the scan sizes the first read, and reading goes on to the end if the file grew."""
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = [os.read(fd, size + 1)]
        while chunks[-1]:
            chunks.append(os.read(fd, 1 << 20))
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_file(f: RawFile) -> tuple[FileResult, Letter | None]:
    """Read, hash, extract and parse one file. Never raises."""
    kind = _kind(f.rel)

    def bad(reason: str, stage: str, sha: str | None = None, **kw) -> tuple[FileResult, None]:
        return FileResult(f.rel, kind, f.size, f.mtime_ns, sha, kw.get("encoding"), kw.get("pages"),
                          reason=reason, stage=stage), None

    if f.problem is not None:
        return bad(f.problem, "read")
    if "." + kind not in LETTER_SUFFIXES:
        return bad(f"unsupported file type '.{kind or '(none)'}': only .txt and .pdf letters are read; "
                   "convert it or move it out of the raw folder", "read")
    if f.size > MAX_BYTES:
        return bad(f"file is {f.size / 1e6:.1f} MB, over the {MAX_BYTES / 1e6:.0f} MB limit for one letter; "
                   "check that it is a single determination letter", "read")
    try:
        data = _read_bytes(f.path, f.size)
    except OSError as exc:
        return bad(f"cannot read the file ({exc.strerror or exc}); check its permissions", "read")
    sha = hashlib.sha256(data).hexdigest()
    ex = extract_bytes(data, "." + kind)
    if ex.text is None:
        return bad(ex.reason or "no text could be read", ex.stage or "extract", sha, encoding=ex.encoding, pages=ex.page_count)
    result = parse_letter(ex.text, f.rel)
    if isinstance(result, Rejection):
        # a page scanned into an otherwise readable PDF is the likelier cause of what the parser found missing
        reason = result.reason + (scanned_pages_note(ex.image_pages) if ex.image_pages else "")
        return bad(reason, result.stage, sha, encoding=ex.encoding, pages=ex.page_count)
    if ex.image_pages:
        # The text pages read as a whole letter, but a scanned page may hold more items or the end of a rationale:
        # rows that may be short are not published as if complete.
        n = len(result.items)
        reason = (f"the PDF's text reads as a letter of {n} item{'s' if n != 1 else ''}, but"
                  + scanned_pages_note(ex.image_pages)[1:] + ", which may hold more of the letter; OCR the PDF or "
                  "fetch one with a text layer")
        return bad(reason, "extract", sha, encoding=ex.encoding, pages=ex.page_count)
    case = result.case
    case.content_sha256 = sha
    if ex.page_count is not None:
        case.page_count = ex.page_count
    info = FileResult(f.rel, kind, f.size, f.mtime_ns, sha, ex.encoding, case.page_count, case.layout, case.case_id,
                      fingerprint(result), case.decision_date)
    return info, result


def process_batch(files: list[RawFile]) -> Batch:
    """Parse a batch and turn its letters into Arrow tables (columnar: cheap to send between processes)."""
    cases: list[tuple] = []
    items: list[tuple] = []
    citations: list[tuple] = []
    case_row, item_row, citation_row = S.ROW_OF["cases"], S.ROW_OF["disputed_items"], S.ROW_OF["guideline_citations"]
    results: list[FileResult] = []
    reviewers: dict[str, dict] = {}
    for f in files:
        info, letter = read_file(f)
        results.append(info)
        if letter is None:
            continue
        cases.append(case_row(letter.case))
        items.extend(map(item_row, letter.items))
        citations.extend(map(citation_row, letter.citations))
        rev = letter.reviewer
        if rev is not None and rev.reviewer_id not in reviewers:
            reviewers[rev.reviewer_id] = {n: getattr(rev, n) for n in S.REVIEWERS.names}
    rows = {"cases": cases, "disputed_items": items, "guideline_citations": citations}
    tables = {t: S.rows_to_table(rows[t], schema) for t, schema in S.LETTER_TABLES.items()}
    return Batch(results, tables, list(reviewers.values()))


def peak_rss_mb() -> float | None:
    """This process's peak resident memory (VmHWM) in MB; None where /proc is not there."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def trim_memory() -> None:
    """Hand freed heap back to the OS: glibc and Arrow's allocator keep freed blocks otherwise, and what
    the parsed batches passed through would add up over a run (~75 MB by 200k letters in the build
    process; in a parser process, where each batch's rows pass through Arrow and a 2-3 MB stream to
    send, ~20 MB)."""
    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


def _pool_batch(files: list[RawFile]) -> Batch:
    """``process_batch`` in a parser process, with that process's peak memory. First, what the previous
    batch passed through (its rows, tables and the stream it was sent as) goes back to the OS."""
    trim_memory()
    batch = process_batch(files)
    batch.peak_rss_mb = peak_rss_mb()
    return batch


PARSERS_PER_CORE = 4  # the most parser processes asked for that a run starts, per core it may use


def most_parsers() -> int:
    """The most parser processes a run starts: more than a few per core only wait (and a thousand would exhaust
    the machine's processes and memory)."""
    return PARSERS_PER_CORE * max(1, len(os.sched_getaffinity(0)))


def parser_count(workers: int | None) -> int:
    """Parser processes for a run: ``workers`` (at most ``most_parsers()``), or one per core (at most 8) when not
    given."""
    return min(workers, most_parsers()) if workers else max(1, min(len(os.sched_getaffinity(0)), 8))


def _fork_context():
    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


PARSER_GC_THRESHOLD = 50_000  # allocations between young-generation collections in a parser process


def _start_parser() -> None:
    """A parser process's start: below the build process in CPU priority (the build process stats the
    folder and writes what the parsers send; it should not wait for them), then the rules compiled and
    ``quiet_collector``."""
    try:
        os.nice(5)
    except OSError:  # not permitted here: same priority
        pass
    _exit_with_the_build_process()
    compile_all()
    quiet_collector()


PARENT_CHECK_SECONDS = 0.5


def _exit_with_the_build_process() -> None:
    """A parser process ends when the build process that forked it is gone (``kill -9`` leaves no chance to stop
    it): it would otherwise live on, blocked writing results nobody reads and holding the warehouse's build
    lock it inherited, so that every later build is refused. A daemon thread checks the parent twice a second."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="imr-parent-watch", daemon=True).start()


def quiet_collector() -> None:
    """The cyclic garbage collector made to stay out of the parser's way: what exists now (the rules,
    and whatever the process inherited from the build process) is frozen out of every collection, and
    young collections run every PARSER_GC_THRESHOLD allocations, not 700. Parsing frees its objects by
    reference counting (it makes no cycles worth collecting often); the collector's passes over them
    cost 4-7% of a batch's time."""
    gc.freeze()
    gc.set_threshold(PARSER_GC_THRESHOLD, 20, 20)


class Parsers:
    """A run's parser processes, started before it stats the raw folder: forked while the build process
    is still small (forked later, each would carry the file list and inventory, which grow with the
    corpus), and each compiles the rules while the folder is stat'ed. One process: none, the caller
    parses. A context manager; leaving it stops the processes without waiting for them."""

    def __init__(self, workers: int):
        self.workers = min(workers, most_parsers())
        self.pool: ProcessPoolExecutor | None = None
        if workers > 1:
            self._start()

    def _start(self) -> None:
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_fork_context(), initializer=_start_parser)
        self.pool.submit(int)  # the processes start at the first submit: now

    def restart(self) -> None:
        """New processes after one died (the pool is unusable once a process is gone) or is stuck on a
        file (killed: a pool cannot cancel a running task)."""
        if self.pool is not None:
            for proc in list(getattr(self.pool, "_processes", {}).values()):  # no public way before Python 3.14
                if proc.is_alive():
                    proc.kill()
        self.close()
        self._start()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


IN_FLIGHT_PER_WORKER = 4  # batches submitted ahead per worker: enough that no worker waits while the
# caller writes a part or an older batch is still running (2 left the pool ~10% idle), few enough that
# finished results (~5 MB a batch) never pile up in memory


def process_all(files: list[RawFile], workers: int, batch_size: int = 500,
                parsers: Parsers | None = None) -> Iterator[Batch]:
    """Batches in input order; parser processes when workers > 1 (the run's ``parsers``, already started,
    else processes of its own for two batches or more), with at most IN_FLIGHT_PER_WORKER batches per
    process submitted and not yet taken. A parser process that dies does not stop the run (see
    ``_recover``); in the caller's own process (one worker) nothing can catch that."""
    started = parsers is not None and parsers.pool is not None
    if started and len(files) < 2 * batch_size:
        batch_size = max(1, -(-len(files) // parsers.workers))  # a few files: shared between the processes
    batches = [files[i : i + batch_size] for i in range(0, len(files), batch_size)]
    if started:
        yield from _in_pool(parsers, batches)
        return
    if workers <= 1 or len(files) < 2 * batch_size:
        for b in batches:
            yield process_batch(b)
        return
    with Parsers(workers) as own:
        yield from _in_pool(own, batches)


# A batch still unfinished this long after the build started waiting for it has a parser stuck on a file
# (a batch of 500 letters takes well under a second, of PDFs some seconds); one file gets FILE_SECONDS.
BATCH_SECONDS = env_seconds("IMR_BATCH_SECONDS", 600.0)
FILE_SECONDS = env_seconds("IMR_FILE_SECONDS", 60.0)
_CRASHED, _STUCK = "crashed", "stuck"


def _in_pool(parsers: Parsers, batches: list[list[RawFile]]) -> Iterator[Batch]:
    pending: deque = deque()  # (files, future), in input order
    it = iter(batches)

    def submit() -> None:
        while len(pending) < IN_FLIGHT_PER_WORKER * parsers.workers:
            nxt = next(it, None)
            if nxt is None:
                return
            pending.append((nxt, parsers.pool.submit(_pool_batch, nxt)))  # type: ignore[union-attr]

    submit()
    while pending:
        files, future = pending.popleft()
        try:
            batch = future.result(timeout=BATCH_SECONDS)
        except (BrokenProcessPool, TimeoutError):
            # A parser process died (a crash in a native library on a damaged file, or killed) or is stuck:
            # the processes are replaced, and every batch that was in flight is read again, one at a time.
            suspects = [files, *(f for f, _ in pending)]
            pending.clear()
            parsers.restart()
            for one in suspects:
                yield from _recover(parsers, one)
            submit()
            continue
        submit()
        yield batch


def _alone(parsers: Parsers, files: list[RawFile], seconds: float) -> Batch | str:
    """``files`` parsed by themselves in the parser processes, or why not (_CRASHED or _STUCK; the
    processes are then replaced)."""
    try:
        return parsers.pool.submit(_pool_batch, files).result(timeout=seconds)  # type: ignore[union-attr]
    except BrokenProcessPool:
        parsers.restart()
        return _CRASHED
    except TimeoutError:
        parsers.restart()
        return _STUCK


def _recover(parsers: Parsers, files: list[RawFile]) -> Iterator[Batch]:
    """A batch that was in flight when a parser process died or stuck: read again alone; if that fails
    too, file by file, and each file that kills or blocks a process is quarantined, the run goes on."""
    batch = _alone(parsers, files, BATCH_SECONDS)
    if isinstance(batch, Batch):
        yield batch
        return
    if _alone(parsers, [], FILE_SECONDS) in (_CRASHED, _STUCK):
        raise RuntimeError("parser processes fail even with no file to read: the parser cannot run here")
    for f in files:
        one = _alone(parsers, [f], FILE_SECONDS)
        yield one if isinstance(one, Batch) else _unreadable(f, one)


def _unreadable(f: RawFile, why: str) -> Batch:
    """The quarantine row of a file whose reading killed (_CRASHED) or blocked (_STUCK) the parser process."""
    batch = process_batch([])
    try:
        sha = hashlib.sha256(_read_bytes(f.path, f.size)).hexdigest()
    except OSError:
        sha = None
    if why == _STUCK:
        reason = (f"reading this file did not finish within {FILE_SECONDS:g} s (IMR_FILE_SECONDS) when read by "
                  "itself, after its batch had stalled: the file is probably damaged; download the letter again, "
                  "or open and re-save it")
    else:
        reason = ("reading this file stopped the parser process each time it was tried (a crash, most likely of "
                  "the PDF reader on a damaged file, or the process was killed): download the letter again, or "
                  "open and re-save it")
    batch.files = [FileResult(f.rel, _kind(f.rel), f.size, f.mtime_ns, sha, None, None, reason=reason, stage="extract")]
    return batch