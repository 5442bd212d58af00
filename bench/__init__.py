"""Benchmarks: each prints its figures as ratios to a floor measured in the same run (1.00 is the floor).

Run one as `.venv/bin/python bench/NAME.py [--database-url postgresql://...]`; see the README's Performance
section. `common` holds the scratch databases and the query log they share.
"""
