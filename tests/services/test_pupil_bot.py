"""The pupil bot's services: linking, who is speaking, shared devices, goals, notes, evidence, ratings, help,
lessons and reminders; each bad input, and that nothing of another pupil is ever returned or written."""

import datetime as dt

import pytest

from models import (
    AuditLog,
    BotLink,
    BotMessage,
    ChatMessage,
    Document,
    GoalRating,
    HelpRequest,
    LessonBlock,
    LinkAttempt,
    LinkCode,
    ReminderSent,
    User,
    WeekTemplate,
)
from services import bot, events
from services.errors import DomainError, NotFound, PermissionDenied
from tests.support.factories import make_admin, make_goal, make_group, make_pupil, make_teacher, make_user, put_on_plan

NOW = dt.datetime(2026, 11, 23, 9, 0)  # naive UTC, a Monday: 10:00 at school (Europe/Amsterdam, winter time)
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


@pytest.fixture
def klas(database):
    """Group 5a (Anna, Bram; teacher Juf In), group 6b (Cas; teacher Meester Uit), staff and goals on plans."""
    anna = make_pupil(first_name="Anna", last_name="Aalders")
    bram = make_pupil(first_name="Bram", last_name="Bakker")
    cas = make_pupil(first_name="Cas", last_name="Claassen")
    teacher = make_teacher(first_name="Juf", last_name="In")
    other_teacher = make_teacher(first_name="Meester", last_name="Uit")
    group = make_group(name="Groep 5a", teachers=[teacher], pupils=[anna, bram])
    other_group = make_group(name="Groep 6b", teachers=[other_teacher], pupils=[cas])
    tafels = make_goal(title="Tafels van 3", steps="Lees de uitleg\nMaak de oefeningen")
    breuken = make_goal(title="Breuken")
    klokkijken = make_goal(title="Klokkijken")
    put_on_plan(anna, tafels, "current")
    put_on_plan(anna, breuken, "highlighted")
    put_on_plan(anna, klokkijken, "coming")
    put_on_plan(cas, tafels, "highlighted")
    return {
        "anna": anna,
        "bram": bram,
        "cas": cas,
        "teacher": teacher,
        "other_teacher": other_teacher,
        "group": group,
        "other_group": other_group,
        "tafels": tafels,
        "breuken": breuken,
        "klokkijken": klokkijken,
        "admin": make_admin(),
        "assistant": make_user("assistant"),
        "coach": make_teacher(is_coach=True),
    }


def linked(pupil, chat_id="1001"):
    code, _ = bot.new_link_code(pupil, pupil, now=NOW)
    return bot.link_chat(chat_id, code, now=NOW)


def device(klas, chat_id="2001"):
    code, _ = bot.new_device_code(klas["teacher"], klas["group"], now=NOW)
    return bot.link_chat(chat_id, code, now=NOW)


def pupil_code(klas, pupil):
    return {p.id: c for p, c in bot.new_pupil_codes(klas["teacher"], klas["group"])}[pupil.id]


# --- link codes ----------------------------------------------------------------------------------------


def test_a_link_code_links_the_chat_to_the_pupil_once(klas):
    code, expires_at = bot.new_link_code(klas["anna"], klas["anna"], now=NOW)
    assert expires_at == NOW + dt.timedelta(minutes=10)
    assert len(code) == 8 and code not in LinkCode.get().code_hash  # stored hashed
    link = bot.link_chat(555, code.lower()[:4] + "-" + code[4:], now=NOW + dt.timedelta(minutes=9))
    assert link.kind == "personal" and link.pupil_id == klas["anna"].id and link.chat_id == "555"
    assert bot.link_for_chat("555").pupil.first_name == "Anna"
    with pytest.raises(bot.LinkRefused):  # single use
        bot.link_chat(556, code, now=NOW)
    assert bot.link_for_chat("556") is None


