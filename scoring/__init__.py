"""Scores from confirmed values: rule shapes (``rules.py``), criteria sets as data
(``criteria/*.toml``, loaded and checked by ``criteria_set.py``), tiers, per-unit
claimed and verified scores and places, and their CSV/XLSX/JSON export. Pure functions
but the export's database reads."""
