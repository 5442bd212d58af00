"""Schema migrations: a fresh database gets the schema, an existing one gets new migrations and keeps its rows,
and a database built from 0001 on ends with the schema of a fresh one (compared with tests/schema.py).

These tests bind the models to a database of their own (a SQLite file, or a fresh PostgreSQL database on the
PostgreSQL run) and give the shared test database back afterwards.
"""

import contextlib
import datetime as dt
import importlib
import os
import re
import sys
import textwrap
import uuid

import pytest
from peewee import BooleanField, CharField, IntegerField
from playhouse.migrate import SchemaMigrator, migrate

import migrations
import models
from database import bind_database
from models import ExitLevel, ExitLevelChange, GroupReview, ReviewAnswer, ReviewRound, TestMoment
from services import note_search
from services.permissions import SYSTEM
from tests.support import schema
from tests.support.databases import postgres_database

ADD_COLUMN = """
    from peewee import BooleanField, CharField, IntegerField
    from playhouse.migrate import migrate


    def upgrade(migrator, database):
        migrate(migrator.add_column("subject", "colour", CharField({field})))
"""


@pytest.fixture
def new_database(database_url, tmp_path, worker_id):
    """Makes empty databases of the same kind as the test database (SQLite files, or PostgreSQL databases
    dropped afterwards), each bound in place of the test database until the next; gives that back at the end."""
    bound = models.db.obj
    if bound is not None and not bound.is_closed():
        bound.close()
    made = []
    with contextlib.ExitStack() as dropped:

        def make(name):
            if database_url.startswith("postgresql"):
                url = dropped.enter_context(
                    postgres_database(database_url, f"doelpunt_migrations_{name}_{worker_id}_{os.getpid()}")
                )
            else:
                url = f"sqlite:///{tmp_path / name}.db"
            made.append(bind_database(url))
            return made[-1]

        yield make
        for database in made:
            if not database.is_closed():
                database.close()
    models.db.initialize(bound)


