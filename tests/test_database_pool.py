"""The web process reuses database connections (database.bind_database with a pool size): on SQLite too, with
its settings (foreign keys, WAL, the lock type) on every reused connection, and no transaction carried over."""

import threading

import pytest

from database import bind_database, release_database
from models import Subject


@pytest.fixture
def pooled(tmp_path):
    database = bind_database("sqlite:///" + str(tmp_path / "pool.db"), pool_size=4)
    with database.connection_context():
        database.create_tables([Subject])
    yield database
    release_database()


def test_a_sqlite_connection_is_reused_with_its_settings(pooled):
    with pooled.connection_context():
        first = pooled.connection()
    with pooled.connection_context():
        assert pooled.connection() is first
        assert pooled.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert pooled.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_connection_handed_back_inside_a_transaction_is_rolled_back(pooled):
    pooled.connect()
    pooled.execute_sql("BEGIN IMMEDIATE")
    Subject.create(name="half written")
    pooled.close()
    with pooled.connection_context():
        assert Subject.select().count() == 0
        with pooled.atomic():  # and the write lock is free again
            Subject.create(name="whole")
    assert Subject.select().count() == 1


def test_another_thread_can_use_a_pooled_sqlite_connection(pooled):
    with pooled.connection_context():
        first = pooled.connection()
    used = []

    def other():
        with pooled.connection_context():
            used.append(pooled.connection())
            Subject.create(name="from a thread")

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert used == [first]
    with pooled.connection_context():
        assert Subject.select().count() == 1
