"""The LAS link: make the school match an EDEXML export (SPEC.md 6).

    run_sync(actor, data, source, filename="", today=None, sync_parents=False, expected_brin=None,
             on_progress=None, max_bytes=None) -> LasSyncRun
    sync_from_folder(actor, folder, **options) -> LasSyncRun
    sync_from_url(actor, url, timeout=30, **options) -> LasSyncRun

A run works in phases. Outside any transaction it records itself (outcome "running"), parses the file,
checks that it belongs to this school and compares it with the database, committing its progress between
phases so that an admin page can follow it. Only then does it apply every change in ONE transaction of bulk
statements, which also records the outcome: a process killed halfway leaves the database as it was, and the
next run does the whole job. A file that matches the school already writes nothing but its run record.

Matching rules:
- users by `las_key`, which is the LAS key with its kind in front ("leerling:00001", "leerkracht:LK1",
  "ouder:O1"): pupil and teacher keys are separate key spaces in EDEXML and may collide;
- groups by (`las_key`, `school_year` of the file): a new school year's "4A" is a new group and never last
  year's, whose group-bound data stays with it (seeds/004). A `groep` becomes a Stamgroep with its
  jaargroep as year level, a `samengestelde_groep` a Parnassys-groep. A LAS group of the file's year that
  left the file is archived; groups of other years are the year rollover's business;
- pupils exist from their `instroomdatum` on (a later one is left alone until that day) and are deactivated
  the day after their `uitstroomdatum`; pupils, teachers and (with the switch on) parents missing from the
  file are deactivated, never deleted; new accounts get an unusable password (a reset gives them one);
- the members of the file's groups are exactly the active pupils the file puts in them; a LAS teacher's
  links to those groups follow the file, teachers added in Doelpunt stay.
"""
import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from peewee import DateField, DateTimeField, PostgresqlDatabase, chunked

from models import (Group, GroupMember, GroupTeacher, GroupType, LasSyncRun, ParentLink, SchoolSettings, User,
                    db, now)

from . import edexml
from .errors import DomainError
from .permissions import recorded_as, require

log = logging.getLogger(__name__)

PUPIL, TEACHER, PARENT = "leerling:", "leerkracht:", "ouder:"
UNUSABLE_PASSWORD = "!las-sync"  # no argon2 hash: no password verifies until a reset sets one
ASSISTANT_ROLES = {"OWA", "KLA"}  # onderwijsassistent, klassenassistent
MAX_CHANGE_LINES = 2000
_LOCK_ID = 0x1A5_5EC  # PostgreSQL advisory lock: one apply phase at a time
# Parameters per statement: SQLite allows 32766 since 3.32 (999 before), PostgreSQL 65535.
_MAX_PARAMETERS = 30000 if sqlite3.sqlite_version_info >= (3, 32) else 999

FIELD_NAMES = {"first_name": "voornaam", "infix": "tussenvoegsel", "last_name": "achternaam", "level": "niveau",
               "eckid": "ECK iD", "enrolled_on": "instroomdatum", "left_on": "uitstroomdatum", "role": "rol",
               "is_coach": "IB-er", "name": "naam", "year_level": "jaargroep", "group_type": "groepstype",
               "archived": "uit het archief"}
GROUP_TYPE = {edexml.GROUP: "Stamgroep", edexml.COMPOSED_GROUP: "Parnassys-groep"}
_USER_COLUMNS = (User.id, User.las_key, User.role, User.first_name, User.infix, User.last_name, User.level,
                 User.eckid, User.enrolled_on, User.left_on, User.active, User.is_coach)
_USER_FIELDS = [column.name for column in _USER_COLUMNS]


class SyncRejected(DomainError):
    """The file is sound but may not be applied here (another school, an older school year, a clash)."""


