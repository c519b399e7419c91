"""Where things are: anchored on the project root or given by env/config, never on the working directory."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"
DEFAULT_RAW = Path(os.environ.get("IMR_RAW_DIR", PROJECT_ROOT / "data" / "raw"))
DEFAULT_WAREHOUSE = os.environ.get("IMR_WAREHOUSE", str(PROJECT_ROOT / "data" / "warehouse"))
# DuckDB's memory while publishing: it spills to a temporary file beyond this, so a build's peak
# memory does not grow with the corpus (measured by `make bench`). Publishing 200k letters took as long
# with 300MB as with 400MB (peak ~100 MB lower); 200MB made the search index's build spill (13 s → 24 s).
PUBLISH_MEMORY_LIMIT = os.environ.get("IMR_PUBLISH_MEMORY", "300MB")
DAGSTER_HOME = Path(os.environ.get("DAGSTER_HOME", PROJECT_ROOT / ".dagster"))


class ConfigError(ValueError):
    """A setting given in the environment that cannot be used (its message names it and what it takes)."""


def env_seconds(name: str, default: float) -> float:
    """A duration in seconds from the environment variable ``name`` (``default`` where unset)."""
    given = os.environ.get(name, "").strip()
    if not given:
        return default
    try:
        value = float(given)
    except ValueError:
        value = -1.0
    if not 0 < value < 10**7:  # (and finite: "inf" would overflow a deadline)
        raise ConfigError(f"{name} must be a number of seconds above 0 and below 10000000, not {given!r}")
    return value


# The Dagster instance's settings: no telemetry, and one build at a time per instance (the build job's runs
# carry the tag below; a run requested meanwhile by the schedule, the sensor or the UI waits in the queue).
BUILD_TAG = "imr/build"
# The process and machine of an `imr build` run (its run is executed in that process): a run whose process is gone
# was killed and is marked failed, so the one-build limit does not count it (``fail_orphaned_builds``).
PID_TAG, HOST_TAG = "imr/pid", "imr/host"
RUN_LIMIT_YAML = f"""concurrency:
  runs:
    tag_concurrency_limits:
      - key: {BUILD_TAG}
        limit: 1
"""
DAGSTER_YAML = "telemetry:\n  enabled: false\n" + RUN_LIMIT_YAML


def ensure_dagster_home(home: Path = DAGSTER_HOME) -> Path:
    """DAGSTER_HOME with its dagster.yaml: written when missing; one from before the run limit gets it added,
    its other settings kept, unless it configures a run coordinator itself."""
    home.mkdir(parents=True, exist_ok=True)
    cfg = home / "dagster.yaml"
    if not cfg.exists():
        cfg.write_text(DAGSTER_YAML)
    elif "concurrency:" not in (text := cfg.read_text()) and "run_coordinator:" not in text:
        # (a run coordinator configured by hand takes its limits in its own config: Dagster refuses both)
        cfg.write_text(text.rstrip("\n") + "\n" + RUN_LIMIT_YAML)
    return home


def view_files() -> list[Path]:
    return sorted((SQL_DIR / "views").glob("*.sql"))


def view_names() -> list[str]:
    return [p.stem for p in view_files()]


def sql_digest(root: Path | None = None) -> str:
    """A hash of every .sql file under sql/ (schema, macros, views, search index), recorded in a published
    imr.duckdb: a database built from other SQL is rebuilt whole, not updated in place, so a changed,
    renamed or removed view or macro reaches a warehouse at its next build."""
    root = root or SQL_DIR
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.sql")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]
