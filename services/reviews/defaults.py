"""The school's review rounds and forms as a new school starts with them (seeds/002: the quality card for
group reviews), and the rounds of a new school year, made at the year rollover from those of the old one.

Admins change all of it in the back office (rounds and their dates, forms, questions); nothing here
overwrites what a school changed: defaults are only added where there are none.
"""

import datetime as dt

from models import ReviewForm, ReviewQuestion, ReviewRound, SchoolSettings

# name, optional: September, February, April (when the school wants it) and June
DEFAULT_ROUNDS = (("September", False), ("Februari", False), ("April", True), ("Juni", False))

GROUP = "De groep"
NEEDS = "Wat heeft de groep nodig?"
TEACHER = "Wat heb jij nodig?"

# key, section, question, hint; the questions of the quality card, for groups 3-8
QUESTIONS_3_8 = (
    ("atmosphere", GROUP, "Sfeer", "Hoe gaan de kinderen met elkaar om? Voelt iedereen zich veilig?"),
    ("work_climate", GROUP, "Werkklimaat", "Is er rust en aandacht bij instructie en verwerking?"),
    ("independent_work", GROUP, "Zelfstandig werken", "Wie werkt zelfstandig, wie heeft nog veel hulp nodig?"),
    ("group_forming", GROUP, "Groepsvorming", "In welke fase is de groep? Zijn er subgroepjes of buitenstaanders?"),
    ("cooperation", GROUP, "Samenwerken", "Hoe werken de kinderen samen, in tweetallen en in groepjes?"),
    (
        "interaction",
        GROUP,
        "Interactie onderling en met de leerkracht",
        "Hoe verloopt het contact tussen de kinderen, en tussen de kinderen en jou?",
    ),
    (
        "needs_differentiation",
        NEEDS,
        "Differentiatie in het leerstofaanbod",
        "Welke overeenkomsten en verschillen zie je in de groep (groepsoverzicht, toetsen, leerdoelen)?",
    ),
    (
        "needs_approach",
        NEEDS,
        "Didactische en pedagogische aanpak",
        "Wat vraagt dit van je aanpak van de groep?",
    ),
    ("needs_organisation", NEEDS, "Organisatie", "Welke organisatie is hiervoor nodig (instructiegroepen, tijd)?"),
    (
        "teacher_needs",
        TEACHER,
        "Wat heb jij nodig om goed onderwijs aan de groep te bieden?",
        "Bijvoorbeeld ondersteuning in de klas, een collega die meekijkt, materiaal of scholing.",
    ),
)
# For groups 1-2 the same card, in the words of a kindergarten class: playing is their working.
KINDERGARTEN_WORDS = {
    "independent_work": ("Zelfstandig spelen en werken", "Wie kiest en speelt zelfstandig, wie heeft hulp nodig?"),
    "cooperation": ("Samen spelen en samenwerken", "Hoe spelen de kinderen samen, in de hoeken en in de kring?"),
    "work_climate": ("Werkklimaat in de kring en de hoeken", "Is er rust en aandacht in de kring en bij het spel?"),
}
DEFAULT_FORMS = (("Groepsbespreking 1-2", 1, 2), ("Groepsbespreking 3-8", 3, 8))


def _questions(form_name):
    for key, section, text, hint in QUESTIONS_3_8:
        if form_name.endswith("1-2") and key in KINDERGARTEN_WORDS:
            text, hint = KINDERGARTEN_WORDS[key]
        yield key, section, text, hint


def ensure_defaults():
    """The default forms (when the school has none) and rounds (when the running school year has none)."""
    if not ReviewForm.select().exists():
        for position, (name, level_from, level_to) in enumerate(DEFAULT_FORMS):
            form = ReviewForm.create(name=name, level_from=level_from, level_to=level_to, position=position)
            ReviewQuestion.insert_many(
                [
                    {"form": form.id, "section": section, "text": text, "hint": hint, "key": key, "position": n}
                    for n, (key, section, text, hint) in enumerate(_questions(name))
                ]
            ).execute()
    school_year = SchoolSettings.get_current().school_year
    if not ReviewRound.select().where(ReviewRound.school_year == school_year).exists():
        ReviewRound.insert_many(_default_rounds(school_year)).execute()


def _default_rounds(school_year):
    return [
        {"school_year": school_year, "name": name, "position": position, "optional": optional}
        for position, (name, optional) in enumerate(DEFAULT_ROUNDS)
    ]


def _a_year_later(day):
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + dt.timedelta(days=365)


def carry_rounds_forward(ended_school_year, new_school_year):
    """The new school year's rounds: those of the ended year, each a year later (dates to be checked by the
    admin); the defaults when the ended year had none. Nothing when the new year has rounds already."""
    if ReviewRound.select().where(ReviewRound.school_year == new_school_year).exists():
        return 0
    old = list(ReviewRound.select().where(ReviewRound.school_year == ended_school_year).order_by(ReviewRound.position))
    rows = [
        {
            "school_year": new_school_year,
            "name": r.name,
            "position": r.position,
            "optional": r.optional,
            "review_on": _a_year_later(r.review_on),
        }
        for r in old
    ] or _default_rounds(new_school_year)
    ReviewRound.insert_many(rows).execute()
    return len(rows)
