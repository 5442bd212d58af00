"""Settings from the environment: the secret key, the database URL and the embedded SQLite default."""

import os

import peewee
import pytest
from flask import Flask

import config
import models
from app import create_app

ENVIRONMENT = ("DOELPUNT_ENV", "SECRET_KEY", "DATABASE_URL", "REDIS_URL")


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """A clean environment, and apps whose instance folder is a fresh temporary one."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "instance"
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(path))
    bound = models.db.obj
    yield path
    # create_app binds the models to its own database: give the other tests theirs back.
    if models.db.obj is not None and not models.db.is_closed():
        models.db.close()
    models.db.initialize(bound)


def test_production_refuses_to_start_without_secret_key(instance, monkeypatch):
    monkeypatch.setenv("DOELPUNT_ENV", "production")
    with pytest.raises(config.ConfigError, match="SECRET_KEY"):
        create_app()
    assert not (instance / "secret_key").exists()


def test_production_takes_secret_key_and_secure_cookies(instance, monkeypatch):
    monkeypatch.setenv("DOELPUNT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    app = create_app()
    assert app.secret_key == "from-the-environment"
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


def test_development_generates_a_secret_once_and_reuses_it(instance):
    first, second = create_app(), create_app()
    assert len(first.secret_key) >= 32
    assert second.secret_key == first.secret_key
    key_file = instance / "secret_key"
    assert key_file.read_text().strip() == first.secret_key
    assert oct(os.stat(key_file).st_mode & 0o777) == "0o600"
    assert not first.config["SESSION_COOKIE_SECURE"]


def test_database_url_selects_the_database(instance, monkeypatch, tmp_path):
    path = tmp_path / "elsewhere.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    app = create_app()
    assert app.config["DATABASE_URL"] == f"sqlite:///{path}"
    assert models.db.obj.database == str(path)


def test_heroku_style_postgres_url_is_rewritten(instance, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://user:pw@db.example:5432/school")
    settings = config.from_environment(str(instance))
    assert settings["DATABASE_URL"] == "postgresql://user:pw@db.example:5432/school"


def test_database_url_binds_that_kind_of_database(instance, monkeypatch, database_url):
    """The suite's own database (SQLite, or PostgreSQL in the second run of scripts/test) is used as given."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    create_app()
    expected = peewee.PostgresqlDatabase if database_url.startswith("postgresql") else peewee.SqliteDatabase
    assert isinstance(models.db.obj, expected)
    with models.db.connection_context():
        assert models.db.execute_sql("SELECT 1").fetchone() == (1,)


def test_default_is_sqlite_in_the_instance_folder_with_wal_and_foreign_keys(instance):
    app = create_app()
    path = instance / "doelpunt.db"
    assert app.config["DATABASE_URL"] == f"sqlite:///{path}"
    assert app.config["UPLOAD_FOLDER"] == str(instance / "uploads")
    with models.db.connection_context():
        assert models.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert models.db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert path.exists()


def test_numbers_and_switches_come_from_the_environment(instance, monkeypatch):
    monkeypatch.setenv("MAX_UPLOAD_MB", "5")
    monkeypatch.setenv("LOGIN_MAX_FAILURES", "3")
    monkeypatch.setenv("LAS_SYNC_PARENTS", "1")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    settings = config.from_environment(str(instance))
    assert settings["MAX_CONTENT_LENGTH"] == 5 * 1024 * 1024
    assert settings["LOGIN_MAX_FAILURES"] == 3
    assert settings["LAS_SYNC_PARENTS"] is True
    assert settings["REDIS_URL"] == "redis://127.0.0.1:6379/0"
    monkeypatch.delenv("REDIS_URL")
    assert config.from_environment(str(instance))["REDIS_URL"] is None
