import pytest

from models import Group, GroupMember, GroupTeacher, GroupType, MyGroup, PlanGoal, SchoolSettings
from services import events, goal_sets, groups
from services.errors import DomainError, NotFound, PermissionDenied
from tests.support.factories import make_admin, make_goal, make_group, make_parent, make_pupil, make_teacher, make_user


@pytest.fixture
def announced():
    """The groups announced through events.group_changed."""
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs["group"].id)

    with events.group_changed.connected_to(listener):
        yield received


def members(group):
    return {m.pupil_id for m in GroupMember.select().where(GroupMember.group == group)}


def teachers(group):
    return {t.teacher_id for t in GroupTeacher.select().where(GroupTeacher.group == group)}


@pytest.fixture
def las_group(database):
    teacher = make_teacher()
    group = make_group(type_name="Parnassys-groep", teachers=[teacher], pupils=[make_pupil()])
    return group, teacher


# --- creating ------------------------------------------------------------------------------------------


def test_a_teacher_creates_a_group_in_the_running_school_year_and_in_mijngroepen(database, announced):
    settings = SchoolSettings.get_current()
    settings.school_year = "2027-2028"
    settings.save()
    creator, colleague = make_teacher(), make_user("assistant")
    pupils = [make_pupil(), make_pupil()]

    group = groups.create_group(creator, " Rekenclub ", "Projectgroep", teachers=[colleague], pupils=pupils)

    saved = Group.get_by_id(group.id)
    assert (saved.name, saved.group_type.name, saved.school_year, saved.created_by_id) == (
        "Rekenclub",
        "Projectgroep",
        "2027-2028",
        creator.id,
    )
    assert teachers(group) == {colleague.id} and members(group) == {p.id for p in pupils}
    assert MyGroup.get(MyGroup.group == group).teacher_id == creator.id
    assert announced == [group.id]
    assert [g.id for g in groups.my_groups(creator)] == [group.id]


def test_a_group_can_be_created_without_adding_it_to_mijngroepen(database):
    group = groups.create_group(
        make_teacher(), "Leesgroep", GroupType.get(name="Coachgroep"), add_to_my_groups=False, school_year="2026-2027"
    )
    assert MyGroup.select().where(MyGroup.group == group).count() == 0


def test_las_managed_group_types_come_from_the_las_only(database):
    with pytest.raises(DomainError, match="LAS"):
        groups.create_group(make_admin(), "4A", "Parnassys-groep")
    assert Group.select().count() == 0


def test_creating_a_group_checks_roles_and_names(database):
    teacher = make_teacher()
    with pytest.raises(DomainError):
        groups.create_group(teacher, "Groep", "Projectgroep", teachers=[make_pupil()])
    with pytest.raises(DomainError):
        groups.create_group(teacher, "Groep", "Projectgroep", pupils=[make_teacher()])
    with pytest.raises(DomainError):
        groups.create_group(teacher, "Groep", "Projectgroep", pupils=[make_pupil(active=False)])
    with pytest.raises(DomainError, match="naam"):
        groups.create_group(teacher, " ", "Projectgroep")
    with pytest.raises(NotFound):
        groups.create_group(teacher, "Groep", "Bestaat niet")
    pupil = make_pupil()
    for actor in (pupil, make_parent(children=[pupil]), make_user("assistant")):
        with pytest.raises(PermissionDenied):
            groups.create_group(actor, "Groep", "Projectgroep")
    assert Group.select().count() == 0


def test_clustering_makes_the_selected_pupils_a_group_taught_by_the_actor(database):
    teacher = make_teacher()
    source = make_group(teachers=[teacher], pupils=[make_pupil() for _ in range(4)], school_year="2026-2027")
    practising = list(source.memberships)[:2]

    group = groups.group_from_selection(
        teacher, "Instructie breuken", "Projectgroep", [m.pupil for m in practising], source_group=source
    )

    assert members(group) == {m.pupil_id for m in practising}
    assert teachers(group) == {teacher.id}
    assert (group.source_group_id, group.school_year) == (source.id, "2026-2027")
    with pytest.raises(DomainError):
        groups.group_from_selection(teacher, "Leeg", "Projectgroep", [])


