"""Erasing one pupil's personal data (right to be forgotten)."""

import datetime as dt

import pytest

from models import (
    AuditLog,
    BotLink,
    ChatMessage,
    Document,
    GroupMember,
    HelpRequest,
    LessonBlock,
    Note,
    ParentLink,
    PlanGoal,
    PortfolioText,
    ReminderSent,
    Status,
    StatusChange,
    User,
    WeekTemplate,
)
from services import permissions, privacy
from services.errors import DomainError, PermissionDenied
from tests.support.factories import (
    make_admin,
    make_goal,
    make_group,
    make_parent,
    make_pupil,
    make_teacher,
    put_on_plan,
)


@pytest.fixture
def erasable(database, tmp_path):
    pupil = make_pupil(first_name="Sanne", last_name="de Wit", eckid="eck-9", las_key="L9")
    make_parent(children=[pupil])
    group = make_group(pupils=[pupil])
    teacher = make_teacher(groups=[group])
    plan_goal = put_on_plan(pupil, make_goal())
    StatusChange.create(plan_goal=plan_goal, to_status=Status.by_key("current"), channel="web", note="Sanne kan het")
    ChatMessage.create(room=f"group:{group.id}", room_kind="group", group=group, author=pupil, body="van Sanne")
    ChatMessage.create(room=f"group:{group.id}", room_kind="group", group=group, author=teacher, body="van juf")
    BotLink.create(chat_id="123", kind="personal", pupil=pupil)
    PortfolioText.create(pupil=pupil, voice="pupil", school_year="2026-2027", body="Dit ben ik")
    (tmp_path / "foto.jpg").write_bytes(b"x")
    Document.create(kind="evidence", title="Foto", pupil=pupil, stored_name="foto.jpg")
    Note.create(group=group, pupil=pupil, author=teacher, body="Sanne had een goede dag")
    HelpRequest.create(pupil=pupil, goal=plan_goal.goal)
    week = WeekTemplate.create(
        name="Week", school_year="2026-2027", valid_from=dt.date(2026, 8, 24), valid_until=dt.date(2027, 7, 9)
    )
    block = LessonBlock.create(
        week_template=week,
        weekday=0,
        start_time=dt.time(10),
        end_time=dt.time(11),
        title="Leerplein",
        group=group,
        is_learning_square=True,
    )
    ReminderSent.create(block=block, date=dt.date(2026, 11, 23), recipient=f"pupil:{pupil.id}", pupil=pupil)
    return pupil, teacher, tmp_path


def test_erase_pupil(erasable):
    pupil, teacher, folder = erasable
    admin = make_admin()
    counts = privacy.erase_pupil(admin, pupil, upload_folder=str(folder))
    stored = User.get_by_id(pupil.id)
    assert "Sanne" not in stored.full_name and "Wit" not in stored.full_name
    assert stored.eckid is None and stored.las_key is None and stored.login.startswith("gewist-")
    assert not stored.active and stored.erased_at is not None
    assert not ParentLink.select().where(ParentLink.pupil == pupil).exists()
    assert not BotLink.select().exists() and not PortfolioText.select().exists() and not Document.select().exists()
    assert not (folder / "foto.jpg").exists()
    assert [m.body for m in ChatMessage.select()] == ["van juf"]
    assert not Note.select().exists()
    assert not HelpRequest.select().exists() and not ReminderSent.select().exists()
    # anonymous counts stay
    assert PlanGoal.select().where(PlanGoal.pupil == pupil).count() == 1
    assert GroupMember.select().where(GroupMember.pupil == pupil).count() == 1
    assert StatusChange.get().note is None
    line = AuditLog.get(AuditLog.action == "pupil_erased")
    assert line.actor_id == admin.id and line.entity_id == pupil.id and "Sanne" not in line.detail
    assert counts["chat_messages"] == 1 and counts["parent_links"] == 1
    with pytest.raises(DomainError):
        privacy.erase_pupil(admin, stored)  # once is enough


def test_only_admins_erase_only_pupils(erasable):
    pupil, teacher, _ = erasable
    with pytest.raises(PermissionDenied):
        privacy.erase_pupil(teacher, pupil)
    with pytest.raises(DomainError):
        privacy.erase_pupil(make_admin(), teacher)
    assert User.get_by_id(pupil.id).first_name == "Sanne"
    privacy.erase_pupil(permissions.SYSTEM, pupil)
    assert AuditLog.get(AuditLog.action == "pupil_erased").actor is None
