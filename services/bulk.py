"""Bulk INSERTs for imports and LAS syncs: one bound multi-row statement per few hundred rows.

peewee's insert_many builds a query node per value: for a thousand users that costs more than reading the
whole file (bench/import_pupils.py, bench/sync.py), while one bound statement per few hundred rows costs
little. Only our own table and column names go into the SQL text; every value is a bound parameter.
"""

import sqlite3

from peewee import AutoField, DateField, DateTimeField, chunked

from models import db

# SQLite before 3.32 allowed 999 bound parameters per statement; later versions and PostgreSQL allow more.
MAX_PARAMETERS = 30000 if sqlite3.sqlite_version_info >= (3, 32) else 999
MAX_ROWS = 500


def _default(field):
    return field.default() if callable(field.default) else field.default


def insert_rows(model, columns, rows, returning=()):
    """Insert `rows` (tuples of database values for the fields `columns`; other fields get their defaults);
    return the `returning` columns of the new rows, in order."""
    if not rows:
        return []
    database = db.obj
    given = {f.name for f in columns}  # by name: a peewee field's == builds an expression
    defaults = [
        f
        for f in model._meta.sorted_fields
        if f.default is not None and f.name not in given and not isinstance(f, AutoField)
    ]
    constant = tuple(f.db_value(_default(f)) for f in defaults)
    quote = lambda name: database.quote[0] + name + database.quote[1]  # noqa: E731 (our own names only)
    names = ", ".join(quote(f.column_name) for f in list(columns) + defaults)
    width = len(columns) + len(defaults)
    placeholders = "(" + ", ".join([database.param] * width) + ")"
    tail = (" RETURNING " + ", ".join(quote(f.column_name) for f in returning)) if returning else ""
    found = []
    for batch in chunked(rows, max(1, min(MAX_ROWS, MAX_PARAMETERS // width))):
        sql = (
            f"INSERT INTO {quote(model._meta.table_name)} ({names}) VALUES "
            + ", ".join([placeholders] * len(batch))
            + tail
        )
        cursor = database.execute_sql(sql, [value for row in batch for value in (*row, *constant)])
        if returning:
            found.extend(cursor.fetchall())
    return found


def insert_dicts(model, rows):
    """Insert `rows` (dicts of field name to value; a field a row leaves out gets its default or NULL).
    Dates and times are converted as peewee would; text, numbers, booleans and ids go as they are."""
    if not rows:
        return
    names = set().union(*rows)
    columns = [f for f in model._meta.sorted_fields if f.name in names]
    convert = [
        (f.name, f.db_value if isinstance(f, (DateField, DateTimeField)) else None, _default(f)) for f in columns
    ]
    tuples = []
    for row in rows:
        values = []
        for name, to_db, default in convert:
            value = row.get(name, default)
            values.append(to_db(value) if to_db and value is not None else value)
        tuples.append(tuple(values))
    insert_rows(model, columns, tuples)
