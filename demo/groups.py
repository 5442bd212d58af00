"""The demo school's goal sets and extra groups: a coach group, two project groups and a timetable group.

Two of the goal sets hang on project groups, whose members get the set's goals on their plans
(`demo.plans`); the coach also marks a few classes as her own groups.
"""

import datetime as dt

from models import Domain, GoalSet, GoalSetGoal, Group, GroupMember, GroupTeacher, GroupType, MyGroup

from .builder import SCHOOL_YEAR, insert


def extra_groups(builder):
    """Write the goal sets and the extra groups with teachers and members drawn from the year levels."""
    rng, goals = builder.rng, builder.goals
    types = {t.name: t.id for t in GroupType.select()}
    by_level = {}
    for pupil, level in builder.pupils.items():
        by_level.setdefault(level, []).append(pupil)
    ruimte = [g.id for g in goals if any(w in g.title for w in ("planeten", "dag en nacht", "de maan er"))]
    plus = [g.id for g in goals if g.level == 7 and g.domain_id in _domains("Verhoudingen")]
    sets = [
        (
            "Thema Ruimte",
            "Een thema van zes weken over de aarde, de maan en de planeten.",
            "Week 1-2: planeten in volgorde, maak een schaalmodel op het schoolplein.\n"
            "Week 3-4: dag en nacht, proef met de lamp en de globe.\n"
            "Week 5-6: presentatie voor de ouders.",
            ruimte,
        ),
        (
            "Plusgroep rekenen",
            "Verrijking voor sterke rekenaars uit groep 6: verhoudingen een jaar eerder.",
            "Elke dinsdag instructie bij meester Tom, daarna zelfstandig werken met de plustaak.",
            plus,
        ),
        (
            "Kinderboekenweek",
            "Leesbevordering rond het thema van de Kinderboekenweek.",
            "Kies een boek uit de klassenbieb en maak een boekpromotie.",
            [g.id for g in goals if "boek" in g.title and "woordenboek" not in g.title][:4],
        ),
    ]
    insert(
        GoalSet,
        [
            {
                "name": name,
                "description": text,
                "plan": plan,
                "created_by": builder.featured["teacher"],
                "created_at": builder.at(dt.date(2026, 8, 24), dt.date(2026, 9, 11)),
            }
            for name, text, plan, _ in sets
        ],
    )
    set_ids = {s.name: s.id for s in GoalSet.select()}
    insert(
        GoalSetGoal,
        [
            {"goal_set": set_ids[name], "goal": g, "position": i}
            for name, _, _, goal_ids in sets
            for i, g in enumerate(goal_ids)
        ],
    )
    builder.goal_set_goals = {set_ids[name]: goal_ids for name, _, _, goal_ids in sets}

    def pick(levels, share):
        chosen = [p for level in levels for p in by_level.get(level, []) if rng.random() < share]
        return chosen or by_level[levels[0]][:1]

    coach, assistant = builder.staff_ids["coach"], builder.staff_ids["assistant"]
    extra = [
        ("Coachgroep juf Marloes", "Coachgroep", None, [coach], pick([6], 0.15)),
        ("Projectgroep Ruimte", "Projectgroep", set_ids["Thema Ruimte"], builder.class_teachers[8], pick([5, 6], 0.35)),
        (
            "Plusgroep rekenen",
            "Projectgroep",
            set_ids["Plusgroep rekenen"],
            [builder.class_teachers[8][1]],
            pick([6], 0.2),
        ),
        ("Leerplein bovenbouw", "Roostergroep", None, [assistant], pick([7, 8], 0.3)),
    ]
    insert(
        Group,
        [
            {
                "name": name,
                "group_type": types[kind],
                "goal_set": goal_set,
                "school_year": SCHOOL_YEAR,
                "created_by": teachers[0],
                "created_at": builder.at(dt.date(2026, 8, 24), dt.date(2026, 9, 18)),
            }
            for name, kind, goal_set, teachers, _ in extra
        ],
    )
    builder.group_ids = {g.name: g.id for g in Group.select(Group.id, Group.name)}
    insert(
        GroupTeacher,
        [{"group": builder.group_ids[name], "teacher": t} for name, _, _, teachers, _ in extra for t in teachers],
    )
    insert(
        GroupMember,
        [
            {
                "group": builder.group_ids[name],
                "pupil": p,
                "added_at": builder.at(dt.date(2026, 9, 1), dt.date(2026, 9, 25)),
            }
            for name, _, _, _, members in extra
            for p in members
        ],
    )
    builder.goal_set_members = [
        (goal_set, teachers, members) for _, _, goal_set, teachers, members in extra if goal_set
    ]
    insert(
        MyGroup,
        [
            {"group": builder.group_ids[name], "teacher": coach}
            for name in ("Groep 3b", "Groep 5a", "Groep 5b", "Groep 8a")
        ]
        + [{"group": builder.group_ids["Plusgroep rekenen"], "teacher": builder.featured["teacher"]}],
    )


def _domains(name):
    return {d.id for d in Domain.select().where(Domain.name == name)}
