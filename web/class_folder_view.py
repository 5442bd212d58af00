"""What the class-folder pages show, as plain values for the templates: a week of lessons, one lesson, the
class folder on the dashboard and the lessons on a pupil's plan page (services.class_folder computes them)."""

import datetime as dt

from flask import request, url_for

from services import class_folder, clock


def parse_form_day(raw, what="week"):
    """The date in a form's or address's field (any day of a week), or None when it is empty; a Dutch 400 when
    it is no date."""
    raw = (raw or "").strip()
    return class_folder.parse_day(raw, what) if raw else None


def week_arg(name="week"):
    """The week (any day of it) a page asks for, or None for the current one."""
    return parse_form_day(request.args.get(name), "week")


def times(item):
    return f"{item.start:%H:%M}–{item.end:%H:%M}"


def counts_badges(statuses, counts):
    """A goal's pupils per status as badges with their number, in scale order, leaving out the empty ones."""
    return [dict(status, number=counts[status["key"]]) for status in statuses if counts.get(status["key"])]


def lesson_row(view, statuses):
    """One lesson of a week or day list."""
    item = view.item
    return {
        "key": item.ref.key,
        "url": url_for("class_folder.lesson", ref=item.ref.key),
        "times": times(item),
        "title": item.title,
        "group": item.group_name,
        "room": item.room,
        "teacher": item.teacher_name,
        "type": item.type_name,
        "note": item.note,
        "learning_square": item.is_learning_square,
        "goals": [
            {
                "title": goal.title,
                "subject": goal.subject,
                "counts": counts_badges(statuses, goal.counts) if goal.counts is not None else None,
                "own": goal.own,
            }
            for goal in view.goals
        ],
        "absent": view.absent,
        "editable": view.editable,
    }


def week_nav(week_view, endpoint, **values):
    """The week's heading and the links to the weeks before and after it (within the school's range)."""

    def link(week):
        return url_for(endpoint, week=week.isoformat(), **values) if week else None

    return {
        "label": week_view.label,
        "previous": link(week_view.previous),
        "next": link(week_view.next),
        "current": link(week_view.current) if week_view.current != week_view.week else None,
    }


def week_days(week_view):
    """Each day of the week with its lessons, for the week grids."""
    return [
        {
            "date": day.date.isoformat(),
            "label": day.label,
            "today": day.is_today,
            "lessons": [lesson_row(view, week_view.statuses) for view in day.lessons],
        }
        for day in week_view.days
    ]


def dashboard_panel(user):
    """The class folder on Mijn dashboard: the teacher's week, one day open, other days and weeks a click away."""
    week, raw_day = week_arg(), request.args.get("dag", "").strip()
    asked = class_folder.parse_day(raw_day, "dag") if raw_day else None
    monday = class_folder.monday(week or clock.today())
    selected = asked if asked and class_folder.monday(asked) == monday else clock.today()
    if class_folder.monday(selected) != monday:
        selected = monday
    week_view = class_folder.teacher_week(user, user, week, day=selected)
    week = week_view.week.isoformat()
    day = week_view.day(selected)
    return {
        "nav": week_nav(week_view, "dashboard.index"),
        "days": [
            {
                "label": d.label,
                "short": d.label.split(" ")[0][:2] + " " + d.label.split(" ")[1],
                "url": url_for("dashboard.index", week=week, dag=d.date.isoformat()) + "#klassenmap",
                "selected": d.date == selected,
                "today": d.is_today,
                "count": len(d.lessons),
            }
            for d in week_view.days
        ],
        "day_label": day.label,
        "lessons": [lesson_row(view, week_view.statuses) for view in day.lessons],
        "week_lessons": week_view.lesson_count,
        "timetable_url": url_for("class_folder.my_timetable", week=week),
        "statuses": week_view.statuses,
    }


def pupil_panel(pupil):
    """ "Vandaag" and "Deze week" on a pupil's plan page: their lessons, each goal with their own status."""
    week_view = class_folder.pupil_week(pupil, pupil)
    today = week_view.day(clock.today())
    rows = week_days(week_view)
    return {
        "today": [lesson_row(view, week_view.statuses) for view in today.lessons] if today else [],
        "today_label": class_folder.day_label(clock.today()),
        "week_label": week_view.label,
        "days": rows,
    }


def when(day):
    """ "maandag 7 december" for a date."""
    return class_folder.day_label(day) if isinstance(day, dt.date) else ""
