"""Live events (issue 6): the outbox the worker and the bot write live pushes to when there is no Redis.

The table as models.py declared it when this migration was written, frozen (see 0001_initial).
"""

from peewee import AutoField, CharField, DateTimeField, Model, TextField


class BaseModel(Model):
    id = AutoField()

    class Meta:
        legacy_table_names = False


class LiveEvent(BaseModel):
    event = CharField()
    room = CharField()
    data = TextField()
    created_at = DateTimeField(index=True)


TABLES = [LiveEvent]


def upgrade(migrator, database):
    with database.bind_ctx(TABLES):
        database.create_tables(TABLES)
