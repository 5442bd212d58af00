"""What every change to the curriculum shares: the row read afresh, a clean name, the next position, the audit
line and the announcement to live pages."""

from peewee import fn

from .. import audit, events, permissions
from ..errors import DomainError, NotFound


def fetch_row(model, value, message):
    """The row for an instance or id, read afresh inside the transaction; NotFound when it is gone."""
    row = model.get_or_none(model.id == getattr(value, "id", value))
    if row is None:
        raise NotFound(message)
    return row


def clean_text(text, what, max_length=255):
    text = (text or "").strip()
    if not text:
        raise DomainError(f"Vul {what} in.")
    if len(text) > max_length:
        raise DomainError(f"{what[0].upper()}{what[1:]} mag hoogstens {max_length} tekens lang zijn.")
    return text


def next_position(model, condition=None):
    query = model.select(fn.MAX(model.position))
    if condition is not None:
        query = query.where(condition)
    return (query.scalar() or 0) + 1


def record(actor, action, entity, detail=""):
    audit.record(permissions.recorded_as(actor), action, entity, detail)


def announce(actor, goal=None, **what):
    events.curriculum_changed.send(goal=goal, actor=actor, **what)
