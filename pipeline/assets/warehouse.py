"""The Parquet record → ``imr.duckdb`` (atomic swap) and the uphold-rate views defined in ``sql/views``."""


import os

import dagster as dg
import duckdb

from ..build import release_memory
from ..config import view_files
from ..publish import build_lock, fetch_dicts, publish
from .ingest import TABLE_DOCS
from .metadata import markdown_table
from .resources import WarehouseResource

GROUP = "warehouse"


def _view_doc(sql: str) -> str:
    return " ".join(line[3:] for line in sql.splitlines() if line.startswith("-- ")) or "A derived view."


def _specs() -> list[dg.AssetSpec]:
    specs = [
        dg.AssetSpec(
            "imr_duckdb",
            group_name=GROUP,
            kinds={"duckdb"},
            deps=["raw_letters", *TABLE_DOCS],
            description="imr.duckdb: the tables copied from the Parquet record plus the views, built aside and "
            "swapped in with an atomic rename so readers never see a half-built warehouse.",
        )
    ]
    for path in view_files():
        specs.append(
            dg.AssetSpec(
                path.stem,
                group_name="views",
                kinds={"duckdb", "sql"},
                deps=["imr_duckdb"],
                description=_view_doc(path.read_text()),
                metadata={"sql": dg.MetadataValue.md(f"```sql\n{path.read_text()}\n```")},
            )
        )
    return specs


@dg.multi_asset(
    name="publish_warehouse",
    specs=_specs(),
    can_subset=False,
    check_specs=[
        dg.AssetCheckSpec(
            "view_totals_match_tables",
            asset="imr_duckdb",
            blocking=True,
            description="Each single-key uphold-rate view sums to the number of disputed items.",
        )
    ],
)
def publish_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Build imr.duckdb from the committed manifest and swap it in; describe each view."""
    store = warehouse.store()
    release_memory()
    with build_lock(warehouse.warehouse):
        manifest = store.manifest()
        path, counts, fresh = publish(store, manifest)
        store.garbage_collect(manifest)
        # Opened under the lock, the connection reads this very file (its inode) though another publisher replace
        # it meanwhile: what is recorded below is of the file ``ident`` names.
        ident = identity(str(path))
        con = duckdb.connect(str(path), read_only=True)
    try:
        # Nothing new published: each view's description is the one its last materialization recorded (when that
        # was of this very file), not computed again (~25 queries: seconds on a large warehouse, every sensor tick).
        earlier = None if fresh else _earlier_view_metadata(context, ident)
        yield dg.MaterializeResult(
            asset_key="imr_duckdb",
            metadata={
                "path": dg.MetadataValue.path(str(path)),
                "dagster/row_count": dg.MetadataValue.int(counts["disputed_items"]),
                "table_rows": dg.MetadataValue.json(counts),
                "published_new_file": dg.MetadataValue.bool(fresh),  # False: nothing new, the file stands
            },
        )
        n_items = counts["disputed_items"]
        mismatches = {}
        for p in view_files():
            if earlier is not None:
                yield dg.MaterializeResult(asset_key=p.stem, metadata={**earlier[p.stem], "unchanged": True})
            else:
                rows = fetch_dicts(con, f"SELECT * FROM {p.stem} LIMIT 15")
                n_rows = con.execute(f"SELECT count(*) FROM {p.stem}").fetchone()[0]
                yield dg.MaterializeResult(
                    asset_key=p.stem,
                    metadata={"dagster/row_count": dg.MetadataValue.int(n_rows),
                              "preview": dg.MetadataValue.md(markdown_table(rows, 15)),
                              "published": dg.MetadataValue.text(ident)},
                )
            if p.stem in ("uphold_rate_by_service_type", "uphold_rate_by_service_subcategory", "uphold_rate_by_guideline_source",
                          "uphold_rate_by_body_region", "uphold_rate_by_decision_year", "uphold_rate_by_decision_month",
                          "uphold_rate_by_primary_specialty", "uphold_rate_overall"):  # each item once  # fmt: skip
                total = con.execute(f"SELECT coalesce(sum(n_items), 0) FROM {p.stem}").fetchone()[0]
                if total != n_items:
                    mismatches[p.stem] = int(total)
    finally:
        con.close()
    yield dg.AssetCheckResult(
        check_name="view_totals_match_tables",
        asset_key="imr_duckdb",
        passed=not mismatches,
        metadata={"disputed_items": n_items, "mismatches": dg.MetadataValue.json(mismatches)},
    )


def identity(path: str) -> str:
    """The published file as one string (a new publication is a new file: another inode and time)."""
    st = os.stat(path)
    return f"{st.st_ino}:{st.st_mtime_ns}:{st.st_size}"


def earlier_metadata(context: dg.AssetExecutionContext, key: str, ident: str) -> dict | None:
    """An asset's metadata as its last materialization recorded it for the same ``ident`` (the published file's
    ``identity``, and whatever else the asset's content depends on), else None."""
    event = context.instance.get_latest_materialization_event(dg.AssetKey(key))
    mat = event.asset_materialization if event is not None else None
    meta = dict(mat.metadata) if mat is not None else {}
    published = meta.get("published")
    if published is None or getattr(published, "value", published) != ident:
        return None
    return {k: v for k, v in meta.items() if k != "unchanged"}


def _earlier_view_metadata(context: dg.AssetExecutionContext, ident: str) -> dict | None:
    """Each view's metadata as last recorded for this same published file, or None where any is missing."""
    found = {}
    for p in view_files():
        meta = earlier_metadata(context, p.stem, ident)
        if meta is None:
            return None
        found[p.stem] = meta
    return found
