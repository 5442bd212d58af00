"""Admin views of what the school records about its pupils beside the plan: test results (LVS) and expected
exit levels from the group analysis, and the portfolio ("Dit ben ik"): its texts, skill ratings and
reflection conversations. Read only: teachers, pupils and parents write these on their own pages."""

from flask_admin.contrib.peewee.filters import FilterEqual

from models import Conversation, ExitLevel, PortfolioText, Skill, SkillRating, TestMoment, TestResult

from . import lookups
from .base import ReadOnlyView
from .labels import CHOICES
from .shown import excerpt


class TestResultView(ReadOnlyView):
    column_list = ("test_moment", "pupil", "subject", "group", "score", "grade", "entered_by", "entered_at")
    column_searchable_list = (
        lookups.person(TestResult.pupil, "pupil"),
        lookups.Search(
            "test_moment",
            lambda t: TestResult.test_moment.in_(TestMoment.select(TestMoment.id).where(TestMoment.name**t)),
        ),
    )
    column_filters = (
        lookups.person_filter(TestResult.pupil, "Leerling"),
        lookups.group_filter(TestResult.group),
        "grade",
    )
    column_default_sort = ("entered_at", True)


class ExitLevelView(ReadOnlyView):
    column_list = ("pupil", "subject", "level", "school_year", "group", "set_by", "set_at")
    column_labels = {"level": "Uitstroomniveau"}
    column_searchable_list = ("level", lookups.person(ExitLevel.pupil, "pupil"))
    column_filters = ("school_year", "level", lookups.person_filter(ExitLevel.pupil, "Leerling"))
    column_default_sort = ("set_at", True)


class PortfolioTextView(ReadOnlyView):
    column_list = ("pupil", "voice", "body", "updated_by", "updated_at")
    column_formatters = {"body": excerpt}
    column_searchable_list = ("body", lookups.person(PortfolioText.pupil, "pupil"))
    column_filters = (
        FilterEqual(PortfolioText.voice, "Van wie", options=list(CHOICES["voice"].items())),
        lookups.person_filter(PortfolioText.pupil, "Leerling"),
    )
    column_default_sort = ("updated_at", True)


class SkillRatingView(ReadOnlyView):
    column_list = ("pupil", "skill", "period", "voice", "stars", "rated_by", "rated_at")
    column_searchable_list = (
        lookups.person(SkillRating.pupil, "pupil"),
        lookups.Search("skill", lambda t: SkillRating.skill.in_(Skill.select(Skill.id).where(Skill.name**t))),
    )
    column_filters = (
        FilterEqual(SkillRating.voice, "Van wie", options=list(CHOICES["voice"].items())),
        "stars",
        lookups.person_filter(SkillRating.pupil, "Leerling"),
        "rated_at",
    )
    column_default_sort = ("rated_at", True)


class ConversationView(ReadOnlyView):
    column_list = ("pupil", "teacher", "held_on", "questions", "notes")
    column_formatters = {"questions": excerpt, "notes": excerpt}
    column_searchable_list = ("questions", "notes", lookups.person(Conversation.pupil, "pupil"))
    column_filters = (
        lookups.person_filter(Conversation.pupil, "Leerling"),
        lookups.person_filter(Conversation.teacher, "Leraar"),
        "held_on",
    )
    column_default_sort = ("held_on", True)


CATEGORY = "LVS en portfolio"


def register(admin):
    admin.add_view(
        TestResultView(TestResult, "Toetsresultaten", category=CATEGORY, endpoint="test_results", url="test-results")
    )
    admin.add_view(
        ExitLevelView(ExitLevel, "Uitstroomniveaus", category=CATEGORY, endpoint="exit_levels", url="exit-levels")
    )
    admin.add_view(
        PortfolioTextView(
            PortfolioText, "Portfolioteksten", category=CATEGORY, endpoint="portfolio_texts", url="portfolio-texts"
        )
    )
    admin.add_view(
        SkillRatingView(
            SkillRating, "Vaardigheidssterren", category=CATEGORY, endpoint="skill_ratings", url="skill-ratings"
        )
    )
    admin.add_view(
        ConversationView(
            Conversation, "Leergesprekken", category=CATEGORY, endpoint="conversations", url="conversations"
        )
    )
