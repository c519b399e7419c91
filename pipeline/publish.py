"""Publishing ``imr.duckdb``: built aside, then swapped in with one atomic rename.

Readers (DuckDB CLI, notebooks, ``imr sql``) keep the file they opened; a build never waits for
them and they never see a half-built warehouse. Two builds at once: the second finds the build
lock taken and stops with a clear message. Stale temporary files of a killed build are removed
by the next one.
"""

from __future__ import annotations

import fcntl
import glob
import hashlib
import os
import shutil
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from . import search
from .config import PUBLISH_MEMORY_LIMIT, SQL_DIR, sql_digest, view_files
from .duck import side_by_side
from .schema import ALL_TABLES, LETTER_TABLES
from .store import Manifest, PartStore, is_remote

DB_NAME = "imr.duckdb"
TMP_PREFIX = ".imr.duckdb.building-"


class BuildLocked(RuntimeError):
    pass


class NoWarehouse(FileNotFoundError):
    """Nothing published at the warehouse given yet."""


class UnreadableWarehouse(RuntimeError):
    """The published file is there but DuckDB cannot open it (damaged or overwritten)."""


def local_dir(warehouse: str) -> Path:
    """Local folder holding imr.duckdb and the lock (the warehouse itself, or a cache for remote ones)."""
    if is_remote(warehouse):
        safe = warehouse.replace("://", "_").replace("/", "_")
        endpoint = os.environ.get("AWS_ENDPOINT_URL", "")  # the same bucket on two servers is two warehouses
        if endpoint:
            safe += "-" + hashlib.sha1(endpoint.encode()).hexdigest()[:8]
        return Path(tempfile.gettempdir()) / "imr-warehouse-cache" / safe
    return Path(warehouse)


_HELD: dict[str, int] = {}  # locks this process holds, by path: taken again inside a build, they are its own


@contextmanager
def build_lock(warehouse: str):
    """One build at a time on a warehouse (an exclusive lock file, released when the holder ends, even by a
    crash). Re-entrant within a process: `imr build` holds it for the whole run and the run's steps, which
    take it too, pass."""
    d = local_dir(warehouse)
    d.mkdir(parents=True, exist_ok=True)
    path = d / ".build.lock"
    key = str(path.resolve())
    if _HELD.get(key):
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
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
        _HELD[key] = 1
        try:
            yield
        finally:
            _HELD.pop(key, None)
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


_FILL_ORDER = ("disputed_items", "cases", "letters", "guideline_citations")  # by the time their inserts take
MAX_INCREMENTAL = 20  # after this many in-place updates the database is rebuilt whole (no dead space piles up)


def _insert(con: duckdb.DuckDBPyConnection, store: PartStore, table: str, names: list[str]) -> None:
    if names:
        cols = ", ".join(ALL_TABLES[table].names)
        if table == "case_history":
            # a log kept across versions: its older parts may lack a column added since (NULL there); small, so read
            # part by part in the current schema
            con.register("_history_parts", pa.concat_tables([store.read_part(table, n) for n in names]))
            try:
                con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _history_parts")
            finally:
                con.unregister("_history_parts")
            return
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM read_parquet(?)", [store.uris_of(table, names)])


# DuckDB draws its own progress bar on stdout for long statements: it would interleave with the build's
# progress and end up in the output of `imr sql … > file`.
def _quiet(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    con.execute("SET enable_progress_bar = false")
    return con


def _open(store: PartStore, target: Path) -> duckdb.DuckDBPyConnection:
    con = _quiet(duckdb.connect(str(target)))
    con.execute("SET preserve_insertion_order = false")
    con.execute(f"SET memory_limit = '{PUBLISH_MEMORY_LIMIT}'")  # bounded whatever the corpus size
    if is_remote(store.uri):
        con.register_filesystem(store.fs)
    return con


def _record_parts(con: duckdb.DuckDBPyConnection, manifest: Manifest, incremental_runs: int) -> dict[str, int]:
    """Which parts the database holds (the base of the next in-place update), and the row counts."""
    con.execute("CREATE OR REPLACE TABLE warehouse_parts (table_name VARCHAR, part VARCHAR)")
    rows = [(t, n) for t, names in manifest.tables.items() for n in names]
    if rows:
        con.executemany("INSERT INTO warehouse_parts VALUES (?, ?)", rows)
    con.execute(
        "CREATE OR REPLACE TABLE warehouse_info AS SELECT ?::BIGINT AS manifest_version, ?::VARCHAR AS run_id, "
        "?::INTEGER AS incremental_runs, now() AS published_at, ?::VARCHAR AS sql_digest",
        [manifest.version, manifest.run_id, incremental_runs, sql_digest()],
    )
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ALL_TABLES}
    if search.has_index(con):
        counts.update(search.index_counts(con))
    return counts


def build_database(store: PartStore, manifest: Manifest, target: Path) -> dict[str, int]:
    """Create a complete database at ``target`` from the manifest's parts; returns row counts."""
    con = _open(store, target)
    try:
        con.execute(_sql(SQL_DIR / "schema.sql"))
        con.execute(_sql(SQL_DIR / "macros.sql"))
        # The tables are filled side by side (each INSERT writes on one thread), the longest first.
        tables = [*_FILL_ORDER, *(t for t in ALL_TABLES if t not in _FILL_ORDER)]
        side_by_side(con, [lambda cur, t=t: _insert(cur, store, t, manifest.tables.get(t, [])) for t in tables])
        for path in view_files():
            con.execute(_sql(path))
        search.build_index_if_enabled(con)
        counts = _record_parts(con, manifest, 0)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return counts


