import datetime as dt

import pytest

from models import (
    AuditLog,
    GoalRating,
    GoalSet,
    GoalSetGoal,
    Period,
    Plan,
    PlanGoal,
    SchoolSettings,
    Status,
    StatusChange,
    Subject,
)
from services import events, plans
from services.errors import Conflict, DomainError, NotFound, PermissionDenied
from services.permissions import SYSTEM
from services.plans import statuses as plan_statuses
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
from tests.support.querycount import count_queries


@pytest.fixture
def period(database):
    return Period.create(
        school_year="2026-2027",
        number=2,
        name="Periode 2",
        start_date=dt.date(2026, 11, 2),
        end_date=dt.date(2027, 1, 29),
    )


@pytest.fixture
def signals():
    """Collect what the plan signals send: (signal name, kwargs)."""
    received = []
    listeners = {}
    for name in ("statuses_changed", "plans_changed"):

        def listener(sender, _name=name, **kwargs):
            received.append((_name, kwargs))

        listeners[name] = listener
        getattr(events, name).connect(listener, weak=False)
    yield received
    for name, listener in listeners.items():
        getattr(events, name).disconnect(listener)


def status_of(plan_goal):
    return PlanGoal.get_by_id(plan_goal.id).status.key


def counts():
    return (PlanGoal.select().count(), StatusChange.select().count(), Plan.select().count())


@pytest.fixture
def klas(database):
    """A group of two level-4 pupils taught by one teacher, and a pupil outside that group."""
    group = make_group()
    teacher = make_teacher(groups=[group])
    anna, bram = make_pupil(level=4, groups=[group]), make_pupil(level=4, groups=[group])
    outsider = make_pupil(level=4, groups=[make_group()])
    return {"group": group, "teacher": teacher, "anna": anna, "bram": bram, "outsider": outsider}


# --- generate_plans ------------------------------------------------------------------------------------


def test_generation_puts_goals_of_the_pupils_level_and_period_on_the_current_plan(database, period):
    pupil = make_pupil(level=4)
    match = make_goal(level=4, period=2)
    make_goal(level=4, period=1)
    make_goal(level=5, period=2)
    make_goal(level=4, period=2, archived=True)

    result = plans.generate_plans(SYSTEM, period)

    assert result == plans.GenerationResult(pupils=1, goals_added=1, goals_moved_to_current=0)
    (plan_goal,) = PlanGoal.select()
    assert (plan_goal.pupil_id, plan_goal.goal_id, plan_goal.status.key, plan_goal.source) == (
        pupil.id,
        match.id,
        "current",
        "generated",
    )
    (change,) = StatusChange.select()
    assert (change.plan_goal_id, change.from_status_id, change.to_status.key, change.channel, change.changed_by_id) == (
        plan_goal.id,
        None,
        "current",
        "rollover",
        None,
    )
    assert Plan.get(Plan.pupil == pupil).period_id == period.id
    assert AuditLog.get(AuditLog.action == "generate_plans").actor_id is None


def test_generation_moves_coming_goals_to_current_and_keeps_unfinished_goals(database, period):
    pupil = make_pupil(level=4)
    coming = put_on_plan(pupil, make_goal(level=6, period=3), "coming")
    practising = put_on_plan(pupil, make_goal(level=3, period=1), "practising")
    achieved = put_on_plan(pupil, make_goal(level=4, period=2), "achieved")

    result = plans.generate_plans(SYSTEM, period)

    assert result.goals_moved_to_current == 1 and result.goals_added == 0
    assert [status_of(pg) for pg in (coming, practising, achieved)] == ["current", "practising", "achieved"]
    (change,) = StatusChange.select()
    assert (change.plan_goal_id, change.from_status.key, change.to_status.key, change.channel) == (
        coming.id,
        "coming",
        "current",
        "rollover",
    )


