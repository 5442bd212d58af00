"""Schema migrations, run by `flask --app app db upgrade`.

A fresh database (one without the `schema_version` table) gets models.py's current schema and is stamped with
every migration. An existing database gets the migrations it has not had yet, in name order, each in its own
transaction, so that its rows are kept. A migration is a module `NNNN_name.py` with
`upgrade(migrator, database)`.

Adding a migration, whenever you change the schema in models.py (a table, a column, an index, a constraint):

- Take the next number: `NNNN_what_it_is_for.py`. A migration that has been released is never edited; a
  mistake in it is put right by the next one.
- A new table is defined in the migration itself, frozen: a peewee class per table with the fields and
  indexes it has today (defaults and backrefs never reach the database, leave them out), on a `Model` base of
  the module's own with `legacy_table_names = False` and no database, created with
  `with database.bind_ctx(TABLES): database.create_tables(TABLES)`. A table an earlier migration made, that a
  foreign key points at, is named by an empty class (see 0003_pupil_bot.py).
- A change to an existing table is a `playhouse.migrate` operation, e.g.
  `migrate(migrator.add_column("subject", "colour", CharField(null=True)))`, `migrator.add_index(...)`;
  never drop and recreate a table, which would lose its rows.
- Never import models.py's model classes in a migration. They describe today's schema, and a migration must
  build what it built on the day it was written: a migration that creates `models.LiveEvent` creates, on an
  old database, the columns a later migration then adds a second time.
- tests/test_migrations.py builds a database with 0001 alone, upgrades it through every later migration and
  compares its schema with a fresh one made from models.py. It fails, naming the table and what differs, when
  models.py and the migrations disagree: a column in models.py without a migration that adds it, a migration
  whose table is not the model's. Run it on SQLite and on PostgreSQL (TEST_DATABASE_URL).
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
        return _apply(database, package, names)


def replay(until, package=__name__):
    """Build the bound, empty database with the migrations themselves, up to and including `until`, as a
    database of that time has it (`upgrade()` then brings it up to date); for the schema test."""
    database = models.db.obj
    names = migration_names(package)
    with database.connection_context():
        if database.get_tables():
            raise RuntimeError("replay() builds an empty database only")
        return _apply(database, package, names[: names.index(until) + 1])


def _apply(database, package, names):
    """Run the migrations of `names` the database has not had yet, each in its own transaction."""
    done = set()
    if database.table_exists(models.SchemaVersion._meta.table_name):
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
