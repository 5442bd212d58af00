"""The portfolio's services (issue 17): the three texts, skills and their stars in rating rounds, evidence from
every channel in one store, and reports. Each part is written only by its owner; bad input is refused whole."""

import datetime as dt
import os

import pytest

from models import (
    ChatMessage,
    Document,
    PlanGoal,
    PortfolioText,
    PupilSkill,
    RatingRound,
    SchoolSettings,
    SkillRating,
)
from services import bot, clock, groups, portfolio
from services.errors import Conflict, DomainError, NotFound, PermissionDenied
from tests.support.factories import make_group, make_pupil
from tests.support.portfolio import JPEG, PDF, PNG, build_portfolio_school, upload

TODAY = clock.today()


@pytest.fixture
def school(database):
    return build_portfolio_school(TODAY)


def rows(model):
    return model.select().count()


# --- the three texts ----------------------------------------------------------------------------------------


def test_each_voice_writes_its_own_text_and_everyone_allowed_reads_all_three(school):
    portfolio.write_text(school.anna, school.anna, "pupil", "Ik ben Anna en ik <b>teken</b> graag.")
    portfolio.write_text(school.teacher, school.anna, "teacher", "Anna helpt anderen graag.")
    portfolio.write_text(school.parent, school.anna, "parent", "Thuis leest ze elke avond.")
    portfolio.write_text(school.anna, school.anna, "pupil", "  Ik ben Anna.\r\nIk teken graag.  ")

    for reader in (school.anna, school.teacher, school.parent, school.assistant, school.other_teacher):
        texts = portfolio.texts_of(reader, school.anna)
        assert {voice: text.body for voice, text in texts.current.items()} == {
            "pupil": "Ik ben Anna.\nIk teken graag.",
            "teacher": "Anna helpt anderen graag.",
            "parent": "Thuis leest ze elke avond.",
        }
    assert portfolio.texts_of(school.anna, school.anna).current["parent"].updated_by == "Linda Aalders"
    assert rows(PortfolioText) == 3  # the second write changed the pupil's text in place


def test_a_new_school_year_starts_a_new_text_and_keeps_the_earlier_one(school):
    portfolio.write_text(school.anna, school.anna, "pupil", "Groep 5: ik hou van rekenen.")
    SchoolSettings.update(school_year="2027-2028").execute()

    texts = portfolio.texts_of(school.anna, school.anna)
    assert texts.current["pupil"] is None
    assert [(t.school_year, t.voice, t.body) for t in texts.earlier] == [
        ("2026-2027", "pupil", "Groep 5: ik hou van rekenen.")
    ]
    portfolio.write_text(school.anna, school.anna, "pupil", "Groep 6: nu vooral taal.")
    texts = portfolio.texts_of(school.anna, school.anna)
    assert texts.current["pupil"].body == "Groep 6: nu vooral taal."
    assert [t.body for t in texts.earlier] == ["Groep 5: ik hou van rekenen."]


@pytest.mark.parametrize(
    "writer, voice, message",
    [
        ("anna", "teacher", "Alleen een leraar van deze leerling schrijft bij 'Wat ik zie'."),
        ("bram", "pupil", "Alleen de leerling zelf schrijft bij 'Dit ben ik'."),
        ("other_parent", "parent", "Alleen de ouders van deze leerling"),
        ("other_teacher", "teacher", "Alleen een leraar van deze leerling"),
        ("assistant", "teacher", "Alleen een leraar van deze leerling"),
        ("teacher", "pupil", "Alleen de leerling zelf"),
        ("parent", "teacher", "Alleen een leraar"),
    ],
)
def test_nobody_writes_another_voice(school, writer, voice, message):
    with pytest.raises(PermissionDenied, match=message):
        portfolio.write_text(school[writer], school.anna, voice, "Dit is niet van mij.")
    assert rows(PortfolioText) == 0


def test_parents_write_nothing_while_parent_access_is_off(school):
    SchoolSettings.update(parent_access=False).execute()
    with pytest.raises(PermissionDenied):
        portfolio.write_text(school.parent, school.anna, "parent", "Thuis gaat het goed.")
    with pytest.raises(PermissionDenied):
        portfolio.texts_of(school.parent, school.anna)
    assert rows(PortfolioText) == 0