def test_an_expired_code_is_refused(klas):
    code, _ = bot.new_link_code(klas["anna"], klas["anna"], now=NOW)
    with pytest.raises(bot.LinkRefused) as refused:
        bot.link_chat(555, code, now=NOW + dt.timedelta(minutes=10, seconds=1))
    assert "verlopen" in str(refused.value) and refused.value.retry_after == 0
    assert BotLink.select().count() == 0


@pytest.mark.parametrize("code", ["", "ABC", "IIIIIIII", "ZZZZZZZZ", None, "x" * 500, "ABCD EFGH 2345"])
def test_wrong_codes_are_refused(klas, code):
    with pytest.raises(bot.LinkRefused):
        bot.link_chat(555, code, now=NOW)
    assert BotLink.select().count() == 0


def test_a_newer_code_voids_the_older_one(klas):
    old, _ = bot.new_link_code(klas["anna"], klas["anna"], now=NOW)
    new, _ = bot.new_link_code(klas["teacher"], klas["anna"], now=NOW)
    with pytest.raises(bot.LinkRefused):
        bot.link_chat(555, old, now=NOW)
    assert bot.link_chat(555, new, now=NOW).pupil_id == klas["anna"].id


@pytest.mark.parametrize(
    "actor, allowed",
    [("anna", True), ("teacher", True), ("other_teacher", True), ("assistant", True), ("admin", True), ("bram", False)],
)
def test_who_may_make_a_pupils_link_code(klas, actor, allowed):
    if allowed:
        assert bot.new_link_code(klas[actor], klas["anna"])[0]
    else:
        with pytest.raises(PermissionDenied):
            bot.new_link_code(klas[actor], klas["anna"])


def test_a_parent_may_not_make_a_link_code(klas):
    from tests.support.factories import make_parent

    with pytest.raises(PermissionDenied):
        bot.new_link_code(make_parent(children=[klas["anna"]]), klas["anna"])


def test_a_pupil_has_one_linked_chat_and_the_old_one_gets_nothing(klas):
    linked(klas["anna"], "1001")
    linked(klas["anna"], "1002")
    assert bot.link_for_chat("1001") is None
    assert bot.current_pupil("1001", NOW) is None
    assert bot.current_pupil("1002", NOW) == klas["anna"]


def test_linking_a_chat_of_another_pupil_replaces_that_link(klas):
    linked(klas["anna"], "1001")
    linked(klas["bram"], "1001")
    assert bot.current_pupil("1001", NOW) == klas["bram"]
    assert bot.personal_link(klas["anna"]) is None


def test_a_code_of_a_pupil_who_left_is_refused(klas):
    code, _ = bot.new_link_code(klas["anna"], klas["anna"], now=NOW)
    User.update(active=False).where(User.id == klas["anna"].id).execute()
    with pytest.raises(bot.LinkRefused):
        bot.link_chat(555, code, now=NOW)


# --- throttling of wrong link codes ----------------------------------------------------------------------


def test_wrong_codes_are_slowed_down_then_blocked_and_that_survives_a_restart(klas):
    waits = []
    at = NOW
    for _ in range(10):
        at += dt.timedelta(seconds=waits[-1] if waits else 0)
        with pytest.raises(bot.LinkRefused) as refused:
            bot.link_chat(666, "WRONGCDE", now=at)
        waits.append(refused.value.retry_after)
    assert waits[:2] == [0, 0] and waits[2] == 5 and waits[3] == 10 and waits[-1] == 3600
    # blocked: even the right code is refused, and the block is stored, not held in memory
    code, _ = bot.new_link_code(klas["anna"], klas["anna"], now=at)
    assert LinkAttempt.get(LinkAttempt.chat_id == "666").failures == 10
    with pytest.raises(bot.LinkRefused) as refused:
        bot.link_chat(666, code, now=at + dt.timedelta(minutes=5))
    assert refused.value.retry_after == 55 * 60 + 1 and BotLink.select().count() == 0
    # another chat is not affected, and after the block the chat may link again
    assert bot.link_chat(667, code, now=at + dt.timedelta(minutes=5)).chat_id == "667"
    code, _ = bot.new_link_code(klas["bram"], klas["bram"], now=at + dt.timedelta(minutes=61))
    assert bot.link_chat(666, code, now=at + dt.timedelta(minutes=61)).pupil_id == klas["bram"].id
    assert not LinkAttempt.select().where(LinkAttempt.chat_id == "666").exists()


