"""Erasing one pupil's personal data on request (the right to be forgotten).

What makes the pupil identifiable goes: names, login, ECK iD, LAS key, parent and bot links, the whole
portfolio (its texts of every year, skills and their stars, evidence and reports with their files on disk,
reflection conversations with their answers), other documents, the pupil's own chat messages and the
conversations about their goals, notes and agreements, questions to the learning-square assistant and bot
reminders. What only counts stays, without a name to it: plan goals and their status history, goal ratings and
week-planning ticks, test results, exit levels (their history without its reasons), attendance and group
memberships, so that a group's overviews keep adding up. The teachers' planning of the pupil's weeks goes. The
account is switched off for good.
"""

import os

from models import (
    BotLink,
    BotMessage,
    ChatMessage,
    ChatRead,
    Conversation,
    Document,
    ExitLevelChange,
    HelpRequest,
    LeaveRecord,
    LinkCode,
    LoginAttempt,
    Note,
    ParentLink,
    PlanGoal,
    PortfolioText,
    PupilSkill,
    ReminderSent,
    ReviewAgreement,
    SkillRating,
    StatusChange,
    WeekGoal,
    db,
    now,
)

from . import audit, passwords
from .errors import DomainError
from .permissions import recorded_as, require

PLACEHOLDER_FIRST_NAME = "Gewiste"
PLACEHOLDER_LAST_NAME = "leerling"


def erase_pupil(actor, pupil, upload_folder=None):
    """Erase `pupil`'s personal data; return the counts of what was removed. Admins only; cannot be undone.

    Stored files of removed documents are deleted from `upload_folder` after the transaction commits.
    """
    require(actor, "admin", message="Alleen een beheerder kan de gegevens van een leerling wissen.")
    if pupil.role != "pupil":
        raise DomainError("Alleen de gegevens van een leerling kunnen zo gewist worden.")
    if pupil.erased_at is not None:
        raise DomainError("De gegevens van deze leerling zijn al gewist.")

    counts = {}
    with db.atomic():
        old_login = pupil.login
        documents = Document.select().where((Document.pupil == pupil) | (Document.uploaded_by == pupil))
        stored_files = [d.stored_name for d in documents if d.stored_name]
        own_messages = ChatMessage.select(ChatMessage.id).where(
            (ChatMessage.author == pupil) | (ChatMessage.pupil == pupil)
        )
        counts["chat_messages"] = ChatMessage.delete().where(ChatMessage.id.in_(own_messages)).execute()
        counts["documents"] = Document.delete().where(Document.id.in_([d.id for d in documents])).execute()
        counts["parent_links"] = ParentLink.delete().where(ParentLink.pupil == pupil).execute()
        counts["bot_links"] = BotLink.delete().where(BotLink.pupil == pupil).execute()
        BotLink.update(signed_in_pupil=None).where(BotLink.signed_in_pupil == pupil).execute()
        BotMessage.delete().where(BotMessage.pupil == pupil).execute()
        LinkCode.delete().where(LinkCode.pupil == pupil).execute()
        counts["help_requests"] = HelpRequest.delete().where(HelpRequest.pupil == pupil).execute()
        ReminderSent.delete().where(ReminderSent.pupil == pupil).execute()
        counts["portfolio_texts"] = PortfolioText.delete().where(PortfolioText.pupil == pupil).execute()
        counts["notes"] = Note.delete().where(Note.pupil == pupil).execute()
        counts["skill_ratings"] = SkillRating.delete().where(SkillRating.pupil == pupil).execute()
        PupilSkill.delete().where(PupilSkill.pupil == pupil).execute()
        # with their answers, evidence links and agreed goals (foreign keys cascade)
        counts["conversations"] = Conversation.delete().where(Conversation.pupil == pupil).execute()
        counts["agreements"] = ReviewAgreement.delete().where(ReviewAgreement.pupil == pupil).execute()
        LeaveRecord.delete().where(LeaveRecord.pupil == pupil).execute()
        counts["week_planning"] = WeekGoal.delete().where(WeekGoal.pupil == pupil).execute()
        ChatRead.delete().where(ChatRead.user == pupil).execute()
        LoginAttempt.delete().where(LoginAttempt.login == old_login).execute()
        # Status history stays as counts; a free-text note in it may name the pupil.
        plan_goals = PlanGoal.select(PlanGoal.id).where(PlanGoal.pupil == pupil)
        StatusChange.update(note=None).where(StatusChange.plan_goal.in_(plan_goals)).execute()
        ExitLevelChange.update(reason="").where(ExitLevelChange.pupil == pupil).execute()  # so do these reasons

        pupil.first_name = PLACEHOLDER_FIRST_NAME
        pupil.infix = ""
        pupil.last_name = f"{PLACEHOLDER_LAST_NAME} {pupil.id}"
        pupil.login = f"gewist-{pupil.id}@gewist.invalid"
        pupil.eckid = None
        pupil.las_key = None
        pupil.enrolled_on = None
        pupil.left_on = None
        pupil.pupil_code_hash = None
        pupil.password_hash = passwords.hash_password(passwords.generate_password(32))  # nobody knows it
        pupil.active = False
        pupil.deactivated_at = pupil.deactivated_at or now()
        pupil.erased_at = now()
        pupil.save()
        audit.record(
            recorded_as(actor),
            "pupil_erased",
            pupil,
            detail=", ".join(f"{name}: {n}" for name, n in sorted(counts.items())),
        )

    if upload_folder:
        for name in stored_files:
            path = os.path.join(upload_folder, os.path.basename(name))
            if os.path.isfile(path):
                os.remove(path)
    return counts
