"""Reflection conversations (leergesprekken, issue 17) on the portfolio: a teacher plans one, the pupil
prepares it here (or in the bot), the teacher records it (the school's questions with the pupil's answers,
notes, the evidence discussed, the new goals agreed, which go straight onto the plan). Everyone who may view
the portfolio reads a conversation; the teacher's notes only staff (services.portfolio decides).
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from services import clock, permissions, plans, portfolio
from services.errors import DomainError, NotFound, PermissionDenied

from . import plan_view, portfolio_view
from .access import allowed
from .portfolio import change, pupil_for

bp = Blueprint("conversations", __name__)


def _kept_pupil(pupil_id):
    """The pupil, when the signed-in teacher is one of theirs (else the Dutch 403)."""
    pupil = pupil_for(pupil_id)
    permissions.require(
        current_user, "keep_portfolio", pupil, message="Alleen een leraar van deze leerling legt een leergesprek vast."
    )
    return pupil


def _conversation(pupil, conversation_id):
    found = portfolio.find_conversation(conversation_id)
    if found.pupil_id != pupil.id:
        raise NotFound("Dit leergesprek bestaat niet (meer).")
    return found


def _filled(source):
    """What the record form holds (from a posted form, or the defaults of a new one)."""
    return {
        "datum": source.get("datum") or clock.today().isoformat(),
        "answers": {q.id: source.get(f"antwoord-{q.id}", "") for q in portfolio.questions()},
        "notities": source.get("notities", ""),
        "bewijs": set(plan_view.int_list("bewijs", source, "bewijs")),
        "doel": plan_view.int_list("doel", source, "leerdoel"),
        "plan": source.get("plan") if source.get("plan") in portfolio.PLANS else "current",
        "gesprek": plan_view.int_arg("gesprek", source, "leergesprek"),
    }


def _picker(pupil, chosen):
    """The goal picker at the pupil's level (until the teacher filters otherwise), chosen goals ticked; goals
    chosen under another filter are listed on their own, so that filtering never drops a choice."""
    args = request.args.to_dict()
    if not any(args.get(key) for key in ("niveau", "vak", "deelgebied", "periode")) and pupil.level:
        args["niveau"] = str(pupil.level)
    picker = plan_view.goal_picker(current_user, args, chosen=chosen)
    shown = {g["id"] for s in picker["subjects"] for d in s["domains"] for g in d["goals"]}
    others = plans.fetch_goals([c for c in chosen if c not in shown])
    return {**picker, "chosen_elsewhere": [{"id": g.id, "title": g.title} for g in others]}


def _form(pupil, filled, status=200):
    planned = _conversation(pupil, filled["gesprek"]) if filled["gesprek"] else None
    if planned is not None and planned.recorded_at is not None:
        raise NotFound("Dit leergesprek is al vastgelegd.")
    picker = _picker(pupil, filled["doel"])
    if request.headers.get("HX-Request") and request.method == "GET":
        return render_template("portfolio/_conversation_goals.html", picker=picker, pupil={"id": pupil.id})
    preparation = None
    if planned is not None:
        preparation = [(q, getattr(planned, key)) for key, q in portfolio.PREPARATION.items()]
    return render_template(
        "portfolio/conversation_form.html",
        pupil=portfolio_view.header(pupil),
        filled=filled,
        planned={"id": planned.id, "day": portfolio_view.day(planned.held_on)} if planned else None,
        preparation=preparation,
        questions=[{"id": q.id, "text": q.text} for q in portfolio.questions()],
        evidence=[portfolio_view.piece_view(p) for p in portfolio.pieces_of(current_user, pupil)],
        picker=picker,
        plans=portfolio.PLANS,
        limits={"answer": portfolio.MAX_ANSWER, "notes": portfolio.MAX_NOTES},
        today=clock.today().isoformat(),
    ), status


@bp.route("/portfolio/<int:pupil_id>/leergesprekken/nieuw")
@allowed("manage_portfolios")
def new(pupil_id):
    """The form to record a conversation (a planned one with `gesprek`); with htmx, only its goal picker."""
    pupil = _kept_pupil(pupil_id)
    return _form(pupil, _filled(request.args))


@bp.route("/portfolio/<int:pupil_id>/leergesprekken", methods=["POST"])
@allowed("manage_portfolios")
def record(pupil_id):
    """Record the conversation; the agreed goals go onto the plan. A refusal shows the form again, filled in."""
    pupil = _kept_pupil(pupil_id)
    filled = _filled(request.form)
    try:
        recorded = portfolio.record_conversation(
            current_user,
            pupil,
            filled["datum"],
            conversation=filled["gesprek"],
            answers=filled["answers"],
            notes=filled["notities"],
            evidence=sorted(filled["bewijs"]),
            goals=filled["doel"],
            plan=filled["plan"],
        )
    except PermissionDenied:
        raise
    except DomainError as refused:  # nothing was written: the form again, as it was filled in
        flash(refused.message, "error")
        return _form(pupil, filled, 400)
    message = "Het leergesprek is vastgelegd."
    if recorded.goals_added:
        goals = "1 nieuw doel staat" if recorded.goals_added == 1 else f"{recorded.goals_added} nieuwe doelen staan"
        message += f" {goals} op het {portfolio.PLANS[filled['plan']]}."
    if recorded.goals_already:
        message += f" {recorded.goals_already} stond(en) al op het plan."
    flash(message, "success")
    return redirect(url_for(".show", pupil_id=pupil.id, conversation_id=recorded.conversation.id))


@bp.route("/portfolio/<int:pupil_id>/leergesprekken/plannen", methods=["POST"])
@allowed("manage_portfolios")
def plan(pupil_id):
    """Plan a conversation on a day to come: from now on the pupil can prepare it."""
    pupil = pupil_for(pupil_id)
    return change(
        pupil,
        lambda: portfolio.plan_conversation(current_user, pupil, request.form.get("datum", "")),
        lambda planned: (
            f"Leergesprek gepland op {planned.held_on:%d-%m-%Y}. {pupil.first_name} kan zich nu voorbereiden."
        ),
        anchor="leergesprekken",
    )


@bp.route("/portfolio/<int:pupil_id>/leergesprekken/<int:conversation_id>")
@allowed("view_portfolios")
def show(pupil_id, conversation_id):
    """One conversation; the pupil prepares a coming one here."""
    pupil = pupil_for(pupil_id)
    detail = portfolio.conversation_detail(current_user, _conversation(pupil, conversation_id))
    conversation = detail["conversation"]
    coming = not detail["recorded"]
    return render_template(
        "portfolio/conversation.html",
        pupil=portfolio_view.header(pupil),
        conversation={
            **detail,
            "id": conversation.id,
            "day": portfolio_view.day(conversation.held_on),
            "evidence": [
                {
                    "id": d.id,
                    "title": d.title,
                    "url": url_for("bot_pages.evidence", document_id=d.id) if d.stored_name else None,
                }
                for d in detail["evidence"]
            ],
            "preparation": [
                {"key": key, "question": question, "answer": answer}
                for key, (question, answer) in zip(portfolio.PREPARATION, detail["preparation"])
            ],
        },
        can_prepare=coming and permissions.can(current_user, "prepare_conversation", pupil),
        can_record=coming and permissions.can(current_user, "keep_portfolio", pupil),
        max_preparation=portfolio.MAX_PREPARATION,
    )


@bp.route("/portfolio/<int:pupil_id>/leergesprekken/<int:conversation_id>/voorbereiding", methods=["POST"])
@allowed("view_portfolios")
def prepare(pupil_id, conversation_id):
    """The pupil's preparation: what went well, what was hard, what I want to learn next."""
    pupil = pupil_for(pupil_id)
    conversation = _conversation(pupil, conversation_id)
    answers = {key: request.form.get(key, "") for key in portfolio.PREPARATION}
    return change(
        pupil,
        lambda: portfolio.prepare(current_user, conversation, **answers),
        "Je voorbereiding is bewaard. Je juf of meester leest hem voor het gesprek.",
    )
