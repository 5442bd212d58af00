"""Admin views: pupils, parents, teachers (with IB-ers and assistants) and admins, as separate lists over User.

Accounts are made through `services.accounts` (a generated password is shown once), deleting one only
switches it off, and fields that come from the LAS stay as the LAS sent them.
"""

from flask import abort, current_app, flash, redirect, request, session
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.contrib.peewee.ajax import QueryAjaxModelLoader
from flask_admin.contrib.peewee.filters import BasePeeweeFilter
from flask_admin.model.template import EndpointLinkRowAction
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from models import Group, GroupMember, ParentLink, User, db
from services import accounts, credentials, privacy, rollover
from services.errors import DomainError

from .base import AdminModelView, actor
from .forms import AjaxMultiSelectField


class PupilLoader(QueryAjaxModelLoader):
    """Type-ahead over active pupils only (parents pick their children with it)."""

    def __init__(self, name):
        super().__init__(name, User, fields=["first_name", "last_name", "login"], page_size=10)

    def get_one(self, pk):
        return User.get_or_none((User.id == pk) & (User.role == "pupil"))

    def get_list(self, term, offset=0, limit=10):
        query = User.select().where((User.role == "pupil") & User.active & User.erased_at.is_null())
        for word in (term or "").split():
            like = f"%{word}%"
            query = query.where((User.first_name**like) | (User.last_name**like) | (User.login**like))
        return list(query.order_by(User.last_name, User.first_name).offset(offset or 0).limit(limit))


class InGroupFilter(BasePeeweeFilter):
    """Pupils who are a member of a group whose name contains the value."""

    def apply(self, query, value):
        groups = Group.select(Group.id).where(Group.name ** f"%{value}%")
        members = GroupMember.select(GroupMember.pupil).where(GroupMember.group.in_(groups))
        return query.where(User.id.in_(members))

    def operation(self):
        return "bevat"


class LasFilter(BasePeeweeFilter):
    def apply(self, query, value):
        return query.where(User.las_key.is_null(value != "1"))

    def operation(self):
        return "is"


class UserView(AdminModelView):
    """Common ground of the four user lists; `roles` says which users this list holds (the first is the
    role a new account gets)."""

    roles = ()
    column_list = ("login", "first_name", "infix", "last_name", "active", "las_key")
    column_details_list = (
        "login",
        "first_name",
        "infix",
        "last_name",
        "role",
        "active",
        "las_key",
        "created_at",
        "deactivated_at",
    )
    column_searchable_list = ("login", "first_name", "last_name")
    column_filters = ("active", LasFilter(User.las_key, "Uit het LAS", options=(("1", "ja"), ("0", "nee"))))
    column_default_sort = ("last_name", False)
    column_labels = {"las_key": "Uit het LAS"}
    column_formatters = {"las_key": lambda v, c, m, n: "ja" if m.las_key else ""}
    column_formatters_export = column_formatters
    form_columns = ("login", "first_name", "infix", "last_name")
    las_locked_fields = ("login", "first_name", "infix", "last_name", "level", "eckid", "enrolled_on", "left_on")
    column_extra_row_actions = [
        EndpointLinkRowAction("fa fa-key", ".password_view", title="Nieuw wachtwoord"),
    ]

    def get_query(self):
        return User.select().where(User.role.in_(self.roles))

    def get_one(self, id):
        return self.get_query().where(User.id == id).first()

    def las_managed(self, model):
        return model.las_key is not None

    # --- create: through services.accounts, password shown once -----------------------------------------

    def new_role(self, form):
        return form.role.data if hasattr(form, "role") else self.roles[0]

    def create_model(self, form):
        data = form.data
        try:
            with db.atomic():
                user, password = accounts.create_user(
                    actor(),
                    self.new_role(form),
                    data["login"],
                    data["first_name"],
                    data["last_name"],
                    infix=data.get("infix") or "",
                    level=data.get("level"),
                    is_coach=bool(data.get("is_coach")),
                )
                handled = {"login", "first_name", "infix", "last_name", "level", "is_coach", "role"}
                for name in form_fields(form):
                    if name not in handled and hasattr(User, name):
                        setattr(user, name, form[name].data)
                user.save()
                self.save_related(form, user, True)
        except Exception as ex:
            self._failed(ex, "Aanmaken is mislukt.")
            return False
        if user.role == "pupil":
            rollover.plans_for_newcomers(actor(), channel="web")
        flash(
            f"Noteer het wachtwoord: {password}  (inlognaam {user.login}; het wordt niet nog eens getoond)", "warning"
        )
        return user

    def on_model_change(self, form, model, is_created):
        if model.role not in self.roles:
            raise DomainError("Deze rol hoort niet in deze lijst.")
        model.login = accounts.normalise_login(model.login)

    # --- delete: deactivate ------------------------------------------------------------------------------

    def remove(self, model):
        if not model.active:
            return f"{model.full_name} was al gedeactiveerd."
        accounts.deactivate(actor(), model)
        return f"{model.full_name} is gedeactiveerd (niet verwijderd); het account kan niet meer inloggen."

    @action("reactivate", "Weer activeren")
    def action_reactivate(self, ids):
        for user in self.get_query().where(User.id.in_(ids) & ~User.active):
            if user.erased_at:
                flash(f"Gewiste gegevens blijven gewist: {user.full_name} wordt niet geactiveerd.", "error")
                continue
            accounts.reactivate(actor(), user)
            flash(f"{user.full_name} is weer actief.", "success")

    # --- password reset: shown once on the page, never stored in the session -----------------------------

    @expose("/password/", methods=("GET", "POST"))
    def password_view(self):
        """Give a user a new generated password and show it once."""
        user = self.get_one(request.args.get("id")) or abort(404)
        form = FlaskForm()
        password = None
        if form.validate_on_submit():
            try:
                password = accounts.set_password(actor(), user)
            except DomainError as refused:
                flash(refused.message, "error")
            else:
                if user.id == current_user.id:  # the admin's own password: their other sessions end, this one not
                    session[credentials.SESSION_KEY] = user.session_epoch
        response = current_app.make_response(
            self.render(
                "admin/doelpunt/password.html",
                user=user,
                form=form,
                password=password,
                return_url=self.get_url(".index_view"),
            )
        )
        response.headers["Cache-Control"] = "no-store"
        return response


