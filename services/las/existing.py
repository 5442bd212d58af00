"""Accounts the school made before the LAS knew them, for compare.py: a pupil, teacher or parent added by hand
or by import is linked to their LAS record instead of getting a second account, and an ECK iD stays with one
account. Nothing here writes; a conflict refuses the whole file (SyncRejected).

Matching, for each person in the file without an account of their own LAS key yet:
- by ECK iD: the account holding it is that person's, when it is not linked to another LAS record and its
  role fits (a pupil account for a pupil, a teacher or assistant account for a teacher, a parent account for
  a parent); otherwise the file is refused, since one ECK iD would be held by two accounts;
- else by e-mail: an unlinked account of a fitting role whose login is the person's `emailadres`, unless its
  ECK iD says it is someone else. An e-mail address taken by an account that does not fit (an admin, a
  parent, another LAS record) is left alone: the person gets an account of their own, and the run log says
  why its login differs.
An account is matched once; an erased pupil's account never. Every match is a line in the run log.
"""

from models import User

from ..accounts import ROLE_NAMES
from .match import PARENT, PUPIL, TEACHER, SyncRejected, as_date, label_of, name_fields, plain_rows

FITTING_ROLES = {PUPIL: ("pupil",), TEACHER: ("teacher", "assistant"), PARENT: ("parent",)}
NOUNS = {PUPIL: "Leerling", TEACHER: "Leraar", PARENT: "Ouder"}
COUNTS = {PUPIL: "pupils", TEACHER: "teachers", PARENT: "parents"}


class Accounts:
    """The school's accounts as one run sees them: the LAS-managed ones by key (`users`, compare.py's), the
    unlinked ones by ECK iD and by login, and every ECK iD with the account that will hold it."""

    def __init__(self, users, columns, fields):
        self.users = users
        self.unlinked_by_eckid, self.unlinked_by_login = {}, {}
        query = User.select(*columns, User.login).where(User.las_key.is_null() & User.erased_at.is_null())
        for row in plain_rows(query):
            record = dict(zip([*fields, "login"], row))
            record["active"], record["is_coach"] = bool(record["active"]), bool(record["is_coach"])
            record["enrolled_on"], record["left_on"] = as_date(record["enrolled_on"]), as_date(record["left_on"])
            self.unlinked_by_login[record["login"]] = record
            if record["eckid"]:
                self.unlinked_by_eckid[record["eckid"]] = record
        self.linked_by_eckid = {record["eckid"]: key for key, record in users.items() if record["eckid"]}
        self.claimed = set()  # ids of unlinked accounts matched in this run
        self.eckids = {}  # ECK iD -> las_key of the person in the file who has it

    def link(self, changes, kind, people):
        """Match the file's people of `kind` with unlinked accounts (adding them to `users`) and check that
        every ECK iD in the file ends with one account."""
        for person in people:
            las_key = kind + person.key
            self._check_unique_in_file(person, las_key)
            if las_key in self.users:
                self._check_eckid_free(person, las_key, self.users[las_key]["id"])
                continue
            record, how = self._match(changes, kind, person, las_key)
            if record is None:
                continue
            self.claimed.add(record["id"])
            self.users[las_key] = {**record, "linking": True}
            label = label_of(name_fields(person), person.key)
            changes.log(
                f"{COUNTS[kind]}_linked",
                f"{NOUNS[kind]} gekoppeld aan het bestaande account {record['login']} ({how}): {label}",
            )

    def _check_unique_in_file(self, person, las_key):
        if not _eckid(person):
            return
        other = self.eckids.setdefault(_eckid(person), las_key)
        if other != las_key:
            raise SyncRejected(
                f"De ECK iD {_eckid(person)} staat in het bestand bij {_kind_name(other)} en bij "
                f"{_kind_name(las_key)}: één ECK iD hoort bij één persoon. Er is niets gewijzigd."
            )

    def _check_eckid_free(self, person, las_key, user_id):
        """The LAS record's own account will hold its ECK iD: no other account may hold it then."""
        if not _eckid(person):
            return
        holder = self.unlinked_by_eckid.get(_eckid(person))
        other_key = self.linked_by_eckid.get(_eckid(person))
        if holder is not None and holder["id"] != user_id:
            raise _taken(person, las_key, _user_label(holder))
        if other_key is not None and other_key != las_key:
            raise _taken(person, las_key, f"{_user_label(self.users[other_key])}, LAS-sleutel {other_key}")

    def _match(self, changes, kind, person, las_key):
        """(unlinked account, how it was found) for a person new to this school's LAS link, or (None, None)."""
        if _eckid(person):
            other_key = self.linked_by_eckid.get(_eckid(person))
            if other_key is not None:
                raise _taken(person, las_key, f"{_user_label(self.users[other_key])}, LAS-sleutel {other_key}")
            holder = self.unlinked_by_eckid.get(_eckid(person))
            if holder is not None:
                if holder["role"] not in FITTING_ROLES[kind] or holder["id"] in self.claimed:
                    raise _taken(person, las_key, _user_label(holder))
                return holder, "op ECK iD"
        email = (person.emailadres or "").strip().lower()
        account = self.unlinked_by_login.get(email) if email else None
        if account is None:
            return None, None
        fits = (
            account["role"] in FITTING_ROLES[kind]
            and account["id"] not in self.claimed
            and not (account["eckid"] and _eckid(person) and account["eckid"] != _eckid(person))
        )
        if fits:
            return account, "op e-mailadres"
        changes.notes.append(
            f"{email} is al de inlognaam van {_user_label(account)}; {NOUNS[kind].lower()} "
            f"{label_of(name_fields(person), person.key)} krijgt daarom een eigen account met een andere inlognaam."
        )
        return None, None


def _eckid(person):
    return getattr(person, "eckid", None)  # parents have none


def _kind_name(las_key):
    kind, _, key = las_key.partition(":")
    return f"{kind} {key}"


def _user_label(record):
    name = " ".join(part for part in (record["first_name"], record["infix"], record["last_name"]) if part)
    return f"{name} ({ROLE_NAMES.get(record['role'], record['role'])})"


def _taken(person, las_key, holder):
    return SyncRejected(
        f"De ECK iD {_eckid(person)} van {_kind_name(las_key)} ({label_of(name_fields(person), person.key)}) hoort "
        f"in Doelpunt al bij een ander account: {holder}. Eén ECK iD hoort bij één account; haal hem daar weg "
        "of verbeter het LAS. Er is niets gewijzigd."
    )
