"""Databases for tests and benchmarks: scratch PostgreSQL databases on a server, and a log of the SQL a
block of code sends (to show that bulk work does not grow with its size). bench/ uses these too.
"""

import contextlib
import re

import models


class QueryLog:
    """Context manager that records every SQL statement and its parameters sent through the bound database."""

    def __init__(self, database=None):
        self.database = database or models.db.obj
        self.statements = []

    def __enter__(self):
        original = self.database.execute_sql

        def execute_sql(sql, params=None, *args, **kwargs):
            self.statements.append((sql, tuple(params or ())))
            return original(sql, params, *args, **kwargs)

        self.database.execute_sql = execute_sql
        return self

    def __exit__(self, *exc):
        del self.database.execute_sql  # the class's own method shows through again

    @property
    def count(self):
        return len(self.statements)


def create_postgres_database(server_url, name):
    """Create the database `name` (dropping a leftover of that name) on the server of `server_url`;
    return its URL. The tests use it for their databases too."""
    _run_on_server(server_url, f'DROP DATABASE IF EXISTS "{name}"')
    _run_on_server(server_url, f'CREATE DATABASE "{name}"')
    return re.sub(r"/[^/]*$", "/" + name, server_url)


@contextlib.contextmanager
def postgres_database(server_url, name):
    """A scratch database `name` on the server of `server_url`: yields its URL, drops it afterwards."""
    url = create_postgres_database(server_url, name)
    try:
        yield url
    finally:
        _run_on_server(server_url, f'DROP DATABASE IF EXISTS "{name}"')


def _run_on_server(server_url, sql):
    """Run one statement outside a transaction (CREATE and DROP DATABASE need that)."""
    import psycopg2

    conn = psycopg2.connect(server_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()
