"""The `imr` console script end to end, as a user runs it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import parse

from .conftest import SEEDS, TXT

IMR = str(Path(sys.executable).with_name("imr"))


def run(*args: str, cwd: Path, env_home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, DAGSTER_HOME=str(env_home), COLUMNS="200")
    return subprocess.run([IMR, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300, check=False)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(TXT, raw / "dwc")
    shutil.copytree(SEEDS, raw / "seeds")
    return tmp_path


def test_build_then_sql_from_another_directory(project: Path):
    home = project / ".dagster"
    r = run("build", "--raw", "raw", "--warehouse", "wh", "--views", cwd=project, env_home=home)
    assert r.returncode == 0, r.stderr
    assert "files seen" in r.stdout and "29" in r.stdout
    assert re.search(r"parser\s*│\s*" + ("compiled" if parse.NATIVE else "Python"), r.stdout)  # as this process runs it
    assert "uphold_rate_by_service_type" in r.stdout
    assert list(home.glob("storage/*")) or (home / "history").exists()  # the run is recorded for the UI
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef

    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
        (recorded,) = instance.get_runs()
        # the process that ran it, so that a run left "started" by a killed build can be told from a live one
        assert recorded.tags["imr/build"] == "warehouse" and recorded.tags["imr/pid"].isdigit() and recorded.tags["imr/host"]
        assert recorded.status == dg.DagsterRunStatus.SUCCESS
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    r = run("sql", "select count(*) as n from cases", "--warehouse", str(project / "wh"), cwd=elsewhere, env_home=home)
    assert r.returncode == 0, r.stderr
    assert " 29 " in r.stdout
    r = run("sql", "select n_items from uphold_rate_overall", "--warehouse", str(project / "wh"), cwd=elsewhere, env_home=home)
    assert " 47 " in r.stdout


def test_build_says_whether_it_published(project: Path):
    """The summary says whether imr.duckdb was published, and why where no letter was new (the record an interrupted
    build had committed: here, a database file gone since)."""
    home = project / ".dagster"
    r = run("build", "--raw", "raw", "--warehouse", "wh", cwd=project, env_home=home)
    assert re.search(r"imr\.duckdb\s*│\s*published", r.stdout), r.stdout
    (project / "wh" / "imr.duckdb").unlink()
    r = run("build", "--raw", "raw", "--warehouse", "wh", cwd=project, env_home=home)
    assert r.returncode == 0, r.stderr
    assert re.search(r"new or changed\s*│\s*0", r.stdout) and re.search(r"imr\.duckdb\s*│\s*published", r.stdout)
    assert "no letter was new, changed or gone" in " ".join(r.stdout.split())
    r = run("build", "--raw", "raw", "--warehouse", "wh", cwd=project, env_home=home)
    assert re.search(r"imr\.duckdb\s*│\s*unchanged", r.stdout) and "no letter was new" not in r.stdout


def test_read_only_and_errors(project: Path):
    home = project / ".dagster"
    r = run("sql", "select 1", "--warehouse", "nowhere", cwd=project, env_home=home)
    assert r.returncode == 4 and "no warehouse yet" in r.stderr
    r = run("build", "--raw", "missing", "--warehouse", "wh", cwd=project, env_home=home)
    assert r.returncode == 2 and "raw folder not found" in r.stderr
    assert run("build", "--raw", "raw", "--warehouse", "wh", cwd=project, env_home=home).returncode == 0
    r = run("sql", "delete from cases", "--warehouse", "wh", cwd=project, env_home=home)
    assert r.returncode == 1 and "read-only" in r.stderr.lower()
    r = run("sql", "select * from no_such_table", "--warehouse", "wh", cwd=project, env_home=home)
    assert r.returncode == 1 and "no_such_table" in r.stderr
    (project / "afile").write_text("x")
    r = run("report", "--warehouse", "wh", "--out", "afile", cwd=project, env_home=home)
    assert r.returncode == 1 and "cannot write the report" in r.stderr and "Traceback" not in r.stderr
    r = run("sql", "select NULL as nothing, '[sic]' as kept", "--warehouse", "wh", cwd=project, env_home=home)
    assert r.returncode == 0 and "NULL" in r.stdout and "[sic]" in r.stdout
    # read-only means no file is written or read either: not the warehouse, not its Parquet, not elsewhere
    db = (project / "wh" / "imr.duckdb").read_bytes()
    for query in (f"copy (select 1 as a) to '{project / 'wh' / 'imr.duckdb'}' (format csv)",
                  f"copy (select * from cases) to '{project / 'wh' / 'parquet' / 'cases' / 'stray.parquet'}'",
                  f"copy (select * from cases) to '{project / 'leak.csv'}'",
                  "select * from read_csv('/etc/hostname')",
                  "set enable_external_access = true"):
        r = run("sql", query, "--warehouse", "wh", cwd=project, env_home=home)
        assert r.returncode == 1 and "Traceback" not in r.stderr, (query, r.stderr)
    assert (project / "wh" / "imr.duckdb").read_bytes() == db
    assert not (project / "leak.csv").exists() and not (project / "wh" / "parquet" / "cases" / "stray.parquet").exists()
    (project / "empty").mkdir()
    r = run("build", "--raw", "empty", "--warehouse", "wh", cwd=project, env_home=home)
    assert r.returncode == 2 and "holds no letters" in r.stderr and "--allow-empty" in r.stderr
    assert run("sql", "select count(*) from cases", "--warehouse", "wh", cwd=project, env_home=home).returncode == 0
    r = run("sql", "   ", "--warehouse", "wh", cwd=project, env_home=home)
    assert r.returncode == 2 and "empty" in r.stderr and "Traceback" not in r.stderr
    # results as CSV or JSON, every row, for other tools
    r = run("sql", "select case_id, n_items from cases order by case_id", "--warehouse", "wh", "--format", "csv",
            cwd=project, env_home=home)
    assert r.returncode == 0 and r.stdout.splitlines()[0] == "case_id,n_items" and len(r.stdout.splitlines()) == 30
    r = run("sql", "select count(*) as n from cases", "--warehouse", "wh", "--format", "json", cwd=project, env_home=home)
    assert r.returncode == 0 and json.loads(r.stdout) == [{"n": 29}]
    r = run("sql", "select 1 as a, 2 as a", "--warehouse", "wh", "--format", "json", cwd=project, env_home=home)
    assert json.loads(r.stdout) == [{"a": 1, "a_2": 2}]  # a join's repeated column is not lost
    assert run("sql", "select 1", "--warehouse", "wh", "--limit", "0", cwd=project, env_home=home).returncode == 2
    # CSV for other tools: a list as JSON, a boolean as true/false
    r = run("sql", "select ['CA', 'NV'] as states, true as yes", "--warehouse", "wh", "--format", "csv",
            cwd=project, env_home=home)
    assert r.stdout.splitlines() == ["states,yes", '"[""CA"", ""NV""]",true']
    # nested values as JSON holds them: a map with date keys, a struct, an unnamed struct, NaN as null
    r = run("sql", "select histogram(decision_date) as h, {'a': 1.5::decimal(4,2)} as s, (1, date '2020-01-01') as t, "
            "'nan'::double as n from cases where decision_date = date '2017-01-11'", "--warehouse", "wh",
            "--format", "json", cwd=project, env_home=home)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [{"h": {"2017-01-11": 1}, "s": {"a": 1.5}, "t": [1, "2020-01-01"], "n": None}]
    r = run("sql", "select (1, date '2020-01-01') as t", "--warehouse", "wh", "--format", "csv", cwd=project,
            env_home=home)
    assert r.stdout.splitlines() == ["t", '"[1, ""2020-01-01""]"']
    # a build or a report writes a folder: the database file is refused
    for args in (("build", "--raw", "raw", "--warehouse", "wh/imr.duckdb"), ("report", "--warehouse", "wh/imr.duckdb")):
        r = run(*args, cwd=project, env_home=home)
        assert r.returncode == 2 and "takes the warehouse's folder" in r.stderr, (args, r.stderr)
    # a table cuts long values and says so; the file itself is taken for its folder
    r = run("sql", "select repeat('x', 200) as long, 12 as n", "--warehouse", "wh/imr.duckdb", cwd=project, env_home=home)
    assert r.returncode == 0 and "x" * 79 + "…" in r.stdout and "x" * 81 not in r.stdout and "--format csv" in r.stdout
    # a reader that stops early ("| head") is no failure
    reader = subprocess.Popen([IMR, "sql", "select * from range(200000)", "--warehouse", "wh", "--format", "csv"],
                              cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=dict(os.environ, DAGSTER_HOME=str(home)))
    assert reader.stdout is not None
    reader.stdout.readline()
    reader.stdout.close()
    assert reader.wait(timeout=120) == 0 and b"Traceback" not in reader.stderr.read()
    searcher = subprocess.Popen([IMR, "search", "therapy", "--warehouse", "wh", "--limit", "200"], cwd=project,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=dict(os.environ, DAGSTER_HOME=str(home), COLUMNS="200"))
    assert searcher.stdout is not None
    searcher.stdout.readline()
    searcher.stdout.close()
    assert searcher.wait(timeout=120) == 0
    # bad arguments and settings: one line, code 2
    for args, env, said in [(("search", "  ", "--warehouse", "wh"), {}, "the search is empty"),
                            (("build", "--raw", "raw", "--warehouse", "wh", "--workers", "-3"), {}, "--workers"),
                            (("build", "--raw", "raw", "--warehouse", "wh"), {"IMR_BATCH_SECONDS": "abc"},
                             "IMR_BATCH_SECONDS must be a number of seconds")]:
        r = subprocess.run([IMR, *args], cwd=project, capture_output=True, text=True, timeout=300, check=False,
                           env=dict(os.environ, DAGSTER_HOME=str(home), COLUMNS="200", **env))
        assert r.returncode == 2 and said in r.stderr and len(r.stderr.strip().splitlines()) == 1, (args, r.stderr)
    # a damaged file: one line that says what to do, not a traceback
    (project / "wh" / "imr.duckdb").write_text("a,b\n1,2\n")
    r = run("sql", "select 1", "--warehouse", "wh", cwd=project, env_home=home)
    assert r.returncode == 1 and "imr build" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_a_second_build_stops_at_once_and_a_failed_build_says_why(project: Path):
    """While a build holds the warehouse, another exits 3 with the reason; a build that fails prints the
    cause in one line (not the run's traceback) and exits 1; a file given as the raw folder is named so."""
    from pipeline.publish import build_lock

    home = project / ".dagster"
    (project / "wh").mkdir()
    with build_lock(str(project / "wh")):
        r = run("build", "--raw", "raw", "--warehouse", "wh", cwd=project, env_home=home)
    assert r.returncode == 3, r.stderr
    assert "another build is running on this warehouse" in r.stderr and "Traceback" not in r.stderr
    (project / "afile").write_text("not a folder")
    r = run("build", "--raw", "raw", "--warehouse", "afile", cwd=project, env_home=home)
    assert r.returncode == 1
    lines = [line for line in r.stderr.strip().splitlines() if line.strip()]
    assert len(lines) <= 2 and "error:" in lines[0] and "Error occurred while executing op" not in r.stderr, r.stderr
    r = run("build", "--raw", "afile", "--warehouse", "wh", cwd=project, env_home=home)
    assert r.returncode == 2 and "raw folder is not a folder" in r.stderr
    (project / "wh2").mkdir()
    (project / "wh2" / "parquet").write_text("a file where the tables go")  # the run itself fails
    r = run("build", "--raw", "raw", "--warehouse", "wh2", cwd=project, env_home=home)
    lines = [line for line in r.stderr.strip().splitlines() if line.strip()]
    assert r.returncode == 1 and len(lines) <= 2 and "Error occurred while executing op" not in r.stderr, r.stderr
    assert "parquet" in r.stderr and "(run " in r.stderr


def test_ctrl_c_during_a_build_is_one_line_and_code_130(tmp_path: Path):
    """Interrupted at any moment, `imr build` ends on one line saying so and exits 130 (or, where Dagster lets the
    run finish, completes it); the next build completes."""
    import signal
    import time

    from pipeline.synth import generate_corpus

    raw = tmp_path / "raw"
    generate_corpus(raw, 6000, seed=5)
    (raw / "truth.jsonl").unlink()
    env = dict(os.environ, DAGSTER_HOME=str(tmp_path / ".dagster"), COLUMNS="200")
    proc = subprocess.Popen([IMR, "build", "--raw", "raw", "--warehouse", "wh"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4.0)
    proc.send_signal(signal.SIGINT)
    _out, errors = proc.communicate(timeout=120)
    assert proc.returncode in (130, 0), errors
    assert proc.returncode == 0 or errors.strip().splitlines()[-1].startswith("error: interrupted"), errors
    r = run("build", "--raw", "raw", "--warehouse", "wh", cwd=tmp_path, env_home=tmp_path / ".dagster")
    assert r.returncode == 0, r.stderr


def test_a_failed_run_is_told_by_its_cause_s_statement():
    """The one line a failed build prints is the innermost error's statement, not the advice or links a library
    prints after it, nor a stray quote line."""
    from types import SimpleNamespace

    from pipeline.cli import _root_cause

    def error(message, cause=None):
        return SimpleNamespace(message=message, cause=cause)

    duck = ("duckdb.duckdb.OutOfMemoryException: Out of Memory Error: failed to allocate data of size 16.0 MiB "
            "(19.0 MiB/19.0 MiB used)\n\nPossible solutions:\n* Reducing the number of threads\n\n"
            "See also https://duckdb.org/docs/stable/guides/performance/how_to_tune_workloads\n")
    assert _root_cause(error("step failed", error(duck))).startswith("duckdb.duckdb.OutOfMemoryException: Out of Memory")
    assert _root_cause(error("UnicodeEncodeError: 'utf-8' codec can't encode character\n\"\"\"\n")) == (
        "UnicodeEncodeError: 'utf-8' codec can't encode character")
    assert _root_cause(error("pipeline.build.EmptyRawFolder: the raw folder x holds no letters\n")) == (
        "the raw folder x holds no letters")
    assert _root_cause(error("")) == "the run failed"


def test_a_build_the_daemon_runs_holds_off_imr_build(project: Path):
    """A run of build_warehouse under way in the Dagster instance (launched by the schedule, the sensor or the UI)
    takes the lock step by step; `imr build` started between two of its steps stops with code 3 all the same."""
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef
    from dagster._core.storage.dagster_run import DagsterRun

    home = project / ".dagster"
    assert run("build", "--raw", "raw", "--warehouse", "wh", cwd=project, env_home=home).returncode == 0
    under_way = DagsterRun(job_name="build_warehouse", run_id="00000042-0000-0000-0000-000000000000",
                           status=dg.DagsterRunStatus.STARTED, tags={"imr/build": "warehouse"})
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
        instance.add_run(under_way)
    r = run("build", "--raw", "raw", "--warehouse", "wh", cwd=project, env_home=home)
    assert r.returncode == 3 and "another build is running (run 00000042-" in r.stderr
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
        instance.report_run_failed(instance.get_run_by_id(under_way.run_id))
    assert run("build", "--raw", "raw", "--warehouse", "wh", cwd=project, env_home=home).returncode == 0


def test_workers_beyond_what_the_cores_can_use_are_capped(project: Path):
    """`--workers 100000` starts a few parser processes per core, not a hundred thousand (they had exhausted the
    machine), and says so; the build is whole."""
    from pipeline.ingest import PARSERS_PER_CORE, Parsers, parser_count

    most = PARSERS_PER_CORE * len(os.sched_getaffinity(0))
    assert parser_count(100_000) == most and parser_count(2) == 2
    with Parsers(100_000) as parsers:
        assert parsers.workers == most and len(parsers.pool._processes) <= most
    r = run("build", "--raw", "raw", "--warehouse", "wh", "--workers", "100000", cwd=project, env_home=project / ".dagster")
    assert r.returncode == 0, r.stderr
    assert f"at most {most} parser processes; starting {most}" in " ".join(r.stderr.split())
    assert re.search(r"imr\.duckdb\s*│\s*published", r.stdout), r.stdout


def test_a_damaged_record_is_one_line_naming_the_file(project: Path):
    """The build stops on a damaged Parquet part with one line naming it and what to do, not the library's words
    (`pyarrow.lib.ArrowInvalid: Parquet file size is 5 bytes …`); the published database still answers."""
    home = project / ".dagster"
    assert run("build", "--raw", "raw", "--warehouse", "wh", cwd=project, env_home=home).returncode == 0
    part = min((project / "wh" / "parquet" / "letters").glob("*.parquet"))
    part.write_bytes(b"junk")
    r = run("build", "--raw", "raw", "--warehouse", "wh", cwd=project, env_home=home)
    said = " ".join(r.stderr.split())
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr, r.stderr
    assert f"error: the warehouse's Parquet record is damaged: {part} cannot be read (" in said, said
    assert run("sql", "select count(*) from cases", "--warehouse", "wh", cwd=project, env_home=home).returncode == 0


@pytest.mark.parametrize(("home", "said"), [
    ("relative/home", "DAGSTER_HOME must be a folder's absolute path, not 'relative/home'"),
    ("FILE", "DAGSTER_HOME is a file, not a folder: "),
])
def test_a_dagster_home_that_cannot_be_one_is_one_line(tmp_path: Path, home: str, said: str):
    """A relative DAGSTER_HOME, or one that is a file, is said in one line with code 2 (it had been a traceback)."""
    (tmp_path / "raw").mkdir()
    if home == "FILE":
        home = str(tmp_path / "a-file")
        Path(home).write_text("not a folder")
    r = subprocess.run([IMR, "build", "--raw", "raw", "--warehouse", "wh"], cwd=tmp_path, capture_output=True, text=True,
                       timeout=300, check=False, env=dict(os.environ, DAGSTER_HOME=home, COLUMNS="200"))
    assert r.returncode == 2 and said in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
