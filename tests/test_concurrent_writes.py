"""Two connections writing at once: a transaction that reads and then writes must not fail because another
connection committed in between (on SQLite: "database is locked"; database.bind_database begins transactions
IMMEDIATE so that the second writer waits for the first instead)."""

import threading

import models
from models import ChatMessage
from services import chat
from tests.support.factories import make_group, make_pupil, make_teacher


def test_a_read_then_write_transaction_survives_a_concurrent_commit(database, database_url):
    teacher = make_teacher(first_name="Ans")
    group = make_group(teachers=[teacher], pupils=[make_pupil()])
    room = f"group:{group.id}"
    other_done, failures = threading.Event(), []

    def other_writer():
        try:
            with models.db.connection_context():
                chat.post_message(teacher, room, "van de andere verbinding")
        except Exception as error:
            failures.append(error)
        finally:
            other_done.set()

    with models.db.atomic():
        chat.can_write(teacher, room)  # the reads a post does first
        thread = threading.Thread(target=other_writer)
        thread.start()
        other_done.wait(0.5)  # on SQLite it waits for this transaction; elsewhere it may finish now
        chat.store_message(teacher, room, "van deze verbinding")
    thread.join(timeout=30)

    assert failures == []
    assert sorted(m.body for m in ChatMessage.select()) == ["van de andere verbinding", "van deze verbinding"]
