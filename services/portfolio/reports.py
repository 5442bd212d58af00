"""Reports (SPEC 14): test results and school reports as uploaded PDFs per pupil. The pupil's teachers upload
them; whoever may view the portfolio reads them (parents only where the school has parent access on)."""

import dataclasses
import datetime as dt

from peewee import JOIN

from models import Document, User, db

from .. import audit, permissions
from ..chat.files import checked_upload, stored_upload
from ..errors import DomainError, NotFound
from .common import announce, clean_text, remove_files, the_pupil

KIND = "report"
MAX_TITLE_LENGTH = 200
NOT_YOURS = "Alleen een leraar van deze leerling voegt rapporten toe of haalt ze weg."


@dataclasses.dataclass(frozen=True)
class Report:
    id: int
    title: str
    filename: str
    size: int
    by: str
    at: dt.datetime


def add_report(actor, pupil, upload, title="", upload_folder=None):
    """Keep an uploaded PDF with the pupil's portfolio; returns the Document."""
    pupil = the_pupil(pupil)
    permissions.require(actor, "keep_portfolio", pupil, message=NOT_YOURS)
    title = clean_text(title, MAX_TITLE_LENGTH, "De titel").replace("\n", " ")
    if upload is None or not getattr(upload, "filename", ""):
        raise DomainError("Kies eerst een PDF-bestand.")
    if not upload_folder:
        raise DomainError("Er is geen map ingesteld om bestanden te bewaren.")
    filename, ext, content_type, data = checked_upload(
        upload, allowed=("pdf",), allowed_names="alleen pdf", where="als rapport", verb="bewaard"
    )
    with stored_upload(upload_folder, KIND, ext, data) as stored_name, db.atomic():
        document = Document.create(
            kind=KIND,
            title=title or filename,
            filename=filename,
            stored_name=stored_name,
            content_type=content_type,
            size=len(data),
            pupil=pupil.id,
            uploaded_by=permissions.recorded_as(actor),
        )
        audit.record(permissions.recorded_as(actor), "report_added", document, detail=f"leerling {pupil.id}")
    announce(actor, pupil, "reports")
    return document


def report(actor, document, pupil=None):
    """A report's Document, for whoever may view its pupil's portfolio; with `pupil`, only that pupil's."""
    found = (
        Document.select(Document, User)
        .join(User, on=(Document.pupil == User.id))
        .where((Document.id == getattr(document, "id", document)) & (Document.kind == KIND))
        .first()
    )
    if found is None or not found.stored_name or (pupil is not None and found.pupil_id != getattr(pupil, "id", pupil)):
        raise NotFound("Dit rapport bestaat niet (meer).")
    permissions.require(actor, "view_portfolio", found.pupil)
    return found


def remove_report(actor, document, upload_folder=None, pupil=None):
    """Take a report off the portfolio, its file included."""
    found = report(actor, document, pupil)
    permissions.require(actor, "keep_portfolio", found.pupil, message=NOT_YOURS)
    with db.atomic():
        Document.delete().where(Document.id == found.id).execute()
        audit.record(permissions.recorded_as(actor), "report_removed", found, detail=f"leerling {found.pupil_id}")
        remove_files(upload_folder, [found.stored_name])
    announce(actor, found.pupil, "reports")


def reports_of(actor, pupil):
    """The pupil's reports, newest first (one query besides the check)."""
    pupil = the_pupil(pupil)
    permissions.require(actor, "view_portfolio", pupil)
    rows = (
        Document.select(Document, User)
        .join(User, JOIN.LEFT_OUTER, on=(Document.uploaded_by == User.id))
        .where((Document.pupil == pupil.id) & (Document.kind == KIND))
        .order_by(Document.created_at.desc(), Document.id.desc())
    )
    return [
        Report(
            d.id, d.title, d.filename or "", d.size, d.uploaded_by.full_name if d.uploaded_by_id else "", d.created_at
        )
        for d in rows
    ]
