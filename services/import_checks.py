"""Reading and checking an import sheet: each row on its own, then against each other and the school.

The result is an `ImportPreview`: the rows to create and to update, and every row's problems (see
services/imports.py). Nothing here writes.
"""
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from peewee import chunked

from models import Group, GroupMember, GroupTeacher, GroupType, ParentLink, User

from .accounts import LOGIN_SHAPE, MIN_PASSWORD_LENGTH, ROLE_NAMES, normalise_login
from .errors import DomainError
from .import_templates import KINDS, LEVELS

ROLE_OF_KIND = {"pupils": "pupil", "parents": "parent", "teachers": "teacher"}
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


@dataclass
class PlannedRow:
    """One row that will create or update a user."""

    row: int
    login: str
    name: str
    fields: dict  # User fields to write (all of them for a new user, the changed ones for an update)
    changes: list = field(default_factory=list)  # Dutch descriptions, for the preview
    user_id: int = None
    group: Group = None  # pupils: add as member; teachers: add as teacher
    children: list = field(default_factory=list)  # parents: pupils to link
    password: str = None  # chosen in the file (new users only)


@dataclass
class ImportPreview:
    kind: str
    to_create: list = field(default_factory=list)
    to_update: list = field(default_factory=list)
    unchanged: int = 0
    failures: list = field(default_factory=list)  # RowError, sorted by row

    @property
    def failed(self):
        return len({error.row for error in self.failures})

    @property
    def kind_name(self):
        return KINDS[self.kind]


def _key(text):
    return " ".join(cell_text(text).casefold().split())


def map_columns(columns, header_row, header):
    found = {}
    for index, title in enumerate(header):
        key = _key(title)
        if not key:
            continue
        for column in columns:
            if key == _key(column.header) or key in column.aliases:
                if column.key in found:
                    raise ImportRejected(f"De kolom '{column.header}' staat twee keer in de kopregel "
                                         f"(rij {header_row}).")
                found[column.key] = index
    missing = [c.header for c in columns if c.key not in found]
    if missing:
        known = {_key(c.header) for c in columns} | {a for c in columns for a in c.aliases}
        unknown = [cell_text(t) for t in header if _key(t) and _key(t) not in known]
        names = ", ".join(f"'{m}'" for m in missing)
        message = (f"De kolom {names} ontbreekt in de kopregel (rij {header_row})." if len(missing) == 1
                   else f"De kolommen {names} ontbreken in de kopregel (rij {header_row}).")
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


