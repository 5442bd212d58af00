"""Fixtures: a throwaway database (SQLite, or PostgreSQL when TEST_DATABASE_URL is set), apps and clients.

The schema is created once per test session (and per xdist worker); every test starts from empty tables
with the default reference data.
"""

import os
import uuid

import pytest

import migrations
import models
from database import bind_database
from services import passwords, school
from tests.support.auth import AuthActions
from tests.support.databases import create_postgres_database

# Fixtures that folders share: the app processes, Redis and Socket.IO clients of the socket, bot and load tests.
pytest_plugins = ["tests.support.servers"]

passwords.configure(fast=True)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id):
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        # One database per test process, so that parallel runs on one server never share one.
        url = create_postgres_database(base, f"doelpunt_test_{worker_id}_{os.getpid()}")
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")
    bind_database(url)
    migrations.upgrade()
    return url


@pytest.fixture(scope="session")
def worker_id(request):
    """The xdist worker's name, or "main" without xdist."""
    return getattr(request.config, "workerinput", {}).get("workerid", "main")


@pytest.fixture
def database(database_url):
    """The bound database with empty tables and default data, connected for the test's own queries."""
    database = bind_database(database_url)
    with database.connection_context():
        models.empty_all_tables(database)
        school.ensure_defaults()
    database.connect()
    yield database
    if not database.is_closed():
        database.close()


@pytest.fixture
def app(database, database_url, tmp_path):
    from app import create_app

    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-" + uuid.uuid4().hex,
            "FAST_PASSWORD_HASHING": True,
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "CHAT_ACCESS_SWEEP_SECONDS": 0,  # no background thread on the test's database: tests/socket/ use serve.py
        }
    )
    # create_app binds a fresh Database object; keep the test's own connection on it.
    if models.db.is_closed():
        models.db.connect()
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth(app, client):
    return AuthActions(app, client)
