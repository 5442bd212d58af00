"""The Groepsbespreking pages (web/reviews.py): the teacher's form, the IB-er's round overview and preparation,
agreements, pupils to discuss, and the due notice on the teacher's dashboard."""

import datetime as dt

import pytest

from models import GroupReview, Note, ReviewAgreement, ReviewAnswer, ReviewRound
from services import clock, notes, reviews
from tests.support.factories import make_group, make_pupil, make_teacher
from tests.support.querycount import count_queries
from tests.support.schools import build_school


@pytest.fixture
def school(database):
    school = build_school()
    today = clock.today()
    rounds = reviews.rounds_of("2026-2027")
    for n, review_round in enumerate(rounds):
        review_round.review_on = today + dt.timedelta(days=5 + 60 * n)  # the first talk is in five days
        review_round.save()
    school["round"], school["next_round"] = rounds[0], rounds[1]
    return school


def review_url(school, review_round=None, path=""):
    return f"/groepen/{school.group.id}/groepsbespreking/{(review_round or school.round).id}{path}"


def form_fields(school, text="Rustig"):
    form = reviews.form_for(school.group)
    return {f"vraag-{q.id}": f"{text} {n}" for n, q in enumerate(reviews.questions_of(form))}


def test_the_dashboard_says_the_form_is_due_and_the_teacher_fills_it_in(school, client, auth):
    auth.login(school.teacher.login)
    dashboard = client.get("/leraar").get_data(as_text=True)
    due = (school.round.review_on - dt.timedelta(days=7)).strftime("%d-%m-%Y")
    assert "moest op " + due + " klaar zijn" in dashboard and "Groep 5a" in dashboard  # the due date has passed
    fields = form_fields(school)
    first = next(iter(fields))
    response = auth.post(review_url(school), {first: "Onrustig", "actie": "klaar"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Vul eerst alle vragen in" in page and ">Onrustig</textarea>" in page
    assert (
        reviews.state_of(reviews.review_of(school.group, school.round)) == "draft" or not GroupReview.select().exists()
    )
    assert auth.post(review_url(school), {**fields, "actie": "klaar"}).status_code == 303
    assert reviews.state_of(reviews.review_of(school.group, school.round)) == "ready"
    assert "groepsbespreking van <strong>Groep 5a</strong>" not in client.get("/leraar").get_data(as_text=True)


def test_the_ib_er_opens_the_round_reads_the_form_and_records_an_agreement_that_comes_back(school, client, auth):
    reviews.save_answers(
        school.teacher, school.group, school.round, {int(k[6:]): v for k, v in form_fields(school).items()}, True
    )
    pupil_review = notes.category_named(notes.PUPIL_REVIEW)
    notes.write_note(school.teacher, school.group, "Anna leest sneller dan verwacht", pupil_review, school.anna)
    auth.login(school.coach.login)
    overview = client.get("/groepsbesprekingen").get_data(as_text=True)
    assert "September 2026-2027" in overview
    assert 'state-ready">klaar' in overview and 'state-not_started">niet begonnen' in overview  # 5a ready, 6b not
    page = client.get(review_url(school)).get_data(as_text=True)
    assert "Rustig 0" in page and "Anna leest sneller dan verwacht" in page and "Voorbereiding IB-er" in page
    auth.post(review_url(school, path="/voorbereiding"), {"voorbereiding": "Vraag naar de leesgroep", "gepland": ""})
    response = auth.post(
        review_url(school, path="/afspraken"),
        {
            "afspraak": "Anna leest mee met groep 6",
            "eigenaar": school.teacher.id,
            "datum": "2026-11-01",
            "leerling": school.anna.id,
        },
    )
    assert response.status_code == 303
    agreement = ReviewAgreement.get()
    assert (agreement.owner_id, agreement.due_on, agreement.pupil_id) == (
        school.teacher.id,
        dt.date(2026, 11, 1),
        school.anna.id,
    )
    next_page = client.get(review_url(school, school.next_round)).get_data(as_text=True)
    assert "Anna leest mee met groep 6" in next_page and "uit September" in next_page
    auth.post(f"/afspraken/{agreement.id}/klaar", {"klaar": "1", "ronde": school.next_round.id})
    assert "Anna leest mee met groep 6" not in client.get(review_url(school, school.next_round)).get_data(as_text=True)


def test_a_teacher_reads_but_does_not_prepare_and_another_teachers_form_is_read_only(school, client, auth):
    auth.login(school.other_teacher.login)
    page = client.get(review_url(school)).get_data(as_text=True)
    assert "Opslaan als concept" not in page and "Voorbereiding IB-er" not in page
    assert client.get("/groepsbesprekingen").status_code == 403
    assert auth.post(review_url(school, path="/voorbereiding"), {"voorbereiding": "x"}).status_code == 403
    assert auth.post(review_url(school), {**form_fields(school), "actie": "concept"}).status_code == 403
    assert not GroupReview.select().exists()


def test_a_pupil_is_put_on_the_list_to_discuss(school, client, auth):
    auth.login(school.teacher.login)
    auth.post(review_url(school, path="/leerling"), {"leerling": school.bram.id, "tekst": "Tafels <blijven> lastig"})
    note = Note.get()
    assert (note.pupil_id, note.category.name) == (school.bram.id, "leerlingbespreking")
    page = client.get(review_url(school)).get_data(as_text=True)
    assert "Tafels &lt;blijven&gt; lastig" in page
    response = auth.post(review_url(school, path="/leerling"), {"leerling": school.cas.id, "tekst": "x"})
    assert "zit niet in deze groep" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_answers_and_agreements_are_escaped_and_a_bad_date_is_refused(school, client, auth):
    fields = dict.fromkeys(form_fields(school), "<script>x()</script>")
    auth.login(school.teacher.login)
    auth.post(review_url(school), {**fields, "actie": "concept"})
    auth.post(review_url(school, path="/afspraken"), {"afspraak": "<img src=x>", "datum": "morgen"})
    assert not ReviewAgreement.select().exists()
    auth.post(review_url(school, path="/afspraken"), {"afspraak": "<img src=x>"})
    auth.logout()
    auth.login(school.other_teacher.login)
    page = client.get(review_url(school)).get_data(as_text=True)
    assert "<script>x()" not in page and "&lt;script&gt;x()" in page
    assert "<img src=x>" not in page and "&lt;img src=x&gt;" in page


def test_posting_needs_the_csrf_token(school, client, auth):
    auth.login(school.teacher.login)
    assert client.post(review_url(school), data={**form_fields(school), "actie": "klaar"}).status_code == 400
    assert client.post(review_url(school, path="/afspraken"), data={"afspraak": "x"}).status_code == 400
    assert not GroupReview.select().exists() and not ReviewAnswer.select().exists()


def test_a_round_of_another_year_is_refused(school, client, auth):
    other = ReviewRound.create(school_year="2027-2028", name="September", position=0)
    auth.login(school.teacher.login)
    assert client.get(review_url(school, other)).status_code == 400


def test_the_round_overview_of_a_16_group_school_reads_in_a_fixed_number_of_queries(school, client, auth):
    auth.login(school.coach.login)
    counts = []
    for size in (2, 16):
        for n in range(size):
            group = make_group(f"Groep {size}.{n}", year_level=1 + n % 8, teachers=[make_teacher()])
            make_pupil(level=group.year_level, groups=[group])
            reviews.save_answers(school.coach, group, school.round, {}, ready=False)
        with count_queries() as queries:
            page = client.get(f"/groepsbesprekingen?ronde={school.round.id}").get_data(as_text=True)
        assert page.count("state-draft") >= size
        counts.append(len(queries))
    assert counts[0] == counts[1]
