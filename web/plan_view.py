"""What the plan pages share: status badges, reading ids and filters from a request, the goal picker.

Views hand templates plain values (dicts, strings) computed here, so that templates hold no logic.
"""

from flask import request
from flask_babel import format_datetime

from models import Domain, Group, GroupMember, Status, Subject
from services import curriculum
from services.errors import DomainError
from services.status_badges import badge

# The order a pupil reads their plan in: what to work on now first (SPEC 3, 9).
SECTION_ORDER = ("highlighted", "practising", "current", "coming", "achieved")
CHANNEL_NAMES = {
    "web": "web",
    "bot": "bot",
    "import": "import",
    "rollover": "periodewissel",
    "admin": "beheer",
    "goal_set": "doelenset",
    "system": "systeem",
}
SOURCE_NAMES = {"generated": "periodewissel", "manual": "met de hand", "goal_set": "doelenset", "import": "import"}
PLAN_NAMES = {"current": "huidige plan", "coming": "komende plan"}


def when(moment):
    """A stored (naive UTC) moment as the school reads it: local time, Dutch order."""
    return format_datetime(moment, "dd-MM-yyyy HH:mm") if moment else ""


def int_arg(name, source=None, what="keuze"):
    """An optional whole-number field of the request; a tampered value is a Dutch 400, never a crash."""
    raw = (source if source is not None else request.args).get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise DomainError(f"Ongeldige {what}. Laad de pagina opnieuw en probeer het nog eens.")
    return int(raw)


def int_list(name, source=None, what="keuze"):
    """All values of a repeated whole-number field, in order without repeats."""
    values = (source if source is not None else request.args).getlist(name)
    ids = []
    for raw in values:
        raw = raw.strip()
        if not raw.isdigit() or len(raw) > 9:
            raise DomainError(f"Ongeldige {what}. Laad de pagina opnieuw en probeer het nog eens.")
        if int(raw) not in ids:
            ids.append(int(raw))
    return ids


def group_names(pupil):
    """The names of the pupil's groups (not archived), in order."""
    return [
        g.name
        for g in Group.select(Group.name)
        .join(GroupMember)
        .where((GroupMember.pupil == pupil.id) & ~Group.archived)
        .order_by(Group.name)
    ]


def statuses():
    """The school's statuses in scale order, as badges."""
    return [badge(s) for s in Status.select().order_by(Status.position)]


def subject_options():
    return [{"id": s.id, "name": s.name} for s in Subject.select().order_by(Subject.position, Subject.name)]


def domain_options(subject_id=None):
    query = (
        Domain.select(Domain, Subject)
        .join(Subject)
        .order_by(Subject.position, Subject.name, Domain.position, Domain.name)
    )
    if subject_id is not None:
        query = query.where(Domain.subject == subject_id)
    return [{"id": d.id, "name": f"{d.subject.name} · {d.name}"} for d in query]


def goal_picker(actor, args=None, chosen=()):
    """The curriculum as a checkbox tree, filtered by subject, domain, level and period from the request."""
    args = args if args is not None else request.args
    filters = {
        "vak": int_arg("vak", args, "vak"),
        "deelgebied": int_arg("deelgebied", args, "deelgebied"),
        "niveau": int_arg("niveau", args, "niveau"),
        "periode": int_arg("periode", args, "periode"),
    }
    chosen = set(chosen)
    subjects = []
    for node in curriculum.tree(actor, levels=filters["niveau"], periods=filters["periode"], subject=filters["vak"]):
        domains = []
        for domain_node in node.domains:
            if filters["deelgebied"] is not None and domain_node.domain.id != filters["deelgebied"]:
                continue
            goals = [
                {"id": g.id, "title": g.title, "level": g.level, "period": g.period, "checked": g.id in chosen}
                for g in domain_node.goals
            ]
            if goals:
                domains.append({"name": domain_node.domain.name, "goals": goals})
        if domains:
            subjects.append(
                {"name": node.subject.name, "domains": domains, "count": sum(len(d["goals"]) for d in domains)}
            )
    return {
        "filters": filters,
        "subjects": subjects,
        "subject_options": subject_options(),
        "domain_options": domain_options(filters["vak"]),
        "levels": list(curriculum.LEVELS),
        "periods": list(range(1, curriculum.number_of_periods() + 1)),
        "total": sum(s["count"] for s in subjects),
    }