def test_a_text_over_its_limit_is_refused_and_nothing_written(school):
    portfolio.write_text(school.anna, school.anna, "pupil", "Eerst dit.")
    with pytest.raises(DomainError, match="te lang: hoogstens 2000 tekens"):
        portfolio.write_text(school.anna, school.anna, "pupil", "x" * 2001)
    assert [t.body for t in PortfolioText.select()] == ["Eerst dit."]


def test_another_family_never_reads_the_portfolio(school):
    for outsider in (school.other_parent, school.cas, school.bram):
        with pytest.raises(PermissionDenied):
            portfolio.texts_of(outsider, school.anna)


# --- skills, rounds and stars -------------------------------------------------------------------------------


def test_teachers_give_skills_and_a_new_group_member_gets_none(school):
    given = portfolio.give_skills(school.teacher, [school.anna, school.bram], [school.samenwerken, school.plannen])
    assert given == 4
    assert portfolio.give_skills(school.teacher, [school.anna], [school.plannen, school.samenwerken]) == 0

    newcomer = make_pupil(level=5, first_name="Dirk")
    groups.add_members(school.teacher, school.group, [newcomer])

    assert [s.name for s in portfolio.skills_of(school.teacher, school.anna)] == ["samenwerken", "plannen"]
    assert portfolio.skills_of(school.teacher, newcomer) == []


def test_only_the_pupils_teachers_give_or_take_skills(school):
    with pytest.raises(PermissionDenied, match="Anna Aalders"):
        portfolio.give_skills(school.other_teacher, [school.anna], [school.samenwerken])
    for refused in (school.anna, school.parent, school.assistant):
        with pytest.raises(PermissionDenied):
            portfolio.give_skills(refused, [school.anna], [school.samenwerken])
    assert rows(PupilSkill) == 0
    portfolio.give_skills(school.teacher, [school.anna], [school.samenwerken])
    with pytest.raises(PermissionDenied):
        portfolio.take_skill(school.anna, school.anna, school.samenwerken)
    portfolio.take_skill(school.teacher, school.anna, school.samenwerken)
    assert rows(PupilSkill) == 0


def test_pupils_and_parents_give_stars_only_in_an_open_round(school):
    portfolio.give_skills(school.teacher, [school.anna], [school.samenwerken])
    for voice, who in (("pupil", school.anna), ("parent", school.parent)):
        with pytest.raises(DomainError, match="geen sterrenronde"):
            portfolio.rate_skill(who, school.anna, school.samenwerken, voice, 2, today=TODAY)
    portfolio.rate_skill(school.teacher, school.anna, school.samenwerken, "teacher", 2, today=TODAY)  # any time

    round_ = portfolio.open_round(school.teacher, school.group, TODAY + dt.timedelta(days=7), today=TODAY)
    portfolio.rate_skill(school.anna, school.anna, school.samenwerken, "pupil", 3, today=TODAY)
    portfolio.rate_skill(school.parent, school.anna, school.samenwerken, "parent", 2, today=TODAY)
    assert {(r.voice, r.stars, r.period_id) for r in SkillRating.select()} == {
        ("teacher", 2, school.periods[1].id),
        ("pupil", 3, round_.period_id),
        ("parent", 2, round_.period_id),
    }

    portfolio.close_round(school.teacher, round_, today=TODAY)
    with pytest.raises(DomainError, match="geen sterrenronde"):
        portfolio.rate_skill(school.anna, school.anna, school.samenwerken, "pupil", 1, today=TODAY)
    assert rows(SkillRating) == 3


@pytest.mark.parametrize("stars", [0, 4, -1, "drie", None, "2.5"])
def test_stars_outside_one_to_three_are_refused(school, stars):
    portfolio.give_skills(school.teacher, [school.anna], [school.samenwerken])
    with pytest.raises(DomainError, match="Kies 1, 2 of 3 sterren"):
        portfolio.rate_skill(school.teacher, school.anna, school.samenwerken, "teacher", stars, today=TODAY)
    assert rows(SkillRating) == 0


