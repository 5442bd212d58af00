"""What the curriculum pages show: the filtered tree, the counts ("aantallen inzien") and a goal's page,
as plain values for the templates (SPEC 4)."""

from flask import url_for

from models import Document, Domain, PlanGoal, Subject
from services import curriculum, permissions


def filter_options(levels, periods):
    """The level and period checkboxes, with the chosen ones ticked."""
    return {
        "levels": [{"value": n, "checked": n in levels} for n in curriculum.LEVELS],
        "periods": [{"value": n, "checked": n in periods} for n in range(1, curriculum.number_of_periods() + 1)],
    }


def tree(user, levels, periods):
    """Subjects → domains → goals, with the goal count of each domain under the filter."""
    subjects = []
    for node in curriculum.tree(user, levels=levels or None, periods=periods or None):
        domains = [
            {
                "id": d.domain.id,
                "name": d.domain.name,
                "count": len(d.goals),
                "goals": [
                    {
                        "id": g.id,
                        "title": g.title,
                        "level": g.level,
                        "period": g.period,
                        "url": url_for("teacher_curriculum.goal", goal_id=g.id),
                    }
                    for g in d.goals
                ],
            }
            for d in node.domains
        ]
        subjects.append(
            {
                "id": node.subject.id,
                "name": node.subject.name,
                "domains": domains,
                "count": sum(d["count"] for d in domains),
            }
        )
    return subjects


def counts(user, levels, periods):
    """Goals per subject and per domain, in total and per period, for the chosen levels and periods."""
    period_numbers = periods or list(range(1, curriculum.number_of_periods() + 1))
    rows = []
    for subject in curriculum.counts(user, levels=levels or None, periods=periods or None):
        rows.append(
            {
                "name": subject.name,
                "total": subject.total,
                "is_subject": True,
                "per_period": [subject.per_period.get(p, 0) for p in period_numbers],
            }
        )
        for domain in subject.domains:
            rows.append(
                {
                    "name": domain.name,
                    "total": domain.total,
                    "is_subject": False,
                    "per_period": [domain.per_period.get(p, 0) for p in period_numbers],
                }
            )
    return {"periods": period_numbers, "rows": rows}


def subject_options():
    return [{"id": s.id, "name": s.name} for s in Subject.select().order_by(Subject.position, Subject.name)]


def domain_options():
    """Every domain, grouped by subject, for the "move goal" choice."""
    groups = {}
    for domain in (
        Domain.select(Domain, Subject)
        .join(Subject)
        .order_by(Subject.position, Subject.name, Domain.position, Domain.name)
    ):
        groups.setdefault(domain.subject.name, []).append({"id": domain.id, "name": domain.name})
    return [{"subject": name, "domains": domains} for name, domains in groups.items()]


def _web_link(url):
    """`url` when it is an http(s) address; anything else (javascript:, data:) is never made a link."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else None


def goal_page(user, goal):
    """A goal's page: where it sits, level, period, description, material, steps, and what `user` may do."""
    domain = Domain.select(Domain, Subject).join(Subject).where(Domain.id == goal.domain_id).get()
    material = [
        {"title": d.title, "url": _web_link(d.url), "filename": d.filename}
        for d in Document.select()
        .where((Document.kind == "material") & (Document.goal == goal.id))
        .order_by(Document.title, Document.id)
    ]
    return {
        "id": goal.id,
        "title": goal.title,
        "level": goal.level,
        "period": goal.period,
        "subject": domain.subject.name,
        "domain": domain.name,
        "domain_id": domain.id,
        "description": goal.description,
        "steps_text": goal.steps,
        "steps": goal.step_list,
        "archived": goal.archived,
        "material": material,
        "pupils": PlanGoal.select().where(PlanGoal.goal == goal.id).count(),
        "can_edit": permissions.can(user, "edit_goal") and not goal.archived,
        "can_remove": permissions.can(user, "add_remove_goal") and not goal.archived,
        "levels": list(curriculum.LEVELS),
        "periods": list(range(1, curriculum.number_of_periods() + 1)),
    }
