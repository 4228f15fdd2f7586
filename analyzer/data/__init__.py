"""Packaged heuristic tables (TOML), read through :mod:`analyzer.tables`."""
