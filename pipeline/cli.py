"""The `imr` command line: build the warehouse through Dagster, query it, report on it."""

from __future__ import annotations

import datetime
import decimal
import math
import os
import re
import socket
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .config import DAGSTER_HOME, DEFAULT_RAW, DEFAULT_WAREHOUSE, ensure_dagster_home

app = typer.Typer(add_completion=False, no_args_is_help=True, help="California IMR determination letters as a warehouse.")


def _reader_left() -> None:
    """The reader of stdout stopped early ("imr sql … | head"): what it read is all it wanted, no failure. Later
    writes go nowhere, so Python's exit raises no second error."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise typer.Exit(0)


class _Console(Console):
    def on_broken_pipe(self) -> None:  # rich's own handling ends with code 1
        self.quiet = True
        _reader_left()


out = _Console() if sys.stdout.isatty() else _Console(width=160)  # pipes and CI logs: wide tables, no folding
err = Console(stderr=True, soft_wrap=True)  # an error is one line, whatever its length

EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED, EXIT_NO_WAREHOUSE = 1, 2, 3, 4
EXIT_INTERRUPTED = 130  # as a shell reports a process ended by Ctrl-C
INTERRUPTED = ("interrupted: imr.duckdb is what the last build to complete published; the next build goes on from "
               "the Parquet record")


def _fail(message: str, code: int) -> None:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


def _root_cause(error) -> str:
    """One line saying why a step failed: the innermost cause's message (Dagster wraps it)."""
    while getattr(error, "cause", None) is not None:
        error = error.cause
    # the statement, not a library's advice after it ("Possible solutions: …", "See also https://…") nor a stray quote
    lines = [line.strip() for line in (error.message or "").strip().splitlines()
             if any(c.isalnum() for c in line) and not line.lstrip().startswith(("See also", "Possible solutions"))]
    # the project's own errors read as their message ("pipeline.build.EmptyRawFolder: …" → "…")
    return re.sub(r"^pipeline\.[\w.]+: ", "", lines[0]) if lines else "the run failed"


def _dagster_instance():
    import dagster as dg

    home = Path(os.environ.setdefault("DAGSTER_HOME", str(DAGSTER_HOME)))
    if not home.is_absolute():
        _fail(f"DAGSTER_HOME must be a folder's absolute path, not {str(home)!r}", EXIT_USAGE)
    if home.exists() and not home.is_dir():
        _fail(f"DAGSTER_HOME is a file, not a folder: {home}", EXIT_USAGE)
    try:
        ensure_dagster_home(home)
    except OSError as exc:
        _fail(f"cannot use DAGSTER_HOME {home}: {exc.strerror or exc}", EXIT_USAGE)
    return dg.DagsterInstance.get()


CELL_CHARS = 80  # a table cell shows at most this much of a value (a rationale runs to thousands of characters)


def _cell(v) -> Text:
    """A value as plain text (a "[sic]" is no markup): NULL shown as such, a float to 4 places, long text cut."""
    if v is None:
        return Text("NULL", style="dim")
    shown = f"{v:.4f}" if isinstance(v, float) else str(v)
    return Text(shown if len(shown) <= CELL_CHARS else shown[: CELL_CHARS - 1] + "…")


def _print_rows(cols: list[str], rows: list[tuple], title: str | None = None, limit: int = 200) -> None:
    table = Table(title=title, show_lines=False, header_style="bold")
    shown = rows[:limit]
    for k, c in enumerate(cols):
        values = [r[k] for r in shown if r[k] is not None]
        numeric = bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        table.add_column(c, overflow="fold", justify="right" if numeric else "left")
    for row in shown:
        table.add_row(*(_cell(v) for v in row))
    out.print(table)
    if len(rows) > limit:
        out.print(f"[dim]… {len(rows) - limit} more rows[/]")
    if any(v is not None and len(str(v)) > CELL_CHARS for row in shown for v in row):
        out.print(f"[dim]values over {CELL_CHARS} characters are cut (…); --format csv or json prints them whole[/]")