def test_stars_for_a_skill_not_given_or_in_another_voice_are_refused(school):
    portfolio.open_round(school.teacher, school.group, TODAY, today=TODAY)
    with pytest.raises(NotFound, match="hoort niet bij Anna"):
        portfolio.rate_skill(school.anna, school.anna, school.samenwerken, "pupil", 2, today=TODAY)
    portfolio.give_skills(school.teacher, [school.anna], [school.samenwerken])
    with pytest.raises(PermissionDenied):
        portfolio.rate_skill(school.anna, school.anna, school.samenwerken, "teacher", 3, today=TODAY)
    with pytest.raises(PermissionDenied):
        portfolio.rate_skill(school.other_parent, school.anna, school.samenwerken, "parent", 3, today=TODAY)
    assert rows(SkillRating) == 0


def test_the_chart_shows_each_voices_latest_stars_per_period_and_keeps_every_rating(school):
    first, second = school.periods[0], school.periods[1]
    portfolio.give_skills(school.teacher, [school.anna], [school.samenwerken])
    SkillRating.create(pupil=school.anna, skill=school.samenwerken, period=first, voice="pupil", stars=1)
    SkillRating.create(pupil=school.anna, skill=school.samenwerken, period=first, voice="teacher", stars=2)
    portfolio.open_round(school.teacher, school.group, TODAY + dt.timedelta(days=3), today=TODAY)
    portfolio.rate_skill(school.anna, school.anna, school.samenwerken, "pupil", 2, today=TODAY)
    portfolio.rate_skill(school.anna, school.anna, school.samenwerken, "pupil", 3, today=TODAY)  # changed her mind

    (skill,) = portfolio.skills_of(school.parent, school.anna, today=TODAY)
    assert [name for _, name in skill.periods] == ["Periode 1", "Periode 2", "Periode 3", "Periode 4"]
    assert skill.stars == {"pupil": [1, 3, None, None], "teacher": [2, None, None, None], "parent": [None] * 4}
    assert skill.now == {"pupil": 3, "teacher": None, "parent": None}
    assert [(h["voice"], h["stars"], h["period"]) for h in skill.history] == [
        ("pupil", 3, second.name),
        ("pupil", 2, second.name),
        ("teacher", 2, first.name),
        ("pupil", 1, first.name),
    ]


def test_only_the_groups_teachers_open_one_round_at_a_time(school):
    until = TODAY + dt.timedelta(days=7)
    for refused in (school.other_teacher, school.anna, school.parent, school.assistant):
        with pytest.raises(PermissionDenied):
            portfolio.open_round(refused, school.group, until, today=TODAY)
    portfolio.open_round(school.teacher, school.group, until.isoformat(), today=TODAY)
    with pytest.raises(Conflict, match="al een sterrenronde open"):
        portfolio.open_round(school.coach, school.group, until, today=TODAY)
    assert rows(RatingRound) == 1


@pytest.mark.parametrize("closes_on", [TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=43), "morgen", None])
def test_a_round_needs_a_closing_day_within_six_weeks(school, closes_on):
    with pytest.raises(DomainError):
        portfolio.open_round(school.teacher, school.group, closes_on, today=TODAY)
    assert rows(RatingRound) == 0


def test_a_round_ends_on_its_day_and_with_an_archived_group(school):
    portfolio.open_round(school.teacher, school.group, TODAY + dt.timedelta(days=2), today=TODAY)
    assert portfolio.open_round_for(school.anna, TODAY + dt.timedelta(days=2)) is not None
    assert portfolio.open_round_for(school.anna, TODAY + dt.timedelta(days=3)) is None
    assert portfolio.open_round_for(school.cas, TODAY) is None  # another group
    school.group.archived = True
    school.group.save()
    assert portfolio.open_round_for(school.anna, TODAY) is None


# --- evidence: one store for the web and the bot -------------------------------------------------------------


