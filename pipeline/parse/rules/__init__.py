"""The parser's rule tables (CSV, described in this folder's README.md)."""

from pathlib import Path

DIR = Path(__file__).parent  # a module of its own: the parser's compiled modules load from elsewhere
