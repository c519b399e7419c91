"""Parsing ahead per batch folder: a dynamically partitioned asset a cluster can fan out.

Each top-level folder of the raw tree (a month's or a download's letters) is a partition of
``staged_letters``. Running partitions in parallel — here with the multiprocess executor, in a
cluster with dagster-k8s or dagster-celery — parses them into ``<warehouse>/staging/``; the next
``build_warehouse`` run takes those results instead of parsing the same files again.
"""

import json
from pathlib import Path

import dagster as dg

from ..ingest import files_digest
from ..staging import batch_folders, batch_key, folder_files, stage_folder
from .resources import WarehouseResource

letter_batches = dg.DynamicPartitionsDefinition(name="letter_batches")


@dg.asset(
    partitions_def=letter_batches,
    group_name="ingest",
    kinds={"parquet"},
    description="New and changed letters of one batch folder, parsed ahead into staging (consumed by raw_letters).",
)
def staged_letters(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    by_key = {batch_key(f): f for f in batch_folders(Path(warehouse.raw_dir))}
    if context.partition_key not in by_key:
        raise dg.Failure(f"batch folder for partition {context.partition_key!r} no longer exists in {warehouse.raw_dir}")
    folder = by_key[context.partition_key]
    counts = stage_folder(Path(warehouse.raw_dir), folder, warehouse.warehouse, warehouse.workers or 1)
    return dg.MaterializeResult(metadata={"files": counts["files"], "staged": counts["staged"]})


stage_batches_job = dg.define_asset_job(
    "stage_batches",
    selection=dg.AssetSelection.assets(staged_letters),
    description="Parse one batch folder ahead of the next build (one run per partition; fan out on a cluster).",
)


@dg.sensor(job=stage_batches_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED,
           description="Adds a letter_batches partition per top-level folder of the raw tree and requests a staging "
                       "run for each folder that changed (parsing fanned out; the next build takes the results).")
def raw_batches_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    """Adds a partition per batch folder and requests a staging run for each folder that changed."""
    raw = Path(warehouse.raw_dir)
    if not raw.is_dir():
        return dg.SkipReason(f"raw folder not found: {raw}")
    seen = json.loads(context.cursor) if context.cursor else {}
    now, requests, new_keys = {}, [], []
    for folder in batch_folders(raw):
        key = batch_key(folder)
        now[key] = files_digest(folder_files(raw, folder))
        if seen.get(key) != now[key]:
            requests.append(dg.RunRequest(run_key=f"{key}:{now[key][:16]}", partition_key=key))
            if key not in seen:
                new_keys.append(key)
    # a batch folder removed: its partition goes too (a backfill over every partition would fail on it)
    gone = sorted(set(context.instance.get_dynamic_partitions(letter_batches.name)) - set(now))
    if not requests and not gone:
        return dg.SkipReason("no batch folder changed")
    changes = ([letter_batches.build_add_request(new_keys)] if new_keys else []) + (
        [letter_batches.build_delete_request(gone)] if gone else [])
    return dg.SensorResult(run_requests=requests, cursor=json.dumps(now), dynamic_partitions_requests=changes)
