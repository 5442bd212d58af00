"""The demo school's chats and learning-square questions (demo/__init__.py calls `write` as its last step).

A few conversations a teacher recognises: the class chat of the featured class with an assignment that half
the class has marked done, the featured pupil's progress notes (from the bot) on his highlighted goals, the
goal-set chat of the space project, a colleague chat on a goal, and two pupils waiting for the
learning-square assistant.
"""

import datetime as dt

from models import AssignmentDone, ChatMessage, GoalSet, GroupMember, HelpRequest, PlanGoal, Status, User
from services.bulk import insert_dicts
from services.chat.rooms import key_for


def write(featured, group_ids, staff_ids, featured_class, day=dt.date(2026, 11, 20)):
    """Insert the demo's chat messages; `featured` holds the ids of the featured teacher, pupil and parent."""
    teacher, pupil = featured["teacher"], featured["pupil"]
    group = group_ids[featured_class]
    classmate = (
        User.select(User.id)
        .join(GroupMember, on=(User.id == GroupMember.pupil))
        .where((GroupMember.group == group) & (User.id != pupil))
        .order_by(User.id)
        .first()
    )
    highlighted = list(
        PlanGoal.select(PlanGoal.goal)
        .join(Status)
        .where((PlanGoal.pupil == pupil) & (Status.key == "highlighted"))
        .order_by(PlanGoal.id)
        .limit(2)
    )
    at = lambda hour, minute=0: dt.datetime.combine(day, dt.time(hour, minute))  # noqa: E731
    rows = [
        _in_group(
            group,
            teacher,
            "text",
            "Goedemorgen groep 5a! Vandaag na de pauze leerplein. Kijk in je plan welke doelen uitgelicht zijn.",
            at(8, 15),
        ),
        _in_group(
            group,
            teacher,
            "assignment",
            "Opdracht: lees hoofdstuk 3 van je leesboek en schrijf drie "
            "nieuwe woorden op. Klik op 'klaar' als je klaar bent.",
            at(8, 20),
        ),
        _in_group(group, pupil, "text", "Juf, mag ik ook een woord uit een ander boek kiezen?", at(9, 2)),
        _in_group(group, teacher, "text", "Ja hoor Daan, als je erbij zet uit welk boek het komt.", at(9, 5)),
    ]
    if classmate:
        rows.append(_in_group(group, classmate.id, "text", "Ik ben klaar met hoofdstuk 3!", at(10, 40)))
    for number, plan_goal in enumerate(highlighted):
        room = key_for("pupil_goal", pupil, plan_goal.goal_id)
        common = {"room": room, "room_kind": "pupil_goal", "pupil": pupil, "goal": plan_goal.goal_id}
        rows.append(
            {
                **common,
                "author": pupil,
                "kind": "progress",
                "channel": "bot",
                "body": (
                    "Ik heb vandaag 10 sommen gemaakt en er 8 goed. Die met het kwartier vind ik nog lastig."
                    if number == 0
                    else "Ik heb met Noor geoefend, het gaat al beter!"
                ),
                "created_at": at(11, 55 - number),
            }
        )
        rows.append(
            {
                **common,
                "author": teacher,
                "kind": "text",
                "channel": "web",
                "body": "Goed gewerkt! Morgen oefenen we het kwartier samen aan de instructietafel.",
                "created_at": at(13, 10 + number),
            }
        )
    goal_set = GoalSet.get_or_none(GoalSet.name == "Thema Ruimte")
    if goal_set:
        rows.append(
            {
                "room": key_for("goal_set", goal_set),
                "room_kind": "goal_set",
                "goal_set": goal_set.id,
                "author": teacher,
                "kind": "text",
                "channel": "web",
                "created_at": at(14, 30),
                "body": "Vrijdag presenteren jullie het schaalmodel. Zet je foto's in de groepsmap.",
            }
        )
    if highlighted:
        goal = highlighted[0].goal_id
        rows.append(
            {
                "room": key_for("goal", goal),
                "room_kind": "goal",
                "goal": goal,
                "author": staff_ids["coach"],
                "kind": "text",
                "channel": "web",
                "created_at": at(15, 0),
                "body": "Tip voor dit doel: de klokkaarten in de kast van het leerplein werken goed.",
            }
        )
    insert_dicts(ChatMessage, rows)  # rows name different columns: missing ones get their defaults
    _done_marks(group, pupil, at)
    waiting = [pupil] + ([classmate.id] if classmate else [])
    HelpRequest.insert_many(
        [
            {"pupil": p, "goal": highlighted[0].goal_id if highlighted else None, "asked_at": at(11, 30 + i)}
            for i, p in enumerate(waiting)
        ]
    ).execute()


def _done_marks(group, featured_pupil, at):
    """Half of the class marked the assignment "klaar" during the morning (the featured pupil not yet)."""
    assignment = ChatMessage.get((ChatMessage.group == group) & (ChatMessage.kind == "assignment"))
    members = [
        member.pupil_id
        for member in GroupMember.select(GroupMember.pupil)
        .where(GroupMember.group == group)
        .order_by(GroupMember.pupil)
        if member.pupil_id != featured_pupil
    ]
    AssignmentDone.insert_many(
        [{"message": assignment.id, "pupil": p, "done_at": at(9, 30 + 3 * i)} for i, p in enumerate(members[::2])]
    ).execute()


def _in_group(group, author, kind, body, created_at):
    return {
        "room": key_for("group", group),
        "room_kind": "group",
        "group": group,
        "author": author,
        "kind": kind,
        "channel": "web",
        "body": body,
        "created_at": created_at,
    }
