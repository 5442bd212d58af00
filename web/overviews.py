"""Teacher pages: a group's status overview, active-goals overview and the goal matrix (Leerdoelenoverzicht).

The pages only read (services.overviews, a fixed number of queries each). The changes made from a goal
matrix (cell statuses, a new group of the selected pupils) are in web/matrix_changes.py.
"""

import io
import re

from flask import Blueprint, render_template, request, send_file, url_for
from flask_login import current_user
from peewee import fn

from models import STATUS_KEYS, Domain, GoalSet, Group, GroupType, Lesson, Period, SchoolSettings, Subject, db
from services import overviews, permissions
from services.curriculum import DEFAULT_PERIODS
from services.errors import DomainError
from services.spreadsheets import write_xlsx

from . import matrix_html
from .access import allowed, get_or_404
from .plan_view import badge as status_badge

bp = Blueprint("overviews", __name__)

LEVELS = range(1, 9)
FILTER_ERROR = "Ongeldig filter: {}. Kies een waarde uit de lijst."
_FILENAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


# --- Filters -------------------------------------------------------------------------------------------


def _int_arg(name, label, many=False):
    """A whole-number GET parameter (or list of them), None when absent; a Dutch DomainError if tampered."""
    values = [v for v in request.args.getlist(name) if v != ""]
    try:
        numbers = [int(v) for v in values]
    except ValueError:
        raise DomainError(FILTER_ERROR.format(label)) from None
    if many:
        return numbers or None
    return numbers[0] if numbers else None


def _filters(with_status=False, with_goals=False):
    """The filters of an overview from the query string, as the services take them."""
    found = {
        "subject": _int_arg("vak", "hoofdgebied"),
        "domain": _int_arg("deelgebied", "deelgebied"),
        "level": _int_arg("niveau", "niveau"),
        "period": _int_arg("periode", "periode"),
    }
    if with_status:
        status = request.args.get("status") or None
        if status is not None and status not in STATUS_KEYS:
            raise DomainError(FILTER_ERROR.format("status"))
        found["status"] = status
    if with_goals:
        found["goals"] = _int_arg("doel", "leerdoel", many=True)
    return found


def _filter_choices():
    """Subjects with their domains, levels and periods for the filter form, in two queries."""
    domains = (
        Domain.select(Domain.id, Domain.name, Subject.id, Subject.name)
        .join(Subject)
        .order_by(Subject.position, Subject.name, Domain.position, Domain.name)
    )
    subjects, domain_list = {}, []
    for domain_id, domain_name, subject_id, subject_name in db.execute(domains).fetchall():
        subjects.setdefault(subject_id, subject_name)
        domain_list.append({"id": domain_id, "name": f"{subject_name} · {domain_name}"})
    return {
        "subjects": [{"id": k, "name": v} for k, v in subjects.items()],
        "domains": domain_list,
        "levels": list(LEVELS),
        "periods": list(range(1, _number_of_periods() + 1)),
    }


def _number_of_periods():
    """Periods in the running school year (four when not set), as curriculum.number_of_periods, in one query."""
    year = SchoolSettings.select(SchoolSettings.school_year).where(SchoolSettings.id == 1)
    return Period.select(fn.COUNT(Period.id)).where(Period.school_year == year).scalar() or DEFAULT_PERIODS


def _status_styles(statuses):
    """Per status: key, name, symbol and contrasting colours (validated), for legends, CSS and scripts."""
    return [dict(status_badge(s), key=s.key, active=s.is_active) for s in statuses]


# --- Status overview -----------------------------------------------------------------------------------


@bp.route("/groepen/<int:group_id>/statussen")
@allowed("view_overviews")
def status_overview(group_id):
    """Groepsoverzicht statussen: per pupil the number of goals in each status, as a table and a chart."""
    group = get_or_404(Group, group_id)
    filters = _filters()
    overview = overviews.status_overview(current_user, group=group, **filters)
    styles = _status_styles(overview.statuses)
    chart = {
        "labels": [row.pupil.name for row in overview.rows],
        "datasets": [
            {
                "label": s["name"],
                "backgroundColor": s["colour"],
                "data": [row.counts[s["key"]] for row in overview.rows],
            }
            for s in styles
        ],
    }
    return render_template(
        "overviews/status_overview.html",
        group=group,
        overview=overview,
        styles=styles,
        chart=chart,
        filters=filters,
        choices=_filter_choices(),
    )


# --- Active-goals overview -----------------------------------------------------------------------------


@bp.route("/groepen/<int:group_id>/leerdoelen")
@allowed("view_overviews")
def active_goals(group_id):
    """Groepsoverzicht leerdoelen: the group's active goals with pupils per active status."""
    group = get_or_404(Group, group_id)
    filters = _filters()
    result = overviews.active_goals(current_user, group, **filters)
    return render_template(
        "overviews/active_goals.html",
        group=group,
        result=result,
        filters=filters,
        styles=_status_styles(result.statuses),
        choices=_filter_choices(),
    )


