"""The back office as a daily tool (issue 12): every entity has its list, no screen shows a raw value, every
page has sign-out and a way to the teacher screens, writes go through the services, and the start page shows
the school at a glance in a fixed number of queries."""

import datetime as dt
import io
import json
import re

import openpyxl
import pytest

import models
from models import (
    AssignmentDone,
    Attendance,
    AuditLog,
    BotLink,
    BotMessage,
    ChatMessage,
    ChatRead,
    Conversation,
    Document,
    ExitLevel,
    GoalRating,
    GoalSet,
    GoalSetGoal,
    GroupMember,
    GroupReview,
    HelpNotice,
    HelpRequest,
    JobRun,
    LasSyncRun,
    LeaveRecord,
    Lesson,
    LessonBlock,
    LessonGoal,
    LinkAttempt,
    LinkCode,
    MyGroup,
    Note,
    NoteCategory,
    Period,
    Plan,
    PlanGoal,
    PortfolioText,
    ReminderSent,
    ReviewAgreement,
    ReviewForm,
    ReviewRound,
    Skill,
    SkillRating,
    StatusChange,
    Subject,
    TestMoment,
    TestResult,
    WeekTemplate,
)
from tests.support.factories import make_group, make_pupil
from tests.support.querycount import count_queries
from tests.support.schools import build_school

BOOKKEEPING = {models.LoginAttempt, models.LiveEvent, models.SchemaVersion}  # stays out, the issue says
AT = dt.datetime(2026, 11, 23, 13, 5, 42, 123456)  # UTC: 14:05 in Amsterdam


@pytest.fixture
def school(database):
    return build_school()


@pytest.fixture
def admin(school, auth):
    auth.login(school.admin.login)
    return school.admin


def views(app):
    return [v for v in app.extensions["admin"][0]._views if hasattr(v, "model") and hasattr(v, "index_view")]