def test_a_slowed_down_chat_must_wait_even_with_the_right_code(klas):
    for _ in range(3):
        with pytest.raises(bot.LinkRefused):
            bot.link_chat(666, "WRONGCDE", now=NOW)
    code, _ = bot.new_link_code(klas["anna"], klas["anna"], now=NOW)
    with pytest.raises(bot.LinkRefused) as refused:
        bot.link_chat(666, code, now=NOW + dt.timedelta(seconds=2))
    assert refused.value.retry_after == 4
    assert bot.link_chat(666, code, now=NOW + dt.timedelta(seconds=6)).pupil_id == klas["anna"].id


# --- unlinking -----------------------------------------------------------------------------------------


def test_staff_or_the_pupil_unlink_a_personal_link(klas):
    linked(klas["anna"], "1001")
    with pytest.raises(PermissionDenied):
        bot.unlink(klas["bram"], klas["anna"])
    bot.unlink(klas["teacher"], klas["anna"])
    assert bot.current_pupil("1001", NOW) is None
    linked(klas["anna"], "1001")
    bot.unlink(klas["anna"], bot.personal_link(klas["anna"]))
    assert bot.link_for_chat("1001") is None
    with pytest.raises(NotFound):
        bot.unlink(klas["teacher"], klas["anna"])


@pytest.mark.parametrize(
    "actor, allowed",
    [
        ("teacher", True),
        ("coach", True),
        ("admin", True),
        ("other_teacher", False),
        ("assistant", False),
        ("anna", False),
    ],
)
def test_who_may_link_and_unlink_devices(klas, actor, allowed):
    if allowed:
        link = bot.link_chat("2001", bot.new_device_code(klas[actor], klas["group"])[0])
        bot.unlink(klas[actor], link)
        assert BotLink.select().count() == 0
    else:
        with pytest.raises(PermissionDenied):
            bot.new_device_code(klas[actor], klas["group"])
        link = device(klas)
        with pytest.raises(PermissionDenied):
            bot.unlink(klas[actor], link)
        with pytest.raises(PermissionDenied):
            bot.unlock_device(klas[actor], link)
        with pytest.raises(PermissionDenied):
            bot.new_pupil_codes(klas[actor], klas["group"])


# --- shared devices ------------------------------------------------------------------------------------


def test_a_device_code_links_the_chat_to_the_group(klas):
    link = device(klas)
    assert link.kind == "device" and link.group_id == klas["group"].id and link.pupil_id is None
    assert bot.current_pupil("2001", NOW) is None  # nobody signed in yet


def test_pupils_take_turns_on_a_device_and_each_turn_is_wiped(klas):
    device(klas)
    codes = dict(bot.new_pupil_codes(klas["teacher"], klas["group"]))
    anna_code, bram_code = codes[klas["anna"]], codes[klas["bram"]]
    assert bot.sign_in_on_device("2001", anna_code, now=NOW) == klas["anna"]
    bot.touch("2001", now=NOW)
    assert bot.current_pupil("2001", NOW + dt.timedelta(minutes=1)) == klas["anna"]
    for message_id in (10, 11, 12):
        bot.record_message("2001", message_id)
    assert bot.sign_out_from_device("2001") == [10, 11, 12]
    assert BotMessage.select().count() == 0 and bot.current_pupil("2001", NOW) is None
    assert bot.sign_in_on_device("2001", bram_code, now=NOW) == klas["bram"]
    bot.record_message("2001", 13)
    assert BotMessage.get().pupil_id == klas["bram"].id
    assert bot.sign_out_from_device("2001") == [13]


