"""The back office's audit trail: what a write did to a row, field by field, as a user reads it.

`AdminModelView` (admin/base.py) takes a `snapshot` of the fields a form can change before it writes and
another after, and keeps their difference in the audit log's `detail` as JSON text:

    {"object": "uitgelicht", "changes": [{"field": "colour", "label": "Kleur", "old": "#fdd835", "new": "#ff0000"}]}

A change has "old" and "new" for an update, only "new" for a new row and only "old" for a deleted one. Values
are stored as the screens show them (a group type by its name, ja/nee, dd-mm-jjjj), so a line still reads
the same after the group type is renamed or removed. A password hash or any other secret is never stored:
its change is noted as {"secret": true} and shows as "gewijzigd". `lines(detail)` turns the JSON back into
Dutch lines for the audit-log screen; details written by the services are free text and stay as they are.
"""

import datetime as dt
import json

from peewee import ForeignKeyField, Model
from wtforms import SelectField

CREATE, UPDATE, DELETE, ARCHIVE = "admin_create", "admin_update", "admin_delete", "admin_archive"
ACTION_NAMES = {CREATE: "aangemaakt", UPDATE: "gewijzigd", DELETE: "verwijderd", ARCHIVE: "gearchiveerd"}
SECRET_WORDS = ("password", "hash", "secret", "token")
EMPTY = "(leeg)"


def is_secret(name):
    return any(word in name for word in SECRET_WORDS)


def describe(row):
    """A row as a user knows it: its own text, else its name or title, else its number."""
    if type(row).__str__ is not Model.__str__:
        return str(row)
    for name in ("name", "title"):
        if getattr(row, name, None):
            return str(getattr(row, name))
    return f"#{row.id}"


def readable(value):
    """A stored value as the screens show it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, Model):
        return describe(value)
    return str(value)


def comparable(value):
    """What decides whether a value changed: a related row by its id, an empty text as nothing."""
    if isinstance(value, Model):
        return value.id
    return None if value == "" else value


def _related(row, field):
    try:
        return getattr(row, field.name)
    except field.rel_model.DoesNotExist:
        return f"#{row.__data__.get(field.name)}"


def snapshot(row, names, form=None):
    """{field name: (raw value, readable value)} of `row`'s fields `names`; secrets keep no readable value.
    A value `form` offers as a choice reads as the choice's label (a weekday as "maandag", not 0)."""
    taken = {}
    for name in names:
        field = row._meta.fields[name]
        raw = comparable(row.__data__.get(name))
        if is_secret(name):
            taken[name] = (raw, None)
        elif isinstance(field, ForeignKeyField):
            taken[name] = (raw, readable(_related(row, field)) if raw is not None else "")
        else:
            taken[name] = (raw, _choices(form, name).get(raw) or readable(getattr(row, name)))
    return taken


def _choices(form, name):
    """{value: label} of the choices `form` offers for field `name`, if it is a plain select."""
    field = form._fields.get(name) if form is not None else None
    if not isinstance(field, SelectField):
        return {}
    return {choice[0]: str(choice[1]) for choice in field.iter_choices()}


def inline_snapshot(form, row):
    """{form field name: (raw, readable)} for the inline lists of `form` (rows hanging off `row`), each row
    told by the rows it links to (a group's teacher link by the teacher's name)."""
    taken = {}
    for field in form:
        if field.type != "InlineModelFormList":
            continue
        model, reverse = field.model, field.prop
        links = [f for f in model._meta.sorted_fields if isinstance(f, ForeignKeyField) and f.name != reverse]
        rows = model.select().where(getattr(model, reverse) == row.id) if row.id is not None else []
        text = "; ".join(sorted(", ".join(readable(_related(r, f)) for f in links) or describe(r) for r in rows))
        taken[field.name] = (text or None, text)
    return taken


def compare(before, after, label):
    """The changes from snapshot `before` to `after` (either may be empty: a new or a deleted row), as the
    JSON-ready dicts described above. `label(name)` gives a field's Dutch label."""
    changes = []
    for name in list(dict.fromkeys([*before, *after])):
        old, new = before.get(name), after.get(name)
        if old is not None and new is not None and old[0] == new[0]:
            continue
        if (old or new)[0] is None and (old is None or new is None):
            continue  # an empty field of a new or deleted row says nothing
        change = {"field": name, "label": label(name)}
        if is_secret(name):
            if old is not None and new is not None:
                changes.append({**change, "secret": True})
            continue
        if old is not None:
            change["old"] = old[1]
        if new is not None:
            change["new"] = new[1]
        changes.append(change)
    return changes


def detail(row, changes):
    """The audit log's `detail` for `changes` to `row`."""
    return json.dumps({"object": describe(row), "changes": changes}, ensure_ascii=False)


def _parse(text):
    if not text or not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("changes"), list) else None


def _line(change):
    label = change.get("label") or change.get("field", "")
    if change.get("secret"):
        return f"{label}: gewijzigd"
    if "old" in change and "new" in change:
        return f"{label}: {change['old'] or EMPTY} → {change['new'] or EMPTY}"
    return f"{label}: {change.get('new', change.get('old')) or EMPTY}"


def lines(text):
    """The Dutch lines of a back-office change ("Kleur: #fdd835 → #ff0000"), headed by the row it was made to;
    None for a detail that is not one (the services write theirs as free text)."""
    data = _parse(text)
    if data is None:
        return None
    return [str(data.get("object", "")), *(_line(change) for change in data["changes"])]


def summary(text):
    """A detail on one line, for the list and the export."""
    found = lines(text)
    if found is None:
        return text or ""
    head, changes = found[0], found[1:]
    return f"{head} — {'; '.join(changes)}" if changes else head
