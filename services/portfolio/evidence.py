"""Evidence (bewijs, SPEC 14): photos, files and notes on a pupil's portfolio, each linked to a goal on the
pupil's plan where it belongs. The one store for everything that comes in: the web's uploads (pupil and
teacher) and the bot's photos and notes (services.bot) all go through `add_evidence`, as Documents of kind
"evidence" in the upload folder, checked with the chat's file checks (by name *and* content).

Evidence the pupil adds on a goal also lands in that goal's chat, live for the teachers, as the bot's
photos always did. A teacher marks pieces as highlights of the portfolio.
"""

import contextlib
import dataclasses
import datetime as dt

from peewee import JOIN

from models import Document, Domain, Goal, PlanGoal, Subject, User, db

from .. import audit, chat, permissions
from ..chat.files import CONTENT_TYPES, MAX_FILE_BYTES, checked_upload, content_matches, stored_upload
from ..errors import DomainError, NotFound
from .common import announce, clean_text, remove_files, the_pupil

KIND = "evidence"
EVIDENCE_TYPES = tuple(CONTENT_TYPES)  # photos, PDFs and office documents, as in the chats
MAX_FILE_MB = MAX_FILE_BYTES // (1024 * 1024)
NOTE_MAX_LENGTH = chat.MAX_LENGTH  # a pupil's evidence on a goal is also a message in the goal's chat
PHOTO_TYPES = ("jpg", "png")  # what a photo from the bot may be, judged by its content
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif")
NO_GOAL = "Zonder leerdoel"


@dataclasses.dataclass(frozen=True)
class Piece:
    """A piece of evidence as the portfolio shows it."""

    id: int
    title: str
    body: str
    filename: str
    has_file: bool
    is_image: bool
    goal_id: int | None
    goal_title: str
    subject: str
    by: str
    by_pupil: bool
    channel: str
    at: dt.datetime
    highlighted: bool
    removable: bool
    order: tuple  # where its goal stands in the curriculum; pieces without a goal come last


def _plan_goal(pupil, goal):
    """The pupil's plan goal of `goal` (an id or Goal), None for no goal; NotFound when it is not on the plan."""
    if goal in (None, ""):
        return None
    try:
        goal_id = int(getattr(goal, "id", goal))
    except (TypeError, ValueError):
        raise NotFound("Dit leerdoel bestaat niet.") from None
    found = (
        PlanGoal.select(PlanGoal, Goal)
        .join(Goal)
        .where((PlanGoal.pupil == pupil.id) & (PlanGoal.goal == goal_id) & ~Goal.archived)
        .first()
    )
    if found is None:
        raise NotFound(f"Dit leerdoel staat niet op het plan van {pupil.first_name}.")
    return found


def photo_file(data, filename="foto.jpg"):
    """(name, extension, content type, bytes) of a photo's bytes: JPEG or PNG by content, whatever it claims."""
    if not data:
        raise DomainError("Er kwam geen foto mee. Probeer het nog eens.")
    if len(data) > MAX_FILE_BYTES:
        raise DomainError(f"Deze foto is te groot (hoogstens {MAX_FILE_BYTES // (1024 * 1024)} MB).")
    for ext in PHOTO_TYPES:
        if content_matches(ext, data):
            return filename or "foto", ext, CONTENT_TYPES[ext], data
    raise DomainError("Stuur een foto (JPEG of PNG). Andere bestanden kan ik niet bewaren.")


def _title(note, filename):
    first_line = note.split("\n", 1)[0].strip()
    return (first_line[:117] + "…" if len(first_line) > 120 else first_line) or filename or "Bewijs"


