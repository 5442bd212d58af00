"""Count the SQL statements a block of code sends, to show that bulk work does not grow with its size."""

import contextlib

from tests.support.databases import QueryLog


@contextlib.contextmanager
def count_queries():
    """Yield a list that collects every SQL statement (sql, params) run on the bound database inside the block."""
    with QueryLog() as log:
        yield log.statements
