"""Parsing ahead, one batch folder at a time: the unit a cluster can fan out.

``stage_folder`` parses the new and changed letters of one folder of the raw tree (a Dagster
dynamic partition: a month's or a download's folder) and writes the results as Parquet under
``<warehouse>/staging/<batch>/``. The next ``ingest`` takes staged results for files whose size
and mtime still match instead of parsing them again, then removes the staging folder. Staged
results are only ever an optimisation: anything missing or stale is parsed by ``ingest`` itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import schema as S
from .ingest import STAT_COLUMNS, Batch, FileResult, RawFile, file_stats, parser_signature, process_all, scan
from .store import PartStore

FILES = pa.schema(
    [("rel", pa.string()), ("kind", pa.string()), ("size", pa.int64()), ("mtime_ns", pa.int64()),
     ("sha256", pa.string()), ("encoding", pa.string()), ("page_count", pa.int32()), ("layout", pa.string()),
     ("case_id", pa.string()), ("fingerprint", pa.string()), ("decision_date", pa.date32()),
     ("reason", pa.string()), ("stage", pa.string())]
)  # fmt: skip


_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def batch_key(folder: str) -> str:
    """A partition key for a folder of the raw tree ('' is the top level: ``_root``), one per folder: a plain
    name is its own key; any other ("May 2024", "_root") is made plain and given a hash of the name as written,
    so that "May 2024" and "May_2024" stay two partitions."""
    folder = folder.strip("/")
    if not folder:
        return "_root"
    if _PLAIN_NAME.fullmatch(folder):
        return folder
    plain = re.sub(r"[^A-Za-z0-9_.-]+", "_", folder).strip("_") or "batch"
    return f"{plain}-{hashlib.sha1(folder.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def batch_folders(raw_dir: Path) -> list[str]:
    """Top-level folders of the raw tree, each a batch ('' stands for the loose files at the top)."""
    raw_dir = Path(raw_dir)
    folders = sorted(p.name for p in raw_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    if any(p.is_file() and not p.name.startswith(".") for p in raw_dir.iterdir()):
        folders.insert(0, "")
    return folders


def folder_files(raw_dir: Path, folder: str) -> list[RawFile]:
    """The files of one batch folder, named relative to the raw folder ('' : the loose top-level files)."""
    if not folder:
        return [f for f in scan(raw_dir) if "/" not in f.rel]
    return [RawFile(os.fspath(raw_dir), f"{folder}/{f.rel}", f.size, f.mtime_ns, f.problem) for f in scan(raw_dir / folder)]


def stage_folder(raw_dir: Path, folder: str, warehouse: str, workers: int = 1) -> dict:
    """Parse one folder's new and changed letters into staging. Returns counts."""
    store = PartStore(warehouse)
    manifest = store.manifest()
    # a record read by another version of the parser is read again whole by the next ingest: stage every file
    other = manifest.read_by_another_parser(parser_signature())
    known = {} if other else file_stats(store.read_table(manifest, "letters", STAT_COLUMNS))
    files = folder_files(Path(raw_dir), folder)
    todo = [f for f in files if known.get(f.rel) != (f.size, f.mtime_ns)]
    key = batch_key(folder)
    staged = 0
    for batch in process_all(todo, workers):
        _write_batch(store, key, batch)
        staged += len(batch.files)
    return {"batch": key, "files": len(files), "staged": staged}


def _write_batch(store: PartStore, key: str, batch: Batch) -> None:
    name = f"{parser_signature()}-{uuid.uuid4().hex[:12]}"  # read back only by this version of the parser
    base = store.path(f"staging/{key}/{name}")
    store.fs.makedirs(base, exist_ok=True)
    for table, data in batch.tables.items():
        with store.fs.open(f"{base}/{table}.parquet", "wb") as fh:
            pq.write_table(data, fh, compression="zstd")
    with store.fs.open(f"{base}/reviewers.json", "w") as fh:
        json.dump(batch.reviewers, fh)
    files = pa.Table.from_pylist([{f: getattr(r, f) for f in FILES.names} for r in batch.files], schema=FILES)
    with store.fs.open(f"{base}/files.parquet", "wb") as fh:  # written last: marks the batch complete
        pq.write_table(files, fh)


def load_staged(store: PartStore, files: list[RawFile]) -> tuple[list[Batch], list[str]]:
    """Staged batches whose every file is among ``files`` (the run's new and changed ones) and still as
    staged; and the staging folders to remove after commit."""
    root = store.path("staging")
    if not store.fs.exists(root):
        return [], []
    todo = {f.rel: f for f in files}
    batches, used = [], []
    for key_dir in store.fs.ls(root, detail=False):
        used.append(key_dir)
        for bdir in store.fs.ls(key_dir, detail=False):
            if not bdir.rstrip("/").rsplit("/", 1)[-1].startswith(parser_signature() + "-"):
                continue  # staged by another version of the parser: parsed again
            if not store.fs.exists(f"{bdir}/files.parquet"):
                continue  # incomplete (a killed run): parsed again
            with store.fs.open(f"{bdir}/files.parquet", "rb") as fh:
                rows = pq.read_table(fh).to_pylist()
            if not rows or any(r["rel"] not in todo or (todo[r["rel"]].size, todo[r["rel"]].mtime_ns)
                               != (r["size"], r["mtime_ns"]) for r in rows):  # fmt: skip
                continue
            tables = {}
            for table, schema in S.LETTER_TABLES.items():
                with store.fs.open(f"{bdir}/{table}.parquet", "rb") as fh:
                    tables[table] = pq.read_table(fh, schema=schema)
            with store.fs.open(f"{bdir}/reviewers.json", "r") as fh:
                reviewers = json.load(fh)
            files = [FileResult(**r) for r in rows]
            for r in rows:
                todo.pop(r["rel"])
            batches.append(Batch(files, tables, reviewers))
    return batches, used


def clear_staging(store: PartStore, folders: list[str]) -> None:
    for d in folders:
        store.fs.rm(d, recursive=True)
