"""The demo school's class folder and week planning, for the featured class (Groep 5a) in the week of the day
the demo is built (the class folder opens on it): its lessons written with goals the class is working on, a
lesson type and a few notes; attendance of the days so far (a pupil ill since Monday's first block, another
late this morning); the teacher's additions to some pupils' weeks; and the pupils' ticks, on the web and
through the bot. Outside the demo's school year there is no such week, and nothing is written.
"""

import datetime as dt

from models import (
    Attendance,
    Domain,
    Goal,
    Lesson,
    LessonBlock,
    LessonGoal,
    LessonType,
    PlanGoal,
    Status,
    Subject,
    WeekGoal,
    WeekTick,
)

from .builder import FEATURED_CLASS, PERIODS, insert

ACTIVE = ("current", "highlighted", "practising")
NOTES = {
    "Rekenen": "Instructietafel voor de groep die nog oefent; de anderen werken zelfstandig verder.",
    "Spelling": "Dictee van tien woorden aan het eind van de les.",
    "Leerplein": "Werk aan je uitgelichte doelen; vragen aan juf Sanne.",
}


def _monday(day):
    return day - dt.timedelta(days=day.weekday())


def _active_goals(pupils):
    """{subject name: [(goal id, number of pupils with it active)], most shared first} and, per pupil, their
    active plan goals {pupil: {goal id: (plan goal id, status key)}}."""
    rows = (
        PlanGoal.select(PlanGoal.id, PlanGoal.pupil, PlanGoal.goal, Status.key, Subject.name)
        .join(Status)
        .switch(PlanGoal)
        .join(Goal)
        .join(Domain)
        .join(Subject)
        .where(PlanGoal.pupil.in_(pupils) & Status.key.in_(ACTIVE))
        .tuples()
    )
    shared, held = {}, {}
    for plan_goal, pupil, goal, key, subject in rows:
        counts = shared.setdefault(subject, {})
        counts[goal] = counts.get(goal, 0) + 1
        held.setdefault(pupil, {})[goal] = (plan_goal, key)
    ranked = {s: sorted(c.items(), key=lambda item: (-item[1], item[0])) for s, c in shared.items()}
    return ranked, held


def _lesson_goals(ranked, title, day_number):
    """Two goals for a lesson: the class's most shared active goals of its subject, different each day."""
    choices = ranked.get(title) or [item for items in ranked.values() for item in items[:1]]
    if not choices:
        return []
    first = (day_number * 2) % len(choices)
    return sorted({choices[first][0], choices[(first + 1) % len(choices)][0]})


def class_folder(builder, today=None):
    """Write this week's class folder and week planning of the featured class; return (lessons, ticks)."""
    today = today or builder.now.date()
    monday = _monday(today)
    days = [monday + dt.timedelta(days=n) for n in range(5) if PERIODS[0][2] <= monday + dt.timedelta(days=n)]
    days = [day for day in days if day <= PERIODS[-1][3]]
    if not days:
        return 0, 0
    group = builder.group_ids[FEATURED_CLASS]
    teacher = builder.featured["teacher"]
    pupils = sorted(p for p, name in builder.class_of.items() if name == FEATURED_CLASS)
    ranked, held = _active_goals(pupils)
    types = {t.name: t.id for t in LessonType.select()}
    blocks = list(LessonBlock.select().where(LessonBlock.group == group).order_by(LessonBlock.start_time))
    lessons, links = [], {}
    for number, day in enumerate(days):
        for block in (b for b in blocks if b.weekday == day.weekday()):
            goals = _lesson_goals(ranked, block.title, number)
            kind = "leerplein" if block.is_learning_square else ("instructie" if number % 2 == 0 else "verwerking")
            lessons.append(
                {
                    "block": block.id,
                    "group": group,
                    "date": day,
                    "title": block.title,
                    "start_time": block.start_time,
                    "end_time": block.end_time,
                    "teacher": block.teacher_id,
                    "room": block.room,
                    "lesson_type": types.get(kind),
                    "note": NOTES.get(block.title, "") if day == today or number == 0 else "",
                }
            )
            links[(block.id, day)] = goals
    insert(Lesson, lessons)
    written = {
        (row.block_id, row.date): row for row in Lesson.select().where((Lesson.group == group) & Lesson.date.in_(days))
    }
    insert(
        LessonGoal,
        [{"lesson": written[key].id, "goal": goal} for key, goals in links.items() for goal in goals],
    )
    _attendance(builder, written, [d for d in days if d <= today], pupils, teacher)
    return len(lessons), _week_planning(builder, monday, today, links, held, pupils, teacher)


def _attendance(builder, written, days, pupils, teacher):
    """Attendance of the days so far: one pupil ill since Monday's first block (the rest of the day follows
    it), and one who came late this morning, present from the second block on."""
    if not days or len(pupils) < 3:
        return
    reasons = {}
    for day in (days[0], days[-1]):
        for lesson in sorted((w for (_b, d), w in written.items() if d == day), key=lambda w: w.start_time)[:2]:
            reasons.setdefault(day, []).append(lesson)
    ill, late = builder.rng.sample([p for p in pupils if p != builder.featured["pupil"]], 2)
    at = dt.datetime.combine(days[0], dt.time(8, 35))
    rows = [{"lesson": reasons[days[0]][0].id, "pupil": ill, "present": False, "reason": "ziek"}]
    rows.append({"lesson": reasons[days[-1]][0].id, "pupil": late, "present": False, "reason": "te laat"})
    if len(reasons[days[-1]]) > 1:
        rows.append({"lesson": reasons[days[-1]][1].id, "pupil": late, "present": True, "reason": ""})
    insert(Attendance, [dict(row, recorded_by=teacher, recorded_at=at) for row in rows])


def _week_planning(builder, monday, today, links, held, pupils, teacher):
    """The teacher adds a goal to three pupils' weeks; pupils tick off part of their week so far."""
    rng = builder.rng
    in_lessons = {goal for goals in links.values() for goal in goals}
    extra = next((goal for goal, _n in (sorted(held.get(pupils[0], {}).items())) if goal not in in_lessons), None)
    chosen = rng.sample(pupils, min(3, len(pupils)))
    if extra is not None:
        insert(
            WeekGoal,
            [
                {"pupil": p, "goal": extra, "week": monday, "added": True, "changed_by": teacher}
                for p in chosen
                if extra in held.get(p, {})
            ],
        )
    ticks = []
    for pupil in pupils:
        week = {
            goal: plan_goal
            for goal, (plan_goal, key) in held.get(pupil, {}).items()
            if goal in in_lessons or key == "highlighted" or (goal == extra and pupil in chosen)
        }
        for goal in sorted(week):
            if today > monday and rng.random() < 0.4:
                day = monday + dt.timedelta(days=rng.randrange(0, (today - monday).days))
                ticks.append(
                    {
                        "plan_goal": week[goal],
                        "week": monday,
                        "done": True,
                        "channel": rng.choice(("bot", "web")),
                        "ticked_by": pupil,
                        "ticked_at": dt.datetime.combine(day, dt.time(11, 55)),
                    }
                )
    insert(WeekTick, ticks)
    return len(ticks)
