"""Accounts and the LAS link (issue 12): sessions that end, pupils changing their own password, one account per
ECK iD.

- `user.session_epoch`: raised at sign-out and at every password change or reset; a session carrying an older
  number is over (existing rows start at 0, as every session made before this migration carries).
- `school_settings.pupils_change_password`: the school lets pupils change their own password (off).
- a unique index on `user.eckid`: an ECK iD is never held by two accounts. An empty ECK iD is no ECK iD
  (NULL); where two accounts held the same one, it stays with the account the LAS manages (else the oldest)
  and is cleared on the others: the next LAS sync sets it again where it belongs.
"""

from peewee import BooleanField, IntegerField
from playhouse.migrate import migrate


def upgrade(migrator, database):
    database.execute_sql("UPDATE \"user\" SET eckid = NULL WHERE eckid = ''")
    duplicates = database.execute_sql(
        'SELECT eckid FROM "user" WHERE eckid IS NOT NULL GROUP BY eckid HAVING COUNT(*) > 1'
    ).fetchall()
    for (eckid,) in duplicates:
        holders = database.execute_sql(
            'SELECT id FROM "user" WHERE eckid = %s ORDER BY (las_key IS NULL), id'.replace("%s", database.param),
            (eckid,),
        ).fetchall()
        keep = holders[0][0]
        database.execute_sql(
            'UPDATE "user" SET eckid = NULL WHERE eckid = %s AND id <> %s'.replace("%s", database.param),
            (eckid, keep),
        )
    migrate(
        migrator.add_column("user", "session_epoch", IntegerField(default=0)),
        migrator.add_column("school_settings", "pupils_change_password", BooleanField(default=False)),
        migrator.add_index("user", ("eckid",), unique=True),
    )
