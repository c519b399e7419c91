"""One ingestion run: plan (stat the raw folder), parse what changed, resolve duplicates and
re-issued letters, and commit the Parquet record. Pure Python; the Dagster assets call these steps.

Incremental rules (documented in the README):
- a file whose size and mtime are unchanged is neither read nor parsed again;
- a new or changed file is hashed and parsed; its case's rows are replaced;
- a deleted file's rows go; if a duplicate of it remains, the duplicate takes over;
- files giving the same case: the same content → one case (PDF preferred), the others recorded as
  ``duplicate``; different content (a re-issued letter) → the latest decision date wins, the older
  version's case row goes to ``case_history`` and its file is recorded as ``superseded``.
"""

from __future__ import annotations

import gc
import os
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from . import schema as S
from .ingest import (
    STAT_COLUMNS,
    Batch,
    FileResult,
    Parsers,
    RawFile,
    file_stats,
    parser_count,
    parser_signature,
    process_all,
    process_batch,
    scan,
    trim_memory,
)
from .staging import clear_staging, load_staged
from .store import Manifest, PartStore, is_remote

# Set by the command line to show a progress bar for runs it starts through Dagster: called with
# (files done, files to parse) as batches finish.
PROGRESS_HOOK = None

FLUSH_CASES = 10_000  # rows are written as a part every this many letters: memory stays bounded


@dataclass
class Plan:
    raw_dir: Path
    files: list[RawFile]
    todo: list[RawFile]
    unchanged: list[str]
    deleted: list[str]
    previous: pa.Table  # the last run's inventory (``letters``), one row per file: columnar, not dicts


@dataclass
class RunStats:
    run_id: str
    files_seen: int = 0
    new_or_changed: int = 0
    unchanged: int = 0
    deleted: int = 0
    parsed: int = 0
    cases: int = 0
    items: int = 0
    citations: int = 0
    quarantined: int = 0
    duplicates: int = 0
    superseded: int = 0
    reviewers: int = 0
    staged: int = 0  # files whose parse results came from staging
    reread: bool = False  # every letter read again: the record was read by another version of the parser
    peak_rss_mb_parser: float | None = None  # the largest peak of the parser processes (None: parsed in-process)
    staging_dirs: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def accounted(self) -> bool:
        return self.files_seen == self.cases + self.duplicates + self.superseded + self.quarantined


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


def for_this_parser(manifest: Manifest) -> Manifest:
    """The record a run builds on: ``manifest`` itself, or, where its rows were read by another version of the
    parser (rules, grammar, PDF extraction: ``ingest.parser_signature``) or by one that did not record its
    version, an empty record but for the ``case_history`` log, so that every letter is read again and the warehouse
    is what a full build with this parser gives, never a mix of two versions' readings. Call it after garbage collection: the parts of
    the record it replaces stay until the new one is committed."""
    if not manifest.read_by_another_parser(parser_signature()):
        return manifest
    # case_history is a log, not a reading: it is kept (its entries logged again by this run are not repeated)
    tables: dict[str, list[str]] = {t: [] for t in manifest.tables}
    tables["case_history"] = list(manifest.tables.get("case_history", []))
    return Manifest(manifest.version, tables, run_id=manifest.run_id, parser=parser_signature(), reread=True)


def _readable_again(raw_dir: Path, previous: pa.Table) -> set[str]:
    """Files a run could not read ("cannot read the file (Permission denied)") that can be read now: read again,
    as fixing a file's permissions changes neither its size nor its mtime."""
    if not previous.num_rows or "reason" not in previous.column_names:
        return set()
    failed = previous.filter(pc.fill_null(pc.starts_with(previous.column("reason"), "cannot read"), False))
    return {rel for rel in failed.column("source_file").to_pylist() if os.access(raw_dir / rel, os.R_OK)}


class UnreadableFolder(RuntimeError):
    """A folder of the raw folder cannot be listed while every letter must be read again."""


class EmptyRawFolder(RuntimeError):
    """The raw folder holds no letter while the warehouse records some: most likely the wrong folder."""


ALLOW_EMPTY_ENV = "IMR_ALLOW_EMPTY_RAW"


def _emptying_allowed() -> bool:
    """Whether this run may leave the warehouse without letters (``--allow-empty``)."""
    return os.environ.get(ALLOW_EMPTY_ENV, "") in ("1", "true", "yes")