class Planner:
    """Checks rows one by one, then against each other and the school, and sorts them into the plan."""

    def __init__(self, kind, columns):
        self.kind = kind
        self.role = ROLE_OF_KIND[kind]
        self.header = {c.key: c.header for c in columns}
        self.rows = []  # (row number, values dict)
        self.errors = defaultdict(list)

    def fail(self, row, key, reason):
        self.errors[row].append(RowError(row, self.header.get(key, ""), reason))

    # one row on its own

    def read_row(self, number, cells):
        values = {"first_name": "", "infix": "", "last_name": ""}
        login = normalise_login(cell_text(cells["login"]))
        if not login:
            self.fail(number, "login", "de inlognaam ontbreekt.")
        elif not LOGIN_SHAPE.match(login) or len(login) > 255:
            self.fail(number, "login", f"'{login}' is geen geldige inlognaam; gebruik de vorm van een "
                                       "e-mailadres, bijvoorbeeld naam@school.nl.")
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
            values["children"] = list(dict.fromkeys(
                normalise_login(part) for part in cell_text(cells["children"]).replace(",", " ").replace(";", " ")
                .split()))
        else:
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

    # rows against each other and against the school

    def plan(self):
        self._duplicates()
        logins = [values["login"] for _n, values in self.rows]
        existing = _users_by_login(logins)
        groups = _groups_by_name() if self.kind in ("pupils", "teachers") else {}
        children = {}
        if self.kind == "parents":
            children = _users_by_login({c for _n, values in self.rows for c in values["children"]})
        existing_ids = [u.id for u in existing.values()]
        links = _existing_links(self.kind, existing_ids)

        result = ImportPreview(self.kind)
        for number, values in self.rows:
            user = existing.get(values["login"])
            if user is not None:
                self._check_existing(number, user)
            group = self._group(number, values, groups) if values.get("group") else None
            pupils = self._children(number, values, children) if self.kind == "parents" else []
            if self.errors.get(number):
                continue
            planned = (self._new(number, values, group, pupils) if user is None
                       else self._changed(number, values, user, group, pupils, links))
            if user is None:
                result.to_create.append(planned)
            elif planned.changes:
                result.to_update.append(planned)
            else:
                result.unchanged += 1
        result.failures = sorted((e for errors in self.errors.values() for e in errors), key=lambda e: e.row)
        return result

    def _duplicates(self):
        seen = defaultdict(list)
        for number, values in self.rows:
            if values["login"]:
                seen[values["login"]].append(number)
        for login, numbers in seen.items():
            for number in numbers if len(numbers) > 1 else ():
                others = ", ".join(str(n) for n in numbers if n != number)
                self.fail(number, "login", f"de inlognaam '{login}' staat ook in rij {others}.")

    def _check_existing(self, number, user):
        if user.role != self.role:
            self.fail(number, "login", f"de inlognaam '{user.login}' is al in gebruik door een "
                                       f"{ROLE_NAMES.get(user.role, user.role)}.")
        elif user.las_key is not None:
            self.fail(number, "login", f"'{user.login}' wordt beheerd in het LAS; wijzig deze gegevens in het "
                                       "LAS.")
        elif not user.active:
            self.fail(number, "login", f"het account '{user.login}' is uitgezet; zet het eerst weer aan.")

    def _group(self, number, values, groups):
        candidates = groups.get(_key(values["group"]), [])
        if self.kind == "pupils" and len(candidates) > 1:
            candidates = [g for g in candidates if g.group_type.name == "Stamgroep"] or candidates
        if not candidates:
            self.fail(number, "group", f"de groep '{values['group']}' bestaat niet (let op de schrijfwijze).")
            return None
        if len(candidates) > 1:
            self.fail(number, "group", f"er zijn meerdere groepen met de naam '{values['group']}'; geef er "
                                       "één een andere naam.")
            return None
        group = candidates[0]
        if self.kind == "pupils" and (group.las_key is not None or group.group_type.las_managed):
            self.fail(number, "group", f"de leden van '{group.name}' worden beheerd in het LAS; laat de "
                                       "stamgroep leeg of kies een eigen groep.")
            return None
        return group

    def _children(self, number, values, children):
        found = []
        for login in values["children"]:
            pupil = children.get(login)
            if pupil is None:
                self.fail(number, "children", f"er is geen leerling met de inlognaam '{login}'.")
            elif pupil.role != "pupil":
                self.fail(number, "children", f"'{login}' is geen leerling maar een "
                                              f"{ROLE_NAMES.get(pupil.role, pupil.role)}.")
            elif not pupil.active:
                self.fail(number, "children", f"de leerling '{login}' is uitgezet.")
            else:
                found.append(pupil)
        return found

    def _fields(self, values):
        fields = {key: values[key] for key in ("first_name", "infix", "last_name")}
        if self.kind == "pupils":
            fields["level"] = values["level"]
        if self.kind == "teachers" and values["coach"] is not None:
            fields["is_coach"] = values["coach"]
        return fields

    def _new(self, number, values, group, pupils):
        fields = self._fields(values)
        name = " ".join(p for p in (fields["first_name"], fields["infix"], fields["last_name"]) if p)
        planned = PlannedRow(number, values["login"], name, fields, group=group, children=pupils,
                             password=values.get("password"))
        planned.changes = _describe_new(fields, group, pupils)
        return planned

    def _changed(self, number, values, user, group, pupils, links):
        wanted = self._fields(values)
        fields = {key: value for key, value in wanted.items() if getattr(user, key) != value}
        changes = [f"{_LABELS[key]}: {_show(getattr(user, key))} → {_show(value)}" for key, value in fields.items()]
        linked = links.get(user.id, set())
        if group is not None and group.id in linked:
            group = None
        elif group is not None:
            changes.append(f"{'lid van' if self.kind == 'pupils' else 'leraar van'} {group.name}")
        pupils = [p for p in pupils if p.id not in linked]
        if pupils:
            changes.append("koppelen aan " + ", ".join(p.login for p in pupils))
        return PlannedRow(number, user.login, _full_name(user), fields, changes, user.id, group, pupils)


_LABELS = {"first_name": "Voornaam", "infix": "Tussenvoegsel", "last_name": "Achternaam", "level": "Niveau",
           "is_coach": "IB-er"}


def _show(value):
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return "(leeg)" if value in ("", None) else str(value)


def _describe_new(fields, group, pupils):
    described = []
    if "level" in fields:
        described.append(f"niveau {fields['level']}")
    if fields.get("is_coach"):
        described.append("IB-er")
    if group is not None:
        described.append(f"groep {group.name}")
    if pupils:
        described.append("kind(eren) " + ", ".join(p.login for p in pupils))
    return described


_USER_COLUMNS = (User.id, User.login, User.role, User.active, User.las_key, User.first_name, User.infix,
                 User.last_name, User.level, User.is_coach)


def _users_by_login(logins):
    """The users with these logins, as light rows (a thousand model instances cost more than they bring)."""
    found = {}
    for batch in chunked(sorted({login for login in logins if login}), 500):
        for user in User.select(*_USER_COLUMNS).where(User.login.in_(batch)).namedtuples():
            found[user.login] = user
    return found


def _full_name(user):
    return " ".join(part for part in (user.first_name, user.infix, user.last_name) if part)


def _groups_by_name():
    groups = defaultdict(list)
    for group in Group.select(Group, GroupType).join(GroupType).where(~Group.archived):
        groups[_key(group.name)].append(group)
    return groups


def _existing_links(kind, user_ids):
    """For existing users: the group ids (pupils, teachers) or pupil ids (parents) they are linked to."""
    model, owner, other = {
        "pupils": (GroupMember, GroupMember.pupil, GroupMember.group),
        "teachers": (GroupTeacher, GroupTeacher.teacher, GroupTeacher.group),
        "parents": (ParentLink, ParentLink.parent, ParentLink.pupil),
    }[kind]
    links = defaultdict(set)
    for batch in chunked(user_ids, 500):
        for owner_id, other_id in model.select(owner, other).where(owner.in_(batch)).tuples():
            links[owner_id].add(other_id)
    return links
