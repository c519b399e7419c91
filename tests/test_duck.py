"""DuckDB statements side by side (pipeline/duck.py): results in order, one cursor each, a job that runs
out of memory beside the others run again alone, other errors raised."""

from __future__ import annotations

import threading

import duckdb
import pytest

from pipeline.duck import side_by_side


@pytest.fixture()
def con(tmp_path):
    c = duckdb.connect(str(tmp_path / "t.duckdb"))
    c.execute("CREATE TABLE a (x INTEGER); CREATE TABLE b (x INTEGER)")
    yield c
    c.close()


def test_jobs_fill_tables_side_by_side_and_return_in_order(con):
    seen = []  # the cursors (kept, so no id is reused)

    def fill(table, n):
        def job(cur):
            seen.append(cur)
            cur.execute(f"INSERT INTO {table} SELECT range FROM range({n})")
            return table, threading.get_ident()

        return job

    out = side_by_side(con, [fill("a", 100_000), fill("b", 50_000), fill("a", 7)], threads=2)
    assert [t for t, _ in out] == ["a", "b", "a"]
    counts = con.execute("SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b)").fetchone()
    assert counts == (100_007, 50_000)
    assert len({id(c) for c in seen}) == 3 and all(c is not con for c in seen)  # each job on a cursor of its own
    assert side_by_side(con, [lambda cur: cur.execute("SELECT 1").fetchone()[0]], threads=4) == [1]


def test_a_job_out_of_memory_beside_others_runs_again_alone(con):
    calls = []

    def greedy(cur):
        calls.append("greedy")
        if len(calls) == 1:
            raise duckdb.OutOfMemoryException("could not allocate block")
        cur.execute("INSERT INTO a VALUES (1)")
        return "done"

    assert side_by_side(
        con, [greedy, lambda cur: cur.execute("INSERT INTO b VALUES (2)") and "other"], threads=2
    ) == ["done", "other"]
    assert calls == ["greedy", "greedy"]
    assert con.execute("SELECT (SELECT sum(x) FROM a), (SELECT sum(x) FROM b)").fetchone() == (1, 2)


def test_other_errors_are_raised_after_every_job_ended(con):
    ended = []

    def slow(cur):
        cur.execute("INSERT INTO b SELECT range FROM range(200000)")
        ended.append("slow")

    with pytest.raises(duckdb.CatalogException):
        side_by_side(con, [lambda cur: cur.execute("INSERT INTO missing VALUES (1)"), slow], threads=2)
    assert ended == ["slow"]
    assert con.execute("SELECT count(*) FROM b").fetchone()[0] == 200000


def test_ctrl_c_while_jobs_run_side_by_side_stops_them_and_leaves_the_database_closable():
    """Ctrl-C during a publication's side-by-side inserts: the queries under way are interrupted and every thread
    ends before the interrupt goes on, so the database closes cleanly (DuckDB refuses to close a connection whose
    cursor is busy) and the build ends as interrupted."""
    import os
    import signal
    import threading
    import time

    import duckdb

    from pipeline.duck import side_by_side

    con = duckdb.connect()
    long_query = "SELECT count(*) FROM range(100000000000) a"  # minutes, unless interrupted
    threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT)).start()  # Ctrl-C
    t = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        side_by_side(con, [lambda cur: cur.execute(long_query).fetchall()] * 2, threads=2)
    assert time.perf_counter() - t < 5
    con.close()  # no "connection is busy with another call"