def fill_every_table(school):
    """A row in every table the back office lists, with a moment that has seconds and fractions."""
    anna, teacher, group = school.anna, school.teacher, school.group
    period = Period.create(
        school_year="2026-2027",
        number=1,
        name="Periode 1",
        start_date=dt.date(2026, 8, 24),
        end_date=dt.date(2026, 11, 1),
    )
    Plan.create(pupil=anna, period=period, generated_at=AT)
    change = StatusChange.create(
        plan_goal=school.anna_tafels,
        to_status=school.anna_tafels.status,
        changed_by=teacher,
        changed_at=AT,
        channel="rollover",
    )
    GoalRating.create(plan_goal=school.anna_tafels, effort=2, quality=3, rated_at=AT)
    goal_set = GoalSet.create(name="Thema Ruimte")
    GoalSetGoal.create(goal_set=goal_set, goal=school.tafels)
    MyGroup.create(teacher=school.other_teacher, group=group)
    review_round, _ = ReviewRound.get_or_create(school_year="2026-2027", name="September", defaults={"position": 0})
    form, _ = ReviewForm.get_or_create(name="Groepsbespreking 3-8", defaults={"level_from": 3, "level_to": 8})
    review = GroupReview.create(group=group, review_round=review_round, form=form, filled_at=AT)
    ReviewAgreement.create(review=review, pupil=anna, text="Anna oefent de tafels thuis", owner=teacher)
    Note.create(group=group, pupil=anna, author=teacher, category=NoteCategory.get(), body="Overdracht", created_at=AT)
    document = Document.create(kind="evidence", title="Foto", filename="foto.jpg", pupil=anna, created_at=AT)
    message = ChatMessage.create(
        room=f"group:{group.id}",
        room_kind="group",
        group=group,
        author=teacher,
        kind="assignment",
        body="Lees hoofdstuk 3",
        created_at=AT,
        document=document,
    )
    AssignmentDone.create(message=message, pupil=anna, done_at=AT)
    ChatRead.create(user=anna, room=f"group:{group.id}", last_read_id=message.id)
    template = WeekTemplate.create(
        name="Rooster najaar",
        school_year="2026-2027",
        valid_from=dt.date(2026, 8, 24),
        valid_until=dt.date(2027, 1, 22),
    )
    block = LessonBlock.create(
        week_template=template,
        weekday=0,
        start_time=dt.time(8, 30),
        end_time=dt.time(9, 15),
        title="Rekenen",
        group=group,
        teacher=teacher,
    )
    lesson = Lesson.create(block=block, group=group, date=dt.date(2026, 11, 23), note="Tafels")
    LessonGoal.create(lesson=lesson, goal=school.tafels)
    Attendance.create(lesson=lesson, pupil=anna, present=False, reason="ziek", recorded_at=AT)
    LeaveRecord.create(
        pupil=anna, school_year="2026-2027", from_date=dt.date(2026, 12, 1), until_date=dt.date(2026, 12, 2)
    )
    moment = TestMoment.create(name="M5", school_year="2026-2027", level=5)
    TestResult.create(
        test_moment=moment, pupil=anna, subject=Subject.get(), group=group, score="45", grade="II", entered_at=AT
    )
    ExitLevel.create(pupil=anna, subject=Subject.get(), group=group, level="HAVO", school_year="2026-2027", set_at=AT)
    PortfolioText.create(
        pupil=anna, voice="teacher", school_year="2026-2027", body="Anna helpt anderen graag.", updated_at=AT
    )
    SkillRating.create(pupil=anna, skill=Skill.get(), period=period, voice="pupil", stars=3, rated_at=AT)
    Conversation.create(
        pupil=anna, teacher=teacher, held_on=dt.date(2026, 11, 20), notes="Wat ging goed?", recorded_at=AT
    )
    link = BotLink.create(chat_id="5001", kind="device", group=group, linked_by=teacher, linked_at=AT, last_activity=AT)
    LinkCode.create(code_hash="x" * 64, pupil=anna, created_by=teacher, expires_at=AT)
    BotMessage.create(chat_id=link.chat_id, message_id=7, pupil=anna, created_at=AT)
    request = HelpRequest.create(pupil=anna, goal=school.tafels, asked_at=AT)
    helped = HelpRequest.create(pupil=school.bram, asked_at=AT, helped_at=AT, helped_by=teacher)
    HelpNotice.create(request=helped, created_at=AT)
    ReminderSent.create(block=block, date=dt.date(2026, 11, 23), recipient=f"pupil:{anna.id}", pupil=anna, sent_at=AT)
    LinkAttempt.create(chat_id="6002", failures=3, last_failed_at=AT)
    JobRun.create(
        job="period_rollover",
        started_at=AT,
        finished_at=AT,
        outcome="ok",
        counts=json.dumps({"periods": [{"period": "Periode 1", "plans": 1, "done": True}], "newcomer_plans": 0}),
    )
    LasSyncRun.create(
        source="folder",
        filename="export.xml",
        outcome="ok",
        started_at=AT,
        finished_at=AT,
        counts=json.dumps({"pupils_created": 1, "groups_created": 2}),
    )
    AuditLog.create(actor=teacher, action="test", at=AT)
    return {"change": change, "block": block, "link": link, "request": request}


def test_every_model_an_admin_may_need_has_a_list(app):
    listed = {view.model for view in views(app)}
    missing = sorted(m.__name__ for m in set(models.ALL_MODELS) - listed - BOOKKEEPING)
    assert not missing, f"models without a back-office list: {missing}"
    assert not BOOKKEEPING & listed


RAW = [
    (re.compile(r"\b\d\d:\d\d:\d\d\b"), "a time with seconds"),
    (re.compile(r"\.\d{6}\b"), "fractions of a second"),
    (re.compile(r"\b2026-11-23\b"), "an ISO date"),
    (re.compile(r">\s*None\s*<"), "None"),
    (
        re.compile(r"period_rollover|>\s*ok\s*<|>\s*rollover\s*<|>\s*evidence\s*<|>\s*device\s*<|>\s*assignment\s*<"),
        "a code",
    ),
    (re.compile(r'placeholder="None"'), "a search box that says None"),
    (re.compile(r"\b\d+ (items|artikelen)\b"), "a page size not in Dutch"),
]


def _visible(html):
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    html = re.sub(r'<div id="[a-z-]*filter[a-z-]*-data" class="d-none">.*?</div>', "", html, flags=re.S)
    return re.sub(r'data-[a-z-]+="[^"]*"', "", html)  # the filter definitions Flask-Admin keeps for its scripts


