"""The import templates: the columns per kind of user, and the .xlsx sheet to fill in (see services/imports.py)."""

import io
from dataclasses import dataclass

import openpyxl
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from .. import spreadsheets
from ..accounts import MIN_PASSWORD_LENGTH
from ..errors import DomainError

KINDS = {"pupils": "Leerlingen", "parents": "Ouders", "teachers": "Leraren", "admins": "Beheerders"}
LEVELS = range(1, 9)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    example: object = ""
    width: int = 16
    aliases: tuple = ()
    note: str = ""


_LOGIN = Column(
    "login",
    "E-mail (inlognaam)",
    "",
    32,
    ("e-mail", "email", "e-mailadres", "inlognaam", "login"),
    "De inlognaam, in de vorm van een e-mailadres; hoeft geen bestaand adres te zijn.",
)
_FIRST = Column("first_name", "Voornaam", "", 14)
_INFIX = Column("infix", "Tussenvoegsel", "", 14, ("tussenvoegsels",), "Mag leeg blijven.")
_LAST = Column("last_name", "Achternaam", "", 18)

COLUMNS = {
    "pupils": (
        _LOGIN,
        _FIRST,
        _INFIX,
        _LAST,
        Column("level", "Niveau", 4, 9, ("jaargroep",), "1 tot en met 8: het niveau van de leerdoelen."),
        Column("group", "Stamgroep", "Groep 4", 16, ("groep",), "De naam van een bestaande groep; mag leeg."),
        Column(
            "password",
            "Wachtwoord",
            "",
            16,
            (),
            f"Minstens {MIN_PASSWORD_LENGTH} tekens; leeg: er wordt een wachtwoord gemaakt.",
        ),
    ),
    "parents": (
        _LOGIN,
        _FIRST,
        _INFIX,
        _LAST,
        Column(
            "children",
            "Inlognaam kind(eren)",
            "",
            40,
            (
                "inlognaam kind",
                "inlognaam kinderen",
                "inlognamen kinderen",
                "inlognaam leerling",
                "inlognaam leerlingen",
            ),
            "Inlognamen van bestaande leerlingen, gescheiden door komma, puntkomma of spatie.",
        ),
    ),
    "teachers": (
        _LOGIN,
        _FIRST,
        _INFIX,
        _LAST,
        Column(
            "group",
            "Groep",
            "Groep 4",
            16,
            ("coachgroep", "stamgroep", "coachgroep of stamgroep"),
            "Coachgroep of stamgroep (naam van een bestaande groep); mag leeg.",
        ),
        Column("coach", "IB-er", "nee", 9, ("ib'er", "ib", "ib-er (ja/nee)"), "ja of nee; leeg is nee."),
    ),
    # Administrators are only ever created by an import, never changed: an existing login fails its row.
    "admins": (_LOGIN, _FIRST, _INFIX, _LAST),
}

EXAMPLES = {
    "pupils": ("sanne.devries@leerling.school.nl", "Sanne", "de", "Vries"),
    "parents": ("ouder.devries@voorbeeld.nl", "Anouk", "de", "Vries", "sanne.devries@leerling.school.nl"),
    "teachers": ("j.bakker@school.nl", "Jeroen", "", "Bakker"),
    "admins": ("m.devos@school.nl", "Mirjam", "de", "Vos"),
}


def template(kind):
    """The sheet to fill in for `kind`: Dutch headers, an example row, a level list, a sheet of notes."""
    columns = columns_of(kind)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = KINDS[kind]
    sheet.append([c.header for c in columns])
    example = list(EXAMPLES[kind]) + [c.example for c in columns[len(EXAMPLES[kind]) :]]
    sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="777777")
    for index, column in enumerate(columns, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.key == "level":
            _add_list(
                sheet,
                f"{letter}2:{letter}{spreadsheets.MAX_ROWS + 1}",
                ",".join(map(str, LEVELS)),
                "Kies een niveau van 1 tot en met 8.",
            )
        elif column.key == "coach":
            _add_list(sheet, f"{letter}2:{letter}{spreadsheets.MAX_ROWS + 1}", "ja,nee", "Kies ja of nee.")
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("Toelichting")
    notes.append(["Kolom", "Toelichting"])
    notes["A1"].font = notes["B1"].font = Font(bold=True)
    for column in columns:
        notes.append([column.header, column.note or "Verplicht."])
    notes.append([])
    notes.append(["", "Rij 2 is een voorbeeld: vervang of verwijder die. Lege rijen worden overgeslagen."])
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_list(sheet, cells, options, message):
    validation = DataValidation(
        type="list",
        formula1=f'"{options}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ongeldige waarde",
        error=message,
    )
    validation.add(cells)
    sheet.add_data_validation(validation)


def columns_of(kind):
    if kind not in COLUMNS:
        raise DomainError("Kies wat je wilt importeren: leerlingen, ouders, leraren of beheerders.")
    return COLUMNS[kind]