@dataclass
class _Changes:
    """Everything one run will write, computed before the write transaction."""

    year: str
    at: dt.datetime = field(default_factory=now)  # one timestamp for every row the run writes
    group_inserts: list = field(default_factory=list)  # dicts for Group.insert_many
    group_updates: list = field(default_factory=list)  # (group id, {field: value})
    user_inserts: list = field(default_factory=list)  # dicts for User.insert_many
    user_updates: list = field(default_factory=list)  # (user id, {field: value})
    member_inserts: list = field(default_factory=list)  # (group las_key, user las_key)
    member_deletes: list = field(default_factory=list)  # GroupMember ids
    teacher_inserts: list = field(default_factory=list)
    teacher_deletes: list = field(default_factory=list)
    parent_inserts: list = field(default_factory=list)  # (parent las_key, pupil las_key)
    parent_deletes: list = field(default_factory=list)  # ParentLink ids
    people: dict = field(default_factory=dict)  # las_key -> person in the file, for the change lines
    counts: Counter = field(default_factory=Counter)
    lines: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def log(self, count, line):
        self.counts[count] += 1
        self.lines.append(line)

    @property
    def empty(self):
        return not self.counts


# --- Entry points --------------------------------------------------------------------------------------


def run_sync(actor, data, source, filename="", today=None, sync_parents=False, expected_brin=None,
             on_progress=None, max_bytes=None):
    """Sync the school with the EDEXML `data`; always returns the recorded LasSyncRun (see module doc).

    `on_progress(run, percent, phase)` is called after each phase, inside the write transaction too.
    """
    require(actor, "admin")
    today = today or dt.date.today()
    with _connected():
        if db.in_transaction():
            raise RuntimeError("run_sync commits its progress: call it outside a transaction")
        run = LasSyncRun.create(source=source, filename=(filename or "")[:255], started_by=recorded_as(actor),
                                file_sha256=hashlib.sha256(data or b"").hexdigest())

        def progress(percent, phase):
            LasSyncRun.update(progress=percent).where(LasSyncRun.id == run.id).execute()
            if on_progress:
                on_progress(run, percent, phase)

        try:
            export = edexml.parse(data, max_bytes=max_bytes)
            progress(30, "parsed")
            _check_school(export, expected_brin)
            changes = _compute(export, today, sync_parents)
            progress(60, "compared")
            if changes.empty:
                _finish(run, "unchanged", changes)
            else:
                _apply(run, changes, lambda percent: on_progress and on_progress(run, percent, "apply"))
        except DomainError as refused:
            _fail(run, refused.message)
        except Exception as error:  # noqa: BLE001 - a run always ends recorded; the log keeps the trace
            log.exception("LAS sync %s failed", run.id)
            _fail(run, f"Onverwachte fout; er is niets gewijzigd. ({type(error).__name__}: {error})")
        return LasSyncRun.get_by_id(run.id)


def sync_from_folder(actor, folder, **options):
    """Sync from the newest *.xml in `folder`; after a good run the file moves to `folder`/processed/."""
    require(actor, "admin")
    try:
        names = [name for name in os.listdir(folder) if name.lower().endswith(".xml")
                 and os.path.isfile(os.path.join(folder, name))]
    except OSError as error:
        return _record_failure(actor, "folder", folder, f"De map {folder} is niet te lezen ({error.strerror}).")
    if not names:
        with _connected():
            return LasSyncRun.create(source="folder", filename="", outcome="unchanged", progress=100,
                                     started_by=recorded_as(actor), finished_at=now(),
                                     changes=f"Geen nieuw bestand in {folder}.")
    path = max((os.path.join(folder, name) for name in names), key=os.path.getmtime)
    limit = options.get("max_bytes") or edexml.DEFAULT_MAX_BYTES
    if os.path.getsize(path) > limit:
        return _record_failure(actor, "folder", os.path.basename(path),
                               f"Het bestand is te groot (de grens is {limit / 1048576:.0f} MB).")
    with open(path, "rb") as fh:
        data = fh.read()
    run = run_sync(actor, data, "folder", filename=os.path.basename(path), **options)
    if run.outcome in ("ok", "unchanged"):
        done = os.path.join(folder, "processed")
        os.makedirs(done, exist_ok=True)
        stamp = now().strftime("%Y%m%d-%H%M%S")
        shutil.move(path, os.path.join(done, f"{stamp}-{os.path.basename(path)}"))
    return run


