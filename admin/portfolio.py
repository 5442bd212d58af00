"""Admin views of the portfolio (issue 17): the school's questions for reflection conversations (kept here), and
read-only lists of what teachers, pupils and parents write through services.portfolio (texts, skills given,
stars, rating rounds, evidence and reports, conversations with their answers, evidence and goals). The rules
live in the services, so the back office only reads these; erasing a pupil's portfolio is the pupil list's
"Gegevens wissen" (services.privacy). The school's list of skills is kept under School (admin/school.py).
"""

from markupsafe import Markup, escape

from models import (
    Conversation,
    ConversationAnswer,
    ConversationEvidence,
    ConversationGoal,
    ConversationQuestion,
    Document,
    Goal,
    Group,
    PortfolioText,
    PupilSkill,
    RatingRound,
    Skill,
    SkillRating,
    User,
)
from services import portfolio
from services.errors import DomainError

from .base import AdminModelView, ReadOnlyView

VOICES = {voice: f"{name} ({portfolio.VOICE_TITLES[voice]})" for voice, name in portfolio.VOICE_NAMES.items()}
PLANS = {"current": "huidige plan", "coming": "komende plan"}
KINDS = {"evidence": "bewijs", "report": "rapport"}
CATEGORY = "LVS en portfolio"  # with the test results: the menu stays on one line


def _short(text, length=120):
    text = text or ""
    return text if len(text) <= length else text[: length - 1] + "…"


def _pre(view, context, model, name):
    return Markup("<pre class='mb-0' style='white-space: pre-wrap'>%s</pre>") % escape(getattr(model, name) or "")


def _voice(view, context, model, name):
    return VOICES.get(model.voice, model.voice)


class ConversationQuestionView(AdminModelView):
    """The school's template: the questions a teacher asks in every reflection conversation, in this order.
    A conversation keeps each question as it was asked, so changing one here changes no recorded answer."""

    column_list = ("position", "text", "archived")
    column_labels = {"text": "Vraag"}
    column_searchable_list = ("text",)
    column_filters = ("archived",)
    column_default_sort = "position"
    form_columns = ("text", "position", "archived")

    def on_model_change(self, form, model, is_created):
        model.text = (model.text or "").strip()
        if not model.text:
            raise DomainError("Een vraag heeft tekst.")
        if len(model.text) > 500:
            raise DomainError("Een vraag is hoogstens 500 tekens lang.")


class PortfolioTextView(ReadOnlyView):
    column_list = ("pupil", "voice", "school_year", "body", "updated_by", "updated_at")
    column_labels = {"voice": "Stem", "updated_by": "Geschreven door", "updated_at": "Gewijzigd op"}
    column_searchable_list = ("body",)
    column_filters = ("voice", "school_year", User.last_name)
    column_sortable_list = (("pupil", User.last_name), "voice", "school_year", "updated_at")
    column_default_sort = ("updated_at", True)
    related_joins = {User: PortfolioText.pupil}
    column_formatters = {"voice": _voice, "body": lambda v, c, m, n: _short(m.body)}
    column_formatters_detail = {"voice": _voice, "body": _pre}


class PupilSkillView(ReadOnlyView):
    column_list = ("pupil", "skill", "given_by", "given_at")
    column_labels = {"skill": "Vaardigheid", "given_by": "Gegeven door", "given_at": "Gegeven op"}
    column_filters = (Skill.name, User.last_name)
    column_sortable_list = (("pupil", User.last_name), ("skill", Skill.name), "given_at")
    column_default_sort = ("given_at", True)
    related_joins = {User: PupilSkill.pupil}


class SkillRatingView(ReadOnlyView):
    column_list = ("pupil", "skill", "period", "voice", "stars", "rated_by", "rated_at")
    column_labels = {
        "skill": "Vaardigheid",
        "voice": "Stem",
        "stars": "Sterren",
        "rated_by": "Gegeven door",
        "rated_at": "Gegeven op",
    }
    column_filters = ("voice", "stars", "rated_at", Skill.name, User.last_name)
    column_sortable_list = (("pupil", User.last_name), ("skill", Skill.name), "voice", "stars", "rated_at")
    column_default_sort = ("rated_at", True)
    related_joins = {User: SkillRating.pupil}
    column_formatters = {"voice": _voice}


class RatingRoundView(ReadOnlyView):
    column_list = ("group", "period", "opened_by", "opened_at", "closes_on", "closed_at")
    column_labels = {
        "opened_by": "Geopend door",
        "opened_at": "Geopend op",
        "closes_on": "Open tot en met",
        "closed_at": "Eerder gesloten op",
    }
    column_filters = ("closes_on", Group.name)
    column_sortable_list = (("group", Group.name), "opened_at", "closes_on")
    column_default_sort = ("opened_at", True)