def test_generation_is_idempotent(database, period):
    pupils = [make_pupil(level=4) for _ in range(3)]
    put_on_plan(pupils[0], make_goal(level=7, period=1), "coming")
    make_goal(level=4, period=2)
    make_goal(level=4, period=2)

    first = plans.generate_plans(SYSTEM, period)
    before = counts()
    second = plans.generate_plans(SYSTEM, period)

    assert first == plans.GenerationResult(pupils=3, goals_added=6, goals_moved_to_current=1)
    assert second == plans.GenerationResult()
    assert counts() == before == (7, 7, 3)


def test_generation_reaches_only_pupils_without_a_plan_for_the_period(database, period):
    planned = make_pupil(level=4)
    plans.generate_plans(SYSTEM, period)
    goal = make_goal(level=4, period=2)  # added to the curriculum after the rollover
    newcomer = make_pupil(level=4)
    inactive = make_pupil(level=4, active=False)

    result = plans.generate_plans(SYSTEM, period)

    assert result.pupils == 1
    assert [(pg.pupil_id, pg.goal_id) for pg in PlanGoal.select()] == [(newcomer.id, goal.id)]
    assert [p.pupil_id for p in Plan.select().order_by(Plan.id)] == [planned.id, newcomer.id]
    assert inactive.id not in {p.pupil_id for p in Plan.select()}


def test_generation_channel_and_actor_are_recorded(database, period):
    admin = make_admin()
    make_pupil(level=4)
    make_goal(level=4, period=2)

    plans.generate_plans(admin, period, channel="admin")

    (change,) = StatusChange.select()
    assert (change.changed_by_id, change.channel) == (admin.id, "admin")


def test_only_an_admin_or_the_system_generates_for_the_whole_school(database, period, klas):
    make_goal(level=4, period=2)
    for actor in (klas["teacher"], make_user("assistant"), klas["anna"], make_parent(children=[klas["anna"]])):
        with pytest.raises(PermissionDenied):
            plans.generate_plans(actor, period)
    assert counts() == (0, 0, 0)

    assert plans.generate_plans(make_admin(), period).pupils == 3


def test_a_teacher_generates_for_a_group_in_reach_only(database, period, klas):
    make_goal(level=4, period=2)
    other_group = klas["outsider"].memberships[0].group

    with pytest.raises(PermissionDenied):
        plans.generate_plans(klas["teacher"], period, group=other_group)
    with pytest.raises(PermissionDenied):
        plans.generate_plans(klas["teacher"], period, pupils=[klas["anna"], klas["outsider"]])
    assert counts() == (0, 0, 0)

    result = plans.generate_plans(klas["teacher"], period, group=klas["group"], channel="web")
    assert result.pupils == 2
    assert {pg.pupil_id for pg in PlanGoal.select()} == {klas["anna"].id, klas["bram"].id}
    assert {c.channel for c in StatusChange.select()} == {"web"}


def test_generation_announces_the_pupils_after_commit(database, period, signals):
    pupil = make_pupil(level=4)
    make_goal(level=4, period=2)

    plans.generate_plans(SYSTEM, period)

    assert [(name, kwargs["pupils"]) for name, kwargs in signals] == [("plans_changed", [pupil.id])]


def _school(pupil_count, goals):
    for n in range(pupil_count):
        pupil = make_pupil(level=4 + n % 2)
        put_on_plan(pupil, goals[n % len(goals)], "coming")


def test_generating_a_whole_school_takes_the_same_number_of_queries_for_5_or_50_pupils(database, period):
    domain = make_domain()
    goals = [make_goal(domain=domain, level=level, period=2) for level in (4, 5) for _ in range(4)]
    goals.append(make_goal(domain=domain, level=8, period=1))

    _school(5, goals[-1:])
    with count_queries() as small:
        small_result = plans.generate_plans(SYSTEM, period)
    PlanGoal.delete().execute()
    Plan.delete().execute()
    _school(45, goals[-1:])
    with count_queries() as large:
        large_result = plans.generate_plans(SYSTEM, period)

    assert (small_result.pupils, large_result.pupils) == (5, 50)
    assert (small_result.goals_added, large_result.goals_added) == (20, 200)
    assert len(small) == len(large)
    assert len(large) < 20


