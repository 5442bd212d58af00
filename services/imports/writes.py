"""Writing an import: hashing the new users' passwords, then the users and their links in bulk statements."""

import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from argon2 import PasswordHasher

from models import GoalSetGoal, GroupMember, GroupTeacher, ParentLink, User

from .. import passwords, plans, spreadsheets
from ..bulk import insert_rows

# Generated passwords are random (10 characters from 55, about 58 bits), so their strength lies in that
# entropy, not in the hash's cost: guessing one takes ~2^57 tries at any hash speed. Hashing 1,000 of them
# with the full profile (~130 ms each on two cores) would keep an admin waiting minutes; this argon2id
# profile takes ~0.06 ms. The sign-in rehashes with the full profile (accounts.authenticate ->
# needs_rehash), so the cheap hash lives only until a user first signs in. Passwords chosen by people
# (the file's Wachtwoord column) always get the full profile.
_ONE_TIME_HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


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


def hash_new_accounts(rows):
    """(row, password, hash) for each new user: the password from the file, or a generated one.

    argon2 releases the GIL, so the hashes are shared over a thread per core while this thread waits.
    (Hashing ahead in threads while this thread reads the sheet was tried and dropped: each time a worker
    takes the GIL back after a hash, the reading thread stalls, and the reading got four times slower.)
    """
    jobs = [(row, row.password or passwords.generate_password()) for row in rows]
    if not jobs:
        return []

    def hash_some(part):
        return [
            passwords.hash_password(password) if row.password is not None else _ONE_TIME_HASHER.hash(password)
            for row, password in part
        ]

    workers = max(1, min(4, os.cpu_count() or 1, len(jobs) // 50))
    size = -(-len(jobs) // workers)
    parts = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    if workers == 1:
        hashes = hash_some(jobs)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            hashes = [password_hash for part in pool.map(hash_some, parts) for password_hash in part]
    return [(row, password, password_hash) for (row, password), password_hash in zip(jobs, hashes)]


def write_plan(actor, plan, role, accounts):
    columns = [
        User.login,
        User.password_hash,
        User.role,
        User.first_name,
        User.infix,
        User.last_name,
        User.level,
        User.is_coach,
    ]
    new_users = [
        (
            row.login,
            password_hash,
            role,
            row.fields["first_name"],
            row.fields["infix"],
            row.fields["last_name"],
            row.fields.get("level"),
            row.fields.get("is_coach", False),
        )
        for row, _password, password_hash in accounts
    ]
    ids = dict(insert_rows(User, columns, new_users, returning=(User.login, User.id)))
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
    elif plan.kind == "parents":
        model, columns = ParentLink, [ParentLink.parent, ParentLink.pupil]
        links = [(ids[r.login], p.id) for r in rows for p in r.children]
    else:
        model, columns, links = None, None, []  # administrators: no links
    if links:
        insert_rows(model, columns, links)
    groups = {r.group.id: r.group for r in rows if r.group is not None}
    pupils_with_new_goals = _goal_sets_for_new_members(actor, rows, ids) if plan.kind == "pupils" else []
    return list(groups.values()), pupils_with_new_goals


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
    return spreadsheets.write_xlsx(
        "Wachtwoorden",
        ["Naam", "Inlognaam", "Wachtwoord"],
        [(name, login, password) for login, name, password in result.new_accounts],
    )
