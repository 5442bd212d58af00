"""The curriculum: subjects, domains and goals, with their levels and periods (SPEC 4).

Teachers and admins may rename a goal, change its level, period or content and move goals and domains;
only admins add or remove goals, subjects and domains. Changing a goal never touches existing plans.
"""

from dataclasses import dataclass, field

from peewee import IntegrityError, fn

from models import (
    ChatMessage,
    Document,
    Domain,
    Goal,
    GoalSetGoal,
    LessonGoal,
    Period,
    PlanGoal,
    SchoolSettings,
    Subject,
    db,
)

from . import audit, events, permissions
from .errors import Conflict, DomainError, NotFound

LEVELS = range(1, 9)
DEFAULT_PERIODS = 4


@dataclass
class DomainNode:
    domain: Domain
    goals: list = field(default_factory=list)


@dataclass
class SubjectNode:
    subject: Subject
    domains: list = field(default_factory=list)


@dataclass
class Count:
    """Number of goals of a subject or domain, in total and per period."""

    id: int
    name: str
    total: int = 0
    per_period: dict = field(default_factory=dict)
    domains: list = field(default_factory=list)  # of Count, for a subject


@dataclass
class RemoveResult:
    archived: bool
    message: str


def as_list(value):
    """None, one value or an iterable of values, as a list or None."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, set, frozenset, range)):
        return list(value)
    return [value]


def goal_conditions(levels=None, periods=None, subject=None, domain=None):
    """A condition on Goal (no join needed) for the usual filters; archived goals are left out."""
    condition = ~Goal.archived
    if as_list(levels) is not None:
        condition &= Goal.level.in_(as_list(levels))
    if as_list(periods) is not None:
        condition &= Goal.period.in_(as_list(periods))
    if domain is not None:
        condition &= Goal.domain == domain
    if subject is not None:
        condition &= Goal.domain.in_(Domain.select(Domain.id).where(Domain.subject == subject))
    return condition


def number_of_periods():
    """Periods in the running school year; four when the school has not set them."""
    year = SchoolSettings.get_current().school_year
    return Period.select().where(Period.school_year == year).count() or DEFAULT_PERIODS


def tree(actor, levels=None, periods=None, subject=None):
    """Subjects, their domains and their (filtered, not archived) goals, in three queries."""
    permissions.require(actor, "view_curriculum")
    subjects = Subject.select().order_by(Subject.position, Subject.name)
    domains = Domain.select().order_by(Domain.position, Domain.name)
    goals = (
        Goal.select()
        .where(goal_conditions(levels, periods, subject))
        .order_by(Goal.level, Goal.period, Goal.position, Goal.title)
    )
    if subject is not None:
        subjects = subjects.where(Subject.id == subject)
        domains = domains.where(Domain.subject == subject)
    nodes = {s.id: SubjectNode(s) for s in subjects}
    domain_nodes = {}
    for domain in domains:
        if domain.subject_id in nodes:
            domain_nodes[domain.id] = DomainNode(domain)
            nodes[domain.subject_id].domains.append(domain_nodes[domain.id])
    for goal in goals:
        if goal.domain_id in domain_nodes:
            domain_nodes[goal.domain_id].goals.append(goal)
    return list(nodes.values())


def counts(actor, levels=None, periods=None):
    """Goals per subject and per domain ("aantallen inzien"), each also per period, in one GROUP BY."""
    permissions.require(actor, "view_curriculum")
    subjects = {
        s.id: Count(s.id, s.name)
        for s in Subject.select(Subject.id, Subject.name).order_by(Subject.position, Subject.name)
    }
    domains = {}
    for domain_id, subject_id, name in (
        Domain.select(Domain.id, Domain.subject, Domain.name).order_by(Domain.position, Domain.name).tuples()
    ):
        domains[domain_id] = Count(domain_id, name)
        subjects[subject_id].domains.append(domains[domain_id])
    grouped = (
        Goal.select(Domain.subject, Goal.domain, Goal.period, fn.COUNT(Goal.id))
        .join(Domain)
        .where(goal_conditions(levels, periods))
        .group_by(Domain.subject, Goal.domain, Goal.period)
        .tuples()
    )
    for subject_id, domain_id, period, number in grouped:
        for count in (subjects[subject_id], domains[domain_id]):
            count.total += number
            count.per_period[period] = count.per_period.get(period, 0) + number
    return list(subjects.values())


# --- Changes -------------------------------------------------------------------------------------------


def _fetch(model, value, message):
    """The row for an instance or id, read afresh inside the transaction; NotFound when it is gone."""
    row = model.get_or_none(model.id == getattr(value, "id", value))
    if row is None:
        raise NotFound(message)
    return row


def _clean(text, what, max_length=255):
    text = (text or "").strip()
    if not text:
        raise DomainError(f"Vul {what} in.")
    if len(text) > max_length:
        raise DomainError(f"{what[0].upper()}{what[1:]} mag hoogstens {max_length} tekens lang zijn.")
    return text


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


def _next_position(model, condition=None):
    query = model.select(fn.MAX(model.position))
    if condition is not None:
        query = query.where(condition)
    return (query.scalar() or 0) + 1


def _record(actor, action, entity, detail=""):
    audit.record(permissions.recorded_as(actor), action, entity, detail)


def _announce(actor, goal=None, **what):
    events.curriculum_changed.send(goal=goal, actor=actor, **what)


def add_subject(actor, name):
    """Add a subject (hoofdgebied) at the end of the list."""
    permissions.require(actor, "edit_curriculum_structure")
    name = _clean(name, "de naam van het hoofdgebied")
    with db.atomic():
        if Subject.select().where(fn.LOWER(Subject.name) == name.lower()).exists():
            raise Conflict(f"Er is al een hoofdgebied met de naam {name}.")
        subject = Subject.create(name=name, position=_next_position(Subject))
        _record(actor, "curriculum.add_subject", subject, name)
    _announce(actor, subject=subject)
    return subject


def add_domain(actor, subject, name):
    """Add a domain (deelgebied) at the end of a subject."""
    permissions.require(actor, "edit_curriculum_structure")
    name = _clean(name, "de naam van het deelgebied")
    with db.atomic():
        subject = _fetch(Subject, subject, "Dit hoofdgebied bestaat niet meer.")
        _check_domain_name_free(subject, name)
        domain = Domain.create(subject=subject, name=name, position=_next_position(Domain, Domain.subject == subject))
        _record(actor, "curriculum.add_domain", domain, f"{subject.name} / {name}")
    _announce(actor, domain=domain)
    return domain


def _check_domain_name_free(subject, name, other_than=None):
    query = Domain.select().where((Domain.subject == subject) & (fn.LOWER(Domain.name) == name.lower()))
    if other_than is not None:
        query = query.where(Domain.id != other_than.id)
    if query.exists():
        raise Conflict(f"Hoofdgebied {subject.name} heeft al een deelgebied met de naam {name}.")


def add_goal(actor, domain, title, level, period, description="", steps=""):
    """Add a goal to a domain (admins only)."""
    permissions.require(actor, "add_remove_goal")
    title = _clean(title, "de titel van het leerdoel", 500)
    with db.atomic():
        level, period = _check_level_period(level, period)
        domain = _fetch(Domain, domain, "Dit deelgebied bestaat niet meer.")
        goal = Goal.create(
            domain=domain,
            title=title,
            level=level,
            period=period,
            description=description or "",
            steps=steps or "",
            position=_next_position(Goal, Goal.domain == domain),
        )
        _record(actor, "curriculum.add_goal", goal, f"{title} (niveau {level}, periode {period})")
    _announce(actor, goal)
    return goal


def remove_goal(actor, goal):
    """Delete a goal, or archive it when plans, goal sets, lessons, chats or material still use it."""
    permissions.require(actor, "add_remove_goal")
    with db.atomic():
        goal = _fetch(Goal, goal, "Dit leerdoel bestaat niet meer.")
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
        _record(
            actor,
            "curriculum.archive_goal" if reason else "curriculum.remove_goal",
            goal,
            f"{goal.title}: {result.message}",
        )
    _announce(actor, goal)
    return result


def _edit_goal(actor, goal, action, change):
    """Apply `change(goal) -> audit detail` to the goal as read now; save, audit and announce it."""
    permissions.require(actor, "edit_goal")
    with db.atomic():
        goal = _fetch(Goal, goal, "Dit leerdoel bestaat niet meer.")
        detail = change(goal)
        if goal.dirty_fields:
            goal.save(only=goal.dirty_fields)
        _record(actor, action, goal, detail)
    _announce(actor, goal)
    return goal


def rename_goal(actor, goal, title):
    """Give a goal a new title."""
    permissions.require(actor, "edit_goal")
    title = _clean(title, "de titel van het leerdoel", 500)

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
        target = _fetch(Domain, domain, "Dit deelgebied bestaat niet meer.")
        detail = f"deelgebied {goal.domain.name} -> {target.name}"
        if goal.domain_id != target.id:
            goal.domain, goal.position = target, _next_position(Goal, Goal.domain == target)
        return detail

    return _edit_goal(actor, goal, "curriculum.move_goal", change)


def move_domain(actor, domain, subject):
    """Move a domain with its goals to the end of another subject; its name must be free there."""
    permissions.require(actor, "edit_goal")
    try:
        with db.atomic():
            domain = _fetch(Domain, domain, "Dit deelgebied bestaat niet meer.")
            target = _fetch(Subject, subject, "Dit hoofdgebied bestaat niet meer.")
            detail = f"{domain.name}: hoofdgebied {domain.subject.name} -> {target.name}"
            if domain.subject_id != target.id:
                _check_domain_name_free(target, domain.name, other_than=domain)
                domain.subject, domain.position = target, _next_position(Domain, Domain.subject == target)
                domain.save(only=[Domain.subject, Domain.position])
            _record(actor, "curriculum.move_domain", domain, detail)
    except IntegrityError:  # someone added the same name meanwhile
        raise Conflict("Dat hoofdgebied heeft al een deelgebied met deze naam.") from None
    _announce(actor, domain=domain)
    return domain