def form_fields(form):
    return [name for name in form._fields if name != "csrf_token"]


class PupilView(UserView):
    roles = ("pupil",)
    column_list = ("login", "first_name", "infix", "last_name", "level", "active", "las_key", "erased_at")
    column_details_list = UserView.column_details_list + (
        "level",
        "stays_back",
        "eckid",
        "enrolled_on",
        "left_on",
        "erased_at",
    )
    column_filters = UserView.column_filters + ("level", "stays_back", InGroupFilter(User.id, "Groep"))
    form_columns = (
        "login",
        "first_name",
        "infix",
        "last_name",
        "level",
        "stays_back",
        "eckid",
        "enrolled_on",
        "left_on",
    )
    form_args = {"level": {"label": "Niveau (1-8)"}}
    column_extra_row_actions = UserView.column_extra_row_actions + [
        EndpointLinkRowAction("fa fa-user-times", ".erase_view", title="Gegevens wissen"),
    ]

    @expose("/erase/", methods=("GET", "POST"))
    def erase_view(self):
        """Erase one pupil's personal data after the admin typed the pupil's name to confirm."""
        pupil = self.get_one(request.args.get("id")) or abort(404)
        form = EraseForm()
        if pupil.erased_at is None and form.validate_on_submit():
            if not form.confirm.data or form.confirm_name.data.strip() != pupil.full_name:
                flash("Vink het vakje aan en typ de naam van de leerling precies over.", "error")
            else:
                try:
                    privacy.erase_pupil(actor(), pupil, upload_folder=current_app.config.get("UPLOAD_FOLDER"))
                except DomainError as refused:
                    flash(refused.message, "error")
                else:
                    flash("De persoonsgegevens van de leerling zijn gewist.", "success")
                    return redirect(self.get_url(".index_view"))
        return self.render("admin/doelpunt/erase.html", pupil=pupil, form=form, return_url=self.get_url(".index_view"))


class EraseForm(FlaskForm):
    confirm_name = StringField("Typ de volledige naam van de leerling")
    confirm = BooleanField("Ik begrijp dat dit niet ongedaan kan worden gemaakt")


class ParentView(UserView):
    roles = ("parent",)
    column_list = UserView.column_list + ("child_links",)
    column_labels = {**UserView.column_labels, "child_links": "Kinderen", "children": "Kinderen"}
    column_formatters = {
        **UserView.column_formatters,
        "child_links": lambda v, c, m, n: ", ".join(link.pupil.full_name for link in m.child_links),
    }
    column_formatters_export = column_formatters
    column_details_list = UserView.column_details_list + ("child_links",)
    form_ajax_refs = {"children": PupilLoader("children")}

    def scaffold_form(self):
        form_class = super().scaffold_form()
        form_class.children = AjaxMultiSelectField(self._form_ajax_refs["children"], label="Kinderen")
        return form_class

    def on_form_prefill(self, form, id):
        form.children.data = [link.pupil for link in ParentLink.select().where(ParentLink.parent == id)]

    def save_related(self, form, model, is_created):
        wanted = {pupil.id: pupil for pupil in form.children.data or []}
        current = {link.pupil_id: link.pupil for link in model.child_links}
        for pupil_id, pupil in wanted.items():
            if pupil_id not in current:
                accounts.link_parent(actor(), model, pupil)
        for pupil_id, pupil in current.items():
            if pupil_id not in wanted:
                accounts.unlink_parent(actor(), model, pupil)


class TeacherView(UserView):
    roles = ("teacher", "assistant")
    column_list = ("login", "first_name", "infix", "last_name", "role", "is_coach", "active", "las_key")
    column_filters = UserView.column_filters + ("role", "is_coach")
    column_formatters = {
        **UserView.column_formatters,
        "role": lambda v, c, m, n: accounts.ROLE_NAMES.get(m.role, m.role),
    }
    column_formatters_export = column_formatters
    form_columns = ("login", "first_name", "infix", "last_name", "is_coach")

    def scaffold_form(self):
        form_class = super().scaffold_form()
        form_class.role = SelectField(
            "Soort", choices=[SelectChoice("teacher", "leraar"), SelectChoice("assistant", "leerpleinassistent")]
        )
        return form_class


class AdminUserView(UserView):
    roles = ("admin",)


def register(admin):
    admin.add_view(PupilView(User, "Leerlingen", category="Gebruikers", endpoint="pupils", url="pupils"))
    admin.add_view(ParentView(User, "Ouders", category="Gebruikers", endpoint="parents", url="parents"))
    admin.add_view(TeacherView(User, "Leraren", category="Gebruikers", endpoint="teachers", url="teachers"))
    admin.add_view(AdminUserView(User, "Beheerders", category="Gebruikers", endpoint="admins", url="admins"))
