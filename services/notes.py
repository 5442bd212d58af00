"""Group notes (Groepsnotities, SPEC 5 and 11): quick notes and hand-overs on a group, in a category of the
school's list, optionally about one pupil of the group. Every teacher reads them (`view_group_notes`); pupils
and parents never do. Finding them again is services.note_search.

    write_note(actor, group, body, category=None, pupil=None, tags="") -> Note
    edit_note(actor, note, body, category=None, pupil=None, tags="") -> Note
    remove_note(actor, note)
    group_notes(actor, group, category=None, pupil=None) -> [Note]   newest first
    pupil_notes(actor, pupil, limit=20) -> [Note]                    the notes about one pupil, for staff
"""

from peewee import JOIN

from models import Group, Note, NoteCategory, TestMoment, User, db, now

from . import audit, events, permissions
from .errors import DomainError, NotFound
from .groups import fetch_group, member_of

MAX_BODY = 5000
MAX_TAGS = 200
PUPIL_REVIEW = "leerlingbespreking"  # the category of the pupils to discuss at a group review (seeds/002)
ANALYSIS = "analyse"  # the category of a note on a test moment in the group analysis


def categories():
    """The school's note categories, by name."""
    return list(NoteCategory.select().order_by(NoteCategory.name))


def category_named(name):
    return NoteCategory.get_or_none(NoteCategory.name == name)


def fetch_note(note):
    """The Note (with its group) for an instance or id; NotFound if unknown."""
    found = Note.select(Note, Group).join(Group, JOIN.LEFT_OUTER).where(Note.id == getattr(note, "id", note)).first()
    if found is None:
        raise NotFound("Deze notitie bestaat niet (meer).")
    return found


def _category(category):
    if category in (None, "", 0):
        return None
    found = NoteCategory.get_or_none(NoteCategory.id == getattr(category, "id", category))
    if found is None:
        raise DomainError("Kies een categorie uit de lijst.")
    return found


def _texts(body, tags):
    body = (body or "").strip()
    if not body:
        raise DomainError("Schrijf eerst iets in de notitie.")
    if len(body) > MAX_BODY:
        raise DomainError(f"Een notitie is hoogstens {MAX_BODY} tekens lang; deze is {len(body)} tekens.")
    tags = " ".join((tags or "").replace(",", " ").split())
    if len(tags) > MAX_TAGS:
        raise DomainError(f"De trefwoorden zijn samen hoogstens {MAX_TAGS} tekens lang.")
    return body, tags


def _test_moment_of(group, test_moment):
    if test_moment is None:
        return None
    found = TestMoment.get_or_none(TestMoment.id == getattr(test_moment, "id", test_moment))
    if found is None or found.school_year != group.school_year:
        raise DomainError("Dit toetsmoment hoort niet bij het schooljaar van deze groep.")
    return found


def write_note(actor, group, body, category=None, pupil=None, tags="", test_moment=None, review=None):
    """Write a note on a group (not archived): any teacher may. Bad input is refused whole."""
    group = fetch_group(group)
    permissions.require(actor, "write_group_note", group, message="Je kunt geen notities schrijven bij deze groep.")
    body, tags = _texts(body, tags)
    category = _category(category)
    pupil = member_of(group, pupil)
    test_moment = _test_moment_of(group, test_moment)
    by = permissions.recorded_as(actor)
    with db.atomic():
        note = Note.create(
            group=group.id,
            pupil=pupil,
            author=by,
            category=category,
            test_moment=test_moment,
            review=getattr(review, "id", review),
            body=body,
            tags=tags,
        )
        audit.record(by, "note_written", note, detail=f"groep {group.name}")
    events.group_cycle_changed.send(None, group=group.id, what="notes", actor=actor)
    return note


def edit_note(actor, note, body, category=None, pupil=None, tags=""):
    """Change a note's text, category, pupil or keywords (its author only)."""
    note = fetch_note(note)
    permissions.require(actor, "edit_note", note, message="Alleen wie de notitie schreef, kan hem wijzigen.")
    body, tags = _texts(body, tags)
    note.category = _category(category)
    note.pupil = member_of(note.group, pupil) if note.group_id else None
    note.body, note.tags, note.updated_at = body, tags, now()
    with db.atomic():
        note.save()
        audit.record(permissions.recorded_as(actor), "note_edited", note)
    events.group_cycle_changed.send(None, group=note.group_id, what="notes", actor=actor)
    return note


def remove_note(actor, note):
    """Remove a note: its author, an IB-er or an admin."""
    note = fetch_note(note)
    permissions.require(actor, "remove_note", note, message="Alleen wie de notitie schreef, kan hem verwijderen.")
    with db.atomic():
        audit.record(permissions.recorded_as(actor), "note_removed", note, detail=note.body[:200])
        note.delete_instance()
    events.group_cycle_changed.send(None, group=note.group_id, what="notes", actor=actor)


def with_people(query):
    """A note query with its author, category, pupil and group joined in (one query for a list); of those only
    what a list shows (names, the group's archived flag), since whole rows cost more to read than the query."""
    author, pupil = User.alias(), User.alias()
    return (
        query.select_extend(
            NoteCategory.id,
            NoteCategory.name,
            *(person.id for person in (author, pupil)),
            *(getattr(person, name) for person in (author, pupil) for name in ("first_name", "infix", "last_name")),
            Group.id,
            Group.name,
            Group.archived,
        )
        .join_from(Note, NoteCategory, JOIN.LEFT_OUTER)
        .join_from(Note, author, JOIN.LEFT_OUTER, on=(Note.author == author.id), attr="author")
        .join_from(Note, pupil, JOIN.LEFT_OUTER, on=(Note.pupil == pupil.id), attr="pupil")
        .join_from(Note, Group, JOIN.LEFT_OUTER)
    )


def group_notes(actor, group, category=None, pupil=None):
    """The notes of a group, newest first, optionally of one category or about one pupil."""
    permissions.require(actor, "view_group_notes")
    query = with_people(Note.select()).where(Note.group == group.id)
    if category:
        query = query.where(Note.category == category)
    if pupil:
        query = query.where(Note.pupil == pupil)
    return list(query.order_by(Note.created_at.desc(), Note.id.desc()))


def pupil_notes(actor, pupil, limit=20):
    """The latest notes about one pupil, in whichever group they were written (staff who read notes)."""
    permissions.require(actor, "view_group_notes")
    query = with_people(Note.select()).where(Note.pupil == getattr(pupil, "id", pupil))
    return list(query.order_by(Note.created_at.desc(), Note.id.desc()).limit(limit))
