"""Admin views: week templates and their lesson blocks, lesson types and test moments (LVS)."""

from flask_admin.contrib.peewee.filters import FilterEqual
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from models import Group, LessonBlock, LessonType, Subject, TestMoment, WeekTemplate
from services.errors import DomainError

from .base import AdminModelView
from .school import TeacherLoader

WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


class WeekTemplateView(AdminModelView):
    column_list = ("name", "school_year", "valid_from", "valid_until")
    column_labels = {"valid_from": "Geldig vanaf", "valid_until": "Geldig tot en met"}
    column_searchable_list = ("name",)
    column_filters = ("school_year",)
    column_default_sort = ("valid_from", True)

    def on_model_change(self, form, model, is_created):
        if model.valid_until < model.valid_from:
            raise DomainError("'Geldig tot en met' ligt voor 'Geldig vanaf'.")


class LessonBlockView(AdminModelView):
    column_list = (
        "week_template",
        "weekday",
        "start_time",
        "end_time",
        "title",
        "group",
        "teacher",
        "room",
        "is_learning_square",
    )
    column_labels = {
        "week_template": "Weekrooster",
        "weekday": "Dag",
        "start_time": "Begin",
        "end_time": "Einde",
        "is_learning_square": "Leerplein",
    }
    column_formatters = {"weekday": lambda v, c, m, n: WEEKDAYS[m.weekday]}
    column_formatters_export = column_formatters
    column_searchable_list = ("title", "room")
    column_filters = (
        WeekTemplate.name,
        Group.name,
        FilterEqual(LessonBlock.weekday, "Dag", options=list(enumerate(WEEKDAYS))),
        "is_learning_square",
    )
    column_sortable_list = (
        ("week_template", WeekTemplate.name),
        "weekday",
        "start_time",
        "title",
        ("group", Group.name),
    )
    column_default_sort = [("weekday", False), ("start_time", False)]
    form_columns = (
        "week_template",
        "weekday",
        "start_time",
        "end_time",
        "title",
        "group",
        "teacher",
        "room",
        "is_learning_square",
    )
    form_overrides = {"weekday": SelectField}
    form_args = {"weekday": {"choices": [SelectChoice(i, day) for i, day in enumerate(WEEKDAYS)], "coerce": int}}
    form_ajax_refs = {"teacher": TeacherLoader("teacher")}

    def on_model_change(self, form, model, is_created):
        if model.end_time <= model.start_time:
            raise DomainError("Een lesblok eindigt na het begin.")


class LessonTypeView(AdminModelView):
    column_list = ("name",)
    column_searchable_list = ("name",)


class TestMomentView(AdminModelView):
    column_list = ("name", "subject", "school_year", "level", "date", "max_score")
    column_labels = {"max_score": "Hoogste score"}
    column_searchable_list = ("name",)
    column_filters = ("school_year", "level", Subject.name)
    column_default_sort = [("school_year", True), ("level", False), ("name", False)]
    form_columns = ("name", "subject", "school_year", "level", "date", "max_score")
    form_args = {
        "name": {"description": "Bijvoorbeeld M4 (midden groep 4) of E4 (eind groep 4)"},
        "max_score": {"description": "De hoogste score van de toets; leeg: elke score van 0 tot en met 999."},
    }

    def on_model_change(self, form, model, is_created):
        if model.subject is None:
            raise DomainError("Kies het hoofdgebied van het toetsmoment (bijvoorbeeld Rekenen).")
        if model.max_score is not None and model.max_score < 1:
            raise DomainError("De hoogste score is een getal groter dan 0.")


def register(admin):
    admin.add_view(
        WeekTemplateView(
            WeekTemplate, "Weekroosters", category="Rooster", endpoint="week_templates", url="week-templates"
        )
    )
    admin.add_view(
        LessonBlockView(LessonBlock, "Lesblokken", category="Rooster", endpoint="lesson_blocks", url="lesson-blocks")
    )
    admin.add_view(
        LessonTypeView(LessonType, "Lestypen", category="Rooster", endpoint="lesson_types", url="lesson-types")
    )
    admin.add_view(
        TestMomentView(
            TestMoment, "Toetsmomenten", category="LVS en portfolio", endpoint="test_moments", url="test-moments"
        )
    )
