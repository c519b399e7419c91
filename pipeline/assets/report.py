"""The analyst report: ``imr-report.html`` in the warehouse folder, rendered from the published views."""


import hashlib
from pathlib import Path

import dagster as dg

from .. import report as report_module
from ..config import view_names
from ..publish import DB_NAME, is_remote, local_dir
from ..report import REPORT_NAME, write_report
from .resources import WarehouseResource
from .warehouse import earlier_metadata, identity

GROUP = "report"
# The report's code: a report rendered by other code is rendered again, though the warehouse be the same.
# … and so is one from other published figures (``published_figures.csv``, shown beside the warehouse's own).
_REPORT_CODE = hashlib.sha1(Path(report_module.__file__).read_bytes()
                            + report_module.PUBLISHED_FIGURES.read_bytes()).hexdigest()[:12]


@dg.asset(
    name="imr_report",
    group_name=GROUP,
    kinds={"html"},
    deps=view_names(),
    description=f"{REPORT_NAME}: one self-contained HTML file (inline SVG charts, no network) with uphold rates "
    "and Wilson 95% intervals by service category, guideline source, reviewer specialty, body region and decision "
    "month, the counts behind each chart, the contradictory decisions, the quarantine, and DWC's/CWCI's "
    "published figures beside the warehouse's own. Also `imr report`.",
)
def imr_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Render the report from imr.duckdb (read-only) into the warehouse folder; where the report on disk was
    rendered from the very file now published, it stands (nothing new: no seconds of queries and charts again)."""
    db = local_dir(warehouse.warehouse) / DB_NAME
    # (an object store's report is written again each run: the bucket's copy cannot be seen from here)
    ident = f"{identity(str(db))}:{_REPORT_CODE}" if db.exists() and not is_remote(warehouse.warehouse) else None
    if ident is not None and (earlier := earlier_metadata(context, "imr_report", ident)) is not None:
        shown, here = earlier.get("path"), local_dir(warehouse.warehouse) / REPORT_NAME
        if shown is not None and Path(getattr(shown, "value", shown) or "") == here and here.exists():
            context.log.info("nothing new published: the report stands")
            return dg.MaterializeResult(metadata={**earlier, "unchanged": True})
    result = write_report(warehouse.warehouse)
    data, rows = result.data, result.data.row_counts()
    context.log.info(f"wrote {result.path}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(result.path)),
            "bytes": dg.MetadataValue.int(result.path.stat().st_size),
            "service_category_chart": dg.MetadataValue.md(result.service_category_markdown()),
            "dagster/row_count": dg.MetadataValue.int(int(data.overall["n_items"])),
            "items": dg.MetadataValue.int(int(data.overall["n_items"])),
            "uphold_rate": dg.MetadataValue.float(float(data.overall["uphold_rate"] or 0.0)),
            "contradictory_decisions": dg.MetadataValue.int(rows["contradictory_decisions"]),
            "quarantined": dg.MetadataValue.int(rows["quarantine"]),
            "rows_per_section": dg.MetadataValue.json(rows),
            **({"published": dg.MetadataValue.text(ident)} if ident is not None else {}),
        }
    )
