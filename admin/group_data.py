"""Admin views of what teachers write and keep with groups and pupils: notes, documents and files, group
reviews and their agreements. Read only: teachers write these on their own pages (group-bound data stays
with its group, SPEC 10); an admin looks them up. Teaching material has its own view (admin/curriculum.py).
"""

from flask_admin.contrib.peewee.filters import FilterEqual

from models import Document, GroupReview, Note, NoteCategory, ReviewAgreement, ReviewRound

from . import lookups
from .base import ReadOnlyView
from .labels import CHOICES
from .shown import excerpt

DOCUMENT_KINDS = ("group", "material", "goal_set_media", "evidence", "report", "chat")


class NoteView(ReadOnlyView):
    column_list = ("created_at", "group", "pupil", "category", "author", "body", "tags")
    column_details_list = ("created_at", "group", "pupil", "category", "review", "author", "body", "tags")
    column_formatters = {"body": excerpt}
    column_searchable_list = (
        "body",
        "tags",
        lookups.group(Note.group),
        lookups.person(Note.pupil, "pupil"),
    )
    column_filters = (
        lookups.group_filter(Note.group),
        lookups.person_filter(Note.pupil, "Leerling"),
        lookups.person_filter(Note.author, "Auteur"),
        lookups.Matching(
            Note.category,
            "Categorie",
            lambda t: Note.category.in_(NoteCategory.select(NoteCategory.id).where(NoteCategory.name**t)),
        ),
        "created_at",
    )
    column_default_sort = ("created_at", True)


class DocumentView(ReadOnlyView):
    """Every stored file and link: group documents, evidence, reports, goal-set media, chat files."""

    column_list = ("created_at", "kind", "title", "filename", "group", "pupil", "goal", "uploaded_by")
    column_details_list = (
        "created_at",
        "kind",
        "title",
        "filename",
        "url",
        "group",
        "pupil",
        "goal",
        "goal_set",
        "uploaded_by",
    )
    column_searchable_list = (
        "title",
        "filename",
        lookups.person(Document.pupil, "pupil"),
        lookups.group(Document.group),
    )
    column_filters = (
        FilterEqual(Document.kind, "Soort", options=[(kind, CHOICES["kind"][kind]) for kind in DOCUMENT_KINDS]),
        lookups.group_filter(Document.group),
        lookups.person_filter(Document.pupil, "Leerling"),
        "created_at",
    )
    column_default_sort = ("created_at", True)


class GroupReviewView(ReadOnlyView):
    """A group's review in a round: the form it answers, its draft or ready state; the answers are in
    Antwoorden (admin/group_cycle.py)."""

    column_list = ("group", "review_round", "form", "planned_on", "filled_by", "filled_at", "held_on")
    column_details_list = (
        "group",
        "review_round",
        "form",
        "planned_on",
        "updated_by",
        "updated_at",
        "filled_by",
        "filled_at",
        "held_on",
        "preparation",
    )
    column_labels = {
        "review_round": "Ronde",
        "form": "Formulier",
        "filled_at": "Klaar op",
        "filled_by": "Klaar gezet door",
        "preparation": "Voorbereiding van de IB-er",
    }
    column_searchable_list = (lookups.group(GroupReview.group),)
    column_filters = (
        lookups.group_filter(GroupReview.group),
        lookups.Matching(
            GroupReview.review_round,
            "Ronde",
            lambda t: GroupReview.review_round.in_(
                ReviewRound.select(ReviewRound.id).where((ReviewRound.name**t) | (ReviewRound.school_year**t))
            ),
        ),
        "planned_on",
        "filled_at",
    )
    column_default_sort = ("planned_on", True)


class ReviewAgreementView(ReadOnlyView):
    column_list = ("review", "pupil", "text", "owner", "due_on", "done_at")
    column_labels = {"review": "Groepsbespreking", "text": "Afspraak"}
    column_formatters = {
        "review": lambda v, c, m, n: f"{m.review.group.name}, {m.review.review_round}",
        "text": excerpt,
    }
    column_formatters_export = column_formatters
    column_searchable_list = ("text", lookups.person(ReviewAgreement.pupil, "pupil"))
    column_filters = (lookups.person_filter(ReviewAgreement.owner, "Wie"), "due_on", "done_at")
    column_default_sort = ("due_on", False)


def register(admin):
    admin.add_view(NoteView(Note, "Notities", category="Groepen", endpoint="notes", url="notes"))
    admin.add_view(
        DocumentView(Document, "Documenten en bestanden", category="Groepen", endpoint="documents", url="documents")
    )
    admin.add_view(
        GroupReviewView(
            GroupReview, "Groepsbesprekingen", category="Groepen", endpoint="group_reviews", url="group-reviews"
        )
    )
    admin.add_view(
        ReviewAgreementView(
            ReviewAgreement, "Afspraken uit besprekingen", category="Groepen", endpoint="agreements", url="agreements"
        )
    )
