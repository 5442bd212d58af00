"""Reading an import sheet row by row: cells as text, the header as columns, and the problems each row has
on its own (a missing or malformed login, name, niveau, password or yes/no).

The checks of rows against each other and the school, and the plan they make, are in
checks.py. Nothing here touches the database.
"""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from ..accounts import LOGIN_SHAPE, MIN_PASSWORD_LENGTH, normalise_login
from ..errors import DomainError
from .templates import LEVELS

ROLE_OF_KIND = {"pupils": "pupil", "parents": "parent", "teachers": "teacher", "admins": "admin"}
MAX_NAME_LENGTH = 100
YES = {"ja", "j", "yes", "y", "x", "1", "waar", "true"}
NO = {"nee", "n", "no", "0", "onwaar", "false"}


class ImportRejected(DomainError):
    """The file as a whole cannot be imported; nothing was written."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the column's header, "" when the reason concerns the whole row
    reason: str

    def __str__(self):
        where = f"Rij {self.row}, kolom '{self.column}'" if self.column else f"Rij {self.row}"
        return f"{where}: {self.reason}"


def match_key(text):
    """A cell or name as compared: case and runs of spaces do not count."""
    return " ".join(cell_text(text).casefold().split())


def map_columns(columns, header_row, header):
    """{column key: its index in a row}, from the header; a missing or doubled column rejects the file."""
    found = {}
    for index, title in enumerate(header):
        key = match_key(title)
        if not key:
            continue
        for column in columns:
            if key == match_key(column.header) or key in column.aliases:
                if column.key in found:
                    raise ImportRejected(
                        f"De kolom '{column.header}' staat twee keer in de kopregel (rij {header_row})."
                    )
                found[column.key] = index
    missing = [c.header for c in columns if c.key not in found]
    if missing:
        known = {match_key(c.header) for c in columns} | {a for c in columns for a in c.aliases}
        unknown = [cell_text(t) for t in header if match_key(t) and match_key(t) not in known]
        names = ", ".join(f"'{m}'" for m in missing)
        message = (
            f"De kolom {names} ontbreekt in de kopregel (rij {header_row})."
            if len(missing) == 1
            else f"De kolommen {names} ontbreken in de kopregel (rij {header_row})."
        )
        if unknown:
            message += " Onbekende kolom(men): " + ", ".join(f"'{u}'" for u in unknown) + " (hernoemd?)."
        raise ImportRejected(message + " Gebruik de kolomnamen van de template.")
    return found


def cell_text(value):
    """A cell as trimmed text in Unicode NFC: diacritics are kept, however the program stored them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip().strip("\u200b\ufeff").strip()


class RowReader:
    """Reads rows one by one and keeps each row's problems; checks.py's Planner goes on."""

    def __init__(self, kind, columns):
        self.kind = kind
        self.role = ROLE_OF_KIND[kind]
        self.header = {c.key: c.header for c in columns}
        self.rows = []  # (row number, values dict)
        self.errors = defaultdict(list)

    def fail(self, row, key, reason):
        self.errors[row].append(RowError(row, self.header.get(key, ""), reason))

    def read_row(self, number, cells):
        """Read one row ({column key: cell}) and note the problems it has on its own."""
        values = {"first_name": "", "infix": "", "last_name": ""}
        login = normalise_login(cell_text(cells["login"]))
        if not login:
            self.fail(number, "login", "de inlognaam ontbreekt.")
        elif not LOGIN_SHAPE.match(login) or len(login) > 255:
            self.fail(
                number,
                "login",
                f"'{login}' is geen geldige inlognaam; gebruik de vorm van een "
                "e-mailadres, bijvoorbeeld naam@school.nl.",
            )
        values["login"] = login
        for key in ("first_name", "infix", "last_name"):
            text = cell_text(cells[key])
            if not text and key != "infix":
                self.fail(number, key, f"de {self.header[key].lower()} ontbreekt.")
            elif len(text) > MAX_NAME_LENGTH:
                self.fail(number, key, f"de tekst is langer dan {MAX_NAME_LENGTH} tekens.")
            values[key] = text
        if self.kind == "pupils":
            values["level"] = self._level(number, cells["level"])
            values["group"] = cell_text(cells["group"])
            values["password"] = self._password(number, cells["password"])
        elif self.kind == "parents":
            values["children"] = list(
                dict.fromkeys(
                    normalise_login(part)
                    for part in cell_text(cells["children"]).replace(",", " ").replace(";", " ").split()
                )
            )
        elif self.kind == "teachers":
            values["group"] = cell_text(cells["group"])
            values["coach"] = self._yes_no(number, cells["coach"])
        self.rows.append((number, values))

    def _level(self, number, value):
        text = cell_text(value)
        if text == "":
            self.fail(number, "level", "het niveau ontbreekt; vul 1 tot en met 8 in.")
            return None
        if isinstance(value, bool) or not (isinstance(value, (int, float)) or text.isdigit()):
            self.fail(number, "level", f"'{text}' is geen getal; vul een niveau van 1 tot en met 8 in.")
            return None
        if isinstance(value, float) and not value.is_integer():
            self.fail(number, "level", f"'{text}' is geen heel getal; vul een niveau van 1 tot en met 8 in.")
            return None
        level = int(value) if not isinstance(value, str) else int(text)
        if level not in LEVELS:
            self.fail(number, "level", f"niveau {level} bestaat niet; vul 1 tot en met 8 in.")
            return None
        return level

    def _password(self, number, value):
        password = "" if value is None else str(value).strip()
        if password and len(password) < MIN_PASSWORD_LENGTH:
            self.fail(number, "password", f"het wachtwoord is korter dan {MIN_PASSWORD_LENGTH} tekens.")
        return password or None

    def _yes_no(self, number, value):
        if isinstance(value, bool):
            return value
        text = cell_text(value).casefold()
        if text == "":
            return None
        if text in YES:
            return True
        if text in NO:
            return False
        self.fail(number, "coach", f"'{cell_text(value)}' is geen ja of nee.")
        return None
