"""Admin views: school (being written)."""


def register(admin):
    pass
