"""The pupil bot end to end: the real python-telegram-bot Application against a stand-in Bot API."""