def add_evidence(actor, pupil, goal=None, *, upload=None, photo=None, note="", upload_folder=None, channel="web"):
    """Keep a piece of evidence on `pupil`'s portfolio and return its Document: a file from a form (`upload`,
    with `.filename` and `.stream`), or a photo (`photo`: (name, ext, content type, bytes) from photo_file),
    and/or a `note`; linked to `goal` when given (it must be on the pupil's plan)."""
    pupil = the_pupil(pupil)
    permissions.require(
        actor, "add_evidence", pupil, message="Alleen de leerling zelf en de leraren van de leerling voegen bewijs toe."
    )
    plan_goal = _plan_goal(pupil, goal)
    note = clean_text(note, NOTE_MAX_LENGTH, "De notitie")
    file = photo
    if upload is not None and getattr(upload, "filename", ""):
        file = checked_upload(upload, where="als bewijs", verb="bewaard")
    if file is None and not note:
        raise DomainError("Kies een foto of bestand, of schrijf wat je hebt gedaan.")
    if file is not None and not upload_folder:
        raise DomainError("Er is geen map ingesteld om bestanden te bewaren.")
    by_pupil = permissions.recorded_as(actor) is not None and actor.id == pupil.id
    with contextlib.ExitStack() as stack:
        stored_name = stack.enter_context(stored_upload(upload_folder, KIND, file[1], file[3])) if file else None
        stack.enter_context(db.atomic())
        document = Document.create(
            kind=KIND,
            title=_title(note, file[0] if file else ""),
            filename=file[0] if file else None,
            stored_name=stored_name,
            content_type=file[2] if file else None,
            size=len(file[3]) if file else 0,
            pupil=pupil.id,
            goal=plan_goal.goal_id if plan_goal else None,
            uploaded_by=permissions.recorded_as(actor),
            body=note,
            channel=channel,
        )
        message = None
        if by_pupil and plan_goal is not None:
            message = _goal_chat_message(pupil, plan_goal, document, note, photo is not None, channel)
        audit.record(permissions.recorded_as(actor), "evidence_added", document, detail=f"leerling {pupil.id}")
    if message is not None:
        chat.announce(message, actor)
    announce(actor, pupil, "evidence")
    return document


def _goal_chat_message(pupil, plan_goal, document, note, is_photo, channel):
    """The pupil's progress message in the goal's chat that carries the piece (its file, if any)."""
    if note:
        body = note
    elif is_photo:
        body = "Foto als bewijs toegevoegd."
    else:
        body = f"Bewijs toegevoegd: {document.filename}"
    room = chat.key_for("pupil_goal", pupil, plan_goal.goal_id)
    # chats keep kind "file" for the staff's uploads: the document is attached to the progress message here
    message = chat.store_message(pupil, room, body, kind="progress", channel=channel)
    if document.stored_name:
        message.document = document
        message.save()
    return message


def _evidence(document, pupil=None):
    """The piece with its pupil; NotFound when it is gone, or not `pupil`'s (when given)."""
    found = (
        Document.select(Document, User)
        .join(User, on=(Document.pupil == User.id))
        .where((Document.id == getattr(document, "id", document)) & (Document.kind == KIND))
        .first()
    )
    if found is None or (pupil is not None and found.pupil_id != getattr(pupil, "id", pupil)):
        raise NotFound("Dit bewijs bestaat niet (meer).")
    return found


def set_highlight(actor, document, highlighted=True, pupil=None):
    """A teacher marks a piece as a highlight of the portfolio (or takes the mark off); with `pupil`, only a
    piece of that pupil's is found."""
    document = _evidence(document, pupil)
    permissions.require(
        actor, "keep_portfolio", document.pupil, message="Alleen een leraar van deze leerling markeert hoogtepunten."
    )
    with db.atomic():
        Document.update(highlighted=bool(highlighted)).where(Document.id == document.id).execute()
        audit.record(
            permissions.recorded_as(actor),
            "evidence_highlighted" if highlighted else "evidence_unhighlighted",
            document,
        )
    announce(actor, document.pupil, "evidence")


def remove_evidence(actor, document, upload_folder=None, pupil=None):
    """Remove a piece (and its file): the pupil who added it, or a teacher of the pupil."""
    document = _evidence(document, pupil)
    permissions.require(
        actor, "remove_evidence", document, message="Alleen wie het bewijs toevoegde of een leraar haalt het weg."
    )
    with db.atomic():
        Document.delete().where(Document.id == document.id).execute()
        audit.record(
            permissions.recorded_as(actor), "evidence_removed", document, detail=f"leerling {document.pupil_id}"
        )
        remove_files(upload_folder, [document.stored_name])
    announce(actor, document.pupil, "evidence")


