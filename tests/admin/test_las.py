"""The "LAS-koppeling" admin screen: admins only, upload → recorded run → listed, settings read-only."""

import io
import json

import pytest

from models import LasSyncRun, User
from tests.support.edexml import generate
from tests.support.factories import make_admin, make_parent, make_pupil, make_teacher


@pytest.fixture
def las_app(app, tmp_path):
    app.config.update(
        LAS_SYNC_FOLDER=str(tmp_path / "las"),
        LAS_SYNC_URL="https://lasserver.example/export?token=geheim",
        LAS_SYNC_PARENTS=False,
        LAS_SYNC_TIME="05:30",
    )
    (tmp_path / "las").mkdir()
    return app


def upload(auth, data, name="export.xml"):
    return auth.post("/admin/las/upload", data={"export": (io.BytesIO(data), name)}, content_type="multipart/form-data")


@pytest.mark.parametrize("make_user", [make_teacher, make_pupil, make_parent])
def test_only_admins(las_app, client, auth, make_user):
    person = make_user()
    auth.login(person.login)
    assert client.get("/admin/las/").status_code == 403
    assert upload(auth, generate(3)).status_code == 403
    assert auth.post("/admin/las/now").status_code == 403
    assert client.get("/admin/las/run/1.json").status_code == 403
    assert LasSyncRun.select().count() == 0 and User.select().count() == 1


def test_anonymous_goes_to_login(las_app, client, auth):
    assert client.get("/admin/las/").status_code == 302
    response = upload(auth, generate(3))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert LasSyncRun.select().count() == 0


def test_settings_are_shown_read_only(las_app, client, auth):
    admin = make_admin()
    auth.login(admin.login)
    page = client.get("/admin/las/").get_data(as_text=True)
    assert "LAS-koppeling" in page and "05:30" in page and "lasserver.example/export" in page
    assert "geheim" not in page  # a token in the URL is not shown
    assert "alleen de systeembeheerder" in page
    # There is no way to change them: the index takes no POST, and no settings route exists.
    assert auth.post("/admin/las/", data={"LAS_SYNC_TIME": "07:00"}).status_code == 405
    assert client.post("/admin/las/settings").status_code in (404, 405)
    assert las_app.config["LAS_SYNC_TIME"] == "05:30"


def test_upload_syncs_and_the_run_is_listed(las_app, client, auth):
    admin = make_admin()
    auth.login(admin.login)
    response = upload(auth, generate(12), "parnassys.xml")
    assert response.status_code == 302 and "/admin/las/run/" in response.headers["Location"]
    run = LasSyncRun.get()
    assert (run.outcome, run.source, run.filename, run.started_by_id) == ("ok", "upload", "parnassys.xml", admin.id)
    assert User.select().where(User.role == "pupil").count() == 12
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "gelukt" in detail and "12 leerlingen aangemaakt" in detail and "Leerling aangemaakt" in detail
    listing = client.get("/admin/las/").get_data(as_text=True)
    assert "parnassys.xml" in listing and "12 leerlingen aangemaakt" in listing
    progress = json.loads(client.get(f"/admin/las/run/{run.id}.json").get_data())
    assert progress["outcome"] == "ok" and progress["progress"] == 100 and not progress["running"]


def test_bad_upload_is_shown_with_its_reason(las_app, client, auth):
    auth.login(make_admin().login)
    response = upload(auth, b"<EDEX><school>", "kapot.xml")
    run = LasSyncRun.get()
    assert run.outcome == "failed"
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "mislukt" in detail and "afgebroken" in detail


def test_upload_needs_csrf_and_a_file(las_app, client, auth):
    auth.login(make_admin().login)
    response = client.post(
        "/admin/las/upload", data={"export": (io.BytesIO(generate(2)), "x.xml")}, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert auth.post("/admin/las/upload").status_code == 302
    assert LasSyncRun.select().count() == 0


def test_running_run_page_refreshes_itself(las_app, client, auth):
    auth.login(make_admin().login)
    run = LasSyncRun.create(source="folder", progress=60)
    page = client.get(f"/admin/las/run/{run.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' in page and "60%" in page


def test_sync_now_from_the_configured_folder(las_app, client, auth, tmp_path):
    auth.login(make_admin().login)
    (tmp_path / "las" / "export.xml").write_bytes(generate(5))
    response = auth.post("/admin/las/now")
    assert response.status_code == 302
    run = LasSyncRun.get()
    assert run.source == "folder" and run.outcome == "ok" and run.filename == "export.xml"
    assert not (tmp_path / "las" / "export.xml").exists()
