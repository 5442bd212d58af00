"""Codes of the pupil bot: one-time link codes and printed pupil codes, and the errors that refuse them.

Codes are 8 characters from 32 letters and digits that cannot be mistaken for one another (about 10^12
possibilities); only their hash is stored. Wrong codes are slowed down and then blocked (see links.py and
devices.py), so guessing one is hopeless.
"""

import hashlib
import re
import secrets

from ..errors import DomainError

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
_NOT_CODE = re.compile(r"[^A-Z0-9]")


class LinkRefused(DomainError):
    """A link code was wrong, expired or used, or this chat must wait: `retry_after` seconds (0: try now)."""

    def __init__(self, message, retry_after=0):
        super().__init__(message)
        self.retry_after = retry_after


class DeviceRefused(DomainError):
    """A pupil code on a shared device was wrong, or the device must wait or is locked.

    `retry_after` is the number of seconds to wait, or None when the device is locked until a teacher unlocks
    it (`locked` is then True)."""

    def __init__(self, message, retry_after=0, locked=False):
        super().__init__(message)
        self.retry_after = retry_after
        self.locked = locked


def generate_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(code):
    """The code as typed ("abcd-efgh ", "/start ABCDEFGH") in its stored form, or None when it cannot be one."""
    if not isinstance(code, str) or len(code) > 64:
        return None
    cleaned = _NOT_CODE.sub("", code.upper())
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def looks_like_code(text):
    """True when `text` has the shape of a code (8 letters and digits, dashes and spaces aside)."""
    return normalise(text) is not None


def code_hash(kind, code):
    """The stored hash of a normalised code; `kind` ("link" or "pupil") keeps the two kinds apart."""
    return hashlib.sha256(f"doelpunt:{kind}:{code}".encode()).hexdigest()


def readable(code):
    """How a code is shown and printed: two groups of four ("ABCD-EFGH")."""
    return f"{code[:4]}-{code[4:]}"
