"""The Dagster code location: every asset, check, job, schedule and sensor of the warehouse."""

from __future__ import annotations

import dagster as dg

from .assets.automation import build_job, daily_build, raw_folder_sensor
from .assets.checks import (
    case_ids_are_unique,
    citation_ids_are_unique,
    decisions_are_upheld_or_overturned,
    other_category_share_is_low,
    source_files_are_unique,
)
from .assets.ingest import ingest_letters
from .assets.report import imr_report
from .assets.resources import WarehouseResource
from .assets.staging import raw_batches_sensor, stage_batches_job, staged_letters
from .assets.warehouse import publish_warehouse
from .config import DEFAULT_RAW, DEFAULT_WAREHOUSE


def build_defs(raw_dir: str = str(DEFAULT_RAW), warehouse: str = str(DEFAULT_WAREHOUSE), workers: int = 0) -> dg.Definitions:
    return dg.Definitions(
        assets=[staged_letters, ingest_letters, publish_warehouse, imr_report],
        asset_checks=[decisions_are_upheld_or_overturned, case_ids_are_unique, citation_ids_are_unique,
                      source_files_are_unique, other_category_share_is_low],
        jobs=[build_job, stage_batches_job],
        schedules=[daily_build],
        sensors=[raw_folder_sensor, raw_batches_sensor],
        resources={"warehouse": WarehouseResource(raw_dir=str(raw_dir), warehouse=str(warehouse), workers=workers)},
    )


defs = build_defs()
