"""What changed, announced to whoever listens (live pages, the chat layer, tests).

Every signal here is sent after the change is committed, however the sender is called: while the bound
database (`models.db`) is inside a transaction on this thread, `signal.send(None, **kwargs)` only queues
the signal; it goes out after the outermost commit, and is dropped when that transaction (or the savepoint
it was queued in) rolls back. Outside a transaction it goes out at once. So a service may send right after
its own `with db.atomic()` block, and a caller that wraps several services in one transaction (imports,
rollover, LAS sync) still announces only what was committed. The queue is peewee's per-connection
after-commit list (`Database.after_commit`; database.bind_database makes savepoint rollbacks drop their part).

Receivers run outside the sender's transaction and must not expect to be inside it; an exception in a
receiver is logged and never reaches the sender (the change is committed either way). The realtime package
connects these signals to Socket.IO.
"""

import functools
import logging

from blinker import NamedSignal, Namespace

import models

log = logging.getLogger(__name__)


class AfterCommitSignal(NamedSignal):
    """A blinker signal whose `send` waits for the bound database's outermost commit (see above)."""

    def send(self, *sender, **kwargs):
        database = models.db.obj
        if database is not None and database.in_transaction():
            try:
                database.after_commit(functools.partial(self._deliver, sender, kwargs))
                return []
            except ValueError:  # a manual-commit block: peewee cannot tell when it commits
                pass
        return self._deliver(sender, kwargs)

    def _deliver(self, sender, kwargs):
        """Call every receiver; one that fails is logged and the others still run."""
        sender = sender[0] if sender else None
        if self.is_muted:
            return []
        results = []
        for receiver in self.receivers_for(sender):
            try:
                results.append((receiver, receiver(sender, **kwargs)))
            except Exception:
                log.exception("receiver %r of signal %r failed", receiver, self.name)
        return results


class _Namespace(Namespace):
    def signal(self, name, doc=None):
        if name not in self:
            self[name] = AfterCommitSignal(name, doc)
        return self[name]


_signals = _Namespace()

#: sent with `plan_goals` (list of PlanGoal), `actor`, `channel`
statuses_changed = _signals.signal("statuses-changed")
#: sent with `pupils` (list of ids), `goals` (list of ids), `actor`
plans_changed = _signals.signal("plans-changed")
#: sent with `group`, `actor`
group_changed = _signals.signal("group-changed")
#: sent with `goal`, `actor`
curriculum_changed = _signals.signal("curriculum-changed")
#: sent with `message` (ChatMessage, with author loaded), `actor`
message_posted = _signals.signal("message-posted")
#: sent with `message` (ChatMessage), `actor`: a message was hidden (or shown again) by a teacher
message_hidden = _signals.signal("message-hidden")
#: sent with `room` (key), `user` (id): the user has read a chat further (their other tabs clear its count)
chat_read = _signals.signal("chat-read")
#: sent with `message` (ChatMessage), `actor`: a pupil marked an assignment done
assignment_done = _signals.signal("assignment-done")
#: sent with `request` (HelpRequest), `actor`: a pupil asked for help, or was helped
help_requests_changed = _signals.signal("help-requests-changed")
#: sent with `user` (id) and `epoch` (the user's new session epoch): every session of the user older than that
#: ended (sign-out, a password change or reset); open Socket.IO connections of those sessions are dropped
sessions_ended = _signals.signal("sessions-ended")
#: sent with `lesson` (id), `group` (id), `actor`: a lesson's goals, type or note changed (services.class_folder)
lesson_changed = _signals.signal("lesson-changed")
#: sent with `lesson` (id), `pupils` (list of ids), `actor`: attendance was set in a lesson
attendance_changed = _signals.signal("attendance-changed")
#: sent with `pupils` (list of ids), `week` (its Monday), `actor`: goals put on or taken off a week, or ticked
week_planning_changed = _signals.signal("week-planning-changed")
#: sent with `group` (id), `what` ("notes", "documents", "results", "exit_levels", "review", "agreements"),
#: `actor`: a group's notes, documents, analysis or review changed (issue 15)
group_cycle_changed = _signals.signal("group-cycle-changed")
#: sent with `pupil` (id), `part` (text, skills, ratings, evidence, reports, conversations), `actor`: a
#: pupil's portfolio changed
portfolio_changed = _signals.signal("portfolio-changed")
