"""The analyst report: one self-contained HTML file (``imr-report.html``) read from ``imr.duckdb``.

Uphold rates with 95% intervals (Wilson over items, and counting letters as units) by service category, guideline source, reviewer specialty, body
region and decision month (a chart, inline SVG drawn by matplotlib, then the counts behind it, read from
the ``uphold_rate_*`` views); the items whose decision contradicts their rationale; the quarantine; and
DWC's and CWCI's published figures (``published_figures.csv``) beside the warehouse's own.
Nothing is loaded from the network: no scripts, styles, fonts or images outside the file.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from .publish import connect_readonly, fetch_dicts, local_dir
from .store import is_remote

REPORT_NAME = "imr-report.html"
PUBLISHED_FIGURES = Path(__file__).with_name("published_figures.csv")
RATE_COLS = ["n_items", "n_upheld", "n_overturned", "uphold_rate", "ci_low", "ci_high", "n_cases", "case_ci_low",
             "case_ci_high", "n_partial"]


@dataclass(frozen=True)
class Breakdown:
    view: str
    key: str
    title: str
    heading: str  # the column heading of the key


BREAKDOWNS = [
    Breakdown("uphold_rate_by_service_type", "service_category", "Uphold rate by service category", "Service category"),
    Breakdown("uphold_rate_by_guideline_source", "guideline_source",
              "Uphold rate by guideline source (the source MAXIMUS based the decision on)", "Guideline source"),
    Breakdown("uphold_rate_by_reviewer_specialty", "specialty",
              "Uphold rate by reviewer specialty (an item counts under each specialty its reviewer lists)",
              "Reviewer specialty"),
    Breakdown("uphold_rate_by_body_region", "body_region", "Uphold rate by body region", "Body region"),
    Breakdown("uphold_rate_by_decision_month", "decision_month", "Uphold rate by decision month", "Decision month"),
]
KEY_COLS = {b.key for b in BREAKDOWNS}
CONTRADICTORY_COLS = ["item_id", "case_id", "source_file", "decision_date", "treatment", "decision",
                      "rationale_conclusion", "rationale_mixed", "rationale_end"]


@dataclass
class ReportData:
    warehouse: str
    generated_at: datetime
    overall: dict
    totals: dict
    breakdowns: dict[str, list[dict]]
    contradictory: list[dict]
    quarantine_count: int
    quarantine_reasons: list[dict]
    letter_status: list[dict]
    published: list[dict] = field(default_factory=list)

    def row_counts(self) -> dict[str, int]:
        counts = {b.view: len(self.breakdowns[b.view]) for b in BREAKDOWNS}
        counts["contradictory_decisions"] = len(self.contradictory)
        counts["quarantine"] = self.quarantine_count
        counts["published_figures"] = len(self.published)
        return counts


# ---------------------------------------------------------------- data


def load_published_figures(path: Path = PUBLISHED_FIGURES) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    for r in rows:
        r["year_from"], r["year_to"] = int(r["year_from"]), int(r["year_to"])
        r["value"] = float(r["value"])
        r["value_high"] = float(r["value_high"]) if r["value_high"] else None
    return rows


def _month_key(row: dict):
    m = row["decision_month"]
    return (m is None, m or date.min)


def _rate(con, expr: str, expr_params: list, where: str = "TRUE", where_params: list | None = None) -> dict:
    """Over items matching ``where`` (disputed_items i JOIN cases c): n, k (those where ``expr``), rate, CI."""
    sql = f"""
        SELECT n, k, wilson_low(k, n)::DOUBLE AS ci_low, wilson_high(k, n)::DOUBLE AS ci_high
        FROM (SELECT count(*)::BIGINT AS n, (count(*) FILTER (WHERE hit))::BIGINT AS k
              FROM (SELECT ({expr}) AS hit FROM disputed_items i JOIN cases c USING (case_id) WHERE {where}))"""
    r = fetch_dicts(con, sql, [*expr_params, *(where_params or [])])[0]
    r["rate"] = r["k"] / r["n"] if r["n"] else None
    return r


def _compare(con, fig: dict) -> tuple[dict, dict]:
    """The warehouse's counterpart of a published figure: for the same decision years, and over all years."""
    metric, cat = fig["metric"], fig["category"]
    if metric == "uphold_rate":
        expr, expr_params, where, where_params = "i.decision = 'upheld'", [], "TRUE", []
    elif metric == "overturn_rate":
        expr, expr_params, where, where_params = "i.decision = 'overturned'", [], "TRUE", []
    elif metric == "category_share":
        expr, expr_params, where, where_params = "i.service_category = ?", [cat], "TRUE", []
    elif metric == "category_overturn_rate":
        expr, expr_params, where, where_params = "i.decision = 'overturned'", [], "i.service_category = ?", [cat]
    else:
        raise ValueError(f"unknown metric in published_figures.csv: {metric}")
    years = f"{where} AND year(c.decision_date) BETWEEN ? AND ?"
    same = _rate(con, expr, expr_params, years, [*where_params, fig["year_from"], fig["year_to"]])
    return same, _rate(con, expr, expr_params, where, where_params)


