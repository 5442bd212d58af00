"""Group reviews (services.reviews): rounds and forms, the teacher's form, the IB-er's overview and
preparation, agreements that come back until done, the dashboard's due notices, the new year's rounds."""

import datetime as dt

import pytest

from models import GroupReview, NoteCategory, ReviewAgreement, ReviewAnswer, ReviewForm, ReviewQuestion, ReviewRound
from services import notes, reviews
from services.errors import DomainError, PermissionDenied
from services.reviews import defaults
from tests.support.factories import make_group, make_pupil, make_teacher
from tests.support.querycount import count_queries
from tests.support.schools import build_school


@pytest.fixture
def school(database):
    school = build_school()
    for review_round, day in zip(reviews.rounds_of("2026-2027"), (15, 12, 9, 14)):
        month = {"September": 9, "Februari": 2, "April": 4, "Juni": 6}[review_round.name]
        review_round.review_on = dt.date(2026 if month == 9 else 2027, month, day)
        review_round.save()
    school["rounds"] = {r.name: r for r in reviews.rounds_of("2026-2027")}
    school["kleuters"] = make_group("Groep 1/2b", year_level=1, teachers=[school.teacher])
    return school


def answers_for(review_round, group, text="Rustig en betrokken"):
    form = reviews.form_for(group)
    return {q.id: f"{text} ({q.key})" for q in reviews.questions_of(form)}


def test_a_school_starts_with_the_quality_cards_rounds_and_two_forms(school):
    assert [(r.name, r.optional) for r in reviews.rounds_of("2026-2027")] == [
        ("September", False),
        ("Februari", False),
        ("April", True),
        ("Juni", False),
    ]
    assert [(f.name, f.level_from, f.level_to) for f in ReviewForm.select().order_by(ReviewForm.position)] == [
        ("Groepsbespreking 1-2", 1, 2),
        ("Groepsbespreking 3-8", 3, 8),
    ]
    form = reviews.form_for(school.group)
    assert form.name == "Groepsbespreking 3-8"
    assert [q.key for q in reviews.questions_of(form)] == [key for key, *_ in defaults.QUESTIONS_3_8]
    kindergarten = reviews.questions_of(reviews.form_for(school.kleuters))
    assert "Zelfstandig spelen en werken" in [q.text for q in kindergarten]


def test_the_teacher_saves_a_draft_then_marks_it_ready_with_every_question_answered(school):
    february = school.rounds["Februari"]
    answers = answers_for(february, school.group)
    first = next(iter(answers))
    review = reviews.save_answers(school.teacher, school.group, february, {first: "Onrustig na de kerst"})
    assert reviews.state_of(review) == "draft"
    with pytest.raises(DomainError, match="Vul eerst alle vragen in"):
        reviews.save_answers(school.teacher, school.group, february, {first: "Onrustig"}, ready=True)
    assert GroupReview.get_by_id(review.id).filled_at is None
    review = reviews.save_answers(school.teacher, school.group, february, answers, ready=True)
    assert reviews.state_of(review) == "ready" and review.filled_by_id == school.teacher.id
    assert ReviewAnswer.select().where(ReviewAnswer.review == review.id).count() == len(answers)
    assert ReviewAnswer.get(ReviewAnswer.question == first).body.startswith("Rustig en betrokken")
    review = reviews.save_answers(school.teacher, school.group, february, {first: "Toch onrustig"})  # a draft again
    assert reviews.state_of(review) == "draft"


def test_who_may_fill_in_and_bad_input(school):
    february = school.rounds["Februari"]
    for outsider in (school.other_teacher, school.assistant, school.anna, school.parent):
        with pytest.raises(PermissionDenied):
            reviews.save_answers(outsider, school.group, february, {})
    other_form_question = (
        ReviewQuestion.select().join(ReviewForm).where(ReviewForm.name == "Groepsbespreking 1-2").first()
    )
    with pytest.raises(DomainError, match="laad de pagina opnieuw"):
        reviews.save_answers(school.teacher, school.group, february, {other_form_question.id: "x"})
    question = next(iter(answers_for(february, school.group)))
    with pytest.raises(DomainError, match="langer dan 5000"):
        reviews.save_answers(school.teacher, school.group, february, {question: "x" * 5001})
    next_year = ReviewRound.create(school_year="2027-2028", name="September", position=0)
    with pytest.raises(DomainError, match="2027-2028"):
        reviews.save_answers(school.teacher, school.group, next_year, {question: "x"})
    assert not ReviewAnswer.select().exists()


def test_the_ib_er_sees_every_form_of_a_round_with_its_state_and_pupils_to_discuss(school):
    february = school.rounds["Februari"]
    reviews.save_answers(school.teacher, school.group, february, answers_for(february, school.group), ready=True)
    reviews.save_answers(school.other_teacher, school.other_group, february, {})
    pupil_review = NoteCategory.get(name="leerlingbespreking")
    notes.write_note(school.teacher, school.group, "Anna: sneller dan verwacht", pupil_review, school.anna)
    notes.write_note(school.teacher, school.group, "Bram: tafels", pupil_review, school.bram)
    rows = reviews.round_overview(school.coach, february)
    assert [(r.group.name, r.state, r.form, r.pupils_to_discuss, r.due_on) for r in rows] == [
        ("Groep 1/2b", "not_started", "Groepsbespreking 1-2", 0, dt.date(2027, 2, 5)),
        ("Groep 5a", "ready", "Groepsbespreking 3-8", 2, dt.date(2027, 2, 5)),
        ("Groep 6b", "draft", "Groepsbespreking 3-8", 0, dt.date(2027, 2, 5)),
    ]
    assert rows[1].teachers == "Juf In"
    for outsider in (school.teacher, school.assistant, school.anna):
        with pytest.raises(PermissionDenied):
            reviews.round_overview(outsider, february)


