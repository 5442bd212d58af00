"""The back office's one access check and the base view every admin screen is built on.

`AdminModelView` fixes what Flask-Admin's peewee views get wrong for us (STACK-NOTES.md): forms carry
Flask-WTF's CSRF token, inline through-models keep their hidden id, delete never cascades, writes run in one
transaction, fields that come from the LAS cannot be changed, and every list exports to .xlsx. It also shows
no raw values (admin/shown.py: local times, dates, 08:30, ja/nee, related rows by name), says what its search
box searches and its page size in Dutch ("50 per pagina"): a view added later gets all of it for free.

Every change made here is audit-logged once (services.audit), with the signed-in admin as actor:

- What the view writes itself (the form's fields, its inline rows, a delete, an archive) is recorded by this
  base view: action `admin_create`, `admin_update`, `admin_delete` or `admin_archive`, the model's name and
  id, and in `detail` each changed field with its old and new value as JSON (admin/trail.py, which also
  renders it on the audit-log screen). An edit that changes nothing records nothing.
- What the view hands to a service is recorded by that service, in its own words, and never a second time
  here. A view says so in one of two ways. `audited_elsewhere`: row fields that `save_related` changes
  through a service (a group's goal set: goal_sets.link_goal_set). `service_fields`: the row is created and
  these fields are changed by `write_through_services` (subjects, domains, goals: services.curriculum); the
  form's other fields (a position) are written and recorded here. Views that override `create_model` or
  `remove` with a service call (accounts, curriculum.remove_goal) leave the line to that service.

A row that data still hangs off is never deleted: a view with `archive_name` archives it (`archive()`, the
one place that does), any other refuses with the reason.
"""

import logging

from flask import abort, flash, redirect, request, url_for
from flask_admin.actions import action
from flask_admin.contrib.peewee import ModelView
from flask_admin.contrib.peewee.form import save_inline
from flask_login import current_user
from flask_wtf import FlaskForm
from peewee import JOIN
from wtforms import SelectField

from models import db, now
from services import audit, permissions
from services.errors import DomainError

from . import lookups, shown, trail
from .export import XlsxExport
from .forms import FilterConverter, ModelConverter
from .labels import CHOICES, LABELS, attached_rows

log = logging.getLogger(__name__)


def actor():
    """The signed-in admin, as the services want their actor."""
    return current_user._get_current_object()


class AdminOnly:
    """Mixin for every admin view: signed-in admins pass, anonymous users go to login, others get 403."""

    def is_accessible(self):
        return permissions.can(current_user, "admin")

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)


