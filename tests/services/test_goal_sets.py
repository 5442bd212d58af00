import pytest

from models import GoalSet, GoalSetGoal, Group, PlanGoal, StatusChange
from services import events, goal_sets, groups
from services.errors import DomainError, NotFound, PermissionDenied
from tests.support.factories import (
    make_admin,
    make_goal,
    make_group,
    make_parent,
    make_pupil,
    make_teacher,
    make_user,
    put_on_plan,
)
from tests.support.querycount import count_queries


@pytest.fixture
def klas(database):
    group = make_group()
    teacher = make_teacher(groups=[group])
    pupils = [make_pupil(groups=[group]) for _ in range(2)]
    return {"group": group, "teacher": teacher, "pupils": pupils}


def plan_pairs():
    return {(pg.pupil_id, pg.goal_id) for pg in PlanGoal.select()}


def test_a_teacher_creates_a_goal_set_with_goals_in_order(database, klas):
    goals = [make_goal(), make_goal(), make_goal()]
    goal_set = goal_sets.create_goal_set(klas["teacher"], "  Thema ruimte ", "Over planeten", goals[::-1])

    assert (goal_set.name, goal_set.description, goal_set.created_by_id) == (
        "Thema ruimte",
        "Over planeten",
        klas["teacher"].id,
    )
    assert [g.id for g in goal_sets.goals_in_set(goal_set)] == [g.id for g in goals[::-1]]


def test_a_goal_set_needs_a_name_and_known_goals(database, klas):
    with pytest.raises(DomainError, match="naam"):
        goal_sets.create_goal_set(klas["teacher"], "   ")
    with pytest.raises(NotFound):
        goal_sets.create_goal_set(klas["teacher"], "Thema", goals=[make_goal(archived=True)])
    assert GoalSet.select().count() == 0


def test_pupils_parents_and_assistants_cannot_manage_goal_sets(database, klas):
    pupil = klas["pupils"][0]
    for actor in (pupil, make_parent(children=[pupil]), make_user("assistant")):
        with pytest.raises(PermissionDenied):
            goal_sets.create_goal_set(actor, "Thema")
    assert GoalSet.select().count() == 0
    assert goal_sets.create_goal_set(make_admin(), "Thema").id


def test_updating_a_goal_set_changes_only_what_is_given(database, klas):
    goal_set = goal_sets.create_goal_set(klas["teacher"], "Thema", "uitleg")
    goal_sets.update_goal_set(klas["teacher"], goal_set, plan="1. Lees het boek")
    goal_sets.update_goal_set(klas["teacher"], goal_set.id, name="Thema water")

    saved = GoalSet.get_by_id(goal_set.id)
    assert (saved.name, saved.description, saved.plan) == ("Thema water", "uitleg", "1. Lees het boek")
    with pytest.raises(DomainError):
        goal_sets.update_goal_set(klas["teacher"], goal_set, name="")
    assert GoalSet.get_by_id(goal_set.id).name == "Thema water"


def test_linking_a_goal_set_puts_its_goals_on_every_members_current_plan(database, klas):
    goals = [make_goal(level=7), make_goal(level=2)]
    goal_set = goal_sets.create_goal_set(klas["teacher"], "Thema", goals=goals)
    anna, bram = klas["pupils"]
    kept = put_on_plan(anna, goals[0], "achieved")
    make_pupil(groups=[klas["group"]], active=False)
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    with events.group_changed.connected_to(listener):
        added = goal_sets.link_goal_set(klas["teacher"], klas["group"], goal_set)

    assert added == 3
    assert Group.get_by_id(klas["group"].id).goal_set_id == goal_set.id
    assert plan_pairs() == {(p.id, g.id) for p in (anna, bram) for g in goals}
    assert PlanGoal.get_by_id(kept.id).status.key == "achieved"
    new_rows = PlanGoal.select().where(PlanGoal.id != kept.id)
    assert {(r.status.key, r.source, r.goal_set_id) for r in new_rows} == {("current", "goal_set", goal_set.id)}
    assert {(c.to_status.key, c.channel, c.changed_by_id) for c in StatusChange.select()} == {
        ("current", "goal_set", klas["teacher"].id)
    }
    assert StatusChange.select().count() == 3
    assert [kwargs["group"].id for kwargs in received] == [klas["group"].id]


def test_linking_is_refused_for_a_teacher_who_does_not_manage_the_group(database, klas):
    goal_set = goal_sets.create_goal_set(klas["teacher"], "Thema", goals=[make_goal()])
    stranger = make_teacher(groups=[make_group()])
    with pytest.raises(PermissionDenied):
        goal_sets.link_goal_set(stranger, klas["group"], goal_set)
    assert Group.get_by_id(klas["group"].id).goal_set_id is None
    assert PlanGoal.select().count() == 0


def test_linking_to_an_archived_group_is_refused(database, klas):
    goal_set = goal_sets.create_goal_set(klas["teacher"], "Thema", goals=[make_goal()])
    archived = make_group(archived=True, pupils=[make_pupil()])
    with pytest.raises(DomainError):
        goal_sets.link_goal_set(make_admin(), archived, goal_set)
    assert PlanGoal.select().count() == 0


