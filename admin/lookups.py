"""Searching and filtering the back office's lists by who and what a row is about, through subqueries.

Most rows point at people, groups and goals through foreign keys, often more than one to the same table (a
status change's pupil and its author are both users). A join per such key would clash; a subquery per key
does not. `Search(name, where)` makes the search box match a row when `where(term)` holds (`name` is the
label it shows: "Zoek op leerling of leerdoel"); `Matching(column, label, where)` is a filter "bevat" of the
same kind. admin/base.py accepts both beside plain text fields.
"""

from flask_admin.contrib.peewee.filters import BasePeeweeFilter
from flask_admin.contrib.peewee.tools import parse_like_term

from models import Goal, GoalSet, Group, PlanGoal, Status, User
from services.school import DEFAULT_STATUSES


def users_named(term):
    """Ids of the users whose first name, last name or login matches the LIKE `term`."""
    return User.select(User.id).where((User.first_name**term) | (User.last_name**term) | (User.login**term))


def groups_named(term):
    return Group.select(Group.id).where(Group.name**term)


def goals_named(term):
    return Goal.select(Goal.id).where(Goal.title**term)


def goal_sets_named(term):
    return GoalSet.select(GoalSet.id).where(GoalSet.name**term)


def plan_goals_of(pupils=None, goals=None):
    """Ids of the plan goals of these pupils (a subquery of user ids) or of these goals."""
    query = PlanGoal.select(PlanGoal.id)
    if pupils is not None:
        query = query.where(PlanGoal.pupil.in_(pupils))
    if goals is not None:
        query = query.where(PlanGoal.goal.in_(goals))
    return query


class Search:
    """A search box term matched by a subquery: `where(term)` gives the condition on the view's rows."""

    model = None  # nothing to join

    def __init__(self, name, where):
        self.name = name
        self.where = where

    def __pow__(self, term):
        return self.where(term)


def person(column, name):
    """Search the users `column` points at by name or login."""
    return Search(name, lambda term: column.in_(users_named(term)))


def group(column, name="group"):
    return Search(name, lambda term: column.in_(groups_named(term)))


def goal(column, name="goal"):
    return Search(name, lambda term: column.in_(goals_named(term)))


class Matching(BasePeeweeFilter):
    """A filter "bevat": rows where `where(LIKE term)` holds. `column` is a field of the view's own model, so
    that Flask-Admin joins nothing for it."""

    def __init__(self, column, name, where):
        super().__init__(column, name)
        self.where = where

    def apply(self, query, value):
        return query.where(self.where(parse_like_term(value)))

    def operation(self):
        return "bevat"


def person_filter(column, name):
    return Matching(column, name, lambda term: column.in_(users_named(term)))


def group_filter(column, name="Groep"):
    return Matching(column, name, lambda term: column.in_(groups_named(term)))


class StatusFilter(BasePeeweeFilter):
    """A status filter by the scale's fixed keys, named as the default scale names them (a school may have
    renamed them; the key keeps its meaning)."""

    def __init__(self, column, name="Status"):
        super().__init__(column, name, options=[(key, label) for key, label, *_ in DEFAULT_STATUSES])

    def apply(self, query, value):
        return query.where(self.column.in_(Status.select(Status.id).where(Status.key == value)))

    def operation(self):
        return "is"
