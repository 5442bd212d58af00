"""Admin views: imports (being written)."""


def register(admin):
    pass
