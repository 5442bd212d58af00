"""The back office's start page: the school at a glance (services.glance), each part with a link to act on it."""

from flask_admin import AdminIndexView, expose
from flask_login import current_user

from services import clock, glance, las

from . import runs, shown
from .base import AdminOnly


def _sync(run):
    """The last LAS sync as the start page says it, or None."""
    if run is None:
        return None
    counts = runs.las_counts(las.counts_of(run))
    return {
        "id": run.id,
        "when": shown.moment(run.started_at),
        "outcome": runs.las_outcome(run.outcome),
        "failed": run.outcome == "failed",
        "summary": ", ".join(counts) if counts else "geen wijzigingen",
        "errors": run.errors,
        "needs_rollover": "jaarovergang" in (run.errors or ""),
    }


def _period(period, today, due):
    if period is None:
        return None
    days = glance.days_until(period.start_date, today)
    return {
        "name": period.name,
        "start": shown.day(period.start_date),
        "due": due,
        "when": "vandaag" if days == 0 else ("morgen" if days == 1 else f"over {days} dagen"),
    }


def _jobs(job_runs):
    return [
        {
            "name": runs.job_name(run.job),
            "when": shown.moment(run.started_at),
            "error": runs.first_line(run.error),
            "las": run.job == "las_sync",
        }
        for run in job_runs
    ]


class HomeView(AdminOnly, AdminIndexView):
    @expose("/")
    def index(self):
        """Start page of the back office: the school at a glance, with a link to act on each part."""
        today = clock.today()
        seen = glance.school_at_a_glance(current_user._get_current_object(), today)
        return self.render(
            "admin/home.html",
            school_year=seen.school_year,
            people=[
                {"number": number, "noun": shown.noun(number, plural), "endpoint": endpoint}
                for number, plural, endpoint in (
                    (seen.pupils, "leerlingen", "pupils.index_view"),
                    (seen.groups, "groepen", "groups.index_view"),
                    (seen.teachers, "leraren", "teachers.index_view"),
                    (seen.parents, "ouders", "parents.index_view"),
                )
            ],
            sync=_sync(seen.last_sync),
            due_period=_period(seen.due_period, today, True),
            next_period=_period(seen.next_period, today, False),
            failing_jobs=_jobs(seen.failing_jobs),
            to_relink=shown.count(seen.to_relink, "groepen") if seen.to_relink else None,
        )
