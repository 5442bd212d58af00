"""The Groepsnotities pages and the note search (web/group_notes.py), through the test client."""

import re

import pytest

from models import Note, NoteCategory
from services import notes
from tests.support.schools import build_school


@pytest.fixture
def school(database):
    return build_school()


def test_a_teacher_writes_a_note_about_a_pupil_and_every_teacher_reads_it(school, client, auth):
    auth.login(school.teacher.login)
    category = NoteCategory.get(name="leerlingbespreking")
    response = auth.post(
        f"/groepen/{school.group.id}/notities",
        {"tekst": "Anna leest sneller dan verwacht", "categorie": category.id, "leerling": school.anna.id},
    )
    assert response.status_code == 303
    note = Note.get()
    assert (note.pupil_id, note.category_id, note.author_id) == (school.anna.id, category.id, school.teacher.id)
    auth.logout()
    auth.login(school.other_teacher.login)
    page = client.get(f"/groepen/{school.group.id}/notities").get_data(as_text=True)
    assert "Anna leest sneller dan verwacht" in page and "leerlingbespreking" in page
    assert "Wijzigen" not in page  # only the author changes a note
    pupil_page = client.get(f"/leerlingen/{school.anna.id}").get_data(as_text=True)
    assert "Anna leest sneller dan verwacht" in pupil_page  # the pupil's page lists the notes about them


def test_a_refused_note_keeps_its_text_and_writes_nothing(school, client, auth):
    auth.login(school.teacher.login)
    response = auth.post(f"/groepen/{school.group.id}/notities", {"tekst": "Over Cas", "leerling": school.cas.id})
    assert response.status_code == 303 and "tekst=Over+Cas" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Deze leerling zit niet in deze groep." in page and ">Over Cas</textarea>" in page
    assert not Note.select().exists()


def test_note_text_is_escaped_everywhere_it_shows(school, client, auth):
    notes.write_note(school.teacher, school.group, '<script>alert("x")</script> tafels', tags="<b>vet</b>")
    auth.login(school.coach.login)
    for url in (f"/groepen/{school.group.id}/notities", "/notities/zoeken?zoek=tafels"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "&lt;script&gt;alert" in page
        assert "<b>vet</b>" not in page


def test_posting_needs_the_csrf_token(school, client, auth):
    auth.login(school.teacher.login)
    assert client.post(f"/groepen/{school.group.id}/notities", data={"tekst": "Zonder token"}).status_code == 400
    note = notes.write_note(school.teacher, school.group, "Eerste")
    assert client.post(f"/notities/{note.id}/verwijderen").status_code == 400
    assert client.post(f"/notities/{note.id}/wijzigen", data={"tekst": "Anders"}).status_code == 400
    assert [n.body for n in Note.select()] == ["Eerste"]


def test_the_author_edits_and_removes_a_note(school, client, auth):
    note = notes.write_note(school.teacher, school.group, "Eerste versie")
    auth.login(school.teacher.login)
    form = client.get(f"/notities/{note.id}/wijzigen").get_data(as_text=True)
    assert ">Eerste versie</textarea>" in form
    response = auth.post(f"/notities/{note.id}/wijzigen", {"tekst": ""})
    assert response.status_code == 400 and "Schrijf eerst iets" in response.get_data(as_text=True)
    assert auth.post(f"/notities/{note.id}/wijzigen", {"tekst": "Tweede versie"}).status_code == 303
    assert Note.get_by_id(note.id).body == "Tweede versie"
    assert auth.post(f"/notities/{note.id}/verwijderen").status_code == 303
    assert not Note.select().exists()


def test_the_search_finds_a_note_by_a_word_and_filters_by_group_and_pupil(school, client, auth):
    notes.write_note(school.teacher, school.group, "Bram oefent de tafels met rekenmuurtjes", pupil=school.bram)
    notes.write_note(school.other_teacher, school.other_group, "Cas rekent de tafels vlot")
    auth.login(school.coach.login)
    page = client.get("/notities/zoeken?zoek=rekenmuur").get_data(as_text=True)
    assert "1 notitie gevonden" in page and "Bram oefent de tafels" in page and "Cas rekent" not in page
    page = client.get(f"/notities/zoeken?zoek=tafels&groep={school.other_group.id}").get_data(as_text=True)
    assert "Cas rekent de tafels vlot" in page and "Bram oefent" not in page
    page = client.get(f"/notities/zoeken?leerling={school.bram.id}").get_data(as_text=True)
    assert "Alleen notities over <strong>Bram Bakker</strong>" in page and "Cas rekent" not in page
    page = client.get("/notities/zoeken?zoek=aardrijkskunde").get_data(as_text=True)
    assert "Niets gevonden" in page
    assert client.get("/notities/zoeken?groep=abc").status_code == 400


@pytest.mark.parametrize("who", ["anna", "parent", "assistant"])
def test_pupils_parents_and_assistants_never_see_notes(school, client, auth, who):
    notes.write_note(school.teacher, school.group, "Geheime overdracht over Anna", pupil=school.anna)
    auth.login(school[who].login)
    for url in (f"/groepen/{school.group.id}/notities", "/notities/zoeken?zoek=overdracht"):
        response = client.get(url)
        assert response.status_code == 403 and "Geheime overdracht" not in response.get_data(as_text=True)
    for url in ("/", "/mijn-plan", f"/mijn-kinderen/{school.anna.id}", f"/leerlingen/{school.anna.id}"):
        assert "Geheime overdracht" not in client.get(url, follow_redirects=True).get_data(as_text=True)


def test_the_profile_links_to_what_the_user_may_open(school, client, auth):
    auth.login(school.assistant.login)
    page = client.get(f"/groepen/{school.group.id}").get_data(as_text=True)
    assert "Groepsdocumenten" in page and "Groepsnotities" not in page
    auth.logout()
    auth.login(school.teacher.login)
    page = client.get(f"/groepen/{school.group.id}").get_data(as_text=True)
    assert re.search(r"Groepsnotities.*Groepsdocumenten.*Groepsanalyse.*Groepsbespreking.*Groepsplan", page, re.S)
