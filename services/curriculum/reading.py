"""Reading the curriculum: the tree of subjects, domains and goals, and the counts per period."""

from dataclasses import dataclass, field

from peewee import fn

from models import Domain, Goal, Period, SchoolSettings, Subject

from .. import permissions

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
