"""Migration 0007 (the internal coach's cycle) on a database that holds data written before it: notes become
searchable, group reviews keep their answers in a round and a form, duplicate exit levels become history.
On SQLite and, with TEST_DATABASE_URL, on PostgreSQL (a database of its own, dropped afterwards)."""

import datetime as dt
import importlib
import os

import pytest

import migrations
import models
from database import bind_database
from models import ExitLevel, ExitLevelChange, GroupReview, ReviewAnswer, ReviewRound, TestMoment
from services import note_search
from services.permissions import SYSTEM
from tests.support.databases import postgres_database

THIS = "0007_group_cycle"


@pytest.fixture
def old_database(database_url, tmp_path, worker_id):
    """A database built with the migrations before this one, bound in place of the test database."""
    bound = models.db.obj
    if bound is not None and not bound.is_closed():
        bound.close()
    names = migrations.migration_names()
    before = names[names.index(THIS) - 1]
    if database_url.startswith("postgresql"):
        with postgres_database(database_url, f"doelpunt_group_cycle_{worker_id}_{os.getpid()}") as url:
            database = bind_database(url)
            migrations.replay(before)
            yield database
            database.close()
    else:
        database = bind_database(f"sqlite:///{tmp_path / 'old.db'}")
        migrations.replay(before)
        yield database
        database.close()
    models.db.initialize(bound)


def test_the_migration_keeps_what_was_written_before_it(old_database):
    first = importlib.import_module("migrations.0001_initial")
    at = dt.datetime(2026, 11, 20, 10, 0)
    with old_database.bind_ctx(first.TABLES), old_database.connection_context():
        kind = first.GroupType.create(name="Stamgroep", visible_to_pupils=True, las_managed=False, is_timetable=False)
        group = first.Group.create(
            name="Groep 5a", group_type=kind, school_year="2026-2027", year_level=5, archived=False, created_at=at
        )
        pupil = first.User.create(
            login="anna@school.nl",
            password_hash="-",
            role="pupil",
            is_coach=False,
            first_name="Anna",
            infix="",
            last_name="Aalders",
            stays_back=False,
            active=True,
            bot_reminders=True,
            created_at=at,
        )
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
