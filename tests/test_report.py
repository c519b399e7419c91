"""The analyst report (`imr report`, asset imr_report): one offline HTML file with charts, counts and figures."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import dagster as dg
import pytest
from typer.testing import CliRunner

from pipeline.build import build_warehouse
from pipeline.cli import app
from pipeline.publish import connect_readonly
from pipeline.report import (
    BREAKDOWNS,
    REPORT_NAME,
    collect,
    load_published_figures,
    render_html,
    write_report,
)

from .conftest import SEEDS, TXT


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """The 29 sample letters plus two files that are quarantined (an empty one and a grocery list)."""
    root = tmp_path_factory.mktemp("report")
    raw = root / "raw"
    shutil.copytree(TXT, raw / "dwc")
    shutil.copytree(SEEDS, raw / "seeds")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "notes.txt").write_text("Grocery list\nmilk, eggs & bread\n", encoding="utf-8")
    build_warehouse(raw, str(root / "wh"), workers=1)
    return root / "wh"


@pytest.fixture(scope="module")
def report(warehouse: Path) -> str:
    result = write_report(str(warehouse))
    assert result.path == warehouse / REPORT_NAME
    return result.path.read_text(encoding="utf-8")


def _table(page: str, cls: str) -> str:
    m = re.search(rf'<table class="{cls}">(.*?)</table>', page, re.DOTALL)
    assert m, f"no table {cls}"
    return m.group(1)


def _row(*cells) -> str:
    first, *nums = cells
    return f"<tr><td>{first}</td>" + "".join(f'<td class="num">{n}</td>' for n in nums)


def test_one_svg_chart_per_breakdown(report: str):
    assert report.startswith("<!DOCTYPE html>")
    svgs = re.findall(r"<svg\b[^>]*>", report)
    assert len(svgs) == len(BREAKDOWNS) == 5
    for svg, b in zip(svgs, BREAKDOWNS):
        assert 'class="chart"' in svg and b.title.split(" (")[0] in svg  # aria-label
    # each chart is followed by the table of counts behind it, in order
    positions = [report.index(f'<table class="{b.view}">') for b in BREAKDOWNS]
    assert positions == sorted(positions)
    for b in BREAKDOWNS:
        head = _table(report, b.view)
        for col in ("n_items", "n_upheld", "n_overturned", "uphold_rate", "ci_low", "ci_high", "n_cases", "case_ci_low",
                    "case_ci_high", "n_partial"):
            assert f">{col}</th>" in head
    # the charts draw the interval that counts letters as units, and say how many letters stand behind each bar
    assert report.count("95% interval, letters as units") == len(BREAKDOWNS) and "5 items / 2 letters" in report
    # chart element ids are unique across the page (every chart's ids are prefixed)
    ids = re.findall(r'\bid="([^"]+)"', report)
    assert len(ids) == len(set(ids))


def test_a_view_s_rate_prints_as_stored_never_rounded_twice():
    """The views round to 4 decimals; the report prints that value whole (2 decimals of a percentage): 87/94 =
    0.925532, stored 0.9255, printed with one decimal from it would read 92.5%, not the 92.6% it is."""
    from pipeline.report import _cell

    assert _cell("uphold_rate", 0.9255) == '<td class="num">92.55%</td>'
    assert _cell("case_ci_low", 0.2065) == '<td class="num">20.65%</td>'


def test_numbers_match_the_views(report: str, warehouse: Path):
    overall = _table(report, "overall")
    assert '<td class="num">47</td><td class="num">37</td><td class="num">10</td><td class="num">78.72%</td>' in overall
    service = _table(report, "uphold_rate_by_service_type")
    assert _row("Surgery", 5, 0, 5, "0.00%", "0.00%", "43.45%", 2) in service  # of 2 letters
    assert _row("Rehabilitation", 14, 13, 1, "92.86%", "68.53%", "98.73%") in service
    assert _row("MTUS", 39, 31, 8, "79.49%") in _table(report, "uphold_rate_by_guideline_source")
    assert _row("Orthopedic Surgery", 7, 2, 5) in _table(report, "uphold_rate_by_reviewer_specialty")
    assert _row("lumbar", 10, 9, 1) in _table(report, "uphold_rate_by_body_region")
    month = _table(report, "uphold_rate_by_decision_month")
    assert _row("2017-01", 15, 9, 6) in month and _row("2017-02", 25, 22, 3) in month and _row("no date", 7, 6, 1) in month
    assert month.index("2017-01") < month.index("2017-02") < month.index("no date")
    # every breakdown table has as many rows as its view
    con = connect_readonly(str(warehouse))
    try:
        for b in BREAKDOWNS:
            n = con.execute(f"SELECT count(*) FROM {b.view}").fetchone()[0]
            assert _table(report, b.view).count("<tr>") == n + 1
    finally:
        con.close()


def test_contradictory_decisions_and_quarantine(report: str):
    contradictory = _table(report, "contradictory")
    assert contradictory.count("<tr>") == 2  # header + the one item
    assert "A PAIN MANAGEMENT REFERRAL FOR THE LUMBAR SPINE" in contradictory
    assert "seeds/004_65190ce653d8eeee.txt" in contradictory and "upheld" in contradictory
    assert "medically necessary" in contradictory
    assert "2 raw files did not become a case" in report
    quarantine = _table(report, "quarantine")
    assert "empty file (0 bytes)" in quarantine and "unrecognized layout" in quarantine
    assert ">read<" in quarantine and ">layout<" in quarantine
    assert ">empty.txt<" in quarantine and ">notes.txt<" in quarantine  # which files, to act on them


def test_published_figures_beside_the_warehouse(report: str):
    figures = load_published_figures()
    assert {f["figure_id"] for f in figures} >= {"uphold_2014", "overturn_2024", "pharma_share_2014_2017", "em_overturn_2024"}
    assert all(f["source"] for f in figures)
    published = _table(report, "published")
    for value in ("91.0%", "88.6%", "91.2%", "10.4%", "9.5%", "10.2%", "12.7%", "45%–50%", "23.1%"):
        assert f"<b>{value}</b>" in published, value
    assert "CWCI studies and DWC annual IMR reports" in published
    # 2017: the warehouse's own rate for the same year, with its interval and counts
    row_2017 = next(r for r in published.split("<tr>") if ">2017<" in r and "upheld" in r)
    assert "<b>77.5%</b>" in row_2017 and "31 of 40" in row_2017
    assert "no items" in published  # no 2019-2024 letters in the sample


def test_self_contained_and_escaped(report: str, warehouse: Path):
    for pattern in (r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", r"""url\(\s*["']?\s*(?:https?:)?//""",
                    r"@import", r"<script", r"<link\b", r"<img\b", r"<iframe"):
        assert not re.search(pattern, report, re.IGNORECASE), pattern
    con = connect_readonly(str(warehouse))
    try:
        # DuckDB's own progress bar would print into piped output of `imr sql`: it is off.
        assert con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0] is False
        data = collect(con, "<wh>")
    finally:
        con.close()
    data.contradictory[0]["treatment"] = '<script>alert("x")</script>'
    data.breakdowns["uphold_rate_by_service_type"][0]["service_category"] = "A & <B>"
    page = render_html(data)
    assert "<script>" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "A &amp; &lt;B&gt;" in page and "<B>" not in page
    assert "&lt;wh&gt;" in page


