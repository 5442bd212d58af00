"""What the bot's tests share besides their fixtures (tests/bot/conftest.py): the Application running in a
thread as `python -m chatbot` runs it, a small school, and linking a chat the way a pupil does.

The Application runs in its own thread with its own event loop (initialize, start, start_polling); the test
drives it through the stand-in Telegram API (tests/telegram_stub.py).
"""

import asyncio
import threading

from chatbot.app import build_application
from services import bot
from tests.support.factories import make_goal, make_group, make_pupil, make_teacher, put_on_plan
from tests.support.telegram_stub import TOKEN


class RunningBot:
    """The Application polling the stub from a thread; `run(coroutine)` runs one on its loop."""

    def __init__(self, application):
        self.application = application
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop = None
        self._error = None
        self._thread = threading.Thread(target=self._main, name="bot-under-test", daemon=True)

    def _main(self):
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._serve())
        except BaseException as exc:
            self._error = exc
            self._ready.set()
        finally:
            self.loop.close()

    async def _serve(self):
        self._stop = asyncio.Event()
        application = self.application
        await application.initialize()
        if application.post_init:
            await application.post_init(application)
        await application.start()
        await application.updater.start_polling(
            poll_interval=0, timeout=1, allowed_updates=["message", "edited_message", "callback_query"]
        )
        self._ready.set()
        await self._stop.wait()
        await application.updater.stop()
        await application.stop()
        await application.shutdown()

    def start(self):
        self._thread.start()
        assert self._ready.wait(30), "the bot did not start"
        if self._error:
            raise self._error
        return self

    def run(self, coroutine, timeout=30):
        """Run `coroutine` on the bot's loop (a job function, say) and return its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def stop(self):
        if self._thread.is_alive() and self._stop is not None:
            self.loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(30)


def start_bot(app, stub, **options):
    """The Application for `app` polling `stub`, started; `options` go to build_application."""
    options = {
        "flood": (200, 60),
        "idle_check_seconds": 3600,
        "help_check_seconds": 3600,
        "reminder_check_seconds": 3600,
        "timeout": 5,
        **options,
    }
    return RunningBot(build_application(app, token=TOKEN, api_url=stub.url, **options)).start()


class School:
    """A small class: a group with its teacher, two pupils with goals (one highlighted, one current)."""

    def __init__(self):
        self.teacher = make_teacher(first_name="Anna")
        self.group = make_group(name="Groep 5a", teachers=[self.teacher])
        self.daan = make_pupil(groups=[self.group], first_name="Daan", last_name="Visser")
        self.sara = make_pupil(groups=[self.group], first_name="Sara", last_name="Bakker")
        self.breuken = make_goal(title="Ik kan breuken vergelijken", steps="Lees de uitleg\nMaak opdracht 1 tot 5")
        self.klok = make_goal(title="Ik kan klokkijken tot op de minuut")
        self.spelling = make_goal(title="Ik schrijf woorden met ei en ij goed")
        put_on_plan(self.daan, self.klok, "current")
        put_on_plan(self.daan, self.breuken, "highlighted")
        put_on_plan(self.sara, self.spelling, "highlighted")


def link(stub, chat_id, pupil):
    """Link `chat_id` to `pupil` the way a pupil does: a code from their page, then /start CODE."""
    code, _ = bot.new_link_code(pupil, pupil)
    answers = stub.ask(chat_id, f"/start {code}")
    assert "Gelukt" in answers.text, answers.text
    return answers


def link_device(stub, chat_id, teacher, group):
    code, _ = bot.new_device_code(teacher, group)
    answers = stub.ask(chat_id, f"/start {code}")
    assert "Gelukt" in answers.text, answers.text
    return answers
