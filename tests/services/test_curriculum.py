import datetime as dt

import pytest

from models import AuditLog, Domain, Goal, GoalSet, GoalSetGoal, Period, PlanGoal, SchoolSettings, Subject
from services import curriculum, events
from services.errors import Conflict, DomainError, PermissionDenied
from services.permissions import SYSTEM
from tests.support.databases import QueryLog
from tests.support.factories import (
    make_admin,
    make_domain,
    make_goal,
    make_parent,
    make_pupil,
    make_teacher,
    put_on_plan,
)


@pytest.fixture
def admin(database):
    return make_admin()


@pytest.fixture
def teacher(database):
    return make_teacher()


@pytest.fixture
def announced():
    """Curriculum events, each with whether a transaction was still open when it was sent."""
    seen = []

    def listener(sender, **kwargs):
        seen.append({**kwargs, "in_transaction": Goal._meta.database.in_transaction()})

    events.curriculum_changed.connect(listener)
    yield seen
    events.curriculum_changed.disconnect(listener)


def test_tree_nests_subjects_domains_and_filtered_goals(admin):
    getallen = make_domain("Rekenen", "Getallen")
    meten = make_domain("Rekenen", "Meten")
    spelling = make_domain("Taal", "Spelling")
    wanted = make_goal(getallen, level=4, period=1, title="Tellen tot 100")
    make_goal(getallen, level=5, period=1, title="Ander niveau")
    make_goal(meten, level=4, period=2, title="Andere periode")
    make_goal(getallen, level=4, period=1, title="Weg", archived=True)
    make_goal(spelling, level=4, period=1, title="Spelling")

    tree = curriculum.tree(admin, levels=[4], periods=1)

    assert [node.subject.name for node in tree] == ["Rekenen", "Taal"]
    rekenen = {d.domain.name: [g.title for g in d.goals] for d in tree[0].domains}
    assert rekenen == {"Getallen": ["Tellen tot 100"], "Meten": []}
    assert wanted.plan_goals.count() == 0  # a goal no pupil has is still shown
    only_taal = curriculum.tree(admin, subject=spelling.subject)
    assert [node.subject.name for node in only_taal] == ["Taal"]


def test_tree_takes_three_queries_however_many_domains(admin):
    for n in range(6):
        make_goal(make_domain("Rekenen", f"Domein {n}"))
    with QueryLog() as log:
        curriculum.tree(admin)
    assert log.count == 3


def test_pupils_and_parents_cannot_read_the_curriculum(database):
    pupil = make_pupil()
    for user in (pupil, make_parent(children=[pupil])):
        with pytest.raises(PermissionDenied):
            curriculum.tree(user)
        with pytest.raises(PermissionDenied):
            curriculum.counts(user)


def test_counts_per_subject_domain_and_period_for_the_chosen_levels(admin):
    getallen = make_domain("Rekenen", "Getallen")
    meten = make_domain("Rekenen", "Meten")
    make_domain("Taal", "Spelling")
    make_goal(getallen, level=4, period=1)
    make_goal(getallen, level=4, period=1)
    make_goal(getallen, level=4, period=2)
    make_goal(meten, level=4, period=2)
    make_goal(meten, level=5, period=1)
    make_goal(meten, level=4, period=3, archived=True)

    with QueryLog() as log:
        counts = curriculum.counts(admin, levels=[4])

    rekenen, taal = counts
    assert (rekenen.name, rekenen.total, rekenen.per_period) == ("Rekenen", 4, {1: 2, 2: 2})
    assert {d.name: (d.total, d.per_period) for d in rekenen.domains} == {
        "Getallen": (3, {1: 2, 2: 1}),
        "Meten": (1, {2: 1}),
    }
    assert (taal.total, taal.domains[0].total) == (0, 0)
    assert curriculum.counts(admin, levels=[4, 5], periods=[1])[0].total == 3
    assert log.count == 3


def test_teacher_cannot_add_or_remove_goals_but_admin_can(teacher, admin):
    domain = make_domain()
    with pytest.raises(PermissionDenied):
        curriculum.add_goal(teacher, domain, "Nieuw doel", 4, 1)
    goal = curriculum.add_goal(admin, domain, "  Nieuw doel ", 4, 1, steps="stap 1\nstap 2")
    assert (goal.title, goal.level, goal.period, goal.step_list) == ("Nieuw doel", 4, 1, ["stap 1", "stap 2"])
    with pytest.raises(PermissionDenied):
        curriculum.remove_goal(teacher, goal)
    assert Goal.get_by_id(goal.id)
    with pytest.raises(PermissionDenied):
        curriculum.add_subject(teacher, "Muziek")
    with pytest.raises(PermissionDenied):
        curriculum.add_domain(teacher, domain.subject, "Breuken")


