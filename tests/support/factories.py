"""Small builders for test data. They write rows directly: what they build is a given, not under test."""

import itertools

from models import (
    Domain,
    Goal,
    Group,
    GroupMember,
    GroupTeacher,
    GroupType,
    ParentLink,
    PlanGoal,
    Status,
    Subject,
    User,
)
from services import passwords

PASSWORD = "geheim-wachtwoord-1"
_counter = itertools.count(1)
_hash_cache = {}


def _hash(password):
    if password not in _hash_cache:
        _hash_cache[password] = passwords.hash_password(password)
    return _hash_cache[password]


def make_user(role, login=None, password=PASSWORD, first_name=None, last_name="Jansen", **fields):
    n = next(_counter)
    return User.create(
        login=login or f"{role}{n}@school.test",
        password_hash=_hash(password),
        role=role,
        first_name=first_name or f"{role.capitalize()}{n}",
        last_name=last_name,
        **fields,
    )


def make_pupil(level=4, groups=(), **fields):
    pupil = make_user("pupil", level=level, **fields)
    for group in groups:
        GroupMember.create(group=group, pupil=pupil)
    return pupil


def make_teacher(groups=(), **fields):
    teacher = make_user("teacher", **fields)
    for group in groups:
        GroupTeacher.create(group=group, teacher=teacher)
    return teacher


def make_admin(**fields):
    return make_user("admin", **fields)


def make_parent(children=(), **fields):
    parent = make_user("parent", **fields)
    for child in children:
        ParentLink.create(parent=parent, pupil=child)
    return parent


def make_group(name=None, type_name="Stamgroep", teachers=(), pupils=(), school_year="2026-2027", **fields):
    group = Group.create(
        name=name or f"Groep {next(_counter)}",
        group_type=GroupType.get(name=type_name),
        school_year=school_year,
        **fields,
    )
    for teacher in teachers:
        GroupTeacher.create(group=group, teacher=teacher)
    for pupil in pupils:
        GroupMember.create(group=group, pupil=pupil)
    return group


def make_domain(subject_name="Rekenen", name=None):
    subject, _ = Subject.get_or_create(name=subject_name)
    return Domain.create(subject=subject, name=name or f"Domein {next(_counter)}")


def make_goal(domain=None, level=4, period=1, title=None, **fields):
    return Goal.create(
        domain=domain or make_domain(),
        level=level,
        period=period,
        title=title or f"Leerdoel {next(_counter)}",
        **fields,
    )


def put_on_plan(pupil, goal, status_key="current", **fields):
    return PlanGoal.create(pupil=pupil, goal=goal, status=Status.by_key(status_key), **fields)
