"""Build the compiled parser (``pipeline/parse/native.py`` says what it is and when it is used).

``python -m pipeline.compile_parser [--force]`` (``make native`` runs it with ``IMR_NATIVE=off``, so a
broken earlier build is never loaded by its own repair): compiles ``pipeline/parse``'s modules with mypyc
in a temporary folder, then swaps the result in as ``pipeline/parse/_native/`` whole, one build at a
time (a lock file), and fills the regex cache (``pipeline/parse/rx.py``). Exit 0 when the build is
there and up to date, 1 when it could not be built (the parser then runs as Python; the reason is printed).
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .parse.native import BUILD_DIR, HERE, STAMP, built_hash, is_extension, source_hash, sources


def build(force: bool = False) -> int:
    if not force and built_hash() == source_hash():
        print("compiled parser: up to date")
        return 0
    if importlib.util.find_spec("mypyc") is None:
        print("compiled parser: not built, mypy is not installed (pip install -e '.[native]'); the parser runs as Python")
        return 1
    try:
        with open(HERE / "_native.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another build: wait for it, then see whether it did this one
            if not force and built_hash() == source_hash():
                print("compiled parser: up to date")
                return 0
            return _build()
    except OSError as exc:
        print(f"compiled parser: not built ({exc}); the parser runs as Python")
        return 1


def _build() -> int:
    names = [p.stem for p in sources()]
    with tempfile.TemporaryDirectory(prefix="imr-native-") as tmp:
        work = Path(tmp)
        pkg = work / "pipeline" / "parse"
        (pkg / "rules").mkdir(parents=True)
        (work / "pipeline" / "__init__.py").write_text("")
        (pkg / "__init__.py").write_text("")
        shutil.copy2(HERE / "rules" / "__init__.py", pkg / "rules" / "__init__.py")  # type-checked, not compiled
        for p in sources():
            shutil.copy2(p, pkg / p.name)
        built_from = source_hash(pkg)  # of the copies compiled (a module edited meanwhile makes it stale)
        done = subprocess.run(
            [sys.executable, "-m", "mypyc", *(f"pipeline/parse/{n}.py" for n in names)],
            cwd=work, capture_output=True, text=True, check=False, env={**os.environ, "MYPYC_OPT_LEVEL": "3"},
        )  # fmt: skip
        built = [f for n in names for f in pkg.glob(f"{n}.*") if is_extension(f.name)]
        shared = [f for f in work.glob("*__mypyc.*") if is_extension(f.name)]
        if done.returncode != 0 or len(built) != len(names) or len(shared) != 1:
            said = (done.stdout + done.stderr).splitlines()
            errors = [line for line in said if ": error:" in line] or said[-30:]
            print("compiled parser: not built; the parser runs as Python. mypyc said:", *errors[-30:], sep="\n")
            return 1
        for stale in HERE.glob("_native.*-*"):  # left by a build that was killed mid-swap
            shutil.rmtree(stale, ignore_errors=True)
        staging = HERE / f"_native.new-{os.getpid()}"
        staging.mkdir()
        for f in [*built, *shared]:
            shutil.copy2(f, staging / f.name)
        (staging / STAMP).write_text(built_from + "\n", encoding="utf-8")
        old = HERE / f"_native.old-{os.getpid()}"
        if BUILD_DIR.exists():
            BUILD_DIR.rename(old)
        staging.rename(BUILD_DIR)
        shutil.rmtree(old, ignore_errors=True)
    print(f"compiled parser: built, {len(names)} modules, in {BUILD_DIR}")
    from .parse.taxonomy import compile_all

    compile_all()  # the regex cache filled now: the first run's parser processes start warm
    return 0


if __name__ == "__main__":
    sys.exit(build(force="--force" in sys.argv[1:]))