class PortfolioDocumentView(ReadOnlyView):
    """Evidence and reports: their rows (the files stay in the upload folder, served by the portfolio pages)."""

    column_list = ("created_at", "pupil", "kind", "title", "goal", "filename", "channel", "highlighted", "uploaded_by")
    column_details_list = (*column_list, "body", "content_type", "size")
    column_labels = {
        "highlighted": "Hoogtepunt",
        "uploaded_by": "Toegevoegd door",
        "content_type": "Soort bestand",
        "size": "Grootte (bytes)",
    }
    column_searchable_list = ("title", "body", "filename")
    column_filters = ("kind", "channel", "highlighted", "created_at", User.last_name, Goal.title)
    column_sortable_list = ("created_at", ("pupil", User.last_name), "kind", "title", "highlighted")
    column_default_sort = ("created_at", True)
    related_joins = {User: Document.pupil}
    column_formatters = {
        "kind": lambda v, c, m, n: KINDS.get(m.kind, m.kind),
        "body": lambda v, c, m, n: _short(m.body),
    }
    column_formatters_detail = {"kind": lambda v, c, m, n: KINDS.get(m.kind, m.kind), "body": _pre}

    def get_query(self):
        return Document.select().where(Document.kind.in_(tuple(KINDS)))

    def get_count_query(self):
        return self.get_query()

    def get_one(self, id):
        return self.get_query().where(Document.id == id).first()


class ConversationView(ReadOnlyView):
    column_list = ("held_on", "pupil", "teacher", "prepared_at", "recorded_at")
    column_details_list = (
        "held_on",
        "pupil",
        "teacher",
        "went_well",
        "was_hard",
        "learn_next",
        "prepared_at",
        "notes",
        "recorded_at",
        "created_at",
    )
    column_labels = {
        "held_on": "Datum",
        "prepared_at": "Voorbereid op",
        "recorded_at": "Vastgelegd op",
        "went_well": "Wat ging goed?",
        "was_hard": "Wat was moeilijk?",
        "learn_next": "Wat wil ik hierna leren?",
        "notes": "Notities van de leraar",
    }
    column_searchable_list = ("notes", "went_well", "was_hard", "learn_next")
    column_filters = ("held_on", "recorded_at", User.last_name)
    column_sortable_list = ("held_on", ("pupil", User.last_name), "recorded_at")
    column_default_sort = ("held_on", True)
    related_joins = {User: Conversation.pupil}
    column_formatters_detail = dict.fromkeys(("went_well", "was_hard", "learn_next", "notes"), _pre)


class ConversationAnswerView(ReadOnlyView):
    column_list = ("conversation", "position", "question", "answer")
    column_labels = {"conversation": "Leergesprek", "question": "Vraag", "answer": "Antwoord"}
    column_searchable_list = ("question", "answer")
    column_filters = (Conversation.held_on,)
    column_default_sort = [("conversation", True), ("position", False)]
    column_formatters = {"answer": lambda v, c, m, n: _short(m.answer)}
    column_formatters_detail = {"answer": _pre}


class ConversationEvidenceView(ReadOnlyView):
    column_list = ("conversation", "document")
    column_labels = {"conversation": "Leergesprek", "document": "Besproken bewijs"}
    column_filters = (Conversation.held_on,)


class ConversationGoalView(ReadOnlyView):
    column_list = ("conversation", "goal", "plan")
    column_labels = {"conversation": "Leergesprek", "goal": "Afgesproken leerdoel", "plan": "Op het"}
    column_filters = ("plan", Goal.title)
    column_formatters = {"plan": lambda v, c, m, n: PLANS.get(m.plan, m.plan)}


VIEWS = (  # view, model, menu name, endpoint and url
    (ConversationQuestionView, ConversationQuestion, "Leergesprekvragen", "conversation_questions"),
    (PortfolioTextView, PortfolioText, "Teksten", "portfolio_texts"),
    (PupilSkillView, PupilSkill, "Gegeven vaardigheden", "pupil_skills"),
    (SkillRatingView, SkillRating, "Sterren", "skill_ratings"),
    (RatingRoundView, RatingRound, "Sterrenrondes", "rating_rounds"),
    (PortfolioDocumentView, Document, "Bewijs en rapporten", "portfolio_documents"),
    (ConversationView, Conversation, "Leergesprekken", "reflection_conversations"),
    (ConversationAnswerView, ConversationAnswer, "Antwoorden", "conversation_answers"),
    (ConversationEvidenceView, ConversationEvidence, "Besproken bewijs", "conversation_evidence"),
    (ConversationGoalView, ConversationGoal, "Afgesproken doelen", "conversation_goals"),
)


def register(admin):
    for view, model, name, endpoint in VIEWS:
        admin.add_view(view(model, name, category=CATEGORY, endpoint=endpoint, url=endpoint.replace("_", "-")))
