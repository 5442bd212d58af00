"""The demo school: what `demo.build` writes, that it refuses a second time, and that its sign-in works."""

import re

import pytest
from peewee import fn

import demo
from models import (
    Goal,
    GoalSet,
    Group,
    GroupMember,
    GroupTeacher,
    LessonBlock,
    Note,
    ParentLink,
    Period,
    Plan,
    PlanGoal,
    SchoolSettings,
    Status,
    StatusChange,
    Subject,
    User,
)

SIGN_IN = re.compile(r"^\s+(?P<label>[^:]+):\s+(?P<login>\S+@\S+)\s+wachtwoord (?P<password>\S+)$")


@pytest.fixture
def demo_lines(database):
    return list(demo.build(pupils=48))


def _accounts(lines):
    return {m["label"]: (m["login"], m["password"]) for m in map(SIGN_IN.match, lines) if m}


def test_builds_a_believable_school(demo_lines):
    settings = SchoolSettings.get_current()
    assert (settings.name, settings.school_year, settings.parent_access) == ("OBS De Regenboog", "2026-2027", True)
    assert settings.brin
    periods = list(Period.select().order_by(Period.number))
    assert [p.number for p in periods] == [1, 2, 3, 4]
    assert periods[0].start_date.isoformat().startswith("2026-08")
    assert periods[-1].end_date.isoformat().startswith("2027-07")
    assert all(a.end_date < b.start_date for a, b in zip(periods, periods[1:]))

    assert {"Rekenen", "Taal", "Lezen", "Spelling", "Wereldoriëntatie"} <= {s.name for s in Subject.select()}
    assert Goal.select().count() >= 300
    assert {(g.level, g.period) for g in Goal.select(Goal.level, Goal.period)} == {
        (level, period) for level in range(1, 9) for period in range(1, 5)
    }
    for goal in Goal.select():
        assert goal.title.startswith("Ik ") and goal.description
        assert 2 <= len(goal.step_list) <= 4

    classes = list(Group.select().where(Group.name.startswith("Groep ")).order_by(Group.name))
    assert [g.name for g in classes] == [f"Groep {n}{x}" for n in range(1, 9) for x in "ab"]
    assert {g.group_type.name for g in classes} == {"Stamgroep"}
    for group in classes:
        assert group.memberships.count() == 3
        assert 1 <= group.teacher_links.count() <= 2
        assert {m.pupil.level for m in group.memberships} == {group.year_level}
    assert {"Coachgroep", "Projectgroep", "Roostergroep"} <= {g.group_type.name for g in Group.select()}
    assert User.pupils().count() == 48
    assert User.select().where(User.role == "teacher", User.is_coach).count() == 1
    assert User.select().where(User.role == "assistant").count() == 1
    assert User.select().where(User.role == "admin").count() == 1
    assert len({u.password_hash for u in User.select()}) == 1  # hashed once, for every account

    assert LessonBlock.select().where(LessonBlock.is_learning_square).exists()
    assert Note.select().count() >= 3
    assert demo_lines[-7].startswith("Inloggen op http://")


def test_parents_are_linked_and_some_share_children(demo_lines):
    for pupil in User.pupils():
        assert 1 <= ParentLink.select().where(ParentLink.pupil == pupil).count() <= 2
    per_parent = ParentLink.select(ParentLink.parent, fn.COUNT(ParentLink.id).alias("n")).group_by(ParentLink.parent)
    assert max(row.n for row in per_parent) >= 2  # siblings share a parent


def test_plans_have_mixed_statuses_and_a_history(demo_lines):
    counts = {
        s.key: s.n
        for s in Status.select(Status.key, fn.COUNT(PlanGoal.id).alias("n")).join(PlanGoal).group_by(Status.key)
    }
    assert set(counts) == {"coming", "current", "highlighted", "practising", "achieved"}
    assert Plan.select().count() == 2 * 48
    for pupil in User.pupils():
        goals = PlanGoal.select().join(Goal).where(PlanGoal.pupil == pupil, PlanGoal.source == "generated")
        assert {pg.goal.level for pg in goals} == {pupil.level}
    period_one = PlanGoal.select().join(Goal).where(Goal.period == 1)
    achieved = period_one.switch(PlanGoal).join(Status).where(Status.key == "achieved").count()
    assert achieved > period_one.count() / 2

    teachers = {t.teacher_id for t in GroupTeacher.select()}
    for plan_goal in PlanGoal.select().limit(200):
        history = list(plan_goal.history.order_by(StatusChange.changed_at, StatusChange.id))
        assert 1 <= len(history) <= 4
        assert history[0].from_status is None
        assert history[-1].to_status_id == plan_goal.status_id
        assert all(a.to_status_id == b.from_status_id for a, b in zip(history, history[1:]))
        assert all(a.changed_at <= b.changed_at for a, b in zip(history, history[1:]))
        assert all(h.changed_by_id in teachers for h in history if h.channel == "web")