# --- members and teachers ------------------------------------------------------------------------------


def test_members_are_added_and_removed_by_a_teacher_of_the_group(database, announced):
    teacher = make_teacher()
    group = make_group(teachers=[teacher])
    anna, bram = make_pupil(), make_pupil()
    goal_set = goal_sets.create_goal_set(teacher, "Thema", goals=[make_goal()])
    goal_sets.link_goal_set(teacher, group, goal_set)

    assert groups.add_members(teacher, group, [anna, bram, anna]) == [anna.id, bram.id]
    assert groups.add_members(teacher, group, [anna]) == []
    assert members(group) == {anna.id, bram.id}
    assert groups.remove_members(teacher, group, [bram]) == 1
    assert members(group) == {anna.id}
    assert PlanGoal.select().where(PlanGoal.pupil == bram).count() == 1  # the plan stays
    assert announced.count(group.id) == 3


def test_only_who_manages_a_group_changes_its_members(database):
    group = make_group(pupils=[make_pupil()])
    newcomer = make_pupil()
    for actor in (make_teacher(groups=[make_group()]), make_user("assistant"), newcomer):
        with pytest.raises(PermissionDenied):
            groups.add_members(actor, group, [newcomer])
    assert newcomer.id not in members(group)

    follower = make_teacher()
    MyGroup.create(group=group, teacher=follower)
    assert groups.add_members(follower, group, [newcomer]) == [newcomer.id]
    assert groups.remove_members(make_admin(), group, [newcomer]) == 1


def test_members_of_las_groups_cannot_change_here(database, las_group):
    group, teacher = las_group
    before = members(group)
    message = "worden beheerd in ParnasSys/ESIS"
    with pytest.raises(DomainError, match=message):
        groups.add_members(teacher, group, [make_pupil()])
    with pytest.raises(DomainError, match=message):
        groups.remove_members(make_admin(), group, list(before))
    mirrored = make_group(type_name="Stamgroep", las_key="G-4A", teachers=[teacher])
    with pytest.raises(DomainError, match=message):
        groups.add_members(teacher, mirrored, [make_pupil()])
    assert members(group) == before and members(mirrored) == set()


def test_teachers_of_las_groups_can_change(database, las_group):
    group, teacher = las_group
    colleague = make_teacher()
    assert groups.add_teachers(teacher, group, [colleague]) == [colleague.id]
    assert teachers(group) == {teacher.id, colleague.id}
    assert groups.remove_teachers(teacher, group, [colleague]) == 1
    assert teachers(group) == {teacher.id}
    with pytest.raises(DomainError):
        groups.add_teachers(teacher, group, [make_pupil()])


def test_archived_groups_are_refused(database):
    group = make_group(archived=True)
    admin = make_admin()
    for change in (
        lambda: groups.add_members(admin, group, [make_pupil()]),
        lambda: groups.add_teachers(admin, group, [make_teacher()]),
        lambda: groups.add_to_my_groups(make_teacher(), group),
    ):
        with pytest.raises(DomainError, match="gearchiveerd"):
            change()
    assert members(group) == set() and teachers(group) == set() and MyGroup.select().count() == 0


# --- Mijn groepen and lists -----------------------------------------------------------------------------


def test_mijngroepen_holds_taught_and_followed_groups_that_are_not_archived(database):
    teacher = make_teacher()
    taught = make_group(name="B taught", teachers=[teacher])
    followed = make_group(name="A followed")
    make_group(name="C archived", teachers=[teacher], archived=True)
    other = make_group(name="D other")

    assert groups.add_to_my_groups(teacher, followed) is True
    assert groups.add_to_my_groups(teacher, followed) is False
    assert [g.id for g in groups.my_groups(teacher)] == [followed.id, taught.id]
    assert [g.id for g in groups.all_groups()] == [followed.id, taught.id, other.id]
    assert len(groups.all_groups(include_archived=True)) == 4

    assert groups.remove_from_my_groups(teacher, followed) is True
    assert groups.remove_from_my_groups(teacher, followed) is False
    assert [g.id for g in groups.my_groups(teacher)] == [taught.id]
    with pytest.raises(PermissionDenied):
        groups.add_to_my_groups(make_pupil(), other)
