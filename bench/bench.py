"""`make bench`: throughput, memory and incremental figures on a seeded synthetic corpus.

Prints a table and writes bench/results/latest.json. Sizes: IMR_BENCH_SIZES (default 10000,100000,200000).
Each build runs in a fresh subprocess so its peak RSS (and that of its parser processes) is its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.synth import generate_corpus

RESULTS = ROOT / "bench" / "results"
WORK = Path(os.environ.get("IMR_BENCH_DIR", ROOT / "bench" / "corpus"))
SIZES = [int(x) for x in os.environ.get("IMR_BENCH_SIZES", "10000,100000,200000").split(",") if x]

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from pipeline.build import build_warehouse
from pipeline.ingest import peak_rss_mb
t = time.perf_counter()
stats, counts = build_warehouse(Path(sys.argv[1]), sys.argv[2])
wall = time.perf_counter() - t
# VmHWM, not ru_maxrss: the latter carries the launching process's peak across exec.
self_rss = peak_rss_mb()
# Parser processes report their own VmHWM with every batch (stats); the children's ru_maxrss is the fallback.
kids_rss = stats.peak_rss_mb_parser or resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": wall, "parsed": stats.parsed, "cases": stats.cases, "items": counts["disputed_items"],
                  "quarantined": stats.quarantined, "phases": stats.seconds,
                  "peak_rss_mb_main": round(self_rss, 1), "peak_rss_mb_worker": round(kids_rss, 1)}))
"""


def run_build(raw: Path, wh: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(raw), str(wh)], cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"build failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def drop_caches_hint() -> None:
    # The page cache is not dropped (no root guarantee); every figure below reads warm files, the floor included.
    pass


def read_sha_floor(raw: Path) -> dict:
    t = time.perf_counter()
    n = 0
    nbytes = 0
    for dirpath, _, files in os.walk(raw):
        for name in files:
            with open(os.path.join(dirpath, name), "rb") as fh:
                data = fh.read()
            hashlib.sha256(data).hexdigest()
            n += 1
            nbytes += len(data)
    s = time.perf_counter() - t
    return {"seconds": s, "files": n, "mb": round(nbytes / 1e6, 1), "files_per_s": round(n / s)}


def letter_texts(raw: Path, n: int) -> list[str]:
    """The texts of at least n letters of a generated corpus (whole folders, in path order), or all of them."""
    texts = []
    for dirpath, _, files in sorted(os.walk(raw)):
        texts += [Path(dirpath, f).read_text(encoding="utf-8") for f in sorted(files) if f.endswith(".txt")]
        if len(texts) >= n:
            break
    return texts


