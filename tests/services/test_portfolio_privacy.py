"""The portfolio is the pupil's own (issue 17, AVG): the year rollover leaves it alone, and erasure on request
removes all of it, the files on disk included."""

import datetime as dt
import os

import pytest

from models import (
    Conversation,
    ConversationAnswer,
    ConversationEvidence,
    ConversationGoal,
    Document,
    PortfolioText,
    PupilSkill,
    RatingRound,
    SchoolSettings,
    SkillRating,
)
from services import portfolio, privacy, rollover
from tests.support.factories import make_admin
from tests.support.portfolio import PDF, PNG, build_portfolio_school, upload

TODAY = dt.date(2027, 6, 1)


@pytest.fixture
def full(app, database):
    """Anna's portfolio with something of every part, and a piece of Bram's to show what stays."""
    school = build_portfolio_school(TODAY)
    folder, skill = app.config["UPLOAD_FOLDER"], school.samenwerken
    portfolio.write_text(school.anna, school.anna, "pupil", "Ik ben Anna.")
    portfolio.write_text(school.teacher, school.anna, "teacher", "Anna werkt netjes.")
    portfolio.write_text(school.parent, school.anna, "parent", "Thuis rekent ze graag.")
    portfolio.give_skills(school.teacher, [school.anna, school.bram], [skill])
    portfolio.open_round(school.teacher, school.group, TODAY + dt.timedelta(days=5), today=TODAY)
    portfolio.rate_skill(school.anna, school.anna, skill, "pupil", 3, today=TODAY)
    portfolio.rate_skill(school.parent, school.anna, skill, "parent", 2, today=TODAY)
    portfolio.rate_skill(school.bram, school.bram, skill, "pupil", 1, today=TODAY)
    photo = portfolio.add_evidence(
        school.anna, school.anna, school.tafels.id, upload=upload(PNG, "klok.png"), upload_folder=folder
    )
    report = portfolio.add_report(school.teacher, school.anna, upload(PDF, "rapport.pdf"), "Rapport", folder)
    brams = portfolio.add_evidence(school.bram, school.bram, upload=upload(PNG, "bram.png"), upload_folder=folder)
    portfolio.record_conversation(
        school.teacher,
        school.anna,
        TODAY,
        answers={portfolio.questions()[0].id: "Mijn klok"},
        evidence=[photo.id],
        goals=[school.breuken.id],
        today=TODAY,
    )
    school.update(folder=folder, skill=skill, photo=photo, report=report, brams=brams)
    return school


def counts(pupil):
    return {
        "texts": PortfolioText.select().where(PortfolioText.pupil == pupil).count(),
        "skills": PupilSkill.select().where(PupilSkill.pupil == pupil).count(),
        "ratings": SkillRating.select().where(SkillRating.pupil == pupil).count(),
        "documents": Document.select().where(Document.pupil == pupil).count(),
        "conversations": Conversation.select().where(Conversation.pupil == pupil).count(),
    }


def test_the_year_rollover_leaves_the_portfolio_alone(full):
    before = counts(full.anna)
    assert before == {"texts": 3, "skills": 1, "ratings": 2, "documents": 2, "conversations": 1}
    admin = make_admin()
    today = TODAY + dt.timedelta(days=80)

    report = rollover.year_rollover(admin, "2027-2028", today=today)

    assert report.group_data["sterrenrondes"] == 1  # the round is group-bound: it stays with the old group
    assert counts(full.anna) == before
    assert RatingRound.get().group_id == full.group.id and portfolio.open_round_for(full.anna, today) is None
    for reader in (full.anna, full.parent, full.teacher):
        texts = portfolio.texts_of(reader, full.anna)
        assert texts.school_year == "2027-2028" and set(texts.current.values()) == {None}
        assert [t.body for t in texts.earlier] == ["Ik ben Anna.", "Anna werkt netjes.", "Thuis rekent ze graag."]
        assert [p.title for p in portfolio.pieces_of(reader, full.anna)] == ["klok.png"]
        assert [r.title for r in portfolio.reports_of(reader, full.anna)] == ["Rapport"]
        assert len(portfolio.conversations_of(reader, full.anna)) == 1
    (skill,) = portfolio.skills_of(full.anna, full.anna, today=today)
    assert skill.periods[0][1] == "Periode 2 (2026-2027)"  # last year's stars go with the pupil
    assert (skill.stars["pupil"], skill.stars["parent"]) == ([3], [2])


def test_erasure_removes_the_whole_portfolio_with_its_files(full):
    files = [os.path.join(full.folder, d.stored_name) for d in (full.photo, full.report)]
    assert all(os.path.exists(path) for path in files)

    erased = privacy.erase_pupil(make_admin(), full.anna, upload_folder=full.folder)

    assert counts(full.anna) == dict.fromkeys(("texts", "skills", "ratings", "documents", "conversations"), 0)
    assert ConversationAnswer.select().count() == ConversationEvidence.select().count() == 0
    assert ConversationGoal.select().count() == 0
    assert not any(os.path.exists(path) for path in files)
    assert erased["skill_ratings"] == 2 and erased["conversations"] == 1
    # Bram's portfolio is untouched
    assert counts(full.bram) == {"texts": 0, "skills": 1, "ratings": 1, "documents": 1, "conversations": 0}
    assert os.path.exists(os.path.join(full.folder, full.brams.stored_name))
    assert SchoolSettings.get_current().school_year == "2026-2027"