def make_plan(raw_dir: Path, store: PartStore, manifest: Manifest, recorded: Manifest | None = None) -> Plan:
    """What a run does: the raw folder stat'ed against ``manifest``'s inventory. ``recorded``: the record as
    stored, where ``manifest`` is the empty one of a run that reads every letter again (``for_this_parser``)."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    previous = store.read_table(manifest, "letters")
    files = list(scan(raw_dir, skip=None if is_remote(store.uri) else store.root))
    if not files and not _emptying_allowed():
        # A run would delete every letter: an unmounted drive or a mistyped --raw is likelier than intent.
        known = store.read_table(recorded or manifest, "letters", ["source_file"]).num_rows
        if known:
            raise EmptyRawFolder(
                f"the raw folder {raw_dir} holds no letters but the warehouse records {known} files; nothing was "
                f"changed. To empty the warehouse, build with --allow-empty ({ALLOW_EMPTY_ENV}=1)"
            )
    known = file_stats(previous)
    # A folder that could not be listed this time (permissions, a failing mount) loses none of its letters: they
    # stay as the warehouse has them, with a quarantine row naming the folder.
    unreadable = tuple(f.rel for f in files if f.problem is not None and f.rel.endswith("/"))
    if unreadable and manifest.reread and recorded is not None:
        # every letter is to be read again (another parser), and these cannot be: keeping their old rows would mix
        # two parsers' readings, dropping them would lose letters
        held = [rel for rel in file_stats(store.read_table(recorded, "letters", STAT_COLUMNS))
                if rel.startswith(unreadable) and rel not in unreadable]
        if held:
            raise UnreadableFolder(
                f"the folder {unreadable[0]} cannot be listed, and its {len(held)} letters must be read again by this "
                "version of the parser; nothing was changed. Fix the folder's permissions or mount and build again"
            )
    if unreadable:
        listed = {f.rel for f in files}
        root = os.fspath(raw_dir)
        files += [RawFile(root, rel, *stats) for rel, stats in known.items()
                  if rel.startswith(unreadable) and rel not in listed]
        files.sort(key=lambda f: f.rel)
    retry = _readable_again(raw_dir, previous)
    todo, unchanged = [], []
    for f in files:
        if known.get(f.rel) == (f.size, f.mtime_ns) and f.rel not in retry:
            unchanged.append(f.rel)
        else:
            todo.append(f)
    seen = {f.rel for f in files}
    deleted = [rel for rel in known if rel not in seen]
    return Plan(raw_dir, files, todo, unchanged, deleted, previous)


_RESOLVE_COLUMNS = ["case_id", "source_file", "fingerprint", "kind", "mtime_ns", "decision_date", "status"]


def _version_key(row: dict) -> tuple:
    # Latest decision wins; then the most recently written file; then PDF over text; then path.
    return (row["decision_date"] or date.min, row["mtime_ns"], row["kind"] == "pdf", row["source_file"])


_HISTORY_KEY = ["source_file", "content_sha256", "superseded_by"]


def _new_history(store: PartStore, manifest: Manifest, rows: pa.Table) -> pa.Table:
    """History rows not already logged: a version superseded by the same file as before is the same event (its
    file re-read after a ``touch``, say), not a new one."""
    if not manifest.tables["case_history"]:
        return rows
    logged = {tuple(r.values()) for r in store.read_table(manifest, "case_history", _HISTORY_KEY).to_pylist()}
    keep = [tuple(r.values()) not in logged for r in rows.select(_HISTORY_KEY).to_pylist()]
    return rows.filter(pa.array(keep, pa.bool_()))


class _RowBuffer:
    """Rows of parsed letters (Arrow tables from the workers), written as a part every FLUSH_CASES letters."""

    def __init__(self, store: PartStore, run_id: str):
        self.store, self.run_id = store, run_id
        self.parts: dict[str, list[str]] = defaultdict(list)
        self.reviewers: dict[str, dict] = {}
        self.pending: dict[str, list[pa.Table]] = defaultdict(list)
        self.n = 0

    def add(self, batch: Batch) -> None:
        for table, data in batch.tables.items():
            if data.num_rows:
                self.pending[table].append(data)
        for rev in batch.reviewers:
            self.reviewers.setdefault(rev["reviewer_id"], rev)  # a profile is the same in every letter giving its id
        self.n += batch.tables["cases"].num_rows
        if self.n >= FLUSH_CASES:
            self.flush()

    def flush(self) -> None:
        for table, chunks in self.pending.items():
            if chunks:
                name = self.store.write_part(table, pa.concat_tables(chunks), self.run_id)
                if name:
                    self.parts[table].append(name)
        self.pending = defaultdict(list)
        self.n = 0
        trim_memory()  # the batches just written: their memory back to the OS, not kept by the allocator


def _least_texts(held: pa.Table) -> dict[str, str | None]:
    """reviewer_id → the least of its letters' credentials texts (Arrow's grouping: ~0.2 s over 2 million cases, where
    a Python loop takes ~2 s; its query engine's import, ~40 ms, only on a run that parsed or removed letters)."""
    held = held.filter(pc.is_valid(held.column("reviewer_id")))
    least = held.group_by("reviewer_id").aggregate([("reviewer_credentials_text", "min")])
    return dict(zip(least.column("reviewer_id").to_pylist(), least.column("reviewer_credentials_text_min").to_pylist()))