def test_goal_sets_are_linked_to_groups_and_on_their_members_plans(demo_lines):
    assert GoalSet.select().count() >= 2
    linked = list(Group.select().where(Group.goal_set.is_null(False)))
    assert len(linked) >= 2
    for group in linked:
        set_goals = {link.goal_id for link in group.goal_set.goal_links}
        assert set_goals
        for member in GroupMember.select().where(GroupMember.group == group):
            on_plan = {pg.goal_id for pg in PlanGoal.select().where(PlanGoal.pupil == member.pupil)}
            assert set_goals <= on_plan


def test_second_build_without_force_writes_nothing(demo_lines):
    before = (User.select().count(), PlanGoal.select().count(), StatusChange.select().count())
    again = list(demo.build(pupils=48))
    assert "--force" in again[0]
    assert (User.select().count(), PlanGoal.select().count(), StatusChange.select().count()) == before
    assert _accounts(again) == _accounts(demo_lines)  # the sign-in details are printed again


def test_force_replaces_the_school(demo_lines):
    lines = list(demo.build(pupils=32, force=True))
    assert User.pupils().count() == 32
    assert Subject.select().count() == 5
    assert _accounts(lines) == _accounts(demo_lines)


def test_same_school_every_time(database):
    first = list(demo.build(pupils=32))
    logins = [u.login for u in User.select().order_by(User.login)]
    statuses = [(pg.pupil.login, pg.goal.title, pg.status.key) for pg in PlanGoal.select()]
    list(demo.build(pupils=32, force=True))
    assert [u.login for u in User.select().order_by(User.login)] == logins
    assert sorted((pg.pupil.login, pg.goal.title, pg.status.key) for pg in PlanGoal.select()) == sorted(statuses)
    assert first[-6:] == list(demo.sign_in_lines())[-6:]


def test_demo_command_prints_the_sign_in_details(runner):
    result = runner.invoke(args=["demo", "--pupils", "48"])
    assert result.exit_code == 0, result.output
    assert "Inloggen op http://127.0.0.1:5000/login" in result.output
    accounts = _accounts(result.output.splitlines())
    assert len(accounts) == 6
    assert User.pupils().count() == 48


def test_the_printed_sign_in_lines_work(app, client, auth, demo_lines):
    accounts = _accounts(demo_lines)
    assert {login.split("@")[0] for login, _ in accounts.values()} == {
        "beheer",
        "juf.anna",
        "ib.marloes",
        "leerplein.sanne",
        "daan.vandijk",
        "linda.vandijk",
    }
    users = {login: User.get(User.login == login) for login, _ in accounts.values()}
    teacher, pupil, parent = (
        users[accounts[label][0]] for label in ("leraar Groep 5a", "leerling Groep 5a", "ouder van die leerling")
    )
    assert teacher.role == "teacher" and pupil.role == "pupil" and parent.role == "parent"
    assert users[accounts["IB-er"][0]].is_coach
    group = Group.get(Group.name == "Groep 5a")
    assert GroupTeacher.select().where(GroupTeacher.group == group, GroupTeacher.teacher == teacher).exists()
    assert GroupMember.select().where(GroupMember.group == group, GroupMember.pupil == pupil).exists()
    assert ParentLink.select().where(ParentLink.parent == parent, ParentLink.pupil == pupil).exists()

    for login, password in accounts.values():
        response = auth.login(login, password)
        assert response.status_code == 302, login
        with client.session_transaction() as session:
            assert session.get("_user_id") == str(users[login].id)
        auth.logout()


def test_demo_chats_follow_the_rules_of_their_rooms(demo_lines):
    from models import ChatMessage, HelpRequest
    from services import chat

    messages = list(ChatMessage.select())
    assert {m.room_kind for m in messages} == {"group", "pupil_goal", "goal_set", "goal"}
    for message in messages:  # every author may write where the demo put their words
        assert chat.can_write(User.get_by_id(message.author_id), message.room), message.room
    daan = User.get(User.login == demo.LOGINS["pupil"])
    progress = [m for m in messages if m.kind == "progress"]
    assert progress and {(m.pupil_id, m.channel) for m in progress} == {(daan.id, "bot")}
    assert [m for m in messages if m.kind == "assignment"]
    linda = User.get(User.login == demo.LOGINS["parent"])
    assert all(chat.can_read(linda, m.room) for m in progress)  # parent access is on in the demo
    assert HelpRequest.select().where(HelpRequest.helped_at.is_null()).count() == 2


