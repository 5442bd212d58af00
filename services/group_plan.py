"""A group plan from the data (issue 15, point 5): for a subject or a domain, three instruction groups the way
Dutch schools draw their group plan (intensief, basis, meer), proposed from each pupil's goal statuses in that
area and their latest test level; the teacher moves pupils between them and saves them as groups through the
goal matrix's "make a group" (services.groups.group_from_selection), so the matrix and the class folder use
them like any other group.

The rule, as the page explains it to the teacher:
- intensief: level IV or V (D or E) at the latest test of the subject, or a third or more of the pupil's
  goals in the area at "oefenen";
- meer: otherwise, level I (A) at the latest test or at least half of the goals achieved, and no goal at
  "oefenen";
- basis: everyone else (also a pupil with no goals in the area and no test yet).
Goals on the coming plan do not count.

    propose(actor, group, subject=None, domain=None) -> Proposal
    save_plan(actor, group, bands, names, group_type) -> [Group]
"""

from dataclasses import dataclass, field

from peewee import fn

from models import Domain, Goal, PlanGoal, Status, Subject, TestMoment, TestResult, db

from . import audit, groups, permissions
from .analysis import level_rank, members
from .errors import DomainError, NotFound

BANDS = ("intensief", "basis", "meer")
BAND_NAMES = {"intensief": "Intensief", "basis": "Basis", "meer": "Meer"}


@dataclass
class PupilSignal:
    pupil: object
    band: str
    level: str = ""  # latest test level of the subject, "" without
    goals: int = 0  # goals in the area on the current plan
    achieved: int = 0
    practising: int = 0
    why: str = ""


@dataclass
class Proposal:
    group: object
    subject: object
    domain: object = None
    pupils: list = field(default_factory=list)

    @property
    def area(self):
        return self.domain.name if self.domain else self.subject.name

    def default_name(self, band):
        return f"{self.area} {band} {self.group.name}"

    def in_band(self, band):
        return [p for p in self.pupils if p.band == band]


def _area(subject, domain):
    if domain:
        found = Domain.select(Domain, Subject).join(Subject).where(Domain.id == domain).first()
        if found is None:
            raise NotFound("Dit deelgebied bestaat niet (meer).")
        return found.subject, found
    found = Subject.get_or_none(Subject.id == subject) if subject else None
    if found is None:
        raise DomainError("Kies een hoofdgebied of een deelgebied voor het groepsplan.")
    return found, None


def _band(level, goals, achieved, practising):
    rank = level_rank(level)
    if (rank is not None and rank >= 3) or (goals and practising * 3 >= goals):
        return "intensief"
    if not practising and (rank == 0 or (goals and achieved * 2 >= goals)):
        return "meer"
    return "basis"


def _why(level, goals, achieved, practising):
    parts = [f"niveau {level}" if level else "nog geen toets"]
    parts.append(f"{achieved} van {goals} behaald, {practising} op oefenen" if goals else "geen leerdoelen hier")
    return "; ".join(parts)


def propose(actor, group, subject=None, domain=None):
    """The proposal for the group's pupils in a subject (or one domain): three queries."""
    permissions.require(actor, "view_group_notes")
    group = groups.fetch_group(group)
    subject, domain = _area(subject, domain)
    pupils = members(group)
    ids = [p.id for p in pupils] or [0]
    area = (
        Goal.domain == domain.id
        if domain
        else Goal.domain.in_(Domain.select(Domain.id).where(Domain.subject == subject.id))
    )
    counts = {}
    for pupil_id, key, n in (
        PlanGoal.select(PlanGoal.pupil, Status.key, fn.COUNT(PlanGoal.id))
        .join(Status)
        .switch(PlanGoal)
        .join(Goal)
        .where(PlanGoal.pupil.in_(ids) & area & (Status.key != "coming"))
        .group_by(PlanGoal.pupil, Status.key)
        .tuples()
    ):
        counts.setdefault(pupil_id, {})[key] = n
    latest = {}
    for pupil_id, grade, year, day, result_id in (
        TestResult.select(TestResult.pupil, TestResult.grade, TestMoment.school_year, TestMoment.date, TestResult.id)
        .join(TestMoment)
        .where(TestResult.pupil.in_(ids) & (TestMoment.subject == subject.id) & (TestResult.grade != ""))
        .tuples()
    ):
        key = (year, str(day or ""), result_id)  # the latest school year, then date, then entry
        if pupil_id not in latest or key > latest[pupil_id][0]:
            latest[pupil_id] = (key, grade)
    proposal = Proposal(group=group, subject=subject, domain=domain)
    for pupil in pupils:
        found = counts.get(pupil.id, {})
        goals, achieved, practising = sum(found.values()), found.get("achieved", 0), found.get("practising", 0)
        level = latest.get(pupil.id, (None, ""))[1]
        proposal.pupils.append(
            PupilSignal(
                pupil=pupil,
                band=_band(level, goals, achieved, practising),
                level=level,
                goals=goals,
                achieved=achieved,
                practising=practising,
                why=_why(level, goals, achieved, practising),
            )
        )
    return proposal


def save_plan(actor, group, bands, names, group_type):
    """Make a group of each band's pupils ({pupil id: band}; a pupil left out is in none), named by `names`
    ({band: name}), of `group_type`, all at once or none. Returns the new groups."""
    group = groups.fetch_group(group)
    permissions.require(
        actor, "plan_instruction_groups", group, message="Je kunt voor deze groep geen groepsplan maken."
    )
    member_ids = {p.id for p in members(group)}
    chosen = {band: [] for band in BANDS}
    for pupil_id, band in bands.items():
        if band not in chosen:
            raise DomainError("Kies voor elke leerling intensief, basis of meer.")
        if pupil_id not in member_ids:
            raise DomainError("Een van deze leerlingen zit niet (meer) in de groep. Laad de pagina opnieuw.")
        chosen[band].append(pupil_id)
    if not any(chosen.values()):
        raise DomainError("Zet minstens één leerling in een instructiegroep.")
    made = []
    with db.atomic():
        for band in BANDS:
            if chosen[band]:
                made.append(
                    groups.group_from_selection(
                        actor, (names.get(band) or "").strip(), group_type, chosen[band], source_group=group
                    )
                )
        audit.record(
            permissions.recorded_as(actor),
            "group_plan_saved",
            group,
            detail=", ".join(f"{g.name} ({len(chosen[b])})" for g, b in zip(made, [b for b in BANDS if chosen[b]])),
        )
    return made