@pytest.fixture
def fresh_database(new_database):
    """An empty database of the same kind as the test database, bound in place of it during the test."""
    return new_database("fresh")


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
        def upgrade(migrator, database):
            raise AssertionError("never run: these tests start from a fresh database, stamped with it")
    """,
    )
    yield name, add
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]


def _stamped(database):
    with database.connection_context():
        return sorted(row.name for row in models.SchemaVersion.select())


def _schema(database):
    with database.connection_context():
        return schema.describe(database)


def test_a_database_from_the_first_migration_upgrades_to_the_schema_of_a_fresh_one(new_database):
    """The migrations, from 0001 on, build exactly what models.py declares. When this fails, a change to
    models.py lacks its migration (or a migration's table is not the model's): see migrations/__init__.py."""
    names = migrations.migration_names()
    upgraded = new_database("upgraded")
    assert migrations.replay("0001_initial") == ["0001_initial"]
    assert migrations.upgrade() == names[1:]
    assert _stamped(upgraded) == names
    upgraded_schema = _schema(upgraded)

    fresh = new_database("fresh")
    assert migrations.upgrade() == ["(new database: current schema)"]
    differences = schema.differences(upgraded_schema, _schema(fresh))
    assert not differences, "models.py and the migrations disagree:\n" + "\n".join(differences)


def _later(model, **fields):
    """A frozen table of 0001 as the code after a later migration wrote it: with the columns that migration
    added (`fields`, name: field), bound to the same database (for rows written after those migrations)."""
    meta = type("Meta", (), {"table_name": model._meta.table_name})
    later = type(model.__name__, (model,), {**fields, "Meta": meta})
    later._meta.set_database(model._meta.database)
    return later


def _old_pupil(first, last_name, at):
    """Anna, written through 0001's own frozen User table, as the code of that time wrote a pupil; on a
    database past 0004 with the session epoch that code then gave every new user."""
    model = first.User
    if "session_epoch" in {c.name for c in model._meta.database.get_columns("user")}:
        model = _later(first.User, session_epoch=IntegerField(default=0))
    return model.create(
        login="anna@school.nl",
        password_hash="-",
        role="pupil",
        is_coach=False,
        first_name="Anna",
        infix="",
        last_name=last_name,
        stays_back=False,
        active=True,
        bot_reminders=True,
        created_at=at,
    )


def test_a_database_from_the_first_migration_keeps_its_rows_and_links_them_to_new_tables(new_database):
    old = new_database("old")
    migrations.replay("0001_initial")
    # Rows written through 0001's own frozen tables, as the code of that time wrote them.
    first = importlib.import_module("migrations.0001_initial")
    at = dt.datetime(2026, 11, 23, 9, 0)
    with old.bind_ctx(first.TABLES), old.connection_context():
        rekenen = first.Subject.create(name="Rekenen", position=1)
        first.Domain.create(subject=rekenen, name="Getallen", position=0)
        pupil = _old_pupil(first, "Jansen", at)
        first.HelpRequest.create(pupil=pupil, asked_at=at)

    migrations.upgrade()
    with old.connection_context():
        assert models.Domain.get().subject.name == "Rekenen"
        request = models.HelpRequest.get()
        assert (request.pupil.full_name, request.asked_at) == ("Anna Jansen", at)
        models.HelpNotice.create(request=request)  # a table of 0003 pointing at a row of 0001
        request.delete_instance()
        assert models.HelpNotice.select().count() == 0  # its foreign key cascades


def test_0004_keeps_each_eck_id_with_one_account_and_ends_no_session(new_database):
    old = new_database("old")
    migrations.replay("0003_pupil_bot")
    first = importlib.import_module("migrations.0001_initial")
    common = {
        "password_hash": "-",
        "role": "pupil",
        "is_coach": False,
        "infix": "",
        "last_name": "Jansen",
        "stays_back": False,
        "active": True,
        "bot_reminders": True,
        "created_at": dt.datetime(2026, 11, 23, 9, 0),
    }
    with old.bind_ctx(first.TABLES), old.connection_context():
        made = [
            first.User.create(login="a@x.nl", first_name="Anna", eckid="E1", **common),
            first.User.create(login="b@x.nl", first_name="Bram", eckid="E1", las_key="leerling:2", **common),
            first.User.create(login="c@x.nl", first_name="Cas", eckid="", **common),
            first.User.create(login="d@x.nl", first_name="Dirk", eckid="", **common),
        ]
    migrations.upgrade()
    with old.connection_context():
        eckids = {u.first_name: u.eckid for u in models.User.select().where(models.User.id.in_([u.id for u in made]))}
        assert eckids == {"Anna": None, "Bram": "E1", "Cas": None, "Dirk": None}  # the LAS account keeps it
        assert {u.session_epoch for u in models.User.select()} == {0}  # sessions made before go on
        assert models.SchoolSettings.get_current().pupils_change_password is False


def test_0008_keeps_portfolio_texts_and_conversations(new_database):
    """The portfolio's migration on a database with portfolio texts and a conversation: the rows stay, the
    texts belong to the running school year and the conversation counts as recorded."""
    old = new_database("before_portfolio")
    names = migrations.migration_names()
    migrations.replay(names[names.index("0008_portfolio") - 1])
    first = importlib.import_module("migrations.0001_initial")
    at = dt.datetime(2026, 10, 5, 9, 0)
    with old.bind_ctx(first.TABLES), old.connection_context():
        settings = _later(
            first.SchoolSettings,
            pupils_change_password=BooleanField(default=False),  # 0004
            test_level_scale=CharField(default="I-V"),  # 0007
        )
        settings.create(
            name="School",
            school_year="2026-2027",
            class_folder_weeks_back=2,
            class_folder_weeks_ahead=2,
            parent_access=False,
            updated_at=at,
        )
        pupil = _old_pupil(first, "Jansen", at)
        first.PortfolioText.create(pupil=pupil, voice="pupil", body="Ik hou van tekenen.", updated_at=at)
        first.Conversation.create(pupil=pupil, held_on=at.date(), questions="", notes="Ging goed.")

    assert "0008_portfolio" in migrations.upgrade()
    with old.connection_context():
        text = models.PortfolioText.get()
        assert (text.body, text.voice, text.school_year) == ("Ik hou van tekenen.", "pupil", "2026-2027")
        conversation = models.Conversation.get()
        assert (conversation.notes, conversation.held_on) == ("Ging goed.", at.date())
        assert conversation.recorded_at is not None and conversation.went_well == ""
        # the next school year gets a text of its own beside the old one
        models.PortfolioText.create(pupil=text.pupil_id, voice="pupil", school_year="2027-2028", body="Nieuw")
        assert models.PortfolioText.select().count() == 2


def test_the_schema_comparison_names_the_table_and_what_differs(new_database):
    drifted = new_database("drifted")
    migrations.upgrade()
    with drifted.connection_context():
        migrator = SchemaMigrator.from_database(drifted)
        migrate(
            migrator.add_column("subject", "colour", CharField(null=True)),
            migrator.drop_not_null("goal_set", "name"),
            migrator.add_index("live_event", ("room",)),
            migrator.drop_index("help_notice", "help_notice_sent_at"),
        )
        drifted_schema = schema.describe(drifted)
    fresh = new_database("fresh")
    migrations.upgrade()

    found = schema.differences(drifted_schema, _schema(fresh))
    assert [line.split(":")[0:2] for line in found] == [
        ["goal_set", " column name differs"],
        ["help_notice", " index help_notice_sent_at only in the fresh database"],
        ["live_event", " index live_event_room only in the upgraded database"],
        ["subject", " column colour only in the upgraded database"],
    ]
    assert re.search(r"upgraded \{.*'null': True.*\}, fresh \{.*'null': False", found[0])


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
        from peewee import BooleanField, CharField, IntegerField
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


def test_migration_0007_keeps_notes_reviews_and_exit_levels_written_before_it(new_database):
    """Migration 0007 (the internal coach's cycle) on data from before it: notes become searchable, group
    reviews keep their answers in a round and a form, duplicate exit levels become history."""
    names = migrations.migration_names()
    old_database = new_database("before_0007")
    migrations.replay(names[names.index("0007_group_cycle") - 1])
    first = importlib.import_module("migrations.0001_initial")
    at = dt.datetime(2026, 11, 20, 10, 0)
    with old_database.bind_ctx(first.TABLES), old_database.connection_context():
        kind = first.GroupType.create(name="Stamgroep", visible_to_pupils=True, las_managed=False, is_timetable=False)
        group = first.Group.create(
            name="Groep 5a", group_type=kind, school_year="2026-2027", year_level=5, archived=False, created_at=at
        )
        pupil = _old_pupil(first, "Aalders", at)
        rekenen = first.Subject.create(name="Rekenen", position=0)
        first.Note.create(
            group=group, body="Overdracht: de tafels van drie gaan nog moeizaam", tags="rekenen", created_at=at
        )
        first.TestMoment.create(name="M5", school_year="2026-2027", level=5)
        for level, when in (("VMBO-GT", at), ("HAVO", at + dt.timedelta(days=30))):
            first.ExitLevel.create(
                pupil=pupil, subject=rekenen, group=group, level=level, school_year="2026-2027", set_at=when
            )
        empty = dict.fromkeys(
            (
                "work_climate",
                "independent_work",
                "group_forming",
                "cooperation",
                "interaction",
                "needs_differentiation",
            ),
            "",
        )
        first.GroupReview.create(
            group=group,
            school_year="2026-2027",
            round="februari",
            atmosphere="Onrustig na de kerst",
            needs_approach="Korte instructie",
            needs_organisation="",
            teacher_needs="",
            **empty,
        )

    migrations.upgrade()

    with old_database.connection_context():
        teacher = models.User.create(
            login="t@school.nl", password_hash="-", role="teacher", first_name="T", last_name="L"
        )
        assert [n.body for n in note_search.search(teacher, "tafels").notes] == [
            "Overdracht: de tafels van drie gaan nog moeizaam"
        ]
        assert note_search.search(SYSTEM, "rekenen").notes  # its keywords too
        review = GroupReview.get()
        assert (review.review_round.name, review.review_round.school_year, review.form.name) == (
            "Februari",
            "2026-2027",
            "Groepsbespreking",
        )
        answers = {a.question.key: a.body for a in ReviewAnswer.select().where(ReviewAnswer.review == review.id)}
        assert answers == {"atmosphere": "Onrustig na de kerst", "needs_approach": "Korte instructie"}
        assert ReviewRound.select().count() == 1
        assert [(e.level, e.group.name) for e in ExitLevel.select()] == [("HAVO", "Groep 5a")]
        history = ExitLevelChange.select().order_by(ExitLevelChange.changed_at)
        assert [(h.from_level, h.to_level) for h in history] == [(None, "VMBO-GT"), ("VMBO-GT", "HAVO")]
        assert TestMoment.get().subject_id is None  # the admin fills it in
        moment_note = models.Note.create(group=models.Group.get(), body="Nieuwe notitie na de migratie")
        assert [n.id for n in note_search.search(teacher, "migratie").notes] == [moment_note.id]
