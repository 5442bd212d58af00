"""The demo school's portfolios ("Dit ben ik", issue 17), written after the plans.

From groep 3 on every pupil has three skills from their teacher, with stars of period 1 (the pupil's and the
teacher's, and some parents'); the featured class has a rating round open now, in which half the class has
given stars already. The featured class writes its texts and keeps evidence notes on its goals (some from the
bot, a few marked as highlights); Daan had a reflection conversation in October that put two goals on his
coming plan, and has the next one planned for next week, half prepared.
"""

import datetime as dt

from models import (
    Conversation,
    ConversationAnswer,
    ConversationEvidence,
    ConversationGoal,
    ConversationQuestion,
    Document,
    ParentLink,
    PlanGoal,
    PortfolioText,
    PupilSkill,
    RatingRound,
    Skill,
    SkillRating,
    Status,
    StatusChange,
    User,
)
from services import clock, portfolio
from services.errors import DomainError

from .builder import FEATURED_CLASS, SCHOOL_YEAR, insert
from .names import CLASS_NAMES

SKILLS = ("samenwerken", "plannen", "zelfstandig werken")
FIRST_LEVEL = 3  # the youngest classes do without stars
PUPIL_TEXTS = (
    "Ik ben {name}. Ik hou van voetbal en van tekenen. Op school vind ik rekenen het leukst.",
    "Ik ben {name}. Ik lees graag strips en ik wil later dierenarts worden.",
    "Ik ben {name}. Ik ben goed in bouwen en ik help graag anderen in de klas.",
)
TEACHER_TEXT = (
    "{name} werkt geconcentreerd op het leerplein en durft hulp te vragen. Plannen gaat steeds beter: "
    "{name} kiest zelf uitgelichte doelen en maakt ze af."
)
PARENT_TEXT = "Thuis vertelt {name} enthousiast over de klok en de tafels. We oefenen samen bij het koken."
NOTES = (
    "Ik heb de oefeningen van stap 1 en 2 gemaakt en nagekeken.",
    "Samen met mijn maatje een poster gemaakt over dit doel.",
    "Ik kan het nu uitleggen aan iemand anders!",
)
ANSWERS = (
    "Op mijn poster over de klok: die heb ik helemaal zelf gemaakt.",
    "De tafel van 3. Ik heb elke dag geoefend met de kaartjes.",
    "Breuken. Het hielp om met de breukenstokken te werken.",
    "Plannen ging goed, samenwerken soms lastig als het druk is.",
    "Klokkijken tot op de minuut, en meer lezen.",
)


def portfolios(builder):
    """Write skills, stars, a rating round, texts, evidence and conversations; return the number of pupils
    with a portfolio."""
    rng, periods = builder.rng, builder.periods
    skills = [s.id for s in Skill.select().where(Skill.name.in_(SKILLS)).order_by(Skill.position)]
    pupils = [p for p, level in builder.pupils.items() if level >= FIRST_LEVEL]
    teacher_of = {name: teachers[0] for name, teachers in zip(CLASS_NAMES, builder.class_teachers)}
    parent_of = {link.pupil_id: link.parent_id for link in ParentLink.select().order_by(ParentLink.id)}
    insert(
        PupilSkill,
        [{"pupil": p, "skill": s, "given_by": teacher_of[builder.class_of[p]]} for p in pupils for s in skills],
    )
    first = periods[1]
    ratings = []
    for pupil in pupils:
        teacher = teacher_of[builder.class_of[pupil]]
        for skill in skills:
            base = rng.choice((1, 2, 2, 3))
            at = builder.at(first.end_date - dt.timedelta(days=14), first.end_date)
            ratings.append(_rating(pupil, skill, first, "pupil", min(3, base + rng.choice((0, 0, 1))), pupil, at))
            ratings.append(_rating(pupil, skill, first, "teacher", base, teacher, at))
            if rng.random() < 0.4:
                ratings.append(_rating(pupil, skill, first, "parent", base, parent_of.get(pupil), at))
    featured_class = [p for p in pupils if builder.class_of[p] == FEATURED_CLASS]
    round_period = _open_round(builder)
    if round_period is not None:
        for pupil in featured_class[::2]:
            for skill in skills:
                ratings.append(_rating(pupil, skill, round_period, "pupil", rng.randint(2, 3), pupil, builder.now))
    insert(SkillRating, ratings)
    _texts(builder, featured_class)
    _evidence(builder, featured_class)
    _conversations(builder)
    return len(pupils)


def _rating(pupil, skill, period, voice, stars, by, at):
    return {
        "pupil": pupil,
        "skill": skill,
        "period": period.id,
        "voice": voice,
        "stars": stars,
        "rated_by": by,
        "rated_at": at,
    }


