"""The permission module: each rule's allowed and refused cases (SPEC 2, 3, 5 and the channel table)."""

import pytest
from flask_login import AnonymousUserMixin

from models import GroupType, MyGroup, SchoolSettings, User
from services import chat
from services.errors import PermissionDenied
from services.permissions import RULES, SYSTEM, can, in_reach, require
from tests.support.factories import make_admin, make_group, make_parent, make_pupil, make_teacher, make_user


def parent_access(on):
    SchoolSettings.update(parent_access=on).execute()


@pytest.fixture
def school(database):
    """Two groups with a teacher each; a pupil in each; a coach, an admin, an assistant and parents."""
    pupil, other_pupil = make_pupil(), make_pupil()
    teacher, other_teacher = make_teacher(), make_teacher()
    group = make_group(teachers=[teacher], pupils=[pupil])
    other_group = make_group(teachers=[other_teacher], pupils=[other_pupil])
    return {
        "pupil": pupil,
        "other_pupil": other_pupil,
        "teacher": teacher,
        "other_teacher": other_teacher,
        "group": group,
        "other_group": other_group,
        "admin": make_admin(),
        "coach": make_teacher(is_coach=True),
        "assistant": make_user("assistant"),
        "parent": make_parent(children=[pupil]),
        "other_parent": make_parent(children=[other_pupil]),
    }


# --- view_pupil ----------------------------------------------------------------------------------------


def test_staff_view_any_active_pupil(school):
    for who in ("admin", "teacher", "other_teacher", "coach", "assistant"):
        assert can(school[who], "view_pupil", school["pupil"]), who
        assert can(school[who], "view_pupil", school["other_pupil"]), who


def test_teachers_do_not_view_inactive_pupils_but_admins_do(school):
    left = make_pupil(active=False)
    assert not can(school["teacher"], "view_pupil", left)
    assert not can(school["assistant"], "view_pupil", left)
    assert can(school["admin"], "view_pupil", left)


def test_view_pupil_is_about_pupils_only(school):
    assert not can(school["teacher"], "view_pupil", school["other_teacher"])
    assert not can(school["admin"], "view_pupil", school["parent"])
    assert not can(school["teacher"], "view_pupil", None)


def test_a_pupil_views_only_themselves(school):
    assert can(school["pupil"], "view_pupil", school["pupil"])
    assert not can(school["pupil"], "view_pupil", school["other_pupil"])


def test_a_parent_views_only_their_own_child_and_only_with_parent_access_on(school):
    parent_access(False)
    assert not can(school["parent"], "view_pupil", school["pupil"])
    parent_access(True)
    assert can(school["parent"], "view_pupil", school["pupil"])
    assert not can(school["parent"], "view_pupil", school["other_pupil"])
    assert not can(school["other_parent"], "view_pupil", school["pupil"])


# --- edit_plan -----------------------------------------------------------------------------------------


def test_a_teacher_edits_the_plans_of_pupils_in_groups_they_teach_only(school):
    assert can(school["teacher"], "edit_plan", school["pupil"])
    assert not can(school["teacher"], "edit_plan", school["other_pupil"])
    assert in_reach(school["teacher"], school["pupil"])
    assert not in_reach(school["teacher"], school["other_pupil"])


def test_mijngroepen_gives_reach(school):
    MyGroup.create(teacher=school["teacher"], group=school["other_group"])
    assert can(school["teacher"], "edit_plan", school["other_pupil"])


def test_an_archived_group_gives_no_reach(school):
    school["group"].archived = True
    school["group"].save()
    assert not can(school["teacher"], "edit_plan", school["pupil"])
    MyGroup.create(teacher=school["other_teacher"], group=school["group"])
    assert not can(school["other_teacher"], "edit_plan", school["pupil"])


def test_coach_and_admin_edit_every_active_pupils_plan(school):
    for who in ("coach", "admin"):
        assert can(school[who], "edit_plan", school["pupil"])
        assert can(school[who], "edit_plan", school["other_pupil"])
        assert not can(school[who], "edit_plan", make_pupil(active=False))


def test_assistants_pupils_and_parents_never_edit_plans(school):
    parent_access(True)
    for who in ("assistant", "pupil", "parent"):
        assert not can(school[who], "edit_plan", school["pupil"]), who
    MyGroup.create(teacher=school["assistant"], group=school["group"])  # even with the group in Mijn groepen
    assert not can(school["assistant"], "edit_plan", school["pupil"])


def test_edit_plan_is_about_active_pupils_only(school):
    assert not can(school["admin"], "edit_plan", school["teacher"])
    assert not can(school["coach"], "edit_plan", None)


# --- view_group, manage_group --------------------------------------------------------------------------


def test_staff_view_every_group(school):
    for who in ("admin", "teacher", "other_teacher", "coach", "assistant"):
        assert can(school[who], "view_group", school["other_group"]), who


def test_a_pupil_views_only_visible_non_archived_groups_they_belong_to(school):
    assert can(school["pupil"], "view_group", school["group"])
    assert not can(school["pupil"], "view_group", school["other_group"])
    hidden_type = GroupType.create(name="Verborgen", visible_to_pupils=False)
    hidden = make_group(type_name=hidden_type.name, pupils=[school["pupil"]])
    assert not can(school["pupil"], "view_group", hidden)
    archived = make_group(pupils=[school["pupil"]], archived=True)
    assert not can(school["pupil"], "view_group", archived)