# --- add_goals -----------------------------------------------------------------------------------------


def test_a_teacher_adds_any_goal_to_many_pupils_at_once(database, klas, signals):
    goals = [make_goal(level=8, period=4), make_goal(level=2, period=1)]

    result = plans.add_goals(klas["teacher"], [klas["anna"], klas["bram"]], goals)

    assert (result.added, result.skipped) == (4, [])
    rows = list(PlanGoal.select())
    assert {(r.status.key, r.source) for r in rows} == {("current", "manual")}
    assert {(c.from_status_id, c.to_status.key, c.changed_by_id, c.channel) for c in StatusChange.select()} == {
        (None, "current", klas["teacher"].id, "web")
    }
    assert StatusChange.select().count() == 4
    assert signals[0][0] == "plans_changed"


def test_goals_added_to_the_coming_plan_are_coming(database, klas):
    plans.add_goals(klas["teacher"], klas["anna"], make_goal(), plan="coming", channel="bot")
    (row,) = PlanGoal.select()
    assert row.status.key == "coming"
    assert StatusChange.get().channel == "bot"


def test_pairs_already_on_the_plan_are_skipped_and_reported(database, klas):
    goal = make_goal()
    put_on_plan(klas["anna"], goal, "practising")

    result = plans.add_goals(klas["teacher"], [klas["anna"], klas["bram"]], [goal])

    assert result.added == 1
    assert [(p.id, g.id) for p, g in result.skipped] == [(klas["anna"].id, goal.id)]
    assert status_of(PlanGoal.get(PlanGoal.pupil == klas["anna"])) == "practising"


def test_adding_a_goal_that_is_already_on_every_plan_is_a_conflict_and_writes_nothing(database, klas):
    goal = make_goal()
    put_on_plan(klas["anna"], goal)
    before = counts()

    with pytest.raises(Conflict, match="Dit leerdoel staat al op het plan van " + klas["anna"].full_name):
        plans.add_goals(klas["teacher"], klas["anna"], goal)
    assert counts() == before


def test_unknown_or_archived_goals_are_not_found(database, klas):
    good, archived = make_goal(), make_goal(archived=True)
    for goals in ([good, archived], [good.id, 999999]):
        with pytest.raises(NotFound):
            plans.add_goals(klas["teacher"], klas["anna"], goals)
    assert counts() == (0, 0, 0)


def test_adding_for_one_pupil_out_of_reach_refuses_all(database, klas):
    with pytest.raises(PermissionDenied, match=klas["outsider"].full_name):
        plans.add_goals(klas["teacher"], [klas["anna"], klas["outsider"]], make_goal())
    assert counts() == (0, 0, 0)


def test_pupils_parents_and_assistants_cannot_add_goals_but_admins_and_coaches_can(database, klas):
    goal = make_goal()
    anna = klas["anna"]
    for actor in (anna, make_parent(children=[anna]), make_user("assistant")):
        with pytest.raises(PermissionDenied):
            plans.add_goals(actor, anna, goal)
    assert counts() == (0, 0, 0)
    assert plans.add_goals(make_admin(), anna, goal).added == 1
    assert plans.add_goals(make_teacher(is_coach=True), klas["outsider"], goal).added == 1


def test_adding_to_an_unknown_plan_is_refused(database, klas):
    with pytest.raises(DomainError):
        plans.add_goals(klas["teacher"], klas["anna"], make_goal(), plan="vorig")


# --- change_status -------------------------------------------------------------------------------------


