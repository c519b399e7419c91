"""The Parquet record: ``<warehouse>/parquet/<table>/part-*.parquet`` plus a manifest naming the live parts.

Parts are immutable: an increment writes new parts; rows that change are removed by rewriting
only the parts that hold them (copy-on-write); ``compact`` merges small parts. The manifest is
replaced in one atomic step (rename locally, a single PUT on an object store), so a reader that
follows it never sees a half-written table. Works on a local path or any fsspec URI (``s3://…``).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import fsspec
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .schema import ALL_TABLES

MANIFEST = "parquet/_manifest.json"


class DamagedRecord(RuntimeError):
    """A file of the warehouse's Parquet record is gone or cannot be read."""


def _is_damage(exc: BaseException) -> bool:
    """Whether reading a part failed on the part itself: gone, or no Parquet (overwritten, cut short: Arrow's error,
    or an OSError without an errno, as a garbled footer gives), not a permission or a network error."""
    return isinstance(exc, FileNotFoundError) or not isinstance(exc, OSError) or exc.errno is None


def _damaged(path: str, exc: BaseException) -> str:
    """One line saying which file of the record is damaged, and what to do."""
    why = getattr(exc, "strerror", None) or (str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__)
    return (f"the warehouse's Parquet record is damaged: {path} cannot be read ({why}); nothing was changed. Restore it "
            "from a backup, or move the warehouse folder aside and build again from the raw letters (case_history "
            "then starts afresh)")


ROW_GROUP = 64_000


@dataclass
class Manifest:
    version: int = 0
    tables: dict[str, list[str]] = field(default_factory=lambda: {t: [] for t in ALL_TABLES})
    run_id: str | None = None
    parser: str | None = None  # the parser signature that read the rows (``ingest.parser_signature``)
    reread: bool = False  # not stored: this run reads every letter again (``build.for_this_parser``) and
    # publishes the database afresh rather than updating it in place

    def read_by_another_parser(self, signature: str) -> bool:
        """Whether rows are recorded that another version of the parser read (or one that did not record its
        version): the next ingest reads every letter again (``build.for_this_parser``)."""
        return self.parser != signature and any(self.tables.values())

    def to_json(self) -> str:
        return json.dumps({"version": self.version, "run_id": self.run_id, "parser": self.parser, "tables": self.tables},
                          indent=1)


def is_remote(uri: str) -> bool:
    return "://" in str(uri) and not str(uri).startswith("file://")


EMPTY_PART = "part-empty.parquet"  # the one file of a table without rows (no manifest names it)


def conform(data: pa.Table, schema: pa.Schema) -> pa.Table:
    """``data`` in ``schema``: its columns in the schema's order and types, a column the part predates
    filled with nulls, a column the schema no longer has left out."""
    if data.schema.equals(schema):
        return data
    return pa.table(
        [data.column(f.name).cast(f.type) if f.name in data.column_names else pa.nulls(data.num_rows, f.type)
         for f in schema],
        schema=schema,
    )  # fmt: skip