def sync_from_url(actor, url, timeout=30, **options):
    """Download the export from `url` (http or https only, size-capped) and sync it."""
    require(actor, "admin")
    shown = _url_without_secrets(url)
    if urllib.parse.urlsplit(url or "").scheme not in ("http", "https"):
        return _record_failure(actor, "url", shown, "Alleen http- en https-adressen zijn toegestaan.")
    limit = options.get("max_bytes") or edexml.DEFAULT_MAX_BYTES
    opener = urllib.request.OpenerDirector()  # http(s) only: no file:, ftp: or data:, not even by redirect
    for handler in (urllib.request.HTTPHandler, urllib.request.HTTPSHandler, urllib.request.HTTPRedirectHandler,
                    urllib.request.HTTPDefaultErrorHandler, urllib.request.HTTPErrorProcessor):
        opener.add_handler(handler())
    try:
        with opener.open(urllib.request.Request(url, headers={"User-Agent": "Doelpunt LAS-koppeling"}),
                         timeout=timeout) as response:
            data = response.read(limit + 1)
    except urllib.error.HTTPError as error:
        return _record_failure(actor, "url", shown, f"De LAS-server weigerde het bestand (HTTP {error.code}).")
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return _record_failure(actor, "url", shown, f"Het LAS-adres is niet bereikbaar: {reason}.")
    if len(data) > limit:
        return _record_failure(actor, "url", shown,
                               f"Het bestand is te groot (de grens is {limit / 1048576:.0f} MB).")
    return run_sync(actor, data, "url", filename=shown, **options)


def counts_of(run):
    """The counts of a run as a dict."""
    try:
        return json.loads(run.counts or "{}")
    except ValueError:
        return {}


# --- Phases --------------------------------------------------------------------------------------------


@contextmanager
def _connected():
    """Use the caller's connection, or open one for this call (jobs, scripts) and close it after."""
    opened = db.is_closed()
    if opened:
        db.connect()
    try:
        yield
    finally:
        if opened and not db.is_closed():
            db.close()


def _url_without_secrets(url):
    """The URL as the run log may show it: no user, password or query string (they may hold a token)."""
    parts = urllib.parse.urlsplit(url or "")
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))[:255]


def _record_failure(actor, source, filename, message):
    with _connected():
        return LasSyncRun.create(source=source, filename=(filename or "")[:255], outcome="failed",
                                 errors=message, progress=100, started_by=recorded_as(actor),
                                 finished_at=now())


def _check_school(export, expected_brin):
    settings = SchoolSettings.get_current()
    expected = (expected_brin or settings.brin or "").strip().upper().replace(" ", "")
    school = export.school
    if expected:
        brin, dependance = expected[:4], expected[4:]
        if school.brincode != brin or (dependance and dependance.lstrip("0")
                                       and school.dependancecode.lstrip("0") != dependance.lstrip("0")):
            found = school.brincode + (school.dependancecode or "")
            raise SyncRejected(f"Dit bestand is van een andere school: <brincode> {found}, deze school heeft "
                               f"BRIN {expected}. Er is niets gewijzigd.")
    if settings.school_year and school.schooljaar < settings.school_year:
        raise SyncRejected(f"Dit bestand is van schooljaar {school.schooljaar}, de school zit al in "
                           f"{settings.school_year}: een oud bestand zou vertrokken leerlingen terugzetten.")


def _finish(run, outcome, changes):
    LasSyncRun.update(outcome=outcome, finished_at=now(), progress=100,
                      counts=json.dumps(dict(sorted(changes.counts.items()))),
                      changes=_change_text(changes)).where(LasSyncRun.id == run.id).execute()


def _fail(run, message):
    LasSyncRun.update(outcome="failed", finished_at=now(), progress=100, errors=message,
                      counts="{}", changes="").where(LasSyncRun.id == run.id).execute()


def _change_text(changes):
    lines = changes.lines[:MAX_CHANGE_LINES]
    if len(changes.lines) > MAX_CHANGE_LINES:
        lines.append(f"… en nog {len(changes.lines) - MAX_CHANGE_LINES} wijzigingen.")
    return "\n".join(lines + [f"Let op: {note}" for note in changes.notes])


# --- Comparing the file with the school ---------------------------------------------------------------


def _name_fields(person):
    first = person.roepnaam or (person.voornamen.split()[0] if person.voornamen else "")
    return {"first_name": first, "infix": person.voorvoegsel, "last_name": person.achternaam}


def _label(fields, key):
    name = " ".join(part for part in (fields["first_name"], fields["infix"], fields["last_name"]) if part)
    return f"{name} ({key})"