def test_new_pupil_codes_replace_the_old_ones(klas):
    device(klas)
    old = pupil_code(klas, klas["anna"])
    new = pupil_code(klas, klas["anna"])
    with pytest.raises(bot.DeviceRefused):
        bot.sign_in_on_device("2001", old, now=NOW)
    assert bot.sign_in_on_device("2001", new, now=NOW) == klas["anna"]
    assert User.get_by_id(klas["anna"].id).pupil_code_hash != new  # only a hash is stored
    assert AuditLog.select().where(AuditLog.action == "pupil_codes_printed").exists()


def test_new_pupil_codes_cover_the_active_members_in_name_order(klas):
    pairs = bot.new_pupil_codes(klas["teacher"], klas["group"])
    assert [p.first_name for p, _ in pairs] == ["Anna", "Bram"]
    assert len({code for _, code in pairs}) == 2
    with pytest.raises(DomainError):
        bot.new_pupil_codes(klas["admin"], make_group(name="Leeg"))


def test_a_pupil_of_another_group_cannot_sign_in_on_the_device(klas):
    device(klas)
    cas_code = dict(bot.new_pupil_codes(klas["other_teacher"], klas["other_group"]))[klas["cas"]]
    with pytest.raises(bot.DeviceRefused):
        bot.sign_in_on_device("2001", cas_code, now=NOW)
    assert bot.current_pupil("2001", NOW) is None


def test_wrong_pupil_codes_slow_down_then_lock_the_device_until_a_teacher_unlocks(klas):
    link = device(klas)
    code = pupil_code(klas, klas["anna"])
    at, waits = NOW, []
    for _ in range(bot.DEVICE_LOCK_AFTER):
        with pytest.raises(bot.DeviceRefused) as refused:
            bot.sign_in_on_device("2001", "WRNG-CDE2", now=at)
        waits.append(refused.value.retry_after)
        at += dt.timedelta(seconds=refused.value.retry_after or 0)
    assert waits[:3] == [0, 0, 10] and waits[-1] is None and refused.value.locked
    with pytest.raises(bot.DeviceRefused) as refused:  # the right code, a month later: still locked
        bot.sign_in_on_device("2001", code, now=at + dt.timedelta(days=30))
    assert refused.value.locked and bot.is_locked(BotLink.get_by_id(link.id), at)
    bot.unlock_device(klas["teacher"], link)
    assert bot.sign_in_on_device("2001", code, now=at) == klas["anna"]


def test_text_that_cannot_be_a_code_is_refused_without_counting_against_the_device(klas):
    link = device(klas)
    for text in ("hoi", "ik ben Anna", "OOOOIIII", "ABCD-EFG", "", "A" * 100):
        with pytest.raises(bot.DeviceRefused) as refused:
            bot.sign_in_on_device("2001", text, now=NOW)
        assert "leerlingcode" in str(refused.value) and refused.value.retry_after == 0
    assert BotLink.get_by_id(link.id).failed_codes == 0
    assert bot.sign_in_on_device("2001", pupil_code(klas, klas["anna"]), now=NOW) == klas["anna"]


def test_pupil_codes_are_too_many_to_guess(klas):
    codes = [code for _, code in bot.new_pupil_codes(klas["teacher"], klas["group"])]
    alphabet = set("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")  # no 0/O or 1/I to mix up on a card
    assert all(len(code) == 8 and set(code) <= alphabet for code in codes)
    guesses_before_lock = bot.DEVICE_LOCK_AFTER
    assert guesses_before_lock * len(codes) / len(alphabet) ** 8 < 1e-10  # per locked device
    assert bot.readable(codes[0]) == codes[0][:4] + "-" + codes[0][4:]
    assert all(bot.looks_like_code(bot.readable(code).lower()) for code in codes)


