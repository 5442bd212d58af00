"""The audit log: who did what to which record."""

from models import AuditLog


def record(actor, action, entity=None, detail=""):
    """Write one audit line; `entity` is a model instance or None."""
    AuditLog.create(
        actor=actor,
        action=action,
        entity=type(entity).__name__ if entity is not None else "",
        entity_id=getattr(entity, "id", None),
        detail=detail,
    )
