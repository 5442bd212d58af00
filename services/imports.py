"""Importing pupils, parents and teachers from an .xlsx sheet (SPEC.md 7).

    template(kind) -> bytes                      the sheet to fill in, per kind
    preview(actor, kind, data) -> ImportPreview  reads and checks everything, writes nothing
    apply(actor, kind, data) -> ImportResult     checks again and writes it all in one transaction
    passwords_sheet(result) -> bytes             the generated passwords, for the teacher to hand out

A structural problem (not a safe .xlsx, a missing column) rejects the whole file with `ImportRejected`.
A problem in one row fails that row only, with its row number, column and a Dutch reason; the other rows
go ahead. An import only adds: existing users get changed fields and new group memberships or parent
links, never fewer. A password in the file is used for new users only, so re-importing an old sheet never
resets a password. Re-importing the same file changes nothing.
"""
import io
import os
import unicodedata
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import openpyxl
from argon2 import PasswordHasher
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from peewee import AutoField, IntegrityError, chunked

from models import Group, GoalSetGoal, GroupMember, GroupTeacher, GroupType, ParentLink, User, db

from . import audit, events, passwords, plans, spreadsheets
from .accounts import LOGIN_SHAPE, MIN_PASSWORD_LENGTH, ROLE_NAMES, normalise_login
from .errors import Conflict, DomainError
from .permissions import recorded_as, require

KINDS = {"pupils": "Leerlingen", "parents": "Ouders", "teachers": "Leraren"}
ROLE_OF_KIND = {"pupils": "pupil", "parents": "parent", "teachers": "teacher"}
MAX_NAME_LENGTH = 100
LEVELS = range(1, 9)
YES = {"ja", "j", "yes", "y", "x", "1", "waar", "true"}
NO = {"nee", "n", "no", "0", "onwaar", "false"}

# Generated passwords are random (10 characters from 55, about 58 bits), so their strength lies in that
# entropy, not in the hash's cost: guessing one takes ~2^57 tries at any hash speed. Hashing 1,000 of them
# with the full profile (~130 ms each on two cores) would keep an admin waiting minutes; this argon2id
# profile takes ~0.06 ms. The sign-in rehashes with the full profile (accounts.authenticate ->
# needs_rehash), so the cheap hash lives only until a user first signs in. Passwords chosen by people
# (the file's Wachtwoord column) always get the full profile.
_ONE_TIME_HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