def test_a_pupils_upload_on_a_goal_is_kept_and_lands_in_the_goal_chat(app, school):
    folder = app.config["UPLOAD_FOLDER"]
    document = portfolio.add_evidence(
        school.anna,
        school.anna,
        school.tafels.id,
        upload=upload(PNG, "../mijn tekening.png"),
        note="Mijn tafelkaart",
        upload_folder=folder,
    )

    assert (document.kind, document.pupil_id, document.goal_id, document.channel) == (
        "evidence",
        school.anna.id,
        school.tafels.id,
        "web",
    )
    assert (document.filename, document.content_type, document.title) == (
        "mijn tekening.png",
        "image/png",
        "Mijn tafelkaart",
    )
    with open(os.path.join(folder, document.stored_name), "rb") as fh:
        assert fh.read() == PNG
    message = ChatMessage.get()
    assert (message.room, message.kind, message.document_id, message.body) == (
        f"pupil_goal:{school.anna.id}:{school.tafels.id}",
        "progress",
        document.id,
        "Mijn tafelkaart",
    )


def test_evidence_from_the_bot_and_the_web_shows_under_its_goal_by_subject(app, school, tmp_path):
    folder = app.config["UPLOAD_FOLDER"]
    bot.add_evidence(
        school.anna, school.tafels.id, JPEG, "foto.jpg", "image/jpeg", upload_folder=folder, caption="Klok"
    )
    portfolio.add_evidence(school.teacher, school.anna, school.spelling.id, note="Anna schreef tien woorden foutloos.")
    portfolio.add_evidence(school.anna, school.anna, upload=upload(PDF, "verslag.pdf"), upload_folder=folder)

    pieces = portfolio.pieces_of(school.parent, school.anna)
    grouped = portfolio.by_subject_and_goal(pieces)
    assert [
        (section["subject"], [(goal["title"], [p.title for p in goal["pieces"]]) for goal in section["goals"]])
        for section in grouped
    ] == [
        ("Rekenen", [("Tafels van 3", ["Klok"])]),
        ("Taal", [("Woorden met ei en ij", ["Anna schreef tien woorden foutloos."])]),
        ("Zonder leerdoel", [("", ["verslag.pdf"])]),
    ]
    channels = {p.title: (p.channel, p.by_pupil, p.is_image, p.has_file) for p in pieces}
    assert channels == {
        "Klok": ("bot", True, True, True),
        "Anna schreef tien woorden foutloos.": ("web", False, False, False),
        "verslag.pdf": ("web", True, False, True),
    }
    assert ChatMessage.select().count() == 1  # only the pupil's piece on a goal; the teacher's stays on the portfolio


