"""Admin views of what the school records about its pupils beside the plan: test results (LVS) and expected
exit levels from the group analysis. Read only: teachers write these on the group analysis. The portfolio's
views (texts, stars, evidence, conversations) are in admin/portfolio.py, under the same menu."""

from models import ExitLevel, TestMoment, TestResult

from . import lookups
from .base import ReadOnlyView


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


CATEGORY = "LVS en portfolio"


def register(admin):
    admin.add_view(
        TestResultView(TestResult, "Toetsresultaten", category=CATEGORY, endpoint="test_results", url="test-results")
    )
    admin.add_view(
        ExitLevelView(ExitLevel, "Uitstroomniveaus", category=CATEGORY, endpoint="exit_levels", url="exit-levels")
    )
