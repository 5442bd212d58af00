"""The class folder and the week planning (issue 13): a lesson keeps its own copy of its block's title, times,
teacher and room; the school's reasons of absence; the teachers' changes to a pupil's week; the pupils' ticks.

The tables as models.py declared them when this migration was written, frozen (see 0001_initial).
"""

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TimeField,
)
from playhouse.migrate import migrate


class BaseModel(Model):
    id = AutoField()

    class Meta:
        legacy_table_names = False


# Tables of earlier migrations, named only so that foreign keys can point at them; not created here.
class User(BaseModel):
    pass


class Goal(BaseModel):
    pass


class PlanGoal(BaseModel):
    pass


class AbsenceReason(BaseModel):
    name = CharField(unique=True)
    position = IntegerField()
    archived = BooleanField()


class WeekGoal(BaseModel):
    pupil = ForeignKeyField(User, on_delete="CASCADE")
    goal = ForeignKeyField(Goal, on_delete="CASCADE")
    week = DateField()
    added = BooleanField()
    changed_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    changed_at = DateTimeField()

    class Meta:
        indexes = ((("pupil", "week", "goal"), True),)


class WeekTick(BaseModel):
    plan_goal = ForeignKeyField(PlanGoal, on_delete="CASCADE")
    week = DateField()
    done = BooleanField()
    channel = CharField()
    ticked_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    ticked_at = DateTimeField()

    class Meta:
        indexes = ((("plan_goal", "week"), False),)


TABLES = [AbsenceReason, WeekGoal, WeekTick]


def upgrade(migrator, database):
    migrate(
        migrator.add_column("lesson", "title", CharField(default="")),
        migrator.add_column("lesson", "start_time", TimeField(null=True)),
        migrator.add_column("lesson", "end_time", TimeField(null=True)),
        migrator.add_column(
            "lesson", "teacher_id", ForeignKeyField(User, field=User.id, null=True, on_delete="SET NULL")
        ),
        migrator.add_column("lesson", "room", CharField(default="")),
    )
    with database.bind_ctx(TABLES):  # and the tables they refer to
        database.create_tables(TABLES)