@app.command()
def build(
    raw: Path = typer.Option(DEFAULT_RAW, "--raw", help="Folder of letters (.txt, .pdf), read recursively."),  # noqa: B008 — typer reads options from defaults
    warehouse: str = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", help="Warehouse folder or s3:// URI."),
    workers: int = typer.Option(0, "--workers", help="Parser processes (0: one per core)."),
    show_views: bool = typer.Option(False, "--views", help="Print the three main uphold-rate views afterwards."),
    allow_empty: bool = typer.Option(False, "--allow-empty", help="Let a raw folder with no letters empty the warehouse."),
) -> None:
    """Run the Dagster asset graph over every letter and publish the warehouse."""
    if workers < 0:
        _fail(f"--workers must be 0 (one per core) or more, not {workers}", EXIT_USAGE)
    _warehouse_folder(warehouse)
    if not raw.is_dir():
        _fail(f"raw folder {'is not a folder' if raw.exists() else 'not found'}: {raw}", EXIT_USAGE)
    if allow_empty:
        from .build import ALLOW_EMPTY_ENV

        os.environ[ALLOW_EMPTY_ENV] = "1"
    from .config import ConfigError

    try:
        from .ingest import most_parsers  # (its settings are read from the environment: a ConfigError)

        if workers > (most := most_parsers()):
            err.print(f"[dim]--workers {workers}: this machine's cores can use at most {most} parser processes; "
                      f"starting {most}[/]")
        with _to_reader():
            _build(raw, warehouse, workers, show_views)
    except ConfigError as exc:
        _fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:  # Ctrl-C outside the run's steps (starting, summing up): the same one line
        _fail(INTERRUPTED, EXIT_INTERRUPTED)


def _quiet_interrupts(unraisable) -> None:
    """Python's report of an exception it could not raise, less Ctrl-C's: Dagster turns an interrupt into an
    exception that may surface in a garbage-collector callback, where Python prints it with a traceback."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt) or "Interrupted" in type(unraisable.exc_value).__name__:
        return
    sys.__unraisablehook__(unraisable)


@contextmanager
def _to_reader():
    """Output for a reader that may stop early ("imr sql … | head"): what it read is all it wanted, no failure."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_left()


def _warehouse_folder(warehouse: str) -> None:
    """Fails with a usage error where ``--warehouse`` names a database file: a build or a report writes a folder."""
    if warehouse.rstrip("/").endswith(".duckdb"):
        _fail(f"--warehouse takes the warehouse's folder (the one holding imr.duckdb), not {warehouse}", EXIT_USAGE)