def _count_statuses(stats: RunStats, inventory: pa.Table) -> None:
    """What became of every file seen: the terms of the accounting invariant."""
    counts = Counter()
    if inventory.num_rows:
        for row in pc.value_counts(inventory.column("status")).to_pylist():
            counts[row["values"]] = row["counts"]
    stats.cases, stats.duplicates = counts["case"], counts["duplicate"]
    stats.superseded, stats.quarantined = counts["superseded"], counts["quarantined"]


def _inventory_table(results: list[FileResult], now: datetime) -> pa.Table:
    """A batch's inventory rows (``letters``), columnar: a run holds them for every file it sees."""
    ok = [r.case_id is not None for r in results]
    cols = {
        "source_file": [r.rel for r in results], "kind": [r.kind for r in results],
        "size_bytes": [r.size for r in results], "mtime_ns": [r.mtime_ns for r in results],
        "sha256": [r.sha256 for r in results], "layout": [r.layout for r in results],
        "status": ["case" if k else "quarantined" for k in ok], "case_id": [r.case_id for r in results],
        "primary_source_file": [r.rel if k else None for r, k in zip(results, ok)],
        "page_count": [r.page_count for r in results], "encoding": [r.encoding for r in results],
        "reason": [r.reason for r in results], "stage": [r.stage for r in results],
        "fingerprint": [r.fingerprint for r in results], "decision_date": [r.decision_date for r in results],
        "parsed_at": [now] * len(results),
    }  # fmt: skip
    return pa.Table.from_pydict(cols, schema=S.LETTERS)


def _strings(values) -> pa.Array:
    return pa.array(list(values), pa.string())


def _case_ids(table: pa.Table) -> pa.Array:
    return pc.unique(table.column("case_id").drop_null()) if table.num_rows else _strings([])


def _sorted(values: pa.ChunkedArray) -> bool:
    """Whether ``values`` (no nulls) are in ascending order."""
    if len(values) < 2:
        return True
    return pc.all(pc.less_equal(values.slice(0, len(values) - 1), values.slice(1))).as_py()


def _apply_updates(inventory: pa.Table, updates: dict[str, tuple[str, str]]) -> pa.Table:
    """``inventory`` with the status and primary file of the files in ``updates`` replaced."""
    if not updates:
        return inventory
    rels = list(updates)
    idx = pc.index_in(inventory.column("source_file"), value_set=pa.array(rels, pa.string()))
    hit = pc.is_valid(idx)
    new_status = pc.take(pa.array([updates[r][0] for r in rels], pa.string()), idx)
    new_primary = pc.take(pa.array([updates[r][1] for r in rels], pa.string()), idx)
    for name, values in (("status", new_status), ("primary_source_file", new_primary)):
        col = pc.if_else(hit, values, inventory.column(name))
        inventory = inventory.set_column(inventory.schema.get_field_index(name), name, col)
    return inventory


