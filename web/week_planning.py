"""The week planning's pages (doelenblad, seed 003): a group's week as a grid for its teachers, where they put
goals on pupils' weeks or take them off, and "Mijn week" for a pupil, who ticks off what they finished.
The rules are services.week_planning's; the bot's "Mijn week" is chatbot/ on the same service."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from models import Group, GroupType
from services import class_folder, permissions, week_planning

from . import class_folder_view, plan_view
from .access import allowed, get_or_404

bp = Blueprint("week_planning", __name__)

# A cell of the group's grid: its class, its mark and what a screen reader says (done, open, not in the week).
CELLS = {
    True: ("tick-done", "✔", "klaar"),
    False: ("tick-open", "○", "nog niet klaar"),
    None: ("tick-none", "", "niet in de week"),
}


def _nav(week, endpoint, **values):
    """The week's heading and its neighbours within the school's range."""
    return class_folder_view.week_nav(week, endpoint, **values)


def _entry(entry):
    return {
        "plan_goal_id": entry.plan_goal_id,
        "title": entry.title,
        "subject": entry.subject,
        "steps": entry.steps,
        "badge": entry.status,
        "why": ", ".join(
            (["uitgelicht"] if entry.highlighted else [])
            + (["van je juf of meester"] if entry.added else [])
            + [f"les {lesson}" for lesson in entry.lessons]
        ),
        "done": entry.done,
        "done_at": plan_view.when(entry.done_at) if entry.done else "",
    }


def _options(grid):
    """The goals to put on or take off a week: those active on a member's plan, then any other in the grid."""
    offered = {goal_id for goal_id, _title, _subject in grid.choices}
    return grid.choices + [goal for goal in grid.goals if goal[0] not in offered]


@bp.route("/groepen/<int:group_id>/week")
@allowed("view_timetables")
def group_week(group_id):
    """The group's week planning as a grid: each pupil by the goals of their week, and who finished what."""
    group = get_or_404(Group.select(Group, GroupType).join(GroupType), group_id)
    grid = week_planning.group_week(current_user, group, class_folder_view.week_arg())
    rows = []
    for pupil_id, name in grid.pupils:
        entries = [grid.cells.get((pupil_id, goal_id)) for goal_id, _title, _subject in grid.goals]
        rows.append(
            {
                "id": pupil_id,
                "name": name,
                "cells": [CELLS[None if entry is None else entry.done] for entry in entries],
                "done": sum(1 for entry in entries if entry and entry.done),
                "total": sum(1 for entry in entries if entry),
            }
        )
    return render_template(
        "week_planning/group_week.html",
        group=group,
        nav=_nav(grid, "week_planning.group_week", group_id=group.id),
        week=grid.week.isoformat(),
        goals=[{"id": g, "title": t, "subject": s} for g, t, s in grid.goals],
        rows=rows,
        choices=[{"id": g, "title": t, "subject": s} for g, t, s in _options(grid)],
        may_plan=permissions.can(current_user, "plan_weeks") and permissions.can(current_user, "manage_group", group),
    )


@bp.route("/groepen/<int:group_id>/week", methods=["POST"])
@allowed("plan_weeks")
def change_group_week(group_id):
    """Put goals on the week of some pupils (or the whole group), or take them off."""
    group = get_or_404(Group.select(Group, GroupType).join(GroupType), group_id)
    form = request.form
    week = class_folder_view.parse_form_day(form.get("week"), "week")
    if form.get("hele_groep"):
        pupils = [pupil.id for pupil in class_folder.members_of(group.id)]
    else:
        pupils = plan_view.int_list("leerling", form, "leerling")
    goals = plan_view.int_list("doel", form, "leerdoel")
    add = form.get("actie", "toevoegen") != "weghalen"
    done = week_planning.change_week(current_user, week, pupils, goals, add=add, group=group)
    message = (
        f"{'Op de week gezet' if add else 'Van de week gehaald'}: {len(goals)} "
        f"{'leerdoel' if len(goals) == 1 else 'leerdoelen'} bij {len(pupils)} "
        f"{'leerling' if len(pupils) == 1 else 'leerlingen'}."
    )
    if done.put_on_plan:
        message += f" {done.put_on_plan} nog niet op het plan: nu op het huidige plan gezet."
    flash(message, "success")
    return redirect(url_for(".group_week", group_id=group.id, week=week.isoformat()))


@bp.route("/mijn-week")
@allowed("view_own_week")
def my_week():
    """Mijn week: the goals of my week (my lessons' goals, my highlighted goals, what my teacher added); I tick
    off what I finished."""
    week = week_planning.pupil_week(current_user, current_user, class_folder_view.week_arg())
    return render_template(
        "week_planning/my_week.html",
        nav=_nav(week, "week_planning.my_week"),
        week=week.week.isoformat(),
        may_tick=week.may_tick,
        entries=[_entry(entry) for entry in week.entries],
        done=week.done_count,
    )


@bp.route("/mijn-week/klaar/<int:plan_goal_id>", methods=["POST"])
@allowed("view_own_week")
def tick(plan_goal_id):
    """Tick a goal of my week off as finished (klaar=1), or take that back (klaar=0)."""
    week = class_folder_view.parse_form_day(request.form.get("week"), "week")
    done = request.form.get("klaar", "1") != "0"
    entry = week_planning.tick_plan_goal(current_user, plan_goal_id, week, done=done, channel="web")
    flash(f"Goed zo! '{entry.title}' is klaar." if done else f"'{entry.title}' staat weer open.", "success")
    return redirect(url_for(".my_week", week=week.isoformat()) + f"#doel-{plan_goal_id}")