def test_an_unlinked_or_relinked_device_keeps_its_turn_for_the_bot_to_delete(klas):
    link = device(klas)
    bot.sign_in_on_device("2001", pupil_code(klas, klas["anna"]), now=NOW)
    bot.record_message("2001", 7)
    bot.record_message("2001", 8)
    assert bot.chats_with_leftover_messages() == []  # still a device: its sign-out deletes them

    bot.unlink(klas["teacher"], link)

    assert bot.chats_with_leftover_messages() == ["2001"]
    assert bot.take_recorded_messages("2001") == [7, 8]
    assert bot.chats_with_leftover_messages() == [] and BotMessage.select().count() == 0
    device(klas)
    bot.record_message("2001", 9)
    linked(klas["bram"], "2001")  # the tablet's chat becomes Bram's own: the old turn must still go
    assert bot.chats_with_leftover_messages() == ["2001"]


def test_an_idle_pupil_is_no_longer_signed_in(klas):
    device(klas)
    bot.sign_in_on_device("2001", pupil_code(klas, klas["anna"]), now=NOW)
    later = NOW + dt.timedelta(minutes=bot.DEVICE_IDLE_MINUTES, seconds=1)
    assert bot.idle_device_chats(NOW + dt.timedelta(minutes=1)) == []
    assert bot.current_pupil("2001", later) is None
    assert bot.idle_device_chats(later) == ["2001"]
    bot.touch("2001", now=later)
    assert bot.current_pupil("2001", later) == klas["anna"]


def test_a_pupil_removed_from_the_group_is_signed_out(klas):
    from models import GroupMember

    device(klas)
    bot.sign_in_on_device("2001", pupil_code(klas, klas["anna"]), now=NOW)
    GroupMember.delete().where(GroupMember.pupil == klas["anna"].id).execute()
    assert bot.current_pupil("2001", NOW) is None


def test_signing_in_on_a_personal_chat_is_refused(klas):
    linked(klas["anna"], "1001")
    with pytest.raises(NotFound):
        bot.sign_in_on_device("1001", pupil_code(klas, klas["anna"]), now=NOW)
    bot.record_message("1001", 5)  # personal chats keep no transcript
    assert BotMessage.select().count() == 0


def test_an_unlinked_chat_speaks_for_nobody(klas):
    assert bot.current_pupil("999", NOW) is None
    assert bot.link_for_chat("999") is None


# --- goals ---------------------------------------------------------------------------------------------


def test_goals_for_bot_lists_highlighted_first_then_current_of_this_pupil_only(klas):
    goals = bot.goals_for_bot(klas["anna"])
    assert [(g.title, g.status_key) for g in goals] == [("Breuken", "highlighted"), ("Tafels van 3", "current")]
    assert bot.goal_for_bot(klas["anna"], klas["tafels"].id).steps == ["Lees de uitleg", "Maak de oefeningen"]
    assert [g.title for g in bot.goals_for_bot(klas["bram"])] == []


@pytest.mark.parametrize("goal_id", ["cas_goal", "not_on_plan", "nonsense", "missing"])
def test_goal_for_bot_refuses_goals_not_on_the_plan(klas, goal_id):
    ids = {"cas_goal": None, "not_on_plan": make_goal().id, "nonsense": "12; drop table", "missing": 99999}
    with pytest.raises(NotFound):
        bot.goal_for_bot(klas["bram"], ids[goal_id] or klas["tafels"].id)  # Tafels is Cas's and Anna's


def test_rate_goal_is_kept_in_the_goals_history(klas):
    from services import plans

    rating = bot.rate_goal(klas["anna"], klas["tafels"].id, 3, "2")
    assert (rating.effort, rating.quality, rating.channel) == (3, 2, "bot")
    entries = plans.history(klas["teacher"], rating.plan_goal)
    assert entries[-1]["kind"] == "rating" and entries[-1]["effort"] == 3


