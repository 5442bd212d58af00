"""Admin views of the personal plans: the plans per period, the goals on them, the status history, the pupils'
ratings, and which goals a goal set holds.

Read only but for one thing: a goal's status on a plan is changed through services.plans, as a teacher would
(with its history line, channel "beheer", and live on open pages). The history itself is never edited.
"""

from flask_admin.contrib.peewee.filters import FilterEqual
from wtforms import SelectField

from models import GoalRating, GoalSetGoal, Plan, PlanGoal, Status, StatusChange
from services import plans

from . import lookups
from .base import AdminModelView, ReadOnlyView, actor
from .labels import CHOICES

PLAN_SOURCES = ("generated", "manual", "goal_set", "import")


def _status_options():
    return [(status.id, status.name) for status in Status.select().order_by(Status.position)]


def _pupil_and_goal(plan_goal):
    return f"{plan_goal.pupil.full_name} · {plan_goal.goal.title}"


class PlanView(ReadOnlyView):
    """Which pupil's plan was generated for which period (the period rollover writes these)."""

    column_list = ("pupil", "period", "generated_at")
    column_searchable_list = (lookups.person(Plan.pupil, "pupil"),)
    column_filters = (lookups.person_filter(Plan.pupil, "Leerling"), "generated_at")
    column_default_sort = ("generated_at", True)


class PlanGoalView(AdminModelView):
    """The goals on the pupils' plans; only the status can change here, through the service."""

    can_create = False
    can_delete = False
    column_list = ("pupil", "goal", "status", "source", "goal_set", "changed_at")
    column_details_list = ("pupil", "goal", "status", "source", "goal_set", "added_at", "changed_at")
    column_labels = {"source": "Op het plan via"}
    column_searchable_list = (lookups.person(PlanGoal.pupil, "pupil"), lookups.goal(PlanGoal.goal))
    column_filters = (
        lookups.person_filter(PlanGoal.pupil, "Leerling"),
        lookups.Matching(PlanGoal.goal, "Leerdoel", lambda term: PlanGoal.goal.in_(lookups.goals_named(term))),
        lookups.StatusFilter(PlanGoal.status),
        FilterEqual(PlanGoal.source, "Op het plan via", options=[(k, CHOICES["source"][k]) for k in PLAN_SOURCES]),
        "changed_at",
    )
    column_default_sort = ("changed_at", True)
    form_columns = ("status",)
    form_overrides = {"status": SelectField}
    form_args = {"status": {"coerce": int, "label": "Status"}}
    service_fields = ("status",)

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        form.status.choices = _status_options()
        if obj is not None and not form.status.raw_data:
            form.status.data = obj.status_id
        return form

    def write_through_services(self, form, plan_goal):
        """Change the status as a teacher would: with its history line and live on open pages."""
        return plans.change_status(actor(), plan_goal, Status.get_by_id(form.status.data).key, channel="admin")


class StatusChangeView(ReadOnlyView):
    """The history of every goal on every plan: who, when, from, to, through which channel."""

    column_list = ("plan_goal", "from_status", "to_status", "changed_by", "changed_at", "channel", "note")
    column_labels = {"plan_goal": "Leerling · leerdoel"}
    column_formatters = {"plan_goal": lambda v, c, m, n: _pupil_and_goal(m.plan_goal)}
    column_formatters_export = column_formatters
    column_searchable_list = (
        lookups.Search(
            "pupil", lambda t: StatusChange.plan_goal.in_(lookups.plan_goals_of(pupils=lookups.users_named(t)))
        ),
        lookups.Search(
            "goal", lambda t: StatusChange.plan_goal.in_(lookups.plan_goals_of(goals=lookups.goals_named(t)))
        ),
        "note",
    )
    column_filters = (
        lookups.StatusFilter(StatusChange.to_status, "Naar status"),
        FilterEqual(StatusChange.channel, "Kanaal", options=list(CHOICES["channel"].items())),
        lookups.person_filter(StatusChange.changed_by, "Gewijzigd door"),
        "changed_at",
    )
    column_default_sort = ("changed_at", True)


class GoalRatingView(ReadOnlyView):
    """How it went, as pupils told the bot: effort and quality, 1 to 3."""

    column_list = ("plan_goal", "effort", "quality", "channel", "rated_at")
    column_labels = {"plan_goal": "Leerling · leerdoel"}
    column_formatters = {"plan_goal": lambda v, c, m, n: _pupil_and_goal(m.plan_goal)}
    column_formatters_export = column_formatters
    column_searchable_list = (
        lookups.Search(
            "pupil", lambda t: GoalRating.plan_goal.in_(lookups.plan_goals_of(pupils=lookups.users_named(t)))
        ),
    )
    column_filters = ("effort", "quality", "rated_at")
    column_default_sort = ("rated_at", True)


class GoalSetGoalView(ReadOnlyView):
    """Which goals each goal set holds (changed on the goal set itself, so that plans follow)."""

    column_list = ("goal_set", "goal", "position")
    column_searchable_list = (
        lookups.Search("goal_set", lambda t: GoalSetGoal.goal_set.in_(lookups.goal_sets_named(t))),
        lookups.goal(GoalSetGoal.goal),
    )
    column_filters = (
        lookups.Matching(
            GoalSetGoal.goal_set, "Doelenset", lambda t: GoalSetGoal.goal_set.in_(lookups.goal_sets_named(t))
        ),
    )
    column_default_sort = [("goal_set", False), ("position", False)]


def register(admin):
    admin.add_view(PlanView(Plan, "Plannen per periode", category="Plannen", endpoint="plans", url="plans"))
    admin.add_view(
        PlanGoalView(PlanGoal, "Doelen op plannen", category="Plannen", endpoint="plan_goals", url="plan-goals")
    )
    admin.add_view(
        StatusChangeView(
            StatusChange, "Statusgeschiedenis", category="Plannen", endpoint="status_changes", url="status-changes"
        )
    )
    admin.add_view(
        GoalRatingView(
            GoalRating, "Hoe het ging (bot)", category="Plannen", endpoint="goal_ratings", url="goal-ratings"
        )
    )
    admin.add_view(
        GoalSetGoalView(
            GoalSetGoal,
            "Leerdoelen in doelensets",
            category="Curriculum",
            endpoint="goal_set_goals",
            url="goal-set-goals",
        )
    )
