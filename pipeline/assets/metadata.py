"""Metadata the UI shows for every table: row count, column schema, a preview."""


import re
from functools import lru_cache

import dagster as dg
import pyarrow as pa

from ..config import SQL_DIR
from ..schema import ALL_TABLES

_TYPES = {"string": "VARCHAR", "int32": "INTEGER", "int64": "BIGINT", "bool": "BOOLEAN", "date32[day]": "DATE",
          "double": "DOUBLE", "list<item: string>": "VARCHAR[]"}  # fmt: skip


@lru_cache(maxsize=1)
def column_comments() -> dict[tuple[str, str], str]:
    """(table, column) → the comment sql/schema.sql gives the column ("case_number VARCHAR, -- e.g. …")."""
    out: dict[tuple[str, str], str] = {}
    table = None
    last: tuple[str, str] | None = None  # the column whose comment a comment line alone goes on with
    for line in (SQL_DIR / "schema.sql").read_text(encoding="utf-8").splitlines():
        if m := _CREATE.match(line):
            table, last = m.group(1), None
        elif table and (m := _COLUMN.match(line)):
            last = (table, m.group(1))
            out[last] = m.group(2).strip()
        elif last and (m := _CONTINUED.match(line)):
            out[last] += " " + m.group(1).strip()
        else:
            last = None
    return out


_CREATE = re.compile(r"CREATE TABLE (\w+)")
_COLUMN = re.compile(r"\s+(\w+) [A-Z][^-]*--\s*(.+)$")
_CONTINUED = re.compile(r"\s{8,}--\s*(.+)$")  # a column's comment wrapped onto a line of its own


def column_schema(schema: pa.Schema, table: str | None = None) -> dg.TableSchema:
    comments = column_comments() if table else {}
    cols = []
    for f in schema:
        t = str(f.type)
        cols.append(dg.TableColumn(f.name, _TYPES.get(t, "TIMESTAMPTZ" if t.startswith("timestamp") else t),
                                   description=comments.get((table or "", f.name))))  # fmt: skip
    return dg.TableSchema(columns=cols)


def markdown_table(rows: list[dict], limit: int = 10, width: int = 60) -> str:
    if not rows:
        return "_no rows_"
    cols = list(rows[0])

    def cell(v) -> str:
        s = "" if v is None else str(v)
        s = s.replace("|", "\\|").replace("\n", " ")
        return s if len(s) <= width else s[: width - 1] + "…"

    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    out += ["| " + " | ".join(cell(r[c]) for c in cols) + " |" for r in rows[:limit]]
    return "\n".join(out)


def table_metadata(table: str, rows: int, preview: list[dict]) -> dict:
    return {
        "dagster/row_count": dg.MetadataValue.int(rows),
        "dagster/column_schema": column_schema(ALL_TABLES[table], table),
        "preview": dg.MetadataValue.md(markdown_table(preview)),
    }