def test_every_list_and_its_details_show_no_raw_values(app, client, school, admin):
    fill_every_table(school)
    for view in views(app):
        page = client.get(view.url + "/")
        assert page.status_code == 200, view.url
        html = _visible(page.get_data(as_text=True))
        for pattern, what in RAW:
            assert not pattern.search(html), f"{view.url}: {what}: {pattern.search(html).group(0)!r}"
        assert "50 per pagina" in html, view.url
        first = re.search(r'href="([^"]*/details/\?id=\d+[^"]*)"', html)
        if first:
            details = _visible(client.get(first.group(1).replace("&amp;", "&")).get_data(as_text=True))
            for pattern, what in RAW[:5]:
                assert not pattern.search(details), f"{first.group(1)}: {what}"
    lessons = _visible(client.get("/admin/lesson-blocks/").get_data(as_text=True))
    assert "Rooster najaar" in lessons and "08:30" in lessons and "maandag" in lessons  # by name, as 08:30
    moments = client.get("/admin/status-changes/").get_data(as_text=True)
    assert "23-11-2026 14:05" in moments and "periodewissel" in moments  # local time, the channel in words
    jobs = client.get("/admin/job-runs/").get_data(as_text=True)
    assert "Periodewissel" in jobs and "gelukt" in jobs and "Periode 1 doorgevoerd: 1 plan." in jobs


def test_exports_keep_dates_and_say_codes_in_words(client, school, admin):
    fill_every_table(school)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/admin/status-changes/export/xlsx/").data)).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert row[header.index("Gewijzigd op")] == dt.datetime(2026, 11, 23, 14, 5, 42, 123000)  # local time
    assert row[header.index("Kanaal")] == "periodewissel"


@pytest.mark.parametrize(
    "url, placeholder",
    [
        ("/admin/pupils/", "Zoek op inlognaam, voornaam of achternaam"),
        ("/admin/plan-goals/", "Zoek op leerling of leerdoel"),
        ("/admin/members/", "Zoek op groep of leerling"),
        ("/admin/job-runs/", "Zoek op fout"),
    ],
)
def test_search_boxes_say_what_they_search_and_find_it(client, school, admin, url, placeholder):
    assert f'placeholder="{placeholder}"' in client.get(url).get_data(as_text=True)


def test_a_search_by_pupil_name_finds_rows_that_point_at_the_pupil(client, school, admin):
    fill_every_table(school)
    page = client.get("/admin/status-changes/?search=Aalders").get_data(as_text=True)
    assert "Anna Aalders · Tafels van 3" in page
    assert "Anna Aalders" not in client.get("/admin/status-changes/?search=Claassen").get_data(as_text=True)


def _pages(app):
    """Every back-office page an admin opens without an id: the start page, each list and each screen."""
    urls = ["/admin/"] + [view.url + "/" for view in views(app)]
    return urls + [
        "/admin/las/",
        "/admin/rollover/",
        "/admin/rollover/year/",
        "/admin/rollover/relink/",
        "/admin/imports/",
    ]


def test_every_back_office_page_has_sign_out_a_way_to_the_teacher_screens_and_no_favicon_request(app, client, admin):
    for url in _pages(app):
        html = client.get(url).get_data(as_text=True)
        assert 'action="/logout"' in html and "Uitloggen" in html, url
        assert 'href="/groepen/alle"' in html and "Naar de leraarschermen" in html, url
        assert '<link rel="icon" href="data:,">' in html, url
    assert client.get("/groepen/alle").status_code == 200  # the way leads somewhere an admin may go


# --- Writes through the services ---------------------------------------------------------------------------


def test_a_status_changed_in_the_back_office_goes_through_the_service_with_its_history(client, auth, school, admin):
    plan_goal = school.anna_tafels
    achieved = models.Status.by_key("achieved")
    response = auth.post(f"/admin/plan-goals/edit/?id={plan_goal.id}", {"status": str(achieved.id)})
    assert response.status_code == 302
    assert PlanGoal.get_by_id(plan_goal.id).status_id == achieved.id
    change = StatusChange.get(StatusChange.plan_goal == plan_goal)
    assert (change.channel, change.changed_by_id, change.to_status_id) == ("admin", admin.id, achieved.id)


