"""The Groepsanalyse pages (web/analysis.py): the overview, a test moment's grid (typed, pasted, imported), notes
per test moment, exit levels with their history on the pupil page."""

import datetime as dt
import io
import re

import pytest

from models import ExitLevel, Note, Subject, TestMoment, TestResult
from services import analysis, spreadsheets
from tests.support.factories import make_group, make_pupil
from tests.support.querycount import count_queries
from tests.support.schools import build_school


@pytest.fixture
def school(database):
    school = build_school()
    Subject.update(is_core=True).where(Subject.name.in_(["Rekenen", "Taal"])).execute()
    school["rekenen"] = Subject.get(name="Rekenen")
    school["m5"] = TestMoment.create(
        name="M5", subject=school.rekenen, school_year="2026-2027", level=5, date=dt.date(2027, 1, 20), max_score=150
    )
    school["e5"] = TestMoment.create(name="E5", subject=school.rekenen, school_year="2026-2027", level=5)
    return school


def grid_url(school, moment=None, path=""):
    return f"/groepen/{school.group.id}/analyse/{(moment or school.m5).id}{path}"


def test_a_teacher_types_the_grid_and_the_overview_shows_levels_and_a_chart(school, client, auth):
    auth.login(school.teacher.login)
    page = client.get(grid_url(school)).get_data(as_text=True)
    assert 'aria-label="Score van Anna Aalders"' in page and "Score van 0 tot en met 150" in page
    form = {
        "leerling": [school.anna.id, school.bram.id],
        f"score-{school.anna.id}": "112",
        f"niveau-{school.anna.id}": "ii",
    }
    form |= {f"score-{school.bram.id}": "87,5", f"niveau-{school.bram.id}": "IV"}
    assert auth.post(grid_url(school), form).status_code == 303
    analysis.save_results(school.teacher, school.group, school.e5, {school.anna.id: ("130", "I")})
    page = client.get(f"/groepen/{school.group.id}/analyse").get_data(as_text=True)
    row = re.search(r"Anna Aalders</a></th>(.*?)</tr>", page, re.S).group(1)
    assert 'II<br><span class="score">112</span>' in row and 'I<br><span class="score">130</span>' in row
    assert 'aria-label="Verloop: M5 II, E5 I"' in row  # the chart of Anna's levels, readable without colour
    assert 'IV<br><span class="score">87,5</span>' in page


