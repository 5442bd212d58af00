"""The "Importeren" screens through the test client: template, upload, preview, confirm, result; admins only.

(Named apart from tests/services/test_imports.py: test modules are collected by basename.)
"""

import base64
import io
import os
import re
import stat
import time

import openpyxl
import pytest

from models import AuditLog, GroupMember, User
from services import passwords
from tests.support import xlsx_files as files
from tests.support.auth import AuthActions
from tests.support.factories import make_admin, make_group, make_parent, make_pupil, make_teacher

URL = "/admin/imports"
GOOD = files.xlsx(
    [
        files.PUPIL_HEADERS,
        ["sanne@leerling.nl", "Sanne", "de", "Vries", 4, "Groep 4", None],
        ["daan@leerling.nl", "Daan", "", "Öztürk", 5, None, "gekozen-wachtwoord"],
        ["fout@leerling.nl", "Fout", "", "Niveau", "vier", None, None],
    ]
)


def upload(auth, data=GOOD, kind="pupils", filename="leerlingen.xlsx"):
    return auth.post(
        f"{URL}/preview/", {"kind": kind, "file": (io.BytesIO(data), filename)}, content_type="multipart/form-data"
    )


def token_of(response):
    found = re.search(r'<input[^>]*name="token"[^>]*>', response.get_data(as_text=True)).group(0)
    return re.search(r'value="([^"]+)"', found).group(1)


def pending_files(app):
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "imports")
    return os.listdir(folder) if os.path.isdir(folder) else []


@pytest.fixture
def admin(app):
    return make_admin()


@pytest.fixture
def signed_in(app, auth, admin):
    assert auth.login(admin.login).status_code == 302
    make_group("Groep 4")
    return admin


@pytest.mark.parametrize(
    "kind, first_header",
    [("pupils", "E-mail (inlognaam)"), ("parents", "E-mail (inlognaam)"), ("teachers", "E-mail (inlognaam)")],
)
def test_the_template_downloads_as_a_valid_xlsx(client, signed_in, kind, first_header):
    response = client.get(f"{URL}/template/{kind}.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert sheet["A1"].value == first_header


def test_an_unknown_template_is_not_found(client, signed_in):
    assert client.get(f"{URL}/template/admins.xlsx").status_code == 404


def test_the_index_offers_templates_and_the_upload_form(client, signed_in):
    page = client.get(f"{URL}/").get_data(as_text=True)
    assert "Gebruikers importeren" in page
    assert f"{URL}/template/pupils.xlsx" in page and 'enctype="multipart/form-data"' in page
    assert "Importeren" in client.get("/admin/").get_data(as_text=True)  # in the menu


def test_upload_preview_confirm_and_result(app, client, auth, signed_in):
    before = User.select().count()
    response = upload(auth)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Er is nog niets opgeslagen" in page
    assert "sanne@leerling.nl" in page and "daan@leerling.nl" in page
    assert "Rij 4" not in page  # rows are shown in a table: row, column, reason
    assert re.search(r"<td>4</td><td>Niveau</td><td>&#39;vier&#39; is geen getal", page)
    assert User.select().count() == before  # the preview wrote nothing
    assert len(pending_files(app)) == 1
    kept = os.path.join(app.config["UPLOAD_FOLDER"], "imports", pending_files(app)[0])
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600

    token = token_of(response)
    response = auth.post(f"{URL}/apply/", {"token": token})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "Aangemaakt: <strong>2</strong>" in page and "Niet gelukt: <strong>1</strong>" in page
    sanne = User.get(User.login == "sanne@leerling.nl")
    assert GroupMember.select().where(GroupMember.pupil == sanne).count() == 1
    password = re.search(r"<td>sanne@leerling.nl</td><td><code>([^<]+)</code>", page).group(1)
    assert passwords.verify_password(sanne.password_hash, password)
    assert "gekozen-wachtwoord" not in page  # only generated passwords are shown
    uri = re.search(
        r'href="data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,([^"]+)"', page
    ).group(1)
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(uri))).worksheets[0]
    assert [c.value for c in sheet[2]] == ["Sanne de Vries", "sanne@leerling.nl", password]
    assert pending_files(app) == []  # the upload is gone once applied
    assert AuditLog.select().where(AuditLog.action == "users_imported").count() == 1

    # Confirming again finds nothing: the passwords are not shown twice and nothing is written twice.
    response = auth.post(f"{URL}/apply/", {"token": token})
    assert response.status_code == 302
    assert User.select().count() == before + 2


def test_a_reload_of_the_preview_shows_the_pending_upload_again(client, auth, signed_in):
    token = token_of(upload(auth))
    response = client.get(f"{URL}/preview/")
    assert response.status_code == 200 and token_of(response) == token
    assert "sanne@leerling.nl" in response.get_data(as_text=True)


