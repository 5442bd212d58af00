"""Errors the services raise. Each carries a Dutch message that a screen can show as it is."""


class DomainError(Exception):
    """A rule was broken; nothing was written."""

    status_code = 400

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class PermissionDenied(DomainError):
    status_code = 403

    def __init__(self, message="Je hebt geen toegang tot dit onderdeel."):
        super().__init__(message)


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    """Someone else changed the same thing meanwhile, or it exists already."""

    status_code = 409
