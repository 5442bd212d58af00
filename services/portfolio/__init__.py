"""The pupil's portfolio, "Dit ben ik" (SPEC 13 and 14, issue 17). Callers use this package's names.

    texts          the three texts (pupil, teachers, parents), one per school year, each written by its owner
    skills         skills given to pupils by their teachers, rated 1-3 stars per period by each voice
    rounds         rating rounds (sterrenrondes): when pupils and parents give stars
    evidence       the one store of evidence (photos, files, notes) from the web and the bot; highlights
    reports        uploaded PDFs (test results, school reports)
    conversations  reflection conversations: the school's questions, planning, the pupil's preparation
    recording      recording a conversation, with the agreed goals put onto the pupil's plan
    common         voices, text checks, the running period, removing stored files

The portfolio is the pupil's own and not group-bound: the year rollover leaves it alone (only a rating round
belongs to its group), erasure on request removes it with its files (services.privacy). Who may read and
write what is in services.permissions (view_portfolio, write_portfolio_text, rate_skill, keep_portfolio, ...).
"""

from .common import VOICE_NAMES, VOICE_TITLES, Voice, current_period, voice_of
from .conversations import (
    MAX_PREPARATION,
    PLANS,
    PREPARATION,
    coming_conversation,
    conversation_detail,
    conversations_of,
    find_conversation,
    plan_conversation,
    prepare,
    questions,
)
from .evidence import (
    EVIDENCE_TYPES,
    MAX_FILE_MB,
    NOTE_MAX_LENGTH,
    Piece,
    add_evidence,
    by_subject_and_goal,
    goals_for_evidence,
    photo_file,
    pieces_of,
    remove_evidence,
    set_highlight,
)
from .recording import MAX_ANSWER, MAX_NOTES, Recorded, record_conversation
from .reports import Report, add_report, remove_report, report, reports_of
from .rounds import close_round, group_skills, open_round, open_round_for, open_round_of_group
from .skills import NO_ROUND, SkillView, active_skills, give_skills, rate_skill, skills_of, take_skill
from .texts import MAX_TEXT_LENGTH, Text, Texts, texts_of, write_text

__all__ = [
    "EVIDENCE_TYPES",
    "MAX_FILE_MB",
    "MAX_ANSWER",
    "MAX_NOTES",
    "MAX_PREPARATION",
    "MAX_TEXT_LENGTH",
    "NO_ROUND",
    "NOTE_MAX_LENGTH",
    "PLANS",
    "PREPARATION",
    "Piece",
    "Recorded",
    "Report",
    "SkillView",
    "Text",
    "Texts",
    "VOICE_NAMES",
    "VOICE_TITLES",
    "Voice",
    "active_skills",
    "add_evidence",
    "add_report",
    "by_subject_and_goal",
    "close_round",
    "coming_conversation",
    "conversation_detail",
    "conversations_of",
    "current_period",
    "find_conversation",
    "give_skills",
    "goals_for_evidence",
    "group_skills",
    "open_round",
    "open_round_for",
    "open_round_of_group",
    "photo_file",
    "pieces_of",
    "plan_conversation",
    "prepare",
    "questions",
    "rate_skill",
    "record_conversation",
    "remove_evidence",
    "remove_report",
    "report",
    "reports_of",
    "set_highlight",
    "skills_of",
    "take_skill",
    "texts_of",
    "voice_of",
    "write_text",
]