def _person_label(changes, las_key):
    person = changes.people.get(las_key)
    return _label(_name_fields(person), person.key) if person else las_key


def _slug(text):
    text = text or ""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", text.lower()).strip("-")[:40]


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _login_candidate(kind, key, fields, email):
    if kind != PUPIL and email and re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        return email.strip().lower()[:200]
    parts = [_slug(fields["first_name"]), _slug(fields["infix"] + " " + fields["last_name"]), _slug(key)]
    return ".".join(part for part in parts if part) + "@las.invalid"


def _assign_logins(inserts):
    """Give each new account a unique login, avoiding every login in use."""
    if not inserts:
        return
    taken = {login for (login,) in _rows(User.select(User.login))}
    for row in inserts:
        login, number = row["login"], 1
        while login in taken:
            number += 1
            local, domain = row["login"].split("@", 1)
            login = f"{local}-{number}@{domain}"
        taken.add(login)
        row["login"] = login


def _staff_role(teacher, current_role):
    codes = {role.upper() for role in teacher.roles}
    codes.update(role.upper() for ref in teacher.groups for role in ref.roles)
    if current_role == "admin":  # an admin made so in Doelpunt stays one
        role = "admin"
    else:
        role = "assistant" if codes and codes <= ASSISTANT_ROLES else "teacher"
    return role, "IB" in codes


def _sync_people(changes, kind, people, users, today, desired_of):
    """Create, update, (re)activate and deactivate the users of one kind; return the las_keys active after."""
    noun = {PUPIL: "Leerling", TEACHER: "Leraar", PARENT: "Ouder"}[kind]
    count = {PUPIL: "pupils", TEACHER: "teachers", PARENT: "parents"}[kind]
    in_file, active_after = set(), set()
    for person in people:
        las_key = kind + person.key
        in_file.add(las_key)
        changes.people[las_key] = person
        current = users.get(las_key)
        desired = desired_of(person, current, today)
        if desired is None:  # not enrolled yet
            if current is not None and current["active"]:
                active_after.add(las_key)
            continue
        if current is None:
            if not desired["active"]:
                continue  # left before we ever knew them
            row = {**desired, "las_key": las_key, "password_hash": UNUSABLE_PASSWORD, "created_at": changes.at,
                   "login": _login_candidate(kind, person.key, desired, person.emailadres)}
            row.setdefault("role", {PUPIL: "pupil", PARENT: "parent"}.get(kind))
            changes.user_inserts.append(row)
            changes.log(f"{count}_created", f"{noun} aangemaakt: {_label(desired, person.key)}")
            active_after.add(las_key)
            continue
        update = {name: value for name, value in desired.items() if current[name] != value}
        if desired["active"]:
            active_after.add(las_key)
        if not update:
            continue
        label = _label(desired, person.key)
        if "active" in update:
            update["deactivated_at"] = None if desired["active"] else changes.at
            if desired["active"]:
                changes.log(f"{count}_reactivated", f"{noun} weer actief: {label}")
            else:
                reason = f"uitstroomdatum {desired['left_on']}" if desired.get("left_on") else "uitgeschreven"
                changes.log(f"{count}_deactivated", f"{noun} gedeactiveerd: {label} ({reason})")
        else:
            fields = ", ".join(sorted(FIELD_NAMES.get(name, name) for name in update))
            changes.log(f"{count}_updated", f"{noun} bijgewerkt: {label}: {fields}")
        changes.user_updates.append((current["id"], update))
    for las_key, current in users.items():
        if las_key.startswith(kind) and las_key not in in_file and current["active"]:
            changes.user_updates.append((current["id"], {"active": False, "deactivated_at": changes.at}))
            name = _label(current, las_key[len(kind):])
            changes.log(f"{count}_deactivated", f"{noun} gedeactiveerd: {name} (niet meer in de LAS)")
    return active_after


def _pupil_wants(group_levels):
    """The desired fields of a pupil: niveau is their jaargroep, else their base group's."""

    def desired(pupil, current, today):
        if pupil.instroomdatum and pupil.instroomdatum > today:
            return None
        level = edexml.level_of(pupil.jaargroep)
        fields = _name_fields(pupil)
        fields.update(level=level if level is not None else group_levels.get(pupil.groep), eckid=pupil.eckid,
                      enrolled_on=pupil.instroomdatum, left_on=pupil.uitstroomdatum,
                      active=not (pupil.uitstroomdatum and pupil.uitstroomdatum < today))
        return fields

    return desired


