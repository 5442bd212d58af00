"""The pupil bot (issue 7): link-code throttling per chat, reminders handed out, help answers to tell."""

import models


def upgrade(migrator, database):
    database.create_tables([models.LinkAttempt, models.ReminderSent, models.HelpNotice], safe=True)
