"""A small school at the end of school year 2026-2027, for the tests of the year rollover and of re-linking."""

import datetime as dt

from models import (
    Attendance,
    ChatMessage,
    Document,
    ExitLevel,
    ExitLevelChange,
    GroupReview,
    LeaveRecord,
    Lesson,
    LessonBlock,
    Note,
    ReviewAgreement,
    ReviewAnswer,
    ReviewForm,
    ReviewQuestion,
    ReviewRound,
    Subject,
    TestMoment,
    TestResult,
    WeekTemplate,
)
from tests.support.factories import make_group, make_pupil, make_teacher

TODAY = dt.date(2027, 8, 20)


def school_at_year_end():
    """A small school at the end of 2026-2027 with pupils of every kind, groups and group-bound data."""
    teacher = make_teacher()
    las_group = make_group("Groep 4a", type_name="Parnassys-groep", las_key="LAS-4A", teachers=[teacher])
    coach_group = make_group("Coachgroep Els", type_name="Coachgroep", source_group=las_group, teachers=[teacher])
    own_group = make_group("Project water", type_name="Projectgroep")
    next_year_group = make_group("Groep 5a nieuw", school_year="2027-2028")
    pupils = {
        "up": make_pupil(level=4, groups=[las_group, coach_group]),
        "up7": make_pupil(level=7, groups=[own_group]),
        "stays": make_pupil(level=4, stays_back=True, groups=[las_group]),
        "level8": make_pupil(level=8),
        "left": make_pupil(level=5, left_on=TODAY - dt.timedelta(days=10)),
        "leaves_later": make_pupil(level=5, left_on=TODAY + dt.timedelta(days=30)),
        "inactive": make_pupil(level=3, active=False),
        "no_level": make_pupil(level=None),
    }
    subject = Subject.create(name="Taal")
    template = WeekTemplate.create(
        name="Week", school_year="2026-2027", valid_from=dt.date(2026, 8, 24), valid_until=dt.date(2027, 7, 9)
    )
    block = LessonBlock.create(
        week_template=template, weekday=0, start_time=dt.time(9), end_time=dt.time(10), title="Rekenen", group=las_group
    )
    lesson = Lesson.create(block=block, group=las_group, date=dt.date(2027, 6, 7))
    new_template = WeekTemplate.create(
        name="Week", school_year="2027-2028", valid_from=dt.date(2027, 8, 23), valid_until=dt.date(2028, 7, 7)
    )
    new_block = LessonBlock.create(
        week_template=new_template,
        weekday=0,
        start_time=dt.time(9),
        end_time=dt.time(10),
        title="Rekenen",
        group=next_year_group,
    )
    new_lesson = Lesson.create(block=new_block, group=next_year_group, date=dt.date(2027, 8, 23))
    Attendance.create(lesson=lesson, pupil=pupils["up"], present=False, reason="ziek")
    Attendance.create(lesson=lesson, pupil=pupils["stays"])
    kept_attendance = Attendance.create(lesson=new_lesson, pupil=pupils["up"])
    LeaveRecord.create(
        pupil=pupils["up"],
        school_year="2026-2027",
        from_date=dt.date(2027, 3, 1),
        until_date=dt.date(2027, 3, 2),
        reason="bruiloft",
    )
    kept_leave = LeaveRecord.create(
        pupil=pupils["up"], school_year="2027-2028", from_date=dt.date(2027, 9, 1), until_date=dt.date(2027, 9, 2)
    )
    message = ChatMessage.create(
        room=f"group:{las_group.id}", room_kind="group", group=las_group, author=teacher, body="Morgen gymkleren mee"
    )
    note = Note.create(group=las_group, author=teacher, body="Overdracht: Sam heeft extra uitleg nodig")
    document = Document.create(kind="group", title="Klassenfoto", group=las_group)
    moment = TestMoment.create(name="M4", subject=subject, school_year="2026-2027", level=4)
    result = TestResult.create(test_moment=moment, pupil=pupils["up"], subject=subject, group=las_group, grade="III")
    exit_level = ExitLevel.create(
        pupil=pupils["up"], subject=subject, group=las_group, level="HAVO", school_year="2026-2027"
    )
    exit_level_change = ExitLevelChange.create(
        pupil=pupils["up"], subject=subject, group=las_group, to_level="HAVO", reason="Leest op niveau van groep 6"
    )
    analysis_note = Note.create(group=las_group, test_moment=moment, author=teacher, body="Begrijpend lezen zwak")
    june, _ = ReviewRound.get_or_create(school_year="2026-2027", name="Juni", defaults={"position": 3})
    form, _ = ReviewForm.get_or_create(name="Groepsbespreking 3-8", defaults={"level_from": 3, "level_to": 8})
    question, _ = ReviewQuestion.get_or_create(form=form, key="atmosphere", defaults={"text": "Sfeer"})
    review = GroupReview.create(group=las_group, review_round=june, form=form)
    answer = ReviewAnswer.create(review=review, question=question, body="De sfeer is onrustig")
    agreement = ReviewAgreement.create(review=review, text="Extra leesinstructie voor de Zonnegroep", owner=teacher)
    return {
        "teacher": teacher,
        "las_group": las_group,
        "coach_group": coach_group,
        "own_group": own_group,
        "next_year_group": next_year_group,
        "pupils": pupils,
        "lesson": lesson,
        "kept_attendance": kept_attendance,
        "kept_leave": kept_leave,
        "data": {
            "message": message,
            "note": note,
            "document": document,
            "result": result,
            "exit_level": exit_level,
            "exit_level_change": exit_level_change,
            "analysis_note": analysis_note,
            "review": review,
            "answer": answer,
            "agreement": agreement,
        },
    }