@pytest.mark.parametrize(
    "filename, data, message",
    [
        ("programma.exe", b"MZ\x90\x00", "Dit soort bestand kan niet bewaard worden"),
        ("pagina.html", b"<script>alert(1)</script>", "Dit soort bestand kan niet bewaard worden"),
        ("foto.png", b"<svg onload=alert(1)>", "De inhoud van dit bestand past niet bij .png"),
        ("groot.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "te groot"),
        ("leeg.pdf", b"", "leeg"),
    ],
)
def test_a_forbidden_file_is_refused_and_nothing_kept(app, school, filename, data, message):
    folder = app.config["UPLOAD_FOLDER"]
    with pytest.raises(DomainError, match=message):
        portfolio.add_evidence(
            school.anna, school.anna, school.tafels.id, upload=upload(data, filename), note="x", upload_folder=folder
        )
    assert rows(Document) == 0 and rows(ChatMessage) == 0
    assert not os.path.isdir(folder) or os.listdir(folder) == []


def test_evidence_on_a_goal_not_on_the_plan_or_by_a_parent_or_empty_is_refused(school):
    with pytest.raises(NotFound, match="niet op het plan van Anna"):
        portfolio.add_evidence(school.anna, school.anna, school.breuken.id, note="Breuken!")
    with pytest.raises(PermissionDenied):
        portfolio.add_evidence(school.parent, school.anna, note="Thuis geoefend")
    with pytest.raises(PermissionDenied):
        portfolio.add_evidence(school.bram, school.anna, note="Van Bram")
    with pytest.raises(DomainError, match="schrijf wat je hebt gedaan"):
        portfolio.add_evidence(school.anna, school.anna, school.tafels.id, note="   ")
    with pytest.raises(DomainError, match="te lang"):
        portfolio.add_evidence(school.anna, school.anna, note="x" * 2001)
    assert rows(Document) == 0 and rows(ChatMessage) == 0


def test_teachers_mark_highlights_and_pupils_remove_only_their_own(app, school):
    folder = app.config["UPLOAD_FOLDER"]
    own = portfolio.add_evidence(school.anna, school.anna, upload=upload(PNG, "a.png"), upload_folder=folder)
    teachers = portfolio.add_evidence(school.teacher, school.anna, note="Goed samengewerkt")

    with pytest.raises(PermissionDenied):
        portfolio.set_highlight(school.anna, own)
    portfolio.set_highlight(school.teacher, own)
    assert Document.get_by_id(own.id).highlighted
    assert [p.removable for p in portfolio.pieces_of(school.anna, school.anna)] == [False, True]

    with pytest.raises(PermissionDenied):
        portfolio.remove_evidence(school.anna, teachers, folder)
    with pytest.raises(PermissionDenied):
        portfolio.remove_evidence(school.other_teacher, own, folder)
    portfolio.remove_evidence(school.anna, own, folder)
    assert not os.path.exists(os.path.join(folder, own.stored_name))
    portfolio.remove_evidence(school.teacher, teachers, folder)
    assert rows(Document) == 0


def test_the_bot_and_the_web_share_the_one_store(school, tmp_path):
    document = bot.add_evidence(school.anna, school.tafels.id, PNG, "x.png", "image/png", upload_folder=str(tmp_path))
    (piece,) = portfolio.pieces_of(school.teacher, school.anna, goal=school.tafels)
    assert (piece.id, piece.channel, piece.goal_title) == (document.id, "bot", "Tafels van 3")
    assert PlanGoal.select().count() == 4  # nothing else changed


# --- reports --------------------------------------------------------------------------------------------------


def test_teachers_upload_reports_and_parents_read_them_where_allowed(app, school):
    folder = app.config["UPLOAD_FOLDER"]
    document = portfolio.add_report(
        school.teacher, school.anna, upload(PDF, "rapport.pdf"), "Rapport midden groep 5", folder
    )
    assert (document.kind, document.title, document.content_type) == (
        "report",
        "Rapport midden groep 5",
        "application/pdf",
    )
    assert [r.title for r in portfolio.reports_of(school.parent, school.anna)] == ["Rapport midden groep 5"]
    assert portfolio.report(school.parent, document.id).stored_name == document.stored_name
    with pytest.raises(PermissionDenied):
        portfolio.report(school.other_parent, document.id)
    SchoolSettings.update(parent_access=False).execute()
    with pytest.raises(PermissionDenied):
        portfolio.reports_of(school.parent, school.anna)

    portfolio.remove_report(school.teacher, document, folder)
    assert rows(Document) == 0 and os.listdir(folder) == []


@pytest.mark.parametrize("who", ["anna", "parent", "assistant", "other_teacher"])
def test_only_the_pupils_teachers_upload_reports(app, school, who):
    with pytest.raises(PermissionDenied):
        portfolio.add_report(school[who], school.anna, upload(PDF, "r.pdf"), "", app.config["UPLOAD_FOLDER"])
    assert rows(Document) == 0


@pytest.mark.parametrize(
    "filename, data", [("rapport.png", PNG), ("rapport.pdf", PNG), ("rapport.docx", b"PK\x03\x04")]
)
def test_a_report_is_a_pdf(app, school, filename, data):
    with pytest.raises(DomainError):
        portfolio.add_report(school.teacher, school.anna, upload(data, filename), "", app.config["UPLOAD_FOLDER"])
    assert rows(Document) == 0


def test_a_new_member_of_another_group_gets_no_skills_either(school):
    project = make_group("Project ruimte", type_name="Projectgroep", teachers=[school.teacher], pupils=[school.anna])
    portfolio.give_skills(school.teacher, [school.anna], [school.samenwerken])
    groups.add_members(school.teacher, project, [school.bram])
    assert rows(PupilSkill) == 1
