"""Schema migrations, run by `flask --app app db upgrade`.

A fresh database gets the current schema and is stamped with every migration. An existing database gets
the migrations it has not had yet, in name order, each in its own transaction, so that data is kept.
A migration is a module `NNNN_name.py` with `upgrade(migrator, database)`; write it with
`playhouse.migrate` operations (`migrator.add_column(...)`), never by dropping and recreating a table.
"""

import contextlib
import importlib
import pkgutil
import re

from peewee import SqliteDatabase
from playhouse.migrate import SchemaMigrator

import models

_NAME = re.compile(r"^\d{4}_\w+$")


def migration_names(package=__name__):
    module = importlib.import_module(package)
    return sorted(info.name for info in pkgutil.iter_modules(module.__path__) if _NAME.match(info.name))


def upgrade(package=__name__):
    """Bring the bound database up to date; return the names of the migrations applied."""
    database = models.db.obj
    names = migration_names(package)
    with database.connection_context():
        if not database.table_exists(models.SchemaVersion._meta.table_name):
            with database.atomic():
                database.create_tables(models.ALL_MODELS)
                models.SchemaVersion.insert_many([{"name": n} for n in names]).execute()
            return ["(new database: current schema)"]
        done = {row.name for row in models.SchemaVersion.select(models.SchemaVersion.name)}
        applied = []
        migrator = SchemaMigrator.from_database(database)
        for name in names:
            if name in done:
                continue
            module = importlib.import_module(f"{package}.{name}")
            with _foreign_keys_deferred(database):
                with database.atomic():
                    module.upgrade(migrator, database)
                    _check_foreign_keys(database)
                    models.SchemaVersion.create(name=name)
            applied.append(name)
        return applied


@contextlib.contextmanager
def _foreign_keys_deferred(database):
    """On SQLite, peewee rebuilds a table to change it, which a referencing table's foreign key would
    refuse; the pragma only takes effect outside a transaction, so switch it off around the migration."""
    sqlite = isinstance(database, SqliteDatabase)
    if sqlite:
        database.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        if sqlite:
            database.execute_sql("PRAGMA foreign_keys = ON")


def _check_foreign_keys(database):
    """Refuse (and so roll back) a migration that left rows pointing nowhere."""
    if isinstance(database, SqliteDatabase):
        broken = database.execute_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
