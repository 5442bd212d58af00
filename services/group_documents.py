"""Group documents (Groepsdocument, SPEC 5): files kept with a group. Only the school's staff lists or
downloads them, whatever the URL; whoever manages the group (its teachers, Mijn groepen, the IB-er, admins)
adds and removes them. A file is checked like a chat's (services.chat.files: allowed types by name and by
content, at most 10 MB) and kept in the upload folder outside the web root; a name with folders in it ("../")
is refused rather than quietly cut.

    upload(actor, group, file_storage, upload_folder, title="") -> Document
    documents(actor, group) -> [Document]
    document_of(actor, group, document_id) -> Document      for a download
    remove(actor, group, document_id, upload_folder)
"""

import os

from peewee import JOIN

from models import Document, User, db

from . import audit, events, permissions
from .chat.files import checked_upload, stored_upload
from .errors import DomainError, NotFound
from .groups import fetch_group

KIND = "group"
MAX_TITLE = 200
GONE = "Dit document bestaat niet (meer)."


def _check_name(filename):
    """Refuse a file name that tries to reach outside its folder or hides characters."""
    name = filename or ""
    if "/" in name or "\\" in name or ".." in name or any(not ch.isprintable() for ch in name):
        raise DomainError(
            "De bestandsnaam bevat een map of tekens die niet mogen (zoals /, \\ of ..). "
            "Geef het bestand een gewone naam en probeer het opnieuw."
        )


def upload(actor, group, file_storage, upload_folder, title=""):
    """Keep an uploaded file with the group; refused whole (nothing stored) when it is not allowed."""
    group = fetch_group(group)
    permissions.require(
        actor, "manage_group_documents", group, message="Je kunt bij deze groep geen documenten zetten."
    )
    _check_name(getattr(file_storage, "filename", ""))
    filename, ext, content_type, data = checked_upload(file_storage, where="bij een groep")
    title = " ".join((title or "").split()) or filename
    if len(title) > MAX_TITLE:
        raise DomainError(f"Een titel is hoogstens {MAX_TITLE} tekens lang.")
    by = permissions.recorded_as(actor)
    with stored_upload(upload_folder, "group", ext, data) as stored_name, db.atomic():
        document = Document.create(
            kind=KIND,
            title=title,
            filename=filename,
            stored_name=stored_name,
            content_type=content_type,
            size=len(data),
            group=group.id,
            uploaded_by=by,
        )
        audit.record(by, "group_document_added", document, detail=f"{group.name}: {filename}")
    events.group_cycle_changed.send(None, group=group.id, what="documents", actor=actor)
    return document


def documents(actor, group):
    """The group's documents, newest first, with who added them (staff only)."""
    permissions.require(actor, "view_group_documents")
    uploader = User.alias()
    return list(
        Document.select(Document, uploader)
        .join_from(Document, uploader, JOIN.LEFT_OUTER, on=(Document.uploaded_by == uploader.id), attr="uploaded_by")
        .where((Document.kind == KIND) & (Document.group == getattr(group, "id", group)))
        .order_by(Document.created_at.desc(), Document.id.desc())
    )


def document_of(actor, group, document_id):
    """A document of this group with a stored file, for staff; any other id is as unknown as a missing one."""
    permissions.require(actor, "view_group_documents")
    document = Document.get_or_none(
        (Document.id == document_id)
        & (Document.kind == KIND)
        & (Document.group == getattr(group, "id", group))
        & Document.stored_name.is_null(False)
    )
    if document is None:
        raise NotFound(GONE)
    return document


def remove(actor, group, document_id, upload_folder):
    """Remove a document and its file (whoever manages the group)."""
    group = fetch_group(group)
    permissions.require(
        actor, "manage_group_documents", group, message="Je kunt bij deze groep geen documenten weghalen."
    )
    document = document_of(actor, group, document_id)
    with db.atomic():
        audit.record(permissions.recorded_as(actor), "group_document_removed", document, detail=document.filename or "")
        document.delete_instance()
    path = os.path.join(upload_folder, os.path.basename(document.stored_name))
    if os.path.isfile(path):
        os.remove(path)
    events.group_cycle_changed.send(None, group=group.id, what="documents", actor=actor)
