"""The asset graph end to end on temp folders: exact row counts, checks, sensor, incremental runs."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import parse
from pipeline.assets.automation import raw_folder_sensor
from pipeline.build import build_warehouse
from pipeline.definitions import build_defs, defs
from pipeline.store import PartStore

from .conftest import PDF, SEEDS, TXT

N_REAL_ITEMS = 40
SQL = Path(__file__).resolve().parent.parent / "sql"
N_SEED_ITEMS = 7


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    d = tmp_path / "raw"
    shutil.copytree(TXT, d / "dwc-2016-2017")
    shutil.copytree(SEEDS, d / "seeds")
    return d


def q(warehouse: Path, sql: str):
    con = duckdb.connect(str(warehouse / "imr.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)
    keys = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {"raw_letters", "cases", "reviewers", "disputed_items", "guideline_citations", "quarantine", "imr_duckdb",
            "uphold_rate_by_service_type", "uphold_rate_by_guideline_source", "uphold_rate_by_reviewer_specialty"} <= keys


def test_materialize_whole_graph(raw: Path, tmp_path: Path):
    wh = tmp_path / "wh"
    d = build_defs(str(raw), str(wh), workers=1)
    result = d.resolve_job_def("build_warehouse").execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert result.success
    checks = {c.check_name: c.passed for c in result.get_asset_check_evaluations()}
    assert checks["every_file_accounted"] and checks["view_totals_match_tables"]
    assert checks["decisions_are_upheld_or_overturned"] and checks["case_ids_are_unique"]
    assert checks["citation_ids_are_unique"] and checks["source_files_are_unique"]
    assert checks["other_category_share_is_low"]
    # each table's columns are described in the UI as sql/schema.sql comments them
    schema = next(m.metadata["dagster/column_schema"].schema for m in result.get_asset_materialization_events()
                  if m.asset_key == dg.AssetKey("disputed_items")
                  for m in [m.event_specific_data.materialization])  # fmt: skip
    described = {c.name: c.description for c in schema.columns}
    assert described["decision"] == "upheld | overturned" and described["body_region"].startswith("cervical, thoracic")
    assert q(wh, "SELECT count(*) FROM cases") == [(29,)]
    assert q(wh, "SELECT count(*) FROM disputed_items") == [(N_REAL_ITEMS + N_SEED_ITEMS,)]
    assert q(wh, "SELECT count(*) FROM quarantine") == [(0,)]
    assert q(wh, "SELECT count(*) FROM cases WHERE case_number IS NULL") == [(5,)]
    assert q(wh, "SELECT sum(n_items) FROM uphold_rate_by_service_type") == [(N_REAL_ITEMS + N_SEED_ITEMS,)]
    # Parquet is the record: the same rows, readable by any engine.
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM read_parquet('{wh}/parquet/disputed_items/*.parquet')").fetchone()[0]
    assert n == N_REAL_ITEMS + N_SEED_ITEMS


def test_a_run_with_nothing_new_describes_views_and_report_as_recorded(raw: Path, tmp_path: Path):
    """Nothing new published: the views' previews and the report are not computed again, their last description
    stands (the same file); a new letter makes them computed afresh."""
    wh = tmp_path / "wh"
    instance = dg.DagsterInstance.ephemeral()
    job = build_defs(str(raw), str(wh), workers=1).resolve_job_def("build_warehouse")

    def described(result) -> dict[str, dict]:
        return {m.asset_key.to_user_string(): m.metadata for e in result.get_asset_materialization_events()
                for m in [e.event_specific_data.materialization]}  # fmt: skip

    first = described(job.execute_in_process(instance=instance))
    report = wh / "imr-report.html"
    written = report.stat().st_mtime_ns
    second = described(job.execute_in_process(instance=instance))
    for key in ("uphold_rate_by_service_type", "imr_report"):
        assert "unchanged" not in first[key] and second[key]["unchanged"].value is True
        assert second[key]["published"] == first[key]["published"]
    assert second["uphold_rate_by_service_type"]["preview"] == first["uphold_rate_by_service_type"]["preview"]
    assert report.stat().st_mtime_ns == written  # not rendered again
    shutil.copy(raw / "dwc-2016-2017" / "CM17-0004133.txt", raw / "CM17-0004133-again.txt")
    (raw / "CM17-0004133-again.txt").write_text((raw / "CM17-0004133-again.txt").read_text().replace(
        "Standard", "Expedited", 1))
    third = described(job.execute_in_process(instance=instance))
    assert "unchanged" not in third["imr_report"] and third["imr_report"]["published"] != first["imr_report"]["published"]


def test_views_by_hand(raw: Path, tmp_path: Path):
    wh = tmp_path / "wh"
    build_warehouse(raw, str(wh), workers=1)
    # 47 items: 37 upheld (40 real: 31 upheld, 9 overturned; seeds: 6 upheld, 1 overturned).
    [(n, up, over, rate, lo, hi)] = q(wh, "SELECT n_items, n_upheld, n_overturned, uphold_rate, ci_low, ci_high "
                                          "FROM uphold_rate_overall")
    assert (n, up, over) == (47, 37, 10)
    assert rate == round(37 / 47, 4)
    # Wilson 95% for 37/47, computed by hand: centre (p + z²/2n)/(1 + z²/n), half-width z·sqrt(p(1-p)/n + z²/4n²)/(1 + z²/n)
    z, p = 1.96, 37 / 47
    centre = (p + z * z / 94) / (1 + z * z / 47)
    half = z * (p * (1 - p) / 47 + z * z / (4 * 47 * 47)) ** 0.5 / (1 + z * z / 47)
    assert (lo, hi) == (round(centre - half, 4), round(centre + half, 4))
    by_source = {r[0]: r[1:4] for r in q(wh, "SELECT * FROM uphold_rate_by_guideline_source")}
    # MAXIMUS's first citation: ODG for the 8 items of CM16-0243394 (2), CM16-0246487 (cold therapy, sling),
    # CM17-0004133 (items 2, 3), CM17-0008177, seed 003; of them CM16-0246487's two are overturned.
    assert by_source == {"MTUS": (39, 31, 8), "ODG": (8, 6, 2)}
    spec = {r[0]: r[1:4] for r in q(wh, "SELECT * FROM uphold_rate_by_reviewer_specialty")}
    # Orthopedic Surgery: CM16-0246487 (6 items, 2 upheld) and CM17-0015218 (1 item, overturned).
    assert spec["Orthopedic Surgery"] == (7, 2, 5)
    assert spec["Physical Medicine & Rehabilitation"] == (10, 10, 0)  # CM17-0010006 (6) + seeds 001 (1), 004 (3)
    states = {r[0]: r[1:4] for r in q(wh, "SELECT * FROM uphold_rate_by_license_state")}
    # CA-licensed reviewers: 15 real letters (20 items, 16 upheld) and 4 seeds (4 items, 3 upheld).
    assert states["CA"] == (24, 19, 5)
    service = {r[0]: r[1:4] for r in q(wh, "SELECT * FROM uphold_rate_by_service_type")}
    # Surgery: the shoulder arthroscopy, its 3 associated surgical services, and the ORIF's remaining part.
    assert service["Surgery"] == (5, 0, 5)
    assert sum(v[0] for v in service.values()) == 47
    # Letters behind each figure, and the partial authorizations among the items: CM17-0001749, -0003192, -0004133,
    # -0011517, -0013754 and -0015218, four upheld.
    assert q(wh, "SELECT n_cases, n_partial, n_partial_upheld FROM uphold_rate_overall") == [(29, 6, 4)]
    assert q(wh, "SELECT n_cases FROM uphold_rate_by_service_type WHERE service_category = 'Surgery'") == [(2,)]
    # The interval counting letters as units, by hand from the letters' (upheld, items) pairs.
    pairs = q(wh, "SELECT count(*) FILTER (WHERE decision = 'upheld'), count(*) FROM disputed_items GROUP BY case_id")
    assert q(wh, "SELECT case_ci_low, case_ci_high FROM uphold_rate_overall") == [_case_interval(pairs)]
    for view in ("uphold_rate_by_guideline_source", "uphold_rate_by_cited_guideline_source",
                 "uphold_rate_by_reviewer_specialty", "uphold_rate_by_primary_specialty", "uphold_rate_by_license_state",
                 "uphold_rate_by_decision_month", "uphold_rate_by_service_subcategory"):
        for lo, hi, clo, chi, k, n in q(wh, f"SELECT ci_low, ci_high, case_ci_low, case_ci_high, n_cases, n_items FROM {view}"):
            assert 1 <= k <= n and 0 <= clo <= chi <= 1 and 0 <= lo <= hi <= 1, view
    # Each item once by its reviewer's first specialty; every MAXIMUS source an item cites.
    assert sum(r[0] for r in q(wh, "SELECT n_items FROM uphold_rate_by_primary_specialty")) == 47
    cited = {r[0]: r[1] for r in q(wh, "SELECT guideline_source, n_items FROM uphold_rate_by_cited_guideline_source")}
    assert cited == {r[0]: r[1] for r in q(wh, "SELECT source, count(DISTINCT item_id) FROM guideline_citations "
                                               "WHERE cited_by = 'maximus' GROUP BY ALL")}
    assert cited["ODG"] > by_source["ODG"][0]  # ODG cited after the MTUS counts here, not in the first-source view


def _case_interval(pairs: list[tuple[int, int]]) -> tuple[float, float]:
    """Wilson 95% at the effective sample size of letters as clusters (ratio estimator's linearized variance,
    floored at Kish's m²/Σm_i²), shrunk by (1.96 / t)² for a variance estimated from k letters."""
    k, y, m = len(pairs), sum(p[0] for p in pairs), sum(p[1] for p in pairs)
    p = y / m
    var = k / (k - 1) * sum((yi - p * mi) ** 2 for yi, mi in pairs) / m**2
    n = max(m * m / sum(mi * mi for _, mi in pairs), min(m, p * (1 - p) / var))
    assert k == 29
    n *= (1.96 / 2.0484) ** 2  # Student's t, 97.5%, 28 degrees of freedom (from a table)
    z = 1.96
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5 / (1 + z * z / n)
    return round(centre - half, 4), round(centre + half, 4)


def test_the_letter_interval_is_never_narrower_than_the_letters_allow():
    """Effective items between Kish's effective number of letters (all of a letter's items decided alike) and the
    items; where every item is upheld the variance cannot be estimated and Kish's number counts (one letter of 21
    upheld items is one observation, not 21)."""
    con = duckdb.connect()
    con.execute((SQL / "schema.sql").read_text())  # the macros read the tables (case_counts)
    con.execute((SQL / "macros.sql").read_text())

    def effective_n_and_low(pairs):
        k, y, m = len(pairs), sum(a for a, _ in pairs), sum(b for _, b in pairs)
        yy, ym, mm = sum(a * a for a, _ in pairs), sum(a * b for a, b in pairs), sum(b * b for _, b in pairs)
        return con.execute(f"SELECT case_effective_n({y}, {m}, {k}, {yy}, {ym}, {mm}), "
                           f"round(case_ci_low({y}, {m}, {k}, {yy}, {ym}, {mm}), 4)").fetchone()

    # one letter of 21 upheld items: one observation; but one letter says nothing of how letters differ, its interval is
    # the whole range, wider than two letters' (which was not so: Wilson at n = 1 gave 0.2065–1)
    assert effective_n_and_low([(21, 21)]) == (1, 0.0)
    assert con.execute("SELECT case_ci_high(21, 21, 1, 441, 441, 441), case_ci_low(2, 3, 1, 4, 6, 9), "
                       "case_ci_high(2, 3, 1, 4, 6, 9)").fetchone() == (1.0, 0.0, 1.0)
    assert effective_n_and_low([(3, 3), (3, 3)])[1] < 0.05  # two letters: t with one degree of freedom
    assert effective_n_and_low([(21, 21), (3, 3), (1, 1)])[0] == 625 / 451  # all upheld: Kish's m²/Σm_i², not 25
    assert effective_n_and_low([(3, 3)] * 5)[0] == 5  # ... which is the letters where they hold as many items each
    # one letter of 12 items overturned and 20 letters of one upheld: 20 of 32, but nowhere near 21 observations
    n_eff, low = effective_n_and_low([(0, 12)] + [(1, 1)] * 20)
    assert round(n_eff, 2) == 6.24 and low < 0.27
    assert effective_n_and_low([(1, 2)] * 10)[0] == 20  # every letter split alike: no likeness within letters
    # two letters of one upheld and one overturned item each: 4 effective items, shrunk by t with 1 degree of freedom
    t_interval = con.execute("SELECT round(case_ci_low(2, 4, 2, 2, 4, 8), 4), round(wilson_low(0.5 * 4 * (1.96 / 12.706) ^ 2, "
                             "4 * (1.96 / 12.706) ^ 2), 4)").fetchone()
    assert t_interval[0] == t_interval[1]
    assert effective_n_and_low([(10, 10), (0, 10), (10, 10), (0, 10)])[0] == 4  # each letter all one way
    assert effective_n_and_low([(8, 10), (9, 10), (8, 10), (9, 10)])[0] == 40  # less spread than chance: the items


def test_sensor_requests_run_for_new_file_only(raw: Path, tmp_path: Path):
    from pipeline.assets.resources import WarehouseResource

    res = {"warehouse": WarehouseResource(raw_dir=str(raw), warehouse=str(tmp_path / "wh"))}
    first = raw_folder_sensor(dg.build_sensor_context(resources=res))
    assert isinstance(first, dg.SensorResult) and len(first.run_requests) == 1
    again = raw_folder_sensor(dg.build_sensor_context(cursor=first.cursor, resources=res))
    assert isinstance(again, dg.SkipReason)
    (raw / "new.txt").write_text(next(TXT.glob("*.txt")).read_text())
    third = raw_folder_sensor(dg.build_sensor_context(cursor=first.cursor, resources=res))
    assert isinstance(third, dg.SensorResult) and len(third.run_requests) == 1


def test_incremental_runs(raw: Path, tmp_path: Path):
    wh = str(tmp_path / "wh")
    s1, _ = build_warehouse(raw, wh, workers=1)
    assert (s1.files_seen, s1.parsed, s1.cases) == (29, 29, 29)
    s2, _ = build_warehouse(raw, wh, workers=1)
    assert (s2.new_or_changed, s2.unchanged, s2.parsed, s2.cases) == (0, 29, 0, 29)
    # A changed letter replaces its old rows.
    f = raw / "dwc-2016-2017" / "CM16-0240434.txt"
    f.write_text(f.read_text().replace("MRI of the right knee without contrast: Overturned", "MRI of the right knee: Overturned"))
    s3, _ = build_warehouse(raw, wh, workers=1)
    assert (s3.new_or_changed, s3.parsed) == (1, 1)
    assert q(Path(wh), "SELECT treatment FROM disputed_items WHERE case_id = 'CM16-0240434'") == [("MRI of the right knee",)]
    assert q(Path(wh), "SELECT count(*) FROM disputed_items") == [(47,)]
    # A deleted letter's rows go.
    (raw / "dwc-2016-2017" / "CM16-0224814.txt").unlink()
    s4, _ = build_warehouse(raw, wh, workers=1)
    assert (s4.deleted, s4.cases) == (1, 28)
    assert q(Path(wh), "SELECT count(*) FROM cases WHERE case_id = 'CM16-0224814'") == [(0,)]
    assert q(Path(wh), "SELECT count(*) FROM disputed_items") == [(46,)]


def test_duplicate_copy_is_one_case_and_recorded(raw: Path, tmp_path: Path):
    wh = tmp_path / "wh"
    shutil.copy(raw / "dwc-2016-2017" / "CM17-0004133.txt", raw / "copy-of-CM17-0004133.txt")
    stats, _ = build_warehouse(raw, str(wh), workers=1)
    assert (stats.files_seen, stats.cases, stats.duplicates) == (30, 29, 1)
    assert stats.accounted
    assert q(wh, "SELECT status, primary_source_file FROM letters WHERE source_file = 'dwc-2016-2017/CM17-0004133.txt'") in (
        [("case", "dwc-2016-2017/CM17-0004133.txt")], [("duplicate", "copy-of-CM17-0004133.txt")])
    assert q(wh, "SELECT count(*) FROM disputed_items WHERE case_id = 'CM17-0004133'") == [(3,)]
    # Removing the file the case was read from lets the duplicate take over.
    primary = q(wh, "SELECT source_file FROM cases WHERE case_id = 'CM17-0004133'")[0][0]
    (raw / primary).unlink()
    stats, _ = build_warehouse(raw, str(wh), workers=1)
    assert stats.cases == 29
    assert q(wh, "SELECT count(*) FROM disputed_items WHERE case_id = 'CM17-0004133'") == [(3,)]


def test_a_copy_under_another_name_does_not_displace_the_file_named_after_its_case(raw: Path, tmp_path: Path):
    wh = tmp_path / "wh"
    shutil.copy(raw / "dwc-2016-2017" / "CM17-0004133.txt", raw / "a-copy.txt")  # first in path order
    build_warehouse(raw, str(wh), workers=1)
    assert q(wh, "SELECT source_file FROM cases WHERE case_id = 'CM17-0004133'") == [("dwc-2016-2017/CM17-0004133.txt",)]
    assert q(wh, "SELECT status FROM letters WHERE source_file = 'a-copy.txt'") == [("duplicate",)]


def test_reissued_letter_replaces_and_keeps_history(raw: Path, tmp_path: Path):
    wh = tmp_path / "wh"
    build_warehouse(raw, str(wh), workers=1)
    original = (raw / "dwc-2016-2017" / "CM16-0240434.txt").read_text()
    corrected = original.replace("01/19/2017", "01/25/2017").replace(": Overturned", ": Upheld")
    (raw / "CM16-0240434-corrected.txt").write_text(corrected)
    stats, _ = build_warehouse(raw, str(wh), workers=1)
    assert (stats.cases, stats.superseded) == (29, 1)
    assert q(wh, "SELECT decision_date::VARCHAR, n_upheld FROM cases WHERE case_id = 'CM16-0240434'") == [("2017-01-25", 1)]
    assert q(wh, "SELECT source_file, superseded_by FROM case_history") == [
        ("dwc-2016-2017/CM16-0240434.txt", "CM16-0240434-corrected.txt")]
    assert q(wh, "SELECT decision FROM disputed_items WHERE case_id = 'CM16-0240434'") == [("upheld",)]


def test_a_correction_of_the_same_date_and_items_is_a_new_version_not_a_copy(raw: Path, tmp_path: Path):
    """A re-issue with the same decision date and items but another date of injury is a correction: the file written
    last wins and the older goes to case_history; the same letter again (PDF and text) stays a duplicate."""
    wh = tmp_path / "wh"
    original = raw / "dwc-2016-2017" / "CM16-0240434.txt"
    build_warehouse(raw, str(wh), workers=1)
    text = original.read_text()
    assert text.count("11/09/2016") == 1
    corrected = raw / "reissued" / "CM16-0240434.txt"
    corrected.parent.mkdir()
    corrected.write_text(text.replace("11/09/2016", "11/08/2016"))
    os.utime(corrected, ns=(original.stat().st_mtime_ns + 10**9,) * 2)  # written after the original
    stats, _ = build_warehouse(raw, str(wh), workers=1)
    assert (stats.cases, stats.superseded, stats.duplicates) == (29, 1, 0)
    assert q(wh, "SELECT date_of_injury::VARCHAR, source_file FROM cases WHERE case_id = 'CM16-0240434'") == [
        ("2016-11-08", "reissued/CM16-0240434.txt")]
    assert q(wh, "SELECT source_file, superseded_by FROM case_history") == [
        ("dwc-2016-2017/CM16-0240434.txt", "reissued/CM16-0240434.txt")]


def test_a_letter_corrected_in_place_logs_its_previous_version(raw: Path, tmp_path: Path):
    """A corrected letter saved over its file (a re-download replacing it) replaces the case's rows and logs the
    previous version in case_history, superseded by the same file; the file touched again, or re-read with the
    same content, logs nothing more."""
    wh = tmp_path / "wh"
    letter = raw / "dwc-2016-2017" / "CM16-0240434.txt"
    build_warehouse(raw, str(wh), workers=1)
    letter.write_text(letter.read_text().replace(": Overturned", ": Upheld"))
    stats, _ = build_warehouse(raw, str(wh), workers=1)
    assert (stats.cases, stats.superseded) == (29, 0)
    assert q(wh, "SELECT decision FROM disputed_items WHERE case_id = 'CM16-0240434'") == [("upheld",)]
    logged = [("dwc-2016-2017/CM16-0240434.txt", "dwc-2016-2017/CM16-0240434.txt", 1)]
    assert q(wh, "SELECT source_file, superseded_by, n_overturned FROM case_history") == logged
    os.utime(letter, ns=(time.time_ns(), time.time_ns()))  # re-read, same content
    build_warehouse(raw, str(wh), workers=1)
    assert q(wh, "SELECT source_file, superseded_by, n_overturned FROM case_history") == logged


def test_a_letter_gone_bad_in_place_is_quarantined_and_its_previous_version_logged(raw: Path, tmp_path: Path):
    """A truncated re-download saved over a letter: the file is quarantined and its case leaves the tables (the raw
    folder holds no readable version of it), but the version it held is logged in case_history, superseded by the
    same file, so it can be recovered; written back whole, the case returns and nothing is logged twice."""
    wh = tmp_path / "wh"
    letter = raw / "dwc-2016-2017" / "CM16-0240434.txt"
    original = letter.read_text()
    build_warehouse(raw, str(wh), workers=1)
    letter.write_text(original[: original.index("Decision rationale:") + 60])  # cut mid-rationale
    stats, _ = build_warehouse(raw, str(wh), workers=1)
    assert (stats.cases, stats.quarantined) == (28, 1)
    assert q(wh, "SELECT count(*) FROM disputed_items WHERE case_id = 'CM16-0240434'") == [(0,)]
    assert q(wh, "SELECT status FROM letters WHERE source_file = 'dwc-2016-2017/CM16-0240434.txt'") == [("quarantined",)]
    logged = [("dwc-2016-2017/CM16-0240434.txt", "dwc-2016-2017/CM16-0240434.txt", "CM16-0240434", 1)]
    assert q(wh, "SELECT source_file, superseded_by, case_id, n_overturned FROM case_history") == logged
    letter.write_text(original)
    stats, _ = build_warehouse(raw, str(wh), workers=1)
    assert stats.cases == 29
    assert q(wh, "SELECT count(*) FROM disputed_items WHERE case_id = 'CM16-0240434'") == [(1,)]
    assert q(wh, "SELECT source_file, superseded_by, case_id, n_overturned FROM case_history") == logged


def test_a_letter_gone_bad_in_place_is_logged_when_an_older_version_takes_over(raw: Path, tmp_path: Path):
    """The case's file goes bad while an older version of the letter is held elsewhere: the older one is the case
    again, and the version the bad file held (the newest) is logged, superseded by the file now the case."""
    wh = tmp_path / "wh"
    letter = raw / "dwc-2016-2017" / "CM16-0240434.txt"
    original = letter.read_text()
    older = raw / "older" / "CM16-0240434.txt"
    older.parent.mkdir()
    older.write_text(original.replace("01/19/2017", "01/02/2017"))  # decided earlier: superseded by the letter
    build_warehouse(raw, str(wh), workers=1)
    assert q(wh, "SELECT source_file FROM cases WHERE case_id = 'CM16-0240434'") == [("dwc-2016-2017/CM16-0240434.txt",)]
    letter.write_text(original[: original.index("Decision rationale:") + 60])
    build_warehouse(raw, str(wh), workers=1)
    assert q(wh, "SELECT source_file, decision_date::VARCHAR FROM cases WHERE case_id = 'CM16-0240434'") == [
        ("older/CM16-0240434.txt", "2017-01-02")]
    assert q(wh, "SELECT source_file, decision_date::VARCHAR, superseded_by FROM case_history "
                 "WHERE source_file = 'dwc-2016-2017/CM16-0240434.txt'") == [
        ("dwc-2016-2017/CM16-0240434.txt", "2017-01-19", "older/CM16-0240434.txt")]


def test_a_version_that_was_the_case_is_logged_whichever_file_takes_over(raw: Path, tmp_path: Path):
    """A text letter corrected in place, then written back as it was: its corrected version, the case meanwhile,
    is logged when the PDF of the original takes the case back."""
    wh = tmp_path / "wh"
    letter = raw / "dwc-2016-2017" / "CM16-0240434.txt"
    (raw / "pdf").mkdir()
    shutil.copy(PDF / "CM16-0240434.pdf", raw / "pdf" / "CM16-0240434.pdf")
    original = letter.read_text()
    build_warehouse(raw, str(wh), workers=1)
    letter.write_text(original.replace("01/19/2017", "01/25/2017"))  # a later decision: the text file is the case
    build_warehouse(raw, str(wh), workers=1)
    assert q(wh, "SELECT source_file, decision_date::VARCHAR FROM cases WHERE case_id = 'CM16-0240434'") == [
        ("dwc-2016-2017/CM16-0240434.txt", "2017-01-25")]
    letter.write_text(original)
    os.utime(letter, ns=(time.time_ns(), time.time_ns()))
    build_warehouse(raw, str(wh), workers=1)
    assert q(wh, "SELECT source_file FROM cases WHERE case_id = 'CM16-0240434'") == [("pdf/CM16-0240434.pdf",)]
    assert q(wh, "SELECT source_file, decision_date::VARCHAR, superseded_by FROM case_history ORDER BY superseded_at") == [
        ("pdf/CM16-0240434.pdf", "2017-01-19", "dwc-2016-2017/CM16-0240434.txt"),
        ("dwc-2016-2017/CM16-0240434.txt", "2017-01-25", "pdf/CM16-0240434.pdf")]


def test_case_history_outlives_a_new_parser(raw: Path, tmp_path: Path, monkeypatch):
    """A run of another parser version reads every letter again but keeps the case_history log (a log, not a reading),
    logs nothing twice, and publishes history parts written before a column was added."""
    import pyarrow.parquet as pq

    from pipeline import ingest

    wh = tmp_path / "wh"
    corrected = (raw / "dwc-2016-2017" / "CM16-0240434.txt").read_text().replace("01/19/2017", "01/25/2017")
    (raw / "CM16-0240434-corrected.txt").write_text(corrected)
    build_warehouse(raw, str(wh), workers=1)
    logged = [("dwc-2016-2017/CM16-0240434.txt", "CM16-0240434-corrected.txt")]
    assert q(wh, "SELECT source_file, superseded_by FROM case_history") == logged
    (raw / "CM16-0240434-corrected.txt").unlink()  # the entry can no longer be made again from the raw folder
    store = PartStore(str(wh))
    (part,) = store.manifest().tables["case_history"]
    path = store.part_path("case_history", part)
    pq.write_table(pq.read_table(path).drop_columns(["reviewer_credentials_text"]), path)  # as an older version wrote it
    monkeypatch.setattr(ingest, "_SIGNATURE", "another-parser")
    stats, _ = build_warehouse(raw, str(wh), workers=1)
    assert stats.reread and stats.cases == 29
    assert q(wh, "SELECT source_file, superseded_by, reviewer_credentials_text FROM case_history") == [(*logged[0], None)]


def test_a_reviewer_s_text_is_of_the_letters_held(raw: Path, tmp_path: Path):
    """A reviewer's credentials_text is the least of the texts the warehouse's letters print (each case keeps its own
    in reviewer_credentials_text): a letter printing it otherwise, once deleted, leaves no trace, so an incremental
    build equals a full one."""
    wh, full = tmp_path / "wh", tmp_path / "full"
    text = (raw / "dwc-2016-2017" / "CM16-0240434.txt").read_text()
    other = raw / "other" / "CM16-8888888.txt"
    other.parent.mkdir()
    other.write_text(text.replace("CM16-0240434", "CM16-8888888").replace("Licensure: New Jersey", "Licensure: NEW JERSEY"))
    build_warehouse(raw, str(wh), workers=1)
    rid = "SELECT reviewer_id FROM cases WHERE case_id = 'CM16-0240434'"
    assert q(wh, f"SELECT credentials_text FROM reviewers WHERE reviewer_id = ({rid})")[0][0].startswith(
        "State(s) of Licensure: NEW JERSEY")
    assert q(wh, "SELECT reviewer_credentials_text FROM cases WHERE case_id = 'CM16-0240434'")[0][0].startswith(
        "State(s) of Licensure: New Jersey")
    other.unlink()
    build_warehouse(raw, str(wh), workers=1)
    build_warehouse(raw, str(full), workers=1)
    everything = "SELECT * FROM reviewers ORDER BY reviewer_id"
    assert q(wh, everything) == q(full, everything)
    assert q(wh, f"SELECT credentials_text FROM reviewers WHERE reviewer_id = ({rid})")[0][0].startswith(
        "State(s) of Licensure: New Jersey")


def test_case_history_logs_each_supersession_once(raw: Path, tmp_path: Path):
    """``case_history`` is a log of versions superseded: re-reading a superseded file (touched, content unchanged)
    logs nothing new, however often it happens."""
    wh = tmp_path / "wh"
    original = raw / "dwc-2016-2017" / "CM16-0240434.txt"
    corrected = original.read_text().replace("01/19/2017", "01/25/2017").replace(": Overturned", ": Upheld")
    (raw / "CM16-0240434-corrected.txt").write_text(corrected)
    build_warehouse(raw, str(wh), workers=1)
    logged = [("dwc-2016-2017/CM16-0240434.txt", "CM16-0240434-corrected.txt")]
    assert q(wh, "SELECT source_file, superseded_by FROM case_history") == logged
    for _ in range(2):
        os.utime(original, ns=(time.time_ns(), time.time_ns()))  # re-read, same content
        stats, _ = build_warehouse(raw, str(wh), workers=1)
        assert stats.superseded == 1
        assert q(wh, "SELECT source_file, superseded_by FROM case_history") == logged


def test_an_empty_raw_folder_does_not_empty_the_warehouse(tmp_path: Path, monkeypatch):
    """A raw folder with no letters at all, where the warehouse records some, is most likely the wrong folder (an
    unmounted drive, a mistyped path): the run refuses and changes nothing, unless told to empty it."""
    from pipeline.build import ALLOW_EMPTY_ENV, EmptyRawFolder

    raw, empty, wh = tmp_path / "raw", tmp_path / "empty", tmp_path / "wh"
    shutil.copytree(TXT, raw)
    empty.mkdir()
    build_warehouse(raw, str(wh), workers=1)
    monkeypatch.delenv(ALLOW_EMPTY_ENV, raising=False)
    with pytest.raises(EmptyRawFolder, match="holds no letters but the warehouse records 24 files"):
        build_warehouse(empty, str(wh), workers=1)
    assert q(wh, "SELECT count(*) FROM cases") == [(24,)]
    # files, but none a letter: the same
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "empty.txt").write_bytes(b"")
    (junk / "letter.docx").write_bytes(b"PK\x03\x04")
    with pytest.raises(EmptyRawFolder, match="holds no letters but the warehouse records 24 cases"):
        build_warehouse(junk, str(wh), workers=1)
    assert q(wh, "SELECT count(*) FROM cases") == [(24,)]
    monkeypatch.setenv(ALLOW_EMPTY_ENV, "1")
    stats, counts = build_warehouse(empty, str(wh), workers=1)
    assert (stats.deleted, counts["cases"]) == (24, 0)


