"""Publishing ``imr.duckdb``: built aside, then swapped in with one atomic rename.

Readers (DuckDB CLI, notebooks, ``imr sql``) keep the file they opened; a build never waits for
them and they never see a half-built warehouse. Two builds at once: the second finds the build
lock taken and stops with a clear message. Stale temporary files of a killed build are removed
by the next one.
"""

from __future__ import annotations

import fcntl
import glob
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb

from . import search
from .config import SQL_DIR, view_files
from .schema import ALL_TABLES
from .store import Manifest, PartStore, is_remote

DB_NAME = "imr.duckdb"
TMP_PREFIX = ".imr.duckdb.building-"


class BuildLocked(RuntimeError):
    pass


def local_dir(warehouse: str) -> Path:
    """Local folder holding imr.duckdb and the lock (the warehouse itself, or a cache for remote ones)."""
    if is_remote(warehouse):
        safe = warehouse.replace("://", "_").replace("/", "_")
        return Path(tempfile.gettempdir()) / "imr-warehouse-cache" / safe
    return Path(warehouse)


@contextmanager
def build_lock(warehouse: str):
    d = local_dir(warehouse)
    d.mkdir(parents=True, exist_ok=True)
    path = d / ".build.lock"
    fh = open(path, "a+")  # noqa: SIM115 — held for the whole build, closed in finally
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise BuildLocked(f"another build is running on this warehouse ({holder}); try again when it ends") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        yield
    finally:
        fh.close()


def remove_stale_temp(warehouse: str) -> int:
    n = 0
    for p in glob.glob(str(local_dir(warehouse) / f"{TMP_PREFIX}*")):
        try:
            os.remove(p)
            n += 1
        except OSError:
            pass
    return n


def _sql(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def build_database(store: PartStore, manifest: Manifest, target: Path) -> dict[str, int]:
    """Create a complete database at ``target`` from the manifest's parts; returns row counts."""
    con = duckdb.connect(str(target))
    try:
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET memory_limit = '1GB'")  # bounded whatever the corpus size (spills to disk beyond)
        if is_remote(store.uri):
            con.register_filesystem(store.fs)
        con.execute(_sql(SQL_DIR / "schema.sql"))
        con.execute(_sql(SQL_DIR / "macros.sql"))
        counts = {}
        for table in ALL_TABLES:
            uris = store.part_uris(manifest, table)
            if uris:
                if is_remote(store.uri):
                    uris = [f"{store.fs.protocol[0] if isinstance(store.fs.protocol, tuple) else store.fs.protocol}://{u}" for u in uris]
                cols = ", ".join(ALL_TABLES[table].names)
                con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM read_parquet(?)", [uris])
            counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for path in view_files():
            con.execute(_sql(path))
        counts.update(search.build_index_if_enabled(con))
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return counts


def publish(store: PartStore, manifest: Manifest) -> tuple[Path, dict[str, int]]:
    """Build the database aside and swap it in atomically. Returns the published path and row counts."""
    d = local_dir(store.uri)
    d.mkdir(parents=True, exist_ok=True)
    tmp = d / f"{TMP_PREFIX}{os.getpid()}-{int(time.time() * 1000)}"
    try:
        counts = build_database(store, manifest, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        final = d / DB_NAME
        os.replace(tmp, final)
        dir_fd = os.open(d, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        if is_remote(store.uri):
            store.fs.put_file(str(final), store.path(DB_NAME))
    finally:
        for p in (tmp, Path(str(tmp) + ".wal")):
            if p.exists():
                p.unlink()
    return final, counts


def connect_readonly(warehouse: str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse (a fresh local copy for object stores)."""
    if is_remote(warehouse):
        store = PartStore(warehouse)
        if not store.fs.exists(store.path(DB_NAME)):
            raise FileNotFoundError(f"no warehouse yet at {warehouse}; run `imr build` first")
        d = local_dir(warehouse)
        d.mkdir(parents=True, exist_ok=True)
        path = d / f"reader-{os.getpid()}-{DB_NAME}"
        store.fs.get_file(store.path(DB_NAME), str(path))
        return duckdb.connect(str(path), read_only=True)
    path = local_dir(warehouse) / DB_NAME
    if not path.exists():
        raise FileNotFoundError(f"no warehouse yet at {path}; run `imr build` first")
    return duckdb.connect(str(path), read_only=True)


def fetch_dicts(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> list[dict]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]
