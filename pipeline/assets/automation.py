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


def builds_under_way(instance: dg.DagsterInstance) -> list[dg.DagsterRun]:
    """The runs of the build (tagged BUILD_TAG) the instance records as starting or started."""
    return list(instance.get_runs(filters=dg.RunsFilter(
        statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING], tags={BUILD_TAG: "warehouse"})))


def fail_orphaned_builds(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed the `imr build` runs of this machine still recorded as started whose process is gone (killed
    with `kill -9`, or the machine restarted): otherwise the instance's one-build limit counts them for ever and
    the schedule's and sensor's runs wait in the queue. Returns their run ids."""
    import os
    import socket

    from ..config import HOST_TAG, PID_TAG

    host, failed = socket.gethostname(), []
    for run in builds_under_way(instance):
        pid = run.tags.get(PID_TAG)
        if not pid or run.tags.get(HOST_TAG) != host or not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # alive
        except ProcessLookupError:
            pass
        except PermissionError:
            continue  # a process of another user holds that number: alive
        instance.report_run_failed(run, message=f"the imr build process ({pid} on {host}) is gone: it was killed")
        failed.append(run.run_id)
    return failed


def folder_state(raw_dir: str) -> str:
    """A digest of (path, size, mtime) of every file: changes when a letter is added, changed or removed."""
    return files_digest(scan(raw_dir))


@dg.sensor(job=build_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED,
           description="Requests a build when a letter is added, changed or removed in the raw folder (checked every "
                       "minute by size and mtime; one machine: use it or raw_batches_sensor with the schedule).")
def raw_folder_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    """Requests a build when the raw folder's files differ from the last build it requested."""
    try:
        fail_orphaned_builds(context.instance)  # a killed `imr build` would hold the queue for ever
    except Exception as exc:  # noqa: BLE001 — tidying the instance never stops the sensor
        context.log.warning(f"could not check for runs of killed builds: {exc}")
    try:
        state = folder_state(warehouse.raw_dir)
    except OSError as exc:
        return dg.SkipReason(f"raw folder unreadable: {exc}")
    if state == context.cursor:
        return dg.SkipReason("no letters added, changed or removed")
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=state)], cursor=state)