def test_a_bad_file_is_refused_with_its_reason_and_nothing_is_kept(app, client, auth, signed_in):
    before = User.select().count()
    response = upload(auth, data=files.macro_workbook(), filename="macro.xlsm")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "macro.xlsm is niet geïmporteerd" in page and "macro&#39;s (.xlsm)" in page
    assert pending_files(app) == [] and User.select().count() == before


def test_a_missing_column_names_the_column(client, auth, signed_in):
    data = files.xlsx([files.PUPIL_HEADERS[:4], ["a@leerling.nl", "A", "", "B"]])
    page = upload(auth, data=data).get_data(as_text=True)
    assert "De kolommen &#39;Niveau&#39;, &#39;Stamgroep&#39;, &#39;Wachtwoord&#39; ontbreken" in page


def test_no_file_chosen_says_so(client, auth, signed_in):
    response = auth.post(f"{URL}/preview/", {"kind": "pupils"}, content_type="multipart/form-data")
    assert "Kies een .xlsx-bestand." in response.get_data(as_text=True)


def test_cancel_deletes_the_upload(app, client, auth, signed_in):
    upload(auth)
    assert len(pending_files(app)) == 1
    assert auth.post(f"{URL}/cancel/").status_code == 302
    assert pending_files(app) == []
    assert auth.post(f"{URL}/apply/", {"token": "x" * 43}).status_code == 302
    assert not User.select().where(User.login == "sanne@leerling.nl").exists()


def test_a_new_upload_replaces_the_pending_one_and_old_files_are_swept(app, client, auth, signed_in):
    upload(auth)
    (first,) = pending_files(app)
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "imports")
    abandoned = os.path.join(folder, "A" * 43 + ".xlsx")
    with open(abandoned, "wb") as fh:
        fh.write(b"left behind")
    os.utime(abandoned, (time.time() - 4 * 3600,) * 2)
    upload(auth)
    (second,) = pending_files(app)
    assert second != first


def test_another_admin_cannot_confirm_someone_elses_upload(app, client, auth, signed_in):
    token = token_of(upload(auth))
    other_client = app.test_client()
    other = AuthActions(app, other_client)
    other.login(make_admin().login)
    response = other.post(f"{URL}/apply/", {"token": token})
    assert response.status_code == 302
    assert not User.select().where(User.login == "sanne@leerling.nl").exists()
    assert other_client.get(f"{URL}/preview/").status_code == 302  # nothing pending in that session
    # The owner still can.
    assert auth.post(f"{URL}/apply/", {"token": token}).status_code == 200


def test_the_wrong_token_confirms_nothing(client, auth, signed_in):
    upload(auth)
    assert auth.post(f"{URL}/apply/", {"token": "../../etc/passwd"}).status_code == 302
    assert not User.select().where(User.login == "sanne@leerling.nl").exists()


def test_csrf_token_is_required(app, client, auth, signed_in):
    response = client.post(
        f"{URL}/preview/",
        data={"kind": "pupils", "file": (io.BytesIO(GOOD), "a.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and pending_files(app) == []
    token = token_of(upload(auth))
    assert client.post(f"{URL}/apply/", data={"token": token}).status_code == 400
    assert client.post(f"{URL}/cancel/").status_code == 400
    assert not User.select().where(User.login == "sanne@leerling.nl").exists()
    assert len(pending_files(app)) == 1


SCREENS = [
    ("GET", "/"),
    ("GET", "/template/pupils.xlsx"),
    ("GET", "/preview/"),
    ("POST", "/preview/"),
    ("POST", "/apply/"),
    ("POST", "/cancel/"),
]


@pytest.mark.parametrize("make_user", [make_teacher, make_pupil, make_parent], ids=["teacher", "pupil", "parent"])
def test_teachers_pupils_and_parents_are_refused(app, client, auth, make_user):
    user = make_user()
    assert auth.login(user.login).status_code == 302
    for method, path in SCREENS:
        if method == "GET":
            response = client.get(URL + path)
        else:
            response = auth.post(
                URL + path,
                {"kind": "pupils", "token": "x" * 43, "file": (io.BytesIO(GOOD), "a.xlsx")},
                content_type="multipart/form-data",
            )
        assert response.status_code == 403, (method, path)
    assert not User.select().where(User.login == "sanne@leerling.nl").exists()
    assert pending_files(app) == []


def test_anonymous_users_go_to_the_login_page(app, client, auth):
    for method, path in SCREENS:
        if method == "GET":
            response = client.get(URL + path)
        else:
            response = auth.post(
                URL + path, {"kind": "pupils", "file": (io.BytesIO(GOOD), "a.xlsx")}, content_type="multipart/form-data"
            )
        assert response.status_code == 302 and "/login" in response.headers["Location"], (method, path)
    assert pending_files(app) == []
