"""Build the compiled parser (``pipeline/parse/native.py`` says what it is and when it is used).

``python -m pipeline.compile_parser [--force]``: compiles ``pipeline/parse``'s modules with mypyc in a
temporary folder, then swaps the result in as ``pipeline/parse/_native/`` whole. Exit 0 when the build
is there and up to date, 1 when it could not be built (the parser then runs as Python; the reason is printed).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .parse.native import BUILD_DIR, HERE, STAMP, built_hash, source_hash, sources


def build(force: bool = False) -> int:
    wanted = source_hash()
    if not force and built_hash() == wanted:
        print("compiled parser: up to date")
        return 0
    if importlib.util.find_spec("mypyc") is None:
        print("compiled parser: not built, mypy is not installed (pip install -e '.[native]'); the parser runs as Python")
        return 1
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
        done = subprocess.run(
            [sys.executable, "-m", "mypyc", *(f"pipeline/parse/{n}.py" for n in names)],
            cwd=work, capture_output=True, text=True, check=False, env={**os.environ, "MYPYC_OPT_LEVEL": "3"},
        )  # fmt: skip
        built = [f for n in names for f in pkg.glob(f"{n}.*") if _is_extension(f)]
        shared = [f for f in work.glob("*__mypyc.*") if _is_extension(f)]
        if done.returncode != 0 or len(built) != len(names) or len(shared) != 1:
            said = (done.stdout + done.stderr).splitlines()
            errors = [line for line in said if ": error:" in line] or said[-30:]
            print("compiled parser: not built; the parser runs as Python. mypyc said:", *errors[-30:], sep="\n")
            return 1
        staging = HERE / f"_native.new-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for f in [*built, *shared]:
            shutil.copy2(f, staging / f.name)
        (staging / STAMP).write_text(wanted + "\n", encoding="utf-8")
        old = HERE / f"_native.old-{os.getpid()}"
        if BUILD_DIR.exists():
            BUILD_DIR.rename(old)
        staging.rename(BUILD_DIR)
        shutil.rmtree(old, ignore_errors=True)
    print(f"compiled parser: built, {len(names)} modules, in {BUILD_DIR}")
    return 0


def _is_extension(path: Path) -> bool:
    return any(path.name.endswith(s) for s in importlib.machinery.EXTENSION_SUFFIXES)


if __name__ == "__main__":
    sys.exit(build(force="--force" in sys.argv[1:]))
