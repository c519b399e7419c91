"""The Dagster UI and the HTML report in a real browser (Debian's Chromium, headless, driven by Playwright).

Builds the sample warehouse with `imr build` (so the runs are recorded), starts `dagster-webserver` on a free
local port, checks the asset graph shows every asset, and renders imr-report.html. Skipped when Chromium or
Playwright is missing, except in CI (CI=true), where that is a failure: `.ci/run` installs Chromium.
Screenshots: tests/artifacts/asset-graph.png, report-asset.png, report.png, report-screenshot.png (docs/report-screenshot.png with IMR_UPDATE_SCREENSHOT=1).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.report import BREAKDOWNS, REPORT_NAME, write_report

from .conftest import SEEDS, TXT

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(__file__).parent / "artifacts"
DOCS_SCREENSHOT = ROOT / "docs" / "report-screenshot.png"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BIN = Path(sys.executable).parent
VIEWS = [b.view for b in BREAKDOWNS] + ["uphold_rate_overall", "contradictory_decisions"]
ASSETS = ["raw_letters", "cases", "disputed_items", "imr_duckdb", *VIEWS, "imr_report"]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs Debian's chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def playwright_chromium():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The 29 sample letters built with `imr build` into a temp folder, runs recorded in a temp DAGSTER_HOME."""
    root = tmp_path_factory.mktemp("ui")
    raw, wh, home = root / "raw", root / "wh", root / "dagster_home"
    shutil.copytree(TXT, raw / "dwc")
    shutil.copytree(SEEDS, raw / "seeds")
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\nnux:\n  enabled: false\n")
    env = dict(os.environ, DAGSTER_HOME=str(home))
    r = subprocess.run([str(BIN / "imr"), "build", "--raw", str(raw), "--warehouse", str(wh), "--workers", "1"],
                       env=env, capture_output=True, text=True, timeout=180, cwd=root, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (wh / REPORT_NAME).exists()  # written by the imr_report asset
    return {"root": root, "raw": raw, "wh": wh, "home": home}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"dagster-webserver exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"dagster-webserver did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)  # the server and the code server it started, nothing else
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _shown_in_graph(name: str, labels: list[str]) -> bool:
    """Graph nodes shorten long names in the middle ("upho…_service_type")."""
    for label in labels:
        if label == name:
            return True
        if "…" in label:
            head, _, tail = label.partition("…")
            if name.startswith(head) and name.endswith(tail) and len(head) + len(tail) < len(name):
                return True
    return False


def test_asset_graph_shows_every_asset(built, playwright_chromium):
    port = _free_port()
    log = built["root"] / "webserver.log"
    env = dict(os.environ, DAGSTER_HOME=str(built["home"]), IMR_RAW_DIR=str(built["raw"]), IMR_WAREHOUSE=str(built["wh"]))
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            [str(BIN / "dagster-webserver"), "-h", "127.0.0.1", "-p", str(port), "-m", "pipeline.definitions"],
            cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{base}/server_info", proc, log)
        page = playwright_chromium.new_page(viewport={"width": 1600, "height": 1000})
        try:
            page.goto(f"{base}/asset-groups", wait_until="domcontentloaded")
            page.wait_for_selector('[title="views"]', timeout=45_000)  # the code location has loaded
            skip = page.get_by_role("button", name="Skip")
            if skip.count():
                skip.first.click()
            page.keyboard.press("Alt+e")  # expand all groups in the graph
            page.wait_for_selector("text=imr_report", timeout=15_000)
            for group in ("ingest", "warehouse", "views", "report"):  # and in the sidebar tree
                row = page.locator("[class*=AssetSidebarNode_itemContainer]", has=page.locator(f'[title="{group}"]'))
                row.locator("button").first.click()
            page.wait_for_selector('[title="uphold_rate_by_service_type"]', timeout=15_000)
            labels = page.eval_on_selector_all("[class*=assetName]", "els => els.map(e => e.textContent.trim())")
            titles = set(page.eval_on_selector_all("[title]", "els => els.map(e => e.getAttribute('title'))"))
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "asset-graph.png"))
            # the report asset's page: its materialization shows the service-category chart inline
            page.goto(f"{base}/assets/imr_report", wait_until="domcontentloaded")
            page.get_by_text("service_category_chart").first.wait_for(timeout=30_000)
            page.get_by_text("[Show Markdown]").first.click()
            image = page.locator('img[src^="data:image/png;base64,"]').first
            image.wait_for(timeout=15_000)
            assert image.evaluate("e => e.complete && e.naturalWidth") > 300
            page.screenshot(path=str(ARTIFACTS / "report-asset.png"))
        finally:
            page.close()
        missing_in_graph = [a for a in ASSETS if not _shown_in_graph(a, labels)]
        missing_in_tree = [a for a in ASSETS if a not in titles]
        assert not missing_in_graph, f"not in the graph: {missing_in_graph}; nodes: {labels}"
        assert not missing_in_tree, f"not in the asset tree: {missing_in_tree}"
        assert "imr_report" in labels and "raw_letters" in labels and "imr_duckdb" in labels
    finally:
        _stop(proc)
    assert proc.poll() is not None


def test_report_renders_with_its_charts(built, playwright_chromium):
    page = playwright_chromium.new_page(viewport={"width": 1100, "height": 1400})
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    try:
        page.goto((built["wh"] / REPORT_NAME).as_uri())
        charts = page.locator("svg.chart")
        assert charts.count() == len(BREAKDOWNS)
        for i, b in enumerate(BREAKDOWNS):
            chart = charts.nth(i)
            assert chart.get_attribute("aria-label") == b.title
            box = chart.bounding_box()
            assert box and box["width"] > 300 and box["height"] > 100  # drawn, not collapsed
            assert chart.locator("path, rect, use").count() > 5
        assert "Surgery" in (charts.nth(0).text_content() or "")
        assert page.locator("table.uphold_rate_by_service_type tbody tr").count() == 9
        assert "A PAIN MANAGEMENT REFERRAL FOR THE LUMBAR SPINE" in page.locator("table.contradictory").inner_text()
        assert "91.2%" in page.locator("table.published").inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        assert all(u.startswith("file://") for u in requests), requests  # nothing fetched from a network
        # the picture the README shows: the same report, naming the warehouse as a user would see it
        docs = write_report(str(built["wh"]), built["root"] / "docs", label="data/warehouse")
        page.goto(docs.path.as_uri())
        page.wait_for_selector("svg.chart")
        # The README's picture is tracked: rewritten only on request (IMR_UPDATE_SCREENSHOT=1), else an artifact.
        shot = DOCS_SCREENSHOT if os.environ.get("IMR_UPDATE_SCREENSHOT") == "1" else ARTIFACTS / "report-screenshot.png"
        table = page.locator("table.uphold_rate_by_service_type").bounding_box()  # down to the first chart's table
        height = table["y"] + table["height"] + 40 if table else 2400
        page.screenshot(path=str(shot), full_page=True, clip={"x": 0, "y": 0, "width": 1100, "height": height})
    finally:
        page.close()
    assert shot.stat().st_size > 20_000
