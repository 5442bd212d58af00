"""Groepsbespreking (SPEC 11, seeds/002): a group's review form per round, filled in by its teacher a week
before the talk; the IB-er's round overview with every form's state, the preparation beside the pupils to
discuss, and the agreements that come back until done. The teacher's dashboard shows the forms that are due
(`review_due_notices`, templates/reviews/_due_notices.html). Every change goes through services.reviews."""

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from models import ReviewRound, SchoolSettings, User
from services import clock, notes, permissions, reviews
from services.errors import DomainError, PermissionDenied

from . import group_notes, group_pages, plan_view
from .access import allowed

bp = Blueprint("reviews", __name__)


def _day(value, label):
    """A date field (yyyy-mm-dd from a date input), None when empty; a Dutch 400 when it is no date."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DomainError(f"{label}: '{value}' is geen datum.") from None


def _date_text(day):
    return day.strftime("%d-%m-%Y") if day else ""


@bp.app_template_global()
def review_due_notices():
    """The dashboard's notices: the review forms of the signed-in teacher's groups that are due."""
    return [
        {
            "group": n.group_name,
            "round": n.round_name,
            "due": _date_text(n.due_on),
            "talk": _date_text(n.talk_on),
            "overdue": n.overdue,
            "state": reviews.STATE_NAMES[n.state],
            "url": url_for("reviews.group_review", group_id=n.group_id, round_id=n.round_id),
        }
        for n in reviews.due_notices(current_user)
    ]


@bp.route("/groepsbesprekingen")
@allowed("prepare_group_reviews")
def overview():
    """The IB-er's round overview: every group the round reviews, with its form's state and what to discuss."""
    school_year = SchoolSettings.get_current().school_year
    round_id = plan_view.int_arg("ronde", what="ronde")
    review_round = reviews.fetch_round(round_id) if round_id else reviews.next_round(school_year, clock.today())
    rounds = list(ReviewRound.select().order_by(ReviewRound.school_year.desc(), ReviewRound.position, ReviewRound.id))
    rows = reviews.round_overview(current_user, review_round) if review_round else []
    return render_template(
        "reviews/overview.html",
        review_round=review_round,
        rounds=[{"id": r.id, "name": f"{r.name} {r.school_year}"} for r in rounds],
        talk_on=_date_text(review_round.review_on) if review_round else "",
        rows=[
            {
                "group": row.group.name,
                "archived": row.group.archived,
                "url": url_for(".group_review", group_id=row.group.id, round_id=review_round.id),
                "teachers": row.teachers,
                "form": row.form,
                "state": row.state,
                "state_name": row.state_name,
                "ready_at": plan_view.when(row.ready_at) if row.ready_at else "",
                "due": _date_text(row.due_on),
                "talk": _date_text(row.talk_on),
                "pupils": row.pupils_to_discuss,
                "agreements": row.open_agreements,
            }
            for row in rows
        ],
    )


@bp.route("/groepen/<int:group_id>/groepsbespreking")
@allowed("view_group_notes")
def group_review_start(group_id):
    """The group's review in the next round of its school year."""
    group = group_pages.group_or_404(group_id)
    review_round = reviews.next_round(group.school_year, clock.today())
    if review_round is None:
        flash(f"Er zijn nog geen rondes van groepsbesprekingen voor schooljaar {group.school_year}.", "error")
        return redirect(url_for("teacher_groups.profile", group_id=group.id))
    return redirect(url_for(".group_review", group_id=group.id, round_id=review_round.id))


def _group_and_round(group_id, round_id):
    """The group of the URL and its review round (of the group's school year)."""
    group = group_pages.group_or_404(group_id)
    return group, _round_of(group, round_id)


def _round_of(group, round_id):
    review_round = reviews.fetch_round(round_id)
    if review_round.school_year != group.school_year:
        raise DomainError(f"Ronde {review_round.name} hoort bij een ander schooljaar dan {group.name}.")
    return review_round


def _staff_options():
    query = User.select().where(User.role.in_(("teacher", "assistant", "admin")) & User.active)
    return [{"id": u.id, "name": u.full_name} for u in query.order_by(User.last_name, User.first_name)]


def _agreement_row(agreement, review_round):
    return {
        "id": agreement.id,
        "text": agreement.text,
        "round": agreement.review.review_round.name,
        "earlier": agreement.review.review_round_id != review_round.id,
        "owner": agreement.owner.full_name if agreement.owner_id else "",
        "pupil": agreement.pupil.full_name if agreement.pupil_id else "",
        "due": _date_text(agreement.due_on),
        "done": agreement.done_at is not None,
    }


def _review_page(group, review_round, posted=None, error=None, status=200):
    review = reviews.review_of(group, review_round)
    form = review.form if review else reviews.form_for(group)
    answers = {a.question_id: a.body for a in review.answers} if review else {}
    questions = reviews.questions_of(form, answers)
    category = notes.category_named(notes.PUPIL_REVIEW)
    to_discuss = notes.group_notes(current_user, group, category=category.id if category else -1)
    state = reviews.state_of(review)
    return render_template(
        "reviews/group_review.html",
        group=group,
        links=group_pages.cycle_links(group.id, "review"),
        review_round=review_round,
        rounds=[
            {"id": r.id, "name": r.name, "current": r.id == review_round.id}
            for r in reviews.rounds_of(group.school_year)
        ],
        form_name=form.name,
        state=state,
        state_name=reviews.STATE_NAMES[state],
        due=_date_text(reviews.due_date(review_round, review)),
        talk=_date_text(reviews.talk_date(review_round, review)),
        questions=[
            {
                "id": q.id,
                "section": q.section,
                "text": q.text,
                "hint": q.hint,
                "answer": posted.get(f"vraag-{q.id}", "") if posted is not None else answers.get(q.id, ""),
            }
            for q in questions
        ],
        preparation=review.preparation if review else "",
        planned_on=review.planned_on.isoformat() if review and review.planned_on else "",
        held_on=review.held_on.isoformat() if review and review.held_on else "",
        to_discuss=[group_notes.note_row(n) for n in to_discuss],
        agreements=[_agreement_row(a, review_round) for a in reviews.agreements_for(group, review_round)],
        pupils=[{"id": p["id"], "name": p["name"]} for p in group_notes.pupil_options(group)],
        staff=_staff_options(),
        can_fill=permissions.can(current_user, "fill_group_review", group),
        can_prepare=permissions.can(current_user, "prepare_group_reviews"),
        can_agree=permissions.can(current_user, "record_agreement", group),
        can_write_note=permissions.can(current_user, "write_group_note", group),
        error=error,
    ), status


