"""A daily schedule and a sensor that starts a run when letters are added, changed or removed."""


import dagster as dg

from ..config import BUILD_TAG
from ..ingest import files_digest, scan
from .resources import WarehouseResource

build_job = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets("staged_letters"),
    description="Ingest the raw folder and publish the warehouse.",
    executor_def=dg.in_process_executor,
    tags={BUILD_TAG: "warehouse"},  # one build at a time (the instance's run limit on this tag)
)

daily_build = dg.ScheduleDefinition(
    name="daily_build", job=build_job, cron_schedule="0 6 * * *", execution_timezone="America/Los_Angeles",
    description="Builds the warehouse every morning at 6:00 Pacific: new and changed letters are read, and staged "
                "batches taken (a run with nothing new publishes nothing).",
)  # fmt: skip


def folder_state(raw_dir: str) -> str:
    """A digest of (path, size, mtime) of every file: changes when a letter is added, changed or removed."""
    return files_digest(scan(raw_dir))


@dg.sensor(job=build_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED,
           description="Requests a build when a letter is added, changed or removed in the raw folder (checked every "
                       "minute by size and mtime; one machine: use it or raw_batches_sensor with the schedule).")
def raw_folder_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    """Requests a build when the raw folder's files differ from the last build it requested."""
    try:
        state = folder_state(warehouse.raw_dir)
    except OSError as exc:
        return dg.SkipReason(f"raw folder unreadable: {exc}")
    if state == context.cursor:
        return dg.SkipReason("no letters added, changed or removed")
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=state)], cursor=state)