def test_a_refused_grid_shows_what_was_typed_and_every_problem(school, client, auth):
    auth.login(school.teacher.login)
    form = {
        "leerling": [school.anna.id, school.bram.id],
        f"score-{school.anna.id}": "200",
        f"niveau-{school.anna.id}": "II",
    }
    form |= {f"score-{school.bram.id}": "80", f"niveau-{school.bram.id}": "Z"}
    response = auth.post(grid_url(school), form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Er is niets opgeslagen." in page
    assert "Anna Aalders: Score 200 valt buiten de schaal van M5" in page
    assert "Bram Bakker: &#39;Z&#39; is geen niveau van de school; gebruik I tot en met V." in page
    assert f'name="score-{school.anna.id}" value="200"' in page  # kept as typed
    assert not TestResult.select().exists()


def test_a_block_pasted_without_the_script_is_saved_or_refused_whole(school, client, auth):
    auth.login(school.teacher.login)
    response = auth.post(grid_url(school, path="/plakken"), {"blok": "1\tI\n2\tII\n3\tIII\n", "vanaf": 0, "kolom": 0})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Het geplakte blok heeft 3 rijen, maar vanaf Anna Aalders zijn er maar 2 leerlingen" in page
    assert not TestResult.select().exists()
    auth.post(grid_url(school, path="/plakken"), {"blok": "101\tII\r\n99\tIII\r\n", "vanaf": 0, "kolom": 0})
    assert analysis.moment_results(school.m5, [school.anna.id, school.bram.id]) == {
        school.anna.id: ("101", "II"),
        school.bram.id: ("99", "III"),
    }


def test_the_template_and_its_import_with_a_row_report(school, client, auth):
    auth.login(school.teacher.login)
    response = client.get(grid_url(school, path="/sjabloon.xlsx"))
    assert response.headers["Content-Disposition"] == "attachment; filename=M5-Rekenen-Groep-5a.xlsx"
    sheet = spreadsheets.open_workbook(response.data)
    assert [v for _, v in sheet.rows][1] == ("Anna Aalders", "anna@school.test")
    data = spreadsheets.write_xlsx(
        "M5",
        ["Leerling", "Inlognaam", "Score", "Niveau"],
        [["Anna Aalders", "anna@school.test", 120, "I"], ["Bram Bakker", "", 90, "VI"]],
    )
    page = auth.post(grid_url(school, path="/import"), {"bestand": (io.BytesIO(data), "m5.xlsx")}).get_data(
        as_text=True
    )
    assert "1 rij goed ingelezen; 1 resultaat opgeslagen of gewijzigd." in page
    assert "Rij 3, kolom &#39;Niveau&#39;: &#39;VI&#39; is geen niveau van de school" in page
    response = auth.post(grid_url(school, path="/import"), {"bestand": (io.BytesIO(b"a;b"), "m5.xlsx")})
    assert "geen Excel-werkmap" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_note_per_test_moment(school, client, auth):
    auth.login(school.teacher.login)
    auth.post(grid_url(school, path="/notitie"), {"tekst": "Breuken <b>zwak</b> bij de helft"})
    note = Note.get()
    assert (note.test_moment_id, note.category.name) == (school.m5.id, "analyse")
    page = client.get(f"/groepen/{school.group.id}/analyse").get_data(as_text=True)
    assert "Breuken &lt;b&gt;zwak&lt;/b&gt; bij de helft" in page


def test_an_exit_level_is_changed_and_its_history_shows_in_the_analysis_and_on_the_pupil_page(school, client, auth):
    auth.login(school.teacher.login)
    url = f"/groepen/{school.group.id}/uitstroom"
    auth.post(url, {"leerling": school.anna.id, "vak": school.rekenen.id, "niveau": "HAVO"})
    response = auth.post(url, {"leerling": school.anna.id, "vak": school.rekenen.id, "niveau": "VWO"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Schrijf erbij waarom de uitstroom voor Rekenen verandert (nu HAVO)." in page
    response = auth.post(
        url, {"leerling": school.anna.id, "vak": school.rekenen.id, "niveau": "HAVO/VWO", "reden": "Groei op <M5>"}
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Wijzigingen van de uitstroom van Anna Aalders" in page
    assert re.search(
        r"<td>Rekenen</td><td>HAVO</td><td>HAVO/VWO</td><td class=\"pre-wrap\">Groei op &lt;M5&gt;</td>", page
    )
    assert ExitLevel.get().level == "HAVO/VWO"
    pupil_page = client.get(f"/leerlingen/{school.anna.id}").get_data(as_text=True)
    assert "Rekenen: <strong>HAVO/VWO</strong>" in pupil_page and "Groei op &lt;M5&gt;" in pupil_page
    response = auth.post(
        url, {"leerling": school.anna.id, "vak": school.rekenen.id, "niveau": "GYMNASIUM", "reden": "x"}
    )
    assert "geen uitstroomniveau" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert ExitLevel.get().level == "HAVO/VWO"


def test_the_pupil_page_card_is_for_teachers_only(school, client, auth):
    analysis.set_exit_level(school.teacher, school.group, school.anna, school.rekenen, "HAVO")
    auth.login(school.assistant.login)
    page = client.get(f"/leerlingen/{school.anna.id}").get_data(as_text=True)
    assert "Uitstroom en toetsen" not in page and "HAVO" not in page
    auth.logout()
    auth.login(school.other_teacher.login)
    assert "Rekenen: <strong>HAVO</strong>" in client.get(f"/leerlingen/{school.anna.id}").get_data(as_text=True)


def test_a_moment_of_another_year_is_not_this_groups(school, client, auth):
    other_year = TestMoment.create(name="M5", subject=school.rekenen, school_year="2027-2028", level=5)
    auth.login(school.teacher.login)
    assert client.get(grid_url(school, other_year)).status_code == 404
    assert client.get(f"/groepen/{school.group.id}/analyse/999999").status_code == 404


def test_saving_needs_the_csrf_token(school, client, auth):
    auth.login(school.teacher.login)
    form = {"leerling": [school.anna.id], f"score-{school.anna.id}": "100", f"niveau-{school.anna.id}": "I"}
    assert client.post(grid_url(school), data=form).status_code == 400
    assert client.post(f"/groepen/{school.group.id}/uitstroom", data={"leerling": school.anna.id}).status_code == 400
    assert not TestResult.select().exists()


def test_the_analysis_page_reads_in_a_fixed_number_of_queries(school, client, auth):
    for _ in range(4):
        TestMoment.create(name=f"T{_}", subject=school.rekenen, school_year="2026-2027", level=5)
    auth.login(school.teacher.login)
    counts = []
    for size in (3, 30):
        group = make_group(f"Groep {size}", year_level=5, teachers=[school.teacher])
        pupils = [make_pupil(level=5, groups=[group]) for _ in range(size)]
        for moment in TestMoment.select():
            analysis.save_results(school.teacher, group, moment, {p.id: ("100", "III") for p in pupils})
        with count_queries() as queries:
            response = client.get(f"/groepen/{group.id}/analyse")
        assert (
            response.status_code == 200 and response.get_data(as_text=True).count('class="level level-2"') == 6 * size
        )
        counts.append(len(queries))
    assert counts[0] == counts[1]
