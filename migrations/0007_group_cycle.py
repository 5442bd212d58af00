"""The internal coach's cycle (issue 15): group notes with full-text search, test moments with a subject and
the school's level scale, exit levels with their history, and group reviews in rounds with the school's forms.

- school_settings.test_level_scale, subject.is_core (kernvak);
- test_moment: a subject and a highest score; unique per school year, subject and name (was: year and name);
- note: the test moment an analysis note belongs to, when it was last changed, and the full-text search
  structures (SQLite: an FTS5 table kept in step by triggers, filled from the notes there are; PostgreSQL: a
  generated tsvector column with the Dutch configuration and a GIN index);
- exit_level: one per pupil and subject (older duplicates are kept as history, the latest stays), and its
  history in the new table exit_level_change;
- review rounds, review forms and their questions, answers (new tables); group_review loses its ten fixed
  question columns and its `round` and `school_year` text for a round and a form; reviews written before are
  kept: their rounds are made from the old text and their answers go to a form "Groepsbespreking" with the old
  ten questions; review_agreement records who made an agreement, when, and who marked it done.

The tables as models.py declared them when this migration was written, frozen (see 0001_initial).
"""

import datetime as dt

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    Model,
    PostgresqlDatabase,
    SmallIntegerField,
    TextField,
)
from playhouse.migrate import migrate


class BaseModel(Model):
    id = AutoField()

    class Meta:
        legacy_table_names = False


# Tables of earlier migrations, named only so that foreign keys can point at them; not created here.
class User(BaseModel):
    pass


class Subject(BaseModel):
    pass


class Group(BaseModel):
    pass


class TestMoment(BaseModel):
    pass


class GroupReview(BaseModel):
    pass


class ReviewRound(BaseModel):
    school_year = CharField()
    name = CharField()
    position = SmallIntegerField()
    review_on = DateField(null=True)
    optional = BooleanField()

    class Meta:
        indexes = ((("school_year", "name"), True),)


class ReviewForm(BaseModel):
    name = CharField(unique=True)
    level_from = SmallIntegerField()
    level_to = SmallIntegerField()
    position = SmallIntegerField()


class ReviewQuestion(BaseModel):
    form = ForeignKeyField(ReviewForm, on_delete="CASCADE")
    section = CharField()
    text = CharField(max_length=500)
    hint = TextField()
    key = CharField(null=True)
    position = SmallIntegerField()
    archived = BooleanField()


class ReviewAnswer(BaseModel):
    review = ForeignKeyField(GroupReview, on_delete="CASCADE")
    question = ForeignKeyField(ReviewQuestion, on_delete="CASCADE")
    body = TextField()

    class Meta:
        indexes = ((("review", "question"), True),)


class ExitLevelChange(BaseModel):
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    subject = ForeignKeyField(Subject, on_delete="RESTRICT")
    group = ForeignKeyField(Group, null=True, on_delete="SET NULL")
    from_level = CharField(null=True)
    to_level = CharField(null=True)
    reason = TextField()
    changed_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    changed_at = DateTimeField()

    class Meta:
        indexes = ((("pupil", "subject", "changed_at"), False),)


TABLES = [ReviewRound, ReviewForm, ReviewQuestion, ReviewAnswer, ExitLevelChange]

NOTE_SEARCH_SQLITE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS note_search USING fts5("
    "body, tags, content='note', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS note_search_insert AFTER INSERT ON note BEGIN "
    "INSERT INTO note_search (rowid, body, tags) VALUES (new.id, new.body, new.tags); END",
    "CREATE TRIGGER IF NOT EXISTS note_search_delete AFTER DELETE ON note BEGIN "
    "INSERT INTO note_search (note_search, rowid, body, tags) VALUES ('delete', old.id, old.body, old.tags); END",
    "CREATE TRIGGER IF NOT EXISTS note_search_update AFTER UPDATE OF body, tags ON note BEGIN "
    "INSERT INTO note_search (note_search, rowid, body, tags) VALUES ('delete', old.id, old.body, old.tags); "
    "INSERT INTO note_search (rowid, body, tags) VALUES (new.id, new.body, new.tags); END",
    "INSERT INTO note_search (note_search) VALUES ('rebuild')",  # index the notes written before
)
NOTE_SEARCH_POSTGRES = (
    "ALTER TABLE note ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('dutch', body || ' ' || tags)) STORED",
    "CREATE INDEX IF NOT EXISTS note_search_vector ON note USING GIN (search_vector)",
)

# group_review's fixed questions before this migration, with the words the old form would have used.
OLD_QUESTIONS = (
    ("atmosphere", "De groep", "Sfeer"),
    ("work_climate", "De groep", "Werkklimaat"),
    ("independent_work", "De groep", "Zelfstandig werken"),
    ("group_forming", "De groep", "Groepsvorming"),
    ("cooperation", "De groep", "Samenwerken"),
    ("interaction", "De groep", "Interactie onderling en met de leerkracht"),
    ("needs_differentiation", "Wat heeft de groep nodig", "Differentiatie in het leerstofaanbod"),
    ("needs_approach", "Wat heeft de groep nodig", "Didactische en pedagogische aanpak"),
    ("needs_organisation", "Wat heeft de groep nodig", "Organisatie"),
    ("teacher_needs", "Wat heb jij nodig", "Wat heb jij nodig om goed onderwijs aan de groep te bieden?"),
)
OLD_ROUNDS = ("september", "februari", "april", "juni")


