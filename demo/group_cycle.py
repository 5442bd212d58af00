"""The demo school's coach's cycle: core subjects, test moments with results, exit levels with a history,
dated review rounds with filled-in forms and agreements, and a few more pupils to discuss.

Test moments per level and core subject: a start test (B, October), the middle (M, January) and the end (E,
June) of the year; results exist for the moments whose date has passed when the demo is built, so the demo
never shows a test nobody took. The featured class (Groep 5a) has its September review ready with two
agreements (one done, one that comes back in February); most other classes have theirs ready too.
"""

import datetime as dt

from models import (
    ExitLevel,
    ExitLevelChange,
    GroupReview,
    Note,
    NoteCategory,
    ReviewAgreement,
    ReviewAnswer,
    ReviewForm,
    ReviewQuestion,
    ReviewRound,
    Subject,
    TestMoment,
    TestResult,
)

from .builder import FEATURED_CLASS, SCHOOL_YEAR, insert
from .names import CLASS_NAMES

CORE = ("Rekenen", "Lezen", "Spelling")
MOMENTS = (("B", dt.date(2026, 10, 5), 60), ("M", dt.date(2027, 1, 25), 80), ("E", dt.date(2027, 6, 14), 100))
LEVELS = ("I", "II", "III", "IV", "V")
ROUND_DATES = {
    "September": dt.date(2026, 9, 28),
    "Februari": dt.date(2027, 2, 15),
    "April": dt.date(2027, 4, 12),
    "Juni": dt.date(2027, 6, 21),
}
ANSWERS = {
    "atmosphere": "Een fijne groep; de nieuwe leerlingen hebben snel hun plek gevonden.",
    "work_climate": "Rustig bij de instructie, na de pauze onrustiger. We starten de middag met een kringmoment.",
    "independent_work": "De meesten werken zelfstandig op het leerplein; vijf kinderen vragen nog veel hulp.",
    "group_forming": "De groep zit in de normfase. Twee meisjes trekken zich wat terug.",
    "cooperation": "Samenwerken in tweetallen gaat goed, in groepjes van vier nog niet.",
    "interaction": "Open en vriendelijk; de kinderen durven fouten te maken.",
    "needs_differentiation": "Bij rekenen drie niveaus: een derde van de groep kent de tafels nog niet vlot.",
    "needs_approach": "Korte instructie, daarna verlengde instructie aan de instructietafel.",
    "needs_organisation": "Een vast instructieblok op dinsdag en donderdag; de plusgroep werkt dan op het leerplein.",
    "teacher_needs": "Een collega die een keer meekijkt bij het leerplein, en tijd met de IB-er voor de leesgroep.",
}
EXIT_BY_RANK = ("VWO", "HAVO/VWO", "HAVO", "VMBO-GT/HAVO", "VMBO-KB/GT")


def cycle(builder):
    """Write the core subjects, test moments, results, exit levels, rounds, reviews and agreements."""
    rng = builder.rng
    Subject.update(is_core=True).where(Subject.name.in_(CORE)).execute()
    subjects = {s.name: s.id for s in Subject.select().where(Subject.name.in_(CORE))}
    insert(
        TestMoment,
        [
            {
                "name": f"{prefix}{level}",
                "subject": subjects[name],
                "school_year": SCHOOL_YEAR,
                "level": level,
                "date": day,
                "max_score": 40 + level * 12 + bonus,
            }
            for level in range(3, 9)
            for name in CORE
            for prefix, day, bonus in MOMENTS
        ],
    )
    moments = list(TestMoment.select())
    taken = [m for m in moments if m.date <= builder.now.date()]
    # Each pupil has an ability per subject; a result stays close to it, so that a pupil's line reads true.
    ability = {(p, s): rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4)) for p in builder.pupils for s in subjects.values()}
    by_level = {}
    for pupil, level in builder.pupils.items():
        by_level.setdefault(level, []).append(pupil)
    groups = builder.group_ids
    rows = []
    for moment in taken:
        for pupil in by_level.get(moment.level, []):
            rank = min(4, max(0, ability[(pupil, moment.subject_id)] + rng.choice((-1, 0, 0, 0, 1))))
            score = round(moment.max_score * (0.95 - rank * 0.17) * rng.uniform(0.93, 1.05))
            rows.append(
                {
                    "test_moment": moment.id,
                    "pupil": pupil,
                    "subject": moment.subject_id,
                    "group": groups[builder.class_of[pupil]],
                    "score": str(min(score, moment.max_score)),
                    "grade": LEVELS[rank],
                    "entered_by": builder.featured["teacher"],
                    "entered_at": builder.at(moment.date, moment.date + dt.timedelta(days=10)),
                }
            )
    insert(TestResult, rows)
    _exit_levels(builder, subjects, ability)
    _reviews(builder)
    return len(rows)