def test_cli_report(warehouse: Path, tmp_path: Path):
    r = CliRunner().invoke(app, ["report", "--warehouse", str(warehouse), "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / REPORT_NAME).stat().st_size > 10_000
    r = CliRunner().invoke(app, ["report", "--warehouse", str(tmp_path / "nowhere")])
    assert r.exit_code == 4


def test_asset_writes_report_with_metadata(warehouse: Path, tmp_path: Path):
    from pipeline.assets.report import imr_report
    from pipeline.assets.resources import WarehouseResource
    from pipeline.definitions import build_defs

    assert imr_report.key in build_defs(str(tmp_path), str(warehouse)).resolve_job_def("build_warehouse").asset_layer.executable_asset_keys
    (warehouse / REPORT_NAME).unlink(missing_ok=True)
    with dg.instance_for_test() as instance:
        result = dg.materialize(
            [imr_report], instance=instance,
            resources={"warehouse": WarehouseResource(raw_dir=str(tmp_path), warehouse=str(warehouse))},
        )
    assert result.success
    assert (warehouse / REPORT_NAME).exists()
    spec = imr_report.specs_by_key[imr_report.key]
    assert spec.group_name == "report" and set(spec.kinds) == {"html"}
    assert dg.AssetKey("uphold_rate_by_service_type") in {d.asset_key for d in spec.deps}
    meta = result.asset_materializations_for_node("imr_report")[0].metadata
    assert meta["path"].value == str(warehouse / REPORT_NAME)
    chart = meta["service_category_chart"].value
    assert chart.startswith("![Uphold rate by service category](data:image/png;base64,iVBOR") and chart.endswith(")")
    assert meta["dagster/row_count"].value == 47
    assert meta["rows_per_section"].value["uphold_rate_by_service_type"] == 9
    assert meta["quarantined"].value == 2 and meta["contradictory_decisions"].value == 1
