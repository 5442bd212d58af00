"""peewee compiles an IN subquery once (database._compile_subqueries_once), and still writes an empty IN list
as a condition that is false."""

import peewee

from models import GroupMember, PlanGoal, User


def test_a_nested_in_subquery_is_compiled_once(monkeypatch, database):
    compiled = []
    original = peewee.Select.__sql__

    def counting(self, ctx):
        compiled.append(self)
        return original(self, ctx)

    monkeypatch.setattr(peewee.Select, "__sql__", counting)
    members = GroupMember.select(GroupMember.pupil).where(GroupMember.group.in_([1, 2]))
    pupils = User.select(User.id).where(User.id.in_(members))
    query = PlanGoal.select(PlanGoal.id).where(PlanGoal.pupil.in_(pupils))
    sql, _ = query.sql()
    assert sql.count("SELECT") == 3
    assert len(compiled) == 3  # peewee's own check compiled the inner two again: 7
    assert list(query) == []


def test_an_empty_in_list_is_still_false(database):
    assert PlanGoal.select().where(PlanGoal.pupil.in_([])).sql()[0].endswith("WHERE (0 = 1)")
