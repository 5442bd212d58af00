"""Schema migrations: a fresh database gets the schema, an existing one gets new migrations and keeps its rows.

These tests bind the models to a database of their own (a SQLite file, or a fresh PostgreSQL database on the
PostgreSQL run) and give the shared test database back afterwards.
"""

import importlib
import os
import sys
import textwrap
import uuid

import pytest

import migrations
import models
from bench.common import create_postgres_database
from database import bind_database

ADD_COLUMN = """
    from peewee import CharField
    from playhouse.migrate import migrate


    def upgrade(migrator, database):
        migrate(migrator.add_column("subject", "colour", CharField({field})))
"""


@pytest.fixture
def fresh_database(database_url, tmp_path, worker_id):
    """An empty database of the same kind as the test database, bound in place of it during the test."""
    bound = models.db.obj
    if bound is not None and not bound.is_closed():
        bound.close()
    if database_url.startswith("postgresql"):
        url = create_postgres_database(database_url, f"doelpunt_migrations_{worker_id}_{os.getpid()}")
    else:
        url = f"sqlite:///{tmp_path / 'fresh.db'}"
    database = bind_database(url)
    yield database
    if not database.is_closed():
        database.close()
    models.db.initialize(bound)


@pytest.fixture
def migration_package(tmp_path, monkeypatch):
    """A migrations package of our own in tmp_path: its name, and a function that adds a migration to it."""
    name = "tmp_migrations_" + uuid.uuid4().hex[:8]
    package = tmp_path / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))

    def add(filename, source):
        (package / filename).write_text(textwrap.dedent(source))
        importlib.invalidate_caches()

    add(
        "0001_initial.py",
        """
        import models


        def upgrade(migrator, database):
            database.create_tables(models.ALL_MODELS, safe=True)
    """,
    )
    yield name, add
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]


def _stamped(database):
    with database.connection_context():
        return sorted(row.name for row in models.SchemaVersion.select())


def test_fresh_database_gets_every_table_and_is_stamped(fresh_database):
    assert migrations.upgrade() == ["(new database: current schema)"]
    with fresh_database.connection_context():
        tables = set(fresh_database.get_tables())
    assert {m._meta.table_name for m in models.ALL_MODELS} <= tables
    assert _stamped(fresh_database) == migrations.migration_names() != []


def test_second_upgrade_applies_nothing(fresh_database):
    migrations.upgrade()
    assert migrations.upgrade() == []
    assert _stamped(fresh_database) == migrations.migration_names()


@pytest.mark.parametrize(
    "field, kept_value",
    [
        ('null=True, default="#1e88e5"', None),
        # peewee's migrator adds a NOT NULL column on SQLite by rebuilding the table, which a referencing
        # table's foreign key would refuse: migrations.upgrade() switches foreign keys off around it.
        pytest.param('default="#1e88e5"', "#1e88e5", id="not-null-with-default"),
    ],
)
def test_new_migration_is_applied_and_keeps_the_rows(fresh_database, migration_package, field, kept_value):
    package, add_migration = migration_package
    assert migrations.upgrade(package=package) == ["(new database: current schema)"]
    assert _stamped(fresh_database) == ["0001_initial"]
    with fresh_database.connection_context():
        rekenen = models.Subject.create(name="Rekenen", position=1)
        models.Domain.create(subject=rekenen, name="Getallen")

    add_migration("0002_add_column.py", ADD_COLUMN.format(field=field))
    assert migrations.upgrade(package=package) == ["0002_add_column"]
    assert migrations.upgrade(package=package) == []

    assert _stamped(fresh_database) == ["0001_initial", "0002_add_column"]
    with fresh_database.connection_context():
        assert "colour" in {c.name for c in fresh_database.get_columns("subject")}
        rows = fresh_database.execute_sql('SELECT name, colour FROM "subject"').fetchall()
        assert [tuple(row) for row in rows] == [("Rekenen", kept_value)]
        assert models.Domain.get().subject.name == "Rekenen"


def test_a_failing_migration_changes_nothing(fresh_database, migration_package):
    package, add_migration = migration_package
    migrations.upgrade(package=package)
    add_migration(
        "0002_broken.py",
        """
        from peewee import CharField
        from playhouse.migrate import migrate


        def upgrade(migrator, database):
            migrate(migrator.add_column("subject", "colour", CharField(default="")))
            raise RuntimeError("half way")
    """,
    )
    with pytest.raises(RuntimeError, match="half way"):
        migrations.upgrade(package=package)
    assert _stamped(fresh_database) == ["0001_initial"]
    with fresh_database.connection_context():
        assert "colour" not in {c.name for c in fresh_database.get_columns("subject")}


def test_db_upgrade_command(runner):
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Schema bijgewerkt: niets te doen" in result.output
    assert models.Status.select().count() == 5