def collect(con: duckdb.DuckDBPyConnection, warehouse: str = "") -> ReportData:
    overall = fetch_dicts(con, "SELECT * FROM uphold_rate_overall")[0]
    totals = fetch_dicts(con, """SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM disputed_items) AS items,
        (SELECT count(*) FROM guideline_citations) AS citations, (SELECT count(*) FROM letters) AS files,
        (SELECT min(decision_date) FROM cases) AS first_decision, (SELECT max(decision_date) FROM cases) AS last_decision,
        (SELECT count(*) FROM cases WHERE decision_date IS NULL) AS cases_without_date""")[0]
    breakdowns = {}
    for b in BREAKDOWNS:
        rows = fetch_dicts(con, f"SELECT {b.key}, {', '.join(RATE_COLS)} FROM {b.view}")
        if b.key == "decision_month":
            rows.sort(key=_month_key)
        breakdowns[b.view] = rows
    contradictory = fetch_dicts(con, f"SELECT {', '.join(CONTRADICTORY_COLS)} FROM contradictory_decisions")
    q_count = con.execute("SELECT count(*) FROM quarantine").fetchone()[0]
    q_reasons = fetch_dicts(con, """SELECT stage, reason, count(*) AS files,
            array_to_string(list_slice(list(source_file ORDER BY source_file), 1, 5), ', ')
            || CASE WHEN count(*) > 5 THEN ', …' ELSE '' END AS source_files
        FROM quarantine GROUP BY stage, reason ORDER BY files DESC, stage, reason""")
    status = fetch_dicts(con, "SELECT status, count(*) AS files FROM letters GROUP BY ALL ORDER BY files DESC, status")
    published = []
    for fig in load_published_figures():
        same, every = _compare(con, fig)
        published.append({**fig, "warehouse_same_years": same, "warehouse_all_years": every})
    return ReportData(warehouse, datetime.now(UTC), overall, totals, breakdowns, contradictory,
                      int(q_count), q_reasons, status, published)


# ---------------------------------------------------------------- charts


def _key_label(key: str, value) -> str:
    """How a breakdown's key is shown: months as YYYY-MM, NULL as 'no date' or '(none)'."""
    if value is None:
        return "no date" if key == "decision_month" else "(none)"
    if isinstance(value, date):
        return value.strftime("%Y-%m")
    return str(value)


def _figure(rows: list[dict], key: str, title: str | None, overall_rate: float | None, max_rows: int = 40):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = rows[:max_rows]
    labels = [_key_label(key, r[key]) for r in rows]
    rates = [r["uphold_rate"] or 0.0 for r in rows]
    # the interval counting letters as units: items of one letter are not independent
    lo = [max(0.0, rate - (r["case_ci_low"] if r["case_ci_low"] is not None else rate)) for rate, r in zip(rates, rows)]
    hi = [max(0.0, (r["case_ci_high"] if r["case_ci_high"] is not None else rate) - rate) for rate, r in zip(rates, rows)]
    height = (1.25 if title else 1.0) + 0.3 * max(len(rows), 1)
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "imr-report", "font.size": 9,
                         "font.family": "DejaVu Sans"}):
        fig, ax = plt.subplots(figsize=(7.5, height))
        y = list(range(len(rows)))
        ax.barh(y, rates, color="#4c78a8", height=0.6, label="uphold rate")
        ax.errorbar(rates, y, xerr=[lo, hi], fmt="o", color="#222222", markersize=3, elinewidth=1, capsize=3,
                    label="95% interval, letters as units")
        for yi, r in zip(y, rows):
            ax.text(1.02, yi, f"{r['n_items']} items / {r['n_cases']} letters", va="center", fontsize=8,
                    transform=ax.get_yaxis_transform())
        if overall_rate is not None:
            ax.axvline(overall_rate, color="#e45756", linestyle="--", linewidth=1,
                       label=f"all items {_pct(overall_rate, _VIEW_DIGITS)}")
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        ax.set_xlabel("share of items upheld")
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, fontsize=8, frameon=False, borderaxespad=0.2)
        if title:
            fig.suptitle(title, fontsize=10, x=0.02, ha="left")
        fig.tight_layout()
    return fig