@pytest.mark.parametrize("effort, quality", [(0, 2), (4, 1), (2, None), ("x", 1)])
def test_ratings_outside_one_to_three_are_refused(klas, effort, quality):
    with pytest.raises(DomainError):
        bot.rate_goal(klas["anna"], klas["tafels"].id, effort, quality)
    assert GoalRating.select().count() == 0


def test_rating_a_goal_not_on_the_plan_writes_nothing(klas):
    with pytest.raises(NotFound):
        bot.rate_goal(klas["bram"], klas["tafels"].id, 2, 2)
    assert GoalRating.select().count() == 0


def test_set_reminders(klas):
    bot.set_reminders(klas["anna"], False)
    assert not User.get_by_id(klas["anna"].id).bot_reminders
    bot.set_reminders(klas["anna"], True)
    assert User.get_by_id(klas["anna"].id).bot_reminders


# --- lessons and reminders -----------------------------------------------------------------------------


@pytest.fixture
def timetable(klas):
    template = WeekTemplate.create(
        name="Rooster", school_year="2026-2027", valid_from=dt.date(2026, 8, 31), valid_until=dt.date(2027, 7, 9)
    )
    square = LessonBlock.create(
        week_template=template,
        weekday=0,
        start_time=dt.time(9),
        end_time=dt.time(10, 15),
        title="Leerplein",
        group=klas["group"],
        room="Leerplein",
        is_learning_square=True,
    )
    LessonBlock.create(
        week_template=template,
        weekday=0,
        start_time=dt.time(8, 30),
        end_time=dt.time(9),
        title="Kring",
        group=klas["group"],
        room="5a",
    )
    LessonBlock.create(
        week_template=template,
        weekday=0,
        start_time=dt.time(9),
        end_time=dt.time(10, 15),
        title="Gym",
        group=klas["other_group"],
        is_learning_square=True,
    )
    LessonBlock.create(
        week_template=template,
        weekday=1,
        start_time=dt.time(9),
        end_time=dt.time(10),
        title="Dinsdag",
        group=klas["group"],
    )
    return square


def test_lessons_today_are_the_pupils_own_in_order(klas, timetable):
    lessons = bot.lessons_today(klas["anna"], today=dt.date(2026, 11, 23))
    assert [(lesson.title, lesson.start, lesson.room) for lesson in lessons] == [
        ("Kring", dt.time(8, 30), "5a"),
        ("Leerplein", dt.time(9), "Leerplein"),
    ]
    assert all(lesson.goals == () for lesson in lessons)  # no goals linked to these lessons yet
    assert bot.lessons_today(klas["anna"], today=dt.date(2026, 11, 28)) == []  # Saturday


def at_school(hour, minute):
    """Naive UTC for a Monday 23 November 2026 school time (UTC+1)."""
    return dt.datetime(2026, 11, 23, hour - 1, minute)


def test_reminders_five_minutes_before_the_end_of_a_learning_square_block_once(klas, timetable):
    linked(klas["anna"], "1001")
    linked(klas["cas"], "1003")  # in another group's block
    assert bot.reminders_due(at_school(10, 9)) == []
    due = bot.reminders_due(at_school(10, 10))
    assert [(r.chat_id, r.pupil.first_name, [g.title for g in r.goals]) for r in due if r.chat_id == "1001"] == [
        ("1001", "Anna", ["Breuken"])
    ]
    assert {r.chat_id for r in due} == {"1001", "1003"}
    assert bot.reminders_due(at_school(10, 12)) == []  # once per block and date
    assert ReminderSent.select().count() == 2
    assert bot.reminders_due(at_school(10, 15)) == []


