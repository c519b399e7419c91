"""Thin Dagster assets: read inputs, call the pure logic in ``pipeline``, write outputs, attach metadata."""