# --- Goal matrix ---------------------------------------------------------------------------------------


def _source(kind, source_id):
    """The group, goal set or lesson a matrix is of, with its heading and the group it clusters from."""
    if kind == "group":
        group = get_or_404(Group, source_id)
        return {"group": group}, f"Leerdoelenoverzicht {group.name}", group.id
    if kind == "goal_set":
        goal_set = get_or_404(GoalSet, source_id)
        return {"goal_set": goal_set}, f"Leerdoelenoverzicht doelenset {goal_set.name}", None
    lesson = get_or_404(Lesson.select(Lesson, Group).join(Group), source_id)
    return ({"lesson": lesson}, f"Leerdoelenoverzicht les {lesson.group.name} {lesson.date:%d-%m-%Y}", lesson.group_id)


def _matrix(kind, source_id):
    source, heading, group_id = _source(kind, source_id)
    filters = _filters(with_status=True, with_goals=True)
    matrix = overviews.goal_matrix(current_user, **source, **filters)
    return matrix, heading, group_id, filters


def _matrix_page(kind, source_id, endpoint, export_endpoint):
    matrix, heading, group_id, filters = _matrix(kind, source_id)
    styles = _status_styles(matrix.statuses)
    may_cluster = permissions.can(current_user, "create_group")
    group_types = (
        list(
            GroupType.select(GroupType.id, GroupType.name)
            .where(~GroupType.las_managed)
            .order_by(GroupType.name)
            .namedtuples()
        )
        if may_cluster and matrix.pupils
        else []
    )
    return render_template(
        "overviews/matrix.html",
        matrix=matrix,
        heading=heading,
        body=matrix_html.body(matrix, styles),
        goal_headers=matrix_html.goal_headers(matrix.goals),
        styles=styles,
        filters=filters,
        choices=_filter_choices(),
        page_url=url_for(endpoint, source_id=source_id),
        any_editable=bool(matrix.editable),
        export_url=url_for(export_endpoint, source_id=source_id, **request.args.to_dict(flat=False)),
        group_types=group_types,
        source_group_id=group_id,
        goal_count=len(matrix.goals),
        matrix_kind=kind,
    )


def _matrix_export(kind, source_id):
    matrix, heading, _group_id, _filters_used = _matrix(kind, source_id)
    names = {s.key: s.name for s in matrix.statuses}
    headers = ["Leerling"] + [g.title for g in matrix.goals]
    rows = []
    for pupil in matrix.pupils:
        row = [pupil.name]
        for goal in matrix.goals:
            cell = matrix.cells.get((pupil.id, goal.id))
            row.append(names[cell[1]] if cell else "")
        rows.append(row)
    data = write_xlsx("Leerdoelenoverzicht", headers, rows)
    filename = _FILENAME_UNSAFE.sub("-", heading.lower()).strip("-")[:80] + ".xlsx"
    return send_file(
        io.BytesIO(data),
        as_attachment=True,
        download_name=filename,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@bp.route("/groepen/<int:source_id>/matrix")
@allowed("view_overviews")
def group_matrix(source_id):
    """The goal matrix of a group: its pupils by the goals on their plans."""
    return _matrix_page("group", source_id, "overviews.group_matrix", "overviews.group_matrix_export")


@bp.route("/doelensets/<int:source_id>/matrix")
@allowed("view_overviews")
def goal_set_matrix(source_id):
    """The goal matrix of a goal set: the pupils of its groups by its goals."""
    return _matrix_page("goal_set", source_id, "overviews.goal_set_matrix", "overviews.goal_set_matrix_export")


@bp.route("/lessen/<int:source_id>/matrix")
@allowed("view_overviews")
def lesson_matrix(source_id):
    """The goal matrix of a lesson: the pupils present by the lesson's goals."""
    return _matrix_page("lesson", source_id, "overviews.lesson_matrix", "overviews.lesson_matrix_export")


@bp.route("/groepen/<int:source_id>/matrix.xlsx")
@allowed("view_overviews")
def group_matrix_export(source_id):
    """A group's goal matrix as .xlsx: pupils as rows, goals as columns, status names in the cells."""
    return _matrix_export("group", source_id)


@bp.route("/doelensets/<int:source_id>/matrix.xlsx")
@allowed("view_overviews")
def goal_set_matrix_export(source_id):
    """A goal set's goal matrix as .xlsx."""
    return _matrix_export("goal_set", source_id)


@bp.route("/lessen/<int:source_id>/matrix.xlsx")
@allowed("view_overviews")
def lesson_matrix_export(source_id):
    """A lesson's goal matrix as .xlsx."""
    return _matrix_export("lesson", source_id)
