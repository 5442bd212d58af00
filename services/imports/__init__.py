"""Importing pupils, parents, teachers and administrators from an .xlsx sheet (SPEC.md 7).

    template(kind) -> bytes                      the sheet to fill in, per kind
    preview(actor, kind, data) -> ImportPreview  reads and checks everything, writes nothing
    apply(actor, kind, data) -> ImportResult     checks again and writes it all in one transaction
    passwords_sheet(result) -> bytes             the generated passwords, for the teacher to hand out

A structural problem (not a safe .xlsx, a missing column) rejects the whole file with `ImportRejected`.
A problem in one row fails that row only, with its row number, column and a Dutch reason; the other rows
go ahead. An import only adds: existing users get changed fields and new group memberships or parent
links, never fewer; administrators are only created (a row whose login exists fails). A password in the
file is used for new users only, so re-importing an old sheet never resets a password. Re-importing the
same file changes nothing.
"""

from peewee import IntegrityError

from models import Group, GroupMember, ParentLink, PlanGoal, StatusChange, User, db

from .. import audit, events, rollover, spreadsheets, statistics
from ..errors import Conflict
from ..permissions import recorded_as, require
from .checks import ImportPreview, PlannedRow, Planner
from .rows import ROLE_OF_KIND, ImportRejected, RowError, cell_text, map_columns
from .templates import COLUMNS, KINDS, LEVELS, Column, columns_of, template
from .writes import ImportResult, hash_new_accounts, passwords_sheet, write_plan

__all__ = [
    "COLUMNS",
    "KINDS",
    "LEVELS",
    "ROLE_OF_KIND",
    "Column",
    "ImportPreview",
    "ImportRejected",
    "ImportResult",
    "PlannedRow",
    "RowError",
    "apply",
    "passwords_sheet",
    "preview",
    "template",
]


def preview(actor, kind, data):
    """Read and check the file; say what `apply` would create, update and refuse. Writes nothing."""
    require(actor, "admin", message="Alleen een beheerder kan gebruikers importeren.")
    return _plan(kind, data)


def _plan(kind, data):
    columns = columns_of(kind)
    try:
        sheet = spreadsheets.open_workbook(data)
    except spreadsheets.SpreadsheetError as error:
        raise ImportRejected(error.message) from None
    if not sheet.rows:
        raise ImportRejected("Het werkblad is leeg: er staat geen kopregel en geen gegevens in.")
    header_row, header = sheet.rows[0]
    positions = map_columns(columns, header_row, header)
    planner = Planner(kind, columns)
    for number, values in sheet.rows[1:]:
        cells = {c.key: (values[positions[c.key]] if positions[c.key] < len(values) else None) for c in columns}
        if all(cell_text(v) == "" for v in cells.values()):
            continue  # a row with only spaces or cells outside our columns
        planner.read_row(number, cells)
    if not planner.rows:
        raise ImportRejected(f"Er staan geen gegevens onder de kopregel (rij {header_row}).")
    return planner.plan()


def apply(actor, kind, data):
    """Check the file again and write every good row in one transaction; report what happened."""
    require(actor, "admin", message="Alleen een beheerder kan gebruikers importeren.")
    plan = _plan(kind, data)
    # Hashed before the transaction opens, so the database is locked only for the writes themselves.
    accounts = hash_new_accounts(plan.to_create)
    result = ImportResult(
        kind,
        created=len(plan.to_create),
        updated=len(plan.to_update),
        unchanged=plan.unchanged,
        failed=plan.failed,
        failures=plan.failures,
    )
    try:
        with db.atomic():
            touched_groups, pupils_with_new_goals = write_plan(actor, plan, ROLE_OF_KIND[kind], accounts)
            audit.record(
                recorded_as(actor),
                "users_imported",
                detail=(
                    f"{KINDS[kind].lower()}: {result.created} nieuw, {result.updated} bijgewerkt, "
                    f"{result.unchanged} ongewijzigd, {result.failed} mislukt"
                ),
            )
    except IntegrityError:
        raise Conflict(
            "Iemand anders heeft intussen dezelfde gebruikers aangemaakt of gewijzigd. Er is "
            "niets geïmporteerd; bekijk het bestand opnieuw."
        ) from None
    statistics.refresh(User, Group, GroupMember, ParentLink, PlanGoal, StatusChange)
    if result.created and ROLE_OF_KIND[kind] == "pupil":
        rollover.plans_for_newcomers(actor, channel="import")
    for group in touched_groups:
        events.group_changed.send(None, group=group, actor=actor)
    if pupils_with_new_goals:
        events.plans_changed.send(None, pupils=pupils_with_new_goals, goals=None, actor=actor)
    result.new_accounts = [
        (row.login, row.name, password) for row, password, _hash in accounts if row.password is None
    ]  # in the order of the file
    return result