class PartStore:
    def __init__(self, warehouse: str):
        self.uri = str(warehouse).rstrip("/")
        self.fs, self.root = fsspec.core.url_to_fs(self.uri)
        self.root = self.root.rstrip("/")

    # -- paths ----------------------------------------------------------------------------------
    def path(self, rel: str) -> str:
        return f"{self.root}/{rel}"

    def table_dir(self, table: str) -> str:
        return self.path(f"parquet/{table}")

    def part_path(self, table: str, name: str) -> str:
        return f"{self.table_dir(table)}/{name}"

    # -- manifest -------------------------------------------------------------------------------
    def manifest(self) -> Manifest:
        p = self.path(MANIFEST)
        if not self.fs.exists(p):
            return Manifest()
        try:
            data = json.loads(self.fs.cat_file(p))
        except ValueError as exc:  # (a JSONDecodeError, or bytes that are no UTF-8)
            raise DamagedRecord(_damaged(p, exc)) from None
        if not isinstance(data, dict):
            raise DamagedRecord(_damaged(p, ValueError("not a JSON object")))
        tables = {t: list(data.get("tables", {}).get(t, [])) for t in ALL_TABLES}
        return Manifest(data.get("version", 0), tables, data.get("run_id"), data.get("parser"))

    def commit(self, manifest: Manifest) -> None:
        self._mark_empty_tables(manifest)
        payload = manifest.to_json().encode()
        target = self.path(MANIFEST)
        if is_remote(self.uri):
            self.fs.pipe_file(target, payload)  # one PUT: atomic on object stores
            return
        os.makedirs(os.path.dirname(target), exist_ok=True)
        tmp = f"{target}.tmp-{os.getpid()}"
        with open(tmp, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)

    def _mark_empty_tables(self, manifest: Manifest) -> None:
        """A table without rows still has a folder with one Parquet file (no rows, the table's schema), so
        ``read_parquet('<warehouse>/parquet/<table>/*.parquet')`` reads it as empty in any engine."""
        for table, schema in ALL_TABLES.items():
            if manifest.tables.get(table):
                continue
            path = self.part_path(table, EMPTY_PART)
            if not self.fs.exists(path):
                self.fs.makedirs(self.table_dir(table), exist_ok=True)
                with self.fs.open(path, "wb") as fh:
                    pq.write_table(schema.empty_table(), fh, compression="zstd")

    # -- parts ----------------------------------------------------------------------------------
    def write_part(self, table: str, data: pa.Table, run_id: str) -> str | None:
        if data.num_rows == 0:
            return None
        name = f"part-{run_id}-{uuid.uuid4().hex[:8]}.parquet"
        self.fs.makedirs(self.table_dir(table), exist_ok=True)
        with self.fs.open(self.part_path(table, name), "wb") as fh:
            pq.write_table(data, fh, compression="zstd", row_group_size=ROW_GROUP)
        return name

    @contextmanager
    def _parquet_file(self, table: str, name: str) -> Iterator[pq.ParquetFile]:
        """One part, opened; a part gone or no Parquet is a DamagedRecord naming it."""
        path = self.part_path(table, name)
        try:
            with self.fs.open(path, "rb") as fh:
                yield pq.ParquetFile(fh)
        except (OSError, pa.ArrowException) as exc:
            if not _is_damage(exc):
                raise
            raise DamagedRecord(_damaged(path, exc)) from None  # (the one line the user reads: see cli._root_cause)

    def part_rows(self, table: str, name: str) -> int:
        """A part's row count, from its footer."""
        with self._parquet_file(table, name) as pf:
            return pf.metadata.num_rows

    def read_part(self, table: str, name: str, columns: list[str] | None = None) -> pa.Table:
        """One part, whole (in the table's current schema) or only ``columns``. Read as a single file:
        ``pq.read_table`` would go through the dataset layer (its import alone costs an increment ~40 ms)."""
        with self._parquet_file(table, name) as pf:
            if columns is None:
                return conform(pf.read(), ALL_TABLES[table])
            present = [c for c in columns if c in pf.schema_arrow.names]
            data = pf.read(columns=present)
        if len(present) == len(columns):
            return data
        # a part written before a column was added: that column is NULL there
        return conform(data, pa.schema([ALL_TABLES[table].field(c) for c in columns]))

    def read_table(self, manifest: Manifest, table: str, columns: list[str] | None = None) -> pa.Table:
        parts = [self.read_part(table, n, columns) for n in manifest.tables.get(table, [])]
        if not parts:
            schema = ALL_TABLES[table]
            return schema.empty_table() if columns is None else pa.schema([schema.field(c) for c in columns]).empty_table()
        return pa.concat_tables(parts)

    def part_uris(self, manifest: Manifest, table: str) -> list[str]:
        return self.uris_of(table, manifest.tables.get(table, []))

    def uris_of(self, table: str, names: list[str]) -> list[str]:
        """Full URIs of parts, as DuckDB (with this filesystem registered) or another engine reads them."""
        paths = [self.part_path(table, n) for n in names]
        if not is_remote(self.uri):
            return paths
        proto = self.fs.protocol[0] if isinstance(self.fs.protocol, tuple) else self.fs.protocol
        return [f"{proto}://{p}" for p in paths]

    def remove_rows(self, manifest: Manifest, table: str, column: str, values: set[str], run_id: str) -> int:
        """Copy-on-write delete: rewrite only the parts holding any of ``values``. Returns rows removed."""
        if not values:
            return 0
        lookup = pa.array(sorted(values), type=pa.string())
        removed = 0
        kept: list[str] = []
        for name in manifest.tables.get(table, []):
            keys = self.read_part(table, name, [column]).column(column)
            hit = pc.is_in(keys, value_set=lookup)
            n_hit = pc.sum(hit).as_py() or 0
            if not n_hit:
                kept.append(name)
                continue
            removed += n_hit
            data = self.read_part(table, name).filter(pc.invert(hit))
            new = self.write_part(table, data, run_id)
            if new:
                kept.append(new)
        manifest.tables[table] = kept
        return removed

    def compact(self, manifest: Manifest, table: str, run_id: str, small_rows: int = 50_000, max_parts: int = 32) -> bool:
        """Merge small parts once too many pile up (many small increments)."""
        names = manifest.tables.get(table, [])
        if len(names) <= max_parts:
            return False
        sizes = {n: self.fs.info(self.part_path(table, n)).get("size", 0) for n in names}
        small = [n for n in names if sizes[n] < 8 * 1024 * 1024]
        if len(small) < 2:
            return False
        merged = pa.concat_tables([self.read_part(table, n) for n in small])
        new = self.write_part(table, merged, run_id)
        manifest.tables[table] = [n for n in names if n not in small] + ([new] if new else [])
        return True

    def garbage_collect(self, manifest: Manifest, grace_seconds: float = 0.0) -> int:
        """Delete part files the manifest no longer names (left by earlier runs or a killed build)."""
        removed = 0
        now = time.time()
        for table in ALL_TABLES:
            d = self.table_dir(table)
            if not self.fs.exists(d):
                continue
            live = set(manifest.tables.get(table, []))
            if not live:
                live.add(EMPTY_PART)  # an empty table's one file
            for info in self.fs.ls(d, detail=True):
                name = info["name"].rsplit("/", 1)[-1]
                if name in live or not name.endswith(".parquet"):
                    continue
                mtime = info.get("mtime") or info.get("LastModified")
                age = now - mtime.timestamp() if hasattr(mtime, "timestamp") else now - (mtime or 0)
                if age >= grace_seconds:
                    self.fs.rm_file(info["name"])
                    removed += 1
        return removed