def _build(raw: Path, warehouse: str, workers: int, show_views: bool) -> None:
    sys.unraisablehook = _quiet_interrupts
    from .assets.automation import builds_under_way, fail_orphaned_builds
    from .config import HOST_TAG, PID_TAG
    from .definitions import build_defs
    from .publish import BuildLocked, build_lock

    instance = _dagster_instance()
    wh = warehouse if "://" in warehouse else str(Path(warehouse).resolve())
    defs = build_defs(str(raw.resolve()), wh, workers)
    job = defs.resolve_job_def("build_warehouse")
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from . import build as build_module

    t0 = time.perf_counter()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=out, transient=True) as bar:
        task = bar.add_task(f"reading letters in {raw}", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description="parsing new and changed letters")

        build_module.PROGRESS_HOOK = advance
        try:
            # The whole run holds the warehouse's build lock: a second build started meanwhile stops at once.
            with build_lock(wh):
                fail_orphaned_builds(instance)  # runs of a killed `imr build`: none can be running now
                # a run the daemon launched (schedule, sensor, UI) takes the lock step by step: between two of its
                # steps the lock is free, yet the run is under way
                running = builds_under_way(instance)
                if running:
                    raise BuildLocked(f"another build is running (run {running[0].run_id} in the Dagster instance); "
                                      "wait for it to finish. If its process is gone (killed, or the machine "
                                      "restarted), end it: Terminate in the UI, or dagster run delete "
                                      f"{running[0].run_id}")
                result = job.execute_in_process(
                    instance=instance,
                    raise_on_error=False,
                    tags={PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()},
                    run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},  # failures: one line below
                )
        except BuildLocked as exc:
            _fail(str(exc), EXIT_LOCKED)
        except KeyboardInterrupt:
            _fail(INTERRUPTED, EXIT_INTERRUPTED)
        except OSError as exc:  # the warehouse folder cannot be made or locked (a file there, no permission)
            _fail(f"cannot use the warehouse {wh}: {exc.strerror or exc}", EXIT_FAILED)
        finally:
            build_module.PROGRESS_HOOK = None
    seconds = time.perf_counter() - t0
    if not result.success:
        failure = next((e for e in result.all_events if e.is_step_failure), None)
        message = "the run failed"
        if failure is not None and failure.step_failure_data and failure.step_failure_data.error:
            message = _root_cause(failure.step_failure_data.error)
        if re.search(r"ExecutionInterrupted|KeyboardInterrupt|Query interrupted|INTERRUPT Error", message):  # Ctrl-C, in a step or a query
            _fail(f"{INTERRUPTED} (run {result.run_id})", EXIT_INTERRUPTED)
        locked = "another build is running" in message
        empty = "holds no letters but the warehouse records" in message  # the wrong folder, most likely
        _fail(f"{message} (run {result.run_id})", EXIT_LOCKED if locked else EXIT_USAGE if empty else EXIT_FAILED)
    mats = {}
    for e in result.get_asset_materialization_events():
        m = e.event_specific_data.materialization
        mats[m.asset_key.to_user_string()] = {k: v.value for k, v in m.metadata.items()}
    inv = mats.get("raw_letters", {})
    counts = mats.get("imr_duckdb", {}).get("table_rows", {})
    fresh = mats.get("imr_duckdb", {}).get("published_new_file")
    summary = Table(title="imr build", show_header=False)
    summary.add_column(style="bold")
    summary.add_column(justify="right")
    for label, value in [
        ("files seen", inv.get("files_seen")),
        ("new or changed", inv.get("new_or_changed")),
        *([("  of them parsed ahead (staged)", inv["taken_from_staging"])] if inv.get("taken_from_staging") else []),
        ("unchanged (not re-read)", inv.get("unchanged")),
        ("deleted", inv.get("deleted")),
        ("letters (cases)", counts.get("cases")),
        ("duplicates", inv.get("duplicates")),
        ("superseded versions", inv.get("superseded")),
        ("quarantined", counts.get("quarantine")),
        ("disputed items", counts.get("disputed_items")),
        ("guideline citations", counts.get("guideline_citations")),
        ("imr.duckdb", "published" if fresh else "unchanged" if fresh is not None else None),
        ("seconds", f"{seconds:.2f}"),
        ("parser", inv.get("parser")),
    ]:
        summary.add_row(label, str(value))
    out.print(summary)
    if fresh and not inv.get("new_or_changed") and not inv.get("deleted"):
        out.print("imr.duckdb was published though no letter was new, changed or gone: the record an interrupted build "
                  "had committed, a database file missing, or views and macros changed since the last publication")
    if inv.get("read_again_parser_changed"):
        out.print("[yellow]every letter was read again:[/] the warehouse had been read by another version of the parser")
    failed_checks = [c.check_name for c in result.get_asset_check_evaluations() if not c.passed]
    if failed_checks:
        out.print(f"[yellow]checks not passed:[/] {', '.join(failed_checks)}")
    if show_views:
        from .publish import connect_readonly, fetch_dicts

        con = connect_readonly(warehouse)
        for view in ("uphold_rate_by_service_type", "uphold_rate_by_guideline_source", "uphold_rate_by_reviewer_specialty"):
            rows = fetch_dicts(con, f"SELECT * FROM {view}")
            _print_rows(list(rows[0]) if rows else [], [tuple(r.values()) for r in rows], title=view)
        con.close()


