"""The demo school: a believable Dutch primary school to try Doelpunt with (`flask --app app demo`).

`build()` writes the whole school in one transaction with bulk inserts, so that a demo of 400 pupils takes
seconds, and it draws every choice from a seeded random generator, so that every build is the same school.
The steps live per area: `curriculum` (school year, goals), `people` (staff, classes, families),
`groups` (goal sets, extra groups), `plans` (plans and histories), `timetable` (timetable,
notes), `chats`, `class_folder` (this week's lessons, attendance and week planning), `group_cycle` (test
results, exit levels, group reviews) and `portfolio` (skills, stars, texts, evidence, conversations); `builder`
holds what they share.
"""

import os
import time

from models import Subject, User, db, empty_all_tables
from services import school

from . import chats, class_folder, curriculum, group_cycle, groups, people, plans, portfolio, timetable
from .builder import FEATURED_CLASS, LOGINS, PASSWORD, Builder
from .data import CURRICULUM
from .names import CLASS_NAMES


def build(pupils=400, force=False):
    """Build the demo school in one transaction; yield progress lines and, at the end, how to sign in."""
    started = time.perf_counter()
    if not force and (User.select().exists() or Subject.select().exists()):
        yield (
            "De database bevat al gegevens: de demoschool wordt niet (opnieuw) gebouwd. "
            "Gebruik --force om alles te vervangen door de demoschool."
        )
        if User.select().where(User.login == LOGINS["admin"]).exists():
            yield from sign_in_lines()
        return
    with db.atomic():
        if force:
            _wipe()
            yield "Bestaande gegevens verwijderd."
        yield from _run(Builder(max(16, pupils)))
    yield f"Klaar in {time.perf_counter() - started:.1f} s.".replace(".", ",", 1)
    yield from sign_in_lines()


def sign_in_lines():
    """How to sign in to the demo school: the address and an account for each kind of user."""
    url = f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}/login"
    accounts = [
        ("beheerder", "admin"),
        (f"leraar {FEATURED_CLASS}", "teacher"),
        ("IB-er", "coach"),
        ("leerpleinassistent", "assistant"),
        (f"leerling {FEATURED_CLASS}", "pupil"),
        ("ouder van die leerling", "parent"),
    ]
    yield ""
    yield f"Inloggen op {url} (alle demo-accounts hebben hetzelfde wachtwoord):"
    for label, key in accounts:
        yield f"  {label + ':':<26} {LOGINS[key]:<34} wachtwoord {PASSWORD}"


def _wipe():
    """Empty every table but the schema version (only with force), then restore the default data."""
    empty_all_tables(db.obj)
    school.ensure_defaults()


def _run(builder):
    """Run the steps in their fixed order (each draws from the one seeded generator); yield a line per step."""
    school.ensure_defaults()
    curriculum.school_year(builder)
    yield "School OBS De Regenboog, schooljaar 2026-2027 met 4 periodes."
    goals = curriculum.curriculum(builder)
    yield f"Curriculum: {len(CURRICULUM)} hoofdgebieden, {goals} leerdoelen (niveau 1-8, periode 1-4)."
    people.staff(builder)
    people.classes(builder)
    yield (
        f"Groepen: {len(CLASS_NAMES)} stamgroepen met {builder.pupil_count} leerlingen, "
        f"{len(builder.teacher_ids)} leraren, {builder.parent_count} ouders."
    )
    groups.extra_groups(builder)
    yield "Extra groepen en doelensets: Coachgroep, Projectgroep Ruimte, Plusgroep rekenen, Leerplein."
    plan_goals, changes = plans.plans(builder)
    yield f"Plannen: {plan_goals} leerdoelen op plannen, {changes} statuswijzigingen in de geschiedenis."
    timetable.timetable(builder)
    timetable.notes(builder)
    yield "Weekrooster met lesblokken en groepsnotities."
    chats.write(builder.featured, builder.group_ids, builder.staff_ids, FEATURED_CLASS)
    yield "Chats: groepschat met een opdracht, voortgangsberichten van Daan, vragen op het leerplein."
    lessons, ticks = class_folder.class_folder(builder)
    yield f"Klassenmap {FEATURED_CLASS}: {lessons} lessen met leerdoelen deze week, {ticks} keer afgevinkt."
    results = group_cycle.cycle(builder)
    yield (
        f"Groepsanalyse en groepsbesprekingen: toetsmomenten met {results} resultaten, uitstroom vanaf groep 6, "
        "de rondes met hun data en de formulieren van september."
    )
    with_portfolio = portfolio.portfolios(builder)
    yield (
        f"Portfolio's: {with_portfolio} leerlingen met vaardigheden en sterren, een open sterrenronde in "
        f"{FEATURED_CLASS}, teksten, bewijs en leergesprekken van Daan."
    )