def upgrade(migrator, database):
    with database.bind_ctx(TABLES):  # and the tables they refer to
        database.create_tables(TABLES)

    migrate(
        migrator.add_column("school_settings", "test_level_scale", CharField(default="I-V")),
        migrator.add_column("subject", "is_core", BooleanField(default=False)),
        migrator.add_column(
            "test_moment", "subject_id", ForeignKeyField(Subject, field=Subject.id, null=True, on_delete="RESTRICT")
        ),
        migrator.add_column("test_moment", "max_score", SmallIntegerField(null=True)),
        migrator.drop_index("test_moment", "test_moment_school_year_name"),
        migrator.add_index("test_moment", ("school_year", "subject_id", "name"), True),
        migrator.add_column(
            "note", "test_moment_id", ForeignKeyField(TestMoment, field=TestMoment.id, null=True, on_delete="CASCADE")
        ),
        migrator.add_column("note", "updated_at", DateTimeField(null=True)),
    )
    postgres = isinstance(database, PostgresqlDatabase)
    for statement in NOTE_SEARCH_POSTGRES if postgres else NOTE_SEARCH_SQLITE:
        database.execute_sql(statement)

    _exit_levels(migrator, database)
    _group_reviews(migrator, database)

    migrate(
        migrator.add_column(
            "review_agreement", "done_by_id", ForeignKeyField(User, field=User.id, null=True, on_delete="SET NULL")
        ),
        migrator.add_column(
            "review_agreement", "created_by_id", ForeignKeyField(User, field=User.id, null=True, on_delete="SET NULL")
        ),
        migrator.add_column(
            "review_agreement",
            "created_at",
            DateTimeField(default=lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None)),
        ),
    )


def _exit_levels(migrator, database):
    """Keep every exit level written so far as history, then keep the latest one per pupil and subject."""
    rows = database.execute_sql(
        "SELECT pupil_id, subject_id, group_id, level, set_by_id, set_at FROM exit_level "
        "ORDER BY pupil_id, subject_id, set_at, id"
    ).fetchall()
    previous = {}
    for pupil, subject, group, level, set_by, set_at in rows:
        with database.bind_ctx([ExitLevelChange]):
            ExitLevelChange.create(
                pupil=pupil,
                subject=subject,
                group=group,
                from_level=previous.get((pupil, subject)),
                to_level=level,
                reason="",
                changed_by=set_by,
                changed_at=set_at,
            )
        previous[(pupil, subject)] = level
    database.execute_sql(
        "DELETE FROM exit_level WHERE EXISTS (SELECT 1 FROM exit_level AS newer "
        "WHERE newer.pupil_id = exit_level.pupil_id AND newer.subject_id = exit_level.subject_id "
        "AND (newer.set_at > exit_level.set_at OR (newer.set_at = exit_level.set_at AND newer.id > exit_level.id)))"
    )
    migrate(migrator.add_index("exit_level", ("pupil_id", "subject_id"), True))


def _group_reviews(migrator, database):
    """A round and a form for every review written so far, its ten answers kept; then the old columns go."""
    migrate(
        migrator.add_column(
            "group_review",
            "review_round_id",
            ForeignKeyField(ReviewRound, field=ReviewRound.id, null=True, on_delete="RESTRICT"),
        ),
        migrator.add_column(
            "group_review", "form_id", ForeignKeyField(ReviewForm, field=ReviewForm.id, null=True, on_delete="RESTRICT")
        ),
        migrator.add_column("group_review", "preparation", TextField(default="")),
        migrator.add_column(
            "group_review", "updated_by_id", ForeignKeyField(User, field=User.id, null=True, on_delete="SET NULL")
        ),
        migrator.add_column("group_review", "updated_at", DateTimeField(null=True)),
    )
    columns = ", ".join(key for key, _, _ in OLD_QUESTIONS)
    old = database.execute_sql(f"SELECT id, school_year, round, {columns} FROM group_review ORDER BY id").fetchall()
    if old:
        with database.bind_ctx(TABLES):
            form = ReviewForm.create(name="Groepsbespreking", level_from=1, level_to=8, position=0)
            questions = [
                ReviewQuestion.create(
                    form=form, section=section, text=text, hint="", key=key, position=n, archived=False
                )
                for n, (key, section, text) in enumerate(OLD_QUESTIONS)
            ]
            rounds = {}
            for review_id, school_year, round_name, *answers in old:
                name = (round_name or "").strip().capitalize() or "Groepsbespreking"
                if (school_year, name) not in rounds:
                    key = name.lower()
                    rounds[(school_year, name)] = ReviewRound.create(
                        school_year=school_year,
                        name=name,
                        position=OLD_ROUNDS.index(key) if key in OLD_ROUNDS else len(OLD_ROUNDS),
                        optional=key == "april",
                    )
                mark = database.param
                database.execute_sql(
                    f"UPDATE group_review SET review_round_id = {mark}, form_id = {mark} WHERE id = {mark}",
                    (rounds[(school_year, name)].id, form.id, review_id),
                )
                for question, body in zip(questions, answers):
                    if body and body.strip():
                        ReviewAnswer.create(review=review_id, question=question, body=body)
    migrate(
        migrator.drop_index("group_review", "group_review_group_id_school_year_round"),
        migrator.drop_column("group_review", "school_year"),
        migrator.drop_column("group_review", "round"),
        *[migrator.drop_column("group_review", key) for key, _, _ in OLD_QUESTIONS],
        migrator.add_not_null("group_review", "review_round_id"),
        migrator.add_not_null("group_review", "form_id"),
        migrator.add_index("group_review", ("group_id", "review_round_id"), True),
    )
