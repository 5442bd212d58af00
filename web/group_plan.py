"""Groepsplan: for a subject or a domain, the group's pupils proposed in three instruction groups (intensief,
basis, meer) from their goal statuses and latest test level; the teacher moves pupils and saves the groups
(services.group_plan, through the goal matrix's "make a group")."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from models import GroupType
from services import group_plan, permissions
from services.errors import DomainError, PermissionDenied

from . import group_pages, plan_view
from .access import allowed

bp = Blueprint("group_plan", __name__)


def _types():
    """The group types a teacher may make; the timetable type first (the class folder uses it)."""
    types = GroupType.select().where(~GroupType.las_managed).order_by(GroupType.is_timetable.desc(), GroupType.name)
    return [{"id": t.id, "name": t.name} for t in types]


def _page(group, subject, domain, bands=None, names=None, group_type=None, error=None, status=200):
    proposal = group_plan.propose(current_user, group, subject, domain) if (subject or domain) else None
    chosen = bands or {}
    rows = []
    if proposal:
        for signal in proposal.pupils:
            rows.append(
                {
                    "id": signal.pupil.id,
                    "name": signal.pupil.full_name,
                    "proposed": signal.band,
                    "band": chosen.get(signal.pupil.id, signal.band) if bands is not None else signal.band,
                    "why": signal.why,
                }
            )
    return render_template(
        "group_plan/proposal.html",
        group=group,
        links=group_pages.cycle_links(group.id, "plan"),
        subjects=plan_view.subject_options(),
        domains=plan_view.domain_options(subject),
        subject=subject,
        domain=domain,
        area=proposal.area if proposal else "",
        bands=[
            {
                "key": band,
                "name": group_plan.BAND_NAMES[band],
                "group_name": (names or {}).get(band) or (proposal.default_name(band) if proposal else ""),
                "pupils": [r for r in rows if r["band"] == band],
            }
            for band in group_plan.BANDS
        ],
        rows=rows,
        band_names=group_plan.BAND_NAMES,
        types=_types(),
        group_type=group_type,
        can_save=permissions.can(current_user, "plan_instruction_groups", group),
        error=error,
    ), status


@bp.route("/groepen/<int:group_id>/groepsplan", endpoint="proposal")
@allowed("view_group_notes")
def proposal_page(group_id):
    """The proposal for the chosen subject or domain, with the rule it follows in a teacher's words."""
    group = group_pages.group_or_404(group_id)
    return _page(
        group, plan_view.int_arg("vak", what="hoofdgebied"), plan_view.int_arg("deelgebied", what="deelgebied")
    )


@bp.route("/groepen/<int:group_id>/groepsplan", methods=["POST"])
@allowed("view_group_notes")
def save(group_id):
    """Save the instruction groups as the teacher left them; a refusal shows the page as it was."""
    group = group_pages.group_or_404(group_id)
    form = request.form
    subject, domain = plan_view.int_arg("vak", form, "hoofdgebied"), plan_view.int_arg("deelgebied", form, "deelgebied")
    bands = {}
    for pupil_id in plan_view.int_list("leerling", form, "leerling"):
        band = form.get(f"groep-{pupil_id}", "")
        if band:  # "" leaves the pupil out of every instruction group
            bands[pupil_id] = band
    names = {band: form.get(f"naam-{band}", "") for band in group_plan.BANDS}
    group_type = plan_view.int_arg("groepstype", form, "groepstype")
    try:
        made = group_plan.save_plan(current_user, group, bands, names, group_type)
    except PermissionDenied:
        raise
    except DomainError as refused:
        return _page(group, subject, domain, bands, names, group_type, refused.message, 400)
    flash("Instructiegroepen gemaakt: " + ", ".join(g.name for g in made) + ".", "success")
    return redirect(url_for("teacher_groups.my_groups"), code=303)