def test_a_parent_views_their_childs_groups_only_with_parent_access_on(school):
    assert not can(school["parent"], "view_group", school["group"])
    parent_access(True)
    assert can(school["parent"], "view_group", school["group"])
    assert not can(school["parent"], "view_group", school["other_group"])


def test_a_teacher_manages_groups_they_teach_or_follow(school):
    assert can(school["teacher"], "manage_group", school["group"])
    assert not can(school["teacher"], "manage_group", school["other_group"])
    MyGroup.create(teacher=school["teacher"], group=school["other_group"])
    assert can(school["teacher"], "manage_group", school["other_group"])


def test_archived_groups_are_managed_by_admins_and_coaches_only(school):
    school["group"].archived = True
    school["group"].save()
    assert not can(school["teacher"], "manage_group", school["group"])
    assert can(school["coach"], "manage_group", school["group"])
    assert can(school["admin"], "manage_group", school["group"])


def test_assistants_pupils_and_parents_do_not_manage_groups(school):
    parent_access(True)
    MyGroup.create(teacher=school["assistant"], group=school["group"])
    for who in ("assistant", "pupil", "parent"):
        assert not can(school[who], "manage_group", school["group"]), who


def test_admins_and_coaches_manage_every_group_other_teachers_their_own(school):
    for who in ("admin", "coach"):
        assert can(school[who], "manage_every_group"), who
    for who in ("teacher", "assistant", "pupil", "parent"):
        assert not can(school[who], "manage_every_group"), who
    assert can(school["teacher"], "manage_my_groups")
    for who in ("admin", "assistant", "pupil", "parent"):
        assert not can(school[who], "manage_my_groups"), who


# --- chats ---------------------------------------------------------------------------------------------


def test_only_a_pupil_who_may_write_in_the_chat_marks_an_assignment_done(school):
    room = chat.resolve(f"group:{school['group'].id}")
    assert can(school["pupil"], "chat_mark_done", room)
    for who in ("other_pupil", "teacher", "admin", "parent"):
        assert not can(school[who], "chat_mark_done", room), who
    school["group"].archived = True
    school["group"].save()
    assert not can(school["pupil"], "chat_mark_done", chat.resolve(f"group:{school['group'].id}"))


# --- curriculum and other role rules -------------------------------------------------------------------


def test_only_admins_add_or_remove_goals(school):
    assert can(school["admin"], "add_remove_goal")
    for who in ("teacher", "coach", "assistant", "pupil", "parent"):
        assert not can(school[who], "add_remove_goal"), who


def test_teachers_and_admins_edit_goals(school):
    for who in ("admin", "teacher", "coach"):
        assert can(school[who], "edit_goal"), who
    for who in ("assistant", "pupil", "parent"):
        assert not can(school[who], "edit_goal"), who


def test_only_admins_pass_the_admin_check(school):
    assert can(school["admin"], "admin")
    for who in ("teacher", "coach", "assistant", "pupil", "parent"):
        assert not can(school[who], "admin"), who


def test_assistants_read_overviews_and_curriculum_but_not_group_notes(school):
    assert can(school["assistant"], "view_overviews")
    assert can(school["assistant"], "view_curriculum")
    assert not can(school["assistant"], "view_group_notes")
    assert not can(school["assistant"], "create_group")
    for who in ("pupil", "parent"):
        assert not can(school[who], "view_overviews"), who
        assert not can(school[who], "view_curriculum"), who


# --- who is asking -------------------------------------------------------------------------------------


@pytest.mark.parametrize("anonymous", [None, AnonymousUserMixin()], ids=["none", "anonymous"])
def test_anonymous_is_refused_everything(school, anonymous):
    parent_access(True)
    targets = {
        "view_pupil": school["pupil"],
        "edit_plan": school["pupil"],
        "view_group": school["group"],
        "manage_group": school["group"],
        "reset_password": school["pupil"],
    }
    for action in RULES:
        assert not can(anonymous, action, targets.get(action)), action
    with pytest.raises(PermissionDenied):
        require(anonymous, "view_pupil", school["pupil"])


def test_the_system_is_allowed_everything(school):
    for action in RULES:
        assert can(SYSTEM, action, school["pupil"]), action


def test_an_inactive_user_is_refused_everything(school):
    parent_access(True)
    for who in ("admin", "teacher", "coach", "pupil", "parent"):
        user = User.get_by_id(school[who].id)  # a copy: the pupil stays an active target
        user.active = False
        for action in ("admin", "view_pupil", "edit_plan", "view_group", "edit_goal", "add_remove_goal"):
            target = school["group"] if action == "view_group" else school["pupil"]
            assert not can(user, action, target), (who, action)


def test_require_raises_a_dutch_message_and_unknown_actions_are_a_bug(school):
    with pytest.raises(PermissionDenied, match="geen toegang"):
        require(school["pupil"], "view_pupil", school["other_pupil"])
    with pytest.raises(PermissionDenied, match="Eigen melding"):
        require(school["pupil"], "admin", message="Eigen melding")
    require(school["pupil"], "view_pupil", school["pupil"])
    with pytest.raises(ValueError):
        can(school["admin"], "fly_to_the_moon")
