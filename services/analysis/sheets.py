"""Test results from an .xlsx sheet: a template with the group's pupils to fill in, and its import with a
row report (like the user import: a bad row fails alone, with its row number, column and reason; the good
rows are saved). The file itself is read through services.spreadsheets, which refuses unsafe files whole.

    template(group, moment) -> bytes
    import_results(actor, group, moment, data) -> SheetReport
"""

from dataclasses import dataclass, field

from .. import permissions, spreadsheets
from ..groups import fetch_group
from ..imports import Column, ImportRejected, RowError
from ..imports.rows import cell_text, map_columns, match_key
from .results import check_moment_of_group, fetch_moment, members, save_results
from .scale import ResultError, level_scale, read_level, read_score

NAME = Column("name", "Leerling", "", 28, ("naam", "leerling"))
LOGIN = Column("login", "Inlognaam", "", 30, ("e-mail", "email", "login", "e-mail (inlognaam)"))
SCORE = Column("score", "Score", "", 10, ("vaardigheidsscore", "ruwe score"))
LEVEL = Column("level", "Niveau", "", 10, ("niveau (i-v)", "niveau (a-e)", "lvs-niveau"))
COLUMNS = (NAME, LOGIN, SCORE, LEVEL)


@dataclass
class SheetReport:
    saved: int = 0  # results written or changed
    rows: int = 0  # rows read with a pupil
    good: int = 0  # rows read without a problem
    failures: list = field(default_factory=list)  # RowError, in row order

    @property
    def failed(self):
        return len({f.row for f in self.failures})


def template(group, moment):
    """The sheet to fill in: a row per pupil of the group with their name and login, score and level empty."""
    group, moment = fetch_group(group), fetch_moment(moment)
    rows = [[p.full_name, p.login, "", ""] for p in members(group)]
    return spreadsheets.write_xlsx(f"{moment.name} {group.name}", [c.header for c in COLUMNS], rows)


def _pupil_finder(pupils):
    by_login = {p.login.casefold(): p for p in pupils}
    by_name = {}
    for p in pupils:
        by_name.setdefault(match_key(p.full_name), []).append(p)

    def find(login, name):
        if login:
            return by_login.get(login.casefold()), "login"
        matches = by_name.get(match_key(name), [])
        return (matches[0] if len(matches) == 1 else None), ("ambiguous" if len(matches) > 1 else "name")

    return find


def import_results(actor, group, moment, data):
    """Read the sheet and save the results of every good row; report the rows that failed and why."""
    group, moment = fetch_group(group), fetch_moment(moment)
    permissions.require(actor, "enter_test_results", group, message="Je kunt bij deze groep geen resultaten invoeren.")
    check_moment_of_group(moment, group)
    try:
        sheet = spreadsheets.open_workbook(data, max_rows=500)
    except spreadsheets.SpreadsheetError as error:
        raise ImportRejected(error.message) from None
    if not sheet.rows:
        raise ImportRejected("Het werkblad is leeg: er staat geen kopregel en geen gegevens in.")
    header_row, header = sheet.rows[0]
    optional = {"login", "name"}
    positions = map_columns([c for c in COLUMNS if c.key not in optional], header_row, header)
    for column in COLUMNS:  # name and login: at least one of them, found by the same header rules
        if column.key in optional:
            found = [
                i for i, title in enumerate(header) if match_key(title) in {match_key(column.header), *column.aliases}
            ]
            if found:
                positions[column.key] = found[0]
    if "login" not in positions and "name" not in positions:
        raise ImportRejected(f"De kolom 'Leerling' of 'Inlognaam' ontbreekt in de kopregel (rij {header_row}).")
    find = _pupil_finder(members(group))
    scale, report, entries, seen = level_scale(), SheetReport(), {}, {}
    for number, values in sheet.rows[1:]:
        cells = {key: (values[i] if i < len(values) else None) for key, i in positions.items()}
        if all(cell_text(v) == "" for v in cells.values()):
            continue
        login, name = cell_text(cells.get("login")), cell_text(cells.get("name"))
        pupil, how = find(login, name)
        if pupil is None:
            reason = (
                f"'{name}' staat twee keer in de groep; vul de inlognaam in."
                if how == "ambiguous"
                else f"'{login or name}' zit niet in {group.name}."
            )
            report.failures.append(RowError(number, LOGIN.header if how == "login" else NAME.header, reason))
            continue
        if pupil.id in seen:
            report.failures.append(RowError(number, "", f"{pupil.full_name} staat al in rij {seen[pupil.id]}."))
            continue
        seen[pupil.id] = number
        report.rows += 1
        try:
            score = read_score(cells["score"], moment)
            level = read_level(cell_text(cells["level"]), scale)
        except ResultError as wrong:
            column = SCORE.header if wrong.column == "score" else LEVEL.header
            report.failures.append(RowError(number, column, wrong.message))
            continue
        entries[pupil.id] = (score, level)
    report.good = len(entries)
    if entries:
        report.saved = save_results(actor, group, moment, entries)
    return report