def test_a_status_change_is_kept_with_who_when_channel_and_note(database, klas, signals):
    plan_goal = put_on_plan(klas["anna"], make_goal())

    result = plans.change_status(klas["teacher"], plan_goal.id, "practising", note="nog eens met blokjes")

    assert result.status.key == "practising" == status_of(plan_goal)
    assert PlanGoal.get_by_id(plan_goal.id).changed_at > plan_goal.changed_at
    (change,) = StatusChange.select()
    assert (change.from_status.key, change.to_status.key, change.changed_by_id, change.channel, change.note) == (
        "current",
        "practising",
        klas["teacher"].id,
        "web",
        "nog eens met blokjes",
    )
    ((name, kwargs),) = signals
    assert name == "statuses_changed" and kwargs["plan_goals"][0].id == plan_goal.id
    assert kwargs["channel"] == "web" and kwargs["actor"] == klas["teacher"]


def test_a_double_click_writes_one_history_row(database, klas):
    plan_goal = put_on_plan(klas["anna"], make_goal())
    for _ in range(2):
        plans.change_status(klas["teacher"], plan_goal, Status.by_key("achieved"), expected_status="current")
    assert StatusChange.select().count() == 1
    assert status_of(plan_goal) == "achieved"


def test_a_stale_page_gets_a_conflict_naming_the_newer_status_and_writes_nothing(database, klas):
    colleague = make_teacher(groups=[klas["group"]], first_name="Sanne", last_name="Visser")
    plan_goal = put_on_plan(klas["anna"], make_goal())
    plans.change_status(colleague, plan_goal, "practising", expected_status="current")

    with pytest.raises(Conflict, match="intussen gewijzigd naar oefenen door Sanne Visser"):
        plans.change_status(klas["teacher"], plan_goal, "achieved", expected_status="current")
    assert status_of(plan_goal) == "practising"
    assert StatusChange.select().count() == 1


def test_an_unknown_status_is_not_found(database, klas):
    plan_goal = put_on_plan(klas["anna"], make_goal())
    with pytest.raises(NotFound):
        plans.change_status(klas["teacher"], plan_goal, "vergeten")
    with pytest.raises(NotFound):
        plans.change_status(klas["teacher"], 999999, "achieved")


def test_who_may_change_a_status(database, klas):
    anna = klas["anna"]
    plan_goal = put_on_plan(anna, make_goal())
    outside_teacher = make_teacher(groups=[make_group()])
    for actor in (outside_teacher, anna, make_parent(children=[anna]), make_user("assistant")):
        with pytest.raises(PermissionDenied):
            plans.change_status(actor, plan_goal, "achieved")
    assert StatusChange.select().count() == 0 and status_of(plan_goal) == "current"

    plans.change_status(make_admin(), plan_goal, "highlighted")
    plans.change_status(SYSTEM, plan_goal, "achieved", channel="import")
    assert [(c.to_status.key, c.channel) for c in StatusChange.select().order_by(StatusChange.id)] == [
        ("highlighted", "web"),
        ("achieved", "import"),
    ]


# --- change_statuses -----------------------------------------------------------------------------------


def test_a_bulk_change_sets_every_cell_skips_cells_already_there_and_announces_once(database, klas, signals):
    goal = make_goal()
    a = put_on_plan(klas["anna"], goal, "current")
    b = put_on_plan(klas["bram"], goal, "practising")
    c = put_on_plan(klas["bram"], make_goal(), "achieved")

    result = plans.change_statuses(klas["teacher"], [a.id, b.id, c.id], "achieved")

    assert sorted(pg.id for pg in result.changed) == sorted([a.id, b.id]) and result.stale == []
    assert [status_of(pg) for pg in (a, b, c)] == ["achieved"] * 3
    history = {
        (h.plan_goal_id, h.from_status.key, h.to_status.key, h.changed_by_id, h.channel) for h in StatusChange.select()
    }
    assert history == {
        (a.id, "current", "achieved", klas["teacher"].id, "web"),
        (b.id, "practising", "achieved", klas["teacher"].id, "web"),
    }
    assert [name for name, _ in signals] == ["statuses_changed"]


def test_a_bulk_change_is_all_or_nothing(database, klas):
    goal = make_goal()
    mine = put_on_plan(klas["anna"], goal)
    theirs = put_on_plan(klas["outsider"], goal)

    with pytest.raises(PermissionDenied):
        plans.change_statuses(klas["teacher"], [mine.id, theirs.id], "achieved")
    with pytest.raises(NotFound):
        plans.change_statuses(klas["teacher"], [mine.id, 999999], "achieved")
    assert status_of(mine) == "current" and StatusChange.select().count() == 0


