"""Count the SQL statements a block of code sends, to show that bulk work does not grow with its size."""
import contextlib

import models


@contextlib.contextmanager
def count_queries():
    """Yield a list that collects every SQL statement run on the bound database inside the block."""
    database = models.db.obj
    statements = []
    original = database.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        statements.append(sql)
        return original(sql, params, *args, **kwargs)

    database.execute_sql = counting
    try:
        yield statements
    finally:
        del database.execute_sql
