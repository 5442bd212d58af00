"""Every page and every action of the teacher, pupil and parent areas (the blueprints of web/), for every
role (issue 5, SPEC 2).

The table below lists each endpoint's rule with the request to send and, per role, what must happen:
the login page (signed out), 403 (not allowed) or a normal answer (allowed: 200 or a redirect that is not
the login page). A refused POST must write nothing. The test walks `app.url_map`: an endpoint of these
areas that the table does not list fails the test, so that every new page gets its row here.

The world: Groep 5a (teacher, pupil, classmate) with a lesson and a linked goal set; Groep 6b of the other
pupil, taught by the other teacher; a parent of the pupil and a parent of the other pupil; an assistant and
an administrator. "parent_no_access" is the pupil's parent while the school has parent access switched off.
"""

import datetime as dt
import uuid

import pytest
from itsdangerous import URLSafeTimedSerializer

import models
from factories import (
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

# Blueprints of web/ whose roles other tests cover (the back office in admin/ and static files are not
# web/ blueprints and are left out).
ELSEWHERE = {
    "chat": "tests/socket and the chat page tests (issue 6)",
    "bot_pages": "tests/web/test_bot_pages.py (issue 7)",
}


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


def _pg(w):
    return w["plan_goal"].id


# endpoint: (method, url(w), form(w) or None, expected outcome per role)
TABLE = {
    # sign-in
    "auth.login": ("GET", lambda w: "/login", None, EVERYONE),
    "auth.logout": ("POST", lambda w: "/logout", None, dict.fromkeys(ROLES, LOGIN)),  # signed out after
    # the health check of the proxy and the load test: anyone, signed in or not
    "health.health": ("GET", lambda w: "/health", None, EVERYONE),
    # start pages, pupil view, parent view
    "home.index": ("GET", lambda w: "/", None, SIGNED_IN),
    "home.my_plan": ("GET", lambda w: "/mijn-plan", None, PUPILS),
    "home.my_children": ("GET", lambda w: "/mijn-kinderen", None, PARENTS),
    "home.my_child": ("GET", lambda w: f"/mijn-kinderen/{w['pupil'].id}", None, PUPILS_PARENT),
    "dashboard.index": ("GET", lambda w: "/leraar", None, DASHBOARD),
    # groups
    "teacher_groups.my_groups": ("GET", lambda w: "/groepen", None, STAFF),
    "teacher_groups.all_groups": ("GET", lambda w: "/groepen/alle", None, STAFF),
    "teacher_groups.new_group": (
        "POST",
        lambda w: "/groepen/nieuw",
        lambda w: {
            "step": "create",
            "name": "Rekenclub",
            "group_type": w["project_type"].id,
            "teachers": [w["teacher"].id],
            "pupils": [w["pupil"].id],
        },
        TEACHERS,
    ),
    "teacher_groups.profile": ("GET", lambda w: f"/groepen/{w['group'].id}", None, STAFF),
    "teacher_groups.candidates": ("GET", lambda w: f"/groepen/{w['group'].id}/kandidaten", None, PUPILS_TEACHERS),
    "teacher_groups.add_members": (
        "POST",
        lambda w: f"/groepen/{w['group'].id}/leerlingen",
        lambda w: {"pupils": [w["other_pupil"].id]},
        PUPILS_TEACHERS,
    ),
    "teacher_groups.remove_member": (
        "POST",
        lambda w: f"/groepen/{w['group'].id}/leerlingen/verwijderen",
        lambda w: {"pupil": [w["classmate"].id]},
        PUPILS_TEACHERS,
    ),
    "teacher_groups.add_teacher": (
        "POST",
        lambda w: f"/groepen/{w['group'].id}/leraren",
        lambda w: {"teachers": [w["other_teacher"].id]},
        PUPILS_TEACHERS,
    ),
    "teacher_groups.remove_teacher": (
        "POST",
        lambda w: f"/groepen/{w['group'].id}/leraren/verwijderen",
        lambda w: {"teacher": [w["teacher"].id]},
        PUPILS_TEACHERS,
    ),
    "teacher_groups.link_goal_set": (
        "POST",
        lambda w: f"/groepen/{w['group'].id}/doelenset",
        lambda w: {"goal_set": [w["other_set"].id]},
        PUPILS_TEACHERS,
    ),
    "teacher_groups.toggle_my_groups": (
        "POST",
        lambda w: f"/groepen/{w['group'].id}/mijngroepen",
        lambda w: {"action": "add"},
        STAFF,
    ),
    # overviews and the goal matrix
    "overviews.status_overview": ("GET", lambda w: f"/groepen/{w['group'].id}/statussen", None, STAFF),
    "overviews.active_goals": ("GET", lambda w: f"/groepen/{w['group'].id}/leerdoelen", None, STAFF),
    "overviews.group_matrix": ("GET", lambda w: f"/groepen/{w['group'].id}/matrix", None, STAFF),
    "overviews.group_matrix_export": ("GET", lambda w: f"/groepen/{w['group'].id}/matrix.xlsx", None, STAFF),
    "overviews.goal_set_matrix": ("GET", lambda w: f"/doelensets/{w['goal_set'].id}/matrix", None, STAFF),
    "overviews.goal_set_matrix_export": ("GET", lambda w: f"/doelensets/{w['goal_set'].id}/matrix.xlsx", None, STAFF),
    "overviews.lesson_matrix": ("GET", lambda w: f"/lessen/{w['lesson'].id}/matrix", None, STAFF),
    "overviews.lesson_matrix_export": ("GET", lambda w: f"/lessen/{w['lesson'].id}/matrix.xlsx", None, STAFF),
    "matrix_changes.change_status": (
        "POST",
        lambda w: f"/plandoelen/{_pg(w)}/status",
        lambda w: {"status": "achieved", "expected_status": "current"},
        PUPILS_TEACHERS,
    ),
    "matrix_changes.change_statuses": (
        "POST",
        lambda w: "/plandoelen/status",
        lambda w: {"plandoel": [_pg(w)], "status": "achieved", "expected_status": ["current"]},
        PUPILS_TEACHERS,
    ),
    "matrix_changes.make_group": (
        "POST",
        lambda w: "/matrix/groep-maken",
        lambda w: {
            "naam": "Oefengroep",
            "groepstype": w["project_type"].id,
            "leerling": [w["pupil"].id],
            "bron_groep": w["group"].id,
        },
        TEACHERS,
    ),
    # pupils and their plans
    "teacher_pupils.index": ("GET", lambda w: "/leerlingen", None, STAFF),
    "teacher_pupils.pupil": ("GET", lambda w: f"/leerlingen/{w['pupil'].id}", None, STAFF),
    "teacher_pupils.goal_history": ("GET", lambda w: f"/leerlingen/{w['pupil'].id}/doelen/{_pg(w)}", None, STAFF),
    "teacher_pupils.change_status": (
        "POST",
        lambda w: f"/leerlingen/{w['pupil'].id}/doelen/{_pg(w)}/status",
        lambda w: {"status": "achieved", "verwacht": "current"},
        PUPILS_TEACHERS,
    ),
    "teacher_pupils.reset_password": (
        "POST",
        lambda w: f"/leerlingen/{w['pupil'].id}/wachtwoord",
        None,
        PUPILS_TEACHERS,
    ),
    "teacher_pupils.pick_goals": (
        "GET",
        lambda w: f"/leerlingen/plp-toevoegen?leerling={w['pupil'].id}",
        None,
        TEACHERS,
    ),
    "teacher_pupils.review_goals": (
        "GET",
        lambda w: (
            f"/leerlingen/plp-toevoegen/controleren?leerling={w['pupil'].id}&doel={w['spare_goal'].id}&plan=current"
        ),
        None,
        TEACHERS,
    ),
    "teacher_pupils.add_goals": (
        "POST",
        lambda w: "/leerlingen/plp-toevoegen",
        lambda w: {"leerling": [w["pupil"].id], "doel": [w["spare_goal"].id], "plan": "current"},
        PUPILS_TEACHERS,
    ),
    # goal sets
    "teacher_goal_sets.index": ("GET", lambda w: "/doelensets", None, STAFF),
    "teacher_goal_sets.all_sets": ("GET", lambda w: "/doelensets/alle", None, STAFF),
    "teacher_goal_sets.new": (
        "POST",
        lambda w: "/doelensets/nieuw",
        lambda w: {"stap": "aanmaken", "naam": "Project lucht", "doel": [w["goal"].id]},
        TEACHERS,
    ),
    "teacher_goal_sets.detail": ("GET", lambda w: f"/doelensets/{w['goal_set'].id}", None, STAFF),
    "teacher_goal_sets.pick_goals": ("GET", lambda w: f"/doelensets/{w['goal_set'].id}/leerdoelen", None, TEACHERS),
    "teacher_goal_sets.add_goals": (
        "POST",
        lambda w: f"/doelensets/{w['goal_set'].id}/leerdoelen/toevoegen",
        lambda w: {"doel": [w["spare_goal"].id]},
        TEACHERS,
    ),
    "teacher_goal_sets.remove_goals": (
        "POST",
        lambda w: f"/doelensets/{w['goal_set'].id}/leerdoelen/verwijderen",
        lambda w: {"doel": [w["goal"].id]},
        TEACHERS,
    ),
    "teacher_goal_sets.update_content": (
        "POST",
        lambda w: f"/doelensets/{w['goal_set'].id}/inhoud",
        lambda w: {"naam": "Project water 2", "beschrijving": "Nat"},
        TEACHERS,
    ),
    "teacher_goal_sets.update_plan": (
        "POST",
        lambda w: f"/doelensets/{w['goal_set'].id}/plan",
        lambda w: {"plan": "1. Lees de tekst"},
        TEACHERS,
    ),
    "teacher_goal_sets.add_media": (
        "POST",
        lambda w: f"/doelensets/{w['goal_set'].id}/media",
        lambda w: {"titel": "Filmpje", "url": "https://example.org/film"},
        TEACHERS,
    ),
    "teacher_goal_sets.remove_media": (
        "POST",
        lambda w: f"/doelensets/{w['goal_set'].id}/media/{w['media'].id}/verwijderen",
        None,
        TEACHERS,
    ),
    # linking a set to a group changes the group's plans: its teachers (and admins) only
    "teacher_goal_sets.link": (
        "POST",
        lambda w: f"/doelensets/{w['other_set'].id}/koppelen",
        lambda w: {"groep": w["group"].id},
        PUPILS_TEACHERS,
    ),
    "teacher_goal_sets.unlink": (
        "POST",
        lambda w: f"/doelensets/{w['goal_set'].id}/ontkoppelen",
        lambda w: {"groep": w["group"].id},
        PUPILS_TEACHERS,
    ),
    # the curriculum: everyone on the staff reads it, teachers edit goals, admins add and remove them
    "teacher_curriculum.index": ("GET", lambda w: "/curriculum", None, STAFF),
    "teacher_curriculum.goal": ("GET", lambda w: f"/curriculum/leerdoelen/{w['goal'].id}", None, STAFF),
    "teacher_curriculum.edit_goal": (
        "POST",
        lambda w: f"/curriculum/leerdoelen/{w['goal'].id}/wijzigen",
        lambda w: {"title": "Tellen tot 1000", "level": "5", "period": "1"},
        TEACHERS,
    ),
    "teacher_curriculum.edit_content": (
        "POST",
        lambda w: f"/curriculum/leerdoelen/{w['goal'].id}/inhoud",
        lambda w: {"description": "Uitleg", "steps": "Stap 1"},
        TEACHERS,
    ),
    "teacher_curriculum.move_goal": (
        "POST",
        lambda w: f"/curriculum/leerdoelen/{w['goal'].id}/verplaatsen",
        lambda w: {"domain": w["other_domain"].id},
        TEACHERS,
    ),
    "teacher_curriculum.move_domain": (
        "POST",
        lambda w: f"/curriculum/deelgebieden/{w['domain'].id}/verplaatsen",
        lambda w: {"subject": w["other_domain"].subject_id},
        TEACHERS,
    ),
    "teacher_curriculum.add_goal": (
        "POST",
        lambda w: f"/curriculum/deelgebieden/{w['domain'].id}/leerdoelen",
        lambda w: {"title": "Nieuw doel", "level": "5", "period": "2"},
        ADMINS,
    ),
    "teacher_curriculum.remove_goal": (
        "POST",
        lambda w: f"/curriculum/leerdoelen/{w['spare_goal'].id}/verwijderen",
        None,
        ADMINS,
    ),
}
# Pages that also answer POST besides the GET listed above, tested elsewhere.
POST_ELSEWHERE = {"auth.login": "tests/web/test_auth.py (sign-in, lockout)"}
# Pages that also answer GET besides the POST listed above: (url(w), expected per role).
ALSO_GET = {
    "teacher_groups.new_group": (lambda w: "/groepen/nieuw", TEACHERS),
    "teacher_goal_sets.new": (lambda w: "/doelensets/nieuw", TEACHERS),
}


def build_world():
    """The school every request runs against (rebuilt after an allowed change, so each role sees the same)."""
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
    return {
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


def _fresh_world(database):
    models.empty_all_tables(database)
    school.ensure_defaults()
    return build_world()


# Tables whose rows these pages change in place (besides adding and removing rows, seen in the counts).
CHANGED_IN_PLACE = (
    models.User,
    models.Goal,
    models.Domain,
    models.GoalSet,
    models.PlanGoal,
    models.Group,
    models.SchoolSettings,
)


def _snapshot():
    """The number of rows in every table (one query) and the rows of the tables changed in place: a refused
    request must leave them as they were, an allowed one must change something."""
    counts = " UNION ALL ".join(
        f'SELECT {i}, COUNT(*) FROM "{model._meta.table_name}"' for i, model in enumerate(models.ALL_MODELS)
    )
    rows = {model.__name__: sorted(map(repr, model.select().tuples())) for model in CHANGED_IN_PLACE}
    return sorted(models.db.execute_sql(counts).fetchall()), rows


def _user_for(world, role):
    return {"signed_out": None, "parent_no_access": world["parent"]}.get(role, world.get(role))


def _csrf_token(app, client):
    """A valid CSRF token for the client's session, as tests/conftest.py's csrf_token makes it (a module
    of that name is not importable here: tests/browser has a conftest too)."""
    with client.session_transaction() as session:
        raw = session.setdefault("csrf_token", uuid.uuid4().hex)
    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)


def _request(app, world, role, method, url, form):
    client = app.test_client()
    user = _user_for(world, role)
    if user is not None:
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
    if role == "parent_no_access":
        SchoolSettings.update(parent_access=False).where(SchoolSettings.id == 1).execute()
    try:
        if method == "GET":
            return client.get(url)
        return client.post(url, data={**(form or {}), "csrf_token": _csrf_token(app, client)})
    finally:
        if role == "parent_no_access":
            SchoolSettings.update(parent_access=True).where(SchoolSettings.id == 1).execute()


def _seen(response):
    if response.status_code in (301, 302, 303) and "/login" in response.headers.get("Location", ""):
        return LOGIN
    if response.status_code == 403:
        return DENIED
    return OK if response.status_code < 400 else f"status {response.status_code}"


def _covered_rules(app):
    """The rules of the teacher, pupil and parent pages: every blueprint of the web package but ELSEWHERE."""
    ours = {
        name
        for name, blueprint in app.blueprints.items()
        if blueprint.import_name.startswith("web.") and name not in ELSEWHERE
    }
    return {rule.endpoint: rule for rule in app.url_map.iter_rules() if rule.endpoint.split(".")[0] in ours}


def test_the_table_lists_every_page_and_action(app):
    rules = _covered_rules(app)
    missing = sorted(set(rules) - set(TABLE))
    assert not missing, f"new endpoints without a row in TABLE (who may use them?): {missing}"
    assert not sorted(set(TABLE) - set(rules)), "TABLE lists endpoints that no longer exist"
    for endpoint, rule in rules.items():
        method = TABLE[endpoint][0]
        assert method in rule.methods, f"{endpoint}: {method} is not one of {sorted(rule.methods)}"
        if "GET" in rule.methods and method != "GET":
            assert endpoint in ALSO_GET, f"{endpoint} answers GET too: add it to ALSO_GET"
        if "POST" in rule.methods and method != "POST":
            assert endpoint in POST_ELSEWHERE, f"{endpoint} answers POST too: test it in TABLE"


def _cases():
    for endpoint, (method, url, form, expected) in TABLE.items():
        yield pytest.param(endpoint, method, url, form, expected, id=endpoint)
        extra = ALSO_GET.get(endpoint)
        if extra:
            yield pytest.param(endpoint, "GET", extra[0], None, extra[1], id=endpoint + "-GET")


@pytest.mark.parametrize("endpoint, method, url, form, expected", list(_cases()))
def test_every_role_gets_what_it_may(app, database, endpoint, method, url, form, expected):
    world = build_world()
    seen, wrote = {}, set()
    for role in ROLES:
        before = _snapshot() if method == "POST" else None
        response = _request(app, world, role, method, url(world), form(world) if form else None)
        seen[role] = _seen(response)
        if before is not None and _snapshot() != before:
            wrote.add(role)
            world = _fresh_world(database)  # the next role finds the school as it was
    assert seen == expected
    if method == "POST" and endpoint != "auth.logout":
        # Who may, did (the view may answer with a redirect either way); who may not, wrote nothing.
        assert wrote == {role for role, answer in expected.items() if answer == OK}