def test_the_round_overview_reads_in_a_fixed_number_of_queries(school):
    february = school.rounds["Februari"]
    counts = []
    for size in (2, 16):
        for n in range(size):
            group = make_group(f"Groep {size}-{n}", year_level=1 + n % 8, teachers=[make_teacher()])
            make_pupil(level=group.year_level, groups=[group])
            reviews.save_answers(school.coach, group, february, {}, ready=False)
            reviews.add_agreement(school.coach, group, february, "Volgen")
        with count_queries() as queries:
            rows = reviews.round_overview(school.coach, february)
        counts.append(len(queries))
        assert len(rows) >= size
    assert counts[0] == counts[1] <= 8


def test_an_open_agreement_comes_back_at_the_next_rounds_until_done(school):
    september, february, april = school.rounds["September"], school.rounds["Februari"], school.rounds["April"]
    agreement = reviews.add_agreement(
        school.coach, school.group, september, "Instructietafel voor de tafels", school.teacher, dt.date(2026, 11, 1)
    )
    kept = reviews.add_agreement(
        school.teacher, school.group, september, "Anna leest mee met groep 6", pupil=school.anna
    )
    reviews.mark_done(school.teacher, kept)
    assert [a.id for a in reviews.agreements_for(school.group, february)] == [agreement.id]
    assert [a.id for a in reviews.agreements_for(school.group, april)] == [agreement.id]
    assert reviews.agreements_for(school.other_group, february) == []
    reviews.mark_done(school.coach, agreement)
    assert reviews.agreements_for(school.group, april) == []
    assert {a.id for a in reviews.agreements_for(school.group, september)} == {agreement.id, kept.id}  # its own round


@pytest.mark.parametrize(
    "text, owner, pupil, message",
    [
        ("", None, None, "Schrijf op"),
        ("Volgen", "anna", None, "leraren"),
        ("Volgen", None, "cas", "zit niet in deze groep"),
    ],
)
def test_a_wrong_agreement_is_refused(school, text, owner, pupil, message):
    with pytest.raises(DomainError, match=message):
        reviews.add_agreement(
            school.coach,
            school.group,
            school.rounds["Februari"],
            text,
            school[owner] if owner else None,
            pupil=school[pupil] if pupil else None,
        )
    assert not ReviewAgreement.select().exists()


def test_only_the_ib_er_prepares_and_plans_the_talk(school):
    february = school.rounds["Februari"]
    review = reviews.prepare(school.coach, school.group, february, "Vragen over Anna", dt.date(2027, 2, 16))
    assert reviews.state_of(review) == "not_started"  # the teacher did not start yet
    assert reviews.due_date(february, review) == dt.date(2027, 2, 9)
    with pytest.raises(PermissionDenied):
        reviews.prepare(school.teacher, school.group, february, "Mijn eigen voorbereiding")
    assert GroupReview.get_by_id(review.id).preparation == "Vragen over Anna"


def test_the_dashboard_says_a_form_is_due_from_a_week_before_until_the_talk(school):
    february = school.rounds["Februari"]  # talk on 12 February, due on 5 February

    def notices(day, user=school.teacher):
        return [(n.group_name, n.round_name, n.overdue) for n in reviews.due_notices(user, today=day)]

    assert notices(dt.date(2027, 1, 28)) == []
    assert notices(dt.date(2027, 1, 29)) == [("Groep 1/2b", "Februari", False), ("Groep 5a", "Februari", False)]
    assert notices(dt.date(2027, 2, 6)) == [("Groep 1/2b", "Februari", True), ("Groep 5a", "Februari", True)]
    reviews.save_answers(school.teacher, school.group, february, answers_for(february, school.group), ready=True)
    assert notices(dt.date(2027, 2, 6)) == [("Groep 1/2b", "Februari", True)]
    assert notices(dt.date(2027, 2, 13)) == []
    assert notices(dt.date(2027, 2, 6), school.coach) == [] and notices(dt.date(2027, 2, 6), school.anna) == []


def test_the_new_school_years_rounds_are_the_old_ones_a_year_later(school):
    assert reviews.carry_rounds_forward("2026-2027", "2027-2028") == 4
    assert [(r.name, r.review_on) for r in reviews.rounds_of("2027-2028")] == [
        ("September", dt.date(2027, 9, 15)),
        ("Februari", dt.date(2028, 2, 12)),
        ("April", dt.date(2028, 4, 9)),
        ("Juni", dt.date(2028, 6, 14)),
    ]
    assert reviews.carry_rounds_forward("2026-2027", "2027-2028") == 0  # not twice
    assert reviews.carry_rounds_forward("2030-2031", "2031-2032") == 4  # no rounds to copy: the defaults