@app.command()
def sql(
    query: str = typer.Argument(..., help="SQL to run (read-only)."),
    warehouse: str = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", help="Warehouse folder or s3:// URI."),
    limit: int = typer.Option(200, "--limit", help="Rows to print at most (table format)."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json (csv and json: every row, to stdout)."),
) -> None:
    """Run a read-only query against imr.duckdb and print the result as a table (or CSV, or JSON)."""
    import duckdb

    from .publish import UnreadableWarehouse, connect_readonly, sandbox

    if fmt not in ("table", "csv", "json"):
        _fail(f"--format must be table, csv or json, not {fmt!r}", EXIT_USAGE)
    if limit < 1:
        _fail("--limit must be at least 1", EXIT_USAGE)
    if not query.strip():
        _fail("the query is empty", EXIT_USAGE)
    try:
        con = sandbox(connect_readonly(warehouse))
    except FileNotFoundError as exc:
        _fail(str(exc), EXIT_NO_WAREHOUSE)
    except UnreadableWarehouse as exc:
        _fail(str(exc), EXIT_FAILED)
    try:
        cur = con.execute(query)
        cols = [d[0] for d in cur.description] if cur is not None and cur.description else []
        rows = cur.fetchall() if cols else []
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "disabled by configuration" in message:
            message += " (imr sql reads the warehouse only: it writes no files; use --format csv or json to export)"
        _fail(message, EXIT_FAILED)
    finally:
        con.close()
    with _to_reader():
        if fmt == "table":
            _print_rows(cols, rows, limit=limit)
        else:
            _write_rows(cols, rows, fmt)


def _jsonable(v):
    """A value as JSON holds it: lists for lists and tuples (DuckDB's unnamed structs, fixed-size arrays), objects with
    text keys for maps and structs, numbers for decimals, ISO text for dates and times, null for NaN."""
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(_jsonable(k)) if not isinstance(k, str) else k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, decimal.Decimal):
        return float(v) if v.is_finite() else None
    if isinstance(v, (datetime.date, datetime.time, datetime.timedelta, uuid.UUID)):
        return v.isoformat() if hasattr(v, "isoformat") else str(v)
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    return v


def _write_rows(cols: list[str], rows: list[tuple], fmt: str) -> None:
    """Every row to stdout as CSV (a header line, NULL as empty) or as JSON (a list of objects)."""
    import csv
    import json

    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(cols)
        # a list, struct or map as JSON (["CA", "NV"]), a boolean as true/false: as other tools read them
        writer.writerows([json.dumps(_jsonable(v)) if isinstance(v, (list, tuple, dict)) else
                          ("true" if v else "false") if isinstance(v, bool) else v for v in row] for row in rows)
    else:
        keys = _unique(cols)  # a join's two "source_file" columns stay two keys
        json.dump([dict(zip(keys, _jsonable(list(row)))) for row in rows], sys.stdout, indent=1)
        sys.stdout.write("\n")


def _unique(names: list[str]) -> list[str]:
    """Column names made unique for JSON keys: a repeated name gets _2, _3, …"""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


