"""The class folder's pages (SPEC 12, seed 001): a lesson, editing it (goals, type, note), attendance per
lesson block, Mijn rooster and anyone's timetable looked up by name. The class folder itself sits on
Mijn dashboard (class_folder_view.dashboard_panel); the lesson's goal matrix is overviews.lesson_matrix.

A lesson's address names a written lesson ("/lessen/12") or the lesson a block plans on a date
("/lessen/b5-2026-12-07"); the first change to a planned lesson writes it, and the page then moves to the
written lesson's address.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from models import Group, User
from services import class_folder, clock, permissions
from services.errors import DomainError

from . import class_folder_view as views
from . import plan_view
from .access import allowed, get_or_404, pupil_or_404

bp = Blueprint("class_folder", __name__)

PRESENT = "aanwezig"


def _ref(ref):
    return class_folder.LessonRef.parse(ref)


def _back_to_folder(item):
    """The dashboard's class folder on the lesson's day."""
    week = class_folder.monday(item.date).isoformat()
    return url_for("dashboard.index", week=week, dag=item.date.isoformat()) + "#klassenmap"


@bp.route("/lessen/<ref>")
@allowed("view_timetables")
def lesson(ref):
    """One lesson: time, group, room, type and note, its goals with how the group stands on them, and the
    ways on: edit it, take attendance, open its goal matrix."""
    page = class_folder.lesson_page(current_user, _ref(ref))
    item = page.view.item
    if item.written and ref != item.ref.key:  # a planned lesson that was written meanwhile
        return redirect(url_for(".lesson", ref=item.ref.key))
    return render_template(
        "class_folder/lesson.html",
        item=item,
        day=class_folder.day_label(item.date),
        lesson=views.lesson_row(page.view, page.statuses),
        members=page.members,
        may_take_attendance=page.may_take_attendance,
        matrix_url=url_for("overviews.lesson_matrix", source_id=item.lesson_id)
        if item.written and item.goals
        else None,
        back_url=_back_to_folder(item),
        statuses=page.statuses,
    )


# --- editing a lesson --------------------------------------------------------------------------------------


def _picker(item, linked):
    """The curriculum to pick from (the group's year level unless the teacher filters otherwise), each goal
    with how many of the lesson's pupils have it in each status; the linked goals are listed on their own."""
    args = request.args.to_dict()
    year_level = Group.get_by_id(item.group_id).year_level
    if "niveau" not in request.args and year_level:
        args["niveau"] = str(year_level)
    picker = plan_view.goal_picker(current_user, args)
    shown = [goal for subject in picker["subjects"] for domain in subject["domains"] for goal in domain["goals"]]
    counts = class_folder.status_counts([item.group_id], [g["id"] for g in shown] + [g.id for g in linked])
    statuses = plan_view.statuses()
    for goal in shown:
        goal["counts"] = views.counts_badges(statuses, counts.get((item.group_id, goal["id"]), {}))
        goal["linked"] = goal["id"] in {g.id for g in linked}
    chosen = [
        {
            "id": g.id,
            "title": g.title,
            "subject": g.subject,
            "counts": views.counts_badges(statuses, counts.get((item.group_id, g.id), {})),
        }
        for g in linked
    ]
    return picker, chosen


@bp.route("/lessen/<ref>/bewerken", methods=["GET", "POST"])
@allowed("view_timetables")
def edit(ref):
    """LES BEWERKEN: link goals from any subjects (the picker counts the group's pupils per status), choose a
    lesson type and write a lesson note. Saving writes a planned lesson."""
    lesson_ref = _ref(ref)
    item = class_folder.lesson_item(lesson_ref)
    permissions.require(
        current_user, "edit_lesson", item, "Alleen de leraar van deze les of van de groep kan haar bewerken."
    )
    if request.method == "POST":
        saved = class_folder.edit_lesson(
            current_user,
            lesson_ref,
            plan_view.int_list("doel", request.form, "leerdoel"),
            lesson_type=plan_view.int_arg("lestype", request.form, "lestype"),
            note=request.form.get("notitie", ""),
        )
        flash("De les is opgeslagen. Je leerlingen zien de leerdoelen nu bij hun lessen.", "success")
        return redirect(url_for(".lesson", ref=str(saved.id)))
    if not item.written:
        class_folder.check_week(item.date)
    picker, chosen = _picker(item, item.goals)
    return render_template(
        "class_folder/edit.html",
        item=item,
        day=class_folder.day_label(item.date),
        times=views.times(item),
        picker=picker,
        chosen=chosen,
        carry=[],
        lesson_types=[{"id": t.id, "name": t.name} for t in class_folder.lesson_types()],
        note_max=class_folder.NOTE_MAX_LENGTH,
        picker_statuses=plan_view.statuses(),
        cancel_url=url_for(".lesson", ref=item.ref.key),
    )


# --- attendance ----------------------------------------------------------------------------------------------


def _reason(value, what="reden"):
    """None for present, else a reason id, from a form's select."""
    value = (value or "").strip()
    if value == PRESENT:
        return None
    if not value.isdigit() or len(value) > 9:
        raise DomainError(f"Ongeldige {what}. Laad de pagina opnieuw en probeer het nog eens.")
    return int(value)


def _marks(form):
    """{pupil id: reason id or None} from the per-pupil selects ("leerling-12")."""
    marks = {}
    for name, value in form.items():
        if name.startswith("leerling-"):
            pupil = name.removeprefix("leerling-")
            if not pupil.isdigit() or len(pupil) > 9:
                raise DomainError("Ongeldige leerling. Laad de pagina opnieuw en probeer het nog eens.")
            marks[int(pupil)] = _reason(value)
    return marks


@bp.route("/lessen/<ref>/aanwezigheid", methods=["GET", "POST"])
@allowed("view_timetables")
def attendance(ref):
    """AANWEZIGHEID: the whole group at once, or per pupil, with a reason of absence from the school's list;
    what is set here carries on to the later blocks of the day until it is changed there."""
    lesson_ref = _ref(ref)
    item = class_folder.lesson_item(lesson_ref)
    permissions.require(
        current_user, "take_attendance", item, "Alleen de leraar van deze les kan de aanwezigheid bijhouden."
    )
    if request.method == "POST":
        if "hele_groep" in request.form:
            changed = class_folder.record_for_group(current_user, lesson_ref, _reason(request.form["hele_groep"]))
        else:
            changed = class_folder.record_attendance(current_user, lesson_ref, _marks(request.form))
        flash(
            f"Aanwezigheid opgeslagen ({changed} {'leerling' if changed == 1 else 'leerlingen'} gewijzigd)."
            if changed
            else "Er was niets te wijzigen.",
            "success",
        )
        item = class_folder.lesson_item(lesson_ref)
        return redirect(url_for(".attendance", ref=item.ref.key))
    if item.date > clock.today():
        raise DomainError("Aanwezigheid houd je bij op de dag van de les zelf, niet vooruit.")
    pupils = class_folder.members_of(item.group_id)
    states = class_folder.presence(item, [p.id for p in pupils])
    reasons = class_folder.reasons()
    return render_template(
        "class_folder/attendance.html",
        item=item,
        day=class_folder.day_label(item.date),
        times=views.times(item),
        reasons=[{"id": r.id, "name": r.name} for r in reasons],
        rows=[
            {
                "id": p.id,
                "name": p.full_name,
                "present": states[p.id].present,
                "reason": states[p.id].reason,
                "value": PRESENT if states[p.id].present else _reason_id(reasons, states[p.id].reason),
                "since": "dit lesblok"
                if states[p.id].set_here
                else (f"overgenomen van {states[p.id].carried_from}" if states[p.id].carried_from else ""),
            }
            for p in pupils
        ],
        absent=sum(not s.present for s in states.values()),
        lesson_url=url_for(".lesson", ref=item.ref.key),
    )


def _reason_id(reasons, name):
    """The id of the reason with this name (a row keeps the name it was given); "" when it is no longer listed."""
    return next((str(r.id) for r in reasons if r.name == name), "")


# --- timetables ----------------------------------------------------------------------------------------------


def _timetable(week_view, heading, whose, endpoint, **values):
    return render_template(
        "class_folder/timetable.html",
        heading=heading,
        whose=whose,
        nav=views.week_nav(week_view, endpoint, **values),
        days=views.week_days(week_view),
        statuses=week_view.statuses,
        search=request.args.get("naam", ""),
    )


@bp.route("/rooster")
@allowed("view_timetables")
def my_timetable():
    """Mijn rooster: my lessons of the week, with their goals and how the groups stand on them."""
    week_view = class_folder.teacher_week(current_user, current_user, views.week_arg())
    return _timetable(week_view, "Mijn rooster", "teacher", "class_folder.my_timetable")


@bp.route("/rooster/zoeken")
@allowed("view_timetables")
def find():
    """ "Zoek een ander rooster": colleagues and pupils by name."""
    name = request.args.get("naam", "").strip()
    staff, pupils = class_folder.find_people(current_user, name)
    return render_template(
        "class_folder/find.html",
        search=name,
        staff=[{"name": u.full_name, "url": url_for(".teacher_timetable", user_id=u.id)} for u in staff],
        pupils=[{"name": u.full_name, "url": url_for(".pupil_timetable", pupil_id=u.id)} for u in pupils],
        too_short=len(name) < 2,
    )


@bp.route("/rooster/leraar/<int:user_id>")
@allowed("view_timetables")
def teacher_timetable(user_id):
    """A colleague's timetable (a teacher's or an assistant's)."""
    teacher = get_or_404(User, user_id, User.role.in_(("teacher", "assistant")), message="Deze leraar bestaat niet.")
    week_view = class_folder.teacher_week(current_user, teacher, views.week_arg())
    heading = f"Rooster van {teacher.full_name}"
    return _timetable(week_view, heading, "teacher", "class_folder.teacher_timetable", user_id=user_id)


@bp.route("/rooster/leerling/<int:pupil_id>")
@allowed("view_timetables")
def pupil_timetable(pupil_id):
    """A pupil's timetable: the lessons of their groups, each linked goal with the pupil's own status."""
    pupil = pupil_or_404(pupil_id)
    week_view = class_folder.pupil_week(current_user, pupil, views.week_arg())
    heading = f"Rooster van {pupil.full_name}"
    return _timetable(week_view, heading, "pupil", "class_folder.pupil_timetable", pupil_id=pupil_id)
