"""Groepsanalyse: a group's test results per test moment, its notes per test moment and the expected exit
levels (SPEC 5, seeds/000 and 001). The overview reads in a fixed number of queries; a test moment's grid is
typed, pasted from a spreadsheet (static/js/result_grid.js, or the form without a script) or imported from an
.xlsx with a row report. Every change goes through services.analysis and services.notes."""

import io
import re

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from models import EXIT_LEVELS
from services import analysis, notes, permissions
from services.errors import DomainError, NotFound, PermissionDenied
from services.imports import ImportRejected

from . import analysis_views, group_notes, group_pages, plan_view
from .access import allowed

bp = Blueprint("analysis", __name__)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@bp.app_template_global()
def pupil_monitoring_card(pupil_id):
    """The pupil page's card for teachers: expected exit levels with their history, the levels over the test
    moments as charts, and the latest notes about the pupil. None for anyone else."""
    if not permissions.can(current_user, "view_group_notes"):
        return None
    current = analysis.exit_levels_of([pupil_id])
    subjects = analysis_views.core_subjects()
    return {
        "exit_levels": [{"subject": s.name, "level": current.get((pupil_id, s.id), "")} for s in subjects],
        "history": analysis_views.history_rows(analysis.history(current_user, pupil_id)),
        "charts": analysis_views.pupil_charts(analysis.pupil_levels(current_user, pupil_id)),
        "notes": [group_notes.note_row(n) for n in notes.pupil_notes(current_user, pupil_id, limit=10)],
        "search_url": url_for("group_notes.search", leerling=pupil_id),
    }


def _results(count):
    return f"{count} {'resultaat' if count == 1 else 'resultaten'}"


def _group_and_moment(group_id, moment_id):
    """The group of the URL and its test moment (of the group's school year, with a subject)."""
    group = group_pages.group_or_404(group_id)
    return group, _moment(group, moment_id)


def _moment(group, moment_id):
    try:
        moment = analysis.fetch_moment(moment_id)
        analysis.check_moment_of_group(moment, group)
    except DomainError:
        raise NotFound("Dit toetsmoment hoort niet bij deze groep.") from None
    return moment


@bp.route("/groepen/<int:group_id>/analyse", endpoint="overview")
@allowed("view_group_notes")
def overview(group_id):
    """The analysis: every pupil's levels per test moment, charts, exit levels, notes per test moment."""
    group = group_pages.group_or_404(group_id)
    found = analysis.group_analysis(current_user, group)
    headers, body = analysis_views.overview_table(
        found,
        url_for(".overview", group_id=group.id),
        url_for("teacher_pupils.pupil", pupil_id=0),
    )
    chosen = plan_view.int_arg("leerling", what="leerling")
    chosen_pupil = next((p for p in found.pupils if p.id == chosen), None)
    return render_template(
        "analysis/overview.html",
        group=group,
        links=group_pages.cycle_links(group.id, "analysis"),
        headers=headers,
        body=body,
        subjects=[{"id": s.id, "name": s.name} for s in found.subjects],
        scale=analysis.scale_text(found.scale),
        moment_notes=analysis_views.note_rows(found),
        pupils=[{"id": p.id, "name": p.full_name} for p in found.pupils],
        exit_levels=EXIT_LEVELS,
        chosen={"pupil": chosen, "subject": plan_view.int_arg("vak", what="vak")},
        chosen_name=chosen_pupil.full_name if chosen_pupil else "",
        history=analysis_views.history_rows(analysis.history(current_user, chosen_pupil)) if chosen_pupil else [],
        can_enter=permissions.can(current_user, "enter_test_results", group),
        can_set_exit=permissions.can(current_user, "set_exit_level", group),
        can_write_note=permissions.can(current_user, "write_group_note", group),
    )


def _grid_rows(group, moment, posted=None):
    """The grid's rows: each pupil with the score and level stored, or as posted when a save was refused."""
    pupils = analysis.members(group)
    stored = analysis.moment_results(moment, [p.id for p in pupils]) if posted is None else {}
    rows = []
    for pupil in pupils:
        if posted is not None:
            score, level = posted.get(f"score-{pupil.id}", ""), posted.get(f"niveau-{pupil.id}", "")
        else:
            score, level = stored.get(pupil.id, ("", ""))
            score = analysis.score_text(score)
        rows.append({"id": pupil.id, "name": pupil.full_name, "score": score, "level": level})
    return rows


def _grid_page(group, moment, posted=None, error=None, status=200):
    return render_template(
        "analysis/grid.html",
        group=group,
        links=group_pages.cycle_links(group.id, "analysis"),
        moment={
            "id": moment.id,
            "name": moment.name,
            "subject": moment.subject.name,
            "max_score": moment.max_score if moment.max_score is not None else analysis.DEFAULT_MAX_SCORE,
            "date": moment.date.strftime("%d-%m-%Y") if moment.date else "",
        },
        rows=_grid_rows(group, moment, posted),
        scale=analysis.scale_text(analysis.level_scale()),
        levels=analysis.level_scale(),
        can_enter=permissions.can(current_user, "enter_test_results", group),
        error=error,
    ), status