@app.command()
def report(
    warehouse: str = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", help="Warehouse folder or s3:// URI."),
    out_dir: str = typer.Option(None, "--out", help="Folder for imr-report.html (default: the warehouse folder)."),
) -> None:
    """Write imr-report.html: uphold-rate charts and tables, contradictory decisions, quarantine, published figures."""
    import duckdb

    _warehouse_folder(warehouse)
    from .publish import NoWarehouse, UnreadableWarehouse
    from .report import write_report

    try:
        result = write_report(warehouse, out_dir)
    except NoWarehouse as exc:
        _fail(str(exc), EXIT_NO_WAREHOUSE)
    except OSError as exc:  # the --out folder cannot be made or written
        _fail(f"cannot write the report to {out_dir or warehouse}: {exc.strerror or exc}", EXIT_FAILED)
    except duckdb.Error as exc:
        _fail(str(exc).splitlines()[0], EXIT_FAILED)
    except UnreadableWarehouse as exc:
        _fail(str(exc), EXIT_FAILED)
    o = result.data.overall
    rate = f"uphold rate {o['uphold_rate']:.2%}" if o["n_items"] else "no items yet"  # (as stored: 4 decimals)
    out.print(f"wrote [bold]{result.path}[/] ({o['n_items']} items, {rate})")


@app.command()
def search(
    query: str = typer.Argument(..., help='Words to find; "quoted phrases" must appear (punctuation and spacing aside).'),
    decision: str = typer.Option(None, "--decision", help="upheld or overturned."),
    category: str = typer.Option(None, "--category", help='DWC service category, e.g. "Pharmaceuticals".'),
    year: int = typer.Option(None, "--year", help="Year of the decision."),
    limit: int = typer.Option(20, "--limit", help="Results to show at most."),
    warehouse: str = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", help="Warehouse folder or s3:// URI."),
) -> None:
    """Full-text search over item rationales and case summaries, ranked by BM25."""
    from rich.markup import escape
    from rich.text import Text

    from .publish import UnreadableWarehouse, connect_readonly
    from .search import DECISIONS, NoSearchIndex
    from .search import search as run_search

    if not query.strip():
        _fail("the search is empty: give words to find", EXIT_USAGE)
    if decision is not None and decision.lower() not in DECISIONS:
        _fail(f"--decision must be one of: {', '.join(DECISIONS)}", EXIT_USAGE)
    if category is not None:
        from .parse.taxonomy import tables

        names = sorted({c for c, _sub in tables().categories})
        if category.lower() not in {n.lower() for n in names}:
            _fail(f"--category must be one of DWC's categories: {', '.join(names)}", EXIT_USAGE)
    if limit < 1:
        _fail("--limit must be at least 1", EXIT_USAGE)
    try:
        con = connect_readonly(warehouse)
    except FileNotFoundError as exc:
        _fail(str(exc), EXIT_NO_WAREHOUSE)
    except UnreadableWarehouse as exc:
        _fail(str(exc), EXIT_FAILED)
    try:
        rows = run_search(con, query, decision=decision, category=category, year=year, limit=limit)
    except NoSearchIndex as exc:
        _fail(str(exc), EXIT_FAILED)
    finally:
        con.close()
    if not rows:
        out.print(f"no matches for {escape(query)!r}")
        return
    table = Table(title=f"search: {escape(query)}", header_style="bold", show_lines=True)
    for col, kw in [("rank", {"justify": "right"}), ("score", {"justify": "right"}), ("case_id", {"no_wrap": True}),
                    ("item (treatment)", {"max_width": 34}), ("decision", {}), ("category", {}),
                    ("snippet", {"ratio": 1, "min_width": 30})]:
        table.add_column(col, overflow="fold", **kw)
    for r in rows:
        snip = Text(r["snippet"])
        if r["match_span"]:
            snip.stylize("bold yellow", *r["match_span"])
        if r["kind"] == "rationale":
            item = f"#{r['item_id'].rsplit('-', 1)[-1]} {r['treatment'] or ''}"
            decided, category_ = r["decision"] or "", r["service_category"] or ""
        else:
            item, decided, category_ = "(case summary)", f"case: {r['case_outcome'] or ''}", ""
        score = f"{r['score']:.3f}" + ("*" if r["phrase_match"] else "")
        table.add_row(str(r["rank"]), score, r["case_id"], item, decided, category_, snip)
    with _to_reader():
        out.print(table)
        out.print("[dim]* holds the query as an exact phrase (ranked first)[/]")


def main() -> None:  # pragma: no cover
    sys.exit(app())