def _desired_teacher(teacher, current, today):
    role, coach = _staff_role(teacher, current["role"] if current else None)
    return {**_name_fields(teacher), "eckid": teacher.eckid, "role": role, "is_coach": coach, "active": True}


def _desired_parent(parent, current, today):
    return {**_name_fields(parent), "active": True}


def _compute(export, today, sync_parents):
    year = export.school.schooljaar
    changes = _Changes(year=year)
    type_ids = {name: GroupType.get_or_none(GroupType.name == name) for name in GROUP_TYPE.values()}
    if None in type_ids.values():
        raise SyncRejected("De groepstypen Stamgroep en Parnassys-groep ontbreken; maak ze eerst aan.")
    type_ids = {name: group_type.id for name, group_type in type_ids.items()}

    # Groups of the file's school year, matched by key.
    groups = {}
    for group_id, las_key, name, level, type_id, archived in _rows(
            Group.select(Group.id, Group.las_key, Group.name, Group.year_level, Group.group_type, Group.archived)
            .where(Group.las_key.is_null(False) & (Group.school_year == year)).order_by(Group.id)):
        groups.setdefault(las_key, {"id": group_id, "name": name, "year_level": level, "group_type": type_id,
                                    "archived": bool(archived)})
    group_levels = {}
    for group in export.groups:
        desired = {"name": group.name, "year_level": edexml.level_of(group.jaargroep),
                   "group_type": type_ids[GROUP_TYPE[group.kind]], "archived": False}
        group_levels[group.key] = desired["year_level"]
        current = groups.get(group.key)
        if current is None:
            changes.group_inserts.append({**desired, "las_key": group.key, "school_year": year,
                                          "created_at": changes.at})
            changes.log("groups_created", f"Groep aangemaakt: {group.name} ({GROUP_TYPE[group.kind]}, {year})")
            continue
        update = {name: value for name, value in desired.items() if current[name] != value}
        if update:
            if "archived" in update:
                update["archived_at"] = None
            changes.group_updates.append((current["id"], update))
            fields = ", ".join(sorted(FIELD_NAMES.get(name, name) for name in update if name != "archived_at"))
            changes.log("groups_updated", f"Groep bijgewerkt: {group.name} ({fields})")
    file_groups = {group.key for group in export.groups}
    for las_key, current in groups.items():
        if las_key not in file_groups and not current["archived"]:
            changes.group_updates.append((current["id"], {"archived": True, "archived_at": changes.at}))
            changes.log("groups_archived", f"Groep gearchiveerd (niet meer in de LAS): {current['name']}")

    # People.
    users = {}
    for row in _rows(User.select(*_USER_COLUMNS).where(User.las_key.is_null(False))):
        record = dict(zip(_USER_FIELDS, row))
        record["active"], record["is_coach"] = bool(record["active"]), bool(record["is_coach"])
        record["enrolled_on"], record["left_on"] = _date(record["enrolled_on"]), _date(record["left_on"])
        users[record["las_key"]] = record
    pupils = _sync_people(changes, PUPIL, export.pupils, users, today, _pupil_wants(group_levels))
    _sync_people(changes, TEACHER, export.teachers, users, today, _desired_teacher)
    if sync_parents:
        _sync_people(changes, PARENT, export.parents, users, today, _desired_parent)
    _assign_logins(changes.user_inserts)

    # Members and teachers of the file's groups; parent links.
    group_ids = {current["id"]: las_key for las_key, current in groups.items() if las_key in file_groups}
    las_keys = {record["id"]: las_key for las_key, record in users.items()}
    group_names = {group.key: group.name for group in export.groups}
    desired = {(ref, PUPIL + pupil.key) for pupil in export.pupils if PUPIL + pupil.key in pupils
               for ref in ((pupil.groep,) if pupil.groep else ()) + pupil.samengestelde_groepen}
    _sync_links(changes, desired, _existing_links(GroupMember, GroupMember.pupil, group_ids, las_keys),
                changes.member_inserts, changes.member_deletes, "memberships", group_names, "Leerling",
                manage_all=True)
    desired = {(ref.key, TEACHER + teacher.key) for teacher in export.teachers for ref in teacher.groups}
    _sync_links(changes, desired, _existing_links(GroupTeacher, GroupTeacher.teacher, group_ids, las_keys),
                changes.teacher_inserts, changes.teacher_deletes, "group_teachers", group_names, "Leraar",
                manage_all=False)
    if sync_parents:
        _sync_parent_links(changes, export, pupils | {key for key in users if key.startswith(PUPIL)})
    if any(pupil.instroomdatum and pupil.instroomdatum > today and PUPIL + pupil.key not in users
           for pupil in export.pupils):
        waiting = sum(1 for pupil in export.pupils if pupil.instroomdatum and pupil.instroomdatum > today
                      and PUPIL + pupil.key not in users)
        changes.notes.append(f"{waiting} leerling(en) nog niet ingestroomd: ze komen erbij vanaf hun "
                             "instroomdatum.")
    return changes


