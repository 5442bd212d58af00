"""Groepsnotities: a group's notes and hand-overs (list, write, change, remove) and the search over every note
a teacher may read (SPEC 5, 13). Every change goes through services.notes; the search is services.note_search
on the database's own full-text search."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from models import Group, GroupMember, User
from services import groups, note_search, notes, permissions
from services.errors import DomainError, PermissionDenied

from . import group_pages, plan_view
from .access import allowed

bp = Blueprint("group_notes", __name__)
group_pages.register(bp)


def note_row(note):
    """A note as the lists show it (plain values; the template escapes them)."""
    return {
        "id": note.id,
        "body": note.body,
        "tags": note.tags,
        "category": note.category.name if note.category_id else "",
        "pupil": note.pupil.full_name if note.pupil_id else "",
        "pupil_id": note.pupil_id,
        "group": note.group.name if note.group_id else "",
        "group_id": note.group_id,
        "author": note.author.full_name if note.author_id else "onbekend",
        "when": plan_view.when(note.created_at),
        "edited": plan_view.when(note.updated_at) if note.updated_at else "",
        "can_edit": permissions.can(current_user, "edit_note", note),
        "can_remove": permissions.can(current_user, "remove_note", note),
    }


def pupil_options(group):
    """The group's pupils for a "about pupil" choice (an archived group's former pupils too)."""
    return [{"id": p.id, "name": p.full_name} for p in _members(group)]


def _members(group):
    return (
        User.select(User.id, User.first_name, User.infix, User.last_name)
        .join(GroupMember, on=(GroupMember.pupil == User.id))
        .where((GroupMember.group == group.id) & (User.role == "pupil") & (User.active | group.archived))
        .order_by(User.last_name, User.first_name)
    )


def _category_options():
    return [{"id": c.id, "name": c.name} for c in notes.categories()]


def _posted(form):
    """A note's fields as its form posts them: text, category, pupil, keywords."""
    return (
        form.get("tekst", ""),
        plan_view.int_arg("categorie", form, "categorie"),
        plan_view.int_arg("leerling", form, "leerling"),
        form.get("trefwoorden", ""),
    )


@bp.route("/groepen/<int:group_id>/notities", endpoint="notes")
@allowed("view_group_notes")
def notes_page(group_id):
    """The group's notes, newest first, filtered by category or pupil, with the form for a new one."""
    group = group_pages.group_or_404(group_id)
    category = plan_view.int_arg("categorie", what="categorie")
    pupil = plan_view.int_arg("leerling", what="leerling")
    return render_template(
        "group_notes/notes.html",
        group=group,
        links=group_pages.cycle_links(group.id, "notes"),
        notes=[note_row(n) for n in notes.group_notes(current_user, group, category, pupil)],
        filters={"categorie": category, "leerling": pupil},
        categories=_category_options(),
        pupils=pupil_options(group),
        can_write=permissions.can(current_user, "write_group_note", group),
        draft=request.args.get("tekst", ""),
    )


@bp.route("/groepen/<int:group_id>/notities", methods=["POST"])
@allowed("view_group_notes")
def write(group_id):
    """Write a note on the group; a refusal keeps the text in the form."""
    group = group_pages.group_or_404(group_id)
    form = request.form
    try:
        notes.write_note(current_user, group, *_posted(form))
    except PermissionDenied:
        raise
    except DomainError as refused:
        flash(refused.message, "error")
        return redirect(url_for(".notes", group_id=group.id, tekst=form.get("tekst", "")[: notes.MAX_BODY]), code=303)
    flash("De notitie is opgeslagen.", "success")
    return redirect(url_for(".notes", group_id=group.id), code=303)


@bp.route("/notities/<int:note_id>/wijzigen", methods=["GET", "POST"])
@allowed("view_group_notes")
def edit(note_id):
    """Change a note (its author)."""
    note = notes.fetch_note(note_id)
    permissions.require(current_user, "edit_note", note, message="Alleen wie de notitie schreef, kan hem wijzigen.")
    error = None
    if request.method == "POST":
        try:
            notes.edit_note(current_user, note, *_posted(request.form))
        except PermissionDenied:
            raise
        except DomainError as refused:
            error = refused.message
        else:
            flash("De notitie is gewijzigd.", "success")
            return redirect(url_for(".notes", group_id=note.group_id), code=303)
    group = groups.fetch_group(note.group_id)
    return render_template(
        "group_notes/edit.html",
        group=group,
        note=note_row(note) | {"category_id": note.category_id, "pupil_id": note.pupil_id},
        categories=_category_options(),
        pupils=pupil_options(group),
        error=error,
        posted=request.form if error else None,
    ), 400 if error else 200


@bp.route("/notities/<int:note_id>/verwijderen", methods=["POST"])
@allowed("view_group_notes")
def remove(note_id):
    """Remove a note (its author, an IB-er or an admin)."""
    note = notes.fetch_note(note_id)
    notes.remove_note(current_user, note)
    flash("De notitie is verwijderd.", "success")
    return redirect(url_for(".notes", group_id=note.group_id), code=303)


@bp.route("/notities/zoeken")
@allowed("view_group_notes")
def search():
    """Search every note by words in its text or keywords, by category, group and pupil."""
    words = request.args.get("zoek", "").strip()[:200]
    filters = {
        "categorie": plan_view.int_arg("categorie", what="categorie"),
        "groep": plan_view.int_arg("groep", what="groep"),
        "leerling": plan_view.int_arg("leerling", what="leerling"),
    }
    searched = bool(words) or any(filters.values())
    found = (
        note_search.search(current_user, words, filters["categorie"], filters["groep"], filters["leerling"])
        if searched
        else None
    )
    pupil = User.get_or_none((User.id == filters["leerling"]) & (User.role == "pupil")) if filters["leerling"] else None
    return render_template(
        "group_notes/search.html",
        words=words,
        filters=filters,
        searched=searched,
        notes=[note_row(n) for n in found.notes] if found else [],
        more=found.more if found else False,
        categories=_category_options(),
        groups=[{"id": g.id, "name": g.name} for g in Group.select(Group.id, Group.name).order_by(Group.name)],
        pupil_name=pupil.full_name if pupil else "",
    )