def _svg_clean(svg: str, prefix: str, title: str) -> str:
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    for ident in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f'id="{ident}"', f'id="{prefix}-{ident}"')
        svg = svg.replace(f'"#{ident}"', f'"#{prefix}-{ident}"').replace(f"url(#{ident})", f"url(#{prefix}-{ident})")
    return svg.replace("<svg ", f'<svg class="chart" role="img" aria-label="{html.escape(title)}" ', 1)


def chart_svg(rows: list[dict], key: str, title: str, overall_rate: float | None, prefix: str) -> str:
    import matplotlib.pyplot as plt

    fig = _figure(rows, key, None, overall_rate)
    buf = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "imr-report"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    return _svg_clean(buf.getvalue(), prefix, title)


def chart_png(rows: list[dict], key: str, title: str, overall_rate: float | None, dpi: int = 72) -> bytes:
    import matplotlib.pyplot as plt

    fig = _figure(rows, key, title, overall_rate)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()


# ---------------------------------------------------------------- HTML

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 2rem auto;
       max-width: 62rem; padding: 0 1rem; color: #1d1d1f; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; margin-top: 2.4rem; border-bottom: 1px solid #ddd; }
h3 { font-size: 1.05rem; margin-top: 1.8rem; }
.sub { color: #555; margin-top: 0; } .note { color: #555; font-size: .9rem; }
table { border-collapse: collapse; margin: .6rem 0 1.2rem; font-size: .88rem;
        display: block; max-width: 100%; overflow-x: auto; }  /* a table wider than the page scrolls, not cut */
th, td { border-bottom: 1px solid #e3e3e3; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f5f5f7; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.kpis { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.kpi { border: 1px solid #ddd; border-radius: 6px; padding: .6rem .9rem; min-width: 9rem; }
.kpi b { display: block; font-size: 1.35rem; } .kpi span { color: #555; font-size: .85rem; }
svg.chart { max-width: 100%; height: auto; display: block; }
nav a { margin-right: .8rem; white-space: nowrap; } .empty { color: #777; font-style: italic; }
td { overflow-wrap: break-word; } td.quote { font-style: italic; color: #333; min-width: 20rem; }
table.contradictory td:first-child { min-width: 14rem; }
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def _pct(value, digits: int = 1) -> str:
    """A share as a percentage. The views' rates and intervals, rounded to 4 decimals, print with 2 (``_VIEW_DIGITS``):
    as stored, never rounded a second time (0.92553 stored 0.9255 would print 92.5%, not the 92.6% it is)."""
    return "" if value is None else f"{value * 100:.{digits}f}%"


_VIEW_DIGITS = 2


def _cell(col: str, value) -> str:
    if col in ("uphold_rate", "ci_low", "ci_high", "case_ci_low", "case_ci_high") and value is not None:
        return f'<td class="num">{_pct(value, _VIEW_DIGITS)}</td>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<td class="num">{_e(value)}</td>'
    if col in KEY_COLS:
        return f"<td>{_e(_key_label(col, value))}</td>"
    return f"<td>{_e(value)}</td>"


def _table(rows: list[dict], cols: list[str], headings: dict[str, str] | None = None, cls: str = "") -> str:
    if not rows:
        return '<p class="empty">No rows.</p>'
    headings = headings or {}
    num = {"n_items", "n_upheld", "n_overturned", "uphold_rate", "ci_low", "ci_high", "n_cases", "case_ci_low",
           "case_ci_high", "n_partial", "files"}
    head = "".join(f'<th class="num">{_e(headings.get(c, c))}</th>' if c in num else f"<th>{_e(headings.get(c, c))}</th>"
                   for c in cols)
    body = "".join("<tr>" + "".join(_cell(c, r.get(c)) for c in cols) + "</tr>" for r in rows)
    return f'<table class="{_e(cls)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _published_rows(data: ReportData) -> str:
    out = []
    for f in data.published:
        same, every = f["warehouse_same_years"], f["warehouse_all_years"]
        years = str(f["year_from"]) if f["year_from"] == f["year_to"] else f"{f['year_from']}–{f['year_to']}"
        value = _pct(f["value"]) if f["value_high"] is None else f"{_pct(f['value'], 0)}–{_pct(f['value_high'], 0)}"

        def fmt(r: dict) -> str:
            if not r["n"]:
                return '<span class="empty">no items</span>'
            return (f"<b>{_pct(r['rate'])}</b> <span class=\"note\">{_pct(r['ci_low'])}–{_pct(r['ci_high'])}, "
                    f"{r['k']} of {r['n']}</span>")

        out.append(
            f'<tr><td>{_e(f["description"])}</td><td>{_e(years)}</td><td class="num"><b>{_e(value)}</b></td>'
            f"<td>{fmt(same)}</td><td>{fmt(every)}</td><td class=\"note\">{_e(f['source'])}</td></tr>"
        )
    refs = sorted({f["reference"] for f in data.published if f.get("reference")})
    return (
        '<table class="published"><thead><tr><th>Figure</th><th>Years</th><th class="num">Published</th>'
        "<th>Warehouse, same years</th><th>Warehouse, all its years</th><th>Source</th></tr></thead><tbody>"
        + "".join(out) + "</tbody></table>"
        + "".join(f'<p class="note">As summarized in {_e(r)}; kept in <code>pipeline/published_figures.csv</code>.</p>'
                  for r in refs)
    )


def _contradictory(rows: list[dict]) -> str:
    if not rows:
        return '<p class="empty">No rows.</p>'
    body = []
    for r in rows:
        conclusion = (r["rationale_conclusion"] or "").replace("_", " ")
        mixed = " (mixed)" if r.get("rationale_mixed") else ""
        body.append(
            f"<tr><td><b>{_e(r['treatment'])}</b><br><span class=\"note\">{_e(r['item_id'])}<br>{_e(r['source_file'])}"
            f"{'<br>decided ' + _e(r['decision_date']) if r['decision_date'] else ''}</span></td>"
            f"<td>{_e(r['decision'])}</td><td>{_e(conclusion + mixed)}</td><td class=\"quote\">…{_e(r['rationale_end'])}</td></tr>"
        )
    return ('<table class="contradictory"><thead><tr><th>Item</th><th>Decision</th><th>Rationale concludes</th>'
            "<th>End of the rationale</th></tr></thead><tbody>" + "".join(body) + "</tbody></table>")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def render_html(data: ReportData) -> str:
    o, t = data.overall, data.totals
    rate = o["uphold_rate"]
    sections = [("overall", "Overall"), ("published", "Published figures"),
                *((b.view, b.heading) for b in BREAKDOWNS),
                ("contradictory", "Contradictory decisions"), ("quarantine", "Quarantine")]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>IMR determinations: uphold rates</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>California IMR determinations: uphold rates</h1>",
        (f'<p class="sub">Warehouse <code>{_e(data.warehouse)}</code> · generated '
        f"{_e(data.generated_at.strftime('%Y-%m-%d %H:%M UTC'))} · decisions {_e(t['first_decision'])} to "
        f"{_e(t['last_decision'])} ({_e(_plural(t['cases_without_date'], 'letter'))} without a decision date)</p>"),
        "<nav>" + " ".join(f'<a href="#{_e(a)}">{_e(label)}</a>' for a, label in sections) + "</nav>",
        '<h2 id="overall">Overall</h2><div class="kpis">',
        f"<div class=\"kpi\"><b>{_e(t['cases'])}</b><span>letters (cases)</span></div>",
        f"<div class=\"kpi\"><b>{_e(o['n_items'])}</b><span>disputed items</span></div>",
        f"<div class=\"kpi\"><b>{_e(o['n_upheld'])}</b><span>upheld</span></div>",
        f"<div class=\"kpi\"><b>{_e(o['n_overturned'])}</b><span>overturned</span></div>",
        (f"<div class=\"kpi\"><b>{_e(_pct(rate, _VIEW_DIGITS))}</b><span>uphold rate, 95% interval "
         f"{_e(_pct(o['case_ci_low'], _VIEW_DIGITS))}–{_e(_pct(o['case_ci_high'], _VIEW_DIGITS))} (letters as units)</span></div>"),
        f"<div class=\"kpi\"><b>{_e(data.quarantine_count)}</b><span>files quarantined</span></div></div>",
        _table([o], RATE_COLS, cls="overall"),
        ('<p class="note">View <code>uphold_rate_overall</code>. Rates are shares of disputed items upheld. '
        "<code>ci_low</code>–<code>ci_high</code> is the Wilson 95% score interval counting every item as "
        "independent, too narrow wherever a letter's items share a fate; <code>case_ci_low</code>–<code>case_ci_high"
        "</code>, drawn in the charts, counts each letter as one unit (a letter's items share a reviewer and often a "
        "fate) and is the one to read: <code>n_cases</code> letters stand behind <code>n_items</code> items. "
        "<code>n_partial</code> items are partial authorizations: upheld, they deny only what utilization review "
        "did not authorize. Each chart below is followed by the counts behind it, read from the view named under "
        "it; its dashed line marks the rate over all items.</p>"),
        '<h2 id="published">Published figures beside the warehouse</h2>',
        ('<p class="note">DWC\'s and CWCI\'s published figures count disputed items, as the warehouse does. '
        "The warehouse columns give its own figure for the same decision years (letters without a decision date "
        "count only under all years), with its Wilson 95% interval and counts; \"all years\" is every decision year "
        "the warehouse holds, whatever the figure's years. A sample or a partial download is not DWC's full "
        "population: its mix of treatments follows the letters it holds.</p>"),
        _published_rows(data),
        "<h2>Uphold rates</h2>",
    ]
    for n, b in enumerate(BREAKDOWNS):
        rows = data.breakdowns[b.view]
        parts.append(f'<h3 id="{_e(b.view)}">{_e(b.title)}</h3>')
        if rows:
            parts.append(chart_svg(rows, b.key, b.title, rate, prefix=f"c{n}"))
        parts.append(_table(rows, [b.key, *RATE_COLS], {b.key: b.heading}, cls=b.view))
        parts.append(f'<p class="note">View <code>{_e(b.view)}</code>.</p>')
    parts += [
        '<h2 id="contradictory">Decisions that contradict their rationale</h2>',
        (f'<p class="note">{_e(_plural(len(data.contradictory), "item"))} whose decision contradicts the conclusion '
        "of their own rationale (kept as written, flagged). View <code>contradictory_decisions</code>.</p>"),
        _contradictory(data.contradictory),
        '<h2 id="quarantine">Quarantine</h2>',
        f"<p>{_e(_plural(data.quarantine_count, 'raw file'))} did not become a case. Files by status: "
        + (", ".join(f"{_e(r['status'])} {_e(r['files'])}" for r in data.letter_status) or "none")
        + ".</p>",
        _table(data.quarantine_reasons, ["stage", "reason", "files", "source_files"], cls="quarantine") if data.quarantine_reasons
        else '<p class="empty">No file was quarantined.</p>',
        "</body></html>",
    ]
    return "\n".join(parts)


# ---------------------------------------------------------------- entry points


@dataclass
class ReportResult:
    path: Path
    data: ReportData

    def service_category_png(self) -> bytes:
        b = BREAKDOWNS[0]
        return chart_png(self.data.breakdowns[b.view], b.key, b.title, self.data.overall["uphold_rate"])

    def service_category_markdown(self) -> str:
        encoded = base64.b64encode(self.service_category_png()).decode("ascii")
        return f"![{BREAKDOWNS[0].title}](data:image/png;base64,{encoded})"


def write_report(warehouse: str, out_dir: str | Path | None = None, label: str | None = None) -> ReportResult:
    """Render the report from the published warehouse into ``<out_dir>/imr-report.html`` (default: the
    warehouse folder; for an object-store warehouse, its local cache folder and the store itself).
    ``label`` is how the report names the warehouse (default: ``warehouse`` as given)."""
    con = connect_readonly(warehouse)
    try:
        data = collect(con, label or warehouse)
    finally:
        con.close()
    text = render_html(data)
    out = Path(out_dir) if out_dir is not None else local_dir(warehouse)
    out.mkdir(parents=True, exist_ok=True)
    path = out / REPORT_NAME
    tmp = path.with_name(f".{REPORT_NAME}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    if out_dir is None and is_remote(warehouse):
        from .store import PartStore

        store = PartStore(warehouse)
        store.fs.put_file(str(path), store.path(REPORT_NAME))
    return ReportResult(path, data)