@bp.route("/groepen/<int:group_id>/analyse/<int:moment_id>")
@allowed("view_group_notes")
def grid(group_id, moment_id):
    """One test moment: a score and a level per pupil, to type, paste or import."""
    return _grid_page(*_group_and_moment(group_id, moment_id))


@bp.route("/groepen/<int:group_id>/analyse/<int:moment_id>", methods=["POST"])
@allowed("view_group_notes")
def save_grid(group_id, moment_id):
    """Save the grid whole; a refusal shows the grid again as it was typed, with every problem named."""
    group, moment = _group_and_moment(group_id, moment_id)
    form = request.form
    pupil_ids = plan_view.int_list("leerling", form, "leerling")
    entries = {pid: (form.get(f"score-{pid}", ""), form.get(f"niveau-{pid}", "")) for pid in pupil_ids}
    try:
        changed = analysis.save_results(current_user, group, moment, entries)
    except PermissionDenied:
        raise
    except DomainError as refused:
        return _grid_page(group, moment, posted=form, error=refused.message, status=400)
    flash(f"{moment.name} is opgeslagen ({_results(changed)} gewijzigd).", "success")
    return redirect(url_for(".overview", group_id=group.id), code=303)


@bp.route("/groepen/<int:group_id>/analyse/<int:moment_id>/plakken", methods=["POST"])
@allowed("view_group_notes")
def paste(group_id, moment_id):
    """Save a block pasted from a spreadsheet (the form for browsers without the grid's script)."""
    group, moment = _group_and_moment(group_id, moment_id)
    form = request.form
    group_pages.attempt(
        lambda: analysis.paste_results(
            current_user,
            group,
            moment,
            form.get("blok", ""),
            plan_view.int_arg("vanaf", form, "leerling") or 0,
            plan_view.int_arg("kolom", form, "kolom") or 0,
        ),
        lambda changed: f"Geplakt en opgeslagen: {_results(changed)} gewijzigd.",
    )
    return redirect(url_for(".grid", group_id=group.id, moment_id=moment.id), code=303)


@bp.route("/groepen/<int:group_id>/analyse/<int:moment_id>/sjabloon.xlsx")
@allowed("view_group_notes")
def template(group_id, moment_id):
    """The sheet to fill in: the group's pupils with empty score and level."""
    group, moment = _group_and_moment(group_id, moment_id)
    name = _UNSAFE.sub("-", f"{moment.name}-{moment.subject.name}-{group.name}").strip("-") or "toetsmoment"
    return send_file(
        io.BytesIO(analysis.template(group, moment)),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"{name}.xlsx",
    )


@bp.route("/groepen/<int:group_id>/analyse/<int:moment_id>/import", methods=["POST"])
@allowed("view_group_notes")
def import_sheet(group_id, moment_id):
    """Import the results of an .xlsx: the good rows are saved, the others listed with their reason."""
    group, moment = _group_and_moment(group_id, moment_id)
    uploaded = request.files.get("bestand")
    if uploaded is None or not uploaded.filename:
        flash("Kies eerst een .xlsx-bestand.", "error")
        return redirect(url_for(".grid", group_id=group.id, moment_id=moment.id), code=303)
    try:
        report = analysis.import_results(current_user, group, moment, uploaded.read())
    except (PermissionDenied, NotFound):
        raise
    except (ImportRejected, DomainError) as refused:
        flash(refused.message, "error")
        return redirect(url_for(".grid", group_id=group.id, moment_id=moment.id), code=303)
    return render_template(
        "analysis/import_report.html",
        group=group,
        moment={"id": moment.id, "name": moment.name, "subject": moment.subject.name},
        report=report,
        failures=[str(f) for f in report.failures],
    )


@bp.route("/groepen/<int:group_id>/analyse/<int:moment_id>/notitie", methods=["POST"])
@allowed("view_group_notes")
def write_note(group_id, moment_id):
    """A note on a test moment in the analysis (category "analyse")."""
    group, moment = _group_and_moment(group_id, moment_id)
    category = notes.category_named(notes.ANALYSIS)
    group_pages.attempt(
        lambda: notes.write_note(current_user, group, request.form.get("tekst", ""), category, test_moment=moment),
        f"De notitie bij {moment.name} is opgeslagen.",
    )
    return redirect(url_for(".overview", group_id=group.id, _anchor=f"notities-{moment.id}"), code=303)


@bp.route("/groepen/<int:group_id>/uitstroom", methods=["POST"])
@allowed("view_group_notes")
def set_exit_level(group_id):
    """Set or change a pupil's expected exit level for a core subject, with the reason."""
    group = group_pages.group_or_404(group_id)
    form = request.form
    pupil = plan_view.int_arg("leerling", form, "leerling")
    subject = plan_view.int_arg("vak", form, "kernvak")
    try:
        if pupil is None or subject is None:
            raise DomainError("Kies een leerling en een kernvak.")
        change = analysis.set_exit_level(
            current_user, group, pupil, subject, form.get("niveau", ""), form.get("reden", "")
        )
    except PermissionDenied:
        raise
    except DomainError as refused:
        flash(refused.message, "error")
    else:
        flash("De uitstroom is gewijzigd." if change else "De uitstroom was al zo.", "success")
    return redirect(url_for(".overview", group_id=group.id, leerling=pupil, vak=subject, _anchor="uitstroom"), code=303)