def test_add_goal_records_audit_and_announces_after_commit(admin, announced):
    goal = curriculum.add_goal(admin, make_domain(), "Klokkijken", 3, 2)
    line = AuditLog.get(AuditLog.action == "curriculum.add_goal")
    assert (line.actor_id, line.entity, line.entity_id) == (admin.id, "Goal", goal.id)
    assert [(e["goal"].id, e["actor"], e["in_transaction"]) for e in announced] == [(goal.id, admin, False)]


@pytest.mark.parametrize("level, period", [(0, 1), (9, 1), (4, 0), (4, 5), ("vier", 1)])
def test_level_and_period_are_checked(admin, level, period):
    with pytest.raises(DomainError):
        curriculum.add_goal(admin, make_domain(), "Doel", level, period)
    assert Goal.select().count() == 0
    assert AuditLog.select().count() == 0


def test_period_range_follows_the_school_year(admin):
    year = SchoolSettings.get_current().school_year
    for number in range(1, 7):
        day = dt.date(2026, 8, 1) + dt.timedelta(days=60 * number)
        Period.create(school_year=year, number=number, name=f"Periode {number}", start_date=day, end_date=day)
    goal = curriculum.add_goal(admin, make_domain(), "Doel", 4, 6)
    assert goal.period == 6
    with pytest.raises(DomainError):
        curriculum.change_goal_level_period(admin, goal, 4, 7)


def test_remove_deletes_an_unused_goal(admin, announced):
    goal = make_goal()
    result = curriculum.remove_goal(admin, goal)
    assert not result.archived and "verwijderd" in result.message
    assert not Goal.select().where(Goal.id == goal.id).exists()
    assert AuditLog.get(AuditLog.action == "curriculum.remove_goal").entity_id == goal.id
    assert len(announced) == 1


def test_remove_archives_a_goal_on_a_plan(admin):
    goal = make_goal()
    put_on_plan(make_pupil(), goal)
    put_on_plan(make_pupil(), goal, "achieved")
    result = curriculum.remove_goal(admin, goal)
    assert result.archived and "2 leerlingen" in result.message and "gearchiveerd" in result.message
    assert Goal.get_by_id(goal.id).archived
    assert PlanGoal.select().where(PlanGoal.goal == goal).count() == 2


def test_remove_archives_a_goal_in_a_goal_set(admin):
    goal = make_goal()
    GoalSetGoal.create(goal_set=GoalSet.create(name="Project water"), goal=goal)
    result = curriculum.remove_goal(admin, goal)
    assert result.archived and "doelenset" in result.message
    assert Goal.get_by_id(goal.id).archived
    assert goal.id not in [g.id for d in curriculum.tree(admin)[0].domains for g in d.goals]


def test_changing_level_and_period_leaves_plans_untouched(teacher):
    goal = make_goal(level=4, period=1)
    holder = make_pupil(level=4)
    put_on_plan(holder, goal, "practising")
    make_pupil(level=5)

    changed = curriculum.change_goal_level_period(teacher, goal, 5, 2)

    assert (changed.level, changed.period) == (5, 2)
    assert list(PlanGoal.select(PlanGoal.pupil, PlanGoal.status).tuples()) == [(holder.id, PlanGoal.get().status_id)]
    assert PlanGoal.get().status.key == "practising"
    assert "niveau 4 -> 5" in AuditLog.get(AuditLog.action == "curriculum.change_goal_level_period").detail


