"""Read-only records (sync runs, job runs, audit log) and chat messages, which can be hidden."""

import io

import openpyxl
import pytest

from models import AuditLog, ChatMessage, JobRun, LasSyncRun
from tests.support.factories import make_admin, make_group, make_pupil


@pytest.fixture
def admin(auth):
    admin = make_admin()
    auth.login(admin.login)
    return admin


def test_runs_and_audit_are_read_only(client, auth, admin):
    run = LasSyncRun.create(source="upload", filename="export.xml", outcome="failed", errors="Regel 3: <fout>")
    job = JobRun.create(job="period_rollover", outcome="ok")
    AuditLog.create(actor=admin, action="test_action", detail="iets")
    assert b"export.xml" in client.get("/admin/las-runs/").data
    details = client.get(f"/admin/las-runs/details/?id={run.id}").get_data(as_text=True)
    assert "Regel 3: &lt;fout&gt;" in details
    job_page = client.get(f"/admin/job-runs/details/?id={job.id}").get_data(as_text=True)
    assert "Periodewissel" in job_page and "gelukt" in job_page and "period_rollover" not in job_page
    assert b"test_action" in client.get("/admin/audit-log/?search=test_action").data
    for url in ("las-runs", "job-runs", "audit-log"):
        assert client.get(f"/admin/{url}/new/").status_code == 302
        assert client.get(f"/admin/{url}/edit/?id=1").status_code == 302
    auth.post("/admin/audit-log/delete/", {"id": "1"})
    auth.post("/admin/audit-log/action/", {"action": "delete", "rowid": ["1"]})
    auth.post("/admin/las-runs/delete/", {"id": str(run.id)})
    assert AuditLog.select().where(AuditLog.action == "test_action").exists()
    assert LasSyncRun.select().count() == 1


def test_hide_a_chat_message(client, auth, admin):
    pupil = make_pupil()
    group = make_group(pupils=[pupil])
    message = ChatMessage.create(
        room=f"group:{group.id}", room_kind="group", group=group, author=pupil, body="Iets onaardigs"
    )
    other = ChatMessage.create(room=f"group:{group.id}", room_kind="group", group=group, author=pupil, body="Hoi")
    assert b"Iets onaardigs" in client.get("/admin/chat-messages/").data
    auth.post("/admin/chat-messages/action/", {"action": "hide", "rowid": [str(message.id)]})
    message = ChatMessage.get_by_id(message.id)
    assert message.hidden and message.hidden_by_id == admin.id and message.hidden_at is not None
    assert not ChatMessage.get_by_id(other.id).hidden
    line = AuditLog.get(AuditLog.action == "chat_message_hidden")
    assert (line.actor_id, line.entity, line.entity_id) == (admin.id, "ChatMessage", message.id)
    auth.post("/admin/chat-messages/action/", {"action": "unhide", "rowid": [str(message.id)]})
    assert not ChatMessage.get_by_id(message.id).hidden
    # messages are never edited or deleted here
    assert client.get(f"/admin/chat-messages/edit/?id={message.id}").status_code == 302
    auth.post("/admin/chat-messages/delete/", {"id": str(message.id)})
    assert ChatMessage.select().count() == 2
    # filter on the author's login (a field of the related model)
    view = next(v for v in client.application.extensions["admin"][0]._views if v.endpoint == "chat_messages")
    index = next(i for i, f in enumerate(view._filters) if str(f.name) == "Gebruiker / Inlognaam")
    assert b"Hoi" in client.get(f"/admin/chat-messages/?flt0_{index}={pupil.login}").data


def test_export_audit_log_with_filters(client, admin):
    AuditLog.create(actor=admin, action="alpha", detail="=SUM(A1:A2)")
    AuditLog.create(actor=admin, action="beta", detail="gewoon")
    response = client.get("/admin/audit-log/export/xlsx/?search=alpha")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Tijdstip", "Door", "Handeling")
    assert len(rows) == 2 and rows[1][2] == "alpha"
    assert not str(rows[1][5]).startswith("=")  # a formula is written as text