def _published_parts(path: Path) -> tuple[dict[str, set[str]], int] | None:
    """The parts a published database holds and its count of in-place updates; None if unknown, or if it
    was built from other SQL (a view or macro changed, added or removed since): it is then rebuilt whole."""
    if not path.exists():
        return None
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return None
    try:
        parts: dict[str, set[str]] = {t: set() for t in ALL_TABLES}
        for t, n in con.execute("SELECT table_name, part FROM warehouse_parts").fetchall():
            parts.setdefault(t, set()).add(n)
        runs, digest = con.execute("SELECT incremental_runs, sql_digest FROM warehouse_info").fetchone()
        if digest != sql_digest():
            return None
        return parts, runs
    except duckdb.Error:
        return None
    finally:
        con.close()


def update_database(store: PartStore, manifest: Manifest, target: Path, held: dict[str, set[str]], runs: int) -> dict[str, int]:
    """Apply the difference between the parts ``target`` holds and the manifest's, in place.

    Rows of a case always sit together in one part, so dropping the cases of every part that left
    the manifest and inserting every part that joined it gives the manifest's tables exactly.
    """
    con = _open(store, target)
    try:
        affected: set[str] = set()
        for table in ALL_TABLES:
            now = manifest.tables.get(table, [])
            gone = sorted(held.get(table, set()) - set(now))
            new = [n for n in now if n not in held.get(table, set())]
            if table in LETTER_TABLES:
                ids: set[str] = set()
                for name in gone:
                    ids.update(store.read_part(table, name, ["case_id"]).column("case_id").to_pylist())
                if ids:
                    gone_ids = pa.table({"case_id": pa.array(sorted(ids), pa.string())})  # noqa: F841 — read by SQL
                    con.execute(f"DELETE FROM {table} WHERE case_id IN (SELECT case_id FROM gone_ids)")
                for name in new:
                    ids.update(store.read_part(table, name, ["case_id"]).column("case_id").to_pylist())
                affected |= ids
                _insert(con, store, table, new)
            elif gone or new:
                con.execute(f"DELETE FROM {table}")
                _insert(con, store, table, now)
        if search.has_index(con) and search.index_enabled():
            search.update_index(con, sorted(affected))
        counts = _record_parts(con, manifest, runs + 1)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return counts


def publish(store: PartStore, manifest: Manifest) -> tuple[Path, dict[str, int], bool]:
    """Publish the manifest as imr.duckdb: built aside (a fresh build, or a copy of the published file
    updated with what changed) and swapped in atomically. Returns the published path, the row counts, and whether
    a new file was published (not where the file already held exactly the manifest: a run with nothing new)."""
    d = local_dir(store.uri)
    d.mkdir(parents=True, exist_ok=True)
    final = d / DB_NAME
    held = _published_parts(final)
    if held is not None and all(held[0].get(t, set()) == set(manifest.tables.get(t, [])) for t in ALL_TABLES):
        con = duckdb.connect(str(final), read_only=True)  # already the manifest's: nothing to publish
        try:
            counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ALL_TABLES}
        finally:
            con.close()
        return final, counts, False
    tmp = d / f"{TMP_PREFIX}{os.getpid()}-{int(time.time() * 1000)}"
    try:
        incremental = (
            held is not None
            and held[1] < MAX_INCREMENTAL
            and not manifest.reread  # every letter read again (another parser version): built afresh
            and all(store.fs.exists(store.part_path(t, n)) for t, names in held[0].items() for n in names
                    if n not in set(manifest.tables.get(t, [])))
        )  # fmt: skip
        if incremental:
            shutil.copyfile(final, tmp)
            counts = update_database(store, manifest, tmp, held[0], held[1])
        else:
            counts = build_database(store, manifest, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
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
    return final, counts, True


def connect_readonly(warehouse: str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse (a fresh local copy for object stores)."""
    if is_remote(warehouse):
        store = PartStore(warehouse)
        if not store.fs.exists(store.path(DB_NAME)):
            raise NoWarehouse(f"no warehouse yet at {warehouse}; run `imr build` first")
        d = local_dir(warehouse)
        d.mkdir(parents=True, exist_ok=True)
        path = d / f"reader-{os.getpid()}-{uuid.uuid4().hex[:8]}-{DB_NAME}"
        store.fs.get_file(store.path(DB_NAME), str(path))
        try:
            return _open_readonly(path)
        finally:  # DuckDB holds the file open; its name goes now, so no reader leaves a copy behind
            path.unlink(missing_ok=True)
    given = Path(warehouse)
    # the warehouse's folder, or its imr.duckdb itself ("--warehouse data/warehouse/imr.duckdb")
    path = given if given.suffix == ".duckdb" and given.is_file() else local_dir(warehouse) / DB_NAME
    if not path.exists():
        raise NoWarehouse(f"no warehouse yet at {path}; run `imr build` first")
    return _open_readonly(path)


def _open_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        return _quiet(duckdb.connect(str(path), read_only=True))
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UnreadableWarehouse(
            f"cannot open {path} ({first}); run `imr build` to publish the warehouse again from its Parquet record"
        ) from exc


def sandbox(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A read-only connection that cannot touch files either: no COPY … TO, no reading or writing files, no
    ATTACH, no extensions (a read-only database still lets DuckDB write elsewhere), and no way to undo it."""
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def fetch_dicts(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> list[dict]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]
