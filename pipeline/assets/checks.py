"""Asset checks on the tables, one property each, with counts and example rows."""


import dagster as dg
import duckdb

from ..publish import fetch_dicts
from .metadata import markdown_table
from .resources import WarehouseResource

OTHER_SHARE_WARN = 0.05


def _query(warehouse: WarehouseResource, table: str, sql: str) -> list[dict]:
    store = warehouse.store()
    uris = store.part_uris(store.manifest(), table)
    con = duckdb.connect()
    try:
        if "://" in store.uri:
            con.register_filesystem(store.fs)
        if not uris:
            return []
        con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet({uris!r})")
        return fetch_dicts(con, sql)
    finally:
        con.close()


@dg.asset_check(asset="disputed_items", blocking=True, description="Item decisions are only 'upheld' or 'overturned'.")
def decisions_are_upheld_or_overturned(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    bad = _query(warehouse, "disputed_items", "SELECT item_id, decision FROM t WHERE decision NOT IN ('upheld','overturned') OR decision IS NULL")
    return dg.AssetCheckResult(
        passed=not bad, metadata={"bad_rows": len(bad), "examples": dg.MetadataValue.md(markdown_table(bad, 5))}
    )


def _unique(warehouse: WarehouseResource, table: str, key: str) -> dg.AssetCheckResult:
    dup = _query(warehouse, table, f"SELECT {key}, count(*) AS n FROM t GROUP BY 1 HAVING n > 1 ORDER BY n DESC")
    return dg.AssetCheckResult(
        passed=not dup, metadata={"duplicated_ids": len(dup), "examples": dg.MetadataValue.md(markdown_table(dup, 5))}
    )


@dg.asset_check(asset="cases", blocking=True, description="case_id is unique across cases.")
def case_ids_are_unique(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    return _unique(warehouse, "cases", "case_id")


@dg.asset_check(asset="guideline_citations", blocking=True, description="citation_id is unique across citations.")
def citation_ids_are_unique(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    return _unique(warehouse, "guideline_citations", "citation_id")


@dg.asset_check(asset="raw_letters", blocking=True, description="Each raw file appears once in the inventory (letters).")
def source_files_are_unique(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    return _unique(warehouse, "letters", "source_file")


@dg.asset_check(
    asset="disputed_items",
    description=f"Share of items with service category 'Other' stays below {OTHER_SHARE_WARN:.0%} (warns).",
)
def other_category_share_is_low(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    rows = _query(
        warehouse,
        "disputed_items",
        "SELECT count(*) AS n, count(*) FILTER (WHERE service_category = 'Other') AS n_other FROM t",
    )
    n = rows[0]["n"] if rows else 0
    n_other = rows[0]["n_other"] if rows else 0
    share = n_other / n if n else 0.0
    examples = _query(warehouse, "disputed_items", "SELECT item_id, treatment FROM t WHERE service_category = 'Other' LIMIT 10")
    return dg.AssetCheckResult(
        passed=share < OTHER_SHARE_WARN,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"items": n, "other": n_other, "share": round(share, 4), "examples": dg.MetadataValue.md(markdown_table(examples))},
    )
