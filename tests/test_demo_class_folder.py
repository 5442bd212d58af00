"""The demo school's class folder (issue 13): a teacher who signs in sees this week's lessons with goals and
attendance, and the featured pupil sees the week planning; outside the demo's school year nothing is written."""

import datetime as dt

import demo
from demo import class_folder as demo_class_folder
from demo.builder import PERIODS
from models import Attendance, Lesson, LessonGoal, WeekTick
from services import clock

IN_DEMO_YEAR = PERIODS[0][2] <= clock.today() <= PERIODS[-1][3] - dt.timedelta(days=1)


def test_the_demo_teacher_finds_this_weeks_class_folder_filled(database, client, auth):
    lines = list(demo.build(pupils=48))
    if not IN_DEMO_YEAR:  # a build after the demo's school year has no current week to fill
        assert Lesson.select().count() == 0 and any("Klassenmap" in line for line in lines)
        return
    assert Lesson.select().count() >= 5 and LessonGoal.select().count() >= 5
    assert Attendance.select().where(~Attendance.present).count() >= 1

    auth.login("juf.anna@regenboog.test", "regenboog")
    assert 'id="klassenmap"' in client.get("/leraar").get_data(as_text=True)
    week = client.get("/rooster").get_data(as_text=True)  # she teaches Groep 5a on Monday to Wednesday
    assert week.count('class="lesson-goals"') >= 5 and "Instructietafel" in week
    auth.logout()
    auth.login("daan.vandijk@regenboog.test", "regenboog")
    week = client.get("/mijn-week").get_data(as_text=True)
    assert "doelen klaar" in week and "les " in week


def test_outside_the_school_year_the_demo_writes_no_lessons(database):
    class Builder:  # the parts of a demo build the step reads before it decides there is nothing to do
        class now:
            @staticmethod
            def date():
                return PERIODS[-1][3] + dt.timedelta(days=40)

    assert demo_class_folder.class_folder(Builder()) == (0, 0)
    assert Lesson.select().count() == 0 and WeekTick.select().count() == 0
