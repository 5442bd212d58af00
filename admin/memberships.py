"""Admin views of who belongs where: parent links, group members and group teachers, and Mijn groepen.

Members and teachers are added and removed through services.groups, as on the Groepsprofiel (a LAS group's
members are refused with the service's reason; a new member gets the group's goal set); a parent link is
removed through services.accounts. A teacher's Mijn groepen is their own choice: read only.
"""

from flask_admin.contrib.peewee.ajax import QueryAjaxModelLoader
from wtforms import validators

from models import Group, GroupMember, GroupTeacher, MyGroup, ParentLink, db
from services import accounts, groups

from . import lookups
from .base import AdminModelView, ReadOnlyView, actor
from .school import TeacherLoader
from .users import PupilLoader


class GroupLoader(QueryAjaxModelLoader):
    """Type-ahead over the groups that are not archived."""

    def __init__(self, name):
        super().__init__(name, Group, fields=["name"], page_size=10)

    def get_one(self, pk):
        return Group.get_or_none(Group.id == pk)

    def get_list(self, term, offset=0, limit=10):
        query = Group.select().where(~Group.archived)
        for word in (term or "").split():
            query = query.where(Group.name ** f"%{word}%")
        return list(query.order_by(Group.name).offset(offset or 0).limit(limit))


class ParentLinkView(ReadOnlyView):
    """Which parent belongs to which pupil; linked on the parent's own form, unlinked here or there."""

    can_delete = True
    column_list = ("parent", "pupil")
    column_searchable_list = (
        lookups.person(ParentLink.parent, "parent"),
        lookups.person(ParentLink.pupil, "pupil"),
    )
    column_filters = (
        lookups.person_filter(ParentLink.parent, "Ouder"),
        lookups.person_filter(ParentLink.pupil, "Leerling"),
    )

    def remove(self, model):
        accounts.unlink_parent(actor(), model.parent, model.pupil)


class _LinkView(AdminModelView):
    """A group's link to a person, made and undone through services.groups only (never edited in place)."""

    can_edit = False
    person = None  # the link's person field name: "pupil" or "teacher"
    form_columns = ("group",)

    def create_model(self, form):
        """Add through the service (which records it), and hand Flask-Admin the link it made."""
        group, person = form.group.data, form[self.person].data

        def add():
            self.add(group, [person])
            return self.model.get((self.model.group == group) & (getattr(self.model, self.person) == person))

        return self._through_service(add, "Toevoegen is mislukt.")

    def _through_service(self, work, failure):
        try:
            with db.atomic():
                return work()
        except Exception as ex:
            self._failed(ex, failure)
            return False

    def remove(self, model):
        self.take_off(model.group, [getattr(model, self.person)])


class GroupMemberView(_LinkView):
    person = "pupil"
    column_list = ("group", "pupil", "added_at")
    column_searchable_list = (lookups.group(GroupMember.group), lookups.person(GroupMember.pupil, "pupil"))
    column_filters = (
        lookups.group_filter(GroupMember.group),
        lookups.person_filter(GroupMember.pupil, "Leerling"),
        "added_at",
    )
    column_default_sort = ("added_at", True)
    form_columns = ("group", "pupil")
    form_ajax_refs = {"group": GroupLoader("group"), "pupil": PupilLoader("pupil")}
    form_args = {
        "group": {"validators": [validators.InputRequired()]},
        "pupil": {"validators": [validators.InputRequired()]},
    }

    def add(self, group, pupils):
        groups.add_members(actor(), group, pupils)

    def take_off(self, group, pupils):
        groups.remove_members(actor(), group, pupils)


class GroupTeacherView(_LinkView):
    person = "teacher"
    column_list = ("group", "teacher")
    column_searchable_list = (lookups.group(GroupTeacher.group), lookups.person(GroupTeacher.teacher, "teacher"))
    column_filters = (lookups.group_filter(GroupTeacher.group), lookups.person_filter(GroupTeacher.teacher, "Leraar"))
    form_columns = ("group", "teacher")
    form_ajax_refs = {"group": GroupLoader("group"), "teacher": TeacherLoader("teacher")}
    form_args = {
        "group": {"validators": [validators.InputRequired()]},
        "teacher": {"validators": [validators.InputRequired()]},
    }

    def add(self, group, teachers):
        groups.add_teachers(actor(), group, teachers)

    def take_off(self, group, teachers):
        groups.remove_teachers(actor(), group, teachers)


class MyGroupView(ReadOnlyView):
    """The groups teachers put in Mijn groepen without teaching them: their own list, read only here."""

    column_list = ("teacher", "group")
    column_searchable_list = (lookups.person(MyGroup.teacher, "teacher"), lookups.group(MyGroup.group))
    column_filters = (lookups.person_filter(MyGroup.teacher, "Leraar"), lookups.group_filter(MyGroup.group))


def register(admin):
    admin.add_view(
        ParentLinkView(
            ParentLink, "Ouderkoppelingen", category="Gebruikers", endpoint="parent_links", url="parent-links"
        )
    )
    admin.add_view(GroupMemberView(GroupMember, "Groepsleden", category="Groepen", endpoint="members", url="members"))
    admin.add_view(
        GroupTeacherView(
            GroupTeacher, "Groepsleraren", category="Groepen", endpoint="group_teachers", url="group-teachers"
        )
    )
    admin.add_view(MyGroupView(MyGroup, "In Mijn groepen", category="Groepen", endpoint="my_groups", url="my-groups"))
