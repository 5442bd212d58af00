"""A database's schema as its own catalogue reports it, and the differences between two of them.

`describe(database)` gives, per table: columns (type as declared, nullability, default), the primary key,
foreign keys (columns, target table and columns, ON DELETE and ON UPDATE), indexes (name, columns in order,
uniqueness, WHERE of a partial index), CHECK constraints and triggers; for a SQLite virtual table (the notes'
full-text index, FTS5) also its definition. SQLite is read with its pragmas and, for CHECK constraints,
triggers and virtual tables, the statements kept in sqlite_master; PostgreSQL with pg_catalog (format_type
keeps VARCHAR lengths, which information_schema and peewee's get_columns drop; a generated column's
expression is its default).

What is normalised, and why:
- Column order is ignored (columns are keyed by name): a column added by a migration goes last, the same
  field declared in a model may sit in the middle, and peewee names every column it reads or writes.
- Foreign keys are keyed by their columns, not by a constraint name: SQLite's have none, and peewee's
  migrator finds a foreign key by its column (`get_foreign_key_constraint`), never by a name.
- On SQLite, a CHECK's text has its runs of whitespace collapsed (a table rebuilt by playhouse.migrate keeps
  the text, but nothing promises its spacing). PostgreSQL gives its own canonical text (pg_get_constraintdef).
- The primary key's own index is left out of the indexes (the primary key is compared as such; SQLite has no
  index for an INTEGER PRIMARY KEY, PostgreSQL has one).
- Triggers are keyed by name; on SQLite their statement is compared with its runs of whitespace collapsed,
  as is a virtual table's CREATE statement (an ordinary table's is not compared: a table that a migration
  changed keeps the text of each ALTER). Triggers and virtual tables were added to the comparison with the
  notes' full-text search (migration 0007): a migration that rebuilds the note table on SQLite drops its
  triggers, and only this comparison would notice.
Nothing else: index names and PostgreSQL's CHECK names are compared as they are, since a later migration
drops an index or a constraint by its name.
"""

import re

from peewee import PostgresqlDatabase

ON_DELETE = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def describe(database):
    """{table: {"columns", "primary key", "foreign keys", "indexes", "checks"}} of the connected database."""
    read = _postgres_table if isinstance(database, PostgresqlDatabase) else _sqlite_table
    return {table: read(database, table) for table in database.get_tables()}


def differences(upgraded, fresh):
    """One line per difference, naming the table and what differs; empty when the schemas are the same."""
    found = []
    for table in sorted(upgraded.keys() | fresh.keys()):
        if table not in fresh:
            found.append(f"{table}: table only in the upgraded database")
        elif table not in upgraded:
            found.append(f"{table}: table only in the fresh database")
        else:
            found += [f"{table}: {line}" for line in _table_differences(upgraded[table], fresh[table])]
    return found


def _table_differences(upgraded, fresh):
    for part, what in (("columns", "column"), ("foreign keys", "foreign key"), ("indexes", "index")):
        for key in sorted(upgraded[part].keys() | fresh[part].keys(), key=str):
            name = f"{what} {_spell(key)}"
            if key not in fresh[part]:
                yield f"{name} only in the upgraded database: {upgraded[part][key]}"
            elif key not in upgraded[part]:
                yield f"{name} only in the fresh database: {fresh[part][key]}"
            elif upgraded[part][key] != fresh[part][key]:
                yield f"{name} differs: upgraded {upgraded[part][key]}, fresh {fresh[part][key]}"
    for name in sorted(upgraded["triggers"].keys() | fresh["triggers"].keys()):
        if name not in fresh["triggers"]:
            yield f"trigger {name} only in the upgraded database"
        elif name not in upgraded["triggers"]:
            yield f"trigger {name} only in the fresh database"
        elif upgraded["triggers"][name] != fresh["triggers"][name]:
            yield f"trigger {name} differs: upgraded {upgraded['triggers'][name]}, fresh {fresh['triggers'][name]}"
    if upgraded["definition"] != fresh["definition"]:
        yield f"definition differs: upgraded {upgraded['definition']}, fresh {fresh['definition']}"
    if upgraded["primary key"] != fresh["primary key"]:
        yield f"primary key differs: upgraded {upgraded['primary key']}, fresh {fresh['primary key']}"
    for check in sorted(set(upgraded["checks"]) - set(fresh["checks"])):
        yield f"check only in the upgraded database: {check}"
    for check in sorted(set(fresh["checks"]) - set(upgraded["checks"])):
        yield f"check only in the fresh database: {check}"


