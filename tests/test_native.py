"""The compiled parser (pipeline/parse/native.py): the same records as the parser run as Python, used only
while built from the current sources, and a build that fails leaves the parser as it was."""

from __future__ import annotations

import hashlib
import importlib.machinery
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import compile_parser, parse
from pipeline.parse import native

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

# Every sample letter and, as Python and compiled code may differ on what no sample has, constructed
# oddities: an empty letter, binary noise, a letter cut short, one with no items section.
_DIGEST = r"""
import hashlib, sys
from pathlib import Path
from pipeline import parse
texts = [p.read_text(encoding="utf-8") for d in ("txt", "seeds") for p in sorted(Path(sys.argv[1], d).glob("*.txt"))]
cut = texts[0][: len(texts[0]) // 2]
texts += ["", "\x00\x01\xff" * 50, cut, texts[0].replace("DISPUTED", "DISPUTE")]
h = hashlib.sha256()
for i, t in enumerate(texts):
    h.update(repr(parse.parse_letter(t, f"f{i}.txt")).encode())
print(parse.NATIVE, len(texts), h.hexdigest())
"""


def _digest(native_setting: str) -> tuple[str, int, str]:
    env = {**os.environ, "IMR_NATIVE": native_setting}
    out = subprocess.run([sys.executable, "-c", _DIGEST, str(FIXTURES)], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split()  # fmt: skip
    return out[0], int(out[1]), out[2]


def test_compiled_parser_gives_the_records_python_gives():
    if not parse.NATIVE:
        pytest.skip("the compiled parser is not built here (`make native` says why); `make test` builds it")
    compiled, python = _digest("on"), _digest("off")
    assert compiled[0] == "True" and python[0] == "False"
    assert compiled[1] == python[1] == 33
    assert compiled[2] == python[2]


def test_make_test_runs_the_compiled_parser():
    # `make test` builds it first (and fails if it cannot): the tests then cover the parser as it runs.
    if os.environ.get("IMR_NATIVE", "on").lower() == "off":
        pytest.skip("IMR_NATIVE=off")
    if native.built_hash() != native.source_hash():
        pytest.skip("no compiled parser of these sources (a bare pytest run after an edit); `make test` builds it")
    assert parse.NATIVE
    assert Path(parse.letter.__file__).parent == native.BUILD_DIR


def test_a_build_from_other_sources_is_not_loaded(monkeypatch):
    monkeypatch.setattr(native, "built_hash", lambda: "0" * 64)
    path: list[str] = []
    assert native.activate(path) is False
    assert path == []


def test_imr_native_off_runs_python(monkeypatch):
    monkeypatch.setattr(native, "built_hash", native.source_hash)  # as if built from these sources
    monkeypatch.setenv("IMR_NATIVE", "off")
    path: list[str] = []
    assert native.activate(path) is False
    assert path == []


def test_source_hash_follows_every_compiled_module(tmp_path, monkeypatch):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "native.py").write_text("")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "__init__.py").write_text("")
    monkeypatch.setattr(native, "HERE", tmp_path)
    assert [p.name for p in native.sources()] == ["a.py"]  # native.py and __init__.py choose, not compiled
    before = native.source_hash()
    (tmp_path / "a.py").write_text("x = 2\n")
    assert native.source_hash() != before
    (tmp_path / "a.py").write_text("x = 1\n")
    assert native.source_hash() == before
    (tmp_path / "rules" / "__init__.py").write_text("DIR = None\n")  # imported by compiled modules: hashed
    assert native.source_hash() != before
    (tmp_path / "rules" / "__init__.py").write_text("")
    (tmp_path / "b.py").write_text("")
    assert native.source_hash() != before


def test_a_failed_build_says_why_and_keeps_what_was_built(tmp_path, monkeypatch, capsys):
    pytest.importorskip("mypyc")
    bad = tmp_path / "bad.py"
    bad.write_text('count: int = "three"\n')
    built = tmp_path / "_native"
    built.mkdir()
    (built / "SOURCE_HASH").write_text("previous\n")
    monkeypatch.setattr(compile_parser, "sources", lambda: [bad])
    monkeypatch.setattr(compile_parser, "source_hash", lambda *folder: hashlib.sha256(bad.read_bytes()).hexdigest())
    monkeypatch.setattr(compile_parser, "BUILD_DIR", built)
    monkeypatch.setattr(compile_parser, "HERE", tmp_path)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "__init__.py").write_text("")
    assert compile_parser.build(force=True) == 1
    said = capsys.readouterr().out
    assert "not built; the parser runs as Python" in said
    assert 'bad.py:1: error: Incompatible types in assignment (expression has type "str", variable has type "int")' in said
    assert (built / "SOURCE_HASH").read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_native", "_native.lock", "bad.py", "rules"]  # no staging


def test_an_up_to_date_build_is_not_rebuilt(monkeypatch, capsys):
    monkeypatch.setattr(compile_parser, "built_hash", lambda: "same")
    monkeypatch.setattr(compile_parser, "source_hash", lambda *folder: "same")
    monkeypatch.setattr(compile_parser.subprocess, "run", lambda *a, **k: pytest.fail("compiled again"))
    assert compile_parser.build() == 0
    assert capsys.readouterr().out == "compiled parser: up to date\n"


def test_a_build_missing_a_module_is_not_loaded(tmp_path, monkeypatch):
    """A build whose stamp matches but that lacks a compiled module (a partial copy, a hand clean-up) would
    run that module as Python under compiled callers: it is not loaded at all."""
    built = tmp_path / "_native"
    built.mkdir()
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    for p in native.sources()[1:]:  # all but the first module
        (built / (p.stem + suffix)).write_bytes(b"")
    (built / f"0123456789abcdef0123__mypyc{suffix}").write_bytes(b"")
    monkeypatch.setattr(native, "BUILD_DIR", built)
    monkeypatch.setattr(native, "built_hash", native.source_hash)
    path: list[str] = []
    assert native.activate(path) is False and path == []
    (built / (native.sources()[0].stem + suffix)).write_bytes(b"")  # now complete, but a library that is no library
    assert native._shared_library() == built / f"0123456789abcdef0123__mypyc{suffix}"
    assert native.activate(path) is False and path == []