def _existing_links(model, person_field, group_ids, las_keys):
    """(link id, group las_key, person id, person las_key or None) for the links of the file's groups."""
    rows = []
    for chunk in chunked(list(group_ids), 200):
        query = model.select(model.id, model.group, person_field).where(model.group.in_(chunk))
        rows += [(link_id, group_ids[group_id], person_id, las_keys.get(person_id))
                 for link_id, group_id, person_id in _rows(query)]
    return rows


def _names_of(user_ids):
    names = {}
    for chunk in chunked(list(user_ids), 500):
        query = User.select(User.id, User.first_name, User.infix, User.last_name).where(User.id.in_(chunk))
        names.update((user_id, " ".join(p for p in parts if p)) for user_id, *parts in _rows(query))
    return names


def _sync_links(changes, desired, existing, inserts, deletes, count, group_names, noun, manage_all):
    have, removed = set(), []
    for link_id, group_key, person_id, las_key in existing:
        pair = (group_key, las_key)
        if pair in desired and pair not in have:
            have.add(pair)
        elif manage_all or (las_key or "").startswith(TEACHER):
            deletes.append(link_id)
            removed.append((group_key, person_id))
    names = _names_of({person_id for _, person_id in removed}) if removed else {}
    for group_key, person_id in removed:
        changes.log(f"{count}_removed", f"{noun} uit groep {group_names.get(group_key, group_key)}: "
                                        f"{names.get(person_id, person_id)}")
    for group_key, las_key in sorted(desired - have):
        inserts.append((group_key, las_key))
        changes.log(f"{count}_added", f"{noun} in groep {group_names.get(group_key, group_key)}: "
                                      f"{_person_label(changes, las_key)}")


def _sync_parent_links(changes, export, known_pupils):
    desired = {(PARENT + parent.key, PUPIL + key) for parent in export.parents for key in parent.pupils
               if PUPIL + key in known_pupils}
    Parent, Child = User.alias(), User.alias()
    query = (ParentLink.select(ParentLink.id, Parent.las_key, Child.las_key)
             .join(Parent, on=(ParentLink.parent == Parent.id))
             .switch(ParentLink).join(Child, on=(ParentLink.pupil == Child.id))
             .where(Parent.las_key.startswith(PARENT)))
    have = set()
    for link_id, parent_key, pupil_key in _rows(query):
        if (parent_key, pupil_key) in desired and (parent_key, pupil_key) not in have:
            have.add((parent_key, pupil_key))
        else:
            changes.parent_deletes.append(link_id)
            changes.log("parent_links_removed", f"Ouder {parent_key[len(PARENT):]} niet meer gekoppeld aan "
                                                f"leerling {(pupil_key or '')[len(PUPIL):]}")
    for parent_key, pupil_key in sorted(desired - have):
        changes.parent_inserts.append((parent_key, pupil_key))
        changes.log("parent_links_added", f"Ouder {parent_key[len(PARENT):]} gekoppeld aan leerling "
                                          f"{pupil_key[len(PUPIL):]}")


# --- Applying the changes ------------------------------------------------------------------------------


def _transaction():
    if isinstance(db.obj, PostgresqlDatabase):
        return db.atomic()
    return db.atomic(lock_type="IMMEDIATE")  # SQLite: take the write lock before reading anything