def test_no_reminder_when_switched_off_or_not_linked(klas, timetable):
    linked(klas["anna"], "1001")
    bot.set_reminders(klas["anna"], False)
    assert [r for r in bot.reminders_due(at_school(10, 11)) if r.chat_id == "1001"] == []


def test_a_device_of_the_group_is_reminded_once_without_names_when_nobody_is_signed_in(klas, timetable):
    device(klas)
    due = [r for r in bot.reminders_due(at_school(10, 11)) if r.chat_id == "2001"]
    assert len(due) == 1 and due[0].pupil is None and due[0].goals == []


def test_a_device_reminder_speaks_to_the_signed_in_pupil(klas, timetable):
    device(klas)
    bot.sign_in_on_device("2001", pupil_code(klas, klas["anna"]), now=at_school(10, 9))
    due = [r for r in bot.reminders_due(at_school(10, 11)) if r.chat_id == "2001"]
    assert due[0].pupil == klas["anna"] and [g.title for g in due[0].goals] == ["Breuken"]


# --- help ----------------------------------------------------------------------------------------------


@pytest.fixture
def help_signals():
    got = []

    def listener(sender, **kwargs):
        got.append(kwargs)

    events.help_requests_changed.connect(listener, weak=False)
    yield got
    events.help_requests_changed.disconnect(listener)


def test_asking_for_help_queues_the_pupil_once_per_goal(klas, help_signals):
    first = bot.ask_for_help(klas["anna"], klas["tafels"].id)
    again = bot.ask_for_help(klas["anna"], klas["tafels"].id)
    assert first.id == again.id and HelpRequest.select().count() == 1 and len(help_signals) == 1
    bot.ask_for_help(klas["cas"], klas["tafels"].id)
    queue = bot.help_queue(klas["assistant"])
    assert [(item["pupil"], item["goal"], item["group"]) for item in queue] == [
        ("Anna Aalders", "Tafels van 3", "Groep 5a"),
        ("Cas Claassen", "Tafels van 3", "Groep 6b"),
    ]


def test_asking_for_help_on_a_goal_not_on_the_plan_is_refused(klas):
    with pytest.raises(NotFound):
        bot.ask_for_help(klas["bram"], klas["tafels"].id)
    assert HelpRequest.select().count() == 0


@pytest.mark.parametrize("role", ["anna", "admin", "teacher", "assistant"])
def test_only_staff_see_and_answer_the_queue(klas, role):
    request = bot.ask_for_help(klas["anna"], klas["tafels"].id)
    if role == "anna":
        with pytest.raises(PermissionDenied):
            bot.help_queue(klas[role])
        with pytest.raises(PermissionDenied):
            bot.mark_helped(klas[role], request.id)
    else:
        assert bot.mark_helped(klas[role], request.id).helped_by_id == klas[role].id
        assert bot.help_queue(klas[role]) == []


def test_mark_helped_tells_the_pupil_once_in_their_chat(klas, help_signals):
    linked(klas["anna"], "1001")
    request = bot.ask_for_help(klas["anna"], klas["tafels"].id)
    bot.mark_helped(klas["assistant"], request.id)
    bot.mark_helped(klas["assistant"], request.id)  # twice: nothing new
    assert len(help_signals) == 2 and help_signals[1]["request"].helped_at is not None
    answers = bot.help_notices_due()
    assert [(a.chat_id, a.pupil.first_name, a.goal_title) for a in answers] == [("1001", "Anna", "Tafels van 3")]
    assert bot.help_notices_due() == []
    with pytest.raises(NotFound):
        bot.mark_helped(klas["assistant"], 12345)


