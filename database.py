"""The binding: `db`, the late-bound database every model is declared on, and `bind_database()`.

The app factory, the CLI, the worker, the bot, benchmarks and tests bind `db` to a real database with
`bind_database(url)`; models.py declares the schema on `db` and imports it from here.
"""

import sys
import time

import peewee
from peewee import (
    DatabaseProxy,
    OperationalError,
    _savepoint,  # private, but the one class nested atomic() blocks use for a savepoint
)


def _compile_subqueries_once():
    """peewee compiles the right-hand side of every IN a second time to see whether it is empty (it writes
    an empty list as a false condition). A subquery never is, and the second compilation doubles at every
    level of nesting: the dashboard's chat counts nest IN subqueries three deep, and compiling its SQL was
    half of the page's time. So subqueries skip the check."""
    check = peewee.Expression._is_rhs_empty  # private: tests/test_query_compile.py notices when it changes

    def _is_rhs_empty(self, rhs, ctx):
        return False if isinstance(rhs, peewee.SelectBase) else check(self, rhs, ctx)

    peewee.Expression._is_rhs_empty = _is_rhs_empty


_compile_subqueries_once()


class _DatabaseProxy(DatabaseProxy):
    """The late-bound database; its nested `atomic()` blocks use the savepoint below."""

    def savepoint(self):
        return _Savepoint(self)


db = _DatabaseProxy()


SQLITE_PRAGMAS = {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 10000, "synchronous": "normal"}
LOCK_WAIT_SECONDS = 10  # as busy_timeout: how long a writer waits for SQLite's write lock


class _Savepoint(_savepoint):
    """A savepoint that also forgets the after-commit callbacks queued inside it when it is rolled back."""

    def __enter__(self):
        self._queued = len(self.db._state.commit_callbacks)
        return super().__enter__()

    def rollback(self, begin=True):
        super().rollback(begin)
        del self.db._state.commit_callbacks[self._queued :]


class _AfterCommitMixin:
    """peewee's `after_commit(fn)` (per thread and connection: run after the outermost commit, dropped on a
    rollback) made exact for nested `atomic()` blocks: a rolled-back savepoint drops what it queued.
    services.events defers its signals with it."""

    def savepoint(self):
        return _Savepoint(self)


def _gevent_patched():
    """True in a process whose standard library gevent has patched (the gunicorn web process, wsgi.py)."""
    monkey = sys.modules.get("gevent.monkey")
    return monkey is not None and monkey.is_module_patched("socket")


def _while_locked(statement):
    """Run `statement()`, retrying with a short cooperative sleep while SQLite answers "database is locked"."""
    deadline, pause = time.monotonic() + LOCK_WAIT_SECONDS, 0.001
    while True:
        try:
            return statement()
        except OperationalError as error:
            if "database is locked" not in str(error) or time.monotonic() > deadline:
                raise
        time.sleep(pause)  # gevent's sleep: the greenlet holding the lock runs meanwhile
        pause = min(pause * 2, 0.05)


class _CooperativeSqliteMixin:
    """SQLite in a gevent process. SQLite waits for another connection's write lock in its own C busy
    handler, which would stop the whole event loop, the greenlet holding the lock included: stuck until the
    busy timeout. So the busy timeout is 0 here, and what can be repeated safely is retried after a
    cooperative sleep: BEGIN IMMEDIATE, and any statement outside a transaction (in WAL mode a transaction
    that has begun holds the write lock already)."""

    def begin(self, lock_type=None):
        return _while_locked(lambda: super(_CooperativeSqliteMixin, self).begin(lock_type))

    def execute_sql(self, sql, params=None):
        if self.in_transaction():
            return super().execute_sql(sql, params)
        return _while_locked(lambda: super(_CooperativeSqliteMixin, self).execute_sql(sql, params))


_DATABASE_CLASSES = {}


def _database_class(base, cooperative=False):
    """`base` (a peewee Database class) with the after-commit behaviour above (and with `cooperative`, the
    gevent-friendly waiting for SQLite's lock), made once per kind."""
    key = (base, cooperative)
    if key not in _DATABASE_CLASSES:
        mixins = (_CooperativeSqliteMixin, _AfterCommitMixin) if cooperative else (_AfterCommitMixin,)
        _DATABASE_CLASSES[key] = type(base.__name__, (*mixins, base), {"__module__": __name__})
    return _DATABASE_CLASSES[key]


def _pooled(base):
    """playhouse.pool's pooled class for a plain database class."""
    from playhouse import pool

    for pooled in (pool.PooledPostgresqlDatabase, pool.PooledSqliteDatabase):
        if issubclass(pooled, base):
            return pooled
    raise RuntimeError(f"No connection pool for {base.__name__}.")


def release_database():
    """Close every connection of the bound database (a pool's idle and in-use ones too)."""
    database = db.obj
    if database is None:
        return
    if hasattr(database, "close_all"):
        database.close_all()
    elif not database.is_closed():
        database.close()


def bind_database(url, pool_size=None):
    """Bind the models to the database at `url` (sqlite:///path or postgresql://...) and return it.

    The database is playhouse.db_url's class for the URL's scheme, with the after-commit behaviour above.
    With `pool_size`, connections are pooled: `close()` hands a connection back for the next request instead
    of closing it (the web app connects and closes per request). A new PostgreSQL connection costs about
    5 ms; a new SQLite one its pragmas and reading the schema again, 1 to 2 ms of a page. (Pooled SQLite
    doubled the chat's delivery latency on Werkzeug's thread-per-connection server; on gevent it does not,
    see README, Performance.) A pooled connection left inside a transaction is rolled back when it is handed
    back. A binding made before is released.
    """
    from urllib.parse import urlparse

    from playhouse import db_url

    parsed = urlparse(url)
    base = db_url.schemes.get(parsed.scheme)
    if base is None:
        raise RuntimeError(f'Unrecognized or unsupported scheme: "{parsed.scheme}".')
    params = db_url.parseresult_to_dict(parsed)
    if not params.get("database"):
        raise ValueError(
            f'"{url}" has no database name. Local databases take three slashes '
            f'("{parsed.scheme}:///dbname"), remote ones "{parsed.scheme}://host/dbname".'
        )
    cooperative = url.startswith("sqlite") and _gevent_patched()
    if url.startswith("sqlite"):
        params["pragmas"] = {**SQLITE_PRAGMAS, "busy_timeout": 0} if cooperative else SQLITE_PRAGMAS
        # BEGIN IMMEDIATE: a transaction takes the write lock when it starts, waiting up to busy_timeout for
        # it. With SQLite's default (DEFERRED), a transaction that reads and then writes fails at once with
        # "database is locked" when another connection committed in between; the busy timeout cannot help.
        params["lock_type"] = "IMMEDIATE"
    if pool_size:
        # Connections idle for five minutes are renewed; a request waits up to 10 s for a free one.
        base = _pooled(base)
        params.update(max_connections=pool_size, stale_timeout=300, timeout=10)
        if url.startswith("sqlite"):
            params["check_same_thread"] = False  # handed from thread to thread, one at a time
    database = _database_class(base, cooperative)(**params)
    release_database()
    db.initialize(database)
    return database