def test_every_batch_folder_is_its_own_partition():
    """Partition keys are one per folder: names made plain ("May 2024") keep a hash of the name as written, so
    they meet neither another folder's plain name ("May_2024") nor the loose top-level files' key."""
    from pipeline.staging import batch_key

    folders = ["", "_root", "root", "May 2024", "May_2024", "May-2024", "2024-05", "a b", "a_b", "a  b"]
    keys = [batch_key(f) for f in folders]
    assert len(set(keys)) == len(folders)
    assert (batch_key(""), batch_key("2024-05"), batch_key("May_2024")) == ("_root", "2024-05", "May_2024")
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+", k) for k in keys)


def test_partitioned_staging_feeds_the_build(raw: Path, tmp_path: Path):
    """Batch folders parsed ahead as partitions (multiprocess executor) are taken by the next build, not re-parsed."""
    from pipeline.assets.resources import WarehouseResource
    from pipeline.assets.staging import raw_batches_sensor

    wh = tmp_path / "wh"
    res = {"warehouse": WarehouseResource(raw_dir=str(raw), warehouse=str(wh))}
    instance = dg.DagsterInstance.ephemeral()
    sensor_result = raw_batches_sensor(dg.build_sensor_context(resources=res, instance=instance))
    assert sorted(r.partition_key for r in sensor_result.run_requests) == ["dwc-2016-2017", "seeds"]
    keys = sensor_result.dynamic_partitions_requests[0].partition_keys
    instance.add_dynamic_partitions("letter_batches", list(keys))
    d = build_defs(str(raw), str(wh), workers=1)
    job = d.resolve_job_def("stage_batches")
    for key in keys:
        assert job.execute_in_process(instance=instance, partition_key=key).success
    assert len(list((wh / "staging").glob("*/*/files.parquet"))) == 2
    result = d.resolve_job_def("build_warehouse").execute_in_process(instance=instance)
    assert result.success
    inv = next(e for e in result.get_asset_materialization_events()
               if e.event_specific_data.materialization.asset_key.to_user_string() == "raw_letters")
    assert inv.event_specific_data.materialization.metadata["files_seen"].value == 29
    assert inv.event_specific_data.materialization.metadata["taken_from_staging"].value == 29  # none parsed again
    assert inv.event_specific_data.materialization.metadata["parser"].value == ("compiled" if parse.NATIVE else "Python")
    assert q(wh, "SELECT count(*) FROM cases") == [(29,)]
    assert not (wh / "staging").exists() or not any((wh / "staging").iterdir())  # consumed
    again = raw_batches_sensor(dg.build_sensor_context(cursor=sensor_result.cursor, resources=res, instance=instance))
    assert isinstance(again, dg.SkipReason)
    # a batch folder removed: its partition is removed too (a backfill over every partition would fail on it)
    shutil.rmtree(raw / "seeds")
    gone = raw_batches_sensor(dg.build_sensor_context(cursor=sensor_result.cursor, resources=res, instance=instance))
    [delete] = [r for r in gone.dynamic_partitions_requests if isinstance(r, dg.DeleteDynamicPartitionsRequest)]
    assert list(delete.partition_keys) == ["seeds"] and not gone.run_requests