@bp.route("/groepen/<int:group_id>/groepsbespreking/<int:round_id>")
@allowed("view_group_notes")
def group_review(group_id, round_id):
    """A group's review in a round: the form, the pupils to discuss, the IB-er's preparation, agreements."""
    return _review_page(*_group_and_round(group_id, round_id))


@bp.route("/groepen/<int:group_id>/groepsbespreking/<int:round_id>", methods=["POST"])
@allowed("view_group_notes")
def save_form(group_id, round_id):
    """Save the form as a draft, or as ready for the IB-er; a refusal keeps what was typed."""
    group, review_round = _group_and_round(group_id, round_id)
    answers = {}
    for key, value in request.form.items():
        if key.startswith("vraag-"):
            question = key[len("vraag-") :]
            if not question.isdigit():
                raise DomainError("Dit formulier klopt niet: laad de pagina opnieuw.")
            answers[int(question)] = value
    ready = request.form.get("actie") == "klaar"
    try:
        reviews.save_answers(current_user, group, review_round, answers, ready=ready)
    except PermissionDenied:
        raise
    except DomainError as refused:
        return _review_page(group, review_round, posted=request.form, error=refused.message, status=400)
    flash("Het formulier is klaar voor de IB-er." if ready else "Het formulier is opgeslagen als concept.", "success")
    return redirect(url_for(".group_review", group_id=group.id, round_id=review_round.id), code=303)


def _back(group, review_round, anchor=None):
    return redirect(url_for(".group_review", group_id=group.id, round_id=review_round.id, _anchor=anchor), code=303)


@bp.route("/groepen/<int:group_id>/groepsbespreking/<int:round_id>/voorbereiding", methods=["POST"])
@allowed("prepare_group_reviews")
def prepare(group_id, round_id):
    """The IB-er's preparation, and the dates of the talk."""
    group, review_round = _group_and_round(group_id, round_id)
    form = request.form
    group_pages.attempt(
        lambda: reviews.prepare(
            current_user,
            group,
            review_round,
            form.get("voorbereiding", ""),
            _day(form.get("gepland"), "Datum van het gesprek"),
            _day(form.get("gehouden"), "Gehouden op"),
        ),
        "De voorbereiding is opgeslagen.",
    )
    return _back(group, review_round, "voorbereiding")


@bp.route("/groepen/<int:group_id>/groepsbespreking/<int:round_id>/afspraken", methods=["POST"])
@allowed("view_group_notes")
def add_agreement(group_id, round_id):
    """Record an agreement: what, who, by when, optionally about one pupil."""
    group, review_round = _group_and_round(group_id, round_id)
    form = request.form
    group_pages.attempt(
        lambda: reviews.add_agreement(
            current_user,
            group,
            review_round,
            form.get("afspraak", ""),
            plan_view.int_arg("eigenaar", form, "eigenaar"),
            _day(form.get("datum"), "Datum"),
            plan_view.int_arg("leerling", form, "leerling"),
        ),
        "De afspraak is vastgelegd.",
    )
    return _back(group, review_round, "afspraken")


@bp.route("/afspraken/<int:agreement_id>/klaar", methods=["POST"])
@allowed("view_group_notes")
def agreement_done(agreement_id):
    """Mark an agreement done (or open again); back to the review it was opened from."""
    agreement = reviews.fetch_agreement(agreement_id)
    done = request.form.get("klaar", "1") == "1"
    reviews.mark_done(current_user, agreement, done)
    flash("De afspraak is afgerond." if done else "De afspraak staat weer open.", "success")
    back = plan_view.int_arg("ronde", request.form, "ronde")
    round_id = back or agreement.review.review_round_id
    return redirect(
        url_for(".group_review", group_id=agreement.review.group_id, round_id=round_id, _anchor="afspraken"), code=303
    )


@bp.route("/groepen/<int:group_id>/groepsbespreking/<int:round_id>/leerling", methods=["POST"])
@allowed("view_group_notes")
def add_pupil_to_discuss(group_id, round_id):
    """Put a pupil on the list to discuss: a note of the category leerlingbespreking about them."""
    group, review_round = _group_and_round(group_id, round_id)
    form = request.form

    def put_on_list():
        pupil = plan_view.int_arg("leerling", form, "leerling")
        if pupil is None:
            raise DomainError("Kies de leerling die je wilt bespreken.")
        category = notes.category_named(notes.PUPIL_REVIEW)
        return notes.write_note(
            current_user, group, form.get("tekst", ""), category, pupil, review=reviews.review_of(group, review_round)
        )

    group_pages.attempt(put_on_list, "De leerling staat op de lijst om te bespreken.")
    return _back(group, review_round, "bespreken")