def _spell(key):
    return ", ".join(key) if isinstance(key, tuple) else key


# --- SQLite -----------------------------------------------------------------------------------------------


def _sqlite_table(database, table):
    def pragma(name, argument):
        return database.execute_sql(f'PRAGMA {name}("{argument}")').fetchall()

    columns = {}
    primary_key = []
    for _cid, name, data_type, notnull, default, pk in pragma("table_info", table):
        columns[name] = {"type": data_type, "null": not notnull, "default": default}
        if pk:
            primary_key.append((pk, name))

    by_number = {}
    for number, _seq, target, column, target_column, on_update, on_delete, _match in pragma("foreign_key_list", table):
        by_number.setdefault(number, []).append((column, target, target_column, on_delete, on_update))
    foreign_keys = {
        tuple(part[0] for part in parts): {
            "target": parts[0][1],
            "target columns": tuple(part[2] for part in parts),
            "on_delete": parts[0][3],
            "on_update": parts[0][4],
        }
        for parts in by_number.values()
    }

    indexes = {}
    for _seq, name, unique, origin, partial in pragma("index_list", table):
        if origin == "pk":
            continue
        where = None
        if partial:
            sql = database.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,))
            where = _squeeze(re.split(r"\bWHERE\b", sql.fetchone()[0], maxsplit=1, flags=re.I)[1])
        indexes[name] = {
            "columns": tuple(row[2] for row in pragma("index_info", name)),
            "unique": bool(unique),
            "where": where,
        }

    create = database.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
    create_sql = create.fetchone()[0] or ""
    triggers = database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
    ).fetchall()
    return {
        "columns": columns,
        "primary key": tuple(name for _position, name in sorted(primary_key)),
        "foreign keys": foreign_keys,
        "indexes": indexes,
        "checks": sorted(_sqlite_checks(create_sql)),
        "triggers": {name: _squeeze(sql) for name, sql in triggers},
        "definition": _squeeze(create_sql) if re.match(r"\s*CREATE\s+VIRTUAL\b", create_sql, flags=re.I) else None,
    }


def _sqlite_checks(create_sql):
    """The text inside each CHECK (...) of a CREATE TABLE statement."""
    checks = []
    for match in re.finditer(r"\bCHECK\s*\(", create_sql, flags=re.I):
        depth, start = 1, match.end()
        position = start
        while depth:
            depth += {"(": 1, ")": -1}.get(create_sql[position], 0)
            position += 1
        checks.append(_squeeze(create_sql[start : position - 1]))
    return checks


def _squeeze(text):
    return " ".join(text.split())


# --- PostgreSQL -------------------------------------------------------------------------------------------


def _postgres_table(database, table):
    relation = '"' + table.replace('"', '""') + '"'

    def rows(sql):
        return database.execute_sql(sql, (relation,)).fetchall()

    columns = {
        name: {"type": data_type, "null": not notnull, "default": default}
        for name, data_type, notnull, default in rows(
            """SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped"""
        )
    }

    primary_key = ()
    indexes = {}
    for name, is_primary, unique, where, index_columns in rows(
        """SELECT i.relname, x.indisprimary, x.indisunique, pg_get_expr(x.indpred, x.indrelid),
            ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                  JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.n)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = %s::regclass"""
    ):
        if is_primary:
            primary_key = tuple(index_columns)
        else:
            indexes[name] = {"columns": tuple(index_columns), "unique": unique, "where": where}

    foreign_keys = {}
    for key_columns, target, target_columns, on_delete, on_update in rows(
        """SELECT ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
                  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n),
            f.relname::text,
            ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n)
                  JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n),
            c.confdeltype, c.confupdtype
        FROM pg_constraint c JOIN pg_class f ON f.oid = c.confrelid
        WHERE c.conrelid = %s::regclass AND c.contype = 'f'"""
    ):
        foreign_keys[tuple(key_columns)] = {
            "target": target,
            "target columns": tuple(target_columns),
            "on_delete": ON_DELETE[on_delete],
            "on_update": ON_DELETE[on_update],
        }

    checks = [
        f"{name}: {definition}"
        for name, definition in rows(
            """SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = %s::regclass AND contype = 'c'"""
        )
    ]
    triggers = dict(
        rows(
            """SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger
            WHERE tgrelid = %s::regclass AND NOT tgisinternal"""
        )
    )
    return {
        "columns": columns,
        "primary key": primary_key,
        "foreign keys": foreign_keys,
        "indexes": indexes,
        "checks": sorted(checks),
        "triggers": triggers,
        "definition": None,
    }