def test_unlinking_leaves_plans_alone(database, klas):
    goal_set = goal_sets.create_goal_set(klas["teacher"], "Thema", goals=[make_goal()])
    goal_sets.link_goal_set(klas["teacher"], klas["group"], goal_set)
    before = plan_pairs()

    assert goal_sets.link_goal_set(klas["teacher"], klas["group"], None) == 0
    assert Group.get_by_id(klas["group"].id).goal_set_id is None
    assert plan_pairs() == before and len(before) == 2


def test_a_later_member_gets_the_goal_set_too(database, klas):
    goals = [make_goal(), make_goal()]
    goal_set = goal_sets.create_goal_set(klas["teacher"], "Thema", goals=goals)
    goal_sets.link_goal_set(klas["teacher"], klas["group"], goal_set)
    newcomer = make_pupil()

    groups.add_members(klas["teacher"], klas["group"], [newcomer])

    rows = PlanGoal.select().where(PlanGoal.pupil == newcomer)
    assert {(r.goal_id, r.status.key, r.source, r.goal_set_id) for r in rows} == {
        (g.id, "current", "goal_set", goal_set.id) for g in goals
    }


def test_goals_added_to_a_linked_set_reach_the_members_and_removed_goals_stay(database, klas):
    first, later = make_goal(), make_goal()
    goal_set = goal_sets.create_goal_set(klas["teacher"], "Thema", goals=[first])
    goal_sets.link_goal_set(klas["teacher"], klas["group"], goal_set)
    other_set_pupil = make_pupil()

    change = goal_sets.add_goals_to_set(klas["teacher"], goal_set, [first, later])

    assert (change.goals, change.plan_goals_added) == (1, 2)
    assert plan_pairs() == {(p.id, g.id) for p in klas["pupils"] for g in (first, later)}
    assert other_set_pupil.id not in {pupil for pupil, _ in plan_pairs()}
    assert [g.id for g in goal_sets.goals_in_set(goal_set)] == [first.id, later.id]

    assert goal_sets.remove_goals_from_set(klas["teacher"], goal_set, [first]).goals == 1
    assert [g.id for g in goal_sets.goals_in_set(goal_set)] == [later.id]
    assert len(plan_pairs()) == 4


def test_linking_takes_the_same_number_of_queries_for_5_or_50_members(database):
    teacher = make_teacher()
    goal_set = goal_sets.create_goal_set(teacher, "Thema", goals=[make_goal() for _ in range(5)])
    counts = []
    for size in (5, 50):
        group = make_group(teachers=[teacher], pupils=[make_pupil() for _ in range(size)])
        with count_queries() as statements:
            assert goal_sets.link_goal_set(teacher, group, goal_set) == size * 5
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_goal_sets_of_a_teacher_and_all_goal_sets(database, klas):
    teacher = klas["teacher"]
    colleague = make_teacher()
    mine = goal_sets.create_goal_set(teacher, "B eigen set")
    linked = goal_sets.create_goal_set(colleague, "A gekoppelde set")
    other = goal_sets.create_goal_set(colleague, "C andere set")
    GoalSet.update(archived=True).where(GoalSet.id == goal_sets.create_goal_set(teacher, "D oud").id).execute()
    goal_sets.link_goal_set(teacher, klas["group"], linked)

    assert [s.id for s in goal_sets.goal_sets_of(teacher)] == [linked.id, mine.id]
    assert [s.id for s in goal_sets.all_goal_sets()] == [linked.id, mine.id, other.id]
    assert GoalSetGoal.select().count() == 0


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "/relatief", "https://", "http://a b"])
def test_media_links_must_be_http_with_a_host(database, url):
    teacher = make_teacher()
    goal_set = goal_sets.create_goal_set(teacher, "Breuken")
    with pytest.raises(DomainError):
        goal_sets.add_media_link(teacher, goal_set, "Uitleg", url)
    assert goal_sets.media_of(goal_set) == []


def test_media_links_are_added_and_removed_by_staff_only(database):
    teacher = make_teacher()
    goal_set = goal_sets.create_goal_set(teacher, "Breuken")
    other_set = goal_sets.create_goal_set(teacher, "Tafels")
    with pytest.raises(PermissionDenied):
        goal_sets.add_media_link(make_pupil(), goal_set, "Uitleg", "https://voorbeeld.nl/breuken")

    goal_sets.add_media_link(teacher, goal_set, " Uitleg ", "https://voorbeeld.nl/breuken")
    [link] = goal_sets.media_of(goal_set)
    assert (link.title, link.url, link.uploaded_by_id) == ("Uitleg", "https://voorbeeld.nl/breuken", teacher.id)

    with pytest.raises(NotFound):  # a link of this set cannot be removed through another set
        goal_sets.remove_media_link(teacher, other_set, link.id)
    goal_sets.remove_media_link(teacher, goal_set, link.id)
    assert goal_sets.media_of(goal_set) == []