def _apply(run, changes, progress):
    with _transaction():
        if isinstance(db.obj, PostgresqlDatabase):
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
        overtaken = LasSyncRun.select().where((LasSyncRun.id != run.id) & (LasSyncRun.outcome == "ok")
                                              & (LasSyncRun.finished_at >= run.started_at)).exists()
        if overtaken:
            raise SyncRejected("Tegelijk is een andere synchronisatie doorgevoerd; deze run is daarom niet "
                               "doorgevoerd. Start hem opnieuw.")
        _insert(Group, changes.group_inserts)
        _update_grouped(Group, changes.group_updates)
        progress(70)
        _insert(User, changes.user_inserts)
        _update_grouped(User, changes.user_updates)
        progress(80)
        _delete(GroupMember, changes.member_deletes)
        _delete(GroupTeacher, changes.teacher_deletes)
        _delete(ParentLink, changes.parent_deletes)
        group_ids = _ids(Group, Group.las_key, Group.school_year == changes.year) if (
            changes.member_inserts or changes.teacher_inserts) else {}
        user_ids = _ids(User, User.las_key, None) if (
            changes.member_inserts or changes.teacher_inserts or changes.parent_inserts) else {}
        _insert(GroupMember, [{"group": group_ids[g], "pupil": user_ids[p]} for g, p in changes.member_inserts])
        _insert(GroupTeacher, [{"group": group_ids[g], "teacher": user_ids[t]} for g, t in changes.teacher_inserts])
        _insert(ParentLink, [{"parent": user_ids[p], "pupil": user_ids[c]} for p, c in changes.parent_inserts])
        progress(95)
        # Runs that never finished (their process died) wrote nothing: say so.
        LasSyncRun.update(outcome="failed", finished_at=now(),
                          errors="Onderbroken voordat de wijzigingen waren doorgevoerd; er is niets gewijzigd.") \
            .where((LasSyncRun.outcome == "running") & (LasSyncRun.id < run.id)).execute()
        _finish(run, "ok", changes)


def _insert(model, rows):
    """INSERT … VALUES (…), (…): one statement per few hundred rows, built here because peewee's
    insert_many spends far longer composing the SQL than the database spends running it."""
    if not rows:
        return
    defaults = {column.name: column.default() if callable(column.default) else column.default
                for column in model._meta.sorted_fields if column.default is not None}
    names = set(defaults).union(*rows)
    columns = [column for column in model._meta.sorted_fields if column.name in names]
    column_list = ", ".join(f'"{column.column_name}"' for column in columns)
    row_marks = "(" + ", ".join([db.obj.param] * len(columns)) + ")"
    # Only dates and times need peewee's conversion; text, numbers and booleans go as they are.
    pairs = [(column.name, column.db_value if isinstance(column, (DateField, DateTimeField)) else None)
             for column in columns]
    for chunk in chunked(rows, max(1, _MAX_PARAMETERS // len(columns))):
        params = []
        for row in chunk:
            for name, to_db in pairs:
                value = row.get(name, defaults.get(name))
                params.append(to_db(value) if to_db and value is not None else value)
        db.execute_sql(f'INSERT INTO "{model._meta.table_name}" ({column_list}) VALUES '
                       + ", ".join([row_marks] * len(chunk)), params)


def _ids(model, key_field, condition):
    """{las_key: id} of every row with a las_key (that meets `condition`)."""
    where = key_field.is_null(False) if condition is None else (key_field.is_null(False) & condition)
    return dict(_rows(model.select(key_field, model.id).where(where)))


def _rows(query):
    """The plain rows of a query, without peewee's per-row conversion (the sync reads thousands)."""
    return db.execute(query).fetchall()


def _date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _update_grouped(model, updates):
    """One UPDATE … WHERE id IN (…) per distinct set of new values."""
    by_values = defaultdict(list)
    for row_id, values in updates:
        by_values[tuple(sorted(values.items(), key=lambda item: item[0]))].append(row_id)
    for values, ids in by_values.items():
        for chunk in chunked(ids, 500):
            model.update(**dict(values)).where(model.id.in_(chunk)).execute()


def _delete(model, ids):
    for chunk in chunked(ids, 500):
        model.delete().where(model.id.in_(chunk)).execute()
