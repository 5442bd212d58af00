"""The demo school's week timetable (lesson blocks per class, learning-square blocks) and its group notes."""

import datetime as dt

from models import LessonBlock, Note, NoteCategory, WeekTemplate

from .builder import FEATURED_CLASS, PERIODS, SCHOOL_YEAR, insert
from .names import CLASS_NAMES


def timetable(builder):
    """Write the school year's week template: a day for the lower and the upper classes, and the learning square."""
    WeekTemplate.insert(
        name="Rooster 2026-2027", school_year=SCHOOL_YEAR, valid_from=PERIODS[0][2], valid_until=PERIODS[-1][3]
    ).execute()
    template = WeekTemplate.get(WeekTemplate.school_year == SCHOOL_YEAR).id
    upper = [
        ("08:30", "09:30", "Rekenen"),
        ("09:30", "10:15", "Taal"),
        ("10:30", "11:15", "Lezen"),
        ("11:15", "12:00", "Leerplein"),
        ("13:00", "14:15", "Wereldoriëntatie"),
    ]
    lower = [("08:30", "09:15", "Kring"), ("09:15", "10:15", "Spelen en werken"), ("10:30", "12:00", "Buiten en gym")]
    rows = []
    for i, (name, teachers) in enumerate(zip(CLASS_NAMES, builder.class_teachers)):
        for weekday in range(5):
            day = lower if i < 4 else upper
            for start, end, title in day[:3] if weekday == 2 else day:
                if weekday in (1, 3) and title == "Taal":
                    title = "Spelling"
                rows.append(
                    {
                        "week_template": template,
                        "weekday": weekday,
                        "start_time": _time(start),
                        "end_time": _time(end),
                        "title": title,
                        "group": builder.group_ids[name],
                        "teacher": teachers[0] if weekday < 3 or len(teachers) == 1 else teachers[1],
                        "room": "Leerplein" if title == "Leerplein" else f"Lokaal {i + 1}",
                        "is_learning_square": title == "Leerplein",
                    }
                )
    for weekday in (1, 3):
        rows.append(
            {
                "week_template": template,
                "weekday": weekday,
                "start_time": _time("13:00"),
                "end_time": _time("14:00"),
                "title": "Leerplein",
                "group": builder.group_ids["Leerplein bovenbouw"],
                "teacher": builder.staff_ids["assistant"],
                "room": "Leerplein",
                "is_learning_square": True,
            }
        )
    insert(LessonBlock, rows)


def notes(builder):
    """Write a few group notes a teacher recognises: instruction, a hand-over, a pupil to discuss."""
    group_ids = builder.group_ids
    categories = {c.name: c.id for c in NoteCategory.select()}
    featured_group, teacher = group_ids[FEATURED_CLASS], builder.featured["teacher"]
    rows = [
        (
            featured_group,
            None,
            "notitie",
            "Deze week extra instructie klok kijken (kwartier) aan de "
            "instructietafel voor vijf kinderen; de rest werkt op het leerplein aan de plustaak.",
            "rekenen klok",
        ),
        (
            featured_group,
            None,
            "overdracht",
            "Overdracht voor meester Tom: de verhoudingstabel is herhaald, de "
            "toets staat donderdag gepland. Let op de nieuwe leesgroepen.",
            "overdracht",
        ),
        (
            featured_group,
            builder.featured["pupil"],
            "leerlingbespreking",
            "Daan leest sneller dan verwacht; bespreken of hij kan aansluiten bij de leesgroep van groep 6.",
            "lezen",
        ),
        (
            group_ids["Groep 3a"],
            None,
            "notitie",
            "Kern 4 van de leesmethode afgerond. De letters 'eu' en 'ui' worden nog vaak verwisseld.",
            "lezen letters",
        ),
        (
            group_ids["Groep 8b"],
            None,
            "notitie",
            "De eindtoets is in april; in de planning ruimte maken voor de oefentoets in februari.",
            "eindtoets",
        ),
        (
            group_ids["Projectgroep Ruimte"],
            None,
            "notitie",
            "Schaalmodel van het zonnestelsel staat op het schoolplein; foto's in het groepsdocument.",
            "ruimte",
        ),
    ]
    insert(
        Note,
        [
            {
                "group": g,
                "pupil": p,
                "author": teacher if g == featured_group else builder.staff_ids["coach"],
                "category": categories.get(c),
                "body": body,
                "tags": tags,
                "created_at": builder.at(dt.date(2026, 10, 1), dt.date(2026, 11, 20)),
            }
            for g, p, c, body, tags in rows
        ],
    )


def _time(text):
    return dt.time(*map(int, text.split(":")))
