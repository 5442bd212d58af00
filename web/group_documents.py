"""Groepsdocument: the files kept with a group (list, upload, download, remove), for the school's staff only.
The download sends the stored file with its checked content type as an attachment, never from the web root;
every change goes through services.group_documents."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from services import chat, group_documents, permissions

from . import group_pages, plan_view
from .access import allowed
from .chat import send_document

bp = Blueprint("group_documents", __name__)


def _size(size):
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",") if size >= 100 * 1024 else f"{max(size // 1024, 1)} kB"


@bp.route("/groepen/<int:group_id>/documenten", endpoint="documents")
@allowed("view_group_documents")
def documents_page(group_id):
    """The group's documents, newest first, with the upload form for whoever manages the group."""
    group = group_pages.group_or_404(group_id)
    rows = [
        {
            "id": d.id,
            "title": d.title,
            "filename": d.filename,
            "size": _size(d.size),
            "by": d.uploaded_by.full_name if d.uploaded_by_id else "onbekend",
            "when": plan_view.when(d.created_at),
        }
        for d in group_documents.documents(current_user, group)
    ]
    return render_template(
        "group_documents/documents.html",
        group=group,
        links=group_pages.cycle_links(group.id, "documents"),
        documents=rows,
        can_manage=permissions.can(current_user, "manage_group_documents", group),
        accept=",".join("." + ext for ext in chat.CONTENT_TYPES),
        allowed_files=chat.ALLOWED_NAMES,
        max_file_mb=chat.MAX_FILE_BYTES // (1024 * 1024),
    )


@bp.route("/groepen/<int:group_id>/documenten", methods=["POST"])
@allowed("view_group_documents")
def upload(group_id):
    """Keep an uploaded file with the group: checked by type, content and size first."""
    group = group_pages.group_or_404(group_id)
    uploaded = request.files.get("bestand")
    if uploaded is None or not uploaded.filename:
        flash("Kies eerst een bestand.", "error")
        return redirect(url_for(".documents", group_id=group.id), code=303)
    group_pages.attempt(
        lambda: group_documents.upload(
            current_user, group, uploaded, current_app.config["UPLOAD_FOLDER"], request.form.get("titel", "")
        ),
        "Het document is bij de groep gezet.",
    )
    return redirect(url_for(".documents", group_id=group.id), code=303)


@bp.route("/groepen/<int:group_id>/documenten/<int:document_id>")
@allowed("view_group_documents")
def download(group_id, document_id):
    """A document of this group, for staff: as an attachment with its checked type."""
    group = group_pages.group_or_404(group_id)
    return send_document(group_documents.document_of(current_user, group, document_id), as_attachment=True)


@bp.route("/groepen/<int:group_id>/documenten/<int:document_id>/verwijderen", methods=["POST"])
@allowed("view_group_documents")
def remove(group_id, document_id):
    """Remove a document and its file."""
    group = group_pages.group_or_404(group_id)
    group_documents.remove(current_user, group, document_id, current_app.config["UPLOAD_FOLDER"])
    flash("Het document is verwijderd.", "success")
    return redirect(url_for(".documents", group_id=group.id), code=303)
