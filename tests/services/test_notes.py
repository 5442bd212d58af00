"""Group notes (services.notes) and finding them again (services.note_search), on the test database's own
full-text search: SQLite FTS5, or PostgreSQL's tsvector with the Dutch configuration (TEST_DATABASE_URL)."""

import pytest
from peewee import PostgresqlDatabase

import models
from models import AuditLog, Note, NoteCategory
from services import note_search, notes
from services.errors import DomainError, PermissionDenied
from tests.support.factories import make_group, make_pupil
from tests.support.schools import build_school


@pytest.fixture
def school(database):
    return build_school()


def category(name):
    return NoteCategory.get(NoteCategory.name == name)


def test_a_teacher_writes_a_note_about_a_pupil_of_the_group(school):
    note = notes.write_note(
        school.teacher,
        school.group,
        "  Anna leest sneller dan verwacht.  ",
        category("leerlingbespreking"),
        school.anna,
    )
    assert (note.body, note.pupil.id, note.author.id) == (
        "Anna leest sneller dan verwacht.",
        school.anna.id,
        school.teacher.id,
    )
    assert [n.id for n in notes.group_notes(school.other_teacher, school.group)] == [note.id]  # every teacher reads
    assert [n.id for n in notes.pupil_notes(school.coach, school.anna)] == [note.id]
    assert AuditLog.select().where(AuditLog.action == "note_written").count() == 1


def test_any_teacher_writes_but_pupils_parents_and_assistants_neither_write_nor_read(school):
    notes.write_note(school.other_teacher, school.group, "Overdracht: gym op dinsdag")  # not the group's teacher
    for outsider in (school.anna, school.parent, school.assistant):
        with pytest.raises(PermissionDenied):
            notes.write_note(outsider, school.group, "Mag ik dit?")
        with pytest.raises(PermissionDenied):
            notes.group_notes(outsider, school.group)
        with pytest.raises(PermissionDenied):
            note_search.search(outsider, "gym")
    assert Note.select().count() == 1


@pytest.mark.parametrize(
    "body, pupil, category_id, message",
    [
        ("", None, None, "Schrijf eerst iets"),
        ("x" * 5001, None, None, "hoogstens 5000"),
        ("Over Cas", "cas", None, "zit niet in deze groep"),
        ("Onbekende categorie", None, 999999, "categorie uit de lijst"),
    ],
)
def test_bad_input_is_refused_whole(school, body, pupil, category_id, message):
    with pytest.raises(DomainError, match=message):
        notes.write_note(school.teacher, school.group, body, category_id, school[pupil] if pupil else None)
    assert not Note.select().exists()


def test_an_archived_groups_notes_are_read_only(school):
    note = notes.write_note(school.teacher, school.group, "Laatste overdracht")
    models.Group.update(archived=True).where(models.Group.id == school.group.id).execute()
    with pytest.raises(PermissionDenied):
        notes.write_note(school.teacher, school.group.id, "Nog een")
    with pytest.raises(PermissionDenied):
        notes.edit_note(school.teacher, note, "Anders")
    assert [n.body for n in notes.group_notes(school.coach, school.group)] == ["Laatste overdracht"]


def test_only_the_author_edits_and_the_author_or_ib_er_removes(school):
    note = notes.write_note(school.teacher, school.group, "Eerste versie", tags="lezen, groep")
    with pytest.raises(PermissionDenied):
        notes.edit_note(school.other_teacher, note, "Overschreven")
    with pytest.raises(PermissionDenied):
        notes.edit_note(school.coach, note, "Overschreven")
    edited = notes.edit_note(school.teacher, note, "Tweede versie", category("overdracht"), school.bram, "lezen")
    assert (edited.body, edited.pupil_id, edited.tags) == ("Tweede versie", school.bram.id, "lezen")
    assert edited.updated_at is not None
    with pytest.raises(PermissionDenied):
        notes.remove_note(school.other_teacher, note)
    notes.remove_note(school.coach, note)
    assert not Note.select().exists()


