"""`flask` commands: schema upgrades, the demo school, accounts. Run as `flask --app app <command>`."""

import click
from flask.cli import AppGroup

import migrations
import models
from services import school

db_cli = AppGroup("db", help="Database schema.")


@db_cli.command("upgrade")
def db_upgrade():
    """Create the schema or apply pending migrations, then add missing default data."""
    applied = migrations.upgrade()
    with models.db.connection_context():
        school.ensure_defaults()
    click.echo("Schema bijgewerkt: " + (", ".join(applied) if applied else "niets te doen"))


@click.command("demo")
@click.option("--pupils", default=400, show_default=True, help="Number of pupils.")
@click.option("--force", is_flag=True, help="Build the demo even if the database holds users.")
def demo(pupils, force):
    """Build a believable demo school and print how to sign in."""
    import demo as demo_school

    migrations.upgrade()
    with models.db.connection_context():
        school.ensure_defaults()
        for line in demo_school.build(pupils=pupils, force=force):
            click.echo(line)


@click.command("create-admin")
@click.argument("login")
@click.option("--first-name", default="Beheerder")
@click.option("--last-name", default="School")
def create_admin(login, first_name, last_name):
    """Create an administrator and print the generated password once."""
    from services import accounts
    from services.permissions import SYSTEM

    with models.db.connection_context():
        user, password = accounts.create_user(SYSTEM, "admin", login, first_name, last_name)
    click.echo(
        f"Beheerder {user.login} aangemaakt. Wachtwoord (noteer het, het wordt niet opnieuw getoond): {password}"
    )


def register(app):
    app.cli.add_command(db_cli)
    app.cli.add_command(demo)
    app.cli.add_command(create_admin)
