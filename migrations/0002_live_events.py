"""Live events (issue 6): the outbox the worker and the bot write live pushes to when there is no Redis."""

import models


def upgrade(migrator, database):
    database.create_tables([models.LiveEvent], safe=True)
