"""The school of bench/load.py: a generated school (bench.common) with a status history, `teachers` teachers
spread over its base groups, one password for everyone, and what each client needs to know."""

import random

import models
from bench.common import generate_school
from bench.pages import generate_history
from models import Group, GroupMember, GroupTeacher, PlanGoal, User
from services import passwords

PASSWORD = "bench-wachtwoord-1"


def build(pupils, teachers, groups, seed=2026):
    """Fill the bound (empty) database; returns {"teachers": [...], "pupils": [...]} for the clients."""
    rng = random.Random(seed)
    school = generate_school(pupils=pupils, groups=groups, matrix_group_size=pupils // groups, goals_per_pupil=60)
    generate_history(school.teacher)
    passwords.configure(fast=True)  # the servers run with the same cheap parameters: sign-in is not measured
    password_hash = passwords.hash_password(PASSWORD)
    with models.db.atomic():
        User.update(password_hash=password_hash).execute()
        extra = [
            {
                "login": f"leraar{n}@bench.test",
                "password_hash": password_hash,
                "role": "teacher",
                "first_name": "Juf",
                "last_name": f"Leraar {n}",
            }
            for n in range(2, teachers + 1)
        ]
        User.insert_many(extra).execute()
        staff = list(User.select().where(User.role == "teacher").order_by(User.id))
        GroupTeacher.insert_many(
            [{"group": school.group_ids[n % groups], "teacher": teacher.id} for n, teacher in enumerate(staff)]
        ).execute()
    members = {}
    for group_id, pupil_id in GroupMember.select(GroupMember.group, GroupMember.pupil).tuples():
        if group_id in school.group_ids:
            members.setdefault(group_id, []).append(pupil_id)
    plan_goals = {}
    for plan_goal_id, pupil_id, goal_id in PlanGoal.select(PlanGoal.id, PlanGoal.pupil, PlanGoal.goal).tuples():
        plan_goals.setdefault(pupil_id, []).append((plan_goal_id, goal_id))
    logins = dict(User.select(User.id, User.login).tuples())
    teacher_rows = []
    for n, teacher in enumerate(staff):
        group_id = school.group_ids[n % groups]
        group_plan_goals = [pg for pupil in members[group_id] for pg, _ in plan_goals[pupil]]
        teacher_rows.append(
            {
                "login": teacher.login,
                "group": group_id,
                "pupils": members[group_id],
                "plan_goals": rng.sample(group_plan_goals, min(200, len(group_plan_goals))),
            }
        )
    pupil_rows = []
    for group_id in school.group_ids:
        room = f"group:{group_id}"
        for pupil in members[group_id]:
            _, goal_id = rng.choice(plan_goals[pupil])
            pupil_rows.append({"login": logins[pupil], "rooms": [room, f"pupil_goal:{pupil}:{goal_id}"]})
    names = dict(Group.select(Group.id, Group.name).tuples())
    return {"teachers": teacher_rows, "pupils": pupil_rows, "groups": [names[g] for g in school.group_ids]}