def ingest(plan: Plan, store: PartStore, manifest: Manifest, run_id: str, workers: int | None = None,
           progress=None, parsers: Parsers | None = None) -> tuple[Manifest, RunStats]:
    """Parse what changed, resolve cases, and return the next manifest (not yet committed). ``parsers``:
    the run's parser processes if already started (``Parsers``), else a pool is started if worth it."""
    t0 = time.perf_counter()
    workers = parser_count(workers)
    progress = progress or PROGRESS_HOOK
    stats = RunStats(run_id, files_seen=len(plan.files), new_or_changed=len(plan.todo),
                     unchanged=len(plan.unchanged), deleted=len(plan.deleted), reread=manifest.reread)  # fmt: skip
    now = datetime.now(UTC)
    if not plan.todo and not plan.deleted and not store.fs.exists(store.path("staging")):
        # Nothing new, changed or gone: the record stays as it is (a no-change run only stats files).
        _count_statuses(stats, plan.previous)
        stats.seconds["parse"] = time.perf_counter() - t0
        return manifest, stats
    buf = _RowBuffer(store, run_id)
    prev = plan.previous.cast(S.LETTERS)
    kept = prev.filter(pc.is_in(prev.column("source_file"), value_set=_strings(plan.unchanged)))
    new_parts: list[pa.Table] = []  # inventory rows of the files parsed in this run, a table per batch
    todo_rels = {f.rel for f in plan.todo}
    staged, stats.staging_dirs = load_staged(store, plan.todo)  # parsed ahead by partitioned runs
    staged_rels = {r.rel for b in staged for r in b.files}
    stats.staged = len(staged_rels)
    to_parse = [f for f in plan.todo if f.rel not in staged_rels] if staged_rels else plan.todo

    def batches():
        yield from staged
        yield from process_all(to_parse, workers, parsers=parsers)

    for batch in batches():
        new_parts.append(_inventory_table(batch.files, now))
        buf.add(batch)
        stats.parsed += len(batch.files)
        if batch.peak_rss_mb is not None:
            stats.peak_rss_mb_parser = max(stats.peak_rss_mb_parser or 0.0, batch.peak_rss_mb)
        if progress:
            progress(stats.parsed, len(plan.todo))
    stats.seconds["parse"] = time.perf_counter() - t0
    fresh_inv = pa.concat_tables(new_parts) if new_parts else S.LETTERS.empty_table()
    inventory = pa.concat_tables([kept, fresh_inv])
    del new_parts, kept

    # Which cases changed: those of new/changed files now, and those their old versions belonged to.
    gone_or_changed = (prev.filter(pc.is_in(prev.column("source_file"), value_set=_strings(todo_rels | set(plan.deleted))))
                       if prev.num_rows else prev)  # fmt: skip
    affected = pc.unique(pa.concat_arrays([_case_ids(fresh_inv), _case_ids(gone_or_changed)]))
    case_col = inventory.column("case_id")
    usable = pc.and_(pc.is_in(case_col, value_set=affected), pc.not_equal(inventory.column("status"), "quarantined"))
    # Most affected cases are one new file giving a case never seen before: it is the case, nothing to
    # resolve. Only cases with several files, or with rows from an earlier run, go through the rules below.
    # (value_counts, not group_by: Arrow's query engine and its import, ~40 ms, are not needed to count;
    # only the case ids are copied to count them, not the rows resolution reads: a full build's are all)
    per_case = pc.value_counts(pc.filter(case_col, usable))
    shared = per_case.field("values").filter(pc.greater(per_case.field("counts"), 1))
    seen_before = pc.filter(affected, pc.is_in(affected, value_set=_case_ids(prev)))
    complex_ids = pc.unique(pa.concat_arrays([shared, seen_before]))
    del per_case, shared
    candidates: dict[str, list[dict]] = defaultdict(list)
    chosen = pc.and_(usable, pc.is_in(case_col, value_set=complex_ids))
    for row in inventory.select(_RESOLVE_COLUMNS).filter(chosen).to_pylist():
        candidates[row["case_id"]].append(row)
    old_winner: dict[str, tuple[str, str | None, str | None]] = {
        r["case_id"]: (r["source_file"], r["fingerprint"], r["sha256"])
        for r in prev.filter(pc.and_(pc.equal(prev.column("status"), "case"),
                                     pc.is_in(prev.column("case_id"), value_set=complex_ids)))
        .select(["case_id", "source_file", "fingerprint", "sha256"]).to_pylist()
    }  # fmt: skip
    # How the files that were cases read now, where they were read again in this run: a file whose bytes changed
    # (a corrected letter saved over it) has its previous version logged in case_history.
    reread = {} if manifest.reread else {
        r["source_file"]: r
        for r in fresh_inv.filter(pc.is_in(fresh_inv.column("source_file"),
                                           value_set=_strings(w[0] for w in old_winner.values() if w[0] in todo_rels)))
        .select(["source_file", "case_id", "fingerprint", "sha256"]).to_pylist()
    }  # fmt: skip
    deleted = set(plan.deleted)

    drop_old_cases: set[str] = set()  # cases whose rows in earlier parts must go
    losers: set[str] = set()  # files parsed in this run whose rows must not stay
    history_sources: dict[str, str] = {}  # superseded file → file superseding it
    corrected: dict[str, str] = {}  # a case's file whose content changed → the file the case is read from now
    updates: dict[str, tuple[str, str]] = {}  # file → (status, primary file) where resolution changed them
    reparse: set[str] = set()
    for case_id in complex_ids.to_pylist():
        rows = candidates.get(case_id, [])
        prev_rel, prev_fingerprint, prev_sha = old_winner.get(case_id, (None, None, None))
        reading = reread.get(prev_rel) if prev_rel is not None else None
        # the case's file changed in place: another version of it (another reading of this case, or of another
        # case: its case number or, without one, its summary or items corrected); not a file gone bad (quarantined)
        changed = (reading is not None and reading["case_id"] is not None and reading["sha256"] != prev_sha
                   and (reading["case_id"] != case_id or reading["fingerprint"] != prev_fingerprint))  # fmt: skip
        # … or the file went bad (a truncated re-download saved over it, quarantined): the version it held is logged
        # all the same, so that it can be recovered, whether the case leaves the tables or another file takes it over
        gone_bad = reading is not None and reading["case_id"] is None and reading["sha256"] != prev_sha
        if not rows:
            drop_old_cases.add(case_id)
            if changed or gone_bad:
                corrected[prev_rel] = prev_rel  # the file holds another case now, or nothing readable
            continue
        winner = max(rows, key=_version_key)
        same = [r for r in rows if r["fingerprint"] == winner["fingerprint"]]
        # the PDF, then a file named after its case ("CM16-0247660.pdf" over "copy_of_letter.pdf"), then path order
        primary = min(same, key=lambda r: (r["kind"] != "pdf", r["case_id"] not in r["source_file"].rsplit("/", 1)[-1],
                                           r["source_file"]))  # fmt: skip
        for r in rows:
            if r is primary:
                status = "case"
            elif r["fingerprint"] == primary["fingerprint"]:
                status = "duplicate"
            else:
                status = "superseded"
                history_sources[r["source_file"]] = primary["source_file"]
            updates[r["source_file"]] = (status, primary["source_file"])
            if r["source_file"] in todo_rels and r is not primary:
                losers.add(r["source_file"])
        keep_old = prev_rel == primary["source_file"] and prev_rel not in todo_rels and prev_rel not in deleted
        if changed or gone_bad:
            corrected[prev_rel] = primary["source_file"]  # (itself, where it is still the case's file)
        if not keep_old:
            drop_old_cases.add(case_id)
            if primary["source_file"] not in todo_rels:
                reparse.add(primary["source_file"])
    del candidates, usable
    inventory = _apply_updates(inventory, updates)
    if reparse:  # a duplicate or older version takes over from a file that changed or went
        batch = process_batch([f for f in plan.files if f.rel in reparse])
        buf.add(batch)
    buf.flush()
    t1 = time.perf_counter()

    new = Manifest(manifest.version + 1, {t: list(v) for t, v in manifest.tables.items()}, run_id, parser_signature(),
                   manifest.reread)
    # Older versions of re-issued letters and superseded rows go to history before they are removed.
    history_parts: list[pa.Table] = []
    if history_sources or corrected:
        for table_parts, sources in ((manifest.tables["cases"], {**history_sources, **corrected}),
                                     (buf.parts["cases"], history_sources)):  # (a file corrected in place: its old rows)
            if not sources:
                continue
            for name in table_parts:
                part = store.read_part("cases", name)
                sel = part.filter(pc.is_in(part.column("source_file"), value_set=pa.array(sorted(sources))))
                if sel.num_rows:
                    sup = [sources[s] for s in sel.column("source_file").to_pylist()]
                    sel = sel.append_column("superseded_by", pa.array(sup, pa.string()))
                    sel = sel.append_column("superseded_at", pa.array([now] * sel.num_rows, S.CASE_HISTORY.field("superseded_at").type))
                    history_parts.append(sel)
    for table in S.LETTER_TABLES:
        new.tables[table] = list(manifest.tables[table])
        store.remove_rows(new, table, "case_id", drop_old_cases, run_id)
        fresh = Manifest(tables={table: list(buf.parts[table])})
        store.remove_rows(fresh, table, "source_file", losers, run_id)
        new.tables[table] += fresh.tables[table]
        store.compact(new, table, run_id)
    if history_parts:
        history = _new_history(store, manifest, pa.concat_tables(history_parts).select(S.CASE_HISTORY.names))
        if history.num_rows:
            name = store.write_part("case_history", history, run_id)
            new.tables["case_history"] = list(manifest.tables["case_history"]) + [name]

    # Small derived tables are rewritten whole: inventory, quarantine, reviewers in use.
    if not _sorted(inventory.column("source_file")):  # a full build's files arrive in order: no sorted copy
        inventory = inventory.sort_by("source_file")
    new.tables["letters"] = [store.write_part("letters", inventory, run_id)] if inventory.num_rows else []
    quarantined = inventory.filter(pc.equal(inventory.column("status"), "quarantined")).select(S.QUARANTINE.names)
    qname = store.write_part("quarantine", quarantined.cast(S.QUARANTINE), run_id)
    new.tables["quarantine"] = [qname] if qname else []
    # A reviewer's row: the profile (the same in every letter giving its id), with the least credentials text of the
    # letters the record now holds (not of letters since deleted or corrected: what a full build gives).
    texts = _least_texts(store.read_table(new, "cases", ["reviewer_id", "reviewer_credentials_text"]))
    reviewers = {r["reviewer_id"]: r for r in store.read_table(manifest, "reviewers").to_pylist()}
    for rev in buf.reviewers.values():
        reviewers.setdefault(rev["reviewer_id"], rev)
    rev_rows = [{**reviewers[k], "credentials_text": texts[k]} for k in sorted(reviewers) if k in texts]
    rname = store.write_part("reviewers", pa.Table.from_pylist(rev_rows, schema=S.REVIEWERS), run_id)
    new.tables["reviewers"] = [rname] if rname else []

    _count_statuses(stats, inventory)
    stats.reviewers = len(rev_rows)
    stats.seconds["resolve"] = time.perf_counter() - t1
    return new, stats