def test_staged_results_are_used_instead_of_parsing(raw: Path, tmp_path: Path):
    from pipeline.staging import stage_folder

    wh = str(tmp_path / "wh")
    assert stage_folder(raw, "seeds", wh)["staged"] == 5
    stats, counts = build_warehouse(raw, wh, workers=1)
    assert (stats.staged, stats.parsed, counts["cases"]) == (5, 29, 29)
    # Staged results come before the parsed ones ("seeds" after "dwc-2016-2017"): the inventory is sorted.
    store = PartStore(wh)
    rels = store.read_table(store.manifest(), "letters").column("source_file").to_pylist()
    assert rels == sorted(rels) and rels[0].startswith("dwc-2016-2017/") and len(rels) == 29
    # A staged file changed since staging is parsed again, never taken stale.
    stage_folder(raw, "seeds", wh)  # nothing new: stages nothing
    f = next((raw / "seeds").glob("000_*.txt"))
    stage_folder(raw, "dwc-2016-2017", wh)
    f.write_text(f.read_text() + "\n")
    stats, _ = build_warehouse(raw, wh, workers=1)
    assert (stats.staged, stats.new_or_changed) == (0, 1)


def test_results_staged_by_another_parser_version_are_parsed_again(raw: Path, tmp_path: Path, monkeypatch):
    import pipeline.ingest
    from pipeline.staging import stage_folder

    wh = str(tmp_path / "wh")
    build_warehouse(raw, wh, workers=1)
    monkeypatch.setattr(pipeline.ingest, "_SIGNATURE", "0123456789abcdef")  # as if the parser had changed
    assert stage_folder(raw, "seeds", wh)["staged"] == 5  # the record is another version's: all staged again
    monkeypatch.undo()  # and the next ingest runs the version before: what was staged is not its reading
    (wh_staged,) = [p for p in (Path(wh) / "staging" / "seeds").iterdir()]
    assert wh_staged.name.startswith("0123456789abcdef-")
    stats, counts = build_warehouse(raw, wh, workers=1)
    assert (stats.reread, stats.staged, stats.new_or_changed, counts["cases"]) == (False, 0, 0, 29)
    assert not (Path(wh) / "staging").exists() or not any((Path(wh) / "staging").iterdir())


