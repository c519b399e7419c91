"""Raw letters → the Parquet record (inventory, cases, reviewers, items, citations, quarantine)."""


import dagster as dg

from .. import parse
from ..build import commit, for_this_parser, ingest, make_plan, new_run_id, refuse_emptying
from ..ingest import Parsers, parser_count
from ..publish import build_lock, remove_stale_temp
from ..schema import ALL_TABLES
from ..store import Manifest, PartStore
from .metadata import table_metadata
from .resources import WarehouseResource

GROUP = "ingest"
TABLE_DOCS = {
    "cases": "One row per determination letter: case number, dates, patient age and sex, diagnosis, reviewer.",
    "reviewers": "One row per distinct reviewer profile: DWC specialties, subspecialty, license states.",
    "disputed_items": "One row per disputed item: treatment, decision, DWC category, body region, quantity, rationale.",
    "guideline_citations": "One row per guideline cited for an item, by the claims administrator and by MAXIMUS.",
    "quarantine": "Every raw file that did not become a case, with a reason a person can act on and the stage.",
    "case_history": "Older versions of re-issued letters (same case number, different content).",
}
TABLE_DEPS = {
    "cases": ["raw_letters"],
    "reviewers": ["raw_letters"],
    "disputed_items": ["raw_letters"],
    "guideline_citations": ["raw_letters"],
    "quarantine": ["raw_letters"],
    "case_history": ["raw_letters"],
}


def _specs() -> list[dg.AssetSpec]:
    specs = [
        dg.AssetSpec(
            "raw_letters",
            group_name=GROUP,
            kinds={"parquet"},
            deps=["staged_letters"],
            description="Inventory of the raw folder (.txt and .pdf letters): path, size, sha256, layout, and what "
            "became of each file (case, duplicate, superseded, quarantined). Unchanged files are only stat'ed.",
        )
    ]
    for table, doc in TABLE_DOCS.items():
        specs.append(
            dg.AssetSpec(table, group_name=GROUP, kinds={"parquet"}, description=doc, deps=TABLE_DEPS[table])
        )
    return specs


def table_rows(store: PartStore, manifest: Manifest, table: str) -> int:
    return sum(store.part_rows(table, name) for name in manifest.tables.get(table, []))


def preview(store: PartStore, manifest: Manifest, table: str, n: int = 5) -> list[dict]:
    names = manifest.tables.get(table, [])
    if not names:
        return []
    return store.read_part(table, names[0]).slice(0, n).to_pylist()


@dg.multi_asset(
    name="ingest_letters",
    specs=_specs(),
    can_subset=False,
    check_specs=[
        dg.AssetCheckSpec(
            "every_file_accounted",
            asset="raw_letters",
            blocking=True,
            description="Files seen = files behind a case (duplicates and superseded versions included) + quarantined.",
        )
    ],
)
def ingest_letters(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Stat the raw folder, parse new and changed letters in parallel, resolve duplicates and re-issued
    letters, and commit the Parquet record atomically (manifest swap)."""
    store = warehouse.store()
    with build_lock(warehouse.warehouse):
        remove_stale_temp(warehouse.warehouse)
        recorded = store.manifest()
        store.garbage_collect(recorded)
        manifest = for_this_parser(recorded)
        with Parsers(parser_count(warehouse.workers or None)) as parsers:  # they start while the folder is stat'ed
            plan = make_plan(warehouse.raw_dir, store, manifest, recorded)
            context.log.info(f"{len(plan.files)} files: {len(plan.todo)} new or changed, {len(plan.deleted)} deleted"
                             + (" (all read again: the record was read by another version of the parser)" if manifest.reread else ""))
            new, stats = ingest(plan, store, manifest, new_run_id(), warehouse.workers or None, parsers=parsers)
        refuse_emptying(store, recorded, stats, warehouse.raw_dir)
        commit(store, new, stats)
    yield dg.MaterializeResult(
        asset_key="raw_letters",
        metadata={
            "dagster/row_count": dg.MetadataValue.int(stats.files_seen),
            "files_seen": stats.files_seen,
            "new_or_changed": stats.new_or_changed,
            "taken_from_staging": stats.staged,  # of those, parsed ahead by stage_batches runs
            "read_again_parser_changed": stats.reread,
            "unchanged": stats.unchanged,
            "deleted": stats.deleted,
            "cases": stats.cases,
            "duplicates": stats.duplicates,
            "superseded": stats.superseded,
            "quarantined": stats.quarantined,
            "parse_seconds": round(stats.seconds.get("parse", 0.0), 3),
            "parser": "compiled" if parse.NATIVE else "Python",  # pipeline/parse/native.py
            **({"parser_peak_rss_mb": round(stats.peak_rss_mb_parser, 1)} if stats.peak_rss_mb_parser else {}),
            **{k: v for k, v in table_metadata("letters", stats.files_seen, preview(store, new, "letters")).items() if k != "dagster/row_count"},
        },
    )
    for table in TABLE_DOCS:
        yield dg.MaterializeResult(
            asset_key=table, metadata=table_metadata(table, table_rows(store, new, table), preview(store, new, table))
        )
    yield dg.AssetCheckResult(
        check_name="every_file_accounted",
        asset_key="raw_letters",
        passed=stats.accounted,
        metadata={
            "files_seen": stats.files_seen,
            "cases": stats.cases,
            "duplicates": stats.duplicates,
            "superseded": stats.superseded,
            "quarantined": stats.quarantined,
        },
    )


__all__ = ["ALL_TABLES", "ingest_letters"]