def _exit_levels(builder, subjects, ability):
    """Pupils from groep 6 on have an expected exit level per core subject; some changed once, with a reason."""
    rng, coach = builder.rng, builder.staff_ids["coach"]
    levels, changes = [], []
    for pupil, level in builder.pupils.items():
        if level < 6:
            continue
        group = builder.group_ids[builder.class_of[pupil]]
        for subject in subjects.values():
            now_level = EXIT_BY_RANK[ability[(pupil, subject)]]
            set_at = builder.at(dt.date(2026, 9, 14), dt.date(2026, 10, 2))
            first = now_level
            if rng.random() < 0.25:
                first = EXIT_BY_RANK[min(4, ability[(pupil, subject)] + 1)]
            changes.append((pupil, subject, group, None, first, "", set_at))
            if first != now_level:
                later = builder.at(dt.date(2026, 10, 12), dt.date(2026, 11, 20))
                changes.append((pupil, subject, group, first, now_level, "Sterke groei op de B-toets", later))
                set_at = later
            levels.append(
                {
                    "pupil": pupil,
                    "subject": subject,
                    "group": group,
                    "level": now_level,
                    "school_year": SCHOOL_YEAR,
                    "set_by": coach,
                    "set_at": set_at,
                }
            )
    insert(ExitLevel, levels)
    keys = ("pupil", "subject", "group", "from_level", "to_level", "reason", "changed_at")
    insert(ExitLevelChange, [{**dict(zip(keys, row)), "changed_by": coach} for row in changes])


def _reviews(builder):
    """Dated rounds; the September forms of most classes ready, the featured class's with its agreements."""
    rng, coach, teacher = builder.rng, builder.staff_ids["coach"], builder.featured["teacher"]
    for review_round in ReviewRound.select().where(ReviewRound.school_year == SCHOOL_YEAR):
        review_round.review_on = ROUND_DATES.get(review_round.name)
        review_round.save()
    september = ReviewRound.get((ReviewRound.school_year == SCHOOL_YEAR) & (ReviewRound.name == "September"))
    forms = {f.level_from: f for f in ReviewForm.select()}
    questions = {f.id: list(ReviewQuestion.select().where(ReviewQuestion.form == f.id)) for f in forms.values()}
    ready = [name for name in CLASS_NAMES if name == FEATURED_CLASS or rng.random() < 0.75]
    at = dt.datetime.combine(september.review_on - dt.timedelta(days=8), dt.time(15, 30))
    reviews = []
    for name in ready:
        form = forms[1] if name[6] in "12" else forms[3]
        reviews.append(
            {
                "group": builder.group_ids[name],
                "review_round": september.id,
                "form": form.id,
                "filled_at": at,
                "updated_at": at,
                "held_on": september.review_on,
            }
        )
    insert(GroupReview, reviews)
    made = {r.group_id: r for r in GroupReview.select().where(GroupReview.review_round == september.id)}
    answers = []
    for review in made.values():
        for question in questions[review.form_id]:
            answers.append(
                {"review": review.id, "question": question.id, "body": ANSWERS.get(question.key, "Gaat goed.")}
            )
    insert(ReviewAnswer, answers)
    featured = made[builder.group_ids[FEATURED_CLASS]]
    created = dt.datetime.combine(september.review_on, dt.time(14, 0))
    insert(
        ReviewAgreement,
        [
            {
                "review": featured.id,
                "text": "Vast instructieblok tafels op dinsdag en donderdag, aan de instructietafel.",
                "owner": teacher,
                "due_on": dt.date(2026, 10, 16),
                "created_by": coach,
                "created_at": created,
                "done_at": created + dt.timedelta(days=14),
                "done_by": teacher,
            },
            {
                "review": featured.id,
                "pupil": builder.featured["pupil"],
                "text": "Daan proberen in de leesgroep van groep 6; in februari evalueren.",
                "owner": coach,
                "due_on": dt.date(2027, 2, 15),
                "created_by": coach,
                "created_at": created,
            },
        ],
    )
    pupil_review = NoteCategory.get(name="leerlingbespreking")
    others = [p for p, g in builder.class_of.items() if g == FEATURED_CLASS and p != builder.featured["pupil"]]
    if others:
        insert(
            Note,
            [
                {
                    "group": builder.group_ids[FEATURED_CLASS],
                    "pupil": others[0],
                    "author": teacher,
                    "category": pupil_review.id,
                    "body": "Haakt af bij de verwerking van rekenen; thuis is het onrustig. Graag meedenken.",
                    "tags": "rekenen thuissituatie",
                    "created_at": builder.at(dt.date(2026, 11, 2), dt.date(2026, 11, 27)),
                }
            ],
        )