def test_the_demo_tells_the_truth_nothing_in_the_future_and_pupils_did_the_assignment(database, monkeypatch):
    import datetime as dt

    import demo.builder
    from models import AssignmentDone, ChatMessage, GoalRating

    # Built early in the morning, before the school day: nothing of today has happened yet.
    moment = dt.datetime.combine(dt.date.today(), dt.time(6, 30))
    monkeypatch.setattr(demo.builder, "now", lambda: moment)
    list(demo.build(pupils=48))
    assert StatusChange.select(fn.MAX(StatusChange.changed_at)).scalar() <= moment
    assert PlanGoal.select(fn.MAX(PlanGoal.changed_at)).scalar() <= moment
    assert (GoalRating.select(fn.MAX(GoalRating.rated_at)).scalar() or moment) <= moment
    assert ChatMessage.select(fn.MAX(ChatMessage.created_at)).scalar() <= moment
    assignment = ChatMessage.get(ChatMessage.kind == "assignment")
    done = list(AssignmentDone.select().where(AssignmentDone.message == assignment))
    members = {m.pupil_id for m in GroupMember.select().where(GroupMember.group == assignment.group_id)}
    assert done and {d.pupil_id for d in done} < members  # some of the class, not all
    assert all(d.done_at > assignment.created_at for d in done)


def test_the_coachs_cycle_has_believable_data(demo_lines):
    from models import ExitLevel, ExitLevelChange, GroupReview, ReviewAgreement, ReviewRound, TestMoment, TestResult
    from services import clock

    assert {s.name for s in Subject.select().where(Subject.is_core)} == {"Rekenen", "Lezen", "Spelling"}
    assert TestMoment.select().count() == 6 * 3 * 3  # levels 3-8, three core subjects, B, M and E
    taken = TestResult.select().join(TestMoment).where(TestMoment.date > clock.today())
    assert not taken.exists()  # no result of a test that nobody took yet
    for result in TestResult.select().limit(100):
        assert result.grade in ("I", "II", "III", "IV", "V") and 0 <= int(result.score) <= result.test_moment.max_score
        assert result.pupil.level == result.test_moment.level
    assert ExitLevel.select().count() == 3 * User.pupils().where(User.level >= 6).count()
    assert ExitLevelChange.select().where(ExitLevelChange.from_level.is_null(False)).exists()
    assert all(r.review_on for r in ReviewRound.select())
    featured = Group.get(Group.name == "Groep 5a")
    review = GroupReview.get(GroupReview.group == featured)
    assert review.filled_at and review.answers.count() == 10
    assert [a.done_at is None for a in ReviewAgreement.select().order_by(ReviewAgreement.id)] == [False, True]


def test_the_featured_pupil_has_a_portfolio_a_teacher_sees_working(demo_lines):
    from models import Conversation, Document, PortfolioText, PupilSkill, RatingRound, SkillRating
    from services import plans, portfolio

    daan = User.get(User.login == demo.LOGINS["pupil"])
    teacher = User.get(User.login == demo.LOGINS["teacher"])
    linda = User.get(User.login == demo.LOGINS["parent"])
    texts = portfolio.texts_of(linda, daan)
    assert all(texts.current[voice] and texts.current[voice].body for voice in ("pupil", "teacher", "parent"))
    skills = portfolio.skills_of(teacher, daan)
    assert [s.name for s in skills] == ["samenwerken", "plannen", "zelfstandig werken"]
    assert all(s.stars["pupil"][0] and s.stars["teacher"][0] for s in skills)  # period 1's stars
    group = Group.get(Group.name == "Groep 5a")
    assert portfolio.open_round_of_group(group) is not None and RatingRound.select().count() == 1
    pieces = portfolio.pieces_of(teacher, daan)
    assert pieces and any(p.highlighted for p in pieces) and all(p.goal_id for p in pieces)
    recorded, planned = sorted(portfolio.conversations_of(teacher, daan), key=lambda c: c["held_on"])
    assert recorded["recorded"] and len(recorded["goals"]) == 2 and not planned["recorded"] and planned["prepared"]
    on_plan = {pg.goal.title: pg.source for pg in plans.plan_for(teacher, daan)}
    assert all(on_plan[title] == "manual" for title in recorded["goals"])
    assert portfolio.coming_conversation(daan).went_well
    # from groep 3 on every pupil has skills; the youngest have none
    young = User.select().where(User.role == "pupil", User.level < 3)
    assert not PupilSkill.select().where(PupilSkill.pupil.in_(young)).exists()
    assert SkillRating.select().count() > PupilSkill.select().count()
    assert PortfolioText.select().count() >= 2 * 3 and Document.select().where(Document.kind == "evidence").count() >= 3
    assert Conversation.select().count() == 2
