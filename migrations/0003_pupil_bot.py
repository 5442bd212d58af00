"""The pupil bot (issue 7): link-code throttling per chat, reminders handed out, help answers to tell.

The tables as models.py declared them when this migration was written, frozen (see 0001_initial).
"""

from peewee import AutoField, CharField, DateField, DateTimeField, ForeignKeyField, Model, SmallIntegerField


class BaseModel(Model):
    id = AutoField()

    class Meta:
        legacy_table_names = False


# Tables of earlier migrations, named only so that foreign keys can point at them; not created here.
class User(BaseModel):
    pass


class LessonBlock(BaseModel):
    pass


class HelpRequest(BaseModel):
    pass


class LinkAttempt(BaseModel):
    chat_id = CharField(unique=True)
    failures = SmallIntegerField()
    last_failed_at = DateTimeField()
    next_try_at = DateTimeField(null=True)


class ReminderSent(BaseModel):
    block = ForeignKeyField(LessonBlock, on_delete="CASCADE")
    date = DateField()
    recipient = CharField()
    pupil = ForeignKeyField(User, null=True, on_delete="CASCADE")
    sent_at = DateTimeField()

    class Meta:
        indexes = ((("block", "date", "recipient"), True),)


class HelpNotice(BaseModel):
    request = ForeignKeyField(HelpRequest, unique=True, on_delete="CASCADE")
    created_at = DateTimeField()
    sent_at = DateTimeField(null=True, index=True)


TABLES = [LinkAttempt, ReminderSent, HelpNotice]


def upgrade(migrator, database):
    with database.bind_ctx(TABLES):  # and the tables they refer to
        database.create_tables(TABLES)
