"""Admin views: users (being written)."""


def register(admin):
    pass
