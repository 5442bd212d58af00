"""The role matrix's world and vocabulary (tests/web/test_role_matrix.py, tests/web/roles/): the roles, the
outcomes per role, the school every request runs against, and sending a request as a role.

The world: Groep 5a (teacher, pupil, classmate) with a lesson and a linked goal set; Groep 6b of the other
pupil, taught by the other teacher; a parent of the pupil and a parent of the other pupil; an assistant and
an administrator. "parent_no_access" is the pupil's parent while the school has parent access switched off.
"""

import datetime as dt
import os

import models
from models import (
    Document,
    GoalSet,
    GoalSetGoal,
    GroupType,
    Lesson,
    LessonBlock,
    LessonGoal,
    SchoolSettings,
    WeekTemplate,
)
from services import school
from tests.support.auth import csrf_token
from tests.support.factories import (
    make_admin,
    make_domain,
    make_goal,
    make_group,
    make_parent,
    make_pupil,
    make_teacher,
    make_user,
    put_on_plan,
)

ROLES = (
    "signed_out",
    "pupil",
    "other_pupil",
    "parent",
    "parent_no_access",
    "other_parent",
    "assistant",
    "teacher",
    "other_teacher",
    "admin",
)
LOGIN, DENIED, OK = "login page", "403", "allowed"


def outcome(**allowed):
    """Signed out: the login page; every role named here: allowed; every other role: 403."""
    return {role: LOGIN if role == "signed_out" else (OK if allowed.get(role) else DENIED) for role in ROLES}


EVERYONE = dict.fromkeys(ROLES, OK)
SIGNED_IN = outcome(**dict.fromkeys(ROLES, True))
STAFF = outcome(assistant=True, teacher=True, other_teacher=True, admin=True)  # reading is school-wide
TEACHERS = outcome(teacher=True, other_teacher=True, admin=True)  # any teacher: goal sets, curriculum, groups
PUPILS_TEACHERS = outcome(teacher=True, admin=True)  # the teachers of the pupil or group (and admins)
ADMINS = outcome(admin=True)
PUPILS = outcome(pupil=True, other_pupil=True)  # each their own plan
PARENTS = outcome(parent=True, parent_no_access=True, other_parent=True)  # each their own children (or a notice)
PUPILS_PARENT = outcome(parent=True)  # the pupil's parent, only while parent access is on
DASHBOARD = outcome(assistant=True, teacher=True, other_teacher=True)  # admins have the back office


def plan_goal_id(w):
    """The world's pupil's plan goal (a goal on Daan's plan)."""
    return w["plan_goal"].id


def build_world(extensions=()):
    """The school every request runs against (rebuilt after an allowed change, so each role sees the same);
    each of `extensions` (an area's extend_world) then adds that area's own rows to it."""
    settings = SchoolSettings.get_current()
    settings.parent_access = True
    settings.save()
    teacher, other_teacher = make_teacher(), make_teacher()
    group = make_group("Groep 5a", teachers=[teacher])
    pupil = make_pupil(level=5, groups=[group], first_name="Daan")
    classmate = make_pupil(level=5, groups=[group], first_name="Eva")
    other_pupil = make_pupil(level=6, groups=[make_group("Groep 6b", teachers=[other_teacher])], first_name="Fleur")
    domain, other_domain = make_domain("Rekenen", "Getallen"), make_domain("Taal", "Spelling")
    goal = make_goal(domain, level=5, title="Tellen tot 100")
    spare_goal = make_goal(domain, level=5, title="Splitsen")
    plan_goal = put_on_plan(pupil, goal, "current")
    put_on_plan(classmate, goal, "practising")
    put_on_plan(other_pupil, goal, "current")
    goal_set, other_set = GoalSet.create(name="Project water"), GoalSet.create(name="Project vuur")
    GoalSetGoal.create(goal_set=goal_set, goal=goal, position=0)
    GoalSetGoal.create(goal_set=other_set, goal=spare_goal, position=0)
    group.goal_set = goal_set
    group.save()
    media = Document.create(kind="goal_set_media", title="Site", url="https://example.org", goal_set=goal_set)
    template = WeekTemplate.create(
        name="Rooster", school_year="2026-2027", valid_from=dt.date(2026, 8, 31), valid_until=dt.date(2027, 7, 16)
    )
    block = LessonBlock.create(
        week_template=template, weekday=0, start_time=dt.time(9), end_time=dt.time(10), title="Rekenen", group=group
    )
    lesson = Lesson.create(block=block, group=group, date=dt.date(2026, 9, 7))
    LessonGoal.create(lesson=lesson, goal=goal)
    world = {
        "teacher": teacher,
        "other_teacher": other_teacher,
        "group": group,
        "pupil": pupil,
        "classmate": classmate,
        "other_pupil": other_pupil,
        "domain": domain,
        "other_domain": other_domain,
        "goal": goal,
        "spare_goal": spare_goal,
        "plan_goal": plan_goal,
        "goal_set": goal_set,
        "other_set": other_set,
        "media": media,
        "lesson": lesson,
        "project_type": GroupType.get(name="Projectgroep"),
        "parent": make_parent(children=[pupil]),
        "other_parent": make_parent(children=[other_pupil]),
        "assistant": make_user("assistant"),
        "admin": make_admin(),
    }
    for extend in extensions:
        extend(world)
    return world


def fresh_world(database, extensions=()):
    models.empty_all_tables(database)
    school.ensure_defaults()
    return build_world(extensions)


# Tables whose rows the pages change in place (besides adding and removing rows, seen in the counts); an area
# adds its own with CHANGED_IN_PLACE in its table module.
CHANGED_IN_PLACE = (
    models.User,
    models.Goal,
    models.Domain,
    models.GoalSet,
    models.PlanGoal,
    models.Group,
    models.SchoolSettings,
)


def snapshot(changed_in_place=CHANGED_IN_PLACE):
    """The number of rows in every table (one query) and the rows of the tables changed in place: a refused
    request must leave them as they were, an allowed one must change something."""
    counts = " UNION ALL ".join(
        f'SELECT {i}, COUNT(*) FROM "{model._meta.table_name}"' for i, model in enumerate(models.ALL_MODELS)
    )
    rows = {model.__name__: sorted(map(repr, model.select().tuples())) for model in changed_in_place}
    return sorted(models.db.execute_sql(counts).fetchall()), rows


def user_for(world, role):
    return {"signed_out": None, "parent_no_access": world["parent"]}.get(role, world.get(role))


def write_world_files(app, world):
    """The files the world's documents point at (`world["files"]`: stored name -> bytes, from an area's
    extend_world), written into the app's upload folder, so that a page serving one finds it."""
    folder = app.config["UPLOAD_FOLDER"]
    for name, data in world.get("files", {}).items():
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, name), "wb") as fh:
            fh.write(data)


def request_as(app, world, role, method, url, form):
    write_world_files(app, world)
    client = app.test_client()
    user = user_for(world, role)
    if user is not None:
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
    if role == "parent_no_access":
        SchoolSettings.update(parent_access=False).where(SchoolSettings.id == 1).execute()
    try:
        if method == "GET":
            return client.get(url)
        return client.post(url, data={**(form or {}), "csrf_token": csrf_token(app, client)})
    finally:
        if role == "parent_no_access":
            SchoolSettings.update(parent_access=True).where(SchoolSettings.id == 1).execute()


def seen(response):
    if response.status_code in (301, 302, 303) and "/login" in response.headers.get("Location", ""):
        return LOGIN
    if response.status_code == 403:
        return DENIED
    return OK if response.status_code < 400 else f"status {response.status_code}"
