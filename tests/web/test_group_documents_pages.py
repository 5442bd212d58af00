"""The Groepsdocument pages (web/group_documents.py): upload, list, download, remove; a group's document is
never served to anyone outside the school's staff, whatever the URL."""

import io
import os

import pytest

from models import Document
from services import group_documents
from tests.support.schools import build_school

PDF = b"%PDF-1.4\n% Groepsplan rekenen, vertrouwelijk 7f3a9c\n%%EOF\n"
SECRET = b"vertrouwelijk 7f3a9c"


class Upload:
    def __init__(self, filename, data):
        self.filename, self.stream = filename, io.BytesIO(data)


@pytest.fixture
def school(database, app):
    school = build_school()
    school["folder"] = app.config["UPLOAD_FOLDER"]
    school["document"] = group_documents.upload(
        school.teacher, school.group, Upload("groepsplan.pdf", PDF), school.folder, "Groepsplan rekenen"
    )
    return school


def url_of(school, document=None):
    return f"/groepen/{school.group.id}/documenten/{(document or school.document).id}"


def test_a_teacher_uploads_and_staff_download_the_file_as_an_attachment(school, client, auth):
    auth.login(school.teacher.login)
    response = auth.post(
        f"/groepen/{school.group.id}/documenten",
        {"bestand": (io.BytesIO(PDF), "overdracht.pdf"), "titel": "Overdracht"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    page = client.get(f"/groepen/{school.group.id}/documenten").get_data(as_text=True)
    assert "Overdracht" in page and "Groepsplan rekenen" in page
    auth.logout()
    for reader in (school.assistant, school.other_teacher, school.admin):
        auth.login(reader.login)
        response = client.get(url_of(school))
        assert response.status_code == 200 and response.data == PDF
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        response.close()
        auth.logout()


@pytest.mark.parametrize(
    "filename, data, message",
    [
        ("script.html", b"<script>alert(1)</script>", "Dit soort bestand kan niet gedeeld worden"),
        ("nep.pdf", b"MZ\x90\x00 a program", "De inhoud van dit bestand past niet bij .pdf"),
        ("groot.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "te groot: een bestand bij een groep mag hoogstens 10 MB"),
    ],
)
def test_a_forbidden_upload_gets_a_dutch_message_and_nothing_is_kept(school, client, auth, filename, data, message):
    auth.login(school.teacher.login)
    before = sorted(os.listdir(school.folder))
    response = auth.post(
        f"/groepen/{school.group.id}/documenten",
        {"bestand": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert message in response.get_data(as_text=True)
    assert Document.select().count() == 1 and sorted(os.listdir(school.folder)) == before


def test_a_file_name_with_path_tricks_is_refused(school, client, auth):
    auth.login(school.teacher.login)
    # Werkzeug keeps only the last part of a name with slashes; a name with ".." or a backslash reaches us whole.
    for name in ("..\\..\\instance\\doelpunt.pdf", "....pdf", "a..b.pdf"):
        response = auth.post(
            f"/groepen/{school.group.id}/documenten",
            {"bestand": (io.BytesIO(PDF), name)},
            content_type="multipart/form-data",
            follow_redirects=True,
        )
        assert "De bestandsnaam bevat een map of tekens die niet mogen" in response.get_data(as_text=True), name
    assert Document.select().count() == 1


def test_an_upload_over_the_servers_limit_is_refused_before_it_is_read(school, client, auth, app):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    auth.login(school.teacher.login)
    response = auth.post(
        f"/groepen/{school.group.id}/documenten",
        {"bestand": (io.BytesIO(b"%PDF-" + b"0" * (2 * 1024 * 1024)), "groot.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413 and "Het bestand is te groot." in response.get_data(as_text=True)
    assert Document.select().count() == 1


def test_uploading_and_removing_need_the_csrf_token(school, client, auth):
    auth.login(school.teacher.login)
    response = client.post(
        f"/groepen/{school.group.id}/documenten",
        data={"bestand": (io.BytesIO(PDF), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert client.post(url_of(school) + "/verwijderen").status_code == 400
    assert Document.select().count() == 1


def test_the_teacher_removes_a_document_and_its_file(school, client, auth):
    auth.login(school.teacher.login)
    stored = os.path.join(school.folder, school.document.stored_name)
    assert auth.post(url_of(school) + "/verwijderen").status_code == 303
    assert not Document.select().exists() and not os.path.exists(stored)
    assert client.get(url_of(school)).status_code == 404


def test_a_document_title_is_escaped(school, client, auth):
    group_documents.upload(
        school.teacher, school.group, Upload("x.pdf", PDF), school.folder, '<img src=x onerror="a()">'
    )
    auth.login(school.assistant.login)
    page = client.get(f"/groepen/{school.group.id}/documenten").get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x" in page


def _every_get_url(app, ids):
    """Every GET rule of the app, each argument filled with each of `ids` (and the group id for a group)."""
    from flask import url_for

    urls = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        for value in ids:
            values = {
                name: (value if "group" not in name else ids[0]) if name != "room_key" else f"group:{ids[0]}"
                for name in rule.arguments
            }
            if "filename" in rule.arguments:
                values["filename"] = "x"
            try:
                with app.test_request_context():
                    urls.add(url_for(rule.endpoint, **values))
            except Exception:
                continue
    return sorted(urls)


@pytest.mark.parametrize("who", [None, "anna", "bram", "parent", "cas", "other_parent"])
def test_a_document_is_never_served_outside_staff_whatever_the_url(school, client, auth, app, who):
    chat_copy = Document.create(  # the same file reached as a chat file would be
        kind="chat", title="x", filename="x.pdf", stored_name=school.document.stored_name, group=school.group
    )
    if who:
        assert auth.login(school[who].login).status_code in (302, 303)
    ids = [school.group.id, school.document.id, chat_copy.id]
    urls = _every_get_url(app, ids) + [
        f"/static/../{os.path.basename(school.folder)}/{school.document.stored_name}",
        f"/uploads/{school.document.stored_name}",
        f"/instance/uploads/{school.document.stored_name}",
        f"/groepen/{school.other_group.id}/documenten/{school.document.id}",
    ]
    assert url_of(school) in urls
    for url in urls:
        response = client.get(url)
        assert SECRET not in response.data, (who, url, response.status_code)
        response.close()
