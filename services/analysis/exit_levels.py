"""The expected exit level (uitstroom) per pupil per core subject: PRO, VMBO-BB ... VWO and the mixed levels
(models.EXIT_LEVELS). Set in a group's analysis by whoever manages the group; every change is kept as history
(who, when, from, to, why). Teachers see the current level in every analysis the pupil is in and, with its
history, on the pupil's page; pupils and parents never see it.

    set_exit_level(actor, group, pupil, subject, level, reason="") -> ExitLevelChange or None (no change)
    exit_levels_of(pupil_ids, subject_ids=None) -> {(pupil id, subject id): level}
    history(actor, pupil) -> [ExitLevelChange], newest first, with subject, group and author
"""

from peewee import JOIN

from models import EXIT_LEVELS, ExitLevel, ExitLevelChange, Group, Subject, User, db, now

from .. import audit, events, permissions
from ..errors import DomainError
from ..groups import fetch_group, member_of

MAX_REASON = 1000


def _core_subject(subject):
    found = Subject.get_or_none(Subject.id == getattr(subject, "id", subject))
    if found is None or not found.is_core:
        raise DomainError("Een uitstroomniveau geef je voor een kernvak; kies een van de kernvakken.")
    return found


def set_exit_level(actor, group, pupil, subject, level, reason=""):
    """Set (or, with an empty level, remove) a pupil's expected exit level for a core subject. Changing a
    level that was set needs a reason; nothing is written when the level stays the same."""
    group = fetch_group(group)
    permissions.require(actor, "set_exit_level", group, message="Je kunt bij deze groep de uitstroom niet wijzigen.")
    pupil, subject = member_of(group, pupil), _core_subject(subject)
    if pupil is None:
        raise DomainError("Kies een leerling.")
    level = (level or "").strip()
    if level and level not in EXIT_LEVELS:
        raise DomainError(f"'{level}' is geen uitstroomniveau; kies er een uit de lijst ({', '.join(EXIT_LEVELS)}).")
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise DomainError(f"De reden is hoogstens {MAX_REASON} tekens lang.")
    current = ExitLevel.get_or_none((ExitLevel.pupil == pupil.id) & (ExitLevel.subject == subject.id))
    before = current.level if current else None
    if (before or "") == level:
        return None
    if before and not reason:
        raise DomainError(f"Schrijf erbij waarom de uitstroom voor {subject.name} verandert (nu {before}).")
    by, at = permissions.recorded_as(actor), now()
    with db.atomic():
        if not level:
            current.delete_instance()
        elif current is None:
            ExitLevel.create(
                pupil=pupil.id,
                subject=subject.id,
                group=group.id,
                level=level,
                school_year=group.school_year,
                set_by=by,
                set_at=at,
            )
        else:
            ExitLevel.update(level=level, group=group.id, school_year=group.school_year, set_by=by, set_at=at).where(
                ExitLevel.id == current.id
            ).execute()
        change = ExitLevelChange.create(
            pupil=pupil.id,
            subject=subject.id,
            group=group.id,
            from_level=before,
            to_level=level or None,
            reason=reason,
            changed_by=by,
            changed_at=at,
        )
        audit.record(by, "exit_level_set", change, detail=f"{pupil.full_name}, {subject.name}: {before} -> {level}")
    events.group_cycle_changed.send(None, group=group.id, what="exit_levels", actor=actor)
    return change


def exit_levels_of(pupil_ids, subject_ids=None):
    """{(pupil id, subject id): level} of these pupils (and subjects), in one query."""
    if not pupil_ids:
        return {}
    query = ExitLevel.select(ExitLevel.pupil, ExitLevel.subject, ExitLevel.level).where(
        ExitLevel.pupil.in_(list(pupil_ids))
    )
    if subject_ids is not None:
        query = query.where(ExitLevel.subject.in_(list(subject_ids) or [0]))
    return {(pupil, subject): level for pupil, subject, level in query.tuples()}


def history(actor, pupil, subject=None):
    """Every change of a pupil's exit levels, newest first, for teachers (one query)."""
    permissions.require(actor, "view_group_notes")
    author = User.alias()
    query = (
        ExitLevelChange.select(ExitLevelChange, Subject, Group, author)
        .join(Subject)
        .join_from(ExitLevelChange, Group, JOIN.LEFT_OUTER)
        .join_from(
            ExitLevelChange, author, JOIN.LEFT_OUTER, on=(ExitLevelChange.changed_by == author.id), attr="changed_by"
        )
        .where(ExitLevelChange.pupil == getattr(pupil, "id", pupil))
    )
    if subject is not None:
        query = query.where(ExitLevelChange.subject == getattr(subject, "id", subject))
    return list(query.order_by(ExitLevelChange.changed_at.desc(), ExitLevelChange.id.desc()))
