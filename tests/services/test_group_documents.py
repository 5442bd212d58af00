"""Group documents (services.group_documents): the chat's file checks, outside the web root, staff only."""

import io
import os

import pytest

from models import Document, Group
from services import group_documents
from services.errors import DomainError, NotFound, PermissionDenied
from tests.support.schools import build_school

PDF = b"%PDF-1.4\n% a school's plan\n%%EOF\n"


class Upload:
    """What a web form hands over: a file name and a stream."""

    def __init__(self, filename, data):
        self.filename = filename
        self.stream = io.BytesIO(data)


@pytest.fixture
def school(database, tmp_path):
    school = build_school()
    school["folder"] = str(tmp_path / "uploads")
    return school


def stored_files(school):
    return sorted(os.listdir(school.folder)) if os.path.isdir(school.folder) else []


def test_a_teacher_keeps_a_file_with_the_group_and_staff_list_it(school):
    document = group_documents.upload(school.teacher, school.group, Upload("groepsplan.pdf", PDF), school.folder)
    assert (document.kind, document.title, document.content_type, document.size) == (
        "group",
        "groepsplan.pdf",
        "application/pdf",
        len(PDF),
    )
    with open(os.path.join(school.folder, document.stored_name), "rb") as fh:
        assert fh.read() == PDF
    for reader in (school.assistant, school.other_teacher, school.admin):
        assert [d.id for d in group_documents.documents(reader, school.group)] == [document.id]
    assert group_documents.document_of(school.assistant, school.group, document.id).id == document.id


@pytest.mark.parametrize(
    "filename, data, message",
    [
        ("rooster.exe", b"MZ...", "Dit soort bestand"),
        ("plan.pdf", b"<html><script>alert(1)</script>", "past niet bij .pdf"),
        ("groot.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "te groot"),
        ("../../etc/passwd.pdf", PDF, "map of tekens"),
        ("..\\plan.pdf", PDF, "map of tekens"),
        ("leeg.pdf", b"", "leeg"),
    ],
)
def test_a_forbidden_file_is_refused_and_nothing_is_kept(school, filename, data, message):
    with pytest.raises(DomainError, match=message):
        group_documents.upload(school.teacher, school.group, Upload(filename, data), school.folder)
    assert not Document.select().exists()
    assert stored_files(school) == []


def test_only_who_manages_the_group_adds_or_removes_and_pupils_and_parents_never_read(school):
    for outsider in (school.other_teacher, school.assistant, school.anna, school.parent):
        with pytest.raises(PermissionDenied):
            group_documents.upload(outsider, school.group, Upload("x.pdf", PDF), school.folder)
    document = group_documents.upload(school.coach, school.group, Upload("x.pdf", PDF), school.folder)
    for outsider in (school.anna, school.parent):
        with pytest.raises(PermissionDenied):
            group_documents.documents(outsider, school.group)
        with pytest.raises(PermissionDenied):
            group_documents.document_of(outsider, school.group, document.id)
    with pytest.raises(PermissionDenied):
        group_documents.remove(school.other_teacher, school.group, document.id, school.folder)
    group_documents.remove(school.teacher, school.group, document.id, school.folder)
    assert not Document.select().exists() and stored_files(school) == []


def test_a_document_is_found_only_through_its_own_group(school):
    document = group_documents.upload(school.teacher, school.group, Upload("x.pdf", PDF), school.folder)
    chat_file = Document.create(kind="chat", title="y", stored_name="chat-y.pdf", group=school.group)
    with pytest.raises(NotFound):
        group_documents.document_of(school.teacher, school.other_group, document.id)
    with pytest.raises(NotFound):
        group_documents.document_of(school.teacher, school.group, chat_file.id)


def test_an_archived_groups_documents_stay_readable_and_unchanged(school):
    document = group_documents.upload(school.teacher, school.group, Upload("x.pdf", PDF), school.folder)
    Group.update(archived=True).where(Group.id == school.group.id).execute()
    assert [d.id for d in group_documents.documents(school.teacher, school.group)] == [document.id]
    for actor in (school.teacher, school.coach):
        with pytest.raises(PermissionDenied):
            group_documents.upload(actor, school.group, Upload("y.pdf", PDF), school.folder)
        with pytest.raises(PermissionDenied):
            group_documents.remove(actor, school.group, document.id, school.folder)
