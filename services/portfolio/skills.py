"""Skills (vaardigheden, SPEC 14): a school-made list apart from the curriculum, given to pupils by their
teachers (never automatically to a new group member, unlike goals), each rated 1-3 stars per period by the
pupil, the teacher and the parents. Every rating is kept; a period shows each voice's latest.

The pupil and the parents give stars while a rating round of one of the pupil's groups is open (rounds.py),
for that round's period; the teachers whenever they like, for the round's period or else the running one.
"""

import dataclasses

from peewee import JOIN, SQL, Value, fn

from models import Period, PupilSkill, Skill, SkillRating, User, db, now

from .. import audit, clock, permissions
from ..errors import DomainError, NotFound
from ..plans.lookups import fetch_pupils, ids_of, require_edit_plans
from .common import VOICE_TITLES, announce, current_period, require_voice, school_year, the_pupil
from .rounds import open_round_for

NO_ROUND = "Er is nu geen sterrenronde. Sterren geven kan als de juf of meester een sterrenronde opent."


@dataclasses.dataclass(frozen=True)
class SkillView:
    """A skill on a pupil's portfolio: the stars per period and voice (the chart), this period's stars per
    voice, and every rating as history (newest first)."""

    id: int
    name: str
    periods: list  # [(period id, name)] in time order
    stars: dict  # voice -> [stars or None per period]
    now: dict  # voice -> stars in the period ratings go to now (None: not yet)
    history: list  # [{voice, stars, period, by, at}]


def _skills(ids):
    ids = ids_of(ids)
    found = {s.id: s for s in Skill.select().where(Skill.id.in_(ids) & ~Skill.archived)} if ids else {}
    if len(found) != len(ids):
        raise NotFound("Deze vaardigheid bestaat niet (meer).")
    return [found[i] for i in ids]


def active_skills():
    """The school's list, in its order."""
    return list(Skill.select().where(~Skill.archived).order_by(Skill.position, Skill.name))


def give_skills(actor, pupils, skills):
    """Give skills to pupils (pairs they have already are left as they are); returns the number given.

    The pupils' teachers only: one query checks them all, whatever their number."""
    pupils, skills = fetch_pupils(pupils), _skills(skills)
    if not pupils or not skills:
        raise DomainError("Kies minstens één leerling en één vaardigheid.")
    require_edit_plans(actor, pupils)
    by = permissions.recorded_as(actor)
    pupil_ids, skill_ids = [p.id for p in pupils], [s.id for s in skills]
    existing = PupilSkill.alias("existing")
    columns, fields = [User.id, Skill.id, Value(now())], [PupilSkill.pupil, PupilSkill.skill, PupilSkill.given_at]
    if by is not None:  # a NULL constant would need a type cast on PostgreSQL: leave the column out
        columns.append(Value(by.id))
        fields.append(PupilSkill.given_by)
    pairs = (
        User.select(*columns)
        .join(Skill, JOIN.CROSS)
        .where(
            User.id.in_(pupil_ids)
            & Skill.id.in_(skill_ids)
            & ~fn.EXISTS(existing.select(SQL("1")).where((existing.pupil == User.id) & (existing.skill == Skill.id)))
        )
    )
    with db.atomic():
        given = PupilSkill.insert_from(pairs, fields).as_rowcount().execute()
        audit.record(by, "skills_given", None, detail=f"{len(skills)} vaardigheden, {len(pupils)} leerlingen: {given}")
    for pupil_id in pupil_ids:
        announce(actor, pupil_id, "skills")
    return given


def take_skill(actor, pupil, skill):
    """Take a skill off a pupil's portfolio; its ratings stay in the history."""
    pupil = the_pupil(pupil)
    permissions.require(actor, "keep_portfolio", pupil, message="Alleen een leraar van deze leerling doet dit.")
    skill_id = int(getattr(skill, "id", skill))
    with db.atomic():
        removed = PupilSkill.delete().where((PupilSkill.pupil == pupil.id) & (PupilSkill.skill == skill_id)).execute()
        if not removed:
            raise NotFound("Deze vaardigheid hoort niet (meer) bij deze leerling.")
        audit.record(permissions.recorded_as(actor), "skill_taken", pupil, detail=f"vaardigheid {skill_id}")
    announce(actor, pupil, "skills")


def rating_period(voice, pupil, today=None):
    """The period a rating by `voice` goes to now: the open round's; the teachers' without a round, the
    running one. DomainError for the pupil and parents when no round is open."""
    found = open_round_for(pupil, today)
    if found is not None:
        return found.period
    if voice != "teacher":
        raise DomainError(NO_ROUND)
    return current_period(today)