class ImportRejected(DomainError):
    """The file as a whole cannot be imported; nothing was written."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    example: object = ""
    width: int = 16
    aliases: tuple = ()
    note: str = ""


_LOGIN = Column("login", "E-mail (inlognaam)", "", 32, ("e-mail", "email", "e-mailadres", "inlognaam", "login"),
                "De inlognaam, in de vorm van een e-mailadres; hoeft geen bestaand adres te zijn.")
_FIRST = Column("first_name", "Voornaam", "", 14)
_INFIX = Column("infix", "Tussenvoegsel", "", 14, ("tussenvoegsels",), "Mag leeg blijven.")
_LAST = Column("last_name", "Achternaam", "", 18)

COLUMNS = {
    "pupils": (
        _LOGIN, _FIRST, _INFIX, _LAST,
        Column("level", "Niveau", 4, 9, ("jaargroep",), "1 tot en met 8: het niveau van de leerdoelen."),
        Column("group", "Stamgroep", "Groep 4", 16, ("groep",), "De naam van een bestaande groep; mag leeg."),
        Column("password", "Wachtwoord", "", 16, (),
               f"Minstens {MIN_PASSWORD_LENGTH} tekens; leeg: er wordt een wachtwoord gemaakt."),
    ),
    "parents": (
        _LOGIN, _FIRST, _INFIX, _LAST,
        Column("children", "Inlognaam kind(eren)", "", 40,
               ("inlognaam kind", "inlognaam kinderen", "inlognamen kinderen", "inlognaam leerling",
                "inlognaam leerlingen"),
               "Inlognamen van bestaande leerlingen, gescheiden door komma, puntkomma of spatie."),
    ),
    "teachers": (
        _LOGIN, _FIRST, _INFIX, _LAST,
        Column("group", "Groep", "Groep 4", 16, ("coachgroep", "stamgroep", "coachgroep of stamgroep"),
               "Coachgroep of stamgroep (naam van een bestaande groep); mag leeg."),
        Column("coach", "IB-er", "nee", 9, ("ib'er", "ib", "ib-er (ja/nee)"), "ja of nee; leeg is nee."),
    ),
}

EXAMPLES = {
    "pupils": ("sanne.devries@leerling.school.nl", "Sanne", "de", "Vries"),
    "parents": ("ouder.devries@voorbeeld.nl", "Anouk", "de", "Vries", "sanne.devries@leerling.school.nl"),
    "teachers": ("j.bakker@school.nl", "Jeroen", "", "Bakker"),
}


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


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list = field(default_factory=list)
    new_accounts: list = field(default_factory=list)  # (login, full name, generated password)

    @property
    def passwords(self):
        """login -> generated password of each new user; show it once."""
        return {login: password for login, _name, password in self.new_accounts}


# --- Template ------------------------------------------------------------------------------------------


def template(kind):
    """The sheet to fill in for `kind`: Dutch headers, an example row, a level list, a sheet of notes."""
    columns = _columns(kind)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = KINDS[kind]
    sheet.append([c.header for c in columns])
    example = list(EXAMPLES[kind]) + [c.example for c in columns[len(EXAMPLES[kind]):]]
    sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="777777")
    for index, column in enumerate(columns, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.key == "level":
            _add_list(sheet, f"{letter}2:{letter}{spreadsheets.MAX_ROWS + 1}", ",".join(map(str, LEVELS)),
                      "Kies een niveau van 1 tot en met 8.")
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
    validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True, showErrorMessage=True,
                                errorTitle="Ongeldige waarde", error=message)
    validation.add(cells)
    sheet.add_data_validation(validation)


def _columns(kind):
    if kind not in COLUMNS:
        raise DomainError("Kies wat je wilt importeren: leerlingen, ouders of leraren.")
    return COLUMNS[kind]


# --- Reading and checking ------------------------------------------------------------------------------


def preview(actor, kind, data):
    """Read and check the file; say what `apply` would create, update and refuse. Writes nothing."""
    require(actor, "admin", message="Alleen een beheerder kan gebruikers importeren.")
    return _plan(kind, data)


def _plan(kind, data):
    columns = _columns(kind)
    try:
        sheet = spreadsheets.open_workbook(data)
    except spreadsheets.SpreadsheetError as error:
        raise ImportRejected(error.message) from None
    if not sheet.rows:
        raise ImportRejected("Het werkblad is leeg: er staat geen kopregel en geen gegevens in.")
    header_row, header = sheet.rows[0]
    positions = _map_columns(columns, header_row, header)
    planner = _Planner(kind, columns)
    for number, values in sheet.rows[1:]:
        cells = {c.key: (values[positions[c.key]] if positions[c.key] < len(values) else None) for c in columns}
        if all(_text(v) == "" for v in cells.values()):
            continue  # a row with only spaces or cells outside our columns
        planner.read_row(number, cells)
    if not planner.rows:
        raise ImportRejected(f"Er staan geen gegevens onder de kopregel (rij {header_row}).")
    return planner.plan()


def _key(text):
    return " ".join(_text(text).casefold().split())


def _map_columns(columns, header_row, header):
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
        unknown = [_text(t) for t in header if _key(t) and _key(t) not in known]
        names = ", ".join(f"'{m}'" for m in missing)
        message = (f"De kolom {names} ontbreekt in de kopregel (rij {header_row})." if len(missing) == 1
                   else f"De kolommen {names} ontbreken in de kopregel (rij {header_row}).")
        if unknown:
            message += " Onbekende kolom(men): " + ", ".join(f"'{u}'" for u in unknown) + " (hernoemd?)."
        raise ImportRejected(message + " Gebruik de kolomnamen van de template.")
    return found


def _text(value):
    """A cell as trimmed text in Unicode NFC: diacritics are kept, however the program stored them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip().strip("\u200b\ufeff").strip()