def test_progress_is_reported_per_batch(raw: Path, tmp_path: Path):
    calls = []
    build_warehouse(raw, str(tmp_path / "wh"), workers=1, progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1] == (29, 29)


def _tables(con) -> dict:
    """Every row of the record's tables, order aside (times of the run left out)."""
    out = {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall()))
           for t in ("cases", "disputed_items", "guideline_citations", "reviewers", "quarantine")}
    out["letters"] = sorted(map(repr, con.execute("SELECT * EXCLUDE (parsed_at) FROM letters").fetchall()))
    out["case_history"] = sorted(map(repr, con.execute("SELECT * EXCLUDE (superseded_at) FROM case_history").fetchall()))
    return out


def _snapshot(path: Path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = _tables(con)
        out["postings"] = sorted(con.execute(
            "SELECT d.case_id, coalesce(d.item_id, ''), d.kind, d.len, t.term, t.tf FROM search_terms t JOIN search_docs d USING (doc_id)"
        ).fetchall())
        out["vocab"] = sorted(con.execute("SELECT term, df FROM search_vocab").fetchall())
        out["stats"] = con.execute("SELECT n_docs, round(avg_len, 6) FROM search_stats").fetchall()
        out["uphold"] = con.execute("SELECT * FROM uphold_rate_by_service_type ORDER BY 1").fetchall()
        return out
    finally:
        con.close()


def test_parser_processes_give_the_rows_of_one_process(raw: Path, tmp_path: Path):
    # Two parser processes, started before the folder is stat'ed, share even a small run between them.
    one, _ = build_warehouse(raw, str(tmp_path / "one"), workers=1)
    two, _ = build_warehouse(raw, str(tmp_path / "two"), workers=2)
    assert one.peak_rss_mb_parser is None  # parsed in the build process
    assert two.peak_rss_mb_parser is not None and 20 < two.peak_rss_mb_parser < 1500
    assert (two.parsed, two.cases) == (one.parsed, one.cases) == (29, 29)
    assert _snapshot(tmp_path / "one" / "imr.duckdb") == _snapshot(tmp_path / "two" / "imr.duckdb")


def test_process_all_in_parser_processes_keeps_order(raw: Path):
    from pipeline.ingest import Parsers, process_all, scan

    files = list(scan(raw))
    alone = [r.rel for b in process_all(files, 1) for r in b.files]
    with Parsers(2) as parsers:
        batches = list(process_all(files, 2, batch_size=4, parsers=parsers))
    assert [r.rel for b in batches for r in b.files] == alone == sorted(alone)
    assert [len(b.files) for b in batches] == [4] * 7 + [1]
    assert all(b.peak_rss_mb for b in batches)
    with Parsers(2) as parsers:  # fewer files than two batches: one batch a process
        assert [len(b.files) for b in process_all(files[:5], 2, parsers=parsers)] == [3, 2]


def test_a_batch_pickles_to_the_same_batch(raw: Path, tmp_path: Path):
    # What a parser process sends: tables as Arrow IPC streams, file results as tuples; nothing changes.
    import pickle

    from pipeline.ingest import process_batch, scan

    (raw / "empty.txt").write_bytes(b"")
    batch = process_batch(list(scan(raw)))
    files, streams, _reviewers, _rss = batch.__getstate__()
    assert all(isinstance(row, tuple) for row in files) and all(isinstance(s, bytes) for s in streams.values())
    back = pickle.loads(pickle.dumps(batch))
    assert back.files == batch.files and len(back.files) == 30
    assert [f.reason is not None for f in back.files].count(True) == 1
    assert back.reviewers == batch.reviewers and back.peak_rss_mb == batch.peak_rss_mb
    assert back.tables.keys() == batch.tables.keys()
    for name, table in batch.tables.items():
        assert back.tables[name].equals(table) and back.tables[name].schema == table.schema
    empty = pickle.loads(pickle.dumps(process_batch([])))
    assert empty.files == [] and all(t.num_rows == 0 for t in empty.tables.values())
    assert {n: t.schema for n, t in empty.tables.items()} == {n: t.schema for n, t in batch.tables.items()}


def _collector_settings():
    import gc

    return gc.get_threshold(), gc.get_freeze_count()


def test_parser_processes_keep_the_collector_out_of_the_way():
    from pipeline.ingest import PARSER_GC_THRESHOLD, Parsers

    with Parsers(2) as parsers:
        (threshold, *_), frozen = parsers.pool.submit(_collector_settings).result(timeout=60)
    assert threshold == PARSER_GC_THRESHOLD and frozen > 10_000  # the rules and what was inherited


def test_in_place_publication_equals_a_full_rebuild(raw: Path, tmp_path: Path):
    from pipeline.publish import build_database
    from pipeline.store import PartStore

    wh = tmp_path / "wh"
    build_warehouse(raw, str(wh), workers=1)
    # changes of every kind: edit, delete, copy (duplicate), re-issue, junk
    f = raw / "dwc-2016-2017" / "CM16-0240434.txt"
    f.write_text(f.read_text().replace("MRI of the right knee without contrast: Overturned", "MRI of the right knee: Overturned"))
    (raw / "dwc-2016-2017" / "CM16-0224814.txt").unlink()
    shutil.copy(raw / "dwc-2016-2017" / "CM17-0004133.txt", raw / "copy.txt")
    reissued = (raw / "dwc-2016-2017" / "CM17-0008177.txt").read_text().replace("02/09/2017", "02/20/2017")
    (raw / "reissued.txt").write_text(reissued.replace(": Upheld", ": Overturned"))
    (raw / "junk.txt").write_bytes(b"\x00\x01" * 50)
    _stats, _ = build_warehouse(raw, str(wh), workers=1)
    con = duckdb.connect(str(wh / "imr.duckdb"), read_only=True)
    assert con.execute("SELECT incremental_runs FROM warehouse_info").fetchone() == (1,)  # updated in place
    con.close()
    store = PartStore(str(wh))
    fresh = tmp_path / "fresh.duckdb"
    build_database(store, store.manifest(), fresh)
    assert _snapshot(wh / "imr.duckdb") == _snapshot(fresh)
    # A run with nothing new publishes nothing.
    before = (wh / "imr.duckdb").stat().st_mtime_ns
    build_warehouse(raw, str(wh), workers=1)
    assert (wh / "imr.duckdb").stat().st_mtime_ns == before


def test_incremental_runs_equal_a_build_from_scratch(raw: Path, tmp_path: Path):
    """Whatever happened between runs, the record equals one built from scratch over the same files."""
    wh = tmp_path / "wh"
    build_warehouse(raw, str(wh), workers=1)
    txt = raw / "dwc-2016-2017"
    # run 2: an edit, a copy (duplicate), a re-issue, junk
    f = txt / "CM16-0240434.txt"
    f.write_text(f.read_text().replace("MRI of the right knee without contrast: Overturned", "MRI of the right knee: Overturned"))
    shutil.copy(txt / "CM17-0004133.txt", raw / "copy-CM17-0004133.txt")
    reissued = (txt / "CM17-0008177.txt").read_text().replace("02/09/2017", "02/20/2017")
    (raw / "reissued.txt").write_text(reissued.replace(": Upheld", ": Overturned"))
    (raw / "junk.txt").write_bytes(b"\x00\x01" * 50)
    build_warehouse(raw, str(wh), workers=1)
    # run 3: the primary of the duplicate goes, the re-issue goes (the original is the case again), a delete
    for rel in [q(wh, "SELECT source_file FROM cases WHERE case_id = 'CM17-0004133'")[0][0], "reissued.txt",
                "dwc-2016-2017/CM16-0224814.txt"]:
        (raw / rel).unlink()
    (raw / "junk.txt").write_text("not a letter at all")
    s3, _ = build_warehouse(raw, str(wh), workers=1)
    assert s3.accounted and (s3.cases, s3.duplicates, s3.superseded, s3.quarantined) == (28, 0, 0, 1)
    scratch = tmp_path / "scratch"
    s, _ = build_warehouse(raw, str(scratch), workers=1)
    assert (s.cases, s.quarantined) == (28, 1)
    incremental, fresh = _snapshot(wh / "imr.duckdb"), _snapshot(scratch / "imr.duckdb")
    history = incremental.pop("case_history")
    assert fresh.pop("case_history") == []
    assert incremental == fresh
    # The re-issue superseded the original in run 2: that version is kept in history.
    assert [h for h in history if "CM17-0008177" in h]


def test_the_sql_digest_follows_every_sql_file(tmp_path: Path):
    from pipeline.config import sql_digest

    copy = tmp_path / "sql"
    shutil.copytree(SQL, copy)
    assert sql_digest(copy) == sql_digest() and len(sql_digest()) == 16
    seen = {sql_digest(copy)}
    view = copy / "views" / "uphold_rate_overall.sql"
    view.write_text(view.read_text().replace("n_items,", "n_items ,", 1))  # one character
    seen.add(sql_digest(copy))
    view.rename(copy / "views" / "uphold_rate_total.sql")  # the same text under another name
    seen.add(sql_digest(copy))
    macros = copy / "macros.sql"
    macros.write_text(macros.read_text() + "\n-- a comment\n")
    seen.add(sql_digest(copy))
    (copy / "search" / "query.sql").unlink()
    seen.add(sql_digest(copy))
    assert len(seen) == 5


def test_a_warehouse_built_from_other_sql_is_rebuilt_whole(raw: Path, tmp_path: Path, monkeypatch):
    """A view changed or removed since the warehouse was published (an upgrade of the code, no new letter):
    the next build publishes the database afresh with the SQL of the running code, not in place."""
    from pipeline import config, publish

    wh = tmp_path / "wh"
    build_warehouse(raw, str(wh), workers=1)
    copy = tmp_path / "sql"
    shutil.copytree(SQL, copy)
    view = copy / "views" / "uphold_rate_overall.sql"
    view.write_text(view.read_text().replace("SELECT\n", "SELECT\n    42 AS probe,\n", 1))
    (copy / "views" / "contradictory_decisions.sql").unlink()
    monkeypatch.setattr(config, "SQL_DIR", copy)
    monkeypatch.setattr(publish, "SQL_DIR", copy)
    stats, _ = build_warehouse(raw, str(wh), workers=1)
    assert stats.new_or_changed == 0  # no letter read again: only the database is published afresh
    assert q(wh, "SELECT probe, n_items FROM uphold_rate_overall") == [(42, N_REAL_ITEMS + N_SEED_ITEMS)]
    assert q(wh, "SELECT count(*) FROM duckdb_views() WHERE view_name = 'contradictory_decisions'") == [(0,)]
    assert q(wh, "SELECT incremental_runs, sql_digest FROM warehouse_info") == [(0, config.sql_digest(copy))]
    # With the same SQL, the next change is applied in place again.
    (raw / "copy.txt").write_text((raw / "dwc-2016-2017" / "CM17-0004133.txt").read_text().replace("CM17-0004133", "CM17-0999133"))
    build_warehouse(raw, str(wh), workers=1)
    assert q(wh, "SELECT incremental_runs FROM warehouse_info") == [(1,)]
    assert q(wh, "SELECT probe FROM uphold_rate_overall") == [(42,)]


def test_publication_within_a_small_memory_limit(raw: Path, tmp_path: Path, monkeypatch):
    """DuckDB spills beyond IMR_PUBLISH_MEMORY: a tight limit still publishes the whole warehouse."""
    from pipeline import publish
    from pipeline.store import PartStore

    monkeypatch.setattr(publish, "PUBLISH_MEMORY_LIMIT", "16MB")
    stats, counts = build_warehouse(raw, str(tmp_path / "wh"), workers=1)
    assert (stats.cases, counts["disputed_items"]) == (29, N_REAL_ITEMS + N_SEED_ITEMS)
    con = publish._open(PartStore(str(tmp_path / "wh")), tmp_path / "probe.duckdb")
    try:
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] in ("16.0 MiB", "15.2 MiB", "16.0 MB")
    finally:
        con.close()


