"""Admin views: school settings, periods, the status scale, group types, groups, note categories, skills.

The curriculum and goal sets live in `admin/curriculum.py`; `register` adds both areas.
"""

from flask_admin.contrib.peewee.ajax import QueryAjaxModelLoader
from flask_admin.model.form import InlineFormAdmin
from flask_login import current_user
from wtforms import SelectField

from models import (
    Group,
    GroupMember,
    GroupTeacher,
    GroupType,
    NoteCategory,
    Period,
    SchoolSettings,
    Skill,
    Status,
    User,
    now,
)
from services import goal_sets, groups
from services.errors import DomainError

from . import curriculum
from .base import AdminModelView, actor
from .forms import AjaxMultiSelectField
from .users import PupilLoader


class SchoolSettingsView(AdminModelView):
    """The single settings row: edit only."""

    can_create = False
    can_delete = False
    column_list = (
        "name",
        "brin",
        "school_year",
        "class_folder_weeks_back",
        "class_folder_weeks_ahead",
        "parent_access",
        "test_level_scale",
        "updated_at",
    )
    form_overrides = {"test_level_scale": SelectField}
    form_args = {"test_level_scale": {"choices": [("I-V", "I tot en met V"), ("A-E", "A tot en met E")]}}
    column_labels = {
        "test_level_scale": "Niveaus van toetsen (LVS)",
        "brin": "BRIN",
        "class_folder_weeks_back": "Klassenmap: weken terug",
        "class_folder_weeks_ahead": "Klassenmap: weken vooruit",
        "parent_access": "Ouders hebben toegang",
        "updated_at": "Gewijzigd op",
    }
    form_excluded_columns = ("updated_at",)

    def get_query(self):
        SchoolSettings.get_current()  # the row exists from the first visit on
        return SchoolSettings.select().where(SchoolSettings.id == 1)

    def on_model_change(self, form, model, is_created):
        model.updated_at = now()


class PeriodView(AdminModelView):
    column_list = ("school_year", "number", "name", "start_date", "end_date", "rolled_over_at")
    column_labels = {"rolled_over_at": "Periodewissel gedaan op"}
    column_filters = ("school_year",)
    column_default_sort = [("school_year", True), ("number", False)]
    form_excluded_columns = ("rolled_over_at",)

    def on_model_change(self, form, model, is_created):
        if model.end_date < model.start_date:
            raise DomainError("De einddatum ligt voor de begindatum.")


class StatusView(AdminModelView):
    """Rename and recolour only: the key fixes a status's meaning and the scale's order is fixed."""

    can_create = False
    can_delete = False
    column_list = ("position", "key", "name", "colour", "symbol", "is_active")
    column_default_sort = "position"
    column_formatters = {"colour": lambda v, c, m, n: m.colour}
    form_columns = ("name", "colour", "symbol")

    def on_model_change(self, form, model, is_created):
        if not model.name.strip():
            raise DomainError("Een status heeft een naam.")


class GroupTypeView(AdminModelView):
    column_list = ("name", "visible_to_pupils", "las_managed", "is_timetable")
    column_labels = {
        "visible_to_pupils": "Zichtbaar voor leerlingen",
        "las_managed": "Beheerd door het LAS",
        "is_timetable": "Roostergroep",
    }
    column_default_sort = "name"


class TeacherLoader(QueryAjaxModelLoader):
    def __init__(self, name):
        super().__init__(name, User, fields=["first_name", "last_name", "login"], page_size=10)

    def get_one(self, pk):
        return User.get_or_none((User.id == pk) & User.role.in_(("teacher", "assistant", "admin")))

    def get_list(self, term, offset=0, limit=10):
        query = User.select().where(User.role.in_(("teacher", "assistant")) & User.active)
        for word in (term or "").split():
            like = f"%{word}%"
            query = query.where((User.first_name**like) | (User.last_name**like) | (User.login**like))
        return list(query.order_by(User.last_name).offset(offset or 0).limit(limit))


def _id(value):
    return getattr(value, "id", value)


