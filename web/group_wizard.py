"""The steps of "Nieuwe groep" (name, type and teachers; pupils; review), carried from step to step in the
form itself and checked again at every step, so that a tampered form never reaches the service unchecked."""

from flask import request

from models import GroupType, User
from services import permissions
from services.errors import DomainError

from .group_views import teacher_choices

STEPS = ("Naam, type en leraren", "Leerlingen", "Controleren")
TAMPERED = "Dit formulier klopt niet (meer). Begin opnieuw met een nieuwe groep."
MAX_NAME = 255


def offered_types():
    """Group types a teacher may create: every type that the LAS does not manage."""
    return [
        {"id": t.id, "name": t.name} for t in GroupType.select().where(~GroupType.las_managed).order_by(GroupType.name)
    ]


def pupil_choices():
    return [
        {"id": u.id, "name": u.full_name, "level": u.level}
        for u in User.pupils().order_by(User.level, User.last_name, User.first_name, User.id)
    ]


def _ids(field):
    """The ids posted in `field`, as ints without repeats; DomainError when one is not a number."""
    try:
        return list(dict.fromkeys(int(value) for value in request.form.getlist(field)))
    except ValueError:
        raise DomainError(TAMPERED) from None


def initial_state(user):
    """An empty group, with its maker among the teachers when they may teach groups (admins may not)."""
    return {
        "name": "",
        "group_type": None,
        "teachers": [user.id] if permissions.can(user, "teach_groups") else [],
        "pupils": [],
        "add_to_my_groups": True,
    }


def posted_state():
    """The wizard's state as posted, not yet checked."""
    group_type = request.form.get("group_type", "")
    return {
        "name": request.form.get("name", "").strip(),
        "group_type": int(group_type) if group_type.isdigit() else None,
        "teachers": _ids("teachers"),
        "pupils": _ids("pupils"),
        "add_to_my_groups": request.form.get("add_to_my_groups") == "1",
    }


def check_first_step(state):
    """Errors (Dutch) in name, type and teachers; an empty list when all is well."""
    errors = []
    if not state["name"]:
        errors.append("Geef de groep een naam.")
    elif len(state["name"]) > MAX_NAME:
        errors.append(f"De naam mag hoogstens {MAX_NAME} tekens lang zijn.")
    if state["group_type"] not in {t["id"] for t in offered_types()}:
        errors.append("Kies een groepstype. Groepen uit ParnasSys/ESIS (het LAS) kunnen hier niet worden aangemaakt.")
    if not set(state["teachers"]) <= {t["id"] for t in teacher_choices()}:
        errors.append(TAMPERED)
    return errors


def check_pupils(state):
    if not set(state["pupils"]) <= {p["id"] for p in pupil_choices()}:
        return [TAMPERED]
    return []


def next_step(state, wanted):
    """The step to show when step `wanted` ("1", "2", "3" or "create") is asked for, with the errors that keep
    the user on an earlier step."""
    if wanted not in ("2", "3", "create"):
        return 1, []
    errors = check_first_step(state)
    if errors:
        return 1, errors
    if wanted == "2":
        return 2, []
    errors = check_pupils(state)
    return (2, errors) if errors else (3, [])


def review(state):
    """The chosen type, teachers and pupils by name, for the review step."""
    types = {t["id"]: t["name"] for t in offered_types()}
    teachers = {t["id"]: t["name"] for t in teacher_choices()}
    pupils = {p["id"]: p["name"] for p in pupil_choices()}
    return {
        "type": types.get(state["group_type"], ""),
        "teachers": [teachers[i] for i in state["teachers"] if i in teachers],
        "pupils": [pupils[i] for i in state["pupils"] if i in pupils],
    }
