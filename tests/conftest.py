from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from hypothesis import settings

# Under CI the generated examples are the same on every run (a failure there is reproducible, never luck); elsewhere
# each run explores new ones (IMR_HYPOTHESIS=random|ci chooses).
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("random")
settings.load_profile(os.environ.get("IMR_HYPOTHESIS") or ("ci" if os.environ.get("CI") else "random"))

FIXTURES = Path(__file__).parent / "fixtures"
TXT = FIXTURES / "txt"
PDF = FIXTURES / "pdf"
SEEDS = FIXTURES / "seeds"


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def manifest() -> dict[str, dict[str, str]]:
    with open(FIXTURES / "manifest.csv", newline="", encoding="utf-8") as fh:
        return {row["case_number"]: row for row in csv.DictReader(fh)}


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))
