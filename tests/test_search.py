"""Full-text search (`imr search`): the BM25 index built at publish time inside imr.duckdb."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.build import build_warehouse
from pipeline.cli import app
from pipeline.config import SQL_DIR
from pipeline.publish import connect_readonly
from pipeline.search import NoSearchIndex, build_index, build_index_if_enabled, parse_query, search, snippet

from .conftest import SEEDS, TXT


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("search")
    shutil.copytree(TXT, root / "raw" / "dwc")
    shutil.copytree(SEEDS, root / "raw" / "seeds")
    build_warehouse(root / "raw", str(root / "wh"), workers=1)
    return root / "wh"


@pytest.fixture()
def con(warehouse: Path):
    c = connect_readonly(str(warehouse))
    yield c
    c.close()


def keys(rows: list[dict]) -> list[str]:
    return [r["item_id"] or f"summary:{r['case_id']}" for r in rows]


def oracle(con, word_regex: str) -> set[str]:
    """Documents whose text matches a regular expression (lower-cased): what the index must find."""
    items = con.execute("SELECT item_id FROM disputed_items WHERE regexp_matches(lower(rationale), ?)", [word_regex]).fetchall()
    cases = con.execute("SELECT case_id FROM cases WHERE regexp_matches(lower(case_summary), ?)", [word_regex]).fetchall()
    return {r[0] for r in items} | {f"summary:{r[0]}" for r in cases}


def test_index_is_built_inside_the_published_database(con):
    n_docs, avg_len, k1, b = con.execute("SELECT n_docs, avg_len, k1, b FROM search_stats").fetchone()
    n_items, n_cases = con.execute("SELECT (SELECT count(*) FROM disputed_items), (SELECT count(*) FROM cases)").fetchone()
    assert n_docs == n_items + n_cases == 47 + 29
    assert (k1, b) == (1.2, 0.75) and avg_len > 50
    assert con.execute("SELECT count(*) FROM search_terms WHERE term IN ('the', 'of', 'a', '')").fetchone()[0] == 0
    assert con.execute("SELECT sum(tf) FROM search_terms").fetchone()[0] == con.execute("SELECT sum(len) FROM search_docs").fetchone()[0]
    df = con.execute("SELECT df FROM search_vocab WHERE term = 'epidural'").fetchone()[0]
    assert df == len(oracle(con, r"(^|[^a-z0-9])epidural([^a-z0-9]|$)"))


def test_phrase_query_finds_the_letters_and_ranks_phrase_holders_first(con):
    expected = oracle(con, r"home[^a-z0-9]+exercise[^a-z0-9]+program")
    # grep over data/raw: CM17-0005418 and seeds 001, 003, 004 (plus a rationale of CM17-0018279 and the
    # summaries of CM17-0009282 and seed 001 once unwrapped)
    assert {"CM17-0018279-01", "summary:CM17-0005418", "summary:CM17-0009282"} <= expected and len(expected) == 6
    seed4 = con.execute("SELECT case_id FROM cases WHERE source_file LIKE 'seeds/004_%'").fetchone()[0]
    assert f"{seed4}-03" in expected

    rows = search(con, "home exercise program", limit=50)
    assert set(keys(rows[:6])) == expected and all(r["phrase_match"] for r in rows[:6])
    assert len(rows) > 6 and not any(r["phrase_match"] for r in rows[6:])  # any of the words also matches
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    scores = [r["score"] for r in rows[:6]]
    assert scores == sorted(scores, reverse=True)
    assert "home exercise program" in rows[0]["snippet"].lower()
    start, end = rows[0]["match_span"]
    assert rows[0]["snippet"][start:end].lower() == "home exercise program"

    quoted = search(con, '"home exercise program"', limit=50)
    assert set(keys(quoted)) == expected  # a quoted phrase is required
    assert search(con, '"program exercise home"') == []
    assert search(con, '"functional restoration"') == []  # no letter of the sample has it


def test_every_quoted_phrase_is_required(con):
    hep = r"(^|[^a-z0-9])home[^a-z0-9]+exercise[^a-z0-9]+program([^a-z0-9]|$)"
    pt = r"(^|[^a-z0-9])physical[^a-z0-9]+therapy([^a-z0-9]|$)"
    both = oracle(con, hep) & oracle(con, pt)
    assert both and both != oracle(con, hep)  # the second phrase narrows the first
    assert set(keys(search(con, '"home exercise program" "physical therapy"', limit=100))) == both
    assert search(con, '"home exercise program" "functional restoration"') == []


def test_single_words(con):
    rows = search(con, "epidural", limit=50)
    assert set(keys(rows)) == oracle(con, r"(^|[^a-z0-9])epidural([^a-z0-9]|$)")
    assert {"CM17-0005418-01", "CM17-0005418-02"} <= set(keys(rows))
    assert all("epidural" in r["snippet"].lower() for r in rows)
    assert set(keys(search(con, "Acupuncture"))) == {"summary:CM17-0013754"}
    assert set(keys(search(con, "opioid"))) == oracle(con, r"(^|[^a-z0-9])opioid([^a-z0-9]|$)")


def test_filters(con):
    overturned = search(con, '"home exercise program"', decision="overturned")
    # no rationale with the phrase was overturned; CM17-0009282's summary counts (one of its items was)
    assert keys(overturned) == ["summary:CM17-0009282"]
    upheld = search(con, '"home exercise program"', decision="upheld", limit=50)
    assert all(r["decision"] == "upheld" for r in upheld if r["kind"] == "rationale")
    injection = search(con, "epidural", category="injection", limit=50)
    assert set(keys(injection)) == {"CM17-0005418-01", "CM17-0005418-02", "summary:CM17-0005418"}
    in_2017 = search(con, "epidural", year=2017, limit=50)
    assert in_2017 and all(r["decision_year"] == 2017 for r in in_2017)
    assert not any(k.startswith(("NOCN", "summary:NOCN")) for k in keys(in_2017))
    assert search(con, "epidural", year=2015) == []
    assert len(search(con, "medical", limit=3)) == 3
    with pytest.raises(ValueError):
        search(con, "epidural", decision="maybe")


@pytest.mark.parametrize("query", ["", "   ", "!!!", '"', '""', "the of and", "zzzqqqxx", "a", "'; DROP TABLE cases; --",
                                   "%_*?[](){}\\", "über naïve", '"to be"'])
def test_empty_or_garbage_queries_return_nothing_without_error(con, query):
    rows = search(con, query)
    assert isinstance(rows, list)
    if query.startswith("'"):
        assert con.execute("SELECT count(*) FROM cases").fetchone()[0] == 29
    else:
        assert rows == []


# ------------------------------------------------------------------ ranking, on a corpus made here


def _corpus(texts: dict[str, str]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute((SQL_DIR / "schema.sql").read_text())
    for item_id, text in texts.items():
        con.execute("INSERT INTO cases (case_id, decision_date) VALUES (?, DATE '2017-03-01')", [item_id])
        con.execute("INSERT INTO disputed_items (item_id, case_id, item_number, treatment, decision, service_category, "
                    "rationale) VALUES (?, ?, 1, 't', 'upheld', 'Rehabilitation', ?)", [item_id, item_id, text])
    build_index(con)
    return con


def _bm25(con, texts: dict[str, str], query: str) -> dict[str, float]:
    stop = {r[0] for r in con.execute("SELECT word FROM search_stopwords").fetchall()}

    def toks(s: str) -> list[str]:
        return [t for t in re.split("[^a-z0-9]+", s.lower()) if len(t) > 1 and t not in stop]

    docs = {k: toks(v) for k, v in texts.items()}
    avg = sum(map(len, docs.values())) / len(docs)
    scores = {}
    for k, d in docs.items():
        s = 0.0
        for t in set(toks(query)):
            df = sum(t in dd for dd in docs.values())
            tf = d.count(t)
            if tf:
                idf = math.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
                s += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len(d) / avg))
        if s:
            scores[k] = s
    return scores


def test_bm25_ranks_more_matches_first_and_matches_a_reference():
    texts = {
        "A-01": "Acupuncture was requested. Acupuncture is recommended; acupuncture sessions reduce pain.",
        "B-01": "Acupuncture was requested for the low back and the guidelines were reviewed in full.",
        "C-01": "Chiropractic care was requested for the low back; the guidelines were reviewed in full.",
        "D-01": "Physical therapy and aquatic therapy were requested; therapy is not medically necessary.",
    }
    con = _corpus(texts)
    rows = search(con, "acupuncture")
    assert keys(rows) == ["A-01", "B-01"]
    assert rows[0]["score"] > rows[1]["score"] > 0
    reference = _bm25(con, texts, "acupuncture low back")
    got = {r["item_id"]: r["score"] for r in search(con, "acupuncture low back")}
    assert got.keys() == reference.keys()
    for k, score in got.items():
        assert score == pytest.approx(reference[k], rel=1e-9)


def test_exact_phrase_outranks_a_higher_bm25_score():
    texts = {
        "A-01": "The physical exam was normal and therapy was discussed.",
        "B-01": "Physical therapy was requested.",
        "C-01": "Therapy, therapy and more therapy: physical findings, physical exam, physical signs.",
    }
    con = _corpus(texts)
    plain = {r["item_id"]: r["score"] for r in search(con, "physical therapy")}
    assert plain["C-01"] > plain["B-01"]  # more matches, higher BM25 ...
    rows = search(con, "physical therapy")
    assert keys(rows)[0] == "B-01" and rows[0]["phrase_match"]  # ... but B-01 holds the phrase
    assert keys(search(con, 'physical "physical therapy"')) == ["B-01"]
    # punctuation and spacing do not break a phrase
    con2 = _corpus({"A-01": "a home-exercise\nprogram, daily", "B-01": "home program exercise"})
    assert keys(search(con2, '"home exercise program"')) == ["A-01"]


def test_index_can_be_turned_off(monkeypatch):
    con = duckdb.connect()
    con.execute((SQL_DIR / "schema.sql").read_text())
    monkeypatch.setenv("IMR_SEARCH_INDEX", "off")
    assert build_index_if_enabled(con) == {}
    with pytest.raises(NoSearchIndex, match="no search index"):
        search(con, "epidural")
    monkeypatch.delenv("IMR_SEARCH_INDEX")
    assert build_index_if_enabled(con)["search_docs"] == 0
    assert search(con, "epidural") == []


def test_query_parsing_and_snippets():
    q = parse_query('Physical "home exercise program" now')
    assert q.required == ["home exercise program"] and q.boost == "home exercise program"
    assert parse_query("epidural").boost is None and parse_query("lumbar epidural").boost == "lumbar epidural"
    text = "x " * 200 + "The patient should continue a Home-Exercise program daily. " + "y " * 200
    piece, span = snippet(text, parse_query("home exercise program"), width=80)
    assert piece.startswith("…") and piece.endswith("…") and len(piece) <= 82
    assert piece[span[0]:span[1]] == "Home-Exercise program"
    assert snippet("short text", parse_query("absent"))[1] is None


def test_cli_search(warehouse: Path, monkeypatch):
    from rich.console import Console

    from pipeline import cli

    monkeypatch.setattr(cli, "out", Console(width=220))  # the module's console took its width at import
    runner = CliRunner()
    r = runner.invoke(app, ["search", "epidural", "--category", "Injection", "--year", "2017",
                            "--warehouse", str(warehouse)])
    assert r.exit_code == 0, r.output
    assert "CM17-0005418" in r.output and "transforaminal" in r.output and "Injection" in r.output
    r = runner.invoke(app, ["search", "home exercise program", "--decision", "overturned", "--limit", "5",
                            "--warehouse", str(warehouse)])
    assert r.exit_code == 0 and "CM17-0009282" in r.output
    r = runner.invoke(app, ["search", "zzzqqqxx", "--warehouse", str(warehouse)])
    assert r.exit_code == 0 and "no matches" in r.output
    assert runner.invoke(app, ["search", "x", "--decision", "maybe", "--warehouse", str(warehouse)]).exit_code == 2
    # a category DWC does not have is a mistake to name, not a search with no matches; case does not matter
    r = runner.invoke(app, ["search", "x", "--category", "Pharmacy", "--warehouse", str(warehouse)])
    assert r.exit_code == 2 and "Pharmaceuticals" in r.output
    r = runner.invoke(app, ["search", "epidural", "--category", "injection", "--warehouse", str(warehouse)])
    assert r.exit_code == 0 and "CM17-0005418" in r.output
    assert runner.invoke(app, ["search", "x", "--warehouse", str(warehouse.parent / "nowhere")]).exit_code == 4