def refuse_emptying(store: PartStore, recorded: Manifest, stats: RunStats, raw_dir: Path) -> None:
    """Refuse a run that would leave no case where the record holds some, unless asked to (the raw folder holds
    only files that are no letter: most likely the wrong folder too). Called before the record is committed."""
    if stats.cases or _emptying_allowed():
        return
    letters = store.read_table(recorded, "letters", ["status"])
    cases = int(pc.sum(pc.equal(letters.column("status"), "case")).as_py() or 0) if letters.num_rows else 0
    if cases:
        raise EmptyRawFolder(
            f"the raw folder {raw_dir} holds no letters but the warehouse records {cases} cases "
            f"({stats.files_seen} files read, none a letter); nothing was changed. To empty the warehouse, build with "
            f"--allow-empty ({ALLOW_EMPTY_ENV}=1)"
        )


def commit(store: PartStore, manifest: Manifest, stats: RunStats) -> None:
    """Make the new record visible (atomic manifest swap), then drop the staging it consumed."""
    store.commit(manifest)
    clear_staging(store, stats.staging_dirs)


def release_memory() -> None:
    """Everything the parse phase freed back to the OS before DuckDB takes its share (the two would add
    up in the peak otherwise)."""
    gc.collect()
    trim_memory()


def commit_and_publish(store: PartStore, manifest: Manifest, stats: RunStats):
    from .publish import publish

    commit(store, manifest, stats)
    release_memory()
    path, counts, _ = publish(store, manifest)
    store.garbage_collect(manifest)
    return path, counts


