"""The portfolio (issue 17): texts per school year, skills given to pupils, rating rounds, evidence notes and
highlights, and reflection conversations with the school's questions, the pupil's preparation, the evidence
discussed and the goals agreed.

New tables as models.py declared them when this migration was written, frozen (see 0001_initial); changes to
portfolio_text, document and conversation as playhouse.migrate operations that keep their rows.
"""

import datetime as dt

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    Check,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
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


class Skill(BaseModel):
    pass


class Group(BaseModel):
    pass


class Period(BaseModel):
    pass


class Goal(BaseModel):
    pass


class Document(BaseModel):
    pass


class Conversation(BaseModel):
    pass


class PupilSkill(BaseModel):
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    skill = ForeignKeyField(Skill, on_delete="CASCADE")
    given_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    given_at = DateTimeField()

    class Meta:
        indexes = ((("pupil", "skill"), True),)


class RatingRound(BaseModel):
    group = ForeignKeyField(Group, on_delete="CASCADE")
    period = ForeignKeyField(Period, on_delete="CASCADE")
    opened_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    opened_at = DateTimeField()
    closes_on = DateField()
    closed_at = DateTimeField(null=True)


class ConversationQuestion(BaseModel):
    text = CharField(max_length=500)
    position = IntegerField()
    archived = BooleanField()


class ConversationAnswer(BaseModel):
    conversation = ForeignKeyField(Conversation, on_delete="CASCADE")
    position = SmallIntegerField()
    question = CharField(max_length=500)
    answer = TextField()


class ConversationEvidence(BaseModel):
    conversation = ForeignKeyField(Conversation, on_delete="CASCADE")
    document = ForeignKeyField(Document, on_delete="CASCADE")

    class Meta:
        indexes = ((("conversation", "document"), True),)


class ConversationGoal(BaseModel):
    conversation = ForeignKeyField(Conversation, on_delete="CASCADE")
    goal = ForeignKeyField(Goal, on_delete="CASCADE")
    plan = CharField(constraints=[Check("plan in ('current','coming')")])

    class Meta:
        indexes = ((("conversation", "goal"), True),)


TABLES = [PupilSkill, RatingRound, ConversationQuestion, ConversationAnswer, ConversationEvidence, ConversationGoal]


def upgrade(migrator, database):
    stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    migrate(
        # A text now belongs to a school year; the texts written so far to the running one.
        migrator.add_column("portfolio_text", "school_year", CharField(default="")),
        migrator.drop_index("portfolio_text", "portfolio_text_pupil_id_voice"),
        migrator.add_index("portfolio_text", ("pupil_id", "voice", "school_year"), True),
        migrator.add_column("document", "body", TextField(default="")),
        migrator.add_column("document", "highlighted", BooleanField(default=False)),
        migrator.add_column("document", "channel", CharField(default="web")),
        # The questions move to their own rows (conversation_answer); nothing ever wrote this column.
        migrator.drop_column("conversation", "questions"),
        migrator.add_column("conversation", "went_well", TextField(default="")),
        migrator.add_column("conversation", "was_hard", TextField(default="")),
        migrator.add_column("conversation", "learn_next", TextField(default="")),
        migrator.add_column("conversation", "prepared_at", DateTimeField(null=True)),
        migrator.add_column("conversation", "recorded_at", DateTimeField(null=True)),
        migrator.add_column("conversation", "created_at", DateTimeField(default=stamp)),
    )
    database.execute_sql(
        "UPDATE portfolio_text SET school_year = "
        "COALESCE((SELECT school_year FROM school_settings ORDER BY id LIMIT 1), '2026-2027')"
    )
    # A conversation stored before this migration was a recorded one: there were no planned ones.
    database.execute_sql("UPDATE conversation SET recorded_at = created_at")
    with database.bind_ctx(TABLES):  # and the tables they refer to
        database.create_tables(TABLES)