class AdminModelView(AdminOnly, XlsxExport, ModelView):
    """Base of every model screen. Subclasses set columns and labels; writes go through `_save()` and delete
    through `remove()`, both audited as the module docstring says."""

    form_base_class = FlaskForm  # CSRF through Flask-WTF's CSRFProtect; SecureForm would clash with it
    model_form_converter = ModelConverter
    filter_converter = FilterConverter()
    list_template = "admin/doelpunt/list.html"  # "50 per pagina"
    column_type_formatters = column_type_formatters_detail = shown.TYPE_FORMATTERS  # no raw values (shown.py)
    column_type_formatters_export = shown.EXPORT_FORMATTERS
    page_size = 50
    page_size_options = (20, 50, 100)
    can_set_page_size = True
    can_view_details = True
    related_joins = {}  # related model -> the foreign key to join it through, where there are several
    las_locked_fields = ()  # fields that only the LAS may change, for rows where `las_managed()` holds
    service_fields = ()  # fields written through the services by `write_through_services`, which audit them
    audited_elsewhere = ()  # fields that `save_related` changes through a service, which audits the change
    archive_name = None  # e.g. "Groep": a row that data hangs off is archived (not refused) on delete

    def __init__(self, model, name=None, category=None, endpoint=None, url=None, **kwargs):
        self.column_labels = {**LABELS, **(getattr(self, "column_labels", None) or {})}
        codes = {name: list(words.items()) for name, words in CHOICES.items() if name in model._meta.fields}
        self.column_choices = {**codes, **(getattr(self, "column_choices", None) or {})}
        super().__init__(model, name, category, endpoint, url, **kwargs)

    def get_create_form(self):
        """With `service_fields`, the service alone makes a new row: the create form holds just those fields."""
        form_class = super().get_create_form()
        if not self.service_fields:
            return form_class
        others = [name for name in dir(form_class) if hasattr(getattr(form_class, name), "_formfield")]
        return type(form_class)(
            form_class.__name__, (form_class,), {name: None for name in others if name not in self.service_fields}
        )

    def init_search(self):
        """Text fields of the model (or of a model `related_joins` joins), and lookups.Search terms that match
        through a subquery (a pupil's name, a group's name)."""
        searches = [item for item in self.column_searchable_list or () if isinstance(item, lookups.Search)]
        fields = [item for item in self.column_searchable_list or () if not isinstance(item, lookups.Search)]
        self.column_searchable_list, kept = fields, self.column_searchable_list
        supported = super().init_search()
        self.column_searchable_list = kept
        self._search_fields.extend(searches)
        return supported or bool(searches)

    def _handle_join(self, query, field, joins):
        """Join a related model once, from this view's model, through `related_joins` where the model has
        several foreign keys to it (a chat message's author, hider and pupil are all users)."""
        related = getattr(field, "model", None)
        if related is None or related is self.model or related.__name__ in joins:
            return query
        joins.add(related.__name__)
        return query.join_from(self.model, related, JOIN.LEFT_OUTER, on=self.related_joins.get(related))

    def scaffold_list_columns(self):
        return [name for name in super().scaffold_list_columns() if name != "id"]

    def search_placeholder(self):
        """What the search box searches, in the list's own words: "Zoek op naam of inlognaam"."""
        labels = []
        for field in self.column_searchable_list or ():
            label = str(self.get_column_name(field if isinstance(field, str) else field.name)).lower()
            if label not in labels:
                labels.append(label)
        if not labels:
            return "Zoeken"
        return "Zoek op " + (", ".join(labels[:-1]) + " of " + labels[-1] if len(labels) > 1 else labels[0])

    # --- errors ----------------------------------------------------------------------------------------

    def handle_view_exception(self, exc):
        if isinstance(exc, DomainError):
            flash(exc.message, "error")
            return True
        return super().handle_view_exception(exc)

    # --- LAS lock --------------------------------------------------------------------------------------

    def las_managed(self, model):
        return False

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None and self.las_managed(obj):
            for name in self.las_locked_fields:
                field = getattr(form, name, None)
                if field is None:
                    continue
                lock = (
                    {"disabled": True}
                    if isinstance(field, SelectField) or field.type.endswith("SelectField")
                    else {"readonly": True}
                )
                field.render_kw = {**(field.render_kw or {}), **lock, "title": "Komt uit het LAS"}
                field.description = "Komt uit het LAS; alleen het LAS kan dit wijzigen."
        return form

    def check_las_lock(self, form, model):
        """Refuse any change to a locked field of a LAS-managed row; a field left out (a disabled input)
        keeps its stored value."""
        if not self.las_managed(model):
            return
        changed = []
        for name in self.las_locked_fields:
            field = getattr(form, name, None)
            if field is None:
                continue
            stored = getattr(model, name)
            if not field.raw_data:
                field.data = stored
            elif trail.comparable(field.data) != trail.comparable(stored):
                changed.append(str(field.label.text))
        if changed:
            raise DomainError(
                "Deze gegevens komen uit het LAS en kunnen hier niet worden gewijzigd: " + ", ".join(changed) + "."
            )

    # --- writes, each leaving its audit line (see the module docstring) --------------------------------

    def save_related(self, form, model, is_created):
        """Write links kept outside the row (through services), in the same transaction as the row."""

    def write_through_services(self, form, model):
        """Create the row (`model` None) or change its `service_fields` through the services; return the row.
        Views that set `service_fields` implement this."""
        raise NotImplementedError

    def _failed(self, ex, message):
        if not self.handle_view_exception(ex):
            flash(f"{message} {ex}", "error")
            log.exception(message)

    def create_model(self, form):
        return self._save(form, None, "Aanmaken is mislukt.")

    def update_model(self, form, model):
        return bool(self._save(form, model, "Opslaan is mislukt."))

    def _save(self, form, model, failure):
        """Write the form in one transaction, with its audit lines; the row, or False when refused."""
        is_created = model is None
        try:
            with db.atomic():
                if self.service_fields:
                    model = self._write_through_services(form, model)
                else:
                    model = self._write_form(form, model)
        except Exception as ex:
            self._failed(ex, failure)
            return False
        self.after_model_change(form, model, is_created)
        return model

    def _write_form(self, form, model):
        """Fill the row from the form, save it with its inline rows and links, and record what changed."""
        is_created = model is None
        if is_created:
            model = self.model()
        else:
            self.check_las_lock(form, model)
        names = self._trail_fields(form, model, skip=self.audited_elsewhere)
        before = {} if is_created else {**trail.snapshot(model, names, form), **trail.inline_snapshot(form, model)}
        form.populate_obj(model)
        self._on_model_change(form, model, is_created)
        model.save(force_insert=is_created)
        save_inline(form, model)
        self.save_related(form, model, is_created)
        after = {**trail.snapshot(model, names, form), **trail.inline_snapshot(form, model)}
        self.record(trail.CREATE if is_created else trail.UPDATE, model, before, after, form)
        return model

    def _write_through_services(self, form, model):
        """Let the services write `service_fields` (each audits its change), then the form's other fields, which
        are set on edit only (a create form shows `service_fields` alone) and recorded here."""
        if model is None:
            return self.write_through_services(form, None)
        names = self._trail_fields(form, model, skip=self.service_fields)
        before = trail.snapshot(model, names, form)
        model = self.write_through_services(form, model)
        changed = [name for name in names if trail.comparable(form[name].data) != before[name][0]]
        for name in changed:
            setattr(model, name, form[name].data)
        if changed:
            model.save(only=[model._meta.fields[name] for name in changed])
            self.record(trail.UPDATE, model, before, trail.snapshot(model, names, form), form)
        return model

    def _trail_fields(self, form, model, skip=()):
        """The row's fields that `form` can change, but those in `skip`."""
        return [name for name in form._fields if name in model._meta.fields and name != "id" and name not in skip]

    def record(self, action, model, before, after, form=None):
        """One audit line for the difference between two snapshots of `model`, made by the signed-in admin;
        nothing when nothing changed."""

        def label(name):
            field = form._fields.get(name) if form is not None else None
            return str(field.label.text) if field is not None else str(self.get_column_name(name))

        changes = trail.compare(before, after, label)
        if changes or action != trail.UPDATE:
            audit.record(actor(), action, model, trail.detail(model, changes))

    # --- delete: never recursive; archived where data hangs off the row -----------------------------------

    def remove(self, model):
        """Delete a bare row. When anything is attached: archive it if the view has `archive_name`, else
        refuse. Views that deactivate or remove through a service override this. Returns the Dutch message
        to show, or None when the row was really deleted."""
        attached = attached_rows(model)
        if attached and self.archive_name:
            return self.archive(model, attached)
        if attached:
            raise DomainError(
                f"'{model}' kan niet worden verwijderd: er hangen nog gegevens aan ({', '.join(attached)})."
            )
        names = [name for name in model._meta.fields if name != "id"]
        self.record(trail.DELETE, model, trail.snapshot(model, names), {})
        model.delete_instance()  # never recursive
        return None

    def archive(self, model, attached):
        """Archive a row that data still hangs off (`attached`, in the screens' words) instead of deleting it."""
        name = f"{self.archive_name} '{trail.describe(model)}'"
        if model.archived:
            raise DomainError(f"{name} is al gearchiveerd; er hangen nog gegevens aan, dus verwijderen kan niet.")
        before = trail.snapshot(model, ["archived"])
        model.archived = True
        if "archived_at" in model._meta.fields:
            model.archived_at = now()
        model.save()
        self.record(trail.ARCHIVE, model, before, trail.snapshot(model, ["archived"]))
        return f"{name} is gearchiveerd in plaats van verwijderd: er hangen nog gegevens aan ({', '.join(attached)})."

    def _remove_one(self, model):
        """`remove()` in its own transaction; True when the row was really deleted. A message (archived,
        deactivated) or a refusal is flashed."""
        try:
            with db.atomic():
                self.on_model_delete(model)
                message = self.remove(model)
        except Exception as ex:
            self._failed(ex, "Verwijderen is mislukt.")
            return False
        if message:  # archived or deactivated: say so instead of "deleted"
            flash(message, "success")
            return False
        return True

    def delete_model(self, model):
        if not self._remove_one(model):
            return False
        self.after_model_delete(model)
        return True

    @action("delete", "Verwijderen", "Weet je zeker dat je de gekozen rijen wilt verwijderen?")
    def action_delete(self, ids):
        """Delete (or archive, or deactivate) the ticked rows; only rows of this view's own list count, so a
        pupils' list never touches a teacher whose id was slipped into the form."""
        rows = self.get_query().where(self.model.id.in_(ids))
        deleted = sum(self._remove_one(model) for model in rows)
        if deleted:
            flash(f"{shown.count(deleted, 'rijen').capitalize()} verwijderd.", "success")


class ReadOnlyView(AdminModelView):
    """A list with details, for records the system writes (sync runs, job runs, the audit log)."""

    can_create = False
    can_edit = False
    can_delete = False
