"""Where things are: anchored on the project root or given by env/config, never on the working directory."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"
DEFAULT_RAW = Path(os.environ.get("IMR_RAW_DIR", PROJECT_ROOT / "data" / "raw"))
DEFAULT_WAREHOUSE = os.environ.get("IMR_WAREHOUSE", str(PROJECT_ROOT / "data" / "warehouse"))
DAGSTER_HOME = Path(os.environ.get("DAGSTER_HOME", PROJECT_ROOT / ".dagster"))


def view_files() -> list[Path]:
    return sorted((SQL_DIR / "views").glob("*.sql"))


def view_names() -> list[str]:
    return [p.stem for p in view_files()]