def test_a_member_added_here_gets_the_group_goal_set_and_a_las_group_refuses(client, auth, school, admin):
    goal_set = GoalSet.create(name="Breuken")
    GoalSetGoal.create(goal_set=goal_set, goal=school.breuken)
    school.group.goal_set = goal_set
    school.group.save()
    dirk = make_pupil(level=5, first_name="Dirk")
    auth.post("/admin/members/new/", {"group": str(school.group.id), "pupil": str(dirk.id)})
    assert GroupMember.select().where((GroupMember.group == school.group) & (GroupMember.pupil == dirk)).exists()
    assert PlanGoal.select().where((PlanGoal.pupil == dirk) & (PlanGoal.goal == school.breuken)).exists()

    las_group = make_group("4A", type_name="Parnassys-groep", las_key="G4A", pupils=[dirk])
    link = GroupMember.get((GroupMember.group == las_group) & (GroupMember.pupil == dirk))
    page = auth.post("/admin/members/delete/", {"id": str(link.id)}, follow_redirects=True).get_data(as_text=True)
    assert GroupMember.select().where(GroupMember.id == link.id).exists()
    assert "LAS" in page


def test_help_questions_are_marked_helped_through_the_service(client, auth, school, admin):
    rows = fill_every_table(school)
    auth.post("/admin/help-requests/action/", {"action": "helped", "rowid": [str(rows["request"].id)]})
    request = HelpRequest.get_by_id(rows["request"].id)
    assert request.helped_at is not None and request.helped_by_id == admin.id


def test_a_telegram_link_is_undone_through_the_service(client, auth, school, admin):
    rows = fill_every_table(school)
    auth.post("/admin/bot-links/delete/", {"id": str(rows["link"].id)})
    assert not BotLink.select().exists()
    assert AuditLog.select().where(AuditLog.action == "bot_unlink_device").exists()


def test_history_and_pupil_records_cannot_be_edited_or_deleted(client, auth, school, admin):
    rows = fill_every_table(school)
    assert client.get(f"/admin/status-changes/edit/?id={rows['change'].id}").status_code == 302
    auth.post("/admin/status-changes/delete/", {"id": str(rows["change"].id)})
    auth.post("/admin/attendance/delete/", {"id": str(Attendance.get().id)})
    assert StatusChange.select().count() == 1 and Attendance.select().count() == 1


# --- The start page ---------------------------------------------------------------------------------------------


def test_the_start_page_shows_the_school_at_a_glance_with_a_link_to_act_on_each_part(client, school, admin):
    Period.create(
        school_year="2026-2027",
        number=2,
        name="Periode 2",
        start_date=dt.date(2026, 11, 2),
        end_date=dt.date(2027, 1, 24),
    )
    run = LasSyncRun.create(
        source="folder",
        outcome="failed",
        errors="Dit bestand is van schooljaar 2027-2028, de "
        "school zit nog in 2026-2027: voer eerst de jaarovergang uit.",
    )
    JobRun.create(job="las_sync", outcome="failed", error="JobFailed: LAS-synchronisatie mislukt\nTraceback ...")
    JobRun.create(job="period_rollover", outcome="ok")
    old_source = make_group("4A vorig jaar", type_name="Parnassys-groep", las_key="G4A", school_year="2025-2026")
    make_group(
        "Coachgroep Els", type_name="Coachgroep", school_year="2025-2026", archived=True, source_group=old_source
    )
    page = client.get("/admin/").get_data(as_text=True)
    assert "De school in één oogopslag" in page
    for number, noun, url in (
        (3, "leerlingen", "/admin/pupils/"),
        (4, "leraren", "/admin/teachers/"),
        (2, "groepen", "/admin/groups/"),
    ):
        assert re.search(rf'href="{url}">\s*<span class="figure-big">{number}</span> <span>{noun}</span>', page)
    assert "mislukt" in page and "voer eerst de jaarovergang uit" in page and f"/admin/las/run/{run.id}" in page
    assert 'href="/admin/rollover/year/"' in page  # the refusal says what to do; the link does it
    assert "Periode 2 is begonnen op 02-11-2026" in page and 'href="/admin/rollover/"' in page
    assert "LAS-synchronisatie" in page and "JobFailed: LAS-synchronisatie mislukt" in page and "Traceback" not in page
    assert "om opnieuw te koppelen aan een LAS-groep van dit jaar: 1 groep." in page
    assert 'href="/admin/rollover/relink/"' in page


def test_the_start_page_costs_the_same_queries_for_a_small_and_a_larger_school(client, school, admin):
    def queries():
        with count_queries() as statements:
            assert client.get("/admin/").status_code == 200
        return len(statements)

    small = queries()
    for n in range(40):
        make_group(f"Extra {n}", pupils=[make_pupil()])
        JobRun.create(job=f"job_{n % 5}", outcome="failed" if n % 2 else "ok")
        LasSyncRun.create(source="upload", outcome="ok")
    assert queries() == small