class GroupView(AdminModelView):
    column_list = ("name", "group_type", "school_year", "year_level", "goal_set", "archived", "las_key")
    column_labels = {
        "las_key": "Uit het LAS",
        "members": "Leerlingen",
        "teacher_links": "Leraren",
        "source_group": "Voortgekomen uit",
    }
    column_formatters = {"las_key": lambda v, c, m, n: "ja" if m.las_key else ""}
    column_formatters_export = column_formatters
    column_searchable_list = ("name",)
    column_filters = ("school_year", "archived", "year_level", GroupType.name)
    column_sortable_list = ("name", ("group_type", GroupType.name), "school_year", "year_level", "archived")
    column_default_sort = "name"
    column_details_list = (
        "name",
        "group_type",
        "school_year",
        "year_level",
        "goal_set",
        "archived",
        "archived_at",
        "las_key",
        "source_group",
        "created_at",
    )
    form_columns = ("name", "group_type", "school_year", "year_level", "goal_set", "archived")
    form_ajax_refs = {"members": PupilLoader("members")}
    inline_models = [
        InlineFormAdmin(
            GroupTeacher, form_label="Leraren", form_ajax_refs={"teacher": TeacherLoader("groupteacher.teacher")}
        )
    ]
    las_locked_fields = ("name", "group_type", "year_level")
    audited_elsewhere = ("goal_set",)  # linked through goal_sets.link_goal_set, which audits it
    archive_name = "Groep"  # its members, chat and notes stay

    def las_managed(self, model):
        return model.id is not None and model.las_managed

    def scaffold_form(self):
        form_class = super().scaffold_form()
        form_class.members = AjaxMultiSelectField(self._form_ajax_refs["members"], label="Leerlingen")
        return form_class

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if not form.school_year.data:
            form.school_year.data = SchoolSettings.get_current().school_year
        return form

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None and self.las_managed(obj):
            form.members.render_kw = {"disabled": True}
            form.members.description = "De leden komen uit het LAS."
        return form

    def on_form_prefill(self, form, id):
        form.members.data = [m.pupil for m in GroupMember.select().where(GroupMember.group == id)]

    def on_model_change(self, form, model, is_created):
        type_changed = is_created or _id(form.group_type.object_data) != model.group_type_id
        if type_changed and model.group_type.las_managed:
            raise DomainError("Groepen van dit type komen uit het LAS en worden hier niet aangemaakt.")
        if is_created:
            model.created_by = current_user.id
        if model.archived and not model.archived_at:
            model.archived_at = now()
        if not model.archived:
            model.archived_at = None

    def save_related(self, form, model, is_created):
        old_goal_set = _id(form.goal_set.object_data) if not is_created else None
        if model.goal_set_id != old_goal_set:
            # through the service, so that every member gets the set's goals on their plan
            goal_sets.link_goal_set(actor(), model, model.goal_set)
        wanted = {p.id: p for p in form.members.data or []}
        current = {m.pupil_id: m.pupil for m in GroupMember.select().where(GroupMember.group == model)}
        add = [p for pid, p in wanted.items() if pid not in current]
        remove = [p for pid, p in current.items() if pid not in wanted]
        if not (add or remove):
            return
        if self.las_managed(model):
            if not form.members.raw_data:
                return  # the locked (disabled) field was not sent: nothing to change
            raise DomainError("De leden van een groep uit het LAS kunnen hier niet worden gewijzigd.")
        who = actor()
        if add:
            groups.add_members(who, model, add)  # new members get the group's goal set on their plans
        if remove:
            groups.remove_members(who, model, remove)


class NoteCategoryView(AdminModelView):
    column_list = ("name",)
    column_searchable_list = ("name",)


class SkillView(AdminModelView):
    archive_name = "Vaardigheid"  # once rated, its ratings stay
    column_list = ("name", "position", "archived")
    column_default_sort = "position"
    column_filters = ("archived",)


def register(admin):
    admin.add_view(
        SchoolSettingsView(SchoolSettings, "Schoolinstellingen", category="School", endpoint="settings", url="settings")
    )
    admin.add_view(PeriodView(Period, "Perioden", category="School", endpoint="periods", url="periods"))
    admin.add_view(StatusView(Status, "Statussen", category="School", endpoint="statuses", url="statuses"))
    admin.add_view(
        NoteCategoryView(
            NoteCategory, "Notitiecategorieën", category="School", endpoint="note_categories", url="note-categories"
        )
    )
    admin.add_view(SkillView(Skill, "Vaardigheden", category="School", endpoint="skills", url="skills"))
    admin.add_view(
        GroupTypeView(GroupType, "Groepstypen", category="Groepen", endpoint="group_types", url="group-types")
    )
    admin.add_view(GroupView(Group, "Groepen", category="Groepen", endpoint="groups", url="groups"))
    curriculum.register(admin)