def rate_skill(actor, pupil, skill, voice, stars, today=None):
    """`voice` gives `pupil` 1-3 stars for one of their skills; returns the SkillRating (kept as history)."""
    pupil = the_pupil(pupil)
    require_voice(actor, "rate_skill", pupil, voice)
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        raise DomainError("Kies 1, 2 of 3 sterren.") from None
    if not 1 <= stars <= 3:
        raise DomainError("Kies 1, 2 of 3 sterren.")
    try:
        skill_id = int(getattr(skill, "id", skill))
    except (TypeError, ValueError):
        raise NotFound("Deze vaardigheid bestaat niet (meer).") from None
    given = (
        PupilSkill.select(PupilSkill, Skill)
        .join(Skill)
        .where((PupilSkill.pupil == pupil.id) & (PupilSkill.skill == skill_id) & ~Skill.archived)
        .first()
    )
    if given is None:
        raise NotFound(f"Deze vaardigheid hoort niet bij {pupil.first_name}.")
    period = rating_period(voice, pupil, today)
    by = permissions.recorded_as(actor)
    with db.atomic():
        rating = SkillRating.create(
            pupil=pupil.id, skill=skill_id, period=period.id, voice=voice, stars=stars, rated_by=by, rated_at=now()
        )
    announce(actor, pupil, "ratings")
    return rating


def _period_columns(ratings):
    """The periods a chart shows: those of the running school year and any other with a rating, in time order."""
    rated, year = [r.period_id for r in ratings if r.period_id], school_year()
    rows = Period.select().where((Period.school_year == year) | Period.id.in_(rated or [0]))
    return [
        (p.id, p.name if p.school_year == year else f"{p.name} ({p.school_year})")
        for p in rows.order_by(Period.start_date, Period.id)
    ]


def _now_period(pupil, today):
    """The period ratings go to now: the open round's, else the running one (None in a holiday)."""
    round_ = open_round_for(pupil, today)
    if round_ is not None:
        return round_.period_id
    running = Period.on(today)
    return running.id if running else None


def skills_of(actor, pupil, today=None):
    """The pupil's skills with their stars (SkillView per skill, in the school's order), in a fixed number of
    queries whatever the number of skills and ratings."""
    pupil = the_pupil(pupil)
    permissions.require(actor, "view_portfolio", pupil)
    today = today or clock.today()
    skills = list(
        Skill.select()
        .join(PupilSkill)
        .where((PupilSkill.pupil == pupil.id) & ~Skill.archived)
        .order_by(Skill.position, Skill.name)
    )
    if not skills:
        return []
    Rater = User.alias()
    ratings = list(  # plain rows: a pupil collects hundreds of ratings over the years
        SkillRating.select(
            SkillRating.skill.alias("skill_id"),
            SkillRating.period.alias("period_id"),
            SkillRating.voice,
            SkillRating.stars,
            SkillRating.rated_at,
            Period.name.alias("period_name"),
            Rater.first_name,
            Rater.infix,
            Rater.last_name,
        )
        .join(Period, JOIN.LEFT_OUTER)
        .switch(SkillRating)
        .join(Rater, JOIN.LEFT_OUTER, on=(SkillRating.rated_by == Rater.id))
        .where((SkillRating.pupil == pupil.id) & SkillRating.skill.in_([s.id for s in skills]))
        .order_by(SkillRating.rated_at, SkillRating.id)
        .namedtuples()
    )
    periods = _period_columns(ratings)
    now_period = _now_period(pupil, today)
    column = {period_id: i for i, (period_id, _) in enumerate(periods)}
    views = []
    for skill in skills:
        stars = {voice: [None] * len(periods) for voice in VOICE_TITLES}
        latest, history = dict.fromkeys(VOICE_TITLES), []
        for r in (r for r in ratings if r.skill_id == skill.id):
            if r.period_id in column:
                stars[r.voice][column[r.period_id]] = r.stars  # later ratings overwrite earlier ones
            if r.period_id is not None and r.period_id == now_period:
                latest[r.voice] = r.stars
            history.append(
                {
                    "voice": r.voice,
                    "stars": r.stars,
                    "period": r.period_name or "",
                    "by": " ".join(part for part in (r.first_name, r.infix, r.last_name) if part),
                    "at": r.rated_at,
                }
            )
        views.append(SkillView(skill.id, skill.name, periods, stars, latest, history[::-1]))
    return views
