"""Benchmarks and the search dev set; each script prints a table, results go in RESULTS.md."""