class _Planner:
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
        login = normalise_login(_text(cells["login"]))
        if not login:
            self.fail(number, "login", "de inlognaam ontbreekt.")
        elif not LOGIN_SHAPE.match(login) or len(login) > 255:
            self.fail(number, "login", f"'{login}' is geen geldige inlognaam; gebruik de vorm van een "
                                       "e-mailadres, bijvoorbeeld naam@school.nl.")
        values["login"] = login
        for key in ("first_name", "infix", "last_name"):
            text = _text(cells[key])
            if not text and key != "infix":
                self.fail(number, key, f"de {self.header[key].lower()} ontbreekt.")
            elif len(text) > MAX_NAME_LENGTH:
                self.fail(number, key, f"de tekst is langer dan {MAX_NAME_LENGTH} tekens.")
            values[key] = text
        if self.kind == "pupils":
            values["level"] = self._level(number, cells["level"])
            values["group"] = _text(cells["group"])
            values["password"] = self._password(number, cells["password"])
        elif self.kind == "parents":
            values["children"] = list(dict.fromkeys(
                normalise_login(part) for part in _text(cells["children"]).replace(",", " ").replace(";", " ")
                .split()))
        else:
            values["group"] = _text(cells["group"])
            values["coach"] = self._yes_no(number, cells["coach"])
        self.rows.append((number, values))

    def _level(self, number, value):
        text = _text(value)
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
        text = _text(value).casefold()
        if text == "":
            return None
        if text in YES:
            return True
        if text in NO:
            return False
        self.fail(number, "coach", f"'{_text(value)}' is geen ja of nee.")
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


# --- Writing -------------------------------------------------------------------------------------------


def apply(actor, kind, data):
    """Check the file again and write every good row in one transaction; report what happened."""
    require(actor, "admin", message="Alleen een beheerder kan gebruikers importeren.")
    plan = _plan(kind, data)
    # Hashed before the transaction opens, so the database is locked only for the writes themselves.
    accounts = _accounts(plan.to_create)
    result = ImportResult(kind, created=len(plan.to_create), updated=len(plan.to_update),
                          unchanged=plan.unchanged, failed=plan.failed, failures=plan.failures)
    try:
        with db.atomic():
            touched_groups, pupils_with_new_goals = _write(actor, plan, ROLE_OF_KIND[kind], accounts)
            audit.record(recorded_as(actor), "users_imported", detail=(
                f"{KINDS[kind].lower()}: {result.created} nieuw, {result.updated} bijgewerkt, "
                f"{result.unchanged} ongewijzigd, {result.failed} mislukt"))
    except IntegrityError:
        raise Conflict("Iemand anders heeft intussen dezelfde gebruikers aangemaakt of gewijzigd. Er is "
                       "niets geïmporteerd; bekijk het bestand opnieuw.") from None
    for group in touched_groups:
        events.group_changed.send(None, group=group, actor=actor)
    if pupils_with_new_goals:
        events.plans_changed.send(None, pupils=pupils_with_new_goals, goals=None, actor=actor)
    result.new_accounts = [(row.login, row.name, password) for row, password, _hash in accounts
                           if row.password is None]  # in the order of the file
    return result