@pytest.mark.parametrize(("check_name", "table", "n_duplicated"), [
    # Neither table has a PRIMARY KEY: guideline_citations because its index would slow publication,
    # letters because every run rewrites it whole; the blocking checks guard their keys.
    ("citation_ids_are_unique", "guideline_citations", 2),
    ("source_files_are_unique", "letters", 1),
])
def test_uniqueness_checks_catch_duplicated_keys(raw: Path, tmp_path: Path, check_name: str, table: str, n_duplicated: int):
    from pipeline.assets import checks
    from pipeline.assets.resources import WarehouseResource
    from pipeline.store import PartStore

    check = getattr(checks, check_name)
    wh = tmp_path / "wh"
    build_warehouse(raw, str(wh), workers=1)
    res = WarehouseResource(raw_dir=str(raw), warehouse=str(wh))
    assert check(res).passed
    store = PartStore(str(wh))
    manifest = store.manifest()
    again = store.read_part(table, manifest.tables[table][0]).slice(0, n_duplicated)
    manifest.tables[table].append(store.write_part(table, again, "dup"))
    store.commit(manifest)
    result = check(res)
    assert not result.passed and result.metadata["duplicated_ids"].value == n_duplicated


def test_a_part_written_before_a_column_was_added_reads_in_the_current_schema(tmp_path: Path):
    """Parts are read one file at a time; a part that predates a column gets it as nulls, in the
    schema's order and types, and a column read by name comes back as written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.schema import ALL_TABLES
    from pipeline.store import PartStore

    schema = ALL_TABLES["quarantine"]
    old = pa.table({f.name: pa.array(["x.txt"] if f.name == "source_file" else [None], f.type)
                    for f in schema if f.name not in ("stage",)})  # fmt: skip
    store = PartStore(str(tmp_path / "wh"))
    store.fs.makedirs(store.table_dir("quarantine"), exist_ok=True)
    pq.write_table(old, store.part_path("quarantine", "part-old.parquet"))
    whole = store.read_part("quarantine", "part-old.parquet")
    assert whole.schema.equals(schema)
    assert whole.column("source_file").to_pylist() == ["x.txt"]
    assert whole.column("stage").to_pylist() == [None]
    assert store.read_part("quarantine", "part-old.parquet", ["source_file"]).to_pylist() == [{"source_file": "x.txt"}]


def test_one_build_at_a_time_in_the_dagster_instance(tmp_path: Path, monkeypatch):
    """The instance's settings queue a build run while another runs (a run limit on the build job's tag)."""
    from pipeline.assets.automation import build_job
    from pipeline.config import BUILD_TAG, ensure_dagster_home

    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\nnux:\n  enabled: false\n")  # before the limit
    ensure_dagster_home(tmp_path)
    assert "nux:" in (tmp_path / "dagster.yaml").read_text()  # the other settings are kept
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    limits = dg.DagsterInstance.get().get_concurrency_config().run_queue_config.tag_concurrency_limits
    assert limits == [{"key": BUILD_TAG, "limit": 1}]
    assert build_job.tags[BUILD_TAG] == "warehouse"


def test_a_run_coordinator_configured_by_hand_is_left_alone(tmp_path: Path, monkeypatch):
    """A dagster.yaml with its own run coordinator gets no concurrency block added (Dagster refuses both), and the
    one scaling.md gives loads with both limits."""
    from pipeline.config import BUILD_TAG, ensure_dagster_home

    own = ("run_coordinator:\n  module: dagster.core.run_coordinator\n  class: QueuedRunCoordinator\n"
           "  config: {max_concurrent_runs: 2}\n")
    (tmp_path / "dagster.yaml").write_text(own)
    ensure_dagster_home(tmp_path)
    assert (tmp_path / "dagster.yaml").read_text() == own
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    assert dg.DagsterInstance.get().get_concurrency_config().run_queue_config.max_concurrent_runs == 2
    documented = tmp_path / "documented"
    documented.mkdir()
    (documented / "dagster.yaml").write_text(
        f"concurrency:\n  runs:\n    max_concurrent_runs: 2\n    tag_concurrency_limits:\n      - key: {BUILD_TAG}\n"
        "        limit: 1\n")
    ensure_dagster_home(documented)
    monkeypatch.setenv("DAGSTER_HOME", str(documented))
    config = dg.DagsterInstance.get().get_concurrency_config().run_queue_config
    assert (config.max_concurrent_runs, config.tag_concurrency_limits) == (2, [{"key": BUILD_TAG, "limit": 1}])


def test_every_table_is_readable_as_parquet_even_when_empty(raw: Path, tmp_path: Path):
    """Any engine reads <warehouse>/parquet/<table>/*.parquet: a table without rows has one empty file with
    its columns, which goes once the table has parts."""
    wh = tmp_path / "wh"
    build_warehouse(raw, str(wh), workers=1)
    con = duckdb.connect()
    empty = con.execute(f"SELECT count(*) FROM read_parquet('{wh}/parquet/quarantine/*.parquet')").fetchone()
    assert empty == (0,)
    cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{wh}/parquet/quarantine/*.parquet')").fetchall()]
    assert {"source_file", "reason", "stage"} <= set(cols)
    assert con.execute(f"SELECT count(*) FROM read_parquet('{wh}/parquet/cases/*.parquet')").fetchone() == (29,)
    (raw / "broken.txt").write_text("")
    build_warehouse(raw, str(wh), workers=1)
    assert con.execute(f"SELECT count(*) FROM read_parquet('{wh}/parquet/quarantine/*.parquet')").fetchone() == (1,)
    assert not (wh / "parquet" / "quarantine" / "part-empty.parquet").exists()


@given(st.lists(st.lists(st.text(max_size=4), max_size=5), max_size=5))
def test_sortedness_check_of_the_inventory(chunks):
    import pyarrow as pa

    from pipeline.build import _sorted

    values = pa.chunked_array(chunks, pa.string())
    flat = [v for c in chunks for v in c]
    assert _sorted(values) == (flat == sorted(flat, key=lambda v: v.encode("utf-8", "surrogatepass")))


@pytest.mark.parametrize("recorded", ["0123456789abcdef", None])
def test_a_record_read_by_another_parser_version_is_read_again_whole(raw: Path, tmp_path: Path, recorded):
    """Rows read by another version of the parser (its rules, grammar or PDF extraction), or by one that did
    not record its version, are never mixed with this version's: the next run reads every letter again."""
    import json

    from pipeline.ingest import parser_signature
    from pipeline.publish import build_database
    from pipeline.store import MANIFEST

    wh = tmp_path / "wh"
    build_warehouse(raw, str(wh), workers=1)
    store = PartStore(str(wh))
    assert store.manifest().parser == parser_signature() and len(parser_signature()) == 16
    stats, _ = build_warehouse(raw, str(wh), workers=1)
    assert (stats.reread, stats.new_or_changed) == (False, 0)  # the same version: nothing read again
    # as if an earlier version had built it
    data = json.loads((wh / MANIFEST).read_text())
    if recorded is None:
        del data["parser"]
    else:
        data["parser"] = recorded
    (wh / MANIFEST).write_text(json.dumps(data))
    old_parts = {t: set(v) for t, v in store.manifest().tables.items()}
    # and as if it had read one letter differently: a row only a full reading with this version puts right
    con = duckdb.connect(str(wh / "imr.duckdb"))
    con.execute("UPDATE disputed_items SET service_category = 'Other' WHERE item_number = 1")
    con.close()
    stats, _ = build_warehouse(raw, str(wh), workers=1)
    assert stats.reread and stats.new_or_changed == stats.files_seen == 29 and stats.unchanged == 0
    manifest = store.manifest()
    assert manifest.parser == parser_signature()
    assert not any(set(v) & old_parts[t] for t, v in manifest.tables.items())  # no part of the old record kept
    assert q(wh, "SELECT incremental_runs FROM warehouse_info") == [(0,)]  # published afresh, not updated
    assert q(wh, "SELECT count(*) FROM disputed_items WHERE service_category = 'Other'") == [(0,)]
    fresh = tmp_path / "fresh.duckdb"
    build_database(store, manifest, fresh)
    assert _snapshot(wh / "imr.duckdb") == _snapshot(fresh)
    stats, _ = build_warehouse(raw, str(wh), workers=1)  # and the next run is an ordinary one again
    assert (stats.reread, stats.new_or_changed) == (False, 0)


def test_a_reviewer_printed_two_ways_has_the_same_row_by_one_build_or_two(tmp_path: Path):
    """Two letters of one reviewer profile whose credentials are spaced differently: the reviewers row is the same
    whether both letters came in one build or one after the other."""
    text = (TXT / "CM16-0235991.txt").read_text(encoding="utf-8")
    other = text.replace("CM16-0235991", "CM16-0999991").replace("Texas,California", "Texas, California")
    one, two = tmp_path / "one", tmp_path / "two"
    for folder in (one, two):
        folder.mkdir()
        (folder / "b.txt").write_text(text, encoding="utf-8")
    build_warehouse(two, str(tmp_path / "wh2"), workers=1)  # the first letter alone, then the second
    (two / "a.txt").write_text(other, encoding="utf-8")
    build_warehouse(two, str(tmp_path / "wh2"), workers=1)
    (one / "a.txt").write_text(other, encoding="utf-8")
    build_warehouse(one, str(tmp_path / "wh1"), workers=1)
    rows = [q(tmp_path / wh, "SELECT reviewer_id, credentials_text FROM reviewers") for wh in ("wh1", "wh2")]
    assert rows[0] == rows[1] and len(rows[0]) == 1
    assert "Texas, California" in rows[0][0][1]


def test_a_killed_imr_build_s_run_is_marked_failed_so_the_queue_moves(tmp_path: Path):
    """`kill -9` of `imr build` leaves its run recorded as started, which the instance's one-build limit would count
    for ever: the next `imr build` or sensor tick marks it failed. Runs whose process lives, runs of another
    machine and runs the daemon launched (no process recorded) are left alone."""
    import socket
    import subprocess

    from dagster._core.storage.dagster_run import DagsterRun

    from pipeline.assets.automation import fail_orphaned_builds

    instance = dg.DagsterInstance.ephemeral()
    gone = subprocess.Popen(["true"])
    gone.wait()
    here = socket.gethostname()

    def run(n: int, **tags: str) -> str:
        r = DagsterRun(job_name="build_warehouse", run_id=f"{n:08d}-0000-0000-0000-000000000000",
                       status=dg.DagsterRunStatus.STARTED, tags={"imr/build": "warehouse", **tags})
        instance.add_run(r)
        return r.run_id

    killed = run(1, **{"imr/pid": str(gone.pid), "imr/host": here})
    alive = run(2, **{"imr/pid": str(os.getpid()), "imr/host": here})
    elsewhere = run(3, **{"imr/pid": str(gone.pid), "imr/host": here + "-other"})
    daemon = run(4)
    assert fail_orphaned_builds(instance) == [killed]
    status = {rid: instance.get_run_by_id(rid).status for rid in (killed, alive, elsewhere, daemon)}
    assert status == {killed: dg.DagsterRunStatus.FAILURE, alive: dg.DagsterRunStatus.STARTED,
                      elsewhere: dg.DagsterRunStatus.STARTED, daemon: dg.DagsterRunStatus.STARTED}