# --- search -------------------------------------------------------------------------------------------------


def postgres():
    return isinstance(models.db.obj, PostgresqlDatabase)


@pytest.fixture
def written(school):
    leerling = category("leerlingbespreking")
    school["tables"] = notes.write_note(
        school.teacher, school.group, "Bram oefent de tafels van drie met de rekenmuurtjes.", pupil=school.bram
    )
    school["reading"] = notes.write_note(
        school.teacher, school.group, "Anna leest sneller dan verwacht; bespreken met de IB-er.", leerling, school.anna
    )
    school["handover"] = notes.write_note(
        school.other_teacher,
        school.other_group,
        "Overdracht: de kinderen rekenden hard aan de breuken.",
        tags="gymzaal",
    )
    return school


def found(actor, *args, **kwargs):
    return [n.id for n in note_search.search(actor, *args, **kwargs).notes]


def test_a_note_is_found_by_a_word_in_its_text_or_keywords(written):
    assert found(written.coach, "tafels") == [written.tables.id]
    assert found(written.coach, "TAFELS drie") == [written.tables.id]  # every word, any case
    assert found(written.coach, "gymzaal") == [written.handover.id]  # in the keywords
    assert found(written.coach, "tafels sneller") == []


def test_words_match_as_prefixes_and_postgres_stems_dutch(written):
    assert set(found(written.coach, "reken")) == {written.tables.id, written.handover.id}  # rekenmuurtjes, rekenden
    if postgres():
        assert found(written.coach, "bespreking") == [written.reading.id]  # bespreken and bespreking: one stem
    else:
        assert found(written.coach, "bespre") == [written.reading.id]


def test_search_filters_by_category_group_and_pupil(written):
    leerling = category("leerlingbespreking")
    assert found(written.coach, category=leerling.id) == [written.reading.id]
    assert set(found(written.coach, group=written.group.id)) == {written.tables.id, written.reading.id}
    assert found(written.coach, "rekenmuurtjes", pupil=written.bram.id) == [written.tables.id]
    assert found(written.coach, "rekenmuurtjes", pupil=written.anna.id) == []
    assert found(written.coach, "breuken", group=written.group.id) == []


def test_search_text_is_never_query_syntax(written):
    for text in ['tafels" OR "sneller', "tafels*)", "NEAR(tafels drie)", "'; DROP TABLE note; --", "tafels & !drie"]:
        note_search.search(written.coach, text)  # no error from the database
    assert found(written.coach, 'tafels" OR "sneller') == []  # read as the words tafels, or, sneller
    assert Note.select().count() == 3


def test_an_edited_or_removed_note_is_found_as_it_is_now(written):
    notes.edit_note(written.teacher, written.tables, "Bram oefent nu de breuken.", pupil=written.bram)
    assert found(written.coach, "tafels") == []
    assert written.tables.id in found(written.coach, "breuken")
    notes.remove_note(written.teacher, written.tables)
    assert written.tables.id not in found(written.coach, "breuken")


def test_notes_deleted_by_a_cascade_leave_the_index(written):
    models.User.get_by_id(written.bram.id).delete_instance(recursive=False)  # cascades to the notes about Bram
    assert found(written.coach, "rekenmuurtjes") == []


def test_the_newest_first_without_words_and_a_limit_with_more(school):
    group = make_group("Groep 3b", year_level=3, teachers=[school.teacher])
    make_pupil(level=3, groups=[group])
    written = [notes.write_note(school.teacher, group, f"Notitie nummer {n} over lezen").id for n in range(5)]
    result = note_search.search(school.coach, limit=3)
    assert [n.id for n in result.notes] == written[::-1][:3] and result.more
    result = note_search.search(school.coach, "lezen", limit=5)
    assert len(result.notes) == 5 and not result.more