def _accounts(rows):
    """(row, password, hash) for each new user: the password from the file, or a generated one.

    argon2 releases the GIL, so the hashes are shared over a thread per core while this thread waits.
    (Hashing ahead in threads while this thread reads the sheet was tried and dropped: each time a worker
    takes the GIL back after a hash, the reading thread stalls, and the reading got four times slower.)
    """
    jobs = [(row, row.password or passwords.generate_password()) for row in rows]
    if not jobs:
        return []

    def hash_some(part):
        return [passwords.hash_password(password) if row.password is not None
                else _ONE_TIME_HASHER.hash(password) for row, password in part]

    workers = max(1, min(4, os.cpu_count() or 1, len(jobs) // 50))
    size = -(-len(jobs) // workers)
    parts = [jobs[start:start + size] for start in range(0, len(jobs), size)]
    if workers == 1:
        hashes = hash_some(jobs)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            hashes = [password_hash for part in pool.map(hash_some, parts) for password_hash in part]
    return [(row, password, password_hash) for (row, password), password_hash in zip(jobs, hashes)]


def _write(actor, plan, role, accounts):
    columns = [User.login, User.password_hash, User.role, User.first_name, User.infix, User.last_name,
               User.level, User.is_coach]
    new_users = [(row.login, password_hash, role, row.fields["first_name"], row.fields["infix"],
                  row.fields["last_name"], row.fields.get("level"), row.fields.get("is_coach", False))
                 for row, _password, password_hash in accounts]
    ids = dict(_insert_rows(User, columns, new_users, returning=(User.login, User.id)))
    for row in plan.to_update:
        if row.fields:
            User.update(**row.fields).where(User.id == row.user_id).execute()
        ids[row.login] = row.user_id
    rows = plan.to_create + plan.to_update
    if plan.kind == "pupils":
        model, columns = GroupMember, [GroupMember.group, GroupMember.pupil]
        links = [(r.group.id, ids[r.login]) for r in rows if r.group is not None]
    elif plan.kind == "teachers":
        model, columns = GroupTeacher, [GroupTeacher.group, GroupTeacher.teacher]
        links = [(r.group.id, ids[r.login]) for r in rows if r.group is not None]
    else:
        model, columns = ParentLink, [ParentLink.parent, ParentLink.pupil]
        links = [(ids[r.login], p.id) for r in rows for p in r.children]
    _insert_rows(model, columns, links)
    groups = {r.group.id: r.group for r in rows if r.group is not None}
    pupils_with_new_goals = _goal_sets_for_new_members(actor, rows, ids) if plan.kind == "pupils" else []
    return list(groups.values()), pupils_with_new_goals


def _insert_rows(model, columns, rows, returning=()):
    """Insert `rows` (tuples of plain values for `columns`; other fields get their defaults) in multi-row
    statements with bound parameters; return the `returning` columns of the new rows.

    peewee's insert_many builds a query node per value: for a thousand users that costs more than reading
    the whole sheet (bench/import_pupils.py), while one bound statement per few hundred rows costs little.
    """
    if not rows:
        return []
    database = db.obj
    given = {f.name for f in columns}  # by name: a peewee field's == builds an expression
    defaults = [f for f in model._meta.sorted_fields
                if f.default is not None and f.name not in given and not isinstance(f, AutoField)]
    constant = tuple(f.db_value(f.default() if callable(f.default) else f.default) for f in defaults)
    quote = lambda name: database.quote[0] + name + database.quote[1]  # noqa: E731 (our own names only)
    names = ", ".join(quote(f.column_name) for f in list(columns) + defaults)
    width = len(columns) + len(defaults)
    placeholders = "(" + ", ".join([database.param] * width) + ")"
    tail = (" RETURNING " + ", ".join(quote(f.column_name) for f in returning)) if returning else ""
    found = []
    for batch in chunked(rows, max(1, min(500, 30_000 // width))):
        sql = (f"INSERT INTO {quote(model._meta.table_name)} ({names}) VALUES "
               + ", ".join([placeholders] * len(batch)) + tail)
        cursor = database.execute_sql(sql, [value for row in batch for value in (*row, *constant)])
        if returning:
            found.extend(cursor.fetchall())
    return found


def _goal_sets_for_new_members(actor, rows, ids):
    """SPEC 3: a new member of a group with a goal set gets the set's goals on their plan."""
    by_group = defaultdict(list)
    for row in rows:
        if row.group is not None and row.group.goal_set_id:
            by_group[row.group.id, row.group.goal_set_id].append(ids[row.login])
    changed = []
    for (_group_id, goal_set_id), pupil_ids in by_group.items():
        goals = GoalSetGoal.select(GoalSetGoal.goal).where(GoalSetGoal.goal_set == goal_set_id)
        if plans.put_goals_on_plans(actor, pupil_ids, goals, goal_set=goal_set_id, channel="import"):
            changed.extend(pupil_ids)
    return changed


def passwords_sheet(result):
    """The new users' generated passwords as an .xlsx, to print and hand out."""
    return spreadsheets.write_xlsx("Wachtwoorden", ["Naam", "Inlognaam", "Wachtwoord"],
                                   [(name, login, password) for login, name, password in result.new_accounts])