def test_a_bulk_change_leaves_cells_changed_meanwhile_alone_and_reports_them(database, klas, signals):
    """The page showed a, b and c as current; b was made oefenen since: the newer change wins."""
    goal = make_goal(title="Breuken")
    a = put_on_plan(klas["anna"], goal, "current")
    b = put_on_plan(klas["bram"], goal, "practising")
    c = put_on_plan(klas["bram"], make_goal(), "current")
    shown = {a.id: "current", b.id: "current", c.id: "current"}

    result = plans.change_statuses(klas["teacher"], [a.id, b.id, c.id], "achieved", shown=shown)

    assert sorted(pg.id for pg in result.changed) == sorted([a.id, c.id])
    assert [(pg.id, pg.status.key, pg.goal.title, pg.pupil.id) for pg in result.stale] == [
        (b.id, "practising", "Breuken", klas["bram"].id)
    ]
    assert [status_of(pg) for pg in (a, b, c)] == ["achieved", "practising", "achieved"]
    assert sorted(h.plan_goal_id for h in StatusChange.select()) == sorted([a.id, c.id])
    assert signals[0][1]["plan_goals"] == result.changed


def test_a_bulk_change_with_every_cell_stale_writes_nothing_and_announces_nothing(database, klas, signals):
    b = put_on_plan(klas["bram"], make_goal(), "practising")
    result = plans.change_statuses(klas["teacher"], [b.id], "achieved", shown={b.id: "highlighted"})
    assert result.changed == [] and [pg.id for pg in result.stale] == [b.id]
    assert status_of(b) == "practising" and StatusChange.select().count() == 0 and signals == []


def test_a_repeated_bulk_change_is_not_stale_and_writes_once(database, klas):
    a = put_on_plan(klas["anna"], make_goal(), "current")
    for _ in range(2):
        result = plans.change_statuses(klas["teacher"], [a.id], "achieved", shown={a.id: "current"})
        assert result.stale == []
    assert StatusChange.select().count() == 1


def test_a_bulk_change_racing_another_change_keeps_the_other(database, klas, monkeypatch):
    """Someone changes a cell between the bulk change's read and its write: that cell is left alone."""
    a = put_on_plan(klas["anna"], make_goal(), "current")
    b = put_on_plan(klas["bram"], make_goal(), "current")
    shown = plan_statuses._shown_status_ids

    def meanwhile(values):
        PlanGoal.update(status=Status.by_key("highlighted")).where(PlanGoal.id == b.id).execute()
        return shown(values)

    monkeypatch.setattr(plan_statuses, "_shown_status_ids", meanwhile)
    result = plans.change_statuses(klas["teacher"], [a.id, b.id], "achieved", shown={a.id: "current", b.id: "current"})
    assert [pg.id for pg in result.changed] == [a.id]
    assert [(pg.id, pg.status.key) for pg in result.stale] == [(b.id, "highlighted")]
    assert status_of(b) == "highlighted" and [h.plan_goal_id for h in StatusChange.select()] == [a.id]


def test_a_bulk_change_takes_a_fixed_number_of_queries(database, klas):
    def queries(cells):
        with count_queries() as log:
            plans.change_statuses(
                klas["teacher"],
                [c.id for c in cells],
                "achieved",
                shown={c.id: status for c, status in zip(cells, ("current", "practising") * 50)},
            )
        return len(log)

    few = [put_on_plan(klas["anna"], make_goal(), status) for status in ("current", "practising")]
    many = [
        put_on_plan(klas[name], make_goal(), status)
        for name in ("anna", "bram")
        for status in ("current", "practising") * 10
    ]
    assert queries(few) == queries(many)


# --- plan_for and history ------------------------------------------------------------------------------


