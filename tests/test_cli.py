"""The `imr` console script end to end, as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
    assert "uphold_rate_by_service_type" in r.stdout
    assert list(home.glob("storage/*")) or (home / "history").exists()  # the run is recorded for the UI
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    r = run("sql", "select count(*) as n from cases", "--warehouse", str(project / "wh"), cwd=elsewhere, env_home=home)
    assert r.returncode == 0, r.stderr
    assert " 29 " in r.stdout
    r = run("sql", "select n_items from uphold_rate_overall", "--warehouse", str(project / "wh"), cwd=elsewhere, env_home=home)
    assert " 47 " in r.stdout


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