def build_warehouse(raw_dir: Path, warehouse: str, workers: int | None = None, progress=None) -> tuple[RunStats, dict[str, int]]:
    """The whole run without Dagster (the assets run the same steps); used by tests and the benchmark."""
    from .publish import build_lock, remove_stale_temp

    store = PartStore(warehouse)
    with build_lock(warehouse):
        remove_stale_temp(warehouse)
        recorded = store.manifest()
        store.garbage_collect(recorded)
        manifest = for_this_parser(recorded)
        t0 = time.perf_counter()
        with Parsers(parser_count(workers)) as parsers:  # they start while the folder is stat'ed
            plan = make_plan(raw_dir, store, manifest, recorded)
            t_plan = time.perf_counter() - t0
            new, stats = ingest(plan, store, manifest, new_run_id(), workers, progress, parsers)
        refuse_emptying(store, recorded, stats, raw_dir)
        stats.seconds["plan"] = t_plan
        del plan  # the file list and the last inventory: not needed to publish
        t1 = time.perf_counter()
        _, counts = commit_and_publish(store, new, stats)
        stats.seconds["publish"] = time.perf_counter() - t1
        stats.items = counts["disputed_items"]
        stats.citations = counts["guideline_citations"]
        stats.seconds["total"] = time.perf_counter() - t0
    return stats, counts