def _open_round(builder):
    """The featured class's rating round, open this week (in the period of today); None outside the year."""
    today = clock.today()
    try:
        period = portfolio.current_period(today)
    except DomainError:
        return None
    if period.school_year != SCHOOL_YEAR:
        return None
    RatingRound.create(
        group=builder.group_ids[FEATURED_CLASS],
        period=period.id,
        opened_by=builder.featured["teacher"],
        opened_at=builder.now - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=6),
    )
    return period


def _texts(builder, pupils):
    names = {p.id: p.first_name for p in _users(pupils)}
    rows = []
    for i, pupil in enumerate(pupils):
        at = builder.at(dt.date(2026, 9, 7), dt.date(2026, 10, 30))
        rows.append(_text(pupil, "pupil", PUPIL_TEXTS[i % len(PUPIL_TEXTS)].format(name=names[pupil]), pupil, at))
        rows.append(_text(pupil, "teacher", TEACHER_TEXT.format(name=names[pupil]), builder.featured["teacher"], at))
    featured = builder.featured["pupil"]
    rows.append(_text(featured, "parent", PARENT_TEXT.format(name="Daan"), builder.featured["parent"], builder.now))
    insert(PortfolioText, rows)


def _text(pupil, voice, body, by, at):
    return {
        "pupil": pupil,
        "voice": voice,
        "school_year": SCHOOL_YEAR,
        "body": body,
        "updated_by": by,
        "updated_at": at,
    }


def _evidence(builder, pupils):
    """Notes on goals the pupils worked on (highlighted or achieved), some from the bot; a few highlights."""
    rng = builder.rng
    worked_on = {}
    for plan_goal in (
        PlanGoal.select(PlanGoal.pupil, PlanGoal.goal)
        .join(Status)
        .where(PlanGoal.pupil.in_(pupils) & Status.key.in_(("highlighted", "achieved")))
        .order_by(PlanGoal.id)
    ):
        worked_on.setdefault(plan_goal.pupil_id, []).append(plan_goal.goal_id)
    rows = []
    for pupil in pupils:
        for goal in rng.sample(worked_on.get(pupil, []), min(2, len(worked_on.get(pupil, [])))):
            note = rng.choice(NOTES)
            rows.append(
                {
                    "kind": "evidence",
                    "title": note,
                    "body": note,
                    "pupil": pupil,
                    "goal": goal,
                    "uploaded_by": pupil,
                    "channel": rng.choice(("bot", "web")),
                    "highlighted": rng.random() < 0.25 or pupil == builder.featured["pupil"],
                    "created_at": builder.at(dt.date(2026, 9, 14), dt.date(2026, 11, 27)),
                }
            )
    insert(Document, rows)


def _conversations(builder):
    """Daan's conversation of October (two goals agreed onto his coming plan) and the next one, half prepared."""
    pupil, teacher = builder.featured["pupil"], builder.featured["teacher"]
    held = builder.at(dt.date(2026, 10, 19), dt.date(2026, 10, 23))
    conversation = Conversation.create(
        pupil=pupil,
        teacher=teacher,
        held_on=held.date(),
        notes="Daan is trots op zijn klokposter. Afgesproken: tijd nemen voor breuken, klokkijken als volgende stap.",
        went_well="De tafels, en ik heb mijn planning gehaald.",
        was_hard="Breuken vergelijken.",
        learn_next="Klokkijken tot op de minuut.",
        prepared_at=held - dt.timedelta(days=2),
        recorded_at=held,
        created_at=held - dt.timedelta(days=7),
    )
    questions = list(
        ConversationQuestion.select().where(~ConversationQuestion.archived).order_by(ConversationQuestion.position)
    )
    insert(
        ConversationAnswer,
        [
            {"conversation": conversation.id, "position": i, "question": q.text, "answer": ANSWERS[i % len(ANSWERS)]}
            for i, q in enumerate(questions)
        ],
    )
    piece = Document.select(Document.id).where((Document.pupil == pupil) & (Document.kind == "evidence")).first()
    if piece:
        ConversationEvidence.create(conversation=conversation, document=piece.id)
    agreed = list(
        PlanGoal.select()
        .join(Status)
        .where((PlanGoal.pupil == pupil) & (Status.key == "coming"))
        .order_by(PlanGoal.id)
        .limit(2)
    )
    insert(ConversationGoal, [{"conversation": conversation.id, "goal": pg.goal_id, "plan": "coming"} for pg in agreed])
    ids = [pg.id for pg in agreed]
    PlanGoal.update(source="manual", added_at=held, changed_at=held).where(PlanGoal.id.in_(ids)).execute()
    StatusChange.update(channel="conversation", changed_by=teacher, changed_at=held).where(
        StatusChange.plan_goal.in_(ids)
    ).execute()
    Conversation.create(
        pupil=pupil,
        teacher=teacher,
        held_on=clock.today() + dt.timedelta(days=7),
        went_well="Ik heb de klok geoefend met de app.",
        prepared_at=builder.now,
        created_at=builder.now - dt.timedelta(days=2),
    )


def _users(ids):
    return User.select(User.id, User.first_name).where(User.id.in_(ids))
