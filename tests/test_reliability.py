"""Bad input, crashes and concurrent readers never lose a letter or break the warehouse."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.build import build_warehouse
from pipeline.extract import MAX_BYTES
from pipeline.publish import BuildLocked, build_lock

from .conftest import PDF, TXT

REAL = (TXT / "CM16-0246487.txt").read_text(encoding="utf-8")


def q(warehouse: Path, sql: str):
    con = duckdb.connect(str(warehouse / "imr.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def make_corpus(folder: Path, n: int, start: int = 0) -> None:
    """n distinct letters: the real samples with fresh case numbers."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(TXT.glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(start, start + n):
        src = texts[k % len(texts)]
        old = src.split("\n")[5].strip()
        num = f"CM19-{k:07d}"
        (folder / f"{num}.txt").write_text(src.replace(old, num), encoding="utf-8")


def test_every_bad_input_is_quarantined_with_a_reason(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(REAL, encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (raw / "not-a-letter.txt").write_text("Minutes of the board meeting.\nNothing about reviews here.\n")
    (raw / "truncated.txt").write_text(REAL[: REAL.index("Post-op Zofran: Upheld") + 300], encoding="utf-8")
    (raw / "no-items.txt").write_text(REAL.split("IMR ISSUES, DECISIONS AND RATIONALES")[0], encoding="utf-8")
    (raw / "bad-decision.txt").write_text(REAL.replace("Post-op Zofran: Upheld", "Post-op Zofran: Pending"), encoding="utf-8")
    (raw / "corrupt.pdf").write_bytes((PDF / "CM16-0246487.pdf").read_bytes()[:3000])
    (raw / "error-page.pdf").write_bytes(b"<html><body>502 Bad Gateway</body></html>")
    (raw / "windows.txt").write_bytes(
        (TXT / "CM17-0008177.txt").read_text(encoding="utf-8").replace("O'Brien's", "O\u2019Brien\u2019s").encode("cp1252")
    )
    with open(raw / "huge.txt", "wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    (raw / "notes.docx").write_bytes(b"PK\x03\x04")
    wh = tmp_path / "wh"
    stats, counts = build_warehouse(raw, str(wh), workers=1)
    assert stats.files_seen == 12 and stats.accounted
    assert counts["cases"] == 2  # good.txt and the Windows-1252 letter, decoded and parsed
    assert q(wh, "SELECT source_file FROM cases ORDER BY 1") == [("good.txt",), ("windows.txt",)]
    assert q(wh, "SELECT encoding FROM letters WHERE source_file = 'windows.txt'") == [("cp1252",)]
    reasons = {r[0]: (r[1], r[2]) for r in q(wh, "SELECT source_file, stage, reason FROM quarantine")}
    assert set(reasons) == {"empty.txt", "junk.txt", "not-a-letter.txt", "truncated.txt", "no-items.txt",
                            "bad-decision.txt", "corrupt.pdf", "error-page.pdf", "huge.txt", "notes.docx"}
    assert reasons["empty.txt"][0] == "read" and "empty" in reasons["empty.txt"][1]
    assert reasons["junk.txt"][0] == "read" and "binary" in reasons["junk.txt"][1]
    assert reasons["not-a-letter.txt"][0] == "layout"
    assert "truncated" in reasons["truncated.txt"][1]
    assert reasons["no-items.txt"][1].startswith("no disputed items section")
    assert reasons["bad-decision.txt"][0] == "validate" and "Post-op Zofran" in reasons["bad-decision.txt"][1]
    assert reasons["corrupt.pdf"][0] == "extract"
    assert "HTML" in reasons["error-page.pdf"][1] or "not a PDF" in reasons["error-page.pdf"][1]
    assert "limit" in reasons["huge.txt"][1]
    assert "unsupported file type" in reasons["notes.docx"][1]
    for _, reason in reasons.values():
        assert len(reason) > 20


def test_reader_holding_the_database_does_not_block_a_build(tmp_path: Path):
    raw = tmp_path / "raw"
    make_corpus(raw, 30)
    wh = tmp_path / "wh"
    build_warehouse(raw, str(wh), workers=1)
    reader = duckdb.connect(str(wh / "imr.duckdb"), read_only=True)
    before = reader.execute("SELECT count(*) FROM cases").fetchone()[0]
    make_corpus(raw / "more", 5, start=100)
    _stats, counts = build_warehouse(raw, str(wh), workers=1)
    assert counts["cases"] == before + 5
    assert reader.execute("SELECT count(*) FROM cases").fetchone()[0] == before  # its snapshot stays whole
    reader.close()
    assert q(wh, "SELECT count(*) FROM cases") == [(before + 5,)]


_HOLD_LOCK = """
import sys, time
from pipeline.publish import build_lock
with build_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(60)
"""


def test_second_concurrent_build_is_refused_clearly(tmp_path: Path):
    """A build while another process builds on the warehouse is refused with the reason; the lock goes with
    its holder. Within one process the lock is re-entrant (a run's steps inside `imr build`'s hold)."""
    wh = tmp_path / "wh"
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(wh)], cwd=Path(__file__).parents[1], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(BuildLocked, match="another build is running"):
            build_warehouse(TXT, str(wh), workers=1)
    finally:
        holder.kill()
        holder.wait()
    with build_lock(str(wh)):
        stats, _ = build_warehouse(TXT, str(wh), workers=1)  # the lock is released with its holder
    assert stats.cases == 24


_BUILD = """
import sys
from pathlib import Path
from pipeline.build import build_warehouse
build_warehouse(Path(sys.argv[1]), sys.argv[2], workers=1)
print("done", flush=True)
"""


def test_kill_9_mid_build_leaves_previous_warehouse_readable(tmp_path: Path):
    raw = tmp_path / "raw"
    make_corpus(raw, 24)
    wh = tmp_path / "wh"
    build_warehouse(raw, str(wh), workers=1)
    assert q(wh, "SELECT count(*) FROM cases") == [(24,)]
    make_corpus(raw / "batch2", 2500, start=1000)
    killed_at = []
    for delay in (0.4, 1.2, 2.5):
        proc = subprocess.Popen([sys.executable, "-c", _BUILD, str(raw), str(wh)], cwd=Path(__file__).parents[1],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed_at.append(delay)
        proc.wait()
        # Whatever the moment, the published warehouse is whole: the old one or a complete new one.
        n = q(wh, "SELECT count(*) FROM cases")[0][0]
        assert n in (24, 2524)
        assert q(wh, "SELECT count(*) FROM disputed_items WHERE case_id NOT IN (SELECT case_id FROM cases)") == [(0,)]
    assert killed_at, "the build finished before it could be killed; make the corpus larger"
    stats, counts = build_warehouse(raw, str(wh), workers=1)
    assert counts["cases"] == 2524 and stats.accounted
    assert not list(wh.glob(".imr.duckdb.building-*"))
    live = {p.name for t in ("cases", "disputed_items") for p in (wh / "parquet" / t).glob("*.parquet")}
    manifest = (wh / "parquet" / "_manifest.json").read_text()
    assert all(name in manifest for name in live)  # stale parts of the killed runs were removed
    shutil.rmtree(raw / "batch2")


_BUILD_WITH_PARSERS = """
import sys
from pathlib import Path
from pipeline.build import build_warehouse
build_warehouse(Path(sys.argv[1]), sys.argv[2], workers=2)
"""


def _children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    return [int(c) for task in tasks.iterdir() for c in (task / "children").read_text().split()] if tasks.exists() else []


def test_kill_9_of_a_build_takes_its_parser_processes_and_the_lock_with_it(tmp_path: Path):
    """Parser processes end when their build process is killed outright: left alive, they held the build lock
    they inherited and every later build was refused."""
    if not Path("/proc/self/task").exists():
        pytest.skip("needs /proc")
    raw = tmp_path / "raw"
    make_corpus(raw, 3000)
    wh = tmp_path / "wh"
    proc = subprocess.Popen([sys.executable, "-c", _BUILD_WITH_PARSERS, str(raw), str(wh)], cwd=Path(__file__).parents[1],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    parsers: list[int] = []
    while time.monotonic() < deadline and len(parsers) < 2 and proc.poll() is None:
        parsers = _children(proc.pid)
        time.sleep(0.05)
    assert len(parsers) == 2, "no parser processes seen"
    time.sleep(0.5)  # parsing
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() and
                                                  "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
                                                  for pid in parsers):  # fmt: skip
            time.sleep(0.1)
        with build_lock(str(wh)):  # free again
            pass
    finally:
        for pid in parsers:  # whatever the outcome, none is left behind by the test
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_a_file_is_read_whole_whatever_the_scan_said_and_unreadable_ones_are_quarantined(tmp_path: Path):
    import hashlib

    from pipeline.ingest import RawFile, read_file

    letter = (TXT / min(os.listdir(TXT))).read_bytes()
    path = tmp_path / "grew.txt"
    path.write_bytes(letter)
    info, parsed = read_file(RawFile(str(tmp_path), "grew.txt", 10, 0))  # the file grew after the scan
    assert info.sha256 == hashlib.sha256(letter).hexdigest() and parsed is not None
    info, parsed = read_file(RawFile(str(tmp_path), "gone.txt", 10, 0))  # removed after the scan
    assert parsed is None and info.stage == "read" and info.reason.startswith("cannot read the file")


def _crash_on_marker(monkeypatch, flag: Path | None = None):
    """Parser processes (forked after this) die on a file holding b"CRASH-ME", as a native crash in the
    PDF reader would kill them; with ``flag``, only the first time (then the flag file exists)."""
    from pipeline import ingest

    real = ingest.extract_bytes

    def extract(data: bytes, suffix: str):
        if b"CRASH-ME" in data and (flag is None or not flag.exists()):
            if flag is not None:
                flag.write_text("crashed once")
            os.kill(os.getpid(), signal.SIGKILL)
        return real(data, suffix)

    monkeypatch.setattr(ingest, "extract_bytes", extract)


def test_a_file_that_kills_a_parser_process_is_quarantined_and_the_run_goes_on(tmp_path: Path, monkeypatch):
    raw = tmp_path / "raw"
    make_corpus(raw / "a", 40)
    make_corpus(raw / "b", 40, start=40)
    (raw / "b" / "CM19-0000055.txt").write_text(REAL + "\nCRASH-ME\n", encoding="utf-8")
    _crash_on_marker(monkeypatch)
    stats, _ = build_warehouse(raw, str(tmp_path / "wh"), workers=2)
    assert (stats.files_seen, stats.cases, stats.quarantined) == (80, 79, 1) and stats.accounted
    ((source, reason, stage),) = q(tmp_path / "wh", "SELECT source_file, reason, stage FROM quarantine")
    assert source == "b/CM19-0000055.txt" and stage == "extract"
    assert reason.startswith("reading this file stopped the parser process each time it was tried")
    # The next run reads only what changed: the quarantined file stays quarantined, nothing is lost.
    again, _ = build_warehouse(raw, str(tmp_path / "wh"), workers=2)
    assert (again.new_or_changed, again.cases, again.quarantined) == (0, 79, 1)


def test_a_parser_process_killed_once_loses_nothing(tmp_path: Path, monkeypatch):
    raw = tmp_path / "raw"
    make_corpus(raw, 30)
    (raw / "CM19-0000007.txt").write_text(
        (raw / "CM19-0000007.txt").read_text(encoding="utf-8") + "\nCRASH-ME\n", encoding="utf-8"
    )
    _crash_on_marker(monkeypatch, flag=tmp_path / "crashed")
    stats, _ = build_warehouse(raw, str(tmp_path / "wh"), workers=2)
    assert (tmp_path / "crashed").exists()  # the process did die once
    assert (stats.cases, stats.quarantined, stats.parsed) == (30, 0, 30) and stats.accounted


def test_a_file_that_blocks_a_parser_process_is_quarantined_and_the_run_goes_on(tmp_path: Path, monkeypatch):
    from pipeline import ingest

    raw = tmp_path / "raw"
    make_corpus(raw, 10)
    (raw / "CM19-0000003.txt").write_text(REAL.replace("CM16-0246487", "CM19-0000003") + "\nHANG-ME\n", encoding="utf-8")
    real = ingest.extract_bytes

    def extract(data: bytes, suffix: str):
        if b"HANG-ME" in data:
            time.sleep(600)  # as a reader stuck in a loop on a damaged file
        return real(data, suffix)

    monkeypatch.setattr(ingest, "extract_bytes", extract)
    monkeypatch.setattr(ingest, "BATCH_SECONDS", 2.0)
    monkeypatch.setattr(ingest, "FILE_SECONDS", 1.0)
    t = time.perf_counter()
    stats, _ = build_warehouse(raw, str(tmp_path / "wh"), workers=2)
    assert time.perf_counter() - t < 60
    assert (stats.cases, stats.quarantined) == (9, 1) and stats.accounted
    ((source, reason),) = q(tmp_path / "wh", "SELECT source_file, reason FROM quarantine")
    assert source == "CM19-0000003.txt" and reason.startswith("reading this file did not finish within 1 s")


def test_entries_that_are_no_readable_file_are_quarantined_and_the_run_goes_on(tmp_path: Path):
    """A link looping on itself, a broken link, a link to a folder, a pipe and a file name that is not UTF-8 each
    get a quarantine row naming what to do; none stops the run, and every letter beside them is read."""
    raw = tmp_path / "raw"
    make_corpus(raw, 3)
    os.symlink("loop.txt", raw / "loop.txt")
    os.symlink(tmp_path / "nowhere.txt", raw / "broken.txt")
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", raw / "linked")
    os.mkfifo(raw / "pipe.txt")
    (raw / os.fsdecode(b"caf\xe9.txt")).write_text(REAL, encoding="utf-8")
    stats, _ = build_warehouse(raw, str(tmp_path / "wh"), workers=1)
    assert (stats.files_seen, stats.cases, stats.quarantined) == (8, 3, 5) and stats.accounted
    reasons = dict(q(tmp_path / "wh", "SELECT source_file, reason FROM quarantine"))
    assert reasons["loop.txt"].startswith("could not be read (Too many levels of symbolic links)")
    assert reasons["broken.txt"].startswith("could not be read (No such file or directory)")
    assert reasons["linked"].startswith("a link to a folder: links to folders are not followed")
    assert reasons["pipe.txt"].startswith("not a regular file")
    assert reasons["caf\ufffd.txt [bytes 636166e92e747874]"] == "file name is not valid UTF-8: rename the file"


def test_a_folder_that_cannot_be_listed_keeps_its_letters(tmp_path: Path, monkeypatch):
    """A folder unreadable on one run (permissions, a failing mount) is quarantined by name, and the letters the
    warehouse holds from it stay: they are not taken for deleted files."""
    raw = tmp_path / "raw"
    make_corpus(raw / "a", 3)
    make_corpus(raw / "b", 2, start=3)
    first, _ = build_warehouse(raw, str(tmp_path / "wh"), workers=1)
    assert first.cases == 5
    real_scandir = os.scandir

    def scandir(path):
        if os.fspath(path).endswith("/b"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    again, _ = build_warehouse(raw, str(tmp_path / "wh"), workers=1)
    assert (again.deleted, again.cases, again.quarantined) == (0, 5, 1) and again.accounted
    assert q(tmp_path / "wh", "SELECT source_file, reason FROM quarantine") == [
        ("b/", ("folder could not be read (Permission denied): its letters were not read, and those already in the "
                "warehouse are kept; fix its permissions or mount"))]
    assert q(tmp_path / "wh", "SELECT count(*) FROM cases WHERE source_file LIKE 'b/%'") == [(2,)]
    # A new version of the parser must read every letter again: one it cannot reach stops the run, nothing changed.
    import json

    from pipeline.build import UnreadableFolder
    from pipeline.store import MANIFEST

    record = tmp_path / "wh" / MANIFEST
    data = json.loads(record.read_text())
    record.write_text(json.dumps(dict(data, parser="0123456789abcdef")))
    with pytest.raises(UnreadableFolder, match=r"the folder b/ cannot be listed, and its 2 letters must be read again"):
        build_warehouse(raw, str(tmp_path / "wh"), workers=1)
    assert q(tmp_path / "wh", "SELECT count(*) FROM cases") == [(5,)]
    monkeypatch.setattr(os, "scandir", real_scandir)
    healed, _ = build_warehouse(raw, str(tmp_path / "wh"), workers=1)
    assert (healed.reread, healed.cases, healed.quarantined) == (True, 5, 0)


def test_a_file_unreadable_once_is_read_once_its_permissions_are_fixed(tmp_path: Path, monkeypatch):
    """Fixing a file's permissions changes neither its size nor its mtime: a file a run could not read is read again
    once it can be (it had stayed quarantined for good); one still unreadable is not, so a run stays a no-change run."""
    from pipeline import ingest

    raw = tmp_path / "raw"
    make_corpus(raw, 3)
    name = sorted(p.name for p in raw.iterdir())[1]
    real_open = ingest.os.open

    def denying_open(path, *args, **kw):
        if os.fspath(path).endswith(name):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kw)

    monkeypatch.setattr(ingest.os, "open", denying_open)
    monkeypatch.setattr(os, "access", lambda path, mode: not os.fspath(path).endswith(name))
    first, _ = build_warehouse(raw, str(tmp_path / "wh"), workers=1)
    assert (first.cases, first.quarantined) == (2, 1)
    assert q(tmp_path / "wh", "SELECT source_file, reason FROM quarantine") == [
        (name, "cannot read the file (Permission denied); check its permissions")]
    still, _ = build_warehouse(raw, str(tmp_path / "wh"), workers=1)  # still unreadable: nothing to do
    assert (still.parsed, still.cases, still.quarantined) == (0, 2, 1)
    monkeypatch.undo()  # the permissions fixed
    fixed, _ = build_warehouse(raw, str(tmp_path / "wh"), workers=1)
    assert (fixed.parsed, fixed.cases, fixed.quarantined) == (1, 3, 0) and fixed.accounted


def test_a_warehouse_inside_the_raw_folder_is_no_letters(tmp_path: Path):
    """`--warehouse raw/wh`: its database, Parquet and report are not read as letters (they had been quarantined,
    and every run found them changed)."""
    raw = tmp_path / "raw"
    make_corpus(raw, 3)
    first, _ = build_warehouse(raw, str(raw / "wh"), workers=1)
    again, _ = build_warehouse(raw, str(raw / "wh"), workers=1)
    assert (first.cases, first.quarantined) == (3, 0)
    assert (again.files_seen, again.parsed, again.cases, again.quarantined) == (3, 0, 3, 0)


@pytest.mark.parametrize("damage", ["part overwritten", "part footer garbled", "part deleted", "manifest overwritten"])
def test_a_damaged_record_is_named_with_what_to_do(tmp_path: Path, damage: str):
    """A Parquet part overwritten or gone, or the manifest garbled: the build stops saying which file and what to do
    (it had stopped with the library's own words, `ArrowInvalid: Parquet magic bytes not found …`), and changes
    nothing."""
    from pipeline.store import MANIFEST, DamagedRecord

    raw, wh = tmp_path / "raw", tmp_path / "wh"
    make_corpus(raw, 3)
    build_warehouse(raw, str(wh), workers=1)
    part = min((wh / "parquet" / "letters").glob("*.parquet"))
    target = wh / MANIFEST if damage.startswith("manifest") else part
    before = target.read_bytes()
    if damage == "part deleted":
        part.unlink()
    elif damage == "part footer garbled":  # (pyarrow says so with an OSError of its own: "Couldn't deserialize thrift")
        target.write_bytes(before[:-200] + bytes((b + 77) % 256 for b in before[-200:-8]) + before[-8:])
    else:
        target.write_bytes(b"garbage, not what was written")
    with pytest.raises(DamagedRecord) as exc:
        build_warehouse(raw, str(wh), workers=1)
    said = str(exc.value)
    assert said.startswith("the warehouse's Parquet record is damaged: ") and str(target.name) in said
    assert said.endswith("move the warehouse folder aside and build again from the raw letters (case_history then "
                         "starts afresh)")
    if damage in ("part overwritten", "manifest overwritten"):
        assert target.read_bytes() == b"garbage, not what was written"  # nothing rewritten over it
    else:
        assert part.exists() == (damage != "part deleted") and before
