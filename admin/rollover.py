"""Admin screen "Jaarovergang en periodes": period rollovers, the year rollover (preview, then confirm), the
groups to re-link and the scheduled job runs. The work itself is done by `services.rollover`
(period, year and relink)."""

from flask import flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_login import current_user
from flask_wtf import FlaskForm
from peewee import fn
from wtforms import SelectField, StringField

from models import Group, JobRun, Period
from services import clock, rollover
from services.errors import DomainError

from . import runs
from .base import AdminOnly


def actor():
    return current_user._get_current_object()


def local(moment):
    """Naive UTC from the database as local time for the screen."""
    if moment is None:
        return ""
    return clock.local_text(moment)


class ConfirmYearForm(FlaskForm):
    school_year = StringField("Typ het nieuwe schooljaar om te bevestigen")


class RelinkForm(FlaskForm):
    source_group = SelectField("Nieuwe LAS-groep", coerce=int)


def _period_rows(today):
    due = {p.id for p in rollover.due_periods(today)}
    rows = []
    for period in Period.select().order_by(Period.school_year.desc(), Period.number):
        if period.rolled_over_at:
            state = f"doorgevoerd op {local(period.rolled_over_at)}"
        elif period.id in due:
            state = "aan de beurt"
        else:
            state = "nog niet"
        rows.append(
            {
                "id": period.id,
                "name": period.name,
                "school_year": period.school_year,
                "start": period.start_date.strftime("%d-%m-%Y"),
                "end": period.end_date.strftime("%d-%m-%Y"),
                "state": state,
                "due": period.id in due,
            }
        )
    return rows


def _job_rows(job_runs):
    return [
        {
            "job": runs.job_name(run.job),
            "started": local(run.started_at),
            "finished": local(run.finished_at),
            "outcome": runs.job_outcome(run.outcome),
            "failed": run.outcome == "failed",
            "counts": runs.job_counts(run.job, run.counts),
            "error": runs.first_line(run.error),
        }
        for run in job_runs
    ]


def _latest_job_runs():
    latest = JobRun.select(fn.MAX(JobRun.id)).group_by(JobRun.job)
    return _job_rows(JobRun.select().where(JobRun.id.in_(latest)).order_by(JobRun.job))


def _failed_job_runs(limit=10):
    return _job_rows(JobRun.select().where(JobRun.outcome == "failed").order_by(JobRun.id.desc()).limit(limit))


class RolloverView(AdminOnly, BaseView):
    @expose("/")
    def index(self):
        """Periods with their rollover state, the year rollover's entry, and the job runs."""
        return self.render(
            "admin/rollover/index.html",
            periods=_period_rows(clock.today()),
            school_year=rollover.current_school_year(),
            new_school_year=rollover.next_school_year(rollover.current_school_year()),
            latest_runs=_latest_job_runs(),
            failed_runs=_failed_job_runs(),
            form=FlaskForm(),
        )

    @expose("/period/<int:period_id>/", methods=("POST",))
    def run_period(self, period_id):
        """Run a due period rollover now instead of waiting for tonight's job."""
        if not FlaskForm().validate_on_submit():
            flash("Het formulier is verlopen; probeer het opnieuw.", "error")
            return redirect(url_for(".index"))
        period = Period.get_or_none(Period.id == period_id)
        if period is None or period.id not in {p.id for p in rollover.due_periods(clock.today())}:
            flash("Deze periode is niet aan de beurt.", "error")
            return redirect(url_for(".index"))
        try:
            result = rollover.period_rollover(actor(), period)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(
                f"{result.period_name} is doorgevoerd: {result.plans} plannen."
                if result.done
                else f"{result.period_name} was al doorgevoerd.",
                "success",
            )
        return redirect(url_for(".index"))

    @expose("/year/", methods=("GET", "POST"))
    def year(self):
        """The year rollover: a preview of every change, then the admin confirms by typing the new year."""
        new_school_year = rollover.next_school_year(rollover.current_school_year())
        form = ConfirmYearForm()
        if request.method == "POST":
            if not form.validate_on_submit():
                flash("Het formulier is verlopen; probeer het opnieuw.", "error")
            elif (form.school_year.data or "").strip() != new_school_year:
                flash(f"Typ {new_school_year} om de jaarovergang te bevestigen.", "error")
            else:
                try:
                    report = rollover.year_rollover(actor(), new_school_year)
                except DomainError as exc:
                    flash(exc.message, "error")
                else:
                    flash(f"De jaarovergang naar {new_school_year} is uitgevoerd.", "success")
                    return self.render("admin/rollover/year.html", report=report, form=None)
        try:
            report = rollover.year_rollover_preview(actor(), new_school_year)
        except DomainError as exc:
            flash(exc.message, "error")
            return redirect(url_for(".index"))
        return self.render("admin/rollover/year.html", report=report, form=form)

    @expose("/relink/", methods=("GET",))
    def relink(self):
        """Groups that were made from a LAS group last year, each with a form to make its new-year group."""
        entries = rollover.relink_candidates(actor())
        choices = [
            (g.id, f"{g.name} ({g.school_year})") for g in rollover.las_groups_of_year(rollover.current_school_year())
        ]
        rows = []
        for entry in entries:
            form = RelinkForm(prefix=f"g{entry.old_group.id}", formdata=None)
            form.source_group.choices = choices
            form.source_group.data = entry.suggested.id if entry.suggested else None
            rows.append(
                {
                    "id": entry.old_group.id,
                    "name": entry.old_group.name,
                    "school_year": entry.old_group.school_year,
                    "old_source": entry.old_source.name,
                    "relinked": entry.relinked.name if entry.relinked else "",
                    "form": form,
                }
            )
        return self.render("admin/rollover/relink.html", rows=rows, has_choices=bool(choices))

    @expose("/relink/<int:group_id>/", methods=("POST",))
    def relink_one(self, group_id):
        """Make the new-year group for one listed group."""
        form = RelinkForm(prefix=f"g{group_id}")
        form.source_group.choices = [
            (g.id, g.name) for g in rollover.las_groups_of_year(rollover.current_school_year())
        ]
        if not form.validate_on_submit():
            flash("Kies een LAS-groep van dit schooljaar.", "error")
            return redirect(url_for(".relink"))
        try:
            group = rollover.relink_group(actor(), group_id, Group.get_by_id(form.source_group.data))
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(
                f"{group.name} is opnieuw gemaakt voor {group.school_year}, zonder de gegevens van vorig jaar.",
                "success",
            )
        return redirect(url_for(".relink"))


def register(admin):
    admin.add_view(
        RolloverView(
            name="Jaarovergang en periodes", category="LAS en jaar", endpoint="rollover", url="/admin/rollover"
        )
    )
