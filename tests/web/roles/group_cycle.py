"""Who may use the pages of a group's notes, documents, analysis, review and group plan, and the note search
(issue 15). Teachers (and admins) read notes, analyses and reviews school-wide; staff, assistants included,
read documents; whoever manages the group changes its documents, results, exit levels, review and plan;
any teacher writes a note; the round overview and the preparation are the IB-er's (no IB-er in this world:
tests/web/test_review_pages.py covers one). Pupils and parents get none of it.

Rows of tests/web/test_role_matrix.py: endpoint -> (method, url(world), form(world) or None, outcome per role).
"""

import io

from models import Document, Note, NoteCategory, ReviewAgreement, Subject, TestMoment
from services import reviews, spreadsheets
from tests.support.roles import ADMINS, PUPILS_TEACHERS, STAFF, TEACHERS, outcome

PDF = b"%PDF-1.4\n% groepsplan\n%%EOF\n"
AUTHOR = outcome(teacher=True)  # the note's author only


def extend_world(world):
    group, teacher = world["group"], world["teacher"]
    Subject.update(is_core=True).where(Subject.id == world["domain"].subject_id).execute()
    world["moment"] = TestMoment.create(
        name="M5", subject=world["domain"].subject_id, school_year=group.school_year, level=5
    )
    world["note"] = Note.create(
        group=group, author=teacher, body="Overdracht: gym op dinsdag", category=NoteCategory.get(name="notitie")
    )
    world["document"] = Document.create(
        kind="group",
        title="Groepsplan",
        filename="groepsplan.pdf",
        stored_name="group-world.pdf",
        content_type="application/pdf",
        size=len(PDF),
        group=group,
        uploaded_by=teacher,
    )
    world["files"] = {"group-world.pdf": PDF}
    world["round"] = reviews.rounds_of(group.school_year)[0]
    world["agreement"] = reviews.add_agreement(teacher, group, world["round"], "Instructietafel voor de tafels")


def _xlsx(w):
    data = spreadsheets.write_xlsx("M5", ["Inlognaam", "Score", "Niveau"], [[w["pupil"].login, 100, "II"]])
    return {"bestand": (io.BytesIO(data), "m5.xlsx")}


def _group(w, path=""):
    return f"/groepen/{w['group'].id}{path}"


def _moment(w, path=""):
    return _group(w, f"/analyse/{w['moment'].id}{path}")


def _review(w, path=""):
    return _group(w, f"/groepsbespreking/{w['round'].id}{path}")


TABLE = {
    # notes
    "group_notes.notes": ("GET", lambda w: _group(w, "/notities"), None, TEACHERS),
    "group_notes.write": ("POST", lambda w: _group(w, "/notities"), lambda w: {"tekst": "Nieuwe notitie"}, TEACHERS),
    "group_notes.edit": (
        "POST",
        lambda w: f"/notities/{w['note'].id}/wijzigen",
        lambda w: {"tekst": "Overdracht: gym op woensdag"},
        AUTHOR,
    ),
    "group_notes.remove": ("POST", lambda w: f"/notities/{w['note'].id}/verwijderen", None, PUPILS_TEACHERS),
    "group_notes.search": ("GET", lambda w: "/notities/zoeken?zoek=gym", None, TEACHERS),
    # documents
    "group_documents.documents": ("GET", lambda w: _group(w, "/documenten"), None, STAFF),
    "group_documents.upload": (
        "POST",
        lambda w: _group(w, "/documenten"),
        lambda w: {"bestand": (io.BytesIO(PDF), "plan.pdf")},
        PUPILS_TEACHERS,
    ),
    "group_documents.download": ("GET", lambda w: _group(w, f"/documenten/{w['document'].id}"), None, STAFF),
    "group_documents.remove": (
        "POST",
        lambda w: _group(w, f"/documenten/{w['document'].id}/verwijderen"),
        None,
        PUPILS_TEACHERS,
    ),
    # analysis
    "analysis.overview": ("GET", lambda w: _group(w, "/analyse"), None, TEACHERS),
    "analysis.grid": ("GET", lambda w: _moment(w), None, TEACHERS),
    "analysis.save_grid": (
        "POST",
        lambda w: _moment(w),
        lambda w: {"leerling": [w["pupil"].id], f"score-{w['pupil'].id}": "100", f"niveau-{w['pupil'].id}": "II"},
        PUPILS_TEACHERS,
    ),
    "analysis.paste": ("POST", lambda w: _moment(w, "/plakken"), lambda w: {"blok": "100\tII\n"}, PUPILS_TEACHERS),
    "analysis.template": ("GET", lambda w: _moment(w, "/sjabloon.xlsx"), None, TEACHERS),
    "analysis.import_sheet": ("POST", lambda w: _moment(w, "/import"), _xlsx, PUPILS_TEACHERS),
    "analysis.write_note": ("POST", lambda w: _moment(w, "/notitie"), lambda w: {"tekst": "Breuken zwak"}, TEACHERS),
    "analysis.set_exit_level": (
        "POST",
        lambda w: _group(w, "/uitstroom"),
        lambda w: {"leerling": w["pupil"].id, "vak": w["domain"].subject_id, "niveau": "HAVO"},
        PUPILS_TEACHERS,
    ),
    # group reviews
    "reviews.overview": ("GET", lambda w: "/groepsbesprekingen", None, ADMINS),
    "reviews.group_review_start": ("GET", lambda w: _group(w, "/groepsbespreking"), None, TEACHERS),
    "reviews.group_review": ("GET", lambda w: _review(w), None, TEACHERS),
    "reviews.save_form": (
        "POST",
        lambda w: _review(w),
        lambda w: {"actie": "concept", f"vraag-{reviews.questions_of(reviews.form_for(w['group']))[0].id}": "Rustig"},
        PUPILS_TEACHERS,
    ),
    "reviews.prepare": ("POST", lambda w: _review(w, "/voorbereiding"), lambda w: {"voorbereiding": "Vragen"}, ADMINS),
    "reviews.add_agreement": (
        "POST",
        lambda w: _review(w, "/afspraken"),
        lambda w: {"afspraak": "Leesgroep", "eigenaar": w["teacher"].id},
        PUPILS_TEACHERS,
    ),
    "reviews.agreement_done": ("POST", lambda w: f"/afspraken/{w['agreement'].id}/klaar", None, PUPILS_TEACHERS),
    "reviews.add_pupil_to_discuss": (
        "POST",
        lambda w: _review(w, "/leerling"),
        lambda w: {"leerling": w["pupil"].id, "tekst": "Leest sneller dan verwacht"},
        TEACHERS,
    ),
    # group plan
    "group_plan.proposal": ("GET", lambda w: _group(w, f"/groepsplan?vak={w['domain'].subject_id}"), None, TEACHERS),
    "group_plan.save": (
        "POST",
        lambda w: _group(w, "/groepsplan"),
        lambda w: {
            "leerling": [w["pupil"].id],
            f"groep-{w['pupil'].id}": "basis",
            "naam-basis": "Rekenen basis",
            "groepstype": w["project_type"].id,
        },
        PUPILS_TEACHERS,
    ),
}
ALSO_GET = {
    "group_notes.edit": (lambda w: f"/notities/{w['note'].id}/wijzigen", AUTHOR),
}
ACTIONS = {
    "view_group_notes": TEACHERS,
    "view_group_documents": STAFF,
    "prepare_group_reviews": ADMINS,  # and IB-ers
}
CHANGED_IN_PLACE = (Note, ReviewAgreement)