def test_teachers_rename_and_edit_goals_pupils_cannot(teacher):
    goal = make_goal(title="Oud")
    curriculum.rename_goal(teacher, goal, "Nieuw")
    curriculum.update_goal_content(teacher, goal, "Uitleg", "stap")
    goal = Goal.get_by_id(goal.id)
    assert (goal.title, goal.description, goal.steps) == ("Nieuw", "Uitleg", "stap")
    pupil = make_pupil()
    for attempt in (
        lambda: curriculum.rename_goal(pupil, goal, "X"),
        lambda: curriculum.change_goal_level_period(pupil, goal, 5, 1),
        lambda: curriculum.update_goal_content(pupil, goal, "", ""),
        lambda: curriculum.move_goal(pupil, goal, make_domain()),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    with pytest.raises(DomainError):
        curriculum.rename_goal(teacher, goal, "   ")
    assert Goal.get_by_id(goal.id).title == "Nieuw"


def test_move_goal_to_another_domain(teacher):
    goal = make_goal()
    target = make_domain("Taal", "Spelling")
    there = make_goal(target, position=7)
    moved = curriculum.move_goal(teacher, goal, target)
    assert Goal.get_by_id(goal.id).domain_id == target.id
    assert moved.position > there.position


def test_move_domain_and_refuse_a_duplicate_name(teacher, announced):
    domain = make_domain("Rekenen", "Meten")
    taal = Subject.create(name="Taal")
    moved = curriculum.move_domain(teacher, domain, taal)
    assert Domain.get_by_id(domain.id).subject_id == taal.id == moved.subject_id

    twin = make_domain("Rekenen", "meten")
    with pytest.raises(Conflict):
        curriculum.move_domain(teacher, twin, taal)
    assert Domain.get_by_id(twin.id).subject.name == "Rekenen"
    assert AuditLog.select().where(AuditLog.action == "curriculum.move_domain").count() == 1
    assert len(announced) == 1


def test_admin_adds_subjects_and_domains_once(admin):
    subject = curriculum.add_subject(admin, "Muziek")
    domain = curriculum.add_domain(admin, subject, "Zingen")
    assert domain.subject_id == subject.id
    with pytest.raises(Conflict):
        curriculum.add_subject(admin, "muziek")
    with pytest.raises(Conflict):
        curriculum.add_domain(admin, subject, "Zingen")
    assert (Subject.select().count(), Domain.select().count()) == (1, 1)


def test_system_actor_is_recorded_as_nobody(database):
    goal = curriculum.add_goal(SYSTEM, make_domain(), "Uit import", 2, 1)
    assert AuditLog.get(AuditLog.entity_id == goal.id).actor_id is None


def test_admin_renames_subjects_and_domains_but_never_to_a_name_in_use(admin, teacher, announced):
    rekenen, taal = Subject.create(name="Rekenen"), Subject.create(name="Taal")
    getallen, meten = Domain.create(subject=rekenen, name="Getallen"), Domain.create(subject=rekenen, name="Meten")
    with pytest.raises(PermissionDenied):
        curriculum.rename_subject(teacher, rekenen, "Wiskunde")
    with pytest.raises(Conflict, match="al een hoofdgebied"):
        curriculum.rename_subject(admin, rekenen, "TAAL")
    with pytest.raises(Conflict, match="al een deelgebied"):
        curriculum.rename_domain(admin, getallen, "meten")
    assert (Subject.get_by_id(rekenen.id).name, Domain.get_by_id(getallen.id).name) == ("Rekenen", "Getallen")

    curriculum.rename_subject(admin, rekenen, " Wiskunde ")
    curriculum.rename_domain(admin, meten, "Meten en meetkunde")
    assert (Subject.get_by_id(rekenen.id).name, Domain.get_by_id(meten.id).name) == ("Wiskunde", "Meten en meetkunde")
    assert curriculum.rename_domain(admin, getallen, "Getallen").name == "Getallen"  # unchanged: no audit line
    assert [line.detail for line in AuditLog.select().order_by(AuditLog.id)] == [
        "Rekenen -> Wiskunde",
        "Meten -> Meten en meetkunde",
    ]
    assert len(announced) == 2
    Domain.create(subject=taal, name="Getallen")  # a name is unique within its subject only
    assert Domain.select().where(Domain.name == "Getallen").count() == 2


def test_admin_removes_only_empty_subjects_and_domains(admin, teacher):
    domain = make_domain("Rekenen", "Getallen")
    goal = make_goal(domain, archived=True)
    with pytest.raises(PermissionDenied):
        curriculum.remove_domain(teacher, domain)
    with pytest.raises(DomainError, match="er horen nog deelgebieden bij"):
        curriculum.remove_subject(admin, domain.subject)
    with pytest.raises(DomainError, match="er horen nog leerdoelen bij"):
        curriculum.remove_domain(admin, domain)  # an archived goal still belongs to it
    goal.delete_instance()
    curriculum.remove_domain(admin, domain)
    curriculum.remove_subject(admin, domain.subject)
    assert (Subject.select().count(), Domain.select().count()) == (0, 0)
    assert [line.action for line in AuditLog.select().order_by(AuditLog.id)] == [
        "curriculum.remove_domain",
        "curriculum.remove_subject",
    ]
