"""Goals: added and removed by admins; renamed, re-levelled, re-periodised, rewritten and moved by teachers too.

Changing a goal never touches existing plans.
"""

from dataclasses import dataclass

from models import ChatMessage, Document, Domain, Goal, GoalSetGoal, LessonGoal, PlanGoal, db

from .. import permissions
from ..errors import DomainError
from .reading import LEVELS, number_of_periods
from .writing import announce, clean_text, fetch_row, next_position, record


@dataclass
class RemoveResult:
    archived: bool
    message: str


def _check_level_period(level, period):
    try:
        level, period = int(level), int(period)
    except (TypeError, ValueError):
        raise DomainError("Niveau en periode moeten hele getallen zijn.") from None
    if level not in LEVELS:
        raise DomainError("Het niveau moet tussen 1 en 8 liggen.")
    last = number_of_periods()
    if not 1 <= period <= last:
        raise DomainError(f"De periode moet tussen 1 en {last} liggen.")
    return level, period


def add_goal(actor, domain, title, level, period, description="", steps=""):
    """Add a goal to a domain (admins only)."""
    permissions.require(actor, "add_remove_goal")
    title = clean_text(title, "de titel van het leerdoel", 500)
    with db.atomic():
        level, period = _check_level_period(level, period)
        domain = fetch_row(Domain, domain, "Dit deelgebied bestaat niet meer.")
        goal = Goal.create(
            domain=domain,
            title=title,
            level=level,
            period=period,
            description=description or "",
            steps=steps or "",
            position=next_position(Goal, Goal.domain == domain),
        )
        record(actor, "curriculum.add_goal", goal, f"{title} (niveau {level}, periode {period})")
    announce(actor, goal)
    return goal


def remove_goal(actor, goal):
    """Delete a goal, or archive it when plans, goal sets, lessons, chats or material still use it."""
    permissions.require(actor, "add_remove_goal")
    with db.atomic():
        goal = fetch_row(Goal, goal, "Dit leerdoel bestaat niet meer.")
        pupils = PlanGoal.select().where(PlanGoal.goal == goal).count()
        if pupils:
            reason = f"staat op het plan van {pupils} leerling{'' if pupils == 1 else 'en'}"
        elif GoalSetGoal.select().where(GoalSetGoal.goal == goal).exists():
            reason = "hoort bij een doelenset"
        elif any(model.select().where(model.goal == goal).exists() for model in (LessonGoal, ChatMessage, Document)):
            reason = "is gekoppeld aan lessen, gesprekken of lesmateriaal"
        else:
            reason = None
        if reason:
            Goal.update(archived=True).where(Goal.id == goal.id).execute()
            goal.archived = True
            result = RemoveResult(True, f"Het leerdoel {reason} en is daarom gearchiveerd in plaats van verwijderd.")
        else:
            goal.delete_instance()
            result = RemoveResult(False, "Het leerdoel is verwijderd.")
        record(
            actor,
            "curriculum.archive_goal" if reason else "curriculum.remove_goal",
            goal,
            f"{goal.title}: {result.message}",
        )
    announce(actor, goal)
    return result


def _edit_goal(actor, goal, action, change):
    """Apply `change(goal) -> audit detail` to the goal as read now; save, audit and announce it."""
    permissions.require(actor, "edit_goal")
    with db.atomic():
        goal = fetch_row(Goal, goal, "Dit leerdoel bestaat niet meer.")
        detail = change(goal)
        if goal.dirty_fields:
            goal.save(only=goal.dirty_fields)
        record(actor, action, goal, detail)
    announce(actor, goal)
    return goal


def rename_goal(actor, goal, title):
    """Give a goal a new title."""
    permissions.require(actor, "edit_goal")
    title = clean_text(title, "de titel van het leerdoel", 500)

    def change(goal):
        old, goal.title = goal.title, title
        return f"{old} -> {title}"

    return _edit_goal(actor, goal, "curriculum.rename_goal", change)


def change_goal_level_period(actor, goal, level, period):
    """Give a goal another level and/or period; plans that hold (or lack) it stay as they are."""
    permissions.require(actor, "edit_goal")
    level, period = _check_level_period(level, period)

    def change(goal):
        detail = f"niveau {goal.level} -> {level}, periode {goal.period} -> {period}"
        goal.level, goal.period = level, period
        return detail

    return _edit_goal(actor, goal, "curriculum.change_goal_level_period", change)


def update_goal_content(actor, goal, description, steps):
    """Change what the teacher needs to teach the goal (description) and the pupil's steps."""

    def change(goal):
        goal.description, goal.steps = description or "", steps or ""
        return "beschrijving en stappenplan"

    return _edit_goal(actor, goal, "curriculum.update_goal_content", change)


def move_goal(actor, goal, domain):
    """Move a goal to the end of another domain (visible to everyone at once)."""

    def change(goal):
        target = fetch_row(Domain, domain, "Dit deelgebied bestaat niet meer.")
        detail = f"deelgebied {goal.domain.name} -> {target.name}"
        if goal.domain_id != target.id:
            goal.domain, goal.position = target, next_position(Goal, Goal.domain == target)
        return detail

    return _edit_goal(actor, goal, "curriculum.move_goal", change)
