"""The warehouse on an object store: an S3-compatible server on 127.0.0.1, started by the test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import TXT


@pytest.fixture()
def s3(monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint, timeout=0.5)
                break
            except OSError:
                time.sleep(0.1)
        env = {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               "AWS_DEFAULT_REGION": "us-east-1"}
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        import boto3

        boto3.client("s3").create_bucket(Bucket="imr")
        yield env
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_build_incremental_and_query_on_s3(s3, tmp_path: Path, monkeypatch):
    import fsspec
    import pyarrow.dataset as ds

    from pipeline.build import build_warehouse

    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the local copy of imr.duckdb
    stats, counts = build_warehouse(TXT, "s3://imr/wh", workers=1)
    assert (stats.cases, counts["disputed_items"]) == (24, 40)
    fs = fsspec.filesystem("s3")
    assert fs.exists("imr/wh/imr.duckdb") and fs.exists("imr/wh/parquet/_manifest.json")
    # The Parquet layout is readable as-is by another engine (pyarrow here).
    table = ds.dataset("imr/wh/parquet/disputed_items", filesystem=fs, format="parquet").to_table()
    assert table.num_rows == 40
    again, _ = build_warehouse(TXT, "s3://imr/wh", workers=1)
    assert (again.unchanged, again.parsed, again.cases) == (24, 0, 24)
    imr = str(Path(sys.executable).with_name("imr"))
    (tmp_path / "reader").mkdir()  # the reading process's temporary folder (one that does not exist is ignored)
    r = subprocess.run([imr, "sql", "select count(*) as n from disputed_items", "--warehouse", "s3://imr/wh"],
                       capture_output=True, text=True, env=dict(os.environ, **s3, TMPDIR=str(tmp_path / "reader")), timeout=120, check=False)
    assert r.returncode == 0, r.stderr
    assert " 40 " in r.stdout
    # The report and the search read the published database from the object store too.
    from pipeline.publish import connect_readonly
    from pipeline.report import write_report
    from pipeline.search import search

    result = write_report("s3://imr/wh", tmp_path / "report")
    assert result.path == tmp_path / "report" / "imr-report.html" and result.data.overall["n_items"] == 40
    con = connect_readonly("s3://imr/wh")
    try:
        assert {r["case_id"] for r in search(con, "epidural", limit=50)} >= {"CM17-0005418"}
    finally:
        con.close()
    # a reader leaves no copy of the database behind (each had left a full one in its temporary folder)
    assert (tmp_path / "reader" / "imr-warehouse-cache").is_dir()
    assert not list((tmp_path / "reader").rglob("reader-*"))