def test_a_helped_pupil_on_a_device_is_told_only_while_signed_in(klas):
    device(klas)
    request = bot.ask_for_help(klas["anna"], klas["tafels"].id)
    bot.mark_helped(klas["assistant"], request.id)
    assert bot.help_notices_due(NOW) == []  # nobody signed in: not told on the shared screen
    bot.sign_in_on_device("2001", pupil_code(klas, klas["anna"]), now=NOW)
    request = bot.ask_for_help(klas["anna"], klas["tafels"].id)
    bot.mark_helped(klas["assistant"], request.id)
    assert [a.chat_id for a in bot.help_notices_due(NOW)] == ["2001"]


# --- progress notes and evidence (through services.chat) ------------------------------------------------


def test_a_progress_note_lands_in_the_pupils_goal_chat(klas):
    message = bot.post_progress_note(klas["anna"], klas["tafels"].id, "  Ik heb <b>tafel 3</b> geoefend  ")
    stored = ChatMessage.get_by_id(message.id)
    assert stored.room == f"pupil_goal:{klas['anna'].id}:{klas['tafels'].id}"
    assert (stored.kind, stored.channel, stored.author_id) == ("progress", "bot", klas["anna"].id)
    assert stored.body == "Ik heb <b>tafel 3</b> geoefend"  # kept as typed; escaped where it is shown


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001, None])
def test_empty_or_too_long_notes_are_refused(klas, text):
    with pytest.raises(DomainError):
        bot.post_progress_note(klas["anna"], klas["tafels"].id, text)
    assert ChatMessage.select().count() == 0


def test_a_note_on_a_goal_not_on_the_plan_writes_nothing(klas):
    with pytest.raises(NotFound):
        bot.post_progress_note(klas["bram"], klas["tafels"].id, "Hallo")
    assert ChatMessage.select().count() == 0


@pytest.mark.parametrize("data, name", [(JPEG, "foto.jpg"), (PNG, "../../etc/passwd")])
def test_a_photo_is_stored_as_evidence_with_the_goal(klas, tmp_path, data, name):
    document = bot.add_evidence(
        klas["anna"], klas["tafels"].id, data, name, "application/x-anything", upload_folder=str(tmp_path)
    )
    assert (document.kind, document.pupil_id, document.goal_id) == ("evidence", klas["anna"].id, klas["tafels"].id)
    assert document.content_type in ("image/jpeg", "image/png") and "/" not in document.filename
    assert (tmp_path / document.stored_name).read_bytes() == data
    message = ChatMessage.get(ChatMessage.document == document.id)
    assert message.room == f"pupil_goal:{klas['anna'].id}:{klas['tafels'].id}" and message.kind == "progress"


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a" + b"\x00" * 100,
        b"%PDF-1.4",
        b"",
        b"<svg onload=alert(1)>",
        b"\xff\xd8\xff" + b"\x00" * bot.EVIDENCE_MAX_BYTES,
    ],
)
def test_non_images_and_oversized_files_are_refused(klas, tmp_path, data):
    with pytest.raises(DomainError):
        bot.add_evidence(klas["anna"], klas["tafels"].id, data, "x.jpg", "image/jpeg", upload_folder=str(tmp_path))
    assert Document.select().count() == 0 and list(tmp_path.iterdir()) == []


def test_evidence_on_another_pupils_goal_is_refused(klas, tmp_path):
    with pytest.raises(NotFound):
        bot.add_evidence(klas["bram"], klas["tafels"].id, JPEG, "x.jpg", "image/jpeg", upload_folder=str(tmp_path))
    assert Document.select().count() == 0


# --- the schema migration --------------------------------------------------------------------------------


def test_migration_0003_adds_the_bot_tables_to_an_existing_database(database):
    import migrations
    from models import HelpNotice, SchemaVersion

    database.drop_tables([LinkAttempt, ReminderSent, HelpNotice])
    SchemaVersion.delete().where(SchemaVersion.name == "0003_pupil_bot").execute()
    assert "0003_pupil_bot" in migrations.upgrade()
    assert all(database.table_exists(m._meta.table_name) for m in (LinkAttempt, ReminderSent, HelpNotice))
    assert migrations.upgrade() == []
