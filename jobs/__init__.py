"""Scheduled work. `jobs.tasks` holds the job functions (plain functions, callable from tests and the CLI);
`jobs.worker` is the one process that schedules them (`python -m jobs.worker`, the Procfile's worker line).

The web process never imports `jobs.worker`: a scheduler inside it would run once per web worker.
"""
