"""Full-text search over item rationales and case summaries, ranked by BM25, inside DuckDB.

DuckDB's ``fts`` extension is downloaded at run time, which this project cannot do; the index is plain
tables instead. ``build_index`` creates them in the database being published (``sql/search/build.sql``:
``search_docs``, ``search_terms``, ``search_vocab``, ``search_stats``, ``search_stopwords``) and ``search``
ranks with BM25 (k1 = 1.2, b = 0.75) in SQL (``sql/search/query.sql``).

Queries: words are OR-ed and scored; a query of two or more words ranks the documents holding it as an
exact phrase (punctuation and spacing aside) first; a ``"quoted phrase"`` must appear in every result.

Cost, measured on 2 cores over 200,000 synthetic letters (432,946 rationales and 200,000 summaries):
13-16 s to build, each text tokenized once (36 M postings; DuckDB's share of the build's peak ~400 MB with
the 300MB publication memory limit: 400MB took as long, 200MB took 24 s, spilling),
0.1-0.6 s per query of words; a phrase reads the texts of the documents holding all its words (1.5 s for
``"medically necessary"``, held by nearly every rationale). The index is rebuilt with every full publish and
updated in place otherwise; set ``IMR_SEARCH_INDEX=off`` to publish without it (``imr search`` then says so).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from .config import SQL_DIR
from .duck import side_by_side

SEARCH_SQL = SQL_DIR / "search"
INDEX_TABLES = ("search_docs", "search_terms", "search_vocab", "search_stats", "search_stopwords")
DECISIONS = ("upheld", "overturned")
_QUOTED = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"[a-z0-9]+")


class NoSearchIndex(RuntimeError):
    pass


def index_enabled() -> bool:
    return os.environ.get("IMR_SEARCH_INDEX", "on").strip().lower() not in ("0", "off", "false", "no")


def _sql(name: str) -> str:
    return (SEARCH_SQL / name).read_text(encoding="utf-8")


def build_index(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Create the search tables in ``con`` (a database whose ``disputed_items`` and ``cases`` were just
    filled) and index every text once: the rationales' and the summaries' postings side by side
    (``sql/search/index_rationales.sql``, ``index_summaries.sql``), then documents and frequencies
    (``index_stats.sql``); memory stays within the connection's memory_limit whatever the corpus size."""
    con.execute(_sql("build.sql"))
    postings = ("index_rationales.sql", "index_summaries.sql")
    side_by_side(con, [lambda cur, name=name: cur.execute(_sql(name)) for name in postings])
    con.execute(_sql("index_stats.sql"))
    return index_counts(con)


def index_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    n_docs, = con.execute("SELECT n_docs FROM search_stats").fetchone()
    n_postings, = con.execute("SELECT count(*) FROM search_terms").fetchone()
    n_terms, = con.execute("SELECT count(*) FROM search_vocab").fetchone()
    return {"search_docs": int(n_docs), "search_terms": int(n_postings), "search_vocab": int(n_terms)}


def update_index(con: duckdb.DuckDBPyConnection, case_ids: list[str]) -> None:
    """Re-index the documents of ``case_ids`` (their rows were replaced, added or removed) in place:
    postings of their old documents go, their current texts are indexed, document frequencies and
    collection statistics are adjusted. Costs what the changed cases cost, not the collection."""
    if not case_ids:
        return
    affected_cases = pa.table({"case_id": pa.array(case_ids, pa.string())})  # noqa: F841 — read by SQL
    con.execute("CREATE OR REPLACE TEMP TABLE _affected AS SELECT DISTINCT case_id FROM affected_cases")
    con.execute(_sql("update.sql"))


def build_index_if_enabled(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """``build_index`` unless ``IMR_SEARCH_INDEX=off``; called by ``publish.build_database``."""
    return build_index(con) if index_enabled() else {}


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    rows = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('search_docs', 'search_terms', 'search_stats')"
    ).fetchone()
    return rows[0] == 3


@dataclass
class Query:
    text: str        # every word, for scoring
    required: list[str]  # quoted phrases every result must hold
    boost: str | None    # the phrase whose holders rank first


def parse_query(query: str) -> Query:
    lowered = query.lower()
    required = [p for p in _QUOTED.findall(lowered) if _WORD.search(p)]
    words = lowered.replace('"', " ")
    boost = None
    if len(_WORD.findall(words)) >= 2:
        boost = required[0] if required else words
    return Query(text=words, required=required, boost=boost)


def snippet(text: str, query: Query, width: int = 160) -> tuple[str, tuple[int, int] | None]:
    """A short piece of ``text`` around the first match (the phrase if present, else any query word),
    and the match's span inside the snippet."""
    text = " ".join((text or "").split())
    patterns = []
    for phrase in [*query.required, *([query.boost] if query.boost else [])]:
        toks = _WORD.findall(phrase)
        if toks:
            patterns.append(r"(?<![a-z0-9])" + r"[^a-z0-9]+".join(toks) + r"(?![a-z0-9])")
    toks = [t for t in _WORD.findall(query.text) if len(t) > 1]
    if toks:
        patterns.append(r"(?<![a-z0-9])(?:" + "|".join(sorted(set(toks), key=len, reverse=True)) + r")(?![a-z0-9])")
    match = None
    lowered = text.lower()
    for pat in patterns:
        match = re.search(pat, lowered)
        if match:
            break
    if match is None:
        cut = text[:width]
        return (cut + ("…" if len(text) > width else "")), None
    start, end = match.span()
    left = max(0, start - (width - (end - start)) // 2)
    right = min(len(text), left + max(width, end - start))
    left = max(0, min(left, right - width))
    if left > 0:  # start on a word boundary
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text) else ""
    piece = prefix + text[left:right] + suffix
    offset = len(prefix) - left
    return piece, (start + offset, end + offset)


def search(
    con: duckdb.DuckDBPyConnection,
    query: str,
    decision: str | None = None,
    category: str | None = None,
    year: int | None = None,
    limit: int = 20,
) -> list[dict]:
    """Ranked matches for ``query``: dicts with rank, score, phrase_match, kind, item_id, case_id,
    treatment, decision, service_category, case_outcome, decision_year, snippet, match_span."""
    if not has_index(con):
        raise NoSearchIndex("this warehouse has no search index; rebuild it with `imr build` "
                            "(and IMR_SEARCH_INDEX unset)")
    if decision is not None and decision.lower() not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    q = parse_query(query or "")
    if not _WORD.search(q.text) or limit <= 0:
        return []
    params = {
        "query": q.text,
        "required": q.required,
        "boost": q.boost,
        "decision": decision.lower() if decision else None,
        "category": category,
        "year": year,
        "limit": limit,
    }
    tests = []
    for n, phrase in enumerate(q.required):
        params[f"required_{n}"] = phrase
        tests.append(f"regexp_matches(text, search_phrase_regex($required_{n}::VARCHAR))")
    sql = _sql("query.sql").replace("__REQUIRED_PHRASES__", " AND ".join(tests) or "true")
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    out = []
    for rank, row in enumerate(cur.fetchall(), start=1):
        r = dict(zip(cols, row))
        text = r.pop("text")
        r["snippet"], r["match_span"] = snippet(text, q)
        r["rank"] = rank
        out.append(r)
    return out
