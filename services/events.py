"""What changed, announced to whoever listens (live pages, the chat layer, tests).

Services send these signals after their transaction commits; listeners must not write to the database
inside the sender's transaction. The web layer connects them to Socket.IO.
"""
from blinker import Namespace

_signals = Namespace()

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
#: sent with `request` (HelpRequest), `actor`: a pupil asked for help, or was helped
help_requests_changed = _signals.signal("help-requests-changed")
