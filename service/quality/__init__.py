"""Readability across the library, for QA: cached reports, the library report, charts
and the readability commands."""