def parse_only(raw: Path | str, warmup: int = 2000, limit: int = 20000) -> dict:
    """The parser alone on one core: text already in memory, no reading, hashing or writing.

    Reported as the one-off start-up (compiling the rule tables) and the steady throughput over
    ``limit`` distinct letters after ``warmup`` others (what a worker sees after its first batches)."""
    from pipeline import parse
    from pipeline.ingest import quiet_collector
    from pipeline.parse import Letter, parse_letter
    from pipeline.parse.taxonomy import compile_all, tables

    texts = letter_texts(Path(raw), warmup + limit)
    warmup = min(warmup, len(texts) // 5)  # a small corpus (IMR_BENCH_SIZES=1000): a fifth of it warms up, the rest is timed
    t = time.perf_counter()
    re.purge()  # the regex module's own cache would hide the compilation on a second call
    tables.cache_clear()
    compile_all()  # the rule regexes compile on first use: counted here, all of them
    startup = time.perf_counter() - t
    quiet_collector()  # the garbage collector set as in a parser process
    for x in texts[:warmup]:
        parse_letter(x, "f.txt")
    timed = texts[warmup : warmup + limit]
    t = time.perf_counter()
    ok = sum(isinstance(parse_letter(x, "f.txt"), Letter) for x in timed)
    s = time.perf_counter() - t
    return {"letters": len(timed), "parsed_ok": ok, "seconds": round(s, 3), "startup_seconds": round(startup, 2),
            "letters_per_s_one_core": round(len(timed) / s), "compiled": parse.NATIVE}


def real_sample_texts() -> list[str]:
    """The real sample letters kept with the tests (24 of 2016-17 and 5 seeds)."""
    return [p.read_text(encoding="utf-8") for d in ("txt", "seeds") for p in sorted((ROOT / "tests" / "fixtures" / d).glob("*.txt"))]


def parse_only_real(rounds: int | str = 20) -> dict:
    """The parser on the real sample letters (tests/fixtures: 24 of 2016-17 and 5 seeds), every cache
    emptied before each pass: real letters repeat far less than the synthetic corpus (nearly every
    treatment, guideline paragraph and reviewer profile is new), so this is the parser's cost on content
    it has not seen. Best of ``rounds`` passes; also the same letters with warm caches."""
    from pipeline import parse
    from pipeline.ingest import quiet_collector
    from pipeline.parse import forget, parse_letter
    from pipeline.parse.taxonomy import compile_all

    texts = real_sample_texts()
    compile_all()
    quiet_collector()  # as in a parser process
    cold = warm = float("inf")
    for _ in range(int(rounds)):
        forget()
        t = time.perf_counter()
        for x in texts:
            parse_letter(x, "f.txt")
        cold = min(cold, time.perf_counter() - t)
        t = time.perf_counter()
        for x in texts:
            parse_letter(x, "f.txt")
        warm = min(warm, time.perf_counter() - t)
    return {"letters": len(texts), "letters_per_s_one_core_cold_caches": round(len(texts) / cold),
            "letters_per_s_one_core_warm_caches": round(len(texts) / warm), "compiled": parse.NATIVE}


_COUNTED = """
import functools, sys
from pathlib import Path
sys.path.insert(0, "bench")
from bench import letter_texts
from pipeline.parse import parse_letter
raw, warmup, n = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
texts = letter_texts(raw, warmup + n)
for x in texts[:warmup]:
    parse_letter(x, "f.txt")
# Only what runs inside functools.reduce is counted (callgrind --toggle-collect): the parser on n letters.
functools.reduce(lambda acc, x: acc + (parse_letter(x, "f.txt") is not None), texts[warmup : warmup + n], 0)
"""


_COUNTED_REAL = """
import functools, sys
sys.path.insert(0, "bench")
from bench import real_sample_texts
from pipeline.parse import forget, parse_letter
from pipeline.parse.taxonomy import compile_all
texts = real_sample_texts()
compile_all()
forget()  # nothing remembered: every letter read afresh
functools.reduce(lambda acc, x: acc + (parse_letter(x, "f.txt") is not None), texts, 0)
print(len(texts))
"""


def _callgrind(script: str, *args: str) -> tuple[int, str] | None:
    """(instructions counted, the script's output), or None."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            ["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=functools_reduce",
             f"--callgrind-out-file={tmp}/cg.out", sys.executable, "-c", script, *args],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
    m = re.search(r"Collected : (\d+)", out.stderr)
    return (int(m.group(1)), out.stdout) if out.returncode == 0 and m and int(m.group(1)) else None


def parser_instructions(raw: Path, warmup: int = 300, n: int = 200) -> dict:
    """Instructions the parser executes per letter (valgrind's callgrind): unlike seconds, the same on a
    busy or a quiet machine, so parser changes can be compared across runs. On synthetic letters after
    ``warmup`` others, and on the real sample letters with nothing cached. Skipped without valgrind."""
    if not shutil.which("valgrind"):
        return {"instructions_per_letter": None, "why": "valgrind not installed"}
    synthetic = _callgrind(_COUNTED, str(raw), str(warmup), str(n))
    if synthetic is None:
        return {"instructions_per_letter": None, "why": "callgrind gave no count"}
    out = {"letters": n, "instructions_per_letter": round(synthetic[0] / n)}
    real = _callgrind(_COUNTED_REAL)
    if real:
        n_real = int(real[1].split()[-1])
        out.update(real_letters=n_real, real_instructions_per_letter=round(real[0] / n_real))
    return out


def as_python(function: str, *args: str) -> dict:
    """``function(*args)`` of this script run in a process where the parser runs as Python (IMR_NATIVE=off),
    for the figures of the compiled parser beside the Python one's."""
    script = f"import json, sys; sys.path.insert(0, 'bench'); import bench; print(json.dumps(bench.{function}(*sys.argv[1:])))"
    out = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, env={**os.environ, "IMR_NATIVE": "off"},
                         capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(out.stdout.splitlines()[-1])


def pdf_speed() -> dict:
    from pipeline.extract import extract_bytes

    pdfs = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf")) * 10
    blobs = [p.read_bytes() for p in pdfs]
    t = time.perf_counter()
    for b in blobs:
        extract_bytes(b, ".pdf")
    s = time.perf_counter() - t
    res = {"pdfs": len(blobs), "pypdfium2_pdfs_per_s_one_core": round(len(blobs) / s, 1)}
    if shutil.which("pdftotext"):
        t = time.perf_counter()
        for p in pdfs:
            subprocess.run(["pdftotext", str(p), "-"], capture_output=True, check=False)
        res["pdftotext_pdfs_per_s_one_core"] = round(len(pdfs) / (time.perf_counter() - t), 1)
    else:
        res["pdftotext"] = "not installed"
    return res


def interpreter_speed() -> float:
    """Seconds for a fixed 5-million-step Python loop (best of three): how fast this machine runs Python at
    the moment. Shared machines vary (up to 2x between runs here); taken at the start and at the end of a
    run, it tells a slow moment from a slower program."""
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        total = 0
        for i in range(5_000_000):
            total += i
        best = min(best, time.perf_counter() - t)
    return round(best, 3)


def view_queries(n_items: int = 2_000_000) -> dict:
    import duckdb

    from pipeline.config import SQL_DIR, view_files

    con = duckdb.connect()
    con.execute((SQL_DIR / "schema.sql").read_text())
    con.execute((SQL_DIR / "macros.sql").read_text())
    cats = ["Pharmaceuticals", "Rehabilitation", "Diagnostic Testing", "DMEPOS", "Evaluation & Management", "Injection", "Surgery"]
    con.execute("""
        INSERT INTO reviewers SELECT 'R-' || i, ['Family Practice', 'Occupational Medicine'], 'Family Practice', NULL, ['CA'], ''
        FROM range(500) t(i)""")
    con.execute(f"""
        INSERT INTO cases (case_id, decision_date, reviewer_id)
        SELECT 'C' || i, DATE '2014-01-01' + (i % 3000)::INTEGER, 'R-' || (i % 500) FROM range({n_items // 2}) t(i)""")
    con.execute(f"""
        INSERT INTO disputed_items (item_id, case_id, item_number, decision, service_category, body_region, decision_basis_source)
        SELECT 'I' || i, 'C' || (i // 2), 1, CASE WHEN hash(i) % 100 < 89 THEN 'upheld' ELSE 'overturned' END,
               {cats!r}[1 + (i % 7)], 'lumbar', 'MTUS' FROM range({n_items}) t(i)""")
    con.execute("""
        UPDATE cases SET n_items = t.m, n_upheld = t.y
        FROM (SELECT case_id, count(*) AS m, count(*) FILTER (WHERE decision = 'upheld') AS y FROM disputed_items
              GROUP BY ALL) t
        WHERE cases.case_id = t.case_id""")  # as the parser sets them
    for p in view_files():
        con.execute(p.read_text())
    out = {}
    for view in [p.stem for p in view_files()]:
        t = time.perf_counter()
        con.execute(f"SELECT * FROM {view}").fetchall()
        out[view] = round(time.perf_counter() - t, 3)
    return {"items": n_items, "seconds_per_view": out}


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
                    "python_loop_5M_seconds_at_start": interpreter_speed()},
        "pdf": pdf_speed(),
        "views_over_2M_items": view_queries(),
        "parse_only_real_letters": parse_only_real(),
        "parse_only_real_letters_as_python": as_python("parse_only_real"),
        "sizes": {},
    }  # fmt: skip
    print(json.dumps({k: results[k] for k in ("machine", "pdf", "views_over_2M_items", "parse_only_real_letters",
                                              "parse_only_real_letters_as_python")},
                     indent=1), flush=True)
    for n in SIZES:
        raw = WORK / f"raw-{n}"
        if not (raw / ".complete").exists():
            shutil.rmtree(raw, ignore_errors=True)
            t = time.perf_counter()
            generate_corpus(raw, n, seed=7)
            (raw / "truth.jsonl").replace(WORK / f"truth-{n}.jsonl")  # ground truth is not a letter
            (raw / ".complete").write_text("ok")
            print(f"generated {n} letters in {time.perf_counter() - t:.1f}s", flush=True)
        extra = WORK / f"extra-{n}"
        shutil.rmtree(extra, ignore_errors=True)
        with tempfile.TemporaryDirectory(dir=WORK) as tmp:
            wh = Path(tmp) / "wh"
            read_sha_floor(raw)  # warm the page cache: every figure below reads warm files
            floor = read_sha_floor(raw)
            full = run_build(raw, wh)
            nochange = run_build(raw, wh)
            # +1%: new letters arrive in a new folder inside the raw tree.
            generate_corpus(raw / "zz-increment", max(1, n // 100), seed=10_000 + n)
            (raw / "zz-increment" / "truth.jsonl").unlink()
            plus1 = run_build(raw, wh)
            shutil.rmtree(raw / "zz-increment")
        row = {
            "letters": n,
            "read_sha256_floor": floor,
            "full_build": full,
            "full_letters_per_s": round(n / full["seconds"]),
            "full_vs_floor": round(full["seconds"] / floor["seconds"], 2),
            "no_change_rerun": nochange,
            "no_change_share_of_full": round(nochange["seconds"] / full["seconds"], 3),
            "plus_1pct_rerun": plus1,
            "plus_1pct_share_of_full": round(plus1["seconds"] / full["seconds"], 3),
            "parse_only": parse_only(raw),
        }
        if n == SIZES[0]:
            row["parse_only"]["callgrind"] = parser_instructions(raw)
            row["parse_only_as_python"] = as_python("parse_only", str(raw))
        results["sizes"][str(n)] = row
        print(json.dumps(row, indent=1), flush=True)
    results["machine"]["python_loop_5M_seconds_at_end"] = interpreter_speed()
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=1))
    print("\n letters | end-to-end l/s | x floor | parse-only l/s/core | peak RSS main/worker MB | no-change | +1%")
    for n, r in results["sizes"].items():
        f = r["full_build"]
        print(f" {n:>7} | {r['full_letters_per_s']:>14} | {r['full_vs_floor']:>7} | {r['parse_only']['letters_per_s_one_core']:>19} |"
              f" {f['peak_rss_mb_main']:>8} / {f['peak_rss_mb_worker']:<8} | {r['no_change_share_of_full']:>9} | {r['plus_1pct_share_of_full']}")
    counted = next(iter(results["sizes"].values()), {}).get("parse_only", {}).get("callgrind", {})
    if counted.get("instructions_per_letter"):
        print(f" parser: {counted['instructions_per_letter']:,} instructions per letter (callgrind, {counted['letters']} letters)")
        if counted.get("real_instructions_per_letter"):
            print(f" parser on the {counted['real_letters']} real sample letters, nothing cached:"
                  f" {counted['real_instructions_per_letter']:,} instructions per letter")
    real = results["parse_only_real_letters"]
    print(f" parser on the {real['letters']} real sample letters, one core: {real['letters_per_s_one_core_cold_caches']:,}"
          f" letters/s with empty caches, {real['letters_per_s_one_core_warm_caches']:,} with warm caches"
          f" ({'compiled' if real['compiled'] else 'as Python'})")
    py = results["parse_only_real_letters_as_python"]
    print(f" the same as Python: {py['letters_per_s_one_core_cold_caches']:,} / {py['letters_per_s_one_core_warm_caches']:,}")
    small = next(iter(results["sizes"].values()), {}).get("parse_only_as_python")
    if small:
        print(f" parse-only at {SIZES[0]} as Python: {small['letters_per_s_one_core']:,} letters/s a core")
    machine = results["machine"]
    print(f" machine speed: a 5M-step Python loop took {machine['python_loop_5M_seconds_at_start']} s at the start of the run "
          f"and {machine['python_loop_5M_seconds_at_end']} s at the end (lower is faster)")
    print(f"results written to {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
