"""The signed-in user is read on every request without the columns no page needs (the password hash, the
pupil code's hash, the national pupil number), and saving that row later leaves them untouched."""

from models import User
from services import accounts
from tests.support.databases import QueryLog
from tests.support.factories import make_teacher


def test_a_page_reads_no_password_hash_for_the_signed_in_user(client, auth, database):
    teacher = make_teacher(login="bas@school.test")
    auth.login("bas@school.test")
    with QueryLog() as log:
        assert client.get("/leraar").status_code == 200
    loader = log.statements[0][0]  # the first thing a request does: who is signed in
    assert 'FROM "user"' in loader and '"t1"."role"' in loader
    assert "password_hash" not in loader and "pupil_code_hash" not in loader and "eckid" not in loader
    assert User.get_by_id(teacher.id).password_hash.startswith("$argon2")


def test_saving_the_signed_in_user_keeps_the_columns_it_did_not_read(database):
    teacher = make_teacher(login="bas@school.test")
    stored = User.get_by_id(teacher.id).password_hash
    signed_in = accounts.load_user(str(teacher.id))
    assert signed_in.password_hash is None and signed_in.full_name == teacher.full_name
    signed_in.first_name = "Bastiaan"
    signed_in.save()
    again = User.get_by_id(teacher.id)
    assert again.first_name == "Bastiaan" and again.password_hash == stored
