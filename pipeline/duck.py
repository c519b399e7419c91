"""DuckDB statements run side by side on one database.

DuckDB writes a table's column data on one thread, whatever its ``threads`` setting: filling several
tables from Parquet, or two independent aggregations, one after the other leaves a core idle. Each
job here runs on its own cursor (a connection to the same database, its own transaction), in a
thread; DuckDB releases the GIL while it works, and appends to different tables, or to the same
table, do not conflict. Jobs side by side share the database's memory limit: a job that runs out of
memory beside the others is run again alone once they have ended, so a job must be one statement
(rolled back whole when it fails).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, wait

import duckdb

Job = Callable[[duckdb.DuckDBPyConnection], object]


class _Stopped(Exception):
    """A job not begun when the jobs side by side were stopped."""


def _on_cursor(con: duckdb.DuckDBPyConnection, job: Job, open_cursors: list | None = None,
               stop: threading.Event | None = None):
    if stop is not None and stop.is_set():
        raise _Stopped
    cur = con.cursor()
    if open_cursors is not None:
        open_cursors.append(cur)
    try:
        if stop is not None and stop.is_set():  # stopped while the cursor opened: its interrupt may have come first
            raise _Stopped
        cur.execute("SET enable_progress_bar = false")  # a client setting: set on the cursor itself, whatever it copies
        return job(cur)
    finally:
        cur.close()


def side_by_side(con: duckdb.DuckDBPyConnection, jobs: Iterable[Job], threads: int | None = None) -> list:
    """Run each job with its own cursor of ``con``, at most ``threads`` at once (default: the cores),
    and return their results in order. A job that ran out of memory runs again alone; any other
    error is raised once every job has ended."""
    jobs = list(jobs)
    threads = min(threads or max(1, len(os.sched_getaffinity(0))), len(jobs))
    if threads <= 1:
        return [_on_cursor(con, job) for job in jobs]
    cursors: list[duckdb.DuckDBPyConnection] = []
    stop = threading.Event()
    pool = ThreadPoolExecutor(max_workers=threads)
    futures = [pool.submit(_on_cursor, con, job, cursors, stop) for job in jobs]
    try:
        wait(futures)
    except BaseException:
        # Ctrl-C (or any stop) while the jobs run: stop their queries and let every thread end before the caller
        # closes the database, which DuckDB refuses while a cursor is busy ("connection is busy")
        stop.set()
        for fut in futures:
            fut.cancel()
        while True:
            for cur in cursors:
                with contextlib.suppress(duckdb.Error):
                    cur.interrupt()
            try:
                pool.shutdown(wait=True)
                break
            except KeyboardInterrupt:  # a second Ctrl-C: the threads still end first
                continue
        raise
    pool.shutdown(wait=True)
    results = []
    for job, fut in zip(jobs, futures):
        try:
            results.append(fut.result())
        except duckdb.OutOfMemoryException:
            results.append(_on_cursor(con, job))
    return results
