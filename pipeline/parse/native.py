"""The parser compiled: this package's modules built as C extensions by mypyc, from the same source.

Compiled, the parser reads ~1.4x the letters a second (``make bench`` prints both). Nothing else changes:
same source, same records (``tests/test_native.py`` compares them on every sample letter).

- ``python -m pipeline.compile_parser`` (``make native``, run by ``make install`` and every make target
  that parses) builds it into ``pipeline/parse/_native/`` (ignored by git), with the hash of the sources it was built
  from. It is built aside and swapped in whole; an up-to-date build is left as it is.
- ``pipeline.parse`` loads the compiled modules only while that hash is its sources' own: a module edited
  since runs as Python until the next build, never as stale machine code.
- ``IMR_NATIVE=off`` runs the parser as Python whatever is built; without a C compiler or mypy the build
  says why and the parser runs as Python.

Compiled code checks its type annotations at run time: an annotation that a value contradicts raises
``TypeError`` there (the letter is then quarantined as a parser error, as any parser bug would be), so
the annotations of this package are kept true (``make native`` runs mypy's checks on them first).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

HERE = Path(__file__).parent
BUILD_DIR = HERE / "_native"
STAMP = "SOURCE_HASH"
# Loaded as Python: they choose what is loaded (and the rule folder's module names its own place).
PYTHON_ONLY = ("__init__.py", "native.py")


def sources(folder: Path | None = None) -> list[Path]:
    """The modules compiled: every module of the package (or of ``folder``, a copy of it) but those that
    choose what is loaded."""
    return sorted(p for p in (folder or HERE).glob("*.py") if p.name not in PYTHON_ONLY)


def source_hash(folder: Path | None = None) -> str:
    """What a compiled build must have been built from: the text of the modules compiled and of the one
    they import uncompiled (``rules/__init__.py``), and this Python's exact version."""
    folder = folder or HERE
    h = hashlib.sha256(sys.version.encode())
    for p in [*sources(folder), folder / "rules" / "__init__.py"]:
        h.update(p.relative_to(folder).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def enabled() -> bool:
    return os.environ.get("IMR_NATIVE", "on").strip().lower() not in ("0", "off", "false", "no")


def built_hash() -> str | None:
    try:
        return (BUILD_DIR / STAMP).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def is_extension(name: str) -> bool:
    """Whether a file name is a compiled module's this Python loads."""
    return any(name.endswith(s) for s in importlib.machinery.EXTENSION_SUFFIXES)


def _shared_library() -> Path | None:
    """The library the compiled modules share, if the build holds it and every compiled module (a module
    missing from it would load as Python and be called as compiled code: a crash)."""
    try:
        names = {p.name for p in BUILD_DIR.iterdir()}
    except OSError:
        return None
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    if not all(any(p.stem + s in names for s in suffixes) for p in sources()):
        return None
    libs = [n for n in names if "__mypyc." in n and is_extension(n)]
    return BUILD_DIR / libs[0] if len(libs) == 1 else None


def activate(package_path: list[str]) -> bool:
    """Put the compiled modules first on the package's path if they were built from these very sources
    and are all there (and ``IMR_NATIVE`` is not off). True if the parser runs compiled."""
    if not enabled() or built_hash() != source_hash():
        return False
    lib = _shared_library()
    if lib is None:
        return False
    name = lib.name.split(".", 1)[0]  # a top-level module the compiled modules import
    try:
        if name not in sys.modules:
            spec = importlib.util.spec_from_file_location(name, lib)
            if spec is None or spec.loader is None:
                return False
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            sys.modules[name] = module
    except (ImportError, OSError):
        return False
    package_path.insert(0, str(BUILD_DIR))
    return True
