"""The first schema. Fresh databases are created from models.py directly; this only stamps them."""

import models


def upgrade(migrator, database):
    database.create_tables(models.ALL_MODELS, safe=True)
