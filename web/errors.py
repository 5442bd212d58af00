"""Error pages and the mapping of service errors to HTTP answers."""


def register(app):
    pass
