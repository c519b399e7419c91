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
import importlib.util
import os
import sys
from pathlib import Path

HERE = Path(__file__).parent
BUILD_DIR = HERE / "_native"
STAMP = "SOURCE_HASH"
# Loaded as Python: they choose what is loaded (and the rule folder's module names its own place).
PYTHON_ONLY = ("__init__.py", "native.py")


def sources() -> list[Path]:
    """The modules compiled: every module of the package but those that choose what is loaded."""
    return sorted(p for p in HERE.glob("*.py") if p.name not in PYTHON_ONLY)


def source_hash() -> str:
    """What a compiled build must have been built from: the modules' text and this Python's version."""
    h = hashlib.sha256(sys.version.encode())
    for p in sources():
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def enabled() -> bool:
    return os.environ.get("IMR_NATIVE", "on").strip().lower() not in ("0", "off", "false", "no")


def built_hash() -> str | None:
    try:
        return (BUILD_DIR / STAMP).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def activate(package_path: list[str]) -> bool:
    """Put the compiled modules first on the package's path if they were built from these very sources
    (and ``IMR_NATIVE`` is not off). True if the parser runs compiled."""
    if not enabled() or built_hash() != source_hash():
        return False
    try:
        for lib in BUILD_DIR.glob("*__mypyc.*"):  # the library the compiled modules share, a top-level module
            name = lib.name.split(".", 1)[0]
            if name in sys.modules:
                continue
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