def test_plan_for_orders_by_curriculum_and_loads_everything_in_one_query(database, klas):
    anna = klas["anna"]
    taal = Subject.create(name="Taal", position=2)
    rekenen = Subject.create(name="Rekenen", position=1)
    getallen = make_domain("Rekenen", "Getallen")
    getallen.position = 1
    getallen.save()
    meten = make_domain("Rekenen", "Meten")
    lezen = make_domain("Taal", "Lezen")
    order = [
        make_goal(meten, level=3, period=1),
        make_goal(meten, level=4, period=1),
        make_goal(getallen, level=2, period=3),
        make_goal(lezen, level=1, period=1),
    ]
    for goal in reversed(order):
        put_on_plan(anna, goal)
    assert (rekenen.position, taal.position) == (1, 2)

    with count_queries() as statements:
        rows = plans.plan_for(klas["teacher"], anna)
        shown = [(r.goal.domain.subject.name, r.goal.domain.name, r.status.name, r.goal_id) for r in rows]
    assert len(statements) == 1
    assert [goal_id for *_, goal_id in shown] == [g.id for g in order]


def test_plan_for_filters(database, klas):
    anna = klas["anna"]
    reken, taal = make_domain("Rekenen"), make_domain("Taal")
    g1, g2, g3 = make_goal(reken), make_goal(reken), make_goal(taal)
    put_on_plan(anna, g1, "achieved")
    put_on_plan(anna, g2, "practising")
    put_on_plan(anna, g3, "coming")
    goal_set = GoalSet.create(name="Thema ruimte")
    GoalSetGoal.create(goal_set=goal_set, goal=g3)
    teacher = klas["teacher"]

    def ids(**filters):
        return [pg.goal_id for pg in plans.plan_for(teacher, anna, **filters)]

    assert ids(subject=taal.subject) == [g3.id]
    assert ids(domain=reken) == [g1.id, g2.id]
    assert ids(goal_set=goal_set) == [g3.id]
    assert ids(status="practising") == [g2.id]
    assert ids(status=["coming", "achieved"]) == [g1.id, g3.id]
    assert ids(include_achieved=False) == [g2.id, g3.id]


def test_who_may_read_a_plan(database, klas):
    anna, bram = klas["anna"], klas["bram"]
    put_on_plan(anna, make_goal())
    parent = make_parent(children=[anna])

    assert len(plans.plan_for(anna, anna)) == 1
    assert len(plans.plan_for(make_user("assistant"), anna)) == 1
    with pytest.raises(PermissionDenied):
        plans.plan_for(bram, anna)
    with pytest.raises(PermissionDenied):
        plans.plan_for(parent, anna)  # parent access is off
    settings = SchoolSettings.get_current()
    settings.parent_access = True
    settings.save()
    assert len(plans.plan_for(parent, anna)) == 1
    with pytest.raises(PermissionDenied):
        plans.plan_for(parent, bram)


def test_history_lists_status_changes_and_ratings_in_time_order(database, klas):
    anna = klas["anna"]
    plan_goal = plans.add_goals(klas["teacher"], anna, make_goal()) and PlanGoal.get()
    plans.change_status(klas["teacher"], plan_goal, "highlighted")
    GoalRating.create(plan_goal=plan_goal, effort=3, quality=2)
    plans.change_status(SYSTEM, plan_goal, "practising", channel="bot", note="lastig")

    entries = plans.history(anna, plan_goal)

    assert [(e["kind"], e.get("to") and e["to"].key, e["channel"]) for e in entries] == [
        ("status", "current", "web"),
        ("status", "highlighted", "web"),
        ("rating", None, "bot"),
        ("status", "practising", "bot"),
    ]
    assert entries[0]["from"] is None and entries[0]["by"].id == klas["teacher"].id
    assert entries[2]["effort"] == 3 and entries[2]["quality"] == 2
    assert entries[3]["by"] is None and entries[3]["note"] == "lastig"
    with pytest.raises(PermissionDenied):
        plans.history(klas["bram"], plan_goal)
