"""School-wide reference data: the default status scale, group types, categories and settings."""

from models import (
    AbsenceReason,
    ConversationQuestion,
    GroupType,
    LessonType,
    NoteCategory,
    SchoolSettings,
    Skill,
    Status,
    db,
)

from .reviews import defaults as review_defaults

DEFAULT_STATUSES = [
    # key, name, colour, symbol, position, active
    ("coming", "komend", "#9e9e9e", "K", 0, False),
    ("current", "huidig", "#1e88e5", "H", 1, True),
    ("highlighted", "uitgelicht", "#fdd835", "U", 2, True),
    ("practising", "oefenen", "#fb8c00", "O", 3, True),
    ("achieved", "behaald", "#43a047", "B", 4, False),
]

DEFAULT_GROUP_TYPES = [
    # name, visible to pupils, LAS-managed, timetable
    ("Stamgroep", True, False, False),
    ("Roostergroep", True, False, True),
    ("Coachgroep", True, False, False),
    ("Projectgroep", True, False, False),
    ("Parnassys-groep", True, True, False),
]

DEFAULT_NOTE_CATEGORIES = [
    "notitie",
    "overdracht",
    "groepsbespreking 1-2",
    "groepsbespreking 3-8",
    "leerlingbespreking",
    "analyse",
]
DEFAULT_LESSON_TYPES = ["instructie", "verwerking", "leerplein", "project", "toets"]
DEFAULT_SKILLS = ["samenwerken", "plannen", "zelfstandig werken", "doorzetten", "reflecteren"]
DEFAULT_ABSENCE_REASONS = ["ziek", "te laat", "verlof", "afspraak arts of tandarts", "ongeoorloofd", "anders"]
DEFAULT_CONVERSATION_QUESTIONS = [  # the school's template for reflection conversations (leergesprekken)
    "Op welk werk ben je trots, en waarom?",
    "Welk doel heb je behaald, en hoe heb je dat gedaan?",
    "Wat vond je moeilijk, en wat hielp je verder?",
    "Hoe ging het plannen en samenwerken?",
    "Wat wil je hierna leren, en wat heb je daarvoor nodig?",
]


def ensure_defaults():
    """Create whatever default reference data is missing; never changes what a school renamed."""
    with db.atomic():
        SchoolSettings.get_current()
        for key, name, colour, symbol, position, active in DEFAULT_STATUSES:
            if not Status.select().where(Status.key == key).exists():
                Status.create(key=key, name=name, colour=colour, symbol=symbol, position=position, is_active=active)
        for name, visible, las, timetable in DEFAULT_GROUP_TYPES:
            GroupType.get_or_create(
                name=name, defaults={"visible_to_pupils": visible, "las_managed": las, "is_timetable": timetable}
            )
        for name in DEFAULT_NOTE_CATEGORIES:
            NoteCategory.get_or_create(name=name)
        for name in DEFAULT_LESSON_TYPES:
            LessonType.get_or_create(name=name)
        if not Skill.select().exists():
            for position, name in enumerate(DEFAULT_SKILLS):
                Skill.create(name=name, position=position)
        if not AbsenceReason.select().exists():
            for position, name in enumerate(DEFAULT_ABSENCE_REASONS):
                AbsenceReason.create(name=name, position=position)
        review_defaults.ensure_defaults()  # the review forms and this school year's review rounds
        if not ConversationQuestion.select().exists():
            for position, text in enumerate(DEFAULT_CONVERSATION_QUESTIONS):
                ConversationQuestion.create(text=text, position=position)
