from __future__ import annotations

import csv
from pathlib import Path

import pytest

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
