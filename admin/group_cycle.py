"""Admin views of the internal coach's cycle (issue 15): the review rounds of each school year and their dates,
the school's review forms and their questions, and, read-only, the answers given and the history of exit
levels (those are written on the teacher pages, through services.reviews and services.analysis).

A round, form or question that answers hang off is not deleted: a round or a form is refused with the reason,
a question is archived (no longer asked; its answers stay readable).
"""

from wtforms.validators import NumberRange

from models import ExitLevelChange, Group, ReviewAnswer, ReviewForm, ReviewQuestion, ReviewRound, Subject, User
from services.errors import DomainError

from . import pupil_records
from .base import AdminModelView, ReadOnlyView


class ReviewRoundView(AdminModelView):
    column_list = ("school_year", "position", "name", "review_on", "optional")
    column_labels = {"review_on": "Datum van de besprekingen", "optional": "Facultatief"}
    column_descriptions = {
        "review_on": "Het formulier moet een week eerder klaar zijn; het dashboard van de leraren zegt het."
    }
    column_searchable_list = ("name", "school_year")
    column_filters = ("school_year", "optional", "review_on")
    column_default_sort = [("school_year", True), ("position", False)]
    form_columns = ("school_year", "name", "position", "review_on", "optional")

    def on_model_change(self, form, model, is_created):
        if not (model.name or "").strip():
            raise DomainError("Een ronde heeft een naam, bijvoorbeeld September.")


class ReviewFormView(AdminModelView):
    column_list = ("position", "name", "level_from", "level_to")
    column_labels = {"level_from": "Vanaf jaargroep", "level_to": "Tot en met jaargroep"}
    column_searchable_list = ("name",)
    column_default_sort = "position"
    form_columns = ("name", "level_from", "level_to", "position")
    form_args = {
        "level_from": {"validators": [NumberRange(1, 8, "Een jaargroep van 1 tot en met 8.")]},
        "level_to": {"validators": [NumberRange(1, 8, "Een jaargroep van 1 tot en met 8.")]},
    }

    def on_model_change(self, form, model, is_created):
        if model.level_to < model.level_from:
            raise DomainError("'Tot en met jaargroep' ligt onder 'Vanaf jaargroep'.")


class ReviewQuestionView(AdminModelView):
    archive_name = "Vraag"  # once answered, its answers stay readable
    column_list = ("form", "position", "section", "text", "archived")
    column_labels = {"form": "Formulier", "section": "Kopje", "text": "Vraag", "hint": "Toelichting"}
    column_searchable_list = ("text", "section")
    column_filters = (ReviewForm.name, "archived")
    column_sortable_list = (("form", ReviewForm.name), "position", "section", "text")
    column_default_sort = [("form", False), ("position", False)]
    form_columns = ("form", "section", "text", "hint", "position", "archived")

    def on_model_change(self, form, model, is_created):
        if not (model.text or "").strip():
            raise DomainError("Een vraag heeft een tekst.")


class ReviewAnswerView(ReadOnlyView):
    """The answers teachers gave on their review forms (written on the teacher pages)."""

    column_list = ("review", "question", "body")
    column_labels = {"review": "Groepsbespreking", "question": "Vraag", "body": "Antwoord"}
    column_searchable_list = ("body",)
    column_filters = (ReviewQuestion.text,)
    column_formatters = {
        "review": lambda v, c, m, n: f"{m.review.group.name}, {m.review.review_round}",
        "question": lambda v, c, m, n: m.question.text,
    }
    column_formatters_export = column_formatters


class ExitLevelChangeView(ReadOnlyView):
    """The history of expected exit levels: who changed which pupil's level, when, from, to and why."""

    column_list = ("changed_at", "pupil", "subject", "from_level", "to_level", "reason", "changed_by", "group")
    column_labels = {
        "changed_at": "Gewijzigd op",
        "from_level": "Van",
        "to_level": "Naar",
        "reason": "Waarom",
        "changed_by": "Door",
    }
    column_searchable_list = ("reason", "to_level")
    column_filters = (Subject.name, Group.name, "to_level", "changed_at")
    column_default_sort = ("changed_at", True)
    related_joins = {User: ExitLevelChange.pupil}


def register(admin):
    for view, model, name, endpoint in (
        (ReviewRoundView, ReviewRound, "Besprekingsrondes", "review_rounds"),
        (ReviewFormView, ReviewForm, "Besprekingsformulieren", "review_forms"),
        (ReviewQuestionView, ReviewQuestion, "Vragen van de formulieren", "review_questions"),
        (ReviewAnswerView, ReviewAnswer, "Antwoorden op de formulieren", "review_answers"),
    ):
        admin.add_view(view(model, name, category="Groepen", endpoint=endpoint, url=endpoint.replace("_", "-")))
    admin.add_view(
        ExitLevelChangeView(
            ExitLevelChange,
            "Uitstroom: wijzigingen",
            category=pupil_records.CATEGORY,
            endpoint="exit_level_changes",
            url="exit-level-changes",
        )
    )