def pieces_of(actor, pupil, goal=None):
    """The pupil's evidence (of one goal, or all), newest first, in one query besides the checks (read as
    plain rows: a portfolio holds hundreds of pieces)."""
    pupil = the_pupil(pupil)
    permissions.require(actor, "view_portfolio", pupil)
    keeper = permissions.can(actor, "keep_portfolio", pupil)
    Uploader = User.alias()
    query = (
        Document.select(
            Document.id,
            Document.title,
            Document.body,
            Document.filename,
            Document.stored_name,
            Document.content_type,
            Document.goal.alias("goal_id"),
            Document.uploaded_by.alias("uploaded_by_id"),
            Document.channel,
            Document.created_at,
            Document.highlighted,
            Goal.title.alias("goal_title"),
            Goal.level.alias("goal_level"),
            Goal.position.alias("goal_position"),
            Domain.name.alias("domain_name"),
            Domain.position.alias("domain_position"),
            Subject.name.alias("subject_name"),
            Subject.position.alias("subject_position"),
            Uploader.first_name,
            Uploader.infix,
            Uploader.last_name,
        )
        .join(Goal, JOIN.LEFT_OUTER)
        .join(Domain, JOIN.LEFT_OUTER)
        .join(Subject, JOIN.LEFT_OUTER)
        .switch(Document)
        .join(Uploader, JOIN.LEFT_OUTER, on=(Document.uploaded_by == Uploader.id))
        .where((Document.pupil == pupil.id) & (Document.kind == KIND))
        .order_by(Document.created_at.desc(), Document.id.desc())
    )
    if goal is not None:
        query = query.where(Document.goal == getattr(goal, "id", goal))
    actor_id = getattr(actor, "id", None)
    return [_piece(row, pupil, keeper, actor, actor_id) for row in query.namedtuples()]


def _piece(row, pupil, keeper, actor, actor_id):
    own = row.uploaded_by_id is not None and row.uploaded_by_id == actor_id
    # the removal rule reads the piece's pupil and uploader: handed over as they are, without a query
    removable = keeper or (
        own and permissions.can(actor, "remove_evidence", _Removal(pupil=pupil, uploaded_by_id=row.uploaded_by_id))
    )
    names = (row.first_name, row.infix, row.last_name)
    return Piece(
        id=row.id,
        title=row.title,
        body=row.body,
        filename=row.filename or "",
        has_file=bool(row.stored_name),
        is_image=row.content_type in IMAGE_TYPES,
        goal_id=row.goal_id,
        goal_title=row.goal_title or "",
        subject=row.subject_name if row.goal_id else NO_GOAL,
        by=" ".join(part for part in names if part),
        by_pupil=row.uploaded_by_id == pupil.id,
        channel=row.channel,
        at=row.created_at,
        highlighted=bool(row.highlighted),
        removable=removable,
        order=(1,)
        if row.goal_id is None
        else (
            0,
            row.subject_position,
            row.subject_name,
            row.domain_position,
            row.domain_name,
            row.goal_level,
            row.goal_position,
            row.goal_id,
        ),
    )


@dataclasses.dataclass(frozen=True)
class _Removal:
    """What services.permissions' remove_evidence reads of a piece."""

    pupil: User
    uploaded_by_id: int


def goals_for_evidence(actor, pupil):
    """[(goal id, "subject · goal")] of the goals on the pupil's plan, in curriculum order: what a piece of
    evidence can be linked to (one query besides the check)."""
    pupil = the_pupil(pupil)
    permissions.require(actor, "view_portfolio", pupil)
    rows = (
        PlanGoal.select(Goal.id, Goal.title, Subject.name)
        .join(Goal)
        .join(Domain)
        .join(Subject)
        .where((PlanGoal.pupil == pupil.id) & ~Goal.archived)
        .order_by(Subject.position, Subject.name, Domain.position, Domain.name, Goal.level, Goal.position, Goal.id)
        .tuples()
    )
    return [(goal_id, f"{subject} · {title}") for goal_id, title, subject in rows]


def by_subject_and_goal(pieces):
    """[{"subject", "goals": [{"goal_id", "title", "pieces"}]}] in curriculum order, each goal's pieces newest
    first, pieces without a goal last."""
    subjects = {}
    for piece in sorted(pieces, key=lambda p: p.order):  # stable: each goal's pieces stay newest first
        goals = subjects.setdefault(piece.subject, {})
        goals.setdefault(piece.goal_id, {"goal_id": piece.goal_id, "title": piece.goal_title, "pieces": []})
        goals[piece.goal_id]["pieces"].append(piece)
    return [{"subject": subject, "goals": list(goals.values())} for subject, goals in subjects.items()]
